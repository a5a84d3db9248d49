"""Plain-English questions: when to answer (the server's answer mode), and ``/ask``.

Answered: mentions, DMs, replies to the bot and Q&A channels (the engine's "I don't know"
included); in ``auto`` mode also, anywhere, a confident answer to a question that names
something from the franchise. Everything else gets silence.
"""

from __future__ import annotations

import contextlib
import logging
import re
from collections.abc import Hashable
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
from bot.storage import AnswerMode

if TYPE_CHECKING:
    from bot.discord_ui.client import WickBot

log = logging.getLogger("wickbot.discord")

#: In ``auto`` mode, unaddressed questions are answered only from this confidence up.
AUTO_MIN_CONFIDENCE = 0.6
#: Intents about the franchise as a whole: they need not name a film to be on topic.
FRANCHISE_WIDE = frozenset(
    {Intent.WATCH_ORDER, Intent.UPCOMING, Intent.LIST_WORKS, Intent.COUNT_WORKS}
)
#: How an unaddressed message must start (or end with "?") to count as a question.
QUESTION_START = re.compile(
    r"^\W*(who|whom|whose|what|whats|when|where|which|why|how|is|are|was|were|do|does|did|"
    r"can|could|will|would|should|has|have|any|anyone|tell me|list)\b",
    re.IGNORECASE,
)


def looks_like_question(text: str) -> bool:
    """A question mark or a question word first: "who plays winston", "ballerina out yet?"."""
    stripped = text.strip()
    return stripped.endswith("?") or bool(QUESTION_START.match(stripped))


def worth_volunteering(answer: Answer, text: str) -> bool:
    """Whether an unaddressed message deserves an answer in ``auto`` mode."""
    on_topic = bool(answer.entities) or answer.intent in FRANCHISE_WIDE
    return (
        answer.answered
        and not answer.choices
        and answer.confidence >= AUTO_MIN_CONFIDENCE
        and on_topic
        and looks_like_question(text)
    )


class Questions(WickCog):
    """Answers plain questions in messages, and ``/ask``."""

    @hybrid_command(description="Ask anything about the John Wick films")
    @app_commands.describe(question="e.g. who plays Winston? when does Chapter 5 come out?")
    async def ask(self, ctx: commands.Context[Any], *, question: str) -> None:
        """Answer one question; follow-ups remember the conversation."""
        key = (ctx.channel.id, ctx.author.id)
        answer = self.engine.ask(question, conversation=self.bot.core.conversations.get(key))
        chooser = self.chooser(answer, key)
        reply = question_reply(answer, self.bot.views, owner_id=ctx.author.id, on_choose=chooser)
        await reply_to_context(ctx, reply)

    @commands.Cog.listener()
    async def on_message(self, message: discord.Message) -> None:
        """Maybe answer ``message``; never raises (a bad message must not stop the bot)."""
        try:
            await self.consider(message)
        except Exception:
            log.exception("failed to answer message %s", message.id)
            if not message.author.bot and self.addressed(message):
                with contextlib.suppress(discord.HTTPException):
                    await message.channel.send(SORRY, allowed_mentions=NO_PINGS)

    async def consider(self, message: discord.Message) -> None:
        """Answer ``message`` if it is a question for Wickbot (see the module docs)."""
        if message.author.bot or message.webhook_id is not None:
            return  # bots, webhooks and Wickbot itself
        content = message.content
        if not content.strip() or content.startswith(self.bot.core.settings.command_prefix):
            return
        direct = self.addressed(message)
        if not direct and message.guild is not None:
            settings = await self.bot.store.guild_settings(message.guild.id)
            channel_ids = {message.channel.id, getattr(message.channel, "parent_id", None)}
            in_qa = settings.answer_mode is not AnswerMode.MENTION and bool(
                channel_ids & settings.qa_channels
            )
            if not in_qa and settings.answer_mode is not AnswerMode.AUTO:
                return
            direct = in_qa
        if not self.can_reply(message):
            return
        key = (message.channel.id, message.author.id)
        conversation = self.bot.core.conversations.get(key)
        # Unaddressed chatter must not move the conversation unless Wickbot replies to it.
        trial = conversation if direct else conversation.copy()
        answer = self.engine.ask(content, conversation=trial)
        if not direct and not worth_volunteering(answer, content):
            return
        if trial is not conversation:
            conversation.adopt(trial)
        retry_after = self.bot.throttle.hit(message)
        if retry_after is not None:
            if direct:
                await self.bot.slow_down(message, retry_after)
            return
        chooser = self.chooser(answer, key)
        reply = question_reply(
            answer, self.bot.views, owner_id=message.author.id, on_choose=chooser
        )
        await reply_to_message(message, reply)

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
            chosen = None
            if intent is not None:
                chosen = self.engine.answer_for(intent, [ref], conversation=conversation)
            if chosen is None or not chosen.answered:
                chosen = self.engine.about(ref, conversation=conversation)
            embeds = interaction.app_permissions.embed_links
            reply = (
                card_reply(chosen, self.bot.views, embeds=embeds)
                if chosen.card is not None and intent in (None, Intent.OVERVIEW)
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
