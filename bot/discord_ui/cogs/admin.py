"""Server settings (``/settings``) for admins; ``!sync`` and ``!reload`` for the bot's owner."""

from __future__ import annotations

import asyncio
import logging
from typing import TYPE_CHECKING, Any

import discord
from discord import app_commands
from discord.ext import commands

from bot.discord_ui import limits
from bot.discord_ui.client import UNTHROTTLED
from bot.discord_ui.cogs import WickCog, hybrid_group, require_manage_server, subcommand
from bot.facts import KnowledgeError
from bot.storage import AnswerMode

if TYPE_CHECKING:
    from bot.discord_ui.client import WickBot

log = logging.getLogger("wickbot.discord")

MODE_HELP = {
    AnswerMode.MENTION: "only when mentioned, replied to, or in DMs",
    AnswerMode.CHANNELS: "also every question in this server's Q&A channels",
    AnswerMode.AUTO: "also confident questions about the franchise in any channel",
}


async def sync_tree(bot: WickBot, guild_id: int | None) -> str:
    """Register the slash commands globally or in one server; a line saying what was done."""
    if guild_id is None:
        synced = await bot.tree.sync()
        return f"Synced {len(synced)} slash commands globally (Discord may take up to an hour)."
    guild = discord.Object(id=guild_id)
    bot.tree.copy_global_to(guild=guild)
    synced = await bot.tree.sync(guild=guild)
    return f"Synced {len(synced)} slash commands to server {guild_id}."


def problems_message(error: KnowledgeError) -> str:
    """The reload errors, as many as fit in one message.

    Each broken file's first problem comes first, so one bad file cannot hide another.
    """
    head = f"Kept the old knowledge: {error}.\n```\n"
    tail = "```"
    firsts = list({p.file: p for p in reversed(error.problems)}.values())[::-1]
    ordered = firsts + [p for p in error.problems if p not in firsts]
    lines: list[str] = []
    used = len(head) + len(tail)
    for problem in ordered:
        line = limits.cut(str(problem), 300) + "\n"
        more = f"… and {len(error.problems) - len(lines)} more\n"
        if used + len(line) + len(more) > limits.MESSAGE:
            lines.append(more)
            break
        lines.append(line)
        used += len(line)
    return head + "".join(lines) + tail


