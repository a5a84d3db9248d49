"""The Discord bot under load, against the local Discord emulator, printed as numbers.

    python benchmarks/bench_discord.py [--guilds 1000] [--channels 50] [--seconds 5]

Runs the real bot as a separate process (``python -m bot run``, configured only by
environment variables, as in production; a small probe in it records event-loop lag)
against the emulator from ``tests/discord_ui/emulator`` running in this process. The bot
has joined ``--guilds`` servers of ``--channels`` text channels and 20 members each; every
server is in the default ``auto`` answer mode.

The traffic is what a server sees: questions from every question set in ``tests/data``
(answerable and out of scope, about 1,000 distinct) asked without mentioning the bot, the
same with a mention, and chatter that is not a question. Each message goes to a random
channel of a random server, from a random member. Messages arrive at a fixed rate (open
loop) that steps up stage by stage. Per stage it prints:

- the reply latency (from injecting MESSAGE_CREATE to the bot's REST reply arriving at the
  emulator), p50 / p99 / max, over every message the bot answered;
- the bot's longest event-loop stall (the probe wakes every 5 ms);
- the bot process's CPU time per message received;
- the share of messages answered.

It stops at the first rate whose p99 passes 50 ms (the saturation point of one process),
and prints the bot's RSS after joining the servers and after the load. The emulator shares
the machine (and its Python process is single-threaded): at high rates it is part of the
cost, so the saturation point is a lower bound. The real Discord would also cap replies at
50 requests/s per bot token (the global limit); the emulator does not, so this measures the
process, not the API.
"""

from __future__ import annotations

import argparse
import asyncio
import gc
import os
import random
import re
import statistics
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

import psutil
import yaml

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.discord_ui.emulator import DiscordEmulator, Guild, User  # noqa: E402

START_TIMEOUT = 120.0
P99_LIMIT_MS = 50.0
RATES = (25, 50, 100, 200, 300, 400, 600, 800, 1000, 1200, 1600, 2000)
MEMBERS = 20
#: Messages that are not questions (what most of a busy channel is).
CHATTER = [
    "lol",
    "gg everyone",
    "anyone up for pizza tonight",
    "brb dinner",
    "that match was insane",
    "good morning!",
    "i just got home from work",
    "haha nice",
    "check out my new setup",
    "who's streaming later",
    "my cat knocked over my coffee again",
    "ok",
    "see you all tomorrow",
    "this server is great",
    "can't believe it's already december",
    "i love keanu",
    "that fight scene in the club is my favourite",
    "rewatching the first one tonight",
    "the dog deserved better",
    "pencil memes never get old",
    "winston is the best character",
    "chapter 4 was long but worth it",
    "🔥🔥🔥",
    "nice",
    "same",
    "omg",
]
REPLY_PATH = re.compile(r"/channels/\d+/messages")


def question_pool() -> list[str]:
    """Every question of tests/data/questions_*.yaml (answerable and out of scope)."""
    out: list[str] = []
    for path in sorted((ROOT / "tests" / "data").glob("questions_*.yaml")):
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        out += [str(item["q"]) for item in data.get("answerable", [])]
        out += [str(q) for q in data.get("out_of_scope", [])]
    return out


def percentile(values: list[float], pct: float) -> float:
    ordered = sorted(values)
    index = min(len(ordered) - 1, max(0, round(pct / 100 * len(ordered)) - 1))
    return ordered[index]


def mb(process: psutil.Process) -> float:
    return float(process.memory_info().rss) / 2**20


# -- the bot process, with an event-loop probe -------------------------------------------


def serve_with_probe(lag_file: str) -> int:
    """``python -m bot run`` with a task that logs the loop's worst stall every 250 ms."""
    from bot.cli import main
    from bot.discord_ui import runner

    original = runner.serve

    gc_worst = [0.0]
    gc_started = [0.0]

    def on_gc(phase: str, info: dict[str, int]) -> None:
        if phase == "start":
            gc_started[0] = time.perf_counter()
        else:
            gc_worst[0] = max(gc_worst[0], time.perf_counter() - gc_started[0])

    gc.callbacks.append(on_gc)

    async def probe() -> None:
        loop = asyncio.get_running_loop()
        with open(lag_file, "a", encoding="utf-8") as out:
            worst, since = 0.0, time.time()
            while True:
                before = loop.time()
                await asyncio.sleep(0.005)
                worst = max(worst, loop.time() - before - 0.005)
                if time.time() - since >= 0.25:
                    out.write(f"{time.time():.3f} {worst * 1000:.3f} {gc_worst[0] * 1000:.3f}\n")
                    out.flush()
                    worst, since, gc_worst[0] = 0.0, time.time(), 0.0

    async def serve(core: object, token: str) -> int:
        task = asyncio.create_task(probe())
        try:
            return await original(core, token)  # type: ignore[arg-type]
        finally:
            task.cancel()

    runner.serve = serve  # type: ignore[assignment]
    return main(["run"])


