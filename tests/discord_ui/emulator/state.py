"""In-memory model of the Discord world that the emulator serves.

Everything here is synchronous and free of I/O: the gateway and REST layers read and
mutate a :class:`World` and turn its objects into Discord-shaped JSON payloads.
"""

from __future__ import annotations

import re
import time
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from enum import IntEnum
from typing import Any

JSON = dict[str, Any]

DISCORD_EPOCH_MS = 1_420_070_400_000
ATTACHMENT_SIZE_LIMIT = 10 * 1024 * 1024


class Intent:
    """Gateway intent bits the emulator cares about (plain ints, safe to ``~``)."""

    GUILDS = 1 << 0
    GUILD_MEMBERS = 1 << 1
    GUILD_PRESENCES = 1 << 8
    GUILD_MESSAGES = 1 << 9
    DIRECT_MESSAGES = 1 << 12
    MESSAGE_CONTENT = 1 << 15


class Perm:
    """Permission bits used by the emulator's permission checks (plain ints)."""

    CREATE_INSTANT_INVITE = 1 << 0
    ADMINISTRATOR = 1 << 3
    MANAGE_CHANNELS = 1 << 4
    MANAGE_GUILD = 1 << 5
    ADD_REACTIONS = 1 << 6
    VIEW_CHANNEL = 1 << 10
    SEND_MESSAGES = 1 << 11
    MANAGE_MESSAGES = 1 << 13
    EMBED_LINKS = 1 << 14
    ATTACH_FILES = 1 << 15
    READ_MESSAGE_HISTORY = 1 << 16
    MENTION_EVERYONE = 1 << 17
    USE_EXTERNAL_EMOJIS = 1 << 18
    CONNECT = 1 << 20
    SPEAK = 1 << 21
    CHANGE_NICKNAME = 1 << 26
    USE_APPLICATION_COMMANDS = 1 << 31
    SEND_MESSAGES_IN_THREADS = 1 << 38


ALL_PERMISSIONS = (1 << 53) - 1
DEFAULT_EVERYONE_PERMISSIONS = (
    Perm.CREATE_INSTANT_INVITE
    | Perm.ADD_REACTIONS
    | Perm.VIEW_CHANNEL
    | Perm.SEND_MESSAGES
    | Perm.EMBED_LINKS
    | Perm.ATTACH_FILES
    | Perm.READ_MESSAGE_HISTORY
    | Perm.USE_EXTERNAL_EMOJIS
    | Perm.CONNECT
    | Perm.SPEAK
    | Perm.CHANGE_NICKNAME
    | Perm.USE_APPLICATION_COMMANDS
    | Perm.SEND_MESSAGES_IN_THREADS
)


class ChannelType(IntEnum):
    """Discord channel types the emulator models."""

    GUILD_TEXT = 0
    DM = 1
    GUILD_VOICE = 2
    GUILD_CATEGORY = 4


class MessageFlag:
    """Message flag bits the emulator sets (plain ints)."""

    EPHEMERAL = 1 << 6
    LOADING = 1 << 7


_USER_MENTION = re.compile(r"<@!?(\d+)>")
_ROLE_MENTION = re.compile(r"<@&(\d+)>")


def now_iso() -> str:
    """The current time as Discord's ISO-8601 timestamp."""
    return datetime.now(UTC).isoformat()


class SnowflakeFactory:
    """Produces strictly increasing, time-based Discord snowflakes."""

    def __init__(self, clock: Callable[[], float] = time.time) -> None:
        self._clock = clock
        self._last = 0
        self._placed = False

    def __call__(self) -> int:
        if self._placed:  # placed by on_shard: the clock must not move it
            self._placed = False
            self._last += 1
            return self._last
        self._last = max(self._now(), self._last + 1)
        return self._last

    def on_shard(self, shard: int, shard_count: int) -> None:
        """Make the next snowflake a later one on ``shard``: ``(id >> 22) % shard_count``.

        Exact whatever the clock does meanwhile (skipping one millisecond is not: on a loaded
        machine the clock may pass it, and the next id lands on either shard).
        """
        after = (max(self._last, self._now()) >> 22) + 1
        millisecond = after + (shard - after) % shard_count
        self._last = (millisecond << 22) - 1
        self._placed = True

    def _now(self) -> int:
        """The smallest snowflake of the current millisecond."""
        return (int(self._clock() * 1000) - DISCORD_EPOCH_MS) << 22


