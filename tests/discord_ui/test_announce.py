"""Countdown announcements end to end: ``/announce`` commands and posts, on the emulator.

Chapter 5 gets a release date (2027-05-21) in a private copy of the knowledge; the server
posts at 18:30 London time (17:30 UTC in May), so the "one week to go" post is due at
2027-05-14 17:30 UTC. Time is an injected clock that tests move; nothing sleeps for real.
Each new :class:`WickBot` on the same database file stands for a restarted bot process.
"""

from __future__ import annotations

import asyncio
import contextlib
import datetime as dt
import logging
import shutil
import sqlite3
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any, cast

import pytest

from bot.app import Core, build_core
from bot.countdown.scheduler import SendOutcome
from bot.discord_ui.announce_sender import DiscordSender
from bot.discord_ui.client import WickBot
from bot.discord_ui.cogs.announce import Announce
from bot.storage import CLAIM_LEASE, AnnouncementConfig, PostStatus, SqliteStore
from tests.conftest import KNOWLEDGE

from .emulator import (
    DiscordEmulator,
    Guild,
    Overwrite,
    Perm,
    RecordedRequest,
    User,
    running_client,
)
from .wick import assert_no_pings, settings_for

RELEASE = dt.date(2027, 5, 21)
#: 18:30 in London (BST) on the days before the release.
WEEK_BEFORE = dt.datetime(2027, 5, 14, 17, 30, tzinfo=dt.UTC)
TWO_WEEKS_BEFORE = WEEK_BEFORE - dt.timedelta(days=7)
THREE_DAYS_BEFORE = WEEK_BEFORE + dt.timedelta(days=4)
TWO_DAYS_BEFORE = WEEK_BEFORE + dt.timedelta(days=5)
#: When the admin sets announcements up in most tests.
SET_UP_AT = dt.datetime(2027, 5, 1, 12, tzinfo=dt.UTC)
#: The day this project's facts were checked: nothing upcoming has a date.
TODAY = dt.datetime(2026, 11, 25, 12, tzinfo=dt.UTC)
#: Noon in London on release day, as the post's <t:…> stamps show it.
RELEASE_STAMP = int(dt.datetime(2027, 5, 21, 11, tzinfo=dt.UTC).timestamp())
EPHEMERAL = 1 << 6
REFUSAL = "You need the Manage Server permission for that."


class Clock:
    """A clock the test moves by hand."""

    def __init__(self, now: dt.datetime) -> None:
        self.now = now

    def __call__(self) -> dt.datetime:
        return self.now


@pytest.fixture
def knowledge(tmp_path: Path) -> Path:
    """The knowledge base with a release date for Chapter 5."""
    copy = tmp_path / "knowledge"
    shutil.copytree(KNOWLEDGE, copy)
    chapter5 = copy / "works" / "chapter-5.yaml"
    text = chapter5.read_text(encoding="utf-8")
    assert 'date: "TBA"' in text
    chapter5.write_text(text.replace('date: "TBA"', f'date: "{RELEASE}"'), encoding="utf-8")
    return copy


@pytest.fixture
def admin(discord_emulator: DiscordEmulator) -> User:
    return discord_emulator.add_user("admin")


@pytest.fixture
def guild(discord_emulator: DiscordEmulator, admin: User) -> Guild:
    """A server with an admin (Manage Server), the tester (no such permission) and a role."""
    emu = discord_emulator
    guild = emu.add_guild(
        "Continental",
        channels=["general", "countdown"],
        members=[emu.tester, admin],
        roles={"Admins": Perm.MANAGE_GUILD, "Wick Fans": 0},
        bot_permissions=Perm.MENTION_EVERYONE,
    )
    emu.add_member(guild.id, admin, roles=[guild.role_id("Admins")])
    return guild


@pytest.fixture
def clock() -> Clock:
    return Clock(SET_UP_AT)


