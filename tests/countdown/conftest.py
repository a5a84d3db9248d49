"""Builders for countdown tests: small Work objects and announcement settings."""

from __future__ import annotations

import datetime as dt
from typing import Any

from bot.facts.schema import Work
from bot.storage import AnnouncementConfig

#: Long before any scheduled post in these tests: settings in effect from then on.
LONG_AGO = dt.datetime(2020, 1, 1, tzinfo=dt.UTC)


def make_work(
    work_id: str = "chapter-5",
    date: str = "2027-05-21",
    *,
    title: str | None = None,
    status: str = "announced",
    premise: str = "John Wick  returns.\nAgain.",
) -> Work:
    """A minimal valid work released (or to be released) on ``date``."""
    return Work.model_validate(
        {
            "id": work_id,
            "kind": "film",
            "title": title or work_id.replace("-", " ").title(),
            "status": status,
            "release": {"date": date},
            "premise": premise,
            "sources": {},
        }
    )


def make_config(
    timezone: str = "America/New_York",
    at: str = "09:00",
    *,
    guild_id: int = 1,
    **changes: Any,
) -> AnnouncementConfig:
    """Settings for one server, in effect since :data:`LONG_AGO` unless told otherwise."""
    values: dict[str, Any] = {
        "guild_id": guild_id,
        "channel_id": 100 + guild_id,
        "local_time": dt.time.fromisoformat(at),
        "timezone": timezone,
        "created_at": LONG_AGO,
    }
    return AnnouncementConfig(**{**values, **changes})


def utc(
    year: int, month: int, day: int, hour: int = 0, minute: int = 0, second: int = 0
) -> dt.datetime:
    """A UTC instant: utc(2027, 5, 14, 13) is 2027-05-14 13:00 UTC."""
    return dt.datetime(year, month, day, hour, minute, second, tzinfo=dt.UTC)
