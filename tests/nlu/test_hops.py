"""One-hop phrases naming a work through who is in it, each shape on its own questions."""

from __future__ import annotations

from bot.engine import Engine
from bot.intents import Intent
from bot.nlu.entities import Mention
from bot.text import tokens
from tests.conftest import TODAY


def ask(engine: Engine, question: str):  # type: ignore[no-untyped-def]
    return engine.ask(question, now=TODAY)


def hop(engine: Engine, question: str) -> list[set[str]]:
    """The things each span of ``question`` names after the hops (one set per span)."""
    words, scores = engine.index.correct(tokens(question))
    mentions, _ = engine.understander.hops.apply(words, engine.index.find(words, scores))
    spans: dict[tuple[int, int], set[str]] = {}
    for m in mentions:
        spans.setdefault((m.start, m.end), set()).update(str(t) for t in m.targets)
    return list(spans.values())


def works(answer) -> set[str]:  # type: ignore[no-untyped-def]
    return {e for e in answer.entities if e.startswith("work:")}


def test_a_person_playing_a_character_names_the_work_they_play_them_in(engine: Engine) -> None:
    answer = ask(engine, "how long is the film in which halle berry plays sofia")
    assert answer.intent == Intent.RUNTIME.value and works(answer) == {"work:chapter-3"}
    assert "130" in answer.text
    answer = ask(engine, "which year was the movie where halle berry played sofia released")
    assert answer.intent == Intent.RELEASE_DATE.value and "2019" in answer.text


def test_the_released_film_of_a_person_and_character_is_the_one_meant(engine: Engine) -> None:
    # Donnie Yen plays Caine in Chapter 4 and in the announced spin-off: "the film in which he
    # plays" him is the one that is out
    answer = ask(engine, "who wrote the movie where donnie yen plays caine")
    assert answer.intent == Intent.WRITER.value and works(answer) == {"work:chapter-4"}
    assert "Shay Hatten" in answer.text
    # ... and the one where he will play him is still to come
    answer = ask(engine, "who is directing the film where donnie yen will play caine")
    assert works(answer) == {"work:caine"}


def test_a_character_played_by_a_person_names_the_work(engine: Engine) -> None:
    answer = ask(engine, "who wrote the one where caine is played by donnie yen")
    assert answer.intent == Intent.WRITER.value and works(answer) == {"work:chapter-4"}


def test_a_film_that_stars_someone_is_theirs(engine: Engine) -> None:
    answer = ask(engine, "what is the runtime of the movie that stars halle berry")
    assert answer.intent == Intent.RUNTIME.value and works(answer) == {"work:chapter-3"}
    answer = ask(engine, "who directed the film that stars donnie yen as caine")
    assert answer.intent == Intent.DIRECTOR.value and works(answer) == {"work:chapter-4"}
    assert "Chad Stahelski" in answer.text
    answer = ask(engine, "what is the rating of the film that has killa in it")
    assert answer.intent == Intent.RATING.value and works(answer) == {"work:chapter-4"}


def test_a_film_with_a_character_in_it_is_the_one_they_are_in(engine: Engine) -> None:
    answer = ask(engine, "what is the age rating of the film with sofia in it")
    assert works(answer) == {"work:chapter-3"} and "rated R" in answer.text
    answer = ask(engine, "who scored the movie with killa")
    assert answer.intent == Intent.COMPOSER.value and works(answer) == {"work:chapter-4"}
    answer = ask(engine, "what genre is the film where killa shows up")
    assert answer.intent == Intent.GENRE.value and works(answer) == {"work:chapter-4"}


def test_a_film_featuring_a_character_or_a_person_as_one(engine: Engine) -> None:
    answer = ask(engine, "who directed the movie featuring sofia")
    assert answer.intent == Intent.DIRECTOR.value and works(answer) == {"work:chapter-3"}
    answer = ask(engine, "how long is the film with halle berry as sofia")
    assert answer.intent == Intent.RUNTIME.value and works(answer) == {"work:chapter-3"}
    answer = ask(engine, "who wrote the film starring donnie yen as caine")
    assert answer.intent == Intent.WRITER.value and works(answer) == {"work:chapter-4"}


def test_a_show_with_a_character_is_a_series(engine: Engine) -> None:
    # Winston is in the films too; "the show" is The Continental
    answer = ask(engine, "who created the show with winston in it")
    assert answer.answered and works(answer) == {"work:the-continental"}


