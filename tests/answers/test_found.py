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
