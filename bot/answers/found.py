"""Answers to searches for works: the works that fit what a question says of them ("action
movies starring keanu reeves from 2023"), and the works people share ("has donnie yen worked
with chad stahelski"). Only the franchise's works are known, and the answers say so."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace

from bot.answers.base import Composed, Request, Writer, join, yes_no
from bot.answers.registry import COMPOSERS
from bot.facts.schema import Status, Work
from bot.intents import REGISTRY, C, P
from bot.nlu.entities import EntityRef
from bot.nlu.search import Credit, Found

#: How a credit reads after the works' noun ("films directed by len wiseman").
_BY = {
    None: "with",
    "character": "with",
    "actor": "starring",
    "director": "directed by",
    "writer": "written by",
    "producer": "produced by",
    "composer": "scored by",
    "editor": "edited by",
    "cinematographer": "shot by",
}
_NOUNS = {"film": ("film", "films"), "series": ("series", "series"), None: ("work", "works")}


def works_found(c: Writer, req: Request) -> Composed:
    """The works a search found, or none of ours; people's shared works when asked."""
    found = req.found
    assert found is not None
    works = [c.kb.works[r.id] for r in found.works]
    if found.ranked is not None and works:  # "keanu reeves's highest grossing john wick film"
        return COMPOSERS[req.intent](c, req)  # its fact's composer ranks them (ranked below)
    sources = list(dict.fromkeys(s for w in works for s in c.src(w, "release", "cast")))
    if found.together:
        text = _together(c, found, works)
        return Composed(_counted(found, works, text), sources)
    if any(credit.negated for credit in found.credits):
        return _without(c, found, works, sources)
    singular, plural = _NOUNS[found.kind]
    if works:
        text = f"The John Wick {_described(c, found, plural)}: {join(_labels(c, works))}."
        text = _counted(found, works, text)
        # "keanu reeves films not from 2019" may be any of his films: said, but lacking
        anywhere = bool(found.unwanted) and not found.franchise
        return Composed(yes_no(True, text) if found.polar else text, sources, lacking=anywhere)
    article = "an" if _described(c, found, singular)[0] in "aeiou" else "a"
    text = f"None of the John Wick works is {article} {_described(c, found, singular)}."
    theirs = [_their_works(c, credit) for credit in found.credits]
    text += "".join(f" {t}" for t in theirs if t)
    # with the franchise unnamed, it may be any film's: what Wickbot lacks, not a "no"
    unnamed = not found.franchise and (len(found.credits) < 2 or bool(found.unwanted))
    return Composed(yes_no(False, text) if found.polar else text, sources, lacking=unnamed)


def ranked(
    c: Writer,
    req: Request,
    measure: Callable[[Work], float | None],
    render: Callable[[Work], str | None],
    words: tuple[str, str],
) -> Composed:
    """The works a search found ranked by a fact's ``measure`` ("max" or "min" way, said
    with ``words``): "Of the John Wick films starring Keanu Reeves, the highest-grossing is
    John Wick: Chapter 4 (2023). <its fact> Then: …". Called by the fact's composer
    (``work_facts._ranked``); with the franchise unnamed, what Wickbot lacks."""
    found = req.found
    assert found is not None and found.ranked is not None
    way = found.ranked[1]
    word = words[0] if way == "max" else words[1]
    works = [c.kb.works[r.id] for r in found.works]
    values = {w.id: v for w in works if (v := measure(w)) is not None}
    measured = sorted(
        (w for w in works if w.id in values), key=lambda w: values[w.id], reverse=way == "max"
    )
    field = REGISTRY[req.intent].field or ""
    sources = list(dict.fromkeys(s for w in works for s in c.src(w, field)))
    _, plural = _NOUNS[found.kind]
    of = f"the John Wick {_described(c, found, plural)}"
    # a character's works are all the franchise's ("what film did sofia first appear in")
    unnamed = not found.franchise and not any(cr.ref.kind == "character" for cr in found.credits)
    if not measured:
        noun = REGISTRY[req.intent].noun
        return Composed(f"I don't have the {noun} of {of} in my notes.", sources, lacking=True)
    top = [w for w in measured if values[w.id] == values[measured[0].id]]
    facts = " ".join(render(w) or "" for w in top).strip()
    if len(works) == 1:
        text = f"{c.label(top[0])} is the only one of {of}. {facts}"
    elif len(top) > 1:
        text = f"Of {of}, {join(c.label(w) for w in top)} are level as the {word}. {facts}"
    else:
        text = f"Of {of}, the {word} is {c.label(top[0])}. {facts}"
    rest = [w for w in measured if w not in top]
    if rest:
        text += f" Then: {join(c.label(w) for w in rest)}."
    unmeasured = [w for w in works if w.id not in values]
    if unmeasured:
        text += f" I have no figure for {join(c.label(w) for w in unmeasured)}."
    if unnamed:  # "keanu reeves's highest grossing film" may be any of his films
        text = f"I only know the John Wick works. {text}"
    return Composed(text, sources, lacking=unnamed)


