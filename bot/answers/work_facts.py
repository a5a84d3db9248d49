"""Facts of one work: dates, credits, rating, runtime, money, scores, places, episodes..."""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence

from bot.answers import found
from bot.answers.base import (
    FIRST_FILM,
    STATUS_WORDS,
    Composed,
    Request,
    Writer,
    has,
    is_out,
    join,
    known_for,
    money,
    yes_no,
)
from bot.answers.brevity import sentences
from bot.answers.dates import format_date, plural, relative
from bot.answers.episodes import asked_episodes as episodes_asked
from bot.answers.episodes import label as episode_label
from bot.answers.episodes import schedule
from bot.answers.registry import composes
from bot.answers.streaming import streaming_release
from bot.facts.schema import FuzzyDate, Person, Precision, Score, Status, Track, Work
from bot.intents import REGISTRY, Answers, Intent
from bot.nlu.normalise import normalise, tokens
from bot.nlu.words import STOPWORDS

ADULT_CERTIFICATES = frozenset({"R", "NC-17", "TV-MA"})
#: Award bodies as fans name them (normalised), to check "was it nominated for an oscar?",
#: and how answers write them.
AWARD_BODIES = {
    "oscar": "Oscar",
    "oscars": "Oscar",
    "academy": "Academy Award",
    "sag": "SAG",
    "golden globe": "Golden Globe",
    "golden globes": "Golden Globe",
    "bafta": "BAFTA",
    "saturn": "Saturn Award",
    "emmy": "Emmy",
    "emmys": "Emmy",
    "critics choice": "Critics Choice Award",
    "mtv": "MTV",
    "razzie": "Razzie",
    "taurus": "Taurus World Stunt Award",
    "golden trailer": "Golden Trailer Award",
}
#: Other names the notes may give an award body ("sag": the Screen Actors Guild Awards).
_BODY_NAMES = {
    "sag": ("sag", "screen actors guild"),
    "oscar": ("oscar", "academy award"),
    "oscars": ("oscar", "academy award"),
    "academy": ("academy award", "oscar"),
}


def _lists_body(body: str, listed: str) -> bool:
    """True when ``listed`` (normalised award names) has ``body`` by any of its names."""
    return any(name in listed for name in _BODY_NAMES.get(body, (body,)))


#: Parts of a work a song may be asked about; the track notes must mention them to answer.
SONG_SCOPES = frozenset({"scene", "trailer", "teaser", "credits", "opening", "ending", "fight"})


@composes(Intent.RELEASE_DATE)
def release_date(c: Writer, req: Request) -> Composed:
    """When it came or comes out; corrects a wrong year in the question. Asked "on starz"
    or "streaming", the day it came to that service instead."""
    work = c.work(req)
    streamed = streaming_release(c, work, req)
    if streamed is not None:
        return streamed
    # "which john wick movie came out most recently": the latest of the films
    if _RECENT & set(req.words) or (req.found is not None and req.found.ranked is not None):
        ranked = _ranked(c, req, lambda w: _released_on(w, req), _released, ("latest", "earliest"))
        if ranked is not None:
            return ranked
    if req.claims.neighbour is not None:
        return _next_out(c, req, work, req.claims.neighbour == "after")
    text = c.release_sentence(work, req.today)
    history = c.date_history_sentence(work)
    actual = work.release.date.year
    if req.years and actual and work.release.date.precision is not Precision.TBA:
        asked = req.years[0]
        if asked != actual:
            old = [e for e in work.date_history if e.date.year == asked]
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
    elif req.claims.polar and "out" in req.words:
        out = is_out(work, req.today)
        if "coming" in req.words and not out:
            # "is there a john wick game coming out": coming, though it is not out yet
            text = yes_no(work.status is not Status.CANCELLED, text)
        else:
            text = yes_no(out, text)
    events = _events(c, work, req)
    if events:
        text = " ".join(events) + " " + text
    sources = c.src(work, "release", "date_history", "status", "premieres")
    if work.episodes:  # a series: the episode asked about first, every episode's date after
        named = episodes_asked(work, req.words)
        if len(named) < len(work.episodes):
            lines = [f"{episode_label(work, e)}, came out {_on(e.date, req)}." for e in named]
            text = " ".join([*lines, text])
        if not named or len(named) == len(work.episodes):
            text += f" {schedule(work)}"
        sources += c.src(work, "episodes")
    return Composed(text + history, list(dict.fromkeys(sources)))


def _next_out(c: Writer, req: Request, work: Work, after: bool) -> Composed:
    """ "what came out after chapter 2": the work released right after (or before) it, of
    the same medium when the question says "film" or "series"."""
    films = bool({"film", "films"} & set(req.words))
    order = [
        w
        for w in c.kb.works_by_release()
        if w.release.date.exact is not None and (not films or w.medium in (None, "film"))
    ]
    ids = [w.id for w in order]
    if work.id not in ids:
        return Composed(c.release_sentence(work, req.today), c.src(work, "release"))
    at = ids.index(work.id) + (1 if after else -1)
    if not 0 <= at < len(order):
        nothing = "Nothing has come out after" if after else "Nothing came out before"
        text = f"{nothing} {work.title}. {c.release_sentence(work, req.today)}"
        return Composed(text, c.src(work, "release"))
    other = order[at]
    side = "After" if after else "Before"
    came = "came" if is_out(other, req.today) else "comes"
    text = (
        f"{side} {work.title} ({format_date(work.release.date)}) {came} {other.title} "
        f"({format_date(other.release.date)})."
    )
    return Composed(text, [*c.src(work, "release"), *c.src(other, "release")])


#: Words that make "most" or "least" a superlative of release dates.
_RECENT = frozenset({"recent", "recently"})


