"""Answers about people: what they are known for, their roles, their age at a release."""

from __future__ import annotations

import pytest

from bot.answers.brevity import CHAT_LIMIT
from bot.engine import Engine
from bot.facts import KnowledgeBase
from bot.intents import Intent
from bot.nlu.entities import EntityRef
from tests.conftest import TODAY


@pytest.mark.parametrize(
    ("question", "facts"),
    [
        ("what is keanu reeves known for", ["John Wick", "Neo in The Matrix"]),
        ("what's halle berry known for?", ["Sofia", "Monster's Ball", "Storm in X-Men"]),
        ("who is ian mcshane", ["Winston Scott", "Deadwood", "Lovejoy"]),
        ("who's lance reddick", ["Charon", "Cedric Daniels in The Wire"]),
        ("tell me about donnie yen", ["Caine", "Ip Man"]),
    ],
)
def test_a_person_answer_says_what_they_are_known_for(
    engine: Engine, question: str, facts: list[str]
) -> None:
    answer = engine.ask(question, now=TODAY)
    assert answer.answered, answer.text
    assert len(answer.text) <= CHAT_LIMIT
    for fact in facts:
        assert fact in answer.text, f"{question!r}: {fact!r} not in {answer.text!r}"


def test_known_for_is_in_the_lead_sentence(engine: Engine, kb: KnowledgeBase) -> None:
    """The first sentence survives any cut, so it carries the role and the known-for."""
    answer = engine.ask("who is halle berry", now=TODAY)
    lead = answer.text.split(". ")[0]
    assert "Sofia" in lead and "Monster's Ball" in lead
    known = kb.people["halle-berry"].known_for
    assert known is not None and known.rstrip(".") in lead


def test_roles_of_one_character_are_listed_once(engine: Engine) -> None:
    answer = engine.ask("who is lance reddick", now=TODAY)
    assert answer.text.count("as Charon") == 1, answer.text
    assert "Chapter 4 (2023)" in answer.text and "Ballerina (2025)" in answer.text


def test_a_person_without_known_for_keeps_their_description(
    engine: Engine, kb: KnowledgeBase
) -> None:
    plain = next(p for p in kb.people.values() if not p.known_for and p.id in kb.roles_by_person)
    answer = engine.answer_for(Intent.PERSON_WORKS, [EntityRef("person", plain.id)], now=TODAY)
    assert answer.text.startswith(f"{plain.name}: {plain.description.split('. ')[0]}")
    assert "known outside" not in answer.text