#: What a person did on every work ("Chad Stahelski directed every released John Wick film").
_DID = {
    None: "is credited on",
    "actor": "is in",
    "director": "directed",
    "writer": "wrote",
    "producer": "produced",
    "composer": "scored",
    "editor": "edited",
    "cinematographer": "shot",
}


def _without(c: Writer, found: Found, works: list[Work], sources: list[str]) -> Composed:
    """ "john wick films not directed by chad stahelski": the released works of the kind asked
    without them in that role, each with who has the role instead ("Ballerina (2025),
    directed by Len Wiseman"); with none, what they did on every one. With the franchise
    unnamed it may be any film's: said, but what Wickbot lacks."""
    singular, plural = _NOUNS[found.kind]
    denied = [credit for credit in found.credits if credit.negated]
    if works:
        held = [c.label(w) + _instead(c, denied, w) for w in works]
        text = f"The released John Wick {_described(c, found, plural)}: {join(held)}."
        text = _counted(found, works, text)
    elif len(denied) == 1 and (denied[0].ref.kind == P or denied[0].role in (None, "actor")):
        rest = replace(found, credits=tuple(cr for cr in found.credits if not cr.negated))
        role = denied[0].role if denied[0].ref.kind == P else "actor"
        if role is None and _acts_in_all(c, denied[0].ref, found.kind):
            role = "actor"  # "john wick films without keanu reeves": he is in each
        did = _DID.get(role, "is credited on")
        every = _described(c, rest, singular)
        text = f"{_name(c, denied[0].ref)} {did} every released John Wick {every}."
    else:
        described = _described(c, found, singular)
        article = "an" if described[0] in "aeiou" else "a"
        text = f"None of the released John Wick works is {article} {described}."
    if found.polar:
        text = yes_no(bool(works), text)
    elif not works and not text.startswith("None"):
        text = f"None: {text}"
    roles = {f"{cr.role}s" if cr.role not in (None, "actor") else "cast" for cr in denied}
    of_kind = [
        w
        for w in c.kb.works.values()
        if w.status is Status.RELEASED and (found.kind is None or w.kind.value == found.kind)
    ]
    checked = [s for w in of_kind for role in sorted(roles) for s in c.src(w, role)]
    return Composed(text, list(dict.fromkeys([*sources, *checked])), lacking=not found.franchise)


def _acts_in_all(c: Writer, ref: EntityRef, kind: str | None) -> bool:
    """True when ``ref`` acts in every released work of the kind (so in those searched)."""
    acted = {r.work.id for r in c.kb.roles_by_person.get(ref.id, []) if r.role == "actor"}
    fits = [
        w
        for w in c.kb.works.values()
        if w.status is Status.RELEASED and (kind is None or w.kind.value == kind)
    ]
    return bool(fits) and all(w.id in acted for w in fits)


def _instead(c: Writer, denied: list[Credit], work: Work) -> str:
    """ ", directed by Len Wiseman": who has on ``work`` the crew roles denied."""
    parts = []
    for credit in denied:
        if credit.role in (None, "actor") or credit.ref.kind != P:
            continue
        held = [c.person_name(cr.person) for cr in getattr(work, f"{credit.role}s", [])]
        if held:
            parts.append(f"{_BY.get(credit.role, credit.role)} {join(held)}")
    return f" ({'; '.join(parts)})" if parts else ""


def _counted(found: Found, works: list[Work], text: str) -> str:
    """ "how many ...": the number first."""
    return f"{len(works)}. {text}" if found.counted and works else text


def _described(c: Writer, found: Found, noun: str) -> str:
    """ "action films from 2023 starring keanu reeves", "films rated R written by ..." """
    parts = [*found.genres, noun]
    if found.years:
        parts.append(f"from {join((str(y) for y in found.years), 'or')}")
    if found.bound is not None:
        side, year, work = found.bound
        parts.append(
            f"{'before' if side < 0 else 'after'} {c.label(c.kb.works[work.id]) if work else year}"
        )
    if found.certificate:
        parts.append(f"rated {found.certificate}")
    for what, value in found.unwanted:  # "films not from 2019", "non-action films"
        if what == "genre":
            parts.insert(0, f"non-{value}")
        else:
            parts.append(f"not from {value}" if what == "year" else f"not rated {value}")
    by_role: dict[tuple[str | None, bool], list[str]] = {}
    for credit in found.credits:
        role = credit.role if credit.ref.kind == P else "character"
        named = _name(c, credit.ref) + _player(c, credit.ref)
        by_role.setdefault((role, credit.negated), []).append(named)
    credited = [
        f"{_negated(_BY.get(role, f'with {role}'), no)} {join(names, 'or' if no else 'and')}"
        for (role, no), names in by_role.items()
    ]
    return " ".join([*parts, *([join(credited)] if credited else [])])


