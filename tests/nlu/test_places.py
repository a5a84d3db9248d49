"""Where the works' stories go and where they were filmed, as questions name them."""

from __future__ import annotations

from bot.engine import Engine
from bot.facts.knowledge import KnowledgeBase
from bot.intents import Intent
from bot.nlu.places import FILMING, SETTING, PlaceIndex
from bot.nlu.words import COMMON, STOPWORDS
from tests.conftest import TODAY


def test_a_place_is_named_with_or_without_its_kind(kb: KnowledgeBase) -> None:
    places = PlaceIndex(kb, STOPWORDS | COMMON)
    assert places.works([("rome",)], SETTING) == {"chapter-2"}
    assert places.works([("sahara",)], SETTING) == {"chapter-3"}  # "the Sahara desert"
    assert "chapter-2" in places.works([("new", "york")], SETTING)  # "New York City"
    assert places.works([("budapest",)], FILMING) == {"ballerina", "the-continental"}
    # where it was filmed is not where it is set, and every place named must fit
    assert places.works([("budapest",)], SETTING) == frozenset()
    assert places.works([("osaka",), ("rome",)], SETTING) == frozenset()
    # a kind of place left out only when what is left is no everyday word
    assert places.works([("long",)], FILMING) == frozenset()


def test_the_places_named_are_found_longest_first(kb: KnowledgeBase) -> None:
    places = PlaceIndex(kb, STOPWORDS | COMMON)
    words = "which films are set in new york city".split()
    assert places.find(words, set()) == [(5, 8, ("new", "york", "city"))]
    assert places.find(words, {6}) == []  # inside a name


def test_where_a_story_goes_is_its_places_not_its_time(engine: Engine) -> None:
    answer = engine.ask("where does chapter 2 take place", now=TODAY)
    assert answer.intent == Intent.PREMISE.value and "Rome" in answer.text
    answer = engine.ask("what city is chapter 4 set in", now=TODAY)
    assert "Osaka" in answer.text and "Paris" in answer.text
    # "when", or its place in the saga, is still the timeline
    assert engine.ask("when is ballerina set", now=TODAY).intent == Intent.TIMELINE.value
    answer = engine.ask("where does chapter 2 fit in the timeline", now=TODAY)
    assert answer.intent == Intent.TIMELINE.value
    # and where it was filmed is the filming
    answer = engine.ask("where was chapter 4 filmed", now=TODAY)
    assert answer.intent == Intent.FILMING.value and "Jordan" in answer.text


def test_a_place_asked_of_a_work_is_checked(engine: Engine) -> None:
    assert engine.ask("is ballerina set in prague", now=TODAY).text.startswith("Yes")
    assert engine.ask("is chapter 3 set in rome", now=TODAY).text.startswith("No")


def test_a_place_with_no_work_named_asks_for_its_works(engine: Engine) -> None:
    answer = engine.ask("which of the films is set in rome", now=TODAY)
    assert answer.answered and answer.text.startswith("Set in Rome: John Wick: Chapter 2")
    answer = engine.ask("what john wick movie takes place in japan", now=TODAY)
    assert answer.answered and "Chapter 4" in answer.text and "Chapter 2" not in answer.text
    answer = engine.ask("which john wick movies were filmed in budapest", now=TODAY)
    assert answer.text.startswith("Filmed in Budapest: Ballerina (2025) was filmed in Prague")
    answer = engine.ask("which john wick movies and shows were filmed in budapest", now=TODAY)
    assert answer.text == "Filmed in Budapest: The Continental (2023) and Ballerina (2025)."
    # about the franchise only: any film shot in budapest is none of ours
    assert not engine.ask("which movies were filmed in budapest", now=TODAY).answered
    # "movies" are the films: the series is no movie set in New York
    answer = engine.ask("which john wick movies are set in new york", now=TODAY)
    assert "John Wick (2014)" in answer.text and "The Continental" not in answer.text


def test_a_place_of_no_work_is_not_answered_with_one(engine: Engine) -> None:
    # a setting of one work is no answer for another place
    answer = engine.ask("which john wick film is set in osaka and rome", now=TODAY)
    assert "Set in" not in answer.text
