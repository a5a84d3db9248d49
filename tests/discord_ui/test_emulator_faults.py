"""The emulator's time-bounded faults, seen by a plain HTTP client and by discord.py."""

from __future__ import annotations

import asyncio
import time

import aiohttp
import discord
from discord.ext import commands

from .emulator import DiscordEmulator, running_client

AUTH = {"Authorization": "Bot emulator-bot-token"}


def bare_bot() -> commands.Bot:
    """A plain bot that IDENTIFYs again without discord.py's 5 s wait (Discord's limit)."""
    bot = commands.Bot(
        command_prefix="!", intents=discord.Intents.default(), guild_ready_timeout=0.05
    )

    async def no_wait(shard_id: int | None, *, initial: bool = False) -> None:
        await asyncio.sleep(0)

    bot.before_identify_hook = no_wait  # type: ignore[method-assign]
    return bot


async def ready_again(bot: commands.Bot) -> None:
    """Wait for the next on_ready (after a new IDENTIFY)."""
    await bot.wait_for("ready", timeout=5)


async def statuses(emu: DiscordEmulator, path: str, count: int) -> list[int]:
    async with aiohttp.ClientSession(headers=AUTH) as http:
        found = []
        for _ in range(count):
            async with http.get(emu.rest_base + path) as response:
                found.append(response.status)
        return found


async def test_an_error_burst_cycles_its_statuses_then_ends(
    discord_emulator: DiscordEmulator,
) -> None:
    emu = discord_emulator
    burst = emu.error_burst(60, (500, 502, 503), path="/users/@me")

    assert await statuses(emu, "/users/@me", 4) == [500, 502, 503, 500]
    assert await statuses(emu, "/oauth2/applications/@me", 1) == [200]  # other routes fine
    burst.end()
    assert await statuses(emu, "/users/@me", 1) == [200]
    assert burst.hits == 4 and not burst.active


async def test_an_error_burst_ends_by_itself(discord_emulator: DiscordEmulator) -> None:
    burst = discord_emulator.error_burst(0.0, (503,))
    assert await statuses(discord_emulator, "/users/@me", 1) == [200]
    assert burst.hits == 0


async def test_an_error_after_processing_still_creates_the_message(
    discord_emulator: DiscordEmulator,
) -> None:
    emu = discord_emulator
    channel = emu.add_guild("G").channel_id("general")
    emu.error_burst(60, (500,), method="POST", after_processing=True)
    async with aiohttp.ClientSession(headers=AUTH) as http:
        url = f"{emu.rest_base}/channels/{channel}/messages"
        async with http.post(url, json={"content": "hello"}) as response:
            assert response.status == 500
    assert [m["content"] for m in emu.world.messages.values()] == ["hello"]


async def test_a_slow_route_delays_only_its_requests(discord_emulator: DiscordEmulator) -> None:
    emu = discord_emulator
    slow = emu.slow_route("GET", "/users/@me", 0.3)
    started = time.perf_counter()
    await statuses(emu, "/oauth2/applications/@me", 1)
    fast = time.perf_counter() - started
    started = time.perf_counter()
    assert await statuses(emu, "/users/@me", 1) == [200]
    assert time.perf_counter() - started >= 0.3 > fast
    assert slow.hits == 1


async def test_a_global_429_window_is_waited_out_by_discord_py(
    discord_emulator: DiscordEmulator,
) -> None:
    emu = discord_emulator
    channel = emu.add_guild("G").channel_id("general")
    async with running_client(bare_bot(), emu) as bot:
        window = emu.global_429(0.3)
        sent = await bot.get_partial_messageable(channel).send("after the limit")
        assert not window.active
    statuses_seen = [r.status for r in emu.find_requests("POST", rf"/channels/{channel}/messages")]
    assert statuses_seen[-1] == 200 and 429 in statuses_seen
    assert window.hits >= 1 and emu.rate_limited_count == window.hits
    assert sent.content == "after the limit"
    first = next(r for r in emu.requests if r.status == 429)
    assert first.response["global"] is True and 0 < first.response["retry_after"] <= 0.3


async def test_refused_connections_and_resumes(discord_emulator: DiscordEmulator) -> None:
    emu = discord_emulator
    emu.add_guild("G")
    async with running_client(bare_bot(), emu) as bot:
        ready = asyncio.create_task(ready_again(bot))
        emu.refuse_resume()
        await emu.drop_gateway(code=4000)
        await ready  # RESUME refused -> IDENTIFY again
        assert emu.gateway.identify_count == 2 and emu.gateway.invalid_session_count == 1
    async with aiohttp.ClientSession() as http:
        emu.refuse_gateway()
        async with http.get(emu.gateway_url.replace("ws://", "http://")) as response:
            assert response.status == 503
        assert emu.gateway.refused_count == 1


async def test_an_invalid_session_makes_the_client_identify_again(
    discord_emulator: DiscordEmulator,
) -> None:
    emu = discord_emulator
    emu.add_guild("G")
    async with running_client(bare_bot(), emu) as bot:
        ready = asyncio.create_task(ready_again(bot))
        await emu.send_invalid_session()
        await ready
        assert emu.gateway.identify_count == 2
    assert emu.gateway.resumed_count == 0