def _released_on(work: Work, req: Request) -> float | None:
    """A released work's release day, as a number to rank by."""
    day = work.release.date.exact
    return float(day.toordinal()) if day is not None and is_out(work, req.today) else None


def _released(work: Work) -> str | None:
    """ "John Wick (2014) came out on October 24, 2014." """
    if work.release.date.exact is None:
        return None
    return f"It came out on {format_date(work.release.date)}."


def _on(date: FuzzyDate, req: Request) -> str:
    """'on September 29, 2023, 3 years ago' (or 'in 2023' for a less precise date)."""
    exact = date.exact
    if exact is None or date.precision is not Precision.DAY:
        return f"in {format_date(date)}"
    return f"on {format_date(date)}, {relative(exact, req.today)}"


def _events(c: Writer, work: Work, req: Request) -> list[str]:
    """Premieres and regional releases the question asks about."""
    wanted = [e for e in work.premieres if "premiere" in req.words and "premiere" in e.what.lower()]
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


@composes(Intent.COUNTDOWN)
def countdown(c: Writer, req: Request) -> Composed:
    """Days left, or how long it has been out."""
    work = c.work(req)
    exact = work.release.date.exact
    if exact is not None and exact >= req.today and work.release.date.precision is Precision.DAY:
        days = (exact - req.today).days
        if days == 0:
            text = f"{work.title} comes out today ({format_date(work.release.date)})!"
        else:
            text = (
                f"{plural(days, 'day')} to go until {work.title} "
                f"({format_date(work.release.date)})."
            )
        return Composed(text, c.src(work, "release"))
    if exact is not None and work.status is Status.RELEASED:
        text = f"No need to wait: {c.release_sentence(work, req.today)}"
        return Composed(text, c.src(work, "release"))
    text = c.release_sentence(work, req.today) + " So there is nothing to count down to yet."
    return Composed(text, c.src(work, "release", "status"))


@composes(Intent.STATUS)
def status(c: Writer, req: Request) -> Composed:
    """Production status, with the date of the latest news."""
    work = c.work(req)
    if work.status is Status.RELEASED:
        text = c.release_sentence(work, req.today)
        if work.status_note:
            as_of = f" (as of {format_date(work.status_as_of)})" if work.status_as_of else ""
            text += f" {work.status_note}{as_of}"
        return Composed(text, c.src(work, "release", "status"))
    as_of = f" (latest news: {format_date(work.status_as_of)})" if work.status_as_of else ""
    news = sentences(work.status_note or "")
    # the lead carries the first of the news ("… is announced (latest news: June 2026): …")
    lead = f"{work.title} is {STATUS_WORDS[work.status]}{as_of}"
    lead += f": {news.pop(0)}" if news else "."
    if work.release.date.precision is Precision.TBA:
        release = "It has no release date yet."  # the lead said its status already
    else:
        release = c.release_sentence(work, req.today)
    text = " ".join([lead, *news, release])
    if req.claims.polar:
        text = yes_no(_status_claim_holds(work, req.words), text)
    return Composed(text, c.src(work, "status", "release"))


#: Production stages in order, and the words that ask whether a work has reached one.
_STAGES = (
    Status.ANNOUNCED,
    Status.IN_DEVELOPMENT,
    Status.IN_PRODUCTION,
    Status.POST_PRODUCTION,
    Status.RELEASED,
)
_STAGE_WORDS = {
    **dict.fromkeys(("filming", "filmed", "shooting", "shoot", "production"), Status.IN_PRODUCTION),
    **dict.fromkeys(("wrapped", "finished", "done"), Status.POST_PRODUCTION),
}
_CANCEL_WORDS = frozenset({"cancelled", "canceled", "cancel", "scrapped", "dead", "shelved"})
#: Words that ask whether a work has its title yet ("has the game got a title yet").
_TITLE_WORDS = frozenset({"title", "titled", "named"})


def _status_claim_holds(work: Work, words: Sequence[str]) -> bool:
    """Whether a yes/no status question is answered Yes: "was it cancelled", "has it started
    filming" (reached production), "has it got a title yet" (not untitled, nor noted to have
    no title), or otherwise "is it still happening" (not cancelled)."""
    status = work.status
    if _TITLE_WORDS & set(words):
        note = (work.status_note or "").casefold()
        return "untitled" not in work.title.casefold() and "no title" not in note
    if _CANCEL_WORDS & set(words):
        return status is Status.CANCELLED
    stages = [_STAGE_WORDS[w] for w in words if w in _STAGE_WORDS]
    if stages and status is not Status.CANCELLED:
        return _STAGES.index(status) >= max(_STAGES.index(s) for s in stages)
    return status is not Status.CANCELLED


@composes(Intent.RATING)
def rating(c: Writer, req: Request) -> Composed:
    """Age rating and its reason."""

    def render(w: Work) -> str | None:
        if not w.rating:
            return None
        reason = f" {w.rating.reason[0].upper()}{w.rating.reason[1:]}." if w.rating.reason else ""
        system = "" if w.rating.system == "MPAA" else f" ({w.rating.system})"
        return f"{c.label(w)} is rated {w.rating.certificate}{system}.{reason}".replace("..", ".")

    out = c.simple(req, "rating", render, "{title} has not been rated yet.")
    work = c.work(req)
    if work.rating:
        cert = work.rating.certificate
        claimed = req.claims.certificates
        if req.claims.polar and claimed:
            out.text = yes_no(claimed[0] == cert, out.text)
        elif req.claims.kids:
            verdict = "Not for kids" if cert in ADULT_CERTIFICATES else "Check the rating"
            out.text = f"{verdict}: {out.text}"
    return out


