"""Owner tools (``!reload``, ``!sync``, ``python -m bot sync``) and server lifecycle."""

from __future__ import annotations

import shutil
from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from bot.app import Core
from bot.discord_ui.runner import sync_once
from bot.storage import AnswerMode
from tests.conftest import KNOWLEDGE

from .emulator import DiscordEmulator, Guild, RecordedRequest
from .wick import make_core, running_wickbot, sends

FULL_TITLE = 'full_title: "From the World of John Wick: Ballerina"'


@pytest.fixture
def guild(discord_emulator: DiscordEmulator) -> Guild:
    discord_emulator.application_owner_id = discord_emulator.tester.id
    return discord_emulator.add_guild("Continental", channels=["general"])


@pytest.fixture
def knowledge(tmp_path: Path) -> Path:
    """A private copy of the knowledge base that tests may break."""
    copy = tmp_path / "knowledge"
    shutil.copytree(KNOWLEDGE, copy)
    return copy


@pytest.fixture
async def own_core(
    discord_emulator: DiscordEmulator, tmp_path: Path, knowledge: Path
) -> AsyncIterator[Core]:
    core = make_core(discord_emulator, tmp_path, knowledge_dir=knowledge)
    yield core
    await core.store.close()


async def say(emu: DiscordEmulator, channel_id: int, text: str) -> RecordedRequest:
    mark = emu.mark()
    await emu.send_message(channel_id, text)
    return await emu.wait_for_request("POST", rf"/channels/{channel_id}/messages", after=mark)


async def test_reload_keeps_the_old_knowledge_when_the_new_is_broken(
    discord_emulator: DiscordEmulator, guild: Guild, own_core: Core, knowledge: Path
) -> None:
    emu = discord_emulator
    general = guild.channel_id("general")
    ballerina = knowledge / "works" / "ballerina.yaml"
    old_engine = own_core.engine
    async with running_wickbot(emu, own_core):
        ballerina.write_text("id: ballerina\ntitle: [unclosed\n", encoding="utf-8")
        (knowledge / "works" / "chapter-2.yaml").write_text("release: {date: soon}\n")
        refused = await say(emu, general, "!reload")
        card = await say(emu, general, "!ballerina")

    text = refused.json["content"]
    assert text.startswith("Kept the old knowledge:") and len(text) <= 2000
    assert "ballerina.yaml" in text and "chapter-2.yaml" in text
    assert own_core.engine is old_engine
    assert card.json["embeds"][0]["title"] == "From the World of John Wick: Ballerina"


async def test_reload_swaps_in_valid_knowledge(
    discord_emulator: DiscordEmulator, guild: Guild, own_core: Core, knowledge: Path
) -> None:
    emu = discord_emulator
    general = guild.channel_id("general")
    ballerina = knowledge / "works" / "ballerina.yaml"
    async with running_wickbot(emu, own_core):
        text = ballerina.read_text(encoding="utf-8")
        ballerina.write_text(text.replace(FULL_TITLE, 'full_title: "Ballerina (edited)"'))
        done = await say(emu, general, "!reload")
        card = await say(emu, general, "!ballerina")

    assert done.json["content"].startswith("Reloaded:")
    assert card.json["embeds"][0]["title"] == "Ballerina (edited)"


async def test_owner_tools_are_invisible_to_others(
    discord_emulator: DiscordEmulator, guild: Guild, core: Core
) -> None:
    emu = discord_emulator
    emu.application_owner_id = None  # the owner is someone else
    general = guild.channel_id("general")
    async with running_wickbot(emu, core):
        mark = emu.mark()
        await emu.send_message(general, "!reload")
        await emu.send_message(general, "!sync")
        sentinel = await say(emu, general, "!jw2")

    assert sends(emu, mark) == [sentinel]
    assert not emu.find_requests("PUT", r"/applications/\d+/commands")


async def test_owner_sync_registers_slash_commands(
    discord_emulator: DiscordEmulator, guild: Guild, core: Core
) -> None:
    emu = discord_emulator
    general = guild.channel_id("general")
    async with running_wickbot(emu, core):
        everywhere = await say(emu, general, "!sync")
        here = await say(emu, general, "!sync here")

    names = {c.name for c in emu.world.commands.values() if c.guild_id is None}
    assert {"ballerina", "film", "cast", "whoplays", "countdown", "ask", "help"} <= names
    assert {"watchorder", "upcoming", "settings"} <= names
    assert "reload" not in names and "sync" not in names
    assert everywhere.json["content"].startswith(f"Synced {len(names)} slash commands globally")
    assert here.json["content"] == f"Synced {len(names)} slash commands to server {guild.id}."


async def test_the_sync_cli_logs_in_syncs_and_leaves(
    discord_emulator: DiscordEmulator, guild: Guild, core: Core
) -> None:
    emu = discord_emulator
    done = await sync_once(core, emu.valid_token, guild.id)
    assert done.startswith("Synced ") and str(guild.id) in done
    assert emu.find_requests("PUT", rf"/applications/\d+/guilds/{guild.id}/commands")
    assert emu.gateway.identify_count == 0  # no gateway connection needed


async def test_dev_guild_is_synced_at_start_and_nothing_global(
    discord_emulator: DiscordEmulator, guild: Guild, tmp_path: Path
) -> None:
    emu = discord_emulator
    core = make_core(emu, tmp_path, dev_guild_id=guild.id)
    try:
        async with running_wickbot(emu, core):
            payload = await emu.send_interaction(
                "ballerina", channel_id=guild.channel_id("general")
            )
            await emu.wait_for_interaction_response(payload)
    finally:
        await core.store.close()

    assert emu.find_requests("PUT", rf"/applications/\d+/guilds/{guild.id}/commands")
    assert not emu.find_requests("PUT", r"/applications/\d+/commands")


async def test_a_server_that_removes_the_bot_is_forgotten(
    discord_emulator: DiscordEmulator, guild: Guild, core: Core
) -> None:
    emu = discord_emulator
    await core.store.set_answer_mode(guild.id, AnswerMode.MENTION)
    async with running_wickbot(emu, core) as bot:
        server = bot.get_guild(guild.id)
        assert server is not None
        await server.leave()
        await emu.wait_for_dispatch("GUILD_DELETE")
        await emu.send_message(emu.dm_channel(emu.tester).id, "hi")  # a round trip
        await emu.wait_for_request("POST", rf"/channels/{emu.dm_channel(emu.tester).id}/messages")

    assert (await core.store.guild_settings(guild.id)).answer_mode is AnswerMode.AUTO
