"""Find the works, people, characters and topics a question names.

Exact, then alias, then fuzzy: every name and alias is indexed by its normalised tokens;
unknown words are first corrected against the franchise vocabulary with rapidfuzz (so
"winsten" becomes "winston"), then the longest exact token sequences win. Sequel numbers
are never fuzzy: "john wick 2" only matches an alias that says 2.
"""

from __future__ import annotations

import heapq
import math
import re
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass

from rapidfuzz import fuzz, process
from rapidfuzz.distance import OSA

from bot.facts.knowledge import KnowledgeBase
from bot.facts.schema import Work
from bot.nlu.claims import COUNTRY_WORDS, EXTREMES
from bot.nlu.classify import stem
from bot.nlu.lexicon import english
from bot.nlu.memo import Memo
from bot.nlu.normalise import SLANG, normalise, tokens
from bot.nlu.places import PlaceIndex
from bot.nlu.words import COMMON, DESCRIPTORS, FILLER, FRANCHISE_FOLLOWERS, STOPWORDS

#: Words after a work's name that only say what it is ("the continental tv series").
MEDIA_NOUNS = frozenset({"film", "series", "miniseries", "show", "tv", "spinoff"})
#: Words after the franchise's name that make it the franchise, even though a work's name may
#: be followed by them ("the john wick series" is not the 2014 film).
_COLLECTIVE_FOLLOWERS = frozenset({"series", "spinoff", "spinoffs", "franchise"})
#: The franchise's own name: "john wick films" is the franchise, not the 2014 film.
FRANCHISE_NAME = ("john", "wick")
#: Short names fans give the franchise too ("which wick movies", "the jw films").
FRANCHISE_KEYS = frozenset({FRANCHISE_NAME, ("wick",), ("jw",)})

#: rapidfuzz ``fuzz.ratio`` a misspelt word needs to be corrected to a known one.
FUZZY_CUTOFF = 80.0
#: Short words need to be closer (one typo in five letters is a lot).
FUZZY_CUTOFF_SHORT = 85.0
#: Correcting to a phrasing word ("direced" -> "directed") needs more: "dating" is not "rating".
FUZZY_CUTOFF_PHRASING = 88.0
#: Words read as another single word ("movie" as "film").
_SINGLE_SLANG = {k: v for k, v in SLANG.items() if " " not in v}
#: Words shorter than this are never corrected.
MIN_FUZZY_LEN = 4
#: Words this long may be a slip of the keys from a known word (one edit) ...
SLIP_MIN_LEN = 5
#: ... and words this long, two.
SLIP_TWO_LEN = 9
#: Score given to a mention made of ordinary words only ("the director", "common").
WEAK_MENTION_SCORE = 0.75
#: Sequel numbers that are not part of any alias make the mention an unknown sequel.
_SEQUEL_NUMBER = re.compile(r"^\d{1,2}$")
_SEQUEL_LEADS = frozenset({"chapter", "part", "ch", "chap", "vol", "volume"})
#: Words before a number that name a series' episode ("the continental part two").
_EPISODE_LEADS = frozenset({"part", "episode", "ep", "night"})
_NUMBER = re.compile(r"^\d+$")
#: Nouns after an ordinal or "latest" that make it a reference to a film ("the 3rd one").
_REFERENCE_NOUNS = frozenset({"film", "one", "installment", "entry", "instalment", "part"})
#: Words that mean the most recent released film ("the latest john wick movie").
_LATEST = frozenset({"latest", "newest"})


@dataclass(frozen=True, slots=True)
class EntityRef:
    """A thing in the knowledge base: kind is work, person, character or topic."""

    kind: str
    id: str

    def __str__(self) -> str:
        return f"{self.kind}:{self.id}"


#: Words before "<franchise> film" that make it any of the films ("a john wick movie").
_ANY = frozenset({"a", "an", "any", "every", "each"})
_WHICH = frozenset({"which", "what"})
#: Words after "the next ..." that make it relative to another work.
_RELATIVE = frozenset({"after", "following", "since"})
#: Plural nouns for works: "the next john wick projects" are several.
_PLURAL_WORKS = frozenset("films projects shows sequels installments entries games".split())
_ANYTHING = frozenset({"anything", "something", "everything", "nothing", "more", "another"})
#: Nouns a work's name can modify ("a ballerina sequel", "a john wick game").
WORK_NOUNS = frozenset(
    "sequel sequels prequel prequels film movie spinoff spin series show game season".split()
)


@dataclass(frozen=True, slots=True)
class Mention:
    """A span of the question's tokens that names one or more things."""

    start: int
    end: int
    key: tuple[str, ...]
    targets: tuple[EntityRef, ...]
    score: float
    weak: bool = False
    unknown_sequel: bool = False
    optional: bool = False  # may also be read as plain words (weak names, the franchise name)
    indefinite: bool = False  # one word after "a"/"an": "a pencil" is any pencil
    described: bool = False  # found by its description's words, not by a name


@dataclass(frozen=True, slots=True)
class _Target:
    ref: EntityRef
    primary: bool  # the entry's own name/title, not an alias


#: Nouns that, named like one of ours, are ours ("a film called ballerina").
_OUR_KINDS = frozenset({"character", "role", "part"})


def _named_like(words: list[str], i: int) -> bool:
    """ "a hotel named the continental", "a dog called daisy": some thing with our name,
    not ours (but "a film called ballerina", "a character named winston" are)."""
    if i < 3 or words[i - 1] not in ("named", "called"):
        return False
    noun = words[i - 2]
    return words[i - 3] in ("a", "an", "any") and noun not in WORK_NOUNS and noun not in _OUR_KINDS


def _strands_a_number(
    key: tuple[str, ...], words: list[str], end: int, names: dict[tuple[str, ...], list[_Target]]
) -> bool:
    """True when a name read from an ordinal ("first john wick") leaves the number after it
    that makes the rest a name of its own ("john wick 2")."""
    return (
        len(key) > 1
        and key[0].isdigit()
        and end < len(words)
        and words[end].isdigit()
        and (*key[1:], words[end]) in names
    )


