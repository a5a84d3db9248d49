"""The Discord client: a thin adapter that hands what users type to the engine."""

from __future__ import annotations

import logging
from typing import Any

import discord
from discord import app_commands
from discord.ext import commands

from bot.app import Core
from bot.discord_ui import limits
from bot.discord_ui.replies import NO_PINGS
from bot.discord_ui.throttle import Throttle
from bot.discord_ui.views import ViewRegistry
from bot.memory import settle
from bot.storage import Store

log = logging.getLogger("wickbot.discord")

#: The cogs, one per area; ``setup_hook`` loads them in this order.
EXTENSIONS = (
    "bot.discord_ui.cogs.lookup",
    "bot.discord_ui.cogs.questions",
    "bot.discord_ui.cogs.admin",
    "bot.discord_ui.cogs.announce",
    "bot.discord_ui.cogs.help",
    "bot.discord_ui.cogs.ops",
)
#: What Wickbot needs in a channel (the invite link asks for exactly this): see, send,
#: send in threads, embed cards, reply (read history), react (the cooldown's ⏳).
PERMISSIONS = discord.Permissions(
    view_channel=True,
    send_messages=True,
    send_messages_in_threads=True,
    embed_links=True,
    read_message_history=True,
    add_reactions=True,
)
#: Commands that skip the per-user cooldown (owner tools).
UNTHROTTLED = "unthrottled"
SORRY = "Sorry, something went wrong on my side. Please try again later."


class ChannelBusy(commands.CheckFailure):
    """The channel used up its answer budget (:class:`bot.policy.ChannelBudget`): no reply."""


def invite_url(application_id: int) -> str:
    """The link that adds Wickbot to a server, with its slash commands and permissions."""
    return discord.utils.oauth_url(
        application_id, permissions=PERMISSIONS, scopes=("bot", "applications.commands")
    )


def permission_name(flag: str) -> str:
    """A permission as Discord's settings call it (``manage_guild`` is "Manage Server")."""
    return flag.replace("guild", "server").replace("_", " ").title()


def intents(*, message_content: bool) -> discord.Intents:
    """Least privilege: the defaults (no members, no presences) plus message content if asked."""
    chosen = discord.Intents.default()
    chosen.members = False
    chosen.presences = False
    chosen.message_content = message_content
    return chosen


class WickTree(app_commands.CommandTree["WickBot"]):
    """The slash-command tree: errors are logged and answered briefly, only to the user."""

    async def on_error(
        self, interaction: discord.Interaction[WickBot], error: app_commands.AppCommandError
    ) -> None:
        if isinstance(error, app_commands.MissingPermissions):
            needed = " and ".join(permission_name(p) for p in error.missing_permissions)
            text = f"You need the {needed} permission for that."
        elif isinstance(error, app_commands.NoPrivateMessage):
            text = "That only works in a server."
        elif isinstance(error, app_commands.CheckFailure):
            text = "You can't use that here."
        else:
            log.error("slash command failed", exc_info=error)
            text = SORRY
        await answer_privately(interaction, text)


async def answer_privately(interaction: discord.Interaction[Any], text: str) -> None:
    """An ephemeral reply (or followup), swallowing Discord errors: this is the last resort."""
    try:
        if interaction.response.is_done():
            await interaction.followup.send(text, ephemeral=True, allowed_mentions=NO_PINGS)
        else:
            await interaction.response.send_message(text, ephemeral=True, allowed_mentions=NO_PINGS)
    except discord.HTTPException as exc:
        log.info("could not tell the user about an error: %s", exc)


