"""The full XLSX export runs in the background with progress, then offers the file to its owner only."""

from __future__ import annotations

import io
import re
import time

from fastapi.testclient import TestClient
from openpyxl import load_workbook
from webhelpers import login


def _token(c: TestClient) -> str:
    m = re.search(r'name="csrf-token" content="([^"]+)"', c.get("/records").text)
    assert m
    return m.group(1)


def test_background_export_with_progress_and_download(client: TestClient, app: object) -> None:
    total = client.get("/records.json", params={"region": "500000"}).json()["total"]
    assert total > 0
    job = client.post("/export/jobs/records?region=500000", headers={"X-CSRF-Token": _token(client)}).json()
    assert job["total"] == total and job["status"] in ("排队中", "导出中", "已完成")
    deadline = time.time() + 30
    while job["status"] not in ("已完成", "失败"):
        assert time.time() < deadline
        time.sleep(0.1)
        job = client.get(f"/export/jobs/{job['id']}.json").json()
        assert 0 <= job["percent"] <= 100
    assert job["status"] == "已完成" and job["percent"] == 100 and job["done"] == total
    res = client.get(job["download"])
    assert res.status_code == 200 and res.content[:2] == b"PK"
    ws = load_workbook(io.BytesIO(res.content), read_only=True).active
    rows = list(ws.iter_rows(values_only=True))
    first_data = 2 if rows[0][0] == "演示数据" else 1
    assert "申请号" in rows[first_data - 1] and len(rows) - first_data == total
    # another user sees nothing of it
    with TestClient(app) as other:  # type: ignore[arg-type]
        login(other, "viewer")
        assert other.get(f"/export/jobs/{job['id']}.json").status_code == 403
    assert client.get("/export/jobs/deadbeef.json").status_code == 404
    # without the CSRF token nothing starts
    assert client.post("/export/jobs/records").status_code == 403
    # the page offers it
    assert "后台导出全部（XLSX）" in client.get("/records", params={"region": "500000"}).text
