"""Ask Wikidata's SPARQL endpoint (no key needed) about one work.

Properties (checked on wikidata.org): P577 publication date (qualifier P291 place of
publication), P580 start time (a series' first airing), P2047 duration, P57 director,
P58 screenwriter, P86 composer, P344 director of photography, P1040 film editor, P162
producer, P161 cast member (qualifier P453 character role). A work without a QID is found
by P4947 TMDB movie ID / P4983 TMDB TV series ID. The people found there are then asked for
P569 date of birth and P570 date of death. Deprecated statements are ignored.
"""

from __future__ import annotations

import re
from typing import Any

from bot.facts.schema import FuzzyDate, Work
from bot.refresh.http import FetchError, Request, Transport
from bot.refresh.remote import RemoteDate, RemoteWork, SourceRef

ENDPOINT = "https://query.wikidata.org/sparql"
ENTITY = "http://www.wikidata.org/entity/"

#: Credit list -> Wikidata property.
CREDIT_PROPERTIES: dict[str, str] = {
    "directors": "P57",
    "writers": "P58",
    "composers": "P86",
    "cinematographers": "P344",
    "editors": "P1040",
    "producers": "P162",
}
_PRECISION = {"11": "day", "10": "month", "9": "year"}
#: Duration units -> minutes per unit (minute, hour, second).
_UNITS = {"Q7727": 1.0, "Q25235": 60.0, "Q11574": 1 / 60}
_REGIONS = {"United States of America": "US", "United States": "US"}
_NOT_DEPRECATED = "FILTER NOT EXISTS { ?st wikibase:rank wikibase:DeprecatedRank . }"
#: Result roles whose value is a person.
PERSON_ROLES = frozenset({"cast", *CREDIT_PROPERTIES})
#: People per query (a VALUES list; the endpoint handles far more, this stays polite).
PEOPLE_PER_QUERY = 100
#: A person's life dates, as Wikidata gives them: "born"/"died" -> dates.
LifeDates = dict[str, list[FuzzyDate]]


def source_for(qid: str, title: str) -> SourceRef:
    """The citation for a Wikidata item."""
    return SourceRef(
        id=f"WD{qid}",
        name="Wikidata",
        url=f"https://www.wikidata.org/wiki/{qid}",
        title=f"Wikidata: {title} ({qid})",
    )


def query_for(work: Work) -> str | None:
    """The SPARQL query for ``work``, or None when it has neither a QID nor a TMDB id."""
    ids = work.ids
    if ids and ids.wikidata:
        identify = f"VALUES ?work {{ wd:{ids.wikidata} }}"  # an inline binding the planner uses
    elif ids and ids.tmdb:
        kind, number = ids.tmdb.split("/")
        prop = "P4947" if kind == "movie" else "P4983"
        identify = f'?work wdt:{prop} "{number}" .'
    else:
        return None
    credits = "\n  UNION ".join(
        f'{{ ?work wdt:{prop} ?value . BIND("{group}" AS ?role) }}'
        for group, prop in CREDIT_PROPERTIES.items()
    )
    return f"""SELECT ?work ?workLabel ?role ?value ?valueLabel ?precision ?unit ?character
       ?characterLabel ?place ?placeLabel WHERE {{
  {identify}
  {{ ?work p:P577 ?st . ?st psv:P577 ?node . {_NOT_DEPRECATED}
    ?node wikibase:timeValue ?value ; wikibase:timePrecision ?precision .
    OPTIONAL {{ ?st pq:P291 ?place . }}
    BIND("release" AS ?role) }}
  UNION {{ ?work p:P580 ?st . ?st psv:P580 ?node . {_NOT_DEPRECATED}
    ?node wikibase:timeValue ?value ; wikibase:timePrecision ?precision .
    BIND("start" AS ?role) }}
  UNION {{ ?work p:P2047 ?st . ?st psv:P2047 ?node . {_NOT_DEPRECATED}
    ?node wikibase:quantityAmount ?value ; wikibase:quantityUnit ?unit .
    BIND("runtime" AS ?role) }}
  UNION {{ ?work p:P161 ?st . ?st ps:P161 ?value . {_NOT_DEPRECATED}
    OPTIONAL {{ ?st pq:P453 ?character . }}
    BIND("cast" AS ?role) }}
  UNION {credits}
  SERVICE wikibase:label {{ bd:serviceParam wikibase:language "en". }}
}}"""


def fetch(work: Work, transport: Transport) -> RemoteWork | None:
    """What Wikidata holds for ``work`` (None when the work has no ids to look it up by)."""
    query = query_for(work)
    if query is None:
        return None
    request = Request(
        service="Wikidata",
        url=ENDPOINT,
        params={"query": query, "format": "json"},
        headers={"Accept": "application/sparql-results+json"},
    )
    return parse(transport(request), work)


def _value(row: dict[str, Any], name: str) -> str | None:
    cell = row.get(name)
    return str(cell["value"]) if isinstance(cell, dict) and "value" in cell else None


