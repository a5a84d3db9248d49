"""The per-channel answer budget as the Discord adapter applies it."""

from __future__ import annotations

import asyncio
from typing import Any

import pytest

from bot.answers.model import Answer
from bot.app import Core
from bot.policy import ChannelBudget

from .emulator import DiscordEmulator
from .wick import running_wickbot, sends


class StoppedClock:
    """Monotonic seconds that never advance: a budget spent stays spent."""

    def __call__(self) -> float:
        return 100.0


async def test_a_flooded_channel_goes_quiet_while_others_are_answered(
    discord_emulator: DiscordEmulator, core: Core
) -> None:
    emu = discord_emulator
    guild = emu.add_guild("Continental", channels=["flood", "calm"])
    users = [emu.add_user(f"fan{i}") for i in range(6)]  # one message each: no user cooldown
    for user in users:
        emu.add_member(guild.id, user)
    flood, calm = guild.channel_id("flood"), guild.channel_id("calm")
    core.budget = ChannelBudget(burst=3, refill=60.0, clock=StoppedClock())
    async with running_wickbot(emu, core):
        mark = emu.mark()
        for user in users[:5]:
            await emu.send_message(flood, f"<@{emu.bot.id}> who plays winston?", author=user)
        await emu.send_message(flood, "!jw2", author=users[5])  # commands share the budget
        after = mark
        for _ in range(3):
            got = await emu.wait_for_request("POST", rf"/channels/{flood}/messages", after=after)
            after = got.index + 1
        calm_mark = emu.mark()
        await emu.send_message(calm, f"<@{emu.bot.id}> who plays winston?", author=users[0])
        answer = await emu.wait_for_request("POST", rf"/channels/{calm}/messages", after=calm_mark)

    flooded = [r for r in sends(emu, mark) if r.path == f"/channels/{flood}/messages"]
    assert len(flooded) == 3
    assert answer.json["content"].startswith("Winston Scott is played by")


async def test_over_its_budget_a_channel_costs_the_engine_nothing(
    discord_emulator: DiscordEmulator, core: Core, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A flood runs the engine for the answers it gets only: the event loop stays free."""
    emu = discord_emulator
    guild = emu.add_guild("Continental", channels=["flood", "calm"])
    users = [emu.add_user(f"fan{i}") for i in range(6)]
    for user in users:
        emu.add_member(guild.id, user)
    flood, calm = guild.channel_id("flood"), guild.channel_id("calm")
    core.budget = ChannelBudget(burst=3, refill=60.0, clock=StoppedClock())
    asked: list[str] = []
    engine_ask = core.engine.ask

    def ask(question: str, *args: Any, **kwargs: Any) -> Answer:
        asked.append(question)
        return engine_ask(question, *args, **kwargs)

    monkeypatch.setattr(core.engine, "ask", ask)
    async with running_wickbot(emu, core):
        for user in users[:5]:
            await emu.send_message(flood, f"<@{emu.bot.id}> who plays winston?", author=user)
        mark = emu.mark()
        await emu.send_message(calm, f"<@{emu.bot.id}> who directed chapter 4?", author=users[5])
        await emu.wait_for_request("POST", rf"/channels/{calm}/messages", after=mark)
        # The flood's messages came first: their handlers exist; wait for them to finish.
        handlers = [t for t in asyncio.all_tasks() if t.get_name() == "discord.py: on_message"]
        await asyncio.wait_for(asyncio.gather(*handlers), timeout=60)

    flooded = [r for r in sends(emu) if r.path == f"/channels/{flood}/messages"]
    assert len(flooded) == 3
    assert sum("winston" in question for question in asked) == 3
