"""What every composer shares: the request, the result, and a writer of common phrases.

Composers (one per intent, in ``work_facts``, ``people``, ``franchise`` and ``cards``)
never guess: a missing fact is said to be missing (``Composed.lacking``), a stale one (a
date that has passed) says so.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from urllib.parse import urlsplit

from bot.answers.dates import format_date, is_past, plural, relative
from bot.answers.model import Card
from bot.facts.knowledge import KnowledgeBase
from bot.facts.schema import CastEntry, Money, Person, Precision, Status, Work, WorkKind
from bot.intents import Answers, Intent
from bot.nlu.claims import Claims
from bot.nlu.entities import EntityRef
from bot.nlu.normalise import normalise
from bot.nlu.search import Found

#: Cast members named in a text answer before "and N more".
CAST_IN_TEXT = 8
#: Card field values are cut to Discord's embed field limit.
FIELD_LIMIT = 1024
#: Longest list a franchise-wide answer spells out before "and N more".
LIST_LIMIT = 12
#: The film that "prequel" and "sequel" are measured against.
FIRST_FILM = "john-wick"

#: Facts a work only has once it is out (or nearly), and how to name them when it is not.
AFTER_RELEASE = {
    "trailers": "trailer",
    "box_office": "box office",
    "scores": "review scores",
    "runtime": "announced runtime",
    "rating": "age rating",
    "where_to_watch": "streaming or rental release",
    "awards": "awards",
    "tagline": "tagline",
    "soundtrack": "soundtrack",
}

STATUS_WORDS = {
    Status.RELEASED: "released",
    Status.POST_PRODUCTION: "in post-production",
    Status.IN_PRODUCTION: "in production",
    Status.IN_DEVELOPMENT: "in development",
    Status.ANNOUNCED: "announced",
    Status.CANCELLED: "cancelled",
}


@dataclass
class Composed:
    """A composer's result; ``lacking`` when it says a fact is not in the knowledge."""

    text: str
    sources: list[str]
    card: Card | None = None
    spoiler: str | None = None
    lacking: bool = False


@dataclass
class Request:
    """What a composer gets: the intent, the things in each slot, and the asker's clock."""

    intent: Intent
    slots: dict[str, list[EntityRef]]
    today: dt.date
    years: tuple[int, ...] = ()
    alias_used: dict[EntityRef, str] | None = None
    words: tuple[str, ...] = ()
    claims: Claims = field(default_factory=Claims)
    #: ids the question set aside ("besides keanu")
    excluded: frozenset[str] = frozenset()
    #: the works are every film, asked of as a whole ("what has the franchise made")
    whole: bool = False
    #: the kind of value the question word asks for ("where": a place)
    asked: Answers | None = None
    #: the works' places the question names ("is ballerina set in prague": "prague")
    places: tuple[str, ...] = ()
    #: works found by what the question says of them (``bot.answers.found``)
    found: Found | None = None
    #: a person's work outside the franchise is asked for ("what else has keanu been in")
    beyond: bool = False

    def first(self, kind: str) -> str | None:
        """Id of the first thing of ``kind``."""
        refs = self.slots.get(kind)
        return refs[0].id if refs else None

    def all(self, kind: str) -> list[str]:
        """Ids of every thing of ``kind``."""
        return [r.id for r in self.slots.get(kind, [])]


def has(text: str | None, value: str) -> bool:
    """True when normalised ``text`` contains ``value``."""
    return bool(text) and value in normalise(text or "")


def yes_no(truth: bool, text: str) -> str:
    """'Yes: text' or 'No: text'."""
    return f"{'Yes' if truth else 'No'}: {text}"


#: How an answer opens with its verdict: ``yes_no``'s form, and "Yes." before a sentence.
_VERDICTS = ("Yes: ", "No: ", "Yes. ", "No. ")


def without_verdict(text: str) -> str:
    """``text`` without a leading "Yes:" or "No:" (the fact alone)."""
    for verdict in _VERDICTS:
        if text.startswith(verdict):
            rest = text[len(verdict) :]
            return rest[:1].upper() + rest[1:]
    return text


def join(items: Iterable[str], last: str = "and") -> str:
    """'a, b and c'."""
    items = list(items)
    if len(items) <= 1:
        return "".join(items)
    return f"{', '.join(items[:-1])} {last} {items[-1]}"


def money(m: Money) -> str:
    """'about $30 million', 'about $20–30 million'."""

    def fmt(v: int) -> str:
        return f"${v / 1e6:,.1f}".rstrip("0").rstrip(".") + " million"

    if m.high and m.high != m.low:
        low = f"${m.low / 1e6:,.1f}".rstrip("0").rstrip(".")
        return f"about {low}–{fmt(m.high)[1:]}"
    return f"about {fmt(m.low)}"


