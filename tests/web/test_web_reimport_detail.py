"""The import detail page of a re-import lists the bad rows that the first import recorded."""

from __future__ import annotations

import sys
from pathlib import Path

from fastapi.testclient import TestClient
from webhelpers import PASSWORDS, ROOT, login

from ipatlas.config import Settings
from ipatlas.ingest import import_file
from ipatlas.store import workflow
from ipatlas.store.models import UserCreate
from ipatlas.web import create_app

sys.path.insert(0, str(ROOT / "tests" / "ingest"))
from ingest_helpers import GOOD_PATENTS, app, write_patents


def test_reimport_detail_lists_first_imports_bad_rows(tmp_path: Path, shared_dir: Path) -> None:
    s = Settings(data_dir=tmp_path / "data", shared_dir=shared_dir, secret_key="test-secret-key")
    s.ensure_dirs()
    with workflow.workflow_session(s) as session:
        workflow.create_user(
            session, UserCreate(username="analyst", password=PASSWORDS["analyst"], role="analyst")
        )
    path = tmp_path / "dirty.csv"
    rows = [
        GOOD_PATENTS[0],
        dict(GOOD_PATENTS[1], app_no=app("201410000001"), filing_date="2014-02-30"),
        dict(GOOD_PATENTS[1], app_no=app("201410000002"), kind="植物新品种"),
    ]
    write_patents(path, rows)
    first = import_file(s, "patents", path)
    again = import_file(s, "patents", path)
    assert first.quarantined == again.quarantined == 2 and again.loaded == 0
    with TestClient(create_app(s)) as c:
        login(c, "analyst")
        details = [c.get(f"/data/imports/{i}.json").json() for i in (first.import_id, again.import_id)]
    for d in details:
        assert d["quarantined"] == 2 and d["balanced"] is True
        assert [r["source_row"] for r in d["tables"]["quarantine"]["rows"]] == [3, 4]
        assert sum(r["n"] for r in d["tables"]["reasons"]["rows"]) == 2
    assert details[0]["tables"]["quarantine"]["rows"] == details[1]["tables"]["quarantine"]["rows"]


def test_record_list_names_the_finest_resolved_unit(tmp_path: Path, shared_dir: Path) -> None:
    """A prefecture- or province-only address has no county code: the list names the prefecture or
    province instead of calling the record unresolved."""
    s = Settings(data_dir=tmp_path / "data", shared_dir=shared_dir, secret_key="test-secret-key")
    s.ensure_dirs()
    with workflow.workflow_session(s) as session:
        workflow.create_user(
            session, UserCreate(username="analyst", password=PASSWORDS["analyst"], role="analyst")
        )
    base = dict(GOOD_PATENTS[0], postcode="")
    rows = [
        dict(base, app_no=app("201410000011"), address="重庆市沙坪坝区沙正街174号"),
        dict(base, app_no=app("201410000012"), address="辽宁省沈阳市"),
        dict(base, app_no=app("201410000013"), address="辽宁省"),
        dict(base, app_no=app("201410000014"), address="Tokyo, Japan"),
    ]
    path = tmp_path / "levels.csv"
    write_patents(path, rows)
    assert import_file(s, "patents", path).loaded == 4
    with TestClient(create_app(s)) as c:
        login(c, "analyst")
        listed = c.get("/records.json", params={"size": 50}).json()["rows"]
    names = {r["app_no"]: r["region_name"] for r in listed}
    want = ["沙坪坝区", "沈阳市", "辽宁省", "未解析"]
    assert [names[r["app_no"]] for r in rows] == want
