"""Background export jobs whose state lives in the workflow database.

A job is a row of ``export_jobs`` (owner, state, progress, file, expiry) and a file
``<data_dir>/exports/<id>.<fmt>`` written by a thread of the worker process that accepted it.
Any worker answers status and download requests (the file is on the shared data directory).
The writing thread moves ``heartbeat_at`` with its progress; a job whose worker process is gone
(same host, pid dead or reused) or whose heartbeat stopped for :data:`STALE_AFTER` is marked
failed on the next look, and by :func:`sweep` when a web worker starts (or ``ipatlas exports
sweep`` runs), so nobody waits for a file that will never come. Files and rows expire
after :data:`KEEP`; :func:`prune` removes them (each new job prunes first).
"""

from __future__ import annotations

import datetime as dt
import os
import secrets
import socket
import threading
import time
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from sqlalchemy import delete, select, update
from sqlalchemy.orm import Session, sessionmaker

from ipatlas.errors import InputError, NotFoundError, PermissionDenied
from ipatlas.exports.models import ExportJob
from ipatlas.exports.writers import MEDIA_TYPES, write
from ipatlas.store.models import utcnow

KEEP = dt.timedelta(days=1)
STALE_AFTER = dt.timedelta(seconds=120)
HEARTBEAT_SECONDS = 1.0
FORMATS = ("xlsx", "csv")
STATE_LABELS = {"queued": "排队中", "running": "导出中", "done": "已完成", "failed": "失败"}
OPEN_STATES = ("queued", "running")
_NONCE = secrets.token_hex(4)  # tells this process from an earlier one that had the same pid


def worker_id() -> str:
    return f"{socket.gethostname()}:{os.getpid()}:{_NONCE}"


def exports_dir(data_dir: Path) -> Path:
    return Path(data_dir) / "exports"


def _pid_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    try:  # a dead child its parent has not reaped yet is a zombie: gone for our purpose
        status = Path(f"/proc/{pid}/status").read_text()
    except OSError:
        return True
    return "\nState:\tZ" not in status


def worker_gone(worker: str) -> bool:
    """True when ``worker`` (``host:pid:nonce``) ran on this host and that process is no more."""
    host, _, rest = worker.partition(":")
    pid_text, _, nonce = rest.partition(":")
    if host != socket.gethostname() or not pid_text.isdigit():
        return False
    pid = int(pid_text)
    if pid == os.getpid():
        return nonce != _NONCE
    return not _pid_alive(pid)


def job_dict(job: ExportJob) -> dict[str, Any]:
    done = job.state == "done"
    percent = 100.0 if done else (round(100 * job.done / job.total, 1) if job.total else 0.0)
    return {
        "id": job.id,
        "title": job.title,
        "format": job.format,
        "state": job.state,
        "status": STATE_LABELS[job.state],
        "done": job.done,
        "total": job.total,
        "percent": min(percent, 100.0),
        "error": job.error,
        "download": f"/export/jobs/{job.id}/download" if done else None,
        "started_at": job.created_at.isoformat(timespec="seconds"),
        "finished_at": job.finished_at.isoformat(timespec="seconds") if job.finished_at else None,
        "expires_at": job.expires_at.isoformat(timespec="seconds"),
    }


GONE_REASON = "导出失败：执行导出的服务进程已终止，请重新导出"


def abandoned_reason(worker: str, heartbeat_at: dt.datetime, now: dt.datetime) -> str | None:
    """Why an open job will never finish (in Chinese), or ``None`` while its worker may still
    write it: the worker process is gone (:func:`worker_gone`) or its heartbeat stopped for
    :data:`STALE_AFTER`. The one liveness rule of the status look and of :func:`sweep`."""
    if worker_gone(worker):
        return GONE_REASON
    if now - heartbeat_at > STALE_AFTER:
        return f"导出失败：超过 {int(STALE_AFTER.total_seconds())} 秒没有进展，请重新导出"
    return None


def _mark_failed(session: Session, job: ExportJob, reason: str, now: dt.datetime) -> bool:
    """Fail ``job`` only if it is still open with the worker and heartbeat we judged by: several
    processes sweeping at once fail it once, and a job that moved meanwhile is left alone."""
    result = session.execute(
        update(ExportJob)
        .where(
            ExportJob.id == job.id,
            ExportJob.state.in_(OPEN_STATES),
            ExportJob.worker == job.worker,
            ExportJob.heartbeat_at == job.heartbeat_at,
        )
        .values(state="failed", error=reason, finished_at=now)
        .execution_options(synchronize_session=False)
    )
    session.refresh(job)
    return bool(getattr(result, "rowcount", 0) == 1)


def fail_if_abandoned(session: Session, job: ExportJob, now: dt.datetime) -> bool:
    """Fail ``job`` (as read) if :func:`abandoned_reason` says so; ``job`` is refreshed."""
    if job.state not in OPEN_STATES:
        return False
    reason = abandoned_reason(job.worker, job.heartbeat_at, now)
    return reason is not None and _mark_failed(session, job, reason, now)


def sweep(session: Session, *, now: dt.datetime | None = None) -> dict[str, Any]:
    """Mark every open job whose worker died (or went silent) as failed, without waiting for
    someone to look at it. Run when a web worker starts and by ``ipatlas exports sweep``; safe
    to run from several processes at once and never touches a job a live worker is writing."""
    now = now or utcnow()
    open_jobs = session.scalars(select(ExportJob).where(ExportJob.state.in_(OPEN_STATES))).all()
    failed = [job for job in open_jobs if fail_if_abandoned(session, job, now)]
    return {
        "open": len(open_jobs),
        "failed": [
            {"id": j.id, "owner": j.owner, "title": j.title, "worker": j.worker, "error": j.error}
            for j in failed
        ],
        "still_open": len(open_jobs) - len(failed),
    }


