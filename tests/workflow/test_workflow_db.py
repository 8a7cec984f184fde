"""Workflow database: migrations, users, passwords and the audit log on SQLite and PostgreSQL."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest
from sqlalchemy import Engine, inspect, text

from ipatlas.config import Settings
from ipatlas.errors import ConfigError, InputError, NotFoundError
from ipatlas.store import workflow
from ipatlas.store.models import UserCreate, UserUpdate

PW = "velvet harbour 82 tulips"  # passes the password policy


def test_migrate_creates_schema_and_is_idempotent(wf_settings: Settings) -> None:
    first = workflow.migrate(wf_settings)
    assert first["from_revision"] is None
    assert first["to_revision"] == workflow.head_revision()
    assert first["upgraded"] is True
    assert {"users", "audit_log", "alembic_version"} <= set(first["tables"])
    second = workflow.migrate(wf_settings)
    assert second["upgraded"] is False and second["from_revision"] == second["to_revision"]
    engine = workflow.make_engine(wf_settings)
    try:
        cols = {c["name"] for c in inspect(engine).get_columns("users")}
    finally:
        engine.dispose()
    assert cols == {
        "id", "username", "display_name", "password_hash", "role", "unit", "active", "created_at",
        "must_change_password", "password_changed_at",
    }  # fmt: skip


def test_default_url_is_sqlite_file_in_data_dir(settings: Settings) -> None:
    res = workflow.migrate(settings)
    assert res["backend"] == "sqlite"
    assert (settings.data_dir / "workflow.sqlite").exists()


def test_postgres_urls_use_psycopg_driver() -> None:
    assert workflow.normalise_url("postgresql://u@h/db") == "postgresql+psycopg://u@h/db"
    assert workflow.normalise_url("postgres://u@h/db") == "postgresql+psycopg://u@h/db"
    assert workflow.normalise_url("sqlite:///x.db") == "sqlite:///x.db"


def test_unsupported_backend_is_a_config_error(settings: Settings) -> None:
    with pytest.raises(ConfigError):
        workflow.make_engine(settings, url="mysql://u@h/db")


def test_users_lifecycle_and_audit(wf_engine: Engine) -> None:
    Session = workflow.session_factory(wf_engine)
    with Session() as s, s.begin():
        admin = workflow.create_user(s, UserCreate(username="admin1", password="correct horse", role="admin"))
        unit = workflow.create_user(
            s,
            UserCreate(
                username="kejiju", password="battery staple", role="unit", unit="市科技局（知识产权局）"
            ),
            actor=admin,
        )
    with Session() as s, s.begin():
        # The hash is argon2id, never the password itself.
        stored = s.execute(text("SELECT password_hash FROM users WHERE username='admin1'")).scalar_one()
        assert stored.startswith("$argon2id$") and "correct horse" not in stored
        assert workflow.authenticate(s, "admin1", "correct horse") == admin
        assert workflow.authenticate(s, "admin1", "wrong password") is None
        assert workflow.authenticate(s, "nobody", "correct horse") is None
        assert [u.username for u in workflow.list_users(s)] == ["admin1", "kejiju"]
        assert [u.username for u in workflow.list_users(s, role="unit")] == ["kejiju"]
        assert workflow.get_user(s, username="kejiju").unit == "市科技局（知识产权局）"
        with pytest.raises(NotFoundError):
            workflow.get_user(s, 999)
        with pytest.raises(InputError):
            workflow.create_user(s, UserCreate(username="admin1", password="another one", role="viewer"))
    with Session() as s, s.begin():
        updated = workflow.update_user(
            s, unit.id, UserUpdate(role="viewer", unit=None, password="new password 1"), actor=admin
        )
        assert updated.role == "viewer" and updated.unit is None
    with Session() as s, s.begin():
        assert workflow.authenticate(s, "kejiju", "battery staple") is None
        assert workflow.authenticate(s, "kejiju", "new password 1") is not None
        workflow.update_user(s, unit.id, UserUpdate(active=False), actor=admin)
    with Session() as s, s.begin():
        assert workflow.authenticate(s, "kejiju", "new password 1") is None  # deactivated
        log = workflow.list_audit(s, object_type="user", object_id=str(unit.id))
        assert [e.action for e in log] == ["update", "update", "create"]
        change = log[1]
        assert change.username == "admin1"
        assert change.before["role"] == "unit" and change.after["role"] == "viewer"
        assert change.before["unit"] == "市科技局（知识产权局）"
        assert change.note == "password changed"
        assert "password_hash" not in json.dumps([e.before for e in log] + [e.after for e in log])
        assert log[0].before["active"] is True and log[0].after["active"] is False


def test_role_is_constrained_in_the_database(wf_engine: Engine) -> None:
    Session = workflow.session_factory(wf_engine)
    with pytest.raises(Exception, match=r"ck_users_role|CHECK"), Session() as s, s.begin():
        s.execute(
            text(
                "INSERT INTO users (username, display_name, password_hash, role, active, created_at) "
                "VALUES ('x', 'x', 'h', 'superuser', true, CURRENT_TIMESTAMP)"
            )
        )


def test_every_role_of_the_access_module_is_allowed(wf_engine: Engine) -> None:
    from ipatlas.access import ROLES
    from ipatlas.store.models import UserCreate

    Session = workflow.session_factory(wf_engine)
    with Session() as s, s.begin():
        for role in ROLES:
            workflow.create_user(s, UserCreate(username=f"u_{role}", role=role, password="pw-long-enough"))  # type: ignore[arg-type]
    with Session() as s:
        assert {u.role for u in workflow.list_users(s)} == set(ROLES)


def test_invalid_user_input_is_an_input_error() -> None:
    with pytest.raises(InputError, match="password"):
        workflow.validated(UserCreate, username="ok_name", password="short", role="viewer")
    with pytest.raises(InputError, match="role"):
        workflow.validated(UserCreate, username="ok_name", password="long enough", role="root")


def _cli(settings: Settings, *args: str, stdin: str | None = None) -> subprocess.CompletedProcess[str]:
    env = {"IPATLAS_DATA_DIR": str(settings.data_dir), "PATH": "/usr/bin:/bin"}
    if settings.database_url:
        env["IPATLAS_DATABASE_URL"] = settings.database_url
    return subprocess.run(
        [sys.executable, "-c", "from ipatlas.cli import main; main()", *args],
        capture_output=True,
        text=True,
        env=env,
        input=stdin,
        timeout=120,
    )


def test_cli_db_upgrade_and_users(wf_settings: Settings) -> None:
    res = _cli(wf_settings, "db", "upgrade", "--json")
    assert res.returncode == 0, res.stderr
    assert json.loads(res.stdout)["to_revision"] == workflow.head_revision()
    res = _cli(
        wf_settings,
        "users",
        "create",
        "ana",
        "--role",
        "analyst",
        "--password",
        PW,
        "--json",
    )
    assert res.returncode == 0, res.stderr
    created = json.loads(res.stdout)
    assert created["username"] == "ana" and created["role"] == "analyst" and PW not in res.stdout
    assert "password_hash" not in res.stdout
    # Password from the prompt (typed twice).
    res = _cli(
        wf_settings,
        "users",
        "create",
        "unit1",
        "--role",
        "unit",
        "--unit",
        "市场监管局",
        "--json",
        stdin="amber coyote 913 lanterns\namber coyote 913 lanterns\n",
    )
    assert res.returncode == 0, res.stderr
    res = _cli(wf_settings, "users", "list", "--json")
    users = json.loads(res.stdout)
    assert [(u["username"], u["role"], u["unit"]) for u in users] == [
        ("ana", "analyst", None),
        ("unit1", "unit", "市场监管局"),
    ]
    # Domain errors: one line, non-zero exit, no traceback.
    res = _cli(wf_settings, "users", "create", "ana", "--role", "viewer", "--password", PW)
    assert res.returncode != 0 and "Traceback" not in res.stderr and "用户名已存在" in res.stderr
    res = _cli(wf_settings, "users", "create", "bob", "--role", "root", "--password", PW)
    assert res.returncode != 0 and "Traceback" not in res.stderr
