"""Settings (pydantic-settings, ``IPATLAS_`` prefix). Build once, pass explicitly."""

from __future__ import annotations

from pathlib import Path
from typing import Literal

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


DEFAULT_SECRET = "change-me-in-production"


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
    secret_key: str = Field(default=DEFAULT_SECRET, description="Session signing key for the web app")
    host: str = "127.0.0.1"
    port: int = 8000
    workers: int = Field(default=1, ge=1, le=64, description="Web worker processes (ipatlas serve)")
    # indicator engine
    plan_cache: bool = Field(
        default=True, description="Reuse compiled cube query plans (0 = compile every time)"
    )
    spark_master: str = Field(default="local[2]", description="PySpark master for --backend pyspark")
    spark_partitions: int = Field(default=2, ge=1, description="spark.sql.shuffle.partitions")
    spark_adaptive: bool = Field(default=False, description="spark.sql.adaptive.enabled")
    spark_driver_memory: str = Field(default="2g", description="spark.driver.memory")
    # ---- security (issue 17; see SECURITY.md) ----
    env: Literal["development", "production"] = Field(
        default="development",
        description="production refuses a weak or default secret key and sets Secure cookies",
    )
    cookie_secure: bool = Field(default=False, description="Secure session cookie (behind TLS)")
    session_idle_minutes: int = Field(default=30, ge=1, le=24 * 60, description="Idle timeout")
    session_absolute_hours: int = Field(default=12, ge=1, le=24 * 30, description="Absolute timeout")
    login_window_minutes: int = Field(default=15, ge=1, le=24 * 60, description="Throttle window")
    login_max_failures: int = Field(default=5, ge=1, le=1000, description="Failures per account")
    login_max_client_failures: int = Field(default=20, ge=1, le=10000, description="Failures per client")
    argon2_concurrency: int = Field(default=4, ge=1, le=64, description="Concurrent password checks")

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


def secret_key_problem(key: str | None) -> str | None:
    """Why ``key`` is too weak to sign sessions in production (None when it is fine): the one rule
    that the web app enforces and ``ipatlas doctor`` reports."""
    if not key or key == DEFAULT_SECRET:
        return "未设置（仍为默认值）"
    if len(key) < 32:
        return f"长度 {len(key)} 少于 32 个字符"
    if len(set(key)) < 12:
        return "字符种类过少"
    return None


def get_settings(**overrides: object) -> Settings:
    return Settings(**overrides)  # type: ignore[arg-type]
