"""The SQLite store: settings round-trips, migrations, WAL, atomic claims, forgetting a server."""

from __future__ import annotations

import datetime as dt
import multiprocessing
import sqlite3
import threading
from collections import Counter
from collections.abc import Iterator
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
    SchemaError,
    SqliteStore,
)
from bot.storage.sqlite import MIGRATIONS, SCHEMA_VERSION
from tests.storage.race import claim_all

NOW = dt.datetime(2026, 11, 25, 12, 0, tzinfo=dt.UTC)
KEY = PostKey(guild_id=1, work_id="chapter-5", release="2027-05-21", milestone=7)


@pytest.fixture
def store(tmp_path: Path) -> Iterator[SqliteStore]:
    with SqliteStore(tmp_path / "wick.sqlite3") as opened:
        yield opened


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


def test_creates_the_file_and_its_directory(tmp_path: Path) -> None:
    path = tmp_path / "nested" / "dir" / "wick.sqlite3"
    SqliteStore(path).close()
    assert path.exists()


def test_uses_wal_and_a_busy_timeout(store: SqliteStore) -> None:
    with sqlite3.connect(store.path) as db:
        assert db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        assert db.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
    assert store._db.execute("PRAGMA busy_timeout").fetchone()[0] >= 1000


@pytest.mark.parametrize("old_version", range(1, SCHEMA_VERSION))
def test_upgrades_an_old_database_keeping_its_data(tmp_path: Path, old_version: int) -> None:
    path = tmp_path / "old.sqlite3"
    db = sqlite3.connect(path, isolation_level=None)
    for migration in MIGRATIONS[:old_version]:
        for statement in migration:
            db.execute(statement)
    db.execute(f"PRAGMA user_version = {old_version}")
    db.execute("INSERT INTO guild_settings VALUES (5, 'mention')")
    db.close()
    with SqliteStore(path) as store:
        assert store.guild_settings(5).answer_mode is AnswerMode.MENTION
        store.save_announcement(config(5))  # tables of the later migrations exist
        assert store.announcement(5) == config(5)
    with sqlite3.connect(path) as db:
        assert db.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
    db.close()


def test_reopening_does_not_migrate_again(tmp_path: Path) -> None:
    path = tmp_path / "wick.sqlite3"
    with SqliteStore(path) as store:
        store.set_answer_mode(1, AnswerMode.CHANNELS)
    with SqliteStore(path) as store:
        assert store.guild_settings(1).answer_mode is AnswerMode.CHANNELS


def test_refuses_a_database_from_a_newer_version(tmp_path: Path) -> None:
    path = tmp_path / "new.sqlite3"
    db = sqlite3.connect(path)
    db.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    db.close()
    with pytest.raises(SchemaError, match="newer"):
        SqliteStore(path)


def test_guild_settings_default_then_round_trip(store: SqliteStore) -> None:
    assert store.guild_settings(3) == GuildSettings(3)
    store.set_answer_mode(3, AnswerMode.CHANNELS)
    store.set_qa_channel(3, 100, True)
    store.set_qa_channel(3, 101, True)
    store.set_qa_channel(3, 100, True)  # twice is harmless
    store.set_qa_channel(3, 101, False)
    assert store.guild_settings(3) == GuildSettings(3, AnswerMode.CHANNELS, frozenset({100}))


def test_announcement_round_trip_and_replace(store: SqliteStore) -> None:
    assert store.announcement(1) is None
    store.save_announcement(config(1))
    store.save_announcement(config(2, role_id=None, milestones=(), anniversaries=False))
    assert store.announcement(1) == config(1)
    assert store.announcement(2) == config(2, role_id=None, milestones=(), anniversaries=False)
    store.save_announcement(config(1, local_time=dt.time(18, 30), timezone="Asia/Kolkata"))
    saved = store.announcement(1)
    assert saved is not None and saved.local_time == dt.time(18, 30)
    assert saved.timezone == "Asia/Kolkata"


def test_disable_keeps_settings_and_records_the_problem(store: SqliteStore) -> None:
    store.save_announcement(config(1))
    store.save_announcement(config(2))
    store.disable_announcement(1, "lost permission to post in the channel")
    assert store.announcement(1) == config(
        1, enabled=False, problem="lost permission to post in the channel"
    )
    assert [c.guild_id for c in store.announcements()] == [1, 2]
    assert [c.guild_id for c in store.announcements(enabled_only=True)] == [2]


def test_claim_is_granted_once(store: SqliteStore) -> None:
    assert store.claim_post(KEY, NOW)
    assert not store.claim_post(KEY, NOW)
    other_milestone = PostKey(1, "chapter-5", "2027-05-21", 3)
    moved_date = PostKey(1, "chapter-5", "2027-06-11", 7)
    other_guild = PostKey(2, "chapter-5", "2027-05-21", 7)
    assert all(store.claim_post(k, NOW) for k in (other_milestone, moved_date, other_guild))


def test_finish_records_the_outcome(store: SqliteStore) -> None:
    store.claim_post(KEY, NOW)
    (record,) = store.sent(1)
    assert record.status is PostStatus.CLAIMED and record.claimed_at == NOW
    store.finish_post(KEY, PostStatus.FAILED, "HTTP 403")
    (record,) = store.sent(1)
    assert (record.status, record.detail) == (PostStatus.FAILED, "HTTP 403")
    assert not store.claim_post(KEY, NOW)  # a failed post is not tried again


