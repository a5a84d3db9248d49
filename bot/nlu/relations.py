"""Which relation a question asks for: from its relation words and its question word.

Relation words are declared per intent in ``knowledge/intents.yaml`` (``relation:``
"music", "score", "composer" for the composer) and for facts Wickbot lacks (``lacking:``
"camera", "costumes"). A phrase is read where its words stand together; words joined by
"+" ("song + trailer") are read wherever they all stand, in any order. The question word
("when", "who", "where", "how long", "how much") says what kind of value is wanted. Both are
read once per question.
"""

from __future__ import annotations

import itertools
from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from bot.facts.schema import IntentPhrasings, LackingRelation
from bot.intents import Answers, Intent
from bot.nlu.classify import stem
from bot.nlu.memo import Memo
from bot.nlu.normalise import tokens
from bot.nlu.words import FILLER, STOPWORDS

#: Words before which "how" asks for a kind of value.
_HOW = {
    "long": Answers.DURATION,
    "much": Answers.MONEY,
    "many": Answers.NUMBER,
    "old": Answers.DATE,
}
_WH = {
    "when": Answers.DATE,
    "who": Answers.PERSON,
    "whom": Answers.PERSON,
    "where": Answers.PLACE,
}
#: Word pairs whose second word is no relation word there ("to date": so far).
_IDIOMS = frozenset({("to", "date")})
#: Words before a last word that make it elliptical ("what about", "how about").
_ELLIPTIC = frozenset({"what", "how", "and"})
#: Verbs whose "about" is their own ("the rules john keeps hearing about"), not the premise.
_ABOUT_VERBS = frozenset(
    "hear hearing heard talk talking talked know knowing knew learn learning learned read "
    "reading ask asking asked worry worrying worried care caring cared".split()
)
_DATE_NOUNS = frozenset({"year", "date", "day", "month"})
#: "what city", "which countries": a place asked for.
_PLACE_NOUNS = frozenset(
    "city cities country countries location locations capital capitals town towns places continent "
    "continents".split()
)
#: How a lacking relation's name is marked among a phrase's owners.
_LACKING = "lacking:"
#: Kinds of value an intent of each kind may answer with, by the kind asked for.
_COMPATIBLE = {
    Answers.DATE: frozenset({Answers.DATE, Answers.DURATION}),
    Answers.DURATION: frozenset({Answers.DURATION, Answers.DATE}),
    # "how many writers does it have", "how many films has he directed": a list is counted
    Answers.NUMBER: frozenset({Answers.NUMBER, Answers.PERSON, Answers.WORKS}),
}


@dataclass(frozen=True)
class Relations:
    """What a question's words say about the relation it asks for."""

    intents: frozenset[Intent] = frozenset()
    lacking: tuple[str, ...] = ()  # ids of lacking relations named, in order
    asked: Answers | None = None  # the kind of value the question word asks for
    positions: frozenset[int] = frozenset()  # token positions of relation words
    #: works a named value belongs to, and where it was named ("eye for an eye")
    value_works: tuple[tuple[int, int, frozenset[str]], ...] = ()

    def compatible(self, answers: Answers, also: tuple[Answers, ...] = ()) -> bool:
        """True when an intent answering with ``answers`` (or ``also``) fits the question
        word."""
        if self.asked is None or answers is Answers.TEXT:
            return True
        fitting = _COMPATIBLE.get(self.asked, frozenset({self.asked}))
        return answers in fitting or any(a in fitting for a in also)


