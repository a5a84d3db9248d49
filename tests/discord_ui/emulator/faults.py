"""Faults a test switches on for a while: REST error bursts, slow routes, global 429s.

Each fault is a :class:`Window`: active from when it is added until its deadline (monotonic
seconds) or until the test calls :meth:`Window.end`. Durations are the test's to choose, so
a "30 s outage" can be played in one or two seconds.
"""

from __future__ import annotations

import asyncio
import itertools
import math
import re
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field

from aiohttp import web

from .http_util import ApiError, RecordedRequest, too_many_requests

Clock = Callable[[], float]


@dataclass
class Window:
    """A fault that is on until ``until`` (on ``clock``) or until :meth:`end`."""

    until: float
    clock: Clock = field(repr=False)
    hits: int = 0
    """Requests this fault has touched so far."""

    @property
    def active(self) -> bool:
        return self.clock() < self.until

    @property
    def remaining(self) -> float:
        """Seconds until the fault ends by itself (0 once over)."""
        return max(0.0, self.until - self.clock())

    def end(self) -> None:
        """Switch the fault off now."""
        self.until = -math.inf


@dataclass
class RouteWindow(Window):
    """A window that applies to requests of ``method`` (``"*"``: any) on paths fullmatching."""

    method: str = "*"
    pattern: re.Pattern[str] = re.compile(".*")

    def matches(self, record: RecordedRequest) -> bool:
        return (
            self.active
            and self.method in (record.method, "*")
            and bool(self.pattern.fullmatch(record.path))
        )


@dataclass
class ErrorBurst(RouteWindow):
    """Answer matching requests with ``statuses`` in turn (500 as JSON, 502 as text...).

    ``after_processing``: the request takes effect (a message is created) and only then
    fails, as when Discord's edge loses the answer: a blind retry would post twice.
    """

    statuses: tuple[int, ...] = (500, 502, 503)
    after_processing: bool = False
    _cycle: Iterator[int] = field(init=False, repr=False)

    def __post_init__(self) -> None:
        self._cycle = itertools.cycle(self.statuses)

    def response(self) -> web.Response:
        self.hits += 1
        status = next(self._cycle)
        if status == 502:
            return web.Response(status=502, text="error code: 502")  # like Cloudflare
        return ApiError(status, 0, f"{status}: Server Error").response()


@dataclass
class SlowRoute(RouteWindow):
    """Matching requests take ``delay`` seconds before they are handled."""

    delay: float = 1.0


@dataclass
class GlobalLimit(Window):
    """Every request that counts against the global limit gets a global 429.

    ``retry_after`` defaults to the time left in the window (what Discord would say).
    """

    retry_after: float | None = None

    def response(self, record: RecordedRequest) -> web.Response:
        self.hits += 1
        wait = self.remaining if self.retry_after is None else self.retry_after
        return too_many_requests(record, wait, global_=True)


class RestFaults:
    """The REST faults in force; the REST middleware asks it about every request."""

    def __init__(self, clock: Clock = time.monotonic) -> None:
        self.clock = clock
        self.bursts: list[ErrorBurst] = []
        self.slow: list[SlowRoute] = []
        self.global_limits: list[GlobalLimit] = []

    def _deadline(self, seconds: float) -> float:
        return self.clock() + seconds

    def error_burst(
        self,
        seconds: float,
        statuses: tuple[int, ...],
        *,
        method: str = "*",
        path: str = ".*",
        after_processing: bool = False,
    ) -> ErrorBurst:
        burst = ErrorBurst(
            self._deadline(seconds),
            self.clock,
            method=method.upper(),
            pattern=re.compile(path),
            statuses=statuses,
            after_processing=after_processing,
        )
        self.bursts.append(burst)
        return burst

    def slow_route(self, method: str, path: str, delay: float, seconds: float) -> SlowRoute:
        slow = SlowRoute(
            self._deadline(seconds),
            self.clock,
            method=method.upper(),
            pattern=re.compile(path),
            delay=delay,
        )
        self.slow.append(slow)
        return slow

    def global_limit(self, seconds: float, retry_after: float | None) -> GlobalLimit:
        limit = GlobalLimit(self._deadline(seconds), self.clock, retry_after=retry_after)
        self.global_limits.append(limit)
        return limit

    async def slow_down(self, record: RecordedRequest) -> None:
        """Wait as long as the slowest matching slow route says."""
        delays = [s.delay for s in self.slow if s.matches(record)]
        if delays:
            for slow in self.slow:
                slow.hits += slow.matches(record)
            await asyncio.sleep(max(delays))

    def burst_for(self, record: RecordedRequest) -> ErrorBurst | None:
        """The active error burst for ``record``, if any."""
        return next((b for b in self.bursts if b.matches(record)), None)

    def global_limit_for(self, record: RecordedRequest, counted: bool) -> GlobalLimit | None:
        """The active global 429 window, for requests ``counted`` against the global limit."""
        if not counted:
            return None
        return next((g for g in self.global_limits if g.active), None)
