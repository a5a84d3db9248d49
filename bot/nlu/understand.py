"""Decide what a question asks: the intent, the things it names, and how sure we are.

Every reading of the question (each way to read an ambiguous name, pronouns filled from
the conversation) is scored for every intent:

    score = intent similarity x slot fit x name quality x foreign-word penalty

The best reading wins if it clears :data:`CONFIDENCE_THRESHOLD` and beats the runner-up
(a reading that would give a different answer) by :data:`MARGIN`; otherwise the engine
asks which was meant or declines.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, replace

from bot.facts.schema import Work
from bot.intents import (
    REGISTRY,
    Answers,
    C,
    Direction,
    Intent,
    P,
    SlotSpec,
    T,
    W,
    same_family,
    spec,
)
from bot.nlu.claims import (
    CLAIM_WORDS,
    EXTREMES,
    ORDER_WORDS,
    POLAR_STARTS,
    Claims,
    claimed_relations,
    read_claims,
)
from bot.nlu.classify import SLOT_TOKEN, IntentClassifier, stem
from bot.nlu.entities import FRANCHISE_NAME, EntityIndex, EntityRef, Mention
from bot.nlu.hops import PERFORMERS, Hops
from bot.nlu.normalise import tokens
from bot.nlu.places import FILMING as FILMING_PLACE
from bot.nlu.places import SETTING
from bot.nlu.relations import RelationIndex, Relations
from bot.nlu.search import RANKING_WORDS, Found, WorkSearch
from bot.nlu.words import (
    DESCRIPTORS,
    FILLER,
    PRONOUNS,
    STOPWORDS,
    YEAR,
    one_episode,
    question_start,
    without_duties,
    without_tag,
)

#: Below this confidence the engine does not answer.
CONFIDENCE_THRESHOLD = 0.35
#: Intents that need more certainty: a help text in reply to small talk is noise.
MIN_CONFIDENCE = {Intent.HELP: 0.6}
#: ... unless the question names the intent's relation to the bot ("what questions do you
#: answer", "what can you help me with").
NAMED_MIN_CONFIDENCE = {Intent.HELP: 0.45}
#: Words that address the bot.
ADDRESS_WORDS = frozenset({"you", "u", "ya", "bot", "wickbot", "yourself"})
#: Words that name the bot itself.
BOT_WORDS = frozenset({"bot", "wickbot"})
#: The best reading must beat a reading with a different answer by this much.
MARGIN = 0.06
#: Fit when a needed thing comes from the conversation instead of the question.
CONTEXT_FIT = 0.9
#: Score of "and the first one?" read as the last question again about a new thing.
FOLLOW_UP_FIT = 1.0
#: Share of a question's distinctive words a topic must explain to be taken as meant.
TOPIC_DESCRIPTION_MIN = 0.5
#: How much better than any other character one must fit a description to be taken as meant.
CHARACTER_DESCRIPTION_MIN = 0.4
#: Relations asked of a character, which a description of one may answer.
_ASKS_A_CHARACTER = frozenset({Intent.WHO_PLAYS, Intent.CHARACTER_INFO})
#: Least similarity of the character intent when a question describes a character.
DESCRIBED_CHARACTER_FLOOR = 0.6
#: Words that ask what someone is called ("what is eve's father's name").
_NAMING = frozenset({"name", "named", "called"})
#: Name quality of a topic found by description rather than by name.
DESCRIBED_SCORE = 0.9
#: Least similarity of the lore intent when a question names a topic (by name, by words).
TOPIC_FLOOR = 0.85
DESCRIBED_TOPIC_FLOOR = 0.75
#: Other readings of an elliptical question that has a follow-up reading.
ELLIPSIS_DISCOUNT = 0.8
#: Multiplier for a reading that pairs a person with a work they have no part in, in a
#: question that is not yes/no ("ruby rose john wick role": John Wick as the franchise).
UNLINKED_PENALTY = 0.6
#: Multiplier per thing named in the question that the intent doesn't use.
UNUSED_MENTION_PENALTY = 0.6
#: Multiplier per word that belongs to nothing Wickbot knows.
FOREIGN_WORD_PENALTY = 0.7
#: Multiplier when a foreign word extends a name ("winston churchill") or scopes the
#: question to another work ("... in darkest hour").
FOREIGN_SCOPE_PENALTY = 0.3
#: Intents scoring below this share of the best similarity are not considered further.
PRUNE_RATIO = 0.4
#: Intents whose optional work slot is written "in <work>": anything else after "in" means
#: the question is about another film or show ("who plays winston in new girl").
SCOPED_INTENTS = frozenset(i for i, d in REGISTRY.items() if d.scoped)
#: A question naming an intent's relation ("music" for the composer) scores it at least this.
RELATION_FLOOR = 0.55
#: Multiplier for an intent when the question names another intent's relation and not its own.
RELATION_CONFLICT = 0.45
#: ... and when the relation named is of the same family ("announced" for a release date).
KIN_CONFLICT = 0.8
#: Multiplier for a credit that no relation word, cue or question word of the question names.
UNSIGNALLED = 0.75
#: Multiplier when the question word asks for another kind of value ("where" for a date).
QUESTION_WORD_PENALTY = 0.6
#: A phrasing matched this closely knows better than a relation word ("has jw5 started
#: filming" asks for the status, though "filming" names the filming locations).
NEAR_EXACT = 0.8
#: Words that tie a question without names to the franchise ("how many films are there").
ANCHOR_WORDS = frozenset(
    """john wick wicks franchise films movies series saga chapter chapters
    sequel sequels installments installment entries spinoff spinoffs wickverse continental
    them ones""".split()
)
#: Words that ask about the films as a whole ("how long are all the films combined").
WHOLE_WORDS = frozenset("total combined altogether overall all any each every".split())
#: ... and words that do so when a measure is asked ("how much has the franchise made").
WHOLE_MEASURED = frozenset({"franchise", "series", "saga"})
#: The films, in the plural ("the john wick films").
_PLURAL_FILMS = frozenset({"films", "movies"})
#: Words after which a name is discussed as a word ("why do they call him baba yaga").
_CALLING = frozenset({"call", "called", "calls", "named", "nicknamed", "word", "term"})
#: Ordinary words about the films as a whole, never counted against a named topic.
_PLAIN_SCOPE = frozenset(ANCHOR_WORDS | WHOLE_WORDS | {"across", "throughout", "entire"})
#: Words that set the next name aside ("who else is in it besides keanu").
_EXCLUDERS = frozenset({"besides", "except", "excluding", "minus", "outside"})
_EXCLUDER_PAIRS = frozenset(
    {("other", "than"), ("apart", "from"), ("aside", "from"), ("outside", "of")}
)
#: Words that name the franchise itself: they anchor a question even among unknown words.
FRANCHISE_WORDS = frozenset({"wick", "wickverse", "jw"})
#: How many words before "movies" may make up another franchise's name ("ip man movies").
_NAME_REACH = 3
#: Nouns for the films or shows themselves ("how many marvel movies": what comes before them
#: says whose films).
ANCHOR_NOUNS = frozenset("film films series shows show franchise chapters sequels spinoffs".split())
#: Nouns for a kind of work after a year ("the 2023 miniseries"): a series or a film.
_KIND_NOUNS = {
    **dict.fromkeys(("series", "miniseries", "show", "tv"), "series"),
    **dict.fromkeys(("film", "films"), "film"),  # "movie" is read as "film"
}
#: A film's facts a nationality word claims, which of a person is their nationality.
_NATIONAL = frozenset({Intent.COUNTRY, Intent.LANGUAGE})
_DETERMINERS = frozenset({"the", "a", "an", "this", "that"})
#: Words before a name that may make it the work ("back for caine", "in caine").
_WORK_PREPOSITIONS = frozenset({"in", "for"})
#: Words that claim a thing exists ("is the john wick video game real").
_EXISTENCE = frozenset({"real", "exist", "exists", "legit"})
#: Words that grade the word after them ("the most famous ballerina").
_DEGREES = frozenset({"most", "least"})
#: Question words that open a question asking for something, not for yes or no.
_WH_OPENERS = frozenset({"which", "what", "who", "where", "when", "how", "whats", "whos"})
#: Pronouns after "in" that may stand for a film named before them ("films with X in them").
_BACK_PRONOUNS = frozenset({"it", "them"})
#: Words that may follow "in" without naming another work.
SCOPE_OK = frozenset(
    """film films show shows series franchise universe saga world john wick movie
    all every each any both total general story order timeline chronological release
    hours minutes english theaters theatres cinemas cinema real life reality end ending
    beginning start first last latest new next one ones part parts scene scenes screen
    camera set dollars dollar usd bucks euros title titles name""".split()
)
_SCOPE_WORDS = ("in", "from", "on", "at")
#: Words after "in" that read as another title when none of them is a scope word.
TITLE_LIKE = 3
_QUESTION_WORDS = frozenset("what which when where who whom whose how why".split())
#: At most this many readings are scored per question.
MAX_READINGS = 16

_KIND_ORDER = {W: 0, P: 1, C: 2, T: 3}
#: Equal scores rank a credit first (what Tyler Bates scored, not all he did), then by the
#: intents' declaration order: the same in every process.
_INTENT_ORDER = {intent: (REGISTRY[intent].credit is None, n) for n, intent in enumerate(Intent)}

#: Words that may surround a bare name in a follow-up ("and the first one?", "what about X").
ELLIPSIS_WORDS = frozenset(
    "and what about how for the then ok okay so also too again one of with in is was".split()
)
PERSONAL_PRONOUNS = frozenset("he him his she her hers".split())
#: Words that are never a claimed value ("was it filmed in prague anyone?").
_CLAIM_SKIP = STOPWORDS | FILLER


@dataclass
class Context:
    """What the conversation was last about (kept by the engine between questions)."""

    intent: Intent | None = None
    recent: list[EntityRef] = field(default_factory=list)  # most recent first

    def latest(self, kind: str) -> EntityRef | None:
        """The last mentioned thing of ``kind``."""
        return next((r for r in self.recent if r.kind == kind), None)

    def most_recent(self, kinds: tuple[str, ...]) -> EntityRef | None:
        """The last mentioned thing of any of ``kinds``."""
        return next((r for r in self.recent if r.kind in kinds), None)

    def remember(self, intent: Intent | None, refs: list[EntityRef], limit: int = 8) -> None:
        """Record an exchange: its intent and the things it was about."""
        self.intent = intent
        self.recent = [*refs, *(r for r in self.recent if r not in refs)][:limit]


@dataclass
class Interpretation:
    """The engine's reading of one question."""

    intent: Intent | None
    confidence: float
    slots: dict[str, list[EntityRef]]
    mentions: list[Mention]
    words: list[str]
    missing: tuple[str, ...] = ()
    choices: tuple[EntityRef, ...] = ()
    runner_up: tuple[Intent, float] | None = None
    unknown_sequel: Mention | None = None
    foreign: tuple[str, ...] = ()
    #: what words outside the names cost the reading (1.0: nothing; see ``_foreign``)
    penalty: float = 1.0
    years: tuple[int, ...] = ()
    from_context: bool = False
    #: a relation Wickbot has no data for, and the thing it was asked of
    lacking: tuple[str, EntityRef | None] | None = None
    #: people a question named works through ("the films directed by len wiseman")
    via: tuple[EntityRef, ...] = ()
    #: things the question sets aside ("besides keanu")
    excluded: tuple[EntityRef, ...] = ()
    #: the intent's relation is named to the bot ("what questions can you answer")
    addressed: bool = False
    #: a fact of every film is asked for, as a whole ("how long are all the films combined")
    whole: bool = False
    #: the values the question claims, for yes/no answers
    claims: Claims = field(default_factory=Claims)
    #: the kind of value the question word asks for ("where": a place)
    asked: Answers | None = None
    #: the works' places the question names ("rome", "new york")
    places: tuple[str, ...] = ()
    #: a second relation asked of the same things ("who directed and wrote ballerina")
    also: Intent | None = None
    #: works found by what the question says of them ("action movies from 2023 with keanu")
    found: Found | None = None
    #: a person's work outside the franchise is asked for ("what else has keanu been in")
    beyond: bool = False

    @property
    def answerable(self) -> bool:
        """True when the engine should answer rather than decline or ask."""
        return (
            self.intent is not None
            and not self.missing
            and not self.choices
            and self.confidence >= max(CONFIDENCE_THRESHOLD, self._least_confidence(self.intent))
        )

    def _least_confidence(self, intent: Intent) -> float:
        if self.addressed and intent in NAMED_MIN_CONFIDENCE:
            return NAMED_MIN_CONFIDENCE[intent]
        return MIN_CONFIDENCE.get(intent, 0.0)

    @property
    def entities(self) -> list[EntityRef]:
        """Every thing the answer is about, in slot order, without repeats."""
        seen: list[EntityRef] = []
        for refs in self.slots.values():
            seen.extend(r for r in refs if r not in seen)
        return seen


