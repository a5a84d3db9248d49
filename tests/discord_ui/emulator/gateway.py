"""The websocket gateway: HELLO/IDENTIFY/READY, heartbeats, dispatches and RESUME."""

from __future__ import annotations

import asyncio
import copy
import json
import time
import uuid
from dataclasses import dataclass, field
from typing import Any

from aiohttp import WSMsgType, web

from .config import EmulatorConfig
from .state import JSON, Intent, World
from .waiting import Waiters

# Gateway opcodes.
DISPATCH, HEARTBEAT, IDENTIFY, PRESENCE_UPDATE = 0, 1, 2, 3
RESUME, RECONNECT, REQUEST_MEMBERS, INVALID_SESSION = 6, 7, 8, 9
HELLO, HEARTBEAT_ACK = 10, 11

# Close codes discord.py treats as fatal.
AUTHENTICATION_FAILED = 4004
DISALLOWED_INTENTS = 4014

# Application flags advertising which privileged intents are enabled.
_PRESENCE_LIMITED, _MEMBERS_LIMITED, _CONTENT_LIMITED = 1 << 13, 1 << 15, 1 << 19


@dataclass
class GatewaySession:
    """One IDENTIFYed session: survives disconnects until RESUMEd or invalidated."""

    id: str
    token: str
    intents: int
    shard: list[int]
    ws: web.WebSocketResponse | None = None
    seq: int = 0
    log: list[tuple[int, str]] = field(default_factory=list)
    lock: asyncio.Lock = field(default_factory=asyncio.Lock)


@dataclass
class Dispatched:
    """A dispatch sent (or queued for replay) to the client."""

    seq: int
    event: str
    data: Any
    session_id: str
    live: bool
    """Whether it went straight onto an open socket (False: queued for RESUME replay)."""


def routes_to(guild_id: int, shard: list[int]) -> bool:
    """Whether Discord sends ``guild_id``'s events to the session of ``shard`` [id, count]."""
    return shard[1] <= 1 or (guild_id >> 22) % shard[1] == shard[0]


def _guild_of(event: str, data: Any) -> int | None:
    """The guild a dispatch is about, if any (GUILD_* events carry it as ``id``)."""
    if not isinstance(data, dict):
        return None
    if event.startswith("GUILD_") and "guild_id" not in data and "id" in data:
        return int(data["id"])
    guild = data.get("guild_id")
    return None if guild is None else int(guild)


