"""Plain questions end to end: who gets an answer, follow-ups, choices, silence, safety."""

from __future__ import annotations

import asyncio

import pytest

from bot.app import Core
from bot.storage import AnswerMode

from .emulator import DiscordEmulator, Guild, RecordedRequest
from .wick import assert_no_pings, running_wickbot, sends


@pytest.fixture
def guild(discord_emulator: DiscordEmulator) -> Guild:
    return discord_emulator.add_guild("Continental", channels=["general", "questions"])


async def ask(
    emu: DiscordEmulator, channel_id: int, text: str, **options: object
) -> RecordedRequest:
    """Send ``text`` and wait for the bot's message in that channel."""
    mark = emu.mark()
    await emu.send_message(channel_id, text, **options)  # type: ignore[arg-type]
    return await emu.wait_for_request("POST", rf"/channels/{channel_id}/messages", after=mark)


async def assert_silent(emu: DiscordEmulator, channel_id: int, *texts: str) -> None:
    """The bot answers none of ``texts`` (proved by answering a mention sent after them)."""
    mark = emu.mark()
    for text in texts:
        await emu.send_message(channel_id, text)
    sentinel = await emu.send_message(channel_id, f"<@{emu.bot.id}> who plays winston")
    reply = await emu.wait_for_request("POST", rf"/channels/{channel_id}/messages", after=mark)
    assert sends(emu, mark) == [reply]
    assert reply.json["message_reference"]["message_id"] == int(sentinel["id"])


async def test_a_mention_is_answered_in_a_reply_without_pings(
    discord_emulator: DiscordEmulator, guild: Guild, core: Core
) -> None:
    emu = discord_emulator
    general = guild.channel_id("general")
    async with running_wickbot(emu, core):
        question = await emu.send_message(general, f"<@{emu.bot.id}> who plays winston?")
        reply = await emu.wait_for_request("POST", rf"/channels/{general}/messages")

    assert reply.json["content"].startswith("Winston Scott is played by Ian McShane")
    assert reply.json["message_reference"]["message_id"] == int(question["id"])
    assert reply.response["mentions"] == []
    assert_no_pings(emu)


async def test_follow_up_questions_remember_the_conversation(
    discord_emulator: DiscordEmulator, guild: Guild, core: Core
) -> None:
    emu = discord_emulator
    general = guild.channel_id("general")
    other = emu.add_user("other")
    emu.add_member(guild.id, other)
    async with running_wickbot(emu, core):
        first = await ask(emu, general, "who directed ballerina")
        follow_up = await ask(emu, general, "when was it released?")
        stranger = await ask(emu, general, f"<@{emu.bot.id}> when was it released?", author=other)

    assert first.json["content"].startswith("Ballerina (2025) was directed by Len Wiseman")
    assert follow_up.json["content"].startswith("Ballerina came out in the US on June 6, 2025")
    assert stranger.json["content"].startswith("Which film or series do you mean?")


async def test_direct_messages_and_replies_to_the_bot_are_answered(
    discord_emulator: DiscordEmulator, guild: Guild, core: Core
) -> None:
    emu = discord_emulator
    general = guild.channel_id("general")
    await core.store.set_answer_mode(guild.id, AnswerMode.MENTION)
    async with running_wickbot(emu, core):
        dm = await ask(emu, emu.dm_channel(emu.tester).id, "how long is parabellum")
        first = await ask(emu, general, f"<@{emu.bot.id}> who plays the bowery king")
        reply = await ask(
            emu,
            general,
            "and in chapter 4?",
            message_reference=int(first.response["id"]),
            reply_ping=False,
        )

    assert "131 minutes" in dm.json["content"]
    assert "Laurence Fishburne" in reply.json["content"]


async def test_qa_channels_answer_everything_other_channels_stay_quiet(
    discord_emulator: DiscordEmulator, guild: Guild, core: Core
) -> None:
    emu = discord_emulator
    emu.add_member(guild.id, emu.tester)
    general, questions = guild.channel_id("general"), guild.channel_id("questions")
    admin_permissions = 1 << 5  # Manage Server
    async with running_wickbot(emu, core, sync=True):
        mode = await emu.send_interaction(
            "settings answer-mode",
            channel_id=general,
            options={"mode": "channels"},
            permissions=admin_permissions,
        )
        mode_reply = await emu.wait_for_interaction_response(mode)
        marked = await emu.send_interaction(
            "settings qa-channel",
            channel_id=general,
            options={"channel": questions},
            permissions=admin_permissions,
        )
        marked_reply = await emu.wait_for_interaction_response(marked)

        unsure = await ask(emu, questions, "what is the best pizza topping")
        answered = await ask(emu, questions, "who plays winston")
        await assert_silent(emu, general, "who plays winston?", "when does chapter 5 come out?")

    assert mode_reply["data"]["content"].startswith("Answer mode: **channels**")
    assert mode_reply["data"]["flags"] == 64
    assert "is now a Q&A channel" in marked_reply["data"]["content"]
    assert (await core.store.guild_settings(guild.id)).qa_channels == frozenset({questions})
    assert unsure.json["content"].startswith("I don't know that one.")
    assert answered.json["content"].startswith("Winston Scott is played by")