@dataclass(frozen=True)
class _Question:
    """What one question's readings are scored against (read once per question)."""

    words: list[str]
    mentions: list[Mention]
    context: Context
    penalty: float  # for words that point elsewhere
    rels: Relations
    anchored: bool  # about the franchise
    whole: tuple[EntityRef, ...] = ()  # every film, when a fact of them all is asked
    anywhere: tuple[EntityRef, ...] = ()  # every work, for "is X in a john wick movie"
    polar: bool = False  # a yes/no question
    compared: bool = False  # compares the things named ("who is older, keanu or ian")
    asks_which: bool = False  # a wh-question, no yes/no one ("in which film does ... appear")
    #: "who killed eve's father": the verb of a deed whose doer is asked for
    agent_verb: str | None = None
    #: the superlative used ("best", "longest"), if any
    extreme: str | None = None
    #: the works a place named belongs to, when no work is named ("which film is set in rome")
    placed: tuple[EntityRef, ...] = ()
    #: the places a story goes are asked for ("where does chapter 2 take place")
    story_place: bool = False


@dataclass
class _Candidate:
    intent: Intent
    score: float
    slots: dict[str, list[EntityRef]]
    missing: tuple[str, ...]
    from_context: bool
    reading: tuple[EntityRef | None, ...]


