"""Whether a sentence of the notes states what a yes/no question claims.

"is chapter 4 dedicated to lance reddick": a lore answer holds "Chapter 4 is dedicated to
Lance Reddick", so the answer may start with Yes. Only a sentence that says the claim in the
question's own order does: every name (by any of its names), every content word (by its
stem) and every preposition, one after the other. A sentence with a negation or a hedge
("reportedly") supports nothing, and neither does a negated question. No sentence found is
no "No": the answer is then given without either.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence

from bot.answers.brevity import sentences
from bot.nlu.claims import POLAR_STARTS
from bot.nlu.classify import stem
from bot.nlu.entities import EntityRef
from bot.nlu.normalise import tokens
from bot.nlu.words import FILLER, STOPWORDS

#: Words that say the opposite (normalising already spells out "isn't" as "is not").
NEGATIONS = frozenset(
    "not no never nobody none neither nor without cannot cant dont werent hasnt havent wont".split()
)
#: Words that make a sentence less than a statement of fact.
HEDGES = frozenset(
    """reportedly rumored rumoured rumor rumour reported allegedly may might possibly perhaps
    claims claimed unconfirmed speculation supposedly""".split()
)
#: Prepositions that carry the claim ("dedicated *to*", "die *before*").
PREPOSITIONS = frozenset("in before after on at by from to with for of".split())

#: One step of a claim: a name (its names as token tuples) or a word (its stem).
_Unit = tuple[str, frozenset[tuple[str, ...]]]


def claim_units(
    words: Sequence[str], alias_used: Mapping[EntityRef, str], names: Mapping[EntityRef, set[str]]
) -> list[_Unit] | None:
    """The steps of the claim a yes/no question makes, or None when it makes none to check
    (negated, or no content word besides the names)."""
    if NEGATIONS & set(words):
        return None
    spans: list[tuple[int, int, EntityRef]] = []
    for ref, alias in alias_used.items():
        key = tuple(tokens(alias))
        for i in range(len(words) - len(key) + 1):
            if key and tuple(words[i : i + len(key)]) == key:
                spans.append((i, i + len(key), ref))
                break
    units: list[_Unit] = []
    content = 0
    i = 0
    start = 1 if words and words[0] in POLAR_STARTS else 0
    while i < len(words):
        span = next((s for s in spans if s[0] == i), None)
        if span is not None:
            forms = {tuple(tokens(n)) for n in names.get(span[2], set())}
            forms.add(tuple(words[span[0] : span[1]]))
            units.append(("name", frozenset(f for f in forms if f)))
            i = span[1]
            continue
        word = words[i]
        if i >= start and word in PREPOSITIONS:
            units.append(("word", frozenset({(stem(word),)})))
        elif i >= start and word not in STOPWORDS and word not in FILLER and word.isalpha():
            units.append(("word", frozenset({(stem(word),)})))
            content += 1
        i += 1
    return units if content else None


def supports(units: list[_Unit], text: str) -> bool:
    """True when one sentence of ``text`` states the claim, step by step in order."""
    return any(_states(units, sentence) for sentence in sentences(text))


def _states(units: list[_Unit], sentence: str) -> bool:
    toks = tokens(sentence)
    if NEGATIONS & set(toks) or HEDGES & set(toks):
        return False
    stems = [stem(t) for t in toks]
    at = 0
    for kind, forms in units:
        found = _next(toks if kind == "name" else stems, forms, at)
        if found is None:
            return False
        at = found
    return True


def _next(seq: list[str], forms: Iterable[tuple[str, ...]], at: int) -> int | None:
    """The position just after the first of ``forms`` found in ``seq`` from ``at``."""
    best: int | None = None
    for form in forms:
        for i in range(at, len(seq) - len(form) + 1):
            if tuple(seq[i : i + len(form)]) == form:
                end = i + len(form)
                best = end if best is None else min(best, end)
                break
    return best
