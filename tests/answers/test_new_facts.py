"""The facts the knowledge issue added are answered in plain English.

Questions written as fans ask them (not copied from the YAML); each checks the fact and, where
time matters, that it is dated ("as of") or computed for the asker's day.
"""

from __future__ import annotations

import pytest

from bot.engine import Engine
from tests.conftest import TODAY


@pytest.mark.parametrize(
    ("question", "facts"),
    [
        ("who did the music for parabellum", ["Tyler Bates", "Joel J. Richard"]),
        ("who shot chapter 4", ["Dan Laustsen"]),
        ("who edited the first john wick", ["Elísabet Ronaldsdóttir"]),
        ("who ran the fights in chapter 2", ["J.J. Perry"]),
        ("which companies made ballerina", ["Thunder Road", "87Eleven"]),
        ("what did tyler bates compose", ["Chapter 4", "Ballerina"]),
        ("how many episodes does the continental have", ["3 episodes", "1 season"]),
        ("what was the last episode of the continental called", ["Theater of Pain"]),
        ("where can i stream ballerina", ["Starz", "as of March 2026"]),
        ("when was ian mcshane born", ["September 29, 1942", "84"]),
        ("how old was lance reddick when he died", ["March 17, 2023", "60 or 61"]),
        ("is lance reddick still alive", ["died on March 17, 2023"]),
        ("what nationality is keanu reeves", ["Canadian"]),
        ("how old is dean winters", ["July 20, 1964", "62"]),
        ("when was jerome flynn born", ["March 16, 1963", "Bromley"]),
        ("where is said taghmaoui from", ["French", "Villepinte"]),
        ("what nationality is riccardo scamarcio", ["Italian", "Trani"]),
        ("is peter greene still alive", ["died on December 12, 2025", "60"]),
        ("how old is katie mcgrath", ["1983", "42 or 43"]),
        ("where is romain lacourbas from", ["French", "Known for shooting", "Taken 2"]),
        ("what nationality is jason ballantine", ["Australian", "It (2017)"]),
        ("when was catalina sandino moreno born", ["April 19, 1981", "Bogotá"]),
        ("what guns does john use in chapter 4", ["Pit Viper"]),
        ("what awards did chapter 4 win", ["Critics Choice"]),
        ("what's the tagline of john wick", ["Don't set him off"]),
        ("what's the tagline for parabellum", ["Every action has consequences"]),
        ("what was the poster line for the fourth movie", ["No way back, one way out"]),
        ("did john wick 2 win any awards", ["Golden Trailer", "2017"]),
        ("what awards did parabellum win", ["Best in Show", "Critics' Choice"]),
        ("when did the ballerina trailer come out", ["September 26, 2024"]),
        ("what songs are in chapter 4", ["Eye for an Eye"]),
        ("what does john do for a living", ["hitman"]),
        ("where is john wick from", ["Belarus"]),
        ("how long is the 3rd john wick movie", ["130"]),
        ("what's the 4th john wick film rated?", ["Chapter 4", "R"]),
        ("who directed the latest john wick movie", ["Len Wiseman"]),
        ("which john wick is the longest", ["Chapter 4", "169"]),
    ],
)
def test_new_fact_is_answered(engine: Engine, question: str, facts: list[str]) -> None:
    answer = engine.ask(question, now=TODAY)
    assert answer.answered, answer.text
    for fact in facts:
        assert fact in answer.text, f"{question!r}: {fact!r} not in {answer.text!r}"


@pytest.mark.parametrize(
    ("question", "missing"),
    [
        ("who edited chapter 5", "editor"),
        ("what camera was chapter 4 shot on", "camera"),
        ("who was the costume designer on ballerina", "costume"),
        ("how tall is keanu reeves", "height"),
        ("where can i stream john wick 2 in canada", "Canada"),
        ("what song plays in the club scene in john wick", "scene"),
    ],
)
def test_missing_fact_says_so_and_answers_nothing_else(
    engine: Engine, question: str, missing: str
) -> None:
    answer = engine.ask(question, now=TODAY)
    assert not answer.answered
    said = "I don't" in answer.text or "has been announced" in answer.text
    assert said and missing in answer.text, answer.text


def test_a_trailer_of_an_announced_work_is_not_out_yet(engine: Engine) -> None:
    answer = engine.ask("is there a trailer for john wick 5", now=TODAY)
    assert answer.answered and "no trailer yet" in answer.text and "as of" in answer.text


def test_a_value_of_a_work_not_out_yet_is_said_as_lacking(engine: Engine) -> None:
    """ "Is there a trailer" is answered no; "what will its runtime be" asks for a value
    there is none of yet: the same reason, given as what Wickbot lacks (not an answer)."""
    answer = engine.ask("what will the runtime of chapter 5 be", now=TODAY)
    assert not answer.answered
    assert answer.text.startswith("John Wick: Chapter 5 is in development (as of")
    assert "no announced runtime yet" in answer.text


@pytest.mark.parametrize(
    ("question", "facts"),
    [
        ("who wrote the films directed by len wiseman", ["Ballerina", "Shay Hatten"]),
        ("what languages are spoken in the films directed by len wiseman", ["English"]),
        ("when did the movies starred by ana de armas come out", ["June 6, 2025"]),
    ],
)
def test_works_named_through_a_person_one_hop(
    engine: Engine, question: str, facts: list[str]
) -> None:
    answer = engine.ask(question, now=TODAY)
    assert answer.answered, answer.text
    assert all(fact in answer.text for fact in facts), answer.text


@pytest.mark.parametrize(
    ("question", "facts"),
    [
        ("when did the prequel series come out", ["The Continental", "September 22, 2023"]),
        ("who directed the spin-off with ana de armas", ["Len Wiseman"]),
        ("who plays winston in the series with mel gibson", ["Colin Woodell"]),
    ],
)
def test_works_named_by_description(engine: Engine, question: str, facts: list[str]) -> None:
    answer = engine.ask(question, now=TODAY)
    assert answer.answered, answer.text
    assert all(fact in answer.text for fact in facts), answer.text


def test_a_name_set_aside_is_left_out(engine: Engine) -> None:
    answer = engine.ask("who was in chapter 4 besides Keanu?", now=TODAY)
    assert answer.answered and "Donnie Yen" in answer.text
    assert "Keanu" not in answer.text
