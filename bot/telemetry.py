"""What the running bot counts: Prometheus metrics and the day's figures of ``!stats``.

Discord-free: the adapters report events here (an answer given, a tick's report, an HTTP
status, a reconnect); :mod:`bot.health` serves the metrics when METRICS_PORT is set.
Every instance has its own registry, so tests and several bots in one process don't mix.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter as Tally
from dataclasses import dataclass, field

from prometheus_client import CollectorRegistry, Counter, Gauge, Histogram, generate_latest

from bot.answers.model import Answer
from bot.clock import Clock, utc_now
from bot.countdown.scheduler import TickReport

_STATUS = re.compile(r"\b([1-5]\d\d)\b")
#: Seconds from a question's arrival to Wickbot's reply.
LATENCY_BUCKETS = (0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0)


def outcome_of(answer: Answer) -> str:
    """``answered``, ``declined`` ("I don't know") or ``asked_back`` (which one did you mean)."""
    if answer.choices:
        return "asked_back"
    return "answered" if answer.answered else "declined"


def failure_reason(detail: str) -> str:
    """A failed post's detail reduced to a few label values (details hold ids and text)."""
    lowered = detail.lower()
    if "interrupted" in lowered:
        return "interrupted"
    if "sender error" in lowered:
        return "sender_error"
    status = _STATUS.search(detail)
    return f"http_{status.group(1)}" if status else "other"


@dataclass
class Day:
    """One UTC day's questions, for ``!stats``."""

    date: dt.date
    questions: int = 0
    declined: int = 0
    intents: Tally[str] = field(default_factory=Tally)


class Telemetry:
    """Counters for Prometheus and the day's question figures."""

    def __init__(self, clock: Clock = utc_now) -> None:
        self._clock = clock
        self.registry = CollectorRegistry(auto_describe=True)
        r = self.registry
        self.questions = Counter(
            "wickbot_questions",
            "Questions replied to, by outcome (answered, declined, asked_back) and intent",
            ["outcome", "intent"],
            registry=r,
        )
        self.latency = Histogram(
            "wickbot_answer_latency_seconds",
            "From a question's arrival to the reply",
            buckets=LATENCY_BUCKETS,
            registry=r,
        )
        self.announcements = Counter(
            "wickbot_announcements",
            "Countdown posts by outcome (sent, skipped, failed, stopped) and reason",
            ["outcome", "reason"],
            registry=r,
        )
        self.http = Counter(
            "wickbot_discord_http_responses",
            "Discord REST responses by status code",
            ["status"],
            registry=r,
        )
        self.rate_limited = Counter(
            "wickbot_discord_rate_limited",
            "Discord REST 429 responses, by scope (user, global, shared)",
            ["scope"],
            registry=r,
        )
        self.reconnects = Counter(
            "wickbot_gateway_reconnects",
            "Gateway reconnections: resume (session kept) or identify (a new session)",
            ["kind"],
            registry=r,
        )
        self.knowledge_info = Gauge(
            "wickbot_knowledge_info",
            "The knowledge version in use (value 1)",
            ["version"],
            registry=r,
        )
        self.knowledge_loaded = Gauge(
            "wickbot_knowledge_loaded_timestamp_seconds",
            "When the knowledge in use was loaded",
            registry=r,
        )
        self._version: str | None = None
        self._connections = 0
        self.today = Day(clock().date())

    # -- events -----------------------------------------------------------------------------

    def answered(self, answer: Answer, seconds: float) -> None:
        """Wickbot replied to a question with ``answer``, ``seconds`` after it arrived."""
        outcome = outcome_of(answer)
        intent = answer.intent or "none"
        self.questions.labels(outcome, intent).inc()
        self.latency.observe(seconds)
        day = self._day()
        day.questions += 1
        day.declined += outcome == "declined"
        if outcome == "answered":
            day.intents[intent] += 1

    def tick(self, report: TickReport) -> None:
        """What one announcement tick did."""
        if report.sent:
            self.announcements.labels("sent", "").inc(len(report.sent))
        if report.skipped:
            self.announcements.labels("skipped", "too_late").inc(len(report.skipped))
        for _, detail in report.failed:
            self.announcements.labels("failed", failure_reason(detail)).inc()
        if report.disabled:
            self.announcements.labels("stopped", "channel_unusable").inc(len(report.disabled))

    def http_response(self, status: int, scope: str | None = None) -> None:
        """A Discord REST response; 429s are also counted by their scope."""
        self.http.labels(str(status)).inc()
        if status == 429:
            self.rate_limited.labels(scope or "user").inc()

    def connected(self) -> None:
        """A gateway session started (READY); every one after the first is a reconnect."""
        self._connections += 1
        if self._connections > 1:
            self.reconnects.labels("identify").inc()

    def resumed(self) -> None:
        """The gateway connection dropped and the session was resumed."""
        self.reconnects.labels("resume").inc()

    def knowledge(self, version: str, loaded_at: dt.datetime) -> None:
        """The knowledge in use changed."""
        if self._version is not None:
            self.knowledge_info.remove(self._version)
        self.knowledge_info.labels(version).set(1)
        self.knowledge_loaded.set(loaded_at.timestamp())
        self._version = version

    # -- reading ----------------------------------------------------------------------------

    def _day(self) -> Day:
        date = self._clock().date()
        if date != self.today.date:
            self.today = Day(date)
        return self.today

    def day(self) -> Day:
        """Today's figures (UTC)."""
        return self._day()

    def exposition(self) -> bytes:
        """The metrics in the Prometheus text format."""
        return generate_latest(self.registry)


def _duration(seconds: float) -> str:
    minutes, _ = divmod(int(seconds), 60)
    hours, minutes = divmod(minutes, 60)
    days, hours = divmod(hours, 24)
    if days:
        return f"{days} d {hours} h"
    return f"{hours} h {minutes} min" if hours else f"{minutes} min"


def stats_text(day: Day, uptime: dt.timedelta, servers: int, top: int = 5) -> str:
    """What ``!stats`` shows the owner: uptime, servers, today's questions and top intents."""
    declined = f"{day.declined / day.questions:.0%}" if day.questions else "n/a"
    intents = ", ".join(f"{name} {count}" for name, count in day.intents.most_common(top))
    return "\n".join(
        [
            f"Up for {_duration(uptime.total_seconds())}, in {servers:,} servers.",
            f"Questions today (UTC): {day.questions:,}; declined: {declined}.",
            f"Top intents today: {intents or 'none yet'}.",
        ]
    )
