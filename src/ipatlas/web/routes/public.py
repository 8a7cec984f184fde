"""门户 (public landing), login and logout — the only pages anonymous users see."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlparse

from fastapi import APIRouter, Depends, Form, Request
from fastapi.responses import RedirectResponse, Response
from pydantic import BaseModel

from ipatlas.store import workflow
from ipatlas.store.models import UserPublic
from ipatlas.web.context import (
    AppContext,
    csrf_token,
    current_user,
    get_ctx,
    optional_user,
    render,
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
    username: str = Form(...),
    password: str = Form(...),
    next: str | None = Form(None),
    ctx: AppContext = Depends(get_ctx),
) -> Response:
    with ctx.sessions() as session, session.begin():
        user = workflow.authenticate(session, username.strip(), password)
    if user is None:
        return render(request, "login.html", status_code=401, next=_safe_next(next), error="用户名或密码错误")
    # A fresh session on login (no fixation), with a new CSRF token.
    request.session.clear()
    request.session["user_id"] = user.id
    csrf_token(request)
    target = _safe_next(next)
    if user.role == "unit" and target == "/dashboard":
        target = "/plans/my"  # unit accounts (责任单位) work only on their own tasks
    if user.role == "agency" and target == "/dashboard":
        target = "/litigation/leads"  # service agencies (服务机构) see only 商机线索检索
    return RedirectResponse(target, status_code=303)


@router.post("/logout", include_in_schema=False)
def logout(request: Request) -> Response:
    request.session.clear()
    return RedirectResponse("/", status_code=303)


class Me(BaseModel):
    user: UserPublic
    csrf_token: str


@router.get("/api/me.json", response_model=Me, tags=["系统"], summary="当前用户与 CSRF 令牌")
def me(request: Request, user: UserPublic = Depends(current_user)) -> Any:
    return {"user": user, "csrf_token": csrf_token(request)}
