"""One cog per area: look-ups, plain questions, admin settings and owner tools, help."""

from __future__ import annotations

from collections.abc import Callable, Coroutine
from typing import TYPE_CHECKING, Any, cast

from discord.ext import commands

from bot.discord_ui.names import NameCatalog, catalog
from bot.engine import Conversation, Engine

if TYPE_CHECKING:
    from bot.discord_ui.client import WickBot

Callback = Callable[..., Coroutine[Any, Any, None]]
Hybrid = commands.HybridCommand[Any, ..., None]
HybridGroup = commands.HybridGroup[Any, ..., None]


def hybrid_command(**attrs: Any) -> Callable[[Callback], Hybrid]:
    """``commands.hybrid_command`` (``!x`` and ``/x``), typed so mypy accepts cog methods."""
    decorator: Any = commands.hybrid_command(**attrs)
    return cast(Callable[[Callback], Hybrid], decorator)


def hybrid_group(**attrs: Any) -> Callable[[Callback], HybridGroup]:
    """``commands.hybrid_group`` (``!x sub`` and ``/x sub``), typed for cog methods."""
    decorator: Any = commands.hybrid_group(**attrs)
    return cast(Callable[[Callback], HybridGroup], decorator)


def subcommand(group: HybridGroup, **attrs: Any) -> Callable[[Callback], Hybrid]:
    """``group.command``, typed so mypy accepts cog methods."""
    decorator: Any = group.command(**attrs)
    return cast(Callable[[Callback], Hybrid], decorator)


def require_manage_server(ctx: commands.Context[Any]) -> bool:
    """In a server, by a member who may manage it (else the matching error is raised).

    As a check it runs before the arguments are read, so others get the refusal, not usage.
    """
    if ctx.guild is None:
        raise commands.NoPrivateMessage()
    if not ctx.permissions.manage_guild:
        raise commands.MissingPermissions(["manage_guild"])
    return True


class WickCog(commands.Cog):
    """Shared access to the bot's core: the current engine, its names, conversations."""

    def __init__(self, bot: WickBot) -> None:
        self.bot = bot

    @property
    def engine(self) -> Engine:
        """The current engine (``!reload`` may swap it: never keep it across awaits)."""
        return self.bot.core.engine

    @property
    def names(self) -> NameCatalog:
        """Names and aliases of the current engine's knowledge."""
        return catalog(self.bot.core.engine)

    def conversation(self, channel_id: int, user_id: int) -> Conversation:
        """The follow-up memory of one user in one channel."""
        return self.bot.core.conversations.get((channel_id, user_id))
