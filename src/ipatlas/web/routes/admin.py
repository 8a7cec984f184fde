"""用户管理 (administrators only)."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Depends, Form, Request
from fastapi.responses import RedirectResponse, Response
from sqlalchemy.orm import Session

from ipatlas.errors import IpatlasError
from ipatlas.security.passwords import check_password
from ipatlas.store import workflow
from ipatlas.store.models import ROLES, UserCreate, UserPublic, UserUpdate
from ipatlas.web import display
from ipatlas.web.context import (
    AppContext,
    admin,
    client_address,
    db_session,
    get_ctx,
    invalidate_users,
    render,
    verify_csrf,
)

router = APIRouter(dependencies=[Depends(verify_csrf)])


@router.get("/admin/users.json", response_model=list[UserPublic], tags=["用户管理"], summary="用户列表")
def users_json(session: Session = Depends(db_session), user: UserPublic = Depends(admin)) -> Any:
    return workflow.list_users(session)


@router.get("/admin/users", include_in_schema=False)
def users_page(
    request: Request, session: Session = Depends(db_session), user: UserPublic = Depends(admin)
) -> Response:
    return render(
        request,
        "users.html",
        user=user,
        page="users",
        users=workflow.list_users(session),
        roles=ROLES,
        error=None,
    )


@router.post("/admin/users", include_in_schema=False)
def users_create(
    request: Request,
    username: str = Form(...),
    password: str = Form(...),
    role: str = Form(...),
    display_name: str = Form(""),
    unit: str = Form(""),
    must_change: str | None = Form(None),
    ctx: AppContext = Depends(get_ctx),
    user: UserPublic = Depends(admin),
) -> Response:
    try:
        check_password(password, username=username.strip())
        data = workflow.validated(
            UserCreate,
            username=username.strip(),
            password=password,
            role=role,
            display_name=display_name.strip(),
            unit=unit.strip() or None,
        )
        with ctx.sessions() as session, session.begin():
            created = workflow.create_user(session, data, actor=user)
            if must_change == "on":
                workflow.require_password_change(session, created.id)
    except IpatlasError as exc:
        with ctx.sessions() as session:
            users = workflow.list_users(session)
        return render(
            request,
            "users.html",
            status_code=400,
            user=user,
            page="users",
            users=users,
            roles=ROLES,
            error=display.user_message(exc),
        )
    return RedirectResponse("/admin/users", status_code=303)


@router.post("/admin/users/{user_id}", include_in_schema=False)
def users_update(
    user_id: int,
    role: str = Form(...),
    active: str | None = Form(None),
    unit: str = Form(""),
    ctx: AppContext = Depends(get_ctx),
    user: UserPublic = Depends(admin),
) -> Response:
    data = workflow.validated(UserUpdate, role=role, active=active == "on", unit=unit.strip() or None)
    with ctx.sessions() as session, session.begin():
        before = workflow.get_user(session, user_id)
        after = workflow.update_user(session, user_id, data, actor=user)
        if not after.active or after.role != before.role:
            # A disabled account or changed permissions: its open sessions end now.
            workflow.revoke_user_sessions(session, user_id, reason="permissions_changed")
    invalidate_users(ctx)
    return RedirectResponse("/admin/users", status_code=303)


@router.post("/admin/users/{user_id}/password", include_in_schema=False)
def users_reset_password(
    request: Request,
    user_id: int,
    ctx: AppContext = Depends(get_ctx),
    user: UserPublic = Depends(admin),
) -> Response:
    """An administrator's reset: a generated password, shown once; changed at the next login."""
    with ctx.sessions() as session, session.begin():
        password = workflow.reset_password(session, user_id, actor=user, client=client_address(request))
        target = workflow.get_user(session, user_id)
        users = workflow.list_users(session)
    return render(
        request,
        "users.html",
        user=user,
        page="users",
        users=users,
        roles=ROLES,
        error=None,
        notice=f"已重置 {target.username} 的密码为：{password}（仅显示一次；该用户下次登录时须修改）",
    )
