"""Chat answers are brief: whole sentences, the lead first, the question's words kept."""

from __future__ import annotations

from bot.answers.brevity import ASIDE_CHARS, CHAT_LIMIT, brief, sentences, without_asides


def test_short_text_is_unchanged() -> None:
    assert brief("Ballerina came out on June 6, 2025.") == "Ballerina came out on June 6, 2025."


def test_long_text_keeps_whole_sentences_within_the_limit() -> None:
    lead = "The High Table is the council of crime lords that governs the underworld."
    filler = " ".join(f"Sentence {i} says something long enough to matter here." for i in range(20))
    out = brief(f"{lead} {filler}")
    assert out.startswith(lead) and len(out) <= CHAT_LIMIT and out.endswith(".")


def test_the_sentence_with_the_question_words_is_kept() -> None:
    lead = "The Tracker's dog is a Belgian Malinois trained for the film."
    middle = " ".join(
        f"Detail {i} about the training and the shoot of the scene." for i in range(12)
    )
    answer = "The dog survives the end of Chapter 4."
    out = brief(f"{lead} {middle} {answer}", question=["does", "the", "dog", "survive"])
    assert out.startswith(lead) and answer in out and len(out) <= CHAT_LIMIT


def test_an_overlong_first_sentence_is_kept_whole() -> None:
    lead = "A " + "very " * 120 + "long sentence."
    assert brief(f"{lead} Second.") == lead


def test_long_asides_go_before_whole_sentences() -> None:
    aside = "(" + "a note on how this one was credited, " * 3 + "(nested) too)"
    text = " ".join(f"Film {n} was written by Someone {aside}." for n in range(1, 5))
    assert len(text) > CHAT_LIMIT
    short = brief(text)
    # every film's sentence stays; the notes go
    assert short == " ".join(f"Film {n} was written by Someone." for n in range(1, 5))


def test_short_asides_and_unbalanced_brackets_stay() -> None:
    assert without_asides("Len Wiseman (credited director) made it.") == (
        "Len Wiseman (credited director) made it."
    )
    open_bracket = "It (" + "x" * ASIDE_CHARS
    assert without_asides(open_bracket) == open_bracket


def test_a_numbered_list_is_not_cut_between_its_items() -> None:
    text = (
        "It has 3 episodes in 1 season: 1. “Brothers” (September 22, 2023); 2. “Loyalty” "
        "(September 29, 2023); 3. “Theater” (October 6, 2023). It was made in 2023. The end."
    )
    parts = sentences(text)
    assert parts[0].endswith("“Theater” (October 6, 2023).") and parts[1:] == [
        "It was made in 2023.",
        "The end.",
    ]
