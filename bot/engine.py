"""The question-answering engine: text in, structured :class:`Answer` out.

Plain Python (no discord): the Discord cogs and the CLI are thin adapters over it.
"""

from __future__ import annotations

import datetime as dt
from collections import OrderedDict
from collections.abc import Callable, Hashable, Sequence
from dataclasses import dataclass, field, replace

from bot.answers.base import Composed, without_verdict
from bot.answers.brevity import brief
from bot.answers.compose import HELP_TEXT, Composer, Request
from bot.answers.model import Answer, Card, Choice
from bot.clock import Clock, utc_now
from bot.facts.knowledge import CREDIT_ROLES, KnowledgeBase
from bot.facts.schema import Status
from bot.intents import Intent, spec
from bot.nlu.claims import CLAIM_WORDS, POLAR_STARTS
from bot.nlu.classify import IntentClassifier
from bot.nlu.entities import EntityIndex, EntityRef
from bot.nlu.normalise import tokens
from bot.nlu.relations import RelationIndex
from bot.nlu.understand import FOREIGN_WORD_PENALTY, Context, Interpretation, Understander
from bot.nlu.words import BACK_REFERENCES, clauses, statement_and_question

DECLINE_TEXT = (
    "I don't know that one. I can answer questions about the John Wick films, The Continental "
    "and the announced projects: release dates, cast, directors, ratings, runtimes, box office, "
    "lore and trivia. Try “when did Ballerina come out?” or “who plays Winston?”"
)
#: Discord's limit for an embed's description.
CARD_TEXT_LIMIT = 4096
#: Said after "I don't have the editor of Chapter 4 in my notes.", by what was asked about.
LACKING_HINT = (
    "I can tell you its release date, cast, director, writers, rating, runtime, box office and "
    "more: try “who directed it?”."
)
LACKING_HINTS = {
    "work": LACKING_HINT,
    "person": "I can tell you their roles in the franchise and what they are known for.",
    "character": "I can tell you who plays them and where they appear.",
}
#: The intent that describes one thing of each kind (``!winston``, buttons, ``Engine.about``).
ABOUT_INTENT = {
    "work": Intent.OVERVIEW,
    "character": Intent.CHARACTER_INFO,
    "person": Intent.PERSON_WORKS,
    "topic": Intent.LORE,
}
_KIND_WORDS = {
    "work": "film or series",
    "person": "person",
    "character": "character",
    "topic": "topic",
}


def relation_values(kb: KnowledgeBase) -> dict[Intent, list[tuple[str, str]]]:
    """Values of relations that name their relation (and work) when a question says them:
    song titles and artists name the soundtrack ("who sings eye for an eye")."""
    tracks = [(t, work.id) for work in kb.works.values() for t in work.soundtrack]
    songs = [(t.title, w) for t, w in tracks] + [(t.artist, w) for t, w in tracks if t.artist]
    return {Intent.SOUNDTRACK: songs}


@dataclass
class Conversation:
    """One conversation's memory for follow-ups; forgotten after ``ttl`` of silence."""

    ttl: dt.timedelta = dt.timedelta(minutes=5)
    context: Context = field(default_factory=Context)
    last_at: dt.datetime | None = None

    def copy(self) -> Conversation:
        """An independent copy, to try a question without committing to it."""
        context = Context(self.context.intent, list(self.context.recent))
        return Conversation(self.ttl, context, self.last_at)

    def adopt(self, other: Conversation) -> None:
        """Take over the state of ``other`` (a copy that was answered after all)."""
        self.context, self.last_at = other.context, other.last_at

    def current(self, now: dt.datetime) -> Context:
        """The context, reset first if the conversation went quiet for too long."""
        if self.last_at is not None and now - self.last_at > self.ttl:
            self.context = Context()
        return self.context


