"""The shipped knowledge is written for readers: no editor instructions leak into answers."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from pydantic import BaseModel

from bot.facts import load_knowledge
from bot.facts.knowledge import KnowledgeBase

KNOWLEDGE = Path(__file__).resolve().parents[2] / "knowledge"

#: A sentence that tells the bot (or an editor) what to say instead of stating a fact:
#: "Say 'about $327 million'.", "Use 86%.", "Do not say 2024."
_INSTRUCTION = re.compile(
    r"(?:^|[.;:!?]\s+|\(\s*)"
    r"(?:say|use|write|answer|tell|mention|avoid|don't|do not|never say|ignore|disregard)\b",
    re.IGNORECASE,
)


def instruction_in(text: str) -> str | None:
    """The first sentence of ``text`` that reads as an instruction, or None."""
    match = _INSTRUCTION.search(text)
    if match is None:
        return None
    return text[match.start() :].strip(" .;:!?()")[:80]


def _reader_texts(value: object, path: str) -> Iterator[tuple[str, str]]:
    """(path, text) for every note-like string under ``value`` (notes, status notes...)."""
    if isinstance(value, BaseModel):
        for name in type(value).model_fields:
            child = getattr(value, name)
            where = f"{path}.{name}"
            if name.endswith("note") or name == "notes":
                texts = child if isinstance(child, list) else [child]
                yield from ((where, t) for t in texts if isinstance(t, str))
            else:
                yield from _reader_texts(child, where)
    elif isinstance(value, (list, tuple)):
        for i, item in enumerate(value):
            yield from _reader_texts(item, f"{path}[{i}]")
    elif isinstance(value, dict):
        for key, item in value.items():
            yield from _reader_texts(item, f"{path}.{key}")


def _all_reader_texts(kb: KnowledgeBase) -> Iterator[tuple[str, str]]:
    for section in ("works", "people", "characters", "topics", "sources"):
        for ident, entry in getattr(kb, section).items():
            yield from _reader_texts(entry, f"{section}.{ident}")


@pytest.mark.parametrize(
    "text",
    [
        "Worldwide. Sources give $326M and $327M. Say 'about $327 million'.",
        'OMDb says 131 minutes. Say "about 2 hours 10 minutes".',
        "Use 86%.",
        "Do not say 2024; the date moved.",
        "Some reviews disagree (ignore the one that says 2h10m).",
    ],
)
def test_instructions_are_recognised(text: str) -> None:
    assert instruction_in(text) is not None


@pytest.mark.parametrize(
    "text",
    [
        "Worldwide, about $326–328 million: Collider gives $327 million.",
        "About 2 hours 10 minutes: IMDb's record says 131 minutes, many reviews say 130.",
        "Says he did about 90–95% of his own stunts in the first two films.",
        'Stahelski said he would "pull the trigger" when it felt right.',
        "The main theme, used throughout the film.",
    ],
)
def test_reader_text_is_not_mistaken_for_an_instruction(text: str) -> None:
    assert instruction_in(text) is None


def test_no_editor_instructions_in_the_shipped_notes() -> None:
    kb = load_knowledge(KNOWLEDGE)
    found = [
        f"{where}: {hit!r}"
        for where, text in _all_reader_texts(kb)
        if (hit := instruction_in(text)) is not None
    ]
    assert not found, "notes are shown to readers; state the fact instead:\n" + "\n".join(found)


def test_the_walker_reaches_nested_notes() -> None:
    kb = load_knowledge(KNOWLEDGE)
    paths = {where for where, _ in _all_reader_texts(kb)}
    assert "works.chapter-3.box_office.note" in paths
    assert any(p.startswith("works.the-continental.where_to_watch[") for p in paths)
    assert any(p.startswith("people.lance-reddick.notes") for p in paths)


#: ``known_for`` is read after "Known for" in a sentence, so a leading verb or article is
#: lowercase ("Known for shooting Crimson Peak"), while a title or name keeps its capital.
_CAPITALISED_LEAD = re.compile(r"^(?:[A-Z][a-z]+ing\b|The (?:title|voice|score|music|fight)\b)")


@pytest.mark.parametrize(
    ("text", "flagged"),
    [
        ("Shooting Crimson Peak.", True),
        ("The voice of Mr. Krabs.", True),
        ("shooting Crimson Peak.", False),
        ("The Usual Suspects and Miller's Crossing.", False),
        ("Neo in The Matrix.", False),
    ],
)
def test_a_capitalised_lead_is_recognised(text: str, flagged: bool) -> None:
    assert bool(_CAPITALISED_LEAD.match(text)) is flagged


def test_known_for_reads_inside_a_sentence() -> None:
    kb = load_knowledge(KNOWLEDGE)
    found = [
        f"{ident}: {person.known_for!r}"
        for ident, person in kb.people.items()
        if person.known_for and _CAPITALISED_LEAD.match(person.known_for)
    ]
    assert not found, "lowercase the leading verb or article:\n" + "\n".join(found)
