"""Chat answers are brief: whole sentences, the lead first, the question's words kept."""

from __future__ import annotations

from bot.answers.brevity import CHAT_LIMIT, brief


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