@dataclass
class User:
    """A Discord user (human, bot or the emulated bot itself)."""

    id: int
    username: str
    bot: bool = False
    global_name: str | None = None
    avatar: str | None = None

    def payload(self) -> JSON:
        return {
            "id": str(self.id),
            "username": self.username,
            "discriminator": "0",
            "global_name": self.global_name,
            "avatar": self.avatar,
            "bot": self.bot,
            "public_flags": 0,
            "flags": 0,
        }


@dataclass
class Role:
    """A guild role; the @everyone role shares the guild's id."""

    id: int
    name: str
    permissions: int
    position: int = 0
    managed: bool = False

    def payload(self) -> JSON:
        return {
            "id": str(self.id),
            "name": self.name,
            "permissions": str(self.permissions),
            "position": self.position,
            "color": 0,
            "hoist": False,
            "managed": self.managed,
            "mentionable": False,
            "icon": None,
            "unicode_emoji": None,
            "flags": 0,
        }


@dataclass
class Overwrite:
    """A channel permission overwrite (type 0 = role, 1 = member)."""

    id: int
    type: int = 0
    allow: int = 0
    deny: int = 0

    def payload(self) -> JSON:
        return {
            "id": str(self.id),
            "type": self.type,
            "allow": str(self.allow),
            "deny": str(self.deny),
        }


@dataclass
class Channel:
    """A guild channel or a DM channel (``guild_id is None``)."""

    id: int
    name: str
    type: int = ChannelType.GUILD_TEXT
    guild_id: int | None = None
    position: int = 0
    topic: str | None = None
    parent_id: int | None = None
    overwrites: list[Overwrite] = field(default_factory=list)
    recipient_ids: list[int] = field(default_factory=list)
    last_message_id: int | None = None


@dataclass
class Member:
    """A user's membership of a guild."""

    user_id: int
    roles: list[int] = field(default_factory=list)
    nick: str | None = None
    joined_at: str = field(default_factory=now_iso)

    def payload(self) -> JSON:
        return {
            "roles": [str(r) for r in self.roles],
            "nick": self.nick,
            "avatar": None,
            "banner": None,
            "joined_at": self.joined_at,
            "premium_since": None,
            "deaf": False,
            "mute": False,
            "pending": False,
            "flags": 0,
            "communication_disabled_until": None,
        }


@dataclass
class Guild:
    """A guild with its roles, channels and members."""

    id: int
    name: str
    owner_id: int
    roles: dict[int, Role] = field(default_factory=dict)
    channels: dict[int, Channel] = field(default_factory=dict)
    members: dict[int, Member] = field(default_factory=dict)
    locale: str = "en-US"

    @property
    def everyone(self) -> Role:
        return self.roles[self.id]

    def channel_id(self, name: str) -> int:
        """The id of the channel called ``name`` (``KeyError`` if there is none)."""
        for channel in self.channels.values():
            if channel.name == name:
                return channel.id
        raise KeyError(f"guild {self.name!r} has no channel {name!r}")

    def role_id(self, name: str) -> int:
        """The id of the role called ``name`` (``KeyError`` if there is none)."""
        for role in self.roles.values():
            if role.name == name:
                return role.id
        raise KeyError(f"guild {self.name!r} has no role {name!r}")


@dataclass
class Command:
    """An application command as registered by the bot's sync."""

    id: int
    guild_id: int | None
    payload: JSON

    @property
    def name(self) -> str:
        return str(self.payload["name"])

    @property
    def type(self) -> int:
        return int(self.payload.get("type", 1))