async def start_bot(
    emu: DiscordEmulator, data_dir: Path, lag_file: Path
) -> asyncio.subprocess.Process:
    """The bot pointed at the emulator, and only at it."""
    env = {
        **os.environ,
        "PYTHONPATH": str(ROOT),
        "DISCORD_TOKEN": emu.valid_token,
        "DISCORD_API_BASE": emu.rest_base,
        "DISCORD_GATEWAY_URL": emu.gateway_url,
        "DATA_DIR": str(data_dir),
        "LOG_LEVEL": "WARNING",
    }
    script = Path(__file__).resolve()
    return await asyncio.create_subprocess_exec(
        sys.executable, str(script), "--bot-process", str(lag_file), cwd=data_dir, env=env
    )


def max_lag_ms(lag_file: Path, start: float, end: float) -> tuple[float, float]:
    """The worst loop stall and garbage collection the probe logged in ``[start, end]``."""
    worst = worst_gc = 0.0
    for line in lag_file.read_text(encoding="utf-8").splitlines():
        at, lag, collection = (float(x) for x in line.split())
        if start <= at <= end + 0.3:
            worst, worst_gc = max(worst, lag), max(worst_gc, collection)
    return worst, worst_gc


# -- traffic --------------------------------------------------------------------------------


@dataclass
class Server:
    guild: Guild
    channels: list[int]
    members: list[User]


class Traffic:
    """Picks each message: where, from whom, and what (question, mention, or chatter)."""

    def __init__(self, emu: DiscordEmulator, servers: list[Server], seed: int = 11) -> None:
        self.emu = emu
        self.servers = servers
        self.questions = question_pool()
        self.rng = random.Random(seed)
        self.sent: dict[int, float] = {}

    async def send_one(self) -> None:
        rng = self.rng
        server = rng.choice(self.servers)
        channel = rng.choice(server.channels)
        author = rng.choice(server.members)
        roll = rng.random()
        if roll < 0.50:
            text = rng.choice(self.questions)
        elif roll < 0.65:
            text = f"<@{self.emu.bot.id}> {rng.choice(self.questions)}"
        else:
            text = rng.choice(CHATTER)
        started = time.monotonic()
        message = await self.emu.send_message(channel, text, author=author)
        self.sent[int(message["id"])] = started


@dataclass
class Stage:
    rate: float
    sent: int
    achieved: float
    replies: list[float]
    lag_ms: float
    gc_ms: float
    cpu_ms_per_message: float

    @property
    def p99(self) -> float:
        return percentile(self.replies, 99) if self.replies else 0.0

    def line(self) -> str:
        if not self.replies:
            return f"{self.rate:6.0f}/s: no replies"
        share = len(self.replies) / self.sent
        return (
            f"{self.rate:6.0f}/s (sent {self.achieved:6.0f}/s): replies {len(self.replies):5d} "
            f"({share:4.0%}), p50 {statistics.median(self.replies):6.2f} ms, "
            f"p99 {self.p99:7.2f} ms, max {max(self.replies):7.2f} ms; loop lag max "
            f"{self.lag_ms:6.1f} ms (longest GC {self.gc_ms:5.1f} ms); "
            f"CPU {self.cpu_ms_per_message:5.2f} ms/message"
        )


def reply_latencies(emu: DiscordEmulator, mark: int, sent: dict[int, float]) -> list[float]:
    """Milliseconds from each answered message to its reply reaching the emulator."""
    out = []
    for request in emu.requests[mark:]:
        if request.method != "POST" or not REPLY_PATH.fullmatch(request.path):
            continue
        reference = (request.json or {}).get("message_reference") or {}
        started = sent.get(int(reference.get("message_id") or 0))
        if started is not None:
            out.append((request.at - started) * 1000)
    return out


async def drain(emu: DiscordEmulator, quiet: float = 0.5, timeout: float = 30.0) -> None:
    """Wait until no request has arrived for ``quiet`` seconds (the bot caught up)."""
    deadline = time.perf_counter() + timeout
    while time.perf_counter() < deadline:
        count = len(emu.requests)
        await asyncio.sleep(quiet)
        if len(emu.requests) == count:
            return


