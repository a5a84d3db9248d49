"""The METRICS_PORT server: ``/metrics`` (Prometheus), ``/healthz`` (alive), ``/readyz`` (ready).

Plain aiohttp, no discord: the bot passes what "ready" means (connected to Discord, knowledge
loaded). ``/readyz`` answers 503 until then, so a deployment sends no traffic to a bot that
cannot answer yet.
"""

from __future__ import annotations

from collections.abc import Callable

from aiohttp import web
from prometheus_client import CONTENT_TYPE_LATEST

from bot.telemetry import Telemetry


class HealthServer:
    """Serves the three endpoints on ``host:port`` (``port=0``: any free port) until stopped."""

    def __init__(
        self, telemetry: Telemetry, ready: Callable[[], bool], port: int, host: str = "0.0.0.0"
    ) -> None:
        self._telemetry = telemetry
        self._ready = ready
        self._host, self._port = host, port
        self._runner: web.AppRunner | None = None
        self.port: int | None = None  # the bound port, once started

    def app(self) -> web.Application:
        """The aiohttp application (also handy in tests)."""
        app = web.Application()
        app.router.add_get("/metrics", self._metrics)
        app.router.add_get("/healthz", self._healthz)
        app.router.add_get("/readyz", self._readyz)
        return app

    async def start(self) -> None:
        """Bind and serve in the running event loop."""
        self._runner = web.AppRunner(self.app(), access_log=None)
        await self._runner.setup()
        site = web.TCPSite(self._runner, self._host, self._port)
        await site.start()
        server = site._server  # aiohttp keeps the bound socket here
        sockets = getattr(server, "sockets", None) or []
        self.port = sockets[0].getsockname()[1] if sockets else self._port

    async def stop(self) -> None:
        """Stop serving."""
        if self._runner is not None:
            await self._runner.cleanup()
            self._runner = None

    async def _metrics(self, request: web.Request) -> web.Response:
        body = self._telemetry.exposition()
        return web.Response(body=body, headers={"Content-Type": CONTENT_TYPE_LATEST})

    async def _healthz(self, request: web.Request) -> web.Response:
        return web.json_response({"status": "alive"})

    async def _readyz(self, request: web.Request) -> web.Response:
        if self._ready():
            return web.json_response({"status": "ready"})
        return web.json_response({"status": "not ready"}, status=503)
