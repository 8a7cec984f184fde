"""The audit log: append-only (database triggers on SQLite and PostgreSQL), tamper-evident (hash
chain verified by ``ipatlas audit verify``), with logins, logouts, exports, imports and permission
changes; read and exported by auditors only. Also: the migration seals entries written before it."""

from __future__ import annotations

import json
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sechelpers import make_settings, sec_login
from sqlalchemy import text
from sqlalchemy.exc import DBAPIError

from ipatlas.config import Settings
from ipatlas.store import workflow
from ipatlas.store.models import UserCreate, UserUpdate

BACKENDS = ["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)]
ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(params=BACKENDS)
def audit_settings(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Settings]:
    s = make_settings(tmp_path / "data")
    cluster = name = None
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


def _events(s: Settings, n: int = 5) -> None:
    with workflow.workflow_session(s) as session:
        admin = workflow.create_user(session, UserCreate(username="root1", password="x" * 12, role="admin"))
        for i in range(n):
            workflow.record_audit(
                session, actor=admin, object_type="thing", object_id=i, action="update",
                before={"v": i, "名称": "旧"}, after={"v": i + 1, "名称": "新"}, client="10.0.0.1",
            )  # fmt: skip
        workflow.update_user(session, admin.id, UserUpdate(role="analyst"), actor=admin)


def _cli(s: Settings, *args: str) -> subprocess.CompletedProcess[str]:
    env = {"IPATLAS_DATA_DIR": str(s.data_dir), "PATH": "/usr/bin:/bin", "PYTHONPATH": str(ROOT / "src")}
    if s.database_url:
        env["IPATLAS_DATABASE_URL"] = s.database_url
    return subprocess.run(
        [sys.executable, "-c", "from ipatlas.cli import main; main()", *args],
        capture_output=True, text=True, env=env, timeout=120,
    )  # fmt: skip


def test_chain_verifies_and_rows_cannot_change(audit_settings: Settings) -> None:
    _events(audit_settings)
    with workflow.workflow_session(audit_settings) as session:
        result = workflow.verify_audit(session)
    assert result["ok"] and result["entries"] == 7 and result["last_seq"] == 7
    engine = workflow.make_engine(audit_settings)
    try:
        for statement in (
            "UPDATE audit_log SET note = 'forged' WHERE seq = 3",
            "DELETE FROM audit_log WHERE seq = 7",
        ):
            with pytest.raises(DBAPIError, match="append-only"), engine.begin() as conn:
                conn.execute(text(statement))
    finally:
        engine.dispose()
    if audit_settings.database_url is None:
        res = _cli(audit_settings, "audit", "verify", "--json")
        assert res.returncode == 0, res.stderr
        assert json.loads(res.stdout)["ok"] is True


def _without_triggers(s: Settings, statement: str) -> None:
    """What an attacker with the database file could do: drop the triggers, then edit."""
    engine = workflow.make_engine(s)
    try:
        with engine.begin() as conn:
            if conn.dialect.name == "postgresql":
                conn.execute(text("ALTER TABLE audit_log DISABLE TRIGGER USER"))
            else:
                conn.execute(text("DROP TRIGGER audit_log_no_update"))
                conn.execute(text("DROP TRIGGER audit_log_no_delete"))
            conn.execute(text(statement))
    finally:
        engine.dispose()


@pytest.mark.parametrize(
    ("statement", "problem"),
    [
        ("UPDATE audit_log SET note = 'forged' WHERE seq = 3", "内容与哈希不符"),
        ("DELETE FROM audit_log WHERE seq = 4", "序号不连续"),
        ("DELETE FROM audit_log WHERE seq = 7", "链尾与记录不符"),
    ],
)
def test_tampering_is_detected(audit_settings: Settings, statement: str, problem: str) -> None:
    _events(audit_settings)
    _without_triggers(audit_settings, statement)
    with workflow.workflow_session(audit_settings) as session:
        result = workflow.verify_audit(session)
    assert not result["ok"] and any(problem in p["problem"] for p in result["problems"])
    if audit_settings.database_url or "seq = 3" not in statement:
        return  # the command line once is enough (each run costs seconds of imports)
    res = _cli(audit_settings, "audit", "verify", "--json")
    assert res.returncode == 4 and json.loads(res.stdout)["ok"] is False
    res = _cli(audit_settings, "audit", "verify")
    assert res.returncode == 4 and "审计日志校验未通过" in res.stderr and "Traceback" not in res.stderr


def test_migration_seals_entries_written_before_it(tmp_path: Path) -> None:
    s = make_settings(tmp_path / "old")
    workflow.migrate(s, revision="0003a_roles")
    engine = workflow.make_engine(s)
    try:
        with engine.begin() as conn:
            for i in range(3):
                conn.execute(
                    text(
                        "INSERT INTO audit_log (at, object_type, object_id, action, before, after) "
                        "VALUES (:at, 'user', :i, 'create', NULL, :after)"
                    ),
                    {"at": f"2026-01-0{i + 1} 10:00:00.000000", "i": str(i), "after": json.dumps({"n": i})},
                )
    finally:
        engine.dispose()
    workflow.migrate(s)
    with workflow.workflow_session(s) as session:
        workflow.record_audit(session, actor=None, object_type="x", object_id=1, action="create")
        result = workflow.verify_audit(session)
    assert result["ok"] and result["entries"] == 4 and result["last_seq"] == 4


def test_workflow_database_file_is_private(tmp_path: Path) -> None:
    import stat

    s = make_settings(tmp_path / "fresh")
    workflow.migrate(s)
    assert stat.S_IMODE((s.data_dir / "workflow.sqlite").stat().st_mode) == 0o600


# ---- through the platform ---------------------------------------------------------------------
def test_sensitive_actions_are_audited_and_auditors_read_them(sec_app: Any, sec_settings: Settings) -> None:
    with TestClient(sec_app, raise_server_exceptions=False, client=("10.9.0.1", 1)) as c:
        sec_login(c, "analyst")
        assert c.get("/records.csv", params={"year": "2020"}).status_code == 200
        assert c.get("/export/dashboard.xlsx", params={"table": "by_kind"}).status_code in (200, 404)
        token = c.get("/api/me.json").json()["csrf_token"]
        c.post("/logout", data={"csrf_token": token})
    with TestClient(sec_app, raise_server_exceptions=False) as auditor:
        sec_login(auditor, "auditor")
        d = auditor.get("/audit.json", params={"username": "analyst"}).json()
        actions = [(e["action"], e["object_id"], e["client"]) for e in d["entries"]]
        assert ("export", "/records.csv", "10.9.0.1") in actions
        assert ("logout", actions[0][1], "10.9.0.1") in actions and any(a[0] == "login" for a in actions)
        assert d["verify"]["ok"] is True
        export = next(e for e in d["entries"] if e["object_id"] == "/records.csv")
        assert export["after"] == {"query": "year=2020"} and len(export["hash"]) == 64
        page = auditor.get("/audit")
        assert page.status_code == 200 and "哈希链校验通过" in page.text and "审计日志" in page.text
        csv_text = auditor.get("/audit.csv", params={"action": "export"}).content.decode("utf-8-sig")
        assert csv_text.splitlines()[0].startswith("序号,时间") and "/records.csv" in csv_text
    for role in ("analyst", "viewer"):
        with TestClient(sec_app, raise_server_exceptions=False) as other:
            sec_login(other, role)
            assert other.get("/audit.json").status_code == 403
            assert other.get("/audit.csv").status_code == 403
            assert 'href="/audit"' not in other.get("/dashboard").text


def test_imports_are_audited(tmp_path: Path) -> None:
    sys.path.insert(0, str(ROOT / "tests" / "ingest"))
    from ingest_helpers import GOOD_PATENTS, write_patents

    s = make_settings(tmp_path / "imp")
    path = write_patents(tmp_path / "p.csv", GOOD_PATENTS[:2])
    res = _cli(s, "ingest", "patents", str(path), "--json")
    assert res.returncode == 0, res.stderr
    import_id = json.loads(res.stdout)["import_id"]
    res = _cli(s, "audit", "list", "--action", "import", "--json")
    entries = json.loads(res.stdout)
    assert entries[0]["object_id"] == import_id and entries[0]["after"]["loaded"] == 2
    assert entries[0]["note"] == "p.csv" and entries[0]["username"].startswith("cli:")
