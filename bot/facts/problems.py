"""Where things are in the knowledge files: located documents, entries and problems.

Shared by the loader (which parses files) and the cross-file checks (which report on
entries), so neither has to import the other.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

#: A path into a parsed YAML document: mapping keys and list indexes.
Path_ = tuple[str | int, ...]


@dataclass(frozen=True, order=True)
class Problem:
    """One thing wrong with the knowledge base, located as precisely as possible."""

    file: str
    line: int
    field: str
    message: str

    def __str__(self) -> str:
        where = f"{self.file}:{self.line}" if self.line else self.file
        return f"{where}: {self.field or '(file)'}: {self.message}"


@dataclass
class LocatedDoc:
    """A parsed YAML document plus the line of every value in it."""

    file: str
    data: Any
    lines: dict[Path_, int]

    def line_of(self, path: Path_) -> int:
        """The line of the deepest known node on ``path`` (1-based; 0 if unknown)."""
        for end in range(len(path), -1, -1):
            line = self.lines.get(path[:end])
            if line is not None:
                return line
        return 0


@dataclass
class Entry:
    """A validated entry together with where it was defined."""

    value: Any
    doc: LocatedDoc
    path: Path_

    @property
    def line(self) -> int:
        """The line where the entry starts."""
        return self.doc.line_of(self.path)


def dotted(path: Path_) -> str:
    """``("cast", 2, "person")`` as ``cast[2].person``."""
    out = ""
    for part in path:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out
