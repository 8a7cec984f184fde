"""Web fixtures: a real app over a real data directory (fixture lake + SQLite workflow DB)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from fastapi.testclient import TestClient
from fixture_lake import build_lake
from webhelpers import PASSWORDS, ROOT, login, serve_in_thread

from ipatlas.config import Settings
from ipatlas.indicators import compute_cube
from ipatlas.store import workflow
from ipatlas.store.models import UserCreate
from ipatlas.web import create_app


@pytest.fixture(scope="session")
def web_settings(tmp_path_factory: pytest.TempPathFactory) -> Settings:
    data = tmp_path_factory.mktemp("webdata") / "data"
    s = Settings(data_dir=data, shared_dir=ROOT.parent / "shared", secret_key="test-secret-key")
    s.ensure_dirs()
    build_lake(s)
    # every figure a page shows is a catalogue indicator read from the cube
    compute_cube(s, years=range(2016, 2024), industries=["wipo"])
    with workflow.workflow_session(s) as session:
        for role, pw in PASSWORDS.items():
            workflow.create_user(
                session,
                UserCreate(
                    username=role,
                    password=pw,
                    role=role,  # type: ignore[arg-type]
                    unit="市科技局" if role == "unit" else None,
                ),
            )
    return s


@pytest.fixture(scope="session")
def records(web_settings: Settings) -> list[dict[str, Any]]:
    from fixture_lake import make_records

    return make_records()


@pytest.fixture(scope="session")
def app(web_settings: Settings) -> Any:
    return create_app(web_settings)


@pytest.fixture()
def anon(app: Any) -> Iterator[TestClient]:
    with TestClient(app) as c:
        yield c


@pytest.fixture()
def client(app: Any) -> Iterator[TestClient]:
    """Logged in as an analyst."""
    with TestClient(app) as c:
        login(c, "analyst")
        yield c


@pytest.fixture(scope="session")
def live_server(app: Any) -> Iterator[str]:
    """The app under a real uvicorn server on a free loopback port."""
    with serve_in_thread(app) as url:
        yield url
