"""The intent registry: every kind of question Wickbot understands, declared once.

An intent is one entry of :data:`REGISTRY`: the slots it needs, the fact field it reads,
its direction (a fact of a work, or the works of a person), the family of intents whose
answers overlap, and what kind of value it answers with (a date, a person, a place...).
Its phrasings and relation words ("music", "score", "composer") live in
``knowledge/intents.yaml``; its composer is the one function registered for it in
``bot.answers`` (``@composes``). ``tests/test_intents.py`` proves every intent is complete.

To add "who composed X?": the fact in the works' YAML, an entry here and in intents.yaml,
and one composer (or, for a credit like ``composers``, nothing more: credits share one).
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from enum import StrEnum

W, P, C, T = "work", "person", "character", "topic"


class Intent(StrEnum):
    """What a question asks for (the name used in intents.yaml and the JSON output)."""

    OVERVIEW = "overview"
    RELEASE_DATE = "release_date"
    COUNTDOWN = "countdown"
    CAST = "cast"
    WHO_PLAYS = "who_plays"
    ACTOR_ROLE = "actor_role"
    ACTOR_IN_WORK = "actor_in_work"
    CHARACTER_INFO = "character_info"
    PERSON_WORKS = "person_works"
    PERSON_BORN = "person_born"
    PERSON_INFO = "person_info"
    DIRECTOR = "director"
    WRITER = "writer"
    PRODUCER = "producer"
    COMPOSER = "composer"
    CINEMATOGRAPHER = "cinematographer"
    EDITOR = "editor"
    STUNTS = "stunts"
    PRODUCTION_COMPANY = "production_company"
    RATING = "rating"
    RUNTIME = "runtime"
    GENRE = "genre"
    LANGUAGE = "language"
    COUNTRY = "country"
    DISTRIBUTOR = "distributor"
    BUDGET = "budget"
    BOX_OFFICE = "box_office"
    SCORES = "scores"
    PREMISE = "premise"
    FILMING = "filming"
    EPISODES = "episodes"
    WHERE_TO_WATCH = "where_to_watch"
    AWARDS = "awards"
    TAGLINE = "tagline"
    TRAILER = "trailer"
    SOUNDTRACK = "soundtrack"
    WATCH_ORDER = "watch_order"
    TIMELINE = "timeline"
    LIST_WORKS = "list_works"
    COUNT_WORKS = "count_works"
    UPCOMING = "upcoming"
    STATUS = "status"
    LORE = "lore"
    HELP = "help"


class Direction(StrEnum):
    """Which way a question goes."""

    FACT = "fact"  # a fact of a work: "who directed chapter 4"
    ABOUT = "about"  # about a person, character or topic: "who is winston"
    FRANCHISE = "franchise"  # about the franchise as a whole: watch order, counts, lists
    META = "meta"  # about Wickbot itself: help


class Answers(StrEnum):
    """The kind of value an intent answers with, matched against the question word."""

    DATE = "date"  # when
    PERSON = "person"  # who
    PLACE = "place"  # where
    DURATION = "duration"  # how long
    MONEY = "money"  # how much
    NUMBER = "number"  # how many
    TEXT = "text"  # what / anything
    WORKS = "works"  # which films: a list of works, no value ("how long" is not asking it)


@dataclass(frozen=True)
class SlotSpec:
    """What an intent needs: one set of acceptable kinds per required slot, plus extras."""

    required: tuple[frozenset[str], ...] = ()
    optional: frozenset[str] = frozenset()

    @property
    def kinds(self) -> frozenset[str]:
        """Every kind of thing this intent can use."""
        return frozenset().union(*self.required, self.optional)


@dataclass(frozen=True)
class IntentDef:
    """One intent, declared once.

    ``field`` is the fact it reads (a Work or Person attribute) or None; ``noun`` names that
    fact in "I don't have the composer of X"; ``credit`` marks a list of people credited on
    a work (answered both ways: "who composed X", "what did Tyler Bates score"); ``scoped``
    intents take their work as "in <work>" (anything else after "in" is another film).
    """

    slots: SlotSpec
    direction: Direction
    answers: Answers = Answers.TEXT
    field: str | None = None
    noun: str = ""
    families: tuple[str, ...] = ()
    credit: str | None = None  # a credit's phrase: "<work> was scored by <people>"
    per_work: bool = False
    #: a per-work fact that may be asked of every film at once ("how long are all the films")
    of_all: bool = True
    scoped: bool = False
    #: answers only "yes or no" ("is winston in chapter 4"): no reading of a "which" question
    yes_no: bool = False
    #: other kinds of value its facts hold ("where did chapter 4 premiere": a release's venue)
    also_answers: tuple[Answers, ...] = ()


_WORK = SlotSpec((frozenset({W}),), frozenset({W}))
#: A credit is asked of a work ("who edited chapter 4") or of a person ("what did he edit").
_CREDIT = SlotSpec((frozenset({W, P}),), frozenset({W, P}))
_PERSON = SlotSpec((frozenset({P}),))
_FRANCHISE = SlotSpec((), frozenset({W}))


def _fact(field: str, noun: str, answers: Answers = Answers.TEXT, *families: str) -> IntentDef:
    return IntentDef(_WORK, Direction.FACT, answers, field, noun, families, per_work=True)


def _credit(field: str, noun: str, verb: str, *families: str) -> IntentDef:
    # "what did chad stahelski direct" is his works, through a credit: the "person" family
    return IntentDef(
        _CREDIT,
        Direction.FACT,
        Answers.PERSON,
        field,
        noun,
        (*families, "person"),
        verb,
        per_work=True,
    )


REGISTRY: dict[Intent, IntentDef] = {
    Intent.OVERVIEW: IntentDef(_WORK, Direction.FACT, noun="overview", families=("about-work",)),
    Intent.RELEASE_DATE: replace(
        _fact("release", "release date", Answers.DATE, "when"), also_answers=(Answers.PLACE,)
    ),
    Intent.COUNTDOWN: _fact("release", "release date", Answers.DURATION, "when"),
    # a status asked of no work is the news of every announced one ("what's been announced");
    # it is no fact of each film as a whole ("what john wick movies are in development")
    Intent.STATUS: replace(_fact("status", "status", Answers.TEXT, "when", "news"), of_all=False),
    Intent.CAST: IntentDef(_WORK, Direction.FACT, Answers.PERSON, "cast", "cast", scoped=True),
    Intent.WHO_PLAYS: IntentDef(
        SlotSpec((frozenset({C}),), frozenset({W})),
        Direction.ABOUT,
        Answers.PERSON,
        "cast",
        "actor",
        ("character", "cast-of"),
        scoped=True,
    ),
    Intent.ACTOR_ROLE: IntentDef(  # with a character: whether the person plays them
        SlotSpec((frozenset({P}),), frozenset({W, C})),
        Direction.ABOUT,
        field="cast",
        noun="role",
        families=("person",),
        scoped=True,
    ),
    Intent.ACTOR_IN_WORK: IntentDef(
        SlotSpec((frozenset({P, C}), frozenset({W})), frozenset({W, C})),
        Direction.FACT,
        field="cast",
        noun="cast",
        families=("person", "cast-of"),
        yes_no=True,
        scoped=True,
    ),
    Intent.CHARACTER_INFO: IntentDef(
        SlotSpec((frozenset({C}),), frozenset({W})),
        Direction.ABOUT,
        noun="character",
        families=("character",),
        scoped=True,
    ),
    Intent.PERSON_WORKS: IntentDef(
        _PERSON, Direction.ABOUT, noun="work", families=("person",), scoped=True
    ),
    Intent.PERSON_BORN: IntentDef(  # with a work: the age at its release
        SlotSpec((frozenset({P}),), frozenset({W})),
        Direction.ABOUT,
        Answers.DATE,
        "born",
        "birth date",
        ("person-life",),
    ),
    Intent.PERSON_INFO: IntentDef(
        _PERSON, Direction.ABOUT, Answers.PLACE, "nationality", "nationality", ("person-life",)
    ),
    Intent.DIRECTOR: _credit("directors", "director", "was directed by"),
    Intent.WRITER: _credit("writers", "writer", "was written by"),
    Intent.PRODUCER: _credit("producers", "producer", "was produced by", "company"),
    Intent.COMPOSER: _credit("composers", "composer", "was scored by", "music"),
    Intent.CINEMATOGRAPHER: _credit("cinematographers", "cinematographer", "was shot by"),
    Intent.EDITOR: _credit("editors", "editor", "was edited by"),
    Intent.STUNTS: _credit(
        "stunt_coordinators", "stunt coordinator", "had its stunts and fights run by"
    ),
    Intent.PRODUCTION_COMPANY: _fact(
        "production_companies", "production companies", Answers.TEXT, "company"
    ),
    Intent.RATING: _fact("rating", "rating"),
    Intent.RUNTIME: _fact("runtime", "runtime", Answers.DURATION),
    Intent.GENRE: _fact("genres", "genre"),
    Intent.LANGUAGE: _fact("language", "language"),
    Intent.COUNTRY: _fact("country", "country of origin", Answers.PLACE),
    Intent.DISTRIBUTOR: _fact("distributor", "distributor", Answers.TEXT, "distribution"),
    Intent.BUDGET: _fact("budget", "budget", Answers.MONEY),
    Intent.BOX_OFFICE: _fact("box_office", "box-office figures", Answers.MONEY),
    Intent.SCORES: _fact("scores", "review scores"),
    Intent.PREMISE: _fact("premise", "premise", Answers.TEXT, "about-work"),
    Intent.FILMING: _fact("filming_locations", "filming locations"),
    Intent.EPISODES: _fact("episodes", "episodes", Answers.NUMBER),
    # "where can i stream it" and "when did it hit vod": both are its availability, dated
    Intent.WHERE_TO_WATCH: _fact("where_to_watch", "streaming availability", Answers.PLACE),
    Intent.AWARDS: _fact("awards", "awards"),
    Intent.TAGLINE: _fact("tagline", "tagline"),
    Intent.TRAILER: _fact("trailers", "trailer dates", Answers.DATE),
    # the songs of a work; a singer named is whose songs are asked for ("what song does
    # rina sawayama sing in chapter 4")
    Intent.SOUNDTRACK: IntentDef(
        SlotSpec((frozenset({W}),), frozenset({W, P})),
        Direction.FACT,
        Answers.TEXT,
        "soundtrack",
        "soundtrack",
        ("music",),
        per_work=True,
    ),
    Intent.TIMELINE: _fact("timeline", "place in the story", Answers.TEXT, "order"),
    Intent.WATCH_ORDER: IntentDef(
        _FRANCHISE, Direction.FRANCHISE, Answers.WORKS, families=("order",)
    ),
    Intent.LIST_WORKS: IntentDef(
        SlotSpec(), Direction.FRANCHISE, Answers.WORKS, families=("order", "franchise")
    ),
    Intent.COUNT_WORKS: IntentDef(
        SlotSpec(), Direction.FRANCHISE, Answers.NUMBER, families=("franchise",)
    ),
    Intent.UPCOMING: IntentDef(SlotSpec(), Direction.FRANCHISE, families=("franchise", "news")),
    Intent.LORE: IntentDef(
        SlotSpec((frozenset({T}),), frozenset({W, C, P})), Direction.ABOUT, scoped=True
    ),
    Intent.HELP: IntentDef(SlotSpec(), Direction.META),
}


def spec(intent: Intent) -> SlotSpec:
    """The slots ``intent`` needs."""
    return REGISTRY[intent].slots


def same_family(a: Intent, b: Intent) -> bool:
    """True when two intents' answers overlap, so a close race between them is no ambiguity."""
    return a == b or bool(set(REGISTRY[a].families) & set(REGISTRY[b].families))
