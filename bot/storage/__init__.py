"""Per-server settings and the announcement sent-log, behind a small store interface."""

from bot.storage.base import (
    AnnouncementConfig,
    AnswerMode,
    GuildSettings,
    PostKey,
    Store,
)

__all__ = ["AnnouncementConfig", "AnswerMode", "GuildSettings", "PostKey", "Store"]
