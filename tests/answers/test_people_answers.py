"""Answers about people: what they are known for, their roles, their age at a release."""

from __future__ import annotations

import pytest

from bot.answers.brevity import CHAT_LIMIT
from bot.answers.compose import Composer, Request
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


def _born(kb: KnowledgeBase, person: str, *works: str) -> str:
    slots = {"person": [EntityRef("person", person)], "work": [EntityRef("work", w) for w in works]}
    return Composer(kb).compose(Request(Intent.PERSON_BORN, slots, TODAY.date())).text


@pytest.mark.parametrize(
    ("person", "work", "facts"),
    [
        # born September 2, 1964; John Wick out October 24, 2014
        ("keanu-reeves", "john-wick", ["was 50 when John Wick (2014)", "October 24, 2014"]),
        # born September 29, 1942; Chapter 4 out March 24, 2023 (before his birthday)
        ("ian-mcshane", "chapter-4", ["was 80 when", "March 24, 2023", "September 29, 1942"]),
        # born in 1983 only: both possible ages
        ("katie-mcgrath", "the-continental", ["was 39 or 40 when", "premiered"]),
        # died on March 17, 2023, a week before Chapter 4 came out
        ("lance-reddick", "chapter-4", ["died on March 17, 2023, before", "March 24, 2023"]),
        ("keanu-reeves", "chapter-5", ["no release day yet", "62 today"]),
    ],
)
def test_age_at_a_works_release(
    kb: KnowledgeBase, person: str, work: str, facts: list[str]
) -> None:
    text = _born(kb, person, work)
    for fact in facts:
        assert fact in text, f"{fact!r} not in {text!r}"
    assert "Born" not in text or text.index(facts[0]) < text.index("Born")  # the age leads


def test_age_at_several_releases_lists_each(kb: KnowledgeBase) -> None:
    text = _born(kb, "keanu-reeves", "john-wick", "chapter-2", "chapter-4")
    assert "John Wick (2014): 50" in text
    assert "John Wick: Chapter 2 (2017): 52" in text  # February 10, 2017
    assert "John Wick: Chapter 4 (2023): 58" in text


def test_without_a_work_the_age_is_todays(engine: Engine) -> None:
    answer = engine.ask("how old is ian mcshane", now=TODAY)
    assert "84 today" in answer.text and " when " not in answer.text


@pytest.mark.parametrize(
    ("question", "lead"),
    [
        ("how old was keanu in the first john wick", "Keanu Reeves was 50 when John Wick (2014)"),
        (
            "how old was ian mcshane when chapter 4 came out",
            "Ian McShane was 80 when John Wick: Chapter 4 (2023) came out in the US on March 24",
        ),
    ],
)
def test_age_at_a_release_asked_in_words(engine: Engine, question: str, lead: str) -> None:
    answer = engine.ask(question, now=TODAY)
    assert answer.text.startswith(lead), answer.text


@pytest.mark.parametrize(
    ("question", "outside", "ours"),
    [
        ("what else has bill skarsgard been in", "Pennywise", "Marquis"),
        ("what other movies has keanu reeves been in", "Neo in The Matrix", "John Wick"),
        ("what is ian mcshane famous for besides winston", "Deadwood", "Winston Scott"),
        ("what else did derek kolstad write", "Nobody", "credited as writer"),
        ("what else has len wiseman directed", "Underworld", "Ballerina"),
    ],
)
def test_work_outside_the_franchise_leads_with_what_they_are_known_for(
    engine: Engine, question: str, outside: str, ours: str
) -> None:
    answer = engine.ask(question, now=TODAY)
    assert answer.answered, answer.text
    assert answer.text.startswith("Outside the John Wick franchise,"), answer.text
    assert outside in answer.text and ours in answer.text


def test_work_outside_the_franchise_says_when_the_notes_lack_it(engine: Engine) -> None:
    answer = engine.ask("what else has jeremy bobb been in", now=TODAY)
    assert answer.text.startswith(
        "I don't have Jeremy Bobb's work outside the John Wick franchise in my notes."
    )
    assert "Mayhew" in answer.text  # what the notes do have


@pytest.mark.parametrize(
    "question",
    [
        "who else is in ballerina besides ana de armas",  # the cast, one set aside
        "what other john wick films is keanu in",  # inside the franchise
        "what is keanu reeves known for",
    ],
)
def test_other_work_inside_the_franchise_is_not_read_as_outside(
    engine: Engine, question: str
) -> None:
    answer = engine.ask(question, now=TODAY)
    assert answer.answered and "Outside the John Wick franchise" not in answer.text


def test_a_credit_set_aside_is_left_out(engine: Engine) -> None:
    answer = engine.ask("what did derek kolstad write besides the first john wick", now=TODAY)
    assert "Chapter 2" in answer.text and "John Wick (2014)" not in answer.text


@pytest.mark.parametrize(
    ("question", "start", "facts"),
    [
        ("does ian mcshane play winston", "Yes: Ian McShane plays Winston Scott", ["Ballerina"]),
        (
            "did willem dafoe play winston",
            "No: Willem Dafoe does not play Winston Scott",
            ["Ian McShane", "Marcus"],
        ),
        (
            "when did willem dafoe play winston",  # a false premise, answered with the facts
            "No: Willem Dafoe does not play Winston Scott",
            ["Ian McShane"],
        ),
        ("is halle berry sofia", "Yes: Halle Berry plays Sofia", ["Parabellum"]),
    ],
)
def test_a_person_and_a_character_named_together_ask_whether_one_plays_the_other(
    engine: Engine, question: str, start: str, facts: list[str]
) -> None:
    answer = engine.ask(question, now=TODAY)
    assert answer.answered and answer.text.startswith(start), answer.text
    assert all(fact in answer.text for fact in facts), answer.text


def test_a_name_of_a_work_and_a_character_is_read_the_way_the_person_is_linked(
    engine: Engine,
) -> None:
    # "john wick" is the hero and the first film; Unity Phelan is neither: the franchise's
    answer = engine.ask("unity phelan role in john wick", now=TODAY)
    assert "Eve Macarro" in answer.text and "does not play" not in answer.text


def test_a_stunt_double_is_whoever_the_notes_say_doubled_them(engine: Engine) -> None:
    answer = engine.ask("who is keanu reeves stunt double", now=TODAY)
    assert answer.answered and "Jackson Spidell: Keanu Reeves's stunt double" in answer.text
    # no entry says who doubled her: said as lacking, never the stunt coordinator
    lacking = engine.ask("who was halle berry's stunt double in parabellum", now=TODAY)
    assert not lacking.answered
    assert lacking.text.startswith("I don't have Halle Berry's stunt double in my notes.")
    assert "Scott Rogers" not in lacking.text
