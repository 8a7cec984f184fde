"""Calendar fixtures: the holiday table on a real SQLite file and a real PostgreSQL cluster."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from sqlalchemy import Engine

from ipatlas.config import Settings
from ipatlas.store import workflow


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def wf_settings(request: pytest.FixtureRequest, settings: Settings) -> Settings:
    if request.param == "postgresql":
        url = request.getfixturevalue("pg_url")
        return settings.model_copy(update={"database_url": url})
    return settings


@pytest.fixture()
def wf_engine(wf_settings: Settings) -> Iterator[Engine]:
    workflow.migrate(wf_settings)
    engine = workflow.make_engine(wf_settings)
    try:
        yield engine
    finally:
        engine.dispose()
