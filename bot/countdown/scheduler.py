"""The announcement tick: plan every server, claim each post, send it, record the outcome.

Discord-free: posts go out through an injected async ``sender`` that reports a
:class:`SendResult`. Exactly once comes from the store and the post's nonce: a post is
claimed in the sent-log before it is sent (claim -> send -> confirm), so a restart or a
second process on the same database does not send it again; a claim left unconfirmed past
its lease (the process died mid-send) is taken over and sent again with the same nonce, and
Discord drops the repeat if the first attempt had made it. A process may own only some
shards: it plans, sends and records progress for the servers on them only.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import logging
from collections.abc import Awaitable, Callable, Iterable, Sequence
from dataclasses import dataclass, field
from enum import StrEnum

from bot.clock import Clock
from bot.countdown.plan import (
    CATCH_UP_LIMIT,
    Planner,
    ScheduledPost,
    SkippedPost,
    counting_down,
    waiting_for_date,
    zone_of,
)
from bot.facts.schema import Work
from bot.storage.base import (
    ALL_SHARDS,
    CLAIM_LEASE,
    AnnouncementConfig,
    PostKey,
    PostStatus,
    SentRecord,
    Store,
)

log = logging.getLogger(__name__)


class SendOutcome(StrEnum):
    """How one attempt to post went."""

    SENT = "sent"
    RETRY = "retry"  # rate limited (429) or a server error (5xx): worth another try
    PERMANENT = "permanent"  # channel deleted or permission lost (403/404): stop the server
    REJECTED = "rejected"  # Discord refused the payload (400): our bug; the server stays on


#: How the sent-log details a post Discord rejected (``/announce status`` points it out).
REJECTED_DETAIL = "Discord rejected the post"


@dataclass(frozen=True)
class SendResult:
    """What the sender reports; ``detail`` is shown to admins for permanent failures."""

    outcome: SendOutcome
    detail: str | None = None
    retry_after: float | None = None  # seconds, when the API said how long to wait

    @classmethod
    def sent(cls) -> SendResult:
        """The post is in the channel."""
        return cls(SendOutcome.SENT)

    @classmethod
    def retryable(cls, detail: str, retry_after: float | None = None) -> SendResult:
        """A temporary failure (429 or 5xx)."""
        return cls(SendOutcome.RETRY, detail, retry_after)

    @classmethod
    def permanent(cls, detail: str) -> SendResult:
        """The channel cannot be posted to (403 or 404); ``detail`` says why, for admins."""
        return cls(SendOutcome.PERMANENT, detail)

    @classmethod
    def rejected(cls, detail: str) -> SendResult:
        """Discord refused the message itself (400): a bug to fix, not the server's problem."""
        return cls(SendOutcome.REJECTED, f"{REJECTED_DETAIL} ({detail})")


#: Posts one announcement into ``config``'s channel (``post.content`` says what).
Sender = Callable[[AnnouncementConfig, ScheduledPost], Awaitable[SendResult]]
#: Waits that many seconds (``asyncio.sleep``; tests pass a recorder).
Sleep = Callable[[float], Awaitable[None]]
#: The current knowledge base's works (called every tick, so a reload is picked up).
WorksProvider = Callable[[], Iterable[Work]]
#: Whether this process posts for a server (it runs the server's shard).
Owns = Callable[[int], bool]


def everything(guild_id: int) -> bool:
    """The unsharded process owns every server."""
    return True


@dataclass(frozen=True)
class RetryPolicy:
    """Exponential backoff for temporary failures, bounded in attempts and wait."""

    attempts: int = 4  # sends in all, the first included
    first_delay: float = 2.0  # seconds before the first retry
    factor: float = 2.0
    max_delay: float = 60.0  # a longer wait asked by the API means giving up

    def delay(self, retry: int, retry_after: float | None) -> float | None:
        """Seconds to wait before retry number ``retry`` (1-based), None to give up."""
        if retry >= self.attempts:
            return None
        wait = max(self.first_delay * self.factor ** (retry - 1), retry_after or 0.0)
        return None if wait > self.max_delay else wait


@dataclass
class TickReport:
    """What one tick did (for logs, tests and the benchmark)."""

    now: dt.datetime
    since: dt.datetime | None
    servers: int = 0
    sent: list[PostKey] = field(default_factory=list)
    failed: list[tuple[PostKey, str]] = field(default_factory=list)
    skipped: list[PostKey] = field(default_factory=list)
    taken: list[PostKey] = field(default_factory=list)  # already claimed, by us or another
    resumed: list[PostKey] = field(default_factory=list)  # stale claims sent again
    disabled: dict[int, str] = field(default_factory=dict)  # guild -> problem