class RelationIndex:
    """Relation words and phrases of every intent and lacking relation, by first word."""

    def __init__(
        self,
        phrasings: Mapping[str, IntentPhrasings],
        lacking: Mapping[str, LackingRelation],
        values: Mapping[Intent, Iterable[tuple[str, str]]] | None = None,
    ) -> None:
        owners: dict[tuple[str, ...], set[str]] = defaultdict(set)
        last: dict[str, set[Intent]] = defaultdict(set)
        for name, spec in phrasings.items():
            for phrase in spec.relation:
                owners[_key(phrase)].add(name)
            for word in spec.relation_last:
                last[word].add(Intent(name))
        self._last = {w: frozenset(v) for w, v in last.items()}
        # a value of a relation names it too ("who sings a job to do": a song of a
        # soundtrack), when it is distinctive: three words, or two that are not function words
        value_works: dict[tuple[str, ...], set[str]] = defaultdict(set)
        for intent, texts in (values or {}).items():
            for text, work_id in texts:
                key = tuple(tokens(text))
                content = [w for w in key if w not in STOPWORDS]
                if len(key) >= 3 or (len(key) == 2 and len(content) == 2):
                    owners[key].add(intent.value)
                    value_works[key].add(work_id)
        #: the works a value belongs to ("eye for an eye": Chapter 4)
        self._value_works = {k: frozenset(v) for k, v in value_works.items()}
        self.lacking = dict(lacking)
        for name, rel in lacking.items():
            for phrase in rel.words:
                key = _key(phrase)
                if key not in owners:  # a fact Wickbot has always wins over a lacking one
                    owners[key].add(f"{_LACKING}{name}")
        # "song + trailer": every word somewhere in the question, in any order, with names
        # between them ("what song is in the ballerina trailer")
        combos: dict[frozenset[str], set[str]] = defaultdict(set)
        for key in [k for k in owners if "+" in k]:
            parts = frozenset(stem(w) for w in tokens(" ".join(key)))
            combos[parts] |= owners.pop(key)
        self._combos = [(parts, frozenset(names)) for parts, names in combos.items()]
        # each combination under one of its words, so a question looks up only those that
        # may fit it
        by_word: dict[str, list[tuple[frozenset[str], frozenset[str]]]] = defaultdict(list)
        for parts, names in self._combos:
            by_word[min(parts)].append((parts, names))
        self._combos_by_word = dict(by_word)
        self._owners = {k: frozenset(v) for k, v in owners.items() if k}
        lengths: dict[str, set[int]] = defaultdict(set)
        for key in self._owners:
            lengths[key[0]].add(len(key))
        self._lengths = {w: sorted(v, reverse=True) for w, v in lengths.items()}
        #: words of the lacking relations
        self.lacking_words = frozenset(
            w
            for key, names in self._owners.items()
            if any(n.startswith(_LACKING) for n in names)
            for w in key
        )
        intents = [key for key, names in self._owners.items() if not _all_lacking(names)]
        #: words of the intents' relations (not of lacking ones: those stay unfamiliar)
        self.words = frozenset(w for key in intents for w in key)
        self._memo: Memo[Relations] = Memo()

    def read(
        self, words: list[str], skip: set[int], kinds: frozenset[int] = frozenset()
    ) -> Relations:
        """Relations named in ``words`` (positions in ``skip`` belong to names).

        ``kinds``: positions inside a name whose word says what kind of work it is (the
        "game" of "the john wick video game"); combinations read them ("who is making the
        john wick video game": "making + game"), single phrases do not. Remembered per word
        sequence and positions (the result is immutable).
        """
        key = (tuple(words), frozenset(skip), kinds)
        cached = self._memo.get(key)
        if cached is not None:
            return cached
        return self._memo.put(key, self._read(words, skip, kinds))

    def _read(
        self, words: list[str], skip: set[int], kinds: frozenset[int] = frozenset()
    ) -> Relations:
        # "the highest grossing film to date": an idiom's word names no relation
        skip = skip | {i + 1 for i, pair in enumerate(itertools.pairwise(words)) if pair in _IDIOMS}
        intents: set[Intent] = set()
        lacking: list[str] = []
        positions: set[int] = set()
        valued: list[tuple[int, int, frozenset[str]]] = []
        phrases: list[tuple[frozenset[int], frozenset[str]]] = []  # positions, owners
        i = 0
        while i < len(words):
            found = None
            for length in self._lengths.get(words[i], ()):
                span = range(i, i + length)
                key = tuple(words[i : i + length])
                if key in self._owners and not skip.intersection(span):
                    found = key
                    break
            if found is None:
                i += 1
                continue
            if found in self._value_works:
                valued.append((i, i + len(found), self._value_works[found]))
            phrases.append((frozenset(range(i, i + len(found))), self._owners[found]))
            i += len(found)
        if self._combos:
            stems = {stem(w): i for i, w in enumerate(words) if i not in skip or i in kinds}
            combined = [
                (frozenset(stems[p] for p in parts), names)
                for word in stems
                for parts, names in self._combos_by_word.get(word, ())
                if parts <= stems.keys()
            ]
            # the words a combination reads are not read alone as well: "the rating on
            # metacritic" is the review score, not the age rating
            taken = frozenset().union(*(at for at, _ in combined))
            phrases = [(at, names) for at, names in phrases if not at <= taken] + combined
        phrases = _made_things(words, phrases)
        for at, names in phrases:
            for owner in names:
                if owner.startswith(_LACKING):
                    lacking.append(owner.removeprefix(_LACKING))
                else:
                    intents.add(Intent(owner))
            positions.update(at)
        end = len(words) - 1
        while end > 0 and words[end] in FILLER and end not in skip:
            end -= 1  # "what's it gonna be about lol": chat filler after the last word
        # "what is the caine spinoff about": a stranded last word; "what about it" is not one
        last = end > 0 and words[end] in self._last and end not in skip
        if last and words[end - 1] not in _ELLIPTIC | _ABOUT_VERBS:
            intents.update(self._last[words[end]])
            positions.add(end)
        return Relations(
            frozenset(intents),
            tuple(dict.fromkeys(lacking)),
            asked_for([w for i, w in enumerate(words) if i not in skip]),
            frozenset(positions),
            tuple(valued),
        )


