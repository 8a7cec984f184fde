"""审计日志: the append-only, hash-chained audit log for auditors (and administrators)."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import Response
from sqlalchemy.orm import Session

from ipatlas.access import AUDIT_ROLES
from ipatlas.store import workflow
from ipatlas.store.models import AuditEntry, UserPublic
from ipatlas.web import display, export
from ipatlas.web.context import db_session, render, require_roles, verify_csrf

router = APIRouter(dependencies=[Depends(verify_csrf)])
auditor = require_roles(AUDIT_ROLES)
PAGE_SIZE = 100
COLUMNS = [
    ("seq", "序号"),
    ("at", "时间（UTC）"),
    ("username", "用户"),
    ("client", "来源地址"),
    ("action", "操作"),
    ("object_type", "对象类型"),
    ("object_id", "对象"),
    ("note", "说明"),
    ("before", "变更前"),
    ("after", "变更后"),
    ("hash", "哈希"),
]


def _filters(
    action: str | None = Query(None, max_length=32, description="操作，如 login_failed"),
    username: str | None = Query(None, max_length=64, description="用户名"),
    object_type: str | None = Query(None, max_length=64, description="对象类型，如 user、export"),
) -> dict[str, Any]:
    return {"action": action or None, "username": username or None, "object_type": object_type or None}


def _data(session: Session, filters: dict[str, Any], page: int) -> dict[str, Any]:
    entries = workflow.list_audit(session, **filters, limit=PAGE_SIZE + 1, offset=(page - 1) * PAGE_SIZE)
    return {
        "entries": entries[:PAGE_SIZE],
        "page": page,
        "has_next": len(entries) > PAGE_SIZE,
        "filters": filters,
        "verify": workflow.verify_audit(session),
    }


@router.get("/audit.json", tags=["审计日志"], summary="审计日志（审计员、管理员），含哈希链校验结果")
def audit_json(
    filters: dict[str, Any] = Depends(_filters),
    page: int = Query(1, ge=1, le=100_000),
    session: Session = Depends(db_session),
    user: UserPublic = Depends(auditor),
) -> dict[str, Any]:
    d = _data(session, filters, page)
    d["entries"] = [e.model_dump(mode="json") for e in d["entries"]]
    return d


@router.get("/audit.csv", tags=["审计日志"], summary="审计日志导出 CSV（按筛选条件，全部记录）")
def audit_csv(
    filters: dict[str, Any] = Depends(_filters),
    session: Session = Depends(db_session),
    user: UserPublic = Depends(auditor),
) -> Response:
    entries: list[AuditEntry] = workflow.list_audit(session, **filters, limit=1_000_000)
    rows = [[getattr(e, k) for k, _ in COLUMNS] for e in entries]
    return export.csv_response([label for _, label in COLUMNS], rows, "审计日志")


@router.get("/audit", include_in_schema=False)
def audit_page(
    request: Request,
    filters: dict[str, Any] = Depends(_filters),
    page: int = Query(1, ge=1, le=100_000),
    session: Session = Depends(db_session),
    user: UserPublic = Depends(auditor),
) -> Response:
    return render(
        request,
        "audit.html",
        user=user,
        page="audit",
        d=_data(session, filters, page),
        labels=display.registry()["audit_action"],
    )
