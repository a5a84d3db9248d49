"""`knowledge refresh` on recorded Wikidata/TMDB answers: report, diff, --write, errors."""

from __future__ import annotations

import argparse
import datetime as dt
import io
import re
import shutil
import urllib.error
from pathlib import Path
from typing import Any

import pytest

from bot.cli import _parser
from bot.facts import KnowledgeBase, load_knowledge
from bot.facts.schema import Work
from bot.refresh import command, tmdb, wikidata
from bot.refresh.compare import Kind, Names, Plan, compare, title_matches
from bot.refresh.http import FetchError, Request, UrllibTransport
from bot.refresh.propose import DroppedFact, check_kept, parse_work
from bot.refresh.remote import RemoteDate, RemoteWork
from bot.refresh.run import Outcome, refresh
from bot.settings import Settings
from tests.refresh.fakes import KNOWLEDGE, Recorded, _load

TODAY = dt.date(2026, 12, 1)


@pytest.fixture
def root(tmp_path: Path) -> Path:
    """A writable copy of the frozen test knowledge."""
    return Path(shutil.copytree(KNOWLEDGE, tmp_path / "knowledge"))


@pytest.fixture(scope="module")
def kb() -> KnowledgeBase:
    return load_knowledge(KNOWLEDGE)


def run_command(
    root: Path, *argv: str, transport: Any = None, key: str | None = None
) -> tuple[int, str, str]:
    args = _parser().parse_args(["knowledge", "refresh", "--today", TODAY.isoformat(), *argv])
    settings = Settings(_env_file=None, tmdb_api_key=key)  # type: ignore[call-arg]
    out, err = io.StringIO(), io.StringIO()
    code = command.run(args, root, settings, out, err, transport=transport or Recorded())
    return code, out.getvalue(), err.getvalue()


def texts(root: Path) -> dict[str, str]:
    return {p.relative_to(root).as_posix(): p.read_text() for p in sorted(root.rglob("*.yaml"))}


# --- asking the sources ---------------------------------------------------------------


def test_the_sparql_query_asks_the_checked_properties(kb: KnowledgeBase) -> None:
    by_tmdb = wikidata.query_for(kb.works["john-wick"])
    assert by_tmdb is not None and 'wdt:P4947 "245891"' in by_tmdb
    props = ("P577", "P580", "P291", "P2047", "P57", "P58", "P86", "P344", "P1040", "P162", "P161")
    for prop in props:
        assert f"{prop} " in by_tmdb or f"{prop}." in by_tmdb, prop
    assert "pq:P453" in by_tmdb and "DeprecatedRank" in by_tmdb
    by_qid = wikidata.query_for(kb.works["ballerina"])
    assert by_qid is not None and "VALUES ?work { wd:Q90000005 }" in by_qid
    assert wikidata.query_for(kb.works["chapter-5"]) is None  # no ids: not asked


def test_sparql_results_become_facts(kb: KnowledgeBase) -> None:
    remote = wikidata.parse(_load("wikidata-john-wick.json"), kb.works["john-wick"])
    assert remote is not None
    assert remote.wikidata == "Q90000001" and remote.label == "John Wick"
    assert [r.describe() for r in remote.releases] == ["2014-10-24 (US)"]
    assert remote.runtimes == [101]
    assert remote.credits["composers"] == ["Tyler Bates", "Joel J. Richard"]
    assert remote.credits["editors"] == ["Elísabet Ronaldsdóttir"]
    assert ("Willem Dafoe", "Marcus") in remote.cast
    assert ("John Leguizamo", None) in remote.cast  # no character role qualifier
    assert remote.source.url == "https://www.wikidata.org/wiki/Q90000001"


def test_a_series_start_time_and_a_year_precision_date_are_read(kb: KnowledgeBase) -> None:
    def row(role: str, stamp: str, precision: str) -> dict[str, Any]:
        return {
            "work": {"type": "uri", "value": "http://www.wikidata.org/entity/Q90000007"},
            "role": {"type": "literal", "value": role},
            "value": {
                "datatype": "http://www.w3.org/2001/XMLSchema#dateTime",
                "type": "literal",
                "value": stamp,
            },
            "precision": {"type": "literal", "value": precision},
        }

    data = {
        "results": {
            "bindings": [
                row("start", "2023-09-22T00:00:00Z", "11"),
                row("release", "2023-01-01T00:00:00Z", "9"),
            ]
        }
    }
    remote = wikidata.parse(data, kb.works["ballerina"])
    assert remote is not None
    assert [r.describe() for r in remote.releases] == [
        "2023-09-22 (no region, start time)",
        "2023 (no region)",
    ]