class Understander:
    """Turns text plus conversation context into an :class:`Interpretation`."""

    def __init__(
        self,
        index: EntityIndex,
        classifier: IntentClassifier,
        related: Callable[[EntityRef], list[EntityRef]] | None = None,
        relations: RelationIndex | None = None,
        related_by: Callable[[EntityRef, str], list[EntityRef]] | None = None,
        works: Mapping[str, Work] | None = None,
    ) -> None:
        self.index = index
        self.classifier = classifier
        self.relations = relations or RelationIndex({}, {})
        self.related = related or (lambda ref: [])
        self.hops = Hops(index, self.relations, related_by or (lambda ref, role: []), self.related)
        self.search = WorkSearch(index, works or {}, self.hops.related_by, self.related)
        # words that may follow a name or "in" without pointing outside the franchise
        # ... and the places people come from ("is ana de armas from cuba")
        places = index.place_words
        self._plain = frozenset(classifier.vocabulary | STOPWORDS | FILLER | SCOPE_OK | places)
        # ... and the places the works go ("which film is set in rome")
        self._scope_ok = frozenset(SCOPE_OK | classifier.vocabulary | places | index.places.words)

    def understand(self, text: str, context: Context | None = None) -> Interpretation:
        """Interpret ``text``; ``context`` fills pronouns and follow-ups."""
        context = context or Context()
        raw = tokens(text)
        # "hey, does anyone know who plays winston": the question is what follows the opening
        start, conditional = question_start(raw)
        raw = raw[start:]
        # "ballerina wasn't directed by stahelski, right": the statement is asked yes or no
        raw, tagged = without_tag(raw)
        conditional = conditional or tagged
        # "was lance reddick in ballerina even though he died": the concession is granted,
        # not asked about
        raw = raw[: _concession(raw)]
        raw = without_duties(raw)
        words, fix_scores = self.index.correct(raw)
        mentions = self.index.find(words, fix_scores)
        sequel = next((m for m in mentions if m.unknown_sequel), None)
        mentions = [m for m in mentions if not m.unknown_sequel]
        if mentions and all(m.indefinite for m in mentions) and not _defining(words, mentions):
            mentions = []  # "what is a pencil made of": a pencil, not the pencil
        mentions = self._next_after_discussed(mentions, context)
        # ... "which john wick films was he not in": the person talked about
        spoken = self.search.pronouns(words, mentions, context.recent)
        searched = sorted([*mentions, *spoken], key=lambda m: m.start)
        found = self.search.read(words, searched, conditional, bool(context.recent))
        if found is not None:  # "action movies starring keanu reeves from 2023": those works
            polar = Claims(polar=found.polar)
            return Interpretation(
                found.intent, found.score, found.slots, mentions, words, claims=polar, found=found
            )
        mentions, narrowed = self.search.narrow(words, mentions)
        mentions, via = self.hops.apply(words, mentions)
        via = (*narrowed, *via)
        mentions = _heads(words, mentions)
        mentions = self._kind_named(words, mentions)
        mentions = self._new_of_medium(words, mentions)
        mentions = self._named_after(words, mentions)
        mentions = self._episode_named(words, mentions)
        mentions = self._placed_spin_off(words, mentions)
        mentions = _predicated(words, mentions)
        mentions = self._dated_work(words, mentions)
        # "who is in chapter 4 besides keanu": everyone but him; those words ask nothing else
        aside = [m for m in mentions if _excluding(words, m.start)]
        excluded = tuple(m.targets[0] for m in aside)
        set_aside = {i for m in aside for i in range(m.start - 2, m.end) if i >= 0}
        # "how many films are there, ballerina included": counted in, not asked about
        inside = [m for m in mentions if _including(words, m) and len(mentions) > 0]
        set_aside |= {i for m in inside for i in range(m.start - 1, m.end + 1) if i >= 0}
        # "is donnie yen in the caine movie too or just directing": the lesser alternative
        # offered after "or just" is not what is asked
        set_aside |= _lesser_alternative(words)
        mentions = [m for m in mentions if m not in aside and m not in inside]
        # "is norman reedus the guy from the walking dead": where he is known from, whose
        # words ask nothing ("dead" is no death)
        known_from = self._known_from(words, mentions)
        set_aside |= known_from
        named_at = _spanned(mentions) | known_from
        kinds = self._kind_words(words, mentions)
        named_rels = self.relations.read(words, named_at, kinds)
        claimed = self._relation_words(named_rels, mentions)
        claimed |= set_aside
        claimed |= one_episode(words)  # "the final episode" describes no final role
        # a topic named only by relation words yields to the relation ("did chapter 4 win a
        # saturn award" asks for its awards, not the awards trivia)
        mentions = [
            m
            for m in mentions
            if not (m.targets[0].kind == T and claimed.issuperset(range(m.start, m.end)))
        ]
        mentions = self._possessed(words, mentions, claimed)
        # "who played the guy who killed john's dog": a character first, then a topic; a
        # question that does not ask who describes a character only if no topic fits
        mentions = self._described_character(words, mentions, claimed, named_rels, first=True)
        mentions = self._described_topic(words, mentions, context, claimed)
        mentions = self._sibling_topic(words, mentions)
        mentions = self._sibling_character(words, mentions)
        mentions = self._described_character(words, mentions, claimed, named_rels, first=False)
        covered = _spanned(mentions) | set_aside
        # relation words after a name don't extend it ("when did lance reddick pass away")
        foreign, penalty = self._foreign(words, covered | set(named_rels.positions), mentions)
        if _nearby(words):  # "ballet school near me": the asker's surroundings, not the films
            penalty *= FOREIGN_SCOPE_PENALTY
        scoped_away = self._scoped_away(words, mentions, context, set_aside)
        beyond = _beyond(words, mentions, excluded)
        misdated = self._other_year(words, mentions)
        titled_away = self._titled_away(words, mentions, set_aside)
        # a year inside a name or hop names the work, it claims nothing ("the 2019 film ...")
        spanned = _spanned(mentions)
        years = tuple(int(w) for i, w in enumerate(words) if YEAR.match(w) and i not in spanned)
        base = Interpretation(
            None,
            0.0,
            {},
            mentions,
            words,
            unknown_sequel=sequel,
            foreign=foreign,
            penalty=penalty,
            years=years,
            via=via,
            excluded=excluded,
        )
        if sequel is not None or not any(w.isalpha() for w in words):
            return base  # a bare number or symbol ("1", "$1.00") asks nothing
        claims = read_claims(tuple(words), _CLAIM_SKIP)
        if conditional:  # "do you know if ballerina is on netflix"
            claims = replace(claims, polar=True)
        neighbour = _neighbour(words, mentions)
        if neighbour is not None:  # "what came out after chapter 2": the next one out
            claims = replace(claims, neighbour=neighbour)
        read = self._typed(words, covered, self.relations.read(words, covered, kinds))
        rels = _auteur(words, _of_a_person(read, mentions, claims.polar), mentions)
        if known_from and not rels.intents:
            rels = replace(rels, intents=frozenset({Intent.PERSON_WORKS}))
        mentions = _valued_work(words, mentions, rels)
        # "which film is set in rome", "is ballerina set in prague": the places named
        not_described = [m for m in mentions if not (m.described and m.targets[0].kind == T)]
        places = self.index.places.find(words, _spanned(not_described) | set_aside)
        asked_before = rels
        place_works, rels, story_place = self._placed(words, mentions, rels, places, context)
        by_place = _work_by_place(words, places, asked_before, place_works)
        if by_place is not None:  # "how long is the movie set in paris": that film's runtime
            mentions = sorted([*mentions, by_place], key=lambda m: m.start)
            place_works, rels, story_place = (), asked_before, False
        claimed_facts = claimed_relations(tuple(words), claims)
        if claimed_facts & _NATIONAL and mentions and all(m.targets[0].kind == P for m in mentions):
            # "is dan laustsen danish": a person's nationality, not a film's country
            claimed_facts = (claimed_facts - _NATIONAL) | {Intent.PERSON_INFO}
        if claims.polar and self._claims_existence(words, mentions):
            # "is the john wick video game real": whether a work not out yet exists is its
            # status ("is john wick real" asks about the man, whose film is out)
            claimed_facts = claimed_facts | {Intent.STATUS}
        if claimed_facts - rels.intents:  # "is john wick 2 in italian": its languages
            rels = replace(rels, intents=rels.intents | claimed_facts)
        # "is ballerina the latest john wick movie": the place is the claim (not in "which is
        # longer, the first john wick or chapter 2": "the first" names a film compared)
        if claims.order and claims.comparative is None:
            placed = [
                m for m in mentions if m.targets[0].kind == W and ORDER_WORDS.keys() & set(m.key)
            ]
            if len([m for m in mentions if m.targets[0].kind == W]) > len(placed) > 0:
                mentions = [m for m in mentions if m not in placed]
        # "how many people voted for it on imdb": the votes, not the scores; "who was the
        # location manager" names crew Wickbot lacks, even if "location" describes a topic
        lacks = rels if rels.lacking else named_rels
        if lacks.lacking:
            lacking = self._lacking(base, lacks, mentions, context)
            if lacking.lacking is not None:
                return lacking
        named_franchise = bool(FRANCHISE_WORDS & set(words))
        # ... or names only franchise-wide relations ("watch order pls"; not "skip this song",
        # where the song's relation competes with watching order)
        generic = bool(ANCHOR_WORDS & set(words)) or (
            bool(rels.intents)
            and all(REGISTRY[i].direction is Direction.FRANCHISE for i in rels.intents)
        )
        anchored = not self._other_franchise(words, covered) and (
            bool(mentions) or bool(context.recent) or named_franchise or (generic and not foreign)
        )
        # "how much has the franchise made": a fact of each film, asked of them all
        measured = rels.asked in (Answers.MONEY, Answers.DURATION, Answers.NUMBER)
        # ... and so does a superlative ("the highest grossing john wick film")
        as_whole = (
            bool(WHOLE_WORDS & set(words))
            or (measured and bool(WHOLE_MEASURED & set(words)))
            or bool(EXTREMES.keys() & set(words))
            or self.index.names_any_work(words)  # "has a john wick movie won an oscar"
            # "oscar nominations for the john wick films": a fact of each of the films
            or (
                bool(_PLURAL_FILMS & set(words))
                and named_franchise
                and any(REGISTRY[i].per_work and REGISTRY[i].of_all for i in rels.intents)
                and not foreign
            )
        )
        whole = (
            self.index.released_films
            if anchored and as_whole and not any(m.targets[0].kind != T for m in mentions)
            else ()
        )
        # "was mel gibson in a john wick movie": in any of the franchise's works (a yes/no
        # question; "which movies was he in" asks for the list)
        people = claims.polar and any(m.targets[0].kind in (P, C) for m in mentions)
        names_franchise = named_franchise or bool(ANCHOR_NOUNS & set(words))
        anywhere = (
            self.index.released_works
            if people and names_franchise and not any(m.targets[0].kind == W for m in mentions)
            else ()
        )
        if anywhere and claims.every:
            # "is winston in every john wick movie": whether in each, not the list of them
            rels = replace(rels, intents=rels.intents | {Intent.ACTOR_IN_WORK})
        question = _Question(
            words,
            mentions,
            context,
            penalty,
            rels,
            anchored,
            whole,
            anywhere,
            claims.polar,
            claims.comparative is not None,
            not claims.polar and bool(_WH_OPENERS & set(words[:3])),
            _agent_verb(words),
            claims.extreme[1] if claims.extreme else None,
            place_works,
            story_place,
        )
        candidates = self._score_readings(question)
        for cand in candidates:
            # "what else has keanu been in": only a person's entry says (what they are known for)
            away = scoped_away or (beyond and not _of_person(cand))
            if away and cand.intent in SCOPED_INTENTS:
                cand.score *= FOREIGN_SCOPE_PENALTY
            if misdated & set(cand.slots.get(W, ())) or titled_away:
                cand.score *= FOREIGN_SCOPE_PENALTY  # another film
        if not candidates:
            return base
        candidates.sort(key=lambda c: (-c.score, _INTENT_ORDER[c.intent]))
        best = candidates[0]
        # a reading that lacks what its intent needs cannot compete with a complete one
        rivals = [c for c in candidates[1:] if not c.missing or best.missing]
        # ... nor one of the same intent that reads less of what is named ("keanu's stunt
        # double in john wick" with "john wick" as the franchise): the fuller reading wins
        rivals = [c for c in rivals if not _reads_less(c, best)]
        if question.compared:
            # "which has the lower budget, john wick or ballerina": a reading that compares
            # fewer of the things named is no rival to one that compares them all
            compared = set(best.slots.get(W, ()))
            rivals = [c for c in rivals if not set(c.slots.get(W, ())) < compared]
        runner = next((c for c in rivals if _differs(best, c)), None)
        also = self._also_asked(words, covered, rels, best, candidates)
        if runner is not None and runner.intent == also and runner.slots == best.slots:
            runner = None  # both are asked: no race between them
        interp = Interpretation(
            intent=best.intent,
            confidence=max(0.0, min(1.0, best.score)),
            slots=best.slots,
            mentions=mentions,
            words=words,
            missing=best.missing,
            runner_up=(runner.intent, runner.score) if runner else None,
            foreign=foreign,
            penalty=penalty,
            years=years,
            from_context=best.from_context,
            via=via,
            excluded=excluded,
            addressed=not foreign
            and (
                (best.intent in rels.intents and bool(ADDRESS_WORDS & set(words)))
                # "what can this bot do": the bot named asks about itself
                or (
                    REGISTRY[best.intent].direction is Direction.META
                    and bool(BOT_WORDS & set(words))
                )
            ),
            whole=bool(whole) and best.slots.get(W) == list(whole),
            claims=claims,
            asked=rels.asked,
            places=tuple(" ".join(key) for _, _, key in places),
            also=also,
            beyond=beyond and _of_person(best),
        )
        if runner is not None and best.score - runner.score < MARGIN and best.score > 0:
            if best.reading != runner.reading:
                options = [r for r in (*best.reading, *runner.reading) if r is not None]
                interp.choices = tuple(dict.fromkeys(options))
            else:
                interp.confidence = min(interp.confidence, CONFIDENCE_THRESHOLD * 0.99)
        return interp

    def _also_asked(
        self,
        words: list[str],
        covered: set[int],
        rels: Relations,
        best: _Candidate,
        candidates: list[_Candidate],
    ) -> Intent | None:
        """ "who directed and wrote ballerina", "the genre and release year of jw4": two
        relations joined by "and", asked of the same things; the one that did not win."""
        for i, word in enumerate(words):
            if word != "and" or not {i - 1, i + 1} <= rels.positions:
                continue
            left = self.relations.read(words[:i], {p for p in covered if p < i}).intents
            skip = {p - i - 1 for p in covered if p > i}
            right = self.relations.read(words[i + 1 :], skip).intents
            if best.intent in left - right:
                other = right - left
            elif best.intent in right - left:
                other = left - right
            else:
                continue
            for cand in candidates:
                if cand.intent in other and cand.slots == best.slots and not cand.missing:
                    return cand.intent
        return None

    def _claims_existence(self, words: list[str], mentions: list[Mention]) -> bool:
        """True when a word claiming existence ("real", "exist") is said of works named that
        are all not out yet, and of nothing else."""
        if not _EXISTENCE & set(words) or not mentions:
            return False
        released = self.index.released_works
        return all(
            len(m.targets) == 1 and m.targets[0].kind == W and m.targets[0] not in released
            for m in mentions
        )

    def _kind_words(self, words: list[str], mentions: list[Mention]) -> frozenset[int]:
        """Positions inside a work's name of the words of its medium: "the john wick video
        game" says it is a game, so "who is making the john wick video game" reads
        "making + game" (its developer)."""
        out: set[int] = set()
        for m in mentions:
            if len(m.targets) != 1 or m.targets[0].kind != W:
                continue
            medium = self.index.work_media.get(m.targets[0].id, ())
            out.update(i for i in range(m.start, m.end) if words[i] in medium)
        return frozenset(out)

    def _named_after(self, words: list[str], mentions: list[Mention]) -> list[Mention]:
        """ "is rina sawayama coming back for caine": a character's name after "in" or "for"
        may name the one work named after the character (the Caine spin-off), as well as the
        character; "who is caine" is the character alone."""
        out = []
        for m in mentions:
            work = self.index.named_after.get(m.key)
            after_for = m.start > 0 and words[m.start - 1] in _WORK_PREPOSITIONS
            if work is not None and after_for and all(r.kind == C for r in m.targets):
                m = replace(m, targets=(*m.targets, work))
            out.append(m)
        return out

    def _new_of_medium(self, words: list[str], mentions: list[Mention]) -> list[Mention]:
        """ "does keanu voice john in the new game": "new" and the last word of a medium name
        the one work not out yet of that medium (the video game; "the new series" is Under
        the High Table), in a question that names something of the franchise already ("the
        new film" names none: Chapter 5, the Caine film and the anime are all films)."""
        if not mentions:
            return mentions
        covered = _spanned(mentions)
        released = self.index.released_works
        added = []
        for i in range(len(words) - 1):
            if words[i] != "new" or {i, i + 1} & covered:
                continue
            after = words[i + 2] if i + 2 < len(words) else None
            if after == "of" or (after is not None and not self._plain_word(after)):
                continue  # "the new game of thrones": a longer title, not ours
            fits = [
                ref
                for ref, medium in self.index.work_media.items()
                if medium[-1] == words[i + 1] and EntityRef(W, ref) not in released
            ]
            if len(fits) != 1:
                continue
            start = i - 1 if i > 0 and words[i - 1] in _DETERMINERS else i
            key = tuple(words[start : i + 2])
            added.append(Mention(start, i + 2, key, (EntityRef(W, fits[0]),), 1.0))
        return sorted([*mentions, *added], key=lambda m: m.start) if added else mentions

    def _kind_named(self, words: list[str], mentions: list[Mention]) -> list[Mention]:
        """ "tell me about the movie parabellum": the kind of work just before its name is
        part of the name, not a relation ("movie" is no filming)."""
        out = []
        for m in mentions:
            ref = m.targets[0]
            # "the movie parabellum", not "did they film jw4" (a verb) nor a hop's phrase
            kind = _KIND_NOUNS.get(words[m.start - 1]) if m.start > 1 else None
            named = tuple(words[m.start : m.end]) == m.key and not m.described
            if (
                ref.kind == W
                and len(m.targets) == 1
                and kind is not None
                and named
                and words[m.start - 2] in _DETERMINERS
            ):
                series = ref.id in self.index.series
                if (kind == "series") == series:
                    m = replace(m, start=m.start - 1)
            out.append(m)
        return out

    def _typed(self, words: list[str], covered: set[int], rels: Relations) -> Relations:
        """ "what countries was john wick 2 filmed in": the kind of value named after the
        question word is what is asked, and its own relation yields to another one named
        that can answer with it (the filming); one that cannot ("what country was
        parabellum produced in": no producer) yields to it."""
        if rels.asked is None or len(rels.intents) < 2:
            return rels
        typed = next((i + 1 for i, w in enumerate(words[:-1]) if w in ("what", "which")), None)
        if typed is None or typed not in rels.positions:
            return rels
        others = self.relations.read(words, covered | {typed}).intents
        own = rels.intents - others
        if not own or not others:
            return rels
        fitting = {i for i in others if rels.compatible(REGISTRY[i].answers)}
        return replace(rels, intents=frozenset(fitting or own))

    def _placed_spin_off(self, words: list[str], mentions: list[Mention]) -> list[Mention]:
        """ "what was the first john wick spin-off film", "the latest spin-off": the spin-off
        out at that place in release order (of the kind named, if one is). A yes/no question
        claims the place instead ("is ballerina the first spin-off")."""
        if not words or words[0] in POLAR_STARTS or "spinoff" not in words:
            return mentions
        at = words.index("spinoff")
        start = at
        while start > 0 and words[start - 1] in FRANCHISE_NAME:
            start -= 1
        if start == 0 or words[start - 1] not in ORDER_WORDS:
            return mentions
        place = ORDER_WORDS[words[start - 1]]
        start -= 2 if start > 1 and words[start - 2] == "the" else 1
        end = at + 1
        works = list(self.index.spin_offs_out)
        kind = _KIND_NOUNS.get(words[end]) if end < len(words) else None
        if kind is not None:  # "the first spin-off film"
            works = [w for w in works if (w.id in self.index.series) == (kind == "series")]
            end += 1
        if not works or any(
            m.start < end and m.end > start and m.targets[0].kind != W for m in mentions
        ):
            return mentions
        work = works[-1] if place in ("last", "latest") else works[0]
        key = tuple(words[start:end])
        kept = [m for m in mentions if m.end <= start or m.start >= end]
        return sorted([*kept, Mention(start, end, key, (work,), 1.0)], key=lambda m: m.start)

    def _episode_named(self, words: list[str], mentions: list[Mention]) -> list[Mention]:
        """ "the director of the continental episode 1", "how long is the final episode of
        the continental": one episode named beside its series is part of the name, neither
        the episodes relation nor a description ("final" is no final role)."""
        episode = one_episode(words)
        if not episode:
            return mentions
        # ... unless the episode is what is asked about ("what is episode 2 called")
        if Intent.EPISODES in self.relations.read(words, _spanned(mentions)).intents:
            return mentions
        first, last = min(episode), max(episode)
        if first > 0 and words[first - 1] == "the":
            first -= 1
        out = []
        for m in mentions:
            ref = m.targets[0]
            if ref.kind == W and ref.id in self.index.series and not m.described:
                if m.end == first:  # "the continental episode 1"
                    m = replace(m, end=last + 1)
                elif last + 2 == m.start and words[last + 1] == "of":  # "episode 2 of ..."
                    m = replace(m, start=first)
            out.append(m)
        return out

    def _placed(
        self,
        words: list[str],
        mentions: list[Mention],
        rels: Relations,
        places: list[tuple[int, int, tuple[str, ...]]],
        context: Context,
    ) -> tuple[tuple[EntityRef, ...], Relations, bool]:
        """The places of a story asked about, which are its premise's: "where does chapter 2
        take place" (its places, not its place in the timeline, nor where it was filmed);
        and, when the question names no work, the works the places named belong to, as the
        story's setting or where it was filmed ("which film is set in rome", "which john
        wick was shot in paris"), when it is about the franchise: it names it, says "the
        films", or follows a question about it ("which movies were shot in rome" is any
        film's). Also True when the story's places are asked for."""
        filmed = Intent.FILMING in rels.intents
        if filmed and places:  # "shot in paris" is where, not who shot it
            rels = replace(rels, intents=rels.intents - {Intent.CINEMATOGRAPHER})
        setting = bool(_SETTING_WORDS & set(words)) and not _WHEN_WORDS & set(words)
        somewhere = rels.asked is Answers.PLACE or bool(places)
        story = not filmed and setting and somewhere
        if story:
            rels = replace(rels, intents=rels.intents | {Intent.PREMISE})
        described = [m for m in mentions if m.described and m.targets[0].kind == T]
        if not places or any(m.key != FRANCHISE_NAME for m in mentions if m not in described):
            return (), rels, story
        if not filmed and Intent.PREMISE not in rels.intents and not setting:
            return (), rels, story
        the_films = any(a == "the" and b in ANCHOR_NOUNS for a, b in itertools.pairwise(words))
        if not (FRANCHISE_WORDS & set(words) or the_films or context.recent):
            return (), rels, story
        kind = FILMING_PLACE if filmed else SETTING
        ids = self.index.places.works([key for _, _, key in places], kind)
        if not ids:
            return (), rels, story
        if {"film", "films"} & set(words) and not {"series", "show", "shows"} & set(words):
            ids &= {r.id for r in self.index.released_films}  # "movies" are no series
        return tuple(r for r in self.index.by_release if r.id in ids), rels, story

    def _lacking(
        self, base: Interpretation, rels: Relations, mentions: list[Mention], context: Context
    ) -> Interpretation:
        """ "What camera was chapter 4 shot on": a fact Wickbot has no data for.

        Only about something of the franchise (named, or from the conversation); anything
        else is an ordinary decline.
        """
        # a name inside the phrase is part of it ("a directors cut of parabellum")
        outside = [m for m in mentions if not set(range(m.start, m.end)) <= rels.positions]
        named = [r for m in outside for r in m.targets[:1] if r.kind != T]
        about = named[0] if named else context.most_recent((W, P, C))
        if about is None and not any(m.targets[0].kind == T for m in mentions):
            return base
        base.lacking = (rels.lacking[0], about)
        return base

    def _relation_fit(
        self,
        intent: Intent,
        sim: float,
        rels: Relations,
        anchored: bool,
        kinds: frozenset[str] = frozenset(),
        words: list[str] | None = None,
        compared: bool = False,
    ) -> float:
        """Multiplier from the relation words and question word (1.0 when they agree)."""
        works_named = W in kinds
        definition = REGISTRY[intent]
        fit = 1.0
        if definition.direction is Direction.FRANCHISE and not anchored:
            return 0.0  # "how many marvel movies are there": not about the franchise
        named = {i for i in rels.intents if REGISTRY[i].direction is not Direction.META}
        of_a_person = bool({P, C} & kinds) and not works_named
        # a franchise-wide answer yields too when a work's own fact is named of a work
        # ("release year of the movie john wick chapter 4" is not the watch order), or a
        # relation of a person
        of_a_work = definition.direction is Direction.FRANCHISE and (works_named or of_a_person)
        # ... and one franchise-wide answer to another named ("what are the upcoming john
        # wick movies" is what is coming, not the list)
        # (but "how many are in development" counts what is coming)
        franchise_named = (
            definition.direction is Direction.FRANCHISE
            and rels.asked is not definition.answers
            and any(REGISTRY[i].direction is Direction.FRANCHISE for i in named)
        )
        others = (
            named
            and intent not in named
            and (
                definition.direction in (Direction.FACT, Direction.ABOUT)
                or of_a_work
                or franchise_named
            )
            and intent is not Intent.LORE
        )
        # a near-exact phrasing keeps its intent, unless the intent reads no fact ("{work}"
        # alone matches any question about a work: the overview)
        # ... when its phrasings have the relation words ("has jw5 started filming"), not
        # when they stand outside them ("what is the rating of ballerina on metacritic")
        own = self.classifier.words_of.get(intent, frozenset())
        inside = words is None or all(stem(words[i]) in own for i in rels.positions)
        exempt = sim >= NEAR_EXACT and definition.field is not None and inside
        if definition.direction is Direction.FRANCHISE and of_a_person and intent not in named:
            fit *= RELATION_CONFLICT  # "how many films has keanu made": his, not the franchise's
        if others and not exempt:
            # a kindred relation yields less ("when was it first announced": the status,
            # though a release date is also a "when")
            kin = any(_kin(intent, o) for o in named)
            fit *= KIN_CONFLICT if kin else RELATION_CONFLICT
        # a fact no word of the question names, nor its question word ("what film did john
        # wick first appear in" shares words with "what films did {person} edit", not its
        # relation): the classifier's overlap alone is weak evidence
        if (
            not named
            and definition.credit is not None
            and rels.asked is not definition.answers
            and sim < NEAR_EXACT
            and not (words and any(intent in self.classifier.cues.get(stem(w), ()) for w in words))
        ):
            fit *= UNSIGNALLED
        # "who is older, keanu or ian": a comparison answers with one of the things named
        if not rels.compatible(definition.answers, definition.also_answers) and not compared:
            fit *= QUESTION_WORD_PENALTY
        elif definition.answers is Answers.TEXT and rels.asked is not None:
            # "who composed the ballerina soundtrack": of the relations named, the one that
            # answers who (if it can take what is named: "ayomide adegun plays who" names
            # no character)
            fitting = [
                i
                for i in named
                if i is not intent
                and REGISTRY[i].answers is rels.asked
                and (not kinds or kinds & REGISTRY[i].slots.kinds)
                and all(accepted & kinds for accepted in REGISTRY[i].slots.required)
            ]
            if fitting:
                fit *= QUESTION_WORD_PENALTY
        return fit

    def _dated_work(self, words: list[str], mentions: list[Mention]) -> list[Mention]:
        """ "which 2019 film has halle berry playing sofia": the year names the work of that
        year the person or character is in, when no work is named; a year and a kind of work
        name the one work of both ("the 2023 miniseries about a young winston": a series, not
        Chapter 4)."""
        if any(m.targets[0].kind == W for m in mentions):
            return mentions
        people = [m.targets[0] for m in mentions if m.targets[0].kind in (P, C)]
        theirs = {w for ref in people for w in self.related(ref)}
        out = list(mentions)
        for i, word in enumerate(words):
            if not YEAR.match(word) or any(m.start <= i < m.end for m in mentions):
                continue
            kind = _KIND_NOUNS.get(words[i + 1]) if i + 1 < len(words) else None
            # a year alone names no work, nor one after a word that may be a title's
            determined = i > 0 and words[i - 1] in ("the", "a", "that", "this", "which", "what")
            if not people and (kind is None or not determined):
                continue
            if any(m.end == i for m in mentions):
                continue  # "the boogeyman 2023 movie": the year of another title
            pool = theirs if people else set(self.index.released_works)
            year = int(word)
            works = [
                w
                for w in pool
                if self.index.work_years.get(w.id) == year
                and (kind is None or (w.id in self.index.series) == (kind == "series"))
            ]
            if len(works) == 1:
                end = i + 1 + (kind is not None)
                out.append(Mention(i, end, tuple(words[i:end]), (works[0],), 1.0))
        return sorted(out, key=lambda m: m.start)

    @staticmethod
    def _floored(
        asked: frozenset[Intent], named: dict[str, list[EntityRef]], context: Context
    ) -> set[Intent]:
        """Intents a question's relation words name; with no work named or recent, also the
        franchise-wide intents of their family ("the entire john wick timeline": story order).
        """
        out = set(asked)
        if W not in named and context.latest(W) is None:
            for intent in (i for i in asked if REGISTRY[i].slots.required):
                out.update(
                    other
                    for other, definition in REGISTRY.items()
                    if definition.direction is Direction.FRANCHISE and same_family(intent, other)
                )
        return out

    def _known_from(self, words: list[str], mentions: list[Mention]) -> set[int]:
        """Positions of "from <something>" right after a person (or "the guy from"), when the
        something is no place and names nothing of ours: what the person is known from."""
        people = [m for m in mentions if m.targets[0].kind == P]
        if len(people) != 1 or len(mentions) != 1:
            return set()
        person = people[0]
        k = person.end
        while k < len(words) and words[k] in _PERSON_NOUNS:
            k += 1
        if k >= len(words) - 1 or words[k] != "from":
            return set()
        rest = words[k + 1 :]
        if all(w in STOPWORDS for w in rest) or any(w in self.index.place_words for w in rest):
            return set()  # "where is she from", "is keanu from canada"
        return set(range(k, len(words)))

    def _other_franchise(self, words: list[str], covered: set[int]) -> bool:
        """ "how many marvel movies", "how many ip man movies": a word of the name before
        "movies" that is none of ours scopes away."""
        for k, word in enumerate(words):
            if k == 0 or word not in ANCHOR_NOUNS:
                continue
            j = k - 1  # the words of the name before the noun, back to a function word
            while j >= 0 and j not in covered and j > k - 1 - _NAME_REACH:
                before = words[j]
                # ... and ours ends it: "highest grossing john wick film"
                if before in STOPWORDS or before in _QUESTION_WORDS or before in FRANCHISE_WORDS:
                    break
                # a ranking word further back ranks ours ("the earliest released film"); right
                # before the noun it may not ("highest grossing movies of all time")
                ours = (
                    before in ANCHOR_WORDS
                    or before in self.index.ordinary
                    or before in _COUNTED_IN  # "the watch order including spin-offs"
                    or before in CLAIM_WORDS
                    or (j < k - 1 and before in RANKING_WORDS)
                )
                if not ours and not before.isdigit():
                    return True
                j -= 1
        return False

    @staticmethod
    def _relation_words(rels: Relations, mentions: list[Mention]) -> set[int]:
        """Positions of relation words whose intent can take what the question names.

        "where was jw4 filmed": "filmed" asks for the filming of a named work, so it does
        not describe a lore topic; "what did helen die from" names a character, whom no
        relation of a real person applies to.
        """
        if not rels.intents:
            return set()
        kinds = {r.kind for m in mentions for r in m.targets}
        # ... and "is john wick actually dead" names no person, whose death the word asks
        fits = any(
            not kinds or all(accepted & kinds for accepted in REGISTRY[i].slots.required)
            for i in rels.intents
        )
        return set(rels.positions) if fits else set()

    def _described_topic(
        self, words: list[str], mentions: list[Mention], context: Context, claimed: set[int]
    ) -> list[Mention]:
        """Add the topic a question describes without naming it ("what dogs does sofia have").

        Only when the question also names something of the franchise, or continues a
        conversation about it ("what about markers?"), so "what is a pencil made of" stays
        unanswered.
        """
        if any(r.kind == T for m in mentions for r in m.targets):
            return mentions
        if not mentions and not context.recent:
            return mentions  # nothing anchors the description in the franchise
        # a thing named twice: the second name is a word under discussion ("why is jw3
        # called parabellum", "why was eve called rooney"), so it may describe a topic
        seen: set[EntityRef] = set()
        works: set[int] = set()
        named: set[int] = set()
        discussed: set[int] = set()  # starts of names discussed as words
        for m in mentions:
            # ... and so is a name after "call" ("why do they call him baba yaga"); when the
            # question asks for a relation, both are plain names ("theater of pain
            # continental air date")
            called = bool(_CALLING & set(words[max(0, m.start - 2) : m.start]))
            # ... or after "call" and the name of whom it calls ("why do they call john wick
            # baba yaga")
            called = called or any(
                o.end == m.start and o.start > 0 and words[o.start - 1] in _CALLING
                for o in mentions
            )
            # "a film called ballerina" names the film itself
            called = called and not _titled(words, m)
            if called and not claimed:
                discussed.add(m.start)
            if (m.targets[0] not in seen and not called) or claimed:
                (works if m.targets[0].kind == W else named).update(range(m.start, m.end))
            seen.add(m.targets[0])
        # "who is the most famous ballerina": a word graded by "most" describes what follows,
        # not a topic (the famous quotes)
        graded = {i for i in range(1, len(words)) if words[i - 1] in _DEGREES}
        fits = self.index.topic_fits(words, works | claimed | graded, named)
        if not fits:
            return mentions
        top = max(score for _, score in fits.values())
        if top < TOPIC_DESCRIPTION_MIN:
            return mentions
        # of topics that fit as well, one about the people named ("what breed are sofia's
        # dogs": Sofia's dogs, not Daisy)
        tied = [(tid, pos) for tid, (pos, score) in fits.items() if score >= top - 1e-9]
        people = [m for m in mentions if m.targets[0].kind in (P, C)]

        def about_them(topic: str) -> bool:
            keywords = self.index.topic_keywords(topic)
            return all(
                self.index.topic_concerns(topic, m) and {stem(w) for w in m.key} & keywords
                for m in people
            )

        topic_id, position = next((t for t in tied if about_them(t[0])), tied[0])
        own = self.index.topic_words(topic_id)
        if self._about_someone_else(words, topic_id, mentions, own):
            return mentions  # "is winston dead" names someone John's fate is not about
        for m in mentions:
            # "what car does winston drive" names someone John's Mustang is not about
            if m.targets[0].kind in (P, C) and not self.index.topic_concerns(topic_id, m):
                return mentions
            # "donnie yen's wife" is about Donnie Yen, not Helen's death; "what did helen
            # die from" is about it (Helen is one of the topic's words)
            adjacent = m.end == position and m.targets[0].kind in (P, C)
            adjacent = adjacent and m.start not in discussed and position not in discussed
            foreign_owner = not any(stem(w) in own for w in m.key)
            if adjacent and foreign_owner and not self.index.topic_concerns(topic_id, m):
                return mentions
        ref = EntityRef(T, topic_id)
        synthetic = Mention(
            position, position + 1, (words[position],), (ref,), DESCRIBED_SCORE, described=True
        )
        return sorted([*mentions, synthetic], key=lambda m: m.start)

    def _about_someone_else(
        self, words: list[str], topic_id: str, mentions: list[Mention], own: set[str]
    ) -> bool:
        """True when the question names characters, none of them the topic's subjects (whom
        its title or aliases name), and none whose own description has the words the topic
        was found by: "is winston dead" is not John's fate; "which car did iosef steal" is
        John's Mustang (Iosef's description says he steals it)."""
        subjects = self.index.topic_subjects(topic_id)
        characters = [r for m in mentions for r in m.targets if r.kind == C]
        if not subjects or not characters or subjects & set(characters):
            return False
        found_by = {stem(w) for w in words} & own
        return not any(found_by & self.index.character_words(r.id) for r in characters)

    def _next_after_discussed(self, mentions: list[Mention], context: Context) -> list[Mention]:
        """ "and the next one?" in a conversation about Chapter 2 is the work released after
        it, not the next film to come out."""
        discussed = context.latest(W)
        if discussed is None or discussed not in self.index.by_release:
            return mentions
        order = self.index.by_release
        at = order.index(discussed)
        after = order[at + 1] if at + 1 < len(order) else None
        # after the latest work out, "the next one" is the next film to come (its alias)
        if after is None or after not in self.index.released_works:
            return mentions
        return [
            replace(m, targets=(after,))
            if m.key[:2] == ("the", "next") and not set(FRANCHISE_NAME) & set(m.key)
            else m
            for m in mentions
        ]

    def _sibling_topic(self, words: list[str], mentions: list[Mention]) -> list[Mention]:
        """A topic named yields to one about the same thing that explains more of the words:
        "does daisy die" names Daisy, but asks about her death; "is the continental hotel
        real" asks about the real building."""
        topics = [m for m in mentions if m.targets[0].kind == T and not m.described]
        if len(topics) != 1:
            return mentions
        m = topics[0]
        named_id = m.targets[0].id
        works = {i for n in mentions if n.targets[0].kind == W for i in range(n.start, n.end)}
        people = {i for n in mentions if n.targets[0].kind in (P, C) for i in range(n.start, n.end)}
        fits = self.index.topic_fits(words, works, people)
        if named_id not in fits:
            return mentions
        # the named topic's own words in the alias: a sibling must be about them too
        subject = {stem(w) for w in m.key} & self.index.topic_keywords(named_id)
        own_score = fits[named_id][1]
        siblings = [
            (score, topic_id)
            for topic_id, (_, score) in fits.items()
            if topic_id != named_id
            and score > own_score
            and subject <= self.index.topic_keywords(topic_id)
        ]
        if not siblings or not subject:
            return mentions
        _, topic_id = max(siblings)
        sibling = replace(m, targets=(EntityRef(T, topic_id),))
        return [sibling if n is m else n for n in mentions]

    def _sibling_character(self, words: list[str], mentions: list[Mention]) -> list[Mention]:
        """A character named by a description ("the manager of the continental") yields to
        one that the description fits as well and the words after it fit better ("... in
        osaka": Shimazu Koji, not Winston)."""
        for m in mentions:
            if m.targets[0].kind != C or "the" not in m.key or len(m.key) < 3:
                continue
            others = {i for n in mentions if n is not m for i in range(n.start, n.end)}
            found = self.index.describe_character(words, others, frozenset())
            if found is None or found[2] <= 0 or found[1] == m.targets[0].id:
                continue
            (_, end), char_id, _ = found
            subject = {stem(w) for w in m.key if w not in STOPWORDS}
            if not subject <= self.index.character_words(char_id) or end <= m.end:
                continue
            sibling = replace(
                m, end=end, key=tuple(words[m.start : end]), targets=(EntityRef(C, char_id),)
            )
            return [sibling if n is m else n for n in mentions]
        return mentions

    def _explained(self, mentions: list[Mention]) -> set[str]:
        """The words the topics and characters named explain ("is ares mute": his
        description says so)."""
        return set().union(
            *(self.index.topic_words(r.id) for m in mentions for r in m.targets if r.kind == T),
            *(
                self.index.character_words(m.targets[0].id)
                for m in mentions
                if m.targets[0].kind == C and len(m.targets) == 1
            ),
        )

    def _tells_deed(self, verb: str, characters: list[EntityRef]) -> bool:
        """True when a character's description uses the verb of the deed asked about."""
        return any(stem(verb) in self.index.character_text(r.id) for r in characters)

    def _possessed(
        self, words: list[str], mentions: list[Mention], claimed: set[int]
    ) -> list[Mention]:
        """ "who played viggo's brother": the one character whose description says so."""
        out = list(mentions)
        for m in mentions:
            ref = m.targets[0]
            if ref.kind != C or m.end >= len(words) or m.end in claimed:
                continue
            noun = words[m.end]
            if noun in self._plain or not noun.isalpha():
                continue
            found = self.index.possessed(m.key, noun, ref.id)
            if len(found) != 1:
                continue
            key = tuple(words[m.start : m.end + 1])
            owned = Mention(
                m.start, m.end + 1, key, (EntityRef(C, found[0]),), DESCRIBED_SCORE, described=True
            )
            out = [owned if o is m else o for o in out]
        return out

    def _described_character(
        self,
        words: list[str],
        mentions: list[Mention],
        claimed: set[int],
        rels: Relations,
        first: bool,
    ) -> list[Mention]:
        """Add the character a question describes without naming ("who played the blind
        assassin in chapter 4"): only when it names no one and no topic; first when it asks
        who, else only when it names a work and no topic is described ("main villain jw2")."""
        # a topic described by fewer of the words yields ("parabellum sushi chef assassin
        # actor": Zero's description has all three words, a hotel topic one)
        topics = [m for m in mentions if m.targets[0].kind == T and m.described and not first]
        mentions = [m for m in mentions if m not in topics]
        if any(m.targets[0].kind != W for m in mentions) or not (mentions or first):
            return [*mentions, *topics]  # a bare description needs a work: "best hotels"
        # who, who plays, or a bare description ("john wick 4 japan hotel manager")
        bare = not rels.intents and rels.asked is None and not set(words) & _QUESTION_WORDS
        asks_who = rels.asked is Answers.PERSON or bool(rels.intents & _ASKS_A_CHARACTER)
        kept = sorted([*mentions, *topics], key=lambda m: m.start)
        if not (asks_who if first else bare or bool(_NAMING & set(words))):
            return kept
        found = self.index.describe_character(
            words, _spanned(mentions) | claimed, frozenset(m.targets[0].id for m in mentions)
        )
        if not _clearly(found) and mentions and not topics:
            found, mentions = self._work_in_description(words, mentions, claimed)
        if (found is None or not _clearly(found)) and mentions:
            found = self._owned_description(words, mentions, claimed) or found
        if found is None or not _clearly(found):
            return kept
        (start, end), char_id, _ = found
        if not self._ours(words, found, bool(mentions), Intent.WHO_PLAYS in rels.intents):
            return kept
        if topics and not self._explains_more(words, char_id, topics, _spanned(mentions)):
            return kept
        ref = EntityRef(C, char_id)
        synthetic = Mention(
            start, end, tuple(words[start:end]), (ref,), DESCRIBED_SCORE, described=True
        )
        return sorted([*mentions, synthetic], key=lambda m: m.start)

    def _owned_description(
        self, words: list[str], mentions: list[Mention], claimed: set[int]
    ) -> _Described | None:
        """ "who played the villain's son in john wick": the character clearly described just
        before a noun, then the one character whose description says it is theirs."""
        skip = _spanned(mentions) | claimed
        works = frozenset(m.targets[0].id for m in mentions if m.targets[0].kind == W)
        for j, noun in enumerate(words):
            if j == 0 or j in skip or noun in self._plain or not noun.isalpha():
                continue
            owner = self.index.describe_character(words[:j], skip, works)
            if owner is None or not _clearly(owner) or owner[0][1] != j:
                continue
            (start, _), owner_id, _ = owner
            name = tuple(tokens(self.index.name_of(EntityRef(C, owner_id))))
            found = self.index.possessed(name, noun, owner_id)
            if len(found) == 1:
                return (start, j + 1), found[0], 1.0
        return None

    def _ours(self, words: list[str], found: _Described, work_named: bool, acted: bool) -> bool:
        """True when a description found is of one of the franchise's characters: a work is
        named, or one of its words comes from the franchise's names ("the guy who runs the
        bowery"), or, asked who plays (``acted``), every word of it fits the one character
        ("who played the sushi chef guy"). "the best sushi chef in the world" is no one of
        ours."""
        (start, end), _, score = found
        if work_named or any(self.index.is_name_word(w) for w in words[start:end]):
            return True
        return acted and score >= 1.0 - 1e-9 and end - start >= 2

    def described_character(
        self, words: list[str], skip: set[int], works: frozenset[str], acted: bool
    ) -> EntityRef | None:
        """The character ``words`` clearly describe, outside ``skip``, among the characters
        of ``works`` (any, when empty); ``acted`` when the question asks who plays them."""
        found = self.index.describe_character(words, skip, works)
        if found is None or not _clearly(found) or not self._ours(words, found, bool(works), acted):
            return None
        return EntityRef(C, found[1])

    def _explains_more(
        self, words: list[str], char_id: str, topics: list[Mention], covered: set[int]
    ) -> bool:
        """True when a character's description has more of the question's words than the
        topics described by them."""
        left = [stem(w) for i, w in enumerate(words) if i not in covered and w not in self._plain]
        own = self.index.character_words(char_id)
        theirs = set().union(*(self.index.topic_words(m.targets[0].id) for m in topics))
        return sum(s in own for s in left) > sum(s in theirs for s in left)

    def _work_in_description(
        self, words: list[str], mentions: list[Mention], claimed: set[int]
    ) -> tuple[_Described | None, list[Mention]]:
        """A character described with a work's name among the words, and the mentions left.

        "who runs the casablanca continental": the name stands inside the description, after
        a word of it; "who played the ballerina in parabellum": one work's name describes a
        character of the other work named (not "is ballerina the newest one", which names
        Ballerina twice)."""
        found = self.index.describe_character(words, claimed, frozenset())
        if _clearly(found):
            assert found is not None
            (start, end), _, _ = found
            inside = [
                m
                for m in mentions
                if start < m.start and m.end <= end and words[m.start - 1] not in self._plain
            ]
            if inside:
                return found, [m for m in mentions if m not in inside]
        for m in mentions:
            others = [o for o in mentions if o.targets[0] != m.targets[0]]
            if not others or _coordinated(words, m, others):
                continue  # one mention, one work named twice, or "chapter 4 and ballerina"
            found = self.index.describe_character(
                words, _spanned(others) | claimed, frozenset(o.targets[0].id for o in others)
            )
            if _clearly(found):
                assert found is not None
                (start, end), _, _ = found
                if start <= m.start and m.end <= end:
                    return found, others
        return None, mentions

    def _foreign(
        self, words: list[str], covered: set[int], mentions: list[Mention]
    ) -> tuple[tuple[str, ...], float]:
        """Words that belong to nothing Wickbot knows, and the penalty they cost.

        A word right after a person's or character's name, or after "how", that no phrasing
        uses also costs the scope penalty: "winston churchill", "donnie yen's wife",
        "how tall is keanu".
        """
        foreign: list[str] = []
        penalty = 1.0
        people = [m for m in mentions if any(r.kind in (P, C) for r in m.targets)]
        name_edges = {m.end for m in people}
        char_edges = {m.end for m in people if m.targets[0].kind == C and m.described}
        any_edges = {m.end for m in mentions}  # "the continental divide" extends a name
        # ... and one before a person's name or a name of plain words ("dune part three")
        plain_names = [m for m in mentions if all(self._plain_word(w) for w in m.key)]
        name_starts = {m.start for m in (*people, *plain_names)}
        people_starts = {m.start for m in people}
        plain = self._plain
        # words a named topic explains are not foreign ("why was john declared excommunicado")
        explained = self._explained(mentions)
        for i, word in enumerate(words):
            if i in covered or (explained and stem(word) in explained):
                continue
            if word.isdigit():
                if i in name_edges and YEAR.match(word):
                    penalty *= FOREIGN_SCOPE_PENALTY  # "akira 1988": a film, not the character
                continue
            # "how old is keanu", "how tall": an attribute of a person no phrasing asks about
            attribute = (
                bool(name_edges)
                and i > 0
                and words[i - 1] == "how"
                and word not in self.classifier.after_how
            )
            # a word phrasings use after a name says what they did ("john uses ..."); a
            # person noun is the head of a description ("the little ballerina girl")
            verb = word in self.classifier.vocabulary or (i in char_edges and word in PERFORMERS)
            if attribute or (i in name_edges and word not in plain and not verb):
                penalty *= FOREIGN_SCOPE_PENALTY
                continue
            if (i + 1) in people_starts and self.index.is_first_name(word) and word not in plain:
                # "who is michael caine": a first name that is none of the character's
                penalty *= FOREIGN_SCOPE_PENALTY
                continue
            if self.index.knows(word) or len(word) < 3 or self.index.is_adverb(word):
                continue
            foreign.append(word)
            scoped = (
                i in any_edges
                or (i + 1) in name_starts
                or (i > 0 and words[i - 1] in ("in", "from", "of") and i - 1 not in covered)
            )
            penalty *= FOREIGN_SCOPE_PENALTY if scoped else FOREIGN_WORD_PENALTY
        return tuple(foreign), penalty

    def _plain_word(self, word: str) -> bool:
        """True for a number or a word of everyday questions."""
        return word.isdigit() or word in self.index.ordinary

    def _other_year(self, words: list[str], mentions: list[Mention]) -> set[EntityRef]:
        """Works named with a year just before that is not theirs ("the 2023 korean netflix
        movie ballerina"), or a kind of film they are not ("the animated ballerina")."""
        out: set[EntityRef] = set()
        for m in mentions:
            ref = m.targets[0]
            year = self.index.work_years.get(ref.id) if ref.kind == W else None
            before = words[max(0, m.start - 4) : m.start]
            if year and any(YEAR.match(w) and int(w) != year for w in before):
                out.add(ref)
            # ... or just after, as a film's year is written ("is ballerina 2023 on netflix")
            after = words[m.end] if m.end < len(words) else ""
            dated = self.index.work_dated.get(ref.id, frozenset())
            if ref.kind == W and dated and YEAR.match(after) and int(after) not in dated:
                out.add(ref)
            # ... or a kind of film it is not ("the animated ballerina")
            own = self.index.work_words.get(ref.id, frozenset())
            if ref.kind == W and any(w in DESCRIPTORS and w not in own for w in before[-2:]):
                out.add(ref)
        return out

    def _scoped_away(
        self,
        words: list[str],
        mentions: list[Mention],
        context: Context,
        aside: set[int],
    ) -> bool:
        """True when "in ..." names something that is not a known work.

        "who plays winston in new girl" and "is keanu in it" (with nothing to call "it")
        are about something else, even though every word may be ordinary.
        """
        starts = {m.start for m in mentions}
        explained = self._explained(mentions)
        # set aside: "the guy from the walking dead", "apart from ana de armas"
        covered = _spanned(mentions) | aside
        ok_words = self._scope_ok
        for i, word in enumerate(words):
            if word not in _SCOPE_WORDS or i in covered:
                continue
            j = i + 1
            while j < len(words) and words[j] in ("the", "a", "an"):
                j += 1
            if j >= len(words) or j in starts:
                continue
            span = []
            while j < len(words) and j not in covered and words[j] not in _SCOPE_WORDS:
                span.append(words[j])
                j += 1
            pronouns = [w for w in span if w in PRONOUNS]
            # "every movie with keanu in it": the pronoun is the film the question names
            back = bool(ANCHOR_NOUNS & set(words[:i])) and set(pronouns) <= _BACK_PRONOUNS
            recent = any(context.most_recent(PRONOUNS[w]) for w in pronouns)
            if pronouns and not back and not recent:
                return True
            content = [w for w in span if w not in STOPWORDS and w not in FILLER]
            # a named topic's own words scope nothing away ("loving husband on the tombstone")
            if any(
                w not in ok_words and not w.isdigit() and stem(w) not in explained for w in content
            ):
                return True
        return False

    def _titled_away(self, words: list[str], mentions: list[Mention], aside: set[int]) -> bool:
        """True when "in" is followed by a run of words that reads as another title ("what
        role did ana de armas play in no time to die"): no article, no name, no scope word."""
        covered = _spanned(mentions) | aside
        for m in mentions:
            # "who plays killa in the movie killa": a film called by a character's name
            # (not "the films winston appears in": a clause follows the name)
            kind_noun = m.start >= 2 and words[m.start - 1] in _KIND_NOUNS
            last = m.end == len(words) and m.targets[0].kind == C
            if kind_noun and last and words[m.start - 2] in _DETERMINERS:
                return True
            # "who was the director of big time": a character called by a credit's noun, "of"
            # something unnamed, is that thing's credit (not "the director of the ruska roma")
            credit = m.targets[0].kind == C and m.key[-1] in self.relations.words
            of = m.end + 1 < len(words) and words[m.end] == "of"
            after = words[m.end + 1 :]
            unnamed = of and not covered & set(range(m.end + 1, len(words)))
            if credit and unnamed and not any(w in SCOPE_OK or w in PRONOUNS for w in after):
                return True
        for i, word in enumerate(words[:-1]):
            if word not in ("in", "from") or i in covered or words[i + 1] in ("the", "a", "an"):
                continue
            span: list[str] = []
            for j in range(i + 1, len(words)):
                if j in covered or words[j] in _SCOPE_WORDS:
                    break
                span.append(words[j])
            if len(span) < TITLE_LIKE or span[0] in _QUESTION_WORDS:
                continue  # "in what year was it released" asks; it names nothing
            if not any(w in SCOPE_OK or w in PRONOUNS for w in span):
                return True
        return False

    def _score_readings(self, q: _Question) -> list[_Candidate]:
        words, mentions, context, penalty = q.words, q.mentions, q.context, q.penalty
        options: list[list[EntityRef | None]] = []
        for m in mentions:
            choices: list[EntityRef | None] = list(m.targets)
            if m.optional:
                choices.append(None)
            options.append(choices)
        candidates: list[_Candidate] = []
        readings = itertools.islice(itertools.product(*options), MAX_READINGS)
        elliptical = bool(mentions) and all(
            w in ELLIPSIS_WORDS or w in FILLER
            for i, w in enumerate(words)
            if not any(m.start <= i < m.end for m in mentions)
        )
        for reading in readings:
            scored = self._score_reading(q, reading)
            if elliptical and context.intent is not None:
                follow = self._follow_up(mentions, reading, context, penalty)
                if follow is not None:
                    for cand in scored:  # "what about X?" right after a question: a follow-up
                        cand.score *= ELLIPSIS_DISCOUNT
                    scored.append(follow)
            candidates.extend(scored)
        return candidates

    def _score_reading(
        self, q: _Question, reading: tuple[EntityRef | None, ...]
    ) -> list[_Candidate]:
        words, mentions, context, rels = q.words, q.mentions, q.context, q.rels
        penalty, anchored, whole, anywhere = q.penalty, q.anchored, q.whole, q.anywhere
        used = [(m, r) for m, r in zip(mentions, reading, strict=True) if r is not None]
        named: dict[str, list[EntityRef]] = {}
        for _, ref in used:
            named.setdefault(ref.kind, [])
            if ref not in named[ref.kind]:
                named[ref.kind].append(ref)
        # a topic's alias that names a work names the work too ("who is jw4 dedicated to")
        within = [self.index.alias_works.get(m.key) for m, r in used if r.kind == T]
        for work in within:
            if work is not None and W not in named:
                named[W] = [work]
        quality = min((m.score for m, _ in used), default=1.0)
        optional_work = any(m.optional for m, r in used if r.kind == W)
        # Slot tokens for classification: names become <kind>, pronouns the kind they refer to.
        slotted: list[str] = []
        starts = {m.start: (m, r) for m, r in zip(mentions, reading, strict=True)}
        i = 0
        pronoun_kinds: list[str] = []
        unresolved = False
        while i < len(words):
            if i in starts:
                m, choice = starts[i]
                if choice is None:
                    slotted.extend(words[m.start : m.end])
                else:
                    slotted.append(SLOT_TOKEN[choice.kind])
                i = m.end
                continue
            word = words[i]
            kinds = PRONOUNS.get(word)
            if kinds:
                recent = context.most_recent(kinds)
                kind = recent.kind if recent is not None else None
                if kind is not None:
                    slotted.append(SLOT_TOKEN[kind])
                    # every kind the pronoun may mean, most recent first ("he": the
                    # character just discussed, or the actor who plays him)
                    pronoun_kinds.append(kind)
                    pronoun_kinds.extend(k for k in kinds if k != kind and context.latest(k))
                    i += 1
                    continue
                if word in PERSONAL_PRONOUNS:
                    unresolved = True
            slotted.append(word)
            i += 1
        sims, coverage = self.classifier.scores_and_coverage(slotted)
        topics = [m for m, r in used if r.kind == T]
        described = bool(topics) and all(m.score == DESCRIBED_SCORE for m in topics)
        if topics:  # naming a lore topic is asking about it, however the question is put
            named_by_alias = any(m.score != DESCRIBED_SCORE for m in topics)
            floor_sim = TOPIC_FLOOR if named_by_alias else DESCRIBED_TOPIC_FLOOR
            # words no phrasing knows still count against it ("how do i train my beagle"),
            # except the topic's own words ("did jw4 win any awards")
            own = set().union(*(self.index.topic_words(m.targets[0].id) for m in topics))
            # nor do ordinary words no phrasing happens to use ("total ... across all films")
            vocabulary = self.classifier.vocabulary
            rest = [
                w
                for w in slotted
                if stem(w) not in own
                and (w in vocabulary or not (w in self._plain or w in _PLAIN_SCOPE or w.isdigit()))
            ]
            if len(rest) != len(slotted):
                coverage = self.classifier.scores_and_coverage(rest)[1] if rest else 1.0
            sims[Intent.LORE] = max(sims.get(Intent.LORE, 0.0), floor_sim * coverage**2)
        if any(m.described and r.kind == C for m, r in used):
            # a character described, however the question is put, is asked about
            sims[Intent.CHARACTER_INFO] = max(
                sims.get(Intent.CHARACTER_INFO, 0.0), DESCRIBED_CHARACTER_FLOOR
            )
        for intent in self._floored(rels.intents, named, context):
            sims[intent] = max(sims.get(intent, 0.0), RELATION_FLOOR)
        floor = PRUNE_RATIO * max(sims.values(), default=0.0)
        out = []
        for intent, sim in sims.items():
            if sim < floor:
                continue  # cannot win even if the best intent loses half for a missing slot
            given = named
            if q.placed and W not in named and intent in _PLACED:
                given = {**named, W: list(q.placed)}  # the works of the place named
            elif whole and REGISTRY[intent].per_work and REGISTRY[intent].of_all and W not in named:
                given = {**named, W: list(whole)}  # every film, as a whole
            elif anywhere and W not in named and _asks_of_a_work(spec(intent)):
                given = {**named, W: list(anywhere)}  # any of the works

            slots, missing, from_context, unused = _fill(
                spec(intent), given, context, pronoun_kinds, self.related, q.compared
            )
            if unresolved and not (slots.keys() & {P, C}):
                missing = (*missing, "person/character")  # "is she in chapter 4?" about whom?
            fit = self._relation_fit(
                intent, sim, rels, anchored, frozenset(named), words, q.compared
            )
            if intent is Intent.LORE and described and rels.intents:
                fit *= RELATION_CONFLICT  # "where was jw4 filmed" names the filming, no topic
            # "are all the films rated r" asks a fact of each film, not for the list
            listing = whole and REGISTRY[intent].direction is Direction.FRANCHISE
            counted = rels.asked is not None and REGISTRY[intent].answers is rels.asked
            if (
                listing
                and not counted
                and any(REGISTRY[i].per_work and REGISTRY[i].of_all for i in rels.intents)
            ):
                fit *= RELATION_CONFLICT
            if REGISTRY[intent].yes_no and q.asks_which:
                fit *= QUESTION_WORD_PENALTY  # "in which film does winston appear"
            ranks = _RANKED_BY.get(intent)
            if q.extreme and ranks is not None and q.extreme not in ranks:
                fit *= QUESTION_WORD_PENALTY  # "is ballerina the best one" is no runtime
            if (
                intent is Intent.CHARACTER_INFO
                and q.agent_verb
                and not self._tells_deed(q.agent_verb, slots.get(C, []))
            ):
                # "who gave john his dog": someone who did it, whom the description of the
                # one it was done to does not name
                fit *= QUESTION_WORD_PENALTY
            if intent in _RELEASES and q.rels.intents & _DATED_RELEASES:
                fit *= RELATION_CONFLICT  # "jw4 teaser release date": the trailer's date
            if intent in _RELEASES and q.polar and Intent.WHERE_TO_WATCH in q.rels.intents:
                fit *= RELATION_CONFLICT  # "did it come out on netflix": is it there, not when
            if q.story_place and intent in (Intent.TIMELINE, Intent.FILMING):
                fit *= RELATION_CONFLICT  # "where does chapter 2 take place": its places
            if (q.placed or q.story_place) and intent in (Intent.LIST_WORKS, Intent.WATCH_ORDER):
                fit *= RELATION_CONFLICT  # "what john wick film is set in japan": not all
            if intent is Intent.WHO_PLAYS and _placed_character(words, used):
                fit *= FOREIGN_SCOPE_PENALTY  # "who played the cop in john wick": not the hero
            if fit == 0.0:
                continue
            score = sim * quality * penalty * fit * (UNUSED_MENTION_PENALTY**unused)
            if from_context:
                score *= CONTEXT_FIT
            if not q.polar and self._unlinked(slots, named, optional_work):
                score *= UNLINKED_PENALTY  # "ruby rose john wick role": the franchise's
            if self._miscast(slots, used):
                score *= UNLINKED_PENALTY  # "unity phelan role in john wick": not the hero
            if missing:
                score *= 0.5
            out.append(_Candidate(intent, score, slots, missing, from_context, reading))
        return out

    def _unlinked(
        self,
        slots: dict[str, list[EntityRef]],
        named: dict[str, list[EntityRef]],
        franchise: bool,
    ) -> bool:
        """True when a person and a work the question names are not linked: they are in no
        credit or cast entry together ("jerome flynn john wick role": not the 2014 film), also
        when the person is the one talked about and the work's name may be the franchise's
        ("what role did he have in john wick")."""
        people, works = slots.get(P, ()), slots.get(W, ())
        if not people or not works or not named.get(W) or not (named.get(P) or franchise):
            return False
        return not any(w in self.related(p) for p in people for w in works)

    def _miscast(
        self, slots: dict[str, list[EntityRef]], used: list[tuple[Mention, EntityRef]]
    ) -> bool:
        """True when a person is read with a character they do not play, and the character's
        name may also mean a work ("john wick"): the reading the person is linked to wins.
        A name that means only a character ("did willem dafoe play winston") is a claim."""
        people, chars = slots.get(P, ()), slots.get(C, ())
        if not people or not chars:
            return False
        two_way = {r for m, r in used if r.kind == C and any(t.kind != C for t in m.targets)}
        return any(
            c in two_way and p not in self.hops.related_by(c, "actor")
            for p in people
            for c in chars
        )

    def _follow_up(
        self,
        mentions: list[Mention],
        reading: tuple[EntityRef | None, ...],
        context: Context,
        penalty: float,
    ) -> _Candidate | None:
        """ "And the first one?" repeats the last intent with the new thing."""
        assert context.intent is not None
        refs = [r for r in reading if r is not None]
        if not refs:
            return None
        needs = spec(context.intent)
        slots: dict[str, list[EntityRef]] = {}
        replaced = False
        for accepted in needs.required:
            new = next((r for r in refs if r.kind in accepted), None)
            if new is not None:
                slots.setdefault(new.kind, []).append(new)
                replaced = True
                continue
            # the last one talked about, of any kind it takes ("she": Sofia or Halle Berry)
            old = context.most_recent(tuple(sorted(accepted, key=_KIND_ORDER.__getitem__)))
            if old is None:
                return None
            slots.setdefault(old.kind, []).append(old)
        for ref in refs:  # an optional thing (e.g. a work after who_plays) replaces the old one
            if ref.kind in needs.optional and ref not in slots.get(ref.kind, []):
                slots.setdefault(ref.kind, []).insert(0, ref)
                replaced = True
        if not replaced:
            return None
        quality = min(m.score for m, r in zip(mentions, reading, strict=True) if r is not None)
        return _Candidate(
            context.intent, FOLLOW_UP_FIT * quality * penalty, slots, (), True, reading
        )


