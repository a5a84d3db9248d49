"""Start the bot or sync its slash commands; the only place that reads the token."""

from __future__ import annotations

import asyncio
import logging

import discord
import yarl

from bot.app import build_core
from bot.discord_ui.client import WickBot
from bot.facts import KnowledgeError
from bot.settings import Settings

log = logging.getLogger("wickbot")


def configure_endpoints(settings: Settings) -> None:
    """Point discord.py at DISCORD_API_BASE / DISCORD_GATEWAY_URL (a proxy or a test Discord)."""
    discord.http.Route.BASE = settings.discord_api_base.rstrip("/")
    if settings.discord_gateway_url:
        discord.gateway.DiscordWebSocket.DEFAULT_GATEWAY = yarl.URL(settings.discord_gateway_url)


def run_bot(settings: Settings) -> int:
    """Run until stopped; returns the process exit code."""
    logging.basicConfig(
        level=settings.log_level, format="%(asctime)s %(levelname)s %(name)s: %(message)s"
    )
    try:
        core = build_core(settings)
    except KnowledgeError as exc:
        for problem in exc.problems:
            log.error("%s", problem)
        log.error("%s; fix it and start again (python -m bot check)", exc)
        return 1
    configure_endpoints(settings)
    assert settings.discord_token is not None
    token = settings.discord_token.get_secret_value()

    async def main() -> None:
        async with WickBot(core) as bot:
            await bot.start(token)

    try:
        asyncio.run(main())
    except discord.LoginFailure:
        log.error("Discord rejected the token: reset it in the developer portal and update .env")
        return 2
    except discord.PrivilegedIntentsRequired:
        log.error(
            "The message content intent is not enabled: Developer Portal -> your app -> Bot -> "
            "Privileged Gateway Intents -> Message Content Intent"
        )
        return 2
    except KeyboardInterrupt:
        pass
    return 0


def sync_commands(settings: Settings, guild_id: int | None) -> int:
    """Register the slash commands globally or in one server, then exit."""
    logging.basicConfig(level=settings.log_level)
    core = build_core(settings)
    configure_endpoints(settings)
    assert settings.discord_token is not None
    token = settings.discord_token.get_secret_value()

    async def main() -> int:
        async with WickBot(core) as bot:
            await bot.login(token)
            await bot.setup_hook()
            guild = discord.Object(id=guild_id) if guild_id else None
            if guild is not None:
                bot.tree.copy_global_to(guild=guild)
            synced = await bot.tree.sync(guild=guild)
            where = f"server {guild_id}" if guild_id else "all servers (may take up to an hour)"
            print(f"Synced {len(synced)} slash commands to {where}.")
        return 0

    return asyncio.run(main())
