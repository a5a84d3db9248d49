"""The Discord client: a thin adapter that hands messages to the engine."""

from __future__ import annotations

import logging

import discord
from discord.ext import commands

from bot.app import Core

log = logging.getLogger("wickbot")
NO_PINGS = discord.AllowedMentions.none()


class WickBot(commands.Bot):
    """Wickbot's discord.py client; everything it knows comes from ``core``."""

    def __init__(self, core: Core) -> None:
        intents = discord.Intents.default()
        intents.message_content = True
        intents.members = False
        intents.presences = False
        super().__init__(
            command_prefix=commands.when_mentioned_or(core.settings.command_prefix),
            intents=intents,
            allowed_mentions=NO_PINGS,
            help_command=None,
            member_cache_flags=discord.MemberCacheFlags.none(),
        )
        self.core = core

    async def on_message(self, message: discord.Message) -> None:
        """Answer direct questions (a mention or a DM); let commands through."""
        if message.author.bot or message.webhook_id is not None:
            return
        ctx = await self.get_context(message)
        if ctx.valid:
            await self.invoke(ctx)
            return
        mentioned = self.user is not None and self.user in message.mentions
        if not (mentioned or message.guild is None):
            return
        key = (message.channel.id, message.author.id)
        answer = self.core.engine.ask(
            message.content, conversation=self.core.conversations.get(key)
        )
        await message.reply(answer.text[:2000], allowed_mentions=NO_PINGS, mention_author=False)
