"""Franchise-wide answers (watch order, lists, counts, what is coming), lore and help."""

from __future__ import annotations

from bot.answers.base import (
    STATUS_WORDS,
    Composed,
    Request,
    Writer,
    capped,
    join,
    numbered,
    yes_no,
)
from bot.answers.dates import format_date, plural
from bot.answers.registry import composes
from bot.answers.support import claim_units, supports
from bot.facts.schema import Precision, Work, WorkKind
from bot.intents import Intent, W
from bot.nlu.entities import FRANCHISE_NAME, EntityRef
from bot.nlu.normalise import tokens
from bot.text import ORDINALS

#: The topic whose text is the viewing advice appended to watch-order answers.
WATCH_TIP_TOPIC = "watch-order-tip"
HELP_TEXT = (
    "I answer questions about the John Wick films, The Continental and the announced projects: "
    "release dates, cast (who plays whom), directors and crew, ratings, runtimes, box office, "
    "reviews, filming, where to watch, episodes, awards, watch order, lore (the High Table, "
    "markers, coins) and trivia. Try “when did Ballerina come out?”, “who plays Winston?” or "
    "“what order should I watch them in?”"
)


@composes(Intent.WATCH_ORDER)
def watch_order(c: Writer, req: Request) -> Composed:
    """Release and story order, plus the knowledge base's viewing tip; "is chapter 4 the last
    one": whether the work named holds that place."""
    if req.claims.polar and req.claims.order and req.first("work") is not None:
        return _order_claim(c, req, c.work(req), req.claims.order)
    released = c.released(req.today)
    release = numbered([c.label(w) for w in released])
    story = numbered([w.title for w in c.out_and_coming(req.today)[2]])
    text = f"Release order: {release}. Story order: {story}."
    sources = [s for w in released for s in w.sources.get("timeline", [])[:1]]
    tip = c.kb.topics.get(WATCH_TIP_TOPIC)
    if tip is not None:
        text += f" {tip.answer}"
        sources += tip.sources
    return Composed(text, list(dict.fromkeys(sources)))


def _order_claim(c: Writer, req: Request, work: Work, place: str) -> Composed:
    """Yes or no: is ``work`` the first, the latest or the last of the franchise's works?"""
    released = c.released(req.today)
    if req.claims.spin_off:  # "is ballerina the first spin-off": of the spin-offs, any kind
        spin_offs = _asked(req, released)
        named_kind = [w for w in spin_offs if w.kind is work.kind]
        films = (named_kind if {"film", "films"} & set(req.words) else spin_offs) or released
    else:
        films = [w for w in released if w.kind is work.kind] or released
    coming = c.out_and_coming(req.today)[1]
    sources = [s for w in films for s in w.sources.get("release", [])[:1]]
    if work not in released:  # not out yet: nothing to place
        text = f"{work.title} is not out yet, so it has no place in the release order yet."
        return Composed(text, c.src(work, "status"))
    if place == "first":
        first = films[0]
        text = yes_no(first.id == work.id, f"the first was {c.label(first)}.")
        return Composed(text, sources)
    if place.isdigit():  # "is ballerina the second spin-off"
        at = int(place)
        nth = _NTH[at]
        if at > len(films):
            return Composed(f"No: there are only {len(films)} so far.", sources)
        placed = films[at - 1]
        before = join([c.label(w) for w in films[: at - 1]])
        text = f"the {nth} was {c.label(placed)}, after {before}."
        return Composed(yes_no(placed.id == work.id, text), sources)
    after = films[films.index(work) + 1 :] if work in films else []
    if place == "latest":
        latest = films[-1]
        text = yes_no(latest.id == work.id, f"the latest to come out is {c.label(latest)}.")
        return Composed(text, sources)
    parts = []
    if after:
        parts.append(f"{join([c.label(w) for w in after])} came out after it")
    if coming:
        parts.append(
            f"{join([w.title for w in coming])} {'is' if len(coming) == 1 else 'are'} announced"
        )
    if not parts:
        return Composed(yes_no(True, f"{c.label(work)} is the latest so far."), sources)
    return Composed(yes_no(False, "; ".join(parts) + "."), sources)


#: Ordinal words for places claimed by number.
_NTH = {int(number): word for word, number in ORDINALS.items()}


def _asked(req: Request, works: list[Work]) -> list[Work]:
    """The works of ``works`` a franchise-wide question is about: the spin-offs when it says
    so ("how many spin-offs are there"), else all."""
    return [w for w in works if w.spin_off] if req.claims.spin_off else works


def _spin_off_sources(req: Request, works: list[Work]) -> list[str]:
    if not req.claims.spin_off:
        return []
    return [s for w in works for s in w.sources.get("spin_off", [])[:1]]


@composes(Intent.LIST_WORKS)
def list_works(c: Writer, req: Request) -> Composed:
    """Every film, series and announced project (or every spin-off)."""
    released = _asked(req, c.released(req.today))
    coming_works = _asked(req, c.out_and_coming(req.today)[1])
    films = [c.label(w) for w in released if w.kind is WorkKind.FILM]
    series = [c.label(w) for w in released if w.kind is WorkKind.SERIES]
    coming = [w.title for w in coming_works]
    if req.claims.spin_off:
        text = f"The spin-offs: {join(capped([c.label(w) for w in released]))}."
    else:
        text = f"The films: {join(capped(films))}."
        if series:
            text += f" The series: {join(capped(series))}."
    if coming:
        text += f" Announced, not out yet: {join(capped(coming))}."
    sources = [s for w in released for s in w.sources.get("release", [])[:1]]
    sources += _spin_off_sources(req, released + coming_works)
    return Composed(text, list(dict.fromkeys(sources)))