@composes(Intent.RUNTIME)
def runtime(c: Writer, req: Request) -> Composed:
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
            text = f"{c.label(w)} runs about {rt.minutes}–{rt.minutes_max} minutes{about}"
        else:
            text = f"{c.label(w)} runs {rt.minutes} minutes ({hm})"
        if rt.per_episode:
            text += " per episode"
        text += "."
        if rt.note:
            text += f" {rt.note}"
        return text

    out = c.simple(req, "runtime", render, "{title} has no announced runtime yet.")
    asked = episodes_asked(work, req.words) if (work := c.work(req)).episodes else []
    timed = [e for e in asked if e.runtime_minutes] if len(asked) < len(work.episodes) else []
    if timed:  # "how long is episode 2": that episode's own runtime first
        lines = [f"{episode_label(work, e)}, runs {e.runtime_minutes} minutes." for e in timed]
        out.text = " ".join([*lines, out.text])
    ranked = _ranked(
        c, req, lambda w: w.runtime.minutes if w.runtime else None, render, ("longest", "shortest")
    )
    if ranked is not None:
        return ranked
    work = c.work(req)
    limit = req.claims.duration
    if req.claims.polar and limit is not None and work.runtime:
        longer, minutes = limit  # "is it over 2 hours?" compares with the shortest figure
        shortest, longest = (
            work.runtime.minutes,
            work.runtime.minutes_max or work.runtime.minutes,
        )
        out.text = yes_no(shortest > minutes if longer else longest < minutes, out.text)
    return out


def _ranked(
    c: Writer,
    req: Request,
    measure: Callable[[Work], float | None],
    render: Callable[[Work], str | None],
    words: tuple[str, str],
) -> Composed | None:
    """A superlative across the films ("which is the longest?", "is chapter 4 the longest?").

    None when the question has no superlative or no film has the measure. The works a
    search found ("keanu reeves's highest grossing john wick film") are ranked among
    themselves (``found.ranked``).
    """
    if req.found is not None and req.found.ranked is not None:
        return found.ranked(c, req, measure, render, words)
    named = [c.kb.works[w] for w in req.all("work") if w in c.kb.works]
    if req.claims.comparative is not None and len(named) > 1:
        return _compared(c, req, named, measure, render, req.claims.comparative)
    if req.claims.extreme is None:
        return None
    way = req.claims.extreme[0]
    word = words[0] if way == "max" else words[1]
    if len(named) > 1 and not req.whole:
        # "which has the largest box office, chapter 2, chapter 3 or ballerina": of those
        return _compared(c, req, named, measure, render, (way, f"the {word}"))
    films = [w for w in c.kb.films() if measure(w) is not None]
    if not films:
        return None
    pick = max if way == "max" else min
    top = pick(films, key=lambda w: measure(w) or 0.0)
    fact = render(top) or c.label(top)
    text = f"The {word} John Wick film is {c.label(top)}. {fact}"
    unmeasured = [c.label(w) for w in c.kb.films() if measure(w) is None]
    if unmeasured:  # "the best imdb rating": only some films have one
        text += f" I have no figure for {join(unmeasured)}."
    if req.claims.polar:
        text = yes_no(top.id == c.work(req).id, text)
    sources = [s for w in films for s in c.src(w, REGISTRY[req.intent].field or "")]
    return Composed(text, list(dict.fromkeys(sources)))


#: Intents whose measure is compared between the works a question names.
COMPARED = frozenset({Intent.RUNTIME, Intent.BUDGET, Intent.BOX_OFFICE, Intent.SCORES})


def _compared(
    c: Writer,
    req: Request,
    works: list[Work],
    measure: Callable[[Work], float | None],
    render: Callable[[Work], str | None],
    compared: tuple[str, str],
) -> Composed | None:
    """A measure compared between the works named ("which is longer, chapter 3 or 4?",
    "is chapter 4 longer than chapter 3?"); ``compared`` is the way ("max" or "min") and
    the word to say it with. None when one of them lacks it."""
    way, word = compared
    values = [measure(w) for w in works]
    if any(v is None for v in values):
        return None
    pick = max if way == "max" else min
    top = pick(works, key=lambda w: measure(w) or 0.0)
    facts = " ".join(render(w) or c.label(w) for w in works)
    text = f"Of {join(c.label(w) for w in works)}, {c.label(top)} is {word}. {facts}"
    if req.claims.polar:
        text = yes_no(top.id == works[0].id, text)
    field = REGISTRY[req.intent].field or ""
    sources = [s for w in works for s in c.src(w, field)]
    return Composed(text, list(dict.fromkeys(sources)))


#: Facts of a work stated in one sentence, and the claims a yes/no question makes of them:
#: intent -> (sentence with {label} and {value}, the Claims field to confirm).
_STATED: dict[Intent, tuple[str, str]] = {
    Intent.GENRE: ("{label} is {value}.", "genres"),
    Intent.LANGUAGE: ("{label} is in {value}.", "languages"),
    Intent.COUNTRY: ("{label} comes from {value}.", "countries"),
}


@composes(*_STATED)
def stated(c: Writer, req: Request) -> Composed:
    """Genre, language, country: one sentence; "is it a thriller?" gets Yes or No first."""
    definition = REGISTRY[req.intent]
    assert definition.field is not None
    sentence, claims = _STATED[req.intent]

    def value(w: Work) -> str:
        raw = getattr(w, definition.field or "")
        return join(g.lower() for g in raw) if isinstance(raw, list) else (raw or "")

    out = c.simple(
        req,
        definition.field,
        lambda w: sentence.format(label=c.label(w), value=value(w)) if value(w) else None,
        f"I don't have the {definition.noun} of {{title}}.",
    )
    return c.confirm(req, out, getattr(req.claims, claims), value(c.work(req)))


