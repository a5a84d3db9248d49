"""A Wickbot process for the scale tests: production ``serve()`` with two test hooks.

``python -m tests.discord_ui.scale_harness CLOCK_FILE TICK_SECONDS``: settings come from the
environment as for ``python -m bot`` (DATABASE_URL, SHARD_COUNT, SHARD_IDS, DISCORD_*); the
clock is the ISO instant in CLOCK_FILE (the test moves time by rewriting it) and the
announcement loop ticks every TICK_SECONDS instead of every minute.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import sys
from pathlib import Path
from typing import Any

from bot.app import build_core
from bot.discord_ui.client import WickBot
from bot.discord_ui.runner import configure_endpoints, serve
from bot.settings import Settings


class FileClock:
    """The instant written in a file, re-read on every call."""

    def __init__(self, path: Path) -> None:
        self.path = path

    def __call__(self) -> dt.datetime:
        return dt.datetime.fromisoformat(self.path.read_text(encoding="utf-8").strip())


def write_clock(path: Path, moment: dt.datetime) -> None:
    """Move every harness process reading ``path`` to ``moment`` (atomically)."""
    temporary = path.with_suffix(".tmp")
    temporary.write_text(moment.isoformat(), encoding="utf-8")
    temporary.replace(path)


def main(argv: list[str]) -> int:
    clock_file, tick = Path(argv[1]), float(argv[2])
    settings = Settings()
    import logging

    logging.basicConfig(level=settings.log_level, format="%(asctime)s %(name)s: %(message)s")
    load_cogs = WickBot.setup_hook

    async def setup_hook(self: WickBot) -> None:  # extensions load as fresh modules: patch here
        await load_cogs(self)
        cog: Any = self.get_cog("Announce")
        cog.ticker.change_interval(seconds=tick)

    WickBot.setup_hook = setup_hook  # type: ignore[method-assign]
    core = build_core(settings, clock=FileClock(clock_file))
    configure_endpoints(settings)
    assert settings.discord_token is not None
    return asyncio.run(serve(core, settings.discord_token.get_secret_value()))


if __name__ == "__main__":
    sys.exit(main(sys.argv))
