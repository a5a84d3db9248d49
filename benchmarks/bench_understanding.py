"""Understanding benchmark: every question set, graded by tests/grading.py.

    python benchmarks/bench_understanding.py [--failures] [--set FILE ...]

The frozen set of others' phrasings comes first and is the headline; the frozen thirds of the
second to eighth batches follow. For the frozen sets only counts are printed, never their
questions: they must stay unseen so they keep measuring new phrasings. ``--failures`` lists the
failures of the other sets (never of a frozen one); ``--set`` restricts the run to the named files.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bot.engine import Engine  # noqa: E402
from bot.facts import load_knowledge  # noqa: E402
from tests.conftest import TODAY  # noqa: E402
from tests.grading import (  # noqa: E402
    ASKED_BACK,
    CORRECT,
    DECLINED,
    LONG_ANSWER,
    WRONG,
    SetReport,
    describe,
    evaluate,
    load,
)

FROZEN = "others_frozen.yaml"
FROZEN_2 = "others2_frozen.yaml"
FROZEN_3 = "others3_frozen.yaml"
FROZEN_4 = "others4_frozen.yaml"
FROZEN_5 = "others5_frozen.yaml"
FROZEN_6 = "others6_frozen.yaml"
FROZEN_7 = "others7_frozen.yaml"
FROZEN_8 = "others8_frozen.yaml"
#: Sets whose failures are never printed (only their counts).
FROZEN_SETS = frozenset(
    {FROZEN, FROZEN_2, FROZEN_3, FROZEN_4, FROZEN_5, FROZEN_6, FROZEN_7, FROZEN_8}
)
#: (file, label), the headline first.
SETS = (
    (FROZEN, "others' phrasings, FROZEN (headline; never tuned on, failures never shown)"),
    (FROZEN_2, "others' phrasings, second batch, FROZEN (never tuned on, failures never shown)"),
    (FROZEN_3, "others' phrasings, third batch, FROZEN (never tuned on, failures never shown)"),
    (FROZEN_4, "others' phrasings, fourth batch, FROZEN (never tuned on, failures never shown)"),
    (FROZEN_5, "others' phrasings, fifth batch, FROZEN (never tuned on, failures never shown)"),
    (FROZEN_6, "others' phrasings, sixth batch, FROZEN (never tuned on, failures never shown)"),
    (FROZEN_7, "others' phrasings, seventh batch, FROZEN (never tuned on, failures never shown)"),
    (FROZEN_8, "others' phrasings, eighth batch, FROZEN (never tuned on, failures never shown)"),
    ("others_tuning.yaml", "others' phrasings, tuning"),
    ("others2_tuning.yaml", "others' phrasings, second batch, tuning"),
    ("others3_tuning.yaml", "others' phrasings, third batch, tuning"),
    ("others4_tuning.yaml", "others' phrasings, fourth batch, tuning"),
    ("others5_tuning.yaml", "others' phrasings, fifth batch, tuning"),
    ("others6_tuning.yaml", "others' phrasings, sixth batch, tuning"),
    ("others7_tuning.yaml", "others' phrasings, seventh batch, tuning"),
    ("others8_tuning.yaml", "others' phrasings, eighth batch, tuning"),
    ("questions_blind.yaml", "blind (deduplicated)"),
    ("questions_heldout.yaml", "held-out"),
    ("questions_dev.yaml", "dev"),
)


def pct(part: int, whole: int) -> str:
    return f"{part}/{whole} ({100 * part / whole:.1f}%)" if whole else "0/0"


def summary(report: SetReport, label: str) -> list[str]:
    """The counts of one set (no questions)."""
    ans = report.counts("answerable")
    n = sum(ans.values())
    lines = [
        f"{label}",
        f"  answerable: correct {pct(ans[CORRECT], n)}, wrong {pct(ans[WRONG], n)}, "
        f"declined {ans[DECLINED]}, asked back {ans[ASKED_BACK]}",
    ]
    lacking = report.counts("lacking")
    if lacking:
        m = sum(lacking.values())
        lines.append(
            f"  lacking (no data): declined {pct(lacking[CORRECT], m)}, "
            f"answered (a wrong fact) {lacking[WRONG]}"
        )
    oos = report.of("out_of_scope")
    lines.append(f"  out of scope answered: {pct(report.answered('out_of_scope'), len(oos))}")
    hostile = report.of("hostile")
    if hostile:
        lines.append(f"  hostile answered: {pct(report.answered('hostile'), len(hostile))}")
    lines.append(f"  wrong facts in all: {report.wrong()}")
    return lines


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--failures", action="store_true", help="list failures (never of a frozen set)"
    )
    parser.add_argument("--set", action="append", metavar="FILE", help="only this set (repeatable)")
    args = parser.parse_args(argv)
    known = {name for name, _ in SETS}
    unknown = sorted(set(args.set or ()) - known)
    if unknown:
        parser.error(f"unknown set(s): {', '.join(unknown)}; known: {', '.join(sorted(known))}")
    engine = Engine(load_knowledge(ROOT / "knowledge"), clock=lambda: TODAY)
    lengths: list[int] = []
    for name, label in SETS:
        if args.set and name not in args.set:
            continue
        report = evaluate(name, load(name), lambda q: engine.ask(q, now=TODAY))
        lengths += report.answered_lengths
        print("\n".join(summary(report, label)))
        if args.failures and name not in FROZEN_SETS:
            print(describe(report, limit=10_000))
    long = sum(n > LONG_ANSWER for n in lengths)
    print(f"chat answers over {LONG_ANSWER} characters, all sets: {pct(long, len(lengths))}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
