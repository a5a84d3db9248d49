"""The :class:`DiscordEmulator` facade: lifecycle, world builders, event injection, waiting."""

from __future__ import annotations

import dataclasses
import re
import socket
from collections.abc import Callable, Iterable, Mapping, Sequence
from types import TracebackType
from typing import Any, Self, TypeVar

from aiohttp import web

from .config import EmulatorConfig
from .faults import ErrorBurst, GlobalLimit, SlowRoute
from .gateway import Dispatched, Gateway
from .http_util import Fault, GlobalRateLimit, RecordedRequest
from .interactions import (
    APPLICATION_COMMAND,
    AUTOCOMPLETE,
    MESSAGE_COMPONENT,
    Options,
    command_data,
    new_interaction,
)
from .rest import RestApi
from .state import (
    DEFAULT_EVERYONE_PERMISSIONS,
    JSON,
    Channel,
    Guild,
    InteractionRecord,
    Member,
    Role,
    Snowflakeish,
    User,
    World,
    mentioned_ids,
    sid,
)
from .waiting import Waiters

T = TypeVar("T")


class DiscordEmulator:
    """A local Discord (gateway + REST) for the real discord.py client.

    Use ``async with DiscordEmulator() as emu:``; point discord.py at ``emu.rest_base`` and
    ``emu.gateway_url`` (see :func:`point_discord_py_at`); log in with ``emu.valid_token``.
    """

    def __init__(
        self,
        *,
        valid_token: str = "emulator-bot-token",
        bot_name: str = "Wickbot",
        message_content_allowed: bool = True,
        members_intent_allowed: bool = True,
        presence_intent_allowed: bool = True,
        heartbeat_interval_ms: int = 1000,
        echo_bot_messages: bool = True,
    ) -> None:
        self.config = EmulatorConfig(
            valid_token=valid_token,
            message_content_allowed=message_content_allowed,
            members_intent_allowed=members_intent_allowed,
            presence_intent_allowed=presence_intent_allowed,
            heartbeat_interval_ms=heartbeat_interval_ms,
            echo_bot_messages=echo_bot_messages,
        )
        self.world = World(bot_name=bot_name)
        self._waiters = Waiters()
        self.gateway = Gateway(self.world, self.config, self._waiters)
        self.rest = RestApi(self.world, self.gateway, self.config, self._waiters)
        self.tester: User = self.world.add_user("tester")
        """The default (non-bot) user who sends messages and invokes commands."""
        self.port = 0
        self._runner: web.AppRunner | None = None

    # -- lifecycle -----------------------------------------------------------------------

    async def start(self) -> None:
        """Bind 127.0.0.1 on a free port and start serving."""
        app = web.Application(middlewares=[self.rest.middleware])
        app.router.add_get("/gateway", self.gateway.handle)
        app.router.add_get("/resume", self.gateway.handle)
        self.rest.register(app)
        sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        sock.bind(("127.0.0.1", 0))
        self.port = sock.getsockname()[1]
        self._runner = web.AppRunner(app, handle_signals=False, access_log=None)
        await self._runner.setup()
        await web.SockSite(self._runner, sock).start()
        self.gateway.url = self.gateway_url
        self.gateway.resume_url = f"ws://127.0.0.1:{self.port}/resume"
        self.rest.public_base = self.base_url

    async def stop(self) -> None:
        """Close every socket and stop the server."""
        await self.gateway.close_all()
        if self._runner is not None:
            await self._runner.cleanup()
            self._runner = None

    async def __aenter__(self) -> Self:
        await self.start()
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        await self.stop()

    # -- addresses and identity ----------------------------------------------------------

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    @property
    def rest_base(self) -> str:
        """Value for ``discord.http.Route.BASE`` / DISCORD_API_BASE."""
        return f"{self.base_url}{self.rest.prefix}"

    @property
    def gateway_url(self) -> str:
        """Value for ``DiscordWebSocket.DEFAULT_GATEWAY`` / DISCORD_GATEWAY_URL."""
        return f"ws://127.0.0.1:{self.port}/gateway"

    @property
    def valid_token(self) -> str:
        return self.config.valid_token

    @property
    def bot(self) -> User:
        """The bot's own user (its id is also the application id)."""
        return self.world.bot

    @property
    def application_id(self) -> int:
        return self.world.application_id

    @property
    def application_owner_id(self) -> int | None:
        """Owner reported by ``GET /oauth2/applications/@me`` (None: the bot itself)."""
        return self.world.owner_id

    @application_owner_id.setter
    def application_owner_id(self, user_id: int | None) -> None:
        self.world.owner_id = user_id

    @property
    def intents(self) -> int | None:
        """Intents the client IDENTIFYed with (None before IDENTIFY)."""
        return self.gateway.intents

    @property
    def requests(self) -> list[RecordedRequest]:
        """Every REST call received, in order of completion."""
        return self.rest.requests

    @property
    def interactions(self) -> dict[int, InteractionRecord]:
        return self.world.interactions

    # -- world builders (state only; use the dispatch_* methods to tell a connected bot) --

    def add_user(self, username: str, *, bot: bool = False) -> User:
        return self.world.add_user(username, bot=bot)

    def add_guild(
        self,
        name: str = "Test Guild",
        *,
        channels: Sequence[str] = ("general",),
        members: Iterable[Snowflakeish] | None = None,
        owner_id: int | None = None,
        roles: Mapping[str, int] | None = None,
        everyone_permissions: int = DEFAULT_EVERYONE_PERMISSIONS,
        bot_permissions: int = 0,
        locale: str = "en-US",
    ) -> Guild:
        """Create a guild with text ``channels``; the bot and the owner are always members.

        ``members`` defaults to ``[tester]``; ``owner_id`` defaults to a new user (so the
        tester has no implicit owner permissions); ``roles`` maps role name to permissions.
        """
        member_ids = [self.tester.id] if members is None else [sid(m) for m in members]
        return self.world.add_guild(
            name,
            channels=channels,
            members=member_ids,
            owner_id=owner_id,
            roles=roles or {},
            everyone_permissions=everyone_permissions,
            bot_permissions=bot_permissions,
            locale=locale,
        )

    def add_channel(self, guild_id: int, name: str, **options: Any) -> Channel:
        """Add a text channel (options: ``topic``, ``overwrites``, ``type_``)."""
        return self.world.add_channel(self.world.guilds[guild_id], name, **options)

    def add_role(self, guild_id: int, name: str, permissions: int) -> Role:
        return self.world.add_role(self.world.guilds[guild_id], name, permissions)

    def add_member(
        self,
        guild_id: int,
        user: Snowflakeish,
        *,
        roles: Iterable[int] = (),
        nick: str | None = None,
    ) -> Member:
        return self.world.add_member(self.world.guilds[guild_id], sid(user), roles=roles, nick=nick)

    def dm_channel(self, user: Snowflakeish) -> Channel:
        """The DM channel between the bot and ``user`` (created on first use)."""
        return self.world.dm_channel(sid(user))

    def block_dms(self, user: Snowflakeish) -> None:
        """Make the bot's messages to ``user``'s DM fail with 403 code 50007."""
        self.world.dm_blocked.add(sid(user))

    # -- gateway events ------------------------------------------------------------------

    async def dispatch(self, event: str, data: Any) -> int:
        """Send any dispatch event; returns its sequence number."""
        return await self.gateway.dispatch(event, data)

    async def dispatch_guild_create(self, guild_id: int) -> None:
        """Tell a connected bot about a guild added after READY (a guild join)."""
        await self.dispatch("GUILD_CREATE", self.world.guild_payload(self.world.guilds[guild_id]))

    async def dispatch_channel_create(self, channel_id: int) -> None:
        await self.dispatch("CHANNEL_CREATE", self.world.channel_payload(self._channel(channel_id)))

    async def dispatch_channel_update(self, channel_id: int) -> None:
        """Re-announce a channel after mutating it (e.g. its ``overwrites``)."""
        await self.dispatch("CHANNEL_UPDATE", self.world.channel_payload(self._channel(channel_id)))

    async def delete_channel(self, channel_id: int) -> None:
        """Delete a channel: later REST calls on it get 404 code 10003; CHANNEL_DELETE is sent."""
        channel = self.world.remove_channel(channel_id)
        if channel is None:
            raise KeyError(f"unknown channel {channel_id}")
        if self.gateway.current is not None:
            await self.dispatch("CHANNEL_DELETE", self.world.channel_payload(channel))

    async def send_message(
        self,
        channel_id: int,
        content: str = "",
        *,
        author: Snowflakeish | None = None,
        mentions: Iterable[Snowflakeish] = (),
        message_reference: int | JSON | None = None,
        webhook_id: int | None = None,
        bot_author: bool = False,
        reply_ping: bool = True,
        embeds: list[JSON] | None = None,
        attachments: list[JSON] | None = None,
    ) -> JSON:
        """Dispatch MESSAGE_CREATE as if a user wrote ``content``; returns the full message.

        ``author`` defaults to :attr:`tester`. ``<@id>``/``<@&id>`` in ``content`` count as
        mentions, as do ``mentions``; replying (``message_reference``: a message id or dict)
        pings the replied-to author unless ``reply_ping=False``. What the bot receives follows
        Discord's intent rules (see :meth:`Gateway.deliver_message`).
        """
        channel = self._channel(channel_id)
        self._require_session()
        user = self.tester if author is None else self.world.users[sid(author)]
        if bot_author:
            user = dataclasses.replace(user, bot=True)
        if webhook_id is not None:
            user = User(webhook_id, user.username if author else "Captain Hook", bot=True)
        user_ids, role_ids = mentioned_ids(content)
        user_ids += [sid(m) for m in mentions]
        reference_id = _reference_id(message_reference)
        referenced = self.world.messages.get(reference_id or -1)
        if referenced is not None and reply_ping:
            user_ids.append(int(referenced["author"]["id"]))
        message = self.world.message_payload(
            channel,
            user,
            content,
            mentions=user_ids,
            mention_roles=role_ids,
            mention_everyone="@everyone" in content or "@here" in content,
            embeds=embeds,
            attachments=attachments,
            reference_id=reference_id,
            webhook_id=webhook_id,
        )
        await self.gateway.deliver_message("MESSAGE_CREATE", message)
        return message

    async def send_interaction(
        self,
        command: str,
        *,
        channel_id: int,
        options: Options | None = None,
        user: Snowflakeish | None = None,
        locale: str = "en-US",
        permissions: int | None = None,
        resolved: JSON | None = None,
    ) -> JSON:
        """Invoke the synced slash command ``command`` (``"group sub"`` for subcommands).

        ``options`` maps option names to values, typed by the schema the bot synced; users,
        channels and roles may be ids or models and are added to ``data.resolved``. A raw
        option list (plus ``resolved``) is sent verbatim. ``permissions`` overrides the
        member's computed permissions. Returns the INTERACTION_CREATE payload.
        """
        channel, invoker = self._channel(channel_id), self._user(user)
        data = command_data(self.world, command, channel, invoker.id, options, resolved=resolved)
        return await self._send_interaction(
            APPLICATION_COMMAND, channel, invoker, data, locale, permissions
        )

    async def send_autocomplete(
        self,
        command: str,
        focused: str,
        *,
        channel_id: int,
        options: Mapping[str, Any] | None = None,
        user: Snowflakeish | None = None,
        locale: str = "en-US",
    ) -> JSON:
        """Send an autocomplete interaction; ``options[focused]`` is the partial input."""
        channel, invoker = self._channel(channel_id), self._user(user)
        values = {focused: "", **(options or {})}
        data = command_data(self.world, command, channel, invoker.id, values, focused=focused)
        return await self._send_interaction(AUTOCOMPLETE, channel, invoker, data, locale, None)

    async def send_component(
        self,
        message: int | JSON,
        custom_id: str,
        *,
        user: Snowflakeish | None = None,
        component_type: int = 2,
        values: list[str] | None = None,
        locale: str = "en-US",
    ) -> JSON:
        """Click a button (``component_type`` 2) or pick select ``values`` on a stored message."""
        message_id = int(message["id"]) if isinstance(message, dict) else int(message)
        stored = self.world.messages[message_id]
        data: JSON = {"custom_id": custom_id, "component_type": component_type}
        if values is not None:
            data["values"] = values
        channel = self._channel(int(stored["channel_id"]))
        return await self._send_interaction(
            MESSAGE_COMPONENT, channel, self._user(user), data, locale, None, stored
        )

    async def _send_interaction(
        self,
        kind: int,
        channel: Channel,
        invoker: User,
        data: JSON,
        locale: str,
        permissions: int | None,
        message: JSON | None = None,
    ) -> JSON:
        self._require_session()
        record = new_interaction(
            self.world,
            kind,
            channel,
            invoker,
            data,
            locale=locale,
            permissions=permissions,
            message=message,
        )
        await self.dispatch("INTERACTION_CREATE", record.payload)
        return record.payload

    # -- REST inspection and fault injection ---------------------------------------------

    def mark(self) -> int:
        """Index to pass as ``after=`` to only see requests made from now on."""
        return len(self.rest.requests)

    def find_requests(
        self, method: str, path_regex: str, *, after: int = 0, status: int | None = None
    ) -> list[RecordedRequest]:
        """Recorded requests whose method matches and whose path fullmatches ``path_regex``."""
        pattern = re.compile(path_regex)
        return [
            r
            for r in self.rest.requests[after:]
            if r.method == method.upper()
            and pattern.fullmatch(r.path)
            and (status is None or r.status == status)
        ]

    async def wait_for_request(
        self,
        method: str,
        path_regex: str,
        *,
        after: int = 0,
        status: int | None = None,
        timeout: float = 5.0,
    ) -> RecordedRequest:
        """The first matching request at index >= ``after`` (already received or future)."""

        def probe() -> RecordedRequest | None:
            found = self.find_requests(method, path_regex, after=after, status=status)
            return found[0] if found else None

        return await self._waiters.wait(
            probe,
            timeout=timeout,
            what=f"{method} {path_regex} (status={status})",
            detail=self._recent_requests,
        )

    async def wait_for_interaction_response(
        self, interaction: int | JSON, *, timeout: float = 5.0
    ) -> JSON:
        """The body of the bot's first callback to ``interaction`` (payload or id)."""
        record = self.world.interactions[_interaction_id(interaction)]
        return await self._waiters.wait(
            lambda: record.callbacks[0] if record.callbacks else None,
            timeout=timeout,
            what=f"a callback to interaction {record.id}",
            detail=self._recent_requests,
        )

    def fail_next(
        self,
        method: str,
        path_regex: str,
        status: int = 429,
        *,
        retry_after: float = 0.05,
        global_: bool = False,
        times: int = 1,
        code: int | None = None,
        message: str | None = None,
    ) -> None:
        """Fail the next ``times`` matching requests (method ``"*"`` matches any).

        429 comes shaped like Discord's (body ``retry_after``/``global``, X-RateLimit-*
        headers, ``Via``) so discord.py sleeps and retries; 403 defaults to 50013 Missing
        Permissions, 404 to 10003 Unknown Channel, 500 to JSON and 502 to a text body.
        Note that discord.py sleeps 1 s (then 3, 5...) before retrying a 5xx.
        """
        pattern = re.compile(path_regex)
        self.rest.faults.append(
            Fault(method.upper(), pattern, status, times, retry_after, global_, code, message)
        )

    def set_global_rate_limit(self, limit: int | None, *, window: float = 1.0) -> None:
        """Answer 429 (global) beyond ``limit`` authenticated requests per ``window`` seconds.

        ``None`` lifts the limit. Interaction callbacks and webhooks are exempt, as on Discord.
        """
        self.rest.global_limit = None if limit is None else GlobalRateLimit(limit, window)

    def error_burst(
        self,
        seconds: float,
        statuses: tuple[int, ...] = (500, 502, 503),
        *,
        method: str = "*",
        path: str = ".*",
        after_processing: bool = False,
    ) -> ErrorBurst:
        """For ``seconds``, answer matching requests with ``statuses`` in turn (an outage).

        ``after_processing``: each request takes effect before it fails. Returns the burst
        (``.hits`` counts the failures; ``.end()`` stops it early).
        """
        return self.rest.timed.error_burst(
            seconds, statuses, method=method, path=path, after_processing=after_processing
        )

    def slow_route(
        self, method: str, path: str, delay: float, *, seconds: float = float("inf")
    ) -> SlowRoute:
        """Make matching requests take ``delay`` seconds each, for ``seconds``."""
        return self.rest.timed.slow_route(method, path, delay, seconds)

    def global_429(self, seconds: float, *, retry_after: float | None = None) -> GlobalLimit:
        """For ``seconds``, answer every rate-limited request with a global 429.

        ``retry_after`` defaults to the time left; interaction callbacks stay exempt.
        """
        return self.rest.timed.global_limit(seconds, retry_after)

    @property
    def rate_limited_count(self) -> int:
        """How many 429s the emulator has sent."""
        return self.rest.rate_limited_count

    # -- gateway control and waiting -----------------------------------------------------

    async def drop_gateway(self, *, code: int = 4000, abort: bool = False) -> None:
        """Close the gateway socket (``abort``: cut TCP without a close frame)."""
        await self.gateway.drop(code=code, abort=abort)

    async def send_reconnect(self) -> None:
        """Ask the client to reconnect (op 7); it closes and RESUMEs."""
        await self.gateway.send_reconnect()

    async def send_invalid_session(self, *, resumable: bool = False) -> None:
        """Send op 9 now; unless ``resumable``, the session is gone and the client IDENTIFYs."""
        await self.gateway.send_invalid_session(resumable=resumable)

    def refuse_resume(self, times: int = 1) -> None:
        """Answer the next ``times`` RESUMEs with op 9 (invalid session, d=false)."""
        self.gateway.refuse_resumes += times

    def refuse_gateway(self, times: int = 1) -> None:
        """Answer the next ``times`` gateway connection attempts with HTTP 503."""
        self.gateway.refuse_connections += times

    async def wait_for_connections(self, count: int, *, timeout: float = 5.0) -> None:
        """Wait until ``count`` gateway websockets have been opened in all."""
        await self._wait_count(
            lambda: len(self.gateway.connections), count, "gateway connection", timeout
        )

    def invalidate_sessions(self) -> None:
        """Make the next RESUME fail with op 9 (note: discord.py then waits 5 s to IDENTIFY)."""
        self.gateway.invalidate_sessions()

    async def wait_for_identify(self, count: int = 1, *, timeout: float = 5.0) -> None:
        await self._wait_count(lambda: self.gateway.identify_count, count, "IDENTIFY", timeout)

    async def wait_for_resumed(self, count: int = 1, *, timeout: float = 5.0) -> None:
        """Wait until ``count`` RESUMEs have succeeded (RESUMED sent)."""
        await self._wait_count(lambda: self.gateway.resumed_count, count, "RESUMED", timeout)

    async def wait_for_dispatch(
        self, event: str, *, after: int = 0, timeout: float = 5.0
    ) -> Dispatched:
        """The first ``event`` dispatch at index >= ``after`` in ``emu.gateway.dispatched``."""

        def probe() -> Dispatched | None:
            return next((d for d in self.gateway.dispatched[after:] if d.event == event), None)

        return await self._waiters.wait(probe, timeout=timeout, what=f"dispatch {event}")

    async def wait_until(
        self, probe: Callable[[], T | None], *, timeout: float = 5.0, what: str = "a condition"
    ) -> T:
        """``probe()`` as soon as it is not None (re-checked on every emulator event)."""
        return await self._waiters.wait(probe, timeout=timeout, what=what)

    async def _wait_count(
        self, value: Callable[[], int], count: int, what: str, timeout: float
    ) -> None:
        await self._waiters.wait(
            lambda: True if value() >= count else None,
            timeout=timeout,
            what=f"{count} x {what} (have {value()})",
        )

    # -- internals -----------------------------------------------------------------------

    def _channel(self, channel_id: int) -> Channel:
        channel = self.world.channel(channel_id)
        if channel is None:
            raise KeyError(f"unknown channel {channel_id}")
        return channel

    def _user(self, user: Snowflakeish | None) -> User:
        return self.tester if user is None else self.world.users[sid(user)]

    def _require_session(self) -> None:
        if self.gateway.current is None:
            raise RuntimeError("the bot has not connected to the emulator's gateway yet")

    def _recent_requests(self) -> str:
        recent = self.rest.requests[-15:]
        lines = [f"  #{r.index} {r.method} {r.path} -> {r.status}" for r in recent]
        return "recent requests:\n" + ("\n".join(lines) or "  (none)")


def _reference_id(reference: int | JSON | None) -> int | None:
    if reference is None:
        return None
    if isinstance(reference, dict):
        return int(reference.get("message_id") or reference["id"])
    return int(reference)


def _interaction_id(interaction: int | JSON) -> int:
    return int(interaction["id"]) if isinstance(interaction, dict) else int(interaction)
