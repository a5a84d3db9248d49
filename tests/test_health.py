"""The METRICS_PORT server and the Discord REST trace that feeds it."""

from __future__ import annotations

import aiohttp
from aiohttp import web

from bot.discord_ui.runner import http_trace
from bot.health import HealthServer
from bot.telemetry import Telemetry
from tests.conftest import TODAY


async def test_metrics_healthz_and_readyz() -> None:
    telemetry = Telemetry(lambda: TODAY)
    telemetry.knowledge("abc123", TODAY)
    ready = [False]
    server = HealthServer(telemetry, lambda: ready[0], port=0, host="127.0.0.1")
    await server.start()
    base = f"http://127.0.0.1:{server.port}"
    try:
        async with aiohttp.ClientSession() as http:
            async with http.get(f"{base}/healthz") as alive:
                assert alive.status == 200 and (await alive.json()) == {"status": "alive"}
            async with http.get(f"{base}/readyz") as not_yet:
                assert not_yet.status == 503
            ready[0] = True
            async with http.get(f"{base}/readyz") as now_ready:
                assert now_ready.status == 200
            async with http.get(f"{base}/metrics") as metrics:
                body = await metrics.text()
                assert metrics.headers["Content-Type"].startswith("text/plain")
    finally:
        await server.stop()
    assert 'wickbot_knowledge_info{version="abc123"} 1.0' in body


async def test_the_rest_trace_counts_statuses_and_429_scopes() -> None:
    async def limited(request: web.Request) -> web.Response:
        return web.json_response(
            {"retry_after": 1}, status=429, headers={"X-RateLimit-Scope": "global"}
        )

    async def fine(request: web.Request) -> web.Response:
        return web.json_response({})

    app = web.Application()
    app.router.add_get("/limited", limited)
    app.router.add_get("/fine", fine)
    runner = web.AppRunner(app)
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    port = runner.addresses[0][1]
    telemetry = Telemetry(lambda: TODAY)
    try:
        async with aiohttp.ClientSession(trace_configs=[http_trace(telemetry)]) as http:
            for path in ("fine", "fine", "limited"):
                async with http.get(f"http://127.0.0.1:{port}/{path}"):
                    pass
    finally:
        await runner.cleanup()
    assert telemetry.http.labels("200")._value.get() == 2
    assert telemetry.http.labels("429")._value.get() == 1
    assert telemetry.rate_limited.labels("global")._value.get() == 1
