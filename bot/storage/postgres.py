"""The PostgreSQL store: the shared database of several bot processes (psycopg 3, async).

Connections come from a small ``psycopg_pool`` pool opened on first use (inside the event
loop); every call is one short transaction. Discord ids are ``BIGINT``, instants
``TIMESTAMPTZ``. Migrations run once under an advisory lock, so processes starting together
migrate once; the schema's version is kept in ``wickbot_schema``.
"""

from __future__ import annotations

import asyncio
import datetime as dt
from collections.abc import AsyncIterator, Iterable
from contextlib import asynccontextmanager
from typing import Any

import psycopg
from psycopg_pool import AsyncConnectionPool

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
from bot.storage.sqlite import SchemaError

#: Connections per process: the scheduler, answers and admin commands rarely need more.
POOL_SIZE = 4
#: An arbitrary constant naming the advisory lock that serialises migrations.
MIGRATION_LOCK = 0x5749434B  # "WICK"

#: The schema, one entry per version (append only, like the SQLite history).
MIGRATIONS: tuple[tuple[str, ...], ...] = (
    (  # 1: everything the SQLite store reached in its four versions
        """CREATE TABLE guild_settings (
            guild_id BIGINT PRIMARY KEY,
            answer_mode TEXT NOT NULL
        )""",
        """CREATE TABLE qa_channels (
            guild_id BIGINT NOT NULL,
            channel_id BIGINT NOT NULL,
            PRIMARY KEY (guild_id, channel_id)
        )""",
        """CREATE TABLE announcements (
            guild_id BIGINT PRIMARY KEY,
            channel_id BIGINT NOT NULL,
            local_time TIME NOT NULL,
            timezone TEXT NOT NULL,
            role_id BIGINT,
            milestones INTEGER[] NOT NULL,
            anniversaries BOOLEAN NOT NULL DEFAULT FALSE,
            enabled BOOLEAN NOT NULL DEFAULT TRUE,
            problem TEXT,
            created_at TIMESTAMPTZ
        )""",
        """CREATE TABLE announcements_version (
            id INTEGER PRIMARY KEY CHECK (id = 1),
            version BIGINT NOT NULL
        )""",
        "INSERT INTO announcements_version (id, version) VALUES (1, 0)",
        """CREATE TABLE sent_log (
            id BIGSERIAL PRIMARY KEY,
            guild_id BIGINT NOT NULL,
            work_id TEXT NOT NULL,
            release TEXT NOT NULL,
            milestone INTEGER NOT NULL,
            status TEXT NOT NULL,
            claimed_at TIMESTAMPTZ NOT NULL,
            detail TEXT,
            attempts INTEGER NOT NULL DEFAULT 1,
            UNIQUE (guild_id, work_id, release, milestone)
        )""",
        "CREATE INDEX sent_log_by_guild ON sent_log (guild_id, claimed_at)",
        "CREATE INDEX sent_log_claims ON sent_log (claimed_at) WHERE status = 'claimed'",
        """CREATE TABLE ticks (
            scope TEXT PRIMARY KEY,
            last_tick TIMESTAMPTZ NOT NULL
        )""",
        """CREATE TABLE identify (
            bucket INTEGER PRIMARY KEY,
            at TIMESTAMPTZ NOT NULL
        )""",
    ),
)
SCHEMA_VERSION = len(MIGRATIONS)

_CONFIG_COLUMNS = (
    "guild_id, channel_id, local_time, timezone, role_id, milestones, anniversaries, "
    "enabled, problem, created_at"
)
_BUMP = "UPDATE announcements_version SET version = version + 1"


async def migrate(conn: psycopg.AsyncConnection[Any]) -> int:
    """Bring the schema to :data:`SCHEMA_VERSION` in one transaction; the version found."""
    async with conn.transaction():
        await conn.execute("SELECT pg_advisory_xact_lock(%s)", (MIGRATION_LOCK,))
        await conn.execute("CREATE TABLE IF NOT EXISTS wickbot_schema (version INTEGER NOT NULL)")
        row = await (await conn.execute("SELECT max(version) FROM wickbot_schema")).fetchone()
        found = int(row[0]) if row and row[0] is not None else 0
        if found > SCHEMA_VERSION:
            raise SchemaError(
                f"database schema v{found} is newer than this Wickbot understands "
                f"(v{SCHEMA_VERSION})"
            )
        for version in range(found + 1, SCHEMA_VERSION + 1):
            for statement in MIGRATIONS[version - 1]:
                await conn.execute(statement)
            await conn.execute("INSERT INTO wickbot_schema (version) VALUES (%s)", (version,))
    return found


