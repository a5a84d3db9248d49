"""Time as a dependency: production code asks a Clock, tests pass a fixed one."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

Clock = Callable[[], dt.datetime]


def utc_now() -> dt.datetime:
    """The real time, timezone-aware (UTC)."""
    return dt.datetime.now(dt.UTC)


def fixed(moment: dt.datetime) -> Clock:
    """A clock stopped at ``moment`` (naive datetimes are taken as UTC)."""
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=dt.UTC)
    return lambda: moment


def parse_instant(text: str) -> dt.datetime:
    """Parse ISO-8601 ('2026-11-25', '2026-11-25T10:00:00+01:00'); naive means UTC."""
    moment = dt.datetime.fromisoformat(text)
    return moment if moment.tzinfo else moment.replace(tzinfo=dt.UTC)
