"""Protection fixtures: a migrated workflow database (SQLite file and real PostgreSQL) and intakes."""

from __future__ import annotations

import functools
from collections.abc import Iterator
from typing import Any

import pytest
from sqlalchemy.orm import Session

from ipatlas.config import Settings
from ipatlas.store import workflow
from ipatlas.store.models import User


@functools.cache
def _hash() -> str:
    from argon2 import PasswordHasher

    return PasswordHasher().hash("password 123")


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def pr_settings(request: pytest.FixtureRequest, settings: Settings) -> Settings:
    if request.param == "postgresql":
        return settings.model_copy(update={"database_url": request.getfixturevalue("pg_url")})
    return settings


USERS = [
    ("clerk1", "clerk", None),
    ("han", "handler", None),
    ("han2", "handler", None),
    ("boss", "approver", None),
    ("med", "mediator", None),
    ("gaj", "unit", "公安机关（同级）"),
    ("other_unit", "unit", "市版权局"),
    ("lead", "leader", None),
]


@pytest.fixture()
def db(pr_settings: Settings) -> Iterator[tuple[Settings, Any]]:
    workflow.migrate(pr_settings)
    engine = workflow.make_engine(pr_settings)
    S = workflow.session_factory(engine)
    with S() as s, s.begin():
        # One real argon2 hash shared by the test users (hashing eight times costs seconds).
        for name, role, unit in USERS:
            s.add(
                User(
                    username=name, display_name=name, password_hash=_hash(), role=role, unit=unit, active=True
                )
            )
    try:
        yield pr_settings, S
    finally:
        engine.dispose()


def session(S: Any) -> Session:
    return S()  # type: ignore[no-any-return]
