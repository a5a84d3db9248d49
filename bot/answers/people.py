"""Answers about people and characters: cast, who plays whom, a person's work and life."""

from __future__ import annotations

import datetime as dt

from bot.answers.base import CAST_IN_TEXT, Composed, Request, Writer, join, known_for, yes_no
from bot.answers.brevity import sentences
from bot.answers.cards import work_card
from bot.answers.dates import format_date, format_day
from bot.answers.model import Card
from bot.answers.registry import composes
from bot.facts.knowledge import CREDIT_ROLES, Role
from bot.facts.schema import CastEntry, Character, FuzzyDate, Person, Precision, Work, WorkKind
from bot.intents import Intent
from bot.nlu.entities import EntityRef


@composes(Intent.CAST)
def cast(c: Writer, req: Request) -> Composed:
    """Who is in it."""
    work = c.work(req)
    if not work.cast:
        return Composed(f"No cast has been announced for {work.title} yet.", c.src(work, "status"))
    names = [
        c.cast_line(e.person, e.character, e.note)
        for e in work.cast
        if e.person not in req.excluded and e.character not in req.excluded
    ]
    shown = names[:CAST_IN_TEXT]
    more = len(names) - len(shown)
    tail = f", and {more} more" if more > 0 else ""
    text = f"The cast of {c.label(work)}: {', '.join(shown)}{tail}."
    return Composed(text, c.src(work, "cast"), work_card(c, work, req.today))


def _character(c: Writer, req: Request) -> tuple[Character, list[tuple[Work, CastEntry]], str]:
    """The character asked about, their cast entries, and "(you asked about …)" if aliased."""
    cid = req.first("character")
    assert cid is not None
    char = c.kb.characters[cid]
    alias = c.alias_note(req, EntityRef("character", cid), char.name)
    return char, c.kb.cast_by_character.get(cid, []), alias


@composes(Intent.WHO_PLAYS)
def who_plays(c: Writer, req: Request) -> Composed:
    """The actor(s) behind a character, optionally in one work."""
    char, entries, alias = _character(c, req)
    work_id = req.first("work")
    if work_id:
        in_work = [(w, entry) for w, entry in entries if w.id == work_id]
        work = c.kb.works[work_id]
        if not in_work:
            others = c.actor_summary(entries)
            elsewhere = f" Elsewhere: {others}." if others else ""
            return Composed(
                f"{char.name}{alias} is not in the cast of {work.title} that I know of."
                + elsewhere,
                c.src(work, "cast") + list(char.sources),
            )
        entries = in_work
    if not entries:
        return Composed(
            f"{char.name}{alias}: {char.description} I don't have an actor listed.",
            list(char.sources),
        )
    summary = c.actor_summary(entries)
    sources = [s for w, _ in entries for s in w.sources.get("cast", [])]
    return Composed(f"{char.name}{alias} is played by {summary}.", list(dict.fromkeys(sources)))


@composes(Intent.ACTOR_ROLE)
def actor_role(c: Writer, req: Request) -> Composed:
    """Which character(s) a person plays."""
    pid = req.first("person")
    assert pid is not None
    person = c.kb.people[pid]
    roles = [r for r in c.kb.roles_by_person.get(pid, []) if r.role == "actor"]
    work_id = req.first("work")
    if work_id:
        roles = [r for r in roles if r.work.id == work_id]
        if not roles:
            work = c.kb.works[work_id]
            return Composed(
                f"{person.name} is not in the cast of {work.title} that I know of. "
                + person.description,
                c.src(work, "cast") + list(person.sources),
            )
    cid = req.first("character")
    if cid is not None:
        return _plays(c, req, pid, cid, roles)
    if not roles:
        return person_works(c, req)
    parts = _by_character(roles, notes=True)
    sources = [s for r in roles for s in r.work.sources.get("cast", [])]
    return Composed(f"{person.name} plays {join(parts)}.", list(dict.fromkeys(sources)))


def _by_character(roles: list[Role], notes: bool) -> list[str]:
    """ "Charon in John Wick, ... and Ballerina", one per character played (with each role's
    note after its work when ``notes``)."""
    by_char: dict[str, list[str]] = {}
    for role in roles:
        name = role.character.name if role.character else "?"
        note = f", {role.note}" if notes and role.note else ""
        by_char.setdefault(name, []).append(role.work.title + note)
    return [f"{name} in {join(dict.fromkeys(works))}" for name, works in by_char.items()]


