"""The command-line contract: ask, ask --json, check, and the no-token exit."""

from __future__ import annotations

import json
import os
import subprocess
import sys

from tests.conftest import ROOT


def run(
    *args: str, stdin: str = "", env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    full_env = {k: v for k, v in os.environ.items() if k != "DISCORD_TOKEN"}
    full_env.update(env or {})
    return subprocess.run(
        [sys.executable, "-m", "bot", *args],
        input=stdin,
        capture_output=True,
        text=True,
        cwd=ROOT,
        env=full_env,
        timeout=60,
    )


def test_ask_prints_the_answer() -> None:
    out = run("ask", "--now", "2026-11-25", "when did ballerina come out")
    assert out.returncode == 0
    assert "June 6, 2025" in out.stdout


def test_ask_json_reads_stdin_one_object_per_line() -> None:
    out = run("ask", "--json", "--now", "2026-11-25", stdin="who plays winston?\nwhat is love\n")
    assert out.returncode == 0
    lines = [json.loads(line) for line in out.stdout.splitlines()]
    assert [d["question"] for d in lines] == ["who plays winston?", "what is love"]
    first, second = lines
    assert first["answered"] is True and first["intent"] == "who_plays"
    assert "Ian McShane" in first["text"]
    assert "character:winston-scott" in first["entities"]
    assert 0.0 <= first["confidence"] <= 1.0
    assert second["answered"] is False


def test_ask_json_conversation_resolves_follow_ups() -> None:
    qs = "who plays winston?\nwho directed ballerina\nwhen did it come out?\n"
    out = run("ask", "--json", "--conversation", "--now", "2026-11-25", stdin=qs)
    last = json.loads(out.stdout.splitlines()[-1])
    assert last["answered"] and "June 6, 2025" in last["text"]
    alone = run("ask", "--json", "--now", "2026-11-25", stdin=qs)
    assert json.loads(alone.stdout.splitlines()[-1])["answered"] is False


def test_check_passes_on_the_shipped_knowledge() -> None:
    out = run("check")
    assert out.returncode == 0, out.stdout + out.stderr
    assert out.stdout.startswith("OK:")


def test_run_without_token_explains_what_to_do(tmp_path) -> None:  # type: ignore[no-untyped-def]
    env = {"DISCORD_TOKEN": ""}
    out = subprocess.run(
        [sys.executable, "-m", "bot"],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        env={
            **{k: v for k, v in os.environ.items() if k != "DISCORD_TOKEN"},
            **env,
            "PYTHONPATH": str(ROOT),
        },
        timeout=60,
    )
    assert out.returncode == 2
    assert "DISCORD_TOKEN" in out.stderr and ".env" in out.stderr and "wickbot chat" in out.stderr


def test_chat_keeps_the_conversation() -> None:
    out = run(
        "chat", "--now", "2026-11-25", stdin="who directed ballerina\nhow long is it?\nquit\n"
    )
    assert out.returncode == 0
    lines = out.stdout.strip().splitlines()
    assert "Len Wiseman" in lines[0] and "125 minutes" in lines[1]


def test_check_reports_broken_yaml_and_fails(tmp_path) -> None:  # type: ignore[no-untyped-def]
    (tmp_path / "works").mkdir()
    (tmp_path / "works" / "x.yaml").write_text("id: x\nkind: [\n", encoding="utf-8")
    out = run("check", "--knowledge", str(tmp_path))
    assert out.returncode == 1
    assert "works/x.yaml:" in out.stdout and "malformed YAML" in out.stdout
