"""Countdown announcement speed for many servers, printed as numbers.

    python benchmarks/bench_announce.py [--servers 10000] [--ticks 20]

Prints the time to compute the due posts of every configured server in one tick (target:
at most 100 ms for 10,000 servers), for two populations of settings:

- ``typical``: popular time zones, on-the-hour or half-hour times, default milestones for
  most, a few custom lists, anniversaries for some;
- ``distinct``: every server a random IANA zone and a random minute (almost no sharing).

For each: an ordinary minute (nothing due), the first tick after a knowledge reload (cold
planner) and the first tick after five days of downtime (once per restart). Then a minute
at which every server has a post due. Then the store: reading 10,000 settings from SQLite
(first read, and when unchanged), a whole ``Announcer.tick`` that claims and records 10,000
posts with a sender that does nothing (the store's share of delivery; delivery through the
Discord emulator is measured separately), and a whole ordinary-minute ``Announcer.tick``.
"""

from __future__ import annotations

import argparse
import asyncio
import datetime as dt
import random
import statistics
import sys
import tempfile
import time
import zoneinfo
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bot.countdown.plan import Planner, ScheduledPost  # noqa: E402
from bot.countdown.scheduler import Announcer, SendResult  # noqa: E402
from bot.facts import load_knowledge  # noqa: E402
from bot.facts.schema import Work  # noqa: E402
from bot.storage import AnnouncementConfig, SqliteStore  # noqa: E402

#: A film dated in the future (the real knowledge has none as of 2026-11-25).
RELEASE = dt.date(2027, 5, 21)
LONG_AGO = dt.datetime(2026, 1, 1, tzinfo=dt.UTC)
POPULAR_ZONES = (
    "America/New_York America/Chicago America/Denver America/Los_Angeles America/Sao_Paulo "
    "America/Mexico_City America/Toronto Europe/London Europe/Berlin Europe/Paris "
    "Europe/Madrid Europe/Moscow Europe/Istanbul Asia/Kolkata Asia/Tokyo Asia/Manila "
    "Asia/Jakarta Asia/Shanghai Asia/Singapore Asia/Seoul Australia/Sydney Pacific/Auckland "
    "Africa/Lagos Africa/Johannesburg UTC"
).split()


def works() -> list[Work]:
    """The real works plus two dated future ones."""
    real = list(load_knowledge(ROOT / "knowledge").works.values())
    extra = [
        Work.model_validate(
            {
                "id": work_id,
                "kind": "film",
                "title": title,
                "status": "post-production",
                "release": {"date": day.isoformat()},
                "premise": "John Wick returns.",
                "sources": {},
            }
        )
        for work_id, title, day in (
            ("bench-five", "John Wick: Chapter 5", RELEASE),
            ("bench-six", "John Wick: Chapter 6", RELEASE + dt.timedelta(days=200)),
        )
    ]
    return real + extra


def typical(count: int, rng: random.Random) -> list[AnnouncementConfig]:
    """Settings clustered the way real servers choose them."""
    configs = []
    for guild in range(1, count + 1):
        zone = rng.choice(POPULAR_ZONES)
        at = dt.time(rng.choice((9, 12, 17, 18, 19, 20)), rng.choice((0, 0, 0, 30)))
        milestones = (30, 7, 1, 0) if rng.random() < 0.1 else (100, 30, 14, 7, 3, 2, 1, 0)
        configs.append(
            AnnouncementConfig(
                guild, guild, at, zone, None, milestones, rng.random() < 0.3, created_at=LONG_AGO
            )
        )
    return configs


def distinct(count: int, rng: random.Random) -> list[AnnouncementConfig]:
    """Every server its own zone and minute: the worst case for sharing work."""
    zones = sorted(zoneinfo.available_timezones())
    return [
        AnnouncementConfig(
            guild,
            guild,
            dt.time(rng.randrange(24), rng.randrange(60)),
            rng.choice(zones),
            anniversaries=rng.random() < 0.3,
            created_at=LONG_AGO,
        )
        for guild in range(1, count + 1)
    ]


def all_at_once(count: int) -> list[AnnouncementConfig]:
    """Every server at 09:00 in New York: all due in the same minute."""
    return [
        AnnouncementConfig(g, g, dt.time(9), "America/New_York", created_at=LONG_AGO)
        for g in range(1, count + 1)
    ]


def plan_all(
    planner: Planner, configs: list[AnnouncementConfig], now: dt.datetime, since: dt.datetime
) -> tuple[float, int, int]:
    """Milliseconds to plan every server at ``now``; with the due and skipped counts."""
    start = time.perf_counter()
    planned = planner.plan_many(configs, now, since)
    elapsed = (time.perf_counter() - start) * 1000
    due = sum(len(plan.due) for _, plan in planned)
    skipped = sum(len(plan.skipped) for _, plan in planned)
    return elapsed, due, skipped


