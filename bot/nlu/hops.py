"""One hop: things a question names through something else.

"the films directed by Len Wiseman" names works through a person, "the actor who plays
Winston" a person through a character, "the same director as John Wick" people through a
work. Each phrase is replaced by mentions of what it names, so the rest of the question is
asked of them ("what languages are spoken in the films directed by len wiseman"); the things
gone through are kept (``via``) for the answer.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable
from dataclasses import dataclass, replace
from typing import NamedTuple

from bot.intents import Answers, C, Intent, P, W
from bot.nlu.claims import ORDER_WORDS
from bot.nlu.entities import EntityIndex, EntityRef, Mention
from bot.nlu.relations import RelationIndex
from bot.nlu.words import FILLER, STOPWORDS

#: At most this many hops are followed in one question.
MAX_HOPS = 2
#: Nouns a one-hop phrase starts with ("the films directed by ...").
FILM_NOUNS = frozenset({"film", "films", "movie", "movies", "ones", "works"})
#: Words that only ask for a list ("name the films directed by ...").
_LISTING = frozenset("list name show tell give find all every which what any".split())
#: Words naming the franchise: beside a one-hop phrase they scope it and ask nothing of its
#: works ("all john wick films starring ian mcshane").
_FRANCHISE_NAME = frozenset("john wick jw wickverse franchise saga".split())
#: Words between a film noun and a person that name the person's works as an actor.
_STARRING = frozenset({"starring", "featuring", "with"})
#: Nouns before "with <person>" that name that person's works ("the spin-off with ...").
_WITH_NOUNS = frozenset({"film", "one", "spinoff", "off", "series", "show"})
#: Relations a one-hop phrase may go through, and the role they credit.
HOPS = {
    Intent.DIRECTOR: "director",
    Intent.WRITER: "writer",
    Intent.PRODUCER: "producer",
    Intent.COMPOSER: "composer",
    Intent.EDITOR: "editor",
    Intent.CAST: "actor",
    Intent.PERSON_WORKS: "actor",
}
#: Nouns after a character's name that name who plays them ("winston's actor").
_ACTOR_NOUNS = frozenset({"actor", "actress", "actors", "voice"})
#: Relations that ask who plays someone, not something of the actor.
_CASTING = frozenset({Intent.WHO_PLAYS, Intent.CAST, Intent.CHARACTER_INFO, Intent.ACTOR_ROLE})
#: Nouns and verbs of "the actor who plays ...".
PERFORMERS = frozenset("actor actress guy man woman person one lady dude girl boy".split())
_PLAYING = frozenset("plays played portrays portrayed voices voiced".split())
#: Words after "co" naming the credit shared ("co-wrote", "co-stars") and verbs before
#: "with"/"alongside" <person> sharing the cast ("who starred alongside halle berry").
_CO_ROLES = {
    **dict.fromkeys("wrote write writes writer writers written".split(), "writer"),
    **dict.fromkeys("directed direct directs director directors".split(), "director"),
    **dict.fromkeys("produced produce produces producer producers".split(), "producer"),
    **dict.fromkeys("starred star stars starring acted act acts actor actors".split(), "actor"),
}
_CO_NOUNS = frozenset("writer writers director directors producer producers star stars".split())
_ALONGSIDE = frozenset("starred stars star acted acts act appeared appears appear".split())
#: Nouns after "the <person>" that name the work they are in ("the mel gibson show").
_THEIR_NOUNS = frozenset({"show", "series", "one"})
#: Head nouns of "the film in which <person> plays <character>" and its kin; singular ones
#: name one work.
_CAST_NOUNS = frozenset("film films one ones show shows series spinoff spinoffs".split())
_SINGULAR_NOUNS = frozenset({"film", "one", "show", "series", "spinoff"})
_SERIES_NOUNS = frozenset({"show", "shows", "series"})
#: Verbs of a work having someone in it ("the film that stars ana de armas").
_HAVING = frozenset(
    "stars starred features featured has had includes included introduced introduces".split()
)
#: Verbs of a first appearance ("where the marquis debuts", "where caine is introduced").
_DEBUTING = frozenset("debuts debuted debut".split())
#: Words of a place among a person's or character's works ("where winston first appears").
_ONCE = frozenset({"1", "first", "last", "final"})
#: Verbs of being in a work ("the film keanu starred in", "where killa appears"), of playing
#: someone, of turning up, and of being.
_BEING_IN = frozenset(
    """stars starred star appears appeared appear acts acted act features featured feature
    shows showed show turns turned turn""".split()
)
_PLAY_VERBS = _PLAYING | {"play", "portray", "voice"}
_TURNING = frozenset("shows showed show turns turned turn".split())
_BE = frozenset({"is", "was", "be"})

#: ``related_by(thing, role)``: the works a person has ``role`` on, the people who play a
#: character, or the people with ``role`` on a work.
Related = Callable[[EntityRef, str], list[EntityRef]]


class Hops:
    """Finds one-hop phrases in a question and what they name."""

    def __init__(
        self,
        index: EntityIndex,
        relations: RelationIndex,
        related_by: Related,
        related: Callable[[EntityRef], list[EntityRef]] | None = None,
    ) -> None:
        self.index = index
        self.relations = relations
        self.related_by = related_by
        #: ``related(thing)``: the works a person or character is in
        self.related = related or (lambda ref: [])

    def apply(
        self, words: list[str], mentions: list[Mention]
    ) -> tuple[list[Mention], tuple[EntityRef, ...]]:
        """The mentions with every one-hop phrase replaced, and the things gone through."""
        via: list[EntityRef] = []
        out = self._co_credit(words, list(mentions), via)
        for _ in range(MAX_HOPS):  # "the films directed by the director of ballerina"
            before = list(out)
            out = self._cast_works(words, out, via)
            for m in before:
                if m not in out:
                    continue
                kind = m.targets[0].kind
                if kind == W:
                    out = self._same_credit(words, m, out, via)
                    out = self._credited(words, m, out, via) if m in out else out
                elif kind == C:
                    out = self._player(words, m, out, via)
                elif kind == P and len(m.targets) == 1:
                    out = self._works_of(words, m, out, via)
            if out == before:
                break
        out = self._franchise_credit(words, out)
        return sorted(out, key=lambda x: x.start), tuple(via)

    def _cast_works(
        self, words: list[str], out: list[Mention], via: list[EntityRef]
    ) -> list[Mention]:
        """ "who directed the film in which donnie yen plays caine", "what genre is the movie
        with killa in it": the works the person (as the character) or the character is in,
        when something else is asked of them."""
        for noun_at, noun in enumerate(words):
            lead = _lead(words, noun_at, out) if noun in _CAST_NOUNS else None
            if lead is None:
                continue
            start, place, owner = lead
            clause = _cast_clause(words, noun_at + 1, {m.start: m for m in out})
            if clause is None:
                continue
            place = place or clause.place
            works = self._works_cast(clause)
            end, read = clause.end, clause.read
            refs: tuple[EntityRef | None, ...] = (clause.person, clause.character)
            if clause.read[-1].end == clause.end:  # "the film with killa and the marquis"
                also = self._also_in(words, clause.end, out, "actor")
                if also.read:
                    works = [w for w in works if w in also.works]
                    end, read, refs = also.end, (*read, *also.read), (*refs, *also.refs)
            if noun in _SERIES_NOUNS:
                works = [w for w in works if w.id in self.index.series]
            if clause.future:  # "where donnie yen will play caine": one still to come
                works = [w for w in works if w not in self.index.released_works] or works
            elif noun in _SINGULAR_NOUNS and noun not in _SERIES_NOUNS:
                # "the film in which donnie yen plays caine": one that is out, if any is
                works = [w for w in works if w in self.index.released_films] or works
            if place is not None:  # "the first film where ian mcshane plays winston"
                works = self._placed(works, place)
            if not works or not _asks_more(words, start, end):
                continue
            via.extend(t for t in refs if t is not None)
            key = tuple(words[start:end])
            score = min(m.score for m in read)
            kept = [m for m in out if m not in read and m is not owner]
            return kept + [Mention(start, end, key, (w,), score) for w in works]
        return out

    def _placed(self, works: list[EntityRef], place: str) -> list[EntityRef]:
        """The work at ``place`` ("first", "latest", "2") among ``works`` in release order,
        or none."""
        years = self.index.work_years
        films = self.index.released_films
        ordered = sorted(
            works,
            key=lambda w: (films.index(w) if w in films else len(films), years.get(w.id, 9999)),
        )
        at = {"first": 0, "last": -1, "latest": -1}.get(ORDER_WORDS.get(place, ""))
        if at is None:
            at = int(place) - 1 if place.isdigit() else len(ordered)
        return [ordered[at]] if -len(ordered) <= at < len(ordered) else []

    def _works_cast(self, clause: _CastClause) -> list[EntityRef]:
        """The works a person plays a character in (those of the person, when the character
        is theirs), a person is in, or a character is played in."""
        if clause.person is not None:
            if clause.character is not None and clause.person not in self.related_by(
                clause.character, "actor"
            ):
                return []  # "the film where keanu plays sofia": no such film
            return self.related_by(clause.person, "actor")
        return self._works_as(clause.character, "actor") if clause.character else []

    def _co_credit(
        self, words: list[str], out: list[Mention], via: list[EntityRef]
    ) -> list[Mention]:
        """ "who co-wrote films with shay hatten", "halle berry's co-stars", "who starred
        alongside halle berry": the works the person shares that credit on, so that what
        is asked of them (their writers, their cast) names the others."""
        people = [m for m in out if len(m.targets) == 1 and m.targets[0].kind == P]
        if len(people) != 1 or any(m.targets[0].kind in (W, C) for m in out):
            return out
        m = people[0]
        # who shares it ("who co-wrote with ...", "his co-stars"), not what ("what has keanu
        # co-produced": his works)
        shared = next(
            (b for a, b in itertools.pairwise(words) if a == "co" and b in _CO_ROLES), None
        )
        role = _CO_ROLES[shared] if shared else None
        if shared not in _CO_NOUNS and not {"who", "whom"} & set(words):
            return out
        link = words[m.start - 1] if m.start else ""
        if role is None and link in ("with", "alongside") and m.start >= 2:
            role = "actor" if words[m.start - 2] in _ALONGSIDE else None
        works = self.related_by(m.targets[0], role) if role else []
        if not works:
            return out
        via.append(m.targets[0])
        return _swapped(out, m, works, (m.start, m.end, m.key))

    def _franchise_credit(self, words: list[str], out: list[Mention]) -> list[Mention]:
        """ "where was the director of the john wick films born": the one credited with
        that role on most of the films, when something else is asked of them."""
        # a weak name ("the director": the Ruska Roma's Director) yields to the credit
        taken = {i for m in out if not m.weak for i in range(m.start, m.end)}
        for i in range(len(words) - 3):
            if i in taken or words[i + 1] not in ("of", "for", "behind"):
                continue
            role = self._credit_role(words[i : i + 1])
            end = _franchise_films(words, i + 2)
            if role is None or not end or taken & set(range(i, end)):
                continue
            start = i - (i > 0 and words[i - 1] == "the")
            if not self._asks_of_them(words[:start] + words[end:], role):
                continue
            counts: dict[EntityRef, int] = {}
            for film in self.index.released_films:
                for person in self.related_by(film, role):
                    counts[person] = counts.get(person, 0) + 1
            if not counts:
                continue
            most = max(counts.values())
            leaders = [p for p, n in counts.items() if n == most]
            if len(leaders) == 1 and most > 1:
                key = tuple(words[start:end])
                kept = [m for m in out if m.end <= start or m.start >= end]
                return [*kept, Mention(start, end, key, (leaders[0],), 1.0)]
        return out

    def _credited(
        self, words: list[str], m: Mention, out: list[Mention], via: list[EntityRef]
    ) -> list[Mention]:
        """ "where was the director of ballerina born", "how old is ballerina's director":
        the people credited on the work, when something else is asked of them ("who is the
        director of ballerina" stays its director)."""
        start, end, role = self._credit_phrase(words, m)
        if role is None:
            return out
        if not self._asks_of_them(words[:start] + words[end:], role):
            return out
        if start > 0 and "who" in words[:start] and self._credit_role(words[start - 1 : start]):
            return out  # "who wrote the music for chapter 4": the phrase is what was made
        people = self.related_by(m.targets[0], role)
        if not people:
            return out
        via.append(m.targets[0])
        # a weak name inside the phrase is part of it ("the director": the credit, not the
        # Ruska Roma's Director)
        inside = [o for o in out if o is not m and o.weak and start <= o.start and o.end <= end]
        return _swapped(out, m, people, (start, end, tuple(words[start:end])), inside)

    def _asks_of_them(self, rest: list[str], role: str | None) -> bool:
        """True when the words around a credit phrase ask something else of the people:
        another relation ("born"), their age ("how old") or where they are from. With no
        ``role`` (an actor through a character), any relation but casting ones."""
        rels = self.relations.read(rest, set())
        if role is None:
            other = [i for i in rels.intents if i not in _CASTING]
        else:
            other = [i for i in rels.intents if HOPS.get(i) != role]
        aged = any(a == "how" and b == "old" for a, b in itertools.pairwise(rest))
        # "when did the actor who played charon die": a date is no casting's answer
        dated = role is None and rels.asked is Answers.DATE
        return bool(other) or aged or dated or rels.asked is Answers.PLACE

    def _credit_phrase(self, words: list[str], m: Mention) -> tuple[int, int, str | None]:
        """(start, end, role) of "the director of <work>" or "<work>'s director" around ``m``."""
        # "the director of (the film) chapter 4"
        at = m.start
        while at >= 1 and (words[at - 1] in FILM_NOUNS or words[at - 1] == "the"):
            at -= 1
        if at >= 2 and words[at - 1] in ("of", "for", "on"):
            role = self._credit_role(words[at - 2 : at - 1])
            if role is not None:
                start = at - 2
                return start - (start > 0 and words[start - 1] == "the"), m.end, role
        if m.end < len(words):
            role = self._credit_role(words[m.end : m.end + 1])
            if role is not None:
                return m.start, m.end + 1, role
        return 0, 0, None

    def _credit_role(self, phrase: list[str]) -> str | None:
        """The crew credit a relation word names ("director"), not the cast."""
        role = self._hop_role(phrase)
        return role if role != "actor" else None

    def _same_credit(
        self, words: list[str], m: Mention, out: list[Mention], via: list[EntityRef]
    ) -> list[Mention]:
        """ "which movies have the same director as john wick": that work's directors (the
        relation word stays: it is what is asked of them)."""
        role = self._credit_before(words, m)
        people = self.related_by(m.targets[0], role) if role else []
        if not people:
            return out
        via.append(m.targets[0])
        return _swapped(out, m, people, (m.start, m.end, m.key))

    def _credit_before(self, words: list[str], m: Mention) -> str | None:
        if m.start < 3 or words[m.start - 1] not in ("as", "of") or words[m.start - 3] != "same":
            return None
        return self._hop_role(words[m.start - 2 : m.start - 1])

    def _hop_role(self, phrase: list[str]) -> str | None:
        """The credited role a relation word names ("directed" -> "director"), or None."""
        rels = self.relations.read(phrase, set())
        # in HOPS' order, not the set's: the same role whatever the hash seed
        hop = next((i for i in HOPS if i in rels.intents), None)
        return HOPS[hop] if hop is not None else None

    def _player(
        self, words: list[str], m: Mention, out: list[Mention], via: list[EntityRef]
    ) -> list[Mention]:
        """ "how old is the actor who plays winston": the one who plays him, when something
        else is asked of them ("who is the actor who plays winston" stays who plays him)."""
        if m.start >= 3 and _plays_phrase(words, m.start):
            start, end = m.start - 3, m.end
        elif m.end < len(words) and words[m.end] in _ACTOR_NOUNS:
            start, end = m.start, m.end + 1  # "what is winston's actor famous for"
        else:
            return out
        people = self.related_by(m.targets[0], "actor")
        rest = words[:start] + words[end:]
        if not people or not self._asks_of_them(rest, None):
            return out
        via.append(m.targets[0])
        return _swapped(out, m, people[:1], (start, end, tuple(words[start:end])))

    def _works_of(
        self, words: list[str], m: Mention, out: list[Mention], via: list[EntityRef]
    ) -> list[Mention]:
        """A person's works: "the films directed by len wiseman", "the spin-off with ana de
        armas", "the film starring mark dacascos", "the ana de armas john wick movie"; with
        others named after "and", the works of them all ("the film starring keanu reeves and
        halle berry")."""
        found = self._phrase(words, m)
        if found is None:
            return out
        noun_at, end_at, role, series = found
        works = self.related_by(m.targets[0], role)
        if series:
            works = [w for w in works if w.id in self.index.series]
        if words[end_at - 1] in _THEIR_NOUNS and len(works) != 1:
            return out  # "the keanu one" names one work, and he is in several
        also = self._also_in(words, end_at, out, role) if end_at == m.end else None
        if also is not None and also.read:
            end_at, works = also.end, [w for w in works if w in also.works]
        # "movies written by michael finch" asks for those works themselves, and "how many
        # films directed by chad stahelski are there" counts them
        counted = words[max(noun_at - 2, 0) : noun_at] == ["how", "many"]
        if not works or counted or not _asks_more(words, noun_at, end_at):
            return out
        # the names inside the phrase go with it ("the john wick film starring ...")
        inside = [o for o in out if o is not m and o.start < end_at and o.end > noun_at]
        noun_at = min([noun_at, *(o.start for o in inside)])
        via.append(m.targets[0])
        via.extend(also.refs if also is not None else ())
        return _swapped(out, m, works, (noun_at, end_at, tuple(words[noun_at:end_at])), inside)

    def _also_in(self, words: list[str], end: int, out: list[Mention], role: str) -> _Also:
        """ "... and halle berry" after a phrase ending at ``end``: the names read and the
        works they all have ``role`` on (a character, as the cast: the works they are
        played in)."""
        by_start = {o.start: o for o in out}
        also = _Also(end, (), (), ())
        while words[also.end : also.end + 1] in (["and"], ["&"]):
            nxt = by_start.get(also.end + 1)
            ref = _target(nxt, P) or (_target(nxt, C) if role == "actor" else None)
            if nxt is None or ref is None:
                break
            theirs = self._works_as(ref, role)
            works = [w for w in also.works if w in theirs] if also.read else theirs
            also = _Also(nxt.end, (*also.read, nxt), (*also.refs, ref), tuple(works))
        return also

    def _works_as(self, ref: EntityRef, role: str) -> list[EntityRef]:
        """The works a person has ``role`` on, or a character is played in."""
        return self.related_by(ref, role) if ref.kind == P else self.related(ref)

    def _phrase(self, words: list[str], m: Mention) -> tuple[int, int, str, bool] | None:
        """(start, end, role, series only) of the phrase naming a person's works around
        ``m``, or None."""
        # "ana de armas starred films", "derek kolstad written movies"
        if m.end + 1 < len(words) and words[m.end + 1] in FILM_NOUNS:
            role = self._hop_role(words[m.end : m.end + 1])
            if role is not None:
                start = m.start - (m.start > 0 and words[m.start - 1] == "the")
                return start, m.end + 2, role, False
        if m.start < 2:
            return None
        before, noun = words[m.start - 1], words[m.start - 2]
        if before == "with" and noun in _WITH_NOUNS:
            noun_at = m.start - 2 - (noun == "off" and m.start > 2)
            return noun_at, m.end, "actor", noun in ("series", "show")
        if before in _STARRING and noun in FILM_NOUNS:
            return m.start - 2, m.end, "actor", False
        if before == "the" and _film_after(words, m.end):
            return m.start - 1, _film_after(words, m.end), "actor", False
        # "the mel gibson show", "the halle berry one": the series, or any work, they are in
        if before == "the" and m.end < len(words) and words[m.end] in _THEIR_NOUNS:
            return m.start - 1, m.end + 1, "actor", words[m.end] in ("show", "series")
        if before == "by" and m.start >= 3 and words[m.start - 3] in FILM_NOUNS:
            role = self._hop_role([noun])
            if role is None:
                return None
            return m.start - 3, m.end, role, False
        return None


def _swapped(
    out: list[Mention],
    m: Mention,
    refs: list[EntityRef],
    span: tuple[int, int, tuple[str, ...]],
    inside: list[Mention] | None = None,
) -> list[Mention]:
    """``out`` with ``m`` (and the mentions ``inside`` its phrase) replaced by a mention of
    each of ``refs`` over ``span`` (start, end, key): what the phrase names through them."""
    start, end, key = span
    kept = [o for o in out if o is not m and o not in (inside or ())]
    return kept + [Mention(start, end, key, (ref,), m.score) for ref in refs]


def _franchise_films(words: list[str], at: int) -> int:
    """End of "(the) john wick films" / "the franchise" at ``at``, or 0."""
    i = at + (at < len(words) and words[at] in ("the", "all"))
    if tuple(words[i : i + 2]) == ("john", "wick"):
        i += 2
    elif i < len(words) and words[i] in ("jw", "wick"):
        i += 1
    elif i < len(words) and words[i] in ("franchise", "series", "saga"):
        return i + 1
    else:
        return 0
    if i < len(words) and words[i] in ("franchise", "series", "saga", *FILM_NOUNS):
        return i + 1
    return 0


def _asks_more(words: list[str], start: int, end: int) -> bool:
    """True when words outside a one-hop phrase ask something of its works."""
    rest = words[:start] + words[end:]
    return any(
        w not in STOPWORDS and w not in FILLER and w not in _LISTING and w not in _FRANCHISE_NAME
        for w in rest
    )


def _plays_phrase(words: list[str], start: int) -> bool:
    """ "the actor who plays <character>": a noun for a performer, "who", a verb of playing."""
    noun, who, verb = words[start - 3 : start]
    return noun in PERFORMERS and who in ("who", "that") and verb in _PLAYING


def _film_after(words: list[str], start: int) -> int:
    """End of "john wick movie" / "film" at ``start`` (the franchise name optional), or 0."""
    i = start
    if tuple(words[i : i + 2]) == ("john", "wick"):
        i += 2
    elif i < len(words) and words[i] in ("jw", "wick"):
        i += 1
    return i + 1 if i < len(words) and words[i] in FILM_NOUNS else 0


class _Also(NamedTuple):
    """Names after "and" that narrow a phrase's works: where the phrase ends, the mentions
    and things read, and the works they all share."""

    end: int
    read: tuple[Mention, ...]
    refs: tuple[EntityRef, ...]
    works: tuple[EntityRef, ...]


@dataclass(frozen=True, slots=True)
class _CastClause:
    """What "the film in which donnie yen plays caine" names the work through: the person,
    the character (either may be missing), the mentions read, and where the clause ends."""

    end: int
    person: EntityRef | None
    character: EntityRef | None
    read: tuple[Mention, ...]
    future: bool = False  # "where donnie yen will play caine"
    place: str | None = None  # "where winston first appears", "that introduced sofia"


def _lead(
    words: list[str], noun_at: int, out: list[Mention]
) -> tuple[int, str | None, Mention | None] | None:
    """Where a phrase headed by the noun at ``noun_at`` starts, the place it names ("the
    first film where ..."), and the mention it takes over ("the john wick movie where ...":
    the franchise's, not the 2014 film); None when the noun is part of another name ("the
    caine movie")."""
    owner = next((m for m in out if m.start <= noun_at < m.end), None)
    if owner is None:  # "the last movie where keanu plays john wick"
        placed = noun_at > 0 and words[noun_at - 1] in ORDER_WORDS
        return (noun_at - 1, words[noun_at - 1], None) if placed else (noun_at, None, None)
    if owner.end != noun_at + 1:
        return None
    inner = [w for w in words[owner.start : noun_at] if w != "the"]
    place = next((w for w in inner if w in ORDER_WORDS or w.isdigit()), None)
    if all(w in _FRANCHISE_NAME or w == place for w in inner):
        return owner.start, place, owner
    return None


def _target(m: Mention | None, kind: str) -> EntityRef | None:
    if m is None or m.weak:
        return None
    return next((t for t in m.targets if t.kind == kind), None)


def _cast_clause(words: list[str], at: int, by_start: dict[int, Mention]) -> _CastClause | None:
    """The clause after a head noun at ``at`` naming a work by who is in it, or None:
    "in which/where/that <person> plays <character>", "with <character> in it", "that stars
    <person>", "<person> plays <character> in"."""
    n = len(words)
    rel = ""
    if words[at : at + 2] == ["in", "which"]:
        rel, at = "which", at + 2
    elif at < n and (words[at] in ("where", "that", "which") or words[at] in _STARRING):
        rel, at = words[at], at + 1
    if at >= n:
        return None
    if rel in ("that", "which") and words[at] in _HAVING:  # "that stars ana de armas"
        found = _having(words, at + 1, by_start, plain_person=True)
        introduced = found is not None and words[at].startswith("introduce")
        return replace(found, place="first") if found and introduced else found
    if rel in _STARRING:  # "with killa (in it)", "featuring donnie yen as caine"
        return _having(words, at, by_start, plain_person=False)
    first = by_start.get(at)
    person, character = _target(first, P), _target(first, C)
    if first is None or (person is None and character is None):
        return None
    found = _being_in(words, first, by_start, person)
    if found is None:
        return None
    # "the film donnie yen plays caine in": without a relative word, "in" closes the clause
    if not rel and words[found.end - 1] != "in":
        return None
    return found


def _having(
    words: list[str], at: int, by_start: dict[int, Mention], plain_person: bool
) -> _CastClause | None:
    """ "(that) stars <person> (as <character>)", "(that) has <character> in it", "with
    <character>". A person without a character only if ``plain_person`` ("the film with
    <person>" is :meth:`Hops._works_of`'s)."""
    first = by_start.get(at)
    person, character = _target(first, P), _target(first, C)
    if first is None or (person is None and character is None):
        return None
    read: tuple[Mention, ...] = (first,)
    end = first.end
    if person is not None and end < len(words) and words[end] == "as":
        played = by_start.get(end + 1)
        character = _target(played, C)
        if played is None or character is None:
            return None
        read, end = (first, played), played.end
    elif person is not None:
        if not plain_person:
            return None
        character = None  # a name that is both: the person
    return _CastClause(end + _in_it(words, end, by_start), person, character, read)


def _being_in(
    words: list[str], first: Mention, by_start: dict[int, Mention], person: EntityRef | None
) -> _CastClause | None:
    """ "<person> plays <character> (in)", "<person> starred (as <character>) (in)", "<person>
    is in", "<character> appears (in)", "<character> is played by <person>", each also with
    "will" ("where donnie yen will play caine")."""
    at = first.end
    future = words[at : at + 1] == ["will"]
    at += future
    place = words[at] if at < len(words) and words[at] in _ONCE else None
    at += place is not None
    verb = words[at] if at < len(words) else ""
    if verb in _DEBUTING or words[at : at + 2] in (["is", "introduced"], ["was", "introduced"]):
        place, verb = place or "first", "appears"  # "where the marquis debuts"
        at += words[at] in _BE
    character = None if person is not None else _target(first, C)
    read: tuple[Mention, ...] = (first,)
    end = at + 1
    after: Mention | None = None
    if person is not None and verb in _PLAY_VERBS:  # "donnie yen plays caine"
        after = by_start.get(at + 1)
        character = _target(after, C)
    elif person is not None and verb in _BEING_IN and words[at + 1 : at + 2] == ["as"]:
        after = by_start.get(at + 2)  # "donnie yen stars as caine"
        character = _target(after, C)
    elif verb in _BE and words[at + 1 : at + 3] == ["played", "by"]:
        after = by_start.get(at + 3)  # "caine is played by donnie yen"
        person = _target(after, P) if character is not None else None
    elif verb in _BE and words[at + 1 : at + 2] == ["in"]:  # "halle berry is in"
        return _CastClause(at + 2, person, character, read, future, place)
    elif verb not in _BEING_IN:
        return None
    if verb in _PLAY_VERBS and person is not None and after is None:
        pass  # "the film ana de armas plays in", "where donnie yen plays cain": their works
    elif verb in _PLAY_VERBS or verb in _BE or words[at + 1 : at + 2] == ["as"]:
        if after is None or person is None or character is None:
            return None
        read, end = (first, after), after.end
    if verb in _TURNING:  # "where killa shows up"
        if words[end : end + 1] != ["up"]:
            return None
        end += 1
    end += _in_it(words, end, by_start)
    return _CastClause(end, person, character, read, future, place)


def _in_it(words: list[str], at: int, by_start: dict[int, Mention]) -> int:
    """How many words "in it" or a closing "in" take at ``at`` (not the "in" of "... in
    chapter 4", which names where)."""
    if words[at : at + 2] == ["in", "it"]:
        return 2
    return int(words[at : at + 1] == ["in"] and at + 1 not in by_start)
