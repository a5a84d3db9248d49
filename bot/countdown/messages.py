"""What a countdown post says, as plain data; the Discord layer turns it into an embed."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from bot.answers.dates import format_day
from bot.facts.schema import Work

_ONES = (
    "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen "
    "fifteen sixteen seventeen eighteen nineteen"
).split()
_TENS = "_ _ twenty thirty forty fifty sixty seventy eighty ninety".split()
_WEEKS_UP_TO = 28  # 7, 14, 21 and 28 days read as weeks


def number_words(count: int) -> str:
    """'seven', 'thirty-one'; 100 and more stay digits ('100')."""
    if not 0 <= count < 100:
        return str(count)
    if count < 20:
        return _ONES[count]
    tens, ones = divmod(count, 10)
    return _TENS[tens] + (f"-{_ONES[ones]}" if ones else "")


def headline(milestone: int) -> str:
    """The post's headline for days before release, or ``-N`` for the N-th anniversary.

    'Out today!', 'Tomorrow!', 'Three days to go', 'One week to go', '100 days to go',
    'Ten years ago today'.
    """
    if milestone < 0:
        years = -milestone
        return f"{number_words(years).capitalize()} year{'s' if years > 1 else ''} ago today"
    if milestone == 0:
        return "Out today!"
    if milestone == 1:
        return "Tomorrow!"
    if milestone % 7 == 0 and milestone <= _WEEKS_UP_TO:
        weeks = milestone // 7
        return f"{number_words(weeks).capitalize()} week{'s' if weeks > 1 else ''} to go"
    return f"{number_words(milestone).capitalize()} days to go"


@dataclass(frozen=True)
class PostContent:
    """Everything a countdown post shows.

    ``release_timestamp`` (Unix seconds) is noon of the release date in the server's time
    zone, so ``<t:…:D>`` shows the right date to anyone within 12 hours of that zone and
    ``<t:…:R>`` reads "in 7 days".
    """

    work_id: str
    title: str
    headline: str
    milestone: int
    release_date: dt.date
    release_text: str
    release_timestamp: int
    premise: str

    @property
    def is_anniversary(self) -> bool:
        """True for a yearly anniversary post, False for a countdown post."""
        return self.milestone < 0

    def plain_text(self) -> str:
        """One line for logs and text-only replies."""
        return f"{self.title}: {self.headline} ({self.release_text})"


def compose(work: Work, milestone: int, zone: ZoneInfo) -> PostContent:
    """The content of ``work``'s post for ``milestone``; the work must be dated to the day."""
    release = work.release.date.exact
    if release is None:
        raise ValueError(f"{work.id} has no release date to the day")
    noon = dt.datetime.combine(release, dt.time(12), tzinfo=zone)
    return PostContent(
        work_id=work.id,
        title=work.full_title or work.title,
        headline=headline(milestone),
        milestone=milestone,
        release_date=release,
        release_text=format_day(release),
        release_timestamp=int(noon.timestamp()),
        premise=" ".join(work.premise.split()),
    )
