"""Helpers for running the real Wickbot against the emulator."""

from __future__ import annotations

import contextlib
import datetime as dt
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

from bot.app import Core, build_core
from bot.discord_ui.client import WickBot
from bot.settings import Settings
from bot.storage.sqlite import SqliteStore
from tests.conftest import KNOWLEDGE

from .emulator import DiscordEmulator, RecordedRequest, running_client

NOW = dt.datetime(2026, 11, 25, tzinfo=dt.UTC)
TIMEOUT = 5.0
#: Requests that post or edit a message (their bodies carry ``allowed_mentions``).
SENDING = (
    ("POST", r"/channels/\d+/messages"),
    ("POST", r"/interactions/\d+/[^/]+/callback"),
    ("POST", r"/webhooks/\d+/[^/]+"),
    ("PATCH", r"/channels/\d+/messages/\d+"),
    ("PATCH", r"/webhooks/\d+/[^/]+/messages/[^/]+"),
)


def settings_for(emu: DiscordEmulator, tmp_path: Path, **overrides: Any) -> Settings:
    """Settings pointing at the emulator, with the data directory in ``tmp_path``."""
    values: dict[str, Any] = {
        "discord_token": emu.valid_token,
        "discord_api_base": emu.rest_base,
        "discord_gateway_url": emu.gateway_url,
        "knowledge_dir": KNOWLEDGE,
        "data_dir": tmp_path,
        **overrides,
    }
    return Settings(_env_file=None, **values)  # type: ignore[call-arg]


def make_core(emu: DiscordEmulator, tmp_path: Path, **overrides: Any) -> Core:
    """The application core as production builds it, with a fixed clock."""
    settings = settings_for(emu, tmp_path, **overrides)
    return build_core(settings, clock=lambda: NOW, store=SqliteStore(settings.sqlite_path))


@contextlib.asynccontextmanager
async def running_wickbot(
    emu: DiscordEmulator, core: Core, *, sync: bool = False, **options: Any
) -> AsyncIterator[WickBot]:
    """Wickbot connected to the emulator; ``sync`` registers its slash commands first.

    Afterwards, checks that nothing Wickbot sent or edited allowed a single mention.
    """
    bot = WickBot(core, guild_ready_timeout=0.05, **options)
    async with running_client(bot, emu):
        if sync:
            await bot.tree.sync()
        yield bot
    assert_no_pings(emu)


def sends(emu: DiscordEmulator, after: int = 0) -> list[RecordedRequest]:
    """Every request that posted or edited a message, from index ``after`` on."""
    found: list[RecordedRequest] = []
    for method, path in SENDING:
        found += emu.find_requests(method, path, after=after)
    return sorted(found, key=lambda r: r.index)


def assert_no_pings(emu: DiscordEmulator, roles: frozenset[int] = frozenset()) -> None:
    """Every message Wickbot sent or edited allowed no mentions at all.

    The one exception: a channel post may allow a single role out of ``roles`` (the role an
    admin chose for countdown announcements).
    """
    for request in sends(emu):
        body = request.json or {}
        data = body.get("data", body) if "type" in body else body
        if not isinstance(data, dict) or not ({"content", "embeds"} & data.keys()):
            continue
        allowed = data.get("allowed_mentions")
        assert allowed is not None, f"no allowed_mentions in {request.method} {request.path}"
        assert allowed.get("parse") == [], allowed
        assert not allowed.get("users") and not allowed.get("replied_user"), allowed
        allowed_roles = set(allowed.get("roles") or [])
        if allowed_roles:
            assert request.method == "POST" and request.path.startswith("/channels/")
            assert len(allowed_roles) == 1 and allowed_roles <= roles, allowed
