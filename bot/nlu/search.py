"""Works found by what a question says of them, and the works people share.

"action movies starring keanu reeves from 2023", "crime movies written by derek kolstad",
"r rated movies from 2019 with halle berry" name works by constraints (a genre, a release
year, an age certificate, people in a role, or not in it: "john wick films not directed by
chad stahelski", "which films is ian mcshane not in"); "has donnie yen worked with chad stahelski",
"which films feature both keanu reeves and halle berry" ask for the works people share.
Read only when every word of the question is one of these constraints (or asks nothing,
like "which", "the", "find"), and only when something of the franchise is among them (a
person or character of ours, its name, or the conversation): "action movies from 2023" may
be any film's.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, replace

from bot.facts.schema import Status, Work, WorkKind
from bot.intents import C, Intent, P, W
from bot.nlu.claims import CERTIFICATES, EXTREMES, GENRES, POLAR_STARTS
from bot.nlu.entities import FRANCHISE_NAME, EntityIndex, EntityRef, Mention
from bot.nlu.words import FILLER, STOPWORDS, YEAR, question_start

#: Nouns for the works searched, and the kind each restricts them to.
KIND_NOUNS = {
    **dict.fromkeys(("film", "films"), "film"),
    **dict.fromkeys(("series", "shows", "tv"), "series"),
    **dict.fromkeys(("ones", "works", "titles", "entries", "installments"), None),
}
#: Verbs of working together ("has donnie yen worked with chad stahelski").
TOGETHER = frozenset(
    """work worked works working collaborate collaborated collaborates collaborating
    team teamed partnered together""".split()
)
#: Words of a credit, and the role each names (a verb before or after the person).
ROLE_WORDS = {
    **dict.fromkeys("write writes wrote written writing penned scripted".split(), "writer"),
    **dict.fromkeys("direct directs directed directing helmed".split(), "director"),
    **dict.fromkeys("produce produces produced producing".split(), "producer"),
    **dict.fromkeys("score scores scored composed".split(), "composer"),
    **dict.fromkeys("edited edit edits cut".split(), "editor"),
    **dict.fromkeys(("shot", "lensed", "photographed"), "cinematographer"),
    **dict.fromkeys(
        """star stars starred starring feature features featured featuring act acts acted
        acting appear appears appeared appearing play plays played include includes
        included including has have had having with""".split(),
        "actor",
    ),
}
#: The verbs of being in a work's cast that only a person or character can do.
_APPEARING = frozenset(
    "star stars starred act acts acted appear appears appeared appearing play plays played".split()
)
#: Words between a name and its verb ("john wick first appeared in": "1" as normalised).
_ADVERBS = frozenset({"1", "last", "ever", "also", "again", "originally"})
#: Words that join the people of one role ("starring keanu reeves and halle berry").
_JOINING = frozenset({"and", "both", "&"})
#: Words of a release year ("from 2019", "released in 2023", "that came out in 2017").
_DATING = frozenset("from in of released release came come comes out since".split())
#: Words bounding the years before or after a year or a work ("before john wick").
_BOUNDS = {"before": -1, "after": 1, "since": 1}
#: Words that only ask for a list, or frame the question ("can you find ...").
_LISTING = frozenset(
    "list name show tell give find search look looking get want all every which what any".split()
)
#: Words that scope a search to the franchise ("in the john wick series").
_FRANCHISE = frozenset("john wick jw wickverse franchise saga universe".split())
#: Function words that ask something else (who did it, when, how many, not).
_ASKING = frozenset(
    """who whom whose when where why how many much not no never without except other
    another more most than first last""".split()
)
_PLAIN = (STOPWORDS | FILLER) - _ASKING
_EVERY = frozenset({"all", "every", "each"})
_ROLE_NOUNS = frozenset({"character", "role", "part"})
#: Singular nouns after "the" that name one work a question asks about ("the film that ...").
_ONE = frozenset({"film", "one", "show", "series"})
#: Words that join a search phrase's parts ("movies [starring] keanu [from] 2023").
_LINKS = frozenset({*ROLE_WORDS, *_JOINING, "by", "from", "in", "of", "released"})
#: Nouns after the franchise's name that make it the franchise ("the john wick series").
_SCOPE_NOUNS = frozenset({*KIND_NOUNS, "franchise", "saga", "universe"})
#: Words that name the franchise itself.
_OURS = frozenset({"wick", "jw", "wickverse"})
#: Auxiliaries that are no "having" in a cast unless a work has them ("films that have").
_AUXILIARY = frozenset({"has", "have", "had", "having"})
_HAVERS = frozenset({*KIND_NOUNS, "that", "which", "it", "they"})
#: Superlatives that name their measure ("the longest", "the latest"): the fact, which way.
_SUPERLATIVES = {
    "longest": (Intent.RUNTIME, "max"),
    "shortest": (Intent.RUNTIME, "min"),
    "latest": (Intent.RELEASE_DATE, "max"),
    "newest": (Intent.RELEASE_DATE, "max"),
    "last": (Intent.RELEASE_DATE, "max"),
    "earliest": (Intent.RELEASE_DATE, "min"),
    "oldest": (Intent.RELEASE_DATE, "min"),
    "first": (Intent.RELEASE_DATE, "min"),
    "cheapest": (Intent.BUDGET, "min"),
}
#: ... and the words that may open a name of the franchise ("the first john wick film",
#: normalised "the 1 john wick film").
_LEADS = {**_SUPERLATIVES, "1": (Intent.RELEASE_DATE, "min")}
#: Words naming the measure a superlative ranks by ("highest grossing", "most recent").
_MEASURES = {
    **dict.fromkeys(
        """grossing grossed gross grosses earning earned earnings money made box office
        successful""".split(),
        Intent.BOX_OFFICE,
    ),
    **dict.fromkeys(
        """reviewed reviews review score rotten tomatoes critics acclaimed metacritic imdb
        tomatometer""".split(),
        Intent.SCORES,
    ),
    **dict.fromkeys("expensive budget costly".split(), Intent.BUDGET),
    **dict.fromkeys("recent recently date dates".split(), Intent.RELEASE_DATE),
    **dict.fromkeys("runtime length runs run running time".split(), Intent.RUNTIME),
}
#: Every word that ranks works or names what they are ranked by ("earliest released").
RANKING_WORDS = frozenset(_SUPERLATIVES) | frozenset(_MEASURES)
#: How far from its superlative a measure's words stand ("grossed the most", "the best
#: rotten tomatoes score").
_MEASURE_REACH = 4
#: The roles a person's works may be named in by their name alone, the first of equals first.
_MAIN_ROLES = ("director", "writer", "actor", "composer", "producer", "editor", "cinematographer")
#: Pronouns that may stand for the person the conversation was last about.
_PERSONAL = frozenset("he him his she her hers".split())
#: Words of any credit ("the films keanu reeves is credited on", "involved in").
_ANY_CREDIT = frozenset({"credited", "involved"})
#: Words that deny a credit ("not directed by", "without keanu", "ian mcshane is not in").
NEGATIONS = frozenset(
    """not never without no non didnt doesnt dont isnt wasnt werent arent hasnt havent
    hadnt""".split()
)
#: Words between a person and the negation of their credit ("derek kolstad did not write").
_NEGATED_VIA = frozenset(
    "is was were are be been does did do has have had ever appear appears appeared".split()
)


@dataclass(frozen=True)
class Credit:
    """A person (or character) a search names, and the role asked (None: any credit)."""

    ref: EntityRef
    role: str | None
    negated: bool = False  # the works searched are those without them in that role


@dataclass(frozen=True)
class Found:
    """What a search asks, and the works that fit it, in release order."""

    credits: tuple[Credit, ...]
    works: tuple[EntityRef, ...]
    genres: tuple[str, ...] = ()
    years: tuple[int, ...] = ()
    certificate: str | None = None
    kind: str | None = None  # "film" or "series" when the question says so
    #: (-1 before / 1 after, the year, the work it is the year of, if any)
    bound: tuple[int, int, EntityRef | None] | None = None
    together: bool = False  # whether the people worked together ("has X worked with Y")
    polar: bool = False
    franchise: bool = False  # the question names the franchise: no caveat needed
    score: float = 1.0
    scope: EntityRef | None = None  # the one work asked about ("... together on the continental")
    counted: bool = False  # how many there are ("how many films came out in 2023")
    #: the fact the works are ranked by and which way ("max" or "min"): "the longest"
    ranked: tuple[Intent, str] | None = None
    #: values the works must not have: ("year", "2019"), ("genre", "action"), ("certificate",
    #: "R") ("john wick films not from 2019", "that aren't rated r")
    unwanted: tuple[tuple[str, str], ...] = ()

    @property
    def intent(self) -> Intent:
        """The fact ranked by, a person's works when people are named, else a list of the
        franchise's works."""
        if self.ranked is not None:
            return self.ranked[0]
        if self.credits:
            return Intent.PERSON_WORKS
        return Intent.COUNT_WORKS if self.counted else Intent.LIST_WORKS

    @property
    def slots(self) -> dict[str, list[EntityRef]]:
        """The people, characters and works found, as an interpretation's slots."""
        out: dict[str, list[EntityRef]] = {}
        for ref in [c.ref for c in self.credits] + list(self.works):
            if ref not in out.setdefault(ref.kind, []):
                out[ref.kind].append(ref)
        return out


