"""``!settings``: the prefix form of ``/settings``, on the emulator."""

from __future__ import annotations

import pytest

from bot.app import Core
from bot.storage import AnswerMode

from .emulator import DiscordEmulator, Guild, Perm, User
from .wick import running_wickbot

REFUSAL = "You need the Manage Server permission for that."


@pytest.fixture
def admin(discord_emulator: DiscordEmulator) -> User:
    return discord_emulator.add_user("admin")


@pytest.fixture
def guild(discord_emulator: DiscordEmulator, admin: User) -> Guild:
    emu = discord_emulator
    guild = emu.add_guild(
        "Continental",
        channels=["general", "questions"],
        members=[emu.tester, admin],
        roles={"Admins": Perm.MANAGE_GUILD},
    )
    emu.add_member(guild.id, admin, roles=[guild.role_id("Admins")])
    return guild


async def say(emu: DiscordEmulator, channel_id: int, user: User, text: str) -> str:
    """Send ``text`` as ``user``; the content of the bot's reply."""
    mark = emu.mark()
    await emu.send_message(channel_id, text, author=user)
    reply = await emu.wait_for_request("POST", rf"/channels/{channel_id}/messages", after=mark)
    return str(reply.json["content"])


async def test_settings_work_as_prefix_commands(
    discord_emulator: DiscordEmulator, guild: Guild, admin: User, core: Core
) -> None:
    emu = discord_emulator
    general, questions = guild.channel_id("general"), guild.channel_id("questions")
    async with running_wickbot(emu, core):  # five commands: the per-user cooldown allows five
        mode = await say(emu, general, admin, "!settings answer-mode channels")
        marked = await say(emu, general, admin, f"!settings qa-channel <#{questions}>")
        shown = await say(emu, general, admin, "!settings")  # alone: the same as show
        unmarked = await say(emu, general, admin, f"!settings qa-channel <#{questions}> off")
        wrong = await say(emu, general, admin, "!settings answer-mode sometimes")

    assert mode.startswith("Answer mode: **channels**")
    assert marked == f"<#{questions}> is now a Q&A channel."
    assert shown == (
        "Answer mode: **channels**, also every question in this server's Q&A channels.\n"
        f"Q&A channels: <#{questions}>"
    )
    assert unmarked == f"<#{questions}> is no longer a Q&A channel."
    assert wrong.startswith("Unknown answer mode 'sometimes'")
    settings = await core.store.guild_settings(guild.id)
    assert settings.answer_mode is AnswerMode.CHANNELS and settings.qa_channels == frozenset()


async def test_prefix_settings_need_manage_server(
    discord_emulator: DiscordEmulator, guild: Guild, core: Core
) -> None:
    emu = discord_emulator
    general = guild.channel_id("general")
    async with running_wickbot(emu, core):
        refused = await say(emu, general, emu.tester, "!settings answer-mode mention")
        shown = await say(emu, general, emu.tester, "!settings show")

    assert refused == shown == REFUSAL
    assert (await core.store.guild_settings(guild.id)).answer_mode is AnswerMode.AUTO