async def test_settings_need_manage_server(
    discord_emulator: DiscordEmulator, guild: Guild, core: Core
) -> None:
    emu = discord_emulator
    async with running_wickbot(emu, core, sync=True):
        payload = await emu.send_interaction(
            "settings answer-mode",
            channel_id=guild.channel_id("general"),
            options={"mode": "mention"},
            permissions=0,
        )
        body = await emu.wait_for_interaction_response(payload)

    assert body["data"]["content"] == "You need the Manage Server permission for that."
    assert (await core.store.guild_settings(guild.id)).answer_mode is AnswerMode.AUTO


async def test_auto_mode_answers_confident_franchise_questions_only(
    discord_emulator: DiscordEmulator, guild: Guild, core: Core
) -> None:
    emu = discord_emulator
    general = guild.channel_id("general")
    async with running_wickbot(emu, core):
        await assert_silent(
            emu,
            general,
            "lol good morning",
            "thanks!",
            "what time is it?",  # a question, but not about the franchise
            "ballerina was great",  # about the franchise, but not a question
            "is it good?",  # nothing named: the engine would have to ask which
            "john wick",  # two readings: never buttons for someone who didn't ask
        )
        answered = await ask(emu, general, "when does chapter 5 come out?")
        watch = await ask(emu, general, "what order should I watch them in?")

    assert answered.json["content"].startswith("John Wick: Chapter 5 has no release date yet")
    assert watch.json["content"].startswith("Release order:")


async def test_mention_mode_ignores_unaddressed_questions(
    discord_emulator: DiscordEmulator, guild: Guild, core: Core
) -> None:
    emu = discord_emulator
    await core.store.set_answer_mode(guild.id, AnswerMode.MENTION)
    async with running_wickbot(emu, core):
        await assert_silent(emu, guild.channel_id("general"), "when does chapter 5 come out?")


async def test_bots_webhooks_and_itself_are_never_answered(
    discord_emulator: DiscordEmulator, guild: Guild, core: Core
) -> None:
    emu = discord_emulator
    general = guild.channel_id("general")
    other_bot = emu.add_user("Other bot", bot=True)
    emu.add_member(guild.id, other_bot)
    mention = f"<@{emu.bot.id}> who plays winston"
    async with running_wickbot(emu, core):
        mark = emu.mark()
        await emu.send_message(general, mention, author=other_bot)
        await emu.send_message(general, mention, webhook_id=emu.world.snowflake())
        await emu.send_message(general, "who plays winston?", bot_author=True)
        await emu.send_message(general, "!ballerina", author=other_bot)
        await emu.send_message(general, mention)  # a person: answered, and its echo is not
        reply = await emu.wait_for_request("POST", rf"/channels/{general}/messages", after=mark)
        await assert_silent(emu, general)

    assert sends(emu, mark)[0] is reply
    assert len(emu.find_requests("POST", rf"/channels/{general}/messages", after=mark)) == 2


async def test_two_readings_offer_buttons_for_the_asker(
    discord_emulator: DiscordEmulator, guild: Guild, core: Core
) -> None:
    emu = discord_emulator
    general = guild.channel_id("general")
    other = emu.add_user("other")
    emu.add_member(guild.id, other)
    async with running_wickbot(emu, core):
        question = await ask(emu, general, f"<@{emu.bot.id}> john wick")
        buttons = {b["label"]: b["custom_id"] for b in question.json["components"][0]["components"]}
        assert question.json["content"].startswith("Do you mean")
        film = buttons["the film John Wick (2014)"]
        assert "the character John Wick" in buttons

        refused = await emu.send_component(question.response, film, user=other)
        refusal = await emu.wait_for_interaction_response(refused)
        clicked = await emu.send_component(question.response, film)
        chosen = await emu.wait_for_interaction_response(clicked)

    assert refusal["data"]["flags"] == 64 and "someone else" in refusal["data"]["content"]
    assert chosen["type"] == 7  # the question is replaced by the answer
    assert chosen["data"]["embeds"][0]["title"] == "John Wick"
    assert chosen["data"]["components"] == []
    assert chosen["data"]["allowed_mentions"] == {"parse": []}


async def test_spoilers_are_hidden_behind_bars_with_the_warning_outside(
    discord_emulator: DiscordEmulator, guild: Guild, core: Core
) -> None:
    emu = discord_emulator
    async with running_wickbot(emu, core):
        reply = await ask(emu, guild.channel_id("general"), "does john die in chapter 4")

    content = reply.json["content"]
    assert content.startswith("⚠️ Spoiler warning (Chapter 4 ending): ||")
    assert content.endswith("||")


