"""Structured requests (slash commands, buttons): ``Engine.answer_for`` and ``Engine.about``."""

from __future__ import annotations

from bot.engine import Conversation, Engine
from bot.intents import Intent
from bot.nlu.entities import EntityRef
from tests.conftest import TODAY

CHAPTER_2 = EntityRef("work", "chapter-2")
WINSTON = EntityRef("character", "winston-scott")


def test_answer_for_answers_without_parsing_text(engine: Engine) -> None:
    answer = engine.answer_for(Intent.CAST, [CHAPTER_2], now=TODAY)
    assert answer.answered and answer.intent == "cast"
    assert answer.text.startswith("The cast of John Wick: Chapter 2 (2017):")
    assert answer.entities == ("work:chapter-2",) and answer.sources


def test_answer_for_declines_things_that_do_not_fit(engine: Engine) -> None:
    assert not engine.answer_for(Intent.DIRECTOR, [WINSTON], now=TODAY).answered
    assert not engine.answer_for(Intent.CAST, [], now=TODAY).answered
    assert not engine.answer_for(Intent.CAST, [EntityRef("work", "no-such")], now=TODAY).answered


def test_franchise_wide_requests_need_nothing(engine: Engine) -> None:
    assert engine.answer_for(Intent.WATCH_ORDER, now=TODAY).text.startswith("Release order:")
    assert engine.answer_for(Intent.UPCOMING, now=TODAY).text.startswith("Coming up:")


def test_answer_for_feeds_follow_ups(engine: Engine) -> None:
    conversation = Conversation()
    engine.answer_for(Intent.CAST, [CHAPTER_2], now=TODAY, conversation=conversation)
    follow_up = engine.ask("who directed it?", now=TODAY, conversation=conversation)
    assert follow_up.text == "John Wick: Chapter 2 (2017) was directed by Chad Stahelski."


def test_about_always_has_a_card(engine: Engine) -> None:
    for ref in (CHAPTER_2, WINSTON, EntityRef("topic", "high-table")):
        answer = engine.about(ref, now=TODAY)
        assert answer.answered and answer.card is not None, ref
    assert engine.about(EntityRef("topic", "johns-fate"), now=TODAY).spoiler


def test_a_regional_gross_or_marketing_cost_is_lacking(engine: Engine) -> None:
    answer = engine.ask("how much did parabellum make in the us alone", now=TODAY)
    assert not answer.answered and "US-only box office" in answer.text
    answer = engine.ask("how much did lionsgate spend marketing chapter 4", now=TODAY)
    assert not answer.answered and "marketing" in answer.text
    assert engine.ask("how much did parabellum make", now=TODAY).answered


def test_a_negated_yes_no_question_gets_the_fact_without_a_verdict(engine: Engine) -> None:
    answer = engine.ask("is it true that keanu reeves is not in the continental", now=TODAY)
    assert answer.text.startswith("Keanu Reeves is not in the cast of The Continental")
    answer = engine.ask("isnt keanu in chapter 4", now=TODAY)
    assert answer.text.startswith("Keanu Reeves is in John Wick: Chapter 4")
    # without "not", the verdict stays
    assert engine.ask("is keanu in chapter 4", now=TODAY).text.startswith("Yes: ")
