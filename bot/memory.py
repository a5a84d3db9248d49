"""Keep the garbage collector away from the long-lived knowledge indexes."""

from __future__ import annotations

import gc


def settle() -> None:
    """Collect everything, then freeze what survives (the loaded knowledge and indexes).

    Frozen objects are never scanned again, so later collections stay short and answers
    don't pause for them. Call after loading or reloading knowledge: what an earlier call
    froze is thawed first, so a replaced engine (whose reference cycles only the collector
    can break) is freed instead of pinned for the life of the process.
    """
    gc.unfreeze()
    gc.collect()
    gc.freeze()