def _plays(c: Writer, req: Request, pid: str, cid: str, roles: list[Role]) -> Composed:
    """ "did willem dafoe play winston": whether the person plays the character, and if not,
    who does and whom the person plays."""
    name, char = c.person_name(pid), c.character_name(cid)
    sources = [s for r in roles for s in r.work.sources.get("cast", [])]
    as_char = [r for r in roles if r.character is not None and r.character.id == cid]
    if as_char:
        works = join(
            dict.fromkeys(r.work.title + (f", {r.note}" if r.note else "") for r in as_char)
        )
        text = f"{name} plays {char} in {works}."
        polar = req.claims.polar
        return Composed(yes_no(True, text) if polar else text, list(dict.fromkeys(sources)))
    entries = c.kb.cast_by_character.get(cid, [])
    sources += [s for w, _ in entries for s in w.sources.get("cast", [])]
    text = f"{name} does not play {char}"
    if entries:  # the main portrayal first: "Ian McShane and Colin Woodell (young Winston)"
        ranked = sorted(entries, key=lambda e: e[1].note is not None)
        players = {
            c.person_name(e.person) + (f" ({e.note})" if e.note else ""): None for _, e in ranked
        }
        text += f": {char} is played by {join(players)}"
    played = _by_character([r for r in roles if r.character is not None], notes=False)
    text += f". {name} plays {'; and '.join(played)}." if played else "."
    return Composed(yes_no(False, text), list(dict.fromkeys(sources)))


def _of_works(c: Writer, req: Request, works: list[Work]) -> str:
    """'any John Wick film or series' for every released work, 'any John Wick film' for
    every released film, else 'A, B or C'."""
    ids = {w.id for w in works}
    released = c.released(req.today)
    if {w.id for w in released} <= ids:
        return "any John Wick film or series"
    if req.whole or {w.id for w in released if w.kind is WorkKind.FILM} <= ids:
        return "any John Wick film"
    return join((c.label(w) for w in works), "or")


def _in_every(c: Writer, req: Request, works: list[Work]) -> Composed:
    """Is a person (or character) in every one of several works: the films only when the
    question says films ("is winston in every john wick movie")."""
    order = {w.id: i for i, w in enumerate(c.kb.works_by_release())}
    works = sorted(works, key=lambda w: order.get(w.id, len(order)))
    if {"film", "films"} & set(req.words):
        works = [w for w in works if w.kind is WorkKind.FILM] or works
    pid, cid = req.first("person"), req.first("character")
    name = c.person_name(pid) if pid else c.kb.characters[cid].name if cid else ""

    def there(w: Work) -> bool:
        return any((e.person == pid) if pid else (e.character == cid) for e in w.cast)

    if cid and not pid:  # "Winston Scott (Ian McShane)"
        actors = dict.fromkeys(
            c.person_name(e.person) for w in works for e in w.cast if e.character == cid
        )
        name += f" ({join(actors)})" if actors else ""
    inside = [c.label(w) for w in works if there(w)]
    outside = [c.label(w) for w in works if not there(w)]
    sources = list(dict.fromkeys(s for w in works for s in c.src(w, "cast")))
    if not outside:
        return Composed(f"Yes: {name} is in all {len(works)} of them: {join(inside)}.", sources)
    if not inside:
        return Composed(f"No: {name} is in none of them as far as I know.", sources)
    return Composed(f"No: {name} is in {join(inside)}, but not in {join(outside)}.", sources)


