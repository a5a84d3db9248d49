"""One composer per intent: facts from the knowledge base, written for a given day.

Composers return (text, sources, card, spoiler). They never guess: a missing fact is said
to be missing, a stale one (a date that has passed) says so.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from urllib.parse import urlsplit

from bot.answers.dates import format_date, is_past, plural, relative
from bot.answers.model import Card, CardField
from bot.facts.knowledge import KnowledgeBase
from bot.facts.schema import CastEntry, Money, Precision, Status, Work, WorkKind
from bot.intents import Intent
from bot.nlu.entities import EntityRef
from bot.nlu.normalise import normalise
from bot.nlu.words import STOPWORDS

#: Cast members named in a text answer before "and N more".
CAST_IN_TEXT = 8
#: Card field values are cut to Discord's embed field limit.
FIELD_LIMIT = 1024

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
    """A composer's result."""

    text: str
    sources: list[str]
    card: Card | None = None
    spoiler: str | None = None


@dataclass
class Request:
    """What a composer gets: the intent, the things in each slot, and the asker's clock."""

    intent: Intent
    slots: dict[str, list[EntityRef]]
    today: dt.date
    years: tuple[int, ...] = ()
    alias_used: dict[EntityRef, str] | None = None
    words: tuple[str, ...] = ()

    @property
    def polar(self) -> bool:
        """True for a yes/no question ("is ballerina rated r", "did chad direct it")."""
        return bool(self.words) and self.words[0] in POLAR_STARTS

    def claims(self, vocabulary: dict[str, str]) -> list[str]:
        """Values the question asserts, from ``vocabulary`` (word or word pair -> value)."""
        found = []
        pairs = [f"{a} {b}" for a, b in zip(self.words, self.words[1:], strict=False)]
        for token in [*pairs, *self.words]:
            value = vocabulary.get(token)
            if value is not None and value not in found:
                found.append(value)
        return found

    def first(self, kind: str) -> str | None:
        """Id of the first thing of ``kind``."""
        refs = self.slots.get(kind)
        return refs[0].id if refs else None

    def all(self, kind: str) -> list[str]:
        """Ids of every thing of ``kind``."""
        return [r.id for r in self.slots.get(kind, [])]


#: The film that "prequel" and "sequel" are measured against.
FIRST_FILM = "john-wick"
POLAR_STARTS = frozenset("is was did does do are were has have will can".split())
#: Age certificates as people type them (normalised) -> the certificate.
CERTIFICATES = {
    "r": "R",
    "r rated": "R",
    "pg 13": "PG-13",
    "pg13": "PG-13",
    "pg": "PG",
    "g": "G",
    "nc 17": "NC-17",
    "tv ma": "TV-MA",
    "tv 14": "TV-14",
    "unrated": "Unrated",
}
KID_WORDS = frozenset("kid kids children child family teens teen teenagers 12 13".split())
ADULT_CERTIFICATES = frozenset({"R", "NC-17", "TV-MA"})
GENRES = {
    g: g
    for g in "action thriller crime horror comedy drama romance noir neo western "
    "mystery animation animated musical documentary fantasy adventure martial".split()
}
LANGUAGES = {
    w: w
    for w in "english japanese russian italian spanish french german arabic "
    "cantonese mandarin korean latin hungarian czech".split()
}
COUNTRY_WORDS = {
    "american": "united states",
    "us": "united states",
    "usa": "united states",
    "america": "united states",
    "german": "germany",
    "germany": "germany",
    "british": "united kingdom",
    "uk": "united kingdom",
    "english": "united kingdom",
    "austrian": "austria",
    "austria": "austria",
    "canadian": "canada",
    "canada": "canada",
    "french": "france",
    "france": "france",
    "japanese": "japan",
    "japan": "japan",
    "chinese": "china",
    "italian": "italy",
    "hungarian": "hungary",
}
COMPANIES = {
    w: w
    for w in "lionsgate summit peacock starz amazon prime netflix sony warner "
    "disney universal paramount".split()
}


def _has(text: str | None, value: str) -> bool:
    return bool(text) and value in normalise(text or "")


def _yes_no(truth: bool, text: str) -> str:
    return f"{'Yes' if truth else 'No'}: {text}"


def _join(items: Iterable[str], last: str = "and") -> str:
    items = list(items)
    if len(items) <= 1:
        return "".join(items)
    return f"{', '.join(items[:-1])} {last} {items[-1]}"


def _money(m: Money) -> str:
    def fmt(v: int) -> str:
        return f"${v / 1e6:,.1f}".rstrip("0").rstrip(".") + " million"

    if m.high and m.high != m.low:
        low = f"${m.low / 1e6:,.1f}".rstrip("0").rstrip(".")
        return f"about {low}–{fmt(m.high)[1:]}"
    return f"about {fmt(m.low)}"


