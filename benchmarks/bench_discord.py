"""The Discord bot's speed and memory against the local Discord emulator, printed as numbers.

    python benchmarks/bench_discord.py [--questions 1000] [--guilds 1000] [--channels 50]

Runs the real bot as a separate process (``python -m bot``, configured only by environment
variables, as in production) against the emulator from ``tests/discord_ui/emulator`` running
in this process. Prints:

- latency from an injected MESSAGE_CREATE (a question mentioning the bot) to the bot's REST
  reply arriving at the emulator: p50 / p90 / p99 / max over ``--questions`` questions, each
  from a different user (so the per-user cooldown never applies);
- the bot process's RSS when connected to one server, and after joining ``--guilds`` more
  servers of ``--channels`` text channels each (GUILD_CREATE dispatches, as real joins).

Targets: p50 <= 5 ms; RSS after 1,000 servers of 50 channels <= 150 MB.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

import psutil

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.discord_ui.emulator import DiscordEmulator  # noqa: E402

QUESTIONS = [
    "who plays winston?",
    "when did ballerina come out",
    "who directed jw4",
    "how long is parabellum",
    "who plays spider-man",
    "what order should I watch them in?",
    "is chapter 5 coming out?",
    "who is the tracker",
]
START_TIMEOUT = 60.0
P50_TARGET_MS = 5.0
RSS_TARGET_MB = 150.0


def percentile(values: list[float], pct: float) -> float:
    ordered = sorted(values)
    index = min(len(ordered) - 1, max(0, round(pct / 100 * len(ordered)) - 1))
    return ordered[index]


def mb(process: psutil.Process) -> float:
    return float(process.memory_info().rss) / 2**20


async def start_bot(emu: DiscordEmulator, data_dir: Path) -> asyncio.subprocess.Process:
    """``python -m bot`` pointed at the emulator, and only at it."""
    env = {
        **os.environ,
        "PYTHONPATH": str(ROOT),
        "DISCORD_TOKEN": emu.valid_token,
        "DISCORD_API_BASE": emu.rest_base,
        "DISCORD_GATEWAY_URL": emu.gateway_url,
        "DATA_DIR": str(data_dir),
        "LOG_LEVEL": "WARNING",
    }
    return await asyncio.create_subprocess_exec(
        sys.executable, "-m", "bot", "run", cwd=data_dir, env=env
    )


async def ask(emu: DiscordEmulator, channel_id: int, author: int, text: str) -> float:
    """Seconds from injecting a question to the bot's reply reaching the emulator."""
    mark = emu.mark()
    started = time.perf_counter()
    await emu.send_message(channel_id, f"<@{emu.bot.id}> {text}", author=author)
    await emu.wait_for_request("POST", rf"/channels/{channel_id}/messages", after=mark)
    return time.perf_counter() - started


async def bench(questions: int, guilds: int, channels: int) -> bool:
    async with DiscordEmulator() as emu:
        users = [emu.add_user(f"fan{i}") for i in range(questions + 50)]
        home = emu.add_guild("Bench", channels=["general"], members=users)
        general = home.channel_id("general")
        with tempfile.TemporaryDirectory() as tmp:
            bot = await start_bot(emu, Path(tmp))
            try:
                await emu.wait_for_dispatch("GUILD_CREATE", timeout=START_TIMEOUT)
                for user in users[:50]:  # warm-up: imports, caches, connection pool
                    await ask(emu, general, user.id, QUESTIONS[user.id % len(QUESTIONS)])
                proc = psutil.Process(bot.pid)
                rss_one = mb(proc)

                latencies = []
                for i, user in enumerate(users[50:]):
                    latencies.append(await ask(emu, general, user.id, QUESTIONS[i % 8]) * 1000)

                started = time.perf_counter()
                joined = [
                    emu.add_guild(f"Server {g}", channels=[f"channel-{c}" for c in range(channels)])
                    for g in range(guilds)
                ]
                for guild in joined:
                    await emu.dispatch_guild_create(guild.id)
                last = joined[-1].channel_id("channel-0") if joined else general
                await ask(emu, last, emu.tester.id, "who plays winston?")  # all joins processed
                join_seconds = time.perf_counter() - started
                rss_many = mb(proc)
            finally:
                bot.terminate()
                code = await asyncio.wait_for(bot.wait(), START_TIMEOUT)

    p50 = statistics.median(latencies)
    print(f"questions: {len(latencies)} (mentions, one per user, real `python -m bot`)")
    print(
        f"latency MESSAGE_CREATE -> REST reply: p50 {p50:.2f} ms, "
        f"p90 {percentile(latencies, 90):.2f} ms, p99 {percentile(latencies, 99):.2f} ms, "
        f"max {max(latencies):.2f} ms (target p50 <= {P50_TARGET_MS:.0f} ms)"
    )
    print(f"RSS with 1 server: {rss_one:.1f} MB")
    print(
        f"RSS after joining {guilds} servers x {channels} channels: {rss_many:.1f} MB "
        f"(target <= {RSS_TARGET_MB:.0f} MB; joins took {join_seconds:.1f} s)"
    )
    print(f"bot exit code after SIGTERM: {code}")
    return p50 <= P50_TARGET_MS and rss_many <= RSS_TARGET_MB and code == 0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--questions", type=int, default=1000)
    parser.add_argument("--guilds", type=int, default=1000)
    parser.add_argument("--channels", type=int, default=50)
    args = parser.parse_args()
    ok = asyncio.run(bench(args.questions, args.guilds, args.channels))
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
