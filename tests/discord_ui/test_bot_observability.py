"""Metrics, health, JSON logs and ``!stats`` of the real bot, against the emulator."""

from __future__ import annotations

import asyncio
import json
import os
import signal
import socket
import sys
from pathlib import Path

import aiohttp
import pytest

from bot.app import Core
from bot.discord_ui.runner import connected
from tests.conftest import KNOWLEDGE, ROOT

from .emulator import DiscordEmulator, Guild
from .wick import running_wickbot, sends

START_TIMEOUT = 20.0


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


async def get(url: str) -> tuple[int, str]:
    async with aiohttp.ClientSession() as http, http.get(url) as response:
        return response.status, await response.text()


async def until_ready(base: str) -> None:
    """Poll /readyz until 200 (the process is starting in the background)."""
    loop = asyncio.get_running_loop()
    deadline = loop.time() + START_TIMEOUT
    while loop.time() < deadline:
        try:
            status, _ = await get(f"{base}/readyz")
        except aiohttp.ClientConnectionError:
            status = 0
        if status == 200:
            return
        await asyncio.sleep(0.05)
    raise TimeoutError("the bot never became ready")


async def test_the_process_serves_metrics_health_and_json_logs_without_the_token(
    discord_emulator: DiscordEmulator, tmp_path: Path
) -> None:
    emu = discord_emulator
    guild = emu.add_guild("Continental", channels=["general"])
    general = guild.channel_id("general")
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    env = {
        **os.environ,
        "PYTHONPATH": str(ROOT),
        "DISCORD_TOKEN": emu.valid_token,
        "DISCORD_API_BASE": emu.rest_base,
        "DISCORD_GATEWAY_URL": emu.gateway_url,
        "KNOWLEDGE_DIR": str(KNOWLEDGE),
        "DATA_DIR": str(tmp_path / "data"),
        "LOG_LEVEL": "DEBUG",  # discord.py's chattiest: gateway payloads, HTTP requests
        "LOG_FORMAT": "json",
        "METRICS_PORT": str(port),
    }
    process = await asyncio.create_subprocess_exec(
        sys.executable,
        "-m",
        "bot",
        cwd=tmp_path,
        env=env,
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.PIPE,
    )
    try:
        await until_ready(base)
        alive, _ = await get(f"{base}/healthz")
        await emu.send_message(general, f"<@{emu.bot.id}> who plays winston?")
        await emu.wait_for_request("POST", rf"/channels/{general}/messages")
        status, metrics = await get(f"{base}/metrics")
        process.send_signal(signal.SIGTERM)
        _, stderr = await asyncio.wait_for(process.communicate(), START_TIMEOUT)
    finally:
        if process.returncode is None:
            process.kill()
            await process.wait()

    log = stderr.decode()
    assert process.returncode == 0, log
    assert alive == 200 and status == 200
    assert 'wickbot_questions_total{intent="who_plays",outcome="answered"} 1.0' in metrics
    assert "wickbot_answer_latency_seconds_count 1.0" in metrics
    assert 'wickbot_discord_http_responses_total{status="200"}' in metrics
    assert "wickbot_knowledge_info{version=" in metrics
    entries = [json.loads(line) for line in log.splitlines()]  # every line is one object
    assert any(e["logger"].startswith("discord") and e["level"] == "DEBUG" for e in entries)
    assert entries[-1]["message"] == "stopped"
    assert emu.valid_token not in log


@pytest.fixture
def guild(discord_emulator: DiscordEmulator) -> Guild:
    return discord_emulator.add_guild("Continental", channels=["general"])


async def test_stats_for_the_owner_only(
    discord_emulator: DiscordEmulator, guild: Guild, core: Core
) -> None:
    emu = discord_emulator
    emu.application_owner_id = emu.tester.id
    fan = emu.add_user("fan")
    emu.add_member(guild.id, fan)
    general = guild.channel_id("general")
    async with running_wickbot(emu, core, sync=True):
        for question in ("who plays winston?", "who plays caine?", "what is the best pizza"):
            mark = emu.mark()
            await emu.send_message(general, f"<@{emu.bot.id}> {question}")
            await emu.wait_for_request("POST", rf"/channels/{general}/messages", after=mark)
        mark = emu.mark()
        await emu.send_message(general, "!stats")
        stats = await emu.wait_for_request("POST", rf"/channels/{general}/messages", after=mark)
        mark = emu.mark()
        await emu.send_message(general, "!stats", author=fan)
        refused = await emu.send_interaction("stats", channel_id=general, user=fan)
        body = await emu.wait_for_interaction_response(refused)
        sentinel = emu.mark()
        await emu.send_message(general, "!jw2", author=fan)
        last = await emu.wait_for_request("POST", rf"/channels/{general}/messages", after=sentinel)

    text = stats.json["content"]
    assert text.startswith("Up for 0 min, in 1 servers.")
    assert "Questions today (UTC): 3; declined: 33%." in text
    assert "Top intents today: who_plays 2." in text
    posted = [r for r in sends(emu, mark) if r.path.endswith("/messages")]
    assert [r.index for r in posted] == [last.index]  # the fan's !stats: silence
    assert body["data"]["content"] == "You can't use that command here."
    assert body["data"]["flags"] == 64


async def test_ready_means_connected_now(
    discord_emulator: DiscordEmulator, guild: Guild, core: Core
) -> None:
    emu = discord_emulator
    async with running_wickbot(emu, core) as bot:
        assert connected(bot)
        resumed = bot.wait_for("resumed", timeout=START_TIMEOUT)  # listening before the drop
        await bot.ws.close(code=4000)  # as a dropped connection, until it reconnects
        down = connected(bot)
        # Close only once the RESUME is done: closing mid-handshake makes discord.py's
        # connect task raise from aiohttp (the flake this test had in loaded runs).
        await resumed
        back = connected(bot)
    assert not down
    assert back  # connected again
    assert not connected(bot)  # closed