def _config(row: tuple[Any, ...]) -> AnnouncementConfig:
    guild, channel, time, zone, role, milestones, anniv, enabled, problem, created = row
    return AnnouncementConfig(
        guild_id=guild,
        channel_id=channel,
        local_time=time,
        timezone=zone,
        role_id=role,
        milestones=tuple(milestones),
        anniversaries=anniv,
        enabled=enabled,
        problem=problem,
        created_at=created,
    )


def _aware(moment: dt.datetime) -> dt.datetime:
    if moment.tzinfo is None:
        raise ValueError("naive datetime: pass a timezone-aware instant")
    return moment


class PostgresStore:
    """The async :class:`~bot.storage.base.Store` on PostgreSQL (``postgresql://`` URL)."""

    def __init__(
        self, url: str, *, pool_size: int = POOL_SIZE, cache: SettingsCache | None = None
    ) -> None:
        self.url = url
        self._pool_size = pool_size
        self._pool: AsyncConnectionPool | None = None
        self._opening = asyncio.Lock()
        self._cache = cache if cache is not None else SettingsCache()
        self._all_configs: tuple[int, list[AnnouncementConfig]] | None = None

    # -- plumbing -------------------------------------------------------------------------

    async def _open(self) -> AsyncConnectionPool:
        async with self._opening:
            if self._pool is None:
                pool = AsyncConnectionPool(
                    self.url,
                    min_size=1,
                    max_size=self._pool_size,
                    kwargs={"autocommit": True},
                    open=False,
                )
                await pool.open(wait=True, timeout=30)
                try:
                    async with pool.connection() as conn:
                        await migrate(conn)
                except BaseException:
                    await pool.close()
                    raise
                self._pool = pool
            return self._pool

    @asynccontextmanager
    async def _tx(self) -> AsyncIterator[psycopg.AsyncConnection[Any]]:
        """One short transaction on a pooled connection."""
        pool = self._pool or await self._open()
        async with pool.connection() as conn, conn.transaction():
            yield conn

    async def _one(self, query: str, params: tuple[Any, ...] = ()) -> tuple[Any, ...] | None:
        async with self._tx() as conn:
            cursor = await conn.execute(query, params)
            return await cursor.fetchone()

    async def _all(self, query: str, params: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
        async with self._tx() as conn:
            cursor = await conn.execute(query, params)
            return await cursor.fetchall()

    async def close(self) -> None:
        """Close the pool (idempotent)."""
        if self._pool is not None:
            pool, self._pool = self._pool, None
            await pool.close()

    async def __aenter__(self) -> PostgresStore:
        return self

    async def __aexit__(self, *exc_info: object) -> None:
        await self.close()

    # -- answering settings ---------------------------------------------------------------

    async def guild_settings(self, guild_id: int) -> GuildSettings:
        """The server's settings (defaults when never set), from the cache when fresh."""
        cached = self._cache.get(guild_id)
        if cached is not None:
            return cached
        async with self._tx() as conn:
            cursor = await conn.execute(
                "SELECT answer_mode FROM guild_settings WHERE guild_id = %s", (guild_id,)
            )
            row = await cursor.fetchone()
            cursor = await conn.execute(
                "SELECT channel_id FROM qa_channels WHERE guild_id = %s", (guild_id,)
            )
            channels = await cursor.fetchall()
        mode = AnswerMode(row[0]) if row else GuildSettings(guild_id).answer_mode
        settings = GuildSettings(guild_id, mode, frozenset(c for (c,) in channels))
        self._cache.put(settings)
        return settings

    async def set_answer_mode(self, guild_id: int, mode: AnswerMode) -> None:
        """Choose where plain questions are answered."""
        self._cache.drop(guild_id)
        await self._all(
            "INSERT INTO guild_settings (guild_id, answer_mode) VALUES (%s, %s) "
            "ON CONFLICT (guild_id) DO UPDATE SET answer_mode = excluded.answer_mode "
            "RETURNING guild_id",
            (guild_id, AnswerMode(mode).value),
        )
        self._cache.drop(guild_id)

    async def set_qa_channel(self, guild_id: int, channel_id: int, enabled: bool) -> None:
        """Mark or unmark a channel as a Q&A channel."""
        self._cache.drop(guild_id)
        async with self._tx() as conn:
            if enabled:
                await conn.execute(
                    "INSERT INTO qa_channels (guild_id, channel_id) VALUES (%s, %s) "
                    "ON CONFLICT DO NOTHING",
                    (guild_id, channel_id),
                )
            else:
                await conn.execute(
                    "DELETE FROM qa_channels WHERE guild_id = %s AND channel_id = %s",
                    (guild_id, channel_id),
                )
        self._cache.drop(guild_id)

    # -- announcement settings ------------------------------------------------------------

    async def announcement(self, guild_id: int) -> AnnouncementConfig | None:
        """The server's announcement settings, if any."""
        row = await self._one(
            f"SELECT {_CONFIG_COLUMNS} FROM announcements WHERE guild_id = %s", (guild_id,)
        )
        return None if row is None else _config(row)

    async def save_announcement(self, config: AnnouncementConfig) -> None:
        """Create or replace the server's announcement settings."""
        if config.local_time.tzinfo is not None:
            raise ValueError("local_time must be a wall-clock time (no tzinfo)")
        created = None if config.created_at is None else _aware(config.created_at)
        values = (
            config.guild_id,
            config.channel_id,
            config.local_time.replace(second=0, microsecond=0),
            config.timezone,
            config.role_id,
            list(config.milestones),
            config.anniversaries,
            config.enabled,
            config.problem,
            created,
        )
        updates = ", ".join(
            f"{c} = excluded.{c}" for c in _CONFIG_COLUMNS.split(", ") if c != "guild_id"
        )
        async with self._tx() as conn:
            await conn.execute(
                f"INSERT INTO announcements ({_CONFIG_COLUMNS}) "
                "VALUES (%s, %s, %s, %s, %s, %s, %s, %s, %s, %s) "
                f"ON CONFLICT (guild_id) DO UPDATE SET {updates}",
                values,
            )
            await conn.execute(_BUMP)

    async def announcements(self, *, enabled_only: bool = False) -> list[AnnouncementConfig]:
        """Every server's settings; read once and cached until any process changes one."""
        async with self._tx() as conn:
            cursor = await conn.execute("SELECT version FROM announcements_version")
            row = await cursor.fetchone()
            version = int(row[0]) if row else 0
            if self._all_configs is None or self._all_configs[0] != version:
                cursor = await conn.execute(
                    f"SELECT {_CONFIG_COLUMNS} FROM announcements ORDER BY guild_id"
                )
                self._all_configs = (version, [_config(r) for r in await cursor.fetchall()])
            configs = self._all_configs[1]
        return [c for c in configs if c.enabled] if enabled_only else list(configs)

    async def disable_announcement(self, guild_id: int, problem: str | None) -> None:
        """Stop a server's announcements, recording why (None: turned off by an admin)."""
        async with self._tx() as conn:
            await conn.execute(
                "UPDATE announcements SET enabled = FALSE, problem = %s WHERE guild_id = %s",
                (problem, guild_id),
            )
            await conn.execute(_BUMP)

    # -- the sent-log ---------------------------------------------------------------------

    @staticmethod
    def _key(key: PostKey) -> tuple[int, str, str, int]:
        return (key.guild_id, key.work_id, key.release, key.milestone)

    async def claim_post(
        self, key: PostKey, now: dt.datetime, lease: dt.timedelta = CLAIM_LEASE
    ) -> bool:
        """Claim ``key``; or take over its claim left unconfirmed for ``lease``."""
        row = await self._one(
            "INSERT INTO sent_log (guild_id, work_id, release, milestone, status, claimed_at) "
            "VALUES (%s, %s, %s, %s, %s, %s) "
            "ON CONFLICT (guild_id, work_id, release, milestone) DO UPDATE "
            "SET claimed_at = excluded.claimed_at, attempts = sent_log.attempts + 1 "
            "WHERE sent_log.status = %s AND sent_log.claimed_at <= %s RETURNING id",
            (
                *self._key(key),
                PostStatus.CLAIMED.value,
                _aware(now),
                PostStatus.CLAIMED.value,
                now - lease,
            ),
        )
        return row is not None

    async def finish_post(
        self, key: PostKey, status: PostStatus, detail: str | None = None
    ) -> None:
        """Record how a claimed post ended: sent, failed or skipped."""
        status = PostStatus(status)
        if status is PostStatus.CLAIMED:
            raise ValueError("finish_post needs a final status")
        row = await self._one(
            "UPDATE sent_log SET status = %s, detail = %s WHERE guild_id = %s AND work_id = %s"
            " AND release = %s AND milestone = %s RETURNING id",
            (status.value, detail, *self._key(key)),
        )
        if row is None:
            raise KeyError(f"{key} was never claimed")

    async def skip_posts(
        self, skipped: Iterable[tuple[PostKey, str]], now: dt.datetime
    ) -> list[PostKey]:
        """Log posts that will never be sent (with why), in one statement."""
        items = list(skipped)
        if not items:
            return []
        columns: list[list[Any]] = [[], [], [], [], []]
        for key, reason in items:
            for column, value in zip(columns, (*self._key(key), reason), strict=True):
                column.append(value)
        rows = await self._all(
            "INSERT INTO sent_log (guild_id, work_id, release, milestone, status, claimed_at,"
            " detail) SELECT g, w, r, m, %s, %s, d FROM unnest("
            "%s::bigint[], %s::text[], %s::text[], %s::integer[], %s::text[]) AS t(g, w, r, m, d)"
            " ON CONFLICT DO NOTHING RETURNING guild_id, work_id, release, milestone",
            (PostStatus.SKIPPED.value, _aware(now), *columns),
        )
        logged = {PostKey(*row) for row in rows}
        return [key for key, _ in items if key in logged]

    async def stale_claims(self, before: dt.datetime) -> list[PostKey]:
        """Claims still unconfirmed that were made before ``before`` (oldest first)."""
        rows = await self._all(
            "SELECT guild_id, work_id, release, milestone FROM sent_log "
            "WHERE status = %s AND claimed_at < %s ORDER BY claimed_at, id",
            (PostStatus.CLAIMED.value, _aware(before)),
        )
        return [PostKey(*row) for row in rows]

    async def sent(self, guild_id: int, limit: int | None = None) -> list[SentRecord]:
        """The server's sent-log, newest first."""
        rows = await self._all(
            "SELECT work_id, release, milestone, status, claimed_at, detail FROM sent_log "
            "WHERE guild_id = %s ORDER BY claimed_at DESC, id DESC LIMIT %s",
            (guild_id, limit),
        )
        return [
            SentRecord(PostKey(guild_id, work, release, milestone), PostStatus(status), at, why)
            for work, release, milestone, status, at, why in rows
        ]

    # -- scheduler progress and IDENTIFY turns --------------------------------------------

    async def last_tick(self, scope: str | None = ALL_SHARDS) -> dt.datetime | None:
        """Until when ``scope``'s scheduler checked for due posts (None: any scope's latest)."""
        if scope is None:
            row = await self._one("SELECT max(last_tick) FROM ticks")
        else:
            row = await self._one("SELECT last_tick FROM ticks WHERE scope = %s", (scope,))
        return None if row is None or row[0] is None else row[0]

    async def record_tick(self, moment: dt.datetime, scope: str = ALL_SHARDS) -> None:
        """Note that ``scope``'s due posts were checked up to ``moment`` (never backwards)."""
        await self._all(
            "INSERT INTO ticks (scope, last_tick) VALUES (%s, %s) ON CONFLICT (scope) "
            "DO UPDATE SET last_tick = greatest(ticks.last_tick, excluded.last_tick) "
            "RETURNING scope",
            (scope, _aware(moment)),
        )

    async def identify_turn(
        self, bucket: int, now: dt.datetime, spacing: dt.timedelta
    ) -> dt.timedelta:
        """Zero and the turn is taken, or how long until the bucket's turn comes."""
        async with self._tx() as conn:
            cursor = await conn.execute(
                "INSERT INTO identify (bucket, at) VALUES (%s, %s) ON CONFLICT (bucket) "
                "DO UPDATE SET at = excluded.at WHERE identify.at <= %s RETURNING at",
                (bucket, _aware(now), now - spacing),
            )
            if await cursor.fetchone() is not None:
                return dt.timedelta(0)
            cursor = await conn.execute("SELECT at FROM identify WHERE bucket = %s", (bucket,))
            row = await cursor.fetchone()
        last: dt.datetime = row[0] if row else now - spacing
        return max(last + spacing - now, dt.timedelta(microseconds=1))

    # -- leaving a server -----------------------------------------------------------------

    async def forget_guild(self, guild_id: int) -> None:
        """Delete everything stored about a server (it removed the bot)."""
        self._cache.drop(guild_id)
        async with self._tx() as conn:
            for table in ("guild_settings", "qa_channels", "announcements", "sent_log"):
                await conn.execute(
                    f"DELETE FROM {table} WHERE guild_id = %s",
                    (guild_id,),
                )
            await conn.execute(_BUMP)
        self._cache.drop(guild_id)
