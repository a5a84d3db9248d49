"""Fixtures for tests that run a real discord.py client against the local Discord emulator."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from bot.app import Core

from .emulator import DiscordEmulator, point_discord_py_at
from .wick import make_core


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line(
        "markers",
        "discord_emulator(**options): keyword arguments for the DiscordEmulator fixture, "
        "e.g. message_content_allowed=False",
    )


@pytest.fixture
async def discord_emulator(request: pytest.FixtureRequest) -> AsyncIterator[DiscordEmulator]:
    """A started emulator with discord.py pointed at it (restored afterwards).

    Configure it with ``@pytest.mark.discord_emulator(message_content_allowed=False, ...)``.
    Fails the test if asyncio tasks are still pending once the emulator has stopped.
    """
    marker = request.node.get_closest_marker("discord_emulator")
    options = dict(marker.kwargs) if marker else {}
    async with DiscordEmulator(**options) as emulator:
        with point_discord_py_at(emulator):
            yield emulator
    await asyncio.sleep(0)  # let tasks that were just told to finish do so
    leaked = [t for t in asyncio.all_tasks() if t is not asyncio.current_task()]
    if leaked:
        pytest.fail(f"tasks still pending after the test (close the client?): {leaked}")


@pytest.fixture
async def core(discord_emulator: DiscordEmulator, tmp_path: Path) -> AsyncIterator[Core]:
    """Wickbot's core as production builds it (fixed clock, SQLite store in ``tmp_path``)."""
    built = make_core(discord_emulator, tmp_path)
    try:
        yield built
    finally:
        await built.store.close()
