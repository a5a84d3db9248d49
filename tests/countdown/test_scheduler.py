"""The announcement tick with a fake sender, a real SQLite store and a hand-moved clock."""

from __future__ import annotations

import asyncio
import datetime as dt
import sqlite3
from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from bot.countdown.plan import ScheduledPost
from bot.countdown.scheduler import Announcer, RetryPolicy, SendResult
from bot.facts import KnowledgeBase
from bot.facts.schema import Work
from bot.storage import AnnouncementConfig, PostKey, PostStatus, SqliteStore
from tests.conftest import TODAY
from tests.countdown.conftest import make_config, make_work, utc

SEVEN_DAYS = utc(2027, 5, 14, 13)  # chapter-5's one-week post, 09:00 in New York
THREE_DAYS = utc(2027, 5, 18, 13)
SECOND = dt.timedelta(seconds=1)
MINUTE = dt.timedelta(minutes=1)


class Clock:
    """A clock tests move by hand."""

    def __init__(self, now: dt.datetime) -> None:
        self.now = now

    def __call__(self) -> dt.datetime:
        return self.now


@dataclass
class FakeSender:
    """Records every post; answers from ``script`` (then ``default``)."""

    script: list[SendResult] = field(default_factory=list)
    default: SendResult = field(default_factory=SendResult.sent)
    calls: list[tuple[int, PostKey]] = field(default_factory=list)

    async def __call__(self, config: AnnouncementConfig, post: ScheduledPost) -> SendResult:
        self.calls.append((config.channel_id, post.key))
        await asyncio.sleep(0)  # let other ticks interleave
        return self.script.pop(0) if self.script else self.default


@dataclass
class Sleeps:
    """An injected sleep that only remembers how long it was asked to wait."""

    waits: list[float] = field(default_factory=list)

    async def __call__(self, seconds: float) -> None:
        self.waits.append(seconds)


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    return tmp_path / "wick.sqlite3"


@pytest.fixture
async def store(db_path: Path) -> AsyncIterator[SqliteStore]:
    async with SqliteStore(db_path) as opened:
        yield opened


def announcer(
    store: SqliteStore,
    clock: Clock,
    sender: FakeSender,
    works: list[Work] | None = None,
    sleep: Sleeps | None = None,
) -> Announcer:
    chosen = works if works is not None else [make_work("chapter-5", "2027-05-21")]
    return Announcer(store, lambda: chosen, clock, sender, sleep=sleep or Sleeps())


async def set_up(store: SqliteStore, *guilds: int, **changes: object) -> None:
    for guild in guilds or (1,):
        await store.save_announcement(make_config(guild_id=guild, **changes))  # type: ignore[arg-type]


async def test_post_goes_out_once_at_its_minute(store: SqliteStore) -> None:
    await set_up(store)
    clock, sender = Clock(SEVEN_DAYS - MINUTE), FakeSender()
    bot = announcer(store, clock, sender)
    assert (await bot.tick()).sent == []
    clock.now = SEVEN_DAYS + 5 * SECOND
    report = await bot.tick()
    key = PostKey(1, "chapter-5", "2027-05-21", 7)
    assert report.sent == [key] and sender.calls == [(101, key)]
    clock.now += MINUTE
    assert (await bot.tick()).sent == []
    assert [(r.key, r.status) for r in (await store.sent(1))] == [(key, PostStatus.SENT)]


async def test_every_server_gets_its_post(store: SqliteStore) -> None:
    await set_up(store, 1, 2, 3)
    await set_up(store, 4, timezone="Europe/London")  # 09:00 London is another instant
    clock, sender = Clock(SEVEN_DAYS - MINUTE), FakeSender()
    bot = announcer(store, clock, sender)
    await bot.tick()
    clock.now = SEVEN_DAYS
    report = await bot.tick()
    assert sorted(k.guild_id for k in report.sent) == [1, 2, 3]


