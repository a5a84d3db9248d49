"""The overview of a work: what it is and when, within the chat length."""

from __future__ import annotations

import pytest

from bot.answers.brevity import CHAT_LIMIT
from bot.engine import Engine
from bot.facts import KnowledgeBase
from bot.facts.schema import Status
from tests.conftest import TODAY


def test_the_game_says_who_makes_it_and_for_what(engine: Engine) -> None:
    answer = engine.ask("tell me about the new john wick game", now=TODAY)
    assert answer.intent == "overview"
    assert len(answer.text) <= CHAT_LIMIT
    for fact in ("Saber Interactive", "PS5", "PC", "no release date yet"):
        assert fact in answer.text, f"{fact!r} not in {answer.text!r}"


@pytest.mark.parametrize("work_id", ["chapter-5", "anime-prequel", "caine", "under-the-high-table"])
def test_a_work_not_out_yet_leads_with_its_news_then_its_premise(
    engine: Engine, kb: KnowledgeBase, work_id: str
) -> None:
    work = kb.works[work_id]
    assert work.status is not Status.RELEASED and work.status_note
    answer = engine.ask(f"tell me about {work.aliases[0]}", now=TODAY)
    assert answer.entities[:1] == (f"work:{work_id}",), answer.entities
    first_news = " ".join(work.status_note.split()).split(". ")[0]
    assert answer.text.startswith(f"{work.title}: {first_news}"), answer.text
    assert " ".join(work.premise.split()).split(". ")[0] in answer.text
    assert len(answer.text) <= CHAT_LIMIT


def test_a_released_work_leads_with_its_premise(engine: Engine, kb: KnowledgeBase) -> None:
    answer = engine.ask("tell me about ballerina", now=TODAY)
    premise = kb.works["ballerina"].premise
    assert answer.text.startswith(f"Ballerina (2025): {premise.split('. ')[0]}")


@pytest.mark.parametrize(
    ("question", "lead"),
    [
        (
            "what's the status of john wick 5",
            "John Wick: Chapter 5 is in development (latest news: June 2026): At CinemaCon on "
            "April 1, 2025 it was officially announced",
        ),
        (
            "is the john wick game still happening",
            "Yes: John Wick video game (untitled) is announced (latest news: June 2026): Revealed "
            "on February 12, 2026",
        ),
    ],
)
def test_a_status_leads_with_the_news(engine: Engine, question: str, lead: str) -> None:
    answer = engine.ask(question, now=TODAY)
    assert answer.text.startswith(lead), answer.text
    assert answer.text.count("no release date") <= 1  # the status is not said twice


@pytest.mark.parametrize(
    ("question", "verdict"),
    [
        ("has the caine spinoff started filming", "No"),  # in development
        ("was the caine spinoff cancelled", "No"),
        ("is chapter 5 still happening", "Yes"),
        ("has jw5 started filming yet", "No"),
        # a title yet: No for an untitled work, or one whose news says it has no title
        ("has the john wick video game got a title yet", "No"),
        ("does the caine movie have a title yet", "No"),
        ("has the john wick anime been titled yet", "No"),
        ("is chapter 5 named yet", "Yes"),
    ],
)
def test_a_yes_no_status_question_answers_what_it_asks(
    engine: Engine, question: str, verdict: str
) -> None:
    answer = engine.ask(question, now=TODAY)
    assert answer.intent == "status", answer.intent
    assert answer.text.startswith(f"{verdict}: "), answer.text


def test_upcoming_names_works_in_the_same_state_together(engine: Engine) -> None:
    answer = engine.ask("what john wick projects are coming", now=TODAY)
    assert answer.text.startswith("Coming up: John Wick anime prequel, ")
    assert answer.text.count("no release date yet") < 5  # once per state, not per work
    assert len(answer.text) <= CHAT_LIMIT


def test_help_fits_a_chat_answer(engine: Engine) -> None:
    answer = engine.ask("what can you do", now=TODAY)
    assert answer.answered and len(answer.text) <= CHAT_LIMIT
    assert "who plays Winston?" in answer.text
