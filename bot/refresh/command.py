"""``wickbot knowledge refresh``: the command-line face of the refresh."""

from __future__ import annotations

import argparse
import datetime as dt
from pathlib import Path
from typing import TYPE_CHECKING, TextIO

from bot.facts import KnowledgeError, load_knowledge
from bot.settings import Settings

if TYPE_CHECKING:
    from bot.refresh.http import Transport


def add_parser(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Register ``knowledge refresh`` under the main parser's subcommands."""
    knowledge = sub.add_parser("knowledge", help="keep the knowledge base current")
    actions = knowledge.add_subparsers(dest="knowledge_command", required=True)
    cmd = actions.add_parser(
        "refresh",
        help="compare with Wikidata (and TMDB) and print the proposed additions as a diff",
    )
    cmd.add_argument("--write", action="store_true", help="apply the additions to the files")
    cmd.add_argument("--work", action="append", help="only this work id (repeatable)")
    cmd.add_argument("--no-tmdb", action="store_true", help="do not ask TMDB even with a key")
    cmd.add_argument("--today", type=dt.date.fromisoformat, help="YYYY-MM-DD (default: today)")
    cmd.add_argument("--knowledge", type=Path, help="knowledge directory (default: setting)")


def run(
    args: argparse.Namespace,
    root: Path,
    settings: Settings,
    out: TextIO,
    err: TextIO,
    transport: Transport | None = None,
) -> int:
    """Run the refresh; 0 when every source answered, 1 on errors or an invalid proposal."""
    from bot.refresh.http import UrllibTransport  # the network modules load only here
    from bot.refresh.run import refresh, write

    try:
        kb = load_knowledge(root)
    except KnowledgeError as exc:
        print(f"The knowledge base has problems; fix them first ({exc}):", file=err)
        for problem in exc.problems:
            print(f"  {problem}", file=err)
        return 1
    key = None if args.no_tmdb or settings.tmdb_api_key is None else settings.tmdb_api_key
    today = args.today or dt.datetime.now(dt.UTC).date()
    outcome = refresh(
        kb,
        transport or UrllibTransport(),
        today,
        tmdb_key=key.get_secret_value() if key else None,
        only=set(args.work) if args.work else None,
    )
    for line in outcome.report:
        print(line, file=out)
    for error in outcome.errors:
        print(f"Error: {error}", file=err)
    if outcome.problems:
        print("The proposal would not validate, so it is not offered:", file=err)
        for line in outcome.problems:
            print(f"  {line}", file=err)
        return 1
    if not outcome.changes:
        print("\nNo additions to propose.", file=out)
        return 1 if outcome.errors else 0
    print("", file=out)
    print(outcome.diff, end="", file=out)
    if not args.write:
        print("\nNothing written. Run again with --write to apply these additions.", file=out)
    elif outcome.errors:
        print("\nNothing written: a source failed (see above). Try again later.", file=err)
    else:
        write(outcome)
        print(f"\nWrote {len(outcome.new)} files. Run `python -m bot check` next.", file=out)
    return 1 if outcome.errors else 0