class WickBot(commands.Bot):
    """Wickbot's discord.py client; everything it knows and keeps comes from ``core``.

    ``message_content=False`` runs without the privileged intent: slash commands, DMs and
    mentions still work. ``sync_dev_guild`` syncs slash commands to DEV_GUILD_ID at start.
    """

    def __init__(
        self,
        core: Core,
        *,
        message_content: bool = True,
        sync_dev_guild: bool = True,
        **options: Any,
    ) -> None:
        super().__init__(
            command_prefix=core.settings.command_prefix,
            intents=intents(message_content=message_content),
            allowed_mentions=NO_PINGS,
            help_command=None,
            member_cache_flags=discord.MemberCacheFlags.none(),
            chunk_guilds_at_startup=False,
            tree_cls=WickTree,
            **options,
        )
        self.core = core
        self.reads_message_content = message_content
        self.sync_dev_guild = sync_dev_guild
        self.throttle = Throttle()
        self.views = ViewRegistry()
        self.check_once(self._throttle_check)

    async def setup_hook(self) -> None:
        """Load the cogs; sync slash commands to the development server if one is set."""
        for extension in EXTENSIONS:
            await self.load_extension(extension)
        dev_guild = self.core.settings.dev_guild_id
        if dev_guild is not None and self.sync_dev_guild:
            guild = discord.Object(id=dev_guild)
            self.tree.copy_global_to(guild=guild)
            try:
                synced = await self.tree.sync(guild=guild)
            except discord.HTTPException as exc:
                log.warning("could not sync slash commands to DEV_GUILD_ID %s: %s", dev_guild, exc)
            else:
                log.info("synced %d slash commands to server %s", len(synced), dev_guild)

    async def close(self) -> None:
        """Stop live buttons (their timers) and disconnect."""
        self.views.stop_all()
        await super().close()

    @property
    def store(self) -> Store:
        """Per-server settings."""
        return self.core.store

    async def on_ready(self) -> None:
        # Every server, channel and role is cached now and lives as long as the connection:
        # freeze them with the knowledge, or each full collection scans them all (a 1,000-
        # server bot paused 60-150 ms per collection under load).
        settle()
        log.info(
            "connected as %s to %d servers%s",
            self.user,
            len(self.guilds),
            "" if self.reads_message_content else " (without the message content intent)",
        )
        if self.application_id is not None:
            log.info("invite link: %s", invite_url(self.application_id))

    async def _throttle_check(self, ctx: commands.Context[Any]) -> bool:
        """Global check: the per-user cooldown and the channel budget, but not for owner tools."""
        if ctx.command is not None and ctx.command.extras.get(UNTHROTTLED):
            return True
        retry_after = self.throttle.hit(ctx.message)
        if retry_after is not None:
            raise commands.CommandOnCooldown(
                commands.Cooldown(1, retry_after), retry_after, commands.BucketType.user
            )
        if ctx.interaction is None and not self.core.budget.spend(ctx.channel.id):
            raise ChannelBusy()  # a flooded channel: silence, so the others keep their share
        return True

    async def on_command_error(
        self, ctx: commands.Context[Any], error: commands.CommandError
    ) -> None:
        """Brief answers to the person who invoked the command; everything else is logged."""
        if isinstance(error, commands.CommandNotFound | commands.NotOwner | ChannelBusy):
            return  # unknown !words are the lookup cog's; owner tools stay invisible
        if isinstance(error, commands.CommandOnCooldown):
            await self.slow_down(ctx.message, error.retry_after, ctx.interaction)
            return
        if isinstance(error, commands.UserInputError):
            usage = (
                f"{ctx.clean_prefix}{ctx.command} {ctx.command.signature}" if ctx.command else ""
            )
            await self.tell(ctx, limits.cut(f"{error} Usage: `{usage.strip()}`", limits.MESSAGE))
            return
        if isinstance(error, commands.MissingPermissions):
            needed = " and ".join(permission_name(p) for p in error.missing_permissions)
            await self.tell(ctx, f"You need the {needed} permission for that.")
            return
        if isinstance(error, commands.NoPrivateMessage):
            await self.tell(ctx, "That only works in a server.")
            return
        if isinstance(error, commands.CheckFailure):
            await self.tell(ctx, "You can't use that command here.")
            return
        log.error("command %s failed", ctx.command, exc_info=error)
        await self.tell(ctx, SORRY)

    async def tell(self, ctx: commands.Context[Any], text: str) -> None:
        """A short note to whoever invoked ``ctx`` (ephemeral for slash commands)."""
        try:
            if ctx.interaction is not None:
                await answer_privately(ctx.interaction, text)
            else:
                await ctx.send(
                    text,
                    reference=ctx.message.to_reference(fail_if_not_exists=False),
                    allowed_mentions=NO_PINGS,
                )
        except discord.HTTPException as exc:
            log.info("could not send an error note: %s", exc)

    async def slow_down(
        self,
        message: discord.Message,
        retry_after: float,
        interaction: discord.Interaction[Any] | None = None,
    ) -> None:
        """Tell a user who is over the cooldown, once per window: ⏳ on their message."""
        if interaction is not None:
            await answer_privately(interaction, f"Slow down: try again in {retry_after:.0f} s.")
            return
        if not self.throttle.first_warning(message.author.id, retry_after):
            return
        try:
            await message.add_reaction("⏳")
        except discord.HTTPException as exc:
            log.info("could not react to a throttled message: %s", exc)

    async def on_error(self, event_method: str, /, *args: Any, **kwargs: Any) -> None:
        """An event listener raised: log it, keep running."""
        log.exception("error in %s", event_method)
