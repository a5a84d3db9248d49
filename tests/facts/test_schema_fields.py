"""Crew, availability, awards, soundtrack, episodes and people's life dates: schema and checks."""

from __future__ import annotations

from pathlib import Path

import pytest
from pydantic import ValidationError

from bot.facts import load_knowledge
from bot.facts.schema import (
    Availability,
    Award,
    AwardResult,
    Episode,
    Person,
    Precision,
    WatchMethod,
)
from tests.facts.test_loader import BASE, problems, write

PERSON = """
  - id: tyler-bates
    name: Tyler Bates
    description: Composer.
    sources: [S1]
"""

EXTRA = """
composers:
  - {person: tyler-bates}
cinematographers:
  - {person: tyler-bates, note: "director of photography"}
editors:
  - {person: keanu-reeves}
stunt_coordinators:
  - {person: keanu-reeves, note: "fight choreographer"}
production_companies: ["Thunder Road", "87Eleven"]
where_to_watch:
  - {region: US, service: Peacock, how: stream, as_of: "2026-03"}
tagline: "Don't set him off."
awards:
  - {award: Saturn Awards, category: Best Action Film, result: nominated, year: 2015,
     recipients: [tyler-bates]}
soundtrack:
  - {title: "Shots Fired", artist: "Tyler Bates"}
trailers:
  - {date: "2014-06-05", what: "First trailer"}
seasons: 1
spin_off: true
season_note: "No second season announced."
episodes:
  - {number: 1, title: "Brothers in Arms", date: "2023-09-22", directors: [keanu-reeves],
     writers: [tyler-bates], runtime_minutes: 87}
"""

FILLED_SOURCES = {
    "composers": "S1",
    "cinematographers": "S1",
    "editors": "S1",
    "stunt_coordinators": "S1",
    "production_companies": "S1",
    "where_to_watch": "S2",
    "tagline": "S1",
    "awards": "S1",
    "soundtrack": "S1",
    "trailers": "S1",
    "seasons": "S1",
    "spin_off": "S1",
    "episodes": "S1",
}


def _files(extra: str = EXTRA, sources: dict[str, str] = FILLED_SOURCES) -> dict[str, str]:
    files = dict(BASE)
    work = BASE["works/test-film.yaml"].rstrip() + "\n"
    indent = "        "
    body = "".join(indent + line + "\n" if line else "\n" for line in extra.strip().split("\n"))
    work = work.replace(f"{indent}sources:\n", body + f"{indent}sources:\n")
    work += "".join(f"{indent}  {field}: [{sid}]\n" for field, sid in sources.items())
    files["works/test-film.yaml"] = work
    files["people.yaml"] = BASE["people.yaml"].rstrip() + "\n" + _indent(PERSON, 8)
    return files


def _indent(text: str, n: int) -> str:
    return "".join(" " * n + line + "\n" for line in text.strip("\n").split("\n"))


def test_new_work_fields_load(tmp_path: Path) -> None:
    kb = load_knowledge(write(tmp_path, _files()))
    work = kb.works["test-film"]
    assert [c.person for c in work.composers] == ["tyler-bates"]
    assert work.stunt_coordinators[0].note == "fight choreographer"
    assert work.production_companies == ["Thunder Road", "87Eleven"]
    assert work.where_to_watch[0].how is WatchMethod.STREAM
    assert work.where_to_watch[0].as_of.precision is Precision.MONTH
    assert work.awards[0].result is AwardResult.NOMINATED
    assert work.awards[0].recipients == ["tyler-bates"]
    assert work.soundtrack[0].artist == "Tyler Bates"
    assert work.trailers[0].date.text == "2014-06-05"
    assert work.seasons == 1
    assert work.spin_off is True
    episode = work.episodes[0]
    assert (episode.season, episode.runtime_minutes, episode.writers) == (1, 87, ["tyler-bates"])


