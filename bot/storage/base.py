"""The store interface: what the bot persists, independent of the database behind it.

SQLite implements it today (``sqlite.py``); another database only needs these methods.
Calls are synchronous and fast (local file, short transactions). Instants are timezone-aware.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum
from typing import Protocol


class AnswerMode(StrEnum):
    """Where a server lets Wickbot answer plain questions."""

    MENTION = "mention"  # only when mentioned, replied to, or in DMs
    CHANNELS = "channels"  # also anything in the server's Q&A channels
    AUTO = "auto"  # also confident franchise questions anywhere


@dataclass(frozen=True)
class GuildSettings:
    """A server's answering preferences."""

    guild_id: int
    answer_mode: AnswerMode = AnswerMode.AUTO
    qa_channels: frozenset[int] = frozenset()


#: Days before a release that get a countdown post by default (0 is release day).
DEFAULT_MILESTONES: tuple[int, ...] = (100, 30, 14, 7, 3, 2, 1, 0)


@dataclass(frozen=True)
class AnnouncementConfig:
    """A server's countdown announcements: where, when (local time) and which milestones.

    ``local_time`` is a naive wall-clock time in ``timezone`` (an IANA name).
    ``created_at`` is when these settings took effect: milestones scheduled before it are
    never posted nor logged, so set it to "now" whenever an admin (re)enables announcements.
    """

    guild_id: int
    channel_id: int
    local_time: dt.time
    timezone: str
    role_id: int | None = None
    milestones: tuple[int, ...] = DEFAULT_MILESTONES
    anniversaries: bool = False
    enabled: bool = True
    problem: str | None = None  # why announcements stopped (lost permission, deleted channel)
    created_at: dt.datetime | None = None


@dataclass(frozen=True)
class PostKey:
    """One post's identity: a server never gets the same (work, milestone) post twice.

    ``release`` is the ISO date the countdown counts to, so a moved date is a new plan.
    ``milestone`` is days before release (0 = release day) or ``-N`` for the N-th anniversary.
    """

    guild_id: int
    work_id: str
    release: str
    milestone: int


class PostStatus(StrEnum):
    """Where a post is in its life: claimed before sending, then sent, failed or skipped."""

    CLAIMED = "claimed"  # claimed and being sent (left so if the process died mid-send)
    SENT = "sent"
    FAILED = "failed"
    SKIPPED = "skipped"  # missed during downtime; never to be posted


@dataclass(frozen=True)
class SentRecord:
    """What the sent-log knows about one claimed post."""

    key: PostKey
    status: PostStatus
    claimed_at: dt.datetime
    detail: str | None = None


class Store(Protocol):
    """Persistence used by the Discord layer and the announcement scheduler."""

    def guild_settings(self, guild_id: int) -> GuildSettings:
        """The server's settings (defaults when never set)."""

    def set_answer_mode(self, guild_id: int, mode: AnswerMode) -> None:
        """Choose where plain questions are answered."""

    def set_qa_channel(self, guild_id: int, channel_id: int, enabled: bool) -> None:
        """Mark or unmark a channel as a Q&A channel."""

    def announcement(self, guild_id: int) -> AnnouncementConfig | None:
        """The server's announcement settings, if any."""

    def save_announcement(self, config: AnnouncementConfig) -> None:
        """Create or replace the server's announcement settings."""

    def announcements(self, *, enabled_only: bool = False) -> list[AnnouncementConfig]:
        """Every server's announcement settings (only the enabled ones if asked)."""

    def disable_announcement(self, guild_id: int, problem: str | None) -> None:
        """Stop a server's announcements, recording why (None: turned off by an admin)."""

    def claim_post(self, key: PostKey, now: dt.datetime) -> bool:
        """Atomically claim ``key`` in the sent-log; False if any process claimed it before."""

    def finish_post(self, key: PostKey, status: PostStatus, detail: str | None = None) -> None:
        """Record how a claimed post ended: sent, failed or skipped."""

    def skip_posts(self, skipped: Iterable[tuple[PostKey, str]], now: dt.datetime) -> list[PostKey]:
        """Log posts that will never be sent (with why), in one transaction.

        Returns the keys newly logged; keys already in the sent-log are left as they are.
        """

    def sent(self, guild_id: int, limit: int | None = None) -> list[SentRecord]:
        """The server's sent-log, newest first."""

    def last_tick(self) -> dt.datetime | None:
        """Until when any scheduler has checked for due posts (None: never)."""

    def record_tick(self, moment: dt.datetime) -> None:
        """Note that due posts were checked up to ``moment`` (never moves backwards)."""

    def forget_guild(self, guild_id: int) -> None:
        """Delete everything stored about a server (it removed the bot)."""

    def close(self) -> None:
        """Release the database."""
