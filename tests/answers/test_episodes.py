"""Episodes of a series: which one a question names, and its date, credits and runtime."""

from __future__ import annotations

import pytest

from bot.answers.compose import Composer, Request
from bot.answers.episodes import asked_episodes
from bot.engine import Engine
from bot.facts import KnowledgeBase
from bot.intents import Intent
from bot.nlu.entities import EntityRef
from bot.nlu.normalise import tokens
from tests.conftest import TODAY

SERIES = "the-continental"


@pytest.mark.parametrize(
    ("question", "numbers"),
    [
        ("when did episode 2 come out", [2]),
        ("the 2nd episode", [2]),
        ("ep 3 air date", [3]),
        ("when did the last episode air", [3]),
        ("the final episode", [3]),
        ("the first episode", [1]),
        ("when did the continental finale air", [3]),
        ("when did the final season end", []),
        ("theater of pain air date", [3]),
        ("who directed brothers in arms", [1]),
        ("loyalty to the master runtime", [2]),
        ("release schedule", [1, 2, 3]),
        ("when did the episodes come out", [1, 2, 3]),
        ("when did it come out", []),
        ("episode 9", []),  # no such episode
        ("brothers", []),  # part of a title is not the title
    ],
)
def test_the_episodes_a_question_names(
    kb: KnowledgeBase, question: str, numbers: list[int]
) -> None:
    found = asked_episodes(kb.works[SERIES], tokens(question))
    assert [e.number for e in found] == numbers


def test_a_film_has_no_episodes(kb: KnowledgeBase) -> None:
    assert asked_episodes(kb.works["chapter-4"], tokens("the last episode")) == []


@pytest.mark.parametrize(
    ("question", "first", "absent"),
    [
        (
            "when did the continental episode 2 come out",
            "Episode 2 of The Continental, “Loyalty to the Master”, came out on September 29, 2023",
            "October 6",
        ),
        (
            "when did the last episode of the continental air",
            "Episode 3 of The Continental, “Theater of Pain”, came out on October 6, 2023",
            "September 29",
        ),
        (
            "when did the continental finale air",
            "Episode 3 of The Continental, “Theater of Pain”, came out on October 6, 2023",
            "September 29",
        ),
        (
            "theater of pain continental air date",
            "Episode 3 of The Continental, “Theater of Pain”, came out on October 6, 2023",
            "September 29",
        ),
        (
            "when did the 1st episode of the continental come out",
            "Episode 1 of The Continental, “Brothers in Arms”, came out on September 22, 2023",
            "October 6",
        ),
    ],
)
def test_an_episodes_date_leads(engine: Engine, question: str, first: str, absent: str) -> None:
    answer = engine.ask(question, now=TODAY)
    assert answer.answered and answer.text.startswith(first), answer.text
    assert absent not in answer.text  # one episode asked: not the whole schedule


@pytest.mark.parametrize(
    "question",
    ["when did the continental come out", "the continental release schedule"],
)
def test_a_series_release_lists_every_episode_date(engine: Engine, question: str) -> None:
    answer = engine.ask(question, now=TODAY)
    assert answer.answered, answer.text
    assert "September 22, 2023" in answer.text
    for date in ("September 29, 2023", "October 6, 2023"):
        assert date in answer.text, answer.text


def _compose(kb: KnowledgeBase, intent: Intent, question: str) -> str:
    """The answer to ``question`` about the series, the way the engine asks the composer."""
    slots = {"work": [EntityRef("work", SERIES)]}
    request = Request(intent, slots, TODAY.date(), words=tuple(tokens(question)))
    return Composer(kb).compose(request).text


def test_an_episode_named_by_title(kb: KnowledgeBase) -> None:
    text = _compose(kb, Intent.RELEASE_DATE, "theater of pain continental air date")
    assert text.startswith("Episode 3 of The Continental, “Theater of Pain”, came out on October 6")


def test_an_episodes_director(kb: KnowledgeBase) -> None:
    text = _compose(kb, Intent.DIRECTOR, "who directed brothers in arms continental")
    assert text.startswith(
        "Episode 1 of The Continental, “Brothers in Arms”, was directed by Albert"
    )
    assert "Brändström" not in text.split(". ")[0]


def test_an_episode_without_its_own_writers_says_so(kb: KnowledgeBase) -> None:
    text = _compose(kb, Intent.WRITER, "who wrote the first episode of the continental")
    assert text.startswith("I don't have the writer of episode 1, “Brothers in Arms”, in my notes")
    assert "Greg Coolidge" in text  # the series' writers follow


def test_an_episodes_runtime(engine: Engine) -> None:
    answer = engine.ask("how long is episode 2 of the continental", now=TODAY)
    assert answer.text.startswith("Episode 2 of The Continental, “Loyalty to the Master”, runs 80")


def test_an_episode_named_by_title_in_a_question(engine: Engine) -> None:
    answer = engine.ask("who directed brothers in arms continental", now=TODAY)
    assert answer.text.startswith(
        "Episode 1 of The Continental, “Brothers in Arms”, was directed by Albert Hughes."
    ), answer.text


@pytest.mark.parametrize(
    ("question", "intent", "expected"),
    [
        # the episode beside its series is part of the name, not the episodes relation
        ("the director of the continental episode 1 is", "director", "Albert Hughes"),
        ("who directed the work the continental episode 2", "director", "Brändström"),
        ("the writers of the continental episode 3", "writer", "Ken Kristensen"),
        # "final" names the episode, no final role of anyone
        ("how long is the final episode of the continental", "runtime", "episode 3"),
        ("when did the last episode of the continental air", "release_date", "October 6, 2023"),
        # one episode's name asked: that one, not the whole list
        ("what's the name of the final episode of the continental", "episodes", "Theater of Pain"),
        ("what is the second episode of the continental called", "episodes", "Loyalty"),
    ],
)
def test_one_episode_named_beside_its_series(
    engine: Engine, question: str, intent: str, expected: str
) -> None:
    answer = engine.ask(question, now=TODAY)
    assert answer.answered and answer.intent == intent, (question, answer.text)
    assert expected in answer.text


def test_one_episodes_name_leads_but_a_count_lists_them_all(engine: Engine) -> None:
    one = engine.ask("what is the first episode of the continental called", now=TODAY)
    assert one.text.startswith("Episode 1 of The Continental, “Brothers in Arms”")
    assert "Theater of Pain" not in one.text
    every = engine.ask("how many episodes does the continental have", now=TODAY)
    assert "3 episodes" in every.text and "Theater of Pain" in every.text
