"""Supervision fixtures: the workflow database on a real SQLite file and a real PostgreSQL
cluster (``tests/pg.py``), the seeds parsed once, and users of every role."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy.orm import Session, sessionmaker

from ipatlas.config import Settings
from ipatlas.plans import ParsedPlan, parse_plan
from ipatlas.store import workflow
from pg import PgCluster

CITY_SEED = "000_0a5f83c4f7ea3fda.txt"  # 重庆市知识产权“十三五”发展规划 (2016—2020)
DISTRICT_SEED = "002_e28b6c53a957f5e4.txt"  # 黔江区 … 工作方案 (2021—2025)
BACKENDS = ["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)]


@pytest.fixture(scope="session")
def parsed_seeds(shared_dir: Path) -> dict[str, ParsedPlan]:
    """The city and district seeds through the real parser (copied by each user)."""
    return {
        "city": parse_plan(shared_dir / "seeds" / CITY_SEED),
        "district": parse_plan(shared_dir / "seeds" / DISTRICT_SEED),
    }


@pytest.fixture()
def seeds(parsed_seeds: dict[str, ParsedPlan]) -> dict[str, ParsedPlan]:
    return {k: v.model_copy(deep=True) for k, v in parsed_seeds.items()}


@pytest.fixture(params=BACKENDS)
def sv_settings(request: pytest.FixtureRequest, tmp_path: Path, shared_dir: Path) -> Iterator[Settings]:
    """Settings on a fresh, migrated workflow database of each backend."""
    s = Settings(data_dir=tmp_path / "data", shared_dir=shared_dir, secret_key="supervision-test-key")
    s.ensure_dirs()
    cluster: PgCluster | None = None
    name = None
    if request.param == "postgresql":
        cluster = request.getfixturevalue("pg_cluster")
        name = cluster.create_database()
        s = s.model_copy(update={"database_url": cluster.url(name)})
    workflow.migrate(s)
    try:
        yield s
    finally:
        if cluster is not None and name is not None:
            cluster.drop_database(name)


@pytest.fixture()
def sessions(sv_settings: Settings) -> Iterator[sessionmaker[Session]]:
    engine = workflow.make_engine(sv_settings)
    try:
        yield workflow.session_factory(engine)
    finally:
        engine.dispose()


@pytest.fixture(autouse=True)
def _test_sized_password_hashing(monkeypatch: pytest.MonkeyPatch) -> None:
    """Real argon2 hashes with small cost parameters: the defaults take up to half a second per
    account on the shared test machine, and these tests create many accounts."""
    from argon2 import PasswordHasher

    monkeypatch.setattr(workflow, "_hasher", PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1))
