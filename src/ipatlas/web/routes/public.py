"""门户 (public landing), login and logout — the only pages anonymous users see."""

from __future__ import annotations

import datetime as dt
from typing import Any
from urllib.parse import urlparse

from fastapi import APIRouter, Depends, Form, Request
from fastapi.responses import RedirectResponse, Response
from pydantic import BaseModel

from ipatlas.errors import InputError, IpatlasError
from ipatlas.store import workflow
from ipatlas.store.models import UserPublic
from ipatlas.web import display
from ipatlas.web.context import (
    AppContext,
    client_address,
    csrf_token,
    current_user,
    get_ctx,
    optional_user,
    render,
    session_token,
    verify_csrf,
)

router = APIRouter(dependencies=[Depends(verify_csrf)])


@router.get("/", include_in_schema=False)
def landing(request: Request, user: UserPublic | None = Depends(optional_user)) -> Response:
    return render(request, "landing.html", user=user)


@router.get("/healthz", tags=["系统"], summary="健康检查")
def healthz() -> dict[str, str]:
    return {"status": "ok"}


def _safe_next(target: str | None) -> str:
    # Only local paths: never redirect to another site after login.
    if not target or not target.startswith("/") or target.startswith("//") or urlparse(target).netloc:
        return "/dashboard"
    return target


@router.get("/login", include_in_schema=False)
def login_form(request: Request, next: str | None = None) -> Response:
    return render(request, "login.html", next=_safe_next(next), error=None)


@router.post("/login", include_in_schema=False)
def login(
    request: Request,
    username: str = Form(..., max_length=256),
    password: str = Form(..., max_length=1024),
    next: str | None = Form(None, max_length=2048),
    ctx: AppContext = Depends(get_ctx),
) -> Response:
    s = ctx.settings
    name = username.strip()[:64]
    client = client_address(request)
    with ctx.sessions() as session, session.begin():
        blocked = workflow.login_blocked(
            session,
            name,
            client,
            window=dt.timedelta(minutes=s.login_window_minutes),
            max_user_failures=s.login_max_failures,
            max_client_failures=s.login_max_client_failures,
        )
        if blocked:
            scope, wait = blocked
            workflow.record_audit(
                session, actor=None, username=name, object_type="login", object_id=name,
                action="login_locked", client=client, note=f"{scope} 登录失败次数过多，拒绝尝试",
            )  # fmt: skip
    if blocked:
        minutes = max(1, (wait + 59) // 60)
        who = "该账号" if scope == "account" else "您所在的客户端"
        message = f"{who}登录失败次数过多，已暂时锁定，请 {minutes} 分钟后再试"
        page = render(request, "login.html", status_code=429, next=_safe_next(next), error=message)
        page.headers["Retry-After"] = str(wait)
        return page
    # The password check (argon2, ~64 MiB, bounded concurrency) holds no database connection.
    with ctx.sessions() as session:
        record = workflow.password_record(session, name)
    matched = workflow.verify_password(record[1] if record else None, password)
    with ctx.sessions() as session, session.begin():
        user = workflow.login_succeeded(session, record[0], password) if matched and record else None
        workflow.record_login_attempt(session, name, client, success=user is not None)
        if user is None:
            workflow.record_audit(
                session, actor=None, username=name, object_type="login", object_id=name,
                action="login_failed", client=client,
            )  # fmt: skip
        else:
            token = workflow.open_session(
                session, user.id, client=client, user_agent=request.headers.get("user-agent")
            )
            workflow.record_audit(
                session, actor=user, object_type="login", object_id=user.id, action="login", client=client
            )
    if user is None:
        return render(request, "login.html", status_code=401, next=_safe_next(next), error="用户名或密码错误")
    # A fresh session on login (no fixation), with a new CSRF token.
    request.session.clear()
    request.session["sid"] = token
    csrf_token(request)
    if user.must_change_password:
        return RedirectResponse("/account/password", status_code=303)
    target = _safe_next(next)
    if user.role == "unit" and target == "/dashboard":
        target = "/plans/my"  # unit accounts (责任单位) work only on their own tasks
    if user.role == "agency" and target == "/dashboard":
        target = "/litigation/leads"  # service agencies (服务机构) see only 商机线索检索
    if user.role in ("clerk", "handler", "approver", "mediator") and target == "/dashboard":
        target = "/protection"  # the protection desk starts at its to-do list
    return RedirectResponse(target, status_code=303)


@router.post("/logout", include_in_schema=False)
def logout(request: Request, ctx: AppContext = Depends(get_ctx)) -> Response:
    token = session_token(request)
    if token:
        with ctx.sessions() as session, session.begin():
            user_id = workflow.revoke_session(session, token, reason="logout")
            if user_id is not None:
                workflow.record_audit(
                    session, actor=None, username=_username(session, user_id), object_type="login",
                    object_id=user_id, action="logout", client=client_address(request),
                )  # fmt: skip
    request.session.clear()
    return RedirectResponse("/", status_code=303)


def _username(session: Any, user_id: int) -> str | None:
    try:
        return workflow.get_user(session, user_id).username
    except IpatlasError:
        return None


# ---- 修改密码 -------------------------------------------------------------------------------------
@router.get("/account/password", include_in_schema=False)
def password_form(request: Request, user: UserPublic = Depends(current_user)) -> Response:
    return render(request, "account_password.html", user=user, error=None, done=False)


@router.post("/account/password", include_in_schema=False)
def password_change(
    request: Request,
    old_password: str = Form(..., max_length=1024),
    new_password: str = Form(..., max_length=1024),
    new_password2: str = Form(..., max_length=1024),
    ctx: AppContext = Depends(get_ctx),
    user: UserPublic = Depends(current_user),
) -> Response:
    try:
        if new_password != new_password2:
            raise InputError("两次输入的新密码不一致", field="new_password2")
        with ctx.sessions() as session, session.begin():
            workflow.change_password(
                session, user.id, old_password, new_password, client=client_address(request)
            )
            # Every other session of this account ends; this one stays.
            workflow.revoke_user_sessions(
                session, user.id, reason="password_changed", keep=session_token(request)
            )
    except IpatlasError as exc:
        return render(
            request,
            "account_password.html",
            status_code=400,
            user=user,
            error=display.user_message(exc),
            done=False,
        )
    request.state.user = False  # re-read (the flag is gone)
    return render(request, "account_password.html", user=None, error=None, done=True)


class Me(BaseModel):
    user: UserPublic
    csrf_token: str


@router.get("/api/me.json", response_model=Me, tags=["系统"], summary="当前用户与 CSRF 令牌")
def me(request: Request, user: UserPublic = Depends(current_user)) -> Any:
    return {"user": user, "csrf_token": csrf_token(request)}
