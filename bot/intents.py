"""The intents Wickbot understands. Phrasings that teach them live in ``knowledge/intents.yaml``."""

from __future__ import annotations

from enum import StrEnum


class Intent(StrEnum):
    """What a question asks for. Each intent has one composer in ``bot.answers``."""

    OVERVIEW = "overview"
    RELEASE_DATE = "release_date"
    COUNTDOWN = "countdown"
    CAST = "cast"
    WHO_PLAYS = "who_plays"
    ACTOR_ROLE = "actor_role"
    ACTOR_IN_WORK = "actor_in_work"
    CHARACTER_INFO = "character_info"
    PERSON_WORKS = "person_works"
    DIRECTOR = "director"
    WRITER = "writer"
    PRODUCER = "producer"
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
    WATCH_ORDER = "watch_order"
    TIMELINE = "timeline"
    LIST_WORKS = "list_works"
    COUNT_WORKS = "count_works"
    UPCOMING = "upcoming"
    STATUS = "status"
    LORE = "lore"
    HELP = "help"
