"""Discord-free parts of the adapter: limits, embeds, names, when to volunteer an answer."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import discord
from hypothesis import given
from hypothesis import strategies as st

from bot.answers.model import Answer, Card, CardField
from bot.app import Core, KnowledgeState
from bot.discord_ui import limits
from bot.discord_ui.client import EXTENSIONS, PERMISSIONS, WickBot
from bot.discord_ui.cogs.admin import problems_message
from bot.discord_ui.embeds import card_embed, release_value
from bot.discord_ui.names import CHARACTERS, WORKS, NameCatalog
from bot.discord_ui.replies import text_pages
from bot.discord_ui.views import PagesView, ViewRegistry
from bot.engine import ConversationStore, Engine
from bot.facts import KnowledgeError
from bot.facts.loader import Problem
from bot.nlu.entities import EntityRef
from bot.settings import Settings
from bot.storage.sqlite import SqliteStore
from tests.conftest import ROOT


@given(st.text(max_size=5000), st.integers(min_value=1, max_value=3000))
def test_cut_always_fits(text: str, limit: int) -> None:
    cut = limits.cut(text, limit)
    assert len(cut) <= limit
    assert cut == text or cut.endswith("…") or limit <= 1


def test_cut_prefers_a_word_boundary() -> None:
    assert limits.cut("the quick brown fox jumps", 14) == "the quick…"


@given(st.text(max_size=20_000))
def test_pages_fit_and_lose_nothing_small(text: str) -> None:
    pages = limits.pages(text)
    assert all(len(p) <= limits.MESSAGE for p in pages)
    assert len(pages) <= limits.MAX_PAGES
    if len(text) < 10_000:
        assert "".join("".join(pages).split()) == "".join(text.split())


def test_pages_break_at_list_separators() -> None:
    text = "; ".join(f"{i}. Some film title ({2000 + i % 30})" for i in range(200))
    pages = limits.pages(text)
    assert len(pages) > 1
    assert all(p.endswith(";") or p == pages[-1] for p in pages)


def test_release_dates_become_live_timestamps() -> None:
    value = release_value(dt.date(2025, 6, 6), "June 6, 2025 (US)")
    assert value == "<t:1749211200:D> (US) · <t:1749211200:R>"


def test_a_huge_card_still_fits_one_embed() -> None:
    card = Card(
        title="T" * 500,
        description="word " * 2000,
        fields=tuple(CardField(f"Field {i} " * 40, "value " * 400) for i in range(40)),
        footer="Sources: " + ", ".join(f"S{i}" for i in range(1000)),
        release=dt.date(2027, 5, 21),
    )
    embed = card_embed(card, hide=True)
    data = embed.to_dict()
    assert len(embed) <= limits.EMBED_TOTAL
    assert len(data["title"]) <= limits.TITLE
    assert len(data["description"]) <= limits.DESCRIPTION
    assert data["description"].startswith("||") and data["description"].endswith("||")
    assert len(data["fields"]) <= limits.FIELDS
    assert all(len(f["value"]) <= limits.FIELD_VALUE for f in data["fields"])
    assert all(len(f["name"]) <= limits.FIELD_NAME for f in data["fields"])


def test_spoiler_answers_keep_the_warning_outside_the_bars() -> None:
    answer = Answer(
        question="",
        answered=True,
        text="Spoiler warning (Chapter 4 ending): John || dies.",
        spoiler="Chapter 4 ending",
    )
    assert text_pages(answer) == ["⚠️ Spoiler warning (Chapter 4 ending): ||John | | dies.||"]
    long = Answer(question="", answered=True, text="x " * 3000, spoiler="everything")
    pages = text_pages(long)
    assert len(pages) > 1
    assert all(len(p) <= limits.MESSAGE and p.endswith("||") for p in pages)


def test_names_resolve_aliases_ids_and_typos(engine: Engine) -> None:
    names = NameCatalog(engine)
    assert names.resolve("jw2", WORKS) == EntityRef("work", "chapter-2")
    assert names.resolve("work:ballerina", WORKS) == EntityRef("work", "ballerina")
    assert names.resolve("work:ballerina", CHARACTERS) is None
    assert names.resolve("parabelum", WORKS) == EntityRef("work", "chapter-3")
    assert names.resolve("the matrix", WORKS) is None
    assert names.exact("johnwick") == EntityRef("work", "john-wick")  # films first
    assert names.exact("rank") is None and names.typo("rank") is None


def test_autocomplete_lists_prefix_matches_first_and_at_most_25(engine: Engine) -> None:
    names = NameCatalog(engine)
    assert names.complete("cont", WORKS)[0] == ("The Continental", "work:the-continental")
    assert len(names.complete("", CHARACTERS)) == 25
    assert all(len(label) <= 100 for label, _ in names.complete("", CHARACTERS))


def test_reload_errors_fit_one_message_and_show_every_broken_file() -> None:
    problems = [Problem("works/a.yaml", i, "title", "x" * 200) for i in range(50)]
    problems.append(Problem("works/z.yaml", 1, "", "not YAML"))
    message = problems_message(KnowledgeError(problems))
    assert len(message) <= limits.MESSAGE
    assert "works/z.yaml" in message and "more" in message
    assert message.endswith("```")


def test_embed_colour_and_type() -> None:
    card = Card(title="Ballerina", description="A dancer.", fields=(CardField("Rating", "R"),))
    embed = card_embed(card)
    assert isinstance(embed, discord.Embed) and embed.fields[0].value == "R"


def test_readme_documents_every_command_and_the_invite_permissions() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert f"permissions={PERMISSIONS.value}" in readme
    assert "scope=bot+applications.commands" in readme
    for name in ("ballerina", "film", "cast", "whoplays", "countdown", "ask", "watchorder"):
        assert f"### `!{name}" in readme, name
    for name in ("upcoming", "help", "sync"):
        assert f"`!{name}" in readme, name


async def test_every_cog_loads_and_no_command_hides_a_name(engine: Engine, tmp_path: Path) -> None:
    settings = Settings(_env_file=None, data_dir=tmp_path)  # type: ignore[call-arg]
    store = SqliteStore(settings.sqlite_path)
    conversations = ConversationStore(dt.timedelta(minutes=5))
    state = KnowledgeState(engine.kb, engine, conversations, "test", engine.clock())
    core = Core(settings, state, store)
    bot = WickBot(core)
    try:
        for extension in EXTENSIONS:
            await bot.load_extension(extension)
        names = {c.name for c in bot.commands} | {a for c in bot.commands for a in c.aliases}
        app_names = {c.name for c in bot.tree.get_commands()}
    finally:
        await bot.close()
        await store.close()
    assert {"ballerina", "film", "cast", "whoplays", "countdown", "ask", "help"} <= app_names
    catalog = NameCatalog(engine)
    shadowed = {n for n in names if catalog.exact(n) is not None} - {"ballerina"}
    assert not shadowed, f"commands hide the cards of {shadowed}"


async def test_pages_view_buttons_follow_the_page() -> None:
    registry = ViewRegistry()
    view = PagesView(registry, ["one", "two", "three"])
    try:
        assert view.content == "one" and view.position.label == "1/3"
        assert view.previous.disabled and not view.next.disabled
        view.index = 2
        view._update()
        assert view.position.label == "3/3" and view.next.disabled
        assert len(registry) == 1
    finally:
        registry.stop_all()
    assert view.is_finished()
