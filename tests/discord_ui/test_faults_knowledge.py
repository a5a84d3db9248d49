"""A knowledge file half-written when the owner runs ``!reload``: the old knowledge stays.

"Half-written" is the file's first half, cut mid-line, as an editor or a copy interrupted
part-way leaves it. Each case is a file whose loss would matter: a work, the people every
work refers to, and the phrasings that teach every intent.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from bot.app import build_core
from bot.storage import SqliteStore
from tests.conftest import KNOWLEDGE

from .emulator import DiscordEmulator
from .wick import NOW, running_wickbot, settings_for

QUESTION = "who plays winston in chapter 4?"


async def say(emu: DiscordEmulator, channel_id: int, text: str) -> str:
    """Send ``text`` as the tester; the bot's reply."""
    mark = emu.mark()
    await emu.send_message(channel_id, text)
    reply = await emu.wait_for_request("POST", rf"/channels/{channel_id}/messages", after=mark)
    return str(reply.json["content"])


@pytest.mark.parametrize("name", ["works/chapter-4.yaml", "people.yaml", "intents.yaml"])
async def test_a_half_written_file_at_reload_keeps_the_old_knowledge(
    discord_emulator: DiscordEmulator, tmp_path: Path, name: str
) -> None:
    emu = discord_emulator
    emu.application_owner_id = emu.tester.id
    general = emu.add_guild("Continental", channels=["general"]).channel_id("general")
    knowledge = tmp_path / "knowledge"
    shutil.copytree(KNOWLEDGE, knowledge)
    settings = settings_for(emu, tmp_path, knowledge_dir=knowledge)
    core = build_core(settings, clock=lambda: NOW, store=SqliteStore(settings.sqlite_path))
    target = knowledge / name
    whole = target.read_bytes()
    try:
        async with running_wickbot(emu, core):
            before = await say(emu, general, f"<@{emu.bot.id}> {QUESTION}")
            target.write_bytes(whole[: len(whole) // 2])
            refused = await say(emu, general, "!reload")
            after = await say(emu, general, f"<@{emu.bot.id}> {QUESTION}")
            target.write_bytes(whole)
            reloaded = await say(emu, general, "!reload")
    finally:
        await core.store.close()

    assert before.startswith("Winston Scott is played by Ian McShane")
    assert refused.startswith("Kept the old knowledge:") and Path(name).name in refused
    assert after == before
    assert reloaded.startswith("Reloaded:")
