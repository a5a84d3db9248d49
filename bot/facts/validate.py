"""Rules that span files: unique ids, known references, sourced facts, unique aliases."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import Any

from bot.facts.knowledge import KnowledgeBase
from bot.facts.problems import Entry, Problem, dotted
from bot.facts.schema import WORK_CREDIT_FIELDS, WORK_FACT_FIELDS, Work
from bot.intents import Intent
from bot.text import normalise

_REF_KINDS = ("work", "person", "character", "topic")


def _problem(entry: Entry, path: tuple[str | int, ...], message: str) -> Problem:
    full = entry.path + path
    return Problem(entry.doc.file, entry.doc.line_of(full), dotted(full), message)


def _unique(
    entries: Iterable[Entry], key: Any, kind: str, problems: list[Problem]
) -> dict[str, Any]:
    seen: dict[str, Entry] = {}
    out: dict[str, Any] = {}
    for entry in entries:
        ident, value = key(entry.value)
        if ident in seen:
            first = seen[ident]
            msg = f"duplicate {kind} id {ident!r} (first defined at {first.doc.file}:{first.line})"
            problems.append(_problem(entry, ("id",) if kind != "source" else (), msg))
            continue
        seen[ident] = entry
        out[ident] = value
    return out


def cross_check(
    entries: dict[str, list[Entry]], root: Path, problems: list[Problem]
) -> KnowledgeBase:
    """Check references between files and build the KnowledgeBase (valid only if no problems)."""
    works = _unique(entries["works"], lambda w: (w.id, w), "work", problems)
    people = _unique(entries["people"], lambda p: (p.id, p), "person", problems)
    characters = _unique(entries["characters"], lambda c: (c.id, c), "character", problems)
    topics = _unique(entries["topics"], lambda t: (t.id, t), "topic", problems)
    sources = _unique(entries["sources"], lambda kv: kv, "source", problems)
    intents = _unique(entries["intents"], lambda kv: kv, "intent", problems)
    lacking = _unique(entries["lacking"], lambda kv: kv, "lacking relation", problems)
    known = {"work": works, "person": people, "character": characters, "topic": topics}

    def need_source(entry: Entry, path: tuple[str | int, ...], ids: list[str]) -> None:
        for i, sid in enumerate(ids):
            if sid not in sources:
                problems.append(_problem(entry, (*path, i), f"unknown source {sid!r}"))

    for entry in entries["works"]:
        _check_work(entry, entry.value, people, characters, need_source, problems)
    for section in ("people", "characters"):
        for entry in entries[section]:
            need_source(entry, ("sources",), entry.value.sources)
    for entry in entries["topics"]:
        topic = entry.value
        need_source(entry, ("sources",), topic.sources)
        for work_id in topic.per_work:
            if work_id not in works:
                problems.append(_problem(entry, ("per_work", work_id), f"unknown work {work_id!r}"))
        for i, ref in enumerate(topic.related):
            kind, _, ident = ref.partition(":")
            if kind not in _REF_KINDS or ident not in known[kind]:
                msg = f"unknown reference {ref!r} (use work:, person:, character: or topic: + id)"
                problems.append(_problem(entry, ("related", i), msg))
    valid_intents = {i.value for i in Intent}
    for entry in entries["intents"]:
        name = entry.value[0]
        if name not in valid_intents:
            msg = f"unknown intent {name!r}; known: {', '.join(sorted(valid_intents))}"
            problems.append(_problem(entry, (), msg))
    _check_aliases(entries, problems)
    return KnowledgeBase(
        root=root,
        works=works,
        people=people,
        characters=characters,
        topics=topics,
        sources=sources,
        intents=intents,
        lacking=lacking,
    )


def _check_work(
    entry: Entry,
    work: Work,
    people: dict[str, Any],
    characters: dict[str, Any],
    need_source: Any,
    problems: list[Problem],
) -> None:
    for name in WORK_FACT_FIELDS:
        if getattr(work, name) not in (None, [], "") and not work.sources.get(name):
            problems.append(
                _problem(entry, (name,), "this fact has no source (add it under sources)")
            )
    for name, ids in work.sources.items():
        need_source(entry, ("sources", name), ids)
    for i, cast in enumerate(work.cast):
        if cast.person not in people:
            problems.append(
                _problem(entry, ("cast", i, "person"), f"unknown person {cast.person!r}")
            )
        if cast.character not in characters:
            msg = f"unknown character {cast.character!r}"
            problems.append(_problem(entry, ("cast", i, "character"), msg))
    for group in WORK_CREDIT_FIELDS:
        for i, credit in enumerate(getattr(work, group)):
            if credit.person not in people:
                msg = f"unknown person {credit.person!r}"
                problems.append(_problem(entry, (group, i, "person"), msg))
    for i, episode in enumerate(work.episodes):
        for group in ("directors", "writers"):
            for j, person in enumerate(getattr(episode, group)):
                if person not in people:
                    msg = f"unknown person {person!r}"
                    problems.append(_problem(entry, ("episodes", i, group, j), msg))
    for i, award in enumerate(work.awards):
        for j, person in enumerate(award.recipients):
            if person not in people:
                msg = f"unknown person {person!r}"
                problems.append(_problem(entry, ("awards", i, "recipients", j), msg))


def _names(entry: Entry, section: str) -> tuple[str, str, list[str]]:
    """(kind, primary name, aliases) of an entry."""
    value = entry.value
    if section == "works":
        extra = [value.full_title] if value.full_title else []
        return "work", value.title, [*extra, *value.aliases]
    if section == "topics":
        return "topic", value.title, list(value.aliases)
    kind = "person" if section == "people" else "character"
    return kind, value.name, list(value.aliases)


def _check_aliases(entries: dict[str, list[Entry]], problems: list[Problem]) -> None:
    """An alias must name one thing only; primary names may repeat across kinds.

    "John Wick" is both a film's title and a character's name on purpose (the engine asks
    which was meant), but an alias such as "jw2" or "baba yaga" must be unambiguous.
    """
    owner: dict[str, tuple[str, str, Entry, bool]] = {}  # norm -> (kind, id, entry, is_alias)
    for section in ("works", "people", "characters", "topics"):
        for entry in entries[section]:
            kind, name, aliases = _names(entry, section)
            ident = entry.value.id
            candidates: list[tuple[str, bool, tuple[str | int, ...]]] = [
                (name, False, ("title" if kind in ("work", "topic") else "name",))
            ]
            offset = 1 if section == "works" and entry.value.full_title else 0
            if offset:
                candidates.append((aliases[0], True, ("full_title",)))
            candidates += [(a, True, ("aliases", i)) for i, a in enumerate(aliases[offset:])]
            for text, is_alias, path in candidates:
                norm = normalise(text)
                if not norm:
                    problems.append(_problem(entry, path, f"{text!r} has no letters or digits"))
                    continue
                prev = owner.get(norm)
                if prev is None:
                    owner[norm] = (kind, ident, entry, is_alias)
                    continue
                p_kind, p_id, p_entry, p_alias = prev
                if (p_kind, p_id) == (kind, ident):
                    continue  # an alias repeating the entry's own name is harmless
                if is_alias or p_alias or p_kind == kind:
                    msg = (
                        f"{text!r} also names {p_kind} {p_id!r} "
                        f"({p_entry.doc.file}:{p_entry.line}); aliases must be unique"
                    )
                    problems.append(_problem(entry, path, msg))
