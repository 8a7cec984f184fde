"""Large XLSX downloads are written in constant memory to a spool file and streamed (the spool
file goes after the response); background CSV jobs through HTTP."""

from __future__ import annotations

import io
import re
import time
from typing import Any

import pytest
from fastapi.testclient import TestClient
from openpyxl import load_workbook

from ipatlas.web import export


def test_a_large_xlsx_is_spooled_to_disk_and_streamed(
    client: TestClient, app: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    total = client.get("/records.json", params={"region": "500000"}).json()["total"]
    assert total > 2
    monkeypatch.setattr(export, "XLSX_SPOOL_ROWS", 2)
    res = client.get("/records.xlsx", params={"region": "500000"})
    assert res.status_code == 200 and res.content[:2] == b"PK"
    assert "filename*=UTF-8''" in res.headers["content-disposition"]
    rows = list(load_workbook(io.BytesIO(res.content), read_only=True).active.iter_rows(values_only=True))
    first = 2 if rows[0][0] == "演示数据" else 1
    assert len(rows) - first == total
    spool = app.state.ctx.settings.data_dir / "exports"
    assert not list(spool.glob(".spool-*"))  # removed once sent


def test_a_background_csv_export_through_http(client: TestClient) -> None:
    total = client.get("/records.json", params={"region": "500000"}).json()["total"]
    m = re.search(r'name="csrf-token" content="([^"]+)"', client.get("/records").text)
    assert m
    job = client.post(
        "/export/jobs/records?region=500000&format=csv", headers={"X-CSRF-Token": m.group(1)}
    ).json()
    deadline = time.time() + 20
    while job["state"] not in ("done", "failed"):
        assert time.time() < deadline
        time.sleep(0.1)
        job = client.get(f"/export/jobs/{job['id']}.json").json()
    assert job["state"] == "done" and job["format"] == "csv"
    res = client.get(job["download"])
    assert res.status_code == 200 and res.headers["content-type"].startswith("text/csv")
    lines = res.content.decode("utf-8-sig").splitlines()
    assert len(lines) - (2 if lines[0].startswith("演示数据") else 1) == total
    bad = client.post("/export/jobs/records?format=pdf", headers={"X-CSRF-Token": m.group(1)})
    assert bad.status_code in (400, 422) and "Traceback" not in bad.text
