"""What a countdown post says."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest

from bot.countdown.messages import compose, headline, number_words
from bot.facts import KnowledgeBase
from tests.countdown.conftest import make_work


@pytest.mark.parametrize(
    ("milestone", "expected"),
    [
        (100, "100 days to go"),
        (30, "Thirty days to go"),
        (31, "Thirty-one days to go"),
        (14, "Two weeks to go"),
        (7, "One week to go"),
        (3, "Three days to go"),
        (2, "Two days to go"),
        (1, "Tomorrow!"),
        (0, "Out today!"),
        (-1, "One year ago today"),
        (-10, "Ten years ago today"),
    ],
)
def test_headline_in_words(milestone: int, expected: str) -> None:
    assert headline(milestone) == expected


def test_number_words() -> None:
    assert [number_words(n) for n in (0, 13, 20, 45, 99, 100)] == [
        "zero",
        "thirteen",
        "twenty",
        "forty-five",
        "ninety-nine",
        "100",
    ]


def test_content_of_a_post() -> None:
    work = make_work("chapter-5", "2027-05-21", title="John Wick: Chapter 5")
    content = compose(work, 7, ZoneInfo("Europe/London"))
    assert content.title == "John Wick: Chapter 5"
    assert content.headline == "One week to go"
    assert content.release_date == dt.date(2027, 5, 21)
    assert content.release_text == "May 21, 2027"
    assert content.premise == "John Wick returns. Again."
    noon_bst = dt.datetime(2027, 5, 21, 11, tzinfo=dt.UTC)
    assert content.release_timestamp == int(noon_bst.timestamp())
    assert not content.is_anniversary
    assert content.plain_text() == "John Wick: Chapter 5: One week to go (May 21, 2027)"


def test_full_title_is_preferred(kb: KnowledgeBase) -> None:
    content = compose(kb.works["ballerina"], -1, ZoneInfo("UTC"))
    assert content.title == "From the World of John Wick: Ballerina"
    assert content.is_anniversary and content.headline == "One year ago today"


def test_undated_work_has_no_content(kb: KnowledgeBase) -> None:
    with pytest.raises(ValueError, match="no release date"):
        compose(kb.works["chapter-5"], 7, ZoneInfo("UTC"))
