"""The composition root: settings -> knowledge -> engine (-> storage -> Discord bot).

Everything is built here once and passed in; nothing else reads settings or globals.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from bot.clock import Clock, utc_now
from bot.engine import ConversationStore, Engine
from bot.facts import KnowledgeBase, load_knowledge
from bot.settings import Settings


@dataclass
class Core:
    """The Discord-free part of the application."""

    settings: Settings
    knowledge: KnowledgeBase
    engine: Engine
    conversations: ConversationStore


def build_core(settings: Settings, clock: Clock = utc_now) -> Core:
    """Load the knowledge base and build the engine (raises KnowledgeError if invalid)."""
    kb = load_knowledge(settings.knowledge_dir)
    ttl = dt.timedelta(seconds=settings.conversation_ttl_seconds)
    return Core(settings, kb, Engine(kb, clock), ConversationStore(ttl))
