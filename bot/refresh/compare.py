"""Compare what a source says with a work's YAML: agreements, additions, disagreements.

Only additions are ever planned: a missing credit or cast entry for a known person, a
runtime where there is none, a release date where the YAML has TBA or a coarser date that
the source makes precise. Every difference with what the YAML already says is reported as a
disagreement and left alone, so no sourced fact is dropped or overwritten.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from enum import StrEnum

from bot.facts.knowledge import KnowledgeBase
from bot.facts.schema import FuzzyDate, Precision, Work, WorkKind
from bot.refresh.remote import CREDIT_FIELDS, RemoteWork, SourceRef
from bot.text import normalise


class Kind(StrEnum):
    """What a finding says (the mark printed before it)."""

    AGREES = "="
    ADDS = "+"
    DISAGREES = "!"
    CANNOT = "?"


@dataclass(frozen=True)
class Finding:
    """One line of the report for one work."""

    kind: Kind
    field: str
    text: str
    source: str
    repeated: bool = False  # an addition an earlier source already proposed (counted once)

    def __str__(self) -> str:
        label = "DISAGREES " if self.kind is Kind.DISAGREES else ""
        return f"  {self.kind.value} {label}{self.field}: {self.text} [{self.source}]"


@dataclass
class Plan:
    """The additions proposed for one work, with the sources each would cite."""

    work: Work
    items: dict[str, list[str]] = field(default_factory=dict)  # field -> YAML flow items
    release: str | None = None
    runtime: int | None = None
    wikidata: str | None = None
    cites: dict[str, list[str]] = field(default_factory=dict)  # field -> source ids
    sources: dict[str, SourceRef] = field(default_factory=dict)

    def cite(self, name: str, source: SourceRef) -> None:
        """Cite ``source`` for ``name`` (once)."""
        ids = self.cites.setdefault(name, [])
        if source.id not in ids:
            ids.append(source.id)
        self.sources[source.id] = source

    def add_item(self, name: str, item: str, source: SourceRef) -> bool:
        """Plan ``item`` for list ``name``; False when it is already planned."""
        items = self.items.setdefault(name, [])
        new = item not in items
        if new:
            items.append(item)
        self.cite(name, source)
        return new

    @property
    def empty(self) -> bool:
        """True when nothing would change."""
        return not (self.items or self.release or self.runtime or self.wikidata)


class Names:
    """Find a person's or character's id from the name a source uses."""

    def __init__(self, kb: KnowledgeBase) -> None:
        self.people = _index((p.id, [p.name, *p.aliases]) for p in kb.people.values())
        self.characters = _index((c.id, [c.name, *c.aliases]) for c in kb.characters.values())
        self.person_names = {p.id: p.name for p in kb.people.values()}

    def person(self, name: str) -> str | None:
        """The id of the person called ``name``, if known."""
        return self.people.get(normalise(name))

    def character(self, name: str | None) -> str | None:
        """The id of the character ``name`` ("Winston", "John Wick / Baba Yaga"), if known."""
        if not name:
            return None
        for part in [name, *name.replace("(", "/").replace(")", "").split("/")]:
            found = self.characters.get(normalise(part))
            if found:
                return found
        return None


def _index(entries: Iterable[tuple[str, list[str]]]) -> dict[str, str]:
    out: dict[str, str] = {}
    ambiguous: set[str] = set()
    for ident, names in entries:
        for name in names:
            key = normalise(name)
            if key in out and out[key] != ident:
                ambiguous.add(key)
            out.setdefault(key, ident)
    return {k: v for k, v in out.items() if k not in ambiguous}


def title_matches(work: Work, label: str | None) -> bool:
    """Whether a source's title for the work is one of the work's names."""
    if not label:
        return True
    names = {normalise(n) for n in (work.title, work.full_title or "", *work.aliases)}
    return normalise(label) in names


def compare(work: Work, remote: RemoteWork, names: Names, plan: Plan) -> list[Finding]:
    """The findings for one work and one source; additions go into ``plan``."""
    where = remote.source.name
    if not title_matches(work, remote.label):
        msg = f"{where} calls this entry {remote.label!r}, not {work.title!r}; check the ids"
        return [Finding(Kind.DISAGREES, "ids", msg, remote.source.id)]
    findings: list[Finding] = []
    if remote.wikidata and not (work.ids and work.ids.wikidata):
        plan.wikidata = remote.wikidata
        msg = f"wikidata {remote.wikidata} (found through the TMDB id)"
        findings.append(Finding(Kind.ADDS, "ids", msg, remote.source.id))
    findings += _release(work, remote, plan)
    findings += _runtime(work, remote, plan)
    for group in CREDIT_FIELDS:
        if group in type(work).model_fields and remote.credits.get(group):
            findings += _credits(work, group, remote, names, plan)
    if remote.cast:
        findings += _cast(work, remote, names, plan)
    return findings


def _within(date: FuzzyDate, other: FuzzyDate) -> bool:
    """Whether ``other`` lies inside the span ``date`` names (2014-10 holds 2014-10-24)."""
    return other.text.startswith(date.text)


def _release(work: Work, remote: RemoteWork, plan: Plan) -> list[Finding]:
    if not remote.releases:
        return []
    source = remote.source
    yaml = work.release
    candidates = [r for r in remote.releases if r.region in (yaml.region, None)]
    if not candidates:
        listed = "; ".join(r.describe() for r in remote.releases)
        msg = f"no {yaml.region} date; it gives {listed}"
        return [Finding(Kind.CANNOT, "release", msg, source.id)]
    findings: list[Finding] = []
    if yaml.date.precision is Precision.TBA:
        exact = sorted({r.date.text for r in candidates if r.date.precision is Precision.DAY})
        if len(exact) == 1:
            plan.release = exact[0]
            plan.cite("release", source)
            msg = f"{exact[0]} ({yaml.region}) replaces TBA"
            return [Finding(Kind.ADDS, "release", msg, source.id)]
        listed = "; ".join(r.describe() for r in candidates)
        return [Finding(Kind.DISAGREES, "release", f"YAML TBA; sources give {listed}", source.id)]
    events = [e.date.text for e in work.premieres] + [c.date.text for c in work.date_history]
    known = {yaml.date.text, *events}
    same = [r for r in candidates if r.date.text == yaml.date.text]
    others = [r for r in candidates if r.date.text != yaml.date.text]
    finer = [r for r in others if _within(yaml.date, r.date)]
    coarser = [r for r in others if _within(r.date, yaml.date)]
    if same or coarser:
        shown = (same or coarser)[0]
        findings.append(Finding(Kind.AGREES, "release", shown.describe(), source.id))
    elif finer and len({r.date.text for r in finer}) == 1:
        plan.release = finer[0].date.text
        plan.cite("release", source)
        msg = f"{yaml.date.text} made precise: {finer[0].describe()}"
        findings.append(Finding(Kind.ADDS, "release", msg, source.id))
    matched = {id(r) for r in [*same, *finer, *coarser]}
    for other in candidates:
        if id(other) in matched or other.date.text in known:
            continue
        msg = f"YAML {yaml.date.text} ({yaml.region}); {remote.source.name} {other.describe()}"
        findings.append(Finding(Kind.DISAGREES, "release", msg, source.id))
    return findings


def _runtime(work: Work, remote: RemoteWork, plan: Plan) -> list[Finding]:
    if not remote.runtimes or work.kind is not WorkKind.FILM:
        return []  # a series' duration is per episode: compared by hand
    source = remote.source
    if work.runtime is None:
        if len(remote.runtimes) == 1 and plan.runtime in (None, remote.runtimes[0]):
            plan.runtime = remote.runtimes[0]
            plan.cite("runtime", source)
            return [Finding(Kind.ADDS, "runtime", f"{plan.runtime} minutes", source.id)]
        listed = ", ".join(str(m) for m in remote.runtimes)
        return [Finding(Kind.DISAGREES, "runtime", f"sources differ: {listed} minutes", source.id)]
    low = work.runtime.minutes
    high = work.runtime.minutes_max or low
    yaml_text = f"{low}" if low == high else f"{low}–{high}"
    findings = []
    for minutes in remote.runtimes:
        if low <= minutes <= high:
            findings.append(Finding(Kind.AGREES, "runtime", f"{minutes} minutes", source.id))
        else:
            msg = f"YAML {yaml_text} minutes; {source.name} {minutes} minutes"
            findings.append(Finding(Kind.DISAGREES, "runtime", msg, source.id))
    return findings


def _credits(work: Work, group: str, remote: RemoteWork, names: Names, plan: Plan) -> list[Finding]:
    source = remote.source
    have = [c.person for c in getattr(work, group)]
    found: list[str] = []
    agree: list[str] = []
    unknown: list[str] = []
    findings: list[Finding] = []
    for name in remote.credits[group]:
        person = names.person(name)
        if person is None:
            unknown.append(name)
        elif person in have:
            agree.append(name)
            found.append(person)
        else:
            found.append(person)
            repeat = not plan.add_item(group, f"{{person: {person}}}", source)
            text = f"{name} (also above)" if repeat else name
            findings.append(Finding(Kind.ADDS, group, text, source.id, repeat))
    if agree:
        findings.insert(0, Finding(Kind.AGREES, group, ", ".join(agree), source.id))
    if unknown:
        msg = f"not in people.yaml (add them first): {', '.join(unknown)}"
        findings.append(Finding(Kind.CANNOT, group, msg, source.id))
    missing = [names.person_names.get(p, p) for p in have if p not in found]
    if missing:
        msg = f"YAML also lists {', '.join(missing)}; {source.name} does not (kept)"
        findings.append(Finding(Kind.DISAGREES, group, msg, source.id))
    return findings


def _cast(work: Work, remote: RemoteWork, names: Names, plan: Plan) -> list[Finding]:
    source = remote.source
    have: dict[str, set[str]] = {}
    for entry in work.cast:
        have.setdefault(entry.person, set()).add(entry.character)
    findings: list[Finding] = []
    agree: list[str] = []
    unknown: list[str] = []
    seen: set[str] = set()
    for actor, role in remote.cast:
        person = names.person(actor)
        character = names.character(role)
        if person is None:
            unknown.append(f"{actor} ({role})" if role else actor)
            continue
        seen.add(person)
        if person in have:
            if character and character not in have[person]:
                msg = f"{actor} plays {role!r} for {source.name}; YAML: {sorted(have[person])}"
                findings.append(Finding(Kind.DISAGREES, "cast", msg, source.id))
            else:
                agree.append(actor)
        elif character is None:
            why = f"character {role!r} is not in characters.yaml" if role else "no character"
            findings.append(Finding(Kind.CANNOT, "cast", f"{actor}: {why}", source.id))
        else:
            item = f"{{person: {person}, character: {character}}}"
            repeat = not plan.add_item("cast", item, source)
            text = f"{actor} as {role}" + (" (also above)" if repeat else "")
            findings.append(Finding(Kind.ADDS, "cast", text, source.id, repeat))
    if agree:
        findings.insert(0, Finding(Kind.AGREES, "cast", f"{len(agree)} of the YAML's", source.id))
    if unknown:
        shown = ", ".join(unknown[:6]) + (
            f" and {len(unknown) - 6} more" if len(unknown) > 6 else ""
        )
        msg = f"{len(unknown)} not in people.yaml (add them first): {shown}"
        findings.append(Finding(Kind.CANNOT, "cast", msg, source.id))
    missing = [names.person_names.get(p, p) for p in have if p not in seen]
    if missing and len(remote.cast) >= len(work.cast):
        msg = f"{source.name} does not list {', '.join(missing)} (kept)"
        findings.append(Finding(Kind.DISAGREES, "cast", msg, source.id))
    return findings


def compare_people(
    kb: KnowledgeBase, qids: dict[str, str], life: dict[str, dict[str, list[FuzzyDate]]]
) -> list[Finding]:
    """Birth and death dates of the people found on Wikidata, against ``people.yaml``.

    Nothing is planned here: a missing or more precise date is a hint to add by hand (with a
    source), a different date a disagreement.
    """
    findings: list[Finding] = []
    agree = 0
    for person_id, qid in sorted(qids.items()):
        person = kb.people.get(person_id)
        dates = life.get(qid, {})
        if person is None:
            continue
        for name in ("born", "died"):
            theirs = dates.get(name, [])
            ours: FuzzyDate | None = getattr(person, name, None)
            if not theirs:
                continue
            given = ", ".join(d.text for d in theirs)
            source = f"WD{qid}"
            if ours is None:
                msg = f"{person.name}: Wikidata gives {given}; people.yaml has none (add it)"
                findings.append(Finding(Kind.CANNOT, name, msg, source))
            elif any(d.text == ours.text or _within(d, ours) for d in theirs):
                agree += 1
            elif any(_within(ours, d) for d in theirs):
                msg = f"{person.name}: YAML {ours.text}; Wikidata {given} is more precise"
                findings.append(Finding(Kind.CANNOT, name, msg, source))
            else:
                msg = f"{person.name}: YAML {ours.text}; Wikidata {given}"
                findings.append(Finding(Kind.DISAGREES, name, msg, source))
    if agree:
        findings.insert(0, Finding(Kind.AGREES, "born/died", f"{agree} dates", "Wikidata"))
    return findings
