"""The store contract, run against every backend: SQLite and a real PostgreSQL.

The PostgreSQL server is started by the tests themselves (``tests/postgres.py``).
"""

from __future__ import annotations

import asyncio
import datetime as dt
from collections import Counter
from collections.abc import AsyncIterator
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest

from bot.storage import (
    AnnouncementConfig,
    AnswerMode,
    GuildSettings,
    PostKey,
    PostStatus,
    SettingsCache,
    SqliteStore,
    Store,
    open_store,
)
from bot.storage.postgres import PostgresStore

NOW = dt.datetime(2026, 11, 25, 12, 0, tzinfo=dt.UTC)
KEY = PostKey(guild_id=1, work_id="chapter-5", release="2027-05-21", milestone=7)
#: A Discord id past 2**53 and 2**63 / 2: ids must survive as 64-bit integers.
BIG_ID = 1_311_768_467_294_899_695


@pytest.fixture(params=["sqlite", "postgres"])
def store_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """A DATABASE_URL for a new, empty database of each backend."""
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'wick.sqlite3'}"
    url: str = request.getfixturevalue("postgres_url")
    return url


@pytest.fixture
async def store(store_url: str) -> AsyncIterator[Store]:
    opened = open_store(store_url)
    try:
        yield opened
    finally:
        await opened.close()


def config(guild_id: int = 1, **changes: Any) -> AnnouncementConfig:
    base = AnnouncementConfig(
        guild_id=guild_id,
        channel_id=10,
        local_time=dt.time(9, 0),
        timezone="Europe/London",
        role_id=20,
        milestones=(30, 7, 1, 0),
        anniversaries=True,
        created_at=NOW,
    )
    return replace(base, **changes)


async def test_the_url_picks_the_backend(store_url: str, store: Store) -> None:
    expected = SqliteStore if store_url.startswith("sqlite") else PostgresStore
    assert isinstance(store, expected)


async def test_discord_ids_are_64_bit(store: Store) -> None:
    await store.save_announcement(config(BIG_ID, channel_id=BIG_ID - 1, role_id=BIG_ID - 2))
    await store.set_qa_channel(BIG_ID, BIG_ID - 3, True)
    assert await store.announcement(BIG_ID) == config(
        BIG_ID, channel_id=BIG_ID - 1, role_id=BIG_ID - 2
    )
    assert (await store.guild_settings(BIG_ID)).qa_channels == frozenset({BIG_ID - 3})
    key = replace(KEY, guild_id=BIG_ID)
    assert await store.claim_post(key, NOW)
    assert [r.key for r in await store.sent(BIG_ID)] == [key]


async def test_guild_settings_default_then_round_trip(store: Store) -> None:
    assert await store.guild_settings(3) == GuildSettings(3)
    await store.set_answer_mode(3, AnswerMode.CHANNELS)
    await store.set_qa_channel(3, 100, True)
    await store.set_qa_channel(3, 101, True)
    await store.set_qa_channel(3, 100, True)  # twice is harmless
    await store.set_qa_channel(3, 101, False)
    assert await store.guild_settings(3) == GuildSettings(3, AnswerMode.CHANNELS, frozenset({100}))


async def test_announcement_round_trip_and_replace(store: Store) -> None:
    assert await store.announcement(1) is None
    await store.save_announcement(config(1))
    await store.save_announcement(config(2, role_id=None, milestones=(), anniversaries=False))
    assert await store.announcement(1) == config(1)
    assert await store.announcement(2) == config(
        2, role_id=None, milestones=(), anniversaries=False
    )
    await store.save_announcement(config(1, local_time=dt.time(18, 30), timezone="Asia/Kolkata"))
    saved = await store.announcement(1)
    assert saved is not None and saved.local_time == dt.time(18, 30)
    assert saved.timezone == "Asia/Kolkata"


async def test_disable_keeps_settings_and_records_the_problem(store: Store) -> None:
    await store.save_announcement(config(1))
    await store.save_announcement(config(2))
    await store.disable_announcement(1, "lost permission to post in the channel")
    assert await store.announcement(1) == config(
        1, enabled=False, problem="lost permission to post in the channel"
    )
    assert [c.guild_id for c in (await store.announcements())] == [1, 2]
    assert [c.guild_id for c in (await store.announcements(enabled_only=True))] == [2]