def _fill(
    needs: SlotSpec,
    named: dict[str, list[EntityRef]],
    context: Context,
    pronoun_kinds: list[str],
    related: Callable[[EntityRef], list[EntityRef]],
    compared: bool = False,
) -> tuple[dict[str, list[EntityRef]], tuple[str, ...], bool, int]:
    """Fill an intent's slots from the question, then from context.

    A work can also come from the person or character just discussed when they belong to
    a single work ("who plays eve?" ... "when did her movie come out?"). A question that
    compares fills its one slot with everyone it names ("who is older, keanu or ian").
    Returns (slots, kinds still missing, whether context was used, unused named things).
    """
    slots: dict[str, list[EntityRef]] = {}
    missing: list[str] = []
    from_context = False
    taken: set[EntityRef] = set()
    for accepted in needs.required:
        kinds = sorted(accepted, key=_KIND_ORDER.__getitem__)
        refs = [r for k in kinds for r in named.get(k, []) if r not in taken]
        if refs:
            kind = refs[0].kind
            # a work slot may take every named work ("when did jw1 and jw2 come out")
            same = [r for r in refs if r.kind == kind]
            every = (kind == W or compared) and len(needs.required) == 1
            chosen = same if every else refs[:1]
            slots.setdefault(kind, []).extend(chosen)
            taken.update(chosen)
            continue
        kinds = [k for k in pronoun_kinds if k in accepted] + kinds
        ref = next((context.latest(k) for k in kinds if context.latest(k)), None)
        if ref is None and W in accepted:
            ref = _single_work(context, pronoun_kinds, related)
        if ref is not None:
            slots.setdefault(ref.kind, []).append(ref)
            taken.add(ref)
            from_context = True
        else:
            missing.append("/".join(sorted(accepted)))
    for kind in pronoun_kinds:  # "is he directing it?": he fills the optional person
        ref = context.latest(kind)
        if kind in needs.optional and kind not in slots and kind not in named and ref:
            slots[kind] = [ref]
            taken.add(ref)
    unused = 0
    for kind, refs in named.items():
        for ref in refs:
            if ref in taken:
                continue
            if kind in needs.optional:
                slots.setdefault(kind, []).append(ref)
                taken.add(ref)
            else:
                unused += 1
    return slots, tuple(missing), from_context, unused


