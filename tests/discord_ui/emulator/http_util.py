"""HTTP plumbing for the REST API: request records, Discord-shaped errors, faults, 429s."""

from __future__ import annotations

import copy
import json
import math
import re
import time
from dataclasses import dataclass, field
from typing import Any

from aiohttp import web

from .state import JSON

_DEFAULT_ERRORS: dict[int, tuple[int, str]] = {
    400: (50035, "Invalid Form Body"),
    401: (0, "401: Unauthorized"),
    403: (50013, "Missing Permissions"),
    404: (10003, "Unknown Channel"),
    500: (0, "500: Internal Server Error"),
    503: (0, "503: Service Unavailable"),
}


@dataclass
class RecordedFile:
    """A file uploaded in a multipart request."""

    field: str
    filename: str
    content: bytes


@dataclass
class RecordedRequest:
    """One REST call the client made, with the emulator's answer."""

    index: int
    method: str
    path: str
    """Path below the API base, e.g. ``/channels/123/messages``."""
    query: dict[str, str]
    json: Any
    """The JSON body (``payload_json`` for multipart requests), or None."""
    headers: dict[str, str]
    files: list[RecordedFile] = field(default_factory=list)
    status: int = 0
    response: Any = None
    """A snapshot of the JSON the emulator answered (None for empty/text bodies)."""
    at: float = field(default_factory=time.monotonic)
    """When the request arrived (``time.monotonic``)."""


RECORD_KEY = web.RequestKey("emu_record", RecordedRequest)
"""Where the middleware leaves the request's record for the handlers."""
DATA_KEY = web.ResponseKey("emu_data", object)
"""Where :func:`json_response` leaves a snapshot of the data it serialised."""


class ApiError(Exception):
    """Raised by handlers; turned into a Discord-style JSON error response."""

    def __init__(self, status: int, code: int, message: str, **extra: Any) -> None:
        super().__init__(f"{status} {code} {message}")
        self.status, self.body = status, {"message": message, "code": code, **extra}

    def response(self) -> web.Response:
        return json_response(self.body, self.status)


def unknown_channel() -> ApiError:
    return ApiError(404, 10003, "Unknown Channel")


def unknown_message() -> ApiError:
    return ApiError(404, 10008, "Unknown Message")


def json_response(
    data: Any, status: int = 200, headers: dict[str, str] | None = None
) -> web.Response:
    """A JSON response whose Content-Type is exactly ``application/json`` (as discord.py needs)."""
    response = web.Response(
        body=json.dumps(data).encode(),
        status=status,
        headers={"Content-Type": "application/json", **(headers or {})},
    )
    response[DATA_KEY] = copy.deepcopy(data)
    return response


def no_content() -> web.Response:
    return web.Response(status=204)


async def read_record(request: web.Request, index: int, path: str) -> RecordedRequest:
    """Parse the request (JSON or multipart with ``payload_json``) into a record."""
    body: Any = None
    files: list[RecordedFile] = []
    if request.content_type.startswith("multipart/"):
        for name, value in (await request.post()).items():
            if isinstance(value, web.FileField):
                files.append(RecordedFile(name, value.filename, value.file.read()))
            elif name == "payload_json":
                body = json.loads(str(value))
    elif request.can_read_body:
        raw = await request.read()
        try:
            body = json.loads(raw) if raw else None
        except ValueError:
            body = raw.decode(errors="replace")
    return RecordedRequest(
        index=index,
        method=request.method,
        path=path,
        query=dict(request.query),
        json=body,
        headers=dict(request.headers),
        files=files,
    )


@dataclass
class Fault:
    """A queued failure for the next ``times`` requests matching ``method`` and ``pattern``."""

    method: str
    pattern: re.Pattern[str]
    status: int
    times: int = 1
    retry_after: float = 0.05
    global_: bool = False
    code: int | None = None
    message: str | None = None

    def matches(self, record: RecordedRequest) -> bool:
        return self.method in (record.method, "*") and bool(self.pattern.fullmatch(record.path))

    def response(self, record: RecordedRequest) -> web.Response:
        if self.status == 429:
            return too_many_requests(record, self.retry_after, global_=self.global_)
        if self.status == 502 and self.code is None:
            return web.Response(status=502, text="error code: 502")  # like Cloudflare
        code, message = _DEFAULT_ERRORS.get(self.status, (0, f"{self.status}: Error"))
        code = code if self.code is None else self.code
        return ApiError(self.status, code, self.message or message).response()


def too_many_requests(
    record: RecordedRequest, retry_after: float, *, global_: bool
) -> web.Response:
    """A 429 shaped like Discord's; discord.py only retries when the ``Via`` header is there."""
    retry_after = round(max(retry_after, 0.001), 3)
    headers = {
        "Via": "1.1 google",
        "Retry-After": str(math.ceil(retry_after)),
        "X-RateLimit-Limit": "5",
        "X-RateLimit-Remaining": "0",
        "X-RateLimit-Reset": f"{time.time() + retry_after:.3f}",
        "X-RateLimit-Reset-After": f"{retry_after:.3f}",
        "X-RateLimit-Bucket": f"emu-{abs(hash((record.method, record.path))):x}",
        "X-RateLimit-Scope": "global" if global_ else "user",
    }
    if global_:
        headers["X-RateLimit-Global"] = "true"
    body: JSON = {"message": "You are being rate limited.", "retry_after": retry_after}
    body["global"] = global_
    return json_response(body, 429, headers)


class GlobalRateLimit:
    """At most ``limit`` requests per ``window`` seconds (fixed windows)."""

    def __init__(self, limit: int, window: float) -> None:
        self.limit, self.window = limit, window
        self._start, self._count = 0.0, 0

    def retry_after(self) -> float | None:
        """Count a request; how long to wait if it is over the limit, else None."""
        now = time.monotonic()
        if now - self._start >= self.window:
            self._start, self._count = now, 0
        self._count += 1
        return None if self._count <= self.limit else self.window - (now - self._start)
