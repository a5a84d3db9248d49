"""Turn the engine's :class:`Answer` into a Discord message, and send it without pings."""

from __future__ import annotations

import asyncio
import logging
from dataclasses import dataclass
from typing import Any

import aiohttp
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

log = logging.getLogger("wickbot.discord")

#: Pauses (seconds) before sending a reply again when Discord could not take it (5xx after
#: discord.py's own retries, or the network): about a minute in all, so an outage of half a
#: minute loses no answer. Module-level so tests can scale it.
RESEND_DELAYS: tuple[float, ...] = (1.0, 2.0, 4.0, 8.0, 16.0, 32.0)
#: Failures worth sending again: Discord's side or the way there, not a refusal (4xx).
TRANSIENT = (discord.DiscordServerError, aiohttp.ClientError, OSError, TimeoutError)


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
    # One nonce per question (Discord's enforce_nonce): a resend after a lost answer is
    # the same message, never a second copy.
    kwargs["nonce"] = f"w{message.id}"
    sent = await send_resilient(channel, message.id, **kwargs)
    _attach(reply, sent)
    return sent


async def send_resilient(
    channel: discord.abc.Messageable, about: int, **kwargs: Any
) -> discord.Message:
    """``channel.send(**kwargs)``, sent again after :data:`RESEND_DELAYS` on transient errors."""
    delays = RESEND_DELAYS
    for attempt in range(len(delays) + 1):
        try:
            return await channel.send(**kwargs)
        except TRANSIENT as exc:
            if attempt == len(delays):
                raise
            if attempt == 0:
                log.warning("reply to %s failed (%s); sending it again shortly", about, exc)
            await asyncio.sleep(delays[attempt])
    raise AssertionError("unreachable")


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