class WorkSearch:
    """Reads a search for works out of a question (see the module docstring)."""

    def __init__(
        self,
        index: EntityIndex,
        works: Mapping[str, Work],
        related_by: Callable[[EntityRef, str], list[EntityRef]],
        related: Callable[[EntityRef], list[EntityRef]],
    ) -> None:
        self.index = index
        self.works = works
        self.related_by = related_by
        self.related = related

    def pronouns(
        self,
        words: list[str],
        mentions: list[Mention],
        recent: list[EntityRef],
    ) -> list[Mention]:
        """ "which john wick films was he not in", "her highest grossing john wick film": a
        personal pronoun as the person (or character) the conversation was last about (the
        first of ``recent``, most recent first), when the question names no one."""
        if any(t.kind in (P, C) for m in mentions for t in m.targets):
            return []
        ref = recent[0] if recent and recent[0].kind in (P, C) else None
        taken = {i for m in mentions for i in range(m.start, m.end)}
        spoken = [i for i, w in enumerate(words) if w in _PERSONAL and i not in taken]
        return [Mention(i, i + 1, (words[i],), (ref,), 1.0) for i in spoken] if ref else []

    def narrow(
        self, words: list[str], mentions: list[Mention]
    ) -> tuple[list[Mention], tuple[EntityRef, ...]]:
        """ "who directed the action movies starring keanu reeves from 2023": the works a
        search phrase names (with a genre, year or certificate beside the people), as
        mentions of them, when the rest of the question asks something of them; and the
        people gone through."""
        named = [m for m in mentions if not m.weak]
        at = {i: m for m in named for i in range(m.start, m.end)}
        for noun_at, noun in enumerate(words):
            if noun not in KIND_NOUNS:
                continue
            start, end = noun_at, noun_at + 1
            if noun_at in at:  # "the john wick film not directed by ...": the franchise's
                ours = at[noun_at]
                if ours.end != end or self._named(words, ours) != "franchise":
                    continue
                start = ours.start
            while start > 0 and start - 1 not in at and _valued(words[start - 1], True):
                start -= 1  # "the action", "the 2019", "r rated"
            while end < len(words):
                m = at.get(end)
                if m is not None and self._named(words, m) == "person":
                    end = m.end
                elif m is None and (
                    words[end] in _LINKS or words[end] in NEGATIONS or _valued(words[end], False)
                ):
                    end += 1
                else:
                    break
            while end > noun_at + 1 and end - 1 not in at and not _valued(words[end - 1], False):
                end -= 1  # "... from 2023 come out": the phrase ends at the year
            inner = [replace(m, start=m.start - start, end=m.end - start) for m in named]
            inner = [m for m in inner if m.start >= 0 and m.end <= end - start]
            found = self.read(words[start:end], inner, False, False, phrase=True)
            if found is None or not found.works or not found.credits:
                continue
            constrained = found.genres or found.years or found.certificate or found.bound
            # ... or a credit denied: "who directed the john wick film not directed by ..."
            if not (constrained or any(c.negated for c in found.credits)):
                continue  # "the films starring keanu reeves": hops' (nlu/hops.py)
            rest = words[:start] + words[end:]
            if all(w in _PLAIN or w in _LISTING or w in _FRANCHISE for w in rest):
                continue  # nothing else asked: read() answers the search
            key = tuple(words[start:end])
            kept = [m for m in mentions if m.end <= start or m.start >= end]
            hops = [Mention(start, end, key, (w,), found.score) for w in found.works]
            people = tuple(c.ref for c in found.credits)
            return sorted(kept + hops, key=lambda m: m.start), people
        return mentions, ()

    def read(
        self,
        words: list[str],
        mentions: list[Mention],
        conditional: bool,
        recent: bool,
        phrase: bool = False,
    ) -> Found | None:
        """The search ``words`` ask for, or None when they ask something else; ``recent``:
        the conversation is about the franchise; ``phrase``: the words are a phrase naming
        works inside a question (:meth:`narrow`), "the film" may name one."""
        named = [m for m in mentions if not m.weak]
        at = {i: m for m in named for i in range(m.start, m.end)}
        people: list[Mention] = []
        franchise = any(w in _OURS and i not in at for i, w in enumerate(words))
        bound_work: tuple[int, EntityRef] | None = None
        scope: EntityRef | None = None
        named_kinds: list[str] = []  # the works' kind a name of the franchise says ("films")
        ranks: set[int] = set()  # "the latest john wick film": its superlative ranks
        for m in named:
            kind = self._named(words, m)
            if kind is None:
                return None
            if kind == "franchise":
                franchise = True
                named_kinds += [w for w in words[m.start : m.end] if w in KIND_NOUNS]
                ranks |= {i for i in range(m.start, m.end) if words[i] in _LEADS}
            elif kind == "bound":
                bound_work = (m.start, next(t for t in m.targets if t.kind == W))
            elif kind == "scope":
                scope = next(t for t in m.targets if t.kind == W)
            else:
                people.append(m)
        denied = {m: _denial(words, m, at) for m in people}
        used: set[int] = {i for positions in denied.values() for i in positions}
        ranking = _ranking(words, {i: m for i, m in at.items() if i not in ranks}, ranks)
        if ranking is not None:
            used |= ranking[2]
        denied_values = _denied_values(words, at, used)
        used |= set(denied_values.values())
        unwanted: list[tuple[str, str]] = []
        genres: list[str] = []
        years: list[tuple[int, int]] = []  # (position, year)
        certificate: str | None = None
        kind_of: str | None = None
        nouns = together = both = False
        counted = words[:2] == ["how", "many"]  # "how many films have ... been in together"
        if counted:
            used.update((0, 1))
        for i, word in enumerate(words):
            if i in at or i in used:
                continue
            pair = " ".join(words[i : i + 2]) if i + 1 < len(words) else ""
            if pair in CERTIFICATES:  # "pg 13", "r rated"
                if i in denied_values:
                    unwanted.append(("certificate", CERTIFICATES[pair]))
                else:
                    certificate = CERTIFICATES[pair]
                used.update((i, i + 1))
            elif word in CERTIFICATES and (len(word) > 2 or _rated(words, i)):
                if i in denied_values:
                    unwanted.append(("certificate", CERTIFICATES[word]))
                else:
                    certificate = CERTIFICATES[word]  # "unrated", "rated r"
            elif word in GENRES or (word.endswith("s") and word[:-1] in GENRES):
                genre = GENRES[word if word in GENRES else word[:-1]]
                if i in denied_values:
                    unwanted.append(("genre", genre))
                else:
                    genres.append(genre)
            elif YEAR.match(word):
                if i - 1 in at:
                    return None  # "the boogeyman 2023 movie": another title's year
                if i in denied_values:
                    unwanted.append(("year", word))
                else:
                    years.append((i, int(word)))
            elif word in _ONE and i > 0 and words[i - 1] == "the" and not phrase:
                return None  # "the film that halle berry starred in": one work, asked about
            elif word in KIND_NOUNS:
                nouns = True
                # ... but "which film in the john wick series": the franchise's films
                ours = i > 0 and (words[i - 1] in _OURS or i - 1 in at)
                if not (word == "series" and ours and kind_of is not None):
                    kind_of = KIND_NOUNS.get(word, "series") or kind_of
            elif word in TOGETHER or (word == "same" and "together" not in words):
                together = True
            elif word == "both":
                both = True
            elif word in _ROLE_NOUNS and i - 1 in at and at[i - 1].targets[0].kind == C:
                continue  # "movies with a bowery king character"
            elif not (
                word in ROLE_WORDS
                or word in _DATING
                or word in _BOUNDS
                or word in _LISTING
                or word in _FRANCHISE
                or word in _PLAIN
                or word in _ANY_CREDIT
                or word == "rated"
            ):
                return None  # a word that asks something else
        # "the john wick films": films; "the john wick series" is the franchise, and a kind
        # said outside the name comes first ("which film in the john wick series ...")
        nouns |= bool(named_kinds)
        if kind_of is None and any(KIND_NOUNS.get(w) == "film" for w in named_kinds):
            kind_of = "film"
        credits = [Credit(_person(m), self._role(words, m, at), bool(denied[m])) for m in people]
        if ranking is not None:  # "chad stahelski's longest film": one he directed
            credits = [self._main_role(c) if c.role is None else c for c in credits]
        if not (franchise or credits or recent):
            return None  # "action movies from 2023": any film's
        start, opened = question_start(words)
        polar = conditional or opened or (start < len(words) and words[start] in POLAR_STARTS)
        if words[start : start + 1] in (["can"], ["could"], ["will"], ["would"]):
            polar = polar and words[start + 1 : start + 2] not in (["you"], ["u"])  # "can you find"
        if polar and _EVERY & set(words):
            return None  # "are all the john wick movies rated r": a fact of each of them
        negated = any(c.negated for c in credits) or bool(unwanted)
        if negated and (together or not nouns):
            return None  # "is keanu not in the continental": a fact of one work
        constrained = bool(genres or years or certificate or bound_work or scope or negated)
        if ranking is not None and (not (constrained or credits) or together or polar):
            return None  # "the longest john wick film": the films' (work_facts._ranked)
        constrained |= ranking is not None
        several = len({c.ref for c in credits}) > 1
        # "films with the bowery king": a character's works (a person's are person_works')
        played = len(credits) == 1 and credits[0].ref.kind == C and nouns and not polar
        joined = several and both  # "have both ian mcshane and ana de armas"
        # "has chad stahelski directed halle berry": a credit's verb between two people
        joined |= any(
            m.end + 1 < len(words) and _crew(words[m.end]) and m.end + 1 in at for m in people
        )
        if not (constrained or several or played) or not (nouns or together or joined):
            return None
        bound = _bound(words, years, bound_work, self.index.work_years)
        plain_years = tuple(y for i, y in years if bound is None or bound[1] != y)
        found = self._matching(credits, genres, plain_years, certificate, kind_of, bound)
        found = tuple(w for w in found if not _has_any(self.works[w.id], unwanted))
        found = tuple(w for w in found if scope is None or w == scope)
        score = min((m.score for m in people), default=1.0)
        return Found(
            tuple(credits),
            found,
            tuple(dict.fromkeys(genres)),
            plain_years,
            certificate,
            kind_of,
            bound,
            together,
            polar,
            franchise,
            score,
            scope,
            counted,
            ranking[:2] if ranking is not None else None,
            tuple(unwanted),
        )

    def _named(self, words: list[str], m: Mention) -> str | None:
        """What a name is to a search: "person" (or a character), "franchise" ("the john wick
        films"), "bound" ("before john wick"), or None (another work, a topic: no search)."""
        kinds = {t.kind for t in m.targets}
        before = words[m.start - 1] if m.start else ""
        after = words[m.end] if m.end < len(words) else ""
        if before in _BOUNDS and W in kinds:
            return "bound"
        if before in ("on", "in") and W in kinds and m.key != FRANCHISE_NAME:
            return "scope"  # "did they work together on the continental"
        # "the john wick films", "jw movies", "the latest john wick film", "the first ..."
        key = [w for w in m.key if w not in _SCOPE_NOUNS and w != "the"]
        key = key[1:] if key[:1] and key[0] in _LEADS else key
        franchise = tuple(key) in (FRANCHISE_NAME, ("jw",))
        if franchise and (words[m.end - 1] in _SCOPE_NOUNS or after in KIND_NOUNS):
            return "franchise"
        cast = ROLE_WORDS.get(before) == "actor" or before in _JOINING  # "sofia and john wick"
        # ... or one who appears: "what film did john wick first appear in"
        rest = [w for w in words[m.end : m.end + 2] if w not in _ADVERBS]
        cast = cast or (bool(rest) and rest[0] in _APPEARING)
        if P in kinds or (C in kinds and (W not in kinds or cast)):
            ours = [t for t in m.targets if t.kind == (P if P in kinds else C)]
            return "person" if len(ours) == 1 else None
        return None

    def _role(self, words: list[str], m: Mention, at: dict[int, Mention]) -> str | None:
        """The role a person is searched in: the credit word before their group ("directed
        by", "starring ... and"), else after it ("did both ... write"); None when any
        credit will do ("worked with", no word). A denied credit's verb after the person
        comes first ("which films has chad stahelski never directed")."""
        denied = bool(_denial(words, m, at))
        after = self._role_after(words, m, at, denied)
        if denied and after is not None:
            return after
        i = m.start - 1
        while i >= 0 and (words[i] in _JOINING or words[i] in NEGATIONS or i in at):
            i = at[i].start - 1 if i in at else i - 1
        if i >= 0:
            word = words[i]
            if word == "by":
                verb = words[i - 1] if i > 0 else ""
                return self._role_of(verb) or "director"  # "movies by len wiseman"
            if word == "with" and i > 0 and words[i - 1] in TOGETHER:
                return None  # "worked with": any credit
            role = self._role_of(word)
            if word in _AUXILIARY and (i == 0 or words[i - 1] not in _HAVERS):
                role = None  # "has keanu worked with ...", not "films that have keanu"
            if role not in (None, "actor") and i == m.start - 1 and i - 1 in at:
                return "actor"  # "has chad stahelski directed halle berry": she was in the cast
            if role is not None:
                return role
        return after

    def _role_after(
        self, words: list[str], m: Mention, at: dict[int, Mention], denied: bool
    ) -> str | None:
        """The credit word after a person's group ("did both ... write"; denied, past the
        negation: "derek kolstad did not write")."""
        j = m.end
        while j < len(words) and (words[j] in _JOINING or j in at):
            j = at[j].end if j in at else j + 1
        if denied:
            while j < len(words) and (words[j] in NEGATIONS or words[j] in _NEGATED_VIA):
                j += 1
        return self._role_of(words[j]) if j < len(words) and words[j] != "with" else None

    def _main_role(self, credit: Credit) -> Credit:
        """A person's works named by their name alone ("keanu reeves's films", "chad
        stahelski's films") are those in the role they hold on most released works (a
        director's first: "a chad stahelski film" is one he directed)."""
        if credit.ref.kind != P:
            return credit
        counts = {
            role: sum(
                1
                for ref in self.related_by(credit.ref, role)
                if (w := self.works.get(ref.id)) is not None and w.status is Status.RELEASED
            )
            for role in _MAIN_ROLES
        }
        best = max(_MAIN_ROLES, key=lambda role: counts[role])  # the first of equals
        return replace(credit, role=best) if counts[best] else credit

    @staticmethod
    def _role_of(word: str) -> str | None:
        return ROLE_WORDS.get(word)

    def _matching(
        self,
        credits: list[Credit],
        genres: list[str],
        years: tuple[int, ...],
        certificate: str | None,
        kind: str | None,
        bound: tuple[int, int, EntityRef | None] | None,
    ) -> tuple[EntityRef, ...]:
        """The works (in release order) that fit every constraint."""
        out = []
        for ref in self.index.by_release:
            work = self.works.get(ref.id)
            if work is None or work.status is not Status.RELEASED:
                continue  # what is only announced has no genre, year or shared work yet
            if kind is not None and work.kind is not WorkKind(kind):
                continue
            have = {g.casefold() for g in work.genres}
            if genres and not all(g in have for g in genres):
                continue
            year = work.release.date.year if work.kind is not WorkKind.ANNOUNCED else None
            if years and year not in years:
                continue
            if bound is not None and (year is None or (year - bound[1]) * bound[0] <= 0):
                continue
            if certificate and (work.rating is None or work.rating.certificate != certificate):
                continue
            if all((ref in self._works_of(c)) != c.negated for c in credits):
                out.append(ref)
        return tuple(out)

    def _works_of(self, credit: Credit) -> list[EntityRef]:
        if credit.ref.kind == P and credit.role is not None:
            return self.related_by(credit.ref, credit.role)
        return self.related(credit.ref)


