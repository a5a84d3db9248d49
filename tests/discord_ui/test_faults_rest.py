"""REST faults end to end: Discord's API fails, slows down or rate-limits the whole bot.

Time is scaled 20 times: the issue's 30 s burst of 500/502/503 lasts 1.5 s here, and
discord.py's own pauses before retrying a 500/502 (1, 3, 5, 7 s) become 0.05-0.35 s, so the
burst still outlasts discord.py's retries as a real 30 s outage does. The bot's own retry
policy is scaled by the same factor. The slowed route takes 0.5 s per request instead of
2 s. Announcements run on an injected clock: the test calls the scheduler's tick itself.
"""

from __future__ import annotations

import asyncio
import datetime as dt
from pathlib import Path
from typing import cast

import pytest

from bot.app import Core, build_core
from bot.discord_ui import replies as reply_module
from bot.discord_ui.cogs.announce import Announce
from bot.storage import SqliteStore

from .emulator import DiscordEmulator
from .faults import (
    WEEK_BEFORE,
    Clock,
    announce_everywhere,
    ask,
    dated_knowledge,
    fans,
    posts_in,
    replies_by_question,
    scale_discord_http_waits,
    wait_for_replies,
)
from .wick import running_wickbot, settings_for

SCALE = 20.0


def scale_waits(monkeypatch: pytest.MonkeyPatch) -> None:
    """discord.py's HTTP retry pauses and the bot's resend delays, :data:`SCALE` times shorter."""
    scale_discord_http_waits(monkeypatch, SCALE)
    delays = tuple(d / SCALE for d in reply_module.RESEND_DELAYS)
    monkeypatch.setattr(reply_module, "RESEND_DELAYS", delays)


async def test_a_5xx_burst_then_recovery_loses_and_doubles_nothing(
    discord_emulator: DiscordEmulator, core: Core, monkeypatch: pytest.MonkeyPatch
) -> None:
    emu = discord_emulator
    guild = emu.add_guild("Continental", channels=["general"])
    other = emu.add_guild("High Table", channels=["general"])
    users = fans(emu, 6)
    for user in users:
        emu.add_member(guild.id, user)
        emu.add_member(other.id, user)
    general = guild.channel_id("general")
    scale_waits(monkeypatch)
    async with running_wickbot(emu, core):
        burst = emu.error_burst(30 / SCALE, (500, 502, 503), method="POST")
        during = [await ask(emu, guild, user, "who plays winston?") for user in users[:3]]
        elsewhere = [await ask(emu, other, users[3], "who directed chapter 4")]
        replies = await wait_for_replies(emu, general, during, timeout=10)
        await wait_for_replies(emu, other.channel_id("general"), elsewhere, timeout=10)
        assert burst.hits >= 4  # the outage was felt
        after = [await ask(emu, guild, user, "who plays charon") for user in users[4:]]
        replies = await wait_for_replies(emu, general, during + after)

    assert set(replies) == set(during + after)
    assert all(count == 1 for count in replies.values()), replies
    assert replies_by_question(emu, general) == replies


async def test_a_slowed_route_delays_only_its_channel(
    discord_emulator: DiscordEmulator, core: Core
) -> None:
    emu = discord_emulator
    slow_guild = emu.add_guild("Slow", channels=["general"])
    fast_guild = emu.add_guild("Fast", channels=["general"])
    users = fans(emu, 4)
    for user in users:
        emu.add_member(slow_guild.id, user)
        emu.add_member(fast_guild.id, user)
    slow_channel = slow_guild.channel_id("general")
    fast_channel = fast_guild.channel_id("general")
    async with running_wickbot(emu, core):
        slow = emu.slow_route("POST", rf"/channels/{slow_channel}/messages", 2.0 / 4)
        slow_questions = [await ask(emu, slow_guild, u, "who plays winston?") for u in users[:2]]
        fast_question = await ask(emu, fast_guild, users[2], "who plays charon?")
        await wait_for_replies(emu, fast_channel, [fast_question])
        assert not replies_by_question(emu, slow_channel)  # still on their way
        slow_replies = await wait_for_replies(emu, slow_channel, slow_questions)
        slow.end()
        again = await ask(emu, slow_guild, users[3], "who directed chapter 4")
        slow_replies = await wait_for_replies(emu, slow_channel, [*slow_questions, again])

    assert slow.hits == 2
    assert dict(slow_replies) == {q: 1 for q in [*slow_questions, again]}
    assert dict(replies_by_question(emu, fast_channel)) == {fast_question: 1}


