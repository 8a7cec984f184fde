"""Protection fixtures: a migrated workflow database (SQLite file and real PostgreSQL) and intakes."""

from __future__ import annotations

import copy
import datetime as dt
import functools
from collections.abc import Iterator
from typing import Any

import pytest
from sqlalchemy.orm import Session

from ipatlas.config import Settings
from ipatlas.store import workflow
from ipatlas.store.models import User

BASE: dict[str, Any] = {
    "kind": "complaint",
    "ip_type": "trademark",
    "channel": "12315",
    "received_at": "2026-03-02 09:30",
    "complainant": {
        "name": "张三",
        "type": "individual",
        "phone": "13812341234",
        "id_number": "11010519491231002X",
        "address": "重庆市渝中区解放碑1号",
    },
    "respondent": {"name": "重庆某某贸易有限公司", "type": "enterprise", "address": "重庆市江北区北京路1号"},
    "right": {"type": "trademark", "number": "12345678"},
    "facts": "被投诉人在门店销售假冒我方注册商标的运动鞋。",
    "confidential": True,
}
NOW = dt.datetime(2026, 11, 30, 12, 0)


@functools.cache
def _hash() -> str:
    from argon2 import PasswordHasher

    return PasswordHasher().hash("password 123")


def intake(**changes: Any) -> dict[str, Any]:
    d = copy.deepcopy(BASE)
    for k, v in changes.items():
        if isinstance(v, dict) and isinstance(d.get(k), dict):
            d[k].update(v)
        else:
            d[k] = v
    return d


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