#: A character found by description: (span of its words, id, lead over the runner-up).
_Described = tuple[tuple[int, int], str, float]


#: Words after "or" that make what follows a lesser alternative ("or just directing").
_LESSER = frozenset({"just", "only", "simply", "merely"})


def _lesser_alternative(words: list[str]) -> set[int]:
    """Positions from "or just" to the end, when a question comes before it."""
    for i in range(1, len(words) - 2):
        if words[i] == "or" and words[i + 1] in _LESSER:
            return set(range(i, len(words)))
    return set()


#: Words that join names of the same kind ("chapter 3, chapter 4 and ballerina").
_CONJUNCTIONS = frozenset({"and", "or", "&"})


def _coordinated(words: list[str], m: Mention, others: list[Mention]) -> bool:
    """True when ``m`` is joined by "and"/"or" to a work named just before it."""
    return (
        m.start > 0
        and words[m.start - 1] in _CONJUNCTIONS
        and any(o.end == m.start - 1 and o.targets[0].kind == W for o in others)
    )


#: Verbs of "the movie set in paris", "the one shot in rome": a work named by its place.
_PLACING = frozenset({"set", "shot", "filmed"})
#: Intents a place may itself be asked for, beside a work named by its place.
_OF_PLACES = frozenset({Intent.PREMISE, Intent.FILMING})


