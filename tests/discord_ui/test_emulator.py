"""The emulator drives the real discord.py client (a bare ``commands.Bot``, not the product)."""

from __future__ import annotations

import asyncio
from typing import Any

import aiohttp
import discord
import pytest
from discord import app_commands
from discord.ext import commands

from bot.shards import shard_of

from .emulator import DiscordEmulator, Guild, running_client
from .emulator.state import SnowflakeFactory

TIMEOUT = 5.0


def make_bot(*, message_content: bool = True, **options: Any) -> commands.Bot:
    intents = discord.Intents.default()
    intents.message_content = message_content
    return commands.Bot(
        command_prefix="!",
        intents=intents,
        guild_ready_timeout=0.1,
        help_command=None,
        **options,
    )


def message_queue(bot: commands.Bot) -> asyncio.Queue[discord.Message]:
    """Collect every message the bot receives (its own echoes included)."""
    queue: asyncio.Queue[discord.Message] = asyncio.Queue()

    async def on_message(message: discord.Message) -> None:
        queue.put_nowait(message)

    bot.add_listener(on_message)
    return queue


async def next_message(queue: asyncio.Queue[discord.Message], *, author_id: int) -> discord.Message:
    """The next message in ``queue`` written by ``author_id``."""
    while True:
        message = await asyncio.wait_for(queue.get(), TIMEOUT)
        if message.author.id == author_id:
            return message


@pytest.fixture
def guild(discord_emulator: DiscordEmulator) -> Guild:
    return discord_emulator.add_guild("Continental", channels=["general", "quotes"])


async def test_connects_and_caches_the_guild(
    discord_emulator: DiscordEmulator, guild: Guild
) -> None:
    emu = discord_emulator
    bot = make_bot()
    async with running_client(bot, emu):
        cached = bot.get_guild(guild.id)
        assert cached is not None and cached.name == "Continental"
        assert {c.name for c in cached.text_channels} == {"general", "quotes"}
        assert cached.me is not None and cached.me.id == emu.bot.id
        assert bot.user is not None and bot.user.id == emu.bot.id and bot.user.bot
        assert bot.application_id == emu.application_id
        assert emu.intents == bot.intents.value
        assert emu.gateway.identify_count == 1
        assert "v=10" in emu.gateway.connections[0]
        assert emu.find_requests("GET", "/users/@me")[0].status == 200
    assert bot.is_closed()


async def test_prefix_command_replies(discord_emulator: DiscordEmulator, guild: Guild) -> None:
    emu = discord_emulator
    bot = make_bot(allowed_mentions=discord.AllowedMentions(everyone=False, roles=False))

    @bot.command()
    async def ping(ctx: commands.Context[commands.Bot]) -> None:
        await ctx.reply("pong", mention_author=False)

    general = guild.channel_id("general")
    async with running_client(bot, emu):
        mark = emu.mark()
        sent = await emu.send_message(general, "!ping")
        request = await emu.wait_for_request("POST", rf"/channels/{general}/messages", after=mark)

    assert request.status == 200
    assert request.json["content"] == "pong"
    assert request.json["message_reference"]["message_id"] == int(sent["id"])
    assert request.json["allowed_mentions"] == {"parse": ["users"], "replied_user": False}
    assert request.response["referenced_message"]["id"] == sent["id"]
    assert request.response["mentions"] == []  # replied_user=False: no ping


async def test_message_content_needs_the_intent_unless_mentioned_or_dm(
    discord_emulator: DiscordEmulator, guild: Guild
) -> None:
    emu = discord_emulator
    bot = make_bot(message_content=False)
    received = message_queue(bot)
    general = guild.channel_id("general")
    async with running_client(bot, emu):
        await emu.send_message(general, "hello there")
        assert (await next_message(received, author_id=emu.tester.id)).content == ""
        await emu.send_message(general, f"<@{emu.bot.id}> hello there")
        mentioned = await next_message(received, author_id=emu.tester.id)
        assert mentioned.content == f"<@{emu.bot.id}> hello there"
        assert mentioned.mentions == [mentioned.guild.me]  # type: ignore[union-attr]
        await emu.send_message(emu.dm_channel(emu.tester).id, "a private hello")
        dm = await next_message(received, author_id=emu.tester.id)
        assert dm.content == "a private hello" and dm.guild is None


