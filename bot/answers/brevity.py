"""Chat answers are short: the relation asked for first, the sentences that answer the
question's own words next, within :data:`CHAT_LIMIT`; the card keeps the full text.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterable

from bot.nlu.classify import stem
from bot.nlu.normalise import tokens
from bot.nlu.words import STOPWORDS

#: A chat answer longer than this is cut to whole sentences; the card keeps the full text.
CHAT_LIMIT = 400
#: Where one sentence ends and the next begins (". The", "! Next", ".” He").
_SENTENCE_END = re.compile(r"(?<=[.!?])[”\"')]?\s+(?=[A-Z“\"(0-9])")


def brief(text: str, question: Iterable[str] = (), limit: int = CHAT_LIMIT) -> str:
    """``text`` cut to whole sentences within ``limit``.

    The first sentence (it states what was asked) and the one sharing most words with
    ``question`` (normalised words) always stay, even past ``limit``; then the others by
    shared words while they fit, all in their original order.
    """
    if len(text) <= limit:
        return text
    cuts = [0, *(m.end() for m in _SENTENCE_END.finditer(text)), len(text)]
    sentences = [text[a:b].strip() for a, b in itertools.pairwise(cuts) if b > a]
    asked = {stem(w) for w in question if w not in STOPWORDS and len(w) > 2}

    def overlap(sentence: str) -> int:
        return len(asked & {stem(w) for w in tokens(sentence)})

    # the question's words first; among equals, the sentences that follow the lead
    ranked = sorted(range(1, len(sentences)), key=lambda i: (-overlap(sentences[i]), i))
    keep = {0}
    if ranked and overlap(sentences[ranked[0]]) > 0:
        keep.add(ranked[0])  # the sentence that answers the question's own words stays
    used = sum(len(sentences[i]) + 1 for i in keep)
    for i in ranked:
        if i not in keep and used + 1 + len(sentences[i]) <= limit:
            keep.add(i)
            used += 1 + len(sentences[i])
    return " ".join(sentences[i] for i in sorted(keep))
