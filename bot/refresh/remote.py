"""What a public database says about one work, in the knowledge's own terms."""

from __future__ import annotations

from dataclasses import dataclass, field

from bot.facts.schema import FuzzyDate

#: Credit lists a source can fill, in the order they are reported.
CREDIT_FIELDS: tuple[str, ...] = (
    "directors",
    "writers",
    "composers",
    "cinematographers",
    "editors",
    "producers",
)


@dataclass(frozen=True)
class SourceRef:
    """A source the refresh would cite: its id in ``knowledge/sources/refresh.yaml``."""

    id: str
    name: str  # "Wikidata" or "TMDB"
    url: str
    title: str


@dataclass(frozen=True)
class RemoteDate:
    """A release date as a source gives it, with the region when it says one."""

    date: FuzzyDate
    region: str | None = None
    what: str | None = None  # e.g. "theatrical", "limited", "primary"

    def describe(self) -> str:
        """``2014-10-24 (US, theatrical)``."""
        extra = ", ".join(p for p in (self.region or "no region", self.what) if p)
        return f"{self.date.text} ({extra})"


@dataclass
class RemoteWork:
    """The facts one source holds for one work."""

    source: SourceRef
    label: str | None = None
    wikidata: str | None = None
    releases: list[RemoteDate] = field(default_factory=list)
    runtimes: list[int] = field(default_factory=list)
    credits: dict[str, list[str]] = field(default_factory=dict)
    cast: list[tuple[str, str | None]] = field(default_factory=list)
    people: dict[str, str] = field(default_factory=dict)  # name -> the source's own id

    def add_credit(self, group: str, name: str) -> None:
        """Record ``name`` under ``group`` once."""
        names = self.credits.setdefault(group, [])
        if name not in names:
            names.append(name)