@pytest.mark.parametrize("field", sorted(FILLED_SOURCES))
def test_each_new_fact_needs_a_source(tmp_path: Path, field: str) -> None:
    sources = {k: v for k, v in FILLED_SOURCES.items() if k != field}
    found = problems(write(tmp_path, _files(sources=sources)))
    assert any(f": {field}: this fact has no source" in p for p in found), found


@pytest.mark.parametrize(
    ("old", "new", "where"),
    [
        (
            "composers:\n  - {person: tyler-bates}",
            "composers:\n  - {person: nobody}",
            "composers[0]",
        ),
        ("editors:\n  - {person: keanu-reeves}", "editors:\n  - {person: nobody}", "editors[0]"),
        (
            "stunt_coordinators:\n  - {person: keanu-reeves,",
            "stunt_coordinators:\n  - {person: nobody,",
            "stunt_coordinators[0]",
        ),
        (
            "cinematographers:\n  - {person: tyler-bates,",
            "cinematographers:\n  - {person: nobody,",
            "cinematographers[0]",
        ),
        ("recipients: [tyler-bates]", "recipients: [nobody]", "awards[0].recipients[0]"),
        ("writers: [tyler-bates]", "writers: [nobody]", "episodes[0].writers[0]"),
    ],
)
def test_unknown_people_in_new_credit_lists(tmp_path: Path, old: str, new: str, where: str) -> None:
    assert old in EXTRA
    found = problems(write(tmp_path, _files(EXTRA.replace(old, new))))
    assert any(f"{where}" in p and "unknown person 'nobody'" in p for p in found), found


def test_availability_needs_its_date_and_a_known_way_to_watch() -> None:
    with pytest.raises(ValidationError, match="as_of"):
        Availability.model_validate({"region": "US", "service": "Starz", "how": "stream"})
    with pytest.raises(ValidationError, match="how"):
        Availability.model_validate(
            {"region": "US", "service": "Starz", "how": "borrow", "as_of": "2026-03"}
        )
    with pytest.raises(ValidationError, match="service"):
        Availability.model_validate({"region": "US", "service": "", "how": "rent", "as_of": "2026"})


def test_award_result_and_year_are_checked() -> None:
    base = {"award": "Saturn Awards", "category": "Best Actor", "year": 2024}
    assert Award.model_validate({**base, "result": "won"}).recipients == []
    with pytest.raises(ValidationError, match="result"):
        Award.model_validate({**base, "result": "shortlisted"})
    with pytest.raises(ValidationError, match="year"):
        Award.model_validate({**base, "result": "won", "year": "last year"})
    with pytest.raises(ValidationError, match="category"):
        Award.model_validate({**base, "result": "won", "category": ""})


def test_episode_defaults_and_bounds() -> None:
    episode = Episode.model_validate(
        {"number": 2, "title": "Loyalty to the Master", "date": "2023-09-29"}
    )
    assert (episode.season, episode.runtime_minutes, episode.writers) == (1, None, [])
    with pytest.raises(ValidationError, match="runtime_minutes"):
        Episode.model_validate({"number": 1, "title": "x", "date": "2023", "runtime_minutes": 0})
    with pytest.raises(ValidationError, match="season"):
        Episode.model_validate({"number": 1, "title": "x", "date": "2023", "season": 0})


def test_person_life_dates() -> None:
    base = {
        "id": "lance-reddick",
        "name": "Lance Reddick",
        "description": "Actor.",
        "sources": ["S1"],
    }
    person = Person.model_validate(
        {
            **base,
            "born": "1962-06-07",
            "died": "2023-03-17",
            "birthplace": "Baltimore, Maryland",
            "nationality": "American",
            "known_for": "Cedric Daniels in The Wire",
        }
    )
    assert person.born is not None and person.born.precision is Precision.DAY
    assert person.died is not None and person.died.text == "2023-03-17"
    assert Person.model_validate(base).born is None
    with pytest.raises(ValidationError, match="died must not be before born"):
        Person.model_validate({**base, "born": "1962-06-07", "died": "1960"})
    with pytest.raises(ValidationError, match="born"):
        Person.model_validate({**base, "born": "June 1962"})
