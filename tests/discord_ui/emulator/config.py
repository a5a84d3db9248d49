"""Settings shared by the gateway and REST halves of the emulator."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass
class EmulatorConfig:
    """Behaviour switches of a :class:`DiscordEmulator`."""

    valid_token: str = "emulator-bot-token"
    """The only token accepted by IDENTIFY and by authenticated REST routes."""
    message_content_allowed: bool = True
    """Whether the (privileged) MESSAGE_CONTENT intent is enabled for the application."""
    members_intent_allowed: bool = True
    """Whether the (privileged) GUILD_MEMBERS intent is enabled."""
    presence_intent_allowed: bool = True
    """Whether the (privileged) GUILD_PRESENCES intent is enabled."""
    heartbeat_interval_ms: int = 1000
    """``heartbeat_interval`` sent in HELLO."""
    echo_bot_messages: bool = True
    """Dispatch MESSAGE_CREATE/UPDATE/DELETE for the bot's own REST actions, as Discord does."""
