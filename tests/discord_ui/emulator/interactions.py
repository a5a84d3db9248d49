"""Building INTERACTION_CREATE payloads from the commands the bot synced."""

from __future__ import annotations

import secrets
from collections.abc import Mapping
from typing import Any

from .state import (
    ATTACHMENT_SIZE_LIMIT,
    DEFAULT_EVERYONE_PERMISSIONS,
    JSON,
    Channel,
    Command,
    InteractionRecord,
    User,
    World,
    sid,
)

# Interaction types.
APPLICATION_COMMAND, MESSAGE_COMPONENT, AUTOCOMPLETE = 2, 3, 4
# Option types: subcommands nest; users, channels and roles are resolved via ``data.resolved``.
SUBCOMMAND, GROUP, USER, CHANNEL, ROLE, MENTIONABLE = 1, 2, 6, 7, 8, 9

Options = Mapping[str, Any] | list[JSON]


def find_command(world: World, name: str, guild_id: int | None) -> Command:
    """The synced slash command ``name`` visible in ``guild_id`` (guild scope first)."""
    scopes = (guild_id, None) if guild_id is not None else (None,)
    for scope in scopes:
        for command in world.commands.values():
            if command.name == name and command.guild_id == scope and command.type == 1:
                return command
    synced = sorted(f"{c.name} (guild {c.guild_id})" for c in world.commands.values())
    raise LookupError(f"the bot has not synced a slash command {name!r}; synced: {synced}")


def command_data(
    world: World,
    command_line: str,
    channel: Channel,
    user_id: int,
    options: Options | None,
    *,
    focused: str | None = None,
    resolved: JSON | None = None,
) -> JSON:
    """``data`` of a slash command or autocomplete interaction.

    ``command_line`` is ``"name"``, ``"name sub"`` or ``"name group sub"``; a mapping of
    ``options`` is typed by the synced schema, a list is used verbatim.
    """
    name, *path = command_line.split()
    command = find_command(world, name, channel.guild_id)
    schema: list[JSON] = command.payload.get("options") or []
    nesting: list[tuple[str, int]] = []
    for part in path:
        spec = _option_spec(schema, part, command)
        if spec["type"] not in (SUBCOMMAND, GROUP):
            raise ValueError(f"{part!r} is not a subcommand of {command.name!r}")
        nesting.append((part, spec["type"]))
        schema = spec.get("options") or []
    auto_resolved: JSON = {}
    if isinstance(options, list):
        built = options
    else:
        built = []
        for option_name, value in (options or {}).items():
            kind = _option_spec(schema, option_name, command)["type"]
            option: JSON = {"name": option_name, "type": kind}
            if option_name == focused:
                option.update(value=str(value), focused=True)
            else:
                option["value"] = _option_value(world, kind, value, auto_resolved, channel, user_id)
            built.append(option)
    for part, kind in reversed(nesting):
        built = [{"name": part, "type": kind, "options": built}]
    data: JSON = {"id": str(command.id), "name": name, "type": command.type, "options": built}
    if command.guild_id is not None:
        data["guild_id"] = str(command.guild_id)  # discord.py looks guild commands up by it
    if resolved or auto_resolved:
        data["resolved"] = resolved or auto_resolved
    return data


def new_interaction(
    world: World,
    kind: int,
    channel: Channel,
    invoker: User,
    data: JSON,
    *,
    locale: str = "en-US",
    permissions: int | None = None,
    message: JSON | None = None,
) -> InteractionRecord:
    """Create and store an interaction; its ``payload`` is what INTERACTION_CREATE carries."""
    guild = world.guild_of(channel)
    interaction_id = world.snowflake()
    payload: JSON = {
        "id": str(interaction_id),
        "application_id": str(world.application_id),
        "type": kind,
        "data": data,
        "token": secrets.token_urlsafe(48),
        "version": 1,
        "locale": locale,
        "channel_id": str(channel.id),
        "channel": world.channel_payload(channel),
        "entitlements": [],
        "entitlement_sku_ids": [],
        "attachment_size_limit": ATTACHMENT_SIZE_LIMIT,  # discord.py requires this key
    }
    if guild is not None:
        if invoker.id not in guild.members:
            raise ValueError(f"{invoker.username} is not a member of {guild.name}")
        member = world.member_payload(guild, invoker.id)
        computed = world.permissions(guild, invoker.id, channel)
        member["permissions"] = str(computed if permissions is None else permissions)
        payload.update(
            guild_id=str(guild.id),
            guild_locale=guild.locale,
            guild={"id": str(guild.id), "locale": guild.locale, "features": []},
            member=member,
            context=0,
            authorizing_integration_owners={"0": str(guild.id)},
            app_permissions=str(world.permissions(guild, world.bot.id, channel)),
        )
    else:
        payload.update(
            user=invoker.payload(),
            context=1,
            authorizing_integration_owners={"0": str(invoker.id)},
            app_permissions=str(DEFAULT_EVERYONE_PERMISSIONS),
        )
    if message is not None:
        payload["message"] = message
    record = InteractionRecord(
        interaction_id, payload["token"], kind, channel.id, channel.guild_id, invoker.id, payload
    )
    world.interactions[interaction_id] = record
    return record


def _option_spec(schema: list[JSON], name: str, command: Command) -> JSON:
    for spec in schema:
        if spec["name"] == name:
            return spec
    known = [s["name"] for s in schema]
    raise ValueError(f"command {command.name!r} has no option {name!r}; it has {known}")


def _option_value(
    world: World, kind: int, value: Any, resolved: JSON, channel: Channel, user_id: int
) -> Any:
    """The option's wire value; users, channels and roles also go into ``resolved``."""
    if kind not in (USER, CHANNEL, ROLE, MENTIONABLE):
        return value
    target, key = sid(value), str(sid(value))
    guild = world.guild_of(channel)
    if kind == CHANNEL:
        found = world.channel(target)
        if found is None:
            raise KeyError(f"unknown channel {target}")
        found_guild = world.guild_of(found)
        entry = world.channel_payload(found)
        entry["name"] = found.name
        entry["permissions"] = str(  # the invoker's permissions there, as on Discord
            world.permissions(found_guild, user_id, found) if found_guild else 0
        )
        resolved.setdefault("channels", {})[key] = entry
    elif guild is not None and target in guild.roles:
        resolved.setdefault("roles", {})[key] = guild.roles[target].payload()
    elif target in world.users:
        resolved.setdefault("users", {})[key] = world.users[target].payload()
        if guild is not None and target in guild.members:
            member = world.member_payload(guild, target, with_user=False)
            member["permissions"] = str(world.permissions(guild, target, channel))
            resolved.setdefault("members", {})[key] = member
    else:
        raise KeyError(f"option value {target} is no known user, role or channel")
    return key
