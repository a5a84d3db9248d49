"""A local emulation of Discord's gateway and REST API for tests of discord.py bots.

Typical use (the ``discord_emulator`` fixture in ``conftest.py`` does the first two lines)::

    async with DiscordEmulator() as emu:
        with point_discord_py_at(emu):
            guild = emu.add_guild("Continental", channels=["general"])
            async with running_client(bot, emu):
                mark = emu.mark()
                await emu.send_message(guild.channel_id("general"), "!ping")
                reply = await emu.wait_for_request(
                    "POST", rf"/channels/{guild.channel_id('general')}/messages", after=mark
                )
"""

from .client import point_discord_py_at, running_client
from .config import EmulatorConfig
from .core import DiscordEmulator
from .faults import ErrorBurst, GlobalLimit, SlowRoute, Window
from .gateway import Dispatched
from .http_util import RecordedFile, RecordedRequest
from .state import (
    ALL_PERMISSIONS,
    DEFAULT_EVERYONE_PERMISSIONS,
    Channel,
    Guild,
    Intent,
    InteractionRecord,
    Member,
    Overwrite,
    Perm,
    Role,
    User,
)
from .waiting import EmulatorTimeout

__all__ = [
    "ALL_PERMISSIONS",
    "DEFAULT_EVERYONE_PERMISSIONS",
    "Channel",
    "DiscordEmulator",
    "Dispatched",
    "EmulatorConfig",
    "EmulatorTimeout",
    "ErrorBurst",
    "GlobalLimit",
    "Guild",
    "Intent",
    "InteractionRecord",
    "Member",
    "Overwrite",
    "Perm",
    "RecordedFile",
    "RecordedRequest",
    "Role",
    "SlowRoute",
    "User",
    "Window",
    "point_discord_py_at",
    "running_client",
]
