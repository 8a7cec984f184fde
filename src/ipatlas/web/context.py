"""Per-application state and the request dependencies: current user, roles, CSRF, rendering."""

from __future__ import annotations

import hmac
import secrets
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from fastapi import Depends, Request
from fastapi.responses import HTMLResponse
from fastapi.templating import Jinja2Templates
from sqlalchemy import Engine
from sqlalchemy.orm import Session, sessionmaker

from ipatlas import DEMO_LABEL, __version__
from ipatlas.access import ADMIN_ROLES, ANALYSIS_ROLES, EDIT_ROLES
from ipatlas.config import Settings
from ipatlas.errors import InputError, PermissionDenied
from ipatlas.store import workflow
from ipatlas.store.models import ROLE_LABELS, UserPublic
from ipatlas.web.services.source import DataSource

TEMPLATES_DIR = Path(__file__).resolve().parent / "templates"

NAV = [
    ("dashboard", "/dashboard", "总览"),
    ("resources", "/resources", "资源分析"),
    ("map", "/map", "空间分布"),
    ("monitor", "/monitor", "动态监测"),
    ("industry", "/industry", "产业布局"),
    ("evaluation", "/evaluation", "综合评价"),
    ("records", "/records", "专利清单"),
    ("plans", "/plans", "规划督查"),
    ("reports", "/reports", "分析报告"),
    ("litigation", "/litigation", "司法数据"),
    ("data", "/data", "数据管理"),
    ("policies", "/portal/policies", "政策法规"),
]


class LoginRequired(Exception):
    """Raised by the auth dependency; turned into a redirect (pages) or 401 (JSON)."""


@dataclass
class AppContext:
    settings: Settings
    engine: Engine
    sessions: sessionmaker[Session]
    templates: Jinja2Templates
    data: DataSource
    cache: dict[Any, Any] = field(default_factory=dict)

    @classmethod
    def build(cls, settings: Settings, *, migrate: bool = True) -> AppContext:
        engine = workflow.make_engine(settings)
        if migrate:
            workflow.migrate(settings, engine=engine)
        templates = Jinja2Templates(directory=str(TEMPLATES_DIR))
        templates.env.globals.update(
            NAV=NAV, DEMO_LABEL=DEMO_LABEL, ROLE_LABELS=ROLE_LABELS, VERSION=__version__
        )
        templates.env.filters["num"] = format_number
        templates.env.policies["json.dumps_kwargs"] = {"ensure_ascii": False, "default": _json_default}
        return cls(settings, engine, workflow.session_factory(engine), templates, DataSource(settings))


def _json_default(obj: Any) -> Any:
    if hasattr(obj, "isoformat"):
        return obj.isoformat()
    if hasattr(obj, "item"):
        return obj.item()
    if hasattr(obj, "model_dump"):
        return obj.model_dump(mode="json")
    return str(obj)


def format_number(value: Any, digits: int = 2) -> str:
    if value is None:
        return "—"
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, int):
        return f"{value:,}"
    if isinstance(value, float):
        if value == int(value) and abs(value) < 1e15:
            return f"{int(value):,}"
        return f"{value:,.{digits}f}"
    return str(value)


def get_ctx(request: Request) -> AppContext:
    ctx: AppContext = request.app.state.ctx
    return ctx


def db_session(ctx: AppContext = Depends(get_ctx)) -> Iterator[Session]:
    with ctx.sessions() as session, session.begin():
        yield session


def optional_user(request: Request, ctx: AppContext = Depends(get_ctx)) -> UserPublic | None:
    user_id = request.session.get("user_id")
    if user_id is None:
        return None
    cached: dict[int, tuple[int, UserPublic]] = ctx.cache.setdefault("users", {})
    version = ctx.cache.get("users_version", 0)
    hit = cached.get(user_id)
    if hit and hit[0] == version:
        user = hit[1]
    else:
        with ctx.sessions() as session:
            try:
                user = workflow.get_user(session, int(user_id))
            except Exception:
                request.session.clear()
                return None
        cached[user_id] = (version, user)
    if not user.active:
        request.session.clear()
        return None
    return user


def invalidate_users(ctx: AppContext) -> None:
    """Called after a user changes so role/active changes apply on the next request."""
    ctx.cache["users_version"] = ctx.cache.get("users_version", 0) + 1


def current_user(user: UserPublic | None = Depends(optional_user)) -> UserPublic:
    if user is None:
        raise LoginRequired()
    return user


def require_roles(roles: frozenset[str]) -> Callable[..., UserPublic]:
    def dependency(user: UserPublic = Depends(current_user)) -> UserPublic:
        if user.role not in roles:
            raise PermissionDenied(f"当前账号（{ROLE_LABELS.get(user.role, user.role)}）无权访问此页面")
        return user

    return dependency


viewer = require_roles(ANALYSIS_ROLES)
editor = require_roles(EDIT_ROLES)
admin = require_roles(ADMIN_ROLES)


# ---- CSRF -------------------------------------------------------------------------------------
def csrf_token(request: Request) -> str:
    token = request.session.get("csrf")
    if not token:
        token = secrets.token_urlsafe(32)
        request.session["csrf"] = token
    return str(token)


async def verify_csrf(request: Request) -> None:
    """Every state-changing request carries the session's token (form field or header)."""
    if request.method in ("GET", "HEAD", "OPTIONS"):
        return
    expected = request.session.get("csrf")
    sent = request.headers.get("x-csrf-token")
    if not sent and request.headers.get("content-type", "").startswith(
        ("application/x-www-form-urlencoded", "multipart/form-data")
    ):
        form = await request.form()
        value = form.get("csrf_token")
        sent = value if isinstance(value, str) else None
    if not expected or not sent or not hmac.compare_digest(str(expected), sent):
        raise PermissionDenied("CSRF 校验失败：请刷新页面后重试")


# ---- rendering --------------------------------------------------------------------------------
def render(request: Request, template: str, status_code: int = 200, **context: Any) -> HTMLResponse:
    ctx = get_ctx(request)
    user = context.pop("user", None)
    if user is None and "user_id" in request.session:
        user = optional_user(request, ctx)
    base = {
        "user": user,
        "csrf_token": csrf_token(request),
        "path": request.url.path,
        "query": dict(request.query_params),
        "partial": request.headers.get("hx-request") == "true"
        and request.headers.get("hx-boosted") != "true",
    }
    return ctx.templates.TemplateResponse(request, template, {**base, **context}, status_code=status_code)


def render_error(request: Request, message: str, status: int) -> HTMLResponse:
    return render(request, "error.html", status_code=status, message=message, status=status)


def int_param(value: str | None, name: str, *, default: int | None = None) -> int | None:
    if value in (None, ""):
        return default
    try:
        return int(value)  # type: ignore[arg-type]
    except ValueError:
        raise InputError(f"{name} 必须是整数: {value!r}", field=name) from None