#: Longest work name (in words) put in place of another in a topic's alias.
_WORK_NAME_MAX = 4


def _work_variants(
    names: dict[tuple[str, ...], list[_Target]],
    add: Callable[[tuple[str, ...], EntityRef, bool], None],
) -> dict[tuple[str, ...], EntityRef]:
    """A topic's alias that names a work also names it by the work's other names ("does the
    dog die in chapter 4" is also "... in john wick 4", "... in jw4"). Returns the work each
    such alias names. Only a name that reads as a work's: numbered ("chapter 4 dog") or after
    "in" ("dogs in parabellum"); "continental coins" are the hotel's, not the series'."""
    named: dict[tuple[str, ...], EntityRef] = {}
    by_work: dict[EntityRef, list[tuple[str, ...]]] = defaultdict(list)
    for key, targets in names.items():
        for target in targets:
            if target.ref.kind == "work" and len(key) <= _WORK_NAME_MAX:
                by_work[target.ref].append(key)
    work_of = {key: ref for ref, keys in by_work.items() for key in keys}
    for key, targets in list(names.items()):
        topics = [t.ref for t in targets if t.ref.kind == "topic"]
        if not topics or len(key) < 2:
            continue
        for size in range(min(_WORK_NAME_MAX, len(key) - 1), 0, -1):
            spans = [
                (i, work_of[key[i : i + size]])
                for i in range(len(key) - size + 1)
                if key[i : i + size] in work_of
                and not key[i : i + size][0].isdigit()
                and key[i : i + size] not in FRANCHISE_KEYS
                and (any(w.isdigit() for w in key[i : i + size]) or key[i - 1 : i] == ("in",))
            ]
            if not spans:
                continue
            i, work = spans[0]
            named[key] = work
            for other in by_work[work]:
                variant = (*key[:i], *other, *key[i + size :])
                if variant not in names:
                    named[variant] = work
                    for ref in topics:
                        add(variant, ref, False)
            break
    return named