def prune(session: Session, data_dir: Path, *, now: dt.datetime | None = None) -> int:
    """Delete expired jobs and their files, and stray files older than :data:`KEEP`."""
    now = now or utcnow()
    out = exports_dir(data_dir)
    expired = session.scalars(select(ExportJob).where(ExportJob.expires_at < now)).all()
    for job in expired:
        (Path(data_dir) / job.file).unlink(missing_ok=True)
    if expired:
        session.execute(delete(ExportJob).where(ExportJob.id.in_([j.id for j in expired])))
    if out.is_dir():
        known = set(session.scalars(select(ExportJob.file)).all())
        cutoff = time.time() - KEEP.total_seconds()
        for path in out.iterdir():
            rel = f"exports/{path.name}"
            if path.is_file() and rel not in known and path.stat().st_mtime < cutoff:
                path.unlink(missing_ok=True)
    return len(expired)


def create(
    session: Session, data_dir: Path, *, owner: str, title: str, total: int, fmt: str = "xlsx"
) -> ExportJob:
    """A queued job row (committed by the caller before the writer starts)."""
    if fmt not in FORMATS:
        raise InputError(f"导出格式无效: {fmt}（可选 {'/'.join(FORMATS)}）", field="format")
    prune(session, data_dir)
    exports_dir(data_dir).mkdir(parents=True, exist_ok=True)
    now = utcnow()
    job_id = secrets.token_hex(12)
    job = ExportJob(
        id=job_id,
        owner=owner,
        title=title[:200],
        format=fmt,
        state="queued",
        total=int(total),
        done=0,
        file=f"exports/{job_id}.{fmt}",
        worker=worker_id(),
        created_at=now,
        heartbeat_at=now,
        expires_at=now + KEEP,
    )
    session.add(job)
    session.flush()
    return job


def run(
    sessions: sessionmaker[Session],
    data_dir: Path,
    job_id: str,
    header: list[str],
    rows: Iterable[list[Any]],
    *,
    note: str | None = None,
) -> None:
    """Write the job's file, recording progress; never raises (a failure is the job's state)."""
    with sessions() as s, s.begin():
        job = s.get(ExportJob, job_id)
        if job is None or job.state != "queued":
            return
        job.state, job.heartbeat_at = "running", utcnow()
        title, fmt, rel = job.title, job.format, job.file
    target = Path(data_dir) / rel
    part = target.with_name(target.name + ".part")
    last = 0.0

    def progress(n: int) -> None:
        nonlocal last
        if time.monotonic() - last < HEARTBEAT_SECONDS:
            return
        last = time.monotonic()
        with sessions() as s, s.begin():
            s.execute(update(ExportJob).where(ExportJob.id == job_id).values(done=n, heartbeat_at=utcnow()))

    try:
        n = write(fmt, part, header, rows, title=title, note=note, on_rows=progress)
        part.replace(target)
        now = utcnow()
        values: dict[str, Any] = {
            "state": "done",
            "done": n,
            "heartbeat_at": now,
            "finished_at": now,
            "expires_at": now + KEEP,
        }
    except Exception as exc:  # reported to the user on the page, never a traceback
        part.unlink(missing_ok=True)
        now = utcnow()
        values = {"state": "failed", "error": f"导出失败：{type(exc).__name__}", "finished_at": now}
    with sessions() as s, s.begin():
        s.execute(update(ExportJob).where(ExportJob.id == job_id).values(**values))


def start(
    sessions: sessionmaker[Session],
    data_dir: Path,
    *,
    owner: str,
    title: str,
    total: int,
    header: list[str],
    rows: Iterable[list[Any]],
    fmt: str = "xlsx",
    note: str | None = None,
) -> dict[str, Any]:
    """Record a job and write its file on a background thread of this process."""
    with sessions() as s, s.begin():
        job = create(s, data_dir, owner=owner, title=title, total=total, fmt=fmt)
        job_id, first = job.id, job_dict(job)
    threading.Thread(
        target=run, args=(sessions, data_dir, job_id, header, rows), kwargs={"note": note}, daemon=True
    ).start()
    return first


def _owned(session: Session, job_id: str, owner: str) -> ExportJob:
    job = session.get(ExportJob, job_id)
    now = utcnow()
    if job is None or job.expires_at < now:
        raise NotFoundError("导出任务不存在或已过期（导出文件保留一天）")
    if job.owner != owner:
        raise PermissionDenied("只能查看本人发起的导出任务")
    fail_if_abandoned(session, job, now)
    return job


def status(session: Session, job_id: str, owner: str) -> dict[str, Any]:
    """The job as a dict (state, progress, download link); only its owner may look."""
    return job_dict(_owned(session, job_id, owner))


def download(session: Session, data_dir: Path, job_id: str, owner: str) -> tuple[Path, str, str]:
    """``(path, filename, media type)`` of a finished job's file."""
    job = _owned(session, job_id, owner)
    if job.state != "done":
        d = job_dict(job)
        raise InputError(f"导出尚未完成（{d['status']}，{d['percent']}%）")
    path = Path(data_dir) / job.file
    if not path.is_file():
        raise NotFoundError("导出文件已不存在（可能已过期清理），请重新导出")
    return path, f"{job.title}.{job.format}", MEDIA_TYPES[job.format]