async def test_no_repeat_after_a_restart(store: SqliteStore, db_path: Path) -> None:
    await set_up(store)
    clock, sender = Clock(SEVEN_DAYS - MINUTE), FakeSender()
    first = announcer(store, clock, sender)
    await first.tick()
    clock.now = SEVEN_DAYS
    await first.tick()
    async with SqliteStore(db_path) as reopened:
        clock.now = SEVEN_DAYS + 30 * SECOND
        second = announcer(reopened, clock, sender)
        assert (await second.tick()).sent == []
    assert len(sender.calls) == 1


async def test_no_repeat_when_the_process_died_right_after_sending(
    store: SqliteStore, db_path: Path
) -> None:
    await set_up(store)
    clock = Clock(SEVEN_DAYS - MINUTE)
    await announcer(store, clock, FakeSender()).tick()  # the last tick on record

    class Died(BaseException):
        pass

    async def send_then_die(config: AnnouncementConfig, post: ScheduledPost) -> SendResult:
        sent.append(post.key)
        raise Died  # the post went out; nothing after it was recorded

    sent: list[PostKey] = []
    clock.now = SEVEN_DAYS
    with pytest.raises(Died):
        await Announcer(store, lambda: [make_work()], clock, send_then_die).tick()
    async with SqliteStore(db_path) as reopened:
        clock.now = SEVEN_DAYS + MINUTE
        sender = FakeSender()
        report = await announcer(reopened, clock, sender).tick()
    assert sender.calls == [] and report.taken == sent


async def test_two_processes_on_one_database_post_once(db_path: Path) -> None:
    async with SqliteStore(db_path) as one, SqliteStore(db_path) as two:
        await set_up(one, 1, 2, 3)
        clock, sender = Clock(SEVEN_DAYS - MINUTE), FakeSender()
        first, second = announcer(one, clock, sender), announcer(two, clock, sender)
        await asyncio.gather(first.tick(), second.tick())
        clock.now = SEVEN_DAYS
        reports = await asyncio.gather(first.tick(), second.tick())
    assert sorted(g for g, _ in sender.calls) == [101, 102, 103]
    assert sorted(k.guild_id for r in reports for k in r.sent) == [1, 2, 3]
    assert sorted(k.guild_id for r in reports for k in r.taken) == [1, 2, 3]


async def test_catch_up_after_downtime(store: SqliteStore) -> None:
    await set_up(store)
    await store.record_tick(utc(2027, 5, 13, 12))  # then down until two hours after the 3-days post
    clock, sender = Clock(THREE_DAYS + dt.timedelta(hours=2)), FakeSender()
    report = await announcer(store, clock, sender).tick()
    three, seven = (PostKey(1, "chapter-5", "2027-05-21", m) for m in (3, 7))
    assert [k for _, k in sender.calls] == [three] and report.sent == [three]
    assert report.skipped == [seven]
    records = {r.key: r for r in (await store.sent(1))}
    assert records[seven].status is PostStatus.SKIPPED
    assert "superseded" in (records[seven].detail or "")
    assert records[three].status is PostStatus.SENT


async def test_catch_up_too_late_sends_nothing(store: SqliteStore) -> None:
    await set_up(store)
    await store.record_tick(utc(2027, 5, 13, 12))
    clock, sender = Clock(THREE_DAYS + dt.timedelta(hours=7)), FakeSender()
    report = await announcer(store, clock, sender).tick()
    assert sender.calls == [] and len(report.skipped) == 2
    assert (await announcer(store, clock, sender).tick()).skipped == []  # logged once


