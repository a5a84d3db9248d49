"""Which countdown posts are due: a pure function of (settings, knowledge, now).

A server's *schedule* is one post per (work, milestone): at its ``local_time`` in its time
zone, on the local date ``milestone`` days before the work's release (``-N``: the N-th
anniversary, on the release's month and day; February 29 is celebrated on February 28 in
other years). Only works dated to the day and not cancelled are scheduled.

A tick looks at the window ``(since, now]``, where ``since`` is when due posts were last
checked, but never before the settings' ``created_at``; with no check on record (a first
start) the window reaches back :data:`CATCH_UP_LIMIT`. Per work, only the latest post in the
window may be sent, and only if it is less than :data:`CATCH_UP_LIMIT` late; every other post
in the window is returned as skipped, so the caller logs it once and it is never sent.

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


# A server-independent slot: (instant, work, milestone, release date, content, skip reason or
# None if due); a server's post adds only its guild id.
_Slot = tuple[dt.datetime, Work, int, str, PostContent, str | None]
# Local dates from, to (inclusive).
_Span = tuple[dt.date, dt.date]


def _hours(delta: dt.timedelta) -> str:
    hours = delta / dt.timedelta(hours=1)
    return f"{hours:.1f} h" if hours < 48 else f"{hours / 24:.1f} days"


class Planner:
    """Schedules over one knowledge snapshot, shared by every server.

    Servers with the same zone, time and milestones share one computation per tick, and
    the local dates of a window are looked up once per zone, so a tick over thousands of
    servers costs a dictionary lookup per server plus a little per distinct setting.
    """

    def __init__(self, works: Iterable[Work]) -> None:
        self.works: tuple[Work, ...] = tuple(w for w in works if is_scheduled(w))
        self._release: dict[str, dt.date] = {}
        self._by_month_day: dict[tuple[int, int], list[Work]] = {}
        for work in self.works:
            release = work.release.date.exact
            assert release is not None
            self._release[work.id] = release
            self._by_month_day.setdefault((release.month, release.day), []).append(work)
        self._by_date: dict[frozenset[int], dict[dt.date, list[tuple[Work, int]]]] = {}
        self._milestones: dict[tuple[int, ...], frozenset[int]] = {}
        self._content: dict[tuple[str, int, str], PostContent] = {}
        # per-tick caches, valid for one (now, since)
        self._tick: tuple[dt.datetime, dt.datetime | None] | None = None
        self._windows: dict[tuple[object, ...], list[_Slot]] = {}
        self._spans: dict[tuple[str, dt.datetime], _Span] = {}
        self._candidates: dict[tuple[_Span, frozenset[int], bool], list[tuple[dt.date, Work, int]]]
        self._candidates = {}

    # -- the schedule ---------------------------------------------------------------------

    def _countdown_index(self, milestones: frozenset[int]) -> dict[dt.date, list[tuple[Work, int]]]:
        index = self._by_date.get(milestones)
        if index is None:
            index = {}
            for work in self.works:
                release = self._release[work.id]
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
                release = self._release[work.id]
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
        release = self._release[work.id].isoformat()
        key = PostKey(config.guild_id, work.id, release, days)
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
        span = self._spans.get((zone.key, start))
        if span is None:
            # one day of margin: a time in a DST gap can move past midnight
            span = (start.astimezone(zone).date() - _DAY, now.astimezone(zone).date())
            self._spans[(zone.key, start)] = span
        candidates = self._candidates.get((span, milestones, anniversaries))
        if candidates is None:
            candidates = []
            day = span[0]
            while day <= span[1]:
                candidates += [(day, w, m) for w, m in self._on(day, milestones, anniversaries)]
                day += _DAY
            self._candidates[(span, milestones, anniversaries)] = candidates
        if not candidates:
            return []
        found: list[tuple[dt.datetime, Work, int]] = []
        for day, work, milestone in candidates:
            instant = local_instant(day, at, zone)
            if start < instant <= now:
                found.append((instant, work, milestone))
        found.sort(key=lambda slot: (slot[0], slot[1].id))
        latest = {work.id: instant for instant, work, _ in found}
        slots: list[_Slot] = []
        for instant, work, milestone in found:
            late = now - instant
            if instant < latest[work.id]:
                reason: str | None = "superseded by a later post for this work"
            elif late >= CATCH_UP_LIMIT:
                reason = f"{_hours(late)} late (limit {_hours(CATCH_UP_LIMIT)})"
            else:
                reason = None
            release = self._release[work.id].isoformat()
            content = self.content(work, milestone, zone)
            slots.append((instant, work, milestone, release, content, reason))
        return slots

    def plan(
        self, config: AnnouncementConfig, now: dt.datetime, since: dt.datetime | None
    ) -> TickPlan:
        """What ``config``'s server should send or skip at ``now`` (see the module doc).

        Disabled settings and unknown time zones plan nothing.
        """
        planned = self.plan_many([config], now, since)
        return planned[0][1] if planned else TickPlan([], [])

    def plan_many(
        self, configs: Iterable[AnnouncementConfig], now: dt.datetime, since: dt.datetime | None
    ) -> list[tuple[AnnouncementConfig, TickPlan]]:
        """:meth:`plan` for many servers at once; only servers with something to do."""
        if self._tick != (now, since):
            self._tick = (now, since)
            self._windows.clear()
            self._spans.clear()
            self._candidates.clear()
        # A server's window opens at the later of `since` and its settings' `created_at`. With
        # no check on record (a first start) it reaches back only the catch-up limit, so
        # nothing older is logged as skipped.
        default_start = since if since is not None else now - CATCH_UP_LIMIT
        windows = self._windows
        planned: list[tuple[AnnouncementConfig, TickPlan]] = []
        for config in configs:  # the hot loop: one tuple and one lookup per server
            if not config.enabled:
                continue
            created = config.created_at
            start = created if created is not None and created > default_start else default_start
            key = (
                config.timezone,
                config.local_time,
                config.milestones,
                config.anniversaries,
                start,
            )
            slots = windows.get(key)
            if slots is None:
                slots = windows[key] = self._slots(config, start, now)
            if slots:
                planned.append((config, self._tick_plan(config, slots)))
        return planned

    def _slots(
        self, config: AnnouncementConfig, start: dt.datetime, now: dt.datetime
    ) -> list[_Slot]:
        zone = zone_of(config.timezone)
        if zone is None or start >= now:
            return []
        milestones = self._milestones.get(config.milestones)
        if milestones is None:
            milestones = frozenset(m for m in config.milestones if m >= 0)
            self._milestones[config.milestones] = milestones
        return self._window(zone, config.local_time, milestones, config.anniversaries, start, now)

    @staticmethod
    def _tick_plan(config: AnnouncementConfig, slots: list[_Slot]) -> TickPlan:
        plan = TickPlan([], [])
        guild = config.guild_id
        for instant, work, milestone, release, content, reason in slots:
            post = ScheduledPost(
                PostKey(guild, work.id, release, milestone), work, instant, content
            )
            if reason is None:
                plan.due.append(post)
            else:
                plan.skipped.append(SkippedPost(post, reason))
        return plan

    def post_for(self, config: AnnouncementConfig, key: PostKey) -> ScheduledPost | None:
        """The post ``key`` names in ``config``'s schedule, or None if it is no longer there
        (the work is gone or moved to another date, the milestone was dropped)."""
        zone = zone_of(config.timezone)
        release = self._release.get(key.work_id)
        if zone is None or release is None or release.isoformat() != key.release:
            return None
        work = next(w for w in self.works if w.id == key.work_id)
        if key.milestone >= 0:
            if key.milestone not in config.milestones:
                return None
            day = release - dt.timedelta(days=key.milestone)
        else:
            if not config.anniversaries:
                return None
            day = anniversary(release, release.year - key.milestone)
        instant = local_instant(day, config.local_time, zone)
        return self._post(config, zone, instant, work, key.milestone)

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
