"""Keep the garbage collector away from the long-lived knowledge indexes."""

from __future__ import annotations

import gc


def settle() -> None:
    """Collect once, then freeze what exists (the loaded knowledge and indexes).

    Frozen objects are never scanned again, so later collections stay short and answers
    don't pause for them. Call after loading or reloading knowledge.
    """
    gc.collect()
    gc.freeze()
