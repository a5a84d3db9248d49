"""``/announce`` and ``!announce``: countdown posts for upcoming releases, set up by admins.

The cog owns the scheduler's loop: a tick about once a minute once the bot is ready. The
schedule itself, exactly-once delivery and catch-up live in :mod:`bot.countdown`; the
message and Discord's answers in :mod:`bot.discord_ui.announce_sender`.
"""

from __future__ import annotations

import asyncio
import dataclasses
import datetime as dt
import logging
from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING, Any
from zoneinfo import ZoneInfo

import discord
from discord import app_commands
from discord.ext import commands, tasks

from bot.answers.dates import format_day
from bot.countdown.messages import PostContent, compose, headline
from bot.countdown.options import (
    InvalidOption,
    describe_milestones,
    parse_local_time,
    parse_milestones,
    parse_timezone,
    timezone_choices,
)
from bot.countdown.plan import ScheduledPost, counting_down, is_scheduled, zone_of
from bot.countdown.scheduler import (
    REJECTED_DETAIL,
    Announcer,
    AnnounceStatus,
    Sender,
    TickReport,
)
from bot.discord_ui import limits
from bot.discord_ui.announce_sender import RATE, DiscordSender, Pace, post_message
from bot.discord_ui.cogs import WickCog, hybrid_group, require_manage_server, subcommand
from bot.discord_ui.replies import Reply, reply_to_context
from bot.facts.schema import Work
from bot.storage import DEFAULT_MILESTONES, AnnouncementConfig, PostStatus, SentRecord

if TYPE_CHECKING:
    from bot.discord_ui.client import WickBot

log = logging.getLogger("wickbot.announce")

Context = commands.Context[Any]
#: Seconds between ticks: a post goes out within the minute it is scheduled for.
TICK_SECONDS = 60.0
#: On shutdown, a tick in progress may finish its posts for this long before it is cancelled.
SHUTDOWN_GRACE = 10.0
SETUP_EXAMPLE = "`/announce setup channel:#announcements time:18:00 timezone:Europe/London`"


async def complete_timezone(
    interaction: discord.Interaction, current: str
) -> list[app_commands.Choice[str]]:
    """Autocomplete for the ``timezone`` option: IANA names matching what was typed."""
    return [app_commands.Choice(name=name, value=name) for name in timezone_choices(current)]


# -- what admins read -------------------------------------------------------------------


def titles(works: Iterable[Work]) -> dict[str, str]:
    """Work id -> the title posts use."""
    return {w.id: w.full_title or w.title for w in works}


def when(instant: dt.datetime) -> str:
    """An instant as Discord shows it to each reader: full date and time, and "in 3 days"."""
    stamp = int(instant.timestamp())
    return f"<t:{stamp}:F> (<t:{stamp}:R>)"


def settings_line(config: AnnouncementConfig) -> str:
    """Where, when and whom the posts mention."""
    role = f", mentioning <@&{config.role_id}>" if config.role_id else ", mentioning nobody"
    at = config.local_time.strftime("%H:%M")
    return f"Posts go to <#{config.channel_id}> at {at} ({config.timezone} time){role}."


def milestones_line(config: AnnouncementConfig) -> str:
    """Which days get a post."""
    yearly = " Yearly anniversaries of past releases too." if config.anniversaries else ""
    return f"Milestones: {describe_milestones(config.milestones)}.{yearly}"


def waiting_line(waiting: list[Work]) -> str | None:
    """The announced projects without a release date, if any."""
    if not waiting:
        return None
    names = ", ".join(w.full_title or w.title for w in waiting)
    return f"Waiting for a release date (counted down once one is announced): {names}."


def next_line(next_post: ScheduledPost | None, counting: list[Work]) -> str:
    """The next post, or why there is none."""
    if next_post is not None:
        content = next_post.content
        return f"Next post: {when(next_post.scheduled)}: **{content.title}**, “{content.headline}”."
    if not counting:
        return "Next post: **nothing is scheduled yet**: no upcoming release has a date."
    return "Next post: none: your milestones leave no post before the upcoming releases."


def recent_line(record: SentRecord, names: Mapping[str, str]) -> str:
    """One sent-log entry: when, which post, how it went."""
    title = names.get(record.key.work_id, record.key.work_id)
    stamp = int(record.claimed_at.timestamp())
    what = f"<t:{stamp}:d> **{title}**, “{headline(record.key.milestone)}”"
    if record.status is PostStatus.SENT:
        return f"- {what}: posted"
    if record.status is PostStatus.CLAIMED:
        return f"- {what}: sending (or interrupted)"
    detail = f" ({record.detail})" if record.detail else ""
    return f"- {what}: {record.status.value}{detail}"