def test_tmdb_answers_become_facts() -> None:
    remote = tmdb.parse(_load("tmdb-movie-245891.json"), "movie/245891")
    assert [r.describe() for r in remote.releases] == [
        "2014-10-22 (no region, primary)",
        "2014-10-24 (US, theatrical)",
    ]
    assert remote.runtimes == [101]
    assert remote.credits["cinematographers"] == ["Jonathan Sela"]
    assert remote.credits["writers"] == ["Derek Kolstad"]
    assert remote.cast[0] == ("Keanu Reeves", "John Wick")
    assert remote.source.id == "TMDBM245891"


def test_a_tmdb_series_gives_its_first_air_date_and_cast() -> None:
    remote = tmdb.parse(_load("tmdb-tv-72710.json"), "tv/72710")
    assert remote.label == "The Continental: From the World of John Wick"
    assert [r.describe() for r in remote.releases] == ["2023-09-22 (no region, primary)"]
    assert remote.runtimes == [] and remote.credits == {}  # executive producers are not read
    assert remote.cast[:2] == [
        ("Colin Woodell", "Winston Scott"),
        ("Mel Gibson", "Cormac O'Connor"),
    ]
    assert remote.source.id == "TMDBT72710"
    series = Work.model_validate(
        {
            "id": "the-continental",
            "kind": "series",
            "title": "The Continental",
            "full_title": "The Continental: From the World of John Wick",
            "status": "released",
            "release": {"date": "2023-09-22"},
            "premise": "Young Winston.",
            "sources": {},
        }
    )
    assert title_matches(series, remote.label)
    assert not title_matches(series, "John Wick")


def test_the_tmdb_key_is_sent_but_never_shown() -> None:
    request = tmdb.request_for("movie/245891", "s3cret-key")
    assert "api_key=s3cret-key" in request.full_url()
    assert "s3cret-key" not in request.shown_url() and "api_key=***" in request.shown_url()
    bearer = tmdb.request_for("tv/72710", "eyJhbGciOi.token")
    assert bearer.headers["Authorization"] == "Bearer eyJhbGciOi.token"
    assert "eyJ" not in bearer.full_url()
    settings = Settings(_env_file=None, tmdb_api_key="s3cret-key")  # type: ignore[call-arg]
    assert "s3cret-key" not in repr(settings)


# --- the report ------------------------------------------------------------------------


def lines_of(outcome: Outcome, work_title: str) -> list[str]:
    start = outcome.report.index(next(r for r in outcome.report if r.startswith(work_title)))
    end = outcome.report.index("", start)
    return outcome.report[start + 1 : end]


def test_every_disagreement_is_flagged_and_left_alone(kb: KnowledgeBase) -> None:
    outcome = refresh(kb, Recorded(), TODAY, tmdb_key="k", only={"john-wick", "chapter-3"})
    flagged = [line for line in outcome.report if "DISAGREES" in line]
    assert flagged == [
        "  ! DISAGREES release: YAML 2014-10-24 (US); TMDB 2014-10-22 (no region, primary)"
        " [TMDBM245891]",
        "  ! DISAGREES directors: YAML also lists David Leitch; TMDB does not (kept) [TMDBM245891]",
        "  ! DISAGREES runtime: YAML 130 minutes; Wikidata 131 minutes [WDQ90000003]",
        "  ! DISAGREES born: Alfie Allen: YAML 1986-09-21; Wikidata 1986-09-12 [WDQ91001005]",
    ]
    assert outcome.counts[Kind.DISAGREES] == 4
    assert "  + composers: Tyler Bates (also above) [TMDBM245891]" in outcome.report
    assert outcome.counts[Kind.ADDS] == 6  # ids, 2 composers, editor, producer, cast: once each
    assert "works/chapter-3.yaml" not in outcome.new  # a disagreement changes nothing
    new = parse_work(outcome.new["works/john-wick.yaml"])
    assert [c.person for c in new.directors] == ["chad-stahelski", "david-leitch"]
    assert new.release.date.text == "2014-10-24"


