"""The overview answer and the rich card of a work (``!ballerina``, ``!film``)."""

from __future__ import annotations

import datetime as dt

from bot.answers.base import STATUS_WORDS, Composed, Request, Writer, cut, join
from bot.answers.brevity import sentences
from bot.answers.dates import format_date, relative
from bot.answers.model import Card, CardField
from bot.answers.registry import composes
from bot.facts.schema import Precision, Status, Work, WorkKind
from bot.intents import Intent


@composes(Intent.OVERVIEW)
def overview(c: Writer, req: Request) -> Composed:
    """A short profile plus a full card; a work not out yet leads with its latest news."""
    work = c.work(req)
    news = sentences(work.status_note or "") if work.status is not Status.RELEASED else []
    release = c.release_sentence(work, req.today)
    if news:  # not out yet: what it is, from the latest news ("a game developed by …"), leads
        bits = [f"{c.label(work)}: {news.pop(0)}", work.premise, release]
    else:
        bits = [f"{c.label(work)}: {work.premise}"]
    people = [c.person_name(e.person) for e in work.directors]
    if people:
        verb = "Directed" if work.status is Status.RELEASED else "Director"
        bits.append(
            f"{verb} by {join(people)}." if verb == "Directed" else f"Director: {join(people)}."
        )
    if work.cast:
        lead = [
            f"{c.person_name(e.person)} as {c.character_name(e.character)}" for e in work.cast[:3]
        ]
        bits.append(f"Starring {join(lead)}.")
    if release not in bits:
        bits.append(release)
    bits += news
    extra = []
    if work.rating:
        extra.append(f"Rated {work.rating.certificate}")
    if work.runtime:
        extra.append(c.runtime_short(work))
    if extra:
        bits.append(", ".join(extra) + ".")
    sources = c.src(work, "premise", "release", "directors", "cast", "rating", "runtime")
    return Composed(" ".join(bits), sources, work_card(c, work, req.today))


def work_card(c: Writer, work: Work, today: dt.date) -> Card:
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
        fields.append(CardField("Director", join(c.person_name(e.person) for e in work.directors)))
    if work.rating:
        fields.append(CardField("Rating", work.rating.certificate))
    if work.runtime:
        fields.append(CardField("Runtime", c.runtime_short(work)))
    if work.cast:
        lines = [
            f"{c.person_name(e.person)} — {c.character_name(e.character)}" for e in work.cast[:8]
        ]
        fields.append(CardField("Cast", cut("\n".join(lines)), inline=False))
    if work.kind is WorkKind.ANNOUNCED or work.status is not Status.RELEASED:
        note = work.status_note or STATUS_WORDS[work.status]
        as_of = f" (as of {format_date(work.status_as_of)})" if work.status_as_of else ""
        fields.append(CardField("Status", cut(note + as_of), inline=False))
    sources = c.src(work, "release", "premise", "cast")
    footer = c.source_line(sources)
    return Card(
        title=work.full_title or work.title,
        description=work.premise,
        fields=tuple(fields),
        footer=footer,
        release=date.exact,
        released=released,
    )
