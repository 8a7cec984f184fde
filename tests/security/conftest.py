"""Security fixtures: the real platform over the web tests' fixture lake and a real SQLite
workflow database, built once per session (its own data directory, so the fuzzing cannot disturb
other test folders)."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

WEB_TESTS = Path(__file__).resolve().parents[1] / "web"
if str(WEB_TESTS) not in sys.path:
    sys.path.insert(0, str(WEB_TESTS))

from fixture_lake import build_lake  # noqa: E402
from sechelpers import add_users, make_settings, sec_login  # noqa: E402

from ipatlas.config import Settings  # noqa: E402


@pytest.fixture(scope="session")
def sec_settings(tmp_path_factory: pytest.TempPathFactory) -> Settings:
    s = make_settings(tmp_path_factory.mktemp("secdata") / "data")
    build_lake(s)
    add_users(s)
    return s


@pytest.fixture(scope="session")
def sec_app(sec_settings: Settings) -> Any:
    from ipatlas.web import create_app

    return create_app(sec_settings)


@pytest.fixture()
def anon(sec_app: Any) -> Iterator[TestClient]:
    with TestClient(sec_app, raise_server_exceptions=False) as c:
        yield c


@pytest.fixture()
def analyst(sec_app: Any) -> Iterator[TestClient]:
    with TestClient(sec_app, raise_server_exceptions=False) as c:
        sec_login(c, "analyst")
        yield c


@pytest.fixture()
def admin(sec_app: Any) -> Iterator[TestClient]:
    with TestClient(sec_app, raise_server_exceptions=False) as c:
        sec_login(c, "admin")
        yield c


@pytest.fixture(scope="session")
def sec_live(sec_app: Any) -> Iterator[str]:
    """The platform under a real uvicorn server (real sockets, real streaming)."""
    from webhelpers import serve_in_thread

    with serve_in_thread(sec_app) as url:
        yield url
