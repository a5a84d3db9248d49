"""Typed models of the YAML knowledge base (one model per kind of file).

Everything here is plain data validated by pydantic. Cross-file rules (unknown people,
duplicate ids, colliding aliases, unknown source ids) live in ``validate.py``.
"""

from __future__ import annotations

import datetime as dt
import re
from enum import StrEnum
from functools import cached_property
from typing import Annotated, Any

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

_ID_RE = r"^[a-z0-9]+(?:-[a-z0-9]+)*$"
Id = Annotated[str, Field(pattern=_ID_RE, min_length=1, max_length=64)]
SourceId = Annotated[str, Field(pattern=r"^[A-Za-z0-9]+$", max_length=16)]
NonEmpty = Annotated[str, Field(min_length=1)]


class Model(BaseModel):
    """Base: unknown keys are errors (catches typos), instances are immutable."""

    model_config = ConfigDict(extra="forbid", frozen=True)


class Precision(StrEnum):
    """How exactly a date is known."""

    DAY = "day"
    MONTH = "month"
    YEAR = "year"
    TBA = "tba"


_DATE_FORMS: tuple[tuple[re.Pattern[str], Precision], ...] = (
    (re.compile(r"^\d{4}-\d{2}-\d{2}$"), Precision.DAY),
    (re.compile(r"^\d{4}-\d{2}$"), Precision.MONTH),
    (re.compile(r"^\d{4}$"), Precision.YEAR),
    (re.compile(r"^(?i:tba)$"), Precision.TBA),
)


class FuzzyDate(Model):
    """A date known to day, month or year precision, or not announced (TBA).

    Written in YAML as ``2025-06-06``, ``2025-06``, ``2025`` or ``TBA``.
    """

    text: str
    precision: Precision
    year: int | None = None
    month: int | None = None
    day: int | None = None

    @model_validator(mode="before")
    @classmethod
    def _parse(cls, value: Any) -> Any:
        if isinstance(value, dict):
            return value
        if isinstance(value, (dt.date, int)):
            value = value.isoformat() if isinstance(value, dt.date) else str(value)
        if not isinstance(value, str):
            raise ValueError("a date must be YYYY-MM-DD, YYYY-MM, YYYY or TBA")
        text = value.strip()
        precision = next((p for pattern, p in _DATE_FORMS if pattern.match(text)), None)
        if precision is None:
            raise ValueError(f"{text!r} is not a date: use YYYY-MM-DD, YYYY-MM, YYYY or TBA")
        if precision is Precision.TBA:
            return {"text": "TBA", "precision": precision}
        parts = [int(p) for p in text.split("-")]
        try:  # check the calendar (e.g. 2025-02-30 is rejected)
            dt.date(parts[0], parts[1] if len(parts) > 1 else 1, parts[2] if len(parts) > 2 else 1)
        except ValueError as exc:
            raise ValueError(f"{text!r} is not a real date ({exc})") from None
        keys = ("year", "month", "day")
        return {"text": text, "precision": precision, **dict(zip(keys, parts, strict=False))}

    @cached_property
    def exact(self) -> dt.date | None:
        """The calendar date when known to the day, else None."""
        if self.precision is Precision.DAY:
            assert self.year and self.month and self.day
            return dt.date(self.year, self.month, self.day)
        return None

    def sort_key(self) -> tuple[int, int, int]:
        """Orders dates; TBA sorts last, coarse dates at the start of their span."""
        return (self.year or 9999, self.month or 0, self.day or 0)


class WorkKind(StrEnum):
    """Film, series, or an announced project that is not out yet."""

    FILM = "film"
    SERIES = "series"
    ANNOUNCED = "announced"


class Status(StrEnum):
    """Production status of a work."""

    RELEASED = "released"
    POST_PRODUCTION = "post-production"
    IN_PRODUCTION = "in-production"
    IN_DEVELOPMENT = "in-development"
    ANNOUNCED = "announced"
    CANCELLED = "cancelled"


class Release(Model):
    """The main release of a work (US theatrical or premiere date unless said otherwise)."""

    date: FuzzyDate
    region: str = "US"
    note: str | None = None


class DatedEvent(Model):
    """A premiere, festival screening or other dated event."""

    date: FuzzyDate
    what: NonEmpty
    place: str | None = None
    note: str | None = None


class DateChange(Model):
    """A release date that was announced and later moved."""

    date: FuzzyDate
    region: str = "US"
    announced: str | None = None
    reason: str | None = None


class Credit(Model):
    """A person credited on a work, with an optional role note ("screenplay", "uncredited")."""

    person: Id
    note: str | None = None


class CastEntry(Model):
    """An actor and the character they play in one work."""

    person: Id
    character: Id
    note: str | None = None


