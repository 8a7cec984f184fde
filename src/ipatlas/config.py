"""Settings (pydantic-settings, ``IPATLAS_`` prefix). Build once, pass explicitly.

This is the only module that reads the process environment (tests/test_settings_env.py checks it);
docs/settings.md is generated from the fields below by scripts/gen_settings_docs.py."""

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
    host: str = Field(default="127.0.0.1", description="Address ipatlas serve listens on")
    port: int = Field(default=8000, description="Port ipatlas serve listens on")
    workers: int = Field(default=1, ge=1, le=64, description="Web worker processes (ipatlas serve)")
    web_duckdb_threads: int | None = Field(
        default=None,
        ge=1,
        le=256,
        description="DuckDB threads per web worker for page queries (default: CPU cores / workers, "
        "at least 1: several workers on few cores otherwise contend for the same cores)",
    )
    web_request_threads: int = Field(
        default=8,
        ge=1,
        le=256,
        description="Requests one web worker works on at once; the others wait in line (40, anyio's "
        "default, let an overloaded worker run dozens of DuckDB queries at once on the same cores)",
    )
    page_files_min_rows: int = Field(
        default=3_000_000,
        ge=0,
        description="Above this many patents the pages' count table and sorted record list are files "
        "under data/cache/pages shared by the workers (below: in each worker's memory)",
    )
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
    # ---- outbox mail (workflow reminders; unset host = no sending) ----
    smtp_host: str | None = Field(default=None, description="SMTP server for workflow reminders")
    smtp_port: int = Field(default=25, ge=1, le=65535, description="SMTP port")
    smtp_from: str = Field(default="ipatlas@localhost", description="Sender address of reminders")
    smtp_user: str | None = Field(default=None, description="SMTP login (optional)")
    smtp_password: str | None = Field(default=None, description="SMTP password (optional)")
    smtp_starttls: bool = Field(default=False, description="Use STARTTLS")
    smtp_domain: str | None = Field(
        default=None, description='Mail domain appended to recipients without "@"'
    )
    # ---- operations ----
    pg_bin: Path | None = Field(
        default=None,
        description="Directory of pg_dump/pg_restore (default: newest Debian cluster, else PATH)",
    )
    portal_limits: str = Field(
        default="", description='Portal rate-limit overrides, e.g. "page=300/minute,form=3/hour"'
    )
    # ---- plan supervision ----
    plans_filing_review: bool = Field(
        default=True,
        description="Plan supervision: a filing reporting 已完成 completes its task only once the office"
        " approves it (0 = at once, as filed)",
    )
    # ---- test and benchmark hooks ----
    ingest_pause_at: str | None = Field(
        default=None,
        description="Crash-test hook: an import waits at this stage (read/staged/written/committed)",
    )
    ingest_pause_file: Path | None = Field(
        default=None, description="Crash-test hook: file the paused import writes its stage into"
    )
    bench_trace: bool = Field(default=False, description="ipatlas bench web: print each request's latency")

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
