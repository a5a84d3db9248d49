"""The REST API routes discord.py calls, behind recording, faults, rate limits and auth."""

from __future__ import annotations

import re
import time
from collections.abc import Awaitable, Callable
from typing import Any

from aiohttp import web

from .config import EmulatorConfig
from .faults import RestFaults
from .gateway import Gateway
from .http_util import (
    DATA_KEY,
    RECORD_KEY,
    ApiError,
    Fault,
    GlobalRateLimit,
    RecordedRequest,
    json_response,
    no_content,
    read_record,
    too_many_requests,
    unknown_channel,
    unknown_message,
)
from .state import (
    JSON,
    Channel,
    Command,
    InteractionRecord,
    MessageFlag,
    Perm,
    World,
    mentioned_ids,
    now_iso,
)
from .waiting import Waiters

Handler = Callable[[web.Request], Awaitable[web.StreamResponse]]

# Routes Discord does not authenticate with the bot token nor count against the global limit.
_TOKENLESS = re.compile(r"/(interactions|webhooks)/.*|/gateway")
_UNKNOWN_REFERENCE = {
    "message_reference": {
        "_errors": [{"code": "MESSAGE_REFERENCE_UNKNOWN_MESSAGE", "message": "Unknown message"}]
    }
}
#: How long Discord remembers a message nonce sent with ``enforce_nonce`` (a few minutes).
NONCE_WINDOW = 300.0
# Interaction callback types.
_MESSAGE, _DEFERRED_MESSAGE, _UPDATE_MESSAGE = 4, 5, 7


def _may_mention(allowed: JSON | None, kind: str, target: int | None = None) -> bool:
    """Whether ``allowed_mentions`` lets a message mention ``target`` of ``kind``."""
    if allowed is None:
        return True
    listed = {str(i) for i in allowed.get(kind, [])} if kind != "everyone" else set()
    return kind in allowed.get("parse", []) or str(target) in listed


