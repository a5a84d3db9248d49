"""What only the SQLite store does: its file, WAL, migrations, sharing the file across processes.

The behaviour every store shares is in ``test_contract.py``.
"""

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
    PostKey,
    SchemaError,
)
from bot.storage.sqlite import MIGRATIONS, SCHEMA_VERSION, SqliteDatabase
from tests.storage.race import claim_all

NOW = dt.datetime(2026, 11, 25, 12, 0, tzinfo=dt.UTC)
KEY = PostKey(guild_id=1, work_id="chapter-5", release="2027-05-21", milestone=7)


@pytest.fixture
def store(tmp_path: Path) -> Iterator[SqliteDatabase]:
    with SqliteDatabase(tmp_path / "wick.sqlite3") as opened:
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
    SqliteDatabase(path).close()
    assert path.exists()


def test_uses_wal_and_a_busy_timeout(store: SqliteDatabase) -> None:
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
    with SqliteDatabase(path) as store:
        assert store.guild_settings(5).answer_mode is AnswerMode.MENTION
        store.save_announcement(config(5))  # tables of the later migrations exist
        assert store.announcement(5) == config(5)
    with sqlite3.connect(path) as db:
        assert db.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
    db.close()


def test_reopening_does_not_migrate_again(tmp_path: Path) -> None:
    path = tmp_path / "wick.sqlite3"
    with SqliteDatabase(path) as store:
        store.set_answer_mode(1, AnswerMode.CHANNELS)
    with SqliteDatabase(path) as store:
        assert store.guild_settings(1).answer_mode is AnswerMode.CHANNELS


def test_refuses_a_database_from_a_newer_version(tmp_path: Path) -> None:
    path = tmp_path / "new.sqlite3"
    db = sqlite3.connect(path)
    db.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    db.close()
    with pytest.raises(SchemaError, match="newer"):
        SqliteDatabase(path)


def test_two_stores_on_one_file_see_each_other(tmp_path: Path) -> None:
    path = tmp_path / "shared.sqlite3"
    with SqliteDatabase(path) as first, SqliteDatabase(path) as second:
        first.save_announcement(config(1))
        assert second.announcement(1) == config(1)
        assert first.claim_post(KEY, NOW)
        assert not second.claim_post(KEY, NOW)


def test_threads_racing_to_claim_one_winner_per_key(tmp_path: Path) -> None:
    path = tmp_path / "race.sqlite3"
    keys = [PostKey(g, "chapter-5", "2027-05-21", 7) for g in range(40)]
    stores = [SqliteDatabase(path) for _ in range(6)]
    barrier = threading.Barrier(len(stores))
    wins: Counter[PostKey] = Counter()
    lock = threading.Lock()

    def race(store: SqliteDatabase) -> None:
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
    SqliteDatabase(path).close()
    keys = [PostKey(g, "chapter-5", "2027-05-21", 7) for g in range(30)]
    assert race_processes(path, keys) == Counter(keys)


def test_processes_starting_together_migrate_once(tmp_path: Path) -> None:
    assert race_processes(tmp_path / "fresh.sqlite3", [KEY]) == Counter([KEY])