@dataclass
class InteractionRecord:
    """An interaction the emulator sent and everything the bot answered to it."""

    id: int
    token: str
    type: int
    channel_id: int
    guild_id: int | None
    user_id: int
    payload: JSON
    callbacks: list[JSON] = field(default_factory=list)
    original_message_id: int | None = None
    followup_ids: list[int] = field(default_factory=list)

    @property
    def responded(self) -> bool:
        return bool(self.callbacks)


class World:
    """All users, guilds, channels, messages, commands and interactions."""

    def __init__(self, *, bot_name: str) -> None:
        self.snowflake = SnowflakeFactory()
        self.application_id = self.snowflake()
        self.bot = User(self.application_id, bot_name, bot=True)
        self.users: dict[int, User] = {self.bot.id: self.bot}
        self.owner_id: int | None = None
        """Owner of the application (``application_info().owner``); None means the bot."""
        self.guilds: dict[int, Guild] = {}
        self.dm_channels: dict[int, Channel] = {}
        self.deleted_channels: set[int] = set()
        self.dm_blocked: set[int] = set()
        self.messages: dict[int, JSON] = {}
        self.commands: dict[int, Command] = {}
        self.interactions: dict[int, InteractionRecord] = {}

    # -- lookups -------------------------------------------------------------------------

    def channel(self, channel_id: int) -> Channel | None:
        if channel_id in self.dm_channels:
            return self.dm_channels[channel_id]
        for guild in self.guilds.values():
            if channel_id in guild.channels:
                return guild.channels[channel_id]
        return None

    def guild_of(self, channel: Channel) -> Guild | None:
        return None if channel.guild_id is None else self.guilds.get(channel.guild_id)

    def interaction_by_token(self, token: str) -> InteractionRecord | None:
        return next((i for i in self.interactions.values() if i.token == token), None)

    # -- builders ------------------------------------------------------------------------

    def add_user(self, username: str, *, bot: bool = False) -> User:
        user = User(self.snowflake(), username, bot=bot)
        self.users[user.id] = user
        return user

    def add_guild(
        self,
        name: str,
        *,
        channels: Iterable[str],
        members: Iterable[int],
        owner_id: int | None,
        roles: Mapping[str, int],
        everyone_permissions: int,
        bot_permissions: int,
        locale: str,
    ) -> Guild:
        guild_id = self.snowflake()
        owner = self.users[owner_id] if owner_id is not None else self.add_user(f"{name} owner")
        guild = Guild(guild_id, name, owner.id, locale=locale)
        guild.roles[guild_id] = Role(guild_id, "@everyone", everyone_permissions)
        for position, (role_name, permissions) in enumerate(roles.items(), start=1):
            self.add_role(guild, role_name, permissions, position=position)
        bot_role = self.add_role(guild, self.bot.username, bot_permissions, managed=True)
        self.guilds[guild_id] = guild
        self.add_member(guild, self.bot.id, roles=[bot_role.id])
        for user_id in (owner.id, *members):
            if user_id not in guild.members:
                self.add_member(guild, user_id)
        for channel_name in channels:
            self.add_channel(guild, channel_name)
        return guild

    def add_role(
        self,
        guild: Guild,
        name: str,
        permissions: int,
        *,
        position: int | None = None,
        managed: bool = False,
    ) -> Role:
        position = len(guild.roles) if position is None else position
        role = Role(self.snowflake(), name, permissions, position=position, managed=managed)
        guild.roles[role.id] = role
        return role

    def add_member(
        self, guild: Guild, user_id: int, *, roles: Iterable[int] = (), nick: str | None = None
    ) -> Member:
        if user_id not in self.users:
            raise KeyError(f"unknown user {user_id}")
        member = Member(user_id, list(roles), nick)
        guild.members[user_id] = member
        return member

    def add_channel(
        self,
        guild: Guild,
        name: str,
        *,
        type_: int = ChannelType.GUILD_TEXT,
        topic: str | None = None,
        overwrites: Iterable[Overwrite] = (),
    ) -> Channel:
        channel = Channel(
            self.snowflake(),
            name,
            type_,
            guild.id,
            position=len(guild.channels),
            topic=topic,
            overwrites=list(overwrites),
        )
        guild.channels[channel.id] = channel
        return channel

    def dm_channel(self, user_id: int) -> Channel:
        """The bot's DM channel with ``user_id``, created on first use."""
        for channel in self.dm_channels.values():
            if channel.recipient_ids == [user_id]:
                return channel
        if user_id not in self.users:
            raise KeyError(f"unknown user {user_id}")
        channel = Channel(self.snowflake(), "", ChannelType.DM, recipient_ids=[user_id])
        self.dm_channels[channel.id] = channel
        return channel

    def remove_channel(self, channel_id: int) -> Channel | None:
        channel = self.channel(channel_id)
        if channel is None:
            return None
        guild = self.guild_of(channel)
        if guild is not None:
            del guild.channels[channel_id]
        else:
            del self.dm_channels[channel_id]
        self.deleted_channels.add(channel_id)
        return channel

    # -- permissions ---------------------------------------------------------------------

    def permissions(self, guild: Guild, user_id: int, channel: Channel | None = None) -> int:
        """Discord's permission algorithm: roles, then channel overwrites."""
        if user_id == guild.owner_id:
            return ALL_PERMISSIONS
        member = guild.members.get(user_id)
        role_ids = member.roles if member else []
        base = guild.everyone.permissions
        for role_id in role_ids:
            if role_id in guild.roles:
                base |= guild.roles[role_id].permissions
        if base & Perm.ADMINISTRATOR:
            return ALL_PERMISSIONS
        if channel is None:
            return base
        by_id = {o.id: o for o in channel.overwrites}
        if (everyone := by_id.get(guild.id)) is not None:
            base = (base & ~everyone.deny) | everyone.allow
        allow = deny = 0
        for role_id in role_ids:
            if (o := by_id.get(role_id)) is not None and o.type == 0:
                allow, deny = allow | o.allow, deny | o.deny
        base = (base & ~deny) | allow
        if (own := by_id.get(user_id)) is not None and own.type == 1:
            base = (base & ~own.deny) | own.allow
        return base

    # -- payloads ------------------------------------------------------------------------

    def channel_payload(self, channel: Channel) -> JSON:
        data: JSON = {
            "id": str(channel.id),
            "type": channel.type,
            "flags": 0,
            "last_message_id": _opt_str(channel.last_message_id),
        }
        if channel.guild_id is None:
            data["recipients"] = [self.users[u].payload() for u in channel.recipient_ids]
            return data
        data.update(
            guild_id=str(channel.guild_id),
            name=channel.name,
            position=channel.position,
            topic=channel.topic,
            parent_id=_opt_str(channel.parent_id),
            nsfw=False,
            rate_limit_per_user=0,
            permission_overwrites=[o.payload() for o in channel.overwrites],
        )
        return data

    def member_payload(self, guild: Guild, user_id: int, *, with_user: bool = True) -> JSON:
        data = guild.members[user_id].payload()
        if with_user:
            data["user"] = self.users[user_id].payload()
        return data

    def guild_payload(self, guild: Guild) -> JSON:
        """A full GUILD_CREATE payload, members included so no chunking is needed."""
        return {
            "id": str(guild.id),
            "name": guild.name,
            "icon": None,
            "splash": None,
            "discovery_splash": None,
            "banner": None,
            "description": None,
            "owner_id": str(guild.owner_id),
            "afk_channel_id": None,
            "afk_timeout": 300,
            "verification_level": 0,
            "default_message_notifications": 0,
            "explicit_content_filter": 0,
            "mfa_level": 0,
            "nsfw_level": 0,
            "premium_tier": 0,
            "features": [],
            "emojis": [],
            "stickers": [],
            "application_id": None,
            "system_channel_id": None,
            "system_channel_flags": 0,
            "rules_channel_id": None,
            "vanity_url_code": None,
            "preferred_locale": guild.locale,
            "premium_progress_bar_enabled": False,
            "joined_at": guild.members[self.bot.id].joined_at,
            "large": False,
            "unavailable": False,
            "member_count": len(guild.members),
            "roles": [r.payload() for r in guild.roles.values()],
            "channels": [self.channel_payload(c) for c in guild.channels.values()],
            "members": [self.member_payload(guild, uid) for uid in guild.members],
            "voice_states": [],
            "presences": [],
            "threads": [],
            "stage_instances": [],
            "guild_scheduled_events": [],
            "soundboard_sounds": [],
        }

    def message_payload(
        self,
        channel: Channel,
        author: User,
        content: str,
        *,
        mentions: Iterable[int] = (),
        mention_roles: Iterable[int] = (),
        mention_everyone: bool = False,
        embeds: list[JSON] | None = None,
        components: list[JSON] | None = None,
        attachments: list[JSON] | None = None,
        reference_id: int | None = None,
        webhook_id: int | None = None,
        type_: int | None = None,
        flags: int = 0,
        nonce: str | int | None = None,
        extra: JSON | None = None,
    ) -> JSON:
        """Build (and store) a complete message object as Discord would deliver it."""
        guild = self.guild_of(channel)
        message_id = self.snowflake()
        data: JSON = {
            "id": str(message_id),
            "channel_id": str(channel.id),
            "author": author.payload(),
            "content": content,
            "timestamp": now_iso(),
            "edited_timestamp": None,
            "tts": False,
            "mention_everyone": mention_everyone,
            "mentions": [],
            "mention_roles": [str(r) for r in mention_roles],
            "attachments": attachments or [],
            "embeds": embeds or [],
            "components": components or [],
            "pinned": False,
            "type": type_ if type_ is not None else (19 if reference_id else 0),
            "flags": flags,
        }
        if nonce is not None:
            data["nonce"] = nonce
        for user_id in dict.fromkeys(mentions):
            if user_id in self.users:
                mentioned = self.users[user_id].payload()
                if guild is not None and user_id in guild.members:
                    mentioned["member"] = self.member_payload(guild, user_id, with_user=False)
                data["mentions"].append(mentioned)
        if guild is not None:
            data["guild_id"] = str(guild.id)
            if webhook_id is None and author.id in guild.members:
                data["member"] = self.member_payload(guild, author.id, with_user=False)
        if webhook_id is not None:
            data["webhook_id"] = str(webhook_id)
        if reference_id is not None:
            data["message_reference"] = {
                "type": 0,
                "message_id": str(reference_id),
                "channel_id": str(channel.id),
                **({"guild_id": str(guild.id)} if guild else {}),
            }
            referenced = self.messages.get(reference_id)
            data["referenced_message"] = (
                {k: v for k, v in referenced.items() if k != "referenced_message"}
                if referenced
                else None
            )
        data.update(extra or {})
        self.messages[message_id] = data
        channel.last_message_id = message_id
        return data


Snowflakeish = int | str | User | Role | Channel
"""Anything with a snowflake: an id (int or str) or a model object."""


def sid(value: Snowflakeish) -> int:
    """The snowflake of ``value``."""
    return value.id if isinstance(value, User | Role | Channel) else int(value)


def mentioned_ids(content: str) -> tuple[list[int], list[int]]:
    """User ids and role ids mentioned in ``content``."""
    users = [int(m) for m in _USER_MENTION.findall(content)]
    roles = [int(m) for m in _ROLE_MENTION.findall(content)]
    return users, roles


def _opt_str(value: int | None) -> str | None:
    return None if value is None else str(value)