async def test_claim_is_granted_once(store: Store) -> None:
    assert await store.claim_post(KEY, NOW)
    assert not await store.claim_post(KEY, NOW)
    other_milestone = PostKey(1, "chapter-5", "2027-05-21", 3)
    moved_date = PostKey(1, "chapter-5", "2027-06-11", 7)
    other_guild = PostKey(2, "chapter-5", "2027-05-21", 7)
    assert all([await store.claim_post(k, NOW) for k in (other_milestone, moved_date, other_guild)])


async def test_finish_records_the_outcome(store: Store) -> None:
    await store.claim_post(KEY, NOW)
    (record,) = await store.sent(1)
    assert record.status is PostStatus.CLAIMED and record.claimed_at == NOW
    await store.finish_post(KEY, PostStatus.FAILED, "HTTP 403")
    (record,) = await store.sent(1)
    assert (record.status, record.detail) == (PostStatus.FAILED, "HTTP 403")
    assert not await store.claim_post(KEY, NOW)  # a failed post is not tried again


async def test_finish_needs_a_claim(store: Store) -> None:
    with pytest.raises(KeyError):
        await store.finish_post(KEY, PostStatus.SENT)


async def test_sent_log_is_newest_first(store: Store) -> None:
    keys = [PostKey(1, "w", "2027-01-01", m) for m in (30, 7, 1)]
    for hours, key in enumerate(keys):
        await store.claim_post(key, NOW + dt.timedelta(hours=hours))
    assert [r.key for r in (await store.sent(1))] == keys[::-1]
    assert [r.key for r in (await store.sent(1, limit=1))] == [keys[-1]]


async def test_skip_posts_logs_only_new_keys(store: Store) -> None:
    await store.claim_post(KEY, NOW)
    old = PostKey(1, "chapter-5", "2027-05-21", 14)
    assert await store.skip_posts([(KEY, "late"), (old, "superseded")], NOW) == [old]
    records = {r.key: r for r in (await store.sent(1))}
    assert records[KEY].status is PostStatus.CLAIMED
    assert (records[old].status, records[old].detail) == (PostStatus.SKIPPED, "superseded")


async def test_last_tick_never_moves_backwards(store: Store) -> None:
    assert await store.last_tick() is None
    assert await store.last_tick(None) is None
    await store.record_tick(NOW)
    await store.record_tick(NOW - dt.timedelta(minutes=5))
    assert await store.last_tick() == NOW
    await store.record_tick(NOW + dt.timedelta(minutes=1))
    assert await store.last_tick() == NOW + dt.timedelta(minutes=1)


async def test_naive_instants_are_refused(store: Store) -> None:
    with pytest.raises(ValueError, match="naive"):
        await store.claim_post(KEY, dt.datetime(2026, 11, 25, 12))


async def test_forget_guild_deletes_only_that_server(store: Store) -> None:
    for guild in (1, 2):
        await store.set_answer_mode(guild, AnswerMode.MENTION)
        await store.set_qa_channel(guild, 100, True)
        await store.save_announcement(config(guild))
        await store.claim_post(PostKey(guild, "w", "2027-01-01", 7), NOW)
    await store.forget_guild(1)
    assert await store.guild_settings(1) == GuildSettings(1)
    assert await store.announcement(1) is None
    assert await store.sent(1) == []
    assert (await store.guild_settings(2)).qa_channels == frozenset({100})
    assert await store.announcement(2) is not None
    assert len(await store.sent(2)) == 1


async def test_an_unconfirmed_claim_is_taken_over_after_its_lease(store: Store) -> None:
    lease = dt.timedelta(seconds=90)
    assert await store.claim_post(KEY, NOW, lease)
    assert not await store.claim_post(KEY, NOW + lease - dt.timedelta(seconds=1), lease)
    assert await store.stale_claims(NOW) == []
    assert await store.stale_claims(NOW + dt.timedelta(seconds=1)) == [KEY]
    assert await store.claim_post(KEY, NOW + lease, lease)  # the claimer died: take over
    assert not await store.claim_post(KEY, NOW + lease, lease)  # ... only once
    (record,) = await store.sent(1)
    assert (record.status, record.claimed_at) == (PostStatus.CLAIMED, NOW + lease)
    await store.finish_post(KEY, PostStatus.SENT)
    assert not await store.claim_post(KEY, NOW + 10 * lease, lease)  # sent: never again
    assert await store.stale_claims(NOW + 10 * lease) == []


