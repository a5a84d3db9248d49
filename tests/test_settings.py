"""Settings: .env.example documents every setting and loads as-is; the token stays secret."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.settings import Settings
from tests.conftest import ROOT

EXAMPLE = ROOT / ".env.example"


def example_keys() -> set[str]:
    lines = EXAMPLE.read_text(encoding="utf-8").splitlines()
    return {line.split("=", 1)[0] for line in lines if line and not line.startswith("#")}


def test_env_example_documents_every_setting() -> None:
    assert example_keys() == {name.upper() for name in Settings.model_fields}


def test_env_example_loads(monkeypatch: pytest.MonkeyPatch) -> None:
    for key in example_keys():
        monkeypatch.delenv(key, raising=False)
    settings = Settings(_env_file=EXAMPLE)  # type: ignore[call-arg]
    assert settings.discord_token is None
    assert settings.command_prefix == "!"
    assert settings.dev_guild_id is None


def test_token_is_never_shown(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("DISCORD_TOKEN", "super-secret-token")
    settings = Settings(_env_file=None)  # type: ignore[call-arg]
    assert settings.discord_token is not None
    assert settings.discord_token.get_secret_value() == "super-secret-token"
    assert "super-secret-token" not in repr(settings) and "super-secret-token" not in str(settings)


def test_bad_values_are_rejected(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("LOG_LEVEL", "LOUD")
    with pytest.raises(ValueError, match="LOG_LEVEL"):
        Settings(_env_file=None)  # type: ignore[call-arg]


def test_database_defaults_to_the_data_dir(tmp_path: Path) -> None:
    settings = Settings(_env_file=None, data_dir=tmp_path)  # type: ignore[call-arg]
    assert settings.sqlite_path == tmp_path / "wickbot.sqlite3"
