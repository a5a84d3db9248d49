"""Which shards a process runs: SHARD_COUNT / SHARD_IDS, ownership of servers, its share."""

from __future__ import annotations

import pytest
from pydantic import ValidationError

from bot.settings import Settings
from bot.shards import ShardPlan, parse_shard_ids, shard_of

#: Guild ids with the timestamp parts 0..7 ms: shard = ms % count.
GUILDS = [ms << 22 | 12345 for ms in range(8)]


def settings(**values: object) -> Settings:
    return Settings(_env_file=None, **values)  # type: ignore[arg-type]


def test_unset_is_one_unsharded_process_owning_everything() -> None:
    plan = settings().shards
    assert plan == ShardPlan() and not plan.sharded
    assert all(plan.owns(g) for g in GUILDS) and plan.owns_dms
    assert plan.scopes == ("0/1",) and plan.share == 1.0


def test_shard_ids_choose_which_servers_a_process_posts_for() -> None:
    plan = settings(shard_count="4", shard_ids="1,3").shards
    assert plan.ids == (1, 3) and plan.sharded
    assert [g for g in GUILDS if plan.owns(g)] == [GUILDS[1], GUILDS[3], GUILDS[5], GUILDS[7]]
    assert [shard_of(g, 4) for g in GUILDS] == [0, 1, 2, 3, 0, 1, 2, 3]
    assert not plan.owns_dms  # DMs arrive on shard 0
    assert plan.scopes == ("1/4", "3/4") and plan.share == 0.5


def test_shard_count_alone_runs_every_shard() -> None:
    plan = settings(shard_count=3).shards
    assert plan.ids == (0, 1, 2) and plan.share == 1.0 and plan.owns_dms


def test_two_processes_split_the_servers_between_them() -> None:
    first, second = (settings(shard_count=2, shard_ids=i).shards for i in ("0", "1"))
    for guild in GUILDS:
        assert first.owns(guild) != second.owns(guild)


def test_ranges_and_blanks() -> None:
    assert parse_shard_ids("0-3, 8") == (0, 1, 2, 3, 8)
    assert settings(shard_count="", shard_ids="").shards == ShardPlan()


@pytest.mark.parametrize(
    ("values", "says"),
    [
        ({"shard_ids": "0"}, "SHARD_IDS needs SHARD_COUNT"),
        ({"shard_count": 2, "shard_ids": "2"}, "from 0 to 1"),
        ({"shard_count": 2, "shard_ids": "1,1"}, "distinct"),
        ({"shard_count": 2, "shard_ids": "one"}, "shard numbers"),
        ({"shard_count": 0}, "greater than or equal to 1"),
    ],
)
def test_bad_shard_settings_are_refused_at_start(values: dict[str, object], says: str) -> None:
    with pytest.raises(ValidationError, match=says):
        settings(**values)