def _in_any(c: Writer, req: Request, works: list[Work]) -> Composed:
    """Is a person (or character) in any of several works: "was mel gibson in a john wick
    movie" → "Yes: Mel Gibson is in The Continental (2023) as Cormac O'Connor." """
    order = {w.id: i for i, w in enumerate(c.kb.works_by_release())}
    works = sorted(works, key=lambda w: order.get(w.id, len(order)))
    sources = list(dict.fromkeys(s for w in works for s in c.src(w, "cast")))
    pid, cid = req.first("person"), req.first("character")
    if pid is None:
        assert cid is not None
        char = c.kb.characters[cid]
        entries = [(w, e) for w in works for e in w.cast if e.character == cid]
        if entries:
            played = c.actor_summary(entries)
            return Composed(f"Yes: {char.name} appears, played by {played}.", sources)
        return Composed(
            f"No: {char.name} is not in {_of_works(c, req, works)} as far as I know.", sources
        )
    name = c.person_name(pid)
    by_char: dict[str, list[str]] = {}
    for work in works:
        for e in work.cast:
            if e.person == pid:
                role = c.character_name(e.character) + (f" ({e.note})" if e.note else "")
                by_char.setdefault(role, []).append(c.label(work))
    if by_char:
        roles = "; and ".join(f"{join(ws)} as {role}" for role, ws in by_char.items())
        return Composed(f"Yes: {name} is in {roles}.", sources)
    by_role: dict[str, list[str]] = {}
    for field, role in CREDIT_ROLES.items():
        for w in works:
            if any(e.person == pid for e in getattr(w, field)):
                by_role.setdefault(role, []).append(c.label(w))
    credited = [f"{role} on {join(ws)}" for role, ws in by_role.items()]
    if credited:
        return Composed(
            f"No: {name} is not in the cast of {_of_works(c, req, works)}, but is credited as "
            f"{'; '.join(credited)}.",
            sources,
        )
    text = f"No: {name} is not in {_of_works(c, req, works)} as far as I know."
    # "was mel gibson in a john wick film": no, but in the series
    return Composed(text + _elsewhere(c, pid, works), sources)


def _elsewhere(c: Writer, pid: str, works: list[Work]) -> str:
    """ " Scott Adkins is in John Wick: Chapter 4 (2023) as Killa.": the person's roles in
    the franchise's other works, after a "No" about ``works`` ("" when none)."""
    ids = {w.id for w in works}
    acted = [
        r
        for r in c.kb.roles_by_person.get(pid, [])
        if r.work.id not in ids and r.role == "actor" and r.character
    ]
    roles = [f"{c.label(r.work)} as {r.character.name}" for r in acted if r.character]
    return f" {c.person_name(pid)} is in {join(dict.fromkeys(roles))}." if roles else ""


def _appears_elsewhere(c: Writer, cid: str, work: Work) -> str:
    """ " Winston Scott appears in ...": a character's other works, after a "No"."""
    others = [c.label(w) for w, _ in c.kb.cast_by_character.get(cid, []) if w.id != work.id]
    if not others:
        return ""
    return f" {c.character_name(cid)} appears in {join(dict.fromkeys(others))}."


@composes(Intent.ACTOR_IN_WORK)
def actor_in_work(c: Writer, req: Request) -> Composed:
    """Yes or no, with the role; of several works, whether in any of them."""
    works = [c.kb.works[w] for w in req.all("work")]
    if len(works) > 1 and req.claims.polar and req.claims.every:
        return _in_every(c, req, works)
    if len(works) > 1:
        return _in_any(c, req, works)
    work = c.work(req)
    pid = req.first("person")
    cid = req.first("character")
    sources = c.src(work, "cast")
    if pid:
        name = c.person_name(pid)
        hits = [e for e in work.cast if e.person == pid]
        credits = [
            f"{role} ({e.note})" if e.note else role
            for field, role in CREDIT_ROLES.items()
            for e in getattr(work, field)
            if e.person == pid
        ]
        if hits:
            roles = join(c.cast_line("", e.character, e.note).removeprefix(" as ") for e in hits)
            return Composed(f"Yes: {name} is in {c.label(work)} as {roles}.", sources)
        if credits:
            return Composed(
                f"{name} is not in the cast of {work.title}, but is credited as {join(credits)}.",
                c.src(work, "directors", "writers", "producers"),
            )
        text = f"No: {name} is not in the cast of {c.label(work)} as far as I know."
        return Composed(text + _elsewhere(c, pid, [work]), sources)
    assert cid is not None
    char = c.kb.characters[cid]
    hits = [e for e in work.cast if e.character == cid]
    if hits:
        actors = join(
            c.cast_line(e.person, cid, e.note).split(" as ")[0] + (f" ({e.note})" if e.note else "")
            for e in hits
        )
        return Composed(
            f"Yes: {char.name} appears in {c.label(work)}, played by {actors}.", sources
        )
    text = f"No: {char.name} is not in the cast of {c.label(work)} as far as I know."
    return Composed(text + _appears_elsewhere(c, cid, work), sources)


