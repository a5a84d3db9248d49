"""Load ``knowledge/`` into a :class:`KnowledgeBase`, reporting every problem at once.

Each problem names the file, the line and the field path, so an admin who breaks a YAML
file knows exactly where to look. Nothing is half-loaded: either the whole directory is
valid and a new KnowledgeBase is returned, or :class:`KnowledgeError` lists what is wrong.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml
from pydantic import BaseModel, ValidationError

from bot.facts.knowledge import KnowledgeBase
from bot.facts.problems import Entry, LocatedDoc, Path_, Problem, dotted
from bot.facts.schema import (
    Character,
    IntentPhrasings,
    LackingRelation,
    Person,
    Source,
    Topic,
    Work,
)
from bot.facts.validate import cross_check

try:  # the C parser is much faster; fall back to pure Python where it is missing
    from yaml import CSafeLoader as _YamlLoader
except ImportError:  # pragma: no cover
    from yaml import SafeLoader as _YamlLoader  # type: ignore[assignment]

#: Top-level sections a knowledge file may hold, and the model of each entry.
SECTIONS: dict[str, type[BaseModel]] = {
    "people": Person,
    "characters": Character,
    "topics": Topic,
    "sources": Source,
    "intents": IntentPhrasings,
    "lacking": LackingRelation,
}
_TIMESTAMP_TAG = "tag:yaml.org,2002:timestamp"
_CONSTRUCTOR = yaml.constructor.SafeConstructor()


class KnowledgeError(Exception):
    """The knowledge base is invalid; ``problems`` lists everything found."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = sorted(problems)
        count = len(self.problems)
        super().__init__(f"{count} problem{'s' * (count != 1)} in the knowledge base")


def _construct(node: yaml.Node, path: Path_, doc: LocatedDoc, problems: list[Problem]) -> Any:
    doc.lines[path] = node.start_mark.line + 1
    if isinstance(node, yaml.MappingNode):
        result: dict[Any, Any] = {}
        for key_node, value_node in node.value:
            key = _construct(key_node, path, doc, problems)
            if not isinstance(key, (str, int)):
                key = str(key)
            if key in result:
                line = key_node.start_mark.line + 1
                problems.append(Problem(doc.file, line, dotted((*path, key)), "duplicate key"))
            result[key] = _construct(value_node, (*path, key), doc, problems)
        doc.lines[path] = node.start_mark.line + 1
        return result
    if isinstance(node, yaml.SequenceNode):
        return [_construct(item, (*path, i), doc, problems) for i, item in enumerate(node.value)]
    if node.tag == _TIMESTAMP_TAG:  # keep dates as text; the schema parses them with precision
        return node.value
    value = _CONSTRUCTOR.construct_object(node, deep=True)
    _CONSTRUCTOR.constructed_objects.pop(node, None)  # it would keep every node it ever built
    return value


def read_yaml(path: Path, root: Path, problems: list[Problem]) -> LocatedDoc | None:
    """Parse one file, keeping line numbers; syntax errors become problems."""
    rel = path.relative_to(root).as_posix()
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        problems.append(Problem(rel, 0, "", f"cannot read file: {exc}"))
        return None
    try:
        node = yaml.compose(text, Loader=_YamlLoader)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark else 0
        problems.append(Problem(rel, line, "", f"malformed YAML: {exc.problem or exc}"))
        return None
    doc = LocatedDoc(rel, None, {})
    if node is not None:
        doc.data = _construct(node, (), doc, problems)
    return doc


def validate_model(
    model: type[BaseModel], data: Any, doc: LocatedDoc, base: Path_, problems: list[Problem]
) -> Any:
    """Validate ``data`` against ``model``; each pydantic error becomes a located problem."""
    try:
        return model.model_validate(data)
    except ValidationError as exc:
        for err in exc.errors(include_url=False):
            loc = base + tuple(p for p in err["loc"] if isinstance(p, (str, int)))
            message = err["msg"].removeprefix("Value error, ")
            problems.append(Problem(doc.file, doc.line_of(loc), dotted(loc), message))
        return None


def load_knowledge(root: Path | str) -> KnowledgeBase:
    """Load and validate every ``*.yaml`` under ``root``.

    Files in ``works/`` hold one work each; any other file holds one or more of the
    sections ``people``, ``characters``, ``topics``, ``sources`` and ``intents``.
    Raises :class:`KnowledgeError` listing all problems when anything is wrong.
    """
    root = Path(root)
    problems: list[Problem] = []
    if not root.is_dir():
        raise KnowledgeError([Problem(str(root), 0, "", "knowledge directory not found")])
    entries: dict[str, list[Entry]] = {"works": [], **{name: [] for name in SECTIONS}}
    files = sorted(p for p in root.rglob("*.yaml") if p.is_file())
    if not files:
        problems.append(Problem(str(root), 0, "", "no .yaml files found"))
    for path in files:
        doc = read_yaml(path, root, problems)
        if doc is None:
            continue
        in_works = path.parent.name == "works"
        if doc.data is None:
            problems.append(Problem(doc.file, 1, "", "file is empty"))
        elif not isinstance(doc.data, dict):
            problems.append(Problem(doc.file, 1, "", "expected a mapping at the top level"))
        elif in_works:
            work = validate_model(Work, doc.data, doc, (), problems)
            if work is not None:
                if work.id != path.stem:
                    msg = f"id {work.id!r} should match the file name {path.stem!r}"
                    problems.append(Problem(doc.file, doc.line_of(("id",)), "id", msg))
                entries["works"].append(Entry(work, doc, ()))
        else:
            _load_sections(doc, entries, problems)
    kb = cross_check(entries, root, problems)
    if problems:
        raise KnowledgeError(problems)
    return kb


def _load_sections(
    doc: LocatedDoc, entries: dict[str, list[Entry]], problems: list[Problem]
) -> None:
    for section, body in doc.data.items():
        model = SECTIONS.get(section)
        if model is None:
            known = ", ".join(SECTIONS)
            msg = f"unknown section (expected one of: {known}; works go in works/)"
            problems.append(Problem(doc.file, doc.line_of((section,)), str(section), msg))
            continue
        if section in ("sources", "intents", "lacking"):
            if not isinstance(body, dict):
                msg = "expected a mapping of id: entry"
                problems.append(Problem(doc.file, doc.line_of((section,)), section, msg))
                continue
            for key, value in body.items():
                path: Path_ = (section, key)
                item = validate_model(model, value, doc, path, problems)
                if item is not None:
                    entries[section].append(Entry((str(key), item), doc, path))
            continue
        if not isinstance(body, list):
            msg = "expected a list of entries"
            problems.append(Problem(doc.file, doc.line_of((section,)), section, msg))
            continue
        for index, value in enumerate(body):
            path = (section, index)
            item = validate_model(model, value, doc, path, problems)
            if item is not None:
                entries[section].append(Entry(item, doc, path))