def test_finish_needs_a_claim(store: SqliteStore) -> None:
    with pytest.raises(KeyError):
        store.finish_post(KEY, PostStatus.SENT)


def test_sent_log_is_newest_first(store: SqliteStore) -> None:
    keys = [PostKey(1, "w", "2027-01-01", m) for m in (30, 7, 1)]
    for hours, key in enumerate(keys):
        store.claim_post(key, NOW + dt.timedelta(hours=hours))
    assert [r.key for r in store.sent(1)] == keys[::-1]
    assert [r.key for r in store.sent(1, limit=1)] == [keys[-1]]


def test_skip_posts_logs_only_new_keys(store: SqliteStore) -> None:
    store.claim_post(KEY, NOW)
    old = PostKey(1, "chapter-5", "2027-05-21", 14)
    assert store.skip_posts([(KEY, "late"), (old, "superseded")], NOW) == [old]
    records = {r.key: r for r in store.sent(1)}
    assert records[KEY].status is PostStatus.CLAIMED
    assert (records[old].status, records[old].detail) == (PostStatus.SKIPPED, "superseded")


def test_last_tick_never_moves_backwards(store: SqliteStore) -> None:
    assert store.last_tick() is None
    store.record_tick(NOW)
    store.record_tick(NOW - dt.timedelta(minutes=5))
    assert store.last_tick() == NOW
    store.record_tick(NOW + dt.timedelta(minutes=1))
    assert store.last_tick() == NOW + dt.timedelta(minutes=1)


def test_naive_instants_are_refused(store: SqliteStore) -> None:
    with pytest.raises(ValueError, match="naive"):
        store.claim_post(KEY, dt.datetime(2026, 11, 25, 12))


def test_forget_guild_deletes_only_that_server(store: SqliteStore) -> None:
    for guild in (1, 2):
        store.set_answer_mode(guild, AnswerMode.MENTION)
        store.set_qa_channel(guild, 100, True)
        store.save_announcement(config(guild))
        store.claim_post(PostKey(guild, "w", "2027-01-01", 7), NOW)
    store.forget_guild(1)
    assert store.guild_settings(1) == GuildSettings(1)
    assert store.announcement(1) is None
    assert store.sent(1) == []
    assert store.guild_settings(2).qa_channels == frozenset({100})
    assert store.announcement(2) is not None and len(store.sent(2)) == 1


def test_two_stores_on_one_file_see_each_other(tmp_path: Path) -> None:
    path = tmp_path / "shared.sqlite3"
    with SqliteStore(path) as first, SqliteStore(path) as second:
        first.save_announcement(config(1))
        assert second.announcement(1) == config(1)
        assert first.claim_post(KEY, NOW)
        assert not second.claim_post(KEY, NOW)


def test_settings_read_by_one_store_follow_changes_by_another(tmp_path: Path) -> None:
    path = tmp_path / "shared.sqlite3"
    with SqliteStore(path) as reader, SqliteStore(path) as writer:
        writer.save_announcement(config(1))
        assert [c.guild_id for c in reader.announcements()] == [1]
        writer.save_announcement(config(2))
        assert [c.guild_id for c in reader.announcements()] == [1, 2]
        writer.disable_announcement(1, "gone")
        assert [c.guild_id for c in reader.announcements(enabled_only=True)] == [2]
        writer.forget_guild(2)
        assert [c.guild_id for c in reader.announcements()] == [1]


def test_threads_racing_to_claim_one_winner_per_key(tmp_path: Path) -> None:
    path = tmp_path / "race.sqlite3"
    keys = [PostKey(g, "chapter-5", "2027-05-21", 7) for g in range(40)]
    stores = [SqliteStore(path) for _ in range(6)]
    barrier = threading.Barrier(len(stores))
    wins: Counter[PostKey] = Counter()
    lock = threading.Lock()

    def race(store: SqliteStore) -> None:
        barrier.wait()
        won = [k for k in keys if store.claim_post(k, NOW)]
        with lock:
            wins.update(won)

    threads = [threading.Thread(target=race, args=(s,)) for s in stores]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    for store in stores:
        store.close()
    assert wins == Counter(keys)


def race_processes(path: Path, keys: list[PostKey], count: int = 3) -> Counter[PostKey]:
    """Run ``count`` processes claiming ``keys`` on one file at once; count the wins."""
    context = multiprocessing.get_context("spawn")
    barrier = context.Barrier(count)
    results: multiprocessing.Queue[list[PostKey]] = context.Queue()
    workers = [
        context.Process(target=claim_all, args=(str(path), keys, barrier, results))
        for _ in range(count)
    ]
    for worker in workers:
        worker.start()
    wins: Counter[PostKey] = Counter()
    for _ in workers:
        wins.update(results.get(timeout=60))
    for worker in workers:
        worker.join(timeout=60)
        assert worker.exitcode == 0
    return wins


def test_processes_racing_to_claim_one_winner_per_key(tmp_path: Path) -> None:
    path = tmp_path / "race.sqlite3"
    SqliteStore(path).close()
    keys = [PostKey(g, "chapter-5", "2027-05-21", 7) for g in range(30)]
    assert race_processes(path, keys) == Counter(keys)


def test_processes_starting_together_migrate_once(tmp_path: Path) -> None:
    assert race_processes(tmp_path / "fresh.sqlite3", [KEY]) == Counter([KEY])