async def test_guild_slash_command_with_resolved_options(
    discord_emulator: DiscordEmulator, guild: Guild
) -> None:
    emu = discord_emulator
    bot = make_bot()
    moderator = emu.add_role(guild.id, "Moderator", 0)
    config = app_commands.Group(name="config", description="Settings")

    @config.command(name="announce", description="Where to announce")
    async def announce(
        interaction: discord.Interaction, channel: discord.TextChannel, role: discord.Role
    ) -> None:
        await interaction.response.send_message(f"{channel.name} for {role.name}", ephemeral=True)
        await interaction.followup.send("saved")

    bot.tree.add_command(config, guild=discord.Object(guild.id))
    general, quotes = guild.channel_id("general"), guild.channel_id("quotes")
    async with running_client(bot, emu):
        synced = await bot.tree.sync(guild=discord.Object(guild.id))
        assert [c.name for c in synced] == ["config"]
        payload = await emu.send_interaction(
            "config announce",
            channel_id=general,
            options={"channel": quotes, "role": moderator},
        )
        assert payload["data"]["id"] == str(synced[0].id)
        body = await emu.wait_for_interaction_response(payload)
        followup = await emu.wait_for_request("POST", rf"/webhooks/{emu.application_id}/.+")

        assert body["type"] == 4
        assert body["data"]["content"] == "quotes for Moderator"
        assert body["data"]["flags"] == 64  # ephemeral
        assert followup.json["content"] == "saved"

        # Discord refuses a second initial response to the same interaction.
        url = f"{emu.rest_base}/interactions/{payload['id']}/{payload['token']}/callback"
        async with (
            aiohttp.ClientSession() as session,
            session.post(url, json={"type": 4, "data": {"content": "again"}}) as response,
        ):
            assert response.status == 400
            assert (await response.json())["code"] == 40060


async def test_autocomplete_returns_choices(
    discord_emulator: DiscordEmulator, guild: Guild
) -> None:
    emu = discord_emulator
    bot = make_bot()
    names = ["John Wick", "Winston", "Jonathan", "Charon"]

    @bot.tree.command(description="Look a character up")
    async def character(interaction: discord.Interaction, name: str) -> None:
        await interaction.response.send_message(name)

    @character.autocomplete("name")
    async def complete(
        interaction: discord.Interaction, current: str
    ) -> list[app_commands.Choice[str]]:
        return [app_commands.Choice(name=n, value=n) for n in names if current.lower() in n.lower()]

    async with running_client(bot, emu):
        await bot.tree.sync()  # global this time
        payload = await emu.send_autocomplete(
            "character", "name", channel_id=guild.channel_id("general"), options={"name": "jo"}
        )
        body = await emu.wait_for_interaction_response(payload)

    assert body["type"] == 8
    assert body["data"]["choices"] == [
        {"name": "John Wick", "value": "John Wick"},
        {"name": "Jonathan", "value": "Jonathan"},
    ]


async def test_button_click_updates_the_message(
    discord_emulator: DiscordEmulator, guild: Guild
) -> None:
    emu = discord_emulator
    bot = make_bot()

    class Menu(discord.ui.View):
        @discord.ui.button(label="Again", custom_id="again")
        async def again(
            self, interaction: discord.Interaction, button: discord.ui.Button[Any]
        ) -> None:
            await interaction.response.edit_message(content="clicked")

    @bot.command()
    async def menu(ctx: commands.Context[commands.Bot]) -> None:
        # timeout=None: a timed view leaves its timer task running after client.close().
        await ctx.send("menu", view=Menu(timeout=None))

    general = guild.channel_id("general")
    async with running_client(bot, emu):
        await emu.send_message(general, "!menu")
        sent = await emu.wait_for_request("POST", rf"/channels/{general}/messages")
        assert sent.json["components"][0]["components"][0]["custom_id"] == "again"
        payload = await emu.send_component(sent.response, "again")
        body = await emu.wait_for_interaction_response(payload)

    assert body["type"] == 7 and body["data"]["content"] == "clicked"
    assert emu.world.messages[int(sent.response["id"])]["content"] == "clicked"


