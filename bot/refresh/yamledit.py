"""Additive edits to a work's YAML text that keep its comments, order and layout.

Only four kinds of edit exist: append items to a top-level list (creating it before
``sources:`` when missing), add a top-level block, set a value inside a block (the release
date that replaces TBA or a coarser date), and append source ids to ``sources.<field>``.
"""

from __future__ import annotations

import re

_TOP_KEY = re.compile(r"^([A-Za-z_][\w-]*):(.*)$")


def _blocks(lines: list[str]) -> dict[str, tuple[int, int]]:
    """Top-level key -> (line of the key, end of its block: index after its last content)."""
    starts = [(i, m.group(1)) for i, line in enumerate(lines) if (m := _TOP_KEY.match(line))]
    out: dict[str, tuple[int, int]] = {}
    for n, (start, key) in enumerate(starts):
        end = starts[n + 1][0] if n + 1 < len(starts) else len(lines)
        while end > start + 1 and (not lines[end - 1].strip() or lines[end - 1].startswith("#")):
            end -= 1
        out[key] = (start, end)
    return out


def _insert_before_sources(lines: list[str], block: list[str]) -> None:
    blocks = _blocks(lines)
    at = blocks["sources"][0] if "sources" in blocks else len(lines)
    while at > 0 and lines[at - 1].startswith("#"):  # keep a comment above `sources:` with it
        at -= 1
    spaced = at > 0 and not lines[at - 1].strip()  # the file separates blocks by blank lines
    lines[at:at] = [*block, ""] if spaced else block


def _unwrap(item: str) -> str:
    """``{person: x}`` as ``person: x`` (a one-key flow mapping written in block style)."""
    inner = item[1:-1] if item.startswith("{") and item.endswith("}") else None
    return inner.strip() if inner is not None and "," not in inner else item


def append_items(text: str, key: str, items: list[str]) -> str:
    """Append flow-style ``items`` (``{person: x}``) to the top-level list ``key``.

    One-key items are written in block style (``- person: x``) unless the list's existing
    items are flow mappings, so additions look like their neighbours.
    """
    lines = text.splitlines()
    blocks = _blocks(lines)
    if key not in blocks:
        _insert_before_sources(lines, [f"{key}:", *(f"  - {_unwrap(item)}" for item in items)])
        return "\n".join(lines) + "\n"
    start, end = blocks[key]
    head = lines[start]
    if head.split(":", 1)[1].strip() in ("[]", ""):
        lines[start] = f"{key}:"
        indent, flow = "  ", False
        for line in lines[start + 1 : end]:
            if line.lstrip().startswith("- "):
                indent = line[: len(line) - len(line.lstrip())]
                flow = line.lstrip()[2:].startswith("{")
                break
        lines[end:end] = [f"{indent}- {item if flow else _unwrap(item)}" for item in items]
        return "\n".join(lines) + "\n"
    raise ValueError(f"{key} is written inline; add {items} by hand")


def add_block(text: str, block: list[str]) -> str:
    """Insert a new top-level block (its lines) before ``sources:``."""
    lines = text.splitlines()
    _insert_before_sources(lines, block)
    return "\n".join(lines) + "\n"


def set_in_block(text: str, key: str, sub: str, value: str) -> str:
    """Set ``key.sub`` (a line ``  sub: ...`` inside the block ``key``) to ``value``."""
    lines = text.splitlines()
    start, end = _blocks(lines)[key]
    pattern = re.compile(rf"^(\s+){re.escape(sub)}:\s*(\S.*)?$")
    for i in range(start + 1, end):
        match = pattern.match(lines[i])
        if match:
            lines[i] = f"{match.group(1)}{sub}: {value}"
            return "\n".join(lines) + "\n"
    raise ValueError(f"no {key}.{sub} line to change")


def set_flow_key(text: str, key: str, sub: str, value: str, before: str) -> str:
    """Add ``sub: value`` to the one-line mapping ``key: {...}`` (created before ``before``)."""
    lines = text.splitlines()
    blocks = _blocks(lines)
    if key in blocks:
        start, _ = blocks[key]
        match = re.match(rf"^{re.escape(key)}:\s*\{{(.*)\}}(\s*#.*)?$", lines[start])
        if not match:
            raise ValueError(f"{key} is not a one-line mapping; add {sub} by hand")
        inner = match.group(1).strip()
        inner = f"{inner}, {sub}: {value}" if inner else f"{sub}: {value}"
        lines[start] = f"{key}: {{{inner}}}{match.group(2) or ''}"
    else:
        at = blocks[before][0] if before in blocks else len(lines)
        lines.insert(at, f"{key}: {{{sub}: {value}}}")
    return "\n".join(lines) + "\n"


def cite(text: str, name: str, ids: list[str]) -> str:
    """Append source ``ids`` to ``sources.<name>`` (creating that line when missing)."""
    lines = text.splitlines()
    start, end = _blocks(lines)["sources"]
    pattern = re.compile(rf"^(\s+){re.escape(name)}:\s*\[(.*)\]\s*(#.*)?$")
    for i in range(start + 1, end):
        match = pattern.match(lines[i])
        if match:
            have = [s.strip() for s in match.group(2).split(",") if s.strip()]
            new = have + [s for s in ids if s not in have]
            comment = f"  {match.group(3)}" if match.group(3) else ""
            lines[i] = f"{match.group(1)}{name}: [{', '.join(new)}]{comment}"
            return "\n".join(lines) + "\n"
        if re.match(rf"^\s+{re.escape(name)}:", lines[i]):
            raise ValueError(f"sources.{name} is not a one-line list; cite {ids} by hand")
    indent = "  "
    for line in lines[start + 1 : end]:
        if line.strip() and not line.lstrip().startswith("#"):
            indent = line[: len(line) - len(line.lstrip())]
            break
    lines.insert(end, f"{indent}{name}: [{', '.join(ids)}]")
    return "\n".join(lines) + "\n"
