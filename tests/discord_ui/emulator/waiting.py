"""Event-driven waiting: tests block on a condition instead of sleeping."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from typing import Any, TypeVar

T = TypeVar("T")


class EmulatorTimeout(AssertionError):
    """A wait on the emulator timed out (an assertion failure in tests)."""


class Waiters:
    """Futures resolved when a probe function starts returning something other than None.

    Every state change in the emulator calls :meth:`notify`, which re-runs the probes.
    """

    def __init__(self) -> None:
        self._pending: list[tuple[Callable[[], Any], asyncio.Future[Any]]] = []

    async def wait(
        self,
        probe: Callable[[], T | None],
        *,
        timeout: float,
        what: str,
        detail: Callable[[], str] | None = None,
    ) -> T:
        """Return ``probe()`` as soon as it is not None; raise EmulatorTimeout after ``timeout``."""
        value = probe()
        if value is not None:
            return value
        future: asyncio.Future[T] = asyncio.get_running_loop().create_future()
        entry: tuple[Callable[[], Any], asyncio.Future[Any]] = (probe, future)
        self._pending.append(entry)
        try:
            return await asyncio.wait_for(future, timeout)
        except TimeoutError:
            extra = f"\n{detail()}" if detail else ""
            raise EmulatorTimeout(f"timed out after {timeout}s waiting for {what}{extra}") from None
        finally:
            self._pending.remove(entry)

    def notify(self) -> None:
        """Re-check every pending probe."""
        for probe, future in list(self._pending):
            if future.done():
                continue
            try:
                value = probe()
            except Exception as exc:  # a broken probe should fail its waiter, not the emulator
                future.set_exception(exc)
                continue
            if value is not None:
                future.set_result(value)
