"""Robustness benchmark: do correctly answered questions stay correct when typed differently?

    python benchmarks/bench_robustness.py [--failures] [--set FILE ...]

Every answerable question the engine gets right (of the sets that are not frozen) is asked
again four ways, each seeded by the question so runs are repeatable:

- ``opening``: after a chat opening ("hey ", "does anyone know ", "i was wondering "...);
- ``tail``: with a chat ending (" lol", " btw", " pls", "??"...);
- ``lower``: lower case, without the end punctuation;
- ``slip``: one slip of the keys in one word of five letters or more (a letter dropped,
  doubled, changed or two swapped, never the first or the last).

It prints, per way, how many stay correct, and how many turn into a wrong answer.
"""

from __future__ import annotations

import argparse
import random
import sys
from collections import Counter
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bot.engine import Engine  # noqa: E402
from bot.facts import load_knowledge  # noqa: E402
from tests.conftest import TODAY  # noqa: E402
from tests.grading import CORRECT, WRONG, grade_answerable, load  # noqa: E402

SETS = (
    "others_tuning.yaml",
    "others2_tuning.yaml",
    "questions_blind.yaml",
    "questions_heldout.yaml",
    "questions_dev.yaml",
)
OPENINGS = (
    "hey ",
    "quick question: ",
    "does anyone know ",
    "yo bot ",
    "can you tell me ",
    "i was wondering ",
    "um ",
    "so like ",
)
TAILS = ("?", " lol", " pls", " thanks", "??", " anyone?", " btw", " :)")
_NEARBY = "aeioustrnl"


def opening(q: str, rng: random.Random) -> str | None:
    return rng.choice(OPENINGS) + q


def tail(q: str, rng: random.Random) -> str | None:
    return q.rstrip("?") + rng.choice(TAILS)


def lower(q: str, rng: random.Random) -> str | None:
    return q.lower().rstrip("?.!")


def slip(q: str, rng: random.Random) -> str | None:
    words = q.split()
    long_words = [i for i, w in enumerate(words) if len(w) >= 5 and w.isalpha()]
    if not long_words:
        return None
    i = rng.choice(long_words)
    w = words[i]
    k = rng.randrange(1, len(w) - 1)
    how = rng.choice("dstx")
    if how == "d":  # dropped
        w = w[:k] + w[k + 1 :]
    elif how == "s":  # two swapped
        w = w[:k] + w[k + 1] + w[k] + w[k + 2 :]
    elif how == "t":  # another key
        w = w[:k] + rng.choice(_NEARBY) + w[k + 1 :]
    else:  # doubled
        w = w[:k] + w[k] + w[k:]
    words[i] = w
    return " ".join(words)


WAYS: dict[str, Callable[[str, random.Random], str | None]] = {
    "opening": opening,
    "tail": tail,
    "lower": lower,
    "slip": slip,
}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--failures", action="store_true", help="list what stopped being correct")
    parser.add_argument("--set", action="append", dest="sets", metavar="FILE")
    args = parser.parse_args(argv)
    engine = Engine(load_knowledge(ROOT / "knowledge"), clock=lambda: TODAY)
    items = [
        item
        for name in args.sets or SETS
        for item in load(name).get("answerable") or []
        if grade_answerable(engine.ask(item["q"], TODAY), item).outcome == CORRECT
    ]
    print(f"{len(items)} correctly answered questions, each asked again four ways")
    for way, change in WAYS.items():
        counts: Counter[str] = Counter()
        failed: list[tuple[str, str]] = []
        for item in items:
            rng = random.Random(f"{way}:{item['q']}")
            variant = change(item["q"], rng)
            if variant is None:
                continue
            outcome = grade_answerable(engine.ask(variant, TODAY), item).outcome
            counts[outcome] += 1
            if outcome != CORRECT:
                failed.append((outcome, variant))
        asked = sum(counts.values())
        print(
            f"  {way:8} still correct {counts[CORRECT]}/{asked} "
            f"({100 * counts[CORRECT] / asked:.1f}%), now wrong {counts[WRONG]}"
        )
        if args.failures:
            for outcome, variant in failed:
                print(f"      [{outcome}] {variant!r}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