@composes(Intent.COUNT_WORKS)
def count_works(c: Writer, req: Request) -> Composed:
    """How many films there are (so far), or how many spin-offs."""
    if req.claims.spin_off:
        return _count_spin_offs(c, req)
    released = c.released(req.today)
    films = [w for w in released if w.kind is WorkKind.FILM]
    series = [w for w in released if w.kind is WorkKind.SERIES]
    coming = c.out_and_coming(req.today)[1]
    text = (
        f"There are {len(films)} John Wick films so far: "
        f"{join(capped([c.label(w) for w in films]))}."
    )
    if series:
        text += (
            f" Plus {plural(len(series), 'series')}: {join(capped([c.label(w) for w in series]))}."
        )
    if coming:
        text += f" {len(coming)} more are announced: {join(capped([w.title for w in coming]))}."
    sources = [s for w in released for s in w.sources.get("release", [])[:1]]
    return Composed(text, list(dict.fromkeys(sources)))


def _count_spin_offs(c: Writer, req: Request) -> Composed:
    """How many spin-offs are out, and how many are announced."""
    released = _asked(req, c.released(req.today))
    coming = _asked(req, c.out_and_coming(req.today)[1])
    text = (
        f"{plural(len(released), 'spin-off')} so far: "
        f"{join(capped([c.label(w) for w in released]))}."
    )
    if coming:
        text += f" {len(coming)} more announced: {join(capped([w.title for w in coming]))}."
    return Composed(text, list(dict.fromkeys(_spin_off_sources(req, released + coming))))


@composes(Intent.UPCOMING)
def upcoming(c: Writer, req: Request) -> Composed:
    """Announced projects (or spin-offs) and their status."""
    coming = _asked(req, c.out_and_coming(req.today)[1])
    if not coming:
        if req.claims.spin_off:
            return Composed("No spin-off has been announced that I know of.", [])
        return Composed("Nothing new has been announced that I know of.", [])
    # works in the same state are named together: "A and B (in development, no release …)"
    groups: dict[str, list[str]] = {}
    for w in coming:
        when = format_date(w.release.date)
        date = "no release date yet" if w.release.date.precision is Precision.TBA else f"due {when}"
        as_of = f", as of {format_date(w.status_as_of)}" if w.status_as_of else ""
        groups.setdefault(f"{STATUS_WORDS[w.status]}, {date}{as_of}", []).append(w.title)
    lines = [f"{join(capped(titles))} ({state})" for state, titles in groups.items()]
    text = "Coming up: " + "; ".join(lines) + "."
    sources = [s for w in coming for s in w.sources.get("status", [])[:1]]
    return Composed(text, list(dict.fromkeys(sources)))


@composes(Intent.LORE)
def lore(c: Writer, req: Request) -> Composed:
    """A lore or trivia topic, for one work when the topic has per-work answers."""
    tid = req.first("topic")
    assert tid is not None
    topic = c.kb.topics[tid]
    # the work named last is the one asked about ("did john wick kill more in chapter 2");
    # the franchise's bare name is the franchise ("what are john wick coins for")
    # and a work named by the topic's own title is the topic ("the rules of the continental")
    used = req.alias_used or {}
    title = set(tokens(topic.title))

    def named_as_topic(wid: str) -> bool:
        alias = used.get(EntityRef(W, wid))
        if alias is None:
            return False
        named = tokens(alias)
        return tuple(named) == FRANCHISE_NAME or set(named) <= title

    works = [w for w in req.all("work")[::-1] if not named_as_topic(w)]
    wid = next((w for w in works if w in topic.per_work), None)
    said = topic.per_work[wid] if wid is not None else topic.answer
    if wid is not None:
        text = f"{topic.title}, {c.kb.works[wid].title}: {said}"
    elif works and topic.per_work:
        asked = c.kb.works[works[0]].title
        text = f"{topic.title}: nothing specific to {asked} in my notes. {said}"
    else:
        text = f"{topic.title}: {said}"
    # "is chapter 4 dedicated to lance reddick": Yes, when a sentence of the notes says so
    if req.claims.polar and (wid is not None or not works):
        units = claim_units(req.words, used, _names(c, used))
        if units is not None and supports(units, said):
            text = yes_no(True, text)
    return Composed(text, list(topic.sources), None, topic.spoiler)


def _names(c: Writer, used: dict[EntityRef, str]) -> dict[EntityRef, set[str]]:
    """Every name of the things a question named."""
    out: dict[EntityRef, set[str]] = {}
    for ref in used:
        if ref.kind == W and ref.id in c.kb.works:
            work = c.kb.works[ref.id]
            out[ref] = {work.title, *work.aliases, *([work.full_title] if work.full_title else [])}
        elif ref.kind == "person" and ref.id in c.kb.people:
            person = c.kb.people[ref.id]
            out[ref] = {person.name, *person.aliases}
        elif ref.kind == "character" and ref.id in c.kb.characters:
            char = c.kb.characters[ref.id]
            out[ref] = {char.name, *char.aliases}
    return out


@composes(Intent.HELP)
def help(c: Writer, req: Request) -> Composed:
    """What Wickbot can answer."""
    return Composed(HELP_TEXT, [])
