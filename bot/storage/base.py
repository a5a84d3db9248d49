"""The store interface: what the bot persists, independent of the database behind it.

Two backends implement it: SQLite (``sqlite.py``, the default: one file, calls run off the
event loop in a worker thread) and PostgreSQL (``postgres.py``, an async driver; for several
processes on several machines). Every call is a coroutine, so none blocks the event loop.
Instants are timezone-aware.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import time
from collections.abc import Callable, Iterable
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

    @property
    def nonce(self) -> str:
        """The post's message nonce: the same for every attempt, at most 25 characters.

        Sent with ``enforce_nonce``, it makes Discord return the first message instead of
        posting a second one when an attempt is repeated (a retry, or a claim taken over).
        """
        text = f"{self.guild_id}:{self.work_id}:{self.release}:{self.milestone}"
        return hashlib.sha256(text.encode()).hexdigest()[:25]


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


#: How long a claim may stay unconfirmed before another attempt takes it over (same nonce).
#: Shorter than the few minutes Discord remembers a nonce, so a repeat is dropped by Discord.
CLAIM_LEASE = dt.timedelta(seconds=90)
#: The scheduler's progress when the process runs every shard (no SHARD_COUNT).
ALL_SHARDS = "0/1"


def shard_scope(shard_id: int, shard_count: int) -> str:
    """The name under which one shard's scheduler progress is recorded ("2/4")."""
    return f"{shard_id}/{shard_count}"


class Store(Protocol):
    """Persistence used by the Discord layer and the announcement scheduler."""

    async def guild_settings(self, guild_id: int) -> GuildSettings:
        """The server's settings (defaults when never set); cached, see :class:`SettingsCache`."""

    async def set_answer_mode(self, guild_id: int, mode: AnswerMode) -> None:
        """Choose where plain questions are answered."""

    async def set_qa_channel(self, guild_id: int, channel_id: int, enabled: bool) -> None:
        """Mark or unmark a channel as a Q&A channel."""

    async def announcement(self, guild_id: int) -> AnnouncementConfig | None:
        """The server's announcement settings, if any."""

    async def save_announcement(self, config: AnnouncementConfig) -> None:
        """Create or replace the server's announcement settings."""

    async def announcements(self, *, enabled_only: bool = False) -> list[AnnouncementConfig]:
        """Every server's announcement settings (only the enabled ones if asked)."""

    async def disable_announcement(self, guild_id: int, problem: str | None) -> None:
        """Stop a server's announcements, recording why (None: turned off by an admin)."""

    async def claim_post(
        self, key: PostKey, now: dt.datetime, lease: dt.timedelta = CLAIM_LEASE
    ) -> bool:
        """Atomically claim ``key`` in the sent-log.

        True if it was never claimed, or if its claim is still unconfirmed ``lease`` after it
        was made (the claimer died): then this caller takes it over. False otherwise.
        """

    async def finish_post(
        self, key: PostKey, status: PostStatus, detail: str | None = None
    ) -> None:
        """Record how a claimed post ended: sent, failed or skipped."""

    async def skip_posts(
        self, skipped: Iterable[tuple[PostKey, str]], now: dt.datetime
    ) -> list[PostKey]:
        """Log posts that will never be sent (with why), in one transaction.

        Returns the keys newly logged; keys already in the sent-log are left as they are.
        """

    async def stale_claims(self, before: dt.datetime) -> list[PostKey]:
        """Claims still unconfirmed that were made before ``before`` (oldest first)."""

    async def sent(self, guild_id: int, limit: int | None = None) -> list[SentRecord]:
        """The server's sent-log, newest first."""

    async def last_tick(self, scope: str | None = ALL_SHARDS) -> dt.datetime | None:
        """Until when the scheduler of ``scope`` checked for due posts (None: never).

        ``scope=None``: the latest check of any scope.
        """

    async def record_tick(self, moment: dt.datetime, scope: str = ALL_SHARDS) -> None:
        """Note that ``scope``'s due posts were checked up to ``moment`` (never backwards)."""

    async def identify_turn(
        self, bucket: int, now: dt.datetime, spacing: dt.timedelta
    ) -> dt.timedelta:
        """Ask to IDENTIFY in ``bucket``: zero means go (and the turn is taken); otherwise how
        long to wait until the bucket's last IDENTIFY, by any process, is ``spacing`` old."""

    async def forget_guild(self, guild_id: int) -> None:
        """Delete everything stored about a server (it removed the bot)."""

    async def close(self) -> None:
        """Release the database."""


class SettingsCache:
    """Per-server answering settings kept in memory: read on every message in auto mode.

    A store drops a server's entry whenever it writes that server's settings; entries also
    expire after ``ttl`` seconds, so a change made by another process is seen soon after.
    """

    def __init__(self, ttl: float = 30.0, clock: Callable[[], float] = time.monotonic) -> None:
        self.ttl = ttl
        self._clock = clock
        self._entries: dict[int, tuple[float, GuildSettings]] = {}

    def get(self, guild_id: int) -> GuildSettings | None:
        """The cached settings, unless missing or expired."""
        entry = self._entries.get(guild_id)
        if entry is None or self._clock() - entry[0] > self.ttl:
            return None
        return entry[1]

    def put(self, settings: GuildSettings) -> None:
        """Remember settings just read from the database."""
        self._entries[settings.guild_id] = (self._clock(), settings)

    def drop(self, guild_id: int) -> None:
        """Forget a server's entry (its settings were written)."""
        self._entries.pop(guild_id, None)
