"""Question sets: accuracy on answerable questions, silence on everything else.

Graded by tests/grading.py, which keeps its own notion of a correct answer (each question's
``accept`` intents, entities, expected and forbidden strings) and never imports the engine's
tables. The gates sit a little below what each set measured when it was added, so a fall shows.

- dev, held-out: written from the knowledge; both used for tuning.
- blind: written last, deduplicated against dev and held-out; its answerable failures were not
  read until session 3, when they were listed with the others (so it is no longer blind).
- others_tuning: questions phrased by other people (public datasets, headlines, FAQ pages);
  free to inspect and tune on.
- others_frozen: the same kind, a random third frozen before any engine run. Only its counts
  are ever shown (the assertion messages below print counts, never questions).
- others2_tuning, others2_frozen: a second, fresh batch of the same kind (deduplicated against
  every other set), split the same way; others2_frozen is, like others_frozen, counts only.
- others3_tuning, others3_frozen: a third fresh batch from sources the first two did not use
  (deduplicated against every other set, near-copies included), split the same way;
  others3_frozen is counts only.
- others4_tuning, others4_frozen: a fourth fresh batch from sources the first three did not use
  (deduplicated against every other set, near-copies included), split the same way;
  others4_frozen is counts only.
- others5_tuning, others5_frozen: a fifth fresh batch from sources the first four did not use
  (deduplicated against every other set, near-copies included), split the same way;
  others5_frozen is counts only.
- others6_tuning, others6_frozen: a sixth fresh batch from sources the first five did not use
  (deduplicated against every other set, near-copies included), split the same way;
  others6_frozen is counts only.
- others7_tuning, others7_frozen: a seventh fresh batch from sources the first six did not use
  (deduplicated against every other set, near-copies included), split the same way;
  others7_frozen is counts only.
- others8_tuning, others8_frozen: an eighth fresh batch from sources the first seven did not use
  (deduplicated against every other set, near-copies included), split the same way;
  others8_frozen is counts only.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from typing import Any

import pytest
from rapidfuzz import fuzz, process

from bot.engine import Conversation, Engine
from tests.conftest import TODAY
from tests.grading import (
    CORRECT,
    DECLINED,
    WRONG,
    SetReport,
    describe,
    evaluate,
    grade_answerable,
    grade_silent,
    load,
    question_of,
)

#: Intent names an ``accept`` list may use (the grader's own list, not the engine's).
KNOWN_INTENTS = frozenset(
    "overview release_date countdown cast who_plays actor_role actor_in_work character_info "
    "person_works director writer producer composer cinematographer editor stunts "
    "production_company rating runtime genre language country distributor budget box_office "
    "scores premise filming episodes where_to_watch person_born person_info awards tagline "
    "trailer soundtrack watch_order timeline list_works count_works upcoming status lore "
    "help".split()
)


@dataclass(frozen=True)
class Gate:
    """The floor a set must stay above (measured when the gate was set, in the comment)."""

    accuracy: float
    max_oos_answered: int
    max_hostile_answered: int = 0
    max_lacking_answered: int | None = None


GATES = {
    # Session 7 measurements (gates a little below, so a fall shows):
    "questions_dev.yaml": Gate(0.97, 0),  # measured 389/395 = 0.985
    "questions_heldout.yaml": Gate(0.92, 0),  # measured 214/227 = 0.943
    "questions_blind.yaml": Gate(0.93, 0),  # measured 187/195 = 0.959
    # Measured 273/275 = 0.993; 0/149 out of scope, 0/100 hostile, 0/28 lacking answered.
    "others_tuning.yaml": Gate(0.97, 0, 0, 0),
    # Measured 130/137 = 0.949; 0/74 out of scope, 0/49 hostile, 3/13 lacking answered.
    "others_frozen.yaml": Gate(0.92, 0, 0, 3),
    # Second batch, tuned on in sessions 3-6: baseline 183/231 = 0.792, measured 225/231 =
    # 0.974 (one label widened in session 6); 0/82 out of scope, 0/40 hostile, 0/27 lacking.
    "others2_tuning.yaml": Gate(0.95, 0, 0, 0),
    # Second batch, frozen: baseline 88/115 = 0.765, measured 101/115 = 0.878; 0/41 out of
    # scope, 1/20 hostile ("--help" gets the help text), 1/13 lacking answered.
    "others2_frozen.yaml": Gate(0.85, 0, 1, 1),
    # Third batch, tuned on in sessions 4-6: baseline 170/225 = 0.756 (173/225 = 0.769 after
    # three accept/expect lists that were too narrow for a right answer were widened; one more
    # in session 6), measured 206/225 = 0.916 (5 wrong); 0/87 out of scope, 0/27 hostile, 0/29
    # lacking answered.
    "others3_tuning.yaml": Gate(0.89, 0, 0, 0),
    # Third batch, frozen: baseline 87/112 = 0.777, measured 96/112 = 0.857 (session 8); 0/43
    # out of scope, 0/13 hostile, 1/15 lacking answered.
    "others3_frozen.yaml": Gate(0.83, 0, 0, 1),
    # Fourth batch, tuned on in sessions 5-6: baseline (first run) 175/210 = 0.833, 177/210 =
    # 0.843 after two labels too narrow for a right answer were widened; measured 201/210 =
    # 0.957; 1/85 out of scope, 0/22 hostile, 0/38 lacking answered.
    "others4_tuning.yaml": Gate(0.93, 1, 0, 0),
    # Fourth batch, frozen: baseline (first run) 85/105 = 0.810, measured 90/105 = 0.857;
    # 0/42 out of scope, 0/11 hostile, 1/18 lacking answered.
    "others4_frozen.yaml": Gate(0.83, 0, 0, 1),
    # Fifth batch, tuned on in session 6: baseline (first run) 161/206 = 0.782, 164/206 =
    # 0.796 after three labels too narrow for a right answer were widened (12 wrong; one more
    # label widened later in session 6); measured 193/206 = 0.937 (4 wrong); 0/81 out of
    # scope, 0/33 hostile, 1/35 lacking answered.
    "others5_tuning.yaml": Gate(0.91, 0, 0, 1),
    # Fifth batch, frozen: baseline (first run) 75/103 = 0.728 (12 wrong), measured 78/103 =
    # 0.767 (79/103, 10 wrong, session 8); 1/40 out of scope, 0/17 hostile, 1/18 lacking answered.
    "others5_frozen.yaml": Gate(0.74, 1, 0, 1),
    # Sixth batch, tuning: baseline (first run) 141/208 = 0.678 (14 wrong), 143/208 = 0.688
    # after two labels too narrow for a right answer were widened (12 wrong); tuned on in
    # session 7: 180/208 = 0.865 (1 wrong); measured 184/208 = 0.885 (0 wrong, session 8);
    # 1/82 out of scope, 0/20 hostile, 1/37 lacking answered.
    "others6_tuning.yaml": Gate(0.86, 1, 0, 2),
    # Sixth batch, frozen: baseline (first run) 72/103 = 0.699 (3 wrong), measured 77/103 =
    # 0.748 (3 wrong); 0/41 out of scope, 0/10 hostile, 1/18 lacking answered (session 8).
    "others6_frozen.yaml": Gate(0.72, 0, 0, 1),
    # Seventh batch, tuning: baseline (first run) 162/214 = 0.757 (16 wrong), 168/214 = 0.785
    # after four labels too narrow for a right answer were widened and two items moved (11
    # wrong); tuned on in session 8: measured 190/214 = 0.888 (3 wrong); 3/88 out of scope,
    # 0/20 hostile, 1/39 lacking answered.
    "others7_tuning.yaml": Gate(0.85, 3, 0, 1),
    # Seventh batch, frozen: baseline (first run) 74/106 = 0.698 (12 wrong), measured 75/106 =
    # 0.708 (11 wrong, session 8); 1/44 out of scope, 0/10 hostile, 1/19 lacking answered.
    "others7_frozen.yaml": Gate(0.68, 1, 0, 1),
    # Eighth batch, tuning: baseline (first run) 165/212 = 0.778 (17 wrong), measured 174/212 =
    # 0.821 (8 wrong) after five labels too narrow for a right answer were widened and four facts
    # mis-expected corrected; 2/92 out of scope, 0/20 hostile, 0/41 lacking answered.
    "others8_tuning.yaml": Gate(0.80, 2, 0, 0),
    # Eighth batch, frozen: baseline (first run) 86/106 = 0.811 (5 wrong); 1/45 out of scope,
    # 0/10 hostile, 4/20 lacking answered.
    "others8_frozen.yaml": Gate(0.79, 1, 0, 4),
}
FROZEN = "others_frozen.yaml"
#: Sets whose individual failures are never shown, only their counts.
FROZEN_SETS = frozenset(
    {
        FROZEN,
        "others2_frozen.yaml",
        "others3_frozen.yaml",
        "others4_frozen.yaml",
        "others5_frozen.yaml",
        "others6_frozen.yaml",
        "others7_frozen.yaml",
        "others8_frozen.yaml",
    }
)


@pytest.fixture(scope="module")
def reports(engine: Engine) -> dict[str, SetReport]:
    return {name: evaluate(name, load(name), lambda q: engine.ask(q, now=TODAY)) for name in GATES}


def counts_only(report: SetReport) -> str:
    ans = report.counts("answerable")
    return (
        f"{report.name}: answerable {dict(ans)}, lacking {dict(report.counts('lacking'))}, "
        f"out of scope answered {report.answered('out_of_scope')}, "
        f"hostile answered {report.answered('hostile')}"
    )


@pytest.mark.parametrize("name", list(GATES))
def test_question_set(reports: dict[str, SetReport], name: str) -> None:
    report, gate = reports[name], GATES[name]
    message = counts_only(report) if name in FROZEN_SETS else describe(report)
    # Plain numbers only, so a failure shows counts (never the frozen set's questions).
    accuracy = report.accuracy()
    oos, hostile = report.answered("out_of_scope"), report.answered("hostile")
    lacking = report.counts("lacking")[WRONG]
    assert accuracy >= gate.accuracy, message
    assert oos <= gate.max_oos_answered, message
    assert hostile <= gate.max_hostile_answered, message
    if gate.max_lacking_answered is not None:
        assert lacking <= gate.max_lacking_answered, message


def test_sets_are_big_enough() -> None:
    dev = load("questions_dev.yaml")
    assert len(dev["answerable"]) >= 300 and len(dev["out_of_scope"]) >= 100
    tuning, frozen = load("others_tuning.yaml"), load("others_frozen.yaml")
    franchise = sum(len(d[k]) for d in (tuning, frozen) for k in ("answerable", "lacking"))
    assert franchise >= 400
    assert len(tuning["out_of_scope"]) + len(frozen["out_of_scope"]) >= 150
    tuning2, frozen2 = load("others2_tuning.yaml"), load("others2_frozen.yaml")
    both = (tuning2, frozen2)
    assert sum(len(d["answerable"]) for d in both) >= 240
    assert sum(len(d["lacking"]) for d in both) >= 30
    assert sum(len(d["out_of_scope"]) for d in both) >= 120
    assert sum(len(d["hostile"]) for d in both) >= 40
    third = (load("others3_tuning.yaml"), load("others3_frozen.yaml"))
    assert sum(len(d["answerable"]) for d in third) >= 300
    assert sum(len(d["lacking"]) for d in third) >= 40
    assert sum(len(d["out_of_scope"]) for d in third) >= 120
    assert sum(len(d["hostile"]) for d in third) >= 40
    fourth = (load("others4_tuning.yaml"), load("others4_frozen.yaml"))
    assert sum(len(d["answerable"]) for d in fourth) >= 300
    assert sum(len(d["lacking"]) for d in fourth) >= 40
    assert sum(len(d["out_of_scope"]) for d in fourth) >= 120
    assert sum(len(d["hostile"]) for d in fourth) >= 30
    fifth = (load("others5_tuning.yaml"), load("others5_frozen.yaml"))
    assert sum(len(d["answerable"]) for d in fifth) >= 300
    assert sum(len(d["lacking"]) for d in fifth) >= 50
    assert sum(len(d["out_of_scope"]) for d in fifth) >= 120
    assert sum(len(d["hostile"]) for d in fifth) >= 30
    sixth = (load("others6_tuning.yaml"), load("others6_frozen.yaml"))
    assert sum(len(d["answerable"]) for d in sixth) >= 300
    assert sum(len(d["lacking"]) for d in sixth) >= 50
    assert sum(len(d["out_of_scope"]) for d in sixth) >= 120
    assert sum(len(d["hostile"]) for d in sixth) >= 30
    seventh = (load("others7_tuning.yaml"), load("others7_frozen.yaml"))
    assert sum(len(d["answerable"]) for d in seventh) >= 300
    assert sum(len(d["lacking"]) for d in seventh) >= 50
    assert sum(len(d["out_of_scope"]) for d in seventh) >= 120
    assert sum(len(d["hostile"]) for d in seventh) >= 30
    eighth = (load("others8_tuning.yaml"), load("others8_frozen.yaml"))
    assert sum(len(d["answerable"]) for d in eighth) >= 300
    assert sum(len(d["lacking"]) for d in eighth) >= 50
    assert sum(len(d["out_of_scope"]) for d in eighth) >= 120
    assert sum(len(d["hostile"]) for d in eighth) >= 30


def test_sets_are_well_formed() -> None:
    for name in GATES:
        data = load(name)
        for item in data["answerable"]:
            assert "intent" not in item, (name, item["q"])
            assert set(item.get("accept", [])) <= KNOWN_INTENTS, (name, item["q"])
            assert item.get("entities") or item.get("expect") or item.get("accept"), item["q"]
        if name.startswith("others"):
            for category in ("answerable", "lacking", "out_of_scope"):
                assert all(i.get("source") for i in data[category]), (name, category)


def normalised(question: str) -> str:
    """Case, punctuation and spacing folded, as the sets were deduplicated."""
    folded = unicodedata.normalize("NFKC", question).casefold()
    return " ".join(re.sub(r"[^\w\s]", " ", folded).split()) or question


CATEGORIES = ("answerable", "lacking", "out_of_scope")


def questions(data: dict[str, Any]) -> set[str]:
    """Every question of a set, normalised (hostile strings kept exactly as written)."""
    items = [i for k in CATEGORIES for i in data.get(k) or []]
    return {normalised(question_of(i)) for i in items} | {str(h) for h in data.get("hostile") or []}


def test_frozen_and_tuning_do_not_overlap() -> None:
    assert not questions(load("others_tuning.yaml")) & questions(load("others_frozen.yaml"))
    assert not questions(load("others2_tuning.yaml")) & questions(load("others2_frozen.yaml"))
    assert not questions(load("others3_tuning.yaml")) & questions(load("others3_frozen.yaml"))
    assert not questions(load("others4_tuning.yaml")) & questions(load("others4_frozen.yaml"))
    assert not questions(load("others5_tuning.yaml")) & questions(load("others5_frozen.yaml"))
    assert not questions(load("others6_tuning.yaml")) & questions(load("others6_frozen.yaml"))
    assert not questions(load("others7_tuning.yaml")) & questions(load("others7_frozen.yaml"))
    assert not questions(load("others8_tuning.yaml")) & questions(load("others8_frozen.yaml"))


@pytest.mark.parametrize(
    "prefix", ["others2_", "others3_", "others4_", "others5_", "others6_", "others7_", "others8_"]
)
def test_later_batch_is_new(prefix: str) -> None:
    """No question of the second to eighth batches repeats one of any other set."""
    tuning, frozen = load(f"{prefix}tuning.yaml"), load(f"{prefix}frozen.yaml")
    batch = questions(tuning) | questions(frozen)
    for name in GATES:
        if not name.startswith(prefix):
            assert not batch & questions(load(name)), name


@pytest.mark.parametrize(
    "prefix", ["others3_", "others4_", "others5_", "others6_", "others7_", "others8_"]
)
def test_later_batch_has_no_near_copies(prefix: str) -> None:
    """The third to eighth batches have no near-copy (one word changed...) in the other sets."""

    def texts(name: str) -> list[str]:
        data = load(name)
        return [normalised(question_of(i)) for k in CATEGORIES for i in data.get(k) or []]

    batch = texts(f"{prefix}tuning.yaml") + texts(f"{prefix}frozen.yaml")
    earlier = [q for n in GATES if not n.startswith(prefix) for q in texts(n)]
    turns = [t["q"] for c in load("conversations.yaml")["conversations"] for t in c["turns"]]
    earlier += [normalised(q) for q in turns]
    for q in batch:
        if len(q) > 12:
            match = process.extractOne(q, earlier, scorer=fuzz.ratio, score_cutoff=92)
            assert match is None, (q, match)


@dataclass
class FakeAnswer:
    answered: bool
    text: str
    intent: str | None = None
    entities: tuple[str, ...] = ()
    choices: tuple[object, ...] = ()


def test_grader_rules() -> None:
    item = {
        "q": "who composed chapter 2",
        "accept": ["composer"],
        "entities": ["work:chapter-2"],
        "expect": ["Tyler Bates"],
        "forbid": ["Stahelski"],
    }
    good = FakeAnswer(True, "Music by Tyler Bates.", "composer", ("work:chapter-2",))
    assert grade_answerable(good, item).outcome == CORRECT
    wrong_intent = FakeAnswer(True, "Music by Tyler Bates.", "director", ("work:chapter-2",))
    assert grade_answerable(wrong_intent, item).outcome == WRONG
    neighbour = FakeAnswer(
        True, "Tyler Bates; directed by Stahelski", "composer", ("work:chapter-2",)
    )
    assert grade_answerable(neighbour, item).outcome == WRONG
    other_work = FakeAnswer(True, "Music by Tyler Bates.", "composer", ("work:john-wick",))
    assert grade_answerable(other_work, item).outcome == WRONG
    assert grade_answerable(FakeAnswer(False, "I don't know that one."), item).outcome == DECLINED
    asked = FakeAnswer(False, "Which film or series do you mean?")
    assert grade_answerable(asked, item).outcome == "asked_back"
    assert grade_silent(FakeAnswer(False, "I don't have that."), "q", "lacking").outcome == CORRECT
    assert grade_silent(FakeAnswer(True, "Release order: ..."), "1", "hostile").outcome == WRONG


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
