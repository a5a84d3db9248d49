"""Grading of question sets, independent of the engine's own tables.

What counts as correct is decided here and in the data (each question's ``accept`` list of
intent names, ``entities``, ``expect`` and ``forbid``), never by importing the engine's intent
families, so widening a family inside the engine cannot raise a score. Answers are read
duck-typed (``answered``, ``text``, ``intent``, ``entities``, ``choices``).

Verdicts for an answerable question:
- ``correct``: answered, about every expected entity, every ``expect`` string in the text, no
  ``forbid`` string, and the intent in ``accept`` when that is given;
- ``wrong``: answered but not correct (a wrong or off-topic fact);
- ``asked_back``: not answered, Wickbot asked which thing was meant;
- ``declined``: not answered otherwise.
A ``lacking`` question (a relation Wickbot has no data for) is correct only when it is not
answered. Out-of-scope and hostile inputs count against when answered.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol

import yaml

DATA = Path(__file__).resolve().parent / "data"
#: A chat answer longer than this is counted as long (the card holds the rest).
LONG_ANSWER = 400
CORRECT, WRONG, DECLINED, ASKED_BACK = "correct", "wrong", "declined", "asked_back"


class AnswerLike(Protocol):
    """The parts of an engine answer the grader reads."""

    @property
    def answered(self) -> bool: ...
    @property
    def text(self) -> str: ...
    @property
    def intent(self) -> str | None: ...
    @property
    def entities(self) -> Sequence[str]: ...
    @property
    def choices(self) -> Sequence[object]: ...


@dataclass(frozen=True)
class Verdict:
    """How one question was answered, and why it was not correct."""

    question: str
    category: str
    outcome: str
    why: str = ""
    text: str = ""


@dataclass
class SetReport:
    """All verdicts for one question set, with the counts the benchmark prints."""

    name: str
    # Not in the repr: a failing assertion must never show the frozen set's questions.
    verdicts: list[Verdict] = field(default_factory=list, repr=False)
    answered_lengths: list[int] = field(default_factory=list, repr=False)

    def of(self, category: str) -> list[Verdict]:
        return [v for v in self.verdicts if v.category == category]

    def counts(self, category: str) -> Counter[str]:
        return Counter(v.outcome for v in self.of(category))

    def accuracy(self) -> float:
        """Share of answerable questions answered correctly."""
        answerable = self.of("answerable")
        return (
            sum(v.outcome == CORRECT for v in answerable) / len(answerable) if answerable else 1.0
        )

    def wrong(self) -> int:
        """Wrong facts: answerable answered wrongly plus lacking answered at all."""
        return self.counts("answerable")[WRONG] + self.counts("lacking")[WRONG]

    def answered(self, category: str) -> int:
        """How many out-of-scope or hostile inputs got an answer."""
        return sum(v.outcome == WRONG for v in self.of(category))

    def failures(self) -> list[Verdict]:
        return [v for v in self.verdicts if v.outcome != CORRECT]


def load(name: str) -> dict[str, Any]:
    """A question set from tests/data by file name."""
    data: dict[str, Any] = yaml.safe_load((DATA / name).read_text(encoding="utf-8"))
    return data


def asked_back(answer: AnswerLike) -> bool:
    """Wickbot did not answer but asked which thing was meant."""
    return not answer.answered and (bool(answer.choices) or "do you mean" in answer.text.casefold())


#: The grader's own list of the credit relations (not imported from the engine): "what did
#: Derek Kolstad write?" asks for a person's works, and an answer through the writer relation
#: ("Derek Kolstad is credited as writer on ...") answers it; ``expect`` checks the works.
CREDIT_INTENTS = frozenset(
    "director writer producer composer cinematographer editor stunts".split()
)


def accepted(item: dict[str, Any]) -> set[str] | None:
    """The intents that may answer ``item`` (None when any may)."""
    accept = item.get("accept")
    if not accept:
        return None
    out = set(accept)
    if "person_works" in out:
        out |= CREDIT_INTENTS
    return out


def grade_answerable(answer: AnswerLike, item: dict[str, Any]) -> Verdict:
    """The verdict for a question whose answer is in the knowledge."""
    question = str(item["q"])
    if not answer.answered:
        outcome = ASKED_BACK if asked_back(answer) else DECLINED
        return Verdict(question, "answerable", outcome, "not answered", answer.text)
    text = answer.text.casefold()
    problems = []
    accept = accepted(item)
    if accept is not None and answer.intent not in accept:
        problems.append(f"intent {answer.intent} not in {sorted(accept)}")
    missing = [e for e in item.get("entities", []) if e not in answer.entities]
    if missing:
        problems.append(f"missing entities {missing} (got {list(answer.entities)})")
    absent = [x for x in item.get("expect", []) if str(x).casefold() not in text]
    if absent:
        problems.append(f"text lacks {absent}")
    forbidden = [x for x in item.get("forbid", []) if str(x).casefold() in text]
    if forbidden:
        problems.append(f"text has forbidden {forbidden}")
    outcome = WRONG if problems else CORRECT
    return Verdict(question, "answerable", outcome, "; ".join(problems), answer.text)


def grade_silent(answer: AnswerLike, question: str, category: str) -> Verdict:
    """Lacking, out-of-scope and hostile inputs: correct only when not answered."""
    if answer.answered:
        return Verdict(question, category, WRONG, f"answered ({answer.intent})", answer.text)
    return Verdict(question, category, CORRECT, "", answer.text)


def question_of(item: object) -> str:
    return str(item["q"]) if isinstance(item, dict) else str(item)


def evaluate(
    name: str,
    data: dict[str, Any],
    ask: Callable[[str], AnswerLike],
    categories: Iterable[str] = ("answerable", "lacking", "out_of_scope", "hostile"),
) -> SetReport:
    """Ask every question of a set and grade it."""
    report = SetReport(name)
    for category in categories:
        for item in data.get(category) or []:
            question = question_of(item)
            answer = ask(question)
            if answer.answered:
                report.answered_lengths.append(len(answer.text))
            if category == "answerable":
                report.verdicts.append(grade_answerable(answer, item))
            else:
                report.verdicts.append(grade_silent(answer, question, category))
    return report


def describe(report: SetReport, limit: int = 60) -> str:
    """A failure listing for a non-frozen set (never use it on the frozen set)."""
    answerable = report.of("answerable")
    correct = sum(v.outcome == CORRECT for v in answerable)
    lines = [f"{report.name}: {correct}/{len(answerable)} correct"]
    for v in report.failures()[:limit]:
        lines.append(f"  [{v.category}/{v.outcome}] {v.question!r}: {v.why} | {v.text[:160]}")
    return "\n".join(lines)
