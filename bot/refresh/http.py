"""The one door to the network: a request, a transport, and errors a maintainer can read.

Tests inject a transport that answers from recorded JSON; only :class:`UrllibTransport`
talks to the real endpoints, with a User-Agent and a timeout.
"""

from __future__ import annotations

import json
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any, Protocol

USER_AGENT = (
    "WickbotKnowledgeRefresh/0.1 (John Wick fan Discord bot; run by its maintainer) python-urllib"
)
DEFAULT_TIMEOUT = 30.0


class FetchError(Exception):
    """A source could not be asked; the message says which, why, and what to do.

    ``fatal`` errors (network down, bad key, rate limit) stop asking that source; a missing
    entry (HTTP 404) only concerns one work.
    """

    def __init__(self, message: str, fatal: bool = True) -> None:
        super().__init__(message)
        self.fatal = fatal


@dataclass(frozen=True)
class Request:
    """A GET request; ``secret`` names query parameters that must never be shown."""

    service: str
    url: str
    params: Mapping[str, str] = field(default_factory=dict)
    headers: Mapping[str, str] = field(default_factory=dict)
    secret: frozenset[str] = frozenset()

    def full_url(self) -> str:
        """The URL with its query string (secrets included: never print this)."""
        query = urllib.parse.urlencode(dict(self.params))
        return f"{self.url}?{query}" if query else self.url

    def shown_url(self) -> str:
        """The URL as it may be printed, secret parameters replaced by ``***``."""
        shown = {k: ("***" if k in self.secret else v) for k, v in self.params.items()}
        query = urllib.parse.urlencode(shown, safe="*")
        return f"{self.url}?{query}" if query else self.url


class Transport(Protocol):
    """Sends a request and returns the decoded JSON body, or raises :class:`FetchError`."""

    def __call__(self, request: Request) -> Any: ...


Opener = Callable[..., Any]


class UrllibTransport:
    """The real transport (stdlib ``urllib``); ``opener`` is replaceable for tests."""

    def __init__(self, timeout: float = DEFAULT_TIMEOUT, opener: Opener | None = None) -> None:
        self.timeout = timeout
        self._open = opener or urllib.request.urlopen

    def __call__(self, request: Request) -> Any:
        headers = {"User-Agent": USER_AGENT, "Accept": "application/json", **request.headers}
        req = urllib.request.Request(request.full_url(), headers=headers, method="GET")
        host = urllib.parse.urlsplit(request.url).netloc
        where = f"{request.service} ({host})"
        try:
            with self._open(req, timeout=self.timeout) as response:
                body = response.read()
        except urllib.error.HTTPError as exc:
            message = _http_message(where, exc.code)
            if exc.code == 404:  # name the entry (its key hidden) so the id can be checked
                message += f" ({request.shown_url()})"
            raise FetchError(message, fatal=exc.code != 404) from None
        except TimeoutError:
            raise FetchError(
                f"{where} did not answer within {self.timeout:g} s; try again later."
            ) from None
        except urllib.error.URLError as exc:
            reason = exc.reason if isinstance(exc.reason, str) else type(exc.reason).__name__
            if isinstance(exc.reason, OSError) and exc.reason.strerror:
                reason = exc.reason.strerror
            raise FetchError(
                f"{where} could not be reached ({reason}); check the network connection."
            ) from None
        except OSError as exc:
            raise FetchError(f"{where} could not be reached ({exc.strerror or exc}).") from None
        try:
            return json.loads(body)
        except ValueError:
            raise FetchError(f"{where} answered with something that is not JSON.") from None


def _http_message(where: str, status: int) -> str:
    if status == 401:
        return f"{where} refused the request (HTTP 401): check TMDB_API_KEY."
    if status == 403:
        return f"{where} refused the request (HTTP 403); it may be blocking this User-Agent."
    if status == 404:
        return f"{where} has no such entry (HTTP 404): check the ids in the work's file."
    if status == 429:
        return f"{where} is rate-limiting us (HTTP 429); wait a minute and try again."
    if status >= 500:
        return f"{where} had a server error (HTTP {status}); try again later."
    return f"{where} answered HTTP {status}."
