"""The refresh itself: ask the sources about every work, compare, plan, diff, and maybe write."""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from bot.facts.knowledge import KnowledgeBase
from bot.facts.schema import Work
from bot.refresh import tmdb, wikidata
from bot.refresh.compare import (
    Finding,
    Kind,
    Names,
    Plan,
    compare,
    compare_people,
    title_matches,
)
from bot.refresh.http import FetchError, Transport
from bot.refresh.propose import (
    SOURCES_FILE,
    DroppedFact,
    apply_plan,
    check_kept,
    parse_work,
    sources_text,
    unified_diff,
    validate_tree,
)
from bot.refresh.remote import RemoteWork

Fetcher = Callable[[Work, Transport], RemoteWork | None]
LEGEND = "Marks: = agrees, + would be added, ! disagrees (left as it is), ? needs a hand."


@dataclass
class Outcome:
    """Everything a refresh found: the report, the proposed file texts and their diff."""

    root: Path
    report: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    old: dict[str, str | None] = field(default_factory=dict)
    new: dict[str, str] = field(default_factory=dict)
    diff: str = ""
    counts: dict[Kind, int] = field(default_factory=lambda: dict.fromkeys(Kind, 0))
    problems: list[str] = field(default_factory=list)

    @property
    def changes(self) -> bool:
        """True when a file would change."""
        return bool(self.new)


def _fetchers(tmdb_key: str | None) -> list[tuple[str, Fetcher]]:
    fetchers: list[tuple[str, Fetcher]] = [("Wikidata", wikidata.fetch)]
    if tmdb_key:
        key = tmdb_key
        fetchers.append(("TMDB", lambda work, transport: tmdb.fetch(work, transport, key)))
    return fetchers


def _ids_text(work: Work) -> str:
    if not work.ids:
        return "no ids"
    parts = [f"Wikidata {work.ids.wikidata}" if work.ids.wikidata else "", work.ids.tmdb or ""]
    return ", ".join(p if p.startswith("Wikidata") else f"TMDB {p}" for p in parts if p)


def refresh(
    kb: KnowledgeBase,
    transport: Transport,
    today: dt.date,
    tmdb_key: str | None = None,
    only: set[str] | None = None,
) -> Outcome:
    """Ask every source about every work (or those in ``only``) and plan the additions."""
    outcome = Outcome(kb.root)
    names = Names(kb)
    asked = "Wikidata" + (" and TMDB" if tmdb_key else "; TMDB skipped (no TMDB_API_KEY set)")
    outcome.report += [f"Knowledge refresh ({today.isoformat()}): {asked}.", LEGEND]
    dead: set[str] = set()
    skipped: list[str] = []
    plans: list[Plan] = []
    people: dict[str, str] = {}  # person id -> QID, from the works' answers
    for work in kb.works_by_release():
        if only and work.id not in only:
            continue
        if not work.ids:
            skipped.append(work.id)
            continue
        plan = Plan(work)
        findings: list[Finding] = []
        for service, fetch in _fetchers(tmdb_key):
            if service in dead:
                continue
            try:
                remote = fetch(work, transport)
            except FetchError as exc:
                outcome.errors.append(str(exc) if exc.fatal else f"{work.id}: {exc}")
                if exc.fatal:
                    dead.add(service)
                continue
            if remote is None:
                findings.append(Finding(Kind.CANNOT, "ids", f"{service} has no entry", service))
                continue
            findings += compare(work, remote, names, plan)
            if service == "Wikidata" and title_matches(work, remote.label):
                for name, qid in remote.people.items():
                    person = names.person(name)
                    if person:
                        people.setdefault(person, qid)
        outcome.report += ["", f"{work.title} — works/{work.id}.yaml ({_ids_text(work)})"]
        outcome.report += [str(f) for f in findings] or ["  (no source answered: see the errors)"]
        for finding in findings:
            outcome.counts[finding.kind] += not finding.repeated
        if not plan.empty:
            plans.append(plan)
    if people and "Wikidata" not in dead:
        _people(kb, people, transport, outcome)
    if skipped:
        outcome.report += [
            "",
            f"Not asked (no ids: add ids.wikidata or ids.tmdb): {', '.join(skipped)}",
        ]
    _propose(kb, plans, today, outcome)
    return outcome


def _people(
    kb: KnowledgeBase, people: dict[str, str], transport: Transport, outcome: Outcome
) -> None:
    try:
        life = wikidata.fetch_people(sorted(set(people.values())), transport)
    except FetchError as exc:
        outcome.errors.append(str(exc))
        return
    findings = compare_people(kb, people, life)
    outcome.report += ["", f"People (birth and death dates of {len(people)} found on Wikidata)"]
    outcome.report += [str(f) for f in findings] or ["  (no dates)"]
    for finding in findings:
        outcome.counts[finding.kind] += 1


def _propose(kb: KnowledgeBase, plans: list[Plan], today: dt.date, outcome: Outcome) -> None:
    refs = {}
    left_out: list[str] = []
    for plan in plans:
        rel = f"works/{plan.work.id}.yaml"
        old = (kb.root / rel).read_text(encoding="utf-8")
        try:
            new = apply_plan(old, plan)
            check_kept(plan.work, parse_work(new))
        except (ValueError, DroppedFact) as exc:  # an unusual layout: better by hand
            left_out.append(f"  ? {rel}: left out of the diff, edit it by hand ({exc})")
            continue
        outcome.old[rel], outcome.new[rel] = old, new
        refs.update({k: v for k, v in plan.sources.items() if k not in kb.sources})
    if refs:
        path = kb.root / SOURCES_FILE
        current = path.read_text(encoding="utf-8") if path.is_file() else None
        outcome.old[SOURCES_FILE] = current
        outcome.new[SOURCES_FILE] = sources_text(current, refs.values(), today.isoformat())
    counts = outcome.counts
    if left_out:
        outcome.report += ["", "Not proposed automatically:", *left_out]
    outcome.report += [
        "",
        f"Summary: {counts[Kind.ADDS]} additions, {counts[Kind.DISAGREES]} disagreements "
        f"(left as they are), {counts[Kind.CANNOT]} that need a hand, "
        f"{counts[Kind.AGREES]} agreements.",
    ]
    if refs:
        outcome.report.append("Sources the additions cite:")
        outcome.report += [f"  {r.id}: {r.title} <{r.url}>" for r in refs.values()]
    if outcome.new:
        outcome.problems = validate_tree(kb.root, outcome.new)
        outcome.diff = unified_diff(kb.root, outcome.old, outcome.new)


def write(outcome: Outcome) -> None:
    """Write the proposed files (only when the proposal validated)."""
    if outcome.problems:
        raise ValueError("the proposal does not validate; nothing written")
    for rel, text in outcome.new.items():
        path = outcome.root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        partial = path.with_name(f".{path.name}.refresh")
        partial.write_text(text, encoding="utf-8")
        os.replace(partial, path)  # a reader (the bot's !reload) never sees half a file
