"""``python -m bot`` as a process: configured by the environment, stopped by SIGTERM."""

from __future__ import annotations

import asyncio
import os
import signal
import sys
from pathlib import Path

from tests.conftest import KNOWLEDGE, ROOT

from .emulator import DiscordEmulator

START_TIMEOUT = 20.0


async def test_the_bot_process_serves_and_stops_cleanly_on_sigterm(
    discord_emulator: DiscordEmulator, tmp_path: Path
) -> None:
    emu = discord_emulator
    guild = emu.add_guild("Continental", channels=["general"])
    general = guild.channel_id("general")
    env = {
        **os.environ,
        "PYTHONPATH": str(ROOT),
        "DISCORD_TOKEN": emu.valid_token,
        "DISCORD_API_BASE": emu.rest_base,
        "DISCORD_GATEWAY_URL": emu.gateway_url,
        "KNOWLEDGE_DIR": str(KNOWLEDGE),
        "DATA_DIR": str(tmp_path / "data"),
        "LOG_LEVEL": "INFO",
    }
    process = await asyncio.create_subprocess_exec(
        sys.executable,
        "-m",
        "bot",
        cwd=tmp_path,  # no stray .env
        env=env,
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.PIPE,
    )
    try:
        await emu.wait_for_dispatch("GUILD_CREATE", timeout=START_TIMEOUT)
        await emu.send_message(general, f"<@{emu.bot.id}> who plays winston?")
        reply = await emu.wait_for_request("POST", rf"/channels/{general}/messages")
        process.send_signal(signal.SIGTERM)
        _, stderr = await asyncio.wait_for(process.communicate(), START_TIMEOUT)
    finally:
        if process.returncode is None:
            process.kill()
            await process.wait()

    log = stderr.decode()
    assert process.returncode == 0, log
    assert reply.json["content"].startswith("Winston Scott is played by")
    assert "connected to Gateway" in log and log.rstrip().endswith("INFO wickbot: stopped")
    assert "voice will NOT be supported" not in log  # no voice, no warning about it
    assert emu.valid_token not in log
    assert (tmp_path / "data" / "wickbot.sqlite3").exists()