class Cores:
    """Builds one core per bot "process", all on the same database file."""

    def __init__(self, emu: DiscordEmulator, data: Path, knowledge: Path, clock: Clock) -> None:
        self.emu, self.data, self.knowledge, self.clock = emu, data, knowledge, clock
        self.built: list[Core] = []

    def new(self) -> Core:
        settings = settings_for(self.emu, self.data, knowledge_dir=self.knowledge)
        core = build_core(settings, clock=self.clock, store=SqliteStore(settings.sqlite_path))
        self.built.append(core)
        return core

    @property
    def db(self) -> Path:
        return self.data / "wickbot.sqlite3"


@pytest.fixture
async def cores(
    discord_emulator: DiscordEmulator, tmp_path: Path, knowledge: Path, clock: Clock
) -> AsyncIterator[Cores]:
    made = Cores(discord_emulator, tmp_path, knowledge, clock)
    yield made
    for core in made.built:
        await core.store.close()


def announcer_of(bot: WickBot) -> Announce:
    return cast(Announce, bot.get_cog("Announce"))


async def first_tick(bot: WickBot, timeout: float = 5.0) -> None:
    """Wait until the bot's loop has run its first tick (it runs as soon as it is ready)."""
    cog = announcer_of(bot)
    async with asyncio.timeout(timeout):
        while cog.last_report is None:
            await asyncio.sleep(0.001)


@contextlib.asynccontextmanager
async def running(
    emu: DiscordEmulator, core: Core, *, sync: bool = False, roles: frozenset[int] = frozenset()
) -> AsyncIterator[WickBot]:
    """A connected Wickbot whose loop has ticked once; afterwards, checks every mention.

    Announcement posts may allow exactly the configured role (``roles``); everything else
    the bot sent must allow no mention at all.
    """
    bot = WickBot(core, guild_ready_timeout=0.05)
    async with running_client(bot, emu):
        if sync:
            await bot.tree.sync()
        await first_tick(bot)
        yield bot
    assert_no_pings(emu, roles)


def posts(emu: DiscordEmulator, channel_id: int, after: int = 0) -> list[RecordedRequest]:
    """Successful messages the bot posted in ``channel_id``."""
    return emu.find_requests("POST", rf"/channels/{channel_id}/messages", after=after, status=200)


async def slash(
    emu: DiscordEmulator, command: str, channel_id: int, user: User, **options: Any
) -> dict[str, Any]:
    """Invoke ``/command`` as ``user``; the bot's response data (asserted ephemeral)."""
    payload = await emu.send_interaction(command, channel_id=channel_id, user=user, options=options)
    body = await emu.wait_for_interaction_response(payload)
    assert body["type"] == 4
    data: dict[str, Any] = body["data"]
    assert data["flags"] & EPHEMERAL
    return data


async def prefix(emu: DiscordEmulator, channel_id: int, user: User, text: str) -> str:
    """Send ``text`` as ``user``; the content of the bot's reply."""
    mark = emu.mark()
    await emu.send_message(channel_id, text, author=user)
    reply = await emu.wait_for_request("POST", rf"/channels/{channel_id}/messages", after=mark)
    return str(reply.json["content"])


async def configure(core: Core, guild: Guild, *, role: bool = True, **changes: Any) -> None:
    """Announcements at 18:30 London time into #countdown, in effect since SET_UP_AT."""
    values: dict[str, Any] = {
        "guild_id": guild.id,
        "channel_id": guild.channel_id("countdown"),
        "local_time": dt.time(18, 30),
        "timezone": "Europe/London",
        "role_id": guild.role_id("Wick Fans") if role else None,
        "created_at": SET_UP_AT,
        **changes,
    }
    await core.store.save_announcement(AnnouncementConfig(**values))


async def statuses(core: Core, guild: Guild) -> dict[int, PostStatus]:
    """Milestone -> how its post ended, from the sent-log."""
    return {r.key.milestone: r.status for r in (await core.store.sent(guild.id))}


# -- commands -------------------------------------------------------------------------------