class Gateway:
    """Serves ``/gateway`` (and ``/resume``) websockets for the real discord.py client."""

    def __init__(self, world: World, config: EmulatorConfig, waiters: Waiters) -> None:
        self.world = world
        self.config = config
        self._waiters = waiters
        self.url = ""  # ws://127.0.0.1:PORT/gateway, set once the port is known
        self.resume_url = ""  # READY's resume_gateway_url (same server, path /resume)
        self.sessions: dict[str, GatewaySession] = {}
        self.current: GatewaySession | None = None
        self.received: list[JSON] = []
        """Every frame the client sent, in order."""
        self.dispatched: list[Dispatched] = []
        """Every dispatch the emulator emitted, in order."""
        self.connections: list[str] = []
        """Path and query of every websocket connection made."""
        self.by_shard: dict[int, GatewaySession] = {}
        """The latest session of each shard id (a guild's events go to its shard's)."""
        self.identified_at: list[tuple[float, list[int]]] = []
        """(monotonic time, shard) of every accepted IDENTIFY."""
        self.identify_count = 0
        self.resumed_count = 0
        self.invalid_session_count = 0
        self.refuse_connections = 0
        """How many of the next connection attempts get HTTP 503 instead of a websocket."""
        self.refused_count = 0
        self.refuse_resumes = 0
        """How many of the next RESUMEs get op 9 although the session is known."""
        self._sockets: dict[web.WebSocketResponse, web.Request] = {}

    @property
    def intents(self) -> int | None:
        """The intents of the current session, or None before the first IDENTIFY."""
        return None if self.current is None else self.current.intents

    # -- connection handling -------------------------------------------------------------

    async def handle(self, request: web.Request) -> web.StreamResponse:
        """aiohttp handler for a gateway websocket connection."""
        if self.refuse_connections > 0:
            self.refuse_connections -= 1
            self.refused_count += 1
            self._waiters.notify()
            return web.Response(status=503, text="upstream connect error")
        ws = web.WebSocketResponse(max_msg_size=0)
        await ws.prepare(request)
        self._sockets[ws] = request
        self.connections.append(request.path_qs)
        self._waiters.notify()
        try:
            hello = {"heartbeat_interval": self.config.heartbeat_interval_ms, "_trace": ["emu"]}
            await ws.send_str(json.dumps({"op": HELLO, "d": hello, "s": None, "t": None}))
            async for msg in ws:
                if msg.type is WSMsgType.TEXT:
                    await self._on_frame(ws, json.loads(msg.data))
        except ConnectionResetError:
            pass
        finally:
            del self._sockets[ws]
            for session in self.sessions.values():
                if session.ws is ws:
                    session.ws = None
        return ws

    async def _on_frame(self, ws: web.WebSocketResponse, frame: JSON) -> None:
        self.received.append(frame)
        op, data = frame.get("op"), frame.get("d")
        if op == HEARTBEAT:
            await ws.send_str(json.dumps({"op": HEARTBEAT_ACK}))
        elif not isinstance(data, dict):
            pass  # other ops (e.g. 3 PRESENCE_UPDATE) are only recorded
        elif op == IDENTIFY:
            await self._identify(ws, data)
        elif op == RESUME:
            await self._resume(ws, data)
        elif op == REQUEST_MEMBERS:
            await self._send_member_chunk(data)
        self._waiters.notify()

    async def _identify(self, ws: web.WebSocketResponse, data: JSON) -> None:
        self.identify_count += 1
        if data.get("token") != self.config.valid_token:
            await ws.close(code=AUTHENTICATION_FAILED, message=b"Authentication failed.")
            return
        intents = int(data.get("intents", 0))
        if intents & self._denied_intents():
            await ws.close(code=DISALLOWED_INTENTS, message=b"Disallowed intent(s).")
            return
        session = GatewaySession(
            uuid.uuid4().hex, data["token"], intents, list(data.get("shard") or [0, 1]), ws
        )
        self.sessions[session.id] = session
        self.current = session
        self.by_shard[session.shard[0]] = session
        self.identified_at.append((time.monotonic(), session.shard))
        await self._emit(session, "READY", self._ready_payload(session))
        for guild in list(self.world.guilds.values()):
            if routes_to(guild.id, session.shard):
                await self._emit(session, "GUILD_CREATE", self.world.guild_payload(guild))

    async def _resume(self, ws: web.WebSocketResponse, data: JSON) -> None:
        session = self.sessions.get(str(data.get("session_id")))
        refused = self.refuse_resumes > 0
        self.refuse_resumes -= refused
        if session is None or data.get("token") != session.token or refused:
            self.invalid_session_count += 1
            await ws.send_str(json.dumps({"op": INVALID_SESSION, "d": False}))
            return
        last_seen = int(data.get("seq") or 0)
        async with session.lock:
            old = session.ws
            session.ws = ws
            self.current = session
            self.by_shard[session.shard[0]] = session
            for seq, frame in session.log:
                if seq > last_seen:
                    await ws.send_str(frame)
            await self._send_locked(session, "RESUMED", {"_trace": ["emu"]}, log=False)
        if old is not None and old is not ws and not old.closed:
            await old.close(code=4009, message=b"Session resumed elsewhere.")
        self.resumed_count += 1

    async def _send_member_chunk(self, data: JSON) -> None:
        guild = self.world.guilds.get(int(data["guild_id"]))
        if guild is None or self.current is None:
            return
        members = [self.world.member_payload(guild, uid) for uid in guild.members]
        chunk = {
            "guild_id": str(guild.id),
            "members": members,
            "chunk_index": 0,
            "chunk_count": 1,
            "nonce": data.get("nonce"),
        }
        await self._emit(self.current, "GUILD_MEMBERS_CHUNK", chunk)

    def _denied_intents(self) -> int:
        """Privileged intents the application has not enabled."""
        denied = 0
        if not self.config.message_content_allowed:
            denied |= Intent.MESSAGE_CONTENT
        if not self.config.members_intent_allowed:
            denied |= Intent.GUILD_MEMBERS
        if not self.config.presence_intent_allowed:
            denied |= Intent.GUILD_PRESENCES
        return denied

    def _ready_payload(self, session: GatewaySession) -> JSON:
        flags = (
            (_CONTENT_LIMITED if self.config.message_content_allowed else 0)
            | (_MEMBERS_LIMITED if self.config.members_intent_allowed else 0)
            | (_PRESENCE_LIMITED if self.config.presence_intent_allowed else 0)
        )
        user = {**self.world.bot.payload(), "verified": True, "mfa_enabled": False, "email": None}
        return {
            "v": 10,
            "user": user,
            "session_type": "normal",
            "session_id": session.id,
            "resume_gateway_url": self.resume_url,
            "shard": session.shard,
            "application": {"id": str(self.world.application_id), "flags": flags},
            "guilds": [
                {"id": str(g), "unavailable": True}
                for g in self.world.guilds
                if routes_to(g, session.shard)
            ],
            "private_channels": [],
            "relationships": [],
            "presences": [],
            "guild_join_requests": [],
            "geo_ordered_rtc_regions": [],
            "_trace": ["emu"],
        }

    # -- sending -------------------------------------------------------------------------

    def session_for(self, guild_id: int | None) -> GatewaySession | None:
        """The session Discord routes a guild's events to: its shard's, ``(guild_id >> 22) %
        shard_count``; guild-less events (DMs) go to shard 0. Unsharded: the current one."""
        current = self.current
        if current is None or current.shard[1] <= 1:
            return current
        shard = 0 if guild_id is None else (guild_id >> 22) % current.shard[1]
        return self.by_shard.get(shard)

    async def dispatch(self, event: str, data: Any) -> int:
        """Send a dispatch to the session of its guild's shard (queued while disconnected).

        Returns its sequence number (0: no session runs that shard; the event is lost).
        """
        if self.current is None:
            raise RuntimeError("no gateway session yet: the client has not IDENTIFYed")
        session = self.session_for(_guild_of(event, data))
        if session is None:
            return 0
        return await self._emit(session, event, data)

    async def deliver_message(self, event: str, message: JSON) -> bool:
        """Dispatch a MESSAGE_* event the way Discord filters it for this session.

        Guild messages need GUILD_MESSAGES, DMs need DIRECT_MESSAGES; without MESSAGE_CONTENT
        a guild message loses its content unless the bot wrote it or is mentioned in it.
        Returns whether anything was dispatched.
        """
        in_guild = "guild_id" in message
        session = self.session_for(int(message["guild_id"]) if in_guild else None)
        if session is None:
            return False
        needed = Intent.GUILD_MESSAGES if in_guild else Intent.DIRECT_MESSAGES
        if not session.intents & needed:
            return False
        await self._emit(session, event, self.visible_message(message, session.intents))
        return True

    def visible_message(self, message: JSON, intents: int) -> JSON:
        """``message`` as a client with ``intents`` receives it."""
        exempt = "guild_id" not in message or "content" not in message
        if exempt or intents & Intent.MESSAGE_CONTENT:
            return message
        bot_id = str(self.world.bot.id)
        mentioned = any(user["id"] == bot_id for user in message.get("mentions", []))
        if message["author"]["id"] == bot_id or mentioned:
            return message
        return {**message, "content": "", "embeds": [], "attachments": [], "components": []}

    async def _emit(self, session: GatewaySession, event: str, data: Any) -> int:
        async with session.lock:
            seq = await self._send_locked(session, event, data, log=True)
        self._waiters.notify()
        return seq

    async def _send_locked(
        self, session: GatewaySession, event: str, data: Any, *, log: bool
    ) -> int:
        session.seq += 1
        frame = json.dumps({"op": DISPATCH, "t": event, "s": session.seq, "d": data})
        if log:
            session.log.append((session.seq, frame))
        ws = session.ws
        live = ws is not None and not ws.closed
        snapshot = copy.deepcopy(data)  # later edits to stored objects must not leak in
        self.dispatched.append(Dispatched(session.seq, event, snapshot, session.id, live))
        if ws is not None and live:
            try:
                await ws.send_str(frame)
            except ConnectionResetError:
                session.ws = None  # stays in the log, replayed on RESUME
        return session.seq

    # -- fault injection -----------------------------------------------------------------

    async def drop(self, *, code: int = 4000, abort: bool = False) -> None:
        """Disconnect the current session's socket; later dispatches queue for RESUME."""
        session = self.current
        if session is None or session.ws is None:
            raise RuntimeError("no connected gateway session to drop")
        ws, session.ws = session.ws, None
        if abort:
            transport = self._sockets[ws].transport
            if transport is not None:
                transport.abort()
        else:
            await ws.close(code=code, message=b"Dropped by the emulator.")

    async def send_reconnect(self) -> None:
        """Send op 7 RECONNECT: the client closes and RESUMEs."""
        if self.current is None or self.current.ws is None:
            raise RuntimeError("no connected gateway session")
        await self.current.ws.send_str(json.dumps({"op": RECONNECT, "d": None}))

    async def send_invalid_session(self, *, resumable: bool = False) -> None:
        """Send op 9 on the live socket (``resumable=False``: the client must IDENTIFY)."""
        if self.current is None or self.current.ws is None:
            raise RuntimeError("no connected gateway session")
        self.invalid_session_count += 1
        if not resumable:
            self.sessions.pop(self.current.id, None)
        await self.current.ws.send_str(json.dumps({"op": INVALID_SESSION, "d": resumable}))

    def invalidate_sessions(self) -> None:
        """Forget every session: the next RESUME gets op 9 (invalid session, d=false)."""
        self.sessions.clear()

    async def close_all(self) -> None:
        """Close every open socket (emulator shutdown)."""
        for ws in list(self._sockets):
            await ws.close(code=1001, message=b"Emulator shutting down.")
