"""Running some of Discord's shards in this process: the sharded bot and its IDENTIFY turns.

Discord lets ``max_concurrency`` shards IDENTIFY per 5 seconds, bucketed by
``shard_id % max_concurrency``, counted for the whole bot: processes on one database take
turns through it (:meth:`~bot.storage.base.Store.identify_turn`), whichever machine they run on.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import logging
from collections.abc import Awaitable, Callable
from typing import Any

from discord.ext import commands

from bot.app import Core
from bot.discord_ui.announce_sender import Pace
from bot.discord_ui.client import WickBot
from bot.shards import GLOBAL_RATE
from bot.storage import Store

log = logging.getLogger("wickbot.shards")

#: Discord's spacing of IDENTIFYs in one max_concurrency bucket.
IDENTIFY_SPACING = dt.timedelta(seconds=5)
#: The part of the global limit the processes use together (a margin for clock skew).
GLOBAL_MARGIN = 0.95
#: Routes Discord does not count against the global limit.
EXEMPT_ROUTES = ("/interactions/", "/webhooks/")


def pace_requests(client: Any, rate: float) -> Pace:
    """Space ``client``'s REST requests at ``rate`` per second (interaction replies exempt).

    Discord's 50 requests per second are the bot's, whatever process sends them; without a
    shared proxy (nirn-proxy behind DISCORD_API_BASE), each process keeps to its share.
    """
    pace = Pace(rate)
    http = client.http
    send = http.request

    async def request(route: Any, **kwargs: Any) -> Any:
        if not str(route.path).startswith(EXEMPT_ROUTES):
            await pace.wait()
        return await send(route, **kwargs)

    http.request = request
    return pace


async def wait_for_identify_turn(
    store: Store,
    bucket: int,
    *,
    clock: Callable[[], dt.datetime] = lambda: dt.datetime.now(dt.UTC),
    sleep: Callable[[float], Awaitable[None]] = asyncio.sleep,
    spacing: dt.timedelta = IDENTIFY_SPACING,
) -> None:
    """Return once this process may IDENTIFY in ``bucket`` (the turn is then taken)."""
    while True:
        wait = await store.identify_turn(bucket, clock(), spacing)
        if wait <= dt.timedelta(0):
            return
        log.info("waiting %.1f s for IDENTIFY bucket %d", wait.total_seconds(), bucket)
        await sleep(wait.total_seconds())


class ShardedWickBot(WickBot, commands.AutoShardedBot):
    """Wickbot running the shards SHARD_IDS of SHARD_COUNT (discord.py ``AutoShardedBot``)."""

    def __init__(self, core: Core, **options: Any) -> None:
        plan = core.settings.shards
        assert plan.count is not None
        super().__init__(core, shard_count=plan.count, shard_ids=list(plan.ids), **options)
        self._max_concurrency: int | None = None
        self.request_pace = pace_requests(self, GLOBAL_RATE * GLOBAL_MARGIN * plan.share)

    async def before_identify_hook(self, shard_id: int | None, *, initial: bool = False) -> None:
        """Take this shard's IDENTIFY turn in the shared database (instead of sleeping 5 s)."""
        if self._max_concurrency is None:
            try:
                _, _, limits = await self.http.get_bot_gateway()
                self._max_concurrency = max(1, int(limits.get("max_concurrency", 1)))
            except Exception:  # unknown: the safest assumption
                log.warning("could not read max_concurrency; assuming 1", exc_info=True)
                self._max_concurrency = 1
        bucket = (shard_id or 0) % self._max_concurrency
        await wait_for_identify_turn(self.core.store, bucket)


def make_bot(core: Core, **options: Any) -> WickBot:
    """The bot for this process's settings: sharded when SHARD_COUNT is set, plain otherwise."""
    if core.settings.shards.sharded:
        return ShardedWickBot(core, **options)
    return WickBot(core, **options)