async def test_admin_sets_up_announcements(
    discord_emulator: DiscordEmulator, guild: Guild, admin: User, cores: Cores, clock: Clock
) -> None:
    emu = discord_emulator
    core = cores.new()
    fans, countdown = guild.role_id("Wick Fans"), guild.channel_id("countdown")
    async with running(emu, core, sync=True):
        data = await slash(
            emu,
            "announce setup",
            guild.channel_id("general"),
            admin,
            channel=countdown,
            time="18:30",
            timezone="europe/london",
            role=fans,
        )
        preview = await slash(emu, "announce preview", guild.channel_id("general"), admin)
        status = await slash(emu, "announce status", guild.channel_id("general"), admin)

    config = await core.store.announcement(guild.id)
    assert config == AnnouncementConfig(
        guild.id,
        countdown,
        dt.time(18, 30),
        "Europe/London",
        fans,
        created_at=SET_UP_AT,
    )
    text = data["content"]
    assert text.startswith("✅ **Countdown announcements are on.**")
    assert (
        f"Posts go to <#{countdown}> at 18:30 (Europe/London time), mentioning <@&{fans}>." in text
    )
    assert "Milestones: 100, 30, 14, 7, 3, 2 and 1 days before, and release day." in text
    # the 14-days post is the first one after now (May 1): May 7, 18:30 in London
    stamp = int(TWO_WEEKS_BEFORE.timestamp())
    assert f"Next post: <t:{stamp}:F> (<t:{stamp}:R>): **John Wick: Chapter 5**" in text
    assert "“Two weeks to go”" in text
    assert "Waiting for a release date" in text and "Chapter 5" not in text.split("Waiting")[1]
    assert "⚠️" not in text  # the bot may post, embed and ping the role there
    # the preview: the next post as it will look, pinging nobody, recording nothing
    assert preview["content"] == (
        f"Preview of the next post, due <t:{stamp}:F> (<t:{stamp}:R>) in <#{countdown}>:\n"
        f"<@&{fans}> Two weeks to go **John Wick: Chapter 5**"
    )
    assert preview["embeds"][0]["title"] == "John Wick: Chapter 5"
    assert preview["allowed_mentions"] == {"parse": []}
    assert await core.store.sent(guild.id) == []
    assert status["content"].startswith("**Countdown announcements are on.**")
    assert "Counting down: John Wick: Chapter 5 (May 21, 2027)." in status["content"]


async def test_setup_today_says_nothing_is_scheduled_and_what_waits_for_a_date(
    discord_emulator: DiscordEmulator, guild: Guild, admin: User, tmp_path: Path
) -> None:
    emu = discord_emulator
    clock = Clock(TODAY)
    cores = Cores(emu, tmp_path, KNOWLEDGE, clock)  # the real knowledge
    core = cores.new()
    general, countdown = guild.channel_id("general"), guild.channel_id("countdown")
    try:
        async with running(emu, core, sync=True):
            setup = await slash(
                emu,
                "announce setup",
                general,
                admin,
                channel=countdown,
                time="9:00",
                timezone="America/New_York",
            )
            status = await slash(emu, "announce status", general, admin)
            preview = await slash(emu, "announce preview", general, admin)
        recorded = await core.store.sent(guild.id)
    finally:
        await core.store.close()

    waiting = (
        "Waiting for a release date (counted down once one is announced): John Wick anime "
        "prequel, Untitled Caine spin-off, John Wick: Chapter 5, John Wick: Under the High "
        "Table, John Wick video game (untitled)."
    )
    for text in (setup["content"], status["content"], preview["content"]):
        assert "Next post: **nothing is scheduled yet**: no upcoming release has a date." in text
        assert waiting in text
    assert "mentioning nobody" in setup["content"]
    assert status["content"].startswith("**Countdown announcements are on.**")
    assert "Recent posts: none yet." in status["content"]
    # the preview shows a sample post, clearly labelled, and records nothing
    assert "a sample using **From the World of John Wick: Ballerina**" in preview["content"]
    assert preview["embeds"][0]["title"] == "From the World of John Wick: Ballerina"
    assert recorded == []