class Composer:
    """Writes answers from one knowledge base."""

    def __init__(self, kb: KnowledgeBase) -> None:
        self.kb = kb
        self._labels: dict[str, str] = {}
        self._split_day: dt.date | None = None
        self._split: tuple[list[Work], list[Work], list[Work]] = ([], [], [])
        self._dispatch: dict[Intent, Callable[[Request], Composed]] = {
            Intent.OVERVIEW: self.overview,
            Intent.RELEASE_DATE: self.release_date,
            Intent.COUNTDOWN: self.countdown,
            Intent.CAST: self.cast,
            Intent.WHO_PLAYS: self.who_plays,
            Intent.ACTOR_ROLE: self.actor_role,
            Intent.ACTOR_IN_WORK: self.actor_in_work,
            Intent.CHARACTER_INFO: self.character_info,
            Intent.PERSON_WORKS: self.person_works,
            Intent.DIRECTOR: self.director,
            Intent.WRITER: self.writer,
            Intent.PRODUCER: self.producer,
            Intent.RATING: self.rating,
            Intent.RUNTIME: self.runtime,
            Intent.GENRE: self.genre,
            Intent.LANGUAGE: self.language,
            Intent.COUNTRY: self.country,
            Intent.DISTRIBUTOR: self.distributor,
            Intent.BUDGET: self.budget,
            Intent.BOX_OFFICE: self.box_office,
            Intent.SCORES: self.scores,
            Intent.PREMISE: self.premise,
            Intent.FILMING: self.filming,
            Intent.WATCH_ORDER: self.watch_order,
            Intent.TIMELINE: self.timeline,
            Intent.LIST_WORKS: self.list_works,
            Intent.COUNT_WORKS: self.count_works,
            Intent.UPCOMING: self.upcoming,
            Intent.STATUS: self.status,
            Intent.LORE: self.lore,
            Intent.HELP: self.help,
        }

    def compose(self, req: Request) -> Composed:
        """The answer for ``req``; work intents with several works answer each in turn."""
        handler = self._dispatch[req.intent]
        works = req.all("work")
        if req.intent in _PER_WORK and len(works) > 1:
            parts = [
                handler(Request(req.intent, {"work": [EntityRef("work", w)]}, req.today, req.years))
                for w in works[:3]
            ]
            sources = [s for p in parts for s in p.sources]
            return Composed("\n".join(p.text for p in parts), list(dict.fromkeys(sources)))
        return handler(req)

    # ----------------------------------------------------------------- helpers
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
        return f" It was first set for {_join(moves, 'then')} and later moved."

    # ----------------------------------------------------------------- work facts
    def work(self, req: Request) -> Work:
        """The work in the request's first work slot."""
        wid = req.first("work")
        assert wid is not None
        return self.kb.works[wid]

    def overview(self, req: Request) -> Composed:
        """A short profile plus a full card."""
        work = self.work(req)
        bits = [f"{self.label(work)}: {work.premise}"]
        people = [self.person_name(c.person) for c in work.directors]
        if people:
            verb = "Directed" if work.status is Status.RELEASED else "Director"
            bits.append(
                f"{verb} by {_join(people)}."
                if verb == "Directed"
                else f"Director: {_join(people)}."
            )
        if work.cast:
            lead = [
                f"{self.person_name(c.person)} as {self.character_name(c.character)}"
                for c in work.cast[:3]
            ]
            bits.append(f"Starring {_join(lead)}.")
        bits.append(self.release_sentence(work, req.today))
        if work.status is not Status.RELEASED and work.status_note:
            bits.append(work.status_note)
        extra = []
        if work.rating:
            extra.append(f"Rated {work.rating.certificate}")
        if work.runtime:
            extra.append(self._runtime_short(work))
        if extra:
            bits.append(", ".join(extra) + ".")
        sources = self.src(work, "premise", "release", "directors", "cast", "rating", "runtime")
        return Composed(" ".join(bits), sources, self.work_card(work, req.today))

    def work_card(self, work: Work, today: dt.date) -> Card:
        """The rich card shown for ``!ballerina`` and friends."""
        fields: list[CardField] = []
        date = work.release.date
        released = work.status is Status.RELEASED and not (date.exact and date.exact > today)
        if date.precision is Precision.TBA:
            fields.append(CardField("Release", f"Not announced ({STATUS_WORDS[work.status]})"))
        else:
            fields.append(CardField("Release", format_date(date) + f" ({work.release.region})"))
            if date.exact:
                fields.append(
                    CardField("Out since" if released else "Countdown", relative(date.exact, today))
                )
        if work.directors:
            fields.append(
                CardField("Director", _join(self.person_name(c.person) for c in work.directors))
            )
        if work.rating:
            fields.append(CardField("Rating", work.rating.certificate))
        if work.runtime:
            fields.append(CardField("Runtime", self._runtime_short(work)))
        if work.cast:
            lines = [
                f"{self.person_name(c.person)} — {self.character_name(c.character)}"
                for c in work.cast[:8]
            ]
            fields.append(CardField("Cast", _cut("\n".join(lines)), inline=False))
        if work.kind is WorkKind.ANNOUNCED or work.status is not Status.RELEASED:
            note = work.status_note or STATUS_WORDS[work.status]
            as_of = f" (as of {format_date(work.status_as_of)})" if work.status_as_of else ""
            fields.append(CardField("Status", _cut(note + as_of), inline=False))
        sources = self.src(work, "release", "premise", "cast")
        footer = self.source_line(sources)
        return Card(
            title=work.full_title or work.title,
            description=work.premise,
            fields=tuple(fields),
            footer=footer,
            release=date.exact,
            released=released,
        )

    def _runtime_short(self, work: Work) -> str:
        rt = work.runtime
        assert rt is not None
        mins = f"{rt.minutes}–{rt.minutes_max}" if rt.minutes_max else str(rt.minutes)
        suffix = " per episode" if rt.per_episode else ""
        return f"{mins} minutes{suffix}"

    def release_date(self, req: Request) -> Composed:
        """When it came or comes out; corrects a wrong year in the question."""
        work = self.work(req)
        text = self.release_sentence(work, req.today)
        history = self.date_history_sentence(work)
        actual = work.release.date.year
        if req.years and actual and work.release.date.precision is not Precision.TBA:
            asked = req.years[0]
            if asked != actual:
                old = [c for c in work.date_history if c.date.year == asked]
                if old:
                    text = (
                        f"No: {work.title} was once set for {format_date(old[0].date)}, but it was "
                        f"moved. {text}"
                    )
                    history = ""
                else:
                    text = f"No, not in {asked}. {text}"
            else:
                text = f"Yes. {text}"
        elif req.years and work.release.date.precision is Precision.TBA:
            text = f"Nothing says {req.years[0]}. {text}"
        elif req.polar and "out" in req.words:
            text = _yes_no(_is_out(work, req.today), text)
        events = self._events(work, req)
        if events:
            text = " ".join(events) + " " + text
        return Composed(
            text + history, self.src(work, "release", "date_history", "status", "premieres")
        )

    def _events(self, work: Work, req: Request) -> list[str]:
        """Premieres and regional releases the question asks about."""
        wanted = [
            e for e in work.premieres if "premiere" in req.words and "premiere" in e.what.lower()
        ]
        asked = {w for w in req.words if w not in STOPWORDS and len(w) > 2}
        for event in work.premieres:
            words = set(normalise(f"{event.what} {event.place or ''}").split())
            if asked & words - {"premiere", "release", "released", "world"} and event not in wanted:
                wanted.append(event)
        out = []
        for event in wanted[:3]:
            place = f" ({event.place})" if event.place else ""
            note = f" {event.note}" if event.note else ""
            out.append(f"{event.what}{place}: {format_date(event.date)}.{note}")
        return out

    def countdown(self, req: Request) -> Composed:
        """Days left, or how long it has been out."""
        work = self.work(req)
        exact = work.release.date.exact
        if (
            exact is not None
            and exact >= req.today
            and work.release.date.precision is Precision.DAY
        ):
            days = (exact - req.today).days
            if days == 0:
                text = f"{work.title} comes out today ({format_date(work.release.date)})!"
            else:
                text = (
                    f"{plural(days, 'day')} to go until {work.title} "
                    f"({format_date(work.release.date)})."
                )
            return Composed(text, self.src(work, "release"))
        if exact is not None and work.status is Status.RELEASED:
            text = f"No need to wait: {self.release_sentence(work, req.today)}"
            return Composed(text, self.src(work, "release"))
        text = self.release_sentence(work, req.today) + " So there is nothing to count down to yet."
        return Composed(text, self.src(work, "release", "status"))

    def cast(self, req: Request) -> Composed:
        """Who is in it."""
        work = self.work(req)
        if not work.cast:
            return Composed(
                f"No cast has been announced for {work.title} yet.", self.src(work, "status")
            )
        names = [self._cast_line(c.person, c.character, c.note) for c in work.cast]
        shown = names[:CAST_IN_TEXT]
        more = len(names) - len(shown)
        tail = f", and {more} more" if more > 0 else ""
        text = f"The cast of {self.label(work)}: {', '.join(shown)}{tail}."
        return Composed(text, self.src(work, "cast"), self.work_card(work, req.today))

    def _cast_line(self, pid: str, cid: str, note: str | None) -> str:
        line = f"{self.person_name(pid)} as {self.character_name(cid)}"
        return f"{line} ({note})" if note else line

    def who_plays(self, req: Request) -> Composed:
        """The actor(s) behind a character, optionally in one work."""
        cid = req.first("character")
        assert cid is not None
        char = self.kb.characters[cid]
        entries = self.kb.cast_by_character.get(cid, [])
        work_id = req.first("work")
        alias = self._alias_note(req, EntityRef("character", cid), char.name)
        if work_id:
            in_work = [(w, c) for w, c in entries if w.id == work_id]
            work = self.kb.works[work_id]
            if not in_work:
                others = self._actor_summary(entries)
                elsewhere = f" Elsewhere: {others}." if others else ""
                return Composed(
                    f"{char.name}{alias} is not in the cast of {work.title} that I know of."
                    + elsewhere,
                    self.src(work, "cast") + list(char.sources),
                )
            entries = in_work
        if not entries:
            return Composed(
                f"{char.name}{alias}: {char.description} I don't have an actor listed.",
                list(char.sources),
            )
        summary = self._actor_summary(entries)
        sources = [s for w, _ in entries for s in w.sources.get("cast", [])]
        return Composed(f"{char.name}{alias} is played by {summary}.", list(dict.fromkeys(sources)))

    def _alias_note(self, req: Request, ref: EntityRef, name: str) -> str:
        used = (req.alias_used or {}).get(ref)
        if used and used.lower() != name.lower() and used.lower() not in name.lower():
            return f" (you asked about “{used}”)"
        return ""

    def _actor_summary(self, entries: list[tuple[Work, CastEntry]]) -> str:
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

    def actor_role(self, req: Request) -> Composed:
        """Which character(s) a person plays."""
        pid = req.first("person")
        assert pid is not None
        person = self.kb.people[pid]
        roles = [r for r in self.kb.roles_by_person.get(pid, []) if r.role == "actor"]
        work_id = req.first("work")
        if work_id:
            roles = [r for r in roles if r.work.id == work_id]
            if not roles:
                work = self.kb.works[work_id]
                return Composed(
                    f"{person.name} is not in the cast of {work.title} that I know of. "
                    + person.description,
                    self.src(work, "cast") + list(person.sources),
                )
        if not roles:
            return self.person_works(req)
        by_char: dict[str, list[str]] = {}
        for role in roles:
            name = role.character.name if role.character else "?"
            by_char.setdefault(name, []).append(
                role.work.title + (f", {role.note}" if role.note else "")
            )
        parts = [f"{name} in {_join(works)}" for name, works in by_char.items()]
        sources = [s for r in roles for s in r.work.sources.get("cast", [])]
        return Composed(f"{person.name} plays {_join(parts)}.", list(dict.fromkeys(sources)))

    def actor_in_work(self, req: Request) -> Composed:
        """Yes or no, with the role."""
        work = self.work(req)
        pid = req.first("person")
        cid = req.first("character")
        sources = self.src(work, "cast")
        if pid:
            name = self.person_name(pid)
            hits = [c for c in work.cast if c.person == pid]
            credits = [
                f"{role} ({c.note})" if c.note else role
                for role, group in (
                    ("director", work.directors),
                    ("writer", work.writers),
                    ("producer", work.producers),
                )
                for c in group
                if c.person == pid
            ]
            if hits:
                roles = _join(
                    self._cast_line("", c.character, c.note).removeprefix(" as ") for c in hits
                )
                return Composed(f"Yes: {name} is in {self.label(work)} as {roles}.", sources)
            if credits:
                return Composed(
                    f"{name} is not in the cast of {work.title}, but is credited as "
                    f"{_join(credits)}.",
                    self.src(work, "directors", "writers", "producers"),
                )
            return Composed(
                f"No: {name} is not in the cast of {self.label(work)} as far as I know.", sources
            )
        assert cid is not None
        char = self.kb.characters[cid]
        hits = [c for c in work.cast if c.character == cid]
        if hits:
            actors = _join(
                self._cast_line(c.person, cid, c.note).split(" as ")[0]
                + (f" ({c.note})" if c.note else "")
                for c in hits
            )
            return Composed(
                f"Yes: {char.name} appears in {self.label(work)}, played by {actors}.", sources
            )
        return Composed(
            f"No: {char.name} is not in the cast of {self.label(work)} as far as I know.", sources
        )

    def character_info(self, req: Request) -> Composed:
        """Who a character is and who plays them."""
        cid = req.first("character")
        assert cid is not None
        char = self.kb.characters[cid]
        entries = self.kb.cast_by_character.get(cid, [])
        alias = self._alias_note(req, EntityRef("character", cid), char.name)
        text = f"{char.name}{alias}: {char.description}"
        if entries:
            text += f" Played by {self._actor_summary(entries)}."
        card = Card(
            title=char.name,
            description=char.description,
            footer=self.source_line(char.sources),
        )
        return Composed(text, list(char.sources), card, char.spoiler)

    def person_works(self, req: Request) -> Composed:
        """A person's work within the franchise."""
        pid = req.first("person")
        assert pid is not None
        person = self.kb.people[pid]
        roles = self.kb.roles_by_person.get(pid, [])
        parts: list[str] = []
        for kind, verb in (
            ("actor", "Appears in"),
            ("director", "Directed"),
            ("writer", "Wrote"),
            ("producer", "Produced"),
        ):
            group = [r for r in roles if r.role == kind]
            if not group:
                continue
            if kind == "actor":
                items = [
                    f"{self.label(r.work)} as {r.character.name if r.character else '?'}"
                    for r in group
                ]
            else:
                items = [self.label(r.work) for r in group]
            parts.append(f"{verb}: {'; '.join(dict.fromkeys(items))}.")
        text = f"{person.name}: {person.description} " + " ".join(parts)
        if person.notes:
            text += " " + " ".join(person.notes)
        return Composed(text.strip(), list(person.sources))

    def _credits(self, req: Request, group: str, verb: str, noun: str) -> Composed:
        work = self.work(req)
        credits = getattr(work, group)
        if not credits:
            when = "yet" if work.status is not Status.RELEASED else "in my notes"
            return Composed(
                f"No {noun} is credited for {work.title} {when}.", self.src(work, "status")
            )
        names = [self.person_name(c.person) + (f" ({c.note})" if c.note else "") for c in credits]
        tense = "was" if work.status is Status.RELEASED else "is"
        text = f"{self.label(work)} {tense} {verb} by {_join(names)}."
        asked = req.first("person")
        if asked is not None:
            text = _yes_no(any(c.person == asked for c in credits), text)
        if group == "directors" and work.episodes and not any(c.note for c in credits):
            per_ep = [
                f"episode {e.number}: {_join(self.person_name(p) for p in e.directors)}"
                for e in work.episodes
                if e.directors
            ]
            if per_ep:
                text += f" ({'; '.join(per_ep)})"
        return Composed(text, self.src(work, group))

    def director(self, req: Request) -> Composed:
        """Who directed it."""
        work = self.work(req)
        verb = "directed" if work.status is Status.RELEASED else "being directed"
        return self._credits(req, "directors", verb, "director")

    def writer(self, req: Request) -> Composed:
        """Who wrote it."""
        work = self.work(req)
        verb = "written" if work.status is Status.RELEASED else "being written"
        return self._credits(req, "writers", verb, "writer")

    def producer(self, req: Request) -> Composed:
        """Who produced it."""
        return self._credits(req, "producers", "produced", "producer")

    def _simple(
        self, req: Request, field: str, render: Callable[[Work], str | None], missing: str
    ) -> Composed:
        work = self.work(req)
        value = render(work)
        if value is None:
            return Composed(missing.format(title=work.title), self.src(work, "status"))
        return Composed(value, self.src(work, field))

    def rating(self, req: Request) -> Composed:
        """Age rating and its reason."""

        def render(w: Work) -> str | None:
            if not w.rating:
                return None
            reason = (
                f" {w.rating.reason[0].upper()}{w.rating.reason[1:]}." if w.rating.reason else ""
            )
            system = "" if w.rating.system == "MPAA" else f" ({w.rating.system})"
            return f"{self.label(w)} is rated {w.rating.certificate}{system}.{reason}".replace(
                "..", "."
            )

        out = self._simple(req, "rating", render, "{title} has not been rated yet.")
        work = self.work(req)
        if work.rating:
            cert = work.rating.certificate
            claimed = req.claims(CERTIFICATES)
            if req.polar and claimed:
                out.text = _yes_no(claimed[0] == cert, out.text)
            elif KID_WORDS & set(req.words):
                verdict = "Not for kids" if cert in ADULT_CERTIFICATES else "Check the rating"
                out.text = f"{verdict}: {out.text}"
        return out

    def runtime(self, req: Request) -> Composed:
        """Running time, in minutes and hours."""

        def render(w: Work) -> str | None:
            rt = w.runtime
            if not rt:
                return None
            hours, mins = divmod(rt.minutes, 60)
            hm = plural(hours, "hour") + (f" {plural(mins, 'minute')}" if mins else "")
            if not hours:
                hm = plural(mins, "minute")
            if rt.minutes_max:
                about = f" (about {hm})" if rt.minutes_max - rt.minutes <= 5 else ""
                text = f"{self.label(w)} runs about {rt.minutes}–{rt.minutes_max} minutes{about}"
            else:
                text = f"{self.label(w)} runs {rt.minutes} minutes ({hm})"
            if rt.per_episode:
                text += " per episode"
            text += "."
            if rt.note:
                text += f" {rt.note}"
            return text

        out = self._simple(req, "runtime", render, "{title} has no announced runtime yet.")
        work = self.work(req)
        films = [w for w in self.kb.films() if w.runtime]
        for word, pick in (("longest", max), ("shortest", min)):
            if word in req.words and work.runtime and films:
                extreme = pick(films, key=lambda w: w.runtime.minutes if w.runtime else 0)
                verdict = extreme.id == work.id
                tail = f" The {word} film is {self.label(extreme)}."
                out.text = (_yes_no(verdict, out.text) if req.polar else out.text) + tail
        limit = _duration_claim(req.words)
        if req.polar and limit is not None and work.runtime:
            longer, minutes = limit  # "is it over 2 hours?" compares with the shortest figure
            shortest, longest = (
                work.runtime.minutes,
                work.runtime.minutes_max or work.runtime.minutes,
            )
            out.text = _yes_no(shortest > minutes if longer else longest < minutes, out.text)
        return out

    def _confirm(
        self, req: Request, out: Composed, vocabulary: dict[str, str], fact: str
    ) -> Composed:
        """For a yes/no question, put Yes or No first: is every claimed value in ``fact``?"""
        claimed = req.claims(vocabulary)
        if req.polar and claimed and fact:
            out.text = _yes_no(all(_has(fact, c) for c in claimed), out.text)
        return out

    def genre(self, req: Request) -> Composed:
        """Genres; "is it a thriller?" gets Yes or No first."""
        out = self._simple(
            req,
            "genres",
            lambda w: (
                f"{self.label(w)} is {_join(g.lower() for g in w.genres)}." if w.genres else None
            ),
            "I don't have a genre for {title}.",
        )
        return self._confirm(req, out, GENRES, " ".join(self.work(req).genres))

    def language(self, req: Request) -> Composed:
        """Original language; "is it in english?" gets Yes or No first."""
        out = self._simple(
            req,
            "language",
            lambda w: f"{self.label(w)} is in {w.language}." if w.language else None,
            "I don't have a language for {title}.",
        )
        return self._confirm(req, out, LANGUAGES, self.work(req).language or "")

    def country(self, req: Request) -> Composed:
        """Country of origin; "is it american?" gets Yes or No first."""
        out = self._simple(
            req,
            "country",
            lambda w: f"{self.label(w)} comes from {w.country}." if w.country else None,
            "I don't have a country for {title}.",
        )
        return self._confirm(req, out, COUNTRY_WORDS, self.work(req).country or "")

    def distributor(self, req: Request) -> Composed:
        """Distributor or network; "is it a lionsgate film?" gets Yes or No first."""
        work = self.work(req)
        fact = " ".join(filter(None, [work.distributor, work.network]))
        return self._confirm(req, self._distributor_plain(req), COMPANIES, fact)

    def _distributor_plain(self, req: Request) -> Composed:
        """Distributor or network."""

        def render(w: Work) -> str | None:
            if w.network:
                return f"{self.label(w)} premiered on {w.network}" + (
                    f" (distributed by {w.distributor})." if w.distributor else "."
                )
            if w.distributor:
                return f"{self.label(w)} is distributed by {w.distributor}."
            return None

        work = self.work(req)
        out = self._simple(req, "distributor", render, "No distributor is known for {title} yet.")
        if work.network:
            out.sources = list(dict.fromkeys(out.sources + self.src(work, "network")))
        return out

    def budget(self, req: Request) -> Composed:
        """Production budget."""

        def render(w: Work) -> str | None:
            if not w.budget:
                return None
            note = w.budget.note or ""
            note = "" if note.lower().startswith("about $") else f" {note}"
            return f"{self.label(w)} had a budget of {_money(w.budget)}.{note}"

        return self._simple(req, "budget", render, "I don't have a budget for {title}.")

    def box_office(self, req: Request) -> Composed:
        """Worldwide gross, with as-of."""

        def render(w: Work) -> str | None:
            if not w.box_office:
                return None
            bo = w.box_office
            as_of = f" (figures as of {format_date(bo.as_of)})" if bo.as_of else ""
            note = f" {bo.note}" if bo.note else ""
            return f"{self.label(w)} grossed {_money(bo)} worldwide{as_of}.{note}"

        work = self.work(req)
        if not work.box_office and work.status is not Status.RELEASED:
            return Composed(
                f"{work.title} isn't out yet, so it has no box office.", self.src(work, "status")
            )
        return self._simple(
            req, "box_office", render, "I don't have box-office figures for {title}."
        )

    def scores(self, req: Request) -> Composed:
        """Critics' scores with as-of dates."""

        def render(w: Work) -> str | None:
            if not w.scores:
                return None
            parts = []
            for s in w.scores:
                note = f" {s.note.rstrip('.')}." if s.note else ""
                parts.append(f"{s.site}: {s.value} as of {format_date(s.as_of)}.{note}")
            return f"{self.label(w)}. " + " ".join(parts) + " Scores drift over time."

        return self._simple(req, "scores", render, "I don't have review scores for {title}.")

    def premise(self, req: Request) -> Composed:
        """The spoiler-light premise."""
        work = self.work(req)
        return Composed(f"{self.label(work)}: {work.premise}", self.src(work, "premise"))

    def filming(self, req: Request) -> Composed:
        """Where and when it was filmed."""

        def render(w: Work) -> str | None:
            if not w.filming_locations and not w.filming_period:
                return None
            text = f"{self.label(w)} was filmed"
            if w.filming_locations:
                text += f" in {_join(w.filming_locations)}"
            if w.filming_period:
                text += f" ({w.filming_period})"
            return text + "."

        out = self._simple(
            req, "filming_locations", render, "I don't know where {title} was filmed yet."
        )
        work = self.work(req)
        places = [w for w in _after(req.words, "in") if w not in STOPWORDS]
        if req.polar and places and work.filming_locations:
            where = " ".join(work.filming_locations)
            out.text = _yes_no(all(_has(where, p) for p in places), out.text)
        return out

    def status(self, req: Request) -> Composed:
        """Production status, with the date of the latest news."""
        work = self.work(req)
        if work.status is Status.RELEASED:
            text = self.release_sentence(work, req.today)
            if work.status_note:
                as_of = f" (as of {format_date(work.status_as_of)})" if work.status_as_of else ""
                text += f" {work.status_note}{as_of}"
            return Composed(text, self.src(work, "release", "status"))
        as_of = f" (latest news: {format_date(work.status_as_of)})" if work.status_as_of else ""
        note = f" {work.status_note}" if work.status_note else ""
        release = self.release_sentence(work, req.today)
        text = f"{work.title} is {STATUS_WORDS[work.status]}{as_of}.{note} {release}"
        if req.polar:
            text = _yes_no(work.status is not Status.CANCELLED, text)
        return Composed(text, self.src(work, "status", "release"))

    def timeline(self, req: Request) -> Composed:
        """Where a work sits in the story."""
        work = self.work(req)
        if not work.timeline:
            return Composed(
                f"I don't know where {work.title} fits in the story yet.", self.src(work, "status")
            )
        story = self.kb.works_by_story()
        text = f"{work.title}: {work.timeline.text}"
        first = self.kb.works.get(FIRST_FILM)
        order = work.timeline.order
        # "is the continental a prequel?", not "is there a sequel to ballerina?" (a status)
        asks_kind = req.polar and "there" not in req.words and "to" not in req.words
        if asks_kind and first and first.timeline and first.timeline.order and order is not None:
            if "prequel" in req.words or "before" in req.words:
                text = _yes_no(order < first.timeline.order, text)
            elif "sequel" in req.words or "after" in req.words:
                text = _yes_no(order > first.timeline.order, text)
        ids = [w.id for w in story]
        if work.id in ids:
            pos = ids.index(work.id)
            nbrs = []
            if pos > 0:
                nbrs.append(f"after {story[pos - 1].title}")
            if pos + 1 < len(story):
                nbrs.append(f"before {story[pos + 1].title}")
            if nbrs:
                text += f" In story order it comes {' and '.join(nbrs)}."
        return Composed(text, self.src(work, "timeline"))

    # ----------------------------------------------------------------- franchise
    def _out_and_coming(self, today: dt.date) -> tuple[list[Work], list[Work], list[Work]]:
        """(released in release order, not out yet, released in story order), once a day."""
        if self._split_day != today:
            out = [w for w in self.kb.works_by_release() if _is_out(w, today)]
            ids = {w.id for w in out}
            coming = [w for w in self.kb.works_by_release() if w.id not in ids]
            story = [w for w in self.kb.works_by_story() if w.id in ids]
            self._split, self._split_day = (out, coming, story), today
        return self._split

    def _released(self, today: dt.date) -> list[Work]:
        return self._out_and_coming(today)[0]

    def watch_order(self, req: Request) -> Composed:
        """Release and story order, plus the knowledge base's viewing tip."""
        released = self._released(req.today)
        release = _numbered([self.label(w) for w in released])
        story = _numbered([w.title for w in self._out_and_coming(req.today)[2]])
        text = f"Release order: {release}. Story order: {story}."
        sources = [s for w in released for s in w.sources.get("timeline", [])[:1]]
        tip = self.kb.topics.get(WATCH_TIP_TOPIC)
        if tip is not None:
            text += f" {tip.answer}"
            sources += tip.sources
        return Composed(text, list(dict.fromkeys(sources)))

    def list_works(self, req: Request) -> Composed:
        """Every film, series and announced project."""
        released = self._released(req.today)
        films = [self.label(w) for w in released if w.kind is WorkKind.FILM]
        series = [self.label(w) for w in released if w.kind is WorkKind.SERIES]
        coming = [w.title for w in self._out_and_coming(req.today)[1]]
        text = f"The films: {_join(_capped(films))}."
        if series:
            text += f" The series: {_join(_capped(series))}."
        if coming:
            text += f" Announced, not out yet: {_join(_capped(coming))}."
        sources = [s for w in released for s in w.sources.get("release", [])[:1]]
        return Composed(text, list(dict.fromkeys(sources)))

    def count_works(self, req: Request) -> Composed:
        """How many films there are (so far)."""
        released = self._released(req.today)
        films = [w for w in released if w.kind is WorkKind.FILM]
        series = [w for w in released if w.kind is WorkKind.SERIES]
        coming = self._out_and_coming(req.today)[1]
        text = (
            f"There are {len(films)} John Wick films so far: "
            f"{_join(_capped([self.label(w) for w in films]))}."
        )
        if series:
            text += (
                f" Plus {plural(len(series), 'series')}: "
                f"{_join(_capped([self.label(w) for w in series]))}."
            )
        if coming:
            text += f" {len(coming)} more projects are announced."
        sources = [s for w in released for s in w.sources.get("release", [])[:1]]
        return Composed(text, list(dict.fromkeys(sources)))

    def upcoming(self, req: Request) -> Composed:
        """Announced projects and their status."""
        coming = self._out_and_coming(req.today)[1]
        if not coming:
            return Composed("Nothing new has been announced that I know of.", [])
        lines = []
        for w in coming:
            when = format_date(w.release.date)
            date = (
                "no release date yet"
                if w.release.date.precision is Precision.TBA
                else f"due {when}"
            )
            as_of = f", as of {format_date(w.status_as_of)}" if w.status_as_of else ""
            lines.append(f"{w.title}: {STATUS_WORDS[w.status]}, {date}{as_of}")
        text = "Coming up: " + "; ".join(_capped(lines)) + "."
        sources = [s for w in coming for s in w.sources.get("status", [])[:1]]
        return Composed(text, list(dict.fromkeys(sources)))

    def lore(self, req: Request) -> Composed:
        """A lore or trivia topic, for one work when the topic has per-work answers."""
        tid = req.first("topic")
        assert tid is not None
        topic = self.kb.topics[tid]
        # the work named last is the one asked about ("did john wick kill more in chapter 2")
        works = req.all("work")[::-1]
        wid = next((w for w in works if w in topic.per_work), None)
        if wid is not None:
            text = f"{topic.title}, {self.kb.works[wid].title}: {topic.per_work[wid]}"
        elif works and topic.per_work:
            asked = self.kb.works[works[0]].title
            text = f"{topic.title}: nothing specific to {asked} in my notes. {topic.answer}"
        else:
            text = f"{topic.title}: {topic.answer}"
        return Composed(text, list(topic.sources), None, topic.spoiler)

    def help(self, req: Request) -> Composed:
        """What Wickbot can answer."""
        return Composed(HELP_TEXT, [])