@composes(Intent.DISTRIBUTOR)
def distributor(c: Writer, req: Request) -> Composed:
    """Distributor or network; "is it a lionsgate film?" gets Yes or No first."""
    work = c.work(req)
    fact = " ".join(filter(None, [work.distributor, work.network]))
    return c.confirm(req, _distributor_plain(c, req), req.claims.companies, fact)


def _distributor_plain(c: Writer, req: Request) -> Composed:
    """Distributor or network."""

    def render(w: Work) -> str | None:
        if w.network:
            return f"{c.label(w)} premiered on {w.network}" + (
                f" (distributed by {w.distributor})." if w.distributor else "."
            )
        if w.distributor:
            return f"{c.label(w)} is distributed by {w.distributor}."
        return None

    work = c.work(req)
    out = c.simple(req, "distributor", render, "No distributor is known for {title} yet.")
    if work.network:
        out.sources = list(dict.fromkeys(out.sources + c.src(work, "network")))
    return out


@composes(Intent.BUDGET)
def budget(c: Writer, req: Request) -> Composed:
    """Production budget."""

    def render(w: Work) -> str | None:
        if not w.budget:
            return None
        note = w.budget.note or ""
        note = "" if note.lower().startswith("about $") else f" {note}"
        return f"{c.label(w)} had a budget of {money(w.budget)}.{note}"

    ranked = _ranked(
        c, req, lambda w: w.budget.low if w.budget else None, render, ("most expensive", "cheapest")
    )
    if ranked is not None:
        return ranked
    return c.simple(req, "budget", render, "I don't have a budget for {title}.")


@composes(Intent.BOX_OFFICE)
def box_office(c: Writer, req: Request) -> Composed:
    """Worldwide gross, with as-of."""

    def render(w: Work) -> str | None:
        if not w.box_office:
            return None
        bo = w.box_office
        as_of = f" (figures as of {format_date(bo.as_of)})" if bo.as_of else ""
        opening = [t for t in _sentences(bo.note) if "opening" in t.lower()]
        if opening and set(req.words) >= _OPENING:  # the opening weekend asked for first
            return f"{c.label(w)}: {' '.join(opening)} In all it grossed {money(bo)} worldwide."
        note = f" {bo.note}" if bo.note else ""
        return f"{c.label(w)} grossed {money(bo)} worldwide{as_of}.{note}"

    ranked = _ranked(
        c,
        req,
        lambda w: w.box_office.low if w.box_office else None,
        render,
        ("highest-grossing", "lowest-grossing"),
    )
    if ranked is not None:
        return ranked
    work = c.work(req)
    if not work.box_office and work.status is not Status.RELEASED:
        return Composed(
            f"{work.title} isn't out yet, so it has no box office.", c.src(work, "status")
        )
    bo = work.box_office
    if bo is not None and set(req.words) >= _OPENING and "opening" not in (bo.note or "").lower():
        # "what did parabellum make on its opening weekend": only the total is in the notes
        return Composed(
            f"I don't have the opening weekend of {work.title} in my notes; it grossed "
            f"{money(bo)} worldwide in all.",
            c.src(work, "box_office"),
            lacking=True,
        )
    return c.simple(req, "box_office", render, "I don't have box-office figures for {title}.")


#: Words that ask for the first weekend's takings, not the total.
_OPENING = frozenset({"opening", "weekend"})


#: The number in a review score ("94%", "7.8"; none in a grade like "A−").
_NUMBER = re.compile(r"\d+(?:\.\d+)?")
#: Words that ask for the audience's score, not the critics'.
_AUDIENCE = frozenset({"audience", "audiences", "popcornmeter", "fans", "viewers"})


def _sentences(note: str | None) -> list[str]:
    """The sentences of a note."""
    return [p.strip().rstrip(".") + "." for p in (note or "").split(". ") if p.strip(" .")]


@composes(Intent.SCORES)
def scores(c: Writer, req: Request) -> Composed:
    """Critics' scores with as-of dates."""

    asked = set(req.words)

    def latest(w: Work) -> list[Score]:
        """The newest snapshot per site, only the sites the question names if it names any."""
        newest: dict[str, Score] = {}
        for snap in w.scores:
            old = newest.get(snap.site)
            if old is None or snap.as_of.sort_key() > old.as_of.sort_key():
                newest[snap.site] = snap
        named = [s for s in newest.values() if set(normalise(s.site).split()) <= asked]
        return named or list(newest.values())

    audience = bool(_AUDIENCE & asked)

    def render(w: Work) -> str | None:
        snaps = latest(w)
        if not snaps:
            return None
        parts = [f"{s.site} {s.value} (as of {format_date(s.as_of)})" for s in snaps]
        text = f"{c.label(w)}: {join(parts)}."
        if audience:  # "audience score of ballerina": what the notes say of its audience
            said = [
                line for s in snaps for line in _sentences(s.note) if "audience" in line.lower()
            ]
            text += "".join(f" {line}" for line in said)
        return f"{text} Scores drift over time."

    # "the best metacritic score": ranked by that site's numbers, among the works that have it
    sites = {site for site in c.score_sites if set(normalise(site).split()) <= asked}

    def percent(w: Work) -> float | None:
        snaps = [s for s in latest(w) if not sites or s.site in sites]
        values = [s.value for s in snaps if "%" in s.value] or [s.value for s in snaps if sites]
        number = _NUMBER.search(values[0]) if values else None
        return float(number.group()) if number else None

    ranked = _ranked(c, req, percent, render, ("best-reviewed", "worst-reviewed"))
    if ranked is not None:
        return ranked
    # "chapter 2's imdb score": a site the notes know, but not for this work
    named = [site for site in c.score_sites if set(normalise(site).split()) <= asked]
    work = c.work(req)
    if named and req.claims.extreme is None and not {s.site for s in work.scores} & set(named):
        have = render(work)
        text = f"I don't have the {join(sorted(named))} score of {work.title} in my notes."
        return Composed(f"{text} {have}" if have else text, c.src(work, "scores"), lacking=True)
    return c.simple(req, "scores", render, "I don't have review scores for {title}.")