async def test_the_cooldown_stops_spam_with_one_reaction(
    discord_emulator: DiscordEmulator, guild: Guild, core: Core
) -> None:
    emu = discord_emulator
    general = guild.channel_id("general")
    path = rf"/channels/{general}/messages"
    async with running_wickbot(emu, core):
        mark = emu.mark()
        for _ in range(5):
            await ask(emu, general, f"<@{emu.bot.id}> who plays winston")
        over = await emu.send_message(general, f"<@{emu.bot.id}> who plays charon")
        reaction = await emu.wait_for_request(
            "PUT", rf"{path}/{over['id']}/reactions/.+/@me", after=mark
        )
        await emu.send_message(general, f"<@{emu.bot.id}> who plays charon")
        await emu.send_message(general, "!ballerina")
        other = emu.add_user("other")  # another user is not limited
        emu.add_member(guild.id, other)
        await emu.send_message(general, f"<@{emu.bot.id}> who plays charon", author=other)
        answer = await emu.wait_for_request("POST", path, after=reaction.index)

    assert len(emu.find_requests("POST", path, after=mark)) == 6
    assert len(emu.find_requests("PUT", rf"{path}/\d+/reactions/.+", after=mark)) == 1
    assert answer.json["content"].startswith("Charon is played by")


async def test_hostile_messages_never_ping_or_crash(
    discord_emulator: DiscordEmulator, guild: Guild, core: Core
) -> None:
    emu = discord_emulator
    general = guild.channel_id("general")
    role = emu.add_role(guild.id, "Everyone important", 0)
    hostile = [
        f"<@{emu.bot.id}> @everyone @here <@&{role.id}> <@{emu.tester.id}> " + "x" * 10_000,
        f"<@{emu.bot.id}> who\u200b plays\u200d win\u2060ston @everyone?",
        f"<@{emu.bot.id}> " + "\u200b" * 5_000,
        f"<@{emu.bot.id}> ||||``` <t:99999999999999:R> {'😀' * 3000}",
        "!film " + "@everyone " * 500,
    ]
    async with running_wickbot(emu, core):
        for text in hostile:
            mark = emu.mark()
            await emu.send_message(general, text)
            reply = await emu.wait_for_request("POST", rf"/channels/{general}/messages", after=mark)
            assert reply.status == 200
            assert len(reply.json["content"]) <= 2000
            assert reply.response["mention_everyone"] is False
            assert reply.response["mentions"] == [] and reply.response["mention_roles"] == []

    assert_no_pings(emu)


async def test_an_unexpected_error_is_logged_and_only_the_asker_gets_a_short_note(
    discord_emulator: DiscordEmulator,
    guild: Guild,
    core: Core,
    monkeypatch: pytest.MonkeyPatch,
    caplog: pytest.LogCaptureFixture,
) -> None:
    emu = discord_emulator
    general = guild.channel_id("general")

    def broken(*args: object, **kwargs: object) -> None:
        raise RuntimeError("engine on fire")

    async with running_wickbot(emu, core):
        await core.store.guild_settings(guild.id)  # cached: handled in order, no thread hop
        monkeypatch.setattr(core.engine, "ask", broken)
        mark = emu.mark()
        await emu.send_message(general, "who plays winston?")  # not addressed: no note
        note = await ask(emu, general, f"<@{emu.bot.id}> who plays winston?")
        monkeypatch.undo()
        answered = await ask(emu, general, f"<@{emu.bot.id}> who plays winston?")

    assert note.json["content"].startswith("Sorry, something went wrong")
    assert sends(emu, mark) == [note, answered]
    assert "engine on fire" in caplog.text


async def test_one_askers_messages_are_answered_in_order(
    discord_emulator: DiscordEmulator, guild: Guild, core: Core, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A message still waiting for its server's settings is not overtaken by the next one.

    Otherwise "is it good?" (nothing named yet) would be read as a follow-up of the question
    sent after it, and answered unasked.
    """
    emu = discord_emulator
    general = guild.channel_id("general")
    read = core.store.guild_settings
    calls = 0

    async def slow_first_read(guild_id: int) -> object:
        nonlocal calls
        calls += 1
        if calls == 1:
            await asyncio.sleep(0.3)  # the first message's settings come late
        return await read(guild_id)

    async with running_wickbot(emu, core):
        monkeypatch.setattr(core.store, "guild_settings", slow_first_read)
        mark = emu.mark()
        await emu.send_message(general, "is it good?")
        answered = await ask(emu, general, "when does chapter 5 come out?")
        await asyncio.sleep(0.5)
        replies = emu.find_requests("POST", rf"/channels/{general}/messages", after=mark)

    assert answered.json["content"].startswith("John Wick: Chapter 5 has no release date yet")
    assert len(replies) == 1, [r.json["content"] for r in replies]
