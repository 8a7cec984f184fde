"""Portal fixtures: a real app over a data directory with the shared policy texts imported."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from typing import Any

import pytest
from fastapi.testclient import TestClient
from portalhelpers import ADMIN_PASSWORD, JUDGMENTS, POLICIES, ROOT

from ipatlas.config import Settings
from ipatlas.library import import_path
from ipatlas.litigation.corpus import import_dir
from ipatlas.litigation.lawlinks import register_judgments
from ipatlas.store import workflow
from ipatlas.store.models import UserCreate
from ipatlas.web import create_app


@pytest.fixture(scope="session")
def portal_settings(tmp_path_factory: pytest.TempPathFactory) -> Settings:
    if not (POLICIES / "metadata.csv").is_file():
        pytest.fail(f"shared policy texts not found at {POLICIES}")
    data = tmp_path_factory.mktemp("portal") / "data"
    s = Settings(data_dir=data, shared_dir=ROOT.parent / "shared", secret_key="portal-test-secret-key")
    s.ensure_dirs()
    judgments = data.parent / "judgments"
    judgments.mkdir()
    for name in JUDGMENTS:  # shared real judgments: 公开案例 and "cited by" on article pages
        shutil.copy(ROOT.parent / "shared" / "data" / "judgments" / "texts" / f"{name}.txt", judgments)
    import_dir(s, judgments)
    with workflow.workflow_session(s) as session:
        import_path(session, POLICIES)
        register_judgments(session, s)
        workflow.create_user(session, UserCreate(username="admin", password=ADMIN_PASSWORD, role="admin"))
    return s


@pytest.fixture()
def app(portal_settings: Settings) -> Any:
    """A fresh app per test: its own rate-limit memory."""
    return create_app(portal_settings)


@pytest.fixture()
def client(app: Any) -> Iterator[TestClient]:
    with TestClient(app) as c:
        yield c