def status_text(status: AnnounceStatus, names: Mapping[str, str]) -> str:
    """Everything ``/announce status`` says about one server."""
    config = status.config
    lines: list[str] = []
    if config is None:
        lines.append(f"**Countdown announcements are not set up.** Start with {SETUP_EXAMPLE}.")
    elif config.problem:
        lines.append(f"⚠️ **Countdown announcements stopped:** {config.problem}")
        lines.append("Fix that, then run `/announce setup` again to restart them.")
    elif not config.enabled:
        lines.append("**Countdown announcements are off.** `/announce setup` turns them back on.")
    else:
        lines.append("**Countdown announcements are on.**")
    if any(
        r.status is PostStatus.FAILED and (r.detail or "").startswith(REJECTED_DETAIL)
        for r in status.recent
    ):
        lines.append(
            "⚠️ Discord rejected a recent post: that is a bug in Wickbot, not your settings "
            "(its log has the details). Announcements stay on."
        )
    if config is not None:
        lines += [settings_line(config), milestones_line(config)]
        if config.enabled:
            lines.append(next_line(status.next_post, status.counting_down))
    if status.counting_down:
        dated = ", ".join(
            f"{w.full_title or w.title} ({format_day(w.release.date.exact or dt.date.min)})"
            for w in status.counting_down
        )
        lines.append(f"Counting down: {dated}.")
    waiting = waiting_line(status.waiting_for_date)
    if waiting:
        lines.append(waiting)
    if status.recent:
        lines.append("Recent posts:")
        lines += [recent_line(r, names) for r in status.recent]
    elif config is not None:
        lines.append("Recent posts: none yet.")
    return limits.cut("\n".join(lines), limits.MESSAGE)


def sample_content(works: Iterable[Work], zone: ZoneInfo, today: dt.date) -> PostContent | None:
    """A stand-in post for previews when nothing is scheduled.

    The soonest upcoming dated work one week ahead of its release, else the latest release
    on its release day; None if no work has a release date.
    """
    works = list(works)
    upcoming = counting_down(works, today)
    if upcoming:
        return compose(upcoming[0], 7, zone)
    dated = [w for w in works if is_scheduled(w)]
    if not dated:
        return None
    latest = max(dated, key=lambda w: (w.release.date.sort_key(), w.id))
    return compose(latest, 0, zone)


# -- the cog ----------------------------------------------------------------------------


