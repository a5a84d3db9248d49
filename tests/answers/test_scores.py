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
