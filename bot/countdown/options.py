"""Reading what an admin types into ``/announce setup`` and ``/announce milestones``.

Each parser returns the clean value or raises :class:`InvalidOption` whose message can be
shown to the admin as it is.
"""

from __future__ import annotations

import datetime as dt
import re
import zoneinfo
from functools import cache

from bot.storage.base import DEFAULT_MILESTONES

#: The furthest ahead a countdown post may be (days before release).
MAX_MILESTONE = 365
_TIME = re.compile(r"^\s*(\d{1,2})[:.h](\d{2})\s*$")


class InvalidOption(ValueError):
    """A setting the admin typed cannot be used; the message says how to fix it."""


def parse_local_time(text: str) -> dt.time:
    """'09:00', '9:00', '18.30' or '18h30' (24-hour clock) as a wall-clock time."""
    match = _TIME.match(text)
    if match:
        hour, minute = int(match[1]), int(match[2])
        if hour < 24 and minute < 60:
            return dt.time(hour, minute)
    raise InvalidOption(
        f"{text.strip()!r} is not a time: use HH:MM on a 24-hour clock, like 18:30."
    )


@cache
def _zones() -> dict[str, str]:
    return {name.casefold(): name for name in zoneinfo.available_timezones()}


def parse_timezone(text: str) -> str:
    """An IANA zone name, any case ('europe/london' -> 'Europe/London')."""
    name = _zones().get(text.strip().replace(" ", "_").casefold())
    if name is None:
        raise InvalidOption(
            f"{text.strip()!r} is not a time zone: use a name like Europe/London, "
            "America/New_York or Asia/Kolkata (the list autocompletes)."
        )
    return name


def timezone_choices(typed: str, limit: int = 25) -> list[str]:
    """Zone names for autocomplete: names starting with a part of ``typed`` first."""
    needle = typed.strip().replace(" ", "_").casefold()
    names = sorted(_zones().values())
    if not needle:
        popular = ("America/New_York", "Europe/London", "Asia/Kolkata", "UTC")
        return [n for n in popular if n in names][:limit]

    def rank(name: str) -> tuple[int, str]:
        parts = name.casefold().split("/")
        return (0 if any(p.startswith(needle) for p in parts) else 1, name)

    return sorted((n for n in names if needle in n.casefold()), key=rank)[:limit]


def parse_milestones(text: str) -> tuple[int, ...]:
    """'100, 30, 7, 1, 0' (days before release, 0 = release day) or 'default'."""
    if text.strip().casefold() == "default":
        return DEFAULT_MILESTONES
    parts = [p for p in re.split(r"[\s,;]+", text.strip()) if p]
    if not parts or not all(p.isdigit() for p in parts):
        raise InvalidOption(
            "List the days before release as numbers, like `100, 30, 7, 1, 0` "
            "(0 is release day), or `default`."
        )
    days = sorted({int(p) for p in parts}, reverse=True)
    if days[0] > MAX_MILESTONE:
        raise InvalidOption(f"Milestones go up to {MAX_MILESTONE} days before release.")
    return tuple(days)


def describe_milestones(milestones: tuple[int, ...]) -> str:
    """'100, 30 and 7 days before, and release day'."""
    days = sorted((m for m in milestones if m > 0), reverse=True)
    parts: list[str] = []
    if days:
        listed = ", ".join(str(d) for d in days[:-1])
        listed = f"{listed} and {days[-1]}" if listed else str(days[-1])
        parts.append(f"{listed} day{'s' if days != [1] else ''} before")
    if 0 in milestones:
        parts.append("release day")
    return ", and ".join(parts) if parts else "no milestones"
