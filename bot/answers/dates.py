"""Dates written out the way people read them, relative to an injected "today"."""

from __future__ import annotations

import datetime as dt

from bot.facts.schema import FuzzyDate, Precision

MONTHS = (
    "January February March April May June July August September October November December"
).split()


def format_date(date: FuzzyDate) -> str:
    """'June 6, 2025', 'June 2025', '2025' or 'not announced'."""
    if date.precision is Precision.DAY:
        assert date.month and date.day
        return f"{MONTHS[date.month - 1]} {date.day}, {date.year}"
    if date.precision is Precision.MONTH:
        assert date.month
        return f"{MONTHS[date.month - 1]} {date.year}"
    if date.precision is Precision.YEAR:
        return str(date.year)
    return "not announced"


def format_day(day: dt.date) -> str:
    """'June 6, 2025'."""
    return f"{MONTHS[day.month - 1]} {day.day}, {day.year}"


def plural(count: int, word: str) -> str:
    """'1 day', '3 days'."""
    return f"{count} {word}{'' if count == 1 else 's'}"


def span(start: dt.date, end: dt.date) -> str:
    """Human length of the time between two dates: '1 year and 5 months', '12 days'."""
    if end < start:
        start, end = end, start
    days = (end - start).days
    if days < 60:
        return plural(days, "day")
    months = (end.year - start.year) * 12 + end.month - start.month
    if end.day < start.day:
        months -= 1
    years, months = divmod(months, 12)
    if years == 0:
        return plural(months, "month")
    if months == 0:
        return plural(years, "year")
    return f"{plural(years, 'year')} and {plural(months, 'month')}"


def relative(day: dt.date, today: dt.date) -> str:
    """'today', 'tomorrow', 'in 12 days', '1 year and 5 months ago'."""
    delta = (day - today).days
    if delta == 0:
        return "today"
    if delta == 1:
        return "tomorrow"
    if delta == -1:
        return "yesterday"
    return f"in {span(today, day)}" if delta > 0 else f"{span(day, today)} ago"


def is_past(date: FuzzyDate, today: dt.date) -> bool:
    """True when the whole span of ``date`` lies before ``today`` (TBA is never past)."""
    if date.precision is Precision.TBA or date.year is None:
        return False
    if date.precision is Precision.DAY:
        exact = date.exact
        return exact is not None and exact < today
    if date.precision is Precision.MONTH:
        assert date.month
        return (date.year, date.month) < (today.year, today.month)
    return date.year < today.year
