"""Loading and validating knowledge: every problem, with file, line and field, all at once."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest

from bot.facts import KnowledgeError, load_knowledge
from bot.facts.schema import Precision

BASE = {
    "sources/s.yaml": """
        sources:
          S1: {url: "https://example.org/a", date: "2014"}
          S2: {url: "https://example.org/b"}
    """,
    "people.yaml": """
        people:
          - id: keanu-reeves
            name: Keanu Reeves
            description: Actor.
            sources: [S1]
    """,
    "characters.yaml": """
        characters:
          - id: john-wick
            name: John Wick
            aliases: [baba yaga]
            description: A retired hitman.
            sources: [S1]
    """,
    "works/test-film.yaml": """
        id: test-film
        kind: film
        title: Test Film
        aliases: [tf1]
        status: released
        release:
          date: "2014-10-24"
        cast:
          - {person: keanu-reeves, character: john-wick}
        runtime: {minutes: 101}
        premise: A man wants his dog back.
        sources:
          release: [S1]
          cast: [S1]
          runtime: [S2]
          premise: [S1]
          status: [S1]
    """,
    "intents.yaml": """
        intents:
          director:
            phrasings: ["who directed {work}"]
    """,
}


def drop_line(text: str, content: str) -> str:
    """``text`` without the line whose stripped content is ``content``."""
    return "\n".join(line for line in text.split("\n") if line.strip() != content)


def write(root: Path, files: dict[str, str]) -> Path:
    for rel, text in files.items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(text).lstrip("\n"), encoding="utf-8")
    return root


def problems(root: Path) -> list[str]:
    with pytest.raises(KnowledgeError) as info:
        load_knowledge(root)
    return [str(p) for p in info.value.problems]


def test_minimal_knowledge_loads(tmp_path: Path) -> None:
    kb = load_knowledge(write(tmp_path, BASE))
    work = kb.works["test-film"]
    assert work.release.date.precision is Precision.DAY
    assert work.release.date.exact is not None and work.release.date.exact.year == 2014
    assert kb.roles_by_person["keanu-reeves"][0].character is not None


def test_the_shipped_knowledge_is_valid() -> None:
    kb = load_knowledge(Path(__file__).resolve().parents[2] / "knowledge")
    assert {"john-wick", "chapter-2", "chapter-3", "chapter-4", "ballerina"} <= set(kb.works)
    assert kb.works["ballerina"].release.date.text == "2025-06-06"
    assert kb.works["ballerina"].date_history[0].date.text == "2024-06-07"
    assert kb.works["chapter-5"].release.date.precision is Precision.TBA


def test_malformed_yaml_names_file_and_line(tmp_path: Path) -> None:
    files = dict(BASE)
    files["people.yaml"] = "people:\n  - id: keanu-reeves\n    name: [unclosed\n"
    found = problems(write(tmp_path, files))
    assert any(p.startswith("people.yaml:") and "malformed YAML" in p for p in found)


def test_missing_field_wrong_type_and_bad_date_with_lines(tmp_path: Path) -> None:
    files = dict(BASE)
    files["works/test-film.yaml"] = (
        drop_line(BASE["works/test-film.yaml"], "title: Test Film")
        .replace("{minutes: 101}", '{minutes: "long"}')
        .replace('"2014-10-24"', '"2014-02-30"')
    )
    found = problems(write(tmp_path, files))
    text = "\n".join(found)
    assert "works/test-film.yaml:1: title: Field required" in text
    assert "works/test-film.yaml:9: runtime.minutes:" in text
    assert "works/test-film.yaml:6: release.date:" in text and "not a real date" in text


def test_date_must_say_its_precision_in_a_known_form(tmp_path: Path) -> None:
    files = dict(BASE)
    files["works/test-film.yaml"] = BASE["works/test-film.yaml"].replace(
        '"2014-10-24"', '"October 2014"'
    )
    assert any("YYYY-MM-DD, YYYY-MM, YYYY or TBA" in p for p in problems(write(tmp_path, files)))


def test_duplicate_ids_unknown_people_and_sources(tmp_path: Path) -> None:
    files = dict(BASE)
    files["more-people.yaml"] = """
        people:
          - id: keanu-reeves
            name: K. Reeves
            description: Duplicate.
            sources: [S9]
    """
    files["works/test-film.yaml"] = BASE["works/test-film.yaml"].replace(
        "{person: keanu-reeves, character: john-wick}", "{person: nobody, character: john-wick}"
    )
    found = "\n".join(problems(write(tmp_path, files)))
    assert "duplicate person id 'keanu-reeves' (first defined at" in found
    assert "unknown source 'S9'" in found
    assert "cast[0].person: unknown person 'nobody'" in found


def test_fact_without_source_is_reported_at_the_fact(tmp_path: Path) -> None:
    files = dict(BASE)
    files["works/test-film.yaml"] = drop_line(BASE["works/test-film.yaml"], "runtime: [S2]")
    found = problems(write(tmp_path, files))
    assert any("test-film.yaml:10: runtime: this fact has no source" in p for p in found)


def test_alias_collisions_between_two_things(tmp_path: Path) -> None:
    files = dict(BASE)
    files["works/test-film.yaml"] = BASE["works/test-film.yaml"].replace(
        "aliases: [tf1]", "aliases: [tf1, Baba Yaga]"
    )
    found = problems(write(tmp_path, files))
    assert any(
        "also names work 'test-film'" in p and p.startswith("characters.yaml:4: ") for p in found
    )


def test_a_title_may_equal_a_character_name(tmp_path: Path) -> None:
    files = dict(BASE)
    files["works/test-film.yaml"] = BASE["works/test-film.yaml"].replace(
        "title: Test Film", "title: John Wick"
    )
    load_knowledge(write(tmp_path, files))  # deliberate ambiguity, resolved by the engine


def test_unknown_keys_and_intents_and_all_problems_at_once(tmp_path: Path) -> None:
    files = dict(BASE)
    files["intents.yaml"] = """
        intents:
          dance_off:
            phrasings: ["can {work} dance"]
    """
    files["characters.yaml"] = BASE["characters.yaml"].replace("description:", "descripton:")
    files["works/test-film.yaml"] = BASE["works/test-film.yaml"].replace(
        "id: test-film", "id: other"
    )
    found = "\n".join(problems(write(tmp_path, files)))
    assert "unknown intent 'dance_off'" in found
    assert "characters[0].descripton: Extra inputs are not permitted" in found
    assert "should match the file name" in found


def test_empty_and_missing_directories(tmp_path: Path) -> None:
    assert any("no .yaml files" in p for p in problems(tmp_path))
    assert any("not found" in p for p in problems(tmp_path / "nope"))
