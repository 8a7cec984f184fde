"""后台导出 routes: start the full 专利清单 XLSX, follow its progress, download it."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Query
from fastapi.responses import FileResponse

from ipatlas.store.models import UserPublic
from ipatlas.web.context import AppContext, get_ctx, verify_csrf, viewer
from ipatlas.web.exportjobs import JOBS
from ipatlas.web.services import records

router = APIRouter(dependencies=[Depends(verify_csrf)])


@router.post("/export/jobs/records", tags=["导出"], summary="后台导出专利清单 XLSX（返回任务，可查询进度）")
def start_records_export(
    q: Annotated[records.RecordQuery, Query()],
    ctx: AppContext = Depends(get_ctx),
    user: UserPublic = Depends(viewer),
) -> dict[str, Any]:
    src = ctx.data
    head = records.list_records(src, q.model_copy(update={"page": 1, "size": 1}))
    header, rows = records.export_rows(src, q)
    job = JOBS.start(
        user.username,
        "专利清单",
        int(head["total"]),
        header,
        rows,
        Path(ctx.settings.data_dir) / "exports",
        demo=bool(head["is_demo"]),
    )
    return job.to_dict()


@router.get("/export/jobs/{job_id}.json", tags=["导出"], summary="后台导出任务的进度")
def job_status(job_id: str, user: UserPublic = Depends(viewer)) -> dict[str, Any]:
    return JOBS.get(job_id, user.username).to_dict()


@router.get("/export/jobs/{job_id}/download", tags=["导出"], summary="下载后台导出的文件")
def job_download(job_id: str, user: UserPublic = Depends(viewer)) -> FileResponse:
    job = JOBS.get(job_id, user.username)
    if job.status != "已完成":
        from ipatlas.errors import InputError

        raise InputError(f"导出尚未完成（{job.status}，{job.to_dict()['percent']}%）")
    return FileResponse(
        job.path,
        media_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        filename="专利清单.xlsx",
    )