def capped(items: list[str], limit: int = LIST_LIMIT) -> list[str]:
    """At most ``limit`` items, the last one saying how many more there are."""
    if len(items) <= limit:
        return items
    return [*items[: limit - 1], f"{len(items) - limit + 1} more"]


def numbered(items: list[str], limit: int = LIST_LIMIT) -> str:
    """'1. A; 2. B; …' for at most ``limit`` items."""
    shown = [f"{i}. {item}" for i, item in enumerate(items[:limit], 1)]
    if len(items) > limit:
        shown.append(f"and {len(items) - limit} more")
    return "; ".join(shown)


def is_out(work: Work, today: dt.date) -> bool:
    """True when ``work`` is released (a film or series out on or before ``today``)."""
    exact = work.release.date.exact
    return work.kind is not WorkKind.ANNOUNCED and exact is not None and exact <= today


def known_for(person: Person) -> str:
    """A person's ``known_for``, written to read after "known for" ("" when none)."""
    return (person.known_for or "").strip().rstrip(".")


def cut(text: str, limit: int = FIELD_LIMIT) -> str:
    """``text`` cut to ``limit`` characters with an ellipsis."""
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


class Writer:
    """Common phrases over one knowledge base: labels, names, release sentences, sources."""

    def __init__(self, kb: KnowledgeBase) -> None:
        self.kb = kb
        self._labels: dict[str, str] = {}
        #: every review site the notes have a score from ("IMDb", "Rotten Tomatoes")
        self.score_sites = frozenset(s.site for w in kb.works.values() for s in w.scores)
        self._split_day: dt.date | None = None
        self._split: tuple[list[Work], list[Work], list[Work]] = ([], [], [])

    def label(self, work: Work) -> str:
        """'Ballerina (2025)', or the bare title when undated."""
        label = self._labels.get(work.id)
        if label is None:
            year = work.release.date.year
            dated = year and work.kind is not WorkKind.ANNOUNCED
            label = f"{work.title} ({year})" if dated else work.title
            self._labels[work.id] = label
        return label

    def person_name(self, pid: str) -> str:
        """Display name of a person id."""
        person = self.kb.people.get(pid)
        return person.name if person else pid

    def known_outside(self, pid: str) -> str:
        """What a person is known for outside the franchise, as a sentence (or that the notes
        do not say): "what else has bill skarsgard been in"."""
        person = self.kb.people[pid]
        if not person.known_for:
            return f"I don't have {person.name}'s work outside the John Wick franchise in my notes."
        return f"Outside the John Wick franchise, {person.name} is known for {known_for(person)}."

    def character_name(self, cid: str) -> str:
        """Display name of a character id."""
        char = self.kb.characters.get(cid)
        return char.name if char else cid

    def source_line(self, ids: list[str], limit: int = 4) -> str:
        """'Sources: wikipedia.org, slashfilm.com' — the sites behind ``ids``, for a footer."""
        sites: list[str] = []
        for sid in ids:
            source = self.kb.sources.get(sid)
            if source is None:
                continue
            site = urlsplit(source.url).netloc.removeprefix("www.").removeprefix("en.")
            if site and site not in sites:
                sites.append(site)
        return "Sources: " + ", ".join(sites[:limit]) if sites else ""

    def src(self, work: Work, *fields: str) -> list[str]:
        """Source ids backing ``fields`` of ``work``."""
        out: list[str] = []
        for name in fields:
            out.extend(work.sources.get(name, []))
        return list(dict.fromkeys(out))

    def release_sentence(self, work: Work, today: dt.date) -> str:
        """When ``work`` came or comes out, relative to ``today``; says so when stale."""
        date = work.release.date
        region = f" in the {work.release.region}" if work.release.region in ("US", "UK") else ""
        if date.precision is Precision.TBA:
            status = STATUS_WORDS[work.status]
            as_of = f" (as of {format_date(work.status_as_of)})" if work.status_as_of else ""
            return f"{work.title} has no release date yet: it is {status}{as_of}."
        when = format_date(date)
        exact = date.exact
        if work.status is Status.RELEASED and (exact is None or exact <= today):
            ago = f", {relative(exact, today)}" if exact else ""
            verb = "premiered" if work.kind is WorkKind.SERIES else "came out"
            on = "on " if exact else "in "
            return f"{work.title} {verb}{region} {on}{when}{ago}."
        if exact is not None and exact >= today:
            days = (exact - today).days
            left = "today!" if days == 0 else f"{plural(days, 'day')} to go."
            return f"{work.title} comes out{region} on {when}: {left}"
        if is_past(date, today) or (exact is not None and exact < today):
            as_of = f" as of {format_date(work.status_as_of)}" if work.status_as_of else ""
            return (
                f"{work.title} was expected{region} {'on' if exact else 'in'} {when}, which has "
                f"passed; my information{as_of} may be out of date."
            )
        return f"{work.title} is expected{region} in {when} (no exact day announced yet)."

    def date_history_sentence(self, work: Work) -> str:
        """'It was first set for June 7, 2024 (delayed a year for reshoots).'"""
        if not work.date_history:
            return ""
        moves = []
        for change in work.date_history:
            why = f" ({change.reason})" if change.reason else ""
            moves.append(f"{format_date(change.date)}{why}")
        return f" It was first set for {join(moves, 'then')} and later moved."

    def work(self, req: Request) -> Work:
        """The work in the request's first work slot."""
        wid = req.first("work")
        assert wid is not None
        return self.kb.works[wid]

    def simple(
        self, req: Request, field: str, render: Callable[[Work], str | None], missing: str
    ) -> Composed:
        """``render(work)``, or the ``missing`` text (a lacking answer) when it gives None."""
        work = self.work(req)
        value = render(work)
        if value is None and field in AFTER_RELEASE and work.status is not Status.RELEASED:
            # "is there a trailer for chapter 5" is answered no; "what will its runtime be"
            # asks for a value there is none of yet: said, as what Wickbot lacks
            text = self.not_out_yet(work, field)
            sources = self.src(work, "status", "release")
            return Composed(text, sources, lacking=not req.claims.polar)
        if value is None:
            text = missing.format(title=work.title)
            return Composed(text, self.src(work, "status"), lacking=True)
        return Composed(value, self.src(work, field))

    def not_out_yet(self, work: Work, field: str) -> str:
        """ "Chapter 5 is in development (as of June 2025), so it has no trailer yet." """
        as_of = f" (as of {format_date(work.status_as_of)})" if work.status_as_of else ""
        what = AFTER_RELEASE[field]
        return f"{work.title} is {STATUS_WORDS[work.status]}{as_of}, so it has no {what} yet."

    def confirm(self, req: Request, out: Composed, claimed: tuple[str, ...], fact: str) -> Composed:
        """For a yes/no question, put Yes or No first: is every claimed value in ``fact``?"""
        if req.claims.polar and claimed and fact:
            out.text = yes_no(all(has(fact, c) for c in claimed), out.text)
        return out

    def cast_line(self, pid: str, cid: str, note: str | None) -> str:
        line = f"{self.person_name(pid)} as {self.character_name(cid)}"
        return f"{line} ({note})" if note else line

    def alias_note(self, req: Request, ref: EntityRef, name: str) -> str:
        used = (req.alias_used or {}).get(ref)
        if used and used.lower() != name.lower() and used.lower() not in name.lower():
            return f" (you asked about “{used}”)"
        return ""

    def actor_summary(self, entries: list[tuple[Work, CastEntry]]) -> str:
        by_actor: dict[str, list[str]] = {}
        # the main portrayal (no "young ..." or "credited as" note) first
        entries = sorted(entries, key=lambda e: e[1].note is not None)
        for work, entry in entries:
            pid = entry.person
            note = entry.note
            label = work.title + (f" ({note})" if note else "")
            by_actor.setdefault(pid, []).append(label)
        parts = [
            f"{self.person_name(pid)} in {', '.join(works)}" for pid, works in by_actor.items()
        ]
        return "; and by ".join(parts)

    def runtime_short(self, work: Work) -> str:
        rt = work.runtime
        assert rt is not None
        mins = f"{rt.minutes}–{rt.minutes_max}" if rt.minutes_max else str(rt.minutes)
        suffix = " per episode" if rt.per_episode else ""
        return f"{mins} minutes{suffix}"

    def out_and_coming(self, today: dt.date) -> tuple[list[Work], list[Work], list[Work]]:
        """(released in release order, not out yet, released in story order), once a day."""
        if self._split_day != today:
            out = [w for w in self.kb.works_by_release() if is_out(w, today)]
            ids = {w.id for w in out}
            coming = [w for w in self.kb.works_by_release() if w.id not in ids]
            story = [w for w in self.kb.works_by_story() if w.id in ids]
            self._split, self._split_day = (out, coming, story), today
        return self._split

    def released(self, today: dt.date) -> list[Work]:
        return self.out_and_coming(today)[0]
