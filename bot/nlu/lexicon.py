"""Everyday English words, so that a real word is never "corrected" into a franchise word.

A word the knowledge and the phrasings don't know may be a typo ("reieased") or a real word
that points elsewhere ("tall", "marvel"). Only the first may be corrected, so the corrector
asks this lexicon first. The words come from the English frequency list of the
``pyspellchecker`` package (MIT; counted over OpenSubtitles), read once, line by line,
and kept as one sorted string: under 2 MB, where a set of its 128,000 words would cost 15 MB.
"""

from __future__ import annotations

import gzip
import io
import re
from array import array
from bisect import bisect_left
from collections.abc import Iterable, Iterator
from functools import lru_cache
from importlib.resources import files

_ENTRY = re.compile(r'"([a-z]+)":')


class Lexicon:
    """A sorted word list with membership tests by binary search."""

    def __init__(self, words: Iterable[str], presorted: bool = False) -> None:
        """``words`` in any order; ``presorted`` ones are packed as they come, one at a
        time, so a long list never sits in memory as separate strings (ValueError if they
        are not in order after all)."""
        packed = _pack(words if presorted else sorted(set(words)))
        if packed is None:
            raise ValueError("words are not sorted")
        self._text, self._starts = packed

    @staticmethod
    def _at(text: str, starts: array[int], i: int) -> str:
        start = starts[i]
        end = text.find("\n", start)
        return text[start:] if end < 0 else text[start:end]

    def __len__(self) -> int:
        return len(self._starts)

    def _word(self, i: int) -> str:
        return self._at(self._text, self._starts, i)

    def __contains__(self, word: object) -> bool:
        if not isinstance(word, str) or not self._starts:
            return False
        i = bisect_left(range(len(self._starts)), word, key=self._word)
        return i < len(self._starts) and self._word(i) == word


def _pack(words: Iterable[str]) -> tuple[str, array[int]] | None:
    """The words joined by newlines and where each starts, or None if they are not sorted."""
    text = io.StringIO()
    starts = array("I")
    position = 0
    last = ""
    for word in words:
        if word < last:
            return None
        if word == last:
            continue
        starts.append(position)
        text.write(word + "\n")
        position += len(word) + 1
        last = word
    return text.getvalue(), starts


@lru_cache(maxsize=1)
def english() -> Lexicon:
    """The everyday English words (read once per process; reloads share it)."""
    try:
        return Lexicon(_english_words(), presorted=True)  # the list is sorted
    except ValueError:
        return Lexicon(_english_words())


def _english_words() -> Iterator[str]:
    resource = files("spellchecker") / "resources" / "en.json.gz"
    with resource.open("rb") as raw, gzip.open(raw, "rt", encoding="utf-8") as lines:
        for line in lines:
            found = _ENTRY.match(line)
            if found:
                yield found.group(1)
