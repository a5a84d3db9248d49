"""Helpers for running a real discord.py client against a :class:`DiscordEmulator`."""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import AsyncIterator, Iterator

import discord
import yarl
from discord.gateway import DiscordWebSocket
from discord.http import Route

from .core import DiscordEmulator
from .waiting import EmulatorTimeout


@contextlib.contextmanager
def point_discord_py_at(emulator: DiscordEmulator) -> Iterator[None]:
    """Aim discord.py's process-wide REST base and gateway URL at ``emulator``; restore after."""
    old_base, old_gateway = Route.BASE, DiscordWebSocket.DEFAULT_GATEWAY
    Route.BASE = emulator.rest_base
    DiscordWebSocket.DEFAULT_GATEWAY = yarl.URL(emulator.gateway_url)
    try:
        yield
    finally:
        Route.BASE, DiscordWebSocket.DEFAULT_GATEWAY = old_base, old_gateway


@contextlib.asynccontextmanager
async def running_client(
    client: discord.Client,
    emulator: DiscordEmulator,
    *,
    token: str | None = None,
    timeout: float = 5.0,
) -> AsyncIterator[discord.Client]:
    """Log ``client`` in, connect it, wait for ``on_ready``; close it (and its task) on exit.

    Errors from login or connect (``LoginFailure``, ``PrivilegedIntentsRequired``...) are
    raised here. discord.py must already point at the emulator.
    """
    connect: asyncio.Task[None] | None = None
    try:
        await client.login(emulator.valid_token if token is None else token)
        connect = asyncio.create_task(client.connect(), name="discord-client-connect")
        ready = asyncio.create_task(client.wait_until_ready(), name="discord-client-ready")
        done, _ = await asyncio.wait(
            {connect, ready}, timeout=timeout, return_when=asyncio.FIRST_COMPLETED
        )
        if ready not in done:
            ready.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await ready
            if connect in done:
                connect.result()  # re-raise why the connection ended
            raise EmulatorTimeout(f"client was not ready within {timeout}s")
    except BaseException:
        await _shut_down(client, connect, timeout)
        raise
    try:
        yield client
    finally:
        await _shut_down(client, connect, timeout)
        if connect.exception() is not None:
            raise connect.exception()  # type: ignore[misc]


async def _shut_down(
    client: discord.Client, connect: asyncio.Task[None] | None, timeout: float
) -> None:
    """Close ``client`` and wait for its connect task to finish (cancelling it if stuck)."""
    await client.close()
    if connect is None:
        return
    done, _ = await asyncio.wait({connect}, timeout=timeout)
    if not done:
        connect.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await connect