def _work_by_place(
    words: list[str],
    places: list[tuple[int, int, tuple[str, ...]]],
    rels: Relations,
    works: tuple[EntityRef, ...],
) -> Mention | None:
    """The one work "the movie set in paris" names, as a mention of it, when something else
    is asked of it (a relation other than its places, or a question word that asks no place:
    "how long is the movie set in paris", "who directed the one shot in rome")."""
    if len(works) != 1:
        return None
    other = bool(rels.intents - _OF_PLACES) or rels.asked not in (None, Answers.PLACE)
    if not other:
        return None
    for i in range(len(words) - 2):
        if words[i] not in ANCHOR_NOUNS | {"one", "movie"} or words[i + 1] not in _PLACING:
            continue
        after = [end for start, end, _ in places if start in (i + 2, i + 3)]
        if after:
            start = i - (i > 0 and words[i - 1] == "the")
            return Mention(start, after[0], tuple(words[start : after[0]]), works, DESCRIBED_SCORE)
    return None


#: Words that place a request around the asker ("near me", "nearby", "in my area").
_NEARBY = frozenset({"nearby", "nearest", "closest"})
_NEAR_PAIRS = frozenset({("near", "me"), ("around", "me"), ("near", "here"), ("my", "area")})


def _nearby(words: list[str]) -> bool:
    """True for a local search ("ballet school near me", "closest cinema"): no film fact."""
    return bool(_NEARBY & set(words)) or any(p in _NEAR_PAIRS for p in itertools.pairwise(words))


