"""Typed settings, read from the environment and an optional ``.env`` file.

Every setting is documented in ``.env.example`` (a test keeps the two in step).
"""

from __future__ import annotations

from pathlib import Path
from typing import Literal

from pydantic import Field, SecretStr, field_validator, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

from bot.shards import ShardPlan, parse_shard_ids

#: The knowledge base shipped with the project.
DEFAULT_KNOWLEDGE_DIR = Path(__file__).resolve().parent.parent / "knowledge"
DEFAULT_API_BASE = "https://discord.com/api/v10"


class Settings(BaseSettings):
    """Wickbot's configuration. Field names map to upper-case environment variables."""

    model_config = SettingsConfigDict(
        env_file=".env", env_file_encoding="utf-8", extra="ignore", frozen=True
    )

    discord_token: SecretStr | None = Field(
        default=None, description="Bot token from the Discord developer portal (secret)."
    )
    command_prefix: str = Field(default="!", min_length=1, max_length=5)
    knowledge_dir: Path = Field(default=DEFAULT_KNOWLEDGE_DIR)
    data_dir: Path = Field(default=Path("data"))
    database_url: str | None = Field(
        default=None,
        description="sqlite:///path/to/file.sqlite3 or postgresql://user:pass@host:5432/db; "
        "default: DATA_DIR/wickbot.sqlite3",
    )
    dev_guild_id: int | None = Field(default=None)
    log_level: str = Field(default="INFO")
    discord_api_base: str = Field(default=DEFAULT_API_BASE)
    discord_gateway_url: str | None = Field(default=None)
    conversation_ttl_seconds: int = Field(default=300, ge=10, le=86_400)
    log_format: Literal["text", "json"] = Field(default="text")
    metrics_port: int | None = Field(default=None, ge=0, le=65_535)
    shard_count: int | None = Field(default=None, ge=1, le=100_000)
    shard_ids: str | None = Field(default=None, description="e.g. 0,1 or 0-3 (needs SHARD_COUNT)")
    tmdb_api_key: SecretStr | None = Field(
        default=None, description="TMDB API key for `wickbot knowledge refresh` (optional)."
    )

    @field_validator("discord_token", "tmdb_api_key", mode="before")
    @classmethod
    def _blank_token_is_none(cls, value: object) -> object:
        return None if isinstance(value, str) and not value.strip() else value

    @field_validator(
        "dev_guild_id",
        "discord_gateway_url",
        "shard_count",
        "shard_ids",
        "metrics_port",
        mode="before",
    )
    @classmethod
    def _blank_is_none(cls, value: object) -> object:
        return None if isinstance(value, str) and not value.strip() else value

    @field_validator("log_level")
    @classmethod
    def _level(cls, value: str) -> str:
        level = value.upper()
        if level not in {"DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL"}:
            raise ValueError("LOG_LEVEL must be DEBUG, INFO, WARNING, ERROR or CRITICAL")
        return level

    @field_validator("database_url", mode="before")
    @classmethod
    def _database_scheme(cls, value: object) -> object:
        if isinstance(value, str) and not value.strip():
            return None
        schemes = ("sqlite:///", "postgresql://", "postgres://")
        if isinstance(value, str) and not value.startswith(schemes):
            raise ValueError("DATABASE_URL must start with sqlite:/// or postgresql://")
        return value

    @model_validator(mode="after")
    def _shards(self) -> Settings:
        self.shards  # noqa: B018  # raises ValueError for a bad SHARD_COUNT / SHARD_IDS
        return self

    @property
    def shards(self) -> ShardPlan:
        """The shards this process runs (SHARD_COUNT, SHARD_IDS)."""
        try:
            ids = parse_shard_ids(self.shard_ids or "")
        except ValueError:
            raise ValueError("SHARD_IDS must be shard numbers, e.g. 0,1 or 0-3") from None
        return ShardPlan(self.shard_count, ids)

    @property
    def store_url(self) -> str:
        """DATABASE_URL, or the default SQLite file in DATA_DIR."""
        return self.database_url or f"sqlite:///{self.data_dir / 'wickbot.sqlite3'}"

    @property
    def sqlite_path(self) -> Path:
        """The SQLite file behind DATABASE_URL."""
        prefix = "sqlite:///"
        if not self.store_url.startswith(prefix):
            raise ValueError("DATABASE_URL is not an SQLite URL")
        return Path(self.store_url[len(prefix) :])
