"""Market fixtures: the workflow database on a real SQLite file and a real PostgreSQL cluster."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from sqlalchemy.orm import Session

from ipatlas.config import Settings
from ipatlas.store import workflow


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def mk_settings(request: pytest.FixtureRequest, settings: Settings) -> Settings:
    if request.param == "postgresql":
        return settings.model_copy(update={"database_url": request.getfixturevalue("pg_url")})
    return settings


@pytest.fixture()
def session(settings: Settings) -> Iterator[Session]:
    """A session on a migrated SQLite workflow database (committed by the test when needed)."""
    workflow.migrate(settings)
    engine = workflow.make_engine(settings)
    try:
        with workflow.session_factory(engine)() as s:
            yield s
    finally:
        engine.dispose()


@pytest.fixture()
def cli_env(settings: Settings, monkeypatch: pytest.MonkeyPatch) -> Settings:
    monkeypatch.setenv("IPATLAS_DATA_DIR", str(settings.data_dir))
    return settings
