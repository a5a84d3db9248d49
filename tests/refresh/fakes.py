"""A transport that answers from the recorded responses in ``fixtures/`` (never the network)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from bot.refresh.http import FetchError, Request

FIXTURES = Path(__file__).resolve().parent / "fixtures"
KNOWLEDGE = FIXTURES / "knowledge"

#: How a recorded Wikidata answer is recognised: a string its SPARQL query contains.
WIKIDATA = {
    'wdt:P4947 "245891"': "wikidata-john-wick.json",
    "wd:Q90000001 ": "wikidata-john-wick.json",
    "wd:Q90000003 ": "wikidata-chapter-3.json",
    "wd:Q90000005 ": "wikidata-ballerina.json",
    "P569": "wikidata-people.json",
}
EMPTY_SPARQL = {"head": {"vars": ["work"]}, "results": {"bindings": []}}


class Recorded:
    """Answers requests from fixtures and remembers them; ``fail`` makes a service fail."""

    def __init__(self, wikidata: dict[str, str] | None = None, fail: str | None = None) -> None:
        self.wikidata = WIKIDATA if wikidata is None else wikidata
        self.fail = fail
        self.requests: list[Request] = []

    def __call__(self, request: Request) -> Any:
        self.requests.append(request)
        if request.service == self.fail:
            raise FetchError(f"{request.service} (test) could not be reached (refused).")
        if request.service == "Wikidata":
            query = request.params["query"]
            name = next((f for key, f in self.wikidata.items() if key in query), None)
            return _load(name) if name else EMPTY_SPARQL
        path = FIXTURES / f"tmdb-{request.url.rsplit('/3/', 1)[1].replace('/', '-')}.json"
        if not path.is_file():
            raise FetchError("TMDB (test) has no such entry (HTTP 404).", fatal=False)
        return json.loads(path.read_text(encoding="utf-8"))


def _load(name: str) -> Any:
    return json.loads((FIXTURES / name).read_text(encoding="utf-8"))
