"""Keep the garbage collector away from the long-lived knowledge indexes."""

from __future__ import annotations

import ctypes
import ctypes.util
import gc
from collections.abc import Callable


def _malloc_trim() -> Callable[[int], int] | None:
    """glibc's ``malloc_trim``, which hands freed heap pages back to the system, if present."""
    name = ctypes.util.find_library("c")
    if name is None:
        return None
    try:
        trim = ctypes.CDLL(name).malloc_trim
    except (OSError, AttributeError):  # not glibc (musl, macOS)
        return None
    trim.argtypes, trim.restype = [ctypes.c_size_t], ctypes.c_int
    fn: Callable[[int], int] = trim
    return fn


_TRIM = _malloc_trim()


def settle() -> None:
    """Collect everything, then freeze what survives (the loaded knowledge and indexes).

    Frozen objects are never scanned again, so later collections stay short and answers
    don't pause for them. Call after loading or reloading knowledge: what an earlier call
    froze is thawed first, so a replaced engine (whose reference cycles only the collector
    can break) is freed instead of pinned for the life of the process; then the freed heap
    is returned to the system (glibc ``malloc_trim``) where available.
    """
    gc.unfreeze()
    gc.collect()
    gc.freeze()
    if _TRIM is not None:
        # loading builds and drops a lot of YAML and model objects, and a reload holds two
        # engines for a moment: give those pages back so RSS returns to a fresh start's
        _TRIM(0)