def test_the_report_names_what_agrees_what_is_added_and_what_needs_a_hand(
    kb: KnowledgeBase,
) -> None:
    outcome = refresh(kb, Recorded(), TODAY, only={"john-wick"})
    lines = lines_of(outcome, "John Wick —")
    assert "  = release: 2014-10-24 (US) [WDQ90000001]" in lines
    assert "  + composers: Tyler Bates [WDQ90000001]" in lines
    assert "  + cast: Willem Dafoe as Marcus [WDQ90000001]" in lines
    assert "  + ids: wikidata Q90000001 (found through the TMDB id) [WDQ90000001]" in lines
    assert (
        "  ? producers: not in people.yaml (add them first): Eva Longoria, Michael Witherill"
        " [WDQ90000001]" in lines
    )
    assert outcome.report[0] == (
        "Knowledge refresh (2026-12-01): Wikidata; TMDB skipped (no TMDB_API_KEY set)."
    )


def test_peoples_birth_and_death_dates_are_checked_not_written(kb: KnowledgeBase) -> None:
    recorded = Recorded()
    outcome = refresh(kb, recorded, TODAY)
    start = outcome.report.index(
        next(line for line in outcome.report if line.startswith("People ("))
    )
    assert outcome.report[start + 1 : start + 6] == [
        "  = born/died: 4 dates [Wikidata]",
        "  ! DISAGREES born: Alfie Allen: YAML 1986-09-21; Wikidata 1986-09-12 [WDQ91001005]",
        "  ? born: Lance Reddick: YAML 1962; Wikidata 1962-06-07 is more precise [WDQ91001011]",
        "  ? died: Michael Nyqvist: Wikidata gives 2017-06-27; people.yaml has none (add it)"
        " [WDQ91001003]",
        "  ? born: Willem Dafoe: Wikidata gives 1955-07-22; people.yaml has none (add it)"
        " [WDQ91001007]",
    ]
    (people_query,) = [r for r in recorded.requests if "P569" in r.params["query"]]
    assert "P570" in people_query.params["query"]
    assert "wd:Q91001005" in people_query.params["query"]  # Alfie Allen, found in the cast
    assert "people.yaml" not in outcome.new  # dates are hints and flags, never written


def test_works_without_ids_are_listed_as_not_asked(kb: KnowledgeBase) -> None:
    outcome = refresh(kb, Recorded(), TODAY)
    assert "Not asked (no ids: add ids.wikidata or ids.tmdb): chapter-5" in outcome.report


def test_a_source_that_names_another_work_is_not_used(kb: KnowledgeBase) -> None:
    wrong = Recorded(wikidata={"wd:Q90000005 ": "wikidata-john-wick.json"})
    outcome = refresh(kb, wrong, TODAY, only={"ballerina"})
    assert lines_of(outcome, "Ballerina —") == [
        "  ! DISAGREES ids: Wikidata calls this entry 'John Wick', not 'Ballerina'; check the ids"
        " [WDQ90000001]"
    ]
    assert not outcome.changes
    assert not any(line.startswith("People (") for line in outcome.report)  # not its people


# --- the diff --------------------------------------------------------------------------


def test_the_diff_is_a_unified_diff_of_additions_with_their_sources(root: Path) -> None:
    code, out, _ = run_command(root, "--work", "ballerina")
    assert code == 0
    diff = out[out.index("--- ") :]
    assert "--- a/knowledge/works/ballerina.yaml\n+++ b/knowledge/works/ballerina.yaml\n" in diff
    assert '-  date: "2025-06"\n+  date: "2025-06-06"\n' in diff
    assert "+composers:\n+  - person: tyler-bates\n+  - person: joel-j-richard\n" in diff
    assert "+runtime:\n+  minutes: 125\n" in diff
    assert "+  - {person: keanu-reeves, character: john-wick}\n" in diff
    assert "-  cast: [W5]\n+  cast: [W5, WDQ90000005]\n" in diff
    assert "+  composers: [WDQ90000005]\n" in diff
    assert "--- /dev/null\n+++ b/knowledge/sources/refresh.yaml\n" in diff
    assert '+    url: "https://www.wikidata.org/wiki/Q90000005"\n' in diff
    assert "Nothing written. Run again with --write" in out
    removed = [ln for ln in diff.splitlines() if ln.startswith("-") and not ln.startswith("---")]
    assert removed == ['-  date: "2025-06"', "-  release: [W5]", "-  cast: [W5]"]  # each re-added


