"""The composition root: settings -> knowledge -> engine -> storage (-> Discord bot).

Everything is built here once and passed in; nothing else reads settings or globals. The bot
(``bot.discord_ui``) and the command line both start from :func:`build_core`.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from bot.clock import Clock, utc_now
from bot.engine import ConversationStore, Engine
from bot.facts import KnowledgeBase, KnowledgeError, Problem, load_knowledge
from bot.memory import settle
from bot.policy import ChannelBudget
from bot.settings import Settings
from bot.storage import Store
from bot.storage import open_store as store_for_url
from bot.telemetry import Telemetry


def knowledge_version(root: Path) -> str:
    """A short fingerprint of the knowledge files (names and bytes): changes with any edit."""
    digest = hashlib.sha256()
    for path in sorted(p for p in root.rglob("*.yaml") if p.is_file()):
        digest.update(path.relative_to(root).as_posix().encode())
        digest.update(b"\0")
        digest.update(path.read_bytes())
        digest.update(b"\0")
    return digest.hexdigest()[:12]


@dataclass(frozen=True)
class KnowledgeState:
    """One loaded knowledge base, the engine built on it and the conversations about it.

    A reload replaces the whole state in one assignment, so a reader sees the old one or the
    new one, never a mix; conversations start afresh with new knowledge.
    """

    knowledge: KnowledgeBase
    engine: Engine
    conversations: ConversationStore
    version: str
    loaded_at: dt.datetime

    def summary(self) -> str:
        """``11 works, 77 people, 49 characters, 36 topics``."""
        kb = self.knowledge
        return (
            f"{len(kb.works)} works, {len(kb.people)} people, "
            f"{len(kb.characters)} characters, {len(kb.topics)} topics"
        )


@dataclass(frozen=True)
class ReloadOutcome:
    """What :meth:`Core.reload` did: ``state`` is the knowledge now in use.

    On failure ``error`` lists every problem and ``state`` is the old, untouched knowledge.
    """

    state: KnowledgeState
    error: KnowledgeError | None = None

    @property
    def ok(self) -> bool:
        """Whether the new knowledge was loaded and is now in use."""
        return self.error is None


def load_state(settings: Settings, clock: Clock = utc_now) -> KnowledgeState:
    """Load KNOWLEDGE_DIR and build its engine (raises KnowledgeError if invalid)."""
    root = settings.knowledge_dir
    kb = load_knowledge(root)
    ttl = dt.timedelta(seconds=settings.conversation_ttl_seconds)
    engine = Engine(kb, clock)
    return KnowledgeState(kb, engine, ConversationStore(ttl), knowledge_version(root), clock())


def validated_knowledge(root: Path) -> KnowledgeBase:
    """Load ``root`` and build an engine on it, which also checks the intent phrasings."""
    kb = load_knowledge(root)
    Engine(kb)
    return kb


class Core:
    """The Discord-free application: settings, the current knowledge, and the store.

    ``knowledge``, ``engine`` and ``conversations`` may change with every :meth:`reload`:
    read them afresh each time, never keep them across an ``await``. The store is opened on
    first use, so the command line's ``ask`` never touches the database.
    """

    def __init__(
        self,
        settings: Settings,
        state: KnowledgeState,
        store: Store | None = None,
        *,
        open_store: Callable[[], Store] | None = None,
        clock: Clock = utc_now,
    ) -> None:
        if (store is None) == (open_store is None):
            raise ValueError("give either a store or a way to open one")
        self.settings = settings
        self.clock = clock  # what time it is for everything the bot answers and schedules
        self.started_at = clock()
        self._state = state
        self._store = store
        self._open_store = open_store
        self.budget = ChannelBudget()  # answers per channel, shared by questions and commands
        self.telemetry = Telemetry(clock)
        self.telemetry.knowledge(state.version, state.loaded_at)

    @property
    def state(self) -> KnowledgeState:
        """The knowledge in use now."""
        return self._state

    @property
    def knowledge(self) -> KnowledgeBase:
        """The current knowledge base."""
        return self._state.knowledge

    @property
    def engine(self) -> Engine:
        """The engine of the current knowledge."""
        return self._state.engine

    @property
    def conversations(self) -> ConversationStore:
        """Follow-up memory, per (channel, user) on Discord; reset by a reload."""
        return self._state.conversations

    @property
    def store(self) -> Store:
        """Per-server settings and the sent-log (opened on first use)."""
        if self._store is None:
            assert self._open_store is not None
            self._store = self._open_store()
        return self._store

    def reload(self) -> ReloadOutcome:
        """Load the knowledge again; keep the old one (and say why) if the new is invalid.

        Safe to run in a worker thread: the swap is one assignment. Afterwards the old
        engine is freed (see :func:`bot.memory.settle`).
        """
        try:
            new = load_state(self.settings, self.clock)
        except KnowledgeError as exc:
            return ReloadOutcome(self._state, exc)
        lost = untaught(self._state.knowledge, new.knowledge)
        if lost:
            return ReloadOutcome(self._state, KnowledgeError(lost))
        self._state = new
        self.telemetry.knowledge(new.version, new.loaded_at)
        settle()
        return ReloadOutcome(self._state)

    async def close(self) -> None:
        """Close the store if it was opened."""
        if self._store is not None:
            await self._store.close()


def untaught(old: KnowledgeBase, new: KnowledgeBase) -> list[Problem]:
    """Intents ``old`` teaches that ``new`` no longer does: a phrasings file cut short.

    Intents need code, so a valid edit never drops one; a half-written file does.
    """
    lost = sorted(set(old.intents) - set(new.intents))
    message = "no phrasings teach this intent any more (is the file cut short?)"
    return [Problem("intents.yaml", 0, f"intents.{name}", message) for name in lost]


def build_core(settings: Settings, clock: Clock = utc_now, store: Store | None = None) -> Core:
    """Load the knowledge base, build the engine, and prepare the store.

    Raises KnowledgeError if the knowledge is invalid. Without ``store``, the store of
    DATABASE_URL (default: the SQLite file DATA_DIR/wickbot.sqlite3) is opened on first use.
    """
    state = load_state(settings, clock)
    settle()
    if store is not None:
        return Core(settings, state, store, clock=clock)
    return Core(settings, state, open_store=lambda: store_for_url(settings.store_url), clock=clock)