async def test_non_admins_are_refused(
    discord_emulator: DiscordEmulator, guild: Guild, cores: Cores
) -> None:
    emu = discord_emulator
    core = cores.new()
    general, countdown = guild.channel_id("general"), guild.channel_id("countdown")
    async with running(emu, core, sync=True):
        options = {"channel": countdown, "time": "18:30", "timezone": "Europe/London"}
        refused = await slash(emu, "announce setup", general, emu.tester, **options)
        status = await slash(emu, "announce status", general, emu.tester)
        typed = await prefix(emu, general, emu.tester, "!announce setup #countdown 18:30 UTC")

    assert refused["content"] == status["content"] == typed == REFUSAL
    assert await core.store.announcement(guild.id) is None
    command = next(c for c in emu.world.commands.values() if c.name == "announce")
    assert int(command.payload["default_member_permissions"]) == Perm.MANAGE_GUILD


async def test_bad_time_or_zone_gets_a_clear_error(
    discord_emulator: DiscordEmulator, guild: Guild, admin: User, cores: Cores
) -> None:
    emu = discord_emulator
    core = cores.new()
    general, countdown = guild.channel_id("general"), guild.channel_id("countdown")
    async with running(emu, core, sync=True):
        bad_time = await slash(
            emu, "announce setup", general, admin, channel=countdown, time="25:00", timezone="UTC"
        )
        bad_zone = await slash(
            emu,
            "announce setup",
            general,
            admin,
            channel=countdown,
            time="18:30",
            timezone="Mars/Olympus",
        )
        zones = await emu.send_autocomplete(
            "announce setup",
            "timezone",
            channel_id=general,
            user=admin,
            options={"timezone": "lond"},
        )
        choices = (await emu.wait_for_interaction_response(zones))["data"]["choices"]

    assert bad_time["content"].startswith("'25:00' is not a time: use HH:MM")
    assert bad_zone["content"].startswith("'Mars/Olympus' is not a time zone")
    assert await core.store.announcement(guild.id) is None
    assert {"name": "Europe/London", "value": "Europe/London"} in choices


async def test_prefix_commands_milestones_off_and_warnings(
    discord_emulator: DiscordEmulator, guild: Guild, admin: User, cores: Cores, clock: Clock
) -> None:
    emu = discord_emulator
    core = cores.new()
    general, countdown = guild.channel_id("general"), guild.channel_id("countdown")
    # the bot may not embed links in #countdown
    emu.world.guilds[guild.id].channels[countdown].overwrites.append(
        Overwrite(guild.id, deny=Perm.EMBED_LINKS)
    )
    async with running(emu, core) as bot:
        typed = f"!announce setup <#{countdown}> 18.30 Europe/London"
        setup = await prefix(emu, general, admin, typed)
        custom = await prefix(emu, general, admin, "!announce milestones 30, 7 0")
        wrong = await prefix(emu, general, admin, "!announce milestones soon")
        clock.now = WEEK_BEFORE + dt.timedelta(seconds=20)
        mark = emu.mark()
        await announcer_of(bot).announcer.tick()
        off = await prefix(emu, general, admin, "!announce off")
        status = await prefix(emu, general, admin, "!announce")
        clock.now = TWO_DAYS_BEFORE + dt.timedelta(days=2)  # release day: off, so no post
        await announcer_of(bot).announcer.tick()

    assert "⚠️ I lack Embed Links in" in setup and "posts will be plain text" in setup
    [post] = posts(emu, countdown, mark)
    assert not post.json.get("embeds")
    assert post.json["content"].startswith("**One week to go** John Wick: Chapter 5\n")
    assert f"Release: <t:{RELEASE_STAMP}:D> · <t:{RELEASE_STAMP}:R>" in post.json["content"]
    assert custom.startswith("Milestones: 30 and 7 days before, and release day.")
    assert wrong.startswith("List the days before release as numbers")
    assert off.startswith("Countdown announcements are **off**.")
    assert status.startswith("**Countdown announcements are off.**")
    config = await core.store.announcement(guild.id)
    assert config is not None and config.milestones == (30, 7, 0) and not config.enabled