def test_without_write_no_file_changes(root: Path) -> None:
    before = texts(root)
    code, out, _ = run_command(root, key="k", transport=Recorded())
    assert "+++ b/knowledge/works/john-wick.yaml" in out
    assert texts(root) == before
    assert code == 1  # TMDB has no recording for two works: reported, exit code 1


def test_write_applies_the_additions_and_keeps_every_source(root: Path) -> None:
    old = load_knowledge(root)
    code, out, err = run_command(root, "--write")
    assert code == 0, err
    assert "Wrote 3 files." in out
    new = load_knowledge(root)  # the written knowledge is valid
    for work_id, before in old.works.items():
        check_kept(before, new.works[work_id])  # nothing dropped, nothing overwritten
    wick = new.works["john-wick"]
    assert [c.person for c in wick.composers] == ["tyler-bates", "joel-j-richard"]
    assert wick.sources["composers"] == ["WDQ90000001"]
    assert wick.sources["cast"] == ["W1", "WDQ90000001"]
    assert wick.ids is not None and wick.ids.wikidata == "Q90000001"
    assert new.works["ballerina"].release.date.text == "2025-06-06"
    assert new.sources["WDQ90000005"].date == TODAY.isoformat()
    assert (root / "works/john-wick.yaml").read_text().startswith("# One work per file")
    again = run_command(root)
    assert again[0] == 0 and "No additions to propose." in again[1]


def test_a_dropped_or_changed_fact_is_caught(kb: KnowledgeBase) -> None:
    work = kb.works["john-wick"]
    data = work.model_dump(mode="json", exclude_none=True)

    def altered(**changes: Any) -> Work:
        fixed = {**data, "release": {**data["release"], "date": data["release"]["date"]["text"]}}
        fixed["premieres"] = [{**p, "date": p["date"]["text"]} for p in data["premieres"]]
        return Work.model_validate({**fixed, **changes})

    check_kept(work, altered())
    with pytest.raises(DroppedFact, match="cast"):
        check_kept(work, altered(cast=data["cast"][1:]))
    with pytest.raises(DroppedFact, match=r"sources\.cast"):
        check_kept(work, altered(sources={**work.sources, "cast": []}))
    with pytest.raises(DroppedFact, match="release"):
        check_kept(work, altered(release={"date": "2014-10-22"}))


def test_tba_becomes_the_date_the_source_gives(kb: KnowledgeBase) -> None:
    work = kb.works["chapter-5"]
    remote = RemoteWork(wikidata.source_for("Q90000009", work.title), label=work.title)
    remote.releases.append(RemoteDate(work.release.date.model_validate("2027-05-21"), "US"))
    plan = Plan(work)
    (finding,) = compare(work, remote, Names(kb), plan)
    assert (finding.kind, finding.text) == (Kind.ADDS, "2027-05-21 (US) replaces TBA")
    assert plan.release == "2027-05-21" and plan.cites == {"release": ["WDQ90000009"]}


def test_a_layout_it_cannot_edit_is_left_out_and_said(root: Path) -> None:
    path = root / "works/john-wick.yaml"
    text = path.read_text().replace(
        "producers:\n  - person: basil-iwanyk\n", "producers: [{person: basil-iwanyk}]\n"
    )
    path.write_text(text)
    code, out, _ = run_command(root, "--work", "john-wick")
    assert code == 0
    left_out = "  ? works/john-wick.yaml: left out of the diff, edit it by hand (producers is"
    assert left_out in out
    assert "No additions to propose." in out


# --- errors ----------------------------------------------------------------------------


