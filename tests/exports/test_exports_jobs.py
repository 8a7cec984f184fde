"""Background export jobs live in the workflow database (SQLite and PostgreSQL): progress, owner
check, a job of a dead worker marked failed, expiry of rows and files, constant-memory writers."""

from __future__ import annotations

import csv
import datetime as dt
import io
import os
import socket
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from openpyxl import load_workbook
from sqlalchemy import Engine, update

from ipatlas.config import Settings
from ipatlas.errors import InputError, NotFoundError, PermissionDenied
from ipatlas.exports import jobs
from ipatlas.exports.models import ExportJob
from ipatlas.exports.writers import write_csv, write_xlsx
from ipatlas.store import workflow


def _rows(n: int) -> Iterator[list[object]]:
    for i in range(n):
        yield [f"CN{i:09d}", "=HYPERLINK(1)" if i == 0 else f"名称{i}", i]


def _wait(sessions: object, job_id: str, owner: str = "ana", timeout: float = 20) -> dict[str, object]:
    deadline = time.monotonic() + timeout
    while True:
        with sessions() as s, s.begin():  # type: ignore[operator]
            d = jobs.status(s, job_id, owner)
        if d["state"] in ("done", "failed"):
            return d
        assert time.monotonic() < deadline, d
        time.sleep(0.05)


def test_a_job_runs_in_the_background_and_is_read_from_the_database(
    engine: Engine, settings: Settings
) -> None:
    sessions = workflow.session_factory(engine)
    header = ["申请号", "名称", "序号"]
    first = jobs.start(
        sessions,
        settings.data_dir,
        owner="ana",
        title="专利清单",
        total=5000,
        header=header,
        rows=_rows(5000),
        fmt="xlsx",
        note="演示数据",
    )
    assert first["state"] == "queued" and first["status"] == "排队中" and first["download"] is None
    d = _wait(sessions, str(first["id"]))
    assert d["state"] == "done" and d["done"] == 5000 and d["percent"] == 100.0
    assert d["download"] == f"/export/jobs/{first['id']}/download"
    with sessions() as s, s.begin():
        path, filename, media = jobs.download(s, settings.data_dir, str(first["id"]), "ana")
        with pytest.raises(PermissionDenied):
            jobs.status(s, str(first["id"]), "bob")
        with pytest.raises(NotFoundError):
            jobs.status(s, "nope", "ana")
    assert path.parent == settings.data_dir / "exports" and filename == "专利清单.xlsx" and "sheet" in media
    ws = load_workbook(path, read_only=True).active
    got = list(ws.iter_rows(values_only=True))
    assert got[0][0] == "演示数据" and got[1] == tuple(header) and len(got) == 2 + 5000
    assert got[2][1] == "'=HYPERLINK(1)"  # the one export rule: never a live formula
    # CSV jobs too
    c = jobs.start(
        sessions,
        settings.data_dir,
        owner="ana",
        title="专利清单",
        total=3,
        header=header,
        rows=_rows(3),
        fmt="csv",
    )
    assert _wait(sessions, str(c["id"]))["state"] == "done"
    with sessions() as s, s.begin():
        path, filename, _ = jobs.download(s, settings.data_dir, str(c["id"]), "ana")
    lines = list(csv.reader(io.StringIO(path.read_text("utf-8-sig"))))
    assert filename == "专利清单.csv" and lines[0] == header and len(lines) == 4
    with sessions() as s, s.begin(), pytest.raises(InputError, match="导出格式无效"):
        jobs.create(s, settings.data_dir, owner="ana", title="x", total=1, fmt="pdf")