_PER_WORK = frozenset(
    {
        Intent.RELEASE_DATE,
        Intent.COUNTDOWN,
        Intent.DIRECTOR,
        Intent.WRITER,
        Intent.PRODUCER,
        Intent.RATING,
        Intent.RUNTIME,
        Intent.GENRE,
        Intent.LANGUAGE,
        Intent.COUNTRY,
        Intent.DISTRIBUTOR,
        Intent.BUDGET,
        Intent.BOX_OFFICE,
        Intent.SCORES,
        Intent.PREMISE,
        Intent.FILMING,
        Intent.STATUS,
        Intent.TIMELINE,
    }
)

HELP_TEXT = (
    "I answer questions about the John Wick films, the series The Continental and the announced "
    "projects: release dates and countdowns, cast (who plays whom), directors and writers, "
    "ratings, runtimes, box office, critics' scores, filming locations, watch order, lore "
    "(the Continental, the High Table, markers, coins) and trivia (body counts, the pencil, "
    "the dogs, the cars). Try: “when did Ballerina come out?”, “who plays Winston?”, "
    "“who directed Chapter 4?”, “what order should I watch them in?”."
)


#: Longest list a franchise-wide answer spells out before "and N more".
LIST_LIMIT = 12
#: The topic whose text is the viewing advice appended to watch-order answers.
WATCH_TIP_TOPIC = "watch-order-tip"


