"""The composition root: one Core for the bot and the CLI, and its reload."""

from __future__ import annotations

import datetime as dt
import io
import shutil
from pathlib import Path

import pytest

from bot import cli
from bot.app import Core, build_core
from bot.settings import Settings
from tests.conftest import KNOWLEDGE, TODAY

FULL_TITLE = 'full_title: "From the World of John Wick: Ballerina"'


@pytest.fixture
def knowledge(tmp_path: Path) -> Path:
    copy = tmp_path / "knowledge"
    shutil.copytree(KNOWLEDGE, copy)
    return copy


def core_for(knowledge: Path, tmp_path: Path, **values: object) -> Core:
    settings = Settings(_env_file=None, knowledge_dir=knowledge, data_dir=tmp_path, **values)  # type: ignore[call-arg]
    return build_core(settings, clock=lambda: TODAY)


def test_reload_swaps_knowledge_engine_and_conversations(knowledge: Path, tmp_path: Path) -> None:
    core = core_for(knowledge, tmp_path)
    old = core.state
    core.conversations.get("someone")
    ballerina = knowledge / "works" / "ballerina.yaml"
    text = ballerina.read_text(encoding="utf-8")
    ballerina.write_text(text.replace(FULL_TITLE, 'full_title: "Ballerina (edited)"'))

    outcome = core.reload()

    assert outcome.ok and outcome.state is core.state is not old
    assert core.knowledge.works["ballerina"].full_title == "Ballerina (edited)"
    assert core.engine is not old.engine and len(core.conversations) == 0
    assert outcome.state.version != old.version
    assert outcome.state.summary().startswith(f"{len(core.knowledge.works)} works, ")


def test_a_broken_reload_keeps_the_old_state_and_lists_every_problem(
    knowledge: Path, tmp_path: Path
) -> None:
    core = core_for(knowledge, tmp_path)
    old = core.state
    (knowledge / "works" / "ballerina.yaml").write_text("id: ballerina\ntitle: [unclosed\n")
    (knowledge / "works" / "chapter-2.yaml").write_text("release: {date: soon}\n")

    outcome = core.reload()

    assert not outcome.ok and outcome.error is not None
    assert outcome.state is old is core.state
    assert {p.file for p in outcome.error.problems} >= {
        "works/ballerina.yaml",
        "works/chapter-2.yaml",
    }
    assert "Ian McShane" in core.engine.ask("who plays winston?").text


async def test_the_store_is_opened_only_when_used(knowledge: Path, tmp_path: Path) -> None:
    core = core_for(knowledge, tmp_path / "data")
    core.engine.ask("who plays winston?")
    assert not (tmp_path / "data").exists()
    await core.store.guild_settings(1)
    assert (tmp_path / "data" / "wickbot.sqlite3").exists()
    await core.close()


@pytest.mark.parametrize(("ttl", "remembered"), [(10, False), (300, True)])
def test_the_cli_chat_forgets_after_conversation_ttl_seconds(
    knowledge: Path, tmp_path: Path, ttl: int, remembered: bool
) -> None:
    moments = iter(TODAY + dt.timedelta(minutes=i) for i in range(100))  # a minute per line
    settings = Settings(  # type: ignore[call-arg]
        _env_file=None, knowledge_dir=knowledge, conversation_ttl_seconds=ttl
    )
    core = build_core(settings, clock=lambda: next(moments))
    out = io.StringIO()

    cli.chat(core, None, io.StringIO("who directed ballerina\nwhen did it come out?\n"), out)

    follow_up = out.getvalue().splitlines()[-1]
    assert ("June 6, 2025" in follow_up) is remembered, follow_up


def test_the_cli_chat_reloads_through_the_core(knowledge: Path, tmp_path: Path) -> None:
    core = core_for(knowledge, tmp_path)
    ballerina = knowledge / "works" / "ballerina.yaml"
    text = ballerina.read_text(encoding="utf-8")
    ballerina.write_text(text.replace(FULL_TITLE, 'full_title: "Ballerina (edited)"'))
    broken = knowledge / "works" / "chapter-2.yaml"
    good = broken.read_text(encoding="utf-8")
    broken.write_text("release: {date: soon}\n")
    out = io.StringIO()
    script = "!reload\n"  # refused: chapter-2.yaml is broken
    cli.chat(core, None, io.StringIO(script), out)
    assert "works/chapter-2.yaml" in out.getvalue() and "Kept the old knowledge." in out.getvalue()
    assert core.knowledge.works["ballerina"].full_title != "Ballerina (edited)"

    broken.write_text(good)
    out = io.StringIO()
    cli.chat(core, None, io.StringIO("!reload\n"), out)
    assert out.getvalue().startswith("Reloaded: ")
    assert core.knowledge.works["ballerina"].full_title == "Ballerina (edited)"
