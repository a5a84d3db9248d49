"""Which episodes of a series a question asks about, read from its words.

"episode 2", "the 2nd episode", "ep 3", "the last episode", "the finale", "the pilot", an
episode's title ("theater of pain"), or every episode ("the episodes", "release schedule").
"""

from __future__ import annotations

from collections.abc import Sequence

from bot.answers.dates import format_date
from bot.facts.schema import Episode, Work
from bot.nlu.normalise import normalise
from bot.nlu.words import EPISODE_EVERY, EPISODE_FIRST, EPISODE_LAST, EPISODE_ONE, STOPWORDS


def in_order(work: Work) -> list[Episode]:
    """The episodes of ``work`` in airing order."""
    return sorted(work.episodes, key=lambda e: (e.season, e.number))


def by_title(work: Work, words: Sequence[str]) -> list[Episode]:
    """The episodes whose title's every content word is in ``words`` ("theater of pain")."""
    asked = set(words)
    found = []
    for episode in in_order(work):
        title = {w for w in normalise(episode.title).split() if w not in STOPWORDS}
        if title and title <= asked:
            found.append(episode)
    return found


def asked_episodes(work: Work, words: Sequence[str]) -> list[Episode]:
    """The episodes of ``work`` the question asks about; empty when it names none.

    A title or a number names one episode; "last"/"first" next to an episode word its place;
    "the episodes" or "the release schedule" every episode.
    """
    episodes = in_order(work)
    if not episodes:
        return []
    titled = by_title(work, words)
    if titled:
        return titled
    numbered = {e.number: e for e in episodes if e.season == 1}
    for i, word in enumerate(words):
        if word not in EPISODE_ONE:
            continue
        around = [words[j] for j in (i + 1, i - 1) if 0 <= j < len(words)]
        number = next((int(w) for w in around if w.isdigit()), None)
        if number is not None:
            return [numbered[number]] if number in numbered else []
        if EPISODE_LAST & set(words):
            return [episodes[-1]]
        if EPISODE_FIRST & set(words):
            return [episodes[0]]
    if {"finale", "final"} & set(words) and "season" not in words:  # "finale" reads "final"
        return [episodes[-1]]
    if "pilot" in words:
        return [episodes[0]]
    if EPISODE_EVERY & set(words):
        return episodes
    return []


def label(work: Work, episode: Episode) -> str:
    """'Episode 3 of The Continental, “Theater of Pain”'."""
    season = f"season {episode.season}, " if work.seasons and work.seasons > 1 else ""
    return f"{season}Episode {episode.number} of {work.title}, “{episode.title}”"


def schedule(work: Work) -> str:
    """'Episode dates: 1. “Brothers in Arms”, September 22, 2023; 2. …'"""
    parts = [f"{e.number}. “{e.title}”, {format_date(e.date)}" for e in in_order(work)]
    return f"Episode dates: {'; '.join(parts)}."
