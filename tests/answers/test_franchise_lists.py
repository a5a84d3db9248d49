"""Franchise-wide lists, counts and what is coming, of every work or only the spin-offs."""

from __future__ import annotations

import pytest

from bot.answers.base import is_out
from bot.engine import Engine
from bot.intents import Intent
from bot.nlu.claims import read_claims
from bot.nlu.words import STOPWORDS
from bot.text import tokens
from tests.conftest import TODAY


def _spin_offs(engine: Engine) -> set[str]:
    return {w.title for w in engine.kb.works.values() if w.spin_off}


def test_spin_off_is_one_word_however_it_is_written() -> None:
    assert tokens("the spin-off") == tokens("the spin off") == ["the", "spinoff"]
    assert tokens("spin-offs") == ["spinoffs"]
    assert read_claims(tuple(tokens("what spin-offs are coming")), STOPWORDS).spin_off
    assert not read_claims(tuple(tokens("what films are coming")), STOPWORDS).spin_off


def test_spin_offs_are_the_works_marked_so(engine: Engine) -> None:
    spin_offs = _spin_offs(engine)
    assert {"Ballerina", "The Continental"} <= spin_offs
    assert "John Wick: Chapter 4" not in spin_offs and "John Wick: Chapter 5" not in spin_offs
    listed = engine.ask("what spin-offs are there", now=TODAY)
    assert listed.answered and listed.intent == Intent.LIST_WORKS.value
    assert all(title in listed.text for title in spin_offs)
    assert "Chapter 4" not in listed.text and "Chapter 5" not in listed.text
    # every film, as before, when spin-offs are not asked for
    films = engine.ask("list all the john wick films", now=TODAY)
    assert "Chapter 4" in films.text


def test_spin_offs_counted_and_coming(engine: Engine) -> None:
    released = [w for w in engine.kb.works.values() if w.spin_off and is_out(w, TODAY.date())]
    counted = engine.ask("how many spin offs does the franchise have", now=TODAY)
    assert counted.intent == Intent.COUNT_WORKS.value
    assert counted.text.startswith(f"{len(released)} spin-offs so far")
    coming = engine.ask("which john wick spinoffs are coming", now=TODAY)
    assert coming.intent == Intent.UPCOMING.value
    assert "Caine" in coming.text and "Chapter 5" not in coming.text


def test_the_next_spin_off_is_not_the_next_film(engine: Engine) -> None:
    # "the next john wick" names Chapter 5, but not before "spinoff"
    answer = engine.ask("when is the next john wick spinoff coming out", now=TODAY)
    assert answer.answered and "Chapter 5" not in answer.text and "Caine" in answer.text
    assert "Chapter 5" in engine.ask("when is the next john wick coming out", now=TODAY).text


def test_one_franchise_wide_relation_named_beats_another(engine: Engine) -> None:
    # "upcoming" names what is coming: not the list of every work
    answer = engine.ask("what are the upcoming john wick movies", now=TODAY)
    assert answer.intent == Intent.UPCOMING.value
    # ... but a count asked of them is still a count
    counted = engine.ask("how many john wick films are in development", now=TODAY)
    assert counted.intent == Intent.COUNT_WORKS.value


def test_including_before_a_noun_does_not_scope_away(engine: Engine) -> None:
    # "how many marvel movies" is another franchise; "including spin-offs" is ours
    answer = engine.ask("john wick watch order including spinoffs", now=TODAY)
    assert answer.answered and answer.intent == Intent.WATCH_ORDER.value
    assert not engine.ask("how many marvel movies are there", now=TODAY).answered


def test_a_place_among_the_spin_offs_is_of_the_spin_offs(engine: Engine) -> None:
    answer = engine.ask("is ballerina the first spin-off", now=TODAY)
    assert answer.text == "No: the first was The Continental (2023)."
    answer = engine.ask("is ballerina the first spin-off film", now=TODAY)
    assert answer.text.startswith("Yes: the first was Ballerina (2025)")


def test_the_first_three_counts_films_and_places_none(engine: Engine) -> None:
    answer = engine.ask("do i need to see the first three before jw4", now=TODAY)
    assert answer.intent == "watch_order" and "Chapter 3" in answer.text
    assert not answer.text.startswith(("Yes", "No"))


@pytest.mark.parametrize(
    ("question", "start"),
    [
        ("is the continental the second spin-off", "No: the second was Ballerina (2025)"),
        ("is chapter 2 the second film", "Yes: the second was John Wick: Chapter 2 (2017)"),
        ("is parabellum the third john wick movie", "Yes: the third was"),
    ],
)
def test_a_place_after_the_first_is_claimed_by_number(
    engine: Engine, question: str, start: str
) -> None:
    assert engine.ask(question, now=TODAY).text.startswith(start)


def test_a_number_before_a_plural_counts_and_places_nothing() -> None:
    assert read_claims(tuple("is ballerina the 2 spinoff".split()), frozenset()).order == "2"
    assert read_claims(tuple("are the 2 spinoffs good".split()), frozenset()).order is None