def ordinary_minutes(
    planner: Planner, configs: list[AnnouncementConfig], ticks: int, rng: random.Random
) -> list[float]:
    """Tick times at random minutes of the run-up to the release (warm planner)."""
    times = []
    for _ in range(ticks):
        now = dt.datetime(2027, 2, 1, tzinfo=dt.UTC) + dt.timedelta(
            minutes=rng.randrange(100 * 24 * 60)
        )
        times.append(plan_all(planner, configs, now, now - dt.timedelta(minutes=1))[0])
    return times


def report(
    name: str,
    configs: list[AnnouncementConfig],
    all_works: list[Work],
    ticks: int,
    rng: random.Random,
) -> None:
    planner = Planner(all_works)
    warm = ordinary_minutes(planner, configs, ticks, rng)
    now = dt.datetime(2027, 3, 1, 12, tzinfo=dt.UTC)
    cold, _, _ = plan_all(Planner(all_works), configs, now, now - dt.timedelta(minutes=1))
    # down from May 13 to May 18: the 7-days and 3-days posts of chapter 5 were missed
    back_now = dt.datetime(2027, 5, 18, 16, tzinfo=dt.UTC)
    back = plan_all(Planner(all_works), configs, back_now, back_now - dt.timedelta(days=5))
    print(
        f"[{name}] {len(configs)} servers, {len({(c.timezone, c.local_time) for c in configs})}"
        " distinct zone+time settings"
    )
    print(
        f"  ordinary minute:       p50 {statistics.median(warm):7.1f} ms   "
        f"max {max(warm):7.1f} ms   (over {ticks} ticks)"
    )
    print(f"  after a reload (cold): {cold:7.1f} ms")
    print(f"  after 5 days down:     {back[0]:7.1f} ms   ({back[1]} due, {back[2]} skipped)")


def everyone_due(count: int, all_works: list[Work]) -> None:
    configs = all_at_once(count)
    seven_days = dt.datetime(2027, 5, 14, 13, tzinfo=dt.UTC)  # 09:00 EDT, 7 days before
    planner = Planner(all_works)
    plan_all(
        planner, configs, seven_days - dt.timedelta(minutes=2), seven_days - dt.timedelta(minutes=3)
    )
    ms, due, _ = plan_all(planner, configs, seven_days, seven_days - dt.timedelta(minutes=1))
    print(f"[all due] {count} servers with a post due in the same minute: {ms:.1f} ms ({due} due)")


def store_numbers(count: int, all_works: list[Work]) -> None:
    configs = all_at_once(count)
    seven_days = dt.datetime(2027, 5, 14, 13, tzinfo=dt.UTC)
    with tempfile.TemporaryDirectory() as tmp, SqliteStore(Path(tmp) / "bench.sqlite3") as store:
        for config in configs:
            store.save_announcement(config)
        start = time.perf_counter()
        store.announcements(enabled_only=True)
        read_ms = (time.perf_counter() - start) * 1000
        start = time.perf_counter()
        store.announcements(enabled_only=True)
        cached_ms = (time.perf_counter() - start) * 1000
        store.record_tick(seven_days - dt.timedelta(minutes=1))

        async def nothing(config: AnnouncementConfig, post: ScheduledPost) -> SendResult:
            return SendResult.sent()

        now = [seven_days]
        announcer = Announcer(store, lambda: all_works, lambda: now[0], nothing)
        start = time.perf_counter()
        sent = len(asyncio.run(announcer.tick()).sent)
        tick_s = time.perf_counter() - start
        now[0] += dt.timedelta(minutes=1)
        start = time.perf_counter()
        asyncio.run(announcer.tick())
        quiet_ms = (time.perf_counter() - start) * 1000
    print(f"[store] read {count} settings: {read_ms:.1f} ms; unchanged since: {cached_ms:.1f} ms")
    print(
        f"[store] tick claiming and recording {sent} posts (no-op sender): {tick_s:.2f} s "
        f"({tick_s / max(sent, 1) * 1000:.2f} ms per post)"
    )
    print(f"[store] whole tick at an ordinary minute (read, plan, record): {quiet_ms:.1f} ms")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--servers", type=int, default=10_000)
    parser.add_argument("--ticks", type=int, default=20)
    parser.add_argument("--skip-store", action="store_true", help="skip the SQLite numbers")
    args = parser.parse_args()
    rng = random.Random(4)
    all_works = works()
    print("target: <= 100 ms per tick for 10,000 servers")
    report("typical", typical(args.servers, rng), all_works, args.ticks, rng)
    report("distinct", distinct(args.servers, rng), all_works, args.ticks, rng)
    everyone_due(args.servers, all_works)
    if not args.skip_store:
        store_numbers(args.servers, all_works)


if __name__ == "__main__":
    main()
