"""Finding names: exact, alias, fuzzy; sequel numbers exact; 'a pencil' is not 'the pencil'."""

from __future__ import annotations

from bot.engine import Engine
from bot.nlu.entities import EntityRef
from bot.nlu.normalise import tokens


def find(engine: Engine, text: str) -> list[tuple[tuple[str, ...], tuple[EntityRef, ...]]]:
    words, scores = engine.index.correct(tokens(text))
    return [(m.key, m.targets) for m in engine.index.find(words, scores)]


def refs(engine: Engine, text: str) -> list[str]:
    return [str(r) for _, targets in find(engine, text) for r in targets]


def test_titles_aliases_and_nicknames(engine: Engine) -> None:
    assert refs(engine, "parabellum") == ["work:chapter-3"]
    assert refs(engine, "jw4") == ["work:chapter-4"]
    assert refs(engine, "baba yaga") == ["character:john-wick"]
    assert refs(engine, "rooney") == ["character:eve-macarro"]
    assert refs(engine, "stahelski") == ["person:chad-stahelski"]  # surname alone


def test_typos_are_corrected_to_franchise_words(engine: Engine) -> None:
    assert refs(engine, "winsten") == ["character:winston-scott"]
    assert refs(engine, "balerena") == ["work:ballerina"]
    assert refs(engine, "keanu reves") == ["person:keanu-reeves"]


def test_corrections_keep_meaning(engine: Engine) -> None:
    words, _ = engine.index.correct(["dating", "height", "newest", "moore"])
    assert words == ["dating", "height", "newest", "moore"]  # not rating, high, news, more


def test_sequel_numbers_are_exact(engine: Engine) -> None:
    assert refs(engine, "john wick 2") == ["work:chapter-2"]
    assert refs(engine, "john wick chapter 3") == ["work:chapter-3"]
    words, scores = engine.index.correct(tokens("john wick 7"))
    (mention,) = engine.index.find(words, scores)
    assert mention.unknown_sequel


def test_the_name_john_wick_is_ambiguous(engine: Engine) -> None:
    assert set(refs(engine, "john wick")) == {"work:john-wick", "character:john-wick"}
    assert refs(engine, "john wick films") == []  # the franchise, not a film


def test_indefinite_article_marks_a_generic_noun(engine: Engine) -> None:
    words, scores = engine.index.correct(tokens("a continental breakfast"))
    (mention,) = engine.index.find(words, scores)
    assert mention.indefinite


def test_topics_can_be_described_by_their_words(engine: Engine) -> None:
    words = tokens("what kind of dogs does sofia have")
    found = engine.index.describe_topic(words, set(), {words.index("sofia")})
    assert found is not None and found[1] == "sofias-dogs"


def test_a_possessive_without_its_apostrophe_is_the_name(engine: Engine) -> None:
    words, _ = engine.index.correct(["johns", "car", "winstons", "hotel"])
    assert words == ["john", "car", "winston", "hotel"]


def test_two_swapped_letters_are_swapped_back(engine: Engine) -> None:
    words, _ = engine.index.correct(["tabel", "winsotn", "coem"])
    assert words == ["table", "winston", "come"]
