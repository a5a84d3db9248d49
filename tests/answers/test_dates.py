"""Dates written out, relative to an injected today."""

from __future__ import annotations

import datetime as dt

from bot.answers.dates import format_date, is_past, relative, span
from bot.facts.schema import FuzzyDate

TODAY = dt.date(2026, 11, 25)


def d(text: str) -> FuzzyDate:
    return FuzzyDate.model_validate(text)


def test_formats_by_precision() -> None:
    assert format_date(d("2025-06-06")) == "June 6, 2025"
    assert format_date(d("2027-05")) == "May 2027"
    assert format_date(d("2028")) == "2028"
    assert format_date(d("TBA")) == "not announced"


def test_spans_and_relative_days() -> None:
    assert span(dt.date(2025, 6, 6), TODAY) == "1 year and 5 months"
    assert span(dt.date(2026, 11, 1), TODAY) == "24 days"
    assert relative(TODAY, TODAY) == "today"
    assert relative(dt.date(2026, 11, 26), TODAY) == "tomorrow"
    assert relative(dt.date(2027, 1, 1), TODAY) == "in 37 days"
    assert relative(dt.date(2014, 10, 24), TODAY) == "12 years and 1 month ago"


def test_past_respects_precision() -> None:
    assert is_past(d("2026-10"), TODAY)
    assert not is_past(d("2026-11"), TODAY)  # the month is not over
    assert not is_past(d("TBA"), TODAY)
