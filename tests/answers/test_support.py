"""A yes/no question's claim checked against a sentence of the notes."""

from __future__ import annotations

from bot.answers.support import claim_units, supports
from bot.engine import Engine
from bot.nlu.entities import EntityRef
from bot.nlu.normalise import tokens
from tests.conftest import TODAY

WORK = EntityRef("work", "chapter-4")
PERSON = EntityRef("person", "lance-reddick")
NAMES = {WORK: {"John Wick: Chapter 4", "Chapter 4", "jw4"}, PERSON: {"Lance Reddick"}}


def units(question: str, used: dict[EntityRef, str]):  # type: ignore[no-untyped-def]
    return claim_units(tokens(question), used, NAMES)


def test_a_sentence_that_says_the_claim_in_order_supports_it() -> None:
    claim = units("is jw4 dedicated to lance reddick", {WORK: "jw4", PERSON: "lance reddick"})
    assert claim is not None
    assert supports(claim, "Chapter 4 is dedicated to Lance Reddick, who died in 2023.")
    # the same words in another order, or another preposition, do not
    assert not supports(claim, "Lance Reddick is dedicated to Chapter 4.")
    assert not supports(claim, "Chapter 4 is dedicated, after all, by Lance Reddick.")


def test_negations_hedges_and_negated_questions_support_nothing() -> None:
    claim = units("is jw4 dedicated to lance reddick", {WORK: "jw4", PERSON: "lance reddick"})
    assert claim is not None
    assert not supports(claim, "Chapter 4 is not dedicated to Lance Reddick.")
    assert not supports(claim, "Chapter 4 is reportedly dedicated to Lance Reddick.")
    assert units("isn't jw4 dedicated to lance reddick", {WORK: "jw4"}) is None
    # a question of names alone claims nothing to check
    assert units("is jw4 lance reddick", {WORK: "jw4", PERSON: "lance reddick"}) is None


def test_a_supported_yes_no_lore_question_says_yes(engine: Engine) -> None:
    answer = engine.ask("is daisy a beagle", now=TODAY)
    assert answer.text.startswith("Yes:")
    # a claim no sentence states gets the facts without a Yes (nor a No)
    answer = engine.ask("is daisy a pit bull", now=TODAY)
    assert not answer.text.startswith(("Yes", "No"))
