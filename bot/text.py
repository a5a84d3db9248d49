"""Turn text into plain lowercase tokens: what a fan typed, and the knowledge's names alike.

Handles case, Unicode NFKC, accents, zero-width and control characters, curly quotes,
emoji, Discord mentions and timestamps, possessives, slang, number words and roman numerals.
Knowledge aliases go through the same function, so both sides always agree. It lives outside
``bot.nlu`` so that the knowledge checker (``bot.facts``) can use it without depending on the
language layer; ``bot.nlu.normalise`` re-exports it.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

#: Inputs are cut to this many characters first: a question is never longer than a message.
MAX_INPUT_CHARS = 2000

_DISCORD_MARKUP = re.compile(
    r"<(?:@[!&]?|#)\d+>"  # user, role, channel mentions
    r"|<a?:\w{1,32}:\d+>"  # custom emoji
    r"|<t:-?\d+(?::[a-zA-Z])?>"  # timestamps
    r"|</[\w -]{1,32}:\d+>"  # slash-command mentions
    r"|@(?:everyone|here)\b",
)
_URL = re.compile(r"https?://\S+")
_APOSTROPHES = str.maketrans(
    {"\u2018": "'", "\u2019": "'", "\u02bc": "'", "`": "'", "\u00b4": "'", "\u2032": "'"}
)
_LIGATURES = str.maketrans({"œ": "oe", "æ": "ae", "ø": "o", "đ": "d", "ł": "l", "ı": "i"})
# Contractions before apostrophes are dropped; "won't" etc. don't matter to the matcher.
_CONTRACTIONS = {
    "who's": "who is",
    "what's": "what is",
    "when's": "when is",
    "where's": "where is",
    "how's": "how is",
    "it's": "it is",
    "that's": "that is",
    "there's": "there is",
    "he's": "he is",
    "she's": "she is",
    "isn't": "is not",
    "wasn't": "was not",
    "didn't": "did not",
    "doesn't": "does not",
    "aren't": "are not",
}
_CONTRACTION_RE = re.compile(r"\b(" + "|".join(re.escape(c) for c in _CONTRACTIONS) + r")\b")
_POSSESSIVE = re.compile(r"(?<=\w)'s\b|(?<=s)'(?=\s|$)")
_NON_WORD = re.compile(r"[^\w]+")
_GLUED_NUMBER = re.compile(r"\b(chapter|wick|part|chap|ch|film|movie)(\d{1,2})\b")
#: "ex-" before a word: a former one ("ex-stuntman"; "ex" alone would be a slip of a name).
_EX_PREFIX = re.compile(r"\bex-(?=[a-z])")

#: Ordinal words, read as their numbers ("the second spin-off" is "the 2 spinoff").
ORDINALS = {
    "first": "1",
    "second": "2",
    "third": "3",
    "fourth": "4",
    "fifth": "5",
    "sixth": "6",
}
_NUMBER_WORDS = {
    "two": "2",
    "three": "3",
    "four": "4",
    "five": "5",
    "six": "6",
    "seven": "7",
    "eight": "8",
    "nine": "9",
    "ten": "10",
    "eleven": "11",
    "twelve": "12",
    **ORDINALS,
    "1st": "1",
    "2nd": "2",
    "3rd": "3",
    "4th": "4",
    "5th": "5",
    "6th": "6",
    # roman numerals that are not also common words
    "ii": "2",
    "iii": "3",
    "iv": "4",
    "vi": "6",
}
# "v", "x", "i" and "one" only count as numbers right after a sequel word ("chapter v"),
# so "the first one" stays "the 1 one".
_ROMAN_AFTER = {"v": "5", "x": "10", "i": "1", "one": "1"}
_SEQUEL_WORDS = frozenset({"chapter", "wick", "part", "jw", "ch", "chap"})

#: Chat slang and shorthand, mapped to the words the phrasings use.
SLANG: dict[str, str] = {
    "u": "you",
    "ur": "your",
    "r": "are",
    "wen": "when",
    "wut": "what",
    "wat": "what",
    "whats": "what is",
    "whos": "who is",
    "whens": "when is",
    "hows": "how is",
    "wheres": "where is",
    "pls": "please",
    "plz": "please",
    "tho": "though",
    "thx": "thanks",
    "ty": "thanks",
    "gonna": "going to",
    "wanna": "want to",
    "gotta": "got to",
    "dunno": "do not know",
    "dir": "director",
    "og": "original",
    "drop": "release",
    "drops": "releases",
    "dropped": "released",
    "dropping": "releasing",
    "exec": "executive",
    "flick": "film",
    "flicks": "films",
    "movie": "film",
    "movies": "films",
    "mins": "minutes",
    "min": "minutes",
    "hrs": "hours",
    "ppl": "people",
    "bc": "because",
    "cuz": "because",
    "abt": "about",
    "incl": "including",
    "w": "with",
    "n": "and",
    "im": "i am",
    "isnt": "is not",
    "didnt": "did not",
    "doesnt": "does not",
    "wasnt": "was not",
    "arent": "are not",
    "werent": "were not",
    "hasnt": "has not",
    "havent": "have not",
    "hadnt": "had not",
    "shouldnt": "should not",
    "wouldnt": "would not",
    "couldnt": "could not",
    "pitbull": "pit bull",
    "pitbulls": "pit bulls",
    "rt": "rotten tomatoes",
    "dad": "father",
    "daddy": "father",
    "mom": "mother",
    "mum": "mother",
    "sis": "sister",
    "baddie": "villain",
    "baddies": "villains",
    "antagonist": "villain",
    "antagonists": "villains",
}
#: Two-word slang read as one word ("the bad guy in ballerina": its villain).
_SLANG_PAIRS = {("bad", "guy"): "villain", ("bad", "guys"): "villains"}


@lru_cache(maxsize=4096)
def _strip_accents(word: str) -> str:
    decomposed = unicodedata.normalize("NFKD", word)
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


_ASCII_CONTROL = re.compile(r"[\x00-\x1f\x7f]")
_NON_ASCII = re.compile(r"[^\x00-\x7f]")


@lru_cache(maxsize=8192)
def _visible(ch: str) -> str:
    """``ch``; nothing for a format character (zero-width space, joiner, soft hyphen), which
    may sit inside a word ("win\u200bston"); a space for control, separator and symbol
    (emoji) characters."""
    category = unicodedata.category(ch)
    if category == "Cf":
        return ""
    return " " if category[0] in "CSZ" else ch


def _drop_invisible(text: str) -> str:
    """Drop format (zero-width) characters; replace control and symbol (emoji) ones by spaces."""
    text = _ASCII_CONTROL.sub(" ", text)
    if text.isascii():
        return text
    return _NON_ASCII.sub(lambda m: _visible(m.group()), text)


#: Texts up to this long have their tokens remembered (questions, names, answer sentences).
_MEMO_CHARS = 400


def tokens(text: str) -> list[str]:
    """Normalise ``text`` and split it into tokens (see the module docstring)."""
    if len(text) <= _MEMO_CHARS:
        return list(_remembered_tokens(text))
    return _tokens(text)


@lru_cache(maxsize=4096)
def _remembered_tokens(text: str) -> tuple[str, ...]:
    return tuple(_tokens(text))


def _tokens(text: str) -> list[str]:
    text = text[:MAX_INPUT_CHARS]
    text = _DISCORD_MARKUP.sub(" ", text)
    text = _URL.sub(" ", text)
    text = unicodedata.normalize("NFKC", text)[: 2 * MAX_INPUT_CHARS]  # NFKC may expand
    text = _drop_invisible(text)
    text = text.casefold().translate(_APOSTROPHES).translate(_LIGATURES)
    if "'" in text:
        text = _CONTRACTION_RE.sub(lambda m: _CONTRACTIONS[m.group(1)], text)
        text = _POSSESSIVE.sub("", text)
        text = text.replace("'", "")
    text = _GLUED_NUMBER.sub(r"\1 \2", text)
    if "-" in text:
        text = _EX_PREFIX.sub("former ", text)
    words = _NON_WORD.sub(" ", text).split()
    out: list[str] = []
    for index, raw in enumerate(words):
        word = raw if raw.isascii() else _strip_accents(raw)
        if word == "r" and "rated" in words[max(0, index - 1) : index + 2]:
            out.append(word)  # "rated r" is a certificate, not "rated are"
            continue
        word = word.replace("_", "")
        if not word:
            continue
        if word in _ROMAN_AFTER and out and out[-1] in _SEQUEL_WORDS:
            out.append(_ROMAN_AFTER[word])
            continue
        if word in ("off", "offs") and out and out[-1] == "spin":
            out[-1] = f"spin{word}"  # "spin-off", "spin offs": one word, "spinoff"
            continue
        if out and (out[-1], word) in _SLANG_PAIRS:
            out[-1] = _SLANG_PAIRS[out[-1], word]
            continue
        mapped = _NUMBER_WORDS.get(word) or SLANG.get(word)
        if mapped:
            out.extend(mapped.split())
        else:
            out.append(word)
    return out


def normalise(text: str) -> str:
    """The normalised form of ``text``: tokens joined by single spaces."""
    return " ".join(tokens(text))
