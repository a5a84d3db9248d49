"""LOG_FORMAT: text or one JSON object per line; secrets are never written either way."""

from __future__ import annotations

import io
import json
import logging
from collections.abc import Iterator

import pytest

from bot import logs

SECRET = "MTIz.secret-token.value"


@pytest.fixture(autouse=True)
def restore_logging() -> Iterator[None]:
    root = logging.getLogger()
    handlers, level = list(root.handlers), root.level
    yield
    for handler in list(root.handlers):
        root.removeHandler(handler)
    for handler in handlers:
        root.addHandler(handler)
    root.setLevel(level)


def emit_everything() -> None:
    log = logging.getLogger("wickbot.test")
    log.info("connected as %s", "Wickbot#0001")
    log.debug("sending IDENTIFY with %s", SECRET)  # a careless debug line
    log.warning("token %s rejected", SECRET, extra={"guild_id": 42})
    try:
        raise RuntimeError(f"bad auth header Bot {SECRET}")
    except RuntimeError:
        log.exception("request failed")


def test_json_logs_are_one_object_per_line_without_the_token() -> None:
    out = io.StringIO()
    logs.configure("DEBUG", "json", [SECRET], out)
    emit_everything()
    lines = out.getvalue().splitlines()
    entries = [json.loads(line) for line in lines]
    assert len(entries) == 4
    assert entries[0]["message"] == "connected as Wickbot#0001"
    assert entries[0]["level"] == "INFO" and entries[0]["logger"] == "wickbot.test"
    assert entries[2]["guild_id"] == 42
    assert "RuntimeError" in entries[3]["exception"]
    assert SECRET not in out.getvalue()
    assert logs.REDACTED in entries[1]["message"] and logs.REDACTED in entries[3]["exception"]


def test_text_logs_never_show_the_token_either() -> None:
    out = io.StringIO()
    logs.configure("DEBUG", "text", [SECRET], out)
    emit_everything()
    text = out.getvalue()
    assert "INFO wickbot.test: connected as Wickbot#0001" in text
    assert "Traceback" in text and SECRET not in text