def _person(m: Mention) -> EntityRef:
    kinds = {t.kind for t in m.targets}
    return next(t for t in m.targets if t.kind == (P if P in kinds else C))


def _ranking(
    words: list[str], at: dict[int, Mention], leads: set[int]
) -> tuple[Intent, str, frozenset[int]] | None:
    """ "highest grossing", "the best rotten tomatoes score", "most recent", "longest": the
    fact a superlative ranks works by, which way, and the words it takes; None when there is
    no superlative, or its measure is not named or not one. ``leads``: where a name of the
    franchise opens with its superlative ("the first john wick film": "1")."""
    free = [i for i in range(len(words)) if i not in at]
    for i in free:
        word = words[i]
        near = [j for j in free if j != i and abs(j - i) <= _MEASURE_REACH]
        # "what film did sofia first appear in": "first" (normalised "1") before a verb
        adverb = word == "1" and i + 1 < len(words) and words[i + 1] in ROLE_WORDS
        if word in _SUPERLATIVES or (i in leads and word in _LEADS) or adverb:
            intent, way = _LEADS[word]  # ... with its own measure's words ("runs the longest")
            same = {j for j in near if _MEASURES.get(words[j]) is intent}
            return intent, way, frozenset({i, *same})
        if word not in EXTREMES:
            continue
        # "highest rated", but not "rated r"; a score's noun, but not "scored by"
        taken = [j for j in near if words[j] in _MEASURES and words[j : j + 2] != ["score", "by"]]
        if i + 1 in near and words[i + 1] == "rated":
            taken.append(i + 1)
        kinds = {_MEASURES.get(words[j], Intent.SCORES) for j in taken}
        if len(kinds) != 1:
            return None
        return kinds.pop(), EXTREMES[word], frozenset({i, *taken})
    return None