async def run_stage(
    emu: DiscordEmulator,
    traffic: Traffic,
    proc: psutil.Process,
    lag_file: Path,
    rate: float,
    seconds: float,
) -> Stage:
    """Messages at ``rate`` per second for ``seconds``, then wait for the replies."""
    traffic.sent = {}
    mark = emu.mark()
    cpu_before = sum(proc.cpu_times()[:2])
    wall_start = time.time()
    start = time.perf_counter()
    total = int(rate * seconds)
    done = 0
    while done < total:
        due = min(total, int((time.perf_counter() - start) * rate) + 1)
        while done < due:
            await traffic.send_one()
            done += 1
        await asyncio.sleep(0.005)
    achieved = total / (time.perf_counter() - start)
    await drain(emu)
    cpu = sum(proc.cpu_times()[:2]) - cpu_before
    lag, collection = max_lag_ms(lag_file, wall_start, time.time())
    return Stage(
        rate=rate,
        sent=total,
        achieved=achieved,
        replies=reply_latencies(emu, mark, traffic.sent),
        lag_ms=lag,
        gc_ms=collection,
        cpu_ms_per_message=cpu * 1000 / total,
    )


async def bench(guilds: int, channels: int, seconds: float) -> bool:
    async with DiscordEmulator() as emu:
        servers = []
        for g in range(guilds):
            members = [emu.add_user(f"fan{g}-{m}") for m in range(MEMBERS)]
            guild = emu.add_guild(
                f"Server {g}", channels=[f"channel-{c}" for c in range(channels)], members=members
            )
            ids = [guild.channel_id(f"channel-{c}") for c in range(channels)]
            servers.append(Server(guild, ids, members))
        traffic = Traffic(emu, servers)
        with tempfile.TemporaryDirectory() as tmp:
            lag_file = Path(tmp) / "lag.txt"
            lag_file.touch()
            started = time.perf_counter()
            bot = await start_bot(emu, Path(tmp), lag_file)
            try:
                last = servers[-1]
                await emu.wait_for_dispatch("GUILD_CREATE", timeout=START_TIMEOUT)
                mark = emu.mark()
                await emu.send_message(
                    last.channels[0], f"<@{emu.bot.id}> who plays winston?", author=last.members[0]
                )
                await emu.wait_for_request(
                    "POST",
                    rf"/channels/{last.channels[0]}/messages",
                    after=mark,
                    timeout=START_TIMEOUT,
                )
                ready_s = time.perf_counter() - started
                proc = psutil.Process(bot.pid)
                rss_joined = mb(proc)
                print(
                    f"bot: real `python -m bot run`, {guilds} servers x {channels} channels x "
                    f"{MEMBERS} members, auto mode; {len(traffic.questions)} questions + "
                    f"{len(CHATTER)} chatter lines"
                )
                print(f"ready and answering after {ready_s:.1f} s; RSS {rss_joined:.1f} MB")
                await run_stage(emu, traffic, proc, lag_file, 100, 3)  # warm-up, not counted
                saturation = None
                stages = []
                for rate in RATES:
                    stage = await run_stage(emu, traffic, proc, lag_file, rate, seconds)
                    stages.append(stage)
                    print(stage.line(), flush=True)
                    if stage.p99 > P99_LIMIT_MS or stage.achieved < 0.8 * rate:
                        saturation = rate
                        break
                rss_end = mb(proc)
            finally:
                bot.terminate()
                code = await asyncio.wait_for(bot.wait(), START_TIMEOUT)
    below = [s for s in stages if s.rate != saturation]
    if saturation is None:
        print(f"p99 stayed under {P99_LIMIT_MS:.0f} ms up to {RATES[-1]} messages/s")
    else:
        best = below[-1].rate if below else 0
        print(
            f"saturation: p99 passes {P99_LIMIT_MS:.0f} ms at {saturation} messages/s "
            f"(last rate under it: {best} messages/s)"
        )
    print(f"RSS after the load: {rss_end:.1f} MB; bot exit code after SIGTERM: {code}")
    return code == 0


def main() -> int:
    if len(sys.argv) == 3 and sys.argv[1] == "--bot-process":
        return serve_with_probe(sys.argv[2])
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--guilds", type=int, default=1000)
    parser.add_argument("--channels", type=int, default=50)
    parser.add_argument("--seconds", type=float, default=5.0, help="length of each stage")
    args = parser.parse_args()
    ok = asyncio.run(bench(args.guilds, args.channels, args.seconds))
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
