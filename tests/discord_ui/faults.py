"""Shared helpers for the end-to-end fault tests (``test_faults_*.py``)."""

from __future__ import annotations

import asyncio
import collections
import contextlib
import datetime as dt
import shutil
from collections.abc import AsyncIterator, Callable
from pathlib import Path
from typing import Any

import discord
import pytest

from tests.conftest import KNOWLEDGE

from .emulator import DiscordEmulator, Guild, User

#: Chapter 5's release date in the private knowledge copy of the announcement tests.
RELEASE = dt.date(2027, 5, 21)


class Clock:
    """A clock the test moves by hand."""

    def __init__(self, now: dt.datetime) -> None:
        self.now = now

    def __call__(self) -> dt.datetime:
        return self.now


def dated_knowledge(tmp_path: Path) -> Path:
    """A copy of the knowledge in which Chapter 5 comes out on :data:`RELEASE`."""
    copy = tmp_path / "knowledge"
    shutil.copytree(KNOWLEDGE, copy)
    chapter5 = copy / "works" / "chapter-5.yaml"
    text = chapter5.read_text(encoding="utf-8")
    assert 'date: "TBA"' in text
    chapter5.write_text(text.replace('date: "TBA"', f'date: "{RELEASE}"'), encoding="utf-8")
    return copy


def fans(emu: DiscordEmulator, count: int, prefix: str = "fan") -> list[User]:
    """``count`` users: one question each, so the per-user cooldown never applies."""
    return [emu.add_user(f"{prefix}{i}") for i in range(count)]


def replies_by_question(emu: DiscordEmulator, channel_id: int) -> collections.Counter[int]:
    """How many successful replies each message in ``channel_id`` got (by referenced id)."""
    found: collections.Counter[int] = collections.Counter()
    for message in emu.world.messages.values():
        if message["channel_id"] != str(channel_id) or message["author"]["id"] != str(emu.bot.id):
            continue
        reference = message.get("message_reference") or {}
        if reference.get("message_id"):
            found[int(reference["message_id"])] += 1
    return found


async def ask(emu: DiscordEmulator, guild: Guild, user: User, text: str) -> int:
    """Send ``text`` mentioning the bot in ``guild``'s #general; the message id."""
    message = await emu.send_message(
        guild.channel_id("general"), f"<@{emu.bot.id}> {text}", author=user
    )
    return int(message["id"])


async def wait_for_replies(
    emu: DiscordEmulator, channel_id: int, question_ids: list[int], *, timeout: float = 10.0
) -> collections.Counter[int]:
    """Wait until every question in ``question_ids`` has at least one reply."""
    wanted = set(question_ids)

    def probe() -> collections.Counter[int] | None:
        replies = replies_by_question(emu, channel_id)
        return replies if wanted <= set(replies) else None

    return await emu.wait_until(probe, timeout=timeout, what=f"replies to {len(wanted)} questions")


def no_identify_wait(bot: discord.Client) -> None:
    """Skip discord.py's 5 s pause before a re-IDENTIFY (Discord's IDENTIFY rate limit).

    Only the length of the pause changes: the client still drops the session and IDENTIFYs.
    """

    async def hook(shard_id: int | None, *, initial: bool = False) -> None:
        await asyncio.sleep(0)

    bot.before_identify_hook = hook  # type: ignore[method-assign]


class ScaledAsyncio:
    """``asyncio`` with ``sleep`` shortened ``factor`` times (for discord.py's own waits)."""

    def __init__(self, factor: float) -> None:
        self._factor = factor

    def __getattr__(self, name: str) -> Any:
        return getattr(asyncio, name)

    async def sleep(self, delay: float, result: Any = None) -> Any:
        return await asyncio.sleep(delay / self._factor, result)


def scale_discord_http_waits(monkeypatch: pytest.MonkeyPatch, factor: float) -> None:
    """Make discord.py's HTTP pauses (1, 3, 5, 7 s after a 5xx; 429 waits) ``factor`` x shorter."""
    import discord.http

    monkeypatch.setattr(discord.http, "asyncio", ScaledAsyncio(factor))


@contextlib.asynccontextmanager
async def loop_lag() -> AsyncIterator[Callable[[], float]]:
    """Measure the event loop's longest stall (seconds) while the block runs."""
    worst = [0.0]
    loop = asyncio.get_running_loop()

    async def probe() -> None:
        while True:
            started = loop.time()
            await asyncio.sleep(0.01)
            worst[0] = max(worst[0], loop.time() - started - 0.01)

    task = asyncio.create_task(probe())
    try:
        yield lambda: worst[0]
    finally:
        task.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await task


#: 18:30 in London (BST) a week before :data:`RELEASE`: the "one week to go" post is due.
WEEK_BEFORE = dt.datetime(2027, 5, 14, 17, 30, tzinfo=dt.UTC)
#: When announcements were set up in these tests.
SET_UP_AT = dt.datetime(2027, 5, 1, 12, tzinfo=dt.UTC)


async def announce_everywhere(emu: DiscordEmulator, core: Any, guilds: list[Guild]) -> None:
    """Countdown posts at 18:30 London time into each guild's #countdown, since SET_UP_AT."""
    from bot.storage import AnnouncementConfig

    for guild in guilds:
        await core.store.save_announcement(
            AnnouncementConfig(
                guild_id=guild.id,
                channel_id=guild.channel_id("countdown"),
                local_time=dt.time(18, 30),
                timezone="Europe/London",
                created_at=SET_UP_AT,
            )
        )


def posts_in(emu: DiscordEmulator, channel_id: int) -> int:
    """How many messages the bot has in ``channel_id`` (what users see)."""
    bot = str(emu.bot.id)
    return sum(
        m["channel_id"] == str(channel_id) and m["author"]["id"] == bot
        for m in emu.world.messages.values()
    )