@composes(Intent.CHARACTER_INFO)
def character_info(c: Writer, req: Request) -> Composed:
    """Who a character is and who plays them."""
    char, entries, alias = _character(c, req)
    text = f"{char.name}{alias}: {char.description}"
    if entries:
        text += f" Played by {c.actor_summary(entries)}."
    card = Card(
        title=char.name,
        description=char.description,
        footer=c.source_line(char.sources),
    )
    return Composed(text, list(char.sources), card, char.spoiler)


@composes(Intent.PERSON_WORKS)
def person_works(c: Writer, req: Request) -> Composed:
    """A person's work within the franchise."""
    pid = req.first("person")
    assert pid is not None
    person = c.kb.people[pid]
    roles = c.kb.roles_by_person.get(pid, [])
    parts: list[str] = []
    kinds = ["actor", *(k for k in CREDIT_ROLES.values() if k != "actor")]
    for kind in kinds:
        group = [r for r in roles if r.role == kind]
        if not group:
            continue
        if kind == "actor":  # "Appears as Charon in John Wick (2014), … and Ballerina (2025)."
            by_char: dict[str, list[str]] = {}
            for r in group:
                name = r.character.name if r.character else "?"
                by_char.setdefault(name, []).append(c.label(r.work))
            played = [f"as {name} in {join(dict.fromkeys(w))}" for name, w in by_char.items()]
            parts.append(f"Appears {'; '.join(played)}.")
            continue
        items = [c.label(r.work) for r in group]
        head = f"{kind[0].upper()}{kind[1:]} on"
        parts.append(f"{head}: {'; '.join(dict.fromkeys(items))}.")
    if req.beyond:  # "what other movies has keanu been in": outside first, then ours
        ours = " ".join(f"{p[0].lower()}{p[1:]}" for p in parts)
        text = f"{c.known_outside(pid)} In the franchise: {ours}"
    else:
        text = f"{person.name}: {_lead(person)} " + " ".join(parts)
    return Composed(text.strip(), list(person.sources))


def _lead(person: Person) -> str:
    """The description, its first sentence also saying what the person is known for.

    "Actor; plays Sofia in Parabellum; known outside the franchise for Monster's Ball, …":
    the chat answer keeps its first sentence, so what they are known for goes there.
    """
    if not person.known_for:
        return person.description
    first, *rest = sentences(person.description)
    lead = f"{first.rstrip('.')}; known outside the franchise for {known_for(person)}."
    return " ".join([lead, *rest])


def _age(born: dt.date, on: dt.date) -> int:
    return on.year - born.year - ((on.month, on.day) < (born.month, born.day))


@composes(Intent.PERSON_BORN)
def person_born(c: Writer, req: Request) -> Composed:
    """Birth date and age for the asker's today (or age at death)."""
    pid = req.first("person")
    assert pid is not None
    compared = _older(c, req)
    if compared is not None:
        return compared
    person = c.kb.people[pid]
    if person.born is None:
        return Composed(
            f"I don't have {person.name}'s birth date in my notes.",
            list(person.sources),
            lacking=True,
        )
    works = [c.kb.works[w] for w in req.all("work")]
    at_release = _ages_at_release(c, person, works, req.today) if works else ""
    where = f" in {person.birthplace}" if person.birthplace else ""
    born, died = person.born.exact, person.died.exact if person.died else None
    text = f"{person.name} was born {'on' if born else 'in'} {format_date(person.born)}{where}"
    if person.died is not None:
        aged = f", aged {_age(born, died)}" if born and died else ""
        if not born and died and person.born.year:  # born in a known year only
            low = died.year - person.born.year - 1
            aged = f", aged {low} or {low + 1}"
        text += f" and died {'on' if died else 'in'} {format_date(person.died)}{aged}."
    elif born is not None:
        text += f", so is {_age(born, req.today)} today."
    elif person.born.year:
        low = req.today.year - person.born.year - 1
        text += f", so is {low} or {low + 1} today."
    else:
        text += "."
    if at_release:  # "how old was keanu in the first john wick": the age then, first
        sources = [*person.sources, *(s for w in works for s in c.src(w, "release"))]
        born_text = "Born" + text.removeprefix(f"{person.name} was born")
        return Composed(f"{at_release} {born_text}", list(dict.fromkeys(sources)))
    return Composed(text, list(person.sources))