def test_the_film_a_person_plays_a_character_in(engine: Engine) -> None:
    answer = ask(engine, "what year did the film halle berry plays sofia in come out")
    assert answer.intent == Intent.RELEASE_DATE.value and works(answer) == {"work:chapter-3"}
    answer = ask(engine, "when did the film that scott adkins is in come out")
    assert answer.intent == Intent.RELEASE_DATE.value and "2023" in answer.text


def test_several_works_are_each_asked_about(engine: Engine) -> None:
    answer = ask(engine, "when did the movies where ian mcshane plays winston come out")
    assert answer.intent == Intent.RELEASE_DATE.value
    assert {"work:john-wick", "work:chapter-4"} <= works(answer)
    assert "2014" in answer.text and "2017" in answer.text


def test_a_person_who_does_not_play_the_character_names_no_work(engine: Engine) -> None:
    assert hop(engine, "who directed the movie where halle berry plays caine") == [
        {"person:halle-berry"},
        {"character:caine"},
    ]
    answer = ask(engine, "who directed the movie where halle berry plays caine")
    assert "Chad Stahelski" not in answer.text


def test_a_phrase_that_asks_nothing_else_is_left_as_named(engine: Engine) -> None:
    # the works themselves are asked for: the names stay for the question to read
    assert hop(engine, "name the film in which halle berry plays sofia") == [
        {"person:halle-berry"},
        {"character:sofia"},
    ]
    # a name after "with" that is a person is the starring hop's ("the film with ...")
    assert hop(engine, "who directed the film with halle berry") == [{"work:chapter-3"}]


def test_hops_keep_the_names_gone_through(engine: Engine) -> None:
    words, scores = engine.index.correct(tokens("who scored the film where killa appears"))
    found: list[Mention] = engine.index.find(words, scores)
    mentions, via = engine.understander.hops.apply(words, found)
    assert [str(v) for v in via] == ["character:killa"]
    assert [m.key for m in mentions] == [("film", "where", "killa", "appears")]


def test_a_person_before_a_credit_and_a_film_noun_names_their_works(engine: Engine) -> None:
    answer = ask(engine, "scott adkins acted movies were directed by who")
    assert answer.intent == Intent.DIRECTOR.value and works(answer) == {"work:chapter-4"}
    answer = ask(engine, "what genre are len wiseman directed films")
    assert answer.intent == Intent.GENRE.value and works(answer) == {"work:ballerina"}
    # nothing else asked: the works themselves
    answer = ask(engine, "list the shay hatten written films")
    assert answer.answered and "Parabellum" in answer.text and not works(answer)


def test_counting_a_persons_works_asks_for_the_works_not_a_fact_of_them(engine: Engine) -> None:
    answer = ask(engine, "how many films written by shay hatten are there")
    assert answer.intent == Intent.WRITER.value and "Ballerina" in answer.text
    assert not any(e.startswith("work:") for e in answer.entities)


def test_names_joined_by_and_name_the_works_they_share(engine: Engine) -> None:
    # Keanu Reeves is in every film; with Halle Berry, only Parabellum
    answer = ask(engine, "what is the runtime of the movie starring keanu reeves and halle berry")
    assert answer.intent == Intent.RUNTIME.value and works(answer) == {"work:chapter-3"}
    # Donnie Yen is in the announced spin-off too; with Bill Skarsgård, Chapter 4
    answer = ask(engine, "when was the film with donnie yen and bill skarsgard released")
    assert works(answer) == {"work:chapter-4"}
    # credits too: the film both directed
    answer = ask(engine, "how long are the films directed by chad stahelski and david leitch")
    assert answer.intent == Intent.RUNTIME.value and works(answer) == {"work:john-wick"}
    # characters, and a character with a person
    answer = ask(engine, "who scored the film with killa and the marquis")
    assert works(answer) == {"work:chapter-4"}
    answer = ask(engine, "what genre is the movie with sofia and keanu reeves")
    assert works(answer) == {"work:chapter-3"}


def test_names_that_share_no_work_name_none(engine: Engine) -> None:
    assert hop(engine, "what genre is the movie with halle berry and ana de armas") == [
        {"person:halle-berry"},
        {"person:ana-de-armas"},
    ]


def test_the_franchise_name_before_the_noun_scopes_the_phrase(engine: Engine) -> None:
    # "the john wick movie where ..." is one of the franchise's, not the 2014 film
    answer = ask(engine, "what is the runtime of the john wick movie where halle berry plays sofia")
    assert answer.intent == Intent.RUNTIME.value and works(answer) == {"work:chapter-3"}
    answer = ask(engine, "who composed the jw film with killa in it")
    assert works(answer) == {"work:chapter-4"}
    # a noun inside another work's name is that work's ("the caine movie")
    assert ask(engine, "who is directing the caine movie").entities == ("work:caine",)


