"""Shared fixtures. Reference data is read from ../shared; tests that need it fail clearly if absent."""

from __future__ import annotations

from pathlib import Path

import pytest

from ipatlas.config import Settings
from pg import pg_cluster, pg_url  # noqa: F401  (one throwaway PostgreSQL cluster for the whole session)

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"


@pytest.fixture(scope="session")
def shared_dir() -> Path:
    if not (SHARED / "data").is_dir():
        pytest.fail(f"../shared/data not found at {SHARED}: tests need the shared data beside the repo")
    return SHARED


@pytest.fixture()
def settings(tmp_path: Path) -> Settings:
    s = Settings(data_dir=tmp_path / "data", shared_dir=SHARED)
    s.ensure_dirs()
    return s
