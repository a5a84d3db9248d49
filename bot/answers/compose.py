"""The composer: the registered function for each intent, written for a given day.

Composers live by concern in ``work_facts`` (facts of one work, credits table-driven from
the intent registry), ``people`` (cast, characters, people), ``franchise`` (lists, order,
lore, help) and ``cards`` (overview and the work card).
"""

from __future__ import annotations

import datetime as dt

from bot.answers import cards, found, franchise, people, work_facts
from bot.answers.base import Composed, Request, Writer
from bot.answers.model import Card
from bot.answers.registry import COMPOSERS
from bot.facts.schema import Work
from bot.intents import REGISTRY, Intent
from bot.nlu.entities import EntityRef

HELP_TEXT = franchise.HELP_TEXT
__all__ = ["HELP_TEXT", "Composed", "Composer", "Request"]
_MODULES = (cards, franchise, people, work_facts)  # importing them registers their composers
#: At most this many works are answered in turn ("when did jw1, jw2 and jw3 come out").
MAX_WORKS = 3


class Composer(Writer):
    """Writes answers from one knowledge base."""

    def compose(self, req: Request) -> Composed:
        """The answer for ``req``; work intents with several works answer each in turn."""
        if req.found is not None:  # "action movies starring keanu reeves from 2023"
            return found.works_found(self, req)
        handler = COMPOSERS[req.intent]
        works = req.all("work")
        # a superlative compares the films in one answer ("which is the longest")
        # ... and so does a comparative between the works named ("which is longer, ...")
        compared = (
            req.claims.comparative is not None
            and len(works) > 1
            and req.intent in work_facts.COMPARED
        )
        # "which films were shot in budapest": the works of a place, in one answer
        of_places = bool(req.places) and not req.claims.polar
        split = (
            req.first("person") is None
            and req.claims.extreme is None
            and not compared
            and not of_places
        )
        if REGISTRY[req.intent].per_work and len(works) > 1 and split:
            shown = works if req.whole else works[:MAX_WORKS]
            parts = [handler(self, _one_work(req, w)) for w in shown]
            sources = [s for p in parts for s in p.sources]
            lacking = all(p.lacking for p in parts)
            if req.whole and not lacking:  # of all the films: those with the fact
                parts = [p for p in parts if not p.lacking]
            lines = [p.text for p in parts]
            summed = work_facts.total(self, req, [self.kb.works[w] for w in works])
            if req.whole and summed is not None:
                lines.insert(0, summed)  # "what has the franchise made": the total first
            return Composed("\n".join(lines), list(dict.fromkeys(sources)), lacking=lacking)
        return handler(self, req)

    def work_card(self, work: Work, today: dt.date) -> Card:
        """The rich card shown for ``!ballerina`` and friends."""
        return cards.work_card(self, work, today)

    def upcoming(self, req: Request) -> Composed:
        """Announced projects and their status."""
        return COMPOSERS[Intent.UPCOMING](self, req)


def _one_work(req: Request, work_id: str) -> Request:
    one = {"work": [EntityRef("work", work_id)]}
    return Request(
        req.intent, one, req.today, req.years, claims=req.claims, asked=req.asked, places=req.places
    )
