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
    p
    for p in (ROOT / "bot").rglob("*.py")
    if not ADAPTERS & set(p.relative_to(ROOT / "bot").parts)
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
