"""Engine speed and memory, printed as numbers.

    python benchmarks/bench_engine.py [--passes 5] [--skip-scaled]

Prints: knowledge load time, cold start of ``python -m bot ask`` (process start to first
answer), per-question latency p50/p99 and throughput over the question sets in
``tests/data/``, the peak RSS of a process serving the real knowledge, and the same latency
on synthetic knowledge bases 10x and 100x larger (generated here, in a temp directory):
for the original questions, and for the same questions asked about the cloned works
("how long is parabellum Kalovindra"), so ambiguity grows with the knowledge. For each,
the share answered outright and the share asked back ("did you mean ...?").
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bot.engine import Engine  # noqa: E402
from bot.facts import load_knowledge  # noqa: E402
from bot.memory import settle  # noqa: E402

KNOWLEDGE = ROOT / "knowledge"
NOW = dt.datetime(2026, 11, 25, 12, tzinfo=dt.UTC)
FALLBACK_QUESTIONS = [
    "who plays winston?",
    "when did ballerina come out",
    "who directed jw4",
    "how long is parabellum",
    "who plays spider-man",
]


def questions() -> list[str]:
    """Every question of the question sets in tests/data (answerable and out of scope)."""
    out: list[str] = []
    for name in ("questions_dev.yaml", "questions_heldout.yaml", "questions_blind.yaml"):
        path = ROOT / "tests" / "data" / name
        if path.exists():
            data = yaml.safe_load(path.read_text(encoding="utf-8"))
            out += [str(item["q"]) for item in data.get("answerable", [])]
            out += [str(q) for q in data.get("out_of_scope", [])]
    return out or FALLBACK_QUESTIONS


def percentile(values: list[float], pct: float) -> float:
    ordered = sorted(values)
    index = min(len(ordered) - 1, max(0, round(pct / 100 * len(ordered)) - 1))
    return ordered[index]


def time_load(root: Path, repeats: int = 5) -> tuple[float, Engine]:
    """Median seconds to load + validate the knowledge and build the engine."""
    times = []
    engine = None
    for _ in range(repeats):
        start = time.perf_counter()
        engine = Engine(load_knowledge(root))
        times.append(time.perf_counter() - start)
    assert engine is not None
    return statistics.median(times), engine


def latency(engine: Engine, qs: list[str], passes: int) -> dict[str, float]:
    """Per-question latency over ``passes`` passes after one warm-up pass."""
    cold = []
    for q in qs:
        start = time.perf_counter_ns()
        engine.ask(q, now=NOW)
        cold.append((time.perf_counter_ns() - start) / 1e6)
    samples: list[float] = []
    total_start = time.perf_counter()
    for _ in range(passes):
        for q in qs:
            start = time.perf_counter_ns()
            engine.ask(q, now=NOW)
            samples.append((time.perf_counter_ns() - start) / 1e6)
    elapsed = time.perf_counter() - total_start
    return {
        "cold_p50": percentile(cold, 50),
        "cold_p99": percentile(cold, 99),
        "p50": percentile(samples, 50),
        "p99": percentile(samples, 99),
        "max": max(samples),
        "qps": len(samples) / elapsed,
    }


def cold_ask(repeats: int = 5) -> float:
    """Median wall time of ``python -m bot ask`` from process start to printed answer."""
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        subprocess.run(
            [sys.executable, "-m", "bot", "ask", "--now", "2026-11-25", "who plays winston?"],
            cwd=ROOT,
            check=True,
            capture_output=True,
        )
        times.append(time.perf_counter() - start)
    return statistics.median(times)


RSS_SCRIPT = """
import resource, sys, datetime as dt
sys.path.insert(0, {root!r})
from bot.engine import Engine
from bot.facts import load_knowledge
engine = Engine(load_knowledge({knowledge!r}))
from bot.memory import settle
settle()
now = dt.datetime(2026, 11, 25, tzinfo=dt.timezone.utc)
for q in {questions!r}:
    engine.ask(q, now=now)
