"""Reading what an admin types into the announce commands."""

from __future__ import annotations

import datetime as dt

import pytest

from bot.countdown.options import (
    InvalidOption,
    describe_milestones,
    parse_local_time,
    parse_milestones,
    parse_timezone,
    timezone_choices,
)
from bot.storage import DEFAULT_MILESTONES


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("09:00", dt.time(9)),
        ("9:05", dt.time(9, 5)),
        (" 18.30 ", dt.time(18, 30)),
        ("18h30", dt.time(18, 30)),
        ("00:00", dt.time(0)),
        ("23:59", dt.time(23, 59)),
    ],
)
def test_times(text: str, expected: dt.time) -> None:
    assert parse_local_time(text) == expected


@pytest.mark.parametrize("text", ["24:00", "12:60", "noon", "9", "9:5", "-1:00", ""])
def test_bad_times(text: str) -> None:
    with pytest.raises(InvalidOption, match="HH:MM"):
        parse_local_time(text)


def test_timezones() -> None:
    assert parse_timezone("europe/london") == "Europe/London"
    assert parse_timezone(" America/New York ") == "America/New_York"
    assert parse_timezone("UTC") == "UTC"
    with pytest.raises(InvalidOption, match="Europe/London"):
        parse_timezone("Mars/Olympus_Mons")
    with pytest.raises(InvalidOption):
        parse_timezone("EST5EDTX")


def test_timezone_autocomplete() -> None:
    assert timezone_choices("")[0] == "America/New_York"
    found = timezone_choices("kolk")
    assert found == ["Asia/Kolkata"]
    london = timezone_choices("lon")
    assert "Europe/London" in london and len(london) <= 25
    assert all("lon" in name.casefold() for name in london)
    assert timezone_choices("zzzz") == []


def test_milestones() -> None:
    assert parse_milestones("100, 30, 7, 1, 0") == (100, 30, 7, 1, 0)
    assert parse_milestones("0 7 7 30") == (30, 7, 0)
    assert parse_milestones("default") == DEFAULT_MILESTONES
    for bad in ("", "seven", "-1", "400"):
        with pytest.raises(InvalidOption):
            parse_milestones(bad)


def test_describe_milestones() -> None:
    assert describe_milestones(DEFAULT_MILESTONES) == (
        "100, 30, 14, 7, 3, 2 and 1 days before, and release day"
    )
    assert describe_milestones((1,)) == "1 day before"
    assert describe_milestones((0,)) == "release day"
    assert describe_milestones(()) == "no milestones"
