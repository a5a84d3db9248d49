"""When a work came to streaming or digital ("when did ballerina come out on starz"),
from its where-to-watch entries: the day it arrived, the region, and as of when it was listed.
"""

from __future__ import annotations

from collections.abc import Sequence

from bot.answers.base import Composed, Request, Writer, has, join
from bot.answers.dates import format_date
from bot.facts.schema import Availability, Status, WatchMethod, Work
from bot.nlu.normalise import normalise

_DIGITAL = frozenset({WatchMethod.RENT, WatchMethod.BUY})
#: Words that ask for the streaming or digital release, and the ways of watching they mean.
ASKS: dict[str, frozenset[WatchMethod]] = {
    **dict.fromkeys(
        ("stream", "streaming", "streamed", "streams"), frozenset({WatchMethod.STREAM})
    ),
    **dict.fromkeys(("digital", "digitally", "vod", "demand", "rent", "rental"), _DIGITAL),
}
#: Streaming services a question may name, though the knowledge may not list the work there.
SERVICES = frozenset(
    "peacock starz prime amazon netflix hulu max hbo apple disney paramount".split()
)
#: Words of a service's name too generic to name it ("Prime Video", "digital stores").
_GENERIC = frozenset({"video", "stores", "store", "tv", "plus"})
_VERBS = {
    WatchMethod.STREAM: "has streamed on",
    WatchMethod.RENT: "has been to rent or buy on",
    WatchMethod.BUY: "has been to buy on",
    WatchMethod.FREE: "has been free to watch on",
}


def region_phrase(region: str) -> str:
    """'in the US', 'outside the US', 'in several countries outside the US'."""
    if region in ("US", "UK"):
        return f"in the {region}"
    return region if region.startswith("outside") else f"in {region}"


def _names(service: str, words: set[str]) -> bool:
    return bool(set(normalise(service).split()) - _GENERIC & words)


def _asked(
    work: Work, words: Sequence[str]
) -> tuple[list[Availability], list[str], frozenset[WatchMethod]] | None:
    """The entries the question asks about and the services it names that are not listed;
    None when it asks about no streaming or digital release."""
    asked = set(words)
    named = [a for a in work.where_to_watch if _names(a.service, asked)]
    unlisted = sorted(
        s for s in SERVICES & asked if not any(has(a.service, s) for a in work.where_to_watch)
    )
    ways = frozenset().union(*(ASKS[w] for w in asked if w in ASKS))
    if not named and not unlisted and not ways:
        return None
    chosen = named or [a for a in work.where_to_watch if a.how in ways]
    return chosen, unlisted, ways


def _sentence(work: Work, a: Availability) -> str:
    where = region_phrase(a.region)
    if a.since is None:
        how = "streams" if a.how is WatchMethod.STREAM else f"is to {a.how.value}"
        return (
            f"I don't have the day {work.title} arrived on {a.service} {where}; it {how} "
            f"there as of {format_date(a.as_of)}."
        )
    listed, (year, month, _), (since_year, since_month, _) = (
        "",
        a.as_of.sort_key(),
        a.since.sort_key(),
    )
    if (year, month) > (since_year, since_month) if month else year > since_year:
        listed = f" (listed there as of {format_date(a.as_of)})"
    since = format_date(a.since)
    return f"{work.title} {_VERBS[a.how]} {a.service} {where} since {since}{listed}."


def streaming_release(c: Writer, work: Work, req: Request) -> Composed | None:
    """The streaming or digital release a release-date question asks about, or None when it
    asks about the cinema (or premiere) date."""
    found = _asked(work, req.words)
    if found is None:
        return None
    chosen, unlisted, ways = found
    release = c.release_sentence(work, req.today)
    sources = c.src(work, "where_to_watch", "release")
    if not work.where_to_watch:
        if work.status is not Status.RELEASED:
            return Composed(f"{c.not_out_yet(work, 'where_to_watch')} {release}", sources)
        text = f"I don't have when {work.title} came to streaming or digital in my notes."
        return Composed(text, c.src(work, "status"), lacking=True)
    lines = []
    if unlisted:
        names = join((s.title() for s in unlisted), "or")
        lines.append(f"I don't have {work.title} on {names} in my notes.")
    if not chosen:  # "on vod": no such release in the notes; where it is instead
        way = "came to streaming" if WatchMethod.STREAM in ways else "came out to rent or buy"
        lines.append(f"I don't have when {work.title} {way} in my notes.")
    shown = chosen or list(work.where_to_watch)
    lines += [_sentence(work, a) for a in shown[:3]]
    if req.claims.polar:
        out = any(
            a.since is None or a.since.exact is None or a.since.exact <= req.today for a in chosen
        )
        lines[0] = f"{'Yes' if chosen and out else 'No'}: {lines[0]}"
    return Composed(" ".join([*lines, release]), sources)