@composes(Intent.PREMISE)
def premise(c: Writer, req: Request) -> Composed:
    """The spoiler-light premise; asked where, the places the story goes."""
    work = c.work(req)
    if not (req.asked is Answers.PLACE or req.places) or not work.settings:
        return Composed(f"{c.label(work)}: {work.premise}", c.src(work, "premise"))
    if req.places and req.claims.polar:  # "is ballerina set in prague"
        text = yes_no(all(_set_in(work, p) for p in req.places), _settings(c, work))
        return Composed(text, c.src(work, "settings"))
    if req.places:  # "which film is set in rome": the works the place belongs to
        return _of_places(c, req, "Set in", lambda w: _settings(c, w), "settings")
    return Composed(_settings(c, work), c.src(work, "settings"))


def _settings(c: Writer, work: Work) -> str:
    """ "Chapter 2 (2017) takes place in New York City and Rome, Italy (...)"."""
    own = work.country or ""
    parts = []
    for s in work.settings:
        part = s.place if not s.country or own.startswith(s.country) else f"{s.place}, {s.country}"
        parts.append(f"{part} ({s.note})" if s.note else part)
    return f"{c.label(work)} takes place in {join(parts)}."


def _set_in(work: Work, place: str) -> bool:
    """True when ``place`` (normalised) is one of the places ``work``'s story goes."""
    return any(has(f"{s.place} {s.country or ''}", place) for s in work.settings)


def _of_places(
    c: Writer, req: Request, verb: str, render: Callable[[Work], str], field: str
) -> Composed:
    """ "Set in Rome: John Wick: Chapter 2 (2017) ...": the works of the places named, the
    one work's places in full."""
    works = [c.kb.works[w] for w in req.all("work")]
    where = join(p.title() for p in req.places)
    if len(works) == 1:
        text = f"{verb} {where}: {render(works[0])}"
    else:
        text = f"{verb} {where}: {join(c.label(w) for w in works)}."
    return Composed(text, [s for w in works for s in c.src(w, field)])


@composes(Intent.FILMING)
def filming(c: Writer, req: Request) -> Composed:
    """Where and when it was filmed."""

    def render(w: Work) -> str | None:
        if not w.filming_locations and not w.filming_period:
            return None
        text = f"{c.label(w)} was filmed"
        if w.filming_locations:
            text += f" in {join(w.filming_locations)}"
        if w.filming_period:
            text += f" ({w.filming_period})"
        return text + "."

    if req.places and not req.claims.polar and all(render(c.kb.works[w]) for w in req.all("work")):
        # "which john wick was shot in new york": the works filmed there
        return _of_places(c, req, "Filmed in", lambda w: render(w) or "", "filming_locations")
    out = c.simple(req, "filming_locations", render, "I don't know where {title} was filmed yet.")
    work = c.work(req)
    places = req.places or req.claims.places
    if req.claims.polar and places and work.filming_locations:
        where = " ".join(work.filming_locations)
        out.text = yes_no(all(has(where, p) for p in places), out.text)
    return out


@composes(Intent.TIMELINE)
def timeline(c: Writer, req: Request) -> Composed:
    """Where a work sits in the story."""
    work = c.work(req)
    if not work.timeline:
        return Composed(
            f"I don't know where {work.title} fits in the story yet.", c.src(work, "status")
        )
    story = c.kb.works_by_story()
    text = f"{work.title}: {work.timeline.text}"
    first = c.kb.works.get(FIRST_FILM)
    order = work.timeline.order
    # "is the continental a prequel?", not "is there a sequel to ballerina?" (a status)
    asks_kind = req.claims.polar and "there" not in req.words and "to" not in req.words
    if asks_kind and first and first.timeline and first.timeline.order and order is not None:
        if "prequel" in req.words or "before" in req.words:
            text = yes_no(order < first.timeline.order, text)
        elif "sequel" in req.words or "after" in req.words:
            text = yes_no(order > first.timeline.order, text)
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
    return Composed(text, c.src(work, "timeline"))


def _credited(c: Writer, req: Request) -> Composed:
    """Person -> works: "what did derek kolstad write", "films scored by tyler bates"."""
    spec = REGISTRY[req.intent]
    pid = req.first("person")
    assert pid is not None and spec.field is not None
    name = c.person_name(pid)
    works = [
        w for w in c.kb.works_by_release() if any(e.person == pid for e in getattr(w, spec.field))
    ]
    # "what did derek kolstad write besides the first john wick": the others
    works = [w for w in works if w.id not in req.excluded] or works
    if not works:
        return Composed(
            f"I don't have {name} credited as {spec.noun} on any John Wick film or series.",
            list(c.kb.people[pid].sources),
            lacking=True,
        )
    labels = [c.label(w) for w in works]
    sources = [s for w in works for s in c.src(w, spec.field)]
    text = f"{name} is credited as {spec.noun} on {join(labels)}."
    if req.beyond:  # "what else did derek kolstad write": outside first, then ours
        text = f"{c.known_outside(pid)} In the franchise, {text}"
        sources += c.kb.people[pid].sources
    return Composed(text, list(dict.fromkeys(sources)))


