"""Server-side sessions (logout, idle and absolute timeouts), login throttling stored in the
database with a lockout message and its audit, bounded password checks, the password policy,
changes, resets and forced first changes, the production secret-key rule, Secure cookies, and
the workflow database's file mode."""

from __future__ import annotations

import datetime as dt
import os
import stat
from collections.abc import Iterator
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sechelpers import SEC_PASSWORDS, make_settings, sec_login
from sqlalchemy import text
from webhelpers import csrf_of

from ipatlas.config import Settings
from ipatlas.errors import ConfigError, InputError, ServiceBusy
from ipatlas.security.passwords import check_password
from ipatlas.store import workflow
from ipatlas.store.models import UserCreate


def _client(app: Any, ip: str) -> TestClient:
    return TestClient(app, raise_server_exceptions=False, client=(ip, 50000))


def _try_login(c: TestClient, username: str, password: str) -> Any:
    page = c.get("/login")
    return c.post(
        "/login",
        data={"username": username, "password": password, "csrf_token": csrf_of(page.text)},
        follow_redirects=False,
    )


def _new_user(s: Settings, name: str, password: str = "plum orbit 5519 canyon", **kw: Any) -> int:
    with workflow.workflow_session(s) as session:
        return workflow.create_user(
            session, UserCreate(username=name, password=password, role=kw.pop("role", "analyst"), **kw)
        ).id


def test_logout_ends_the_session_on_the_server(sec_app: Any) -> None:
    with _client(sec_app, "10.1.0.1") as c:
        sec_login(c, "analyst")
        stolen = dict(c.cookies)
        token = c.get("/api/me.json").json()["csrf_token"]
        assert c.post("/logout", data={"csrf_token": token}, follow_redirects=False).status_code == 303
    with _client(sec_app, "10.1.0.2") as thief:  # the copied cookie, replayed after logout
        thief.cookies.update(stolen)
        assert thief.get("/dashboard.json").status_code == 401


@pytest.mark.parametrize(
    ("column", "age"), [("last_seen_at", dt.timedelta(hours=2)), ("created_at", dt.timedelta(hours=13))]
)
def test_idle_and_absolute_timeouts(
    sec_app: Any, sec_settings: Settings, column: str, age: dt.timedelta
) -> None:
    with _client(sec_app, "10.1.0.3") as c:
        sec_login(c, "analyst")
        assert c.get("/dashboard.json").status_code == 200
        engine = workflow.make_engine(sec_settings)
        try:
            with engine.begin() as conn:
                # Age every open session of the account (the clock moves on, the test does not wait).
                conn.execute(
                    text(f"UPDATE sessions SET {column} = :t WHERE revoked_at IS NULL"),
                    {"t": dt.datetime.now(dt.UTC).replace(tzinfo=None) - age},
                )
        finally:
            engine.dispose()
        assert c.get("/dashboard.json").status_code == 401
        with workflow.workflow_session(sec_settings) as session:
            reasons = session.execute(text("SELECT revoked_reason FROM sessions")).scalars().all()
        assert ("idle_timeout" if column == "last_seen_at" else "absolute_timeout") in reasons


def test_login_throttle_per_account_with_message_and_audit(sec_app: Any, sec_settings: Settings) -> None:
    name = "throttled"
    _new_user(sec_settings, name)
    with _client(sec_app, "10.2.0.1") as c:
        for _ in range(sec_settings.login_max_failures):
            assert _try_login(c, name, "wrong password").status_code == 401
        res = _try_login(c, name, "plum orbit 5519 canyon")  # right password, but locked now
        assert res.status_code == 429 and "已暂时锁定" in res.text and int(res.headers["retry-after"]) > 60
    with _client(sec_app, "10.2.0.2") as other:  # another client: the account stays locked
        assert _try_login(other, name, "plum orbit 5519 canyon").status_code == 429
    with workflow.workflow_session(sec_settings) as session:
        actions = [e.action for e in workflow.list_audit(session, username=name, limit=50)]
    assert actions.count("login_failed") == sec_settings.login_max_failures
    assert actions.count("login_locked") == 2


