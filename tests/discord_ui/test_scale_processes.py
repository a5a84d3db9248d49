"""Two Wickbot processes (SHARD_COUNT=2, SHARD_IDS 0 and 1) on the emulator and a real
PostgreSQL: questions answered once, announcements posted once at the due minute and once
after downtime, and nothing lost or doubled when one process is killed mid-burst.

Each process is ``scale_harness.py``: production ``serve()`` with a clock read from a file
(the test moves time by rewriting it) and a fast announcement loop.
"""

from __future__ import annotations

import asyncio
import contextlib
import datetime as dt
import os
import shutil
import signal
import sys
from collections import Counter
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import pytest

from bot.shards import shard_of
from bot.storage import AnnouncementConfig
from bot.storage.postgres import PostgresStore
from tests.conftest import KNOWLEDGE, ROOT
from tests.discord_ui.scale_harness import write_clock

from .emulator import DiscordEmulator, Guild, Perm, User

RELEASE = dt.date(2027, 5, 21)
#: 18:30 in London (BST): the one-week post is due at 17:30 UTC on May 14.
WEEK_BEFORE = dt.datetime(2027, 5, 14, 17, 30, tzinfo=dt.UTC)
THREE_DAYS_BEFORE = WEEK_BEFORE + dt.timedelta(days=4)
SET_UP_AT = WEEK_BEFORE - dt.timedelta(hours=2)
TICK = "0.25"  # seconds between announcement ticks in the harness
START_TIMEOUT = 30.0
WAIT = 8.0


@pytest.fixture
def knowledge(tmp_path: Path) -> Path:
    """The knowledge base with a release date for Chapter 5."""
    copy = tmp_path / "knowledge"
    shutil.copytree(KNOWLEDGE, copy)
    chapter5 = copy / "works" / "chapter-5.yaml"
    text = chapter5.read_text(encoding="utf-8")
    chapter5.write_text(text.replace('date: "TBA"', f'date: "{RELEASE}"'), encoding="utf-8")
    return copy


class Fleet:
    """The two bot processes of one deployment, started and stopped by the test."""

    def __init__(self, emu: DiscordEmulator, url: str, knowledge: Path, tmp: Path) -> None:
        self.emu, self.url, self.knowledge, self.tmp = emu, url, knowledge, tmp
        self.clock = tmp / "clock.txt"
        self.processes: dict[int, asyncio.subprocess.Process] = {}
        self.starts = 0

    def env(self, shard: int) -> dict[str, str]:
        return {
            **os.environ,
            "PYTHONPATH": str(ROOT),
            "DISCORD_TOKEN": self.emu.valid_token,
            "DISCORD_API_BASE": self.emu.rest_base,
            "DISCORD_GATEWAY_URL": self.emu.gateway_url,
            "KNOWLEDGE_DIR": str(self.knowledge),
            "DATA_DIR": str(self.tmp / "data"),
            "DATABASE_URL": self.url,
            "SHARD_COUNT": "2",
            "SHARD_IDS": str(shard),
            "LOG_LEVEL": "INFO",
        }

    async def start(self, *shards: int) -> None:
        """Start the processes of ``shards`` and wait until each is ready."""
        logs = []
        for shard in shards:
            self.starts += 1
            path = self.tmp / f"shard{shard}-{self.starts}.log"
            logs.append(path)
            log = open(path, "wb")  # noqa: SIM115
            self.processes[shard] = await asyncio.create_subprocess_exec(
                sys.executable,
                "-m",
                "tests.discord_ui.scale_harness",
                str(self.clock),
                TICK,
                cwd=self.tmp,  # no stray .env
                env=self.env(shard),
                stdout=log,
                stderr=log,
            )
            log.close()
        ready = "wickbot.discord: connected as"
        await until(
            lambda: all(ready in p.read_text(errors="replace") for p in logs),
            "the processes to be ready",
            self,
            START_TIMEOUT,
        )

    async def stop(self, shard: int, *, kill: bool = False) -> int:
        """SIGTERM (or SIGKILL) one process; its exit code."""
        process = self.processes.pop(shard)
        process.send_signal(signal.SIGKILL if kill else signal.SIGTERM)
        return await asyncio.wait_for(process.wait(), START_TIMEOUT)

    async def stop_all(self) -> None:
        for shard in list(self.processes):
            with contextlib.suppress(ProcessLookupError):
                await self.stop(shard)

    def logs(self) -> str:
        return "\n".join(p.read_text(errors="replace") for p in sorted(self.tmp.glob("*.log")))


