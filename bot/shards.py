"""Which of Discord's shards this process runs, and so which servers it posts for.

Discord routes a server's events to shard ``(guild_id >> 22) % shard_count`` (DMs to shard 0).
``SHARD_COUNT`` alone runs every shard in this process; with ``SHARD_IDS`` it runs only
those, and other processes on the same database run the rest. Unset, the process is not
sharded (one gateway connection, as a plain bot) and owns every server.
"""

from __future__ import annotations

from dataclasses import dataclass

from bot.storage.base import ALL_SHARDS, shard_scope

#: Discord's global limit: requests per second for the whole bot, every process together.
GLOBAL_RATE = 50.0


def shard_of(guild_id: int, shard_count: int) -> int:
    """The shard Discord routes ``guild_id``'s events to."""
    return (guild_id >> 22) % shard_count


@dataclass(frozen=True)
class ShardPlan:
    """This process's shards: ``count`` None means unsharded (every server)."""

    count: int | None = None
    ids: tuple[int, ...] = ()

    def __post_init__(self) -> None:
        if self.count is None:
            if self.ids:
                raise ValueError("SHARD_IDS needs SHARD_COUNT")
            return
        if self.count < 1:
            raise ValueError("SHARD_COUNT must be at least 1")
        if not self.ids:
            object.__setattr__(self, "ids", tuple(range(self.count)))
        if len(set(self.ids)) != len(self.ids) or not all(0 <= i < self.count for i in self.ids):
            raise ValueError(f"SHARD_IDS must be distinct numbers from 0 to {self.count - 1}")

    @property
    def sharded(self) -> bool:
        """Whether the process runs Discord's shards explicitly (AutoShardedBot)."""
        return self.count is not None

    def owns(self, guild_id: int) -> bool:
        """Whether this process runs the shard of ``guild_id`` (posts for that server)."""
        return self.count is None or shard_of(guild_id, self.count) in self.ids

    @property
    def owns_dms(self) -> bool:
        """DMs arrive on shard 0."""
        return self.count is None or 0 in self.ids

    @property
    def scopes(self) -> tuple[str, ...]:
        """The names under which the scheduler records each shard's progress."""
        if self.count is None:
            return (ALL_SHARDS,)
        return tuple(shard_scope(i, self.count) for i in self.ids)

    @property
    def share(self) -> float:
        """This process's part of the bot's shards (its part of the global rate limit)."""
        return 1.0 if self.count is None else len(self.ids) / self.count


def parse_shard_ids(text: str) -> tuple[int, ...]:
    """``"0,1"`` or ``"0-3"`` (ranges inclusive) -> shard ids."""
    ids: list[int] = []
    for part in (p.strip() for p in text.split(",")):
        if not part:
            continue
        if "-" in part:
            first, last = (int(x) for x in part.split("-", 1))
            ids += range(first, last + 1)
        else:
            ids.append(int(part))
    return tuple(ids)
