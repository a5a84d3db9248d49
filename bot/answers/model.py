"""What the engine returns: plain text plus the structure a Discord embed can use."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class CardField:
    """One labelled value of a card (an embed field on Discord)."""

    name: str
    value: str
    inline: bool = True


@dataclass(frozen=True)
class Card:
    """A rich card about one work, character, person or topic."""

    title: str
    description: str
    fields: tuple[CardField, ...] = ()
    footer: str = ""
    release: dt.date | None = None  # exact release date, for live Discord timestamps
    released: bool = False


@dataclass(frozen=True)
class Choice:
    """One option when a question could mean two things."""

    ref: str
    label: str


@dataclass(frozen=True)
class Answer:
    """The engine's reply to one question."""

    question: str
    answered: bool
    text: str
    intent: str | None = None
    confidence: float = 0.0
    entities: tuple[str, ...] = ()
    sources: tuple[str, ...] = ()
    card: Card | None = None
    choices: tuple[Choice, ...] = ()
    spoiler: str | None = None
    extras: dict[str, Any] = field(default_factory=dict)

    def to_json(self) -> dict[str, Any]:
        """The CLI's JSON form (a stable contract: keep these keys)."""
        return {
            "question": self.question,
            "answered": self.answered,
            "text": self.text,
            "intent": self.intent,
            "confidence": round(self.confidence, 3),
            "entities": list(self.entities),
            "sources": list(self.sources),
            "choices": [c.ref for c in self.choices],
            "spoiler": self.spoiler,
        }
