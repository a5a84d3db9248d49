"""Reloading the knowledge must not leak: RSS after many reloads stays near a fresh start."""

from __future__ import annotations

import json
import os
import subprocess
import sys

from tests.conftest import ROOT

RELOADS = 50
#: How far above a fresh start RSS may end (allocator slack, caches of one engine).
TOLERANCE_MB = 10.0

#: Runs in a fresh interpreter, so the measurement sees only this process's memory.
SCRIPT = """
import json, sys
import psutil
from bot.app import build_core
from bot.settings import Settings

knowledge, reloads = sys.argv[1], int(sys.argv[2])
rss = lambda: psutil.Process().memory_info().rss / 2**20
questions = ["who plays winston?", "when did ballerina come out", "who directed it?"]

def ask(core):
    conversation = core.conversations.get("user")
    for question in questions:
        core.engine.ask(question, conversation=conversation)

core = build_core(Settings(_env_file=None, knowledge_dir=knowledge))
ask(core)
fresh = rss()
for _ in range(reloads):
    assert core.reload().ok  # exactly what !reload does
    ask(core)
print(json.dumps({"fresh": fresh, "after": rss()}))
"""


def test_fifty_reloads_leave_rss_near_a_fresh_start() -> None:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    done = subprocess.run(
        [sys.executable, "-c", SCRIPT, str(ROOT / "knowledge"), str(RELOADS)],
        capture_output=True,
        text=True,
        env=env,
        check=True,
        timeout=300,
    )
    rss = json.loads(done.stdout)
    grown = rss["after"] - rss["fresh"]
    assert grown <= TOLERANCE_MB, f"RSS {rss['fresh']:.0f} MB -> {rss['after']:.0f} MB"
