"""Names for slash-command options: autocomplete and free-text look-up.

Built from the engine's own name index (display names and every alias), so the options
accept exactly what questions accept. Discord-free; one catalog per engine.
"""

from __future__ import annotations

import weakref
from collections.abc import Collection, Iterable
from dataclasses import dataclass

from rapidfuzz import fuzz, process

from bot.engine import Engine
from bot.nlu.entities import EntityRef
from bot.nlu.normalise import tokens

#: Discord shows at most this many autocomplete choices.
MAX_CHOICES = 25
#: rapidfuzz ``WRatio`` a name needs to be suggested while typing.
SUGGEST_CUTOFF = 60.0
#: ``WRatio`` free text needs to be taken as a name ("parabelum" -> Parabellum).
RESOLVE_CUTOFF = 86.0
#: ...and by how much it must beat the best other thing.
RESOLVE_MARGIN = 4.0
#: ``fuzz.ratio`` an unknown ``!word`` needs to be read as a typo of a one-word name.
TYPO_CUTOFF = 90.0
#: Shorter ``!words`` are never read as typos (``!rank`` is not Frank).
TYPO_MIN_LENGTH = 6
#: When one name means several things, the first kind here wins (``!johnwick`` is the film).
KIND_ORDER = ("work", "character", "topic", "person")
WORKS = frozenset({"work"})
CHARACTERS = frozenset({"character"})


@dataclass(frozen=True, slots=True)
class Entry:
    """One searchable name: the normalised text and the thing it names."""

    text: str
    ref: EntityRef


class NameCatalog:
    """Every name and alias of one engine's knowledge, by kind."""

    def __init__(self, engine: Engine) -> None:
        index = engine.index
        self._names = index.names
        self._display = index.display
        entries: list[Entry] = []
        for key, targets in index.names.items():
            entries.extend(Entry(" ".join(key), t.ref) for t in targets)
        for ref, name in index.display.items():
            entries.append(Entry(" ".join(tokens(name)), ref))
        self._entries = list(dict.fromkeys(entries))
        order = [w.id for w in engine.kb.works_by_release()]
        rank = {("work", wid): i for i, wid in enumerate(order)}
        self._all = sorted(
            index.display,
            key=lambda r: (KIND_ORDER.index(r.kind), rank.get((r.kind, r.id), 0), self.label(r)),
        )

    def label(self, ref: EntityRef) -> str:
        """Display name of ``ref``."""
        return self._display.get(ref, ref.id)

    def complete(self, current: str, kinds: Collection[str]) -> list[tuple[str, str]]:
        """Up to 25 (label, value) choices for the partial input ``current``.

        Names starting with the input come first, then fuzzy matches; the value is the
        thing's reference (``work:ballerina``), which :meth:`resolve` accepts back.
        """
        query = " ".join(tokens(current))
        if not query:
            refs: Iterable[EntityRef] = (r for r in self._all if r.kind in kinds)
        else:
            pool = [e for e in self._entries if e.ref.kind in kinds]
            prefix = sorted(
                (e for e in pool if e.text.startswith(query)), key=lambda e: len(e.text)
            )
            fuzzy = process.extract(
                query,
                [e.text for e in pool],
                scorer=fuzz.WRatio,
                limit=MAX_CHOICES * 4,
                score_cutoff=SUGGEST_CUTOFF,
            )
            refs = [e.ref for e in prefix] + [pool[i].ref for _, _, i in fuzzy]
        choices: list[tuple[str, str]] = []
        for ref in dict.fromkeys(refs):
            choices.append((self.label(ref), str(ref)))
            if len(choices) == MAX_CHOICES:
                break
        return choices

    def exact(self, text: str, kinds: Collection[str] = KIND_ORDER) -> EntityRef | None:
        """The thing ``text`` names exactly (any alias; spaces optional), or None."""
        ref = self._parse_ref(text, kinds)
        if ref is not None:
            return ref
        key = tuple(tokens(text))
        refs = [t.ref for t in self._names.get(key, ()) if t.ref.kind in kinds]
        if not refs:
            return None
        return min(refs, key=lambda r: KIND_ORDER.index(r.kind))

    def resolve(self, text: str, kinds: Collection[str]) -> EntityRef | None:
        """What free text (or an autocomplete value) names: exact, then a clear fuzzy match."""
        ref = self.exact(text, kinds)
        if ref is not None:
            return ref
        return self.closest(text, kinds, RESOLVE_CUTOFF)

    def closest(self, text: str, kinds: Collection[str], cutoff: float) -> EntityRef | None:
        """The best fuzzy match scoring at least ``cutoff`` and clearly ahead of the rest."""
        query = " ".join(tokens(text))
        if not query:
            return None
        pool = [e for e in self._entries if e.ref.kind in kinds]
        found = process.extract(
            query, [e.text for e in pool], scorer=fuzz.WRatio, limit=10, score_cutoff=cutoff
        )
        if not found:
            return None
        best = pool[found[0][2]].ref
        rivals = [score for _, score, i in found if pool[i].ref != best]
        if rivals and found[0][1] - rivals[0] < RESOLVE_MARGIN:
            return None
        return best

    def typo(self, word: str, kinds: Collection[str] = KIND_ORDER) -> EntityRef | None:
        """The one-word name ``word`` is a clear typo of (``parabelum``), or None."""
        query = " ".join(tokens(word))
        if len(query) < TYPO_MIN_LENGTH or " " in query:
            return None
        pool = [e for e in self._entries if e.ref.kind in kinds and " " not in e.text]
        found = process.extractOne(
            query, [e.text for e in pool], scorer=fuzz.ratio, score_cutoff=TYPO_CUTOFF
        )
        return None if found is None else pool[found[2]].ref

    def _parse_ref(self, text: str, kinds: Collection[str]) -> EntityRef | None:
        kind, sep, ident = text.strip().partition(":")
        if not sep or kind not in kinds:
            return None
        ref = EntityRef(kind, ident)
        return ref if ref in self._display else None


_CATALOGS: weakref.WeakKeyDictionary[Engine, NameCatalog] = weakref.WeakKeyDictionary()


def catalog(engine: Engine) -> NameCatalog:
    """The catalog of ``engine`` (built once per engine, so a reload gets a fresh one)."""
    found = _CATALOGS.get(engine)
    if found is None:
        found = _CATALOGS[engine] = NameCatalog(engine)
    return found
