"""The composition root: settings -> knowledge -> engine -> storage (-> Discord bot).

Everything is built here once and passed in; nothing else reads settings or globals.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from bot.clock import Clock, utc_now
from bot.engine import ConversationStore, Engine
from bot.facts import KnowledgeBase, load_knowledge
from bot.memory import settle
from bot.settings import Settings
from bot.storage import Store
from bot.storage.sqlite import SqliteStore


@dataclass
class Core:
    """The Discord-free part of the application.

    ``engine`` and ``knowledge`` are replaced together by a reload; read them afresh each time.
    """

    settings: Settings
    knowledge: KnowledgeBase
    engine: Engine
    conversations: ConversationStore
    store: Store
    clock: Clock = utc_now  # what time it is for everything the bot schedules


def build_core(settings: Settings, clock: Clock = utc_now, store: Store | None = None) -> Core:
    """Load the knowledge base, build the engine and open the store.

    Raises KnowledgeError if the knowledge is invalid. Without ``store``, the SQLite file of
    DATABASE_URL (default DATA_DIR/wickbot.sqlite3) is opened, its directory created.
    """
    kb = load_knowledge(settings.knowledge_dir)
    ttl = dt.timedelta(seconds=settings.conversation_ttl_seconds)
    engine = Engine(kb, clock)
    settle()
    if store is None:
        store = SqliteStore(settings.sqlite_path)
    return Core(settings, kb, engine, ConversationStore(ttl), store, clock)
