"""Buttons: "did you mean X or Y?" choices and pages of a long answer.

Every view times out (so none lives forever) and registers with the bot, which stops the
ones still running when it closes (so no timer task outlives the client).
"""

from __future__ import annotations

import logging
import secrets
import weakref
from collections.abc import Awaitable, Callable, Sequence
from typing import Any

import discord

from bot.discord_ui import limits

log = logging.getLogger(__name__)
#: No @everyone, role or user pings, ever: not even the author of the question.
NO_PINGS = discord.AllowedMentions.none()
#: Seconds a "did you mean" question waits for a click.
CHOICE_TIMEOUT = 300.0
#: Seconds the page buttons of a long answer keep working.
PAGES_TIMEOUT = 600.0
#: A button row holds 5 buttons and a message 5 rows.
MAX_CHOICES = 20

OnChoose = Callable[[discord.Interaction, str], Awaitable[None]]


class ViewRegistry:
    """The views a bot has sent and not yet stopped."""

    def __init__(self) -> None:
        self._views: weakref.WeakSet[discord.ui.View] = weakref.WeakSet()

    def add(self, view: discord.ui.View) -> None:
        self._views.add(view)

    def stop_all(self) -> None:
        """Stop every live view (cancels its timeout task)."""
        for view in list(self._views):
            view.stop()

    def __len__(self) -> int:
        return len(self._views)


class TimedView(discord.ui.View):
    """A view that removes its buttons when it times out; only ``owner_id`` may use it."""

    def __init__(self, registry: ViewRegistry, *, owner_id: int | None, timeout: float) -> None:
        super().__init__(timeout=timeout)
        self.owner_id = owner_id
        self.message: discord.Message | None = None
        registry.add(self)

    async def interaction_check(self, interaction: discord.Interaction) -> bool:
        if self.owner_id is None or interaction.user.id == self.owner_id:
            return True
        await interaction.response.send_message(
            "These buttons belong to someone else's question: ask your own!",
            ephemeral=True,
            allowed_mentions=NO_PINGS,
        )
        return False

    async def on_timeout(self) -> None:
        if self.message is None:
            return
        try:
            await self.message.edit(view=None, allowed_mentions=NO_PINGS)
        except discord.HTTPException as exc:
            log.info("could not remove expired buttons: %s", exc)

    async def on_error(
        self, interaction: discord.Interaction, error: Exception, item: discord.ui.Item[Any]
    ) -> None:
        log.exception("button %r failed", item, exc_info=error)
        if not interaction.response.is_done():
            await interaction.response.send_message(
                "Sorry, that didn't work.", ephemeral=True, allowed_mentions=NO_PINGS
            )


class ChoiceView(TimedView):
    """One button per reading of an ambiguous question; a click answers that reading."""

    def __init__(
        self,
        registry: ViewRegistry,
        choices: Sequence[tuple[str, str]],
        on_choose: OnChoose,
        *,
        owner_id: int | None,
        timeout: float = CHOICE_TIMEOUT,
    ) -> None:
        super().__init__(registry, owner_id=owner_id, timeout=timeout)
        self._on_choose = on_choose
        for value, label in choices[:MAX_CHOICES]:
            button: discord.ui.Button[ChoiceView] = discord.ui.Button(
                label=limits.cut(label, limits.BUTTON_LABEL),
                style=discord.ButtonStyle.primary,
                custom_id=f"choice:{secrets.token_hex(4)}:{value}"[:100],
            )
            button.callback = self._callback(value)  # type: ignore[method-assign,assignment]
            self.add_item(button)

    def _callback(self, value: str) -> Callable[[discord.Interaction], Awaitable[None]]:
        async def clicked(interaction: discord.Interaction) -> None:
            self.stop()
            await self._on_choose(interaction, value)

        return clicked


class PagesView(TimedView):
    """Previous / next buttons over the pages of a long answer."""

    def __init__(
        self,
        registry: ViewRegistry,
        texts: Sequence[str],
        *,
        owner_id: int | None = None,
        timeout: float = PAGES_TIMEOUT,
    ) -> None:
        super().__init__(registry, owner_id=owner_id, timeout=timeout)
        self.texts = list(texts)
        self.index = 0
        self._update()

    @property
    def content(self) -> str:
        """The current page."""
        return self.texts[self.index]

    def _update(self) -> None:
        self.previous.disabled = self.index == 0
        self.next.disabled = self.index == len(self.texts) - 1
        self.position.label = f"{self.index + 1}/{len(self.texts)}"

    async def _show(self, interaction: discord.Interaction, step: int) -> None:
        self.index = max(0, min(len(self.texts) - 1, self.index + step))
        self._update()
        await interaction.response.edit_message(
            content=self.content, view=self, allowed_mentions=NO_PINGS
        )

    @discord.ui.button(label="◀", style=discord.ButtonStyle.secondary)
    async def previous(
        self, interaction: discord.Interaction, button: discord.ui.Button[PagesView]
    ) -> None:
        await self._show(interaction, -1)

    @discord.ui.button(label="1/1", disabled=True)
    async def position(
        self, interaction: discord.Interaction, button: discord.ui.Button[PagesView]
    ) -> None:
        await interaction.response.defer()

    @discord.ui.button(label="▶", style=discord.ButtonStyle.secondary)
    async def next(
        self, interaction: discord.Interaction, button: discord.ui.Button[PagesView]
    ) -> None:
        await self._show(interaction, 1)
