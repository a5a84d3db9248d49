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


def corrected(engine: Engine, text: str) -> list[str]:
    return engine.index.correct(tokens(text))[0]


def test_a_slip_of_the_keys_is_corrected_to_the_one_near_word(engine: Engine) -> None:
    # one letter changed, added, dropped or swapped in an everyday or relation word
    assert corrected(engine, "writlr actols reieased projecs") == [
        "writer",
        "actors",
        "released",
        "projects",
    ]
    # a four-letter word only by a dropped letter
    assert corrected(engine, "mvie") == ["film"]  # read as "movie" is: "film"
    # two slips in a long word
    assert corrected(engine, "chncelor") == ["chancellor"]


def test_a_real_english_word_is_never_corrected(engine: Engine) -> None:
    # "tall", "marvel", "pace" are words, not typos of "tell", "marvin", "pacem"
    assert corrected(engine, "how tall is marvel pace") == ["how", "tall", "is", "marvel", "pace"]
    assert corrected(engine, "wifi") == ["wifi"]  # not "wife": four letters, one changed


def test_two_equally_near_words_are_not_guessed(engine: Engine) -> None:
    # "markes" is one slip from "makes", "marker" and "markers": no guess
    assert corrected(engine, "markes") == ["markes"]
    # ... but a four-letter word is only ever short of a letter: "plas" is "plays"
    assert corrected(engine, "plas") == ["plays"]


def test_other_forms_of_known_words_are_known(engine: Engine) -> None:
    assert engine.index.knows("movies") and engine.index.knows("directs")
    assert not engine.index.knows("reevees")  # a slip for a name, not a form of it
    assert corrected(engine, "keanu reevees") == ["keanu", "reeves"]


def test_a_topic_alias_naming_a_work_names_it_by_any_of_its_names(engine: Engine) -> None:
    # the Tracker's dog has the alias "chapter 4 dog": "the jw4 dog" is the same alias
    assert "topic:tracker-dog" in refs(engine, "the jw4 dog")
    assert engine.index.alias_works[tuple(tokens("john wick 4 dog"))] == EntityRef(
        "work", "chapter-4"
    )
    # and the work is named too: its part of the topic answers
    answer = engine.ask("john wick 4 dedication")
    assert "work:chapter-4" in [str(e) for e in answer.entities]
    assert "Chapter 4 is dedicated" in answer.text
    # a work's one-word name inside an alias is not read as the work ("continental coins"
    # are the hotel's coins, not the series')
    assert tuple(tokens("continental coins")) not in engine.index.alias_works


def test_an_ordinal_does_not_strand_the_number_of_a_name(engine: Engine) -> None:
    # "released first john wick 3 or 4": "john wick 3", not "the first john wick" and a 3
    assert refs(engine, "released first john wick 3") == ["work:chapter-3"]
    assert refs(engine, "the first john wick") == ["work:john-wick"]


def test_a_word_one_slip_from_the_rest_of_a_name_beside_it_completes_it(engine: Engine) -> None:
    # "jon" is an English word, but beside "wick" it is John
    assert engine.index.correct(tokens("jon wick 4"))[0] == ["john", "wick", "4"]
    assert engine.index.correct(tokens("winston scot"))[0] == ["winston", "scott"]
    # a word Wickbot knows stays itself ("the continental shot on film")
    words = engine.index.correct(tokens("was the continental shot on film"))[0]
    assert words == ["was", "the", "continental", "shot", "on", "film"]


def test_some_thing_named_like_ours_is_not_ours(engine: Engine) -> None:
    assert not engine.ask("recommend a bar called the continental").answered
    words, scores = engine.index.correct(tokens("a restaurant named the continental"))
    assert all(m.indefinite for m in engine.index.find(words, scores))
    # a film or a character named like ours is ours
    words, scores = engine.index.correct(tokens("a character named winston"))
    assert not any(m.indefinite for m in engine.index.find(words, scores))


def test_the_rest_of_a_name_beside_a_slip_outweighs_another_reading(engine: Engine) -> None:
    # a slip read as another word ("dinner") is the name's word when the name stands beside it
    assert engine.index.correct(tokens("is dinnie yen in it"))[0][:3] == ["is", "donnie", "yen"]
    # a known word inside the rest of a longer name ("arms" is an episode title's word)
    assert engine.index.correct(tokens("ana de arms"))[0] == ["ana", "de", "armas"]
    # a name typed right stays as typed
    assert engine.index.correct(tokens("ana de armas"))[0] == ["ana", "de", "armas"]
    assert engine.index.correct(tokens("brothers in arms"))[0] == ["brothers", "in", "arms"]


def test_the_longer_name_of_the_same_thing_after_the_wins(engine: Engine) -> None:
    index = engine.index
    words = "who was the director of the john wick anime prequel".split()
    found = index.find(words, [1.0] * len(words))
    assert [m.key for m in found if m.targets[0].kind == "work"] == [
        ("john", "wick", "anime", "prequel")
    ]
    # "the" before a name that is not longer stays part of it
    words = "is the continental good".split()
    assert index.find(words, [1.0] * len(words))[0].key == ("the", "continental")


def test_a_place_alone_describes_no_character(engine: Engine) -> None:
    # Shimazu's description has "Japan", but a place says where, not who
    assert engine.index.describe_character(tokens("jw4 japan release"), {0}, frozenset()) is None
    # ... with a word of what he does, the place helps describe him
    found = engine.index.describe_character(
        tokens("who runs the hotel in japan"), set(), frozenset()
    )
    assert found is not None and found[1] == "shimazu-koji"


def test_a_work_named_after_a_character_is_known_by_the_name(engine: Engine) -> None:
    # "the caine movie", "caine spinoff": the Caine spin-off is named after Caine
    assert engine.index.named_after[("caine",)] == EntityRef("work", "caine")
    # a person's name is no character's ("the donnie yen movie")
    assert ("donnie", "yen") not in engine.index.named_after


def test_a_medium_after_the_franchise_name_names_the_one_work_of_it(engine: Engine) -> None:
    # Under the High Table is the one "TV series"; The Continental is a "TV miniseries"
    assert refs(engine, "the john wick tv series") == ["work:under-the-high-table"]
    assert refs(engine, "the john wick tv miniseries") == ["work:the-continental"]
    # a medium several works share names none of them ("film": Chapter 5 and the Caine film)
    assert "work:chapter-5" not in refs(engine, "the john wick film")
    assert "work:caine" not in refs(engine, "the john wick film")
    # the franchise's name alone is the film or the man, as before
    assert refs(engine, "john wick") == ["work:john-wick", "character:john-wick"]


def test_a_topics_subjects_are_the_characters_its_title_and_aliases_name(
    engine: Engine,
) -> None:
    index = engine.understander.index
    assert {r.id for r in index.topic_subjects("johns-fate")} == {"john-wick"}
    assert {r.id for r in index.topic_subjects("sofias-dogs")} == {"sofia"}
    assert not index.topic_subjects("continental-hotel")  # about a place, no one


def test_which_before_the_franchise_name_is_one_of_its_works(engine: Engine) -> None:
    # "which john wick came out in 2019" is not the 2014 film
    answer = engine.ask("which john wick came out in 2019")
    assert "No, not in 2019" not in answer.text
    assert "Chapter 4" in engine.ask("which john wick is the longest").text
    # "what john wick ..." may be chat for "what is john wick ...": still the film
    assert engine.ask("what john wick about").intent == "premise"
