"""Settings (pydantic-settings, ``IPATLAS_`` prefix). Build once, pass explicitly."""

from __future__ import annotations

from pathlib import Path

from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict


def _default_shared_dir() -> Path:
    # The repository sits beside ../shared in development and CI.
    here = Path(__file__).resolve()
    for parent in here.parents:
        candidate = parent.parent / "shared"
        if (candidate / "data").is_dir():
            return candidate
    return Path.cwd().parent / "shared"


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="IPATLAS_", env_file=".env", extra="ignore")

    data_dir: Path = Field(default=Path("./data"), description="Where the lake, DuckDB and SQLite files live")
    database_url: str | None = Field(
        default=None,
        description="Workflow database URL; default sqlite file in data_dir; postgresql+psycopg://… accepted",
    )
    shared_dir: Path = Field(
        default_factory=_default_shared_dir, description="../shared (reference data, seeds)"
    )
    secret_key: str = Field(
        default="change-me-in-production", description="Session signing key for the web app"
    )
    host: str = "127.0.0.1"
    port: int = 8000
    workers: int = Field(default=1, ge=1, le=64, description="Web worker processes (ipatlas serve)")

    @property
    def lake_dir(self) -> Path:
        return self.data_dir / "lake"

    @property
    def duckdb_path(self) -> Path:
        return self.data_dir / "ipatlas.duckdb"

    @property
    def workflow_url(self) -> str:
        if self.database_url:
            return self.database_url
        return f"sqlite:///{(self.data_dir / 'workflow.sqlite').resolve()}"

    def ensure_dirs(self) -> None:
        self.data_dir.mkdir(parents=True, exist_ok=True)


def get_settings(**overrides: object) -> Settings:
    return Settings(**overrides)  # type: ignore[arg-type]