# VmHWM is this process's own peak; ru_maxrss may include the parent's before exec
hwm = [l for l in open("/proc/self/status") if l.startswith("VmHWM:")]
print(int(hwm[0].split()[1]) if hwm else resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)
"""


def peak_rss_mb(qs: list[str]) -> float:
    """Peak RSS of a fresh process that loads the real knowledge and answers every question."""
    script = RSS_SCRIPT.format(root=str(ROOT), knowledge=str(KNOWLEDGE), questions=qs)
    out = subprocess.run([sys.executable, "-c", script], check=True, capture_output=True, text=True)
    return int(out.stdout.strip()) / 1024


# --------------------------------------------------------------------- synthetic knowledge
SYLLABLES = "ka lo vin dra mar tel su rek oza fen lir bo ga the nix pal qua ro sten vy".split()


def pseudo_word(rng: random.Random) -> str:
    return "".join(rng.choice(SYLLABLES) for _ in range(3)).capitalize()


def _suffix_ref(ref: str, tag: str) -> str:
    kind, _, ident = ref.partition(":")
    return f"{kind}:{ident}-{tag}"


def synthetic(root: Path, factor: int, seed: int = 7) -> list[str]:
    """Write a knowledge base ``factor`` times the real one: clones with invented names.

    Copy ``n`` (from 1) appends the ``n``-th returned word to every name, title and alias
    ("John Wick: Chapter 4 Kalovindra"). Returns those words.
    """
    words: list[str] = []
    rng = random.Random(seed)
    works = [
        yaml.safe_load(p.read_text(encoding="utf-8"))
        for p in sorted((KNOWLEDGE / "works").glob("*.yaml"))
    ]
    sections: dict[str, list[Any]] = {"people": [], "characters": [], "topics": []}
    extra: dict[str, Any] = {"sources": {}, "intents": {}, "lacking": {}}
    for path in KNOWLEDGE.glob("**/*.yaml"):
        if path.parent.name == "works":
            continue
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        for key, value in data.items():
            if key in sections:
                sections[key] += value
            elif isinstance(value, dict):  # sources, intents...: kept once, not cloned
                extra.setdefault(key, {}).update(value)
            else:
                extra.setdefault(key, []).extend(value)
    out_works: list[dict[str, Any]] = []
    out: dict[str, list[Any]] = {k: [] for k in sections}
    for copy in range(factor):
        tag = "" if copy == 0 else f"s{copy}"
        word = "" if copy == 0 else pseudo_word(rng)
        if word:
            words.append(word)

        def name(text: str, tag: str = tag, word: str = word) -> str:
            return f"{text} {word}" if tag else text

        def ident(text: str, tag: str = tag) -> str:
            return f"{text}-{tag}" if tag else text

        for work in works:
            w = dict(work)
            w["id"] = ident(work["id"])
            w["title"] = name(work["title"])
            if work.get("full_title"):
                w["full_title"] = name(work["full_title"])
            w["aliases"] = [name(a) for a in work.get("aliases", [])]
            w["cast"] = [
                {**c, "person": ident(c["person"]), "character": ident(c["character"])}
                for c in work.get("cast", [])
            ]
            for group in ("directors", "writers", "producers"):
                w[group] = [{**c, "person": ident(c["person"])} for c in work.get(group, [])]
            w["episodes"] = [
                {**e, "directors": [ident(d) for d in e.get("directors", [])]}
                for e in work.get("episodes", [])
            ]
            out_works.append(w)
        for key in ("people", "characters"):
            for entry in sections[key]:
                e = dict(entry)
                e["id"] = ident(entry["id"])
                e["name"] = name(entry["name"])
                e["aliases"] = [name(a) for a in entry.get("aliases", [])]
                out[key].append(e)
        for topic in sections["topics"]:
            t = dict(topic)
            t["id"] = ident(topic["id"])
            t["title"] = name(topic["title"])
            t["aliases"] = [name(a) for a in topic.get("aliases", [])]
            t["per_work"] = {ident(k): v for k, v in topic.get("per_work", {}).items()}
            t["related"] = [_suffix_ref(r, tag) if tag else r for r in topic.get("related", [])]
            out["topics"].append(t)
    (root / "works").mkdir(parents=True)
    for w in out_works:
        (root / "works" / f"{w['id']}.yaml").write_text(yaml.safe_dump(w), encoding="utf-8")
    payload = {**out, **extra}
    (root / "all.yaml").write_text(yaml.safe_dump(payload, allow_unicode=True), encoding="utf-8")
    return words


def work_names() -> list[str]:
    """Every title, full title and alias of the real works, longest first."""
    names: set[str] = set()
    for path in (KNOWLEDGE / "works").glob("*.yaml"):
        work = yaml.safe_load(path.read_text(encoding="utf-8"))
        names.update(str(n) for n in (work.get("title"), work.get("full_title")) if n)
        names.update(str(a) for a in work.get("aliases", []))
    return sorted(names, key=len, reverse=True)


def about_clones(qs: list[str], words: list[str], seed: int = 3) -> list[str]:
    """The questions that name a real work, asked about a random clone of it instead."""
    rng = random.Random(seed)
    names = work_names()
    out = []
    for question in qs:
        lowered = question.lower()
        name = next((n for n in names if n.lower() in lowered), None)
        if name is None:
            continue
        start = lowered.index(name.lower())
        end = start + len(name)
        out.append(f"{question[:start]}{question[start:end]} {rng.choice(words)}{question[end:]}")
    return out


def outcomes(engine: Engine, qs: list[str]) -> str:
    """How the engine took ``qs``: share answered, and share asked back ("did you mean")."""
    answers = [engine.ask(q, now=NOW) for q in qs]
    answered = sum(a.answered and not a.choices for a in answers) / len(answers)
    asked_back = sum(bool(a.choices) for a in answers) / len(answers)
    return f"{answered:.0%} answered, {asked_back:.0%} asked back"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--passes", type=int, default=5)
    parser.add_argument("--skip-scaled", action="store_true")
    args = parser.parse_args()
    qs = questions()
    print(f"questions: {len(qs)} (tests/data question sets, answerable and out of scope)")

    load_s, engine = time_load(KNOWLEDGE)
    settle()  # as the CLI and the bot do after loading
    kb = engine.kb
    print(
        f"knowledge: {len(kb.works)} works, {len(kb.people)} people, "
        f"{len(kb.characters)} characters, {len(kb.topics)} topics"
    )
    print(f"load + validate + build engine: {load_s * 1000:.1f} ms (median of 5)")
    print(f"cold `python -m bot ask`: {cold_ask() * 1000:.0f} ms (median of 5)")
    stats = latency(engine, qs, args.passes)
    print(
        f"latency (real knowledge): p50 {stats['p50']:.3f} ms, p99 {stats['p99']:.3f} ms, "
        f"max {stats['max']:.3f} ms, throughput {stats['qps']:.0f} questions/s "
        f"(first pass: p50 {stats['cold_p50']:.3f} ms, p99 {stats['cold_p99']:.3f} ms)"
    )
    print(f"peak RSS (fresh process, real knowledge, all questions): {peak_rss_mb(qs):.1f} MB")
    if args.skip_scaled:
        return
    print(f"  real knowledge: {outcomes(engine, qs)}")
    for factor in (10, 100):
        with tempfile.TemporaryDirectory() as tmp:
            root = Path(tmp) / "knowledge"
            words = synthetic(root, factor)
            load_s, big = time_load(root, repeats=1)
            settle()
            clones = about_clones(qs, words)
            stats = latency(big, qs, max(1, args.passes // 2))
            cloned = latency(big, clones, max(1, args.passes // 2))
            print(
                f"{factor}x knowledge ({len(big.kb.works)} works, {len(big.kb.people)} people): "
                f"load {load_s * 1000:.0f} ms"
            )
            print(
                f"  the {len(qs)} original questions: p50 {stats['p50']:.3f} ms, "
                f"p99 {stats['p99']:.3f} ms, first pass p99 {stats['cold_p99']:.3f} ms, "
                f"{stats['qps']:.0f} questions/s; {outcomes(big, qs)}"
            )
            print(
                f"  {len(clones)} of them about cloned works: p50 {cloned['p50']:.3f} ms, "
                f"p99 {cloned['p99']:.3f} ms, first pass p99 {cloned['cold_p99']:.3f} ms, "
                f"{cloned['qps']:.0f} questions/s; {outcomes(big, clones)}"
            )


if __name__ == "__main__":
    main()