#: Words between a negation and the value it denies ("not from 2019", "aren't rated r",
#: "did not come out in 2014").
_DENIED_VIA = frozenset("from in of released release rated a an made come came out".split())


def _denied_values(words: list[str], at: dict[int, Mention], used: set[int]) -> dict[int, int]:
    """Where a negation denies a constraint's value ("not from 2019", "not rated r", "non
    action"): the value's position -> the negation's."""
    out = {}
    for i, word in enumerate(words):
        if word in NEGATIONS and i not in used and i not in at and word not in ("without", "no"):
            j = _denied_value(words, i, at)
            if j is not None:
                out[j] = i
    return out


def _denied_value(words: list[str], i: int, at: Mapping[int, Mention]) -> int | None:
    """Where the value a negation at ``i`` denies stands, if it denies one."""
    j = i + 1
    while j < min(i + 4, len(words)) and words[j] in _DENIED_VIA and j not in at:
        j += 1
    valued = j < len(words) and j not in at and _valued(words[j], False)
    # "13" stands only after "pg"; "rated" is no value
    if valued and words[j] != "rated" and not (words[j].isdigit() and len(words[j]) == 2):
        return j
    return None


def _has_any(work: Work, unwanted: list[tuple[str, str]]) -> bool:
    """True when ``work`` has any of the values a search denies."""
    for what, value in unwanted:
        if what == "genre" and value in {g.casefold() for g in work.genres}:
            return True
        if what == "year" and work.release.date.year == int(value):
            return True
        if what == "certificate" and work.rating is not None and work.rating.certificate == value:
            return True
    return False