# -- posting --------------------------------------------------------------------------------


async def test_a_post_arrives_at_the_configured_minute_mentioning_only_the_role(
    discord_emulator: DiscordEmulator, guild: Guild, cores: Cores, clock: Clock
) -> None:
    emu = discord_emulator
    core = cores.new()
    await configure(core, guild)
    fans, countdown = guild.role_id("Wick Fans"), guild.channel_id("countdown")
    clock.now = WEEK_BEFORE - dt.timedelta(seconds=90)
    await core.store.record_tick(clock.now - dt.timedelta(minutes=1))  # ticking every minute
    async with running(emu, core, roles=frozenset({fans})) as bot:
        announce = announcer_of(bot).announcer
        clock.now = WEEK_BEFORE - dt.timedelta(seconds=30)
        early = await announce.tick()
        mark = emu.mark()
        clock.now = WEEK_BEFORE + dt.timedelta(seconds=30)  # the next tick, a minute later
        on_time = await announce.tick()

    assert not early.sent and not early.skipped
    assert len(on_time.sent) == 1
    [post] = posts(emu, countdown, mark)
    body = post.json
    assert body["content"] == f"<@&{fans}> One week to go **John Wick: Chapter 5**"
    assert body["allowed_mentions"] == {"parse": [], "roles": [fans]}
    [embed] = body["embeds"]
    assert embed["title"] == "John Wick: Chapter 5"
    assert embed["description"].startswith("**One week to go**\nNo plot has been announced.")
    assert embed["fields"] == [
        {
            "name": "Release",
            "value": f"<t:{RELEASE_STAMP}:D> · <t:{RELEASE_STAMP}:R>",
            "inline": False,
        }
    ]
    assert emu.world.messages[int(post.response["id"])]["mention_roles"] == [str(fans)]
    assert await statuses(core, guild) == {7: PostStatus.SENT}


async def test_the_loop_posts_once_and_a_restart_does_not_repeat_it(
    discord_emulator: DiscordEmulator, guild: Guild, cores: Cores, clock: Clock
) -> None:
    emu = discord_emulator
    countdown = guild.channel_id("countdown")
    first = cores.new()
    await configure(first, guild, role=False)
    clock.now = WEEK_BEFORE - dt.timedelta(minutes=1)
    await first.store.record_tick(clock.now)  # the bot was running until a minute ago
    clock.now = WEEK_BEFORE + dt.timedelta(seconds=5)
    async with running(emu, first) as bot:  # the loop's first tick, at the due minute
        assert len(cast(Any, announcer_of(bot).last_report).sent) == 1
    [post] = posts(emu, countdown)
    assert post.json["allowed_mentions"] == {"parse": []} and post.json.get("content") is None

    clock.now += dt.timedelta(minutes=1)  # restarted a minute later
    async with running(emu, cores.new()):
        pass
    # killed after sending but before noting the tick: the window reopens, the log holds
    with sqlite3.connect(cores.db) as db:
        db.execute("UPDATE ticks SET last_tick = ?", (int(SET_UP_AT.timestamp() * 1e6),))
    async with running(emu, cores.new()) as bot:
        assert cast(Any, announcer_of(bot).last_report).taken

    assert len(posts(emu, countdown)) == 1
    assert await statuses(first, guild) == {14: PostStatus.SKIPPED, 7: PostStatus.SENT}


