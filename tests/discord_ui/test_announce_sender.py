"""The countdown post as a Discord message, what Discord's errors mean, and the pacing."""

from __future__ import annotations

import asyncio
import datetime as dt
import itertools
from types import SimpleNamespace
from zoneinfo import ZoneInfo

import aiohttp
import discord
import pytest

from bot.countdown.messages import PostContent
from bot.countdown.scheduler import SendOutcome
from bot.discord_ui.announce_sender import (
    Pace,
    failure,
    message_payload,
    payload_shape,
    post_message,
)

CONTENT = PostContent(
    work_id="chapter-5",
    title="John Wick: Chapter 5",
    headline="Three days to go",
    milestone=3,
    release_date=dt.date(2027, 5, 21),
    release_text="May 21, 2027",
    release_timestamp=int(dt.datetime(2027, 5, 21, 12, tzinfo=ZoneInfo("UTC")).timestamp()),
    premise="John Wick returns.",
)
STAMP = CONTENT.release_timestamp


def http_error(kind: type[discord.HTTPException], status: int, text: str) -> discord.HTTPException:
    response = SimpleNamespace(status=status, reason="reason")
    return kind(response, {"code": 0, "message": text})  # type: ignore[arg-type]


def test_a_post_mentions_its_role_and_allows_only_that_role() -> None:
    message = post_message(CONTENT, 42)
    assert message.content == "<@&42> Three days to go **John Wick: Chapter 5**"
    assert message.allowed_mentions.to_dict() == {"parse": [], "roles": [42]}
    assert message.embed is not None
    embed = message.embed.to_dict()
    assert embed["title"] == "John Wick: Chapter 5"
    assert embed["description"] == "**Three days to go**\nJohn Wick returns."
    assert embed["fields"] == [
        {"name": "Release", "value": f"<t:{STAMP}:D> · <t:{STAMP}:R>", "inline": False}
    ]


def test_without_a_role_nobody_is_mentioned() -> None:
    message = post_message(CONTENT, None)
    assert message.content is None
    assert message.allowed_mentions.to_dict() == {"parse": []}


def test_without_embed_links_the_post_is_text() -> None:
    message = post_message(CONTENT, 42, embeds=False)
    assert message.embed is None
    assert message.content == (
        "<@&42> **Three days to go** John Wick: Chapter 5\n"
        f"Release: <t:{STAMP}:D> · <t:{STAMP}:R>\nJohn Wick returns."
    )


@pytest.mark.parametrize(
    ("error", "outcome", "says"),
    [
        (http_error(discord.Forbidden, 403, "Missing Permissions"), "permanent", "(Missing"),
        (http_error(discord.NotFound, 404, "Unknown Channel"), "permanent", "no longer exists"),
        (http_error(discord.HTTPException, 400, "Invalid Form Body"), "rejected", "(400: Inv"),
        (http_error(discord.DiscordServerError, 502, "Bad Gateway"), "retry", "502"),
        (http_error(discord.HTTPException, 429, "rate limited"), "retry", "429"),
        (discord.RateLimited(90.0), "retry", "rate limited"),
        (aiohttp.ClientConnectionError("reset"), "retry", "network error"),
        (TimeoutError(), "retry", "network error"),
    ],
)
def test_discord_errors_mean_retry_or_stop(error: Exception, outcome: str, says: str) -> None:
    result = failure(error, 7)
    assert result.outcome is SendOutcome(outcome)
    assert result.detail is not None and says in result.detail
    if result.outcome is SendOutcome.PERMANENT:
        assert "<#7>" in result.detail  # admins see which channel


def test_a_payload_shape_keeps_structure_and_lengths_but_no_text() -> None:
    message = post_message(CONTENT, 42)
    shape = payload_shape(message_payload(message))
    assert shape["content"] == f"str[{len(message.content or '')}]"
    (embed,) = shape["embeds"]
    assert embed["title"] == f"str[{len(CONTENT.title)}]"
    assert embed["fields"][0]["inline"] == "bool"
    assert "Chapter 5" not in repr(shape) and "returns" not in repr(shape)


def test_rate_limited_passes_on_how_long_to_wait() -> None:
    assert failure(discord.RateLimited(90.0), 7).retry_after == 90.0


def test_anything_else_is_a_bug_not_a_send_failure() -> None:
    with pytest.raises(TypeError):
        failure(ValueError("bug"), 7)


async def test_pace_spaces_callers_evenly() -> None:
    now = [100.0]
    waits: list[float] = []

    async def sleep(seconds: float) -> None:
        waits.append(round(seconds, 6))

    pace = Pace(50.0, clock=lambda: now[0], sleep=sleep)
    for _ in range(4):
        await pace.wait()
    assert waits == [0.02, 0.04, 0.06]  # the first goes at once, then one every 20 ms
    now[0] += 10.0  # idle for a while: no burst credit builds up beyond one turn
    await pace.wait()
    await pace.wait()
    assert waits[-1] == 0.02


async def test_pace_lets_callers_held_up_by_a_stall_through_one_at_a_time() -> None:
    now = [100.0]
    stall_over = asyncio.Event()

    async def sleep(seconds: float) -> None:  # wakes at its time, or when the stall ends
        until = now[0] + seconds
        await stall_over.wait()
        now[0] = max(now[0], until)

    pace = Pace(50.0, clock=lambda: now[0], sleep=sleep)
    let_through: list[float] = []

    async def caller() -> None:
        await pace.wait()
        let_through.append(now[0])

    callers = [asyncio.create_task(caller()) for _ in range(4)]
    await asyncio.sleep(0)  # the first goes at once; the others wait for their turns
    now[0] += 0.5  # the event loop stalled past every turn handed out
    stall_over.set()
    await asyncio.gather(*callers)
    gaps = [round(b - a, 6) for a, b in itertools.pairwise(let_through)]
    assert gaps == [0.5, 0.02, 0.02]  # not three at once when the stall ends
