"""Is someone in a work, asked of one work or of several ("was mel gibson in a john wick
movie": the understanding fills the work slot with every work of the franchise)."""

from __future__ import annotations

import pytest

from bot.answers.base import is_out
from bot.answers.compose import Composer, Request
from bot.engine import Engine
from bot.facts import KnowledgeBase
from bot.intents import Intent
from bot.nlu.entities import EntityRef
from tests.conftest import TODAY


def _ask(kb: KnowledgeBase, kind: str, ident: str, works: list[str] | None = None) -> str:
    ids = list(kb.works) if works is None else works
    slots = {kind: [EntityRef(kind, ident)], "work": [EntityRef("work", w) for w in ids]}
    return Composer(kb).compose(Request(Intent.ACTOR_IN_WORK, slots, TODAY.date())).text


@pytest.mark.parametrize(
    ("person", "text"),
    [
        ("mel-gibson", "Yes: Mel Gibson is in The Continental (2023) as Cormac O'Connor."),
        (
            "halle-berry",
            "Yes: Halle Berry is in John Wick: Chapter 3 – Parabellum (2019) as Sofia.",
        ),
    ],
)
def test_in_one_of_all_the_works(kb: KnowledgeBase, person: str, text: str) -> None:
    assert _ask(kb, "person", person) == text


def test_in_several_works_lists_them_in_release_order(kb: KnowledgeBase) -> None:
    text = _ask(kb, "person", "ian-mcshane")
    assert text.startswith("Yes: Ian McShane is in John Wick (2014), John Wick: Chapter 2 (2017)")
    assert text.endswith("and Ballerina (2025) as Winston Scott.")


def test_credited_but_not_cast(kb: KnowledgeBase) -> None:
    text = _ask(kb, "person", "derek-kolstad")
    assert text.startswith("No: Derek Kolstad is not in the cast of any John Wick film or series")
    assert "credited as writer on John Wick (2014)" in text


def test_in_none_of_the_franchise(kb: KnowledgeBase) -> None:
    text = _ask(kb, "person", "mel-gibson", ["john-wick", "chapter-2"])
    assert text == (
        "No: Mel Gibson is not in John Wick (2014) or John Wick: Chapter 2 (2017) "
        "as far as I know. Mel Gibson is in The Continental (2023) as Cormac O'Connor."
    )


def test_in_none_of_the_films_but_in_the_series(kb: KnowledgeBase) -> None:
    films = [w.id for w in kb.works.values() if w.id != "the-continental"]
    text = _ask(kb, "person", "mel-gibson", films)
    assert text == (
        "No: Mel Gibson is not in any John Wick film as far as I know. "
        "Mel Gibson is in The Continental (2023) as Cormac O'Connor."
    )


def test_a_character_in_any_work(kb: KnowledgeBase) -> None:
    text = _ask(kb, "character", "winston-scott")
    assert text.startswith("Yes: Winston Scott appears, played by Ian McShane in John Wick")
    assert "Colin Woodell in The Continental (young Winston)" in text


def test_one_work_is_answered_as_before(engine: Engine) -> None:
    answer = engine.ask("is halle berry in chapter 3", now=TODAY)
    assert (
        answer.text == "Yes: Halle Berry is in John Wick: Chapter 3 – Parabellum (2019) as Sofia."
    )


@pytest.mark.parametrize(
    ("question", "text"),
    [
        (
            "was mel gibson in a john wick movie",
            "Yes: Mel Gibson is in The Continental (2023) as Cormac O'Connor.",
        ),
        (
            "was halle berry in a john wick movie",
            "Yes: Halle Berry is in John Wick: Chapter 3 – Parabellum (2019) as Sofia.",
        ),
    ],
)
def test_in_a_john_wick_movie_asked_in_words(engine: Engine, question: str, text: str) -> None:
    assert engine.ask(question, now=TODAY).text == text


def test_a_crew_member_in_a_john_wick_movie(engine: Engine) -> None:
    answer = engine.ask("was chad stahelski in a john wick movie", now=TODAY)
    assert answer.text.startswith(
        "No: Chad Stahelski is not in the cast of any John Wick film or series, but is "
        "credited as director on John Wick (2014)"
    ), answer.text


def test_in_every_film_is_checked_film_by_film(engine: Engine) -> None:
    films = [w for w in engine.kb.films() if is_out(w, TODAY.date())]
    answer = engine.ask("is winston in every john wick movie", now=TODAY)
    assert answer.intent == Intent.ACTOR_IN_WORK.value
    assert answer.text.startswith(f"Yes: Winston Scott (Ian McShane) is in all {len(films)}")
    answer = engine.ask("is halle berry in every john wick film", now=TODAY)
    assert answer.text.startswith("No: Halle Berry is in John Wick: Chapter 3")
    # "a john wick movie" is still any of them
    assert "Cormac" in engine.ask("was mel gibson in a john wick movie", now=TODAY).text


@pytest.mark.parametrize(
    ("kind", "ident", "work", "text"),
    [
        (
            "person",
            "scott-adkins",
            "john-wick",
            "No: Scott Adkins is not in the cast of John Wick (2014) as far as I know. "
            "Scott Adkins is in John Wick: Chapter 4 (2023) as Killa.",
        ),
        (
            "character",
            "sofia",
            "chapter-4",
            "No: Sofia is not in the cast of John Wick: Chapter 4 (2023) as far as I know. "
            "Sofia appears in John Wick: Chapter 3 – Parabellum (2019).",
        ),
    ],
)
def test_a_no_about_one_work_says_where_in_the_franchise_they_are(
    kb: KnowledgeBase, kind: str, ident: str, work: str, text: str
) -> None:
    assert _ask(kb, kind, ident, [work]) == text


def test_a_no_adds_nothing_for_someone_who_acts_in_no_other_work(kb: KnowledgeBase) -> None:
    # a writer of the main films, asked of Ballerina: no role to name elsewhere
    text = _ask(kb, "person", "derek-kolstad", ["ballerina"])
    assert text == "No: Derek Kolstad is not in the cast of Ballerina (2025) as far as I know."