async def test_after_downtime_the_latest_missed_post_is_sent_if_under_six_hours_late(
    discord_emulator: DiscordEmulator, guild: Guild, cores: Cores, clock: Clock
) -> None:
    emu = discord_emulator
    countdown = guild.channel_id("countdown")
    await configure(cores.new(), guild)
    roles = frozenset({guild.role_id("Wick Fans")})
    async with running(emu, cores.new(), roles=roles):  # ticks at SET_UP_AT, then goes down
        pass

    clock.now = WEEK_BEFORE + dt.timedelta(hours=2)  # back up: 14 and 7 days were missed
    async with running(emu, cores.new(), roles=roles):
        pass
    [late] = posts(emu, countdown)
    assert late.json["embeds"][0]["description"].startswith("**One week to go**")
    log = {r.key.milestone: r for r in await cores.built[0].store.sent(guild.id)}
    assert log[14].status is PostStatus.SKIPPED and log[7].status is PostStatus.SENT
    assert log[14].detail == "superseded by a later post for this work"

    clock.now = THREE_DAYS_BEFORE + dt.timedelta(hours=7)  # down again, 7 h past 3 days
    async with running(emu, cores.new(), roles=roles) as bot:
        clock.now = TWO_DAYS_BEFORE + dt.timedelta(seconds=10)  # and on time for 2 days
        await announcer_of(bot).announcer.tick()
    log = {r.key.milestone: r for r in await cores.built[0].store.sent(guild.id)}
    assert log[3].status is PostStatus.SKIPPED and log[3].detail == "7.0 h late (limit 6.0 h)"
    assert log[2].status is PostStatus.SENT
    headlines = [p.json["embeds"][0]["description"].split("\n")[0] for p in posts(emu, countdown)]
    assert headlines == ["**One week to go**", "**Two days to go**"]


async def test_a_deleted_channel_stops_announcements_and_status_says_why(
    discord_emulator: DiscordEmulator, guild: Guild, admin: User, cores: Cores, clock: Clock
) -> None:
    emu = discord_emulator
    core = cores.new()
    await configure(core, guild)
    countdown = guild.channel_id("countdown")
    roles = frozenset({guild.role_id("Wick Fans")})
    async with running(emu, core, sync=True, roles=roles) as bot:
        await emu.delete_channel(countdown)
        await emu.wait_for_dispatch("CHANNEL_DELETE")
        announce = announcer_of(bot).announcer
        clock.now = WEEK_BEFORE + dt.timedelta(seconds=30)
        report = await announce.tick()
        clock.now = THREE_DAYS_BEFORE + dt.timedelta(seconds=30)
        later = await announce.tick()
        status = await slash(emu, "announce status", guild.channel_id("general"), admin)

    tried = emu.find_requests("POST", rf"/channels/{countdown}/messages")
    assert [r.status for r in tried] == [404]  # one try, then no more hammering
    assert guild.id in report.disabled and not later.sent and not later.failed
    config = await core.store.announcement(guild.id)
    assert config is not None and not config.enabled
    assert (
        config.problem
        == f"the channel <#{countdown}> no longer exists (or I can no longer see it)."
    )
    text = status["content"]
    assert text.startswith(f"⚠️ **Countdown announcements stopped:** {config.problem}")
    assert "run `/announce setup` again" in text
    assert "“One week to go”: failed (the channel" in text


async def test_lost_permission_and_rate_limits(
    discord_emulator: DiscordEmulator, guild: Guild, cores: Cores, clock: Clock
) -> None:
    emu = discord_emulator
    core = cores.new()
    await configure(core, guild)
    countdown = guild.channel_id("countdown")
    fans = guild.role_id("Wick Fans")
    async with running(emu, core, roles=frozenset({fans})) as bot:
        announce = announcer_of(bot).announcer
        emu.fail_next("POST", rf"/channels/{countdown}/messages", 429, retry_after=0.01)
        clock.now = WEEK_BEFORE + dt.timedelta(seconds=30)
        retried = await announce.tick()
        emu.fail_next("POST", rf"/channels/{countdown}/messages", 403)
        clock.now = THREE_DAYS_BEFORE + dt.timedelta(seconds=30)
        refused = await announce.tick()

    assert len(retried.sent) == 1 and len(posts(emu, countdown)) == 1
    assert guild.id in refused.disabled
    config = await core.store.announcement(guild.id)
    assert config is not None and not config.enabled
    assert config.problem is not None and "(Missing Permissions)" in config.problem


