"""Everyday English words, so that a real word is never "corrected" into a franchise word.

A word the knowledge and the phrasings don't know may be a typo ("reieased") or a real word
that points elsewhere ("tall", "marvel"). Only the first may be corrected, so the corrector
asks this lexicon first. The words come from the English frequency list of the
``pyspellchecker`` package (MIT; counted over OpenSubtitles), read once and kept as one
sorted string: under 2 MB, where a set of its 128,000 words would cost 15 MB.
"""

from __future__ import annotations

import gzip
import re
from array import array
from bisect import bisect_left
from functools import lru_cache
from importlib.resources import files

_ENTRY = re.compile(r'^"([a-z]+)":', re.MULTILINE)


class Lexicon:
    """A sorted word list with membership tests by binary search."""

    def __init__(self, words: list[str]) -> None:
        ordered = sorted(set(words))
        self._text = "\n".join(ordered)
        starts = array("I")
        position = 0
        for word in ordered:
            starts.append(position)
            position += len(word) + 1
        self._starts = starts

    def __len__(self) -> int:
        return len(self._starts)

    def _word(self, i: int) -> str:
        start = self._starts[i]
        end = self._text.find("\n", start)
        return self._text[start:] if end < 0 else self._text[start:end]

    def __contains__(self, word: object) -> bool:
        if not isinstance(word, str) or not self._starts:
            return False
        i = bisect_left(range(len(self._starts)), word, key=self._word)
        return i < len(self._starts) and self._word(i) == word


@lru_cache(maxsize=1)
def english() -> Lexicon:
    """The everyday English words (read once per process; reloads share it)."""
    raw = (files("spellchecker") / "resources" / "en.json.gz").read_bytes()
    text = gzip.decompress(raw).decode("utf-8")
    return Lexicon(_ENTRY.findall(text))