async def test_rate_limits_are_retried_and_errors_raised(
    discord_emulator: DiscordEmulator, guild: Guild
) -> None:
    emu = discord_emulator
    bot = make_bot()
    general = guild.channel_id("general")
    path = rf"/channels/{general}/messages"
    async with running_client(bot, emu):
        channel = bot.get_channel(general)
        assert isinstance(channel, discord.TextChannel)

        mark = emu.mark()
        emu.fail_next("POST", path, status=429, retry_after=0.05)
        message = await channel.send("after a rate limit")
        assert message.content == "after a rate limit"
        assert [r.status for r in emu.find_requests("POST", path, after=mark)] == [429, 200]

        emu.fail_next("POST", path, status=403)
        with pytest.raises(discord.Forbidden) as forbidden:
            await channel.send("no permission")
        assert forbidden.value.code == 50013

        await emu.delete_channel(general)
        with pytest.raises(discord.NotFound) as not_found:
            await channel.send("into the void")
        assert not_found.value.code == 10003


async def test_global_rate_limit_is_respected(
    discord_emulator: DiscordEmulator, guild: Guild
) -> None:
    emu = discord_emulator
    bot = make_bot()
    general = guild.channel_id("general")
    async with running_client(bot, emu):
        channel = bot.get_channel(general)
        assert isinstance(channel, discord.TextChannel)
        emu.set_global_rate_limit(3, window=0.2)
        sent = await asyncio.gather(*(channel.send(f"burst {i}") for i in range(5)))
        emu.set_global_rate_limit(None)

    assert sorted(m.content for m in sent) == [f"burst {i}" for i in range(5)]
    assert emu.rate_limited_count >= 1


async def test_dropped_gateway_is_resumed_with_missed_events(
    discord_emulator: DiscordEmulator, guild: Guild
) -> None:
    emu = discord_emulator
    bot = make_bot()
    received = message_queue(bot)
    general = guild.channel_id("general")
    async with running_client(bot, emu):
        session_id = emu.gateway.current.id  # type: ignore[union-attr]
        await emu.drop_gateway()
        await emu.send_message(general, "while you were away")
        queued = emu.gateway.dispatched[-1]
        assert queued.event == "MESSAGE_CREATE" and not queued.live

        await emu.wait_for_resumed()
        replayed = await next_message(received, author_id=emu.tester.id)

    assert replayed.content == "while you were away"
    resume = next(f for f in emu.gateway.received if f["op"] == 6)
    assert resume["d"]["session_id"] == session_id
    assert resume["d"]["seq"] < queued.seq
    assert emu.gateway.identify_count == 1
    assert emu.gateway.connections[-1].startswith("/resume?")


async def test_bad_token_fails_login(discord_emulator: DiscordEmulator) -> None:
    bot = make_bot()
    with pytest.raises(discord.LoginFailure):
        async with running_client(bot, discord_emulator, token="not-the-token"):
            pass
    assert discord_emulator.find_requests("GET", "/users/@me")[0].status == 401


async def test_gateway_rejects_a_bad_token_with_4004(discord_emulator: DiscordEmulator) -> None:
    bot = make_bot()
    try:
        await bot.login(discord_emulator.valid_token)
        bot.http.token = "not-the-token"  # only the gateway sees the wrong token
        with pytest.raises(discord.ConnectionClosed) as closed:
            await bot.connect()
        assert closed.value.code == 4004
    finally:
        await bot.close()


@pytest.mark.discord_emulator(message_content_allowed=False)
async def test_disallowed_privileged_intent(discord_emulator: DiscordEmulator) -> None:
    bot = make_bot(message_content=True)
    with pytest.raises(discord.PrivilegedIntentsRequired):
        async with running_client(bot, discord_emulator):
            pass
    assert bot.is_closed()


async def test_direct_messages(discord_emulator: DiscordEmulator) -> None:
    emu = discord_emulator
    bot = make_bot()
    async with running_client(bot, emu):
        user = await bot.fetch_user(emu.tester.id)
        message = await user.send("hello from the bot")
        assert message.channel.id == emu.dm_channel(emu.tester).id

        emu.block_dms(emu.tester)
        with pytest.raises(discord.Forbidden) as blocked:
            await user.send("are you there?")
        assert blocked.value.code == 50007


def test_snowflakes_placed_on_a_shard_stay_there_whatever_the_clock_does() -> None:
    now = [1_800_000_000.0]

    def clock() -> float:  # a loaded machine: milliseconds pass between any two ids
        now[0] += 0.003
        return now[0]

    make = SnowflakeFactory(clock)
    made = [make()]
    for i in range(12):
        make.on_shard(i % 3, 3)
        made += [make(), make()]  # a guild's id, then one of its channels'
    assert [shard_of(guild, 3) for guild in made[1::2]] == [i % 3 for i in range(12)]
    assert made == sorted(set(made))  # still strictly increasing
