"""Every intent is complete: one registry entry, phrasings in YAML, one composer, real fields.

Adding an intent is: its entry in ``bot.intents.REGISTRY``, its phrasings (and relation
words) in ``knowledge/intents.yaml``, and one ``@composes`` function (credits share one).
These tests fail when any of the three is missing or points at nothing.
"""

from __future__ import annotations

import datetime as dt

import pytest

from bot.answers.base import Request
from bot.answers.compose import Composer
from bot.answers.registry import COMPOSERS
from bot.facts import KnowledgeBase
from bot.facts.schema import Credit, Person, Work
from bot.intents import REGISTRY, Direction, Intent
from bot.nlu.entities import EntityRef

TODAY = dt.date(2026, 11, 25)
#: One thing of each kind to fill slots with when composing every intent once.
SAMPLE = {
    "work": EntityRef("work", "chapter-4"),
    "person": EntityRef("person", "keanu-reeves"),
    "character": EntityRef("character", "winston-scott"),
    "topic": EntityRef("topic", "markers"),
}


def test_every_intent_has_one_registry_entry() -> None:
    assert set(REGISTRY) == set(Intent)


def test_every_intent_has_a_composer() -> None:
    missing = [i.value for i in Intent if i not in COMPOSERS]
    assert not missing, f"no @composes function for {missing}"


def test_every_intent_is_taught_in_the_yaml(kb: KnowledgeBase) -> None:
    untaught = [i.value for i in Intent if i.value not in kb.intents]
    assert not untaught, f"no phrasings in knowledge/intents.yaml for {untaught}"


def test_fact_fields_exist_on_the_models() -> None:
    fields = set(Work.model_fields) | set(Person.model_fields)
    unknown = {i.value: d.field for i, d in REGISTRY.items() if d.field and d.field not in fields}
    assert not unknown, f"registry fields that no model has: {unknown}"


def test_credits_read_lists_of_credits() -> None:
    for intent, definition in REGISTRY.items():
        if definition.credit is None:
            continue
        assert definition.field is not None, intent
        annotation = Work.model_fields[definition.field].annotation
        assert annotation == list[Credit], f"{intent}: {definition.field} is {annotation}"


def test_fact_intents_need_a_work_and_franchise_intents_need_none() -> None:
    for intent, definition in REGISTRY.items():
        kinds = {k for accepted in definition.slots.required for k in accepted}
        if definition.direction is Direction.FRANCHISE:
            assert not kinds, intent
        if definition.per_work:
            assert "work" in kinds, intent


@pytest.mark.parametrize("intent", list(Intent), ids=lambda i: i.value)
def test_every_composer_answers_a_request_it_accepts(kb: KnowledgeBase, intent: Intent) -> None:
    definition = REGISTRY[intent]
    kinds = [
        "work" if "work" in accepted else sorted(accepted)[0]
        for accepted in definition.slots.required
    ]
    filled = {kind: [SAMPLE[kind]] for kind in kinds}
    composed = Composer(kb).compose(Request(intent, filled, TODAY))
    assert composed.text.strip(), f"{intent} composed an empty answer"
