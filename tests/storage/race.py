"""A worker for the cross-process claim race (a module of its own so spawn imports little)."""

from __future__ import annotations

import datetime as dt
from multiprocessing.queues import Queue
from multiprocessing.synchronize import Barrier
from pathlib import Path

from bot.storage import PostKey
from bot.storage.sqlite import SqliteDatabase


def claim_all(
    path: str, keys: list[PostKey], barrier: Barrier, results: Queue[list[PostKey]]
) -> None:
    """Open the shared database, wait for the others, claim every key, report the wins."""
    with SqliteDatabase(Path(path)) as store:
        barrier.wait()
        now = dt.datetime.now(dt.UTC)
        results.put([key for key in keys if store.claim_post(key, now)])
