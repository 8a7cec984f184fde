"""Upgrades: the previous release's schema with data in it migrates to the head on SQLite and
PostgreSQL without losing a row, and `ipatlas db upgrade` is safe to run twice."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from sqlalchemy import text

from cli_runner import invoke
from ipatlas.config import Settings
from ipatlas.errors import StoreError
from ipatlas.store import workflow
from ipatlas.store.lake import LAKE_FORMAT, Lake

PREVIOUS_RELEASE = "0003_catalog"  # the schema of the last landed release before this one


@pytest.mark.parametrize("backend", ["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def test_previous_release_with_data_upgrades(
    backend: str, tmp_path: Path, request: pytest.FixtureRequest
) -> None:
    url = request.getfixturevalue("pg_url") if backend == "postgresql" else None
    s = Settings(data_dir=tmp_path / "d", database_url=url)
    s.ensure_dirs()
    engine = workflow.make_engine(s)
    try:
        workflow.migrate(s, engine=engine, revision=PREVIOUS_RELEASE)
        with engine.begin() as conn:
            for i, role in enumerate(("admin", "analyst", "viewer", "unit")):
                conn.execute(
                    text(
                        "INSERT INTO users (username, display_name, password_hash, role, unit, active,"
                        " created_at) VALUES (:u, :d, 'h', :r, NULL, true, CURRENT_TIMESTAMP)"
                    ),
                    {"u": f"user{i}", "d": f"用户{i}", "r": role},
                )
            conn.execute(
                text(
                    "INSERT INTO audit_log (at, username, object_type, object_id, action, note)"
                    " VALUES (CURRENT_TIMESTAMP, 'user0', 'user', '1', 'create', '升级前')"
                )
            )
        first = workflow.migrate(s, engine=engine)
        assert first["from_revision"] == PREVIOUS_RELEASE and first["to_revision"] == workflow.head_revision()
        second = workflow.migrate(s, engine=engine)
        assert second["upgraded"] is False and second["to_revision"] == workflow.head_revision()
        with engine.connect() as conn:
            users = conn.execute(
                text("SELECT username, display_name, role FROM users ORDER BY username")
            ).all()
            notes = conn.execute(text("SELECT note FROM audit_log")).scalars().all()
        assert [tuple(u) for u in users] == [
            ("user0", "用户0", "admin"),
            ("user1", "用户1", "analyst"),
            ("user2", "用户2", "viewer"),
            ("user3", "用户3", "unit"),
        ]
        assert "升级前" in notes
    finally:
        engine.dispose()


def test_db_upgrade_cli_twice(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("IPATLAS_DATA_DIR", str(tmp_path / "d"))
    code_a, out_a, _ = invoke(capsys, "db", "upgrade", "--json")
    code_b, out_b, _ = invoke(capsys, "db", "upgrade", "--json")
    assert code_a == 0 and code_b == 0
    assert json.loads(out_a)["upgraded"] is True
    assert json.loads(out_b)["upgraded"] is False


def test_lake_format_is_versioned(tmp_path: Path) -> None:
    lake = Lake(tmp_path / "lake")
    assert lake.manifest()["format"] == LAKE_FORMAT
    # A lake written by a newer release is refused with a clear message, never misread.
    (tmp_path / "lake").mkdir()
    (tmp_path / "lake" / "_manifest.json").write_text(
        json.dumps({"seq": 3, "format": LAKE_FORMAT + 1, "tables": {}}), "utf-8"
    )
    with pytest.raises(StoreError, match="升级"):
        lake.manifest()
    # A manifest of the first format (no "format" key) reads as format 1 and upgrades on the next commit.
    (tmp_path / "lake" / "_manifest.json").write_text('{"seq": 3, "tables": {}}', "utf-8")
    assert lake.manifest()["format"] == 1
