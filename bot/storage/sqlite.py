"""The SQLite store: one file, WAL mode, versioned migrations, short transactions.

:class:`SqliteDatabase` does the work synchronously; :class:`SqliteStore` is the async
:class:`~bot.storage.base.Store` that runs each call in a worker thread, off the event loop.
Several processes on one machine may share the file. Every write runs in ``BEGIN IMMEDIATE``
(the write lock is taken up front, waiting up to ``busy_timeout``), so claiming a post is
atomic across processes. Instants are stored as integer microseconds since the epoch (UTC).
"""

from __future__ import annotations

import asyncio
import datetime as dt
import sqlite3
import threading
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path
from types import TracebackType

from bot.storage.base import (
    ALL_SHARDS,
    CLAIM_LEASE,
    AnnouncementConfig,
    AnswerMode,
    GuildSettings,
    PostKey,
    PostStatus,
    SentRecord,
    SettingsCache,
)

#: How long a statement waits for another process's write lock before failing.
BUSY_TIMEOUT_MS = 5_000

#: The schema, one entry per version: version N is reached by running MIGRATIONS[N - 1].
#: Append only; never edit a migration that has shipped.
MIGRATIONS: tuple[tuple[str, ...], ...] = (
    (  # 1: answering settings
        """CREATE TABLE guild_settings (
            guild_id INTEGER PRIMARY KEY,
            answer_mode TEXT NOT NULL
        )""",
        """CREATE TABLE qa_channels (
            guild_id INTEGER NOT NULL,
            channel_id INTEGER NOT NULL,
            PRIMARY KEY (guild_id, channel_id)
        ) WITHOUT ROWID""",
    ),
    (  # 2: countdown announcements, the sent-log and the scheduler's progress
        """CREATE TABLE announcements (
            guild_id INTEGER PRIMARY KEY,
            channel_id INTEGER NOT NULL,
            local_time TEXT NOT NULL,
            timezone TEXT NOT NULL,
            role_id INTEGER,
            milestones TEXT NOT NULL,
            anniversaries INTEGER NOT NULL DEFAULT 0,
            enabled INTEGER NOT NULL DEFAULT 1,
            problem TEXT,
            created_at INTEGER
        )""",
        """CREATE TABLE sent_log (
            guild_id INTEGER NOT NULL,
            work_id TEXT NOT NULL,
            release TEXT NOT NULL,
            milestone INTEGER NOT NULL,
            status TEXT NOT NULL,
            claimed_at INTEGER NOT NULL,
            detail TEXT,
            UNIQUE (guild_id, work_id, release, milestone)
        )""",
        "CREATE INDEX sent_log_by_guild ON sent_log (guild_id, claimed_at)",
        """CREATE TABLE scheduler (
            id INTEGER PRIMARY KEY CHECK (id = 1),
            last_tick INTEGER NOT NULL
        )""",
    ),
    (  # 3: a counter bumped by every change to announcements (readers cache until it moves)
        """CREATE TABLE announcements_version (
            id INTEGER PRIMARY KEY CHECK (id = 1),
            version INTEGER NOT NULL
        )""",
        "INSERT INTO announcements_version (id, version) VALUES (1, 0)",
        *(
            f"""CREATE TRIGGER announcements_{event.lower()} AFTER {event} ON announcements
            BEGIN UPDATE announcements_version SET version = version + 1; END"""
            for event in ("INSERT", "UPDATE", "DELETE")
        ),
    ),
    (  # 4: claim take-overs, scheduler progress per shard, IDENTIFY turns
        "ALTER TABLE sent_log ADD COLUMN attempts INTEGER NOT NULL DEFAULT 1",
        "CREATE INDEX sent_log_claims ON sent_log (claimed_at) WHERE status = 'claimed'",
        """CREATE TABLE ticks (
            scope TEXT PRIMARY KEY,
            last_tick INTEGER NOT NULL
        ) WITHOUT ROWID""",
        f"INSERT INTO ticks (scope, last_tick) SELECT '{ALL_SHARDS}', last_tick FROM scheduler",
        """CREATE TABLE identify (
            bucket INTEGER PRIMARY KEY,
            at INTEGER NOT NULL
        )""",
    ),
)

SCHEMA_VERSION = len(MIGRATIONS)


class SchemaError(RuntimeError):
    """The database was written by a newer Wickbot than this one."""


def _micros(moment: dt.datetime) -> int:
    if moment.tzinfo is None:
        raise ValueError("naive datetime: pass a timezone-aware instant")
    return (moment - _EPOCH) // dt.timedelta(microseconds=1)


