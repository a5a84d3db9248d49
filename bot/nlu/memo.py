"""A bounded memo for the understanding step's pure look-ups (per token sequence).

Questions repeat ("who plays winston", "who plays <character>"), and so do the token
sequences the steps read; a step whose result depends only on its arguments and the loaded
knowledge remembers it here. Values must be immutable, or copied by the caller.
"""

from __future__ import annotations

from collections.abc import Hashable
from typing import Generic, TypeVar

from bot.nlu.classify import MEMO_SIZE

V = TypeVar("V")


class Memo(Generic[V]):
    """Results by key, at most ``size`` of them: the oldest is forgotten first."""

    def __init__(self, size: int = MEMO_SIZE) -> None:
        self.size = size
        self._items: dict[Hashable, V] = {}

    def get(self, key: Hashable) -> V | None:
        """The remembered result for ``key``, or None."""
        return self._items.get(key)

    def put(self, key: Hashable, value: V) -> V:
        """Remember ``value`` for ``key``; returns ``value``."""
        if len(self._items) >= self.size:
            self._items.pop(next(iter(self._items)))  # forget the oldest
        self._items[key] = value
        return value

    def __len__(self) -> int:
        return len(self._items)
