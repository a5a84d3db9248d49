"""Countdown posts in Discord: the message, its one allowed mention, and Discord's answer.

:class:`DiscordSender` is the scheduler's ``sender``. It turns a post into an embed (plain
text where the bot may not embed links), mentions only the server's chosen role, paces
itself under Discord's global rate limit, and reports how the send went as a
:class:`SendResult`: sent; worth retrying (429, 5xx, network); permanent (403, 404), which
stops the server's announcements until an admin fixes the problem; or rejected (400 and
other refusals of the message itself): Wickbot's bug, logged with the payload's shape, the
server's announcements stay on. Every attempt of a post carries the post's nonce with
``enforce_nonce`` (discord.py adds it to any nonce), so Discord posts a repeat only once.
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any

import aiohttp
import discord

from bot.countdown.messages import PostContent
from bot.countdown.plan import ScheduledPost
from bot.countdown.scheduler import SendOutcome, SendResult
from bot.discord_ui import limits
from bot.discord_ui.embeds import COLOUR
from bot.storage import AnnouncementConfig

log = logging.getLogger(__name__)

#: Announcement sends per second: 80% of Discord's global limit (50 requests per second),
#: leaving the rest to answers when many servers post in the same minute. The limit is the
#: bot's, not a process's: a process running some of the shards paces at its share of it
#: (behind a shared rate-limit proxy such as nirn-proxy, the proxy enforces the total).
RATE = 40.0


def allowed_mentions(role_id: int | None) -> discord.AllowedMentions:
    """Exactly the server's chosen role may be pinged; without one, nobody."""
    if role_id is None:
        return discord.AllowedMentions.none()
    return discord.AllowedMentions(
        everyone=False, users=False, roles=[discord.Object(role_id)], replied_user=False
    )


def release_value(content: PostContent) -> str:
    """The release date as live Discord timestamps: "May 21, 2027 · in 7 days"."""
    stamp = content.release_timestamp
    return f"<t:{stamp}:D> · <t:{stamp}:R>"


def post_embed(content: PostContent) -> discord.Embed:
    """The post as an embed: the work, the headline, the premise, the release date."""
    description = f"**{content.headline}**\n{content.premise}".strip()
    embed = discord.Embed(
        title=limits.cut(content.title, limits.TITLE),
        description=limits.cut(description, limits.DESCRIPTION),
        colour=COLOUR,
    )
    name = "Released" if content.is_anniversary else "Release"
    embed.add_field(name=name, value=release_value(content), inline=False)
    return embed


def post_text(content: PostContent) -> str:
    """The post as plain text, for channels where the bot may not embed links."""
    name = "Released" if content.is_anniversary else "Release"
    lines = [
        f"**{content.headline}** {content.title}",
        f"{name}: {release_value(content)}",
        content.premise,
    ]
    return "\n".join(line for line in lines if line)


@dataclass(frozen=True)
class PostMessage:
    """What ``channel.send`` gets for one post."""

    content: str | None
    embed: discord.Embed | None
    allowed_mentions: discord.AllowedMentions

    def kwargs(self) -> dict[str, Any]:
        """Keyword arguments for ``Messageable.send``."""
        out: dict[str, Any] = {"content": self.content, "allowed_mentions": self.allowed_mentions}
        if self.embed is not None:
            out["embed"] = self.embed
        return out


def post_message(content: PostContent, role_id: int | None, *, embeds: bool = True) -> PostMessage:
    """The message for a post: the role's mention first, then an embed (or the text)."""
    mention = f"<@&{role_id}>" if role_id is not None else ""
    if not embeds:
        text = f"{mention} {post_text(content)}".strip()
        return PostMessage(limits.cut(text, limits.MESSAGE), None, allowed_mentions(role_id))
    line = f"{mention} {content.headline} **{content.title}**" if mention else None
    return PostMessage(
        limits.cut(line, limits.MESSAGE) if line else None,
        post_embed(content),
        allowed_mentions(role_id),
    )


class Pace:
    """Lets callers through at most ``rate`` times per second, evenly spaced, across tasks."""

    def __init__(
        self,
        rate: float,
        *,
        clock: Callable[[], float] = time.monotonic,
        sleep: Callable[[float], Awaitable[None]] = asyncio.sleep,
    ) -> None:
        if rate <= 0:
            raise ValueError("rate must be positive")
        self.interval = 1.0 / rate
        self._clock = clock
        self._sleep = sleep
        self._next = 0.0
        self._turns = asyncio.Lock()  # first come, first served

    async def wait(self) -> None:
        """Wait for this caller's turn (turns are handed out in call order).

        The next turn is an interval after this one really began: callers held up by a stall
        (a busy event loop waking late) are let through an interval apart, not all at once.
        """
        async with self._turns:
            now = self._clock()
            if now < self._next:
                await self._sleep(self._next - now)
                now = max(self._clock(), self._next)
            self._next = now + self.interval