def _instant(micros: int) -> dt.datetime:
    return _EPOCH + dt.timedelta(microseconds=micros)


_EPOCH = dt.datetime(1970, 1, 1, tzinfo=dt.UTC)


def migrate(db: sqlite3.Connection) -> int:
    """Bring the schema to :data:`SCHEMA_VERSION`; returns the version found before.

    Each step runs in its own immediate transaction and re-reads the version inside it, so
    two processes starting together migrate once.
    """
    found: int = db.execute("PRAGMA user_version").fetchone()[0]
    if found > SCHEMA_VERSION:
        raise SchemaError(
            f"database schema v{found} is newer than this Wickbot understands (v{SCHEMA_VERSION})"
        )
    for version in range(found + 1, SCHEMA_VERSION + 1):
        db.execute("BEGIN IMMEDIATE")
        try:
            current: int = db.execute("PRAGMA user_version").fetchone()[0]
            if current < version:
                for statement in MIGRATIONS[version - 1]:
                    db.execute(statement)
                db.execute(f"PRAGMA user_version = {version}")
        except BaseException:
            db.execute("ROLLBACK")
            raise
        db.execute("COMMIT")
    return found


class SqliteDatabase:
    """The store's operations on an SQLite file (created on first use), synchronously.

    One connection per instance, usable from several threads (calls are serialised).
    """

    def __init__(self, path: Path) -> None:
        self.path = path
        path.parent.mkdir(parents=True, exist_ok=True)
        self._lock = threading.Lock()
        self._all_configs: tuple[int, list[AnnouncementConfig]] | None = None
        self._times: dict[str, dt.time] = {}
        self._milestones: dict[str, tuple[int, ...]] = {}
        self._db = sqlite3.connect(
            path, timeout=BUSY_TIMEOUT_MS / 1000, isolation_level=None, check_same_thread=False
        )
        self._db.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
        self._db.execute("PRAGMA journal_mode = WAL")
        # FULL: a committed claim survives power loss, so a sent post is never sent again.
        self._db.execute("PRAGMA synchronous = FULL")
        try:
            migrate(self._db)
        except BaseException:
            self._db.close()
            raise

    # -- plumbing -------------------------------------------------------------------------

    @contextmanager
    def _write(self) -> Iterator[sqlite3.Connection]:
        """A short write transaction holding the database's write lock from the start."""
        with self._lock:
            self._db.execute("BEGIN IMMEDIATE")
            try:
                yield self._db
            except BaseException:
                self._db.execute("ROLLBACK")
                raise
            self._db.execute("COMMIT")

    @contextmanager
    def _read(self) -> Iterator[sqlite3.Connection]:
        """A read transaction: one consistent snapshot for several queries."""
        with self._lock:
            self._db.execute("BEGIN")
            try:
                yield self._db
            finally:
                self._db.execute("COMMIT")

    def close(self) -> None:
        """Release the database (idempotent)."""
        with self._lock:
            self._db.close()

    def __enter__(self) -> SqliteDatabase:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()

    # -- answering settings ---------------------------------------------------------------

    def guild_settings(self, guild_id: int) -> GuildSettings:
        """The server's settings (defaults when never set)."""
        with self._read() as db:
            row = db.execute(
                "SELECT answer_mode FROM guild_settings WHERE guild_id = ?", (guild_id,)
            ).fetchone()
            channels = db.execute(
                "SELECT channel_id FROM qa_channels WHERE guild_id = ?", (guild_id,)
            ).fetchall()
        mode = AnswerMode(row[0]) if row else GuildSettings(guild_id).answer_mode
        return GuildSettings(guild_id, mode, frozenset(c for (c,) in channels))

    def set_answer_mode(self, guild_id: int, mode: AnswerMode) -> None:
        """Choose where plain questions are answered."""
        with self._write() as db:
            db.execute(
                "INSERT INTO guild_settings (guild_id, answer_mode) VALUES (?, ?) "
                "ON CONFLICT (guild_id) DO UPDATE SET answer_mode = excluded.answer_mode",
                (guild_id, AnswerMode(mode).value),
            )

    def set_qa_channel(self, guild_id: int, channel_id: int, enabled: bool) -> None:
        """Mark or unmark a channel as a Q&A channel."""
        with self._write() as db:
            if enabled:
                db.execute(
                    "INSERT OR IGNORE INTO qa_channels (guild_id, channel_id) VALUES (?, ?)",
                    (guild_id, channel_id),
                )
            else:
                db.execute(
                    "DELETE FROM qa_channels WHERE guild_id = ? AND channel_id = ?",
                    (guild_id, channel_id),
                )

    # -- announcement settings ------------------------------------------------------------

    _CONFIG_COLUMNS = (
        "guild_id, channel_id, local_time, timezone, role_id, milestones, anniversaries, "
        "enabled, problem, created_at"
    )

    def _config(self, row: tuple[object, ...]) -> AnnouncementConfig:
        (guild, channel, time, zone, role, milestones, anniv, enabled, problem, created) = row
        assert isinstance(guild, int) and isinstance(channel, int)
        assert isinstance(time, str) and isinstance(zone, str) and isinstance(milestones, str)
        assert role is None or isinstance(role, int)
        assert problem is None or isinstance(problem, str)
        assert created is None or isinstance(created, int)
        local_time = self._times.get(time)
        if local_time is None:
            local_time = self._times[time] = dt.time.fromisoformat(time)
        parsed = self._milestones.get(milestones)
        if parsed is None:
            parsed = tuple(int(m) for m in milestones.split(",") if m)
            self._milestones[milestones] = parsed
        return AnnouncementConfig(
            guild_id=guild,
            channel_id=channel,
            local_time=local_time,
            timezone=zone,
            role_id=role,
            milestones=parsed,
            anniversaries=bool(anniv),
            enabled=bool(enabled),
            problem=problem,
            created_at=None if created is None else _instant(created),
        )

    def announcement(self, guild_id: int) -> AnnouncementConfig | None:
        """The server's announcement settings, if any."""
        with self._lock:
            row = self._db.execute(
                f"SELECT {self._CONFIG_COLUMNS} FROM announcements WHERE guild_id = ?",
                (guild_id,),
            ).fetchone()
        return None if row is None else self._config(row)

    def save_announcement(self, config: AnnouncementConfig) -> None:
        """Create or replace the server's announcement settings."""
        if config.local_time.tzinfo is not None:
            raise ValueError("local_time must be a wall-clock time (no tzinfo)")
        values = (
            config.guild_id,
            config.channel_id,
            config.local_time.isoformat(timespec="minutes"),
            config.timezone,
            config.role_id,
            ",".join(str(m) for m in config.milestones),
            int(config.anniversaries),
            int(config.enabled),
            config.problem,
            None if config.created_at is None else _micros(config.created_at),
        )
        with self._write() as db:
            db.execute(
                f"INSERT OR REPLACE INTO announcements ({self._CONFIG_COLUMNS}) "
                "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                values,
            )

    def announcements(self, *, enabled_only: bool = False) -> list[AnnouncementConfig]:
        """Every server's announcement settings (only the enabled ones if asked).

        Read once and cached until any process changes a server's settings.
        """
        with self._read() as db:
            (version,) = db.execute("SELECT version FROM announcements_version").fetchone()
            if self._all_configs is None or self._all_configs[0] != version:
                rows = db.execute(
                    f"SELECT {self._CONFIG_COLUMNS} FROM announcements ORDER BY guild_id"
                ).fetchall()
                self._all_configs = (version, [self._config(row) for row in rows])
            configs = self._all_configs[1]
        return [c for c in configs if c.enabled] if enabled_only else list(configs)

    def disable_announcement(self, guild_id: int, problem: str | None) -> None:
        """Stop a server's announcements, recording why (None: turned off by an admin)."""
        with self._write() as db:
            db.execute(
                "UPDATE announcements SET enabled = 0, problem = ? WHERE guild_id = ?",
                (problem, guild_id),
            )

    # -- the sent-log ---------------------------------------------------------------------

    @staticmethod
    def _key(key: PostKey) -> tuple[int, str, str, int]:
        return (key.guild_id, key.work_id, key.release, key.milestone)

    def claim_post(self, key: PostKey, now: dt.datetime, lease: dt.timedelta = CLAIM_LEASE) -> bool:
        """Claim ``key``; or take over its claim left unconfirmed for ``lease``."""
        with self._write() as db:
            cursor = db.execute(
                "INSERT INTO sent_log (guild_id, work_id, release, milestone, status, claimed_at)"
                " VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (guild_id, work_id, release, milestone)"
                " DO UPDATE SET claimed_at = excluded.claimed_at, attempts = attempts + 1"
                " WHERE status = ? AND claimed_at <= ?",
                (
                    *self._key(key),
                    PostStatus.CLAIMED.value,
                    _micros(now),
                    PostStatus.CLAIMED.value,
                    _micros(now - lease),
                ),
            )
            return cursor.rowcount == 1

    def stale_claims(self, before: dt.datetime) -> list[PostKey]:
        """Claims still unconfirmed that were made before ``before`` (oldest first)."""
        with self._lock:
            rows = self._db.execute(
                "SELECT guild_id, work_id, release, milestone FROM sent_log"
                " WHERE status = ? AND claimed_at < ? ORDER BY claimed_at",
                (PostStatus.CLAIMED.value, _micros(before)),
            ).fetchall()
        return [PostKey(*row) for row in rows]

    def finish_post(self, key: PostKey, status: PostStatus, detail: str | None = None) -> None:
        """Record how a claimed post ended: sent, failed or skipped."""
        status = PostStatus(status)
        if status is PostStatus.CLAIMED:
            raise ValueError("finish_post needs a final status")
        with self._write() as db:
            cursor = db.execute(
                "UPDATE sent_log SET status = ?, detail = ? "
                "WHERE guild_id = ? AND work_id = ? AND release = ? AND milestone = ?",
                (status.value, detail, *self._key(key)),
            )
            if cursor.rowcount != 1:
                raise KeyError(f"{key} was never claimed")

    def skip_posts(self, skipped: Iterable[tuple[PostKey, str]], now: dt.datetime) -> list[PostKey]:
        """Log posts that will never be sent (with why), in one transaction.

        Returns the keys newly logged; keys already in the sent-log are left as they are.
        """
        logged: list[PostKey] = []
        at = _micros(now)
        with self._write() as db:
            for key, reason in skipped:
                cursor = db.execute(
                    "INSERT INTO sent_log (guild_id, work_id, release, milestone, status,"
                    " claimed_at, detail) VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING",
                    (*self._key(key), PostStatus.SKIPPED.value, at, reason),
                )
                if cursor.rowcount == 1:
                    logged.append(key)
        return logged

    def sent(self, guild_id: int, limit: int | None = None) -> list[SentRecord]:
        """The server's sent-log, newest first."""
        with self._lock:
            rows = self._db.execute(
                "SELECT work_id, release, milestone, status, claimed_at, detail FROM sent_log "
                "WHERE guild_id = ? ORDER BY claimed_at DESC, rowid DESC LIMIT ?",
                (guild_id, -1 if limit is None else limit),
            ).fetchall()
        return [
            SentRecord(
                PostKey(guild_id, work, release, milestone),
                PostStatus(status),
                _instant(claimed),
                detail,
            )
            for work, release, milestone, status, claimed, detail in rows
        ]

    # -- scheduler progress ---------------------------------------------------------------

    def last_tick(self, scope: str | None = ALL_SHARDS) -> dt.datetime | None:
        """Until when ``scope``'s scheduler checked for due posts (None: any scope's latest)."""
        with self._lock:
            if scope is None:
                row = self._db.execute("SELECT max(last_tick) FROM ticks").fetchone()
            else:
                row = self._db.execute(
                    "SELECT last_tick FROM ticks WHERE scope = ?", (scope,)
                ).fetchone()
        return None if row is None or row[0] is None else _instant(row[0])

    def record_tick(self, moment: dt.datetime, scope: str = ALL_SHARDS) -> None:
        """Note that ``scope``'s due posts were checked up to ``moment`` (never backwards)."""
        with self._write() as db:
            db.execute(
                "INSERT INTO ticks (scope, last_tick) VALUES (?, ?) ON CONFLICT (scope) "
                "DO UPDATE SET last_tick = max(last_tick, excluded.last_tick)",
                (scope, _micros(moment)),
            )

    def identify_turn(self, bucket: int, now: dt.datetime, spacing: dt.timedelta) -> dt.timedelta:
        """Zero and the turn is taken, or how long until the bucket's turn comes."""
        with self._write() as db:
            row = db.execute("SELECT at FROM identify WHERE bucket = ?", (bucket,)).fetchone()
            if row is not None:
                wait = _instant(row[0]) + spacing - now
                if wait > dt.timedelta(0):
                    return wait
            db.execute(
                "INSERT INTO identify (bucket, at) VALUES (?, ?) "
                "ON CONFLICT (bucket) DO UPDATE SET at = excluded.at",
                (bucket, _micros(now)),
            )
        return dt.timedelta(0)

    # -- leaving a server -----------------------------------------------------------------

    def forget_guild(self, guild_id: int) -> None:
        """Delete everything stored about a server (it removed the bot)."""
        with self._write() as db:
            for table in ("guild_settings", "qa_channels", "announcements", "sent_log"):
                db.execute(f"DELETE FROM {table} WHERE guild_id = ?", (guild_id,))