class EntityIndex:
    """All names and aliases of a knowledge base, ready for fast look-up."""

    def __init__(
        self,
        kb: KnowledgeBase,
        phrasing_words: set[str],
        known_words: frozenset[str] = frozenset(),
        kept_words: frozenset[str] = frozenset(),
    ) -> None:
        #: words never corrected, though still foreign: those of facts Wickbot lacks
        #: ("frame rate" is not "frame rated")
        self._kept = kept_words
        names: dict[tuple[str, ...], list[_Target]] = defaultdict(list)
        display: dict[EntityRef, str] = {}

        def add(key: tuple[str, ...], ref: EntityRef, primary: bool) -> None:
            if not key or all(t in STOPWORDS for t in key):
                return
            if any(t.ref == ref for t in names[key]):
                return
            names[key].append(_Target(ref, primary))

        groups: list[tuple[str, str, list[str], list[str]]] = []
        for work in kb.works.values():
            extra = [work.full_title] if work.full_title else []
            # an episode's title names its series ("theater of pain"); the answer picks the
            # episode from the question's words
            episodes = [e.title for e in work.episodes if len(tokens(e.title)) >= 2]
            groups.append(("work", work.id, [work.title], [*extra, *work.aliases, *episodes]))
        for person in kb.people.values():
            groups.append(("person", person.id, [person.name], list(person.aliases)))
        for char in kb.characters.values():
            groups.append(("character", char.id, [char.name], list(char.aliases)))
        for topic in kb.topics.values():
            groups.append(("topic", topic.id, [topic.title], list(topic.aliases)))

        for kind, ident, primary_names, aliases in groups:
            ref = EntityRef(kind, ident)
            display[ref] = primary_names[0]
            for text, primary in [(n, True) for n in primary_names] + [(a, False) for a in aliases]:
                key = tuple(tokens(text))
                add(key, ref, primary)
        ordinary_words = STOPWORDS | FILLER | COMMON | phrasing_words
        # Variants: without a leading "the", and with spaces removed ("johnwick").
        for key, targets in list(names.items()):
            variants = []
            # "the continental" is also "continental"; but "the original" is not "original"
            # (an ordinary word: "ballerina's original release date")
            plain_word = len(key) == 2 and key[1] in ordinary_words
            if key[0] == "the" and len(key) > 1 and not plain_word:
                variants.append(key[1:])
            if len(key) > 1 and sum(len(t) for t in key) >= 4:
                variants.append(("".join(key),))
            for variant in variants:
                if variant in names:
                    continue  # never shadow a real name
                for target in targets:
                    add(variant, target.ref, False)
        #: topic aliases that name a work ("who is chapter 4 dedicated to"): that work
        self.alias_works = _work_variants(names, add)
        self._add_surnames(kb, names)

        self.names = dict(names)
        self.display = display
        self.lengths_by_first: dict[str, tuple[int, ...]] = {}
        first: dict[str, set[int]] = defaultdict(set)
        for key in self.names:
            first[key[0]].add(len(key))
        self.lengths_by_first = {k: tuple(sorted(v, reverse=True)) for k, v in first.items()}

        name_words = {t for key in self.names for t in key}
        text_words = _knowledge_words(kb)
        self.phrasing_words = phrasing_words
        # phrasings mention the franchise by name; that doesn't make "john wick" an ordinary word
        self.ordinary = frozenset(
            STOPWORDS | FILLER | COMMON | (phrasing_words - set(FRANCHISE_NAME))
        )
        self._plain = frozenset(STOPWORDS | FILLER | COMMON)
        #: words of the places people come from ("havana", "cuba", "canadian"): "is ana from
        #: cuba" asks where she is from, "the guy from the walking dead" what he is known for
        self.place_words = frozenset(
            {w for p in kb.people.values() for w in tokens(f"{p.birthplace} {p.nationality}")}
            - STOPWORDS
            - {"none"}
        ) | frozenset(w for key in COUNTRY_WORDS for w in key.split())
        #: where the works are set and were filmed ("rome": Chapter 2)
        self.places = PlaceIndex(kb, self.ordinary)
        self.known = frozenset(
            self.ordinary | name_words | text_words | known_words | self.place_words
        )
        # not of names: "reevees" is a slip for "reeves", not another form of it
        self._known_stems = frozenset(stem(w) for w in self.known - name_words)
        #: the words questions are made of: names, phrasings, everyday and relation words
        self._asked_words = frozenset(self.ordinary | name_words | known_words | kept_words)
        self._fuzzy_choices = sorted(
            w for w in (name_words | phrasing_words) if len(w) >= MIN_FUZZY_LEN and w.isalpha()
        )
        self._name_words = frozenset(name_words)
        self._first_names = frozenset(
            parts[0]
            for p in kb.people.values()
            if len(parts := tokens(p.name)) >= 2 and parts[0] not in self.ordinary
        )
        #: the words of two-word names, by the word beside them ("wick" -> "john")
        firsts: dict[str, set[str]] = defaultdict(set)
        seconds: dict[str, set[str]] = defaultdict(set)
        for key, targets in self.names.items():
            if len(key) == 2 and all(t.ref.kind != "topic" for t in targets):
                firsts[key[1]].add(key[0])
                seconds[key[0]].add(key[1])
        self._firsts = {k: frozenset(v) for k, v in firsts.items()}
        self._seconds = {k: frozenset(v) for k, v in seconds.items()}
        #: names of three words or more with one word left out ("ana de _"), and the words
        #: that may fill the gap; and the words of such names
        gaps: dict[tuple[str, ...], set[str]] = defaultdict(set)
        for key, targets in self.names.items():
            if len(key) >= 3 and any(t.ref.kind in ("person", "character") for t in targets):
                for k in range(len(key)):
                    gaps[(*key[:k], "", *key[k + 1 :])].add(key[k])
        self._long_gaps = {k: frozenset(v) for k, v in gaps.items()}
        self._long_name_words = frozenset(w for key in gaps for w in key if w)
        self._long_lengths = tuple(sorted({len(key) for key in gaps}))
        self._choice_set = frozenset(self._fuzzy_choices)
        #: what a slip of the keys may be corrected to: any word Wickbot knows
        self._slip_choices = sorted(
            w for w in self.known | kept_words if len(w) >= MIN_FUZZY_LEN and w.isalpha()
        )
        self._corrections: dict[str, str | None] = {}
        self._corrected: Memo[tuple[tuple[str, ...], tuple[float, ...]]] = Memo()
        self._found: Memo[tuple[Mention, ...]] = Memo()
        self._english = english()  # read now, not on the first misspelt word
        self._build_topic_keywords(kb)
        self._build_character_words(kb)
        released = [w for w in kb.films() if w.status.value == "released"]
        self._latest = EntityRef("work", released[-1].id) if released else None
        #: the released films in order: "the franchise" as a whole ("how much has it made")
        self.released_films = tuple(EntityRef("work", w.id) for w in released)
        #: every work in release order, for "the next one" after the work discussed
        self.by_release = tuple(EntityRef("work", w.id) for w in kb.works_by_release())
        #: words that describe each work (medium, genres, country, language, names), to tell
        #: "the animated ballerina" apart from Ballerina
        self.work_words = {w.id: frozenset(tokens(_describing(w))) for w in kb.works.values()}
        #: each work's medium as words ("tv series", "tv miniseries"): said after the
        #: franchise's name, a medium only one work has names that work
        self.work_media = {w.id: tuple(tokens(w.medium)) for w in kb.works.values() if w.medium}
        #: characters' names a work is named after ("the caine movie"): the one work each
        self.named_after = self._works_named_after(kb)
        #: the year each work came out, to tell "the 2023 korean movie ballerina" apart
        self.work_years = {
            w.id: w.release.date.year for w in kb.works.values() if w.release.date.year
        }
        #: every year a work was out or once set for ("ballerina 2024" was its first date)
        self.work_dated = {
            w.id: frozenset(
                y for y in (w.release.date.year, *(e.date.year for e in w.date_history)) if y
            )
            for w in kb.works.values()
        }
        #: every released work, films and series: "was mel gibson in a john wick movie"
        self.released_works = tuple(
            EntityRef("work", w.id) for w in kb.works.values() if w.status.value == "released"
        )
        #: the spin-offs out, in release order ("the first spin-off")
        self.spin_offs_out = tuple(
            r for r in self.by_release if kb.works[r.id].spin_off and r in self.released_works
        )
        #: ids of the series, for "the series with mel gibson", "the prequel series"
        self.series = frozenset(w.id for w in kb.works.values() if w.kind.value == "series")
        self._prequels = self._prequels_of(kb)

    def _build_topic_keywords(self, kb: KnowledgeBase) -> None:
        """Words of each topic's title and aliases, for questions that describe a topic."""
        per_topic: dict[str, set[str]] = {}
        self._topic_related = {
            t.id: frozenset(EntityRef(*r.split(":", 1)) for r in t.related if ":" in r)
            | {EntityRef("work", w) for w in t.per_work}
            for t in kb.topics.values()
        }
        self._topic_text = {
            t.id: frozenset(tokens(" ".join((t.title, *t.aliases, t.answer))))
            for t in kb.topics.values()
        }
        #: the characters a topic's title or aliases name: whom it is about ("John's fate")
        self._topic_subjects = {
            t.id: self._subjects(t.title, *t.aliases) for t in kb.topics.values()
        }
        self._topic_words: dict[str, set[str]] = {}  # every word, ordinary ones too
        for topic in kb.topics.values():
            words: set[str] = set()
            every: set[str] = set()
            for text in (topic.title, *topic.aliases, *topic.keywords):
                toks = tokens(text)
                words.update(stem(t) for t in toks if t not in self._plain)
                every.update(stem(t) for t in toks if t not in STOPWORDS)
            per_topic[topic.id] = words - {"john", "wick"}
            self._topic_words[topic.id] = every - {"john", "wick"}
        self._topic_keywords = per_topic
        df, self._topics_by_word = _postings(per_topic)
        self._topic_idf = {w: 1.0 + math.log(len(per_topic) / n) for w, n in df.items()}

    def _build_character_words(self, kb: KnowledgeBase) -> None:
        """Distinctive words of each character's description and aliases ("blind", "sushi"),
        and the works each appears in, for questions that describe a character."""
        per_char: dict[str, set[str]] = {}
        # a work's title in a description names the work, not what the character is: "the
        # lead of Ballerina" says nothing of being a ballerina ("a young ballerina" does)
        titles = sorted(
            {t for w in kb.works.values() for t in (w.title, w.full_title) if t}, key=len
        )
        title_re = re.compile(r"\b(?:" + "|".join(re.escape(t) for t in reversed(titles)) + r")\b")
        #: each description's tokens, for "viggo's brother" (Viggo, then "brother")
        self._char_text: dict[str, tuple[str, ...]] = {}
        for char in kb.characters.values():
            description = title_re.sub(" ", char.description)
            self._char_text[char.id] = tuple(stem(t) for t in tokens(description))
            toks = tokens(" ".join((description, *char.aliases)))
            per_char[char.id] = {
                stem(t) for t in toks if t not in self._plain and not t.isdigit()
            } - set(FRANCHISE_NAME)
        self._char_words = per_char
        self._char_frozen = {cid: frozenset(ws) for cid, ws in per_char.items()}
        df, self._chars_by_word = _postings(per_char)
        self._char_idf = {w: math.log(1.0 + len(per_char) / n) for w, n in df.items()}
        self._char_works = {
            cid: frozenset(w.id for w, _ in entries)
            for cid, entries in kb.cast_by_character.items()
        }

    def describe_character(
        self, words: list[str], skip: set[int], work_ids: frozenset[str]
    ) -> tuple[tuple[int, int], str, float] | None:
        """The character a question's words describe: (span of its words, id, score).

        "who played the blind assassin in chapter 4": "blind" and "assassin" are words of
        Caine's description. ``skip`` are positions of names and relation words; with
        ``work_ids`` only characters of those works count. The score is the share of the
        leftover words' weight the character explains, less the runner-up's: two characters
        that fit as well are no answer.
        """
        left = [
            (i, stem(w))
            for i, w in enumerate(words)
            if i not in skip
            and w not in self._plain
            and not w.isdigit()
            and w not in FRANCHISE_NAME
        ]
        if not left:
            return None
        unknown = math.log(1.0 + len(self._char_words))
        weight = {s: self._char_idf.get(s, unknown) for _, s in left}
        total = sum(weight[s] for _, s in left)
        shares: dict[str, float] = defaultdict(float)
        for _, s in left:
            for char_id in self._chars_by_word.get(s, ()):
                shares[char_id] += weight[s] / total
        if work_ids:
            shares = {
                c: v for c, v in shares.items() if work_ids & self._char_works.get(c, frozenset())
            }
        if not shares:
            return None
        top = heapq.nlargest(2, shares.items(), key=lambda item: (item[1], item[0]))
        (char_id, share), runner = top[0], (top[1][1] if len(top) > 1 else 0.0)
        own = self._char_words[char_id]
        hits = [i for i, s in left if s in own]
        # a place alone says where, not who ("jw4 japan release": Shimazu's hotel is in Japan)
        if all(words[i] in self.place_words or words[i] in self.places.words for i in hits):
            return None
        return self._span(words, hits, skip), char_id, share - runner

    def _span(self, words: list[str], hits: list[int], skip: set[int]) -> tuple[int, int]:
        """The span of a description's words ("the blind assassin"): from the first hit to
        the last, when only plain words stand between them; else the first hit alone."""
        first, last = hits[0], hits[-1]
        between = range(first, last + 1)
        if all(i in hits or (words[i] in self._plain and i not in skip) for i in between):
            return first, last + 1
        return first, first + 1

    def describe_topic(
        self, words: list[str], covered: set[int], named: set[int]
    ) -> tuple[int, str, float] | None:
        """The topic a question's words describe: (position of a word, topic id, score).

        ``covered`` are positions taken by works (not counted); ``named`` those taken by
        people and characters (counted, but a topic also needs a word of its own). The
        position returned is the first matching word that no name covers.

        "what kind of dogs does sofia have" names no topic, but "dogs" and "sofia" are
        words of the topic "Sofia's dogs". The score is the share of the leftover words'
        weight that the topic explains.
        """
        best: tuple[int, str, float] | None = None
        for topic_id, (position, score) in self.topic_fits(words, covered, named).items():
            if best is None or score > best[2]:
                best = (position, topic_id, score)
        return best

    def topic_fits(
        self, words: list[str], covered: set[int], named: set[int]
    ) -> dict[str, tuple[int, float]]:
        """Every topic some of the words describe: its first own word and its score (see
        :meth:`describe_topic`)."""
        words_ = [
            (i, stem(w))
            for i, w in enumerate(words)
            if i not in covered
            and w not in self._plain
            and not w.isdigit()
            and w not in FRANCHISE_NAME
        ]
        if not words_:
            return {}
        total = sum(self._topic_idf.get(s, 1.0) for _, s in words_)
        all_stems = {stem(w) for w in words if w not in STOPWORDS}
        out: dict[str, tuple[int, float]] = {}
        candidates = dict.fromkeys(t for _, w in words_ for t in self._topics_by_word.get(w, ()))
        for topic_id in candidates:
            keywords = self._topic_keywords[topic_id]
            hits = [(i, s) for i, s in words_ if s in keywords]
            own = [i for i, _ in hits if i not in named]
            if not own:
                continue
            score = sum(self._topic_idf[s] for _, s in hits) / total
            # ties go to the topic that shares more of the question's words ("how many", "real")
            score += 0.01 * len(all_stems & self._topic_words[topic_id])
            out[topic_id] = (own[0], score)
        return out

    def topic_keywords(self, topic_id: str) -> frozenset[str]:
        """The stems that describe a topic."""
        return frozenset(self._topic_keywords[topic_id])

    @staticmethod
    def names_any_work(words: list[str]) -> bool:
        """True for "a john wick movie", "any jw film": one of the franchise's works."""
        for i, word in enumerate(words[:-1]):
            if word not in _ANY:
                continue
            for key in FRANCHISE_KEYS:
                end = i + 1 + len(key)
                named = tuple(words[i + 1 : end]) == key and end < len(words)
                if named and (words[end] in MEDIA_NOUNS or words[end] in FRANCHISE_FOLLOWERS):
                    return True
        return False

    def _subjects(self, *texts: str) -> frozenset[EntityRef]:
        """The characters whose names stand in ``texts`` (names of two words or more, or of
        one word that is no everyday word)."""
        found: set[EntityRef] = set()
        for text in texts:
            toks = tokens(text)
            for i in range(len(toks)):
                for length in self.lengths_by_first.get(toks[i], ()):
                    key = tuple(toks[i : i + length])
                    if len(key) == 1 and key[0] in self.ordinary:
                        continue
                    for target in self.names.get(key, ()):
                        if target.ref.kind == "character":
                            found.add(target.ref)
        return frozenset(found)

    def topic_subjects(self, topic_id: str) -> frozenset[EntityRef]:
        """The characters a topic's title or aliases name ("John's fate": John Wick)."""
        return self._topic_subjects.get(topic_id, frozenset())

    def topic_concerns(self, topic_id: str, mention: Mention) -> bool:
        """True when a topic is about the thing ``mention`` names: listed as related, or
        named in its title, aliases or answer ("john's car" concerns John)."""
        related = self._topic_related.get(topic_id, frozenset())
        if any(target in related for target in mention.targets):  # "john wick": film or man
            return True
        return set(mention.key) <= self._topic_text.get(topic_id, frozenset())

    def _works_named_after(self, kb: KnowledgeBase) -> dict[tuple[str, ...], EntityRef]:
        """A character's name that, with a kind of work after it, is a work's alias ("caine
        movie", "caine spinoff"): the work, when only one is named so."""
        found: dict[tuple[str, ...], set[str]] = defaultdict(set)
        for work in kb.works.values():
            for alias in work.aliases:
                key = tuple(tokens(alias))
                while key and (key[0] == "the" or key[:2] == FRANCHISE_NAME):
                    key = key[2:] if key[:2] == FRANCHISE_NAME else key[1:]
                if len(key) < 2 or key[-1] not in MEDIA_NOUNS:
                    continue
                name = key[:-1]
                if any(t.ref.kind == "character" for t in self.names.get(name, ())):
                    found[name].add(work.id)
        return {k: EntityRef("work", next(iter(v))) for k, v in found.items() if len(v) == 1}

    def character_text(self, char_id: str) -> frozenset[str]:
        """The stems of a character's description."""
        return frozenset(self._char_text.get(char_id, ()))

    def character_words(self, char_id: str) -> frozenset[str]:
        """The stems of a character's name and description."""
        return self._char_frozen.get(char_id, frozenset())

    def topic_words(self, topic_id: str) -> set[str]:
        """Stems of a topic's title, aliases and keywords."""
        return self._topic_words.get(topic_id, set())

    @staticmethod
    def _add_surnames(kb: KnowledgeBase, names: dict[tuple[str, ...], list[_Target]]) -> None:
        """Index people by surname alone ("stahelski") when that is unambiguous."""
        counts: dict[str, list[str]] = defaultdict(list)
        for person in kb.people.values():
            parts = tokens(person.name)
            if len(parts) >= 2 and len(parts[-1]) >= 4:
                counts[parts[-1]].append(person.id)
        for surname, ids in counts.items():
            key = (surname,)
            if len(ids) == 1 and key not in names and surname not in COMMON:
                names[key].append(_Target(EntityRef("person", ids[0]), False))

    def name_of(self, ref: EntityRef) -> str:
        """Display name of ``ref``."""
        return self.display.get(ref, ref.id)

    def _transposed(self, word: str) -> str | None:
        """The known word ``word`` is with two neighbouring letters swapped back ("tabel" ->
        "table"), keeping the first letter; None when there is none or more than one."""
        found = {
            swapped
            for i in range(1, len(word) - 1)
            if (swapped := word[:i] + word[i + 1] + word[i] + word[i + 2 :]) in self._choice_set
        }
        return found.pop() if len(found) == 1 else None

    def possessed(self, owner: tuple[str, ...], noun: str, not_id: str) -> list[str]:
        """The characters whose descriptions say they are ``owner``'s ``noun`` ("Viggo's
        brother", "Gianna D'Antonio's bodyguard"): a word of the owner's name, then the noun
        within three words."""
        owned = {stem(w) for w in owner if w not in self._plain}
        target = stem(noun)
        out = []
        for char_id, toks in self._char_text.items():
            if char_id == not_id:
                continue
            for i, tok in enumerate(toks):
                if tok in owned and target in toks[i + 1 : i + 4]:
                    out.append(char_id)
                    break
        return out

    def is_first_name(self, word: str) -> bool:
        """True for the first word of a real person's name ("michael", "donnie")."""
        return word in self._first_names

    def is_name_word(self, word: str) -> bool:
        """True for a word of a name or alias that is no everyday or franchise-name word."""
        return word in self._name_words and word not in self.ordinary and word not in FRANCHISE_NAME

    def is_adverb(self, word: str) -> bool:
        """True for an English adverb made from an English word ("partly", "largely",
        "heavily"): it says how, never what, so it points to nothing else ("italy",
        "kelly" are no such adverbs)."""
        if len(word) < 6 or not word.endswith("ly") or word not in self._english:
            return False
        base = word[:-2]
        bases = (base, base + "e", base[:-1] + "y" if base.endswith("i") else base)
        return any(b in self._english for b in bases if len(b) >= 3)

    def knows(self, word: str) -> bool:
        """True for a word of the knowledge, the phrasings or everyday questions, in any of
        its forms ("movies", "directs")."""
        return word in self.known or stem(word) in self._known_stems

    def _fuzzy(self, word: str) -> str | None:
        """The franchise or phrasing word closest to ``word`` by rapidfuzz ratio, if close."""
        cutoff = FUZZY_CUTOFF if len(word) >= 6 else FUZZY_CUTOFF_SHORT
        best = process.extractOne(word, self._fuzzy_choices, scorer=fuzz.ratio, score_cutoff=cutoff)
        if best is None or (
            # typos keep the first letter: "border" is not "order"
            best[0][0] != word[0]
            # another ending is another word: "continents" is not "continental"
            or _extends(word, best[0])
            or (best[0] not in self._name_words and best[1] < FUZZY_CUTOFF_PHRASING)
            or abs(len(best[0]) - len(word)) > (1 if len(word) < 8 else 2)
            # a function word only by a slip of the same length ("whta"): "moore" is a
            # name, not "more"
            or (best[0] in STOPWORDS and len(best[0]) != len(word))
        ):
            return None  # "dating" is not "rating"; "height" is not "high"
        return str(best[0])

    def _slip(self, word: str) -> str | None:
        """The one known word ``word`` is a slip of the keys away from ("reieased",
        "actols", "writtsn"): one letter dropped, added, changed or swapped (two in long
        words, only a dropped one in four-letter words), the first letter kept.
        """
        if len(word) < MIN_FUZZY_LEN:
            return None
        # a short word only by a dropped letter ("mvie", "abot"): "wifi" is not "wife"
        dropped = len(word) < SLIP_MIN_LEN
        most = 1 if len(word) < SLIP_TWO_LEN else 2
        found = process.extract(
            word, self._slip_choices, scorer=OSA.distance, score_cutoff=most, limit=8
        )
        fitting = [
            (choice, distance)
            for choice, distance, _ in found
            if choice[0] == word[0]
            and abs(len(choice) - len(word)) <= most
            and (not dropped or len(choice) == len(word) + 1)
        ]
        if not fitting:
            return None
        nearest = min(distance for _, distance in fitting)
        tied = [choice for choice, distance in fitting if distance == nearest]
        # words questions are made of before words only the knowledge's texts use
        asked = [choice for choice in tied if choice in self._asked_words]
        tied = asked or tied
        if len({stem(choice) for choice in tied}) != 1:
            return None  # two words as near: no guess
        return min(tied)

    def _possessive(self, word: str) -> bool:
        """ "johns", "winstons": a name's possessive without the apostrophe."""
        return (
            len(word) > 3
            and word.endswith("s")
            and word not in self._kept  # "lens" is no possessive of Len Wiseman
            and word not in self._name_words
            and word[:-1] in self._name_words
            and word not in self.ordinary
        )

    def correct(self, words: list[str]) -> tuple[list[str], list[float]]:
        """Correct unknown words to the closest franchise or phrasing word.

        Returns the corrected words and, per word, the similarity (1.0 when unchanged).
        Remembered per word sequence.
        """
        key = tuple(words)
        cached = self._corrected.get(key)
        if cached is None:
            out, scores = self._correct(words)
            cached = self._corrected.put(key, (tuple(out), tuple(scores)))
        return list(cached[0]), list(cached[1])

    def _correct(self, words: list[str]) -> tuple[list[str], list[float]]:
        out: list[str] = []
        scores: list[float] = []
        for word in words:
            if self._possessive(word):
                out.append(word[:-1])  # a possessive typed without its apostrophe: "johns dog"
                scores.append(1.0)
                continue
            if (
                self.knows(word)
                or word in self._kept
                or len(word) < MIN_FUZZY_LEN
                or not word.isalpha()
            ):
                out.append(word)
                scores.append(1.0)
                continue
            fixed = self._corrections.get(word, "")
            if fixed == "":
                # a real English word is not a typo ("pace" is not "pacem", "tall" not "tell")
                english_word = word in self._english
                fixed = None if english_word else self._transposed(word) or self._fuzzy(word)
                if fixed is None and not english_word:
                    fixed = self._slip(word)
                # a slip of an everyday word is read as that word is ("mvie": "film")
                fixed = _SINGLE_SLANG.get(fixed, fixed) if fixed else fixed
                if len(self._corrections) < 50_000:
                    self._corrections[word] = fixed
            if fixed is None:
                out.append(word)
                scores.append(1.0)
            else:
                out.append(fixed)
                # a slip in an everyday word says nothing about how well a name is matched
                named = fixed in self._name_words
                scores.append(fuzz.ratio(word, fixed) / 100.0 if named else 1.0)
        self._complete_names(words, out, scores)
        return out, scores

    def _complete_names(self, words: list[str], out: list[str], scores: list[float]) -> None:
        """A word one slip away from the rest of a two-word name beside it is that name's
        word, even when it is an English word ("jon wick", "john wik") or was read as a slip
        of another word ("dinnie yen" is Donnie, not "dinner yen"), but not when it is a word
        Wickbot knows ("the continental shot" stays a shot) unless the rest of a longer name
        stands around it ("ana de arms")."""
        for i, typed in enumerate(words):
            if typed in STOPWORDS or len(typed) < 3 or not typed.isalpha():
                continue
            after = self._firsts.get(out[i + 1], frozenset()) if i + 1 < len(out) else frozenset()
            before = self._seconds.get(out[i - 1], frozenset()) if i > 0 else frozenset()
            longer = (i > 0 and out[i - 1] in self._long_name_words) or (
                i + 1 < len(out) and out[i + 1] in self._long_name_words
            )
            if not (after or before or longer):
                continue  # no name beside it: the common case, decided by lookups alone
            known = typed in self._name_words or (out[i] == typed and self.knows(typed))
            options: set[str] = set() if known else set(after | before)
            if longer:
                options |= self._in_long_name(out, i)
            near = [o for o in options if o != typed and OSA.distance(typed, o) == 1]
            if len(near) == 1:
                out[i] = near[0]
                scores[i] = fuzz.ratio(typed, near[0]) / 100.0

    def _in_long_name(self, out: list[str], i: int) -> set[str]:
        """Words a name of three words or more would have at ``i``, when all its other words
        stand around it (looked up by those words, whatever the size of the knowledge)."""
        found: set[str] = set()
        for length in self._long_lengths:
            for k in range(length):
                start = i - k
                if start < 0 or start + length > len(out):
                    continue
                span = out[start : start + length]
                if tuple(span) in self.names:
                    continue  # already a name ("ana de armas", though "anna de armas" is too)
                gapped = (*span[:k], "", *span[k + 1 :])
                found |= self._long_gaps.get(gapped, frozenset())
        return found

    def find(self, words: list[str], scores: list[float]) -> list[Mention]:
        """Longest non-overlapping names in ``words``, left to right (remembered per word
        sequence and scores)."""
        key = (tuple(words), tuple(scores))
        cached = self._found.get(key)
        if cached is None:
            cached = self._found.put(key, tuple(self._find(words, scores)))
        return list(cached)

    def _find(self, words: list[str], scores: list[float]) -> list[Mention]:
        mentions: list[Mention] = []
        i = 0
        n = len(words)
        lead: int | None = None
        while i < n:
            reference = self._reference(words, i)
            if reference is not None:
                mentions.append(reference)
                i = reference.end
                continue
            lengths = self.lengths_by_first.get(words[i])
            found = None
            if lengths:
                for length in lengths:
                    if i + length <= n:
                        key = tuple(words[i : i + length])
                        targets = self.names.get(key)
                        if targets:
                            found = (key, targets)
                            break
            if found is not None and words[i] == "the" and self._runs_on(words, i, found):
                i += 1  # "the john wick anime prequel": the same thing's longer name
                continue
            if found is None:
                i += 1
                continue
            key, targets = found
            end = i + len(key)
            if _strands_a_number(key, words, end, self.names):
                i += 1  # "which came out first john wick 2": "john wick 2", not "first john wick"
                continue
            if any(t.ref.kind == "work" for t in targets):
                while end < n and words[end] in MEDIA_NOUNS:
                    end += 1  # "the continental miniseries", "the ana de armas film"
            if key == FRANCHISE_NAME and self._starts_work(words, end):
                lead = i  # "john wick chapter 3": the franchise name before a work's alias
                i = end
                continue
            numbered = end + 1 < n and words[end + 1].isdigit()
            # "the john wick series", "a john wick spinoff": the franchise's, though a work's
            # name may be followed by what it is ("the continental series")
            after = i + len(key)
            collective = after < n and words[after] in _COLLECTIVE_FOLLOWERS
            if key[:2] == ("the", "next") and end < n and words[end] in _RELATIVE:
                i = end  # "the next one after parabellum" is relative, not Chapter 5
                continue
            several = after < n and words[after] in _PLURAL_WORKS
            if (
                (collective or several)
                and len(key) > len(FRANCHISE_NAME)
                and key[-2:] == FRANCHISE_NAME
            ):
                # "the next john wick spinoff", "the next john wick projects" are not the
                # next film (Chapter 5)
                i = end
                continue
            if (
                key in FRANCHISE_KEYS
                and end < n
                and (words[end] in FRANCHISE_FOLLOWERS or collective)
                and not numbered
            ):
                i = end  # "john wick films": the franchise, not the 2014 film or the man
                continue
            ranked = any(w in EXTREMES for w in words[max(0, i - 3) : i])
            # "a john wick movie", "which john wick film": one of the franchise's
            some = i > 0 and (words[i - 1] in _ANY or words[i - 1] in _WHICH)
            # "is anything john wick coming out": something of the franchise's
            anything = i > 0 and words[i - 1] in _ANYTHING and key in FRANCHISE_KEYS
            # "which john wick came out in 2019": one of them, a noun or not ("what john wick
            # rated" may be chat for "what is john wick rated")
            which = i > 0 and words[i - 1] == "which" and key in FRANCHISE_KEYS
            if (
                anything
                or which
                or (key in FRANCHISE_KEYS and end > i + len(key) and (ranked or some))
            ):
                # "the highest grossing john wick film", "a john wick movie": one of the
                # franchise's films, not the 2014 film
                i = end
                continue
            score = min(scores[i:end])
            # a topic's own name stays strong even when a phrasing uses its words ("awards")
            plain = self._plain if all(t.ref.kind == "topic" for t in targets) else self.ordinary
            weak = all(t in plain for t in key)
            refs = _preferred(targets)
            kind_of = words[i - 1] if i > 0 and words[i - 1] in DESCRIPTORS else None
            if key in FRANCHISE_KEYS and end > i + len(key) and kind_of:
                # "the animated john wick movie": the one work of that kind
                fits = [w for w, own in self.work_words.items() if kind_of in own]
                if len(fits) == 1:
                    refs, lead = (EntityRef("work", fits[0]),), i - 1
            medium = tuple(words[i + len(key) : end])
            if key in FRANCHISE_KEYS and medium and not kind_of:
                # "the john wick tv series": the one work of that medium (Under the High
                # Table; The Continental is a miniseries), not the 2014 film
                fits = [w for w, own in self.work_media.items() if own == medium]
                if len(fits) == 1:
                    refs, key = (EntityRef("work", fits[0]),), tuple(words[i:end])
            unknown_sequel = self._unknown_sequel(words, end, refs)
            if weak:
                score = min(score, WEAK_MENTION_SCORE)
            optional = weak or key == FRANCHISE_NAME
            # "a ballerina" is any ballerina; "a ballerina sequel" is about the film
            indefinite = (
                len(key) == 1
                and i > 0
                and words[i - 1] in ("a", "an")
                and not (end < n and words[end] in WORK_NOUNS)
            ) or _named_like(words, i)
            start = lead if lead is not None and lead + len(FRANCHISE_NAME) == i else i
            lead = None  # the franchise name before it belongs to this name ("john wick part 5")
            mentions.append(
                Mention(start, end, key, refs, score, weak, unknown_sequel, optional, indefinite)
            )
            i = end + (1 if unknown_sequel else 0)
        return mentions

    @staticmethod
    def _prequels_of(kb: KnowledgeBase) -> dict[str, tuple[EntityRef, ...]]:
        """Released works set before the first film, by the noun that names them."""
        first = kb.works.get("john-wick")
        start = first.timeline.order if first and first.timeline else None
        if start is None:
            return {}
        before = [
            w
            for w in kb.works.values()
            if w.status.value == "released"
            and w.timeline is not None
            and w.timeline.order is not None
            and w.timeline.order < start
        ]
        series = tuple(EntityRef("work", w.id) for w in before if w.kind.value == "series")
        films = tuple(EntityRef("work", w.id) for w in before if w.kind.value == "film")
        return {"series": series, "show": series, "film": films, "one": series + films}

    def _reference(self, words: list[str], i: int) -> Mention | None:
        """A film named by its place: "the 3rd john wick movie", "the latest john wick".

        An ordinal before the franchise's name is that sequel ("the 3 john wick film" is
        "john wick 3"); "latest" or "newest" is the most recent released film. Without the
        franchise's name a noun must follow ("the newest film"); plain ordinals with a noun
        ("the fourth film") are aliases of the works.
        """
        word = words[i]
        if word == "prequel" and i + 1 < len(words):
            prequels = self._prequels.get(words[i + 1], ())
            if len(prequels) == 1:  # "the prequel series" is The Continental
                return Mention(i, i + 2, tuple(words[i : i + 2]), prequels, 1.0)
            return None
        if not (word.isdigit() or word in _LATEST):
            return None
        j = i + 1
        franchise = tuple(words[j : j + 2]) == FRANCHISE_NAME
        if franchise:
            j += 2
        noun = j < len(words) and words[j] in _REFERENCE_NOUNS
        if noun:
            j += 1
        after_the = i > 0 and words[i - 1] in ("the", "a")
        if word in _LATEST:
            # "the newest film", "latest john wick"; not "david leitch's newest movie"
            if self._latest is None or not (franchise or (noun and after_the)):
                return None
            targets: tuple[EntityRef, ...] = (self._latest,)
            key = tuple(words[i:j])
        else:
            if not franchise or not (noun or after_the):
                return None
            key = (*FRANCHISE_NAME, word)
            found = self.names.get(key)
            if not found:
                return Mention(
                    i, j, key, (EntityRef("work", "john-wick"),), 1.0, unknown_sequel=True
                )
            targets = _preferred(found)
        return Mention(i, j, key, targets, 1.0)

    def _runs_on(
        self, words: list[str], i: int, found: tuple[tuple[str, ...], list[_Target]]
    ) -> bool:
        """True when "the <name>" found at ``i`` is the start of a longer name of the same
        thing right after "the" ("the john wick anime" in "the john wick anime prequel")."""
        key, targets = found
        rest = key[1:]
        start = i + 1
        for length in self.lengths_by_first.get(words[start], ()) if start < len(words) else ():
            longer = tuple(words[start : start + length])
            if len(longer) == length > len(rest) and longer[: len(rest)] == rest:
                other = self.names.get(longer)
                if other and {t.ref for t in other} == {t.ref for t in targets}:
                    return True
        return False

    def _starts_work(self, words: list[str], start: int) -> bool:
        """True when a work's name or alias begins at ``start``."""
        for length in self.lengths_by_first.get(words[start], ()) if start < len(words) else ():
            targets = self.names.get(tuple(words[start : start + length]))
            if targets and any(t.ref.kind == "work" for t in targets):
                return True
        return False

    def _unknown_sequel(self, words: list[str], end: int, refs: tuple[EntityRef, ...]) -> bool:
        """True when a work name is followed by a sequel number that no alias covers.

        A series' "part two" is its second episode, not a sequel."""
        if not any(r.kind == "work" for r in refs) or end >= len(words):
            return False
        nxt = words[end]
        if nxt in _EPISODE_LEADS and any(r.id in self.series for r in refs):
            return False
        if nxt in _SEQUEL_LEADS and end + 1 < len(words):
            if self._starts_work(words, end):
                return False  # "chapter 2, chapter 3 or ballerina": the next work named
            nxt = words[end + 1]
        # "1" is the work itself ("when was the continental first aired"), never a sequel
        return bool(_SEQUEL_NUMBER.match(nxt)) and nxt not in ("0", "1")


