"""Per-application state and the request dependencies: current user, roles, CSRF, rendering."""

from __future__ import annotations

import datetime as dt
import hmac
import logging
import secrets
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from fastapi import Depends, Request
from fastapi.responses import HTMLResponse
from fastapi.templating import Jinja2Templates
from sqlalchemy import Engine
from sqlalchemy.exc import OperationalError
from sqlalchemy.orm import Session, sessionmaker

from ipatlas import DEMO_LABEL, __version__
from ipatlas.access import ADMIN_ROLES, ANALYSIS_ROLES, AUDIT_ROLES, EDIT_ROLES
from ipatlas.config import Settings
from ipatlas.errors import InputError, PermissionDenied
from ipatlas.store import workflow
from ipatlas.store.models import ROLE_LABELS, UserPublic
from ipatlas.web import display
from ipatlas.web.security import EdgeRejected, check_int
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
    ("operations", "/operations", "知识产权运用"),
    ("plans", "/plans", "规划督查"),
    ("protection", "/protection", "知识产权保护"),
    ("market", "/market", "市场监管"),
    ("reports", "/reports", "分析报告"),
    ("litigation", "/litigation", "司法数据"),
    ("data", "/data", "数据管理"),
    ("policies", "/portal/policies", "政策法规"),
]


# Pages only some roles may open: hidden from the menu of the others.
NAV_ROLES: dict[str, frozenset[str]] = {"data": EDIT_ROLES}


def may_open(user: UserPublic | None, key: str) -> bool:
    """Whether ``user`` may open the section ``key`` of :data:`NAV`: a page links to a section
    only for the roles it lets in (a link that ends on "无权访问" is a dead end)."""
    return user is not None and (key not in NAV_ROLES or user.role in NAV_ROLES[key])


def nav_for(user: UserPublic | None) -> list[tuple[str, str, str]]:
    items = [n for n in NAV if user is None or user.role in NAV_ROLES.get(n[0], frozenset({user.role}))]
    if user is not None and user.role in AUDIT_ROLES:
        items.append(("audit", "/audit", "审计日志"))
    return items


class LoginRequired(Exception):
    """Raised by the auth dependency; turned into a redirect (pages) or 401 (JSON)."""


class PasswordChangeRequired(Exception):
    """A generated password must be replaced first: redirect (pages) or 403 (JSON)."""


# Reachable while a password change is pending.
PASSWORD_CHANGE_PATHS = ("/account/password", "/logout", "/api/me.json")


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
        templates.env.finalize = display.finalize
        templates.env.globals.update(
            NAV=NAV, DEMO_LABEL=DEMO_LABEL, ROLE_LABELS=ROLE_LABELS, VERSION=__version__, may_open=may_open
        )
        templates.env.filters["num"] = format_number
        templates.env.filters["label"] = display.label
        templates.env.filters["when"] = display.when
        templates.env.filters["utc"] = display.when_utc
        templates.env.filters["localtime"] = display.when_local
        templates.env.filters["commands"] = display.commands
        templates.env.filters["catalog"] = display.catalog_html
        templates.env.policies["json.dumps_kwargs"] = {"ensure_ascii": False, "default": _json_default}
        # The templates ship with the package: a server checks their files' times on every render
        # only in development, where someone edits them.
        templates.env.auto_reload = settings.env == "development"
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


def client_address(request: Request) -> str:
    """The client's address (the proxy's ``X-Forwarded-For`` is honoured by uvicorn's
    ``--proxy-headers`` for trusted proxies only; we read what uvicorn decided)."""
    return request.client.host if request.client else "unknown"


def session_token(request: Request) -> str | None:
    if "session" not in request.scope:
        return None
    token = request.session.get("sid")
    return token if isinstance(token, str) else None


def optional_user(request: Request, ctx: AppContext = Depends(get_ctx)) -> UserPublic | None:
    """The logged-in user of a live server-side session (checked on every request, so logout,
    revocation and timeouts hold at once in every worker)."""
    cached_state = getattr(request.state, "user", False)
    if cached_state is None or isinstance(cached_state, UserPublic):
        return cached_state
    token = session_token(request)
    if token is None:
        request.state.user = None
        return None
    s = ctx.settings
    with ctx.sessions() as session:  # read only
        user, change = workflow.session_user(
            session,
            token,
            idle=dt.timedelta(minutes=s.session_idle_minutes),
            absolute=dt.timedelta(hours=s.session_absolute_hours),
        )
    if change is not None:
        # One short write; a busy database only delays the "last seen" stamp by a request.
        try:
            with ctx.sessions() as session, session.begin():
                workflow.mark_session(session, token, change)
        except OperationalError:
            logging.getLogger("ipatlas.web").warning("session %s not recorded (database busy)", change)
    if user is None or not user.active:
        request.session.clear()
        request.state.user = None
        return None
    request.state.user = user
    return user


def invalidate_users(ctx: AppContext) -> None:
    """Kept for callers: users are read per request now (no process-local cache to drop)."""
    ctx.cache["users_version"] = ctx.cache.get("users_version", 0) + 1


def current_user(request: Request, user: UserPublic | None = Depends(optional_user)) -> UserPublic:
    if user is None:
        raise LoginRequired()
    if user.must_change_password and not request.url.path.startswith(PASSWORD_CHANGE_PATHS):
        raise PasswordChangeRequired()
    return user


def audit_download(ctx: AppContext, scope: Any) -> None:
    """Every file a user downloads (an export) goes to the audit log: who, what, from where."""
    state = scope.get("state") or {}
    user = state.get("user")
    query = scope.get("query_string", b"").decode("latin-1")[:500]
    client = (scope.get("client") or ("unknown", 0))[0]
    try:
        with ctx.sessions() as session, session.begin():
            workflow.record_audit(
                session,
                actor=user,
                object_type="export",
                object_id=scope.get("path", "")[:128],
                action="export",
                after={"query": query} if query else None,
                client=client,
            )
    except Exception:  # the download itself has been sent; never turn it into an error
        logging.getLogger("ipatlas.web").exception("export audit failed")


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
    has_session = "session" in request.scope  # not for errors refused at the edge
    if user is None and has_session and "sid" in request.session:
        user = optional_user(request, ctx)
    base = {
        "NAV": nav_for(user),
        # The software version helps an attacker pick exploits: administrators only.
        "VERSION": __version__ if user is not None and user.role in ADMIN_ROLES else "",
        "user": user,
        "csrf_token": csrf_token(request) if has_session else "",
        "path": request.url.path,
        "query": dict(request.query_params),
        "partial": request.headers.get("hx-request") == "true"
        and request.headers.get("hx-boosted") != "true",
    }
    return ctx.templates.TemplateResponse(request, template, {**base, **context}, status_code=status_code)


def render_error(request: Request, message: str, status: int) -> HTMLResponse:
    return render(request, "error.html", status_code=status, message=message, status=status)


def int_param(value: str | None, name: str, *, default: int | None = None) -> int | None:
    """An integer form/query value (ASCII digits, 64 bits; years and pages bounded) or ``default``."""
    if value is None or not value.strip():
        return default
    try:
        check_int(name, value)
    except EdgeRejected as exc:
        raise InputError(exc.message, field=name) from None
    return int(value.strip())