def _older(c: Writer, req: Request) -> Composed | None:
    """ "who is older, keanu or ian mcshane", "is keanu younger than ian mcshane": the birth
    dates of the people named compared. None without a comparison or a birth date."""
    people = [c.kb.people[p] for p in req.all("person") if p in c.kb.people]
    comparative = req.claims.comparative
    if comparative is None or comparative[1] not in ("older", "younger") or len(people) < 2:
        return None
    born = {p.id: p.born for p in people if p.born and p.born.year}
    if len(born) < len(people):
        return None
    exact = {p: d.exact for p, d in born.items() if d.exact}
    if len(exact) < len(born):
        # a birth known by its year only decides only against other years
        years = [d.year for d in born.values()]
        if len(set(years)) < len(years):
            return None
        order = sorted(people, key=lambda p: born[p.id].year or 0)
    else:
        order = sorted(people, key=lambda p: exact[p.id])
    top = order[0] if comparative[1] == "older" else order[-1]
    facts = "; ".join(
        f"{p.name} was born {'on' if born[p.id].exact else 'in'} {format_date(born[p.id])}"
        for p in people
    )
    text = f"{top.name} is {comparative[1]}: {facts}."
    if req.claims.polar:
        text = yes_no(top.id == people[0].id, text)
    return Composed(text, list(dict.fromkeys(s for p in people for s in p.sources)))


def _age_then(born: FuzzyDate, on: dt.date) -> str:
    """Age on a day: '50', or '39 or 40' when only the birth year is known."""
    if born.exact is not None:
        return str(_age(born.exact, on))
    assert born.year is not None
    low = on.year - born.year - 1
    return f"{low} or {low + 1}"


def _ages_at_release(c: Writer, person: Person, works: list[Work], today: dt.date) -> str:
    """How old ``person`` was (or will be) when each work came out, from the two dates.

    One work gets a sentence ("Keanu Reeves was 50 when John Wick came out in the US on
    October 24, 2014."); several get a list of ages. A death before the release, or a work
    without a release day, is said instead of an age.
    """
    assert person.born is not None
    died = person.died.exact if person.died else None
    ages: list[tuple[Work, str]] = []
    said: list[str] = []
    for work in works:
        day = work.release.date.exact
        if day is None or work.release.date.precision is not Precision.DAY:
            said.append(f"{work.title} has no release day yet.")
        elif died is not None and died < day:
            said.append(
                f"{person.name} died on {format_day(died)}, before {work.title} came out "
                f"on {format_day(day)}."
            )
        else:
            ages.append((work, _age_then(person.born, day)))
    if len(works) == 1 and ages:
        work, age = ages[0]
        day = work.release.date.exact
        assert day is not None
        region = f" in the {work.release.region}" if work.release.region in ("US", "UK") else ""
        future = day > today
        verb = (
            ("premieres" if future else "premiered")
            if work.kind is WorkKind.SERIES
            else ("comes out" if future else "came out")
        )
        return (
            f"{person.name} {'will be' if future else 'was'} {age} when {c.label(work)} "
            f"{verb}{region} on {format_day(day)}."
        )
    if ages:
        listed = "; ".join(f"{c.label(w)}: {age}" for w, age in ages)
        said.insert(0, f"{person.name}'s age at each release: {listed}.")
    return " ".join(said)


@composes(Intent.PERSON_INFO)
def person_info(c: Writer, req: Request) -> Composed:
    """Nationality, where they come from, and what they are known for outside the franchise."""
    pid = req.first("person")
    assert pid is not None
    person = c.kb.people[pid]
    bits = []
    if person.nationality:
        bits.append(f"{person.name} is {person.nationality}")
    if person.birthplace:
        bits.append(f"born in {person.birthplace}")
    if not bits:
        return Composed(
            f"I don't have where {person.name} comes from in my notes.",
            list(person.sources),
            lacking=True,
        )
    text = ", ".join(bits) + "."
    if person.known_for:
        text += f" Known for {person.known_for.rstrip('.')}."
    return Composed(text[0].upper() + text[1:], list(person.sources))