class Announce(WickCog):
    """``/announce setup|off|status|preview|milestones|anniversaries`` and the posting loop."""

    def __init__(self, bot: WickBot, sender: Sender | None = None) -> None:
        super().__init__(bot)
        core = bot.core
        shards = core.settings.shards  # post only for servers on this process's shards
        self.announcer = Announcer(
            core.store,
            lambda: self.bot.core.knowledge.works.values(),  # re-read: !reload swaps it
            core.clock,
            sender if sender is not None else DiscordSender(bot, pace=Pace(RATE * shards.share)),
            owns=shards.owns,
            scopes=shards.scopes,
        )
        self._ticking = False
        self._failing: str | None = None  # the problem of the failing ticks, logged once
        self.last_report: TickReport | None = None  # what the latest tick of the loop did

    # -- the loop -------------------------------------------------------------------------

    async def cog_load(self) -> None:
        """Start ticking (the first tick runs once the bot is ready)."""
        self.ticker.start()

    async def cog_unload(self) -> None:
        """Stop ticking; a tick in progress gets :data:`SHUTDOWN_GRACE` to finish its posts."""
        task = self.ticker.get_task()
        self.ticker.stop()
        if task is not None and self._ticking:
            await asyncio.wait({task}, timeout=SHUTDOWN_GRACE)
        self.ticker.cancel()

    @tasks.loop(seconds=TICK_SECONDS)
    async def ticker(self) -> None:
        """One scheduler tick; errors are logged and the loop goes on."""
        self._ticking = True
        try:
            report = await self.announcer.tick()
        except Exception as exc:
            problem = f"{type(exc).__name__}: {exc}"
            if problem != self._failing:  # once per problem, not once a minute
                log.exception("announcement tick failed; due posts wait for the next tick")
            self._failing = problem
            return
        finally:
            self._ticking = False
        if self._failing is not None:
            log.info("announcement ticks work again (after %s)", self._failing)
            self._failing = None
        self.last_report = report
        self.bot.core.telemetry.tick(report)
        if report.sent or report.failed or report.skipped or report.disabled:
            log.info(
                "announcements: %d sent, %d failed, %d skipped, %d servers stopped",
                len(report.sent),
                len(report.failed),
                len(report.skipped),
                len(report.disabled),
            )

    @ticker.before_loop
    async def _until_ready(self) -> None:
        await self.bot.wait_until_ready()

    # -- commands -------------------------------------------------------------------------

    async def cog_check(self, ctx: Context) -> bool:
        """Every ``announce`` command: in a server, by members who may manage it."""
        return require_manage_server(ctx)

    @hybrid_group(
        name="announce",
        description="Countdown posts for upcoming releases (Manage Server)",
        invoke_without_command=True,
    )
    @app_commands.guild_only()
    @app_commands.default_permissions(manage_guild=True)
    async def announce(self, ctx: Context) -> None:
        """``!announce`` alone: this server's announcement status."""
        await self._status(ctx)

    @subcommand(announce, name="setup", description="Post countdowns to a channel at a local time")
    @app_commands.describe(
        channel="The channel for countdown posts",
        time="Local time of day, 24-hour HH:MM (e.g. 18:30)",
        timezone="Your time zone, e.g. Europe/London or America/New_York",
        role="A role to mention in each post (optional)",
    )
    @app_commands.autocomplete(timezone=complete_timezone)
    async def setup_command(
        self,
        ctx: Context,
        channel: discord.TextChannel,
        time: str,
        timezone: str,
        role: discord.Role | None = None,
    ) -> None:
        """Turn announcements on (again): where, at what local time, whom to mention."""
        guild = self._guild(ctx)
        try:
            at, zone = parse_local_time(time), parse_timezone(timezone)
        except InvalidOption as exc:
            await self.bot.tell(ctx, str(exc))
            return
        if channel.guild.id != guild.id:
            await self.bot.tell(ctx, "Pick a channel of this server.")
            return
        if role is not None and role.is_default():
            await self.bot.tell(ctx, "Pick a role other than @everyone: I never ping everyone.")
            return
        store = self.bot.store
        old = await store.announcement(guild.id)
        config = AnnouncementConfig(
            guild_id=guild.id,
            channel_id=channel.id,
            local_time=at,
            timezone=zone,
            role_id=role.id if role is not None else None,
            milestones=old.milestones if old else DEFAULT_MILESTONES,
            anniversaries=old.anniversaries if old else False,
            created_at=self.bot.core.clock(),  # nothing scheduled before now is posted
        )
        await store.save_announcement(config)
        log.info("announcements set up in guild %s: %s", guild.id, config)
        status = await self.announcer.status(guild.id)
        lines = [
            "✅ **Countdown announcements are on.**",
            settings_line(config),
            milestones_line(config),
            next_line(status.next_post, status.counting_down),
        ]
        waiting = waiting_line(status.waiting_for_date)
        if waiting:
            lines.append(waiting)
        lines += self._warnings(channel, role)
        lines.append("`/announce preview` shows what a post looks like.")
        await self._reply(ctx, "\n".join(lines))

    @subcommand(announce, name="off", description="Stop countdown posts in this server")
    async def off(self, ctx: Context) -> None:
        """Turn announcements off (``/announce setup`` turns them on again)."""
        guild = self._guild(ctx)
        config = await self.bot.store.announcement(guild.id)
        if config is None or not config.enabled:
            await self._reply(ctx, "Countdown announcements are already off.")
            return
        await self.bot.store.disable_announcement(guild.id, None)
        await self._reply(
            ctx, "Countdown announcements are **off**. `/announce setup` turns them back on."
        )

    @subcommand(announce, name="status", description="Settings, next post, problems")
    async def status(self, ctx: Context) -> None:
        """This server's settings, next post, problems and recent posts."""
        await self._status(ctx)

    @subcommand(announce, name="preview", description="What the next post will look like")
    async def preview(self, ctx: Context) -> None:
        """The next post as it will look (or a sample); nothing is posted or recorded."""
        guild = self._guild(ctx)
        config = await self.bot.store.announcement(guild.id)
        post = self.announcer.next_post(config) if config is not None else None
        role_id = config.role_id if config is not None else None
        if post is not None:
            assert config is not None
            head = f"Preview of the next post, due {when(post.scheduled)} in <#{config.channel_id}>"
            if not config.enabled:
                head += " (announcements are off: it won't be posted)"
            await self._show(ctx, f"{head}:", post.content, role_id)
            return
        works = list(self.bot.core.knowledge.works.values())
        zone = zone_of(config.timezone) if config is not None else None
        zone = zone or ZoneInfo("UTC")
        sample = sample_content(works, zone, self.bot.core.clock().astimezone(zone).date())
        status = await self.announcer.status(guild.id)
        lines = [next_line(None, status.counting_down)]
        waiting = waiting_line(status.waiting_for_date)
        if waiting:
            lines.append(waiting)
        if sample is None:
            await self._reply(ctx, "\n".join(lines))
            return
        lines.append(
            f"This is how a post will look (a sample using **{sample.title}**, "
            f"{sample.release_text}):"
        )
        await self._show(ctx, "\n".join(lines), sample, role_id)

    @subcommand(announce, name="milestones", description="Which days before a release get a post")
    @app_commands.describe(
        days="Days before release, e.g. 100, 30, 7, 1, 0 (0 = release day), or default"
    )
    async def milestones(self, ctx: Context, *, days: str) -> None:
        """Choose the milestones (``default``: 100, 30, 14, 7, 3, 2, 1 days and release day)."""
        guild = self._guild(ctx)
        config = await self.bot.store.announcement(guild.id)
        if config is None:
            await self.bot.tell(ctx, f"Set up announcements first: {SETUP_EXAMPLE}.")
            return
        try:
            chosen = parse_milestones(days)
        except InvalidOption as exc:
            await self.bot.tell(ctx, str(exc))
            return
        config = dataclasses.replace(config, milestones=chosen)
        await self.bot.store.save_announcement(config)
        await self._changed(ctx, config)

    @subcommand(
        announce, name="anniversaries", description="Also post yearly release anniversaries"
    )
    @app_commands.describe(enabled="True to post anniversaries of past releases, False to stop")
    async def anniversaries(self, ctx: Context, enabled: bool) -> None:
        """Yearly anniversaries of past releases, on or off."""
        guild = self._guild(ctx)
        config = await self.bot.store.announcement(guild.id)
        if config is None:
            await self.bot.tell(ctx, f"Set up announcements first: {SETUP_EXAMPLE}.")
            return
        config = dataclasses.replace(config, anniversaries=enabled)
        await self.bot.store.save_announcement(config)
        await self._changed(ctx, config)

    # -- helpers --------------------------------------------------------------------------

    @staticmethod
    def _guild(ctx: Context) -> discord.Guild:
        assert ctx.guild is not None  # cog_check
        return ctx.guild

    async def _status(self, ctx: Context) -> None:
        guild = self._guild(ctx)
        status = await self.announcer.status(guild.id)
        await self._reply(ctx, status_text(status, titles(self.bot.core.knowledge.works.values())))

    async def _changed(self, ctx: Context, config: AnnouncementConfig) -> None:
        lines = [milestones_line(config)]
        if config.enabled:
            status = await self.announcer.status(config.guild_id)
            lines.append(next_line(status.next_post, status.counting_down))
        else:
            lines.append("Announcements are off: `/announce setup` turns them back on.")
        await self._reply(ctx, "\n".join(lines))

    def _warnings(self, channel: discord.TextChannel, role: discord.Role | None) -> list[str]:
        """What would keep posts from arriving or pinging, as the bot sees it now."""
        allowed = channel.permissions_for(channel.guild.me)
        missing = [
            name
            for name, ok in (
                ("View Channel", allowed.view_channel),
                ("Send Messages", allowed.send_messages),
                ("Embed Links", allowed.embed_links),
            )
            if not ok
        ]
        warnings = []
        if missing:
            effect = (
                "posts will be plain text"
                if missing == ["Embed Links"]
                else "announcements will stop at the first post"
            )
            warnings.append(
                f"⚠️ I lack {' and '.join(missing)} in {channel.mention}: {effect}. "
                "Give me those permissions there."
            )
        if role is not None and not role.mentionable and not allowed.mention_everyone:
            warnings.append(
                f"⚠️ {role.mention} is not mentionable, so posts won't ping it: allow anyone "
                "to @mention it (Server Settings → Roles) or give me Mention @everyone."
            )
        return warnings

    async def _reply(self, ctx: Context, text: str) -> None:
        await reply_to_context(ctx, Reply(content=limits.cut(text, limits.MESSAGE)), ephemeral=True)

    async def _show(
        self, ctx: Context, head: str, content: PostContent, role_id: int | None
    ) -> None:
        """A post as it will look, under ``head``; its mention shown but pinging nobody."""
        message = post_message(content, role_id)
        text = "\n".join(part for part in (head, message.content) if part)
        reply = Reply(content=limits.cut(text, limits.MESSAGE), embed=message.embed)
        await reply_to_context(ctx, reply, ephemeral=True)


async def setup(bot: WickBot) -> None:
    """Extension entry point."""
    await bot.add_cog(Announce(bot))