async def test_a_global_429_delays_posts_and_answers_but_loses_and_doubles_none(
    discord_emulator: DiscordEmulator, tmp_path: Path
) -> None:
    emu = discord_emulator
    guilds = [emu.add_guild(f"Server {i}", channels=["general", "countdown"]) for i in range(6)]
    users = fans(emu, 4)
    for user in users:
        emu.add_member(guilds[0].id, user)
    clock = Clock(WEEK_BEFORE - dt.timedelta(minutes=1))
    settings = settings_for(emu, tmp_path, knowledge_dir=dated_knowledge(tmp_path))
    core = build_core(settings, clock=clock, store=SqliteStore(settings.sqlite_path))
    await announce_everywhere(emu, core, guilds)
    try:
        async with running_wickbot(emu, core) as bot:
            announcer = cast(Announce, bot.get_cog("Announce")).announcer
            await announcer.tick()  # nothing due yet
            clock.now = WEEK_BEFORE + dt.timedelta(seconds=1)
            window = emu.global_429(0.5)
            tick = asyncio.create_task(announcer.tick())
            during = [await ask(emu, guilds[0], u, "who plays winston?") for u in users[:2]]
            report = await tick
            replies = await wait_for_replies(emu, guilds[0].channel_id("general"), during)
            assert window.hits >= 1 and not window.active
            clock.now += dt.timedelta(minutes=1)
            again = await announcer.tick()
            after = await ask(emu, guilds[0], users[2], "who plays charon?")
            replies = await wait_for_replies(emu, guilds[0].channel_id("general"), [*during, after])
    finally:
        await core.store.close()

    assert len(report.sent) == len(guilds) and not report.failed
    assert not again.sent and not again.failed
    assert [posts_in(emu, g.channel_id("countdown")) for g in guilds] == [1] * len(guilds)
    assert dict(replies) == {q: 1 for q in [*during, after]}
    assert emu.rate_limited_count == window.hits


def answered_ok(emu: DiscordEmulator, channel_id: int) -> set[int]:
    """Questions whose reply the bot saw succeed (a 200 to its POST)."""
    found = set()
    for request in emu.find_requests("POST", rf"/channels/{channel_id}/messages", status=200):
        reference = (request.json or {}).get("message_reference") or {}
        if reference.get("message_id"):
            found.add(int(reference["message_id"]))
    return found


async def test_a_5xx_after_the_message_was_posted_is_not_posted_twice(
    discord_emulator: DiscordEmulator, core: Core, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Discord took the message but the answer was lost: every retry carries the same nonce."""
    emu = discord_emulator
    guild = emu.add_guild("Continental", channels=["general"])
    users = fans(emu, 4)
    for user in users:
        emu.add_member(guild.id, user)
    general = guild.channel_id("general")
    scale_waits(monkeypatch)
    async with running_wickbot(emu, core):
        burst = emu.error_burst(
            30 / SCALE,
            (500, 502, 503),
            method="POST",
            path=r"/channels/\d+/messages",
            after_processing=True,
        )
        during = [await ask(emu, guild, user, "who plays winston?") for user in users[:3]]
        await wait_for_replies(emu, general, during, timeout=10)
        while burst.active:  # let the retries run into the end of the outage
            await asyncio.sleep(0.05)
        after = [await ask(emu, guild, users[3], "who plays charon")]
        replies = await wait_for_replies(emu, general, during + after)
        await emu.wait_until(
            lambda: True if answered_ok(emu, general) >= set(during + after) else None,
            timeout=10,
            what="a 200 to the bot for every question (its retries are over)",
        )

    assert burst.hits >= 3 and emu.rest.nonce_repeats >= 1  # retried after it was posted
    assert dict(replies) == {q: 1 for q in during + after}