#: Verbs of making whose object says what was made ("who wrote the soundtrack": its
#: composer, not the screenwriter).
_MAKING = frozenset(
    "write writes wrote written writing make makes made making create creates created "
    "creating".split()
)
_OBJECT_DETERMINERS = frozenset({"the", "a", "an", "its", "their", "his", "her"})


def _made_things(
    words: list[str], phrases: list[tuple[frozenset[int], frozenset[str]]]
) -> list[tuple[frozenset[int], frozenset[str]]]:
    """``phrases`` without a verb of making whose object is another relation's phrase."""
    starts = {min(at): names for at, names in phrases}
    out = []
    for at, names in phrases:
        if len(at) == 1 and words[min(at)] in _MAKING:
            nxt = max(at) + 1
            while nxt < len(words) and words[nxt] in _OBJECT_DETERMINERS:
                nxt += 1
            made = starts.get(nxt)
            if made is not None and not made & names:
                continue
        out.append((at, names))
    return out


def _all_lacking(names: frozenset[str]) -> bool:
    """True when a phrase names only facts Wickbot lacks."""
    return all(n.startswith(_LACKING) for n in names)


def _key(phrase: str) -> tuple[str, ...]:
    """A relation phrase's tokens; a combination ("song + trailer") keeps its "+" marks."""
    if "+" not in phrase:
        return tuple(tokens(phrase))
    return tuple(w for part in phrase.split("+") for w in (*tokens(part), "+"))[:-1]


def asked_for(words: list[str]) -> Answers | None:
    """The kind of value the question word asks for, or None ("what", "is", no question word)."""
    for i, word in enumerate(words):
        nxt = words[i + 1] if i + 1 < len(words) else ""
        if word == "how" and nxt in _HOW:
            return _HOW[nxt]
        if word == "number" and nxt == "of":  # "the number of films", "total number of"
            return Answers.NUMBER
        if word in ("what", "which") and nxt in _DATE_NOUNS:
            return Answers.DATE
        after = words[i + 2] if i + 2 < len(words) else ""
        if word in ("what", "which") and (nxt in _PLACE_NOUNS or after in _PLACE_NOUNS):
            return Answers.PLACE  # "which city", "in which european capital"
        if word in _WH:
            return _WH[word]
    # "chapter 4 made over 400 million, right": a sum of money claimed is what is asked
    if any(w.isdigit() and n in _MONEY_UNITS for w, n in itertools.pairwise(words)):
        return Answers.MONEY
    return None


#: Words after a number that make it a sum of money ("400 million").
_MONEY_UNITS = frozenset({"million", "billion", "mil", "bil", "mill", "grand", "dollars", "bucks"})
