"""The loaded, validated knowledge base and the derived look-ups answers need."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

from bot.facts.schema import (
    CastEntry,
    Character,
    IntentPhrasings,
    LackingRelation,
    Person,
    Source,
    Topic,
    Work,
    WorkKind,
)
from bot.intents import REGISTRY

#: Credit lists of a work (fields of people) and the role each credits, from the registry.
CREDIT_ROLES = {d.field: d.noun for d in REGISTRY.values() if d.credit and d.field}


@dataclass(frozen=True)
class Role:
    """One appearance or credit of a person in a work."""

    work: Work
    role: str  # "actor", or a credit's noun: "director", "composer", "editor"...
    character: Character | None = None
    note: str | None = None


@dataclass(frozen=True)
class KnowledgeBase:
    """Everything Wickbot knows, immutable once loaded (a reload builds a new one)."""

    root: Path
    works: dict[str, Work]
    people: dict[str, Person]
    characters: dict[str, Character]
    topics: dict[str, Topic]
    sources: dict[str, Source]
    intents: dict[str, IntentPhrasings]
    lacking: dict[str, LackingRelation] = field(default_factory=dict)
    # derived look-ups, filled in __post_init__
    roles_by_person: dict[str, list[Role]] = field(init=False, repr=False)
    cast_by_character: dict[str, list[tuple[Work, CastEntry]]] = field(init=False, repr=False)
    _by_release: tuple[Work, ...] = field(init=False, repr=False)
    _by_story: tuple[Work, ...] = field(init=False, repr=False)

    def __post_init__(self) -> None:
        by_release = sorted(self.works.values(), key=lambda w: (w.release.date.sort_key(), w.id))
        object.__setattr__(self, "_by_release", tuple(by_release))
        placed = [w for w in self.works.values() if w.timeline and w.timeline.order is not None]
        by_story = sorted(placed, key=lambda w: (w.timeline.order if w.timeline else 0, w.id))
        object.__setattr__(self, "_by_story", tuple(by_story))
        roles: dict[str, list[Role]] = defaultdict(list)
        by_char: dict[str, list[tuple[Work, CastEntry]]] = defaultdict(list)
        for work in self.works_by_release():
            for entry in work.cast:
                char = self.characters.get(entry.character)
                roles[entry.person].append(Role(work, "actor", char, entry.note))
                by_char[entry.character].append((work, entry))
            for name, kind in CREDIT_ROLES.items():
                for credit in getattr(work, name):
                    roles[credit.person].append(Role(work, kind, None, credit.note))
        object.__setattr__(self, "roles_by_person", dict(roles))
        object.__setattr__(self, "cast_by_character", dict(by_char))

    def works_by_release(self) -> list[Work]:
        """All works, released ones first in release order, then undated ones."""
        return list(self._by_release)

    def works_by_story(self) -> list[Work]:
        """Works with a known place in the in-universe timeline, in story order."""
        return list(self._by_story)

    def films(self) -> list[Work]:
        """Feature films, in release order."""
        return [w for w in self.works_by_release() if w.kind is WorkKind.FILM]