def _label(row: dict[str, Any], name: str) -> str | None:
    """The English label of an item cell; None when Wikidata has none (it echoes the QID)."""
    label = _value(row, f"{name}Label")
    if label is None or re.fullmatch(r"Q\d+", label):
        return None
    return label


def _qid(uri: str | None) -> str | None:
    return uri[len(ENTITY) :] if uri and uri.startswith(ENTITY) else None


def parse(data: Any, work: Work) -> RemoteWork | None:
    """Turn SPARQL JSON results into a :class:`RemoteWork` (None when no item matched)."""
    try:
        rows: list[dict[str, Any]] = data["results"]["bindings"]
    except (KeyError, TypeError):
        raise FetchError("Wikidata answered in an unexpected format (no results).") from None
    qids = {_qid(_value(row, "work")) for row in rows} - {None}
    if not qids:
        return None
    if len(qids) > 1:
        found = ", ".join(sorted(q for q in qids if q))
        raise FetchError(
            f"Wikidata has several items for {work.id} ({found}); set ids.wikidata", fatal=False
        )
    qid = next(iter(qids))
    assert qid is not None
    label = next((_value(r, "workLabel") for r in rows if _value(r, "workLabel")), None)
    remote = RemoteWork(source_for(qid, label or work.title), label=label, wikidata=qid)
    for row in rows:
        role = _value(row, "role")
        if role in ("release", "start"):
            _add_release(remote, row, "start time" if role == "start" else None)
        elif role == "runtime":
            _add_runtime(remote, row)
        elif role == "cast":
            actor = _label(row, "value")
            if actor and all(actor != a for a, _ in remote.cast):
                remote.cast.append((actor, _label(row, "character")))
        elif role in CREDIT_PROPERTIES:
            name = _label(row, "value")
            if name:
                remote.add_credit(role, name)
        person = _qid(_value(row, "value")) if role in PERSON_ROLES else None
        name = _label(row, "value")
        if person and name:
            remote.people.setdefault(name, person)
    return remote


def _date(row: dict[str, Any]) -> FuzzyDate | None:
    """A time value cut to its precision (day, month or year)."""
    stamp = _value(row, "value") or ""
    precision = _PRECISION.get(_value(row, "precision") or "")
    match = re.match(r"^\+?(\d{4})-(\d{2})-(\d{2})", stamp)
    if not match or precision is None:
        return None
    year, month, day = match.groups()
    text = {"day": f"{year}-{month}-{day}", "month": f"{year}-{month}"}.get(precision, year)
    return FuzzyDate.model_validate(text)


def _add_release(remote: RemoteWork, row: dict[str, Any], what: str | None) -> None:
    date = _date(row)
    if date is None:
        return
    place = _label(row, "place")
    release = RemoteDate(date, _REGIONS.get(place or "", place), what)
    if release not in remote.releases:
        remote.releases.append(release)


def _add_runtime(remote: RemoteWork, row: dict[str, Any]) -> None:
    unit = _qid(_value(row, "unit"))
    try:
        amount = float(_value(row, "value") or "")
    except ValueError:
        return
    factor = _UNITS.get(unit or "")
    if factor is None or amount <= 0:
        return
    minutes = round(amount * factor)
    if minutes not in remote.runtimes:
        remote.runtimes.append(minutes)


def people_query(qids: list[str]) -> str:
    """The SPARQL query for the birth and death dates of ``qids``."""
    values = " ".join(f"wd:{q}" for q in qids)
    branches = "\n  UNION ".join(
        f"""{{ ?person p:{prop} ?st . ?st psv:{prop} ?node . {_NOT_DEPRECATED}
    ?node wikibase:timeValue ?value ; wikibase:timePrecision ?precision .
    BIND("{role}" AS ?role) }}"""
        for role, prop in (("born", "P569"), ("died", "P570"))
    )
    return f"""SELECT ?person ?role ?value ?precision WHERE {{
  VALUES ?person {{ {values} }}
  {branches}
}}"""


def fetch_people(qids: list[str], transport: Transport) -> dict[str, LifeDates]:
    """Birth and death dates per QID (people Wikidata has no dates for are left out)."""
    out: dict[str, LifeDates] = {}
    for start in range(0, len(qids), PEOPLE_PER_QUERY):
        chunk = qids[start : start + PEOPLE_PER_QUERY]
        request = Request(
            service="Wikidata",
            url=ENDPOINT,
            params={"query": people_query(chunk), "format": "json"},
            headers={"Accept": "application/sparql-results+json"},
        )
        data = transport(request)
        try:
            rows: list[dict[str, Any]] = data["results"]["bindings"]
        except (KeyError, TypeError):
            raise FetchError("Wikidata answered in an unexpected format (no results).") from None
        for row in rows:
            qid, role, date = _qid(_value(row, "person")), _value(row, "role"), _date(row)
            if qid and role in ("born", "died") and date is not None:
                dates = out.setdefault(qid, {}).setdefault(role, [])
                if date not in dates:
                    dates.append(date)
    return out
