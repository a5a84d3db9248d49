"""Scale-out figures: many servers over 4 shards in 2 processes on PostgreSQL, printed.

    python benchmarks/bench_scale.py [--servers 10000] [--deliver 10000]

Starts a private PostgreSQL (Debian's binaries, as the tests do), the local Discord emulator
(``tests/discord_ui/emulator``) with a simulated global limit of 50 requests per second, and
two real bot processes (``tests/discord_ui/scale_harness.py``: production ``serve()`` with a
clock read from a file), ``SHARD_COUNT=4``, ``SHARD_IDS`` 0,1 and 2,3. Every server has
countdown announcements set up in PostgreSQL.

Prints:
- RSS of each process once connected, and after the delivery;
- the due-post computation of one process's tick (its 2 shards' servers): reading the
  settings from PostgreSQL, planning an ordinary minute and a minute with a post due
  everywhere, and a whole ordinary-minute ``Announcer.tick`` on PostgreSQL;
- delivery: ``--deliver`` servers get their post in the same minute; the time until every
  post is in its channel, the rate, the 429s, duplicates and losses, against the physical
  limit (50 per second: 200 s for 10,000 posts).
"""

from __future__ import annotations

import argparse
import asyncio
import datetime as dt
import os
import shutil
import signal
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import psutil  # noqa: E402

from bot.countdown.plan import Planner  # noqa: E402
from bot.countdown.scheduler import Announcer, SendResult  # noqa: E402
from bot.facts import load_knowledge  # noqa: E402
from bot.settings import Settings  # noqa: E402
from bot.storage import AnnouncementConfig  # noqa: E402
from bot.storage.postgres import PostgresStore  # noqa: E402
from tests.discord_ui.emulator import DiscordEmulator  # noqa: E402
from tests.discord_ui.scale_harness import write_clock  # noqa: E402
from tests.postgres import PostgresServer, find_binaries  # noqa: E402

RELEASE = dt.date(2027, 5, 21)
WEEK_BEFORE = dt.datetime(2027, 5, 14, 17, 30, tzinfo=dt.UTC)  # 18:30 London, one week to go
SET_UP_AT = WEEK_BEFORE - dt.timedelta(hours=2)
ORDINARY = WEEK_BEFORE - dt.timedelta(minutes=30)
SHARD_COUNT = 4
PROCESSES = ("0,1", "2,3")


def ms(seconds: float) -> str:
    return f"{seconds * 1000:.1f} ms"


def mb(rss: int) -> str:
    return f"{rss / 2**20:.0f} MB"


def dated_knowledge(tmp: Path) -> Path:
    copy = tmp / "knowledge"
    shutil.copytree(ROOT / "knowledge", copy)
    chapter5 = copy / "works" / "chapter-5.yaml"
    text = chapter5.read_text(encoding="utf-8")
    chapter5.write_text(text.replace('date: "TBA"', f'date: "{RELEASE}"'), encoding="utf-8")
    return copy


async def noop_sender(config: AnnouncementConfig, post: object) -> SendResult:
    return SendResult.sent()


async def computation(url: str, knowledge: Path, shards: str) -> None:
    """One process's share of a tick, measured in this process on the same database."""
    plan = Settings(_env_file=None, shard_count=SHARD_COUNT, shard_ids=shards).shards  # type: ignore[call-arg]
    works = list(load_knowledge(knowledge).works.values())
    async with PostgresStore(url) as store:
        started = time.perf_counter()
        configs = [c for c in await store.announcements(enabled_only=True) if plan.owns(c.guild_id)]
        first_read = time.perf_counter() - started
        started = time.perf_counter()
        await store.announcements(enabled_only=True)
        cached_read = time.perf_counter() - started
        planner = Planner(works)
        ordinary, due = [], []
        for minute in range(5):
            now = ORDINARY + dt.timedelta(minutes=minute)
            started = time.perf_counter()
            planner.plan_many(configs, now, now - dt.timedelta(minutes=1))
            ordinary.append(time.perf_counter() - started)
        for _ in range(3):
            planner = Planner(works)
            started = time.perf_counter()
            planned = planner.plan_many(configs, WEEK_BEFORE, WEEK_BEFORE - dt.timedelta(minutes=1))
            due.append(time.perf_counter() - started)
        clock = [ORDINARY]
        announcer = Announcer(
            store,
            lambda: works,
            lambda: clock[0],
            noop_sender,
            owns=plan.owns,
            scopes=("bench/" + shards,),
        )
        await announcer.tick()
        ticks = []
        for minute in range(1, 6):
            clock[0] = ORDINARY + dt.timedelta(minutes=minute)
            started = time.perf_counter()
            await announcer.tick()
            ticks.append(time.perf_counter() - started)
    print(f"\nDue-post computation of one process (shards {shards}: {len(configs)} servers)")
    print(f"  read settings from PostgreSQL: first {ms(first_read)}, unchanged {ms(cached_read)}")
    print(f"  plan an ordinary minute: median {ms(statistics.median(ordinary))}")
    print(
        f"  plan a minute with a post due everywhere: median {ms(statistics.median(due))} "
        f"({sum(len(p.due) for _, p in planned)} posts)"
    )
    print(f"  whole ordinary-minute tick on PostgreSQL: median {ms(statistics.median(ticks))}")


