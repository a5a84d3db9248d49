"""Per-server settings and the announcement sent-log, behind a small store interface."""

from bot.storage.base import (
    DEFAULT_MILESTONES,
    AnnouncementConfig,
    AnswerMode,
    GuildSettings,
    PostKey,
    PostStatus,
    SentRecord,
    Store,
)
from bot.storage.sqlite import SchemaError, SqliteStore

__all__ = [
    "DEFAULT_MILESTONES",
    "AnnouncementConfig",
    "AnswerMode",
    "GuildSettings",
    "PostKey",
    "PostStatus",
    "SchemaError",
    "SentRecord",
    "SqliteStore",
    "Store",
]
