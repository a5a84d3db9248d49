"""Score how well a question matches each intent's phrasings.

Each phrasing is normalised, names become slot tokens (``<work>``, ``<character>``...), and
the intent keeps a weighted bag of its words and word pairs (tf-idf over the phrasings).
A question is scored by cosine similarity to every intent: a handful of dict look-ups,
so classification costs microseconds and grows with the question, not the knowledge.
"""

from __future__ import annotations

import itertools
import math
import re
from collections import defaultdict
from collections.abc import Iterable, Mapping

from bot.facts.schema import IntentPhrasings
from bot.intents import Intent
from bot.nlu.normalise import tokens
from bot.nlu.words import FILLER

SLOT_KINDS = ("work", "person", "character", "topic")
SLOT_TOKEN = {kind: f"<{kind}>" for kind in SLOT_KINDS}
_SLOT_RE = re.compile(r"\{(work|person|character|topic)\}")
#: Added to an intent's score when the question contains one of its cue words.
CUE_BONUS = 0.1


def template_tokens(phrasing: str) -> list[str]:
    """Tokens of a phrasing, with ``{slot}`` placeholders kept as slot tokens."""
    marked = _SLOT_RE.sub(lambda m: f" qqslot{m.group(1)}qq ", phrasing)
    out = []
    for tok in tokens(marked):
        if tok.startswith("qqslot") and tok.endswith("qq"):
            out.append(SLOT_TOKEN[tok[6:-2]])
        else:
            out.append(tok)
    return out


def features(words: Iterable[str]) -> set[str]:
    """Unigrams and bigrams of a token list (filler words dropped)."""
    toks = [w for w in words if w not in FILLER]
    feats = set(toks)
    feats.update(f"{a} {b}" for a, b in itertools.pairwise(toks))
    return feats


class IntentClassifier:
    """Nearest phrasing by tf-idf cosine, plus a small bonus for the intent's cue words.

    An intent's score is its best phrasing's cosine similarity to the question (1.0 for a
    question that is exactly a phrasing with the names swapped in), plus :data:`CUE_BONUS`
    when the question contains one of the intent's cue words.
    """

    def __init__(self, phrasings: Mapping[str, IntentPhrasings]) -> None:
        docs: list[tuple[Intent, set[str]]] = []
        self.cues: dict[str, list[Intent]] = defaultdict(list)
        self.vocabulary: set[str] = set()
        for name, spec in phrasings.items():
            intent = Intent(name)
            for phrasing in spec.phrasings:
                toks = template_tokens(phrasing)
                self.vocabulary.update(t for t in toks if not t.startswith("<"))
                docs.append((intent, features(toks)))
            for cue in spec.cues:
                for tok in tokens(cue):
                    if intent not in self.cues[tok]:
                        self.cues[tok].append(intent)
                    self.vocabulary.add(tok)
        doc_freq: dict[str, int] = defaultdict(int)
        for _, feats in docs:
            for feat in feats:
                doc_freq[feat] += 1
        n = max(len(docs), 1)
        self.idf = {f: math.log(1.0 + n / df) for f, df in doc_freq.items()}
        self._intent_of = [intent for intent, _ in docs]
        self._postings: dict[str, list[int]] = defaultdict(list)
        self._norms: list[float] = []
        for i, (_, feats) in enumerate(docs):
            for feat in feats:
                self._postings[feat].append(i)
            self._norms.append(math.sqrt(sum(self.idf[f] ** 2 for f in feats)) or 1.0)
        self.intents = tuple(dict.fromkeys(self._intent_of))

    def scores(self, words: list[str]) -> dict[Intent, float]:
        """Best-phrasing similarity (plus cue bonus) of ``words`` for each matching intent."""
        dots: dict[int, float] = defaultdict(float)
        q_norm = 0.0
        for feat in features(words):
            idf = self.idf.get(feat)
            if idf is None:
                continue
            weight = idf * idf
            q_norm += weight
            for doc in self._postings[feat]:
                dots[doc] += weight
        out: dict[Intent, float] = {}
        if dots:
            q = math.sqrt(q_norm)
            norms = self._norms
            intent_of = self._intent_of
            for doc, dot in dots.items():
                sim = dot / (q * norms[doc])
                intent = intent_of[doc]
                if sim > out.get(intent, 0.0):
                    out[intent] = sim
        for word in set(words):
            for intent in self.cues.get(word, ()):
                out[intent] = min(1.0, out.get(intent, 0.0) + CUE_BONUS)
        return out