#: Words that ask for someone's double, not for who ran the stunts.
_DOUBLE_WORDS = frozenset({"double", "doubles", "doubled", "doubling"})


def _doubles(c: Writer, pid: str) -> Composed:
    """ "who was keanu's stunt double": the people whose entries say they doubled them (no
    credit list has doubles), or that the notes do not say."""
    name = c.person_name(pid)
    marks = (f"{name}'s stunt double", f"{name}'s double", f"doubling {name}")
    found = [
        p
        for p in c.kb.people.values()
        if p.id != pid and any(m in f"{p.description} {p.known_for or ''}" for m in marks)
    ]
    if not found:
        return Composed(
            f"I don't have {name}'s stunt double in my notes.",
            list(c.kb.people[pid].sources),
            lacking=True,
        )

    def said(p: Person) -> str:  # the sentence that says so
        line = next((x for x in sentences(p.description) if any(m in x for m in marks)), None)
        return line or f"known for {known_for(p)}."

    text = " ".join(f"{p.name}: {said(p)}" for p in found)
    return Composed(text, [s for p in found for s in p.sources])


@composes(*(i for i, d in REGISTRY.items() if d.credit))
def credits(c: Writer, req: Request) -> Composed:
    """Who is credited with a role on a work (director, composer, editor...), or the reverse."""
    spec = REGISTRY[req.intent]
    assert spec.field is not None and spec.credit is not None
    pid = req.first("person")
    if req.intent is Intent.STUNTS and pid is not None and _DOUBLE_WORDS & set(req.words):
        return _doubles(c, pid)
    if req.first("work") is None:
        return _credited(c, req)
    work = c.work(req)
    people = getattr(work, spec.field)
    if not people:
        if work.status is Status.RELEASED:
            text = f"I don't have the {spec.noun} of {work.title} in my notes."
        else:
            text = f"No {spec.noun} has been announced for {work.title} yet."
        return Composed(text, c.src(work, "status"), lacking=True)
    names = [c.person_name(e.person) + (f" ({e.note})" if e.note else "") for e in people]
    if work.status is Status.RELEASED:
        text = f"{c.label(work)} {spec.credit} {join(names)}."
    else:
        text = f"{c.label(work)}: {spec.noun} {join(names)} (it is not out yet)."
    episode_text = _episode_credits(c, req, work, spec.field)
    if episode_text:  # "who directed episode 2": that episode's people, the series' after
        text = f"{episode_text} {text}"
    asked = req.first("person")
    if asked is not None and req.claims.polar:  # "did chad stahelski direct ballerina"
        text = yes_no(any(e.person == asked for e in people), text)
    if (
        not episode_text
        and spec.field == "directors"
        and work.episodes
        and not any(e.note for e in people)
    ):
        per_ep = [
            f"episode {e.number}: {join(c.person_name(p) for p in e.directors)}"
            for e in work.episodes
            if e.directors
        ]
        if per_ep:
            text += f" ({'; '.join(per_ep)})"
    return Composed(text, c.src(work, spec.field))


#: Credits an episode may list itself: the work's field -> the episode's field.
_EPISODE_CREDITS = {"directors": ("directors", "directed"), "writers": ("writers", "written")}


def _episode_credits(c: Writer, req: Request, work: Work, field: str) -> str:
    """ "Episode 2 of The Continental, “Loyalty to the Master”, was directed by …" for the
    episodes the question names, or "" when it names none (or the credit has no episodes)."""
    if field not in _EPISODE_CREDITS or not work.episodes:
        return ""
    asked = episodes_asked(work, req.words)
    if not asked or len(asked) == len(work.episodes):
        return ""
    attr, verb = _EPISODE_CREDITS[field]
    lines = []
    for episode in asked:
        people = getattr(episode, attr)
        if people:
            names = join(c.person_name(p) for p in people)
            lines.append(f"{episode_label(work, episode)}, was {verb} by {names}.")
        else:
            noun = REGISTRY[req.intent].noun
            named = f"episode {episode.number}, “{episode.title}”,"
            lines.append(f"I don't have the {noun} of {named} in my notes.")
    return " ".join(lines)


@composes(Intent.PRODUCTION_COMPANY)
def production_company(c: Writer, req: Request) -> Composed:
    """The companies that made it, and who released it ("which studio made it" means either)."""

    def render(w: Work) -> str | None:
        if not w.production_companies:
            return None
        # an announced work is still being made ("the john wick video game")
        verb = "was made" if w.status is Status.RELEASED else "is being made"
        made = f"{c.label(w)} {verb} by {join(w.production_companies)}"
        released = w.network or w.distributor
        return f"{made}, and released by {released}." if released else f"{made}."

    return c.simple(
        req,
        "production_companies",
        render,
        "I don't have the production companies of {title} in my notes.",
    )


@composes(Intent.EPISODES)
def episodes(c: Writer, req: Request) -> Composed:
    """How many episodes and seasons, with titles and air dates."""

    def render(w: Work) -> str | None:
        if not w.episodes:
            return None
        eps = sorted(w.episodes, key=lambda e: (e.season, e.number))
        asked = episodes_asked(w, req.words)
        if len(asked) == 1:  # "what is episode 2 called": that one first
            one = asked[0]
            return f"{episode_label(w, one)}, aired on {format_date(one.date)}."
        seasons = w.seasons or max(e.season for e in eps)
        parts = [f"{e.number}. “{e.title}” ({format_date(e.date)})" for e in eps]
        text = (
            f"{c.label(w)} has {plural(len(eps), 'episode')} in "
            f"{plural(seasons, 'season')}: {'; '.join(parts)}."
        )
        if w.season_note:
            text += f" {w.season_note}"
        return text

    return c.simple(req, "episodes", render, "{title} is not a series: it has no episodes.")