@pytest.fixture
async def fleet(
    discord_emulator: DiscordEmulator, postgres_url: str, knowledge: Path, tmp_path: Path
) -> AsyncIterator[Fleet]:
    made = Fleet(discord_emulator, postgres_url, knowledge, tmp_path)
    write_clock(made.clock, SET_UP_AT)
    discord_emulator.rest.max_concurrency = 2  # shards 0 and 1 identify in separate buckets
    try:
        yield made
    finally:
        await made.stop_all()


def spread_guilds(emu: DiscordEmulator, count: int) -> list[tuple[Guild, User]]:
    """``count`` servers on alternating shards, each with its own admin (Manage Server): one
    user per server keeps each under the per-user cooldown."""
    made = []
    for i in range(count):
        admin = emu.add_user(f"admin {i}")
        emu.world.snowflake.on_shard(i % 2, 2)  # the guild's id, whatever the clock does
        guild = emu.add_guild(
            f"Server {i}",
            channels=["general", "countdown"],
            members=[admin],
            roles={"Admins": Perm.MANAGE_GUILD},
        )
        emu.add_member(guild.id, admin, roles=[guild.role_id("Admins")])
        made.append((guild, admin))
    assert [shard_of(g.id, 2) for g, _ in made] == [i % 2 for i in range(count)]
    return made


def bot_messages(emu: DiscordEmulator, channel_id: int) -> list[dict[str, Any]]:
    """The bot's messages that really are in a channel (what its readers see)."""
    bot = str(emu.bot.id)
    return [
        m
        for m in emu.world.messages.values()
        if m["channel_id"] == str(channel_id) and m["author"]["id"] == bot
    ]


async def until(condition: Any, what: str, fleet: Fleet, timeout: float = WAIT) -> None:
    """Poll ``condition()`` until true; on timeout fail with the processes' logs."""
    try:
        async with asyncio.timeout(timeout):
            while not condition():
                await asyncio.sleep(0.05)
    except TimeoutError:
        emu = fleet.emu
        recent = [(r.method, r.path, r.status) for r in emu.requests[-8:]]
        events = [(d.event, d.session_id[:6], d.live) for d in emu.gateway.dispatched[-8:]]
        pytest.fail(f"timed out waiting for {what}\n{recent}\n{events}\n{fleet.logs()[-6000:]}")


def busiest_second(emu: DiscordEmulator) -> int:
    """The most requests counted against the global limit in any one-second window."""
    times = sorted(
        r.at for r in emu.requests if not r.path.startswith(("/interactions/", "/webhooks/"))
    )
    most, first = 0, 0
    for last, at in enumerate(times):
        while at - times[first] >= 1.0:
            first += 1
        most = max(most, last - first + 1)
    return most


