"""Look-ups: cards and lists by command, and a card for any ``!name`` the knowledge knows."""

from __future__ import annotations

from collections.abc import Collection
from typing import TYPE_CHECKING, Any, cast

import discord
from discord import app_commands
from discord.ext import commands

from bot.discord_ui import limits
from bot.discord_ui.cogs import WickCog, hybrid_command
from bot.discord_ui.names import CHARACTERS, WORKS, catalog
from bot.discord_ui.replies import card_reply, reply_to_context, text_reply
from bot.intents import Intent
from bot.nlu.entities import EntityRef

if TYPE_CHECKING:
    from bot.discord_ui.client import WickBot

Context = commands.Context[Any]
#: Suggestions offered when an option names nothing known.
SUGGESTIONS = 3


def _choices(
    interaction: discord.Interaction, current: str, kinds: Collection[str]
) -> list[app_commands.Choice[str]]:
    bot = cast("WickBot", interaction.client)
    return [
        app_commands.Choice(name=limits.cut(label, limits.CHOICE_NAME), value=value)
        for label, value in catalog(bot.core.engine).complete(current, kinds)
    ]


async def complete_work(
    interaction: discord.Interaction, current: str
) -> list[app_commands.Choice[str]]:
    """Autocomplete for film and series options (names and aliases, fuzzy)."""
    return _choices(interaction, current, WORKS)


async def complete_character(
    interaction: discord.Interaction, current: str
) -> list[app_commands.Choice[str]]:
    """Autocomplete for character options (names and nicknames, fuzzy)."""
    return _choices(interaction, current, CHARACTERS)


class Lookup(WickCog):
    """``!ballerina`` / ``/film`` cards, cast, who plays, countdown, watch order, upcoming."""

    @hybrid_command(description="The card of Ballerina (2025)")
    async def ballerina(self, ctx: Context) -> None:
        """Ballerina's card: release date, director, cast, rating, runtime."""
        await self._card(ctx, EntityRef("work", "ballerina"))

    @hybrid_command(description="The card of a film or series")
    @app_commands.describe(work="Film or series, by any name (e.g. Parabellum, JW4)")
    @app_commands.autocomplete(work=complete_work)
    async def film(self, ctx: Context, *, work: str) -> None:
        """Any film's or series' card."""
        ref = await self._find(ctx, work, WORKS, "film or series")
        if ref is not None:
            await self._card(ctx, ref)

    @hybrid_command(description="Who is in a film or series")
    @app_commands.describe(work="Film or series, by any name")
    @app_commands.autocomplete(work=complete_work)
    async def cast(self, ctx: Context, *, work: str) -> None:
        """The cast of a film or series."""
        ref = await self._find(ctx, work, WORKS, "film or series")
        if ref is not None:
            await self._answer(ctx, Intent.CAST, [ref])

    @hybrid_command(description="Who plays a character")
    @app_commands.describe(character="Character, by name or nickname (e.g. Baba Yaga)")
    @app_commands.autocomplete(character=complete_character)
    async def whoplays(self, ctx: Context, *, character: str) -> None:
        """The actor (or actors) behind a character."""
        ref = await self._find(ctx, character, CHARACTERS, "character")
        if ref is not None:
            await self._answer(ctx, Intent.WHO_PLAYS, [ref])

    @hybrid_command(description="Days until a release (or what's coming)")
    @app_commands.describe(work="Film or series; leave empty for everything announced")
    @app_commands.autocomplete(work=complete_work)
    async def countdown(self, ctx: Context, *, work: str | None = None) -> None:
        """How long until a work comes out; without one, the upcoming list."""
        if work is None:
            await self._answer(ctx, Intent.UPCOMING, [])
            return
        ref = await self._find(ctx, work, WORKS, "film or series")
        if ref is not None:
            await self._answer(ctx, Intent.COUNTDOWN, [ref])

    @hybrid_command(description="The order to watch everything in")
    async def watchorder(self, ctx: Context) -> None:
        """Release order and story order."""
        await self._answer(ctx, Intent.WATCH_ORDER, [])

    @hybrid_command(description="Announced films and series")
    async def upcoming(self, ctx: Context) -> None:
        """Everything announced and not out yet."""
        await self._answer(ctx, Intent.UPCOMING, [])

    @commands.Cog.listener()
    async def on_command_error(self, ctx: Context, error: commands.CommandError) -> None:
        """``!parabellum``, ``!winston``, ``!pencil``: an unknown command naming something."""
        if not isinstance(error, commands.CommandNotFound) or ctx.interaction is not None:
            return
        typed = ctx.message.content[len(ctx.prefix or "") :].strip()
        word = ctx.invoked_with or ""
        names = self.names
        ref = names.exact(typed) or names.exact(word) or names.typo(word)
        if ref is None:
            return  # another bot's command, or nothing we know: stay quiet
        retry_after = self.bot.throttle.hit(ctx.message)
        if retry_after is not None:
            await self.bot.slow_down(ctx.message, retry_after)
            return
        if not self.bot.core.budget.spend(ctx.channel.id):
            return  # a flooded channel: silence, so the others keep their share
        await self._card(ctx, ref)

    async def _card(self, ctx: Context, ref: EntityRef) -> None:
        answer = self.engine.about(
            ref, conversation=self.conversation(ctx.channel.id, ctx.author.id)
        )
        if not answer.answered:
            await reply_to_context(ctx, text_reply(answer, self.bot.views), ephemeral=True)
            return
        embeds = ctx.bot_permissions.embed_links
        await reply_to_context(ctx, card_reply(answer, self.bot.views, embeds=embeds))

    async def _answer(self, ctx: Context, intent: Intent, refs: list[EntityRef]) -> None:
        conversation = self.conversation(ctx.channel.id, ctx.author.id)
        answer = self.engine.answer_for(intent, refs, conversation=conversation)
        await reply_to_context(ctx, text_reply(answer, self.bot.views, ctx.author.id))

    async def _find(
        self, ctx: Context, text: str, kinds: Collection[str], what: str
    ) -> EntityRef | None:
        """The thing ``text`` names, or None after telling the user (with suggestions)."""
        ref = self.names.resolve(text, kinds)
        if ref is None:
            close = [label for label, _ in self.names.complete(text, kinds)[:SUGGESTIONS]]
            hint = f" Did you mean {' or '.join(f'**{c}**' for c in close)}?" if close else ""
            note = limits.cut(f"I don't know a {what} called “{text}”.{hint}", limits.MESSAGE)
            await self.bot.tell(ctx, note)
        return ref


async def setup(bot: WickBot) -> None:
    """Extension entry point."""
    await bot.add_cog(Lookup(bot))
