"""Library fixtures: the shared policy texts imported once per backend (SQLite file, PostgreSQL)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from libhelpers import ROOT, Library, build_library
from sqlalchemy.orm import Session

from ipatlas.config import Settings


@pytest.fixture(scope="session")
def sqlite_library(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Library]:
    data = tmp_path_factory.mktemp("library-sqlite") / "data"
    lib = build_library(Settings(data_dir=data, shared_dir=ROOT.parent / "shared"))
    yield lib
    lib.engine.dispose()


@pytest.fixture(scope="session")
def pg_library(tmp_path_factory: pytest.TempPathFactory, pg_cluster: Any) -> Iterator[Library]:
    data = tmp_path_factory.mktemp("library-pg") / "data"
    name = pg_cluster.create_database()
    lib = build_library(
        Settings(data_dir=data, shared_dir=ROOT.parent / "shared", database_url=pg_cluster.url(name))
    )
    yield lib
    lib.engine.dispose()


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def library(request: pytest.FixtureRequest) -> Library:
    """The shared texts imported into each backend (read-only for tests)."""
    return request.getfixturevalue(f"{'pg' if request.param == 'postgresql' else 'sqlite'}_library")  # type: ignore[no-any-return]


@pytest.fixture()
def session(library: Library) -> Iterator[Session]:
    with library.session() as s:
        yield s
        s.rollback()


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def fresh_settings(request: pytest.FixtureRequest, settings: Settings) -> Settings:
    """An empty workflow DB per backend, for tests that import their own files."""
    if request.param == "postgresql":
        return settings.model_copy(update={"database_url": request.getfixturevalue("pg_url")})
    return settings