async def test_permanent_failure_stops_the_server(store: SqliteStore) -> None:
    await set_up(store, 1, 2)
    other = make_work("other", "2027-05-17")  # its 3-days post is at the same minute
    clock = Clock(SEVEN_DAYS - MINUTE)
    sender = FakeSender(script=[SendResult.permanent("Missing Permissions (403)")])
    bot = announcer(store, clock, sender, works=[make_work(), other])
    await bot.tick()
    clock.now = SEVEN_DAYS
    report = await bot.tick()
    assert report.disabled == {1: "Missing Permissions (403)"}
    assert [k.guild_id for k in report.sent] == [2, 2]
    assert [g for g, _ in sender.calls] == [101, 102, 102]  # guild 1 stopped at its first
    config = await store.announcement(1)
    assert config is not None and not config.enabled
    assert config.problem == "Missing Permissions (403)"
    (record,) = await store.sent(1)
    assert (record.status, record.detail) == (PostStatus.FAILED, "Missing Permissions (403)")
    assert (await bot.status(1)).next_post is None and (await bot.status(1)).config == config
    clock.now = THREE_DAYS
    await bot.tick()
    assert [g for g, _ in sender.calls].count(101) == 1  # never hammered again


async def test_temporary_failures_are_retried_with_backoff(store: SqliteStore) -> None:
    await set_up(store)
    clock, sleeps = Clock(SEVEN_DAYS - MINUTE), Sleeps()
    busy = SendResult.retryable("HTTP 503")
    sender = FakeSender(script=[busy, SendResult.retryable("HTTP 429", retry_after=7.5)])
    bot = announcer(store, clock, sender, sleep=sleeps)
    await bot.tick()
    clock.now = SEVEN_DAYS
    report = await bot.tick()
    assert len(sender.calls) == 3 and len(report.sent) == 1
    assert sleeps.waits == [2.0, 7.5]  # backoff, then the API's own wait


async def test_temporary_failures_give_up_and_are_recorded(store: SqliteStore) -> None:
    await set_up(store)
    clock, sleeps = Clock(SEVEN_DAYS - MINUTE), Sleeps()
    sender = FakeSender(default=SendResult.retryable("HTTP 502"))
    bot = announcer(store, clock, sender, sleep=sleeps)
    await bot.tick()
    clock.now = SEVEN_DAYS
    report = await bot.tick()
    assert len(sender.calls) == RetryPolicy().attempts and sleeps.waits == [2.0, 4.0, 8.0]
    assert report.failed == [(PostKey(1, "chapter-5", "2027-05-21", 7), "HTTP 502 (4 tries)")]
    config = await store.announcement(1)
    assert config is not None and config.enabled  # a temporary failure does not stop it
    clock.now += MINUTE
    await bot.tick()
    assert len(sender.calls) == RetryPolicy().attempts  # not tried again next tick


def test_retry_policy() -> None:
    policy = RetryPolicy(attempts=5, first_delay=1, factor=3, max_delay=30)
    assert [policy.delay(n, None) for n in range(1, 6)] == [1, 3, 9, 27, None]
    assert policy.delay(1, 20) == 20
    assert policy.delay(1, 31) is None  # asked to wait longer than we are willing to


async def test_sender_crash_is_recorded_and_others_still_post(store: SqliteStore) -> None:
    await set_up(store, 1, 2)
    clock = Clock(SEVEN_DAYS - MINUTE)

    async def flaky(config: AnnouncementConfig, post: ScheduledPost) -> SendResult:
        if config.guild_id == 1:
            raise RuntimeError("embed too long")
        return SendResult.sent()

    bot = Announcer(store, lambda: [make_work()], clock, flaky, sleep=Sleeps())
    await bot.tick()
    clock.now = SEVEN_DAYS
    report = await bot.tick()
    assert [k.guild_id for k in report.sent] == [2]
    assert report.failed[0][0].guild_id == 1 and "embed too long" in report.failed[0][1]
    assert report.disabled == {}


async def test_unknown_zone_stops_the_server_with_a_problem(store: SqliteStore) -> None:
    await set_up(store, timezone="Mars/Olympus_Mons")
    report = await announcer(store, Clock(SEVEN_DAYS), FakeSender()).tick()
    assert report.disabled == {1: "unknown time zone 'Mars/Olympus_Mons'"}


