"""Staying up: rate limits, dropped connections, a missing intent, a rejected token."""

from __future__ import annotations

import asyncio
import logging
from pathlib import Path

import pytest

from bot.app import Core
from bot.discord_ui import runner
from bot.discord_ui.client import WickBot
from bot.discord_ui.runner import NO_INTENT_HELP, BotService, serve

from .emulator import DiscordEmulator, Guild, Intent
from .wick import TIMEOUT, assert_no_pings, make_core, running_wickbot


@pytest.fixture
def guild(discord_emulator: DiscordEmulator) -> Guild:
    return discord_emulator.add_guild("Continental", channels=["general"])


async def test_a_429_is_waited_out_and_retried(
    discord_emulator: DiscordEmulator, guild: Guild, core: Core
) -> None:
    emu = discord_emulator
    general = guild.channel_id("general")
    path = rf"/channels/{general}/messages"
    async with running_wickbot(emu, core):
        mark = emu.mark()
        emu.fail_next("POST", path, status=429, retry_after=0.05)
        await emu.send_message(general, f"<@{emu.bot.id}> who plays winston")
        sent = await emu.wait_for_request("POST", path, after=mark, status=200)

    assert [r.status for r in emu.find_requests("POST", path, after=mark)] == [429, 200]
    assert sent.json["content"].startswith("Winston Scott is played by")


async def test_a_dropped_gateway_is_resumed_and_missed_questions_answered(
    discord_emulator: DiscordEmulator, guild: Guild, core: Core
) -> None:
    emu = discord_emulator
    general = guild.channel_id("general")
    async with running_wickbot(emu, core):
        await emu.drop_gateway()
        await emu.send_message(general, f"<@{emu.bot.id}> who directed chapter 4")
        await emu.wait_for_resumed()
        sent = await emu.wait_for_request("POST", rf"/channels/{general}/messages")

    assert sent.json["content"] == "John Wick: Chapter 4 (2023) was directed by Chad Stahelski."
    assert emu.gateway.identify_count == 1


async def test_a_stop_while_it_reconnects_is_a_clean_stop(
    discord_emulator: DiscordEmulator, core: Core, monkeypatch: pytest.MonkeyPatch
) -> None:
    connecting, closed = asyncio.Event(), asyncio.Event()

    class ClosedMidHandshake(WickBot):
        """A connection that raises as the bot closes under it, as discord.py's does when a
        SIGTERM lands in a RESUME handshake (aiohttp asserts in ``ws_connect``)."""

        async def connect(self, *, reconnect: bool = True) -> None:
            connecting.set()
            await closed.wait()
            raise AssertionError  # what aiohttp raised in 17 of 240 stops tried mid-RESUME

        async def close(self) -> None:
            await super().close()
            closed.set()

    monkeypatch.setattr(runner, "make_bot", ClosedMidHandshake)
    service = BotService(core, discord_emulator.valid_token)
    running = asyncio.create_task(service.run())
    await asyncio.wait_for(connecting.wait(), TIMEOUT)
    service.stop()
    await asyncio.wait_for(running, TIMEOUT)  # returns: the stop, not a crash

    assert closed.is_set() and not service.ready.is_set()


@pytest.mark.discord_emulator(message_content_allowed=False)
async def test_without_the_message_content_intent_it_still_serves(
    discord_emulator: DiscordEmulator, core: Core, caplog: pytest.LogCaptureFixture
) -> None:
    emu = discord_emulator
    guild = emu.add_guild("Continental", channels=["general"])
    general = guild.channel_id("general")
    service = BotService(core, emu.valid_token, guild_ready_timeout=0.05)
    with caplog.at_level(logging.WARNING):
        running = asyncio.create_task(service.run())
        await asyncio.wait_for(service.ready.wait(), TIMEOUT)
    try:
        assert service.bot is not None and not service.bot.reads_message_content
        assert emu.intents is not None and not emu.intents & Intent.MESSAGE_CONTENT
        assert NO_INTENT_HELP in caplog.text
        await service.bot.tree.sync()

        payload = await emu.send_interaction(
            "ask", channel_id=general, options={"question": "who plays winston?"}
        )
        slash = await emu.wait_for_interaction_response(payload)
        mark = emu.mark()
        await emu.send_message(general, "who plays charon?")  # arrives without content
        await emu.send_message(general, f"<@{emu.bot.id}> who plays charon?")
        mention = await emu.wait_for_request("POST", rf"/channels/{general}/messages", after=mark)
        dm = emu.dm_channel(emu.tester).id
        await emu.send_message(dm, "who plays the bowery king?")
        private = await emu.wait_for_request("POST", rf"/channels/{dm}/messages")
    finally:
        service.stop()
        await asyncio.wait_for(running, TIMEOUT)

    assert slash["data"]["content"].startswith("Winston Scott is played by")
    assert mention.json["content"].startswith("Charon is played by")
    assert len(emu.find_requests("POST", rf"/channels/{general}/messages", after=mark)) == 1
    assert "Laurence Fishburne" in private.json["content"]
    assert_no_pings(emu)


async def test_a_rejected_token_exits_with_advice_and_never_logs_it(
    discord_emulator: DiscordEmulator, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    wrong = "not-the-token-but-secret"
    core = make_core(discord_emulator, tmp_path, discord_token=wrong)
    try:
        with caplog.at_level(logging.DEBUG):
            code = await serve(core, wrong)
    finally:
        await core.store.close()

    assert code == 2
    assert "Discord rejected the token" in caplog.text
    assert wrong not in caplog.text
    assert wrong not in repr(core.settings)
