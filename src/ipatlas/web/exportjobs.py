"""后台导出: the full 专利清单 XLSX written by a background thread with progress, then a download link.

A job lives in memory (id, owner, progress) and writes ``<data_dir>/exports/<id>.xlsx`` in constant
memory (openpyxl write-only). Only the user who started a job sees it. Files older than a day go.
"""

from __future__ import annotations

import datetime as dt
import secrets
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ipatlas import DEMO_LABEL
from ipatlas.errors import NotFoundError, PermissionDenied

KEEP_SECONDS = 24 * 3600


@dataclass
class Job:
    id: str
    owner: str
    title: str
    total: int
    path: Path
    done: int = 0
    status: str = "排队中"  # 排队中 / 导出中 / 已完成 / 失败
    error: str | None = None
    started: float = field(default_factory=time.time)
    finished: float | None = None

    def to_dict(self) -> dict[str, Any]:
        pct = (
            100.0
            if self.status == "已完成"
            else (round(100 * self.done / self.total, 1) if self.total else 0.0)
        )
        return {
            "id": self.id,
            "title": self.title,
            "status": self.status,
            "done": self.done,
            "total": self.total,
            "percent": pct,
            "error": self.error,
            "download": f"/export/jobs/{self.id}/download" if self.status == "已完成" else None,
            "started_at": dt.datetime.fromtimestamp(self.started).isoformat(timespec="seconds"),
        }


class JobRegistry:
    def __init__(self) -> None:
        self._jobs: dict[str, Job] = {}
        self._lock = threading.Lock()

    def start(
        self, owner: str, title: str, total: int, header: list[str], rows: Any, out_dir: Path, *, demo: bool
    ) -> Job:
        out_dir.mkdir(parents=True, exist_ok=True)
        self._prune(out_dir)
        job_id = secrets.token_hex(8)
        job = Job(job_id, owner, title, total, out_dir / f"{job_id}.xlsx")
        with self._lock:
            self._jobs[job_id] = job
        threading.Thread(target=self._run, args=(job, header, rows, demo), daemon=True).start()
        return job

    def get(self, job_id: str, owner: str) -> Job:
        with self._lock:
            job = self._jobs.get(job_id)
        if job is None:
            raise NotFoundError("导出任务不存在或已过期（导出文件保留一天）")
        if job.owner != owner:
            raise PermissionDenied("只能查看本人发起的导出任务")
        return job

    def _run(self, job: Job, header: list[str], rows: Any, demo: bool) -> None:
        from openpyxl import Workbook
        from openpyxl.cell import WriteOnlyCell
        from openpyxl.styles import Font

        from ipatlas.security.cells import safe_cell

        job.status = "导出中"
        tmp = job.path.with_suffix(".part")
        try:
            wb = Workbook(write_only=True)
            ws = wb.create_sheet(job.title[:31] or "数据")
            if demo:
                ws.append([DEMO_LABEL])
            cells = []
            for h in header:
                c = WriteOnlyCell(ws, value=h)
                c.font = Font(bold=True)
                cells.append(c)
            ws.append(cells)
            for row in rows:
                ws.append([safe_cell(v) for v in row])
                job.done += 1
            wb.save(tmp)
            tmp.replace(job.path)
            job.status = "已完成"
        except Exception as exc:  # reported to the user on the page, never a traceback
            job.status, job.error = "失败", f"导出失败：{type(exc).__name__}"
            tmp.unlink(missing_ok=True)
        finally:
            job.finished = time.time()

    def _prune(self, out_dir: Path) -> None:
        cutoff = time.time() - KEEP_SECONDS
        with self._lock:
            for job_id, job in list(self._jobs.items()):
                if job.finished and job.finished < cutoff:
                    job.path.unlink(missing_ok=True)
                    del self._jobs[job_id]


JOBS = JobRegistry()