async def test_a_knowledge_reload_moves_the_plan(store: SqliteStore) -> None:
    await set_up(store)
    works = [make_work("chapter-5", "2027-05-21")]
    clock, sender = Clock(SEVEN_DAYS - MINUTE), FakeSender()
    bot = Announcer(store, lambda: works, clock, sender, sleep=Sleeps())
    await bot.tick()
    works[:] = [make_work("chapter-5", "2027-06-11")]  # delayed three weeks
    clock.now = SEVEN_DAYS
    assert (await bot.tick()).sent == []
    clock.now = utc(2027, 6, 4, 12, 59)
    await bot.tick()
    clock.now = utc(2027, 6, 4, 13)
    assert (await bot.tick()).sent == [PostKey(1, "chapter-5", "2027-06-11", 7)]


async def test_what_an_admin_sees_today(store: SqliteStore, kb: KnowledgeBase) -> None:
    await set_up(store, created_at=TODAY)
    clock, sender = Clock(TODAY), FakeSender()
    bot = Announcer(store, lambda: kb.works.values(), clock, sender, sleep=Sleeps())
    status = await bot.status(1)
    assert status.config == await store.announcement(1)
    assert status.next_post is None and status.counting_down == []
    assert {"chapter-5", "caine", "video-game"} <= {w.id for w in status.waiting_for_date}
    for _ in range(3):
        clock.now += dt.timedelta(days=30)
        assert (await bot.tick()).sent == []
    assert sender.calls == [] and status.recent == []


async def test_preview_records_nothing(store: SqliteStore) -> None:
    await set_up(store)
    bot = announcer(store, Clock(SEVEN_DAYS - MINUTE), FakeSender())
    config = await store.announcement(1)
    assert config is not None
    post = bot.next_post(config)
    assert post is not None and post.content.headline == "One week to go"
    assert await store.sent(1) == []


async def test_a_process_posts_only_for_the_servers_it_owns(store: SqliteStore) -> None:
    await set_up(store, 1, 2, 3, 4)
    clock, sender = Clock(SEVEN_DAYS - MINUTE), FakeSender()
    even = Announcer(
        store,
        lambda: [make_work()],
        clock,
        sender,
        sleep=Sleeps(),
        owns=lambda guild: guild % 2 == 0,
        scopes=("0/2",),
    )
    odd = Announcer(
        store,
        lambda: [make_work()],
        clock,
        sender,
        sleep=Sleeps(),
        owns=lambda guild: guild % 2 == 1,
        scopes=("1/2",),
    )
    await even.tick()
    clock.now = SEVEN_DAYS
    report = await even.tick()
    assert sorted(k.guild_id for k in report.sent) == [2, 4] and report.servers == 2
    assert await store.last_tick("0/2") == SEVEN_DAYS and await store.last_tick("1/2") is None
    # the odd shards' process starts late: it takes over from the latest check on record
    clock.now = SEVEN_DAYS + MINUTE
    assert (await odd.tick()).sent == []  # its window opened after the due minute
    assert sorted(g for g, _ in sender.calls) == [102, 104]


async def test_an_interrupted_claim_too_late_to_post_is_recorded_as_failed(
    store: SqliteStore,
) -> None:
    await set_up(store)
    key = PostKey(1, "chapter-5", "2027-05-21", 7)
    assert await store.claim_post(key, SEVEN_DAYS)  # then the process died, for a day
    clock, sender = Clock(SEVEN_DAYS + dt.timedelta(days=1)), FakeSender()
    await store.record_tick(clock.now - MINUTE)
    report = await announcer(store, clock, sender).tick()
    assert sender.calls == [] and report.resumed == []
    assert report.failed == [(key, "interrupted while sending; too late to post")]
    (record,) = await store.sent(1)
    assert record.status is PostStatus.FAILED


