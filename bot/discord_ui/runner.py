"""Start the bot or sync its slash commands: clear exits, clean shutdown, no token in logs."""

from __future__ import annotations

import asyncio
import contextlib
import logging
import signal
from typing import Any

import aiohttp
import discord
import yarl

from bot import logs
from bot.app import Core, build_core
from bot.discord_ui.client import WickBot
from bot.discord_ui.sharding import make_bot
from bot.facts import KnowledgeError
from bot.health import HealthServer
from bot.settings import Settings
from bot.telemetry import Telemetry

log = logging.getLogger("wickbot")

BAD_TOKEN_HELP = (
    "Discord rejected the token. Developer Portal -> your application -> Bot -> Reset Token, "
    "then put the new token after DISCORD_TOKEN= in .env."
)
NO_INTENT_HELP = (
    "The message content intent is not enabled for this application, so I am running without "
    "it: slash commands, DMs, mentions and replies work, but plain questions in channels need "
    "it. Enable it in the Developer Portal -> your application -> Bot -> Privileged Gateway "
    "Intents -> Message Content Intent, then restart."
)
UNREACHABLE_HELP = "Cannot reach Discord ({error}); check the network and DISCORD_API_BASE."


def configure_endpoints(settings: Settings) -> None:
    """Point discord.py at DISCORD_API_BASE / DISCORD_GATEWAY_URL (a proxy or a test Discord)."""
    discord.http.Route.BASE = settings.discord_api_base.rstrip("/")
    if settings.discord_gateway_url:
        discord.gateway.DiscordWebSocket.DEFAULT_GATEWAY = yarl.URL(settings.discord_gateway_url)


class BotService:
    """Runs one :class:`WickBot` until :meth:`stop`.

    If the developer portal has not enabled the message content intent, it starts again
    without it (and says so) instead of giving up.
    """

    def __init__(self, core: Core, token: str, **bot_options: Any) -> None:
        self.core = core
        self._token = token
        self._options = bot_options
        self._stop = asyncio.Event()
        self.ready = asyncio.Event()
        self.bot: WickBot | None = None

    def stop(self) -> None:
        """Ask the service to disconnect and return from :meth:`run` (signal-safe)."""
        self._stop.set()

    async def run(self) -> None:
        """Connect and serve until stopped; raises LoginFailure for a rejected token."""
        message_content = True
        while not self._stop.is_set():
            bot = make_bot(self.core, message_content=message_content, **self._options)
            self.bot = bot
            try:
                async with bot:
                    await self._serve(bot)
                return
            except discord.PrivilegedIntentsRequired:
                if not message_content:
                    raise
                log.warning(NO_INTENT_HELP)
                message_content = False

    async def _serve(self, bot: WickBot) -> None:
        start = asyncio.create_task(bot.start(self._token), name="wickbot-connect")
        ready = asyncio.create_task(bot.wait_until_ready(), name="wickbot-ready")
        stop = asyncio.create_task(self._stop.wait(), name="wickbot-stop")
        try:
            done, _ = await asyncio.wait({start, stop, ready}, return_when=asyncio.FIRST_COMPLETED)
            if ready in done:
                self.ready.set()
                done, _ = await asyncio.wait({start, stop}, return_when=asyncio.FIRST_COMPLETED)
            if start in done:
                start.result()  # re-raise why the connection ended
        finally:
            for task in (ready, stop):
                task.cancel()
            closing = not start.done()
            await bot.close()
            try:
                await start
            except asyncio.CancelledError:
                pass
            except Exception:
                if not closing:
                    raise
                # Closed mid-reconnect, the connection raises as it dies (aiohttp asserts
                # when its session closes under a RESUME handshake): that is the stop.
                log.debug("the connection ended with an error as it was closed", exc_info=True)
            for task in (ready, stop):
                with contextlib.suppress(asyncio.CancelledError):
                    await task
            self.ready.clear()


async def serve(core: Core, token: str) -> int:
    """Run until SIGINT/SIGTERM, then close the store; the process exit code."""
    try:
        return await _serve(core, token)
    finally:
        await core.close()


