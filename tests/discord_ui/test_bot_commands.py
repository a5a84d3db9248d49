"""Commands end to end: cards for ``!ballerina`` and any name, slash commands, autocomplete."""

from __future__ import annotations

import pytest

from bot.app import Core

from .emulator import DiscordEmulator, Guild
from .wick import assert_no_pings, running_wickbot, sends


@pytest.fixture
def guild(discord_emulator: DiscordEmulator) -> Guild:
    return discord_emulator.add_guild("Continental", channels=["general"])


async def test_prefix_card_is_an_embed_with_live_dates_and_sources(
    discord_emulator: DiscordEmulator, guild: Guild, core: Core
) -> None:
    emu = discord_emulator
    general = guild.channel_id("general")
    async with running_wickbot(emu, core):
        mark = emu.mark()
        asked = await emu.send_message(general, "!ballerina")
        sent = await emu.wait_for_request("POST", rf"/channels/{general}/messages", after=mark)

    embed = sent.json["embeds"][0]
    assert embed["title"] == "From the World of John Wick: Ballerina"
    release = next(f for f in embed["fields"] if f["name"] == "Release")
    assert "<t:1749211200:D>" in release["value"] and "<t:1749211200:R>" in release["value"]
    assert "Len Wiseman" in str(embed["fields"])
    assert embed["footer"]["text"].startswith("Sources: ")
    assert sent.json["message_reference"]["message_id"] == int(asked["id"])
    assert_no_pings(emu)


async def test_slash_card_is_the_interaction_response(
    discord_emulator: DiscordEmulator, guild: Guild, core: Core
) -> None:
    emu = discord_emulator
    async with running_wickbot(emu, core, sync=True):
        payload = await emu.send_interaction("ballerina", channel_id=guild.channel_id("general"))
        body = await emu.wait_for_interaction_response(payload)

    assert body["type"] == 4
    assert body["data"]["embeds"][0]["title"].endswith("Ballerina")
    assert body["data"]["allowed_mentions"] == {"parse": []}


@pytest.mark.parametrize(
    ("typed", "title"),
    [
        ("!jw2", "John Wick: Chapter 2"),
        ("!parabellum", "John Wick: Chapter 3 – Parabellum"),
        ("!continental", "The Continental: From the World of John Wick"),
        ("!johnwick", "John Wick"),
        ("!john wick 4", "John Wick: Chapter 4"),
        ("!winston", "Winston Scott"),
        ("!hightable", "The High Table"),
        ("!parabelum", "John Wick: Chapter 3 – Parabellum"),  # a clear typo
    ],
)
async def test_any_name_as_a_command_shows_its_card(
    discord_emulator: DiscordEmulator, guild: Guild, core: Core, typed: str, title: str
) -> None:
    emu = discord_emulator
    general = guild.channel_id("general")
    async with running_wickbot(emu, core):
        mark = emu.mark()
        await emu.send_message(general, typed)
        sent = await emu.wait_for_request("POST", rf"/channels/{general}/messages", after=mark)
    assert sent.json["embeds"][0]["title"] == title


async def test_unknown_commands_are_left_to_other_bots(
    discord_emulator: DiscordEmulator, guild: Guild, core: Core
) -> None:
    emu = discord_emulator
    general = guild.channel_id("general")
    async with running_wickbot(emu, core):
        mark = emu.mark()
        for other_bot_command in ("!play never gonna give you up", "!rank", "!!!", "!"):
            await emu.send_message(general, other_bot_command)
        await emu.send_message(general, "!jw2")  # a sentinel that is answered
        sent = await emu.wait_for_request("POST", rf"/channels/{general}/messages", after=mark)
        assert sends(emu, mark) == [sent]


async def test_film_autocomplete_is_fuzzy_and_capped(
    discord_emulator: DiscordEmulator, guild: Guild, core: Core
) -> None:
    emu = discord_emulator
    general = guild.channel_id("general")
    async with running_wickbot(emu, core, sync=True):
        typed = await emu.send_autocomplete(
            "film", "work", channel_id=general, options={"work": "parabelum"}
        )
        fuzzy = await emu.wait_for_interaction_response(typed)
        empty = await emu.send_autocomplete("whoplays", "character", channel_id=general)
        everyone = await emu.wait_for_interaction_response(empty)
        nick = await emu.send_autocomplete(
            "whoplays", "character", channel_id=general, options={"character": "baba y"}
        )
        by_nickname = await emu.wait_for_interaction_response(nick)

    assert fuzzy["type"] == 8
    assert fuzzy["data"]["choices"][0] == {
        "name": "John Wick: Chapter 3 – Parabellum",
        "value": "work:chapter-3",
    }
    assert len(everyone["data"]["choices"]) == 25
    assert by_nickname["data"]["choices"][0]["value"] == "character:john-wick"


async def test_slash_options_take_autocomplete_values_or_free_text(
    discord_emulator: DiscordEmulator, guild: Guild, core: Core
) -> None:
    emu = discord_emulator
    general = guild.channel_id("general")
    async with running_wickbot(emu, core, sync=True):
        picked = await emu.send_interaction(
            "cast", channel_id=general, options={"work": "work:chapter-2"}
        )
        cast = await emu.wait_for_interaction_response(picked)
        typed = await emu.send_interaction(
            "whoplays", channel_id=general, options={"character": "the bowery king"}
        )
        who = await emu.wait_for_interaction_response(typed)
        wrong = await emu.send_interaction(
            "film", channel_id=general, options={"work": "the matrix"}
        )
        unknown = await emu.wait_for_interaction_response(wrong)

    assert cast["data"]["content"].startswith("The cast of John Wick: Chapter 2 (2017):")
    assert "Laurence Fishburne" in who["data"]["content"]
    assert unknown["data"]["content"].startswith("I don't know a film or series called")
    assert unknown["data"]["flags"] == 64  # only the user sees it


async def test_list_commands_answer_from_the_engine(
    discord_emulator: DiscordEmulator, guild: Guild, core: Core
) -> None:
    emu = discord_emulator
    general = guild.channel_id("general")
    path = rf"/channels/{general}/messages"
    async with running_wickbot(emu, core, sync=True):
        mark = emu.mark()
        await emu.send_message(general, "!watchorder")
        order = await emu.wait_for_request("POST", path, after=mark)
        mark = emu.mark()
        await emu.send_message(general, "!countdown chapter 5")
        countdown = await emu.wait_for_request("POST", path, after=mark)
        payload = await emu.send_interaction("upcoming", channel_id=general)
        upcoming = await emu.wait_for_interaction_response(payload)

    assert order.json["content"].startswith("Release order: 1. John Wick (2014)")
    assert "Chapter 5" in countdown.json["content"]
    assert upcoming["data"]["content"].startswith("Coming up:")
    assert_no_pings(emu)


async def test_help_lists_every_command_with_an_example(
    discord_emulator: DiscordEmulator, guild: Guild, core: Core
) -> None:
    emu = discord_emulator
    async with running_wickbot(emu, core, sync=True):
        payload = await emu.send_interaction("help", channel_id=guild.channel_id("general"))
        body = await emu.wait_for_interaction_response(payload)

    embed = body["data"]["embeds"][0]
    listed = embed["fields"][0]["value"]
    for command in ("ask", "ballerina", "film", "cast", "whoplays", "countdown", "watchorder"):
        assert f"`!{command}" in listed
    assert "sync" not in listed and "reload" not in listed  # owner tools stay hidden