async def test_two_shards_answer_once_and_announce_once_also_after_downtime(
    discord_emulator: DiscordEmulator, fleet: Fleet
) -> None:
    emu = discord_emulator
    servers = spread_guilds(emu, 40)
    guilds = [g for g, _ in servers]
    await fleet.start(0, 1)
    assert sorted(s for _, s in emu.gateway.identified_at) == [[0, 2], [1, 2]]

    # every question answered exactly once, by the process of its server's shard
    for guild, admin in servers:
        question = f"<@{emu.bot.id}> who plays winston?"
        await emu.send_message(guild.channel_id("general"), question, author=admin)
    general = [g.channel_id("general") for g in guilds]
    await until(lambda: all(bot_messages(emu, c) for c in general), "40 answers", fleet)

    # !announce setup in every server
    for guild, admin in servers:
        countdown = guild.channel_id("countdown")
        text = f"!announce setup <#{countdown}> 18:30 Europe/London"
        await emu.send_message(guild.channel_id("general"), text, author=admin)
    await until(lambda: all(len(bot_messages(emu, c)) == 2 for c in general), "setups", fleet)
    await asyncio.sleep(0.5)  # a second answer to anything would show now
    for channel in general:
        answer, setup = bot_messages(emu, channel)
        assert answer["content"].startswith("Winston Scott is played by")
        assert "Countdown announcements are on" in setup["content"]

    # the due minute: every server gets its post exactly once
    countdowns = [g.channel_id("countdown") for g in guilds]
    write_clock(fleet.clock, WEEK_BEFORE + dt.timedelta(seconds=5))
    await until(lambda: all(bot_messages(emu, c) for c in countdowns), "40 posts", fleet)
    await asyncio.sleep(1.0)  # several more ticks of both processes
    assert [len(bot_messages(emu, c)) for c in countdowns] == [1] * 40

    # both down for four days; restarted two hours after the three-days post
    assert [await fleet.stop(0), await fleet.stop(1)] == [0, 0]
    write_clock(fleet.clock, THREE_DAYS_BEFORE + dt.timedelta(hours=2))
    await fleet.start(0, 1)
    await until(lambda: all(len(bot_messages(emu, c)) == 2 for c in countdowns), "catch-up", fleet)
    await asyncio.sleep(1.0)
    for channel in countdowns:
        week, three = bot_messages(emu, channel)
        assert "One week to go" in str(week) and "Three days to go" in str(three)
    assert emu.rest.nonce_repeats == 0  # nothing was even attempted twice
    assert busiest_second(emu) < 50, busiest_second(emu)


async def test_a_process_killed_mid_burst_loses_and_doubles_nothing(
    discord_emulator: DiscordEmulator, fleet: Fleet
) -> None:
    emu = discord_emulator
    guilds = [g for g, _ in spread_guilds(emu, 200)]
    async with PostgresStore(fleet.url) as store:
        for guild in guilds:
            await store.save_announcement(
                AnnouncementConfig(
                    guild_id=guild.id,
                    channel_id=guild.channel_id("countdown"),
                    local_time=dt.time(18, 30),
                    timezone="Europe/London",
                    created_at=SET_UP_AT,
                )
            )
    await fleet.start(0, 1)
    victims = [g.channel_id("countdown") for g in guilds if shard_of(g.id, 2) == 0]
    countdowns = [g.channel_id("countdown") for g in guilds]

    write_clock(fleet.clock, WEEK_BEFORE + dt.timedelta(seconds=5))  # 200 posts due now
    posted = lambda: sum(1 for c in victims if bot_messages(emu, c))  # noqa: E731
    await until(lambda: posted() >= 15, "the burst to be under way", fleet)
    assert await fleet.stop(0, kill=True) == -signal.SIGKILL
    killed_at = posted()
    assert killed_at < len(victims), "the burst ended before the kill"

    # restarted a little later: past the lease of the claims it left unconfirmed
    write_clock(fleet.clock, WEEK_BEFORE + dt.timedelta(minutes=3))
    await fleet.start(0)
    await until(lambda: all(bot_messages(emu, c) for c in countdowns), "every post", fleet)
    await asyncio.sleep(1.0)
    counts = Counter(len(bot_messages(emu, c)) for c in countdowns)
    assert counts == Counter({1: 200}), counts  # 0 lost, 0 duplicates
    assert busiest_second(emu) < 50, busiest_second(emu)