class RestApi:
    """Serves ``/api/v10/...`` for the real discord.py client."""

    def __init__(
        self, world: World, gateway: Gateway, config: EmulatorConfig, waiters: Waiters
    ) -> None:
        self.world = world
        self.gateway = gateway
        self.config = config
        self._waiters = waiters
        self.prefix = "/api/v10"
        self.public_base = ""  # http://127.0.0.1:PORT, set once the port is known
        self.requests: list[RecordedRequest] = []
        self.faults: list[Fault] = []
        self.global_limit: GlobalRateLimit | None = None
        self.rate_limited_count = 0
        self.max_concurrency = 1  # GET /gateway/bot's session_start_limit.max_concurrency
        self.nonce_window = NONCE_WINDOW
        self.nonces: dict[tuple[int, str], tuple[float, int]] = {}
        """(channel, nonce) -> (when, message id) of creates sent with ``enforce_nonce``."""
        self.nonce_repeats = 0
        """Creates answered with the earlier message of the same nonce (nothing posted)."""
        self.timed = RestFaults()
        """Time-bounded faults (error bursts, slow routes, global 429 windows)."""

    # -- wiring --------------------------------------------------------------------------

    def register(self, app: web.Application) -> None:
        """Add every route (and the recording 404 catch-all) to ``app``."""
        message = "/channels/{channel_id}/messages/{message_id}"
        webhook_message = "/webhooks/{app_id}/{token}/messages/{message_id}"
        routes: list[tuple[str, str, Handler]] = [
            ("GET", "/users/@me", self.get_me),
            ("POST", "/users/@me/channels", self.create_dm),
            ("DELETE", "/users/@me/guilds/{guild_id}", self.leave_guild),
            ("GET", "/users/{user_id}", self.get_user),
            ("GET", "/oauth2/applications/@me", self.get_application),
            ("GET", "/applications/@me", self.get_application),
            ("GET", "/gateway", self.get_gateway),
            ("GET", "/gateway/bot", self.get_gateway),
            ("GET", "/guilds/{guild_id}", self.get_guild),
            ("GET", "/guilds/{guild_id}/members/{user_id}", self.get_member),
            ("GET", "/channels/{channel_id}", self.get_channel),
            ("POST", "/channels/{channel_id}/typing", self.typing),
            ("GET", "/channels/{channel_id}/messages", self.list_messages),
            ("POST", "/channels/{channel_id}/messages", self.create_message),
            ("GET", message, self.get_message),
            ("PATCH", message, self.edit_message),
            ("DELETE", message, self.delete_message),
            ("PUT", message + "/reactions/{emoji}/@me", self.react),
            ("DELETE", message + "/reactions/{emoji}/@me", self.react),
            ("GET", "/applications/{app_id}/commands", self.get_commands),
            ("PUT", "/applications/{app_id}/commands", self.put_commands),
            ("GET", "/applications/{app_id}/guilds/{guild_id}/commands", self.get_commands),
            ("PUT", "/applications/{app_id}/guilds/{guild_id}/commands", self.put_commands),
            ("POST", "/interactions/{interaction_id}/{token}/callback", self.callback),
            ("POST", "/webhooks/{app_id}/{token}", self.followup),
            ("GET", webhook_message, self.get_webhook_message),
            ("PATCH", webhook_message, self.edit_webhook_message),
            ("DELETE", webhook_message, self.delete_webhook_message),
        ]
        for method, path, handler in routes:
            app.router.add_route(method, self.prefix + path, handler)
        app.router.add_route("*", self.prefix + "/{tail:.*}", self.unknown)

    @web.middleware
    async def middleware(self, request: web.Request, handler: Handler) -> web.StreamResponse:
        """Record the request; answer with a fault, a 429 or a 401, else route it."""
        if not request.path.startswith(self.prefix + "/"):
            return await handler(request)
        path = request.path[len(self.prefix) :]
        record = await read_record(request, len(self.requests), path)
        request[RECORD_KEY] = record
        await self.timed.slow_down(record)
        burst = self.timed.burst_for(record)
        if burst is not None and not burst.after_processing:
            response: web.StreamResponse | None = burst.response()
        else:
            response = self._refusal(record)
        if response is None:
            try:
                response = await handler(request)
            except ApiError as exc:
                response = exc.response()
            if burst is not None:  # took effect, then failed
                response = burst.response()
        record.status = response.status
        record.response = response.get(DATA_KEY)
        self.requests.append(record)
        self._waiters.notify()
        return response

    def _refusal(self, record: RecordedRequest) -> web.StreamResponse | None:
        """An injected fault, a global 429 or a 401 for ``record``, if any applies."""
        for fault in self.faults:
            if fault.matches(record):
                fault.times -= 1
                if fault.times <= 0:
                    self.faults.remove(fault)
                self.rate_limited_count += fault.status == 429
                return fault.response(record)
        tokenless = bool(_TOKENLESS.fullmatch(record.path))
        window = self.timed.global_limit_for(record, counted=not tokenless)
        if window is not None:
            self.rate_limited_count += 1
            return window.response(record)
        if self.global_limit is not None and not tokenless:
            retry_after = self.global_limit.retry_after()
            if retry_after is not None:
                self.rate_limited_count += 1
                return too_many_requests(record, retry_after, global_=True)
        authorized = record.headers.get("Authorization") == f"Bot {self.config.valid_token}"
        if not tokenless and not authorized:
            return ApiError(401, 0, "401: Unauthorized").response()
        return None

    # -- helpers -------------------------------------------------------------------------

    @staticmethod
    def _body(request: web.Request) -> Any:
        return request[RECORD_KEY].json or {}

    @staticmethod
    def _id(request: web.Request, name: str) -> int:
        try:
            return int(request.match_info[name])
        except ValueError:
            return -1

    def _channel(self, request: web.Request) -> Channel:
        channel = self.world.channel(self._id(request, "channel_id"))
        if channel is None:
            raise unknown_channel()
        return channel

    def _message(self, request: web.Request) -> tuple[Channel, JSON]:
        channel = self._channel(request)
        message = self.world.messages.get(self._id(request, "message_id"))
        if message is None or message["channel_id"] != str(channel.id):
            raise unknown_message()
        return channel, message

    def _new_message(
        self,
        channel: Channel,
        body: JSON,
        request: web.Request,
        *,
        type_: int | None = None,
        extra: JSON | None = None,
    ) -> JSON:
        """Store a message by the bot built from a create-message style ``body``."""
        content = str(body.get("content") or "")
        allowed: JSON | None = body.get("allowed_mentions")
        users, roles = mentioned_ids(content)
        users = [u for u in users if _may_mention(allowed, "users", u)]
        roles = [r for r in roles if _may_mention(allowed, "roles", r)]
        reference = body.get("message_reference") or {}
        reference_id = int(reference["message_id"]) if reference.get("message_id") else None
        if reference_id is not None:
            referenced = self.world.messages.get(reference_id)
            if referenced is None:
                if reference.get("fail_if_not_exists", True):
                    raise ApiError(400, 50035, "Invalid Form Body", errors=_UNKNOWN_REFERENCE)
                reference_id = None
            elif allowed is None or allowed.get("replied_user", False):
                users.append(int(referenced["author"]["id"]))
        everyone = "@everyone" in content or "@here" in content
        return self.world.message_payload(
            channel,
            self.world.bot,
            content,
            mentions=users,
            mention_roles=roles,
            mention_everyone=everyone and _may_mention(allowed, "everyone"),
            embeds=body.get("embeds") or ([body["embed"]] if body.get("embed") else []),
            components=body.get("components"),
            attachments=self._attachments(body, request),
            reference_id=reference_id,
            type_=type_,
            flags=int(body.get("flags") or 0),
            nonce=body.get("nonce"),
            extra=extra,
        )

    def _attachments(self, body: JSON, request: web.Request) -> list[JSON]:
        uploads = {f.field: f for f in request[RECORD_KEY].files}
        result = []
        for index, meta in enumerate(body.get("attachments") or []):
            upload = uploads.get(f"files[{meta.get('id', index)}]")
            attachment_id = self.world.snowflake()
            filename = meta.get("filename") or (upload.filename if upload else "file")
            url = f"{self.public_base}/attachments/{attachment_id}/{filename}"
            result.append(
                {
                    "id": str(attachment_id),
                    "filename": filename,
                    "url": url,
                    "proxy_url": url,
                    "size": len(upload.content) if upload else 0,
                    "description": meta.get("description"),
                }
            )
        return result

    @staticmethod
    def _apply_edit(message: JSON, body: JSON) -> JSON:
        for key in ("content", "embeds", "components", "attachments"):
            if body.get(key) is not None:
                message[key] = body[key]
        if body.get("flags") is not None:
            message["flags"] = int(body["flags"]) | (message["flags"] & MessageFlag.EPHEMERAL)
        message["flags"] &= ~MessageFlag.LOADING
        message["edited_timestamp"] = now_iso()
        return message

    async def _echo(self, event: str, message: JSON) -> None:
        """Tell the bot about its own (non-ephemeral) message, as Discord does."""
        if self.config.echo_bot_messages and not message["flags"] & MessageFlag.EPHEMERAL:
            if event == "MESSAGE_DELETE":
                keys = ("id", "channel_id", "guild_id")
                message = {k: message[k] for k in keys if k in message}
            await self.gateway.deliver_message(event, message)

    # -- users, application, gateway, guilds ---------------------------------------------

    async def get_me(self, request: web.Request) -> web.Response:
        return json_response({**self.world.bot.payload(), "verified": True, "mfa_enabled": False})

    async def get_user(self, request: web.Request) -> web.Response:
        user = self.world.users.get(self._id(request, "user_id"))
        if user is None:
            raise ApiError(404, 10013, "Unknown User")
        return json_response(user.payload())

    async def get_application(self, request: web.Request) -> web.Response:
        bot = self.world.bot
        owner = self.world.users.get(self.world.owner_id or bot.id, bot)
        return json_response(
            {
                "id": str(self.world.application_id),
                "name": bot.username,
                "icon": None,
                "description": "",
                "summary": "",
                "bot_public": True,
                "bot_require_code_grant": False,
                "verify_key": "0" * 64,
                "flags": 0,
                "owner": owner.payload(),
                "team": None,
                "bot": bot.payload(),
            }
        )

    async def get_gateway(self, request: web.Request) -> web.Response:
        data: JSON = {"url": self.gateway.url}
        if request.path.endswith("/bot"):
            limit = {
                "total": 1000,
                "remaining": 999,
                "reset_after": 0,
                "max_concurrency": self.max_concurrency,
            }
            data.update(shards=1, session_start_limit=limit)
        return json_response(data)

    async def get_guild(self, request: web.Request) -> web.Response:
        guild = self.world.guilds.get(self._id(request, "guild_id"))
        if guild is None:
            raise ApiError(404, 10004, "Unknown Guild")
        data = self.world.guild_payload(guild)
        for key in ("members", "channels", "voice_states", "presences", "threads"):
            data.pop(key)
        return json_response(data)

    async def get_member(self, request: web.Request) -> web.Response:
        guild = self.world.guilds.get(self._id(request, "guild_id"))
        if guild is None:
            raise ApiError(404, 10004, "Unknown Guild")
        user_id = self._id(request, "user_id")
        if user_id not in guild.members:
            raise ApiError(404, 10007, "Unknown Member")
        return json_response(self.world.member_payload(guild, user_id))

    async def leave_guild(self, request: web.Request) -> web.Response:
        guild = self.world.guilds.pop(self._id(request, "guild_id"), None)
        if guild is None:
            raise ApiError(404, 10004, "Unknown Guild")
        if self.gateway.current is not None:
            await self.gateway.dispatch("GUILD_DELETE", {"id": str(guild.id)})
        return no_content()

    async def create_dm(self, request: web.Request) -> web.Response:
        try:
            channel = self.world.dm_channel(int(self._body(request)["recipient_id"]))
        except (KeyError, TypeError, ValueError):
            raise ApiError(400, 50033, "Invalid Recipient(s)") from None
        return json_response(self.world.channel_payload(channel))

    # -- channels and messages -----------------------------------------------------------

    async def get_channel(self, request: web.Request) -> web.Response:
        return json_response(self.world.channel_payload(self._channel(request)))

    async def typing(self, request: web.Request) -> web.Response:
        self._channel(request)
        return no_content()

    async def list_messages(self, request: web.Request) -> web.Response:
        channel_id = str(self._channel(request).id)
        limit = int(request.query.get("limit", 50))
        found = [m for m in self.world.messages.values() if m["channel_id"] == channel_id]
        return json_response(found[::-1][:limit])

    async def create_message(self, request: web.Request) -> web.Response:
        channel = self._channel(request)
        guild = self.world.guild_of(channel)
        if guild is not None:
            permissions = self.world.permissions(guild, self.world.bot.id, channel)
            if not permissions & Perm.VIEW_CHANNEL:
                raise ApiError(403, 50001, "Missing Access")
            if not permissions & Perm.SEND_MESSAGES:
                raise ApiError(403, 50013, "Missing Permissions")
        elif set(channel.recipient_ids) & self.world.dm_blocked:
            raise ApiError(403, 50007, "Cannot send messages to this user")
        body = self._body(request)
        nonce = body.get("nonce")
        enforced = bool(body.get("enforce_nonce")) and nonce is not None
        if enforced:
            seen = self.nonces.get((channel.id, str(nonce)))
            if seen is not None and time.monotonic() - seen[0] < self.nonce_window:
                earlier = self.world.messages.get(seen[1])
                if earlier is not None:  # Discord returns the first message, posts nothing
                    self.nonce_repeats += 1
                    return json_response(earlier)
        message = self._new_message(channel, body, request)
        if enforced:
            self.nonces[(channel.id, str(nonce))] = (time.monotonic(), int(message["id"]))
        await self._echo("MESSAGE_CREATE", message)
        return json_response(message)

    async def get_message(self, request: web.Request) -> web.Response:
        return json_response(self._message(request)[1])

    async def edit_message(self, request: web.Request) -> web.Response:
        _, message = self._message(request)
        if message["author"]["id"] != str(self.world.bot.id):
            raise ApiError(403, 50005, "Cannot edit a message authored by another user")
        self._apply_edit(message, self._body(request))
        await self._echo("MESSAGE_UPDATE", message)
        return json_response(message)

    async def delete_message(self, request: web.Request) -> web.Response:
        channel, message = self._message(request)
        guild = self.world.guild_of(channel)
        own = message["author"]["id"] == str(self.world.bot.id)
        may_manage = guild is None or bool(
            self.world.permissions(guild, self.world.bot.id, channel) & Perm.MANAGE_MESSAGES
        )
        if not (own or may_manage):
            raise ApiError(403, 50013, "Missing Permissions")
        del self.world.messages[int(message["id"])]
        await self._echo("MESSAGE_DELETE", message)
        return no_content()

    async def react(self, request: web.Request) -> web.Response:
        self._message(request)
        return no_content()

    # -- application commands ------------------------------------------------------------

    def _command_scope(self, request: web.Request) -> int | None:
        """The guild id of a guild-command route, None for global commands."""
        if self._id(request, "app_id") != self.world.application_id:
            raise ApiError(403, 50001, "Missing Access")
        if "guild_id" not in request.match_info:
            return None
        guild_id = self._id(request, "guild_id")
        if guild_id not in self.world.guilds:
            raise ApiError(403, 50001, "Missing Access")
        return guild_id

    async def get_commands(self, request: web.Request) -> web.Response:
        scope = self._command_scope(request)
        commands = self.world.commands.values()
        return json_response([c.payload for c in commands if c.guild_id == scope])

    async def put_commands(self, request: web.Request) -> web.Response:
        """Bulk overwrite: ids are kept for commands whose (name, type) already existed."""
        scope = self._command_scope(request)
        previous = {
            (c.name, c.type): c for c in self.world.commands.values() if c.guild_id == scope
        }
        for command in previous.values():
            del self.world.commands[command.id]
        result = []
        for sent in self._body(request) or []:
            kind = int(sent.get("type", 1))
            old = previous.get((sent["name"], kind))
            command_id = old.id if old else self.world.snowflake()
            payload: JSON = {
                "description": "",
                "options": [],
                "default_member_permissions": None,
                "nsfw": False,
                "integration_types": [0],
                "contexts": None,
                **sent,
                "id": str(command_id),
                "application_id": str(self.world.application_id),
                "version": str(self.world.snowflake()),
                "type": kind,
            }
            if scope is not None:
                payload["guild_id"] = str(scope)
            self.world.commands[command_id] = Command(command_id, scope, payload)
            result.append(payload)
        return json_response(result)

    # -- interactions and their webhooks -------------------------------------------------

    def _interaction_message(
        self, record: InteractionRecord, body: JSON, request: web.Request, *, flags: int = 0
    ) -> JSON:
        """A response or followup message to ``record``, authored by the bot."""
        channel = self.world.channel(record.channel_id)
        if channel is None:
            raise unknown_channel()
        metadata = {
            "id": str(record.id),
            "type": record.type,
            "user": self.world.users[record.user_id].payload(),
            "authorizing_integration_owners": record.payload["authorizing_integration_owners"],
        }
        app_id = str(self.world.application_id)
        extra = {"webhook_id": app_id, "application_id": app_id, "interaction_metadata": metadata}
        body = {**body, "flags": int(body.get("flags") or 0) | flags}
        return self._new_message(
            channel, body, request, type_=20 if record.type == 2 else 0, extra=extra
        )

    async def callback(self, request: web.Request) -> web.Response:
        """The initial response; a second one gets 400 code 40060, as on Discord."""
        record = self.world.interactions.get(self._id(request, "interaction_id"))
        if record is None or record.token != request.match_info["token"]:
            raise ApiError(404, 10062, "Unknown interaction")
        if record.responded:
            raise ApiError(400, 40060, "Interaction has already been acknowledged.")
        body: JSON = self._body(request)
        kind, data = int(body.get("type", 0)), body.get("data") or {}
        record.callbacks.append(body)
        message: JSON | None = None
        if kind in (_MESSAGE, _DEFERRED_MESSAGE):
            content = data if kind == _MESSAGE else {"flags": data.get("flags")}
            loading = MessageFlag.LOADING if kind == _DEFERRED_MESSAGE else 0
            message = self._interaction_message(record, content, request, flags=loading)
            await self._echo("MESSAGE_CREATE", message)
        elif kind == _UPDATE_MESSAGE and "message" in record.payload:
            message = self.world.messages.get(int(record.payload["message"]["id"]))
            if message is not None:
                await self._echo("MESSAGE_UPDATE", self._apply_edit(message, data))
        interaction: JSON = {
            "id": str(record.id),
            "type": record.type,
            "response_message_loading": kind == _DEFERRED_MESSAGE,
            "response_message_ephemeral": bool(int(data.get("flags") or 0) & MessageFlag.EPHEMERAL),
        }
        resource: JSON = {"type": kind}
        if message is not None:
            record.original_message_id = int(message["id"])
            interaction["response_message_id"] = message["id"]
            resource["message"] = message
        self._waiters.notify()
        if request.query.get("with_response") not in ("1", "true", "True"):
            return no_content()
        return json_response({"interaction": interaction, "resource": resource})

    def _webhook_interaction(self, request: web.Request) -> InteractionRecord:
        record = self.world.interaction_by_token(request.match_info["token"])
        if record is None or self._id(request, "app_id") != self.world.application_id:
            raise ApiError(404, 10015, "Unknown Webhook")
        return record

    def _webhook_message(self, request: web.Request) -> JSON:
        """The interaction's original response or one of its followups."""
        record = self._webhook_interaction(request)
        raw = request.match_info["message_id"]
        message_id = (
            record.original_message_id if raw == "@original" else self._id(request, "message_id")
        )
        message = self.world.messages.get(message_id or -1)
        if message is None or message_id not in (record.original_message_id, *record.followup_ids):
            raise unknown_message()
        return message

    async def followup(self, request: web.Request) -> web.Response:
        record = self._webhook_interaction(request)
        if not record.responded:  # Discord: no followups before the initial response
            raise ApiError(404, 10015, "Unknown Webhook")
        message = self._interaction_message(record, self._body(request), request)
        record.followup_ids.append(int(message["id"]))
        await self._echo("MESSAGE_CREATE", message)
        self._waiters.notify()
        wait = request.query.get("wait", "false").lower() in ("1", "true")
        return json_response(message) if wait else no_content()

    async def get_webhook_message(self, request: web.Request) -> web.Response:
        return json_response(self._webhook_message(request))

    async def edit_webhook_message(self, request: web.Request) -> web.Response:
        message = self._apply_edit(self._webhook_message(request), self._body(request))
        await self._echo("MESSAGE_UPDATE", message)
        return json_response(message)

    async def delete_webhook_message(self, request: web.Request) -> web.Response:
        message = self._webhook_message(request)
        del self.world.messages[int(message["id"])]
        await self._echo("MESSAGE_DELETE", message)
        return no_content()

    async def unknown(self, request: web.Request) -> web.Response:
        """Catch-all: recorded like every call, answered 404 so surprises are visible."""
        raise ApiError(404, 0, "Unknown")
