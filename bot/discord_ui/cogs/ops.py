"""For the bot's owner: ``!stats`` / ``/stats``; and gateway connections for the metrics."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from discord import app_commands
from discord.ext import commands

from bot.discord_ui.client import UNTHROTTLED
from bot.discord_ui.cogs import WickCog, hybrid_command
from bot.telemetry import stats_text

if TYPE_CHECKING:
    from bot.discord_ui.client import WickBot


async def owner_only(ctx: commands.Context[Any]) -> bool:
    """The application's owner only: others get silence (``!``) or a short refusal (``/``)."""
    if await ctx.bot.is_owner(ctx.author):
        return True
    if ctx.interaction is not None:
        raise commands.CheckFailure("owner only")
    raise commands.NotOwner()


class Ops(WickCog):
    """Running figures for the owner."""

    @hybrid_command(
        name="stats",
        description="Uptime, servers and today's questions (the bot's owner only)",
        extras={UNTHROTTLED: True},
    )
    @app_commands.default_permissions(administrator=True)
    @commands.check(owner_only)
    async def stats(self, ctx: commands.Context[Any]) -> None:
        """Uptime, servers, questions today, the share declined, the top intents."""
        core = self.bot.core
        uptime = core.clock() - core.started_at
        text = stats_text(core.telemetry.day(), uptime, len(self.bot.guilds))
        await self.bot.tell(ctx, text)

    @commands.Cog.listener()
    async def on_connect(self) -> None:
        """A new gateway session (the first, or a reconnect that could not resume)."""
        self.bot.core.telemetry.connected()

    @commands.Cog.listener()
    async def on_resumed(self) -> None:
        """A dropped gateway connection came back with its session."""
        self.bot.core.telemetry.resumed()


async def setup(bot: WickBot) -> None:
    """Extension entry point."""
    await bot.add_cog(Ops(bot))
