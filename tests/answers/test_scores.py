"""Review scores: the critics' by default, the audience's when asked."""

from __future__ import annotations

from bot.engine import Engine
from tests.conftest import TODAY


def test_the_audience_score_is_given_when_asked(engine: Engine) -> None:
    # the notes' audience figures come with the critics' score when the audience is asked
    answer = engine.ask("audience score of ballerina on rotten tomatoes", now=TODAY)
    assert "Audience score 94%" in answer.text and ".." not in answer.text
    assert "Audience" not in engine.ask("rotten tomatoes score of ballerina", now=TODAY).text
    assert engine.ask("what's the popcornmeter for parabellum", now=TODAY).answered


def test_a_site_the_work_has_no_score_on_is_lacking(engine: Engine) -> None:
    answer = engine.ask("chapter 2's imdb score", now=TODAY)
    assert not answer.answered
    assert answer.text.startswith("I don't have the IMDb score of John Wick: Chapter 2")
    assert "Rotten Tomatoes 89%" in answer.text  # what it has instead
    # the site's score read apart from "rating": the review score, not the age rating
    answer = engine.ask("what is the rating of john wick chapter 4 on imdb", now=TODAY)
    assert answer.answered and "IMDb 7.8" in answer.text


def test_a_site_named_ranks_by_that_sites_numbers(engine: Engine) -> None:
    # ranked by Metacritic (Ballerina 62), not one work's scores
    answer = engine.ask("which john wick movie got the worst metacritic score", now=TODAY)
    assert answer.text.startswith("The worst-reviewed John Wick film is Ballerina (2025)")
    assert "Metacritic 62" in answer.text
    # only two films have an IMDb score: the others are said to have none
    answer = engine.ask("top imdb score of the john wick films", now=TODAY)
    assert "is John Wick: Chapter 4 (2023)" in answer.text and "I have no figure for" in answer.text