class ConversationStore:
    """Conversations by key (e.g. channel and user), least recently used dropped first."""

    def __init__(self, ttl: dt.timedelta, max_size: int = 10_000) -> None:
        self.ttl = ttl
        self.max_size = max_size
        self._items: OrderedDict[Hashable, Conversation] = OrderedDict()

    def get(self, key: Hashable) -> Conversation:
        """The conversation for ``key`` (created on first use)."""
        conv = self._items.pop(key, None) or Conversation(self.ttl)
        self._items[key] = conv
        while len(self._items) > self.max_size:
            self._items.popitem(last=False)
        return conv

    def __len__(self) -> int:
        return len(self._items)


class Engine:
    """Answers questions from one knowledge base; build a new Engine to reload."""

    def __init__(self, kb: KnowledgeBase, clock: Clock = utc_now) -> None:
        self.kb = kb
        self.clock = clock
        self.classifier = IntentClassifier(kb.intents)
        self.relations = RelationIndex(kb.intents, kb.lacking, relation_values(kb))
        self.index = EntityIndex(
            kb,
            self.classifier.vocabulary,
            self.relations.words | CLAIM_WORDS,
            self.relations.lacking_words,
        )
        self.understander = Understander(
            self.index, self.classifier, self._works_of, self.relations, self._credited_on, kb.works
        )
        self.composer = Composer(kb)

    def _discussed(self, interp: Interpretation) -> list[EntityRef]:
        """What an answer was about, plus the actor or role it named ("he" may mean either)."""
        refs = list(interp.entities)
        for ref in list(refs):
            if ref.kind == "character" and interp.intent in (
                Intent.WHO_PLAYS,
                Intent.CHARACTER_INFO,
            ):
                cast = self.kb.cast_by_character.get(ref.id, [])
                main = [e.person for _, e in cast if e.note is None] or [e.person for _, e in cast]
                refs += [EntityRef("person", p) for p in dict.fromkeys(main)][:1]
            if ref.kind == "person" and interp.intent is Intent.ACTOR_ROLE:
                roles = self.kb.roles_by_person.get(ref.id, [])
                chars = [r.character.id for r in roles if r.character is not None]
                refs += [EntityRef("character", c) for c in dict.fromkeys(chars)][:1]
        return refs

    def _credited_on(self, ref: EntityRef, role: str) -> list[EntityRef]:
        """The works a person has ``role`` on ("actor", "director"...), in release order;
        for a character, the people who play them; for a work, the people with ``role``."""
        if ref.kind == "character":  # those credited plainly as the character first
            cast = self.kb.cast_by_character.get(ref.id, [])
            people = [c.person for _, c in sorted(cast, key=lambda wc: wc[1].note is not None)]
            return [EntityRef("person", p) for p in dict.fromkeys(people)]
        if ref.kind == "work":  # the people credited with ``role`` on a work
            work = self.kb.works[ref.id]
            if role == "actor":
                people = [c.person for c in work.cast]
            else:
                fields = [f for f, noun in CREDIT_ROLES.items() if noun == role]
                people = [c.person for f in fields for c in getattr(work, f)]
            return [EntityRef("person", p) for p in dict.fromkeys(people)]
        works = [r.work.id for r in self.kb.roles_by_person.get(ref.id, []) if r.role == role]
        return [EntityRef("work", w) for w in dict.fromkeys(works)]

    def _works_of(self, ref: EntityRef) -> list[EntityRef]:
        """The works a person or character appears in or is credited on."""
        if ref.kind == "person":
            works = [r.work.id for r in self.kb.roles_by_person.get(ref.id, [])]
        elif ref.kind == "character":
            works = [w.id for w, _ in self.kb.cast_by_character.get(ref.id, [])]
        else:
            return []
        return [EntityRef("work", w) for w in dict.fromkeys(works)]

    def ask(
        self,
        question: str,
        now: dt.datetime | None = None,
        conversation: Conversation | None = None,
    ) -> Answer:
        """Answer ``question`` as of ``now`` (default: the engine's clock).

        Two questions joined by "and" ("who directed parabellum and how long is it") are
        answered in turn, the second in the conversation of the first, when both can be;
        else the message is read as one question.
        """
        now = now or self.clock()
        parts = clauses(question)
        if len(parts) > 1:
            joint = self._ask_each(question, parts, now, conversation)
            if joint is not None:
                return joint
        answer = self._ask_one(question, now, conversation)
        if not answer.answered and not answer.choices:
            later = self._after_statement(question, now, conversation)
            return later or self._false_premise(question, now, conversation) or answer
        return answer

    def _false_premise(
        self, question: str, now: dt.datetime, conversation: Conversation | None
    ) -> Answer | None:
        """ "why does keanu reeves star in the continental": Wickbot has no reasons, but when
        what the question takes for granted is false, the yes/no question it rests on is
        answered ("No: Keanu Reeves is not in the cast of The Continental")."""
        words = tokens(question)
        if len(words) < 3 or words[0] != "why" or words[1] not in POLAR_STARTS:
            return None
        # true, or unknown: why it is so is not in the notes
        return self._read_as(
            question, " ".join(words[1:]), now, conversation, (), lambda a: a.text.startswith("No")
        )

    def _read_as(
        self,
        question: str,
        text: str,
        now: dt.datetime,
        conversation: Conversation | None,
        talked_about: Sequence[EntityRef],
        fits: Callable[[Answer], bool],
    ) -> Answer | None:
        """``question`` answered as ``text``, in a trial of the conversation that has just
        talked about ``talked_about``: kept (and the conversation moved on) only when it is
        answered and ``fits``."""
        trial = conversation.copy() if conversation is not None else Conversation()
        if talked_about:
            trial.context.remember(None, list(talked_about))
        answer = self._ask_one(text, now, trial)
        if not answer.answered or not fits(answer):
            return None
        if conversation is not None:
            conversation.adopt(trial)
        return replace(answer, question=question)

    def _after_statement(
        self, question: str, now: dt.datetime, conversation: Conversation | None
    ) -> Answer | None:
        """ "bill skarsgard was creepy in jw4, who was he playing": the statement names what
        the question's pronoun means. Tried only on a message declined as a whole; answered
        only when the statement names franchise things and nothing else, exactly one of them
        of the kind the pronoun may mean, and the answer is about that one."""
        split = statement_and_question(tokens(question))
        if split is None:
            return None
        said, asked, pronoun = split
        heard = self.understander.understand(" ".join(said))
        if any(len(m.targets) != 1 for m in heard.mentions):
            return None  # a name read two ways: which one "he" means is a guess
        named = [m.targets[0] for m in heard.mentions]
        # a word that extends a name is another thing ("winston churchill was great"); an
        # opinion is not ("donnie yen is awesome", a word foreign but plain)
        scoped = heard.penalty < FOREIGN_WORD_PENALTY ** len(heard.foreign) - 1e-9
        meant = [r for r in named if r.kind in BACK_REFERENCES[pronoun]]
        if not meant and "character" in BACK_REFERENCES[pronoun]:
            # "i thought the sushi chef guy was hilarious, who played him": a character
            # described; the opinion's words describe no one
            meant = self._described(said, heard, asked)
        if scoped or len(dict.fromkeys(meant)) != 1:
            return None
        talked_about = [meant[0], *(r for r in named if r != meant[0])]
        return self._read_as(
            question,
            " ".join(asked),
            now,
            conversation,
            talked_about,
            lambda a: str(meant[0]) in a.entities,
        )

    def _described(
        self, said: list[str], heard: Interpretation, asked: list[str]
    ) -> list[EntityRef]:
        """The character a statement describes (none, or one), among the works it names."""
        skip = {i for m in heard.mentions for i in range(m.start, m.end)}
        skip |= {i for i, w in enumerate(said) if w in heard.foreign}
        works = frozenset(r.id for m in heard.mentions for r in m.targets if r.kind == "work")
        acted = Intent.WHO_PLAYS in self.understander.relations.read(asked, set()).intents
        ref = self.understander.described_character(said, skip, works, acted)
        return [ref] if ref is not None else []

    def _ask_each(
        self,
        question: str,
        parts: list[str],
        now: dt.datetime,
        conversation: Conversation | None,
    ) -> Answer | None:
        """One answer to each part, or None when a part gets none."""
        trial = conversation.copy() if conversation is not None else Conversation()
        answers = []
        for part in parts:
            answers.append(self._ask_one(part, now, trial))
            # the next part may say "it" of what this one named, but is no follow-up of it
            # ("who plays winston and what is the continental": not who plays him there)
            trial.context.intent = None
        if not all(a.answered for a in answers):
            return None
        if conversation is not None:
            conversation.adopt(trial)
        first = answers[0]
        spoilers = [a.spoiler for a in answers if a.spoiler]
        return replace(
            first,
            question=question,
            text="\n".join(a.text for a in answers),
            confidence=min(a.confidence for a in answers),
            entities=tuple(dict.fromkeys(e for a in answers for e in a.entities)),
            sources=tuple(dict.fromkeys(s for a in answers for s in a.sources)),
            spoiler="; ".join(spoilers) if spoilers else None,
        )

    def _ask_one(
        self, question: str, now: dt.datetime, conversation: Conversation | None
    ) -> Answer:
        context = conversation.current(now) if conversation else Context()
        interp = self.understander.understand(question, context)
        answer = self._answer(question, interp, now)
        if conversation is not None:
            if answer.answered or interp.missing:
                conversation.context.remember(interp.intent, self._discussed(interp))
            conversation.last_at = now
        return answer

    def answer_for(
        self,
        intent: Intent,
        refs: Sequence[EntityRef] = (),
        now: dt.datetime | None = None,
        conversation: Conversation | None = None,
    ) -> Answer:
        """Answer a request that is already structured (a slash command, a button).

        Declines when ``refs`` do not fit what ``intent`` needs (e.g. a director for a topic).
        """
        now = now or self.clock()
        slots: dict[str, list[EntityRef]] = {}
        for ref in dict.fromkeys(refs):
            if self.index.display.get(ref) is not None:
                slots.setdefault(ref.kind, []).append(ref)
        needs = spec(intent)
        allowed = needs.kinds
        fits = all(any(kind in slots for kind in accepted) for accepted in needs.required)
        fits = fits and all(kind in allowed for kind in slots)
        named = " ".join(str(r) for r in refs)
        question = f"{intent.value} {named}".strip()
        interp = Interpretation(intent, 1.0 if fits else 0.0, slots if fits else {}, [], [])
        if not fits:
            interp.intent = None
        answer = self._answer(question, interp, now)
        if conversation is not None:
            conversation.current(now)
            if answer.answered:
                conversation.context.remember(intent, interp.entities)
            conversation.last_at = now
        return answer

    def about(
        self,
        ref: EntityRef,
        now: dt.datetime | None = None,
        conversation: Conversation | None = None,
    ) -> Answer:
        """Everything about one thing, always with a card when the thing exists."""
        answer = self.answer_for(ABOUT_INTENT[ref.kind], [ref], now, conversation)
        if answer.answered and answer.card is None:
            answer = replace(answer, card=self.card(ref, now))
        return answer

    def card(self, ref: EntityRef, now: dt.datetime | None = None) -> Card | None:
        """The card for one work, character or topic (for ``!ballerina``-style commands)."""
        today = (now or self.clock()).date()
        if ref.kind == "work" and ref.id in self.kb.works:
            return self.composer.work_card(self.kb.works[ref.id], today)
        intent = ABOUT_INTENT.get(ref.kind)
        if intent is None or ref not in self.index.display:
            return None
        composed = self.composer.compose(Request(intent, {ref.kind: [ref]}, today))
        return composed.card or Card(title=self.index.name_of(ref), description=composed.text)

    def _answer(self, question: str, interp: Interpretation, now: dt.datetime) -> Answer:
        declined = Answer(
            question=question,
            answered=False,
            text=DECLINE_TEXT,
            intent=interp.intent.value if interp.intent else None,
            confidence=interp.confidence,
        )
        if interp.unknown_sequel is not None:
            return self._unknown_sequel(declined, interp, now)
        if interp.lacking is not None:
            return replace(declined, text=self._lacking_text(*interp.lacking))
        if interp.choices:
            labels = tuple(Choice(str(r), self._label(r)) for r in interp.choices)
            text = f"Do you mean {' or '.join(c.label for c in labels)}?"
            refs = tuple(str(r) for r in interp.choices)
            return replace(declined, text=text, choices=labels, entities=refs)
        askable = interp.missing and "topic" not in interp.missing  # "which topic?" helps nobody
        if interp.intent is not None and askable and not interp.foreign:
            # each kind once ("which person do you mean", not "which person and which person")
            kinds = list(dict.fromkeys(_KIND_WORDS.get(k.split("/")[0], k) for k in interp.missing))
            text = (
                f"Which {' and which '.join(kinds)} do you mean? For example: "
                "“who directed Chapter 4?” or “who plays Winston?”"
            )
            return replace(declined, text=text)
        if not interp.answerable or interp.intent is None:
            return declined
        if interp.intent is Intent.HELP:
            return replace(declined, answered=True, text=HELP_TEXT)
        alias_used = {
            ref: " ".join(m.key) for m in interp.mentions if not m.described for ref in m.targets
        }
        words = tuple(interp.words)
        req = Request(
            interp.intent,
            interp.slots,
            now.date(),
            interp.years,
            alias_used,
            words,
            interp.claims,
            frozenset(r.id for r in interp.excluded),
            interp.whole,
            interp.asked,
            interp.places,
            found=interp.found,
            beyond=interp.beyond,
        )
        composed = self.composer.compose(req)
        if interp.also is not None:  # "who directed and wrote ballerina": both, in turn
            second = self.composer.compose(replace(req, intent=interp.also))
            if not second.lacking or composed.lacking:
                composed = replace(
                    composed,
                    text=f"{composed.text}\n{second.text}",
                    sources=list(dict.fromkeys([*composed.sources, *second.sources])),
                    lacking=composed.lacking and second.lacking,
                )
        news = self._told_by_news(req, interp, composed)
        if news is not None:  # "has under the high table found a network": its latest news
            composed = news
            declined = replace(declined, intent=Intent.STATUS.value)
        text = composed.text
        if interp.claims.polar and interp.claims.negated:
            # "is keanu not in the continental": a bare Yes or No would be read two ways;
            # the fact stated is not
            text = without_verdict(text)
        if composed.lacking:
            about = self._about(interp)
            hint = LACKING_HINTS.get(about[0].kind, LACKING_HINT) if about else LACKING_HINT
            return replace(
                declined,
                text=f"{text} {hint}",
                entities=tuple(str(r) for r in self._about(interp)),
                sources=tuple(composed.sources),
            )
        if composed.spoiler:
            text = f"Spoiler warning ({composed.spoiler}): {text}"
        about = self._about(interp)
        card = composed.card
        # the sentences kept answer what the question asks, not the names it repeats
        named = {i for m in interp.mentions for i in range(m.start, m.end)}
        short = brief(text, [w for i, w in enumerate(interp.words) if i not in named])
        if short != text and card is None:  # the card keeps what the chat answer leaves out
            title = self.index.name_of(about[0]) if about else "Wickbot"
            card = Card(title=title, description=text[:CARD_TEXT_LIMIT])
        return replace(
            declined,
            answered=True,
            text=short,
            entities=tuple(str(r) for r in about),
            sources=tuple(composed.sources),
            card=card,
            spoiler=composed.spoiler,
        )

    def _told_by_news(
        self, req: Request, interp: Interpretation, composed: Composed
    ) -> Composed | None:
        """A fact not known yet of one announced work, which a relation word of the question
        names and its latest news speaks of ("has the under the high table show found a
        network": the news says the producers are negotiating with a network): what is
        missing, then the status. None otherwise (the fact is simply lacking)."""
        works = interp.slots.get("work", [])
        if (
            not composed.lacking
            or interp.intent is None
            or len(works) != 1
            or len(interp.slots) != 1
        ):
            return None
        work = self.kb.works.get(works[0].id)
        if work is None or work.status is Status.RELEASED or not work.status_note:
            return None
        note = set(tokens(work.status_note))
        asked = set(interp.words)
        phrasings = self.kb.intents.get(interp.intent.value)
        named = [
            set(tokens(phrase))
            for phrase in (phrasings.relation if phrasings is not None else ())
            if "+" not in phrase
        ]
        if not any(words and words <= asked and words <= note for words in named):
            return None
        status = self.composer.compose(replace(req, intent=Intent.STATUS))
        if status.lacking:
            return None
        text = f"{composed.text} {without_verdict(status.text)}"
        sources = list(dict.fromkeys([*status.sources, *composed.sources]))
        return replace(status, text=text, sources=sources)

    def _about(self, interp: Interpretation) -> list[EntityRef]:
        """What an answer is about: its slots, the people it went through, and the people a
        lore topic concerns."""
        refs = [*interp.entities, *interp.via]
        for ref in interp.slots.get("topic", []):
            topic = self.kb.topics.get(ref.id)
            for related in topic.related if topic else ():
                kind, _, ident = related.partition(":")
                if kind in ("person", "character"):
                    refs.append(EntityRef(kind, ident))
        return list(dict.fromkeys(refs))

    def _label(self, ref: EntityRef) -> str:
        name = self.index.name_of(ref)
        if ref.kind == "work":
            work = self.kb.works[ref.id]
            return f"the {work.medium or work.kind.value} {self.composer.label(work)}"
        return f"the {ref.kind} {name}"

    def _lacking_text(self, relation: str, about: EntityRef | None) -> str:
        """ "I don't have what camera Chapter 4 was shot on in my notes." plus what it can do."""
        noun = self.kb.lacking[relation].noun
        name = self.index.name_of(about) if about is not None else "that"
        if "{name}" in noun:
            what = noun.format(name=name)
        else:
            what = f"the {noun} of {name}" if about is not None else f"the {noun}"
        hint = LACKING_HINTS.get(about.kind, LACKING_HINT) if about else LACKING_HINT
        return f"I don't have {what} in my notes. {hint}"

    def _unknown_sequel(self, declined: Answer, interp: Interpretation, now: dt.datetime) -> Answer:
        """ "john wick 7": no such sequel, here is what is coming. "ballerina 2": a work with
        no numbered sequels at all gets its own status, which says what is known of a sequel.
        """
        mention = interp.unknown_sequel
        assert mention is not None
        words = interp.words
        tail = words[mention.end : mention.end + 2]
        number = next((w for w in tail if w.isdigit()), "")
        work = next(r for r in mention.targets if r.kind == "work")
        asked = f"{self.index.name_of(work)} {number}".strip()
        if not self._has_numbered_sequels(work):
            status = self.composer.compose(Request(Intent.STATUS, {"work": [work]}, now.date()))
            return replace(
                declined,
                answered=True,
                intent=Intent.STATUS.value,
                text=f"I don't know of a “{asked}”. {status.text}",
                entities=(str(work),),
                sources=tuple(status.sources),
            )
        coming = self.composer.upcoming(Request(Intent.UPCOMING, {}, now.date())).text
        return replace(declined, text=f"I don't know of a “{asked}”. {coming}")

    def _has_numbered_sequels(self, ref: EntityRef) -> bool:
        """True when some name is this work's name plus a number ("john wick 2")."""
        base = tuple(tokens(self.index.name_of(ref)))
        return any(
            len(key) == len(base) + 1
            and key[: len(base)] == base
            and key[-1].isdigit()
            and len(key[-1]) <= 2  # a sequel number, not a year
            for key in self.index.names
        )
