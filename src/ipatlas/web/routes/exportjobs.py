"""后台导出 routes: start the full 专利清单 export, follow its progress, download it.

Thin over :mod:`ipatlas.exports.jobs`: the job lives in the workflow database, so any worker
answers the status and download requests of a job another worker started."""

from __future__ import annotations

from typing import Annotated, Any, Literal

from fastapi import APIRouter, Depends, Query
from fastapi.responses import FileResponse
from sqlalchemy.orm import Session

from ipatlas import DEMO_LABEL
from ipatlas.exports import jobs
from ipatlas.store.models import UserPublic
from ipatlas.web.context import AppContext, db_session, get_ctx, verify_csrf, viewer
from ipatlas.web.services import records

router = APIRouter(dependencies=[Depends(verify_csrf)])


@router.post(
    "/export/jobs/records", tags=["导出"], summary="后台导出专利清单 XLSX/CSV（返回任务，可查询进度）"
)
def start_records_export(
    q: Annotated[records.RecordQuery, Query()],
    fmt: Annotated[Literal["xlsx", "csv"], Query(alias="format")] = "xlsx",
    ctx: AppContext = Depends(get_ctx),
    user: UserPublic = Depends(viewer),
) -> dict[str, Any]:
    src = ctx.data
    head = records.list_records(src, q.model_copy(update={"page": 1, "size": 1}))
    header, rows = records.export_rows(src, q)
    return jobs.start(
        ctx.sessions,
        ctx.settings.data_dir,
        owner=user.username,
        title="专利清单",
        total=int(head["total"]),
        header=header,
        rows=rows,
        fmt=fmt,
        note=DEMO_LABEL if head["is_demo"] else None,
    )


@router.get("/export/jobs/{job_id}.json", tags=["导出"], summary="后台导出任务的进度")
def job_status(
    job_id: str, session: Session = Depends(db_session), user: UserPublic = Depends(viewer)
) -> dict[str, Any]:
    return jobs.status(session, job_id, user.username)


@router.get("/export/jobs/{job_id}/download", tags=["导出"], summary="下载后台导出的文件")
def job_download(
    job_id: str,
    ctx: AppContext = Depends(get_ctx),
    session: Session = Depends(db_session),
    user: UserPublic = Depends(viewer),
) -> FileResponse:
    path, filename, media_type = jobs.download(session, ctx.settings.data_dir, job_id, user.username)
    return FileResponse(path, media_type=media_type, filename=filename)