def test_login_throttle_per_client(sec_app: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    s = sec_app.state.ctx.settings
    monkeypatch.setattr(s, "login_max_client_failures", 8)  # the default 20, sooner
    with _client(sec_app, "10.3.0.1") as c:
        for i in range(s.login_max_client_failures):
            assert _try_login(c, f"nobody{i}", "guess").status_code == 401
        res = _try_login(c, "analyst", SEC_PASSWORDS["analyst"])
        assert res.status_code == 429 and "客户端" in res.text
    with _client(sec_app, "10.3.0.2") as fresh:  # other clients are not affected
        assert _try_login(fresh, "analyst", SEC_PASSWORDS["analyst"]).status_code == 303


def test_concurrent_password_checks_are_bounded(
    sec_settings: Settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    """While every verification slot is taken, a further login waits, then is refused as busy:
    argon2's ~64 MiB per check can never run more than ``argon2_concurrency`` times at once."""
    workflow.set_hash_concurrency(2)
    monkeypatch.setattr(workflow, "VERIFY_WAIT_SECONDS", 0.2)
    slots = workflow._verify_slots
    assert slots.acquire() and slots.acquire()
    try:
        with workflow.workflow_session(sec_settings) as session, pytest.raises(ServiceBusy, match="繁忙"):
            workflow.authenticate(session, "analyst", SEC_PASSWORDS["analyst"])
    finally:
        slots.release()
        slots.release()
        workflow.set_hash_concurrency(sec_settings.argon2_concurrency)
    with workflow.workflow_session(sec_settings) as session:
        assert workflow.authenticate(session, "analyst", SEC_PASSWORDS["analyst"]) is not None


@pytest.mark.parametrize(
    ("password", "reason"),
    [
        ("short1", "至少 10"),
        ("password123", "强度不足"),
        ("qwertyuiop", "强度不足"),
        ("zhangwei2024!", "用户名"),
    ],
)
def test_password_policy(password: str, reason: str) -> None:
    with pytest.raises(InputError, match=reason):
        check_password(password, username="zhangwei")
    check_password("marble kite 4471 harbour", username="zhangwei")


def test_generated_passwords_must_be_changed_at_first_login(
    sec_app: Any, sec_settings: Settings, tmp_path: Any
) -> None:
    from ipatlas.web import ensure_demo_admin

    fresh = make_settings(tmp_path / "fresh")
    creds = ensure_demo_admin(fresh)
    assert creds is not None
    name = creds[0]
    with workflow.workflow_session(fresh) as session:
        assert workflow.get_user(session, username=name).must_change_password
    # Through the platform: an administrator resets an account; its owner must change it.
    uid = _new_user(sec_settings, "resetme")
    with _client(sec_app, "10.4.0.1") as adm:
        sec_login(adm, "admin")
        token = adm.get("/api/me.json").json()["csrf_token"]
        page = adm.post(f"/admin/users/{uid}/password", data={"csrf_token": token})
        assert page.status_code == 200 and "已重置 resetme 的密码为" in page.text
        generated = page.text.split("的密码为：")[1].split("（")[0]
    with _client(sec_app, "10.4.0.2") as c:
        res = _try_login(c, "resetme", generated)
        assert res.status_code == 303 and res.headers["location"] == "/account/password"
        assert c.get("/dashboard", follow_redirects=False).headers["location"] == "/account/password"
        assert c.get("/dashboard.json").status_code == 403
        form = c.get("/account/password")
        weak = {"old_password": generated, "new_password": "password1", "new_password2": "password1"}
        res = c.post("/account/password", data={**weak, "csrf_token": csrf_of(form.text)})
        assert res.status_code == 400 and ("强度不足" in res.text or "至少" in res.text)
        good = "saffron delta 2077 meadow"
        res = c.post(
            "/account/password",
            data={"old_password": generated, "new_password": good, "new_password2": good,
                  "csrf_token": csrf_of(form.text)},
        )  # fmt: skip
        assert res.status_code == 200 and "密码已修改" in res.text
        assert c.get("/dashboard.json").status_code == 200
    with workflow.workflow_session(sec_settings) as session:
        actions = {e.action for e in workflow.list_audit(session, object_type="user", object_id=str(uid))}
    assert {"password_reset", "password"} <= actions


def test_password_change_ends_other_sessions(sec_app: Any, sec_settings: Settings) -> None:
    _new_user(sec_settings, "twodevices")
    with _client(sec_app, "10.5.0.1") as laptop, _client(sec_app, "10.5.0.2") as phone:
        for c in (laptop, phone):
            assert _try_login(c, "twodevices", "plum orbit 5519 canyon").status_code == 303
        form = laptop.get("/account/password")
        new = "juniper vault 8821 ocean"
        res = laptop.post(
            "/account/password",
            data={"old_password": "plum orbit 5519 canyon", "new_password": new, "new_password2": new,
                  "csrf_token": csrf_of(form.text)},
        )  # fmt: skip
        assert res.status_code == 200
        assert laptop.get("/dashboard.json").status_code == 200
        assert phone.get("/dashboard.json").status_code == 401


def test_disabling_an_account_ends_its_sessions(sec_app: Any, sec_settings: Settings) -> None:
    uid = _new_user(sec_settings, "leaver")
    with _client(sec_app, "10.6.0.1") as c, _client(sec_app, "10.6.0.2") as adm:
        assert _try_login(c, "leaver", "plum orbit 5519 canyon").status_code == 303
        sec_login(adm, "admin")
        token = adm.get("/api/me.json").json()["csrf_token"]
        adm.post(f"/admin/users/{uid}", data={"role": "analyst", "unit": "", "csrf_token": token})
        assert c.get("/dashboard.json").status_code == 401


def test_weak_secret_key_refused_in_production(tmp_path: Any) -> None:
    from ipatlas.web import create_app

    for key in ("change-me-in-production", "short", "a" * 40):
        with pytest.raises(ConfigError, match="IPATLAS_SECRET_KEY"):
            create_app(make_settings(tmp_path / "p", env="production", secret_key=key))


@pytest.fixture()
def production_app(tmp_path: Any) -> Iterator[Any]:
    from ipatlas.web import create_app

    s = make_settings(tmp_path / "prod", env="production", secret_key="Zq8" + os.urandom(24).hex())
    with workflow.workflow_session(s) as session:
        workflow.create_user(
            session, UserCreate(username="op", password="cobalt finch 6612 river", role="admin")
        )
    yield create_app(s)


def test_production_cookie_is_secure_and_db_file_private(production_app: Any) -> None:
    with TestClient(production_app, base_url="https://testserver") as c:
        res = _try_login(c, "op", "cobalt finch 6612 river")
        assert res.status_code == 303
        cookie = res.headers["set-cookie"].lower()
        assert "secure" in cookie and "httponly" in cookie and "samesite=lax" in cookie
    db = production_app.state.ctx.settings.data_dir / "workflow.sqlite"
    assert stat.S_IMODE(db.stat().st_mode) == 0o600