async def test_two_processes_on_one_database_never_both_post(
    discord_emulator: DiscordEmulator, guild: Guild, cores: Cores, clock: Clock
) -> None:
    emu = discord_emulator
    countdown = guild.channel_id("countdown")
    await configure(cores.new(), guild, role=False)
    clock.now = WEEK_BEFORE - dt.timedelta(minutes=1)
    async with running(emu, cores.new()) as one, running(emu, cores.new()) as two:
        clock.now = WEEK_BEFORE + dt.timedelta(seconds=1)
        reports = await asyncio.gather(
            announcer_of(one).announcer.tick(), announcer_of(two).announcer.tick()
        )
        clock.now += dt.timedelta(minutes=1)
        again = await asyncio.gather(
            announcer_of(two).announcer.tick(), announcer_of(one).announcer.tick()
        )

    assert len(posts(emu, countdown)) == 1
    assert sorted(len(r.sent) for r in reports) == [0, 1]
    assert sorted(len(r.taken) for r in reports) == [0, 1]
    assert not any(r.sent for r in again)


async def test_leaving_a_server_forgets_its_announcements(
    discord_emulator: DiscordEmulator, guild: Guild, cores: Cores
) -> None:
    emu = discord_emulator
    core = cores.new()
    await configure(core, guild)
    async with running(emu, core) as bot:
        server = bot.get_guild(guild.id)
        assert server is not None
        await server.leave()
        await emu.wait_for_dispatch("GUILD_DELETE")
        async with asyncio.timeout(5):
            while await core.store.announcement(guild.id) is not None:
                await asyncio.sleep(0.001)


async def test_a_delay_after_reload_moves_the_countdown_to_the_new_date(
    discord_emulator: DiscordEmulator,
    guild: Guild,
    admin: User,
    cores: Cores,
    clock: Clock,
    knowledge: Path,
) -> None:
    emu = discord_emulator
    emu.application_owner_id = admin.id
    core = cores.new()
    await configure(core, guild, role=False)
    general, countdown = guild.channel_id("general"), guild.channel_id("countdown")
    chapter5 = knowledge / "works" / "chapter-5.yaml"
    delayed = RELEASE + dt.timedelta(days=14)
    async with running(emu, core) as bot:
        text = chapter5.read_text(encoding="utf-8")
        chapter5.write_text(text.replace(f'date: "{RELEASE}"', f'date: "{delayed}"'))
        assert (await prefix(emu, general, admin, "!reload")).startswith("Reloaded:")
        announce = announcer_of(bot).announcer
        clock.now = WEEK_BEFORE + dt.timedelta(seconds=30)  # a week before the old date
        old_date = await announce.tick()
        clock.now = WEEK_BEFORE + dt.timedelta(days=7, seconds=30)  # two weeks before the new
        new_date = await announce.tick()

    assert not old_date.sent and len(new_date.sent) == 1
    [post] = posts(emu, countdown)
    assert post.json["embeds"][0]["description"].startswith("**Two weeks to go**")
    assert {r.key.release for r in (await core.store.sent(guild.id))} == {delayed.isoformat()}


# -- exactly once: nonces, interrupted claims, rejected posts -------------------------------


def channel_messages(emu: DiscordEmulator, channel_id: int) -> list[dict[str, Any]]:
    """The messages that really are in the channel (what its readers see)."""
    return [m for m in emu.world.messages.values() if m["channel_id"] == str(channel_id)]