class SqliteStore:
    """The async :class:`~bot.storage.base.Store` on an SQLite file: each call runs in a
    worker thread (never on the event loop); per-server settings are cached."""

    def __init__(self, path: Path, *, cache: SettingsCache | None = None) -> None:
        self.path = path
        self.database = SqliteDatabase(path)
        self._cache = cache if cache is not None else SettingsCache()

    async def guild_settings(self, guild_id: int) -> GuildSettings:
        """The server's settings (defaults when never set), from the cache when fresh."""
        cached = self._cache.get(guild_id)
        if cached is None:
            cached = await asyncio.to_thread(self.database.guild_settings, guild_id)
            self._cache.put(cached)
        return cached

    async def set_answer_mode(self, guild_id: int, mode: AnswerMode) -> None:
        """Choose where plain questions are answered."""
        self._cache.drop(guild_id)
        await asyncio.to_thread(self.database.set_answer_mode, guild_id, mode)
        self._cache.drop(guild_id)

    async def set_qa_channel(self, guild_id: int, channel_id: int, enabled: bool) -> None:
        """Mark or unmark a channel as a Q&A channel."""
        self._cache.drop(guild_id)
        await asyncio.to_thread(self.database.set_qa_channel, guild_id, channel_id, enabled)
        self._cache.drop(guild_id)

    async def announcement(self, guild_id: int) -> AnnouncementConfig | None:
        """The server's announcement settings, if any."""
        return await asyncio.to_thread(self.database.announcement, guild_id)

    async def save_announcement(self, config: AnnouncementConfig) -> None:
        """Create or replace the server's announcement settings."""
        await asyncio.to_thread(self.database.save_announcement, config)

    async def announcements(self, *, enabled_only: bool = False) -> list[AnnouncementConfig]:
        """Every server's announcement settings (only the enabled ones if asked)."""
        return await asyncio.to_thread(self.database.announcements, enabled_only=enabled_only)

    async def disable_announcement(self, guild_id: int, problem: str | None) -> None:
        """Stop a server's announcements, recording why (None: turned off by an admin)."""
        await asyncio.to_thread(self.database.disable_announcement, guild_id, problem)

    async def claim_post(
        self, key: PostKey, now: dt.datetime, lease: dt.timedelta = CLAIM_LEASE
    ) -> bool:
        """Claim ``key``; or take over its claim left unconfirmed for ``lease``."""
        return await asyncio.to_thread(self.database.claim_post, key, now, lease)

    async def finish_post(
        self, key: PostKey, status: PostStatus, detail: str | None = None
    ) -> None:
        """Record how a claimed post ended: sent, failed or skipped."""
        await asyncio.to_thread(self.database.finish_post, key, status, detail)

    async def skip_posts(
        self, skipped: Iterable[tuple[PostKey, str]], now: dt.datetime
    ) -> list[PostKey]:
        """Log posts that will never be sent (with why); the keys newly logged."""
        return await asyncio.to_thread(self.database.skip_posts, list(skipped), now)

    async def stale_claims(self, before: dt.datetime) -> list[PostKey]:
        """Claims still unconfirmed that were made before ``before`` (oldest first)."""
        return await asyncio.to_thread(self.database.stale_claims, before)

    async def sent(self, guild_id: int, limit: int | None = None) -> list[SentRecord]:
        """The server's sent-log, newest first."""
        return await asyncio.to_thread(self.database.sent, guild_id, limit)

    async def last_tick(self, scope: str | None = ALL_SHARDS) -> dt.datetime | None:
        """Until when ``scope``'s scheduler checked for due posts (None: any scope's latest)."""
        return await asyncio.to_thread(self.database.last_tick, scope)

    async def record_tick(self, moment: dt.datetime, scope: str = ALL_SHARDS) -> None:
        """Note that ``scope``'s due posts were checked up to ``moment`` (never backwards)."""
        await asyncio.to_thread(self.database.record_tick, moment, scope)

    async def identify_turn(
        self, bucket: int, now: dt.datetime, spacing: dt.timedelta
    ) -> dt.timedelta:
        """Zero and the turn is taken, or how long until the bucket's turn comes."""
        return await asyncio.to_thread(self.database.identify_turn, bucket, now, spacing)

    async def forget_guild(self, guild_id: int) -> None:
        """Delete everything stored about a server (it removed the bot)."""
        self._cache.drop(guild_id)
        await asyncio.to_thread(self.database.forget_guild, guild_id)
        self._cache.drop(guild_id)

    async def close(self) -> None:
        """Release the database (idempotent)."""
        await asyncio.to_thread(self.database.close)

    async def __aenter__(self) -> SqliteStore:
        return self

    async def __aexit__(self, *exc_info: object) -> None:
        await self.close()