def _denial(words: list[str], m: Mention, at: dict[int, Mention]) -> tuple[int, ...]:
    """Where the words deny a person's credit, if they do: before the person's group ("not
    directed by", "without", "and not starring") or after it ("ian mcshane is not in",
    "derek kolstad did not write"); empty when they don't."""
    i = m.start - 1
    while i >= 0 and ((words[i] in _JOINING and i - 1 in at) or i in at):
        i = at[i].start - 1 if i in at else i - 1  # "starring keanu reeves and ian mcshane"
    for k in range(i, max(i - 3, -1), -1):
        if words[k] in NEGATIONS:
            return (k,)
        if not (words[k] in ROLE_WORDS or words[k] in _NEGATED_VIA or words[k] in ("by", "in")):
            break
    j = m.end
    while j + 1 < len(words) and words[j] in _JOINING and j + 1 in at:
        j = at[j + 1].end  # "... keanu reeves and ian mcshane are not in"
    for k in range(j, min(j + 3, len(words))):
        if words[k] in NEGATIONS and words[k] not in ("without", "no"):
            # ... not "ian mcshane not released in 2023": the year is denied
            return (k,) if _denied_value(words, k, at) is None else ()
        if words[k] not in _NEGATED_VIA:
            break
    return ()


def _crew(word: str) -> bool:
    return ROLE_WORDS.get(word) not in (None, "actor")


def _valued(word: str, before: bool) -> bool:
    """True for a word of a constraint's value: a genre, a year, a certificate ("r", "pg",
    "13", "rated"); ``before`` a kind noun, also "the"."""
    if word in GENRES or word in CERTIFICATES or word == "rated" or (before and word == "the"):
        return True
    return word.isdigit() and (len(word) == 4 or (len(word) == 2 and not before))


def _rated(words: list[str], i: int) -> bool:
    """True when the word at ``i`` stands beside "rated" ("rated r", "r rated")."""
    return "rated" in (words[i - 1] if i else "", words[i + 1] if i + 1 < len(words) else "")


def _bound(
    words: list[str],
    years: list[tuple[int, int]],
    work: tuple[int, EntityRef] | None,
    work_years: Mapping[str, int],
) -> tuple[int, int, EntityRef | None] | None:
    """ "before john wick" (its year), "after 2017": which way, the year, and the work."""
    if work is not None:
        year = work_years.get(work[1].id)
        side = _BOUNDS.get(words[work[0] - 1])
        return (side, year, work[1]) if side is not None and year is not None else None
    for i, year in years:
        side = _BOUNDS.get(words[i - 1]) if i else None
        if side is not None:
            return side, year, None
    return None