class Rating(Model):
    """Age rating with the board's reason."""

    certificate: NonEmpty
    system: str = "MPAA"
    reason: str | None = None


class Runtime(Model):
    """Running time in minutes; ``minutes_max`` gives a range where sources disagree."""

    minutes: int = Field(gt=0, lt=2000)
    minutes_max: int | None = Field(default=None, gt=0, lt=2000)
    per_episode: bool = False
    note: str | None = None

    @model_validator(mode="after")
    def _range(self) -> Runtime:
        if self.minutes_max is not None and self.minutes_max < self.minutes:
            raise ValueError("minutes_max must be at least minutes")
        return self


class Money(Model):
    """An approximate amount in US dollars, possibly a range, with an as-of date."""

    low: int = Field(ge=0)
    high: int | None = Field(default=None, ge=0)
    as_of: FuzzyDate | None = None
    note: str | None = None

    @model_validator(mode="after")
    def _range(self) -> Money:
        if self.high is not None and self.high < self.low:
            raise ValueError("high must be at least low")
        return self


class Score(Model):
    """A critics' or audience score snapshot; scores drift, so ``as_of`` is required."""

    site: NonEmpty
    value: NonEmpty
    as_of: FuzzyDate
    note: str | None = None


class Episode(Model):
    """One episode of a series (``number`` counts within its ``season``)."""

    number: int = Field(ge=1)
    season: int = Field(default=1, ge=1)
    title: NonEmpty
    date: FuzzyDate
    directors: list[Id] = []
    writers: list[Id] = []
    runtime_minutes: int | None = Field(default=None, gt=0, lt=2000)


class WatchMethod(StrEnum):
    """How a work can be watched on a service."""

    STREAM = "stream"
    RENT = "rent"
    BUY = "buy"
    FREE = "free"


class Availability(Model):
    """Where a work can be watched in one region; catalogues change, so ``as_of`` is required.

    ``since`` is the day it arrived there (its streaming or digital release), when known.
    """

    region: NonEmpty
    service: NonEmpty
    how: WatchMethod
    as_of: FuzzyDate
    since: FuzzyDate | None = None
    note: str | None = None


class AwardResult(StrEnum):
    """Whether an award nomination was won."""

    WON = "won"
    NOMINATED = "nominated"


class Award(Model):
    """One award nomination or win (``recipients`` are person ids, empty for the work itself)."""

    award: NonEmpty
    category: NonEmpty
    result: AwardResult
    year: int = Field(ge=1900, lt=2200)
    recipients: list[Id] = []
    note: str | None = None


class Track(Model):
    """A notable song or score cue of a work's soundtrack."""

    title: NonEmpty
    artist: str | None = None
    note: str | None = None


class Timeline(Model):
    """Where a work sits in the in-universe story."""

    order: float | None = None
    text: NonEmpty


class ExternalIds(Model):
    """Ids of a work in public databases, so ``knowledge refresh`` can look it up.

    ``tmdb`` names the TMDB namespace too: ``movie/245891`` or ``tv/72710``.
    """

    wikidata: str | None = Field(default=None, pattern=r"^Q[1-9][0-9]*$")
    tmdb: str | None = Field(default=None, pattern=r"^(movie|tv)/[1-9][0-9]*$")


#: Fact fields of a work that must carry sources when present.
WORK_FACT_FIELDS: tuple[str, ...] = (
    "release",
    "premieres",
    "date_history",
    "status",
    "directors",
    "writers",
    "producers",
    "cast",
    "rating",
    "runtime",
    "genres",
    "language",
    "country",
    "distributor",
    "network",
    "budget",
    "box_office",
    "scores",
    "filming_locations",
    "premise",
    "settings",
    "timeline",
    "episodes",
    "composers",
    "cinematographers",
    "editors",
    "stunt_coordinators",
    "production_companies",
    "where_to_watch",
    "tagline",
    "spin_off",
    "awards",
    "soundtrack",
    "trailers",
    "seasons",
)

#: Credit lists of a work whose ``person`` must name a known person.
WORK_CREDIT_FIELDS: tuple[str, ...] = (
    "directors",
    "writers",
    "producers",
    "composers",
    "cinematographers",
    "editors",
    "stunt_coordinators",
)


class Setting(Model):
    """A place where a work's story takes place ("Rome", "Italy")."""

    place: NonEmpty
    country: str | None = None
    note: str | None = None


