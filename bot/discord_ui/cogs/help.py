"""``!help`` / ``/help``: what Wickbot answers and every command with an example."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import discord
from discord.ext import commands

from bot.discord_ui import limits
from bot.discord_ui.cogs import WickCog, hybrid_command
from bot.discord_ui.embeds import COLOUR, shrink
from bot.discord_ui.replies import NO_PINGS, Reply, reply_to_context
from bot.intents import Intent

if TYPE_CHECKING:
    from bot.discord_ui.client import WickBot

#: One example per command ({p} is the prefix).
EXAMPLES = {
    "ask": "{p}ask who plays Winston?",
    "ballerina": "{p}ballerina",
    "film": "{p}film parabellum",
    "cast": "{p}cast chapter 4",
    "whoplays": "{p}whoplays baba yaga",
    "countdown": "{p}countdown chapter 5",
    "watchorder": "{p}watchorder",
    "upcoming": "{p}upcoming",
    "help": "{p}help",
    "announce": "{p}announce setup #news 18:00 Europe/London",
}


def help_embed(bot: WickBot) -> discord.Embed:
    """The help card, built from the loaded commands and the engine's own help text."""
    prefix = bot.core.settings.command_prefix
    about = bot.core.engine.answer_for(Intent.HELP).text
    embed = discord.Embed(
        title="Wickbot: John Wick questions, answered",
        description=limits.cut(about, limits.DESCRIPTION),
        colour=COLOUR,
    )
    lines = []
    for command in sorted(bot.commands, key=lambda c: c.name):
        if command.hidden:
            continue
        example = EXAMPLES.get(command.name, "{p}" + command.name).format(p=prefix)
        lines.append(f"`{example}` — {command.description or command.short_doc}")
    embed.add_field(
        name="Commands (also as /slash commands)",
        value=limits.cut("\n".join(lines), limits.FIELD_VALUE),
        inline=False,
    )
    embed.add_field(
        name="Any name works",
        value=f"`{prefix}parabellum`, `{prefix}jw2`, `{prefix}continental`, `{prefix}winston`, "
        f"`{prefix}pencil`: the card of any film, character or lore topic.",
        inline=False,
    )
    embed.add_field(
        name="Plain questions",
        value="Mention me, reply to me or DM me: “@Wickbot when does Chapter 5 come out?”. "
        "Admins choose where else I answer with `/settings answer-mode`.",
        inline=False,
    )
    return shrink(embed)


class Help(WickCog):
    """The help command."""

    @hybrid_command(description="What Wickbot can do")
    async def help(self, ctx: commands.Context[Any]) -> None:
        """Commands, examples and how to ask."""
        if ctx.bot_permissions.embed_links:
            await reply_to_context(ctx, Reply(embed=help_embed(self.bot)))
        else:
            text = self.bot.core.engine.answer_for(Intent.HELP).text
            await ctx.send(limits.cut(text, limits.MESSAGE), allowed_mentions=NO_PINGS)


async def setup(bot: WickBot) -> None:
    """Extension entry point."""
    await bot.add_cog(Help(bot))