class Admin(WickCog):
    """``!settings`` / ``/settings`` (answer-mode, qa-channel, show); owner tools."""

    @hybrid_group(
        name="settings",
        description="Where Wickbot answers in this server (Manage Server)",
        invoke_without_command=True,
    )
    @app_commands.guild_only()
    @app_commands.default_permissions(manage_guild=True)
    @commands.check(require_manage_server)
    async def settings(self, ctx: commands.Context[Any]) -> None:
        """``!settings`` alone: the same as ``!settings show``."""
        await self.bot.tell(ctx, await self._settings_text(ctx))

    @subcommand(settings, name="answer-mode", description="Where plain questions are answered")
    @app_commands.describe(mode="mention, channels (Q&A channels too) or auto (default)")
    @app_commands.choices(
        mode=[app_commands.Choice(name=f"{m}: {h}", value=m.value) for m, h in MODE_HELP.items()]
    )
    @commands.check(require_manage_server)
    async def answer_mode(self, ctx: commands.Context[Any], mode: str) -> None:
        """Choose the server's answer mode: ``!settings answer-mode channels``."""
        assert ctx.guild is not None
        try:
            chosen = AnswerMode(mode.strip().lower())
        except ValueError:
            modes = ", ".join(f"`{m}`" for m in AnswerMode)
            await self.bot.tell(ctx, f"Unknown answer mode {mode!r}: choose {modes}.")
            return
        await self.bot.store.set_answer_mode(ctx.guild.id, chosen)
        note = ""
        if not self.bot.reads_message_content and chosen is not AnswerMode.MENTION:
            note = (
                "\nNote: I run without the message content intent, so for now I only see "
                "mentions, replies and DMs."
            )
        await self.bot.tell(ctx, f"Answer mode: **{chosen}**, {MODE_HELP[chosen]}.{note}")

    @subcommand(settings, name="qa-channel", description="Mark or unmark a Q&A channel")
    @app_commands.describe(channel="The channel", enabled="True to mark it, False to unmark it")
    @commands.check(require_manage_server)
    async def qa_channel(
        self, ctx: commands.Context[Any], channel: discord.TextChannel, enabled: bool = True
    ) -> None:
        """Every question in a Q&A channel is answered: ``!settings qa-channel #ask off``."""
        assert ctx.guild is not None
        if channel.guild.id != ctx.guild.id:
            await self.bot.tell(ctx, "Pick a channel of this server.")
            return
        await self.bot.store.set_qa_channel(ctx.guild.id, channel.id, enabled)
        mode = (await self.bot.store.guild_settings(ctx.guild.id)).answer_mode
        state = "is now a Q&A channel" if enabled else "is no longer a Q&A channel"
        note = (
            " (the answer mode is `mention`, so it has no effect yet)"
            if (enabled and mode is AnswerMode.MENTION)
            else ""
        )
        await self.bot.tell(ctx, f"{channel.mention} {state}{note}.")

    @subcommand(settings, name="show", description="This server's Wickbot settings")
    @commands.check(require_manage_server)
    async def show(self, ctx: commands.Context[Any]) -> None:
        """The answer mode and the Q&A channels."""
        await self.bot.tell(ctx, await self._settings_text(ctx))

    async def _settings_text(self, ctx: commands.Context[Any]) -> str:
        assert ctx.guild is not None
        current = await self.bot.store.guild_settings(ctx.guild.id)
        channels = ", ".join(f"<#{c}>" for c in sorted(current.qa_channels)) or "none"
        text = (
            f"Answer mode: **{current.answer_mode}**, {MODE_HELP[current.answer_mode]}.\n"
            f"Q&A channels: {channels}"
        )
        return limits.cut(text, limits.MESSAGE)

    @commands.command(hidden=True, extras={UNTHROTTLED: True})
    @commands.is_owner()
    async def sync(self, ctx: commands.Context[Any], target: str | None = None) -> None:
        """``!sync`` (global), ``!sync here`` or ``!sync <server id>``: register slash commands."""
        if target is None:
            guild_id = None
        elif target == "here" and ctx.guild is not None:
            guild_id = ctx.guild.id
        elif target.isdigit():
            guild_id = int(target)
        else:
            await self.bot.tell(ctx, "Usage: `!sync`, `!sync here` or `!sync <server id>`.")
            return
        try:
            done = await sync_tree(self.bot, guild_id)
        except discord.HTTPException as exc:
            done = f"Sync failed: {exc}"
        await self.bot.tell(ctx, limits.cut(done, limits.MESSAGE))

    @commands.command(hidden=True, extras={UNTHROTTLED: True})
    @commands.is_owner()
    async def reload(self, ctx: commands.Context[Any]) -> None:
        """Re-read the knowledge base; on any error keep the old one and list the errors."""
        core = self.bot.core
        outcome = await asyncio.to_thread(core.reload)  # the swap is atomic (see Core.reload)
        if outcome.error is not None:
            log.warning("reload refused: %s", outcome.error)
            await self.bot.tell(ctx, problems_message(outcome.error))
            return
        log.info(
            "knowledge reloaded from %s (version %s)",
            core.settings.knowledge_dir,
            outcome.state.version,
        )
        await self.bot.tell(ctx, f"Reloaded: {outcome.state.summary()}.")

    @commands.Cog.listener()
    async def on_guild_remove(self, guild: discord.Guild) -> None:
        """A server removed Wickbot: forget its settings."""
        await self.bot.store.forget_guild(guild.id)


async def setup(bot: WickBot) -> None:
    """Extension entry point."""
    await bot.add_cog(Admin(bot))
