"""Two sharded Wickbots (SHARD_COUNT=2, SHARD_IDS 0 and 1) on one emulator and one database.

The emulator routes each guild's events to its shard's session, as Discord does, so a
question answered by both processes would show as two replies.
"""

from __future__ import annotations

import asyncio
import contextlib
import datetime as dt
from collections.abc import AsyncIterator
from pathlib import Path

from bot.app import Core, build_core
from bot.discord_ui.client import WickBot
from bot.discord_ui.sharding import ShardedWickBot, make_bot, wait_for_identify_turn
from bot.discord_ui.throttle import RATE
from bot.shards import shard_of
from bot.storage import SqliteStore

from .emulator import DiscordEmulator, Guild, running_client
from .wick import NOW, assert_no_pings, settings_for

GUILDS = 8


def spread_guilds(emu: DiscordEmulator, count: int) -> list[Guild]:
    """Guilds on alternating shards of two, exactly: then neither shard gets more questions
    from the tester (its servers, and the DM on shard 0) than the per-user cooldown lets
    through, which would silence one (a ⏳ instead of an answer)."""
    assert count // 2 + 1 <= RATE
    guilds = []
    for i in range(count):
        emu.world.snowflake.on_shard(i % 2, 2)
        guilds.append(emu.add_guild(f"Server {i}", channels=["general"]))
    assert [shard_of(g.id, 2) for g in guilds] == [i % 2 for i in range(count)]
    return guilds


def shard_core(emu: DiscordEmulator, tmp_path: Path, shard: int) -> Core:
    settings = settings_for(emu, tmp_path, shard_count=2, shard_ids=str(shard))
    return build_core(settings, clock=lambda: NOW, store=SqliteStore(settings.sqlite_path))


@contextlib.asynccontextmanager
async def two_shards(emu: DiscordEmulator, tmp_path: Path) -> AsyncIterator[list[WickBot]]:
    cores = [shard_core(emu, tmp_path, shard) for shard in (0, 1)]
    bots = [make_bot(core, guild_ready_timeout=0.05) for core in cores]
    try:
        async with running_client(bots[0], emu), running_client(bots[1], emu):
            yield bots
    finally:
        for core in cores:
            await core.close()
    assert_no_pings(emu)


async def test_each_process_gets_only_its_shards_servers_and_answers_them_once(
    discord_emulator: DiscordEmulator, tmp_path: Path
) -> None:
    emu = discord_emulator
    emu.rest.max_concurrency = 2  # shards 0 and 1 in different IDENTIFY buckets: no wait
    guilds = spread_guilds(emu, GUILDS)
    async with two_shards(emu, tmp_path) as bots:
        assert all(isinstance(b, ShardedWickBot) for b in bots)
        for shard, bot in enumerate(bots):
            assert {g.id for g in bot.guilds} == {
                g.id for g in guilds if shard_of(g.id, 2) == shard
            }
        mark = emu.mark()
        for guild in guilds:
            await emu.send_message(
                guild.channel_id("general"), f"<@{emu.bot.id}> who plays winston?"
            )
        dm = emu.dm_channel(emu.tester)
        await emu.send_message(dm.id, "who plays charon?")
        # a bound, not a timing check: under load two client processes may take a while
        async with asyncio.timeout(30):
            while (
                len(emu.find_requests("POST", r"/channels/\d+/messages", after=mark)) < GUILDS + 1
            ):
                await asyncio.sleep(0.01)
        await asyncio.sleep(0.2)  # a duplicate answer would arrive now
    replies = emu.find_requests("POST", r"/channels/\d+/messages", after=mark)
    channels = sorted(r.path for r in replies)
    expected = sorted(
        [f"/channels/{g.channel_id('general')}/messages" for g in guilds]
        + [f"/channels/{dm.id}/messages"]
    )
    assert channels == expected  # every question answered, exactly once
    assert sorted(s for _, s in emu.gateway.identified_at) == [[0, 2], [1, 2]]


async def test_an_unsharded_process_is_a_plain_bot(
    discord_emulator: DiscordEmulator, tmp_path: Path
) -> None:
    settings = settings_for(discord_emulator, tmp_path)
    core = build_core(settings, clock=lambda: NOW, store=SqliteStore(settings.sqlite_path))
    bot = make_bot(core)
    try:
        assert type(bot) is WickBot and bot.shard_count is None
    finally:
        await bot.close()
        await core.close()


async def test_identify_turns_are_five_seconds_apart_across_processes(tmp_path: Path) -> None:
    path = tmp_path / "shared.sqlite3"
    now = [dt.datetime(2027, 5, 14, 12, tzinfo=dt.UTC)]
    waits: list[float] = []

    async def sleep(seconds: float) -> None:
        waits.append(seconds)
        now[0] += dt.timedelta(seconds=seconds)

    async with SqliteStore(path) as one, SqliteStore(path) as two:
        for store in (one, two, one):
            await wait_for_identify_turn(store, 0, clock=lambda: now[0], sleep=sleep)
        await wait_for_identify_turn(two, 1, clock=lambda: now[0], sleep=sleep)  # other bucket
    assert waits == [5.0, 5.0]
