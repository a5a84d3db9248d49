"""Telemetry: the Prometheus counters, the day's figures and what !stats says."""

from __future__ import annotations

import datetime as dt

from prometheus_client.parser import text_string_to_metric_families

from bot.answers.model import Answer, Choice
from bot.countdown.scheduler import TickReport
from bot.storage import PostKey
from bot.telemetry import Day, Telemetry, failure_reason, outcome_of, stats_text
from tests.conftest import TODAY

KEY = PostKey(1, "chapter-5", "2027-05-21", 7)


def samples(telemetry: Telemetry) -> dict[tuple[str, tuple[tuple[str, str], ...]], float]:
    text = telemetry.exposition().decode()
    return {
        (s.name, tuple(sorted(s.labels.items()))): s.value
        for family in text_string_to_metric_families(text)
        for s in family.samples
    }


def answer(intent: str | None, answered: bool = True, choices: bool = False) -> Answer:
    picked = (Choice("work:john-wick", "John Wick (2014)"),) if choices else ()
    return Answer("q", answered, "t", intent=intent, choices=picked)


def test_outcomes() -> None:
    assert outcome_of(answer("cast")) == "answered"
    assert outcome_of(answer(None, answered=False)) == "declined"
    assert outcome_of(answer("cast", choices=True)) == "asked_back"


def test_answers_are_counted_by_outcome_and_intent_with_their_latency() -> None:
    telemetry = Telemetry(lambda: TODAY)
    telemetry.answered(answer("who_plays"), 0.003)
    telemetry.answered(answer("who_plays"), 0.004)
    telemetry.answered(answer(None, answered=False), 0.002)
    found = samples(telemetry)
    key = (("intent", "who_plays"), ("outcome", "answered"))
    assert found[("wickbot_questions_total", key)] == 2
    declined = (("intent", "none"), ("outcome", "declined"))
    assert found[("wickbot_questions_total", declined)] == 1
    assert found[("wickbot_answer_latency_seconds_count", ())] == 3
    assert found[("wickbot_answer_latency_seconds_bucket", (("le", "0.0025"),))] == 1
    day = telemetry.day()
    assert (day.questions, day.declined, day.intents["who_plays"]) == (3, 1, 2)


def test_the_day_starts_afresh_at_midnight_utc() -> None:
    now = [TODAY]
    telemetry = Telemetry(lambda: now[0])
    telemetry.answered(answer("cast"), 0.001)
    now[0] += dt.timedelta(days=1)
    assert telemetry.day().questions == 0
    assert (
        samples(telemetry)[
            ("wickbot_questions_total", (("intent", "cast"), ("outcome", "answered")))
        ]
        == 1
    )  # counters only grow


def test_announcements_http_statuses_reconnects_and_the_knowledge_version() -> None:
    telemetry = Telemetry(lambda: TODAY)
    report = TickReport(TODAY, None, 3, sent=[KEY, KEY], skipped=[KEY])
    report.failed = [(KEY, "503 Service Unavailable (4 tries)"), (KEY, "sender error: x")]
    report.disabled = {2: "Missing Access (403)"}
    telemetry.tick(report)
    for status, scope in ((200, None), (200, None), (429, "global"), (429, None)):
        telemetry.http_response(status, scope)
    telemetry.connected()
    telemetry.resumed()
    telemetry.connected()
    telemetry.knowledge("aaa", TODAY)
    telemetry.knowledge("bbb", TODAY)
    found = samples(telemetry)
    ann = "wickbot_announcements_total"
    assert found[(ann, (("outcome", "sent"), ("reason", "")))] == 2
    assert found[(ann, (("outcome", "skipped"), ("reason", "too_late")))] == 1
    assert found[(ann, (("outcome", "failed"), ("reason", "http_503")))] == 1
    assert found[(ann, (("outcome", "failed"), ("reason", "sender_error")))] == 1
    assert found[(ann, (("outcome", "stopped"), ("reason", "channel_unusable")))] == 1
    assert found[("wickbot_discord_http_responses_total", (("status", "200"),))] == 2
    assert found[("wickbot_discord_http_responses_total", (("status", "429"),))] == 2
    assert found[("wickbot_discord_rate_limited_total", (("scope", "global"),))] == 1
    assert found[("wickbot_discord_rate_limited_total", (("scope", "user"),))] == 1
    assert found[("wickbot_gateway_reconnects_total", (("kind", "resume"),))] == 1
    assert found[("wickbot_gateway_reconnects_total", (("kind", "identify"),))] == 1
    assert found[("wickbot_knowledge_info", (("version", "bbb"),))] == 1
    assert ("wickbot_knowledge_info", (("version", "aaa"),)) not in found
    assert found[("wickbot_knowledge_loaded_timestamp_seconds", ())] == TODAY.timestamp()


def test_failure_reasons_stay_few() -> None:
    assert failure_reason("interrupted while sending; too late to post") == "interrupted"
    assert failure_reason("403 Forbidden (error code: 50013)") == "http_403"
    assert failure_reason("temporary failure (4 tries)") == "other"


def test_stats_text() -> None:
    day = Day(TODAY.date(), questions=40, declined=10)
    day.intents.update({"release_date": 12, "who_plays": 9, "cast": 3})
    text = stats_text(day, dt.timedelta(days=2, hours=3), 1234, top=2)
    assert text == (
        "Up for 2 d 3 h, in 1,234 servers.\n"
        "Questions today (UTC): 40; declined: 25%.\n"
        "Top intents today: release_date 12, who_plays 9."
    )
    empty = stats_text(Day(TODAY.date()), dt.timedelta(minutes=5), 1)
    assert "declined: n/a" in empty and "none yet" in empty and "5 min" in empty
