"""How current the knowledge is: stale statuses of announced works, and the oldest dated facts.

``python -m bot check`` prints these as warnings: they never make the check fail, they tell a
maintainer what to look at again (see "Keeping the knowledge current" in the README).
"""

from __future__ import annotations

import calendar
import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from pydantic import BaseModel

from bot.facts.knowledge import KnowledgeBase
from bot.facts.loader import read_yaml
from bot.facts.problems import LocatedDoc, Path_, Problem, dotted
from bot.facts.schema import FuzzyDate, Precision, Status, Work

#: An announced work's ``status_as_of`` older than this many months gets a warning.
STALE_AFTER_MONTHS = 6
#: Statuses of works that are not out yet, whose news goes stale.
UPCOMING = frozenset(
    {Status.ANNOUNCED, Status.IN_DEVELOPMENT, Status.IN_PRODUCTION, Status.POST_PRODUCTION}
)
#: Attributes that name a list item in a readable way ("scores[0] (Rotten Tomatoes)").
_LABELS = ("site", "service", "region", "what", "title")


@dataclass(frozen=True)
class DatedFact:
    """A fact carrying an ``as_of`` date, located in its file."""

    file: str
    line: int
    field: str
    label: str
    as_of: FuzzyDate

    def __str__(self) -> str:
        where = f"{self.file}:{self.line}" if self.line else self.file
        label = f" ({self.label})" if self.label else ""
        return f"{where}: {self.field}{label}: as of {self.as_of.text}"


def last_day(date: FuzzyDate) -> dt.date | None:
    """The last calendar day a fuzzy date can mean (None for TBA)."""
    if date.precision is Precision.TBA or date.year is None:
        return None
    month = date.month or 12
    day = date.day or calendar.monthrange(date.year, month)[1]
    return dt.date(date.year, month, day)


def months_before(today: dt.date, months: int) -> dt.date:
    """``today`` moved back by whole calendar months (the day clamped to the month's end)."""
    index = today.year * 12 + today.month - 1 - months
    year, month = divmod(index, 12)
    day = min(today.day, calendar.monthrange(year, month + 1)[1])
    return dt.date(year, month + 1, day)


def _age_in_months(then: dt.date, today: dt.date) -> int:
    months = (today.year - then.year) * 12 + today.month - then.month
    return months - (today.day < then.day)


def _walk(value: Any, path: Path_) -> Iterator[tuple[Path_, str, FuzzyDate]]:
    """Every ``as_of`` / ``status_as_of`` date inside a model, with its path and a label."""
    if isinstance(value, BaseModel):
        for name in type(value).model_fields:
            item = getattr(value, name)
            if name in ("as_of", "status_as_of") and isinstance(item, FuzzyDate):
                parent = path if name == "as_of" else (*path, name)
                yield parent, _label(value) if name == "as_of" else "", item
            elif not isinstance(item, FuzzyDate):
                yield from _walk(item, (*path, name))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from _walk(item, (*path, index))


def _label(model: BaseModel) -> str:
    parts = [getattr(model, a) for a in _LABELS if isinstance(getattr(model, a, None), str)]
    return ", ".join(str(p) for p in parts[:2])


class Freshness:
    """Staleness warnings and the oldest dated facts of a loaded knowledge base."""

    def __init__(self, kb: KnowledgeBase) -> None:
        self.kb = kb
        self._docs: dict[str, LocatedDoc | None] = {}

    def _doc(self, work: Work) -> LocatedDoc | None:
        file = f"works/{work.id}.yaml"
        if file not in self._docs:
            ignored: list[Problem] = []
            path = self.kb.root / file
            self._docs[file] = read_yaml(path, self.kb.root, ignored) if path.is_file() else None
        return self._docs[file]

    def _where(self, work: Work, path: Path_) -> tuple[str, int]:
        doc = self._doc(work)
        return f"works/{work.id}.yaml", doc.line_of(path) if doc else 0

    def stale_statuses(self, today: dt.date) -> list[str]:
        """A warning per upcoming work whose status is older than six months (or undated)."""
        cutoff = months_before(today, STALE_AFTER_MONTHS)
        warnings: list[str] = []
        for work in self.kb.works_by_release():
            if work.status not in UPCOMING:
                continue
            file, line = self._where(work, ("status_as_of",))
            where = f"{file}:{line}" if line else file
            if work.status_as_of is None:
                file, line = self._where(work, ("status",))
                warnings.append(
                    f"{file}:{line}: status: {work.title} is {work.status.value} but has no "
                    "status_as_of; add the date of the latest news"
                )
                continue
            end = last_day(work.status_as_of)
            if end is not None and end < cutoff:
                age = _age_in_months(end, today)
                warnings.append(
                    f"{where}: status_as_of: {work.title} ({work.status.value}) was last checked "
                    f"{work.status_as_of.text}, {age} months before {today.isoformat()} (more "
                    f"than {STALE_AFTER_MONTHS}); look for news and move status_as_of forward"
                )
        return warnings

    def dated_facts(self) -> list[DatedFact]:
        """Every fact with an ``as_of`` date, oldest first."""
        facts: list[DatedFact] = []
        for work in self.kb.works_by_release():
            for path, label, as_of in _walk(work, ()):
                file, line = self._where(work, path)
                facts.append(DatedFact(file, line, dotted(path), label, as_of))
        return sorted(facts, key=lambda f: (f.as_of.sort_key(), f.file, f.line))


def freshness_report(kb: KnowledgeBase, today: dt.date, oldest: int = 10) -> list[str]:
    """The lines ``check`` prints after its summary: warnings first, then the oldest facts."""
    fresh = Freshness(kb)
    lines: list[str] = []
    warnings = fresh.stale_statuses(today)
    if warnings:
        lines.append(f"Warning: {len(warnings)} stale status{'es' * (len(warnings) != 1)}:")
        lines += [f"  {w}" for w in warnings]
    facts = fresh.dated_facts()
    if facts and oldest > 0:
        shown = facts[:oldest]
        lines.append(f"Oldest dated facts ({len(shown)} of {len(facts)}; refresh them first):")
        lines += [f"  {fact}" for fact in shown]
    return lines
