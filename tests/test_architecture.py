"""The core never imports discord: only bot/discord_ui does (and the CLI, lazily, to run it)."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import ROOT

ADAPTERS = {"discord_ui", "cli.py"}
CORE_FILES = sorted(
    p for p in (ROOT / "bot").rglob("*.py") if not ADAPTERS & set(p.relative_to(ROOT / "bot").parts)
)


def imported_modules(path: Path) -> list[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names = [a.name for n in ast.walk(tree) if isinstance(n, ast.Import) for a in n.names]
    names += [n.module or "" for n in ast.walk(tree) if isinstance(n, ast.ImportFrom)]
    return names


@pytest.mark.parametrize("path", CORE_FILES, ids=lambda p: str(p.relative_to(ROOT)))
def test_core_module_does_not_import_discord(path: Path) -> None:
    bad = [m for m in imported_modules(path) if m.split(".")[0] == "discord" or "discord_ui" in m]
    assert not bad


def test_the_command_line_answers_without_loading_discord() -> None:
    code = (
        "import sys, bot.cli, bot.app, bot.engine;"
        "sys.exit(1 if any(m == 'discord' or m.startswith('discord.') for m in sys.modules) else 0)"
    )
    assert subprocess.run([sys.executable, "-c", code], cwd=ROOT, timeout=60).returncode == 0


def _module_name(path: Path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


BOT_MODULES = {_module_name(p): p for p in (ROOT / "bot").rglob("*.py")}


def _bot_imports(path: Path) -> set[str]:
    """The bot modules ``path`` imports anywhere (top level, functions, TYPE_CHECKING)."""

    def resolve(name: str) -> str | None:
        while name and name not in BOT_MODULES:
            name = name.rpartition(".")[0]
        return name or None

    tree = ast.parse(path.read_text(encoding="utf-8"))
    found: set[str | None] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found |= {resolve(a.name) for a in node.names if a.name.split(".")[0] == "bot"}
        elif isinstance(node, ast.ImportFrom) and (node.module or "").split(".")[0] == "bot":
            found |= {resolve(f"{node.module}.{a.name}") for a in node.names}
    return {m for m in found if m and m != _module_name(path)}


def _cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Strongly connected components of more than one module (Tarjan)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    found: list[list[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        for dep in sorted(graph[node]):
            if dep not in index:
                visit(dep)
                low[node] = min(low[node], low[dep])
            elif dep in stack:
                low[node] = min(low[node], index[dep])
        if low[node] == index[node]:
            component = []
            while True:
                top = stack.pop()
                component.append(top)
                if top == node:
                    break
            if len(component) > 1:
                found.append(sorted(component))

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return found


def test_cycle_finder_sees_a_cycle() -> None:
    graph = {"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}
    assert _cycles(graph) == [["a", "b", "c"]]
    assert _cycles({"a": {"b"}, "b": set()}) == []


def test_no_import_cycles_among_bot_modules() -> None:
    graph = {name: _bot_imports(path) for name, path in BOT_MODULES.items()}
    assert "bot.facts.validate" in graph["bot.facts.loader"]  # the graph sees imports
    assert _cycles(graph) == []


def test_the_knowledge_model_does_not_depend_on_the_language_layer() -> None:
    upper = ("bot.nlu", "bot.answers", "bot.engine", "bot.app", "bot.cli")
    for name, path in BOT_MODULES.items():
        if name.startswith("bot.facts"):
            bad = [m for m in _bot_imports(path) if m.startswith(upper)]
            assert not bad, f"{name} imports {bad}"
