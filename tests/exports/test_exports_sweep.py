"""Abandoned export jobs are failed when a web worker starts and by ``ipatlas exports sweep``,
not only when someone looks at them; live jobs (this process, another live process of the same
deployment on this host, another host still beating) are left alone. SQLite and PostgreSQL."""

from __future__ import annotations

import datetime as dt
import json
import os
import socket
import subprocess
import threading
from collections.abc import Iterator

import pytest
from sqlalchemy import Engine

from cli_runner import invoke
from ipatlas.config import Settings
from ipatlas.exports import jobs
from ipatlas.exports.models import ExportJob
from ipatlas.store import workflow
from ipatlas.store.models import utcnow
from ipatlas.web.app import create_app

HOST = socket.gethostname()


def _dead_pid() -> int:
    p = subprocess.Popen(["true"])
    p.wait()
    return p.pid


@pytest.fixture()
def live_pid() -> Iterator[int]:
    """Another live process on this host: a worker of the same deployment."""
    p = subprocess.Popen(["sleep", "60"])
    try:
        yield p.pid
    finally:
        p.kill()
        p.wait()


def _db_settings(settings: Settings, engine: Engine) -> Settings:
    return settings.model_copy(update={"database_url": engine.url.render_as_string(hide_password=False)})


def _jobs(engine: Engine, settings: Settings, live_pid: int) -> dict[str, str]:
    """One job per kind of owner: abandoned ones first, then live ones."""
    owners = {
        "dead_running": f"{HOST}:{_dead_pid()}:abcd",
        "dead_queued": f"{HOST}:{_dead_pid()}:abcd",
        "same_pid_earlier_process": f"{HOST}:{os.getpid()}:earlier",
        "other_host_silent": "elsewhere:1:x",
        "this_process": jobs.worker_id(),
        "live_worker_same_host": f"{HOST}:{live_pid}:ef01",
        "other_host_beating": "elsewhere:2:y",
    }
    ids = {}
    with workflow.session_factory(engine)() as s, s.begin():
        for kind, worker in owners.items():
            job = jobs.create(s, settings.data_dir, owner="ana", title=kind, total=10)
            job.worker = worker
            job.state = "queued" if kind == "dead_queued" else "running"
            if kind == "other_host_silent":
                job.heartbeat_at -= jobs.STALE_AFTER + dt.timedelta(seconds=5)
            ids[kind] = job.id
        done = jobs.create(s, settings.data_dir, owner="ana", title="done", total=1)
        done.state, done.worker = "done", owners["dead_running"]
        ids["done_by_dead_worker"] = done.id
    return ids


def _states(engine: Engine, ids: dict[str, str]) -> dict[str, tuple[str, str | None]]:
    with workflow.session_factory(engine)() as s:
        rows = {kind: s.get(ExportJob, job_id) for kind, job_id in ids.items()}
        return {kind: (row.state, row.error) for kind, row in rows.items() if row is not None}


def _assert_swept(got: dict[str, tuple[str, str | None]]) -> None:
    gone = (("failed", jobs.GONE_REASON),) * 3
    assert tuple(got[k] for k in ("dead_running", "dead_queued", "same_pid_earlier_process")) == gone
    assert got["other_host_silent"][0] == "failed" and "没有进展" in str(got["other_host_silent"][1])
    assert got["this_process"] == ("running", None)
    assert got["live_worker_same_host"] == ("running", None)
    assert got["other_host_beating"] == ("running", None)
    assert got["done_by_dead_worker"] == ("done", None)


def test_starting_the_web_app_fails_abandoned_jobs_and_leaves_live_ones(
    engine: Engine, settings: Settings, live_pid: int
) -> None:
    ids = _jobs(engine, settings, live_pid)
    app = create_app(_db_settings(settings, engine))
    try:
        _assert_swept(_states(engine, ids))
    finally:
        app.state.ctx.engine.dispose()
    assert "请重新导出" in jobs.GONE_REASON and "进程已终止" in jobs.GONE_REASON


def test_the_sweep_command_reports_what_it_failed(
    engine: Engine,
    settings: Settings,
    live_pid: int,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    ids = _jobs(engine, settings, live_pid)
    monkeypatch.setenv("IPATLAS_DATA_DIR", str(settings.data_dir))
    monkeypatch.setenv("IPATLAS_DATABASE_URL", engine.url.render_as_string(hide_password=False))
    code, out, err = invoke(capsys, "exports", "sweep", "--json")
    assert code == 0, err
    res = json.loads(out)
    abandoned = {"dead_running", "dead_queued", "same_pid_earlier_process", "other_host_silent"}
    assert {j["id"] for j in res["failed"]} == {ids[k] for k in abandoned}
    assert res["open"] == 7 and res["still_open"] == 3
    _assert_swept(_states(engine, ids))
    code, out, _ = invoke(capsys, "exports", "sweep", "--json")  # a second sweep changes nothing
    assert code == 0 and json.loads(out)["failed"] == []
    code, out, _ = invoke(capsys, "exports", "sweep")
    assert code == 0 and "标记失败 0 个，仍在进行 3 个" in out


def test_workers_sweeping_at_once_fail_each_job_once(engine: Engine, settings: Settings) -> None:
    sessions = workflow.session_factory(engine)
    with sessions() as s, s.begin():
        ids = []
        for _ in range(5):
            job = jobs.create(s, settings.data_dir, owner="ana", title="t", total=1)
            job.state, job.worker = "running", f"{HOST}:{_dead_pid()}:abcd"
            ids.append(job.id)
    start = threading.Barrier(4)
    results: list[list[str]] = []

    def one_worker() -> None:
        start.wait()
        with sessions() as s, s.begin():
            results.append([j["id"] for j in jobs.sweep(s)["failed"]])

    threads = [threading.Thread(target=one_worker) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(30)
    assert len(results) == 4
    assert sorted(i for r in results for i in r) == sorted(ids)  # each job failed by one worker only


def test_a_job_that_moved_after_it_was_judged_is_not_failed(engine: Engine, settings: Settings) -> None:
    """The conditional update: a job that finished, or beat, after a sweep read it keeps its state."""
    sessions = workflow.session_factory(engine)
    with sessions() as s, s.begin():
        finished = jobs.create(s, settings.data_dir, owner="ana", title="t", total=1)
        finished.state, finished.worker = "running", f"{HOST}:{_dead_pid()}:abcd"
        beat = jobs.create(s, settings.data_dir, owner="ana", title="t", total=1)
        beat.state, beat.worker = "running", "elsewhere:3:z"
        beat.heartbeat_at -= jobs.STALE_AFTER + dt.timedelta(seconds=5)
        ids = [finished.id, beat.id]
    with sessions() as s, s.begin():
        seen = [s.get(ExportJob, i) for i in ids]  # what a sweep read
        with sessions() as other, other.begin():  # meanwhile: one writer finished, the other beat
            a, b = (other.get(ExportJob, i) for i in ids)
            assert a is not None and b is not None
            a.state, b.heartbeat_at = "done", utcnow()
        now = utcnow()
        assert [jobs.fail_if_abandoned(s, j, now) for j in seen if j is not None] == [False, False]
        assert [(j.state, j.error) for j in seen if j is not None] == [("done", None), ("running", None)]