async def test_a_repeated_send_of_a_post_appears_once(
    discord_emulator: DiscordEmulator, guild: Guild, cores: Cores, clock: Clock
) -> None:
    emu = discord_emulator
    core = cores.new()
    await configure(core, guild, role=False)
    countdown = guild.channel_id("countdown")
    clock.now = WEEK_BEFORE - dt.timedelta(minutes=1)
    async with running(emu, core) as bot:
        cog = announcer_of(bot)
        config = await core.store.announcement(guild.id)
        assert config is not None
        post = cog.announcer.planner().next_post(config, clock.now)
        assert post is not None
        sender = DiscordSender(bot)
        results = [await sender(config, post), await sender(config, post)]  # a retry
    assert [r.outcome for r in results] == [SendOutcome.SENT, SendOutcome.SENT]
    first, second = posts(emu, countdown)
    assert first.json["nonce"] == second.json["nonce"] == post.key.nonce
    assert first.json["enforce_nonce"] is True
    assert first.response["id"] == second.response["id"]
    assert len(channel_messages(emu, countdown)) == 1 and emu.rest.nonce_repeats == 1


@pytest.mark.parametrize("died", ["before sending", "after sending"])
async def test_a_claim_left_by_a_dead_process_is_sent_again_and_appears_once(
    discord_emulator: DiscordEmulator, guild: Guild, cores: Cores, clock: Clock, died: str
) -> None:
    emu = discord_emulator
    core = cores.new()
    await configure(core, guild, role=False)
    countdown = guild.channel_id("countdown")
    clock.now = WEEK_BEFORE - dt.timedelta(minutes=1)
    await core.store.record_tick(clock.now)
    async with running(emu, core) as bot:
        announcer = announcer_of(bot).announcer
        config = await core.store.announcement(guild.id)
        assert config is not None
        post = announcer.planner().next_post(config, clock.now)
        assert post is not None
        # the dead process: claimed at the due minute, maybe sent, never confirmed
        assert await core.store.claim_post(post.key, WEEK_BEFORE)
        if died == "after sending":
            await DiscordSender(bot)(config, post)
        clock.now = WEEK_BEFORE + dt.timedelta(seconds=30)
        early = await announcer.tick()  # within the lease: the claimer may still be sending
        clock.now = WEEK_BEFORE + CLAIM_LEASE + dt.timedelta(seconds=1)
        late = await announcer.tick()
        again = await announcer.tick()
    assert early.taken == [post.key] and early.sent == []
    assert late.resumed == late.sent == [post.key]
    assert again.sent == again.resumed == []
    assert len(channel_messages(emu, countdown)) == 1
    assert {r.json["nonce"] for r in posts(emu, countdown)} == {post.key.nonce}
    assert await statuses(core, guild) == {7: PostStatus.SENT}


async def test_a_rejected_post_is_logged_by_shape_and_announcements_stay_on(
    discord_emulator: DiscordEmulator,
    guild: Guild,
    admin: User,
    cores: Cores,
    clock: Clock,
    caplog: pytest.LogCaptureFixture,
) -> None:
    emu = discord_emulator
    core = cores.new()
    await configure(core, guild)
    countdown, general = guild.channel_id("countdown"), guild.channel_id("general")
    clock.now = WEEK_BEFORE - dt.timedelta(minutes=1)
    await core.store.record_tick(clock.now)
    clock.now = WEEK_BEFORE + dt.timedelta(seconds=5)
    emu.fail_next(
        "POST", rf"/channels/{countdown}/messages", 400, code=50035, message="Invalid Form Body"
    )
    with caplog.at_level(logging.ERROR):
        roles = frozenset({guild.role_id("Wick Fans")})
        async with running(emu, core, sync=True, roles=roles) as bot:
            report = cast(Any, announcer_of(bot).last_report)
            status = await slash(emu, "announce status", general, admin)
    assert report.failed and report.disabled == {}
    config = await core.store.announcement(guild.id)
    assert config is not None and config.enabled and config.problem is None
    assert "Discord rejected a recent post" in status["content"]
    assert "failed (Discord rejected the post (400: Invalid Form Body))" in status["content"]
    logged = "\n".join(r.getMessage() for r in caplog.records)
    assert "payload shape" in logged and "'title': 'str[" in logged
    assert "John Wick: Chapter 5" not in logged  # the shape, not the text
