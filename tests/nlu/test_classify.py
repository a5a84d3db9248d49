"""Intent scoring: exact phrasings score 1, unknown words dilute, stems match."""

from __future__ import annotations

from bot.engine import Engine
from bot.intents import Intent
from bot.nlu.classify import stem, template_tokens


def best(engine: Engine, words: list[str]) -> tuple[Intent, float]:
    scores = engine.classifier.scores(words)
    intent = max(scores, key=scores.__getitem__)
    return intent, scores[intent]


def test_templates_keep_slots() -> None:
    assert template_tokens("who plays {character} in {work}") == [
        "who",
        "plays",
        "<character>",
        "in",
        "<work>",
    ]


def test_an_exact_phrasing_scores_one(engine: Engine) -> None:
    intent, score = best(engine, ["who", "plays", "<character>"])
    assert intent is Intent.WHO_PLAYS and score > 0.99


def test_stems_match_inflections() -> None:
    assert stem("released") == stem("releasing") == stem("release") == stem("releases")
    assert stem("directed") == stem("directing")
    assert stem("<work>") == "<work>"


def test_unknown_words_dilute(engine: Engine) -> None:
    _, plain = best(engine, ["who", "is", "<person>"])
    _, odd = best(engine, ["who", "is", "<person>", "wife"])
    assert odd < plain


def test_slots_decide_between_similar_questions(engine: Engine) -> None:
    assert best(engine, ["who", "is", "<character>"])[0] is Intent.CHARACTER_INFO
    assert best(engine, ["who", "is", "<person>"])[0] is Intent.PERSON_WORKS


def test_plural_and_singular_share_a_stem() -> None:
    for one, more in (("rule", "rules"), ("release", "releases"), ("name", "names")):
        assert stem(one) == stem(more), (one, more)
    assert stem("boxes") == stem("box") and stem("watches") == stem("watch")


def test_the_verb_of_filming_is_not_the_noun_for_a_work() -> None:
    assert stem("films") == stem("film") != stem("filmed")
    assert stem("filmed") == stem("filming")
