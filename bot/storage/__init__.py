"""Per-server settings and the announcement sent-log, behind a small store interface."""

from pathlib import Path

from bot.storage.base import (
    ALL_SHARDS,
    CLAIM_LEASE,
    DEFAULT_MILESTONES,
    AnnouncementConfig,
    AnswerMode,
    GuildSettings,
    PostKey,
    PostStatus,
    SentRecord,
    SettingsCache,
    Store,
    shard_scope,
)
from bot.storage.sqlite import SchemaError, SqliteStore

__all__ = [
    "ALL_SHARDS",
    "CLAIM_LEASE",
    "DEFAULT_MILESTONES",
    "AnnouncementConfig",
    "AnswerMode",
    "GuildSettings",
    "PostKey",
    "PostStatus",
    "SchemaError",
    "SentRecord",
    "SettingsCache",
    "SqliteStore",
    "Store",
    "open_store",
    "shard_scope",
]

SQLITE_PREFIX = "sqlite:///"
POSTGRES_PREFIXES = ("postgresql://", "postgres://")


def open_store(url: str) -> Store:
    """The store behind a DATABASE_URL: ``sqlite:///path`` or ``postgresql://...``.

    Nothing is connected yet for PostgreSQL (its pool opens on the first call, in the loop).
    """
    if url.startswith(SQLITE_PREFIX):
        return SqliteStore(Path(url[len(SQLITE_PREFIX) :]))
    if url.startswith(POSTGRES_PREFIXES):
        from bot.storage.postgres import PostgresStore  # psycopg is only needed here

        return PostgresStore(url)
    raise ValueError("DATABASE_URL must start with sqlite:/// or postgresql://")