def test_a_place_before_the_noun_picks_among_the_works(engine: Engine) -> None:
    answer = ask(engine, "when did the first movie where ian mcshane plays winston come out")
    assert works(answer) == {"work:john-wick"} and "2014" in answer.text
    answer = ask(engine, "who directed the last film with charon in it")
    assert works(answer) == {"work:ballerina"} and "Len Wiseman" in answer.text
    answer = ask(engine, "how long is the 2nd film with the bowery king")
    assert works(answer) == {"work:chapter-3"}


def test_who_shares_a_credit_with_someone_is_asked_of_their_works(engine: Engine) -> None:
    # the writers of the films Michael Finch wrote name his co-writers
    answer = ask(engine, "who did michael finch co-write with")
    assert answer.intent == Intent.WRITER.value and "Shay Hatten" in answer.text
    assert "work:chapter-4" in works(answer)
    answer = ask(engine, "who acted alongside scott adkins")
    assert answer.intent == Intent.CAST.value and works(answer) == {"work:chapter-4"}
    answer = ask(engine, "co-stars of ana de armas")
    assert answer.intent == Intent.CAST.value and works(answer) == {"work:ballerina"}
    # what someone co-produced is their works, not who else produced them
    assert hop(engine, "what has keanu reeves co-produced") == [{"person:keanu-reeves"}]


def test_a_first_or_last_appearance_picks_that_work(engine: Engine) -> None:
    # Winston is in every film and (young) in the series: the first film is the 2014 one
    answer = ask(engine, "who directed the movie where winston first appears")
    assert works(answer) == {"work:john-wick"} and "David Leitch" in answer.text
    answer = ask(engine, "what year did the film that introduced the bowery king come out")
    assert works(answer) == {"work:chapter-2"} and "2017" in answer.text
    answer = ask(engine, "how long is the film in which caine is introduced")
    assert works(answer) == {"work:chapter-4"}
    answer = ask(engine, "who composed the score of the film where charon last appears")
    assert works(answer) == {"work:ballerina"}
    answer = ask(engine, "what is the rating of the film where the marquis debuts")
    assert works(answer) == {"work:chapter-4"}


def test_a_person_playing_someone_unnamed_names_their_works(engine: Engine) -> None:
    answer = ask(engine, "who wrote the film ana de armas plays in")
    assert answer.intent == Intent.WRITER.value and works(answer) == {"work:ballerina"}
    # "cain" names no one Wickbot knows: not Donnie Yen's own directing credit
    answer = ask(engine, "who directed the film where donnie yen plays cain")
    assert "credited as director" not in answer.text


def test_the_person_show_or_one_is_the_one_work_they_are_in(engine: Engine) -> None:
    answer = engine.ask("when did the mel gibson show come out", now=TODAY)
    assert answer.answered and answer.text.startswith("The Continental premiered")
    answer = engine.ask("how long is the halle berry one", now=TODAY)
    assert answer.answered and "Parabellum" in answer.text
    # in several works: "the keanu one" names none of them
    assert not engine.ask("how long is the keanu one", now=TODAY).answered


def test_a_credit_phrase_as_the_object_of_who_is_not_a_hop(engine: Engine) -> None:
    # "who wrote the music for chapter 4" asks who made the music: its composers
    answer = engine.ask("who wrote the music for chapter 4", now=TODAY)
    assert answer.intent == Intent.COMPOSER.value and "Tyler Bates" in answer.text
    # something else asked of the people credited still goes through them
    assert "Fremont" in engine.ask("where was the director of ballerina born", now=TODAY).text


def test_a_characters_actor_is_who_plays_them_when_more_is_asked(engine: Engine) -> None:
    # "winston's actor": Ian McShane, of whom something else is asked
    answer = engine.ask("what movie is winston's actor famous for", now=TODAY)
    assert answer.intent == Intent.PERSON_WORKS.value and "Deadwood" in answer.text
    assert "Lance Reddick" in engine.ask("how old is charon's actor", now=TODAY).text
    # asked who it is, it stays who plays them
    answer = engine.ask("who is winston's actor", now=TODAY)
    assert answer.intent == Intent.WHO_PLAYS.value and "Ian McShane" in answer.text