class Work(Model):
    """A film, series or announced project, one per file under ``knowledge/works/``."""

    id: Id
    kind: WorkKind
    medium: str | None = None
    title: NonEmpty
    full_title: str | None = None
    aliases: list[NonEmpty] = []
    ids: ExternalIds | None = None
    status: Status
    status_note: str | None = None
    status_as_of: FuzzyDate | None = None
    release: Release
    premieres: list[DatedEvent] = []
    date_history: list[DateChange] = []
    directors: list[Credit] = []
    writers: list[Credit] = []
    producers: list[Credit] = []
    composers: list[Credit] = []
    cinematographers: list[Credit] = []
    editors: list[Credit] = []
    stunt_coordinators: list[Credit] = []
    production_companies: list[NonEmpty] = []
    cast: list[CastEntry] = []
    rating: Rating | None = None
    runtime: Runtime | None = None
    genres: list[NonEmpty] = []
    language: str | None = None
    country: str | None = None
    distributor: str | None = None
    network: str | None = None
    budget: Money | None = None
    box_office: Money | None = None
    scores: list[Score] = []
    filming_period: str | None = None
    filming_locations: list[NonEmpty] = []
    premise: NonEmpty
    #: where the story takes place (not where it was filmed)
    settings: list[Setting] = []
    timeline: Timeline | None = None
    episodes: list[Episode] = []
    seasons: int | None = Field(default=None, ge=1)
    season_note: str | None = None
    where_to_watch: list[Availability] = []
    tagline: str | None = None
    #: True for a work set beside the main films (Ballerina, The Continental); unset otherwise
    spin_off: bool | None = None
    awards: list[Award] = []
    soundtrack: list[Track] = []
    trailers: list[DatedEvent] = []
    sources: dict[str, list[SourceId]]

    @field_validator("sources")
    @classmethod
    def _known_fields(cls, value: dict[str, list[str]]) -> dict[str, list[str]]:
        unknown = sorted(set(value) - set(WORK_FACT_FIELDS))
        if unknown:
            raise ValueError(f"sources names unknown fields: {', '.join(unknown)}")
        return value


class Person(Model):
    """A real person (actor, director, writer...)."""

    id: Id
    name: NonEmpty
    aliases: list[NonEmpty] = []
    description: NonEmpty
    born: FuzzyDate | None = None
    birthplace: str | None = None
    died: FuzzyDate | None = None
    nationality: str | None = None
    known_for: str | None = None
    notes: list[NonEmpty] = []
    sources: list[SourceId] = Field(min_length=1)

    @model_validator(mode="after")
    def _lifespan(self) -> Person:
        if self.born and self.died and self.died.sort_key() < self.born.sort_key():
            raise ValueError("died must not be before born")
        return self


class Character(Model):
    """A character of the franchise; who plays them comes from the works' cast lists."""

    id: Id
    name: NonEmpty
    aliases: list[NonEmpty] = []
    description: NonEmpty
    spoiler: str | None = None
    sources: list[SourceId] = Field(min_length=1)


class Topic(Model):
    """A lore or trivia topic fans ask about, answered by a written text.

    ``aliases`` name the topic on their own ("the impossible task"). ``keywords`` are
    everyday words ("dog", "car") that point at the topic only in a question that also
    names something of the franchise ("what dog does john wick have").
    ``per_work`` answers the topic for one work ("body count in Chapter 2"). ``spoiler``
    is a warning shown before the answer when it reveals a death or an ending.
    """

    id: Id
    title: NonEmpty
    kind: str = Field(default="lore", pattern=r"^(lore|trivia)$")
    aliases: list[NonEmpty] = []
    keywords: list[NonEmpty] = []
    answer: NonEmpty
    per_work: dict[Id, NonEmpty] = {}
    spoiler: str | None = None
    related: list[str] = []
    sources: list[SourceId] = Field(min_length=1)


class Source(Model):
    """A cited source: where a fact came from and when that page was written."""

    url: NonEmpty
    title: str | None = None
    date: str | None = None
    note: str | None = None


class IntentPhrasings(Model):
    """Example phrasings that teach the engine one intent (``{work}`` style slots allowed).

    ``relation`` words and phrases name the fact the intent answers ("music", "score",
    "composer"): a question that uses them asks for this fact and not a neighbouring one.
    ``relation_last`` words do so only when they end the question.
    """

    phrasings: list[NonEmpty] = Field(min_length=1)
    cues: list[NonEmpty] = []
    relation: list[NonEmpty] = []
    #: words that name the relation only as the question's last word ("what is it about")
    relation_last: list[NonEmpty] = []


class LackingRelation(Model):
    """A relation fans ask about that Wickbot has no data for ("what camera was it shot on").

    A question using its ``words`` gets "I don't have the ``noun`` of X", never another fact.
    """

    noun: NonEmpty
    words: list[NonEmpty] = Field(min_length=1)
