"""Turn plans into new file texts, prove nothing was dropped, and render the unified diff."""

from __future__ import annotations

import difflib
import shutil
import tempfile
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import yaml

from bot.facts.loader import KnowledgeError, load_knowledge
from bot.facts.schema import Work
from bot.refresh import yamledit
from bot.refresh.compare import Plan
from bot.refresh.remote import SourceRef

#: Where the refresh keeps the sources it cites (one entry per database record).
SOURCES_FILE = "sources/refresh.yaml"
_SOURCES_HEADER = """\
# Sources cited by `wickbot knowledge refresh`: records in public databases made for
# this (Wikidata, CC0; TMDB). `date` is the day the record was read, not written.
# Added and updated by the refresh command; edit by hand like any other source file.

sources:
"""


class DroppedFact(Exception):
    """A proposed edit would lose something already in the knowledge (a bug: never written)."""


def apply_plan(text: str, plan: Plan) -> str:
    """The work's YAML text with the plan's additions."""
    for name, items in plan.items.items():
        text = yamledit.append_items(text, name, items)
    if plan.runtime is not None:
        text = yamledit.add_block(text, ["runtime:", f"  minutes: {plan.runtime}"])
    if plan.release is not None:
        text = yamledit.set_in_block(text, "release", "date", f'"{plan.release}"')
    if plan.wikidata is not None:
        text = yamledit.set_flow_key(text, "ids", "wikidata", f'"{plan.wikidata}"', "status")
    for name, ids in plan.cites.items():
        text = yamledit.cite(text, name, ids)
    return text


def check_kept(old: Work, new: Work) -> None:
    """Raise :class:`DroppedFact` unless ``new`` holds everything ``old`` holds."""
    lost: list[str] = []
    for name in type(old).model_fields:
        before, after = getattr(old, name), getattr(new, name)
        if name == "sources":
            lost += [
                f"sources.{k}" for k, ids in before.items() if not set(ids) <= set(after.get(k, []))
            ]
        elif name == "release":
            same_rest = before.model_dump(exclude={"date"}) == after.model_dump(exclude={"date"})
            refined = before.date.text == "TBA" or after.date.text.startswith(before.date.text)
            if not (same_rest and refined):
                lost.append("release")
        elif name == "ids" and before is not None:
            kept = after is not None and all(
                getattr(after, k) == v for k, v in before.model_dump().items() if v is not None
            )
            if not kept:
                lost.append("ids")
        elif isinstance(before, list):
            if any(item not in after for item in before):
                lost.append(name)
        elif before is not None and before != after:
            lost.append(name)
    if lost:
        raise DroppedFact(f"{old.id}: the proposal would drop or change {', '.join(lost)}")


def sources_text(current: str | None, refs: Iterable[SourceRef], today: str) -> str:
    """``sources/refresh.yaml`` with entries for ``refs`` appended."""
    text = current if current is not None else _SOURCES_HEADER
    if not text.endswith("\n"):
        text += "\n"
    for ref in refs:
        text += (
            f"  {ref.id}:\n"
            f"    url: {_quote(ref.url)}\n"
            f"    title: {_quote(ref.title)}\n"
            f'    date: "{today}"\n'
            f'    note: "Read by wickbot knowledge refresh."\n'
        )
    return text


def _quote(value: str) -> str:
    return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'


def parse_work(text: str) -> Work:
    """A work's YAML text as a validated :class:`Work`."""
    data: Any = yaml.safe_load(text)
    return Work.model_validate(data)


def validate_tree(root: Path, changes: dict[str, str]) -> list[str]:
    """Problems the knowledge at ``root`` would have with ``changes`` (relative path -> text)."""
    with tempfile.TemporaryDirectory(prefix="wickbot-refresh-") as tmp:
        copy = Path(tmp) / "knowledge"
        shutil.copytree(root, copy)
        for rel, text in changes.items():
            (copy / rel).parent.mkdir(parents=True, exist_ok=True)
            (copy / rel).write_text(text, encoding="utf-8")
        try:
            load_knowledge(copy)
        except KnowledgeError as exc:
            return [str(p) for p in exc.problems]
    return []


def unified_diff(root: Path, old: dict[str, str | None], new: dict[str, str]) -> str:
    """A unified diff of every changed file, paths shown under the knowledge folder's name."""
    parts: list[str] = []
    for rel in sorted(new):
        before = old.get(rel)
        name = f"{root.name}/{rel}"
        parts += difflib.unified_diff(
            (before or "").splitlines(keepends=True),
            new[rel].splitlines(keepends=True),
            fromfile="/dev/null" if before is None else f"a/{name}",
            tofile=f"b/{name}",
        )
    return "".join(parts)
