"""`check` warns about stale statuses and lists the oldest dated facts, without failing."""

from __future__ import annotations

import datetime as dt
import io
import os
import subprocess
import sys
import textwrap
from pathlib import Path

from bot.cli import check
from bot.facts import load_knowledge
from bot.facts.freshness import Freshness, freshness_report, last_day, months_before
from bot.facts.schema import FuzzyDate
from tests.conftest import ROOT

FILES = {
    "sources.yaml": """
        sources:
          S1: {url: "https://example.org/a"}
        people:
          - {id: keanu-reeves, name: Keanu Reeves, description: Actor., sources: [S1]}
        characters:
          - {id: john-wick, name: John Wick, description: A hitman., sources: [S1]}
    """,
    "works/old-film.yaml": """
        id: old-film
        kind: film
        title: Old Film
        status: released
        release: {date: "2014-10-24"}
        box_office:
          low: 86000000
          as_of: "2023-04"
        scores:
          - {site: Rotten Tomatoes, value: "86%", as_of: "2025-06"}
          - {site: CinemaScore, value: B, as_of: "2014-10"}
        premise: A film.
        sources: {release: [S1], box_office: [S1], scores: [S1], status: [S1], premise: [S1]}
    """,
    "works/next-film.yaml": """
        id: next-film
        kind: announced
        title: Next Film
        status: in-development
        status_note: Announced.
        status_as_of: "2025-06"
        release: {date: TBA}
        premise: Not known.
        sources: {status: [S1], release: [S1], premise: [S1]}
    """,
}


def make_knowledge(root: Path, **overrides: str) -> Path:
    for name, text in {**FILES, **overrides}.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(text), encoding="utf-8")
    return root


def test_months_before_clamps_to_the_end_of_the_month() -> None:
    assert months_before(dt.date(2026, 8, 31), 6) == dt.date(2026, 2, 28)
    assert months_before(dt.date(2026, 3, 15), 6) == dt.date(2025, 9, 15)
    assert last_day(FuzzyDate.model_validate("2025-06")) == dt.date(2025, 6, 30)
    assert last_day(FuzzyDate.model_validate("2024")) == dt.date(2024, 12, 31)
    assert last_day(FuzzyDate.model_validate("TBA")) is None


def test_a_status_older_than_six_months_is_a_warning(tmp_path: Path) -> None:
    kb = load_knowledge(make_knowledge(tmp_path))
    fresh = Freshness(kb)
    assert fresh.stale_statuses(dt.date(2025, 12, 30)) == []  # June 30 + 6 months not yet past
    (warning,) = fresh.stale_statuses(dt.date(2026, 1, 1))
    assert warning.startswith("works/next-film.yaml:7: status_as_of: Next Film")
    assert "2025-06" in warning and "6 months" in warning


def test_released_works_never_get_a_status_warning(tmp_path: Path) -> None:
    kb = load_knowledge(make_knowledge(tmp_path))
    warnings = Freshness(kb).stale_statuses(dt.date(2040, 1, 1))
    assert [w.split(":")[0] for w in warnings] == ["works/next-film.yaml"]


def test_an_upcoming_work_without_status_as_of_is_flagged(tmp_path: Path) -> None:
    undated = FILES["works/next-film.yaml"].replace('        status_as_of: "2025-06"\n', "")
    kb = load_knowledge(make_knowledge(tmp_path, **{"works/next-film.yaml": undated}))
    (warning,) = Freshness(kb).stale_statuses(dt.date(2025, 7, 1))
    assert "works/next-film.yaml:5: status:" in warning and "no status_as_of" in warning


def test_dated_facts_come_oldest_first_with_file_line_and_field(tmp_path: Path) -> None:
    kb = load_knowledge(make_knowledge(tmp_path))
    facts = [str(f) for f in Freshness(kb).dated_facts()]
    assert facts == [
        "works/old-film.yaml:12: scores[1] (CinemaScore): as of 2014-10",
        "works/old-film.yaml:8: box_office: as of 2023-04",
        "works/next-film.yaml:7: status_as_of: as of 2025-06",
        "works/old-film.yaml:11: scores[0] (Rotten Tomatoes): as of 2025-06",
    ]


def test_check_prints_warnings_and_still_exits_zero(tmp_path: Path) -> None:
    root = make_knowledge(tmp_path)
    out = io.StringIO()
    assert check(root, out, today=dt.date(2026, 11, 25), oldest=2) == 0
    lines = out.getvalue().splitlines()
    assert lines[0].startswith("OK: 2 works")
    assert lines[1] == "Warning: 1 stale status:"
    assert lines[2].startswith("  works/next-film.yaml:7: status_as_of:")
    assert lines[3] == "Oldest dated facts (2 of 4; refresh them first):"
    assert lines[4:] == [
        "  works/old-film.yaml:12: scores[1] (CinemaScore): as of 2014-10",
        "  works/old-film.yaml:8: box_office: as of 2023-04",
    ]


def test_a_fresh_knowledge_base_prints_no_warning(tmp_path: Path) -> None:
    kb = load_knowledge(make_knowledge(tmp_path))
    report = freshness_report(kb, dt.date(2025, 7, 1), oldest=0)
    assert report == []


def test_the_command_takes_today_from_the_command_line(tmp_path: Path) -> None:
    root = make_knowledge(tmp_path)
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    cmd = [sys.executable, "-m", "bot", "check", "--knowledge", str(root)]
    early = subprocess.run([*cmd, "--today", "2025-07-01"], capture_output=True, text=True, env=env)
    late = subprocess.run([*cmd, "--today", "2027-01-01"], capture_output=True, text=True, env=env)
    assert early.returncode == late.returncode == 0
    assert "stale status" not in early.stdout
    assert "18 months before 2027-01-01" in late.stdout


def test_where_to_watch_dates_are_listed_with_service_and_region(tmp_path: Path) -> None:
    film = FILES["works/old-film.yaml"].replace(
        "        premise: A film.\n",
        "        where_to_watch:\n"
        '          - {region: US, service: Starz, how: stream, as_of: "2026-03"}\n'
        "        premise: A film.\n",
    )
    film = film.replace("premise: [S1]}", "premise: [S1], where_to_watch: [S1]}")
    kb = load_knowledge(make_knowledge(tmp_path, **{"works/old-film.yaml": film}))
    facts = [str(f) for f in Freshness(kb).dated_facts()]
    assert facts[-1] == "works/old-film.yaml:14: where_to_watch[0] (Starz, US): as of 2026-03"
