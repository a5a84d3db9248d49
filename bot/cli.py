"""Command line: ``run`` (the bot), ``ask``, ``chat``, ``check``, ``knowledge refresh``, ``sync``.

``ask``, ``chat`` and ``check`` never import discord, so they start fast.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TextIO

from bot.app import Core, build_core, validated_knowledge
from bot.clock import parse_instant, utc_now
from bot.facts import KnowledgeError
from bot.facts.freshness import freshness_report
from bot.refresh import command as refresh_command
from bot.settings import Settings

NO_TOKEN_HELP = """\
DISCORD_TOKEN is not set, so Wickbot cannot connect to Discord.

  1. Copy .env.example to .env
  2. Put your bot token after DISCORD_TOKEN= (Developer Portal -> your app -> Bot -> Reset Token)
  3. Run `wickbot` (or `python -m bot`) again

To try Wickbot offline without Discord:  wickbot chat
"""
#: The one conversation of ``ask --conversation`` and ``chat``.
CLI_CONVERSATION = "cli"


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="wickbot", description="John Wick franchise bot.")
    sub = parser.add_subparsers(dest="command")
    sub.add_parser("run", help="start the Discord bot (the default)")

    ask = sub.add_parser("ask", help="answer a question (or questions on stdin with --json)")
    ask.add_argument("question", nargs="?", help="the question; omit to read stdin")
    ask.add_argument("--json", action="store_true", help="one JSON object per answer")
    ask.add_argument("--now", help="answer as of this ISO-8601 time (default: now)")
    ask.add_argument("--conversation", action="store_true", help="stdin lines are one chat")
    ask.add_argument("--knowledge", type=Path, help="knowledge directory (default: setting)")

    chat = sub.add_parser("chat", help="interactive console with follow-ups")
    chat.add_argument("--now", help="answer as of this ISO-8601 time (default: now)")
    chat.add_argument("--knowledge", type=Path)

    check = sub.add_parser("check", help="validate the knowledge base; warn about stale facts")
    check.add_argument("--knowledge", type=Path)
    check.add_argument("--today", type=dt.date.fromisoformat, help="YYYY-MM-DD (default: today)")
    check.add_argument("--oldest", type=int, default=10, help="how many dated facts to list")

    refresh_command.add_parser(sub)

    sync = sub.add_parser("sync", help="register slash commands with Discord")
    sync.add_argument("--guild", type=int, help="only this server (instant); default: global")
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of ``wickbot`` / ``python -m bot``; returns the exit code."""
    args = _parser().parse_args(argv)
    try:
        settings = Settings()
    except ValueError as exc:
        print(f"Invalid settings: {exc}", file=sys.stderr)
        return 2
    command = args.command or "run"
    knowledge_dir = getattr(args, "knowledge", None)
    if knowledge_dir is not None:
        settings = settings.model_copy(update={"knowledge_dir": knowledge_dir})
    if command == "check":
        today = args.today or utc_now().date()
        return check(settings.knowledge_dir, sys.stdout, today=today, oldest=args.oldest)
    if command == "knowledge":
        return refresh_command.run(args, settings.knowledge_dir, settings, sys.stdout, sys.stderr)
    if command in ("ask", "chat"):
        try:
            now = parse_instant(args.now) if args.now else None
        except ValueError:
            print(f"--now: not an ISO-8601 time: {args.now!r}", file=sys.stderr)
            return 2
        try:
            core = build_core(settings)  # the store is never opened: ask and chat need none
        except KnowledgeError as exc:
            _print_problems(exc, sys.stderr)
            return 1
        if command == "chat":
            return chat(core, now, sys.stdin, sys.stdout)
        return ask(core, args, now, sys.stdin, sys.stdout)
    if settings.discord_token is None:
        print(NO_TOKEN_HELP, file=sys.stderr)
        return 2
    from bot.discord_ui.runner import run_bot, sync_commands  # imports discord: only here

    if command == "sync":
        return sync_commands(settings, args.guild)
    return run_bot(settings)


def check(knowledge_dir: Path, out: TextIO, today: dt.date | None = None, oldest: int = 10) -> int:
    """Validate the knowledge base; print every problem, or a summary and freshness warnings.

    Stale statuses and old dated facts are warnings only: the exit code stays 0.
    """
    try:
        kb = validated_knowledge(knowledge_dir)
    except KnowledgeError as exc:
        _print_problems(exc, out)
        return 1
    print(
        f"OK: {len(kb.works)} works, {len(kb.people)} people, {len(kb.characters)} characters, "
        f"{len(kb.topics)} topics, {len(kb.sources)} sources, {len(kb.intents)} intents "
        f"in {knowledge_dir}",
        file=out,
    )
    for line in freshness_report(kb, today or utc_now().date(), oldest):
        print(line, file=out)
    return 0


def _print_problems(exc: KnowledgeError, out: TextIO) -> None:
    for problem in exc.problems:
        print(problem, file=out)
    print(f"{exc}.", file=out)


def ask(
    core: Core, args: argparse.Namespace, now: dt.datetime | None, inp: TextIO, out: TextIO
) -> int:
    """``ask``: one question from the arguments, or one per stdin line."""
    if args.question is not None:
        questions: list[str] = [args.question]
    else:
        questions = [line.rstrip("\r\n") for line in inp]
    conversation = core.conversations.get(CLI_CONVERSATION) if args.conversation else None
    for question in questions:
        answer = core.engine.ask(question, now=now or core.clock(), conversation=conversation)
        if args.json:
            print(json.dumps(answer.to_json(), ensure_ascii=False), file=out, flush=False)
        else:
            print(answer.text, file=out)
    out.flush()
    return 0


def chat(core: Core, now: dt.datetime | None, inp: TextIO, out: TextIO) -> int:
    """An interactive console; follow-ups use the conversation (CONVERSATION_TTL_SECONDS).

    ``!reload`` re-reads the knowledge, as the bot's owner can on Discord.
    """
    conversation = core.conversations.get(CLI_CONVERSATION)
    interactive = inp.isatty()
    if interactive:
        print(
            "Wickbot offline chat. Ask about John Wick; !reload re-reads the knowledge; "
            "Ctrl-D or 'quit' to leave.",
            file=out,
        )
    while True:
        if interactive:
            print("> ", end="", file=out, flush=True)
        line = inp.readline()
        if not line or line.strip().lower() in {"quit", "exit"}:
            break
        if not line.strip():
            continue
        if line.strip() == "!reload":
            outcome = core.reload()
            if outcome.error is not None:
                _print_problems(outcome.error, out)
                print("Kept the old knowledge.", file=out, flush=True)
            else:
                print(f"Reloaded: {outcome.state.summary()}.", file=out, flush=True)
            conversation = core.conversations.get(CLI_CONVERSATION)
            continue
        answer = core.engine.ask(line.strip(), now=now or core.clock(), conversation=conversation)
        print(answer.text, file=out, flush=True)
    return 0
