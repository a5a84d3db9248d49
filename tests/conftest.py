"""Shared fixtures: the real knowledge base and an engine with a fixed clock."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from bot.engine import Engine
from bot.facts import KnowledgeBase, load_knowledge

pytest_plugins = ["tests.postgres"]  # the postgres_server and postgres_url fixtures

ROOT = Path(__file__).resolve().parent.parent
KNOWLEDGE = ROOT / "knowledge"
#: The "today" most tests answer for (the day this project's facts were checked).
TODAY = dt.datetime(2026, 11, 25, 12, 0, tzinfo=dt.UTC)


@pytest.fixture(scope="session")
def kb() -> KnowledgeBase:
    return load_knowledge(KNOWLEDGE)


@pytest.fixture(scope="session")
def engine(kb: KnowledgeBase) -> Engine:
    return Engine(kb, clock=lambda: TODAY)
