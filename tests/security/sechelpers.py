"""Helpers shared by the security tests (imported by module name: conftest names collide)."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

from fastapi.testclient import TestClient

WEB_TESTS = Path(__file__).resolve().parents[1] / "web"
if str(WEB_TESTS) not in sys.path:
    sys.path.insert(0, str(WEB_TESTS))

from webhelpers import PASSWORDS, ROOT, csrf_of, login  # noqa: E402

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


def sec_login(client: TestClient, role: str) -> None:
    if role in PASSWORDS:
        login(client, role)
        return
    page = client.get("/login")
    res = client.post(
        "/login",
        data={"username": role, "password": SEC_PASSWORDS[role], "csrf_token": csrf_of(page.text)},
        follow_redirects=False,
    )
    assert res.status_code == 303, res.text
