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


def hybrid_command(**attrs: Any) -> Callable[[Callback], Hybrid]:
    """``commands.hybrid_command`` (``!x`` and ``/x``), typed so mypy accepts cog methods."""
    decorator: Any = commands.hybrid_command(**attrs)
    return cast(Callable[[Callback], Hybrid], decorator)


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