def _negated(by: str, denied: bool) -> str:
    """ "not directed by", "without" """
    if not denied:
        return by
    return "without" if by == "with" else f"not {by}"


def _labels(c: Writer, works: list[Work]) -> list[str]:
    return [c.label(w) + ("" if w.status is Status.RELEASED else " (announced)") for w in works]


def _name(c: Writer, ref: EntityRef) -> str:
    return c.person_name(ref.id) if ref.kind == P else c.character_name(ref.id)


def _player(c: Writer, ref: EntityRef) -> str:
    """ " (Laurence Fishburne)": who plays a character (its main portrayal), else nothing."""
    if ref.kind != C:
        return ""
    cast = sorted(c.kb.cast_by_character.get(ref.id, []), key=lambda e: e[1].note is not None)
    return f" ({c.person_name(cast[0][1].person)})" if cast else ""


def _their_works(c: Writer, credit: Credit) -> str:
    """ "Halle Berry is in Parabellum (2019)." (in the role asked, if one was)"""
    ref = credit.ref
    if ref.kind == C:
        entries = c.kb.cast_by_character.get(ref.id, [])
        works = [w for w, _ in entries if w.status is Status.RELEASED]
        return f"{_name(c, ref)} is in {join(_labels(c, works))}." if works else ""
    roles = c.kb.roles_by_person.get(ref.id, [])
    mine = [r for r in roles if credit.role is None or r.role == credit.role]
    works = list({r.work.id: r.work for r in mine if r.work.status is Status.RELEASED}.values())
    if not works:
        return ""
    acted = [w for w in works if any(r.work.id == w.id and r.role == "actor" for r in mine)]
    crew = [w for w in works if w not in acted]
    parts = [f"is in {join(_labels(c, acted))}"] if acted else []
    if crew:
        role = f" as {credit.role}" if credit.role else ""
        parts.append(f"is credited{role} on {join(_labels(c, crew))}")
    return f"{_name(c, ref)} {', and '.join(parts)}."


def _together(c: Writer, found: Found, works: list[Work]) -> str:
    """ "Yes, in the John Wick works: Donnie Yen and Chad Stahelski both worked on Chapter 4
    (2023) (Donnie Yen as Caine; Chad Stahelski as director)." """
    names = join(_name(c, credit.ref) for credit in found.credits)
    outside = _outside(c, found.credits)
    if found.bound is not None and not works:
        side, year, work = found.bound
        when = c.label(c.kb.works[work.id]) if work else str(year)
        text = f"Not in the John Wick works {'before' if side < 0 else 'after'} {when}."
        return (
            " ".join([text, *outside]) if outside else text + " I only know the franchise's works."
        )
    if not works:
        each = [t for t in (_their_works(c, credit) for credit in found.credits) if t]
        where = c.label(c.kb.works[found.scope.id]) if found.scope else "the John Wick works"
        text = f"not in {where}: {' '.join(each)}"
        text = f"No, {text}" if found.polar else text[0].upper() + text[1:]
        return " ".join([text, *outside])
    roles = "; ".join(_roles_on(c, credit, works) for credit in found.credits)
    text = (
        f"in the John Wick works, {names} worked together on {join(_labels(c, works))} ({roles})."
    )
    text = f"Yes, {text}" if found.polar else text[0].upper() + text[1:]
    return " ".join([text, *outside])


def _roles_on(c: Writer, credit: Credit, works: list[Work]) -> str:
    """ "Donnie Yen as Caine", "Chad Stahelski as director and producer" """
    ref = credit.ref
    name = _name(c, ref)
    if ref.kind == C:
        return name
    ids = {w.id for w in works}
    said: list[str] = []
    for r in c.kb.roles_by_person.get(ref.id, []):
        if r.work.id not in ids:
            continue
        what = f"as {r.character.name}" if r.role == "actor" and r.character else r.role
        if what not in said:
            said.append(what)
    plain = [s for s in said if not s.startswith("as ")]
    played = [s for s in said if s.startswith("as ")]
    parts = [*played, *([f"as {join(plain)}"] if plain else [])]
    return f"{name} {' and '.join(parts)}" if parts else name


def _outside(c: Writer, credits: tuple[Credit, ...]) -> list[str]:
    """What the notes say of one person outside the franchise that names another ("Chad
    Stahelski is known for doubling Keanu Reeves in The Matrix")."""
    people = [c.kb.people[cr.ref.id] for cr in credits if cr.ref.kind == P]
    out = []
    for person in people:
        for other in people:
            if other is person or not person.known_for:
                continue
            names = [other.name, *(a for a in other.aliases if " " in a)]
            if any(n.casefold() in person.known_for.casefold() for n in names):
                known = person.known_for.strip().rstrip(".")
                out.append(f"Outside them, {person.name} is known for {known}.")
    return out
