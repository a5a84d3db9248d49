"""One per-user cooldown shared by plain questions and commands."""

from __future__ import annotations

import time

import discord
from discord.ext import commands

#: Answers a user may get per window...
RATE = 5
#: ...of this many seconds.
PER = 30.0


class Throttle:
    """At most ``rate`` answers per ``per`` seconds per user; warn each user once per window."""

    def __init__(self, rate: int = RATE, per: float = PER) -> None:
        self._mapping = commands.CooldownMapping.from_cooldown(rate, per, commands.BucketType.user)
        self._warned: dict[int, float] = {}

    def hit(self, message: discord.Message) -> float | None:
        """Count one answer to ``message``'s author; seconds to wait if over the limit."""
        bucket = self._mapping.get_bucket(message)
        return None if bucket is None else bucket.update_rate_limit()

    def first_warning(self, user_id: int, retry_after: float) -> bool:
        """True the first time a user is told to slow down in the current window."""
        now = time.monotonic()
        if len(self._warned) > 10_000:
            self._warned = {u: t for u, t in self._warned.items() if t > now}
        if self._warned.get(user_id, 0.0) > now:
            return False
        self._warned[user_id] = now + retry_after
        return True