def _capped(items: list[str], limit: int = LIST_LIMIT) -> list[str]:
    """At most ``limit`` items, the last one saying how many more there are."""
    if len(items) <= limit:
        return items
    return [*items[: limit - 1], f"{len(items) - limit + 1} more"]


def _numbered(items: list[str], limit: int = LIST_LIMIT) -> str:
    """'1. A; 2. B; …' for at most ``limit`` items."""
    shown = [f"{i}. {item}" for i, item in enumerate(items[:limit], 1)]
    if len(items) > limit:
        shown.append(f"and {len(items) - limit} more")
    return "; ".join(shown)


_LONGER = frozenset({"over", "longer", "more", "above"})
_SHORTER = frozenset({"under", "shorter", "less", "below"})


def _duration_claim(words: tuple[str, ...]) -> tuple[bool, int] | None:
    """("over 2 hours" ->) (True, 120): whether longer is claimed, and the minutes."""
    for i, word in enumerate(words[:-2]):
        if word in _LONGER or word in _SHORTER:
            rest = [w for w in words[i + 1 : i + 4] if w != "than"]
            if len(rest) >= 2 and rest[0].isdigit() and rest[1] in ("hours", "hour", "minutes"):
                minutes = int(rest[0]) * (60 if rest[1].startswith("hour") else 1)
                return word in _LONGER, minutes
    return None


def _after(words: tuple[str, ...], marker: str) -> list[str]:
    """The words after the last ``marker`` ("in prague" -> ["prague"])."""
    if marker not in words:
        return []
    index = len(words) - 1 - words[::-1].index(marker)
    return list(words[index + 1 :])


def _is_out(work: Work, today: dt.date) -> bool:
    """True when ``work`` is released (a film or series out on or before ``today``)."""
    exact = work.release.date.exact
    return work.kind is not WorkKind.ANNOUNCED and exact is not None and exact <= today


def _cut(text: str, limit: int = FIELD_LIMIT) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"
