"""When Wickbot answers a plain message: the answer policy, free of Discord.

Answered: messages addressed to Wickbot (mentions, DMs, replies to it) and questions in a
server's Q&A channels (the engine's "I don't know" included); in ``auto`` mode also, anywhere,
a confident answer to a question that names something from the franchise. Everything else gets
silence. A per-channel budget keeps one flooding channel from taking every answer the process
can give: past it, that channel gets silence for a while and the others are unaffected.
"""

from __future__ import annotations

import re
import time
from collections.abc import Callable, Hashable, Iterable
from dataclasses import dataclass
from enum import StrEnum

from bot.answers.model import Answer
from bot.intents import Intent
from bot.storage.base import AnswerMode, GuildSettings

#: In ``auto`` mode, unaddressed questions are answered only from this confidence up.
AUTO_MIN_CONFIDENCE = 0.6
#: Intents about the franchise as a whole: they need not name a film to be on topic.
FRANCHISE_WIDE = frozenset(
    {Intent.WATCH_ORDER, Intent.UPCOMING, Intent.LIST_WORKS, Intent.COUNT_WORKS}
)
#: How an unaddressed message must start (or end with "?") to count as a question.
QUESTION_START = re.compile(
    r"^\W*(who|whom|whose|what|whats|when|where|which|why|how|is|are|was|were|do|does|did|"
    r"can|could|will|would|should|has|have|any|anyone|tell me|list)\b",
    re.IGNORECASE,
)
#: Answers one channel may get in a burst (a busy Q&A channel: 30 people asking at once),
#: then one more per CHANNEL_REFILL seconds: a channel flooded with 1,000 messages in 10 s
#: gets at most 130 answers, however many people flood it, and the engine skips its chatter.
CHANNEL_BURST = 30
CHANNEL_REFILL = 0.1


def looks_like_question(text: str) -> bool:
    """A question mark or a question word first: "who plays winston", "ballerina out yet?"."""
    stripped = text.strip()
    return stripped.endswith("?") or bool(QUESTION_START.match(stripped))


def worth_volunteering(answer: Answer, text: str) -> bool:
    """Whether an unaddressed message deserves an answer in ``auto`` mode."""
    on_topic = bool(answer.entities) or answer.intent in FRANCHISE_WIDE
    return (
        answer.answered
        and not answer.choices
        and answer.confidence >= AUTO_MIN_CONFIDENCE
        and on_topic
        and looks_like_question(text)
    )


class Route(StrEnum):
    """What to do with a plain message before the engine has seen it."""

    IGNORE = "ignore"  # not for Wickbot: don't even ask the engine
    ANSWER = "answer"  # addressed (or in a Q&A channel): always reply, "I don't know" included
    VOLUNTEER = "volunteer"  # auto mode: reply only if worth_volunteering


def is_plain(text: str, prefix: str) -> bool:
    """Not empty and not a command (the command handlers take those)."""
    return bool(text.strip()) and not text.startswith(prefix)


def needs_settings(text: str, prefix: str, addressed: bool) -> bool:
    """Whether :func:`route` needs the server's settings (read them only then)."""
    return is_plain(text, prefix) and not addressed


def route(
    text: str,
    *,
    prefix: str,
    addressed: bool,
    settings: GuildSettings | None,
    channels: Iterable[int | None] = (),
) -> Route:
    """Where a message stands, before the engine has seen it.

    ``addressed``: a DM, a mention of Wickbot or a reply to it. ``settings``: the server's, or
    None when :func:`needs_settings` says they are not needed. ``channels``: the message's
    channel and, for a thread, its parent.
    """
    if not is_plain(text, prefix):
        return Route.IGNORE
    if addressed or settings is None:
        return Route.ANSWER
    if settings.answer_mode is AnswerMode.MENTION:
        return Route.IGNORE
    if settings.qa_channels.intersection(channels):
        return Route.ANSWER
    return Route.VOLUNTEER if settings.answer_mode is AnswerMode.AUTO else Route.IGNORE


def should_reply(chosen: Route, answer: Answer, text: str) -> bool:
    """After the engine answered: reply, or stay quiet."""
    if chosen is Route.ANSWER:
        return True
    return chosen is Route.VOLUNTEER and worth_volunteering(answer, text)


@dataclass
class _Bucket:
    tokens: float
    at: float


class ChannelBudget:
    """A token bucket per channel: ``burst`` answers at once, then one per ``refill`` s.

    ``clock`` is monotonic seconds (injected in tests). Channels idle long enough to be full
    again are forgotten, so memory stays bounded by the channels active recently.
    """

    def __init__(
        self,
        burst: int = CHANNEL_BURST,
        refill: float = CHANNEL_REFILL,
        clock: Callable[[], float] = time.monotonic,
        max_channels: int = 10_000,
    ) -> None:
        self.burst = burst
        self.refill = refill
        self._clock = clock
        self._max = max_channels
        self._buckets: dict[Hashable, _Bucket] = {}

    def _level(self, channel: Hashable, now: float) -> float:
        bucket = self._buckets.get(channel)
        if bucket is None:
            return float(self.burst)
        return min(float(self.burst), bucket.tokens + (now - bucket.at) / self.refill)

    def allows(self, channel: Hashable) -> bool:
        """Whether ``channel`` may get an answer now (nothing is spent)."""
        return self._level(channel, self._clock()) >= 1.0

    def spend(self, channel: Hashable) -> bool:
        """Spend one answer of ``channel``'s budget; False (nothing spent) if there is none."""
        now = self._clock()
        level = self._level(channel, now)
        if level < 1.0:
            return False
        self._buckets[channel] = _Bucket(level - 1.0, now)
        if len(self._buckets) > self._max:
            self._forget_full(now)
        return True

    def _forget_full(self, now: float) -> None:
        self._buckets = {c: b for c, b in self._buckets.items() if self._level(c, now) < self.burst}

    def __len__(self) -> int:
        return len(self._buckets)