def test_a_failing_writer_marks_the_job_failed(engine: Engine, settings: Settings) -> None:
    sessions = workflow.session_factory(engine)

    def broken() -> Iterator[list[object]]:
        yield ["a"]
        raise RuntimeError("disk gone")

    job = jobs.start(
        sessions, settings.data_dir, owner="ana", title="t", total=2, header=["h"], rows=broken()
    )
    d = _wait(sessions, str(job["id"]))
    assert d["state"] == "failed" and d["error"] == "导出失败：RuntimeError"
    assert not list((settings.data_dir / "exports").glob("*.part"))
    with sessions() as s, s.begin(), pytest.raises(InputError, match="导出尚未完成"):
        jobs.download(s, settings.data_dir, str(job["id"]), "ana")


def _dead_pid() -> int:
    p = subprocess.Popen(["true"])
    p.wait()
    return p.pid


def test_a_job_whose_worker_died_or_went_silent_is_failed_not_stuck(
    engine: Engine, settings: Settings
) -> None:
    sessions = workflow.session_factory(engine)
    host = socket.gethostname()
    with sessions() as s, s.begin():
        dead = jobs.create(s, settings.data_dir, owner="ana", title="t", total=10)
        dead.state, dead.worker = "running", f"{host}:{_dead_pid()}:abcd"
        same_pid_new_process = jobs.create(s, settings.data_dir, owner="ana", title="t", total=10)
        same_pid_new_process.worker = f"{host}:{os.getpid()}:other"
        silent = jobs.create(s, settings.data_dir, owner="ana", title="t", total=10)
        silent.worker = "elsewhere:1:x"
        silent.heartbeat_at -= jobs.STALE_AFTER + dt.timedelta(seconds=5)
        alive = jobs.create(s, settings.data_dir, owner="ana", title="t", total=10)  # this process
        alive.worker = "elsewhere:2:y"
        ids = [dead.id, same_pid_new_process.id, silent.id, alive.id]
    with sessions() as s, s.begin():
        got = [jobs.status(s, i, "ana") for i in ids]
    assert [g["state"] for g in got] == ["failed", "failed", "failed", "queued"]
    assert "服务进程已终止" in str(got[0]["error"]) and "没有进展" in str(got[2]["error"])
    with sessions() as s, s.begin():  # the state is stored, not only computed
        assert s.get(ExportJob, ids[0]).state == "failed"  # type: ignore[union-attr]
        assert jobs.sweep(s)["failed"] == []


def test_expired_jobs_and_stray_files_are_removed(engine: Engine, settings: Settings) -> None:
    sessions = workflow.session_factory(engine)
    job = jobs.start(
        sessions, settings.data_dir, owner="ana", title="t", total=1, header=["h"], rows=iter([[1]])
    )
    assert _wait(sessions, str(job["id"]))["state"] == "done"
    out = settings.data_dir / "exports"
    stray = out / ".spool-old.xlsx"
    stray.write_bytes(b"x")
    old = time.time() - jobs.KEEP.total_seconds() - 60
    os.utime(stray, (old, old))
    with sessions() as s, s.begin():
        row = s.get(ExportJob, str(job["id"]))
        assert row is not None
        s.execute(update(ExportJob).values(expires_at=row.expires_at - jobs.KEEP - dt.timedelta(hours=1)))
    with sessions() as s, s.begin():
        with pytest.raises(NotFoundError, match="已过期"):
            jobs.status(s, str(job["id"]), "ana")
        assert jobs.prune(s, settings.data_dir) == 1
        assert s.get(ExportJob, str(job["id"])) is None
    assert list(out.iterdir()) == []


def test_writers_stream_rows_and_report_progress(tmp_path: Path) -> None:
    seen: list[int] = []
    n = write_xlsx(tmp_path / "a.xlsx", ["h"], ([i] for i in range(4500)), on_rows=seen.append, every=1000)
    assert n == 4500 and seen == [1000, 2000, 3000, 4000]
    buf = io.BytesIO()
    assert write_csv(buf, ["h"], [["\x00x"], ["+1"]]) == 2
    assert buf.getvalue().decode("utf-8-sig").splitlines() == ["h", "x", "+1"]
