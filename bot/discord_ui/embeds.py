"""Cards and help as Discord embeds, always inside Discord's limits."""

from __future__ import annotations

import datetime as dt
import re

import discord

from bot.answers.model import Card
from bot.discord_ui import limits

#: The Continental's gold.
COLOUR = discord.Colour(0xC9A227)
#: Card fields that only say how long ago or until the release; a live timestamp replaces them.
_RELATIVE_FIELDS = frozenset({"Out since", "Countdown"})
_REGION = re.compile(r"\(([A-Z]{2,3})\)\s*$")


def release_timestamp(day: dt.date) -> int:
    """Unix time of noon UTC on ``day``: the same calendar day for viewers from UTC-11 to +11."""
    return int(dt.datetime(day.year, day.month, day.day, 12, tzinfo=dt.UTC).timestamp())


def release_value(day: dt.date, old_value: str = "") -> str:
    """A release date as live Discord timestamps: absolute (``:D``) and relative (``:R``)."""
    stamp = release_timestamp(day)
    region = _REGION.search(old_value)
    where = f" ({region.group(1)})" if region else ""
    return f"<t:{stamp}:D>{where} · <t:{stamp}:R>"


def card_embed(card: Card, *, hide: bool = False) -> discord.Embed:
    """The embed for ``card``; ``hide`` puts the description behind spoiler bars."""
    description = (
        limits.fit_spoiler(card.description, limits.DESCRIPTION)
        if hide
        else limits.cut(card.description, limits.DESCRIPTION)
    )
    embed = discord.Embed(
        title=limits.cut(card.title, limits.TITLE), description=description, colour=COLOUR
    )
    for field in card.fields:
        if card.release is not None and field.name in _RELATIVE_FIELDS:
            continue
        value = field.value
        if card.release is not None and field.name == "Release":
            value = release_value(card.release, value)
        if len(embed.fields) < limits.FIELDS:
            embed.add_field(
                name=limits.cut(field.name, limits.FIELD_NAME) or "\u200b",
                value=limits.cut(value, limits.FIELD_VALUE) or "—",
                inline=field.inline,
            )
    if card.footer:
        embed.set_footer(text=limits.cut(card.footer, limits.FOOTER))
    return shrink(embed)


def shrink(embed: discord.Embed, total: int = limits.EMBED_TOTAL) -> discord.Embed:
    """Make ``embed`` fit ``total`` characters: drop fields from the end, then cut the text."""
    while len(embed) > total and embed.fields:
        embed.remove_field(len(embed.fields) - 1)
    footer = embed.footer.text
    if len(embed) > total and footer:
        spare = total - (len(embed) - len(footer))
        embed.set_footer(text=limits.cut(footer, max(spare, 0)) or None)
    description = embed.description
    if len(embed) > total and description:
        spare = max(total - (len(embed) - len(description)), 0)
        hidden = description.startswith("||") and description.endswith("||")
        embed.description = (
            limits.fit_spoiler(description[2:-2], spare)
            if hidden
            else limits.cut(description, spare)
        )
    return embed