#: Words before a work's name that ask for the one out right after or before it.
_NEIGHBOURS = {"after": "after", "before": "before", "following": "after", "preceding": "before"}


def _neighbour(words: list[str], mentions: list[Mention]) -> str | None:
    """ "after" or "before" when a question opening with what/which asks for the work out
    right after or before the one work it names ("what came out after chapter 2", "which
    film was released before ballerina"); None otherwise ("when did it come out after the
    delay" names no work after the word)."""
    if not words or words[0] not in ("what", "which", "whats"):
        return None
    works = [m for m in mentions if m.targets[0].kind == W]
    if len(works) != 1:
        return None
    at = works[0].start - (works[0].start > 0 and words[works[0].start - 1] == "the")
    return _NEIGHBOURS.get(words[at - 1]) if at > 0 else None


def _placed_character(words: list[str], used: list[tuple[Mention, EntityRef]]) -> bool:
    """True when a name after "in"/"for" that may name a work is read as a character ("who
    played the cop in john wick": the film, where someone else is played)."""
    return any(
        r.kind == C
        and m.start > 0
        and words[m.start - 1] in _WORK_PREPOSITIONS
        and any(t.kind == W for t in m.targets)
        for m, r in used
    )


def _clearly(found: _Described | None) -> bool:
    """True when a description fits one character clearly better than any other."""
    return found is not None and found[2] >= CHARACTER_DESCRIPTION_MIN


