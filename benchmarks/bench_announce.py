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
posts with a sender that does nothing (the store's share of delivery), and a whole
ordinary-minute ``Announcer.tick``.

Then delivery: ``--posts`` servers (default 500), each with its own channel on the local
Discord emulator (``tests/discord_ui/emulator``), all due in the same minute, delivered by
the real bot (``WickBot``, its ``/announce`` cog and ``DiscordSender``) under a simulated
global limit of 50 requests per second. Printed: the time, the rate, the 429s received, and
the time extrapolated to 10,000 posts (the target: about 200 s at 50 per second). Once with
the sender's own pacing (production), once relying only on discord.py's 429 handling. The
emulator counts every authenticated request against the limit, as Discord counts a bot
token's, and reports each 429 it sent. Meanwhile a member of another server asks the bot a
question every 0.1 s: the latency of those answers shows what the posts leave to answers.
"""

from __future__ import annotations

import argparse
import asyncio
import datetime as dt
import random
import shutil
import statistics
import sys
import tempfile
import time
import zoneinfo
from pathlib import Path
from typing import cast

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bot.app import build_core  # noqa: E402
from bot.countdown.plan import Planner, ScheduledPost  # noqa: E402
from bot.countdown.scheduler import Announcer, SendResult  # noqa: E402
from bot.discord_ui.announce_sender import RATE, DiscordSender, Pace  # noqa: E402
from bot.discord_ui.client import WickBot  # noqa: E402
from bot.discord_ui.cogs.announce import Announce  # noqa: E402
from bot.facts import load_knowledge  # noqa: E402
from bot.facts.schema import Work  # noqa: E402
from bot.settings import Settings  # noqa: E402
from bot.storage import AnnouncementConfig, SqliteStore  # noqa: E402
from tests.discord_ui.emulator import (  # noqa: E402
    DiscordEmulator,
    Guild,
    User,
    point_discord_py_at,
    running_client,
)

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


async def store_numbers(count: int, all_works: list[Work]) -> None:
    configs = all_at_once(count)
    seven_days = dt.datetime(2027, 5, 14, 13, tzinfo=dt.UTC)
    with tempfile.TemporaryDirectory() as tmp:
        async with SqliteStore(Path(tmp) / "bench.sqlite3") as store:
            for config in configs:
                await store.save_announcement(config)
            start = time.perf_counter()
            await store.announcements(enabled_only=True)
            read_ms = (time.perf_counter() - start) * 1000
            start = time.perf_counter()
            await store.announcements(enabled_only=True)
            cached_ms = (time.perf_counter() - start) * 1000
            await store.record_tick(seven_days - dt.timedelta(minutes=1))

            async def nothing(config: AnnouncementConfig, post: ScheduledPost) -> SendResult:
                return SendResult.sent()

            now = [seven_days]
            announcer = Announcer(store, lambda: all_works, lambda: now[0], nothing)
            start = time.perf_counter()
            sent = len((await announcer.tick()).sent)
            tick_s = time.perf_counter() - start
            now[0] += dt.timedelta(minutes=1)
            start = time.perf_counter()
            await announcer.tick()
            quiet_ms = (time.perf_counter() - start) * 1000
    print(f"[store] read {count} settings: {read_ms:.1f} ms; unchanged since: {cached_ms:.1f} ms")
    print(
        f"[store] tick claiming and recording {sent} posts (no-op sender): {tick_s:.2f} s "
        f"({tick_s / max(sent, 1) * 1000:.2f} ms per post)"
    )
    print(f"[store] whole tick at an ordinary minute (read, plan, record): {quiet_ms:.1f} ms")


#: Discord's global limit, as the emulator enforces it during the delivery benchmark.
GLOBAL_LIMIT = 50
TARGET_POSTS = 10_000


def dated_knowledge(into: Path) -> Path:
    """A copy of the knowledge base in which Chapter 5 comes out on :data:`RELEASE`."""
    copy = into / "knowledge"
    shutil.copytree(ROOT / "knowledge", copy)
    chapter5 = copy / "works" / "chapter-5.yaml"
    text = chapter5.read_text(encoding="utf-8")
    chapter5.write_text(text.replace('date: "TBA"', f'date: "{RELEASE}"'), encoding="utf-8")
    return copy


#: Members of the chat server who ask questions while posts go out, one each.
ASKERS = 400
#: Seconds between those questions.
ASK_EVERY = 0.1


def percentile(values: list[float], pct: float) -> float:
    ordered = sorted(values)
    index = min(len(ordered) - 1, max(0, round(pct / 100 * len(ordered)) - 1))
    return ordered[index]


async def questions_meanwhile(
    emu: DiscordEmulator, chat: Guild, fans: list[User], until: asyncio.Task[object]
) -> list[float]:
    """Ask the bot a question every :data:`ASK_EVERY` s until ``until`` is done.

    Returns each answer's latency (ms, injected message to reply at the emulator).
    """
    channel = chat.channel_id("general")
    asked: dict[int, float] = {}
    mark = emu.mark()
    for fan in fans:
        if until.done():
            break
        started = time.monotonic()
        message = await emu.send_message(channel, f"<@{emu.bot.id}> who plays winston?", author=fan)
        asked[int(message["id"])] = started
        await asyncio.sleep(ASK_EVERY)
    await until
    await emu.wait_until(
        lambda: (
            True
            if len(
                emu.find_requests("POST", rf"/channels/{channel}/messages", after=mark, status=200)
            )
            >= len(asked)
            else None
        ),
        timeout=60,
        what="every answer",
    )
    latencies = []
    for request in emu.find_requests("POST", rf"/channels/{channel}/messages", after=mark):
        reference = (request.json or {}).get("message_reference") or {}
        started = asked.get(int(reference.get("message_id") or 0))
        if started is not None and request.status == 200:
            latencies.append((request.at - started) * 1000)
    return latencies


async def deliver(count: int) -> None:
    """Deliver ``count`` posts due in the same minute through the emulator (see the doc)."""
    seven_days = dt.datetime(2027, 5, 14, 13, tzinfo=dt.UTC)  # 09:00 EDT, 7 days before
    three_days = seven_days + dt.timedelta(days=4)
    now = [seven_days - dt.timedelta(seconds=30)]
    async with DiscordEmulator() as emu:
        with point_discord_py_at(emu), tempfile.TemporaryDirectory() as tmp:
            guilds = [emu.add_guild(f"Server {i}", channels=["countdown"]) for i in range(count)]
            fans = [emu.add_user(f"fan{i}") for i in range(ASKERS)]
            chat = emu.add_guild("Chat", channels=["general"], members=fans)
            settings = Settings(
                _env_file=None,  # type: ignore[call-arg]
                discord_token=emu.valid_token,
                discord_api_base=emu.rest_base,
                discord_gateway_url=emu.gateway_url,
                knowledge_dir=dated_knowledge(Path(tmp)),
                data_dir=Path(tmp),
                log_level="WARNING",
            )
            core = build_core(settings, clock=lambda: now[0])
            for guild in guilds:
                await core.store.save_announcement(
                    AnnouncementConfig(
                        guild.id,
                        guild.channel_id("countdown"),
                        dt.time(9),
                        "America/New_York",
                        created_at=LONG_AGO,
                    )
                )
            await core.store.record_tick(now[0] - dt.timedelta(minutes=1))
            bot = WickBot(core, guild_ready_timeout=0.5)
            try:
                async with running_client(bot, emu, timeout=60.0):
                    cog = cast(Announce, bot.get_cog("Announce"))
                    unpaced = Announcer(
                        core.store,
                        lambda: core.knowledge.works.values(),
                        lambda: now[0],
                        DiscordSender(bot, pace=Pace(1e9)),
                    )
                    emu.set_global_rate_limit(GLOBAL_LIMIT)
                    print(
                        f"[delivery] {count} servers on the emulator, global limit "
                        f"{GLOBAL_LIMIT} requests/s; extrapolated to {TARGET_POSTS:,} posts"
                    )
                    runs = (
                        (f"paced at {RATE:.0f}/s (production)", cog.announcer, seven_days),
                        ("unpaced (discord.py's 429 handling only)", unpaced, three_days),
                    )
                    for name, announcer, due in runs:
                        now[0] = due + dt.timedelta(seconds=1)
                        mark = emu.mark()
                        start = time.perf_counter()
                        ticking = asyncio.create_task(announcer.tick())
                        answers = await questions_meanwhile(emu, chat, fans, ticking)
                        report = await ticking
                        took = time.perf_counter() - start
                        sent = len(report.sent)
                        posts = [r for r in emu.requests[mark:] if r.path.endswith("/messages")]
                        post_429 = sum(
                            r.status == 429
                            for r in posts
                            if r.path != f"/channels/{chat.channel_id('general')}/messages"
                        )
                        answer_429 = sum(r.status == 429 for r in posts) - post_429
                        print(
                            f"  {name}: {sent} sent, {len(report.failed)} failed in {took:.1f} s "
                            f"({sent / took:.1f} posts/s); emulator's 429s: {post_429} to posts, "
                            f"{answer_429} to answers; {TARGET_POSTS:,} posts: "
                            f"{took / max(sent, 1) * TARGET_POSTS:.0f} s"
                        )
                        print(
                            f"    {len(answers)} questions answered meanwhile (one every "
                            f"{ASK_EVERY:.1f} s): p50 {statistics.median(answers):.0f} ms, "
                            f"p99 {percentile(answers, 99):.0f} ms, max {max(answers):.0f} ms"
                        )
            finally:
                await core.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--servers", type=int, default=10_000)
    parser.add_argument("--ticks", type=int, default=20)
    parser.add_argument("--skip-store", action="store_true", help="skip the SQLite numbers")
    parser.add_argument("--posts", type=int, default=500, help="posts to deliver (0: skip)")
    args = parser.parse_args()
    rng = random.Random(4)
    all_works = works()
    print("target: <= 100 ms per tick for 10,000 servers")
    report("typical", typical(args.servers, rng), all_works, args.ticks, rng)
    report("distinct", distinct(args.servers, rng), all_works, args.ticks, rng)
    everyone_due(args.servers, all_works)
    if not args.skip_store:
        asyncio.run(store_numbers(args.servers, all_works))
    if args.posts:
        asyncio.run(deliver(args.posts))


if __name__ == "__main__":
    main()
