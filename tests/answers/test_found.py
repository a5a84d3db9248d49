"""Answers to searches for works, composed from what the search found (no question read)."""

from __future__ import annotations

from bot.answers.base import Request
from bot.answers.compose import Composer
from bot.facts import KnowledgeBase
from bot.intents import Intent
from bot.nlu.entities import EntityRef
from bot.nlu.search import Credit, Found
from tests.conftest import TODAY

STAHELSKI = EntityRef("person", "chad-stahelski")
MCSHANE = EntityRef("person", "ian-mcshane")


def compose(kb: KnowledgeBase, found: Found):  # type: ignore[no-untyped-def]
    slots = {"person": [c.ref for c in found.credits], "work": list(found.works)}
    return Composer(kb).compose(Request(found.intent, slots, TODAY.date(), found=found))


def test_the_works_without_a_credit_say_who_has_it_instead(kb: KnowledgeBase) -> None:
    denied = Credit(STAHELSKI, "director", negated=True)
    found = Found((denied,), (EntityRef("work", "ballerina"),), kind="film", franchise=True)
    out = compose(kb, found)
    assert out.text.startswith("The released John Wick films not directed by Chad Stahelski")
    assert "Ballerina (2025) (directed by Len Wiseman)" in out.text and not out.lacking


def test_no_work_without_a_credit_says_it_is_on_every_one(kb: KnowledgeBase) -> None:
    found = Found((Credit(MCSHANE, "actor", negated=True),), (), kind="film", franchise=True)
    assert compose(kb, found).text == "None: Ian McShane is in every released John Wick film."
    # asked yes or no, the same with No first
    polar = Found(
        (Credit(MCSHANE, None, negated=True),), (), kind="film", franchise=True, polar=True
    )
    assert compose(kb, polar).text == "No: Ian McShane is in every released John Wick film."
    # a crew role held on every film names the credit
    crew = Found((Credit(STAHELSKI, None, negated=True),), (), kind="film", franchise=True)
    assert "Chad Stahelski is credited on every released" in compose(kb, crew).text


def test_a_denied_credit_with_the_franchise_unnamed_is_lacking(kb: KnowledgeBase) -> None:
    found = Found((Credit(MCSHANE, "actor", negated=True),), (), kind="film")
    assert compose(kb, found).lacking
    assert found.intent is Intent.PERSON_WORKS


def test_works_ranked_name_the_top_one_its_fact_and_the_rest(kb: KnowledgeBase) -> None:
    films = tuple(EntityRef("work", w) for w in ("john-wick", "chapter-2", "chapter-3"))
    found = Found(
        (Credit(MCSHANE, "actor"),),
        films,
        kind="film",
        franchise=True,
        ranked=(Intent.RUNTIME, "max"),
    )
    out = compose(kb, found)
    assert out.text.startswith(
        "Of the John Wick films starring Ian McShane, the longest is John Wick: Chapter 3"
    )
    assert "Then: John Wick: Chapter 2 (2017) and John Wick (2014)." in out.text
    # equal figures are said to be level (Chapter 2 and Parabellum: 89% on Rotten Tomatoes)
    found = Found(
        (Credit(MCSHANE, "actor"),),
        films[1:],
        kind="film",
        franchise=True,
        ranked=(Intent.SCORES, "max"),
    )
    assert "are level as the best-reviewed" in compose(kb, found).text


def test_works_ranked_without_the_fact_are_what_wickbot_lacks(kb: KnowledgeBase) -> None:
    series = (EntityRef("work", "the-continental"),)
    found = Found(
        (Credit(EntityRef("person", "mel-gibson"), "actor"),),
        series,
        franchise=True,
        ranked=(Intent.BOX_OFFICE, "max"),
    )
    out = compose(kb, found)
    assert out.lacking and out.text.startswith("I don't have the")