def test_a_network_error_is_a_clear_message_and_nothing_is_written(root: Path) -> None:
    before = texts(root)
    code, out, err = run_command(root, "--write", transport=Recorded(fail="Wikidata"))
    assert code == 1
    assert "Error: Wikidata (test) could not be reached (refused)." in err
    assert err.count("Error:") == 1  # a dead source is not asked again for every work
    assert "No additions to propose." in out
    assert texts(root) == before


def test_a_partial_failure_still_writes_nothing(root: Path) -> None:
    before = texts(root)
    code, _, err = run_command(root, "--write", key="k")
    assert code == 1
    assert "chapter-3: TMDB (test) has no such entry (HTTP 404)." in err
    assert "Nothing written: a source failed" in err
    assert texts(root) == before


class Opener:
    """Stands in for ``urllib.request.urlopen``: raises ``error`` or returns ``body``."""

    def __init__(self, error: BaseException | None = None, body: bytes = b"{}") -> None:
        self.error, self.body = error, body
        self.calls: list[tuple[Any, float]] = []

    def __call__(self, req: Any, timeout: float) -> Any:
        self.calls.append((req, timeout))
        if self.error:
            raise self.error
        return io.BytesIO(self.body)


SPARQL = Request("Wikidata", wikidata.ENDPOINT, {"query": "SELECT 1", "format": "json"})


@pytest.mark.parametrize(
    ("error", "message"),
    [
        (
            urllib.error.URLError(ConnectionRefusedError(111, "Connection refused")),
            "Wikidata (query.wikidata.org) could not be reached (Connection refused); "
            "check the network connection.",
        ),
        (TimeoutError(), "Wikidata (query.wikidata.org) did not answer within 30 s"),
        (
            urllib.error.HTTPError(wikidata.ENDPOINT, 429, "Too Many", {}, None),  # type: ignore[arg-type]
            "rate-limiting us (HTTP 429)",
        ),
        (
            urllib.error.HTTPError(tmdb.API, 401, "Unauthorized", {}, None),  # type: ignore[arg-type]
            "check TMDB_API_KEY",
        ),
        (
            urllib.error.HTTPError(tmdb.API, 404, "Not Found", {}, None),  # type: ignore[arg-type]
            "HTTP 404): check the ids in the work's file. "
            "(https://query.wikidata.org/sparql?query=SELECT+1&format=json)",
        ),
    ],
)
def test_the_real_transport_turns_network_errors_into_messages(
    error: BaseException, message: str
) -> None:
    with pytest.raises(FetchError, match=re.escape(message)):
        UrllibTransport(opener=Opener(error))(SPARQL)


def test_a_missing_tmdb_entry_is_named_without_its_key() -> None:
    error = urllib.error.HTTPError(tmdb.API, 404, "Not Found", {}, None)  # type: ignore[arg-type]
    with pytest.raises(FetchError) as caught:
        UrllibTransport(opener=Opener(error))(tmdb.request_for("movie/1", "s3cret-key"))
    assert "https://api.themoviedb.org/3/movie/1?" in str(caught.value)
    assert "s3cret-key" not in str(caught.value) and "api_key=***" in str(caught.value)
    assert caught.value.fatal is False  # one work's problem: the others are still asked


def test_the_real_transport_sends_a_user_agent_and_a_timeout() -> None:
    opener = Opener(body=b'{"results": {"bindings": []}}')
    assert UrllibTransport(opener=opener)(SPARQL) == {"results": {"bindings": []}}
    ((req, timeout),) = opener.calls
    assert timeout == 30
    assert req.get_header("User-agent").startswith("WickbotKnowledgeRefresh/")
    assert req.full_url.startswith("https://query.wikidata.org/sparql?query=SELECT+1")
    with pytest.raises(FetchError, match="not JSON"):
        UrllibTransport(opener=Opener(body=b"<html>"))(SPARQL)


def test_the_command_line_parses_refresh() -> None:
    args = _parser().parse_args(["knowledge", "refresh", "--write", "--work", "ballerina"])
    assert isinstance(args, argparse.Namespace)
    assert (args.command, args.knowledge_command, args.write, args.work) == (
        "knowledge",
        "refresh",
        True,
        ["ballerina"],
    )