#: What a send may raise that :func:`failure` understands (anything else is a bug).
SEND_ERRORS = (
    discord.RateLimited,
    discord.HTTPException,
    aiohttp.ClientError,
    TimeoutError,
    OSError,
)


def failure(exc: BaseException, channel_id: int) -> SendResult:
    """What a failed send means: retry later, or stop (``detail`` is shown to admins)."""
    channel = f"<#{channel_id}>"
    if isinstance(exc, discord.RateLimited):
        return SendResult.retryable("rate limited by Discord", exc.retry_after)
    if isinstance(exc, discord.Forbidden):
        said = exc.text or "Missing Permissions"
        return SendResult.permanent(
            f"Discord refused my post in {channel} ({said}): I need View Channel, "
            "Send Messages and Embed Links there."
        )
    if isinstance(exc, discord.NotFound):
        return SendResult.permanent(
            f"the channel {channel} no longer exists (or I can no longer see it)."
        )
    if isinstance(exc, discord.HTTPException):
        if exc.status == 429 or exc.status >= 500:
            return SendResult.retryable(f"Discord answered {exc.status}: {exc.text or exc}")
        return SendResult.rejected(f"{exc.status}: {exc.text or 'no reason'}")
    if isinstance(exc, aiohttp.ClientError | TimeoutError | OSError):
        return SendResult.retryable(f"network error: {exc!r}")
    raise TypeError(f"not a send failure: {exc!r}")


def payload_shape(value: Any) -> Any:
    """What a payload looks like without what it says: keys, types and lengths.

    ``{"content": "str[52]", "embeds": [{"title": "str[30]", ...}]}``: enough to find which
    limit a 400 broke, with no server's text in the logs.
    """
    if isinstance(value, dict):
        return {str(k): payload_shape(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [payload_shape(v) for v in value]
    if isinstance(value, str):
        return f"str[{len(value)}]"
    return type(value).__name__


def message_payload(message: PostMessage) -> dict[str, Any]:
    """The JSON a message create sends (content, embeds, allowed_mentions)."""
    payload: dict[str, Any] = {
        "content": message.content,
        "allowed_mentions": message.allowed_mentions.to_dict(),
    }
    if message.embed is not None:
        payload["embeds"] = [message.embed.to_dict()]
    return payload


class DiscordSender:
    """The scheduler's sender: one post into the server's announcement channel."""

    def __init__(self, client: discord.Client, *, pace: Pace | None = None) -> None:
        self._client = client
        self.pace = pace if pace is not None else Pace(RATE)

    async def __call__(self, config: AnnouncementConfig, post: ScheduledPost) -> SendResult:
        """Send ``post`` to ``config``'s channel; never raises for Discord or network errors."""
        channel = self._client.get_channel(config.channel_id)
        embeds = True
        target: discord.abc.Messageable
        if isinstance(channel, discord.TextChannel):
            # Known channel: check the bot's permissions without spending a request on a 403.
            allowed = channel.permissions_for(channel.guild.me)
            if not (allowed.view_channel and allowed.send_messages):
                return SendResult.permanent(
                    f"I can't post in {channel.mention}: I need View Channel and Send Messages "
                    "there."
                )
            embeds = allowed.embed_links
            target = channel
        else:  # not cached (or not a text channel): let Discord say whether it exists
            target = self._client.get_partial_messageable(
                config.channel_id, guild_id=config.guild_id
            )
        message = post_message(post.content, config.role_id, embeds=embeds)
        await self.pace.wait()
        try:
            await target.send(**message.kwargs(), nonce=post.key.nonce)
        except SEND_ERRORS as exc:
            log.info("post %s to channel %s failed: %s", post.key, config.channel_id, exc)
            result = failure(exc, config.channel_id)
            if result.outcome is SendOutcome.REJECTED:
                log.error(
                    "Discord rejected post %s (a bug in Wickbot): %s; payload shape: %s",
                    post.key,
                    result.detail,
                    payload_shape(message_payload(message)),
                )
            return result
        return SendResult.sent()
