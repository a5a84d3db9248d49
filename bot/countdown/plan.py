"""Which countdown posts are due: a pure function of (settings, knowledge, now).

A server's *schedule* is one post per (work, milestone): at its ``local_time`` in its time
zone, on the local date ``milestone`` days before the work's release (``-N``: the N-th
anniversary, on the release's month and day; February 29 is celebrated on February 28 in
other years). Only works dated to the day and not cancelled are scheduled.

A tick looks at the window ``(since, now]``, where ``since`` is when due posts were last
checked (see :func:`window_start`). Per work, only the latest post in the window may be sent,
and only if it is less than :data:`CATCH_UP_LIMIT` late; every other post in the window is
returned as skipped, so the caller logs it once and it is never sent.

Local times follow the zone's rules for that date (zoneinfo). On DST change days, a local
time that does not exist (clocks spring forward) is posted later by the length of the gap
(02:30 in New York on 2027-03-14 is 03:30 EDT), and a local time that happens twice (clocks
fall back) is posted at its first occurrence. This is Python's ``fold=0`` reading.
"""

from __future__ import annotations

import calendar
import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from bot.countdown.messages import PostContent, compose
from bot.facts.schema import Precision, Status, Work
from bot.storage.base import AnnouncementConfig, PostKey

#: A missed post is still sent if it is less late than this (after downtime).
CATCH_UP_LIMIT = dt.timedelta(hours=6)

_DAY = dt.timedelta(days=1)


@lru_cache(maxsize=1024)
def zone_of(name: str) -> ZoneInfo | None:
    """The IANA time zone ``name``, or None if there is no such zone."""
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        return None


def local_instant(day: dt.date, at: dt.time, zone: ZoneInfo) -> dt.datetime:
    """The UTC instant of wall-clock time ``at`` on ``day`` in ``zone`` (DST rules above)."""
    return dt.datetime.combine(day, at, tzinfo=zone).astimezone(dt.UTC)


def is_scheduled(work: Work) -> bool:
    """True if ``work`` gets countdown posts: dated to the day and not cancelled."""
    return work.release.date.exact is not None and work.status is not Status.CANCELLED


def waiting_for_date(works: Iterable[Work]) -> list[Work]:
    """Works that will be counted down once they have a release date to the day."""
    waiting = [
        w
        for w in works
        if w.release.date.precision is not Precision.DAY and w.status is not Status.CANCELLED
    ]
    return sorted(waiting, key=lambda w: (w.release.date.sort_key(), w.id))


def counting_down(works: Iterable[Work], today: dt.date) -> list[Work]:
    """Works dated to the day that are released on ``today`` or later, soonest first."""
    upcoming = [
        w for w in works if is_scheduled(w) and (w.release.date.exact or dt.date.min) >= today
    ]
    return sorted(upcoming, key=lambda w: (w.release.date.sort_key(), w.id))


def anniversary(release: dt.date, year: int) -> dt.date:
    """The release's anniversary in ``year`` (February 29 falls on February 28)."""
    if (release.month, release.day) == (2, 29) and not calendar.isleap(year):
        return dt.date(year, 2, 28)
    return release.replace(year=year)


@dataclass(frozen=True, slots=True)
class ScheduledPost:
    """One post of one server's schedule."""

    key: PostKey
    work: Work
    scheduled: dt.datetime  # UTC
    content: PostContent

    @property
    def milestone(self) -> int:
        """Days before release (0: release day) or ``-N`` for the N-th anniversary."""
        return self.key.milestone

    def late(self, now: dt.datetime) -> dt.timedelta:
        """How long after its scheduled instant ``now`` is (negative: still to come)."""
        return now - self.scheduled


@dataclass(frozen=True, slots=True)
class SkippedPost:
    """A post that will never be sent, and why."""

    post: ScheduledPost
    reason: str