@composes(Intent.WHERE_TO_WATCH)
def where_to_watch(c: Writer, req: Request) -> Composed:
    """Where it streams or rents, by region, always with the date that was true.

    "... in canada" looks for that country; a service the question names ("is it on
    netflix") is confirmed only when listed, and otherwise said not to be in the notes.
    """
    work = c.work(req)
    if {"when", "date", "day"} & set(req.words):  # "when did it start streaming": the day
        streamed = streaming_release(c, work, req)
        if streamed is not None:
            return streamed
    found = list(work.where_to_watch)
    if not found:
        return Composed(
            f"I don't have where to watch {work.title} in my notes.",
            c.src(work, "status"),
            lacking=True,
        )
    countries = req.claims.countries
    if countries:
        found = [a for a in found if any(_in_region(a.region, country) for country in countries)]
    by_date: dict[str, list[str]] = {}
    for a in found:
        how = _HOW_TO_WATCH.get(a.how.value, f"is {a.how.value} on")
        since = f", since {format_date(a.since)}" if a.since else ""
        by_date.setdefault(format_date(a.as_of), []).append(
            f"{how} {a.service} ({a.region}{since})"
        )
    parts = [f"as of {when}, it {join(items)}" for when, items in by_date.items()]
    sources = c.src(work, "where_to_watch")
    if not found:
        asked = join(country.title() for country in countries)
        return Composed(
            f"I don't have where to watch {work.title} in {asked} in my notes.",
            sources,
            lacking=True,
        )
    text = f"{c.label(work)}: {'; '.join(parts)}. Streaming deals change, so check your service."
    named = req.claims.companies
    if named:
        listed = " ".join(a.service for a in found)
        verdict = "Yes" if all(has(listed, n) for n in named) else "Not in my notes"
        text = f"{verdict}: {text}"
    return Composed(text, sources)


_HOW_TO_WATCH = {
    "stream": "streams on",
    "rent": "rents on",
    "buy": "sells on",
    "free": "is free on",
}
#: How regions are written in the knowledge, for a country the question names.
_REGION_NAMES = {"united states": ("us", "usa", "united states")}


def _in_region(region: str, country: str) -> bool:
    words = normalise(region)
    names = _REGION_NAMES.get(country, (country,))
    return any(name in words.split() or name == words for name in names)


@composes(Intent.AWARDS)
def awards(c: Writer, req: Request) -> Composed:
    """Awards won and nominations."""

    def render(w: Work) -> str | None:
        if not w.awards:
            return None
        won = [a for a in w.awards if a.result.value == "won"]
        nominated = [a for a in w.awards if a.result.value != "won"]
        bits = []
        if won:
            bits.append("won " + join(f"{a.award} {a.category} ({a.year})" for a in won[:4]))
        if nominated:
            shown = join(f"{a.award} {a.category} ({a.year})" for a in nominated[:4])
            more = f" and {len(nominated) - 4} more" if len(nominated) > 4 else ""
            bits.append(f"was nominated for {shown}{more}")
        return f"{c.label(w)} {' and '.join(bits)}."

    out = c.simple(req, "awards", render, "I don't have any awards for {title} in my notes.")
    work = c.work(req)
    named = _named_bodies(req.words)
    if named and work.awards and not out.lacking:
        won_asked = bool({"win", "won", "wins"} & set(req.words))
        considered = [a for a in work.awards if a.result.value == "won" or not won_asked]
        listed = " ".join(normalise(f"{a.award} {a.category}") for a in considered)
        found = [body for body in named if _lists_body(body, listed)]
        if found:
            # the awards of the body asked about, not the first four of any
            asked = [a for a in considered if _lists_body(found[0], normalise(a.award))]
            asked = asked or considered
            parts = [
                f"{'won' if a.result.value == 'won' else 'was nominated for'} "
                f"{a.award} {a.category} ({a.year})"
                for a in asked[:4]
            ]
            text = f"{c.label(work)} {join(parts)}."
            out.text = f"Yes: {text}" if req.claims.polar else text
        else:  # "was it nominated at the sag awards?": not among the awards in the notes
            what = "win" if won_asked else "award or nomination"
            body = AWARD_BODIES[named[0]]
            out.text = f"Not that I know of: no {body} {what} in my notes. {out.text}"
    elif req.claims.polar and work.awards and not out.lacking:
        # "did ballerina win an award": Yes or No first, by what was asked (a win or any)
        won_asked = bool({"win", "won", "wins"} & set(req.words))
        if not won_asked or any(a.result.value == "won" for a in work.awards):
            out.text = f"Yes: {out.text}"
        else:
            out.text = f"Not that I know of: no wins in my notes. {out.text}"
    return out


@composes(Intent.TAGLINE)
def tagline(c: Writer, req: Request) -> Composed:
    """The poster tagline."""
    return c.simple(
        req,
        "tagline",
        lambda w: f"{c.label(w)}'s tagline: “{w.tagline}”" if w.tagline else None,
        "I don't have a tagline for {title} in my notes.",
    )


@composes(Intent.TRAILER)
def trailer(c: Writer, req: Request) -> Composed:
    """When the trailers came out."""

    def render(w: Work) -> str | None:
        if not w.trailers:
            return None
        parts = [f"{t.what}: {format_date(t.date)}" for t in w.trailers[:4]]
        return f"{c.label(w)} trailers. {'; '.join(parts)}."

    return c.simple(req, "trailers", render, "I don't have trailer dates for {title}.")


