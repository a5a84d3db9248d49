"""Plain-English questions and ``/ask``: adapts :mod:`bot.policy` (when to answer) to Discord."""

from __future__ import annotations

import asyncio
import contextlib
import logging
import time
from collections.abc import Hashable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import discord
from discord import app_commands
from discord.ext import commands

from bot.answers.model import Answer
from bot.discord_ui.client import SORRY
from bot.discord_ui.cogs import WickCog, hybrid_command
from bot.discord_ui.replies import (
    NO_PINGS,
    OnChoose,
    card_reply,
    question_reply,
    reply_to_context,
    reply_to_message,
    text_reply,
)
from bot.intents import Intent
from bot.nlu.entities import EntityRef
from bot.policy import Route, needs_settings, route, should_reply

if TYPE_CHECKING:
    from bot.discord_ui.client import WickBot

log = logging.getLogger("wickbot.discord")


@dataclass
class _Turn:
    """One asker's turn in a channel: their messages are considered one at a time."""

    lock: asyncio.Lock = field(default_factory=asyncio.Lock)
    waiting: int = 0


class Questions(WickCog):
    """Answers plain questions in messages, and ``/ask``."""

    #: per (channel, asker): their turn, while any of their messages holds or waits for it
    _turns: dict[tuple[int, int], _Turn]

    async def cog_load(self) -> None:
        """Start with no asker waiting."""
        self._turns = {}

    @hybrid_command(description="Ask anything about the John Wick films")
    @app_commands.describe(question="e.g. who plays Winston? when does Chapter 5 come out?")
    async def ask(self, ctx: commands.Context[Any], *, question: str) -> None:
        """Answer one question; follow-ups remember the conversation."""
        started = time.perf_counter()
        key = (ctx.channel.id, ctx.author.id)
        answer = self.engine.ask(question, conversation=self.bot.core.conversations.get(key))
        chooser = self.chooser(answer, key)
        reply = question_reply(answer, self.bot.views, owner_id=ctx.author.id, on_choose=chooser)
        await reply_to_context(ctx, reply)
        self.bot.core.telemetry.answered(answer, time.perf_counter() - started)

    @commands.Cog.listener()
    async def on_message(self, message: discord.Message) -> None:
        """Maybe answer ``message``; never raises (a bad message must not stop the bot)."""
        try:
            await self.consider(message, time.perf_counter())
        except Exception:
            log.exception("failed to answer message %s", message.id)
            if not message.author.bot and self.addressed(message):
                with contextlib.suppress(discord.HTTPException):
                    await message.channel.send(SORRY, allowed_mentions=NO_PINGS)

    async def consider(self, message: discord.Message, started: float) -> None:
        """Answer ``message`` if it is a question for Wickbot (see the module docs).

        One asker's messages in one channel are considered in the order they came: a message
        waiting for its server's settings must not let a later one move the conversation
        first ("is it good?" must not become a follow-up of the question after it).
        """
        if message.author.bot or message.webhook_id is not None:
            return  # bots, webhooks and Wickbot itself
        key = (message.channel.id, message.author.id)
        turn = self._turns.setdefault(key, _Turn())
        turn.waiting += 1
        try:
            async with turn.lock:
                await self._consider(message, started)
        finally:
            turn.waiting -= 1
            if turn.waiting == 0:
                del self._turns[key]

    async def _consider(self, message: discord.Message, started: float) -> None:
        content = message.content
        core = self.bot.core
        prefix = core.settings.command_prefix
        addressed = self.addressed(message)  # DMs included
        settings = None
        if message.guild is not None and needs_settings(content, prefix, addressed):
            settings = await core.store.guild_settings(message.guild.id)
        chosen = route(
            content,
            prefix=prefix,
            addressed=addressed,
            settings=settings,
            channels=(message.channel.id, getattr(message.channel, "parent_id", None)),
        )
        channel = message.channel.id
        if chosen is Route.IGNORE or not self.can_reply(message):
            return
        if not core.budget.allows(channel):
            # The channel had its share for now: no reply, so spare the engine. A flood then
            # costs the engine its budget only, and the event loop stays free to send replies.
            return
        key = (channel, message.author.id)
        conversation = core.conversations.get(key)
        direct = chosen is Route.ANSWER
        # Unaddressed chatter must not move the conversation unless Wickbot replies to it.
        trial = conversation if direct else conversation.copy()
        answer = self.engine.ask(content, conversation=trial)
        if not should_reply(chosen, answer, content):
            return
        if trial is not conversation:
            conversation.adopt(trial)
        retry_after = self.bot.throttle.hit(message)
        if retry_after is not None:
            if direct:
                await self.bot.slow_down(message, retry_after)
            return
        if not core.budget.spend(channel):
            return
        chooser = self.chooser(answer, key)
        reply = question_reply(
            answer, self.bot.views, owner_id=message.author.id, on_choose=chooser
        )
        await reply_to_message(message, reply)
        core.telemetry.answered(answer, time.perf_counter() - started)

    def addressed(self, message: discord.Message) -> bool:
        """A DM, a mention of Wickbot (or its role), or a reply to one of its messages."""
        me = self.bot.user
        if message.guild is None:
            return True
        if me is None:
            return False
        if any(user.id == me.id for user in message.mentions):
            return True
        own_role = message.guild.self_role
        if own_role is not None and own_role in message.role_mentions:
            return True
        reference = message.reference
        resolved = reference.resolved if reference is not None else None
        return isinstance(resolved, discord.Message) and resolved.author.id == me.id

    def can_reply(self, message: discord.Message) -> bool:
        """Whether Wickbot may post where ``message`` was written."""
        guild = message.guild
        channel = message.channel
        if guild is None or isinstance(channel, discord.DMChannel | discord.GroupChannel):
            return True
        perms = channel.permissions_for(guild.me)
        if isinstance(channel, discord.Thread):
            return perms.send_messages_in_threads
        return perms.send_messages

    def chooser(self, answer: Answer, key: Hashable) -> OnChoose | None:
        """What a click on one of ``answer``'s "did you mean" buttons does."""
        if not answer.choices:
            return None
        intent = _intent(answer.intent)

        async def choose(interaction: discord.Interaction, value: str) -> None:
            kind, _, ident = value.partition(":")
            ref = EntityRef(kind, ident)
            conversation = self.bot.core.conversations.get(key)
            asked = None
            if intent is not None:
                asked = self.engine.answer_for(intent, [ref], conversation=conversation)
            # what the question asked does not fit the thing chosen: everything about it
            about = asked is None or not asked.answered
            chosen = (
                self.engine.about(ref, conversation=conversation)
                if about or asked is None
                else asked
            )
            embeds = interaction.app_permissions.embed_links
            reply = (
                card_reply(chosen, self.bot.views, embeds=embeds)
                if chosen.card is not None and (about or intent is Intent.OVERVIEW)
                else text_reply(chosen, self.bot.views, interaction.user.id)
            )
            await interaction.response.edit_message(**reply.edit_kwargs())
            if reply.view is not None:
                reply.view.message = interaction.message

        return choose


def _intent(value: str | None) -> Intent | None:
    try:
        return Intent(value) if value else None
    except ValueError:
        return None


async def setup(bot: WickBot) -> None:
    """Extension entry point."""
    await bot.add_cog(Questions(bot))
