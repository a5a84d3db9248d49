"""Where a question starts after its opening ("hey", "does anyone know", "i was wondering")."""

from __future__ import annotations

from bot.engine import Engine
from bot.nlu.normalise import tokens
from bot.nlu.words import clauses, one_episode, question_start, without_tag
from tests.conftest import TODAY


def start(text: str) -> tuple[list[str], bool]:
    words = tokens(text)
    at, conditional = question_start(words)
    return words[at:], conditional


def test_openings_are_skipped() -> None:
    assert start("hey so like is it rated r") == (["is", "it", "rated", "r"], False)
    assert start("does anyone know who directed it") == (["who", "directed", "it"], False)
    assert start("can you tell me who directed it") == (["who", "directed", "it"], False)
    assert start("i was wondering when it comes out")[0] == ["when", "it", "comes", "out"]


def test_an_opening_ending_in_if_makes_a_yes_no_question() -> None:
    assert start("do you know if it is on netflix") == (["it", "is", "on", "netflix"], True)


def test_a_question_without_an_opening_is_whole() -> None:
    assert start("is it rated r") == (["is", "it", "rated", "r"], False)
    assert start("and the last one?")[0] == ["and", "the", "last", "one"]  # a follow-up
    assert start("hey") == (["hey"], False)  # nothing after the opening: nothing skipped


def test_a_yes_no_question_after_an_opening_gets_yes_or_no(engine: Engine) -> None:
    for opening in ("", "hey ", "quick question: ", "i was wondering ", "so like "):
        answer = engine.ask(f"{opening}is ballerina a comedy", TODAY)
        assert answer.answered and answer.text.startswith("No"), (opening, answer.text)
        answer = engine.ask(f"{opening}is jw4 rated r", TODAY)
        assert answer.answered and answer.text.startswith("Yes"), (opening, answer.text)


def test_chat_abbreviations_around_a_question_change_nothing(engine: Engine) -> None:
    plain = engine.ask("who played the marquis in jw4", TODAY)
    for tail in (" btw", " tbh", " thx", " rn"):
        answer = engine.ask(f"who played the marquis in jw4{tail}", TODAY)
        assert answer.answered and answer.text == plain.text, tail


def test_two_questions_joined_by_and_are_two_clauses() -> None:
    assert clauses("who directed ballerina and when did it come out") == [
        "who directed ballerina",
        "when did it come out",
    ]
    assert clauses("How long is it, and is it rated R?") == ["How long is it", "is it rated R?"]
    # "and" between names joins no questions
    assert clauses("who is in chapter 4 and ballerina") == ["who is in chapter 4 and ballerina"]
    assert clauses("keanu and who else") == ["keanu and who else"]


def test_a_short_preamble_before_but_and_a_question_is_skipped() -> None:
    assert start("sorry if this is dumb but who plays winston")[0] == ["who", "plays", "winston"]
    assert start("sorry if dumb but is chapter 4 the last one") == (
        ["is", "chapter", "4", "the", "last", "one"],
        False,
    )
    # "but" inside the question is kept
    assert start("who plays winston but not in the show")[0][0] == "who"


def test_is_it_true_that_asks_yes_or_no_of_what_follows() -> None:
    words = "is it true that halle berry is in parabellum".split()
    assert question_start(words) == (4, True)
    assert question_start("is it true".split()) == (0, False)


def test_one_episode_is_named_by_number_place_or_pilot() -> None:
    assert one_episode("who directed episode 2".split()) == {2, 3}
    assert one_episode("the continental 3 ep".split()) == {2, 3}
    assert one_episode("the final episode".split()) == {1, 2}
    assert one_episode("the continental finale".split()) == {2}
    # every episode, or an episode word alone, names no one episode
    assert one_episode("how many episodes".split()) == set()
    assert one_episode("which episode has mel gibson".split()) == set()


def test_a_tag_after_a_statement_asks_whether_it_is_so() -> None:
    assert without_tag(tokens("ballerina was directed by len wiseman, right?")) == (
        tokens("ballerina was directed by len wiseman"),
        True,
    )
    assert without_tag(tokens("keanu's not in the continental, is he"))[1]
    assert without_tag(tokens("chapter 4 is rated r, isn't it"))[0] == tokens(
        "chapter 4 is rated r"
    )
    assert without_tag(tokens("ian mcshane plays winston am i right"))[0] == tokens(
        "ian mcshane plays winston"
    )
    # a question, or too short a statement, has no tag
    assert without_tag(tokens("who is he")) == (tokens("who is he"), False)
    assert without_tag(tokens("is that right")) == (tokens("is that right"), False)
    assert not without_tag(tokens("turn right"))[1]


def test_a_reported_statement_is_asked_yes_or_no() -> None:
    assert start("i read that chapter 4 made over 400 million") == (
        tokens("chapter 4 made over 400 million"),
        True,
    )
    assert start("my friend says keanu is in ballerina") == (tokens("keanu is in ballerina"), True)
    # a question after the frame is asked as it stands
    assert start("i think who plays winston")[1] is False


def test_a_search_request_opening_is_skipped() -> None:
    assert start("i'm looking for films with keanu reeves")[0] == tokens("films with keanu reeves")
    assert start("find me movies with ian mcshane")[0] == tokens("movies with ian mcshane")
