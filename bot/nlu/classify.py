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
from functools import lru_cache

from bot.facts.schema import IntentPhrasings
from bot.intents import Intent
from bot.nlu.normalise import tokens
from bot.nlu.words import FILLER, STOPWORDS

SLOT_KINDS = ("work", "person", "character", "topic")
SLOT_TOKEN = {kind: f"<{kind}>" for kind in SLOT_KINDS}
_SLOT_RE = re.compile(r"\{(work|person|character|topic)\}")
#: Token sequences whose scores are remembered.
MEMO_SIZE = 4096
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


_SUFFIXES = ("ing", "ed", "es", "s")
_SIBILANTS = ("s", "x", "z", "ch", "sh")
#: Nouns for a work whose verb forms are another thing ("film" and "filmed").
_WORK_NOUNS = frozenset({"film"})


@lru_cache(maxsize=8192)
def stem(word: str) -> str:
    """A light stemmer: 'released', 'releasing', 'release' and 'releases' share a stem."""
    if len(word) <= 4 or word[0] == "<" or not word.isalpha():
        return word
    for suffix in _SUFFIXES:
        # "boxes", "watches" lose "es"; "rules", "releases" only "s"
        if suffix == "es" and not word[:-2].endswith(_SIBILANTS):
            continue
        if word.endswith(suffix) and len(word) - len(suffix) >= 3:
            if word[: -len(suffix)] in _WORK_NOUNS and suffix in ("ed", "ing"):
                # "filmed", "filming": the shooting, not "film", which is "movie" (a work)
                return word[: -len(suffix)] + "ing"
            word = word[: -len(suffix)]
            break
    # "rules" and "rule" share "rule": a final e goes only from what stays longer than four
    return word[:-1] if word.endswith("e") and len(word) > 4 else word


def features(words: Iterable[str]) -> dict[str, None]:
    """Stemmed unigrams and bigrams of a token list (filler words dropped), in the order
    they occur: scores summed in a fixed order are the same in every process."""
    toks = [stem(w) for w in words if w not in FILLER]
    feats = dict.fromkeys(toks)
    feats.update(dict.fromkeys(f"{a} {b}" for a, b in itertools.pairwise(toks)))
    return feats


class IntentClassifier:
    """Nearest phrasing by tf-idf cosine, plus a small bonus for the intent's cue words.

    An intent's score is its best phrasing's cosine similarity to the question (1.0 for a
    question that is exactly a phrasing with the names swapped in), plus :data:`CUE_BONUS`
    when the question contains one of the intent's cue words.
    """

    def __init__(self, phrasings: Mapping[str, IntentPhrasings]) -> None:
        docs: list[tuple[Intent, dict[str, None]]] = []
        #: words that follow "how" in some phrasing ("how long", "how many")
        self.after_how: set[str] = set()
        self.cues: dict[str, list[Intent]] = defaultdict(list)
        self.vocabulary: set[str] = set()
        #: the stems of each intent's phrasings
        words_of: dict[Intent, set[str]] = defaultdict(set)
        for name, spec in phrasings.items():
            intent = Intent(name)
            for phrasing in spec.phrasings:
                toks = template_tokens(phrasing)
                self.vocabulary.update(t for t in toks if not t.startswith("<"))
                words_of[intent].update(stem(t) for t in toks if not t.startswith("<"))
                self.after_how.update(b for a, b in itertools.pairwise(toks) if a == "how")
                docs.append((intent, features(toks)))
            for cue in spec.cues:
                for tok in tokens(cue):
                    if intent not in self.cues[stem(tok)]:
                        self.cues[stem(tok)].append(intent)
                    self.vocabulary.add(tok)
        self.words_of = {i: frozenset(w) for i, w in words_of.items()}
        docs.sort(key=lambda d: list(phrasings).index(d[0].value))  # group docs by intent
        doc_freq: dict[str, int] = defaultdict(int)
        for _, feats in docs:
            for feat in feats:
                doc_freq[feat] += 1
        n = max(len(docs), 1)
        self.idf = {f: math.log(1.0 + n / df) for f, df in doc_freq.items()}
        self._row = {feat: i for i, feat in enumerate(sorted(doc_freq))}
        # weight(f, d) = idf(f)^2 / |d| when phrasing d has feature f: a question's cosine
        # with every phrasing is then one sum of rows, divided by the question's norm. The
        # rows are kept sparse (each feature is in a few phrasings): a fraction of the memory
        # of a dense matrix, which every reload would allocate again.
        cells: list[tuple[list[int], list[float]]] = [([], []) for _ in self._row]
        for d, (_, feats) in enumerate(docs):
            norm = math.sqrt(sum(self.idf[f] ** 2 for f in feats)) or 1.0
            for feat in feats:
                cell = cells[self._row[feat]]
                cell[0].append(d)
                cell[1].append(self.idf[feat] ** 2 / norm)
        self._weights = [tuple(zip(docs_, vals, strict=True)) for docs_, vals in cells]
        self._memo: dict[tuple[str, ...], tuple[dict[Intent, float], float]] = {}
        self._idf2 = {f: v * v for f, v in self.idf.items()}
        self._unknown_idf = max(self.idf.values()) if self.idf else 1.0
        self._intent_of = [intent for intent, _ in docs]
        self.intents = tuple(dict.fromkeys(self._intent_of))

    def scores(self, words: list[str]) -> dict[Intent, float]:
        """Best-phrasing similarity (plus cue bonus) of ``words`` for each matching intent."""
        return self.scores_and_coverage(words)[0]

    def scores_and_coverage(self, words: list[str]) -> tuple[dict[Intent, float], float]:
        """:meth:`scores`, plus the share of the question's weight the phrasings know.

        Results are remembered per token sequence: "who plays <character>" is scored once
        for every character fans ask about.
        """
        key = tuple(words)
        cached = self._memo.get(key)
        if cached is not None:
            return dict(cached[0]), cached[1]
        result = self._score(words)
        if self._memo and len(self._memo) >= MEMO_SIZE:
            self._memo.pop(next(iter(self._memo)))  # forget the oldest
        self._memo[key] = result
        return dict(result[0]), result[1]

    def _score(self, words: list[str]) -> tuple[dict[Intent, float], float]:
        feats = features(words)
        row, idf2 = self._row, self._idf2
        rows = []
        known_weight = 0.0
        unknown = 0  # words no phrasing uses ("tall", "wifi") dilute the match
        for f in feats:
            r = row.get(f)
            if r is not None:
                rows.append(r)
                known_weight += idf2[f]
            elif " " not in f and f[0] != "<" and f not in STOPWORDS and not f.isdigit():
                unknown += 1
        out: dict[Intent, float] = {}
        coverage = 0.0
        if rows:
            total = known_weight + unknown * self._unknown_idf**2
            coverage = math.sqrt(known_weight / total)
            sims: dict[int, float] = defaultdict(float)
            for r in rows:
                for doc, value in self._weights[r]:
                    sims[doc] += value
            norm = math.sqrt(total)
            intent_of = self._intent_of
            for doc, sim in sims.items():
                intent = intent_of[doc]
                if sim / norm > out.get(intent, 0.0):
                    out[intent] = sim / norm
        for word in dict.fromkeys(stem(w) for w in words):
            for intent in self.cues.get(word, ()):
                out[intent] = min(1.0, out.get(intent, 0.0) + CUE_BONUS)
        return out, coverage
