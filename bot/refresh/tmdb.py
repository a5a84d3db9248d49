"""Ask TMDB (The Movie Database, API key needed: TMDB_API_KEY) about one work.

Movies: ``/3/movie/{id}?append_to_response=credits,release_dates``; series:
``/3/tv/{id}?append_to_response=credits``. The key goes in the ``api_key`` parameter (a v3
key) or, for a v4 read access token, in an ``Authorization: Bearer`` header; it is never
printed.
"""

from __future__ import annotations

from typing import Any

from bot.facts.schema import FuzzyDate, Work
from bot.refresh.http import FetchError, Request, Transport
from bot.refresh.remote import RemoteDate, RemoteWork, SourceRef

API = "https://api.themoviedb.org/3"
#: TMDB crew jobs -> credit list.
JOBS: dict[str, str] = {
    "Director": "directors",
    "Screenplay": "writers",
    "Writer": "writers",
    "Original Music Composer": "composers",
    "Music": "composers",
    "Director of Photography": "cinematographers",
    "Editor": "editors",
    "Producer": "producers",
}
#: TMDB release types (release_dates): 2 limited, 3 theatrical.
_RELEASE_TYPES = {2: "limited", 3: "theatrical"}
#: Only the top of the billing is compared: TMDB lists every extra.
CAST_LIMIT = 20


def source_for(tmdb: str, title: str) -> SourceRef:
    """The citation for a TMDB entry (``movie/245891``)."""
    kind, number = tmdb.split("/")
    return SourceRef(
        id=f"TMDB{'M' if kind == 'movie' else 'T'}{number}",
        name="TMDB",
        url=f"https://www.themoviedb.org/{tmdb}",
        title=f"TMDB: {title}",
    )


def request_for(tmdb: str, api_key: str) -> Request:
    """The request for one TMDB entry, authenticated with ``api_key``."""
    kind = tmdb.split("/")[0]
    extra = "credits,release_dates" if kind == "movie" else "credits"
    params = {"append_to_response": extra, "language": "en-US"}
    headers: dict[str, str] = {}
    if api_key.startswith("eyJ"):  # a v4 read access token (a JWT)
        headers["Authorization"] = f"Bearer {api_key}"
    else:
        params["api_key"] = api_key
    return Request("TMDB", f"{API}/{tmdb}", params, headers, secret=frozenset({"api_key"}))


def fetch(work: Work, transport: Transport, api_key: str) -> RemoteWork | None:
    """What TMDB holds for ``work`` (None when the work has no TMDB id)."""
    if not work.ids or not work.ids.tmdb:
        return None
    return parse(transport(request_for(work.ids.tmdb, api_key)), work.ids.tmdb)


def _date(text: Any) -> FuzzyDate | None:
    if not isinstance(text, str) or len(text) < 10:
        return None
    try:
        return FuzzyDate.model_validate(text[:10])
    except ValueError:
        return None


def parse(data: Any, tmdb: str) -> RemoteWork:
    """Turn a TMDB movie or tv JSON body into a :class:`RemoteWork`."""
    if not isinstance(data, dict) or "id" not in data:
        raise FetchError("TMDB answered in an unexpected format (no id).", fatal=False)
    label = data.get("title") or data.get("name")
    remote = RemoteWork(source_for(tmdb, str(label or tmdb)), label=label)
    primary = _date(data.get("release_date") or data.get("first_air_date"))
    if primary:
        remote.releases.append(RemoteDate(primary, None, "primary"))
    for country in (data.get("release_dates") or {}).get("results", []):
        region = country.get("iso_3166_1")
        for item in country.get("release_dates", []):
            what = _RELEASE_TYPES.get(item.get("type"))
            date = _date(item.get("release_date"))
            release = RemoteDate(date, region, what) if date and what else None
            if release and release not in remote.releases:
                remote.releases.append(release)
    runtime = data.get("runtime")
    if isinstance(runtime, int) and runtime > 0:
        remote.runtimes.append(runtime)
    credits = data.get("credits") or {}
    for person in sorted(credits.get("cast", []), key=lambda p: p.get("order", 999)):
        if len(remote.cast) >= CAST_LIMIT:
            break
        name = person.get("name")
        if name and all(name != a for a, _ in remote.cast):
            remote.cast.append((name, person.get("character") or None))
    for person in credits.get("crew", []):
        group = JOBS.get(person.get("job", ""))
        if group and person.get("name"):
            remote.add_credit(group, person["name"])
    return remote
