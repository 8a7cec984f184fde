"""Every export test runs on a real SQLite file and a real PostgreSQL database."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from sqlalchemy import Engine

from ipatlas.config import Settings
from ipatlas.store import workflow


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def engine(request: pytest.FixtureRequest, settings: Settings) -> Iterator[Engine]:
    if request.param == "postgresql":
        settings = settings.model_copy(update={"database_url": request.getfixturevalue("pg_url")})
    workflow.migrate(settings)
    eng = workflow.make_engine(settings)
    try:
        yield eng
    finally:
        eng.dispose()