async def test_racing_claims_have_one_winner_per_key(store: Store) -> None:
    keys = [PostKey(g, "chapter-5", "2027-05-21", 7) for g in range(20)]
    await store.claim_post(PostKey(999, "w", "2027-01-01", 1), NOW)  # open and migrate first
    results = await asyncio.gather(*(store.claim_post(k, NOW) for _ in range(3) for k in keys))
    attempts = [k for _ in range(3) for k in keys]
    wins = Counter(k for k, won in zip(attempts, results, strict=True) if won)
    assert wins == Counter(keys)


async def test_scheduler_progress_is_kept_per_scope(store: Store) -> None:
    await store.record_tick(NOW, "0/2")
    await store.record_tick(NOW + dt.timedelta(minutes=2), "1/2")
    await store.record_tick(NOW - dt.timedelta(minutes=9), "1/2")  # never backwards
    assert await store.last_tick("0/2") == NOW
    assert await store.last_tick("1/2") == NOW + dt.timedelta(minutes=2)
    assert await store.last_tick() is None  # the unsharded scope was never recorded
    assert await store.last_tick(None) == NOW + dt.timedelta(minutes=2)


async def test_identify_turns_are_spaced_per_bucket(store: Store) -> None:
    spacing = dt.timedelta(seconds=5)
    assert await store.identify_turn(0, NOW, spacing) == dt.timedelta(0)
    assert await store.identify_turn(1, NOW, spacing) == dt.timedelta(0)  # another bucket
    wait = await store.identify_turn(0, NOW + dt.timedelta(seconds=2), spacing)
    assert wait == dt.timedelta(seconds=3)
    assert await store.identify_turn(0, NOW + spacing, spacing) == dt.timedelta(0)
    assert await store.identify_turn(0, NOW + spacing, spacing) > dt.timedelta(0)


async def test_settings_are_cached_and_writes_invalidate(store_url: str) -> None:
    moments = [0.0]
    cache = SettingsCache(ttl=30.0, clock=lambda: moments[0])
    url = store_url
    reader: Store
    if url.startswith("sqlite"):
        reader = SqliteStore(Path(url.removeprefix("sqlite:///")), cache=cache)
    else:
        reader = PostgresStore(url, cache=cache)
    writer = open_store(url)
    try:
        assert (await reader.guild_settings(1)).answer_mode is AnswerMode.AUTO
        await writer.set_answer_mode(1, AnswerMode.MENTION)  # another process writes
        assert (await reader.guild_settings(1)).answer_mode is AnswerMode.AUTO  # cached
        moments[0] = 31.0
        assert (await reader.guild_settings(1)).answer_mode is AnswerMode.MENTION  # expired
        await reader.set_answer_mode(1, AnswerMode.CHANNELS)  # its own write: seen at once
        assert (await reader.guild_settings(1)).answer_mode is AnswerMode.CHANNELS
        await reader.set_qa_channel(1, 5, True)
        assert (await reader.guild_settings(1)).qa_channels == frozenset({5})
        await reader.forget_guild(1)
        assert await reader.guild_settings(1) == GuildSettings(1)
    finally:
        await reader.close()
        await writer.close()


async def test_announcements_read_by_one_store_follow_changes_by_another(store_url: str) -> None:
    reader, writer = open_store(store_url), open_store(store_url)
    try:
        await writer.save_announcement(config(1))
        assert [c.guild_id for c in await reader.announcements()] == [1]
        await writer.save_announcement(config(2))
        assert [c.guild_id for c in await reader.announcements()] == [1, 2]
        await writer.disable_announcement(1, "gone")
        assert [c.guild_id for c in await reader.announcements(enabled_only=True)] == [2]
        await writer.forget_guild(2)
        assert [c.guild_id for c in await reader.announcements()] == [1]
    finally:
        await reader.close()
        await writer.close()
