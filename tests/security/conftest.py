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
from webhelpers import PASSWORDS, ROOT, login  # noqa: E402

from ipatlas.config import Settings  # noqa: E402
from ipatlas.store import workflow  # noqa: E402
from ipatlas.store.models import UserCreate  # noqa: E402

SEC_PASSWORDS = {**PASSWORDS, "auditor": "auditor pass 1", "leader": "leader pass 1"}


def make_settings(data: Path, **kw: Any) -> Settings:
    kw.setdefault("secret_key", "test-secret-key")
    s = Settings(data_dir=data, shared_dir=ROOT.parent / "shared", **kw)
    s.ensure_dirs()
    return s


def add_users(s: Settings) -> None:
    with workflow.workflow_session(s) as session:
        for role, pw in SEC_PASSWORDS.items():
            workflow.create_user(
                session,
                UserCreate(
                    username=role,
                    password=pw,
                    role=role,  # type: ignore[arg-type]
                    unit="市科技局" if role == "unit" else None,
                ),
            )


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


def sec_login(client: TestClient, role: str) -> None:
    if role in PASSWORDS:
        login(client, role)
        return
    from webhelpers import csrf_of

    page = client.get("/login")
    res = client.post(
        "/login",
        data={"username": role, "password": SEC_PASSWORDS[role], "csrf_token": csrf_of(page.text)},
        follow_redirects=False,
    )
    assert res.status_code == 303, res.text


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
    import threading
    import time

    import uvicorn
    from webhelpers import free_port

    port = free_port()
    server = uvicorn.Server(uvicorn.Config(sec_app, host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.time() + 30
    while not server.started:
        if time.time() > deadline:
            raise RuntimeError("uvicorn did not start")
        time.sleep(0.05)
    yield f"http://127.0.0.1:{port}"
    server.should_exit = True
    thread.join(timeout=10)
