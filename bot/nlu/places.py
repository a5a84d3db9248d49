"""The places of the works: where each story is set and where it was filmed.

A question that names a place and no work asks which works it belongs to ("which film is
set in rome", "which john wick was shot in paris"); one that names a work and a place asks
whether the place is the work's ("is ballerina set in prague").
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable

from bot.facts.knowledge import KnowledgeBase
from bot.nlu.normalise import normalise

#: The two kinds of place a work has.
SETTING = "setting"
FILMING = "filming"
#: Where a filming location's place name ends ("Berlin, Germany (Studio Babelsberg)").
_DETAIL = re.compile(r"[(:;]")
#: Most words a place's name has ("new york city", "czech republic").
_LONGEST = 3


def _keys(text: str, ordinary: frozenset[str]) -> set[tuple[str, ...]]:
    """The ways a question may name the place in ``text``: its words without "the", and
    without a trailing kind of place when what is left is no everyday word ("new york" for
    "new york city", "sahara" for "the sahara desert"; not "long" for "long island").
    """
    words = [w for w in normalise(text).split() if w not in ("the", "a")]
    if not words or len(words) > _LONGEST or any(w.isdigit() for w in words):
        return set()
    keys = {tuple(words)}
    if len(words) > 1 and words[-1] in _KINDS and not set(words[:-1]) <= ordinary:
        keys.add(tuple(words[:-1]))
    return keys


#: Kinds of place that may be left out of a place's name.
_KINDS = frozenset({"city", "desert", "republic", "county"})


class PlaceIndex:
    """Which works each place belongs to, as a setting or a filming location."""

    def __init__(self, kb: KnowledgeBase, ordinary: Iterable[str] = ()) -> None:
        plain = frozenset(ordinary)
        works: dict[tuple[str, ...], dict[str, set[str]]] = defaultdict(lambda: defaultdict(set))
        for work in kb.works.values():
            for setting in work.settings:
                for text in (setting.place, setting.country or ""):
                    for key in _keys(text, plain):
                        works[key][SETTING].add(work.id)
            for location in work.filming_locations:
                for part in _DETAIL.split(location, maxsplit=1)[0].split(","):
                    if "'" in part:  # "the Continental's lobby" describes, it names no place
                        continue
                    for key in _keys(part, plain):
                        works[key][FILMING].add(work.id)
        self._works = {k: {kind: frozenset(v) for kind, v in d.items()} for k, d in works.items()}
        lengths: dict[str, set[int]] = defaultdict(set)
        for key in self._works:
            lengths[key[0]].add(len(key))
        self._lengths = {w: sorted(v, reverse=True) for w, v in lengths.items()}
        #: every word of a place name
        self.words = frozenset(w for key in self._works for w in key)

    def find(self, words: list[str], skip: set[int]) -> list[tuple[int, int, tuple[str, ...]]]:
        """Places named in ``words`` (start, end, key), longest first; none inside ``skip``."""
        out = []
        i = 0
        while i < len(words):
            for length in self._lengths.get(words[i], ()):
                key = tuple(words[i : i + length])
                if key in self._works and not skip.intersection(range(i, i + length)):
                    out.append((i, i + length, key))
                    i += length
                    break
            else:
                i += 1
        return out

    def works(self, keys: Iterable[tuple[str, ...]], kind: str) -> frozenset[str]:
        """Ids of the works every one of ``keys`` belongs to, as ``kind`` of place."""
        found: frozenset[str] | None = None
        for key in keys:
            own = self._works.get(key, {}).get(kind, frozenset())
            found = own if found is None else found & own
        return found or frozenset()