def _postings(words_of: dict[str, set[str]]) -> tuple[dict[str, int], dict[str, list[str]]]:
    """For words of each item: how many items have each word, and the items of each word."""
    df: dict[str, int] = defaultdict(int)
    by_word: dict[str, list[str]] = defaultdict(list)
    for item, words in words_of.items():
        for word in words:
            df[word] += 1
            by_word[word].append(item)
    return df, by_word


def _describing(w: Work) -> str:
    """The words that describe a work: its medium, kind, genres, country, language, names."""
    parts = [w.medium or "", w.kind.value, *w.genres, w.country or "", w.language or ""]
    return " ".join([*parts, w.title, *w.aliases])


def _extends(word: str, candidate: str) -> bool:
    """True when ``candidate`` is ``word`` (less a plural s) with two or more letters added."""
    base = word[:-1] if word.endswith("s") else word
    return candidate.startswith(base) and len(candidate) - len(base) >= 2


def _preferred(targets: list[_Target]) -> tuple[EntityRef, ...]:
    """Targets of a key: an alias owner wins over entries where it is only a variant."""
    primaries = [t.ref for t in targets if t.primary]
    return tuple(primaries) if primaries else tuple(t.ref for t in targets)


def _knowledge_words(kb: KnowledgeBase) -> set[str]:
    """Every word used in the knowledge texts, so plain English from them is not foreign."""
    words: set[str] = set()
    texts: list[str] = []
    for work in kb.works.values():
        texts += [work.premise, work.title, work.status_note or "", work.release.note or ""]
        texts += [work.filming_period or "", work.language or "", work.country or ""]
        texts += work.genres + work.filming_locations
        texts += [f"{s.place} {s.country or ''} {s.note or ''}" for s in work.settings]
        texts += [c.note or "" for c in work.cast]
        texts += [f"{e.what} {e.place or ''} {e.note or ''}" for e in work.premieres]
        texts += [d.reason or "" for d in work.date_history]
    for person in kb.people.values():
        texts.append(person.description)
    for char in kb.characters.values():
        texts.append(char.description)
    for topic in kb.topics.values():
        texts.append(topic.answer)
        texts += topic.per_work.values()
    for text in texts:
        words.update(t for t in normalise(text).split() if not _NUMBER.match(t))
    return words
