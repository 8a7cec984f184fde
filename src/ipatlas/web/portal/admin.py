"""Staff pages that edit the portal's 办事指南 and 通知公告 (administrators only, CSRF-checked)."""

from __future__ import annotations

from fastapi import APIRouter, Depends, Form, Request
from fastapi.responses import RedirectResponse, Response
from sqlalchemy.orm import Session

from ipatlas.library.service import NOTICE_KINDS, get_notice, list_notices, save_notice
from ipatlas.store.models import UserPublic
from ipatlas.web.context import admin, db_session, get_ctx, render, verify_csrf

admin_router = APIRouter(
    prefix="/admin/portal", dependencies=[Depends(verify_csrf)], tags=["公共服务门户管理"]
)


@admin_router.get("", summary="门户栏目管理", include_in_schema=False)
def notices_admin(
    request: Request,
    edit: int | None = None,
    user: UserPublic = Depends(admin),
    session: Session = Depends(db_session),
) -> Response:
    items = [n for kind in NOTICE_KINDS for n in list_notices(session, kind, published_only=False)]
    current = get_notice(session, edit, published_only=False) if edit else None
    return render(
        request,
        "portal/admin.html",
        user=user,
        page="portal",
        items=items,
        current=current,
        KINDS=NOTICE_KINDS,
    )


@admin_router.post("", summary="保存门户页面")
def notices_save(
    request: Request,
    kind: str = Form(...),
    title: str = Form(...),
    body_md: str = Form(""),
    published: str | None = Form(None),
    notice_id: str | None = Form(None),
    user: UserPublic = Depends(admin),
    session: Session = Depends(db_session),
) -> Response:
    saved = save_notice(
        session,
        kind=kind,
        title=title,
        body_md=body_md,
        published=published is not None,
        actor=user.username,
        notice_id=int(notice_id) if notice_id and notice_id.isdigit() else None,
    )
    get_ctx(request).cache.pop("portal_version", None)  # the portal shows the edit at once
    return RedirectResponse(f"/admin/portal?edit={saved['id']}", status_code=303)