@dataclass(frozen=True)
class TickPlan:
    """What one server should do at ``now``: send ``due``, log ``skipped``."""

    due: list[ScheduledPost]
    skipped: list[SkippedPost]


def window_start(
    config: AnnouncementConfig, now: dt.datetime, since: dt.datetime | None
) -> dt.datetime:
    """Where a server's window opens: the later of ``since`` and the settings' ``created_at``.

    With no check on record (``since`` is None: a first start), it reaches back at most the
    catch-up limit, so nothing older is logged as skipped.
    """
    start = since if since is not None else now - CATCH_UP_LIMIT
    return max(start, config.created_at) if config.created_at else start


# A server-independent slot: (instant, work, milestone, skip reason or None if due).
_Slot = tuple[dt.datetime, Work, int, str | None]


def _hours(delta: dt.timedelta) -> str:
    hours = delta / dt.timedelta(hours=1)
    return f"{hours:.1f} h" if hours < 48 else f"{hours / 24:.1f} days"


class Planner:
    """Schedules over one knowledge snapshot, shared by every server.

    Servers with the same zone, time and milestones share one computation per window, so a
    tick over thousands of servers costs little more than one per distinct setting.
    """

    def __init__(self, works: Iterable[Work]) -> None:
        self.works: tuple[Work, ...] = tuple(w for w in works if is_scheduled(w))
        self._by_date: dict[frozenset[int], dict[dt.date, list[tuple[Work, int]]]] = {}
        self._by_month_day: dict[tuple[int, int], list[Work]] = {}
        for work in self.works:
            release = work.release.date.exact
            assert release is not None
            self._by_month_day.setdefault((release.month, release.day), []).append(work)
        self._content: dict[tuple[str, int, str], PostContent] = {}
        self._windows: dict[tuple[object, ...], list[_Slot]] = {}
        self._windows_now: dt.datetime | None = None

    # -- the schedule ---------------------------------------------------------------------

    def _countdown_index(self, milestones: frozenset[int]) -> dict[dt.date, list[tuple[Work, int]]]:
        index = self._by_date.get(milestones)
        if index is None:
            index = {}
            for work in self.works:
                release = work.release.date.exact
                assert release is not None
                for days in milestones:
                    index.setdefault(release - dt.timedelta(days=days), []).append((work, days))
            self._by_date[milestones] = index
        return index

    def _on(
        self, day: dt.date, milestones: frozenset[int], anniversaries: bool
    ) -> list[tuple[Work, int]]:
        """Every (work, milestone) whose post falls on local date ``day``."""
        found = list(self._countdown_index(milestones).get(day, ()))
        if anniversaries:
            works = list(self._by_month_day.get((day.month, day.day), ()))
            if (day.month, day.day) == (2, 28) and not calendar.isleap(day.year):
                works += self._by_month_day.get((2, 29), ())
            for work in works:
                release = work.release.date.exact
                assert release is not None
                if day.year > release.year:
                    found.append((work, release.year - day.year))
        return found

    def content(self, work: Work, milestone: int, zone: ZoneInfo) -> PostContent:
        """The post's content (cached: many servers share it)."""
        key = (work.id, milestone, zone.key)
        cached = self._content.get(key)
        if cached is None:
            cached = self._content[key] = compose(work, milestone, zone)
        return cached

    def _post(
        self, config: AnnouncementConfig, zone: ZoneInfo, at: dt.datetime, work: Work, days: int
    ) -> ScheduledPost:
        release = work.release.date.exact
        assert release is not None
        key = PostKey(config.guild_id, work.id, release.isoformat(), days)
        return ScheduledPost(key, work, at, self.content(work, days, zone))

    # -- what is due ----------------------------------------------------------------------

    def _window(
        self,
        zone: ZoneInfo,
        at: dt.time,
        milestones: frozenset[int],
        anniversaries: bool,
        start: dt.datetime,
        now: dt.datetime,
    ) -> list[_Slot]:
        """The slots in ``(start, now]`` for one setting, each marked due or skipped."""
        found: list[tuple[dt.datetime, Work, int]] = []
        # one day of margin: a time in a DST gap can move past midnight
        day = start.astimezone(zone).date() - _DAY
        last = now.astimezone(zone).date()
        while day <= last:
            for work, milestone in self._on(day, milestones, anniversaries):
                instant = local_instant(day, at, zone)
                if start < instant <= now:
                    found.append((instant, work, milestone))
            day += _DAY
        found.sort(key=lambda slot: (slot[0], slot[1].id))
        latest: dict[str, dt.datetime] = {}
        for instant, work, _ in found:
            latest[work.id] = instant
        slots: list[_Slot] = []
        for instant, work, milestone in found:
            late = now - instant
            if instant < latest[work.id]:
                reason: str | None = "superseded by a later post for this work"
            elif late >= CATCH_UP_LIMIT:
                reason = f"{_hours(late)} late (limit {_hours(CATCH_UP_LIMIT)})"
            else:
                reason = None
            slots.append((instant, work, milestone, reason))
        return slots

    def plan(
        self, config: AnnouncementConfig, now: dt.datetime, since: dt.datetime | None
    ) -> TickPlan:
        """What ``config``'s server should send or skip at ``now`` (see the module doc).

        Disabled settings and unknown time zones plan nothing.
        """
        zone = zone_of(config.timezone)
        start = window_start(config, now, since)
        if zone is None or not config.enabled or start >= now:
            return TickPlan([], [])
        if self._windows_now != now:
            self._windows.clear()
            self._windows_now = now
        milestones = frozenset(m for m in config.milestones if m >= 0)
        cache_key = (zone.key, config.local_time, milestones, config.anniversaries, start)
        slots = self._windows.get(cache_key)
        if slots is None:
            slots = self._window(
                zone, config.local_time, milestones, config.anniversaries, start, now
            )
            self._windows[cache_key] = slots
        if not slots:
            return TickPlan([], [])
        due: list[ScheduledPost] = []
        skipped: list[SkippedPost] = []
        for instant, work, milestone, reason in slots:
            post = self._post(config, zone, instant, work, milestone)
            if reason is None:
                due.append(post)
            else:
                skipped.append(SkippedPost(post, reason))
        return TickPlan(due, skipped)

    def next_post(self, config: AnnouncementConfig, now: dt.datetime) -> ScheduledPost | None:
        """The first post of ``config``'s schedule after ``now``, whether enabled or not."""
        zone = zone_of(config.timezone)
        if zone is None:
            return None
        this_year = now.astimezone(zone).year
        best: tuple[dt.datetime, str, Work, int] | None = None
        for work in self.works:
            release = work.release.date.exact
            assert release is not None
            days = [(release - dt.timedelta(days=m), m) for m in config.milestones if m >= 0]
            if config.anniversaries:
                years = range(max(this_year, release.year + 1), this_year + 2)
                days += [(anniversary(release, y), release.year - y) for y in years]
            for day, milestone in days:
                instant = local_instant(day, config.local_time, zone)
                if instant > now and (best is None or (instant, work.id) < best[:2]):
                    best = (instant, work.id, work, milestone)
        if best is None:
            return None
        instant, _, work, milestone = best
        return self._post(config, zone, instant, work, milestone)


def due_posts(
    config: AnnouncementConfig,
    works: Iterable[Work],
    now: dt.datetime,
    since: dt.datetime | None,
) -> TickPlan:
    """What one server should send or skip at ``now``, having checked up to ``since``."""
    return Planner(works).plan(config, now, since)


def next_post(
    config: AnnouncementConfig, works: Iterable[Work], now: dt.datetime
) -> ScheduledPost | None:
    """The server's next scheduled post after ``now`` (for status and preview)."""
    return Planner(works).next_post(config, now)
