"""Which function composes each intent's answer (filled by ``@composes``)."""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeAlias

from bot.answers.base import Composed, Request, Writer
from bot.intents import Intent

ComposeFn: TypeAlias = Callable[[Writer, Request], Composed]
#: The composer of every intent; ``tests/test_intents.py`` checks that none is missing.
COMPOSERS: dict[Intent, ComposeFn] = {}


def composes(*intents: Intent) -> Callable[[ComposeFn], ComposeFn]:
    """Register the decorated function as the composer of ``intents`` (once each)."""

    def register(fn: ComposeFn) -> ComposeFn:
        for intent in intents:
            if intent in COMPOSERS:
                raise ValueError(f"{intent} already has a composer: {COMPOSERS[intent]}")
            COMPOSERS[intent] = fn
        return fn

    return register