def _spanned(mentions: list[Mention]) -> set[int]:
    """The token positions the mentions cover."""
    return {i for m in mentions for i in range(m.start, m.end)}


#: Nouns after "a <person>" that make the person the work's director ("a stahelski film").
_AUTEUR_NOUNS = frozenset({"film", "films", "production", "joint"})


def _auteur(words: list[str], rels: Relations, mentions: list[Mention]) -> Relations:
    """ "is ballerina a chad stahelski film": a person's film is one they directed."""
    for m in mentions:
        if m.targets[0].kind != P or m.start == 0 or m.end >= len(words):
            continue
        if words[m.start - 1] in ("a", "an") and words[m.end] in _AUTEUR_NOUNS:
            return replace(rels, intents=rels.intents | {Intent.DIRECTOR})
    return rels


#: Nouns of a kind of work before "called" ("a film called ballerina").
_TITLED_NOUNS = ANCHOR_NOUNS | {"one", "spinoff", "game"}


def _titled(words: list[str], m: Mention) -> bool:
    """True for a work named after a noun of its kind and "called": "a film called
    ballerina", "the show named the continental"."""
    at = m.start - 1
    return (
        m.targets[0].kind == W
        and at >= 1
        and words[at] in _CALLING
        and words[at - 1] in _TITLED_NOUNS
    )


def _of_a_person(rels: Relations, mentions: list[Mention], polar: bool = False) -> Relations:
    """The cast or a list of works, named of a person and no work, asks for the person's
    works: the relation read the other way ("all john wick films starring ian mcshane",
    "list every movie with keanu in it"); asked yes or no, whether they are in them ("is
    winston in every john wick movie")."""
    kinds = {m.targets[0].kind for m in mentions}
    if W in kinds or not (P in kinds or (polar and C in kinds)):
        return rels
    listed = {
        i
        for i in rels.intents
        if REGISTRY[i].direction is Direction.FRANCHISE and REGISTRY[i].answers is Answers.WORKS
    }
    if not listed and Intent.CAST not in rels.intents:
        return rels
    asked = Intent.ACTOR_IN_WORK if polar else Intent.PERSON_WORKS
    return replace(rels, intents=(rels.intents - listed) | {asked})


#: Words that ask when a story is set, or where in the saga ("where does it fit in the
#: timeline"), not where it goes.
_WHEN_WORDS = frozenset(
    "when year years decade era time timeline chronology chronological chronologically fit "
    "fits order before after between prequel sequel".split()
)
#: A work's own release, and the release of its trailer, which has its own date ("the trailer
#: release date" is the trailer's, not the work's).
_RELEASES = frozenset({Intent.RELEASE_DATE, Intent.COUNTDOWN})
_DATED_RELEASES = frozenset({Intent.TRAILER})
#: Intents a place named asks of the works it belongs to.
_PLACED = frozenset({Intent.PREMISE, Intent.FILMING})
#: Words that say a story goes somewhere ("set in", "takes place in", "goes to").
_SETTING_WORDS = frozenset(
    "set place places happen happens happened go goes travel travels visit visits".split()
)


def _predicated(words: list[str], mentions: list[Mention]) -> list[Mention]:
    """ "is the continental a prequel series": a second name of the work named, after "a",
    says what it is claimed to be; its words ask ("prequel"), it names nothing more."""
    out = list(mentions)
    for a, b in itertools.pairwise(mentions):
        same = a.targets[0] == b.targets[0] and a.targets[0].kind == W
        if same and b.start > 0 and words[b.start - 1] in ("a", "an") and b in out:
            out.remove(b)
    return out


def _valued_work(words: list[str], mentions: list[Mention], rels: Relations) -> list[Mention]:
    """ "who sings eye for an eye": a value of one work's relation names that work, when the
    question names none, or names only the franchise ("eye for an eye singer john wick")."""
    named = [m for m in mentions if m.targets[0].kind == W]
    if any(m.key != FRANCHISE_NAME for m in named):
        return mentions
    for start, end, works in rels.value_works:
        if len(works) == 1:
            ref = EntityRef(W, next(iter(works)))
            key = tuple(words[start:end])
            found = Mention(start, end, key, (ref,), DESCRIBED_SCORE, described=True)
            kept = [m for m in mentions if m not in named]
            return sorted([*kept, found], key=lambda m: m.start)
    return mentions


def _defining(words: list[str], mentions: list[Mention]) -> bool:
    """ "what is a marker": a question asking only what the named thing is (a topic)."""
    covered = _spanned(mentions)
    start, _ = question_start(words)
    rest = [w for i, w in enumerate(words) if i not in covered and i >= start]
    topics = all(m.targets[0].kind == T for m in mentions)
    return topics and bool(rest) and rest[0] == "what" and set(rest) <= _DEFINING


_DEFINING = frozenset("what is a an are s exactly".split())


def _heads(words: list[str], mentions: list[Mention]) -> list[Mention]:
    """ "viggo's brother abram": the brother is asked about, Viggo only says which one."""
    out = list(mentions)
    for a, b in itertools.pairwise(mentions):
        people = a.targets[0].kind in (P, C) and b.targets[0].kind in (P, C)
        if people and b.start == a.end + 1 and words[a.end] in _KIN and a in out:
            out.remove(a)
    return out


#: Words between two people's names that make the second the one meant ("viggo's son iosef").
_KIN = frozenset(
    "brother sister son daughter wife husband father mother dad mom boss friend partner".split()
)


def _asks_of_a_work(needs: SlotSpec) -> bool:
    """True when an intent needs a work besides someone ("is <person> in <work>")."""
    return len(needs.required) > 1 and any(accepted == {W} for accepted in needs.required)


def _kin(intent: Intent, named: Intent) -> bool:
    """True when naming ``named``'s relation also fits ``intent``: the same family, but
    not two different credits ("the action director" is the stunts, not the director)."""
    credits = REGISTRY[intent].credit is not None and REGISTRY[named].credit is not None
    return same_family(intent, named) and not (credits and intent is not named)


#: Verbs after "who" that ask who did something, not who someone is or who plays them.
_DEEDS = frozenset("gave shot stole took sent made told sold bought hit beat broke".split())
_NO_DEEDS = frozenset(
    "played portrayed voiced starred featured appeared directed produced wrote composed".split()
)


def _agent_verb(words: list[str]) -> str | None:
    """ "who killed eve's father" -> "killed": a deed whose doer is asked for."""
    if len(words) < 3 or words[0] != "who":
        return None
    verb = words[1]
    if verb in _NO_DEEDS or not (verb in _DEEDS or (verb.endswith("ed") and len(verb) > 4)):
        return None
    return verb


#: The superlatives each ranked measure is asked with ("the longest" is a runtime, "the best"
#: the reviews).
_RANKED_BY = {
    Intent.RUNTIME: frozenset({"longest", "shortest", "most", "least"}),
    Intent.BUDGET: frozenset(
        {"biggest", "largest", "highest", "lowest", "smallest", "cheapest", "most", "least", "top"}
    ),
    Intent.BOX_OFFICE: frozenset(
        {"biggest", "largest", "highest", "lowest", "smallest", "most", "least", "top"}
        | {"best", "worst"}
    ),
    Intent.SCORES: frozenset({"best", "worst", "highest", "lowest", "top", "most", "least"}),
}
#: Words that open a concession ("even though he died"), alone or after "even".
_CONCEDING = frozenset({"although", "despite", "though"})


def _concession(words: list[str]) -> int:
    """Where a concession after the question starts (its length when there is none)."""
    for i, word in enumerate(words):
        if i == 0 or len(words) - i < 3:
            continue
        if word in _CONCEDING or (word == "even" and words[i + 1] in ("though", "if")):
            return i
    return len(words)


#: Words between a person and "from" in "the guy from <something>".
_PERSON_NOUNS = PERFORMERS | {"the", "a", "that", "guys"}
#: Words before a thing that count it in ("including the continental").
_COUNTED_IN = frozenset({"including", "plus"})


def _including(words: list[str], m: Mention) -> bool:
    """True for "ballerina included", "including the continental": a thing counted in."""
    after = words[m.end] if m.end < len(words) else ""
    before = words[m.start - 1] if m.start > 0 else ""
    return after in ("included", "inclusive") or before in _COUNTED_IN


def _excluding(words: list[str], start: int) -> bool:
    """True when the name at ``start`` follows "besides", "except", "other than"..."""
    before = tuple(words[max(0, start - 2) : start])
    return bool(before) and (before[-1] in _EXCLUDERS or before in _EXCLUDER_PAIRS)


def _single_work(
    context: Context,
    pronoun_kinds: list[str],
    related: Callable[[EntityRef], list[EntityRef]],
) -> EntityRef | None:
    """The one work the person or character a pronoun points at belongs to, if only one."""
    people = [r for k in pronoun_kinds if k in (P, C) and (r := context.latest(k))]
    for ref in people:
        works = related(ref)
        if len(works) == 1:
            return works[0]
    return None


#: Words that keep "other"/"else" inside the franchise ("what other john wick films...").
_INSIDE = frozenset({"franchise", "series", "universe", "saga", "john", "wick"})


def _beyond(words: list[str], mentions: list[Mention], excluded: tuple[EntityRef, ...]) -> bool:
    """ "what other movies has keanu been in", "what else has he been in besides john wick",
    "what is ian mcshane famous for besides winston": work outside the franchise (no work of
    ours named, none but the excluded)."""
    if any(r.kind == W for m in mentions for r in m.targets):
        return False
    set_aside = any(r.kind in (W, C) for r in excluded)  # his film or his role set aside
    if {"other", "else"} & set(words):
        return not set(words) & _INSIDE or set_aside
    return set_aside


def _of_person(cand: _Candidate) -> bool:
    """A person's works, or their credits of one kind, with no work of ours asked of."""
    person_works = cand.intent is Intent.PERSON_WORKS or REGISTRY[cand.intent].credit is not None
    return person_works and P in cand.slots and W not in cand.slots


def _required_refs(cand: _Candidate) -> list[EntityRef]:
    kinds = {k for accepted in spec(cand.intent).required for k in accepted}
    return [r for k, refs in sorted(cand.slots.items()) if k in kinds for r in refs]


def _reads_less(a: _Candidate, b: _Candidate) -> bool:
    """True when ``a`` asks ``b``'s question of a strict part of what ``b`` fills."""
    if a.intent != b.intent or a.missing or b.missing:
        return False
    filled = {r for refs in b.slots.values() for r in refs}
    return {r for refs in a.slots.values() for r in refs} < filled


def _differs(a: _Candidate, b: _Candidate) -> bool:
    """True when two candidates would give different answers."""
    if a.intent == b.intent:
        # the same question about the same things; an optional extra doesn't change much
        return _required_refs(a) != _required_refs(b)
    if a.reading != b.reading and a.slots != b.slots:
        return True
    return not same_family(a.intent, b.intent)