def _named_tracks(c: Writer, req: Request) -> list[tuple[Work, Track]]:
    """The songs a question names by title or artist, or by the singer named; those of the
    work asked about first, then any other work's."""
    said = f" {' '.join(req.words)} "
    singers = {normalise(c.person_name(r.id)) for r in req.slots.get("person", [])}
    asked = c.work(req)
    works = [asked, *(w for w in c.kb.works.values() if w.id != asked.id)]
    found: list[tuple[Work, Track]] = []
    for work in works:
        for track in work.soundtrack:
            artist = normalise(track.artist or "")
            by_title = len(tokens(track.title)) >= 2 and f" {normalise(track.title)} " in said
            by_artist = bool(artist) and (artist in singers or f" {artist} " in said)
            if by_title or (by_artist and len(artist.split()) >= 2):
                found.append((work, track))
        if found:
            break  # the work asked about, if it has the song
    return found


@composes(Intent.SOUNDTRACK)
def soundtrack(c: Writer, req: Request) -> Composed:
    """Notable songs, plus who wrote the score."""
    work = c.work(req)
    tracks = [f"“{t.title}”" + (f" by {t.artist}" if t.artist else "") for t in work.soundtrack]
    if not tracks:  # "what song plays in the club scene": the score's composer is no answer
        return Composed(
            f"I don't have the songs of {work.title} in my notes.",
            c.src(work, "status"),
            lacking=True,
        )
    asked = {w for w in req.words if w not in STOPWORDS and len(w) > 3} - {"song", "songs"}
    noted = [t for t in work.soundtrack if asked & set(normalise(t.note or "").split())]
    part = next((w for w in req.words if w in SONG_SCOPES), None)
    if part is not None and not noted:  # "the song in the club scene", "... in the trailer"
        return Composed(
            f"I don't know which song plays in that {part}. Notable songs of {c.label(work)}: "
            f"{join(tracks[:6])}.",
            c.src(work, "soundtrack"),
            lacking=True,
        )
    named = _named_tracks(c, req)
    if named:  # "who sings a job to do": that song first, wherever it plays
        lines = [
            f"“{t.title}”" + (f" by {t.artist}" if t.artist else "") + f" is in {c.label(w)}."
            for w, t in named
        ]
        return Composed(" ".join(lines), c.src(named[0][0], "soundtrack"))
    composers = [c.person_name(e.person) for e in work.composers]
    bits = [f"notable songs: {join(tracks[:6])}"]
    if composers:
        bits.append(f"the score is by {join(composers)}")
    text = f"{c.label(work)}: {'; '.join(bits)}."
    return Composed(text, c.src(work, "soundtrack", "composers"))


def _total_money(amounts: list[tuple[int, int]]) -> str:
    """'about $1.15–1.17 billion' for summed (low, high) dollar amounts."""
    low = sum(a for a, _ in amounts)
    high = sum(b for _, b in amounts)
    scale, unit = (1e9, "billion") if low >= 1e9 else (1e6, "million")

    def fmt(v: int) -> str:
        return f"{v / scale:,.2f}".rstrip("0").rstrip(".")

    span = fmt(low) if fmt(low) == fmt(high) else f"{fmt(low)}–{fmt(high)}"
    return f"about ${span} {unit}"


def _named_bodies(words: tuple[str, ...]) -> list[str]:
    return [body for body in AWARD_BODIES if set(body.split()) <= set(words)]


def _awards_of_all(req: Request, works: list[Work]) -> str | None:
    """ "has a john wick movie been nominated for an oscar": one answer for all the films."""
    named = _named_bodies(req.words)
    if not named:
        return None
    won_asked = bool({"win", "won", "wins"} & set(req.words))
    hits = [
        w
        for w in works
        for a in w.awards
        if (a.result.value == "won" or not won_asked)
        and _lists_body(named[0], normalise(f"{a.award} {a.category}"))
    ]
    body = AWARD_BODIES[named[0]]
    if hits:
        titles = join(dict.fromkeys(w.title for w in hits))
        return f"Yes: {titles}." if req.claims.polar else f"{body}: {titles}."
    what = "win" if won_asked else "win or nomination"
    article = "an" if body[0] in "AEIOU" else "a"
    return (
        f"Not that I know of: none of the {len(works)} films has {article} {body} {what} "
        "in my notes."
    )


def total(c: Writer, req: Request, works: list[Work]) -> str | None:
    """One sentence about all the films at once: a measure summed ("how much has the
    franchise made"), or an award body looked for in every film; None when there is none."""
    intent = req.intent
    with_figures: list[Work]
    if intent is Intent.AWARDS:
        return _awards_of_all(req, works)
    if intent in (Intent.BOX_OFFICE, Intent.BUDGET):
        field = "box_office" if intent is Intent.BOX_OFFICE else "budget"
        with_figures = [w for w in works if getattr(w, field)]
        if not with_figures:
            return None
        amounts = [(m.low, m.high or m.low) for w in with_figures for m in [getattr(w, field)]]
        verb = "grossed" if intent is Intent.BOX_OFFICE else "cost"
        where = " worldwide" if intent is Intent.BOX_OFFICE else " to make"
        value = f"{verb} {_total_money(amounts)}{where}"
    elif intent is Intent.RUNTIME:
        with_figures = [w for w in works if w.runtime and not w.runtime.per_episode]
        if not with_figures:
            return None
        minutes = sum(w.runtime.minutes for w in with_figures if w.runtime)
        hours, mins = divmod(minutes, 60)
        value = f"run {minutes} minutes ({plural(hours, 'hour')} {plural(mins, 'minute')})"
    else:
        return None
    if len(with_figures) == len(works):
        who = f"Together, all {len(works)} films"
    else:
        names = ", ".join(c.label(w) for w in with_figures)
        who = f"Together, the {len(with_figures)} films with figures ({names})"
    return f"{who} {value}."
