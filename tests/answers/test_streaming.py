"""A release date asked of a streaming service or of streaming is the day it came there."""

from __future__ import annotations

import pytest

from bot.answers.compose import Composer, Request
from bot.engine import Engine
from bot.facts import KnowledgeBase
from bot.intents import Intent
from bot.nlu.entities import EntityRef
from bot.nlu.normalise import tokens
from tests.conftest import TODAY


@pytest.mark.parametrize(
    ("question", "lead"),
    [
        (
            "when did ballerina come out on starz",
            "Ballerina has streamed on Starz in the US since September 25, 2025 "
            "(listed there as of March 2026).",
        ),
        (
            "when did ballerina come out digitally",
            "Ballerina has been to rent or buy on digital stores in the US since July 1, 2025",
        ),
        (
            "when did chapter 4 start streaming",
            "John Wick: Chapter 4 has streamed on Starz in the US since September 26, 2023",
        ),
        (
            "when did the continental come out on peacock",
            "The Continental has streamed on Peacock in the US since September 22, 2023.",
        ),
        ("when did chapter 4 come out on netflix", "I don't have John Wick: Chapter 4 on Netflix"),
        (
            "when was chapter 4 released on vod",
            "I don't have when John Wick: Chapter 4 came out to rent or buy in my notes.",
        ),
    ],
)
def test_the_streaming_date_leads(engine: Engine, question: str, lead: str) -> None:
    answer = engine.ask(question, now=TODAY)
    assert answer.answered, answer.text
    assert answer.text.startswith(lead), answer.text


def test_the_cinema_date_follows(engine: Engine) -> None:
    answer = engine.ask("when did ballerina come out on starz", now=TODAY)
    assert answer.text.index("September 25, 2025") < answer.text.index("June 6, 2025")


def test_without_streaming_words_it_is_the_cinema_date(engine: Engine) -> None:
    answer = engine.ask("when did ballerina come out", now=TODAY)
    assert answer.text.startswith("Ballerina came out in the US on June 6, 2025")
    assert "Starz" not in answer.text


def test_a_service_without_a_known_day_says_so(kb: KnowledgeBase) -> None:
    """'start streaming' of the series: Peacock has its day, Prime Video only an as-of."""
    slots = {"work": [EntityRef("work", "the-continental")]}
    words = tuple(tokens("on what date did the continental start streaming"))
    text = Composer(kb).compose(Request(Intent.RELEASE_DATE, slots, TODAY.date(), words=words))
    assert text.text.startswith(
        "The Continental has streamed on Peacock in the US since September 22, 2023."
    )
    assert (
        "I don't have the day The Continental arrived on Prime Video outside the US; it "
        "streams there as of September 2023." in text.text
    )


def test_an_announced_work_has_no_streaming_release_yet(engine: Engine) -> None:
    answer = engine.ask("when will chapter 5 be streaming", now=TODAY)
    assert "so it has no streaming or rental release yet" in answer.text


def test_where_to_watch_says_since_when(engine: Engine) -> None:
    answer = engine.ask("where can i stream ballerina", now=TODAY)
    assert "Starz (US, since September 25, 2025)" in answer.text
