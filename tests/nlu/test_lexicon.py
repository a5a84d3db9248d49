"""The English word list that keeps real words from being corrected."""

from __future__ import annotations

import pytest

from bot.nlu.lexicon import Lexicon, english


def test_lexicon_membership_by_binary_search() -> None:
    words = Lexicon(["pencil", "apple", "zebra", "apple"])
    assert len(words) == 3
    assert "apple" in words and "zebra" in words and "pencil" in words
    assert "app" not in words and "apples" not in words and "" not in words
    assert 3 not in words


def test_english_has_everyday_words_and_not_typos() -> None:
    lexicon = english()
    assert all(w in lexicon for w in ("tall", "marvel", "netflix", "dating", "height"))
    assert not any(w in lexicon for w in ("reieased", "mvie", "writlr", "stahelski"))
    assert english() is lexicon  # read once per process


def test_presorted_words_must_be_in_order() -> None:
    assert "b" in Lexicon(iter(["a", "b", "b", "c"]), presorted=True)
    with pytest.raises(ValueError):
        Lexicon(iter(["b", "a"]), presorted=True)