async def test_a_rejected_post_keeps_the_server_on_and_others_go_out(store: SqliteStore) -> None:
    await set_up(store, 1, 2)
    clock = Clock(SEVEN_DAYS - MINUTE)
    sender = FakeSender(script=[SendResult.rejected("400: Invalid Form Body")])
    bot = announcer(store, clock, sender)
    await bot.tick()
    clock.now = SEVEN_DAYS
    report = await bot.tick()
    assert report.disabled == {} and [k.guild_id for k in report.sent] == [2]
    ((key, detail),) = report.failed
    assert key.guild_id == 1 and detail.startswith("Discord rejected the post (400")
    config = await store.announcement(1)
    assert config is not None and config.enabled and config.problem is None


def test_a_post_has_one_nonce_for_every_attempt() -> None:
    key = PostKey(1311768467294899695, "chapter-5", "2027-05-21", 7)
    assert key.nonce == PostKey(1311768467294899695, "chapter-5", "2027-05-21", 7).nonce
    others = {PostKey(key.guild_id, "chapter-5", "2027-05-21", m).nonce for m in (7, 3, -1)}
    assert len(others) == 3 and len(key.nonce) <= 25


class FailingClaims:
    """The real store, but claiming a post of ``broken`` guilds raises (e.g. disk full)."""

    def __init__(self, store: SqliteStore, broken: set[int]) -> None:
        self._store = store
        self.broken = broken

    def __getattr__(self, name: str) -> object:
        return getattr(self._store, name)

    async def claim_post(self, key: PostKey, now: dt.datetime, lease: dt.timedelta) -> bool:
        if key.guild_id in self.broken:
            raise sqlite3.OperationalError("database or disk is full")
        return await self._store.claim_post(key, now, lease)


async def test_a_store_error_in_one_delivery_lets_the_others_finish(store: SqliteStore) -> None:
    await set_up(store, 1, 2, 3)
    clock, sender = Clock(SEVEN_DAYS - MINUTE), FakeSender()
    failing = FailingClaims(store, broken={2})
    works = [make_work()]
    bot = Announcer(failing, lambda: works, clock, sender, sleep=Sleeps())  # type: ignore[arg-type]
    await bot.tick()
    clock.now = SEVEN_DAYS

    with pytest.raises(sqlite3.OperationalError):
        await bot.tick()
    calls = list(sender.calls)
    for _ in range(20):
        await asyncio.sleep(0)  # nothing of that tick keeps running after it ended
    assert sender.calls == calls
    delivered = [[(r.key.guild_id, r.status) for r in await store.sent(g)] for g in (1, 2, 3)]
    assert delivered == [[(1, PostStatus.SENT)], [], [(3, PostStatus.SENT)]]

    failing.broken.clear()  # the disk has room again: the next tick sends what failed
    clock.now += MINUTE
    report = await bot.tick()
    assert [k.guild_id for k in report.sent] == [2]
    assert sorted(k.guild_id for k in report.taken) == [1, 3]  # nothing twice
    assert sorted(channel for channel, _ in sender.calls) == [101, 102, 103]


async def test_a_server_moving_to_another_process_is_not_posted_twice(
    store: SqliteStore,
) -> None:
    await set_up(store, 1, 2)
    clock, sender = Clock(SEVEN_DAYS - MINUTE), FakeSender()

    def process(owned: set[int], scope: str) -> Announcer:
        return Announcer(
            store,
            lambda: [make_work()],
            clock,
            sender,
            sleep=Sleeps(),
            owns=lambda guild: guild in owned,
            scopes=(scope,),
        )

    before = process({1, 2}, "0/1")  # one process ran both servers
    await before.tick()
    clock.now = SEVEN_DAYS
    assert len((await before.tick()).sent) == 2
    # re-sharded during the due minute: each server now belongs to a new process
    first, second = process({1}, "0/2"), process({2}, "1/2")
    reports = [await first.tick(), await second.tick()]
    assert all(r.sent == [] and r.since == SEVEN_DAYS for r in reports)
    clock.now = SEVEN_DAYS + dt.timedelta(hours=1)
    assert [(await p.tick()).sent for p in (first, second)] == [[], []]
    assert sorted(g for g, _ in sender.calls) == [101, 102]