async def run(servers: int, deliver: int) -> None:
    bin_dir = find_binaries()
    if bin_dir is None:
        sys.exit("PostgreSQL is not installed (apt-get install postgresql)")
    tmp = Path(tempfile.mkdtemp(prefix="wickscale-"))
    database = PostgresServer(bin_dir)
    database.start()
    processes: list[asyncio.subprocess.Process] = []
    try:
        url = database.new_database()
        knowledge = dated_knowledge(tmp)
        clock = tmp / "clock.txt"
        write_clock(clock, SET_UP_AT)
        async with DiscordEmulator() as emu:
            emu.rest.max_concurrency = 1  # the real default: IDENTIFYs 5 s apart
            emu.set_global_rate_limit(50)
            guilds = []
            for i in range(servers):
                emu.world.snowflake.skip_milliseconds()
                guilds.append(emu.add_guild(f"Server {i}", channels=["countdown"], members=[]))
            async with PostgresStore(url) as store:
                for index, guild in enumerate(guilds):
                    await store.save_announcement(
                        AnnouncementConfig(
                            guild_id=guild.id,
                            channel_id=guild.channel_id("countdown"),
                            # the first `deliver` servers post at 18:30 London, the rest later
                            local_time=dt.time(18, 30) if index < deliver else dt.time(21, 0),
                            timezone="Europe/London",
                            created_at=SET_UP_AT,
                        )
                    )
            print(f"{servers} servers, {SHARD_COUNT} shards, {len(PROCESSES)} processes")
            logs = []
            for number, shards in enumerate(PROCESSES):
                env = {
                    **os.environ,
                    "PYTHONPATH": str(ROOT),
                    "DISCORD_TOKEN": emu.valid_token,
                    "DISCORD_API_BASE": emu.rest_base,
                    "DISCORD_GATEWAY_URL": emu.gateway_url,
                    "KNOWLEDGE_DIR": str(knowledge),
                    "DATA_DIR": str(tmp / "data"),
                    "DATABASE_URL": url,
                    "SHARD_COUNT": str(SHARD_COUNT),
                    "SHARD_IDS": shards,
                    "LOG_LEVEL": "WARNING",
                }
                log = tmp / f"process{number}.log"
                logs.append(log)
                with log.open("wb") as out:
                    processes.append(
                        await asyncio.create_subprocess_exec(
                            sys.executable,
                            "-m",
                            "tests.discord_ui.scale_harness",
                            str(clock),
                            "1.0",
                            cwd=tmp,
                            env=env,
                            stdout=out,
                            stderr=out,
                        )
                    )
            started = time.perf_counter()
            await emu.wait_for_identify(SHARD_COUNT, timeout=120)
            identified = time.perf_counter() - started
            gaps = [
                b[0] - a[0]
                for a, b in zip(
                    emu.gateway.identified_at, emu.gateway.identified_at[1:], strict=False
                )
            ]
            await asyncio.sleep(5)  # GUILD_CREATEs, guild_ready_timeout, the first ticks
            print(
                f"  {SHARD_COUNT} IDENTIFYs in {identified:.1f} s, gaps "
                + ", ".join(f"{g:.1f} s" for g in gaps)
                + " (max_concurrency 1: one per 5 s)"
            )
            for shards, process in zip(PROCESSES, processes, strict=True):
                rss = psutil.Process(process.pid).memory_info().rss
                print(f"  RSS of the process running shards {shards}, connected: {mb(rss)}")

            await computation(url, knowledge, PROCESSES[0])

            channels = [g.channel_id("countdown") for g in guilds[:deliver]]
            bot_id = str(emu.bot.id)
            mark = emu.mark()
            limited_before = emu.rate_limited_count

            def posted() -> int:
                return sum(1 for m in emu.world.messages.values() if m["author"]["id"] == bot_id)

            write_clock(clock, WEEK_BEFORE + dt.timedelta(seconds=1))
            started = time.perf_counter()
            while posted() < deliver:
                if time.perf_counter() - started > 3 * deliver / 40 + 60:
                    break
                await asyncio.sleep(0.2)
            elapsed = time.perf_counter() - started
            await asyncio.sleep(3)  # anything doubled would arrive now
            per_channel = {c: 0 for c in channels}
            for message in emu.world.messages.values():
                if message["author"]["id"] == bot_id:
                    per_channel[int(message["channel_id"])] += 1
            lost = sum(1 for n in per_channel.values() if n == 0)
            doubled = sum(n - 1 for n in per_channel.values() if n > 1)
            requests = len(emu.requests) - mark
            print(f"\nDelivery of {deliver} posts due in the same minute")
            print(
                f"  {elapsed:.1f} s ({deliver / elapsed:.1f} posts/s; the 50/s physical limit "
                f"takes {deliver / 50:.0f} s, the processes pace at 2 x 20/s = "
                f"{deliver / 40:.0f} s)"
            )
            print(
                f"  {requests} requests, {emu.rate_limited_count - limited_before} answered 429; "
                f"lost {lost}, duplicates {doubled}"
            )
            for shards, process in zip(PROCESSES, processes, strict=True):
                rss = psutil.Process(process.pid).memory_info().rss
                print(f"  RSS of the process running shards {shards}, after: {mb(rss)}")
            for process in processes:
                process.send_signal(signal.SIGTERM)
            for process in processes:
                await asyncio.wait_for(process.wait(), 60)
    finally:
        for process in processes:
            if process.returncode is None:
                process.kill()
                await process.wait()
        database.stop()
        shutil.rmtree(tmp, ignore_errors=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--servers", type=int, default=10_000)
    parser.add_argument("--deliver", type=int, default=10_000, help="posts due at once")
    args = parser.parse_args()
    asyncio.run(run(args.servers, min(args.deliver, args.servers)))


if __name__ == "__main__":
    main()
