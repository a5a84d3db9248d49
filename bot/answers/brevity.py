"""Chat answers are short: the relation asked for first, the sentences that answer the
question's own words next, within :data:`CHAT_LIMIT`; the card keeps the full text.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterable
from functools import lru_cache

from bot.nlu.classify import stem
from bot.nlu.normalise import tokens
from bot.nlu.words import STOPWORDS

#: A chat answer longer than this is cut to whole sentences; the card keeps the full text.
CHAT_LIMIT = 400
#: A parenthetical aside of at least this many characters may be left out of a chat answer.
ASIDE_CHARS = 40
#: Where one sentence ends and the next begins (". The", "! Next", ".” He").
#: (not after a list's number: "episodes: 1. “Brothers in Arms”; 2. “Loyalty to the Master”")
_SENTENCE_END = re.compile(r"(?<=[.!?])(?<![;:] \d\.)(?<![;:] \d\d\.)[”\"')]?\s+(?=[A-Z“\"(0-9])")


def sentences(text: str) -> list[str]:
    """``text`` split into its sentences (at a stop followed by a capital or a digit)."""
    cuts = [0, *(m.end() for m in _SENTENCE_END.finditer(text)), len(text)]
    return [text[a:b].strip() for a, b in itertools.pairwise(cuts) if b > a]


def without_asides(text: str, chars: int = ASIDE_CHARS) -> str:
    """``text`` without its parenthetical asides of ``chars`` or more (nested ones too)."""
    out: list[str] = []
    depth = 0
    start = 0  # where the outermost open aside began in ``text``
    kept = 0  # how much of ``text`` is in ``out``
    for i, ch in enumerate(text):
        if ch == "(":
            if depth == 0:
                start = i
            depth += 1
        elif ch == ")" and depth:
            depth -= 1
            if depth == 0 and i - start - 1 >= chars:
                cut = start - 1 if start and text[start - 1] == " " else start
                out.append(text[kept:cut])
                kept = i + 1
    out.append(text[kept:])
    return "".join(out)


def brief(text: str, question: Iterable[str] = (), limit: int = CHAT_LIMIT) -> str:
    """``text`` cut to whole sentences within ``limit``.

    The first sentence (it states what was asked) and the one sharing most words with
    ``question`` (normalised words) always stay, even past ``limit``; then the others by
    shared words while they fit, all in their original order.
    """
    if len(text) <= limit:
        return text
    # long asides go before whole sentences ("who wrote chapter 3, 4 and ballerina": each
    # film's writers, without the notes on how each was credited)
    bare = without_asides(text)
    if len(bare) <= limit:
        return bare
    parts = sentences(text)
    asked = {stem(w) for w in question if w not in STOPWORDS and len(w) > 2}

    def overlap(sentence: str) -> int:
        return len(asked & _stems(sentence))

    # the question's words first; among equals, the sentences that follow the lead
    ranked = sorted(range(1, len(parts)), key=lambda i: (-overlap(parts[i]), i))
    keep = {0}
    if ranked and overlap(parts[ranked[0]]) > 0:
        keep.add(ranked[0])  # the sentence that answers the question's own words stays
    used = sum(len(parts[i]) + 1 for i in keep)
    for i in ranked:
        if i not in keep and used + 1 + len(parts[i]) <= limit:
            keep.add(i)
            used += 1 + len(parts[i])
    return " ".join(parts[i] for i in sorted(keep))


@lru_cache(maxsize=4096)
def _stems(sentence: str) -> frozenset[str]:
    """The stems of a sentence's words (answers' sentences come from the knowledge and
    recur, so each is read once)."""
    return frozenset(stem(w) for w in tokens(sentence))