@dataclass(frozen=True)
class AnnounceStatus:
    """Everything ``/announce status`` shows for one server."""

    config: AnnouncementConfig | None
    next_post: ScheduledPost | None
    counting_down: list[Work]
    waiting_for_date: list[Work]
    recent: list[SentRecord]


class Announcer:
    """Runs ticks: call :meth:`tick` about once a minute (the Discord cog owns the loop)."""

    def __init__(
        self,
        store: Store,
        works: WorksProvider,
        clock: Clock,
        sender: Sender,
        *,
        sleep: Sleep = asyncio.sleep,
        retry: RetryPolicy = RetryPolicy(),
        concurrency: int = 16,
        owns: Owns = everything,
        scopes: Sequence[str] = (ALL_SHARDS,),
        lease: dt.timedelta = CLAIM_LEASE,
    ) -> None:
        self._store = store
        self._owns = owns
        self._scopes = tuple(scopes)
        self._lease = lease
        self._works = works
        self._clock = clock
        self._sender = sender
        self._sleep = sleep
        self._retry = retry
        self._concurrency = concurrency
        self._planner: Planner | None = None
        self._planned_works: tuple[int, ...] = ()
        self._last_tick: dt.datetime | None = None
        self._lock = asyncio.Lock()

    def planner(self) -> Planner:
        """The planner for the current knowledge (rebuilt when the works change)."""
        works = list(self._works())
        identity = tuple(id(w) for w in works)
        if self._planner is None or identity != self._planned_works:
            self._planner = Planner(works)
            self._planned_works = identity
        return self._planner

    # -- the tick -------------------------------------------------------------------------

    async def tick(self) -> TickReport:
        """Send what is due now, log what was missed, and note how far we checked."""
        async with self._lock:
            now = self._clock()
            since = self._last_tick or await self._since()
            configs = [
                c
                for c in await self._store.announcements(enabled_only=True)
                if self._owns(c.guild_id)
            ]
            report = TickReport(now, since, len(configs))
            planner = self.planner()
            known = []
            for config in configs:
                if zone_of(config.timezone) is None:
                    await self._disable(config, f"unknown time zone {config.timezone!r}", report)
                else:
                    known.append(config)
            planned = planner.plan_many(known, now, since)
            skipped = [skip for _, plan in planned for skip in plan.skipped]
            due = [(config, plan.due) for config, plan in planned if plan.due]
            due += await self._interrupted(known, planner, now, report)
            await self._skip(skipped, now, report)
            limit = asyncio.Semaphore(self._concurrency)

            async def deliver(config: AnnouncementConfig, posts: list[ScheduledPost]) -> None:
                async with limit:
                    await self._deliver(config, posts, report)

            # Every delivery runs to its end, even when another fails (the store, mostly);
            # then the first failure is raised and the tick is not recorded, so the next
            # tick sends what could not be claimed this time.
            outcomes = await asyncio.gather(
                *(deliver(config, posts) for config, posts in due), return_exceptions=True
            )
            failures = [o for o in outcomes if isinstance(o, BaseException)]
            if failures:
                raise failures[0]
            for scope in self._scopes:
                await self._store.record_tick(now, scope)
            self._last_tick = now
            return report

    async def _since(self) -> dt.datetime | None:
        """Until when this process's shards were checked (the earliest of them).

        A shard never checked under this layout (SHARD_COUNT changed) starts from the
        latest check of any shard; with no check at all, it is a first start (None).
        """
        ticks = [await self._store.last_tick(scope) for scope in self._scopes]
        known = [t for t in ticks if t is not None]
        if known and len(known) == len(ticks):
            return min(known)
        return await self._store.last_tick(None)

    async def _interrupted(
        self,
        configs: list[AnnouncementConfig],
        planner: Planner,
        now: dt.datetime,
        report: TickReport,
    ) -> list[tuple[AnnouncementConfig, list[ScheduledPost]]]:
        """Posts whose claim outlived its lease unconfirmed: to be sent again (same nonce).

        Those no longer in the schedule, or too late to post, are recorded as failed.
        """
        by_guild = {c.guild_id: c for c in configs}
        retry: dict[int, list[ScheduledPost]] = {}
        for key in await self._store.stale_claims(now - self._lease):
            if not self._owns(key.guild_id):
                continue
            config = by_guild.get(key.guild_id)
            post = planner.post_for(config, key) if config is not None else None
            if post is None or post.late(now) >= CATCH_UP_LIMIT:
                why = "no longer scheduled" if post is None else "too late to post"
                detail = f"interrupted while sending; {why}"
                if await self._store.claim_post(key, now, self._lease):
                    await self._store.finish_post(key, PostStatus.FAILED, detail)
                    report.failed.append((key, detail))
                continue
            log.warning("sending %s again: its claim was never confirmed", key)
            report.resumed.append(key)
            retry.setdefault(key.guild_id, []).append(post)
        return [(by_guild[guild], posts) for guild, posts in retry.items()]

    async def _skip(self, skipped: list[SkippedPost], now: dt.datetime, report: TickReport) -> None:
        if not skipped:
            return
        by_key = {s.post.key: s for s in skipped}
        logged = await self._store.skip_posts(((k, s.reason) for k, s in by_key.items()), now)
        for key in logged:
            what = by_key[key]
            log.info(
                "skipped %r in guild %s: %s",
                what.post.content.plain_text(),
                key.guild_id,
                what.reason,
            )
        report.skipped += logged

    async def _disable(self, config: AnnouncementConfig, problem: str, report: TickReport) -> None:
        log.warning("stopping announcements in guild %s: %s", config.guild_id, problem)
        await self._store.disable_announcement(config.guild_id, problem)
        report.disabled[config.guild_id] = problem

    async def _deliver(
        self, config: AnnouncementConfig, posts: list[ScheduledPost], report: TickReport
    ) -> None:
        """Send one server's due posts in order; stop at a permanent failure."""
        for post in posts:
            if not await self._store.claim_post(post.key, self._clock(), self._lease):
                report.taken.append(post.key)
                continue
            result = await self._send(config, post)
            if result.outcome is SendOutcome.SENT:
                await self._store.finish_post(post.key, PostStatus.SENT)
                report.sent.append(post.key)
                log.info(
                    "posted %r to guild %s channel %s (%s late)",
                    post.content.plain_text(),
                    config.guild_id,
                    config.channel_id,
                    post.late(self._clock()),
                )
                continue
            detail = result.detail or result.outcome.value
            await self._store.finish_post(post.key, PostStatus.FAILED, detail)
            report.failed.append((post.key, detail))
            if result.outcome is SendOutcome.PERMANENT:
                await self._disable(config, detail, report)
                return  # the rest stay unclaimed: they would fail the same way
            if result.outcome is SendOutcome.REJECTED:
                log.error("Discord rejected %s in guild %s: %s", post.key, config.guild_id, detail)
                continue
            log.warning("gave up posting %s to guild %s: %s", post.key, config.guild_id, detail)

    async def _send(self, config: AnnouncementConfig, post: ScheduledPost) -> SendResult:
        """Send with bounded exponential backoff on temporary failures."""
        retry = 0
        while True:
            try:
                result = await self._sender(config, post)
            except Exception as exc:  # a bug must not stop other servers; retrying won't fix it
                log.exception("sender crashed on %s", post.key)
                return SendResult(SendOutcome.RETRY, f"sender error: {exc!r}")
            if result.outcome is not SendOutcome.RETRY:
                return result
            retry += 1
            wait = self._retry.delay(retry, result.retry_after)
            if wait is None:
                return SendResult(
                    SendOutcome.RETRY, f"{result.detail or 'temporary failure'} ({retry} tries)"
                )
            log.info("retrying %s in %.1f s: %s", post.key, wait, result.detail)
            await self._sleep(wait)

    # -- for /announce status and preview -------------------------------------------------

    def next_post(self, config: AnnouncementConfig) -> ScheduledPost | None:
        """The server's next post after now (what ``/announce preview`` shows)."""
        return self.planner().next_post(config, self._clock())

    async def status(self, guild_id: int, recent: int = 5) -> AnnounceStatus:
        """The server's settings, next post, works counted down or waiting, recent posts."""
        config = await self._store.announcement(guild_id)
        recent_posts = await self._store.sent(guild_id, limit=recent)
        now = self._clock()
        works = list(self._works())
        zone = zone_of(config.timezone) if config else None
        today = now.astimezone(zone).date() if zone else now.date()
        return AnnounceStatus(
            config=config,
            next_post=self.next_post(config) if config and config.enabled else None,
            counting_down=counting_down(works, today),
            waiting_for_date=waiting_for_date(works),
            recent=recent_posts,
        )
