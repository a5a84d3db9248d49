"""What a yes/no question asserts: "is ballerina rated r" claims the certificate R.

Read once from the question's words by the understanding step; composers only compare the
claims with the facts ("Yes: ..." / "No: ...").
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass
from functools import lru_cache

from bot.intents import Intent
from bot.nlu.words import YEAR, question_start
from bot.text import ORDINALS

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
    "danish": "denmark",
    "swedish": "sweden",
    "irish": "ireland",
    "scottish": "united kingdom",
    "welsh": "united kingdom",
    "australian": "australia",
    "mexican": "mexico",
    "cuban": "cuba",
    "dutch": "netherlands",
    "spanish": "spain",
    "russian": "russia",
    "korean": "south korea",
    "indian": "india",
}
COMPANIES = {
    w: w
    for w in "lionsgate summit peacock starz amazon prime netflix sony warner "
    "disney universal paramount hulu max hbo apple".split()
}
_LONGER = frozenset({"over", "longer", "more", "above"})
_SHORTER = frozenset({"under", "shorter", "less", "below"})
#: Superlatives and which way they compare ("the longest", "highest grossing").
EXTREMES = {
    "longest": "max",
    "shortest": "min",
    "highest": "max",
    "lowest": "min",
    "most": "max",
    "least": "min",
    "biggest": "max",
    "largest": "max",
    "smallest": "min",
    "best": "max",
    "worst": "min",
    "cheapest": "min",
    "top": "max",
}
#: Comparatives, for a measure compared between the works a question names ("which is
#: longer, chapter 3 or chapter 4"): "max" or "min".
COMPARATIVES = {
    "longer": "max",
    "shorter": "min",
    "higher": "max",
    "lower": "min",
    "bigger": "max",
    "larger": "max",
    "smaller": "min",
    "better": "max",
    "worse": "min",
    "cheaper": "min",
    "pricier": "max",
    "more": "max",
    "less": "min",
    "older": "max",
    "younger": "min",
}


#: Every word a claim may use: ordinary English that is never "corrected" into a name
#: ("canada" is not "sanada").
CLAIM_WORDS = frozenset(
    w
    for vocabulary in (
        CERTIFICATES,
        GENRES,
        LANGUAGES,
        COUNTRY_WORDS,
        COMPANIES,
        EXTREMES,
        COMPARATIVES,
    )
    for key in vocabulary
    for w in key.split()
)


#: Words that claim a place in the franchise's order, and the place.
ORDER_WORDS = {
    "last": "last",
    "final": "last",
    "latest": "latest",
    "newest": "latest",
    "first": "first",
    "1": "first",  # "first" as the normaliser writes it
    "original": "first",
}


@dataclass(frozen=True)
class Claims:
    """Values a question asserts, for yes/no answers."""

    polar: bool = False
    #: the question says "not" or "never" ("is keanu not in the continental")
    negated: bool = False
    certificates: tuple[str, ...] = ()
    genres: tuple[str, ...] = ()
    languages: tuple[str, ...] = ()
    countries: tuple[str, ...] = ()
    companies: tuple[str, ...] = ()
    kids: bool = False
    #: ("over 2 hours" ->) (True, 120): whether longer is claimed, and the minutes
    duration: tuple[bool, int] | None = None
    #: a superlative: ("max" or "min", the word used), e.g. ("max", "longest")
    extreme: tuple[str, str] | None = None
    #: a comparative: ("max" or "min", the word used), e.g. ("max", "longer")
    comparative: tuple[str, str] | None = None
    #: content words after the last "in" ("was it filmed in prague" -> ("prague",))
    places: tuple[str, ...] = ()
    #: a place in the franchise's order claimed: "last", "latest" or "first" ("is chapter 4
    #: the last john wick movie")
    order: str | None = None
    #: the works asked about are the spin-offs ("what spin-offs are coming")
    spin_off: bool = False
    #: asked of every one of the works ("is winston in every john wick movie")
    every: bool = False
    #: which work came out right "after" or "before" the one named ("what came out after
    #: chapter 2"), set by the understander, which knows where the names stand
    neighbour: str | None = None


def claimed_relations(words: tuple[str, ...], claims: Claims) -> frozenset[Intent]:
    """The facts a question's claims are about: "is john wick 2 in italian" asks for its
    languages, "is ballerina a horror film" for its genres, "is it an italian film" for its
    country (a word of both: a language after "in" or "speak", else a country)."""
    named = {
        Intent.LANGUAGE: claims.languages,
        Intent.GENRE: claims.genres,
        Intent.COUNTRY: claims.countries,
        Intent.RATING: claims.certificates,
    }
    if not claims.polar:
        return frozenset()  # "when did it come out in the us": a region, not a claim
    out = {intent for intent, values in named.items() if values}
    if claims.order:  # "is chapter 4 the last one": its place in the order
        out.add(Intent.WATCH_ORDER)
    both = [i for i, w in enumerate(words) if w in LANGUAGES and w in COUNTRY_WORDS]
    if both and {Intent.LANGUAGE, Intent.COUNTRY} <= out:
        spoken = bool(_SPEECH & set(words)) or any(i > 0 and words[i - 1] == "in" for i in both)
        out.discard(Intent.COUNTRY if spoken else Intent.LANGUAGE)
    return frozenset(out)


#: Words that make a language name the language, not the nationality.
_SPEECH = frozenset(
    "speak speaks spoken speaking dialogue dialog language languages dubbed talk talking".split()
)


def _found(tokens: list[str], vocabulary: dict[str, str]) -> tuple[str, ...]:
    """Values of ``vocabulary`` (word or word pair -> value) in ``tokens`` (a question's word
    pairs, then its words: see :func:`_pairs_then_words`), pairs first."""
    out: list[str] = []
    for token in tokens:
        value = vocabulary.get(token)
        if value is not None and value not in out:
            out.append(value)
    return tuple(out)


def _pairs_then_words(words: tuple[str, ...]) -> list[str]:
    """The word pairs of ``words`` ("rated r"), then the words themselves."""
    return [*(f"{a} {b}" for a, b in itertools.pairwise(words)), *words]


def _duration(words: tuple[str, ...]) -> tuple[bool, int] | None:
    for i, word in enumerate(words[:-2]):
        if word in _LONGER or word in _SHORTER:
            rest = [w for w in words[i + 1 : i + 4] if w != "than"]
            if len(rest) >= 2 and rest[0].isdigit() and rest[1] in ("hours", "hour", "minutes"):
                minutes = int(rest[0]) * (60 if rest[1].startswith("hour") else 1)
                return word in _LONGER, minutes
    return None


def after(words: tuple[str, ...], marker: str) -> tuple[str, ...]:
    """The words after the last ``marker`` ("in prague" -> ("prague",))."""
    if marker not in words:
        return ()
    index = len(words) - 1 - words[::-1].index(marker)
    return words[index + 1 :]


#: Places after the first a question may claim ("the second spin-off": "second" is read 2).
_ORDINALS = frozenset(ORDINALS.values()) - {"1"}


def _ordinal(words: tuple[str, ...], at: int) -> bool:
    """True for a place written as a number after "the" ("the 2 spinoff"), not a count
    ("the 2 spinoffs", "the 2 of them")."""
    if words[at] not in _ORDINALS or at + 1 >= len(words):
        return False
    noun = words[at + 1]
    return noun.isalpha() and not noun.endswith("s") and noun not in ("of", "and", "or")


def _counted(words: tuple[str, ...], at: int) -> bool:
    """True when a number stands at ``at`` ("the first 3", "the last two")."""
    return at < len(words) and words[at].isdigit() and not YEAR.match(words[at])


@lru_cache(maxsize=4096)
def read_claims(words: tuple[str, ...], stopwords: frozenset[str]) -> Claims:
    """The claims of a question (already normalised into ``words``).

    Remembered per word sequence: the result is immutable and depends on nothing else.
    """
    if not words:
        return Claims()
    start, conditional = question_start(words)
    tokens = _pairs_then_words(words)
    present = set(words)
    return Claims(
        polar=conditional or words[start] in POLAR_STARTS,
        negated=bool({"not", "never"} & present),
        certificates=_found(tokens, CERTIFICATES),
        genres=_found(tokens, GENRES),
        languages=_found(tokens, LANGUAGES),
        countries=_found(tokens, COUNTRY_WORDS),
        companies=_found(tokens, COMPANIES),
        kids=bool(KID_WORDS & present),
        duration=_duration(words),
        extreme=next(((EXTREMES[w], w) for w in words if w in EXTREMES), None),
        comparative=next(((COMPARATIVES[w], w) for w in words if w in COMPARATIVES), None),
        order=next(
            (
                ORDER_WORDS.get(b, b)
                for k, (a, b) in enumerate(itertools.pairwise(words))
                # "the first three" counts films, it places none
                if a == "the"
                and (b in ORDER_WORDS or _ordinal(words, k + 1))
                and not _counted(words, k + 2)
            ),
            None,
        ),
        places=tuple(w for w in after(words, "in") if w not in stopwords),
        spin_off=_spin_off(words),
        every=bool(_EVERY & present),
    )


#: Words that ask of every one of the works.
_EVERY = frozenset({"every", "all", "each"})


def _spin_off(words: tuple[str, ...]) -> bool:
    return "spinoff" in words or "spinoffs" in words