def http_trace(telemetry: Telemetry) -> aiohttp.TraceConfig:
    """Counts every Discord REST response by status (429s also by scope) into ``telemetry``."""
    trace = aiohttp.TraceConfig()

    async def on_request_end(
        session: aiohttp.ClientSession,
        context: object,
        params: aiohttp.TraceRequestEndParams,
    ) -> None:
        response = params.response
        telemetry.http_response(response.status, response.headers.get("X-RateLimit-Scope"))

    trace.on_request_end.append(on_request_end)
    return trace


def connected(bot: discord.Client) -> bool:
    """Whether the bot's gateway connection (every shard's, when sharded) is open now."""
    if bot.is_closed() or not bot.is_ready():
        return False
    if isinstance(bot, discord.AutoShardedClient):
        return bool(bot.shards) and not any(s.is_closed() for s in bot.shards.values())
    return bot.ws is not None and bot.ws.open


def is_ready(service: BotService) -> bool:
    """Connected to Discord now (the knowledge is loaded before the bot starts)."""
    bot = service.bot
    return bot is not None and service.ready.is_set() and connected(bot)


async def _serve(core: Core, token: str) -> int:
    service = BotService(core, token, http_trace=http_trace(core.telemetry))
    health: HealthServer | None = None
    if core.settings.metrics_port is not None:
        health = HealthServer(core.telemetry, lambda: is_ready(service), core.settings.metrics_port)
        await health.start()
        log.info("metrics, /healthz and /readyz on port %s", health.port)
    loop = asyncio.get_running_loop()
    signals = (signal.SIGINT, signal.SIGTERM)
    for sig in signals:
        with contextlib.suppress(NotImplementedError):  # not on Windows
            loop.add_signal_handler(sig, service.stop)
    try:
        await service.run()
    except discord.LoginFailure:
        log.error(BAD_TOKEN_HELP)
        return 2
    except (aiohttp.ClientConnectionError, discord.GatewayNotFound) as exc:
        log.error(UNREACHABLE_HELP.format(error=exc))
        return 1
    finally:
        for sig in signals:
            with contextlib.suppress(NotImplementedError):
                loop.remove_signal_handler(sig)
        if health is not None:
            await health.stop()
    log.info("stopped")
    return 0


def _logging(settings: Settings) -> None:
    discord.VoiceClient.warn_nacl = False  # Wickbot has no voice features: no warnings
    discord.VoiceClient.warn_dave = False
    secrets = [s.get_secret_value() for s in (settings.discord_token, settings.tmdb_api_key) if s]
    logs.configure(settings.log_level, settings.log_format, secrets)


def _core(settings: Settings) -> Core | None:
    try:
        return build_core(settings)
    except KnowledgeError as exc:
        for problem in exc.problems:
            log.error("%s", problem)
        log.error("%s; fix it and start again (python -m bot check)", exc)
        return None


def run_bot(settings: Settings) -> int:
    """``python -m bot run``: run until stopped; returns the process exit code."""
    _logging(settings)
    core = _core(settings)
    if core is None:
        return 1
    assert settings.discord_token is not None
    configure_endpoints(settings)
    return asyncio.run(serve(core, settings.discord_token.get_secret_value()))


async def sync_once(core: Core, token: str, guild_id: int | None) -> str:
    """Log in (no gateway), register the slash commands, log out; what was done."""
    from bot.discord_ui.cogs.admin import sync_tree

    try:
        async with WickBot(core, sync_dev_guild=False) as bot:
            await bot.login(token)
            return await sync_tree(bot, guild_id)
    finally:
        await core.close()


def sync_commands(settings: Settings, guild_id: int | None) -> int:
    """``python -m bot sync [--guild ID]``: register the slash commands, then exit."""
    _logging(settings)
    core = _core(settings)
    if core is None:
        return 1
    assert settings.discord_token is not None
    configure_endpoints(settings)
    try:
        print(asyncio.run(sync_once(core, settings.discord_token.get_secret_value(), guild_id)))
    except discord.LoginFailure:
        log.error(BAD_TOKEN_HELP)
        return 2
    except discord.HTTPException as exc:
        log.error("Sync failed: %s", exc)
        return 1
    return 0
