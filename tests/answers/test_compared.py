"""A measure compared between the works a question names."""

from __future__ import annotations

from bot.engine import Engine
from tests.conftest import TODAY


def ask(engine: Engine, question: str):  # type: ignore[no-untyped-def]
    return engine.ask(question, now=TODAY)


def test_which_of_the_works_named_is_longer(engine: Engine) -> None:
    answer = ask(engine, "which is shorter, chapter 2 or chapter 4")
    assert answer.intent == "runtime"
    assert "John Wick: Chapter 2 (2017) is shorter" in answer.text
    assert "122 minutes" in answer.text and "169 minutes" in answer.text


def test_a_yes_no_comparison_says_yes_or_no(engine: Engine) -> None:
    assert ask(engine, "is ballerina longer than chapter 4").text.startswith("No:")
    assert ask(engine, "did chapter 4 cost more than chapter 2").text.startswith("Yes:")


def test_a_comparison_with_a_number_is_no_comparison_of_works(engine: Engine) -> None:
    # "longer than 2 hours" compares with the hours, as before
    answer = ask(engine, "is chapter 4 longer than 2 hours")
    assert answer.text.startswith("Yes:") and "Of " not in answer.text


def test_a_fact_without_a_measure_is_answered_for_each_work(engine: Engine) -> None:
    answer = ask(engine, "which film was released more recently, chapter 2 or parabellum")
    assert "2017" in answer.text and "2019" in answer.text


def test_who_of_the_people_named_is_older(engine: Engine) -> None:
    answer = ask(engine, "who is younger, laurence fishburne or keanu reeves")
    assert answer.intent == "person_born" and answer.text.startswith("Keanu Reeves is younger")
    assert "1961" in answer.text and "1964" in answer.text
    assert ask(engine, "is ian mcshane older than keanu").text.startswith("Yes:")
    # one person: the age, as before
    assert "so is 62 today" in ask(engine, "how old is keanu").text


def test_a_superlative_over_the_works_named_ranks_those(engine: Engine) -> None:
    question = "which one has the largest box office, chapter 2, chapter 3 or ballerina"
    answer = engine.ask(question, now=TODAY)
    assert answer.text.startswith(
        "Of John Wick: Chapter 2 (2017), John Wick: Chapter 3 – Parabellum (2019) and Ballerina"
        " (2025), John Wick: Chapter 3 – Parabellum (2019) is the highest"
    )
    # with none named, every film
    answer = engine.ask("which john wick had the largest budget", now=TODAY)
    assert answer.text.startswith("The most expensive John Wick film is John Wick: Chapter 4")


def test_a_name_compared_with_a_work_is_the_work(engine: Engine) -> None:
    answer = engine.ask("which has the lower budget, john wick or ballerina", now=TODAY)
    assert answer.text.startswith("Of John Wick (2014) and Ballerina (2025), John Wick (2014)")
