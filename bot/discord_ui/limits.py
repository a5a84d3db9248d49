"""Discord's size limits, and cutting or paging text so it always fits them."""

from __future__ import annotations

import re

MESSAGE = 2000
EMBED_TOTAL = 6000
TITLE = 256
DESCRIPTION = 4096
FIELD_NAME = 256
FIELD_VALUE = 1024
FIELDS = 25
FOOTER = 2048
BUTTON_LABEL = 80
CHOICE_NAME = 100
#: At most this many pages of one long answer (the rest is cut).
MAX_PAGES = 20

ELLIPSIS = "…"
_BREAKS = ("\n\n", "\n", "; ", ". ", ", ", " ")


def cut(text: str, limit: int) -> str:
    """``text`` if it fits in ``limit`` characters, else cut at a word boundary plus "…"."""
    if len(text) <= limit:
        return text
    if limit <= len(ELLIPSIS):
        return text[:limit]
    head = text[: limit - len(ELLIPSIS)]
    space = head.rfind(" ")
    if space >= limit * 0.6:
        head = head[:space]
    return head.rstrip(" ,;:") + ELLIPSIS


def pages(text: str, limit: int = MESSAGE, max_pages: int = MAX_PAGES) -> list[str]:
    """Split ``text`` into pages of at most ``limit`` characters at the best boundary.

    Paragraphs, lines, list separators, sentences, then words; the last page is cut with
    "…" if the text needs more than ``max_pages``.
    """
    out: list[str] = []
    rest = text.strip()
    while rest and len(out) < max_pages:
        if len(rest) <= limit:
            out.append(rest)
            rest = ""
            break
        window = rest[:limit]
        split = -1
        for sep in _BREAKS:
            at = window.rfind(sep)
            if at >= limit // 2:
                split = at + len(sep.rstrip())
                break
        if split <= 0:
            split = limit
        out.append(rest[:split].rstrip())
        rest = rest[split:].lstrip()
    if rest and out:
        out[-1] = cut(out[-1] + " " + rest, limit)
    return out or [""]


_SPOILER_BARS = re.compile(r"\|\|")


def spoiler(text: str) -> str:
    """``text`` hidden behind Discord spoiler bars (bars inside it are broken up)."""
    return f"||{_SPOILER_BARS.sub('| |', text)}||"


def fit_spoiler(text: str, limit: int) -> str:
    """``text`` as a spoiler, the whole of it (bars included) within ``limit``."""
    return spoiler(cut(_SPOILER_BARS.sub("| |", text), limit - 4))
