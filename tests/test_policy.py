"""The answer policy: what counts as a question, when to answer, the per-channel budget."""

from __future__ import annotations

import pytest

from bot.answers.model import Answer
from bot.policy import (
    ChannelBudget,
    Route,
    looks_like_question,
    needs_settings,
    route,
    should_reply,
    worth_volunteering,
)
from bot.storage import AnswerMode, GuildSettings

QA = 7
GENERAL = 8


@pytest.mark.parametrize(
    ("text", "question"),
    [
        ("who plays winston", True),
        ("ballerina out yet?", True),
        ("  What's the watch order", True),
        ("ballerina was great", False),
        ("winston", False),
        ("whoever made chapter 4 is a genius", False),
    ],
)
def test_looks_like_question(text: str, question: bool) -> None:
    assert looks_like_question(text) is question


def test_volunteering_needs_confidence_and_a_franchise_subject() -> None:
    sure = Answer("q", True, "t", intent="director", confidence=1.0, entities=("work:ballerina",))
    assert worth_volunteering(sure, "who directed ballerina?")
    assert not worth_volunteering(sure, "ballerina, directed by len wiseman")
    unsure = Answer("q", True, "t", intent="director", confidence=0.5, entities=("work:x",))
    assert not worth_volunteering(unsure, "who directed it?")
    nothing_named = Answer("q", True, "t", intent="help", confidence=1.0)
    assert not worth_volunteering(nothing_named, "what can you do?")
    franchise = Answer("q", True, "t", intent="watch_order", confidence=0.9)
    assert worth_volunteering(franchise, "what order do I watch them in?")


def server(mode: AnswerMode, qa: frozenset[int] = frozenset({QA})) -> GuildSettings:
    return GuildSettings(1, mode, qa)


def where(text: str, mode: AnswerMode | None, channel: int = GENERAL, **kw: bool) -> Route:
    settings = None if mode is None else server(mode)
    return route(
        text,
        prefix="!",
        addressed=kw.get("addressed", False),
        settings=settings,
        channels=(channel, None),
    )


@pytest.mark.parametrize(
    ("mode", "channel", "addressed", "expected"),
    [
        (None, GENERAL, False, Route.ANSWER),  # a DM
        (AnswerMode.MENTION, GENERAL, True, Route.ANSWER),
        (AnswerMode.MENTION, QA, False, Route.IGNORE),
        (AnswerMode.MENTION, GENERAL, False, Route.IGNORE),
        (AnswerMode.CHANNELS, QA, False, Route.ANSWER),
        (AnswerMode.CHANNELS, GENERAL, False, Route.IGNORE),
        (AnswerMode.AUTO, QA, False, Route.ANSWER),
        (AnswerMode.AUTO, GENERAL, False, Route.VOLUNTEER),
        (AnswerMode.AUTO, GENERAL, True, Route.ANSWER),
    ],
)
def test_route_follows_the_answer_mode(
    mode: AnswerMode | None, channel: int, addressed: bool, expected: Route
) -> None:
    assert where("who plays winston?", mode, channel, addressed=addressed) is expected


def test_a_threads_parent_qa_channel_counts() -> None:
    chosen = route(
        "who plays winston?",
        prefix="!",
        addressed=False,
        settings=server(AnswerMode.CHANNELS),
        channels=(99, QA),
    )
    assert chosen is Route.ANSWER


def test_settings_are_needed_only_for_plain_unaddressed_messages() -> None:
    assert needs_settings("who plays winston?", "!", addressed=False)
    assert not needs_settings("who plays winston?", "!", addressed=True)
    for text in ("!cast chapter 4", "   ", ""):
        assert not needs_settings(text, "!", addressed=False)
        assert route(text, prefix="!", addressed=True, settings=None) is Route.IGNORE
    assert route("hi", prefix="!", addressed=True, settings=None) is Route.ANSWER


def test_should_reply_answers_addressed_questions_even_when_unsure() -> None:
    unknown = Answer("what is love", False, "I don't know that one.")
    assert should_reply(Route.ANSWER, unknown, "what is love")
    assert not should_reply(Route.VOLUNTEER, unknown, "what is love")
    assert not should_reply(Route.IGNORE, unknown, "what is love")
    sure = Answer("q", True, "t", intent="director", confidence=1.0, entities=("work:ballerina",))
    assert should_reply(Route.VOLUNTEER, sure, "who directed ballerina?")


class FakeClock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def test_budget_allows_a_burst_then_one_per_refill_per_channel() -> None:
    clock = FakeClock()
    budget = ChannelBudget(burst=5, refill=1.0, clock=clock)
    assert [budget.spend("flood") for _ in range(7)] == [True] * 5 + [False] * 2
    assert not budget.allows("flood")
    assert all(budget.spend("quiet") for _ in range(5))  # other channels keep their share
    clock.now += 1.0
    assert budget.spend("flood") and not budget.spend("flood")
    clock.now += 60
    assert [budget.spend("flood") for _ in range(6)] == [True] * 5 + [False]


def test_a_flood_of_a_thousand_messages_gets_a_bounded_share() -> None:
    clock = FakeClock()
    budget = ChannelBudget(burst=5, refill=1.0, clock=clock)
    answered = 0
    for _ in range(1000):  # 1,000 messages in 10 s
        clock.now += 0.01
        answered += budget.spend("flood")
    assert answered <= 5 + 10
    assert budget.spend("other")


def test_budget_forgets_idle_channels() -> None:
    clock = FakeClock()
    budget = ChannelBudget(burst=2, refill=1.0, clock=clock, max_channels=100)
    for channel in range(100):
        budget.spend(channel)
    clock.now += 10  # every bucket is full again
    budget.spend("new")
    budget.spend("newer")
    assert len(budget) <= 2
