"""Turn the engine's :class:`Answer` into a Discord message, and send it without pings."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import discord
from discord.ext import commands

from bot.answers.model import Answer, Card
from bot.discord_ui import limits
from bot.discord_ui.embeds import card_embed
from bot.discord_ui.views import (
    NO_PINGS,
    ChoiceView,
    OnChoose,
    PagesView,
    TimedView,
    ViewRegistry,
)

__all__ = ["NO_PINGS", "OnChoose", "Reply"]


@dataclass
class Reply:
    """What to send: text, an embed and buttons (any may be missing)."""

    content: str | None = None
    embed: discord.Embed | None = None
    view: TimedView | None = None

    def kwargs(self) -> dict[str, Any]:
        """Keyword arguments for ``send`` / ``edit_message``."""
        out: dict[str, Any] = {"content": self.content, "allowed_mentions": NO_PINGS}
        if self.embed is not None:
            out["embed"] = self.embed
        if self.view is not None:
            out["view"] = self.view
        return out

    def edit_kwargs(self) -> dict[str, Any]:
        """Keyword arguments that replace a whole message (old embeds and buttons go)."""
        return {
            "content": self.content,
            "embeds": [] if self.embed is None else [self.embed],
            "view": self.view,
            "allowed_mentions": NO_PINGS,
        }


def spoiler_parts(answer: Answer) -> tuple[str, str]:
    """(warning, body): the engine's "Spoiler warning (…): " prefix split from the text."""
    if not answer.spoiler:
        return "", answer.text
    warning = f"Spoiler warning ({answer.spoiler}):"
    body = answer.text.removeprefix(warning).lstrip()
    return f"⚠️ {limits.cut(warning, 300)}", body


def text_pages(answer: Answer) -> list[str]:
    """The answer's text as message-sized pages; spoilers hidden behind bars, warning outside."""
    warning, body = spoiler_parts(answer)
    if not warning:
        return limits.pages(body)
    room = limits.MESSAGE - len(warning) - 5
    return [f"{warning} {limits.spoiler(page)}" for page in limits.pages(body, room)]


def card_text(card: Card) -> str:
    """A card as plain text, for channels where the bot may not embed links."""
    lines = [f"**{card.title}**", card.description]
    lines += [f"**{f.name}:** {f.value}" for f in card.fields]
    if card.footer:
        lines.append(f"-# {card.footer}")
    return limits.cut("\n".join(lines), limits.MESSAGE)


def text_reply(answer: Answer, registry: ViewRegistry, owner_id: int | None = None) -> Reply:
    """The answer as text, paged with buttons when it is longer than one message."""
    texts = text_pages(answer)
    if len(texts) == 1:
        return Reply(content=texts[0])
    view = PagesView(registry, texts, owner_id=owner_id)
    return Reply(content=view.content, view=view)


def card_reply(answer: Answer, registry: ViewRegistry, *, embeds: bool = True) -> Reply:
    """The answer's card as an embed (plain text without Embed Links); text if no card."""
    card = answer.card
    if card is None:
        return text_reply(answer, registry)
    warning, _ = spoiler_parts(answer)
    if not embeds:
        text = card_text(card)
        return Reply(content=f"{warning} {limits.spoiler(text)}" if warning else text)
    return Reply(content=warning or None, embed=card_embed(card, hide=bool(warning)))


def question_reply(
    answer: Answer,
    registry: ViewRegistry,
    *,
    owner_id: int | None,
    on_choose: OnChoose | None,
) -> Reply:
    """A plain question's reply: buttons when the engine offers choices, else text."""
    if answer.choices and on_choose is not None:
        options = [(c.ref, c.label) for c in answer.choices]
        view = ChoiceView(registry, options, on_choose, owner_id=owner_id)
        return Reply(content=limits.cut(answer.text, limits.MESSAGE), view=view)
    return text_reply(answer, registry, owner_id)


async def reply_to_message(message: discord.Message, reply: Reply) -> discord.Message:
    """Send ``reply`` as a reply to ``message`` (still sent if the message was deleted)."""
    kwargs = reply.kwargs()
    guild, channel = message.guild, message.channel
    # Discord refuses replies where the bot may not Read Message History: then just send.
    if (
        guild is None
        or isinstance(channel, discord.DMChannel)
        or channel.permissions_for(guild.me).read_message_history
    ):
        kwargs["reference"] = message.to_reference(fail_if_not_exists=False)
    sent = await channel.send(**kwargs)
    _attach(reply, sent)
    return sent


async def reply_to_context(
    ctx: commands.Context[Any], reply: Reply, *, ephemeral: bool = False
) -> discord.Message:
    """Answer a hybrid command: the interaction response for ``/x``, a reply for ``!x``."""
    if ctx.interaction is None:
        sent = await reply_to_message(ctx.message, reply)
    else:
        sent = await ctx.send(ephemeral=ephemeral, **reply.kwargs())
        _attach(reply, sent)
    return sent


def _attach(reply: Reply, sent: discord.Message) -> None:
    if reply.view is not None:
        reply.view.message = sent
