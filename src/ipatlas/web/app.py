"""Application factory, server entry point and first-run administrator."""

from __future__ import annotations

import contextlib
import gc
import secrets
from collections.abc import AsyncIterator
from pathlib import Path
from urllib.parse import quote

import anyio
from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse, RedirectResponse, Response
from fastapi.staticfiles import StaticFiles
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.middleware.sessions import SessionMiddleware

from ipatlas.config import DEFAULT_SECRET, Settings, secret_key_problem
from ipatlas.errors import ConfigError, IpatlasError, NotFoundError, PermissionDenied, ServiceBusy
from ipatlas.store import workflow
from ipatlas.store.models import UserCreate
from ipatlas.web import display
from ipatlas.web.context import (
    AppContext,
    LoginRequired,
    PasswordChangeRequired,
    audit_download,
    render_error,
)
from ipatlas.web.routes import routers
from ipatlas.web.security import (
    STATUS_TEXT,
    EdgeGuard,
    error_response,
    install_handlers,
    json_safe,
    set_page_renderer,
    wants_json,
)
from ipatlas.web.services.source import StampsPerRequest

STATIC_DIR = Path(__file__).resolve().parent / "static"
DEMO_ADMIN = "admin"
API_VERSION = "1"


def _secret_key(settings: Settings) -> str:
    """The configured key, or (development only) a random one kept in the data directory.

    In production (``IPATLAS_ENV=production``) the key must be set and strong: at least 32
    characters, not the documented default, not a repetition of a few characters."""
    key = settings.secret_key
    if settings.env == "production":
        problem = secret_key_problem(key)
        if problem:
            raise ConfigError(f"生产模式下 IPATLAS_SECRET_KEY 不安全：{problem}（请设置至少 32 个随机字符）")
        return key
    if key and key != DEFAULT_SECRET:
        return key
    path = settings.data_dir / ".web_secret"
    if path.exists():
        return path.read_text("utf-8").strip()
    settings.ensure_dirs()
    key = secrets.token_urlsafe(48)
    path.touch(mode=0o600)
    path.write_text(key, "utf-8")
    return key


def create_app(settings: Settings, *, migrate: bool = True) -> FastAPI:
    """Build the platform for ``settings``: migrates the workflow database, mounts assets and pages."""
    settings.ensure_dirs()
    key = _secret_key(settings)  # refused before anything else in production when weak
    workflow.set_hash_concurrency(settings.argon2_concurrency)
    ctx = AppContext.build(settings, migrate=migrate)
    _purge_old_sessions(ctx)
    _fail_abandoned_exports(ctx)

    @contextlib.asynccontextmanager
    async def lifespan(_app: FastAPI) -> AsyncIterator[None]:
        # Requests beyond this wait in the event loop's line, in order, instead of all sharing
        # the cores at once (each slower than the last: measured at 30M records, 200 users).
        anyio.to_thread.current_default_thread_limiter().total_tokens = settings.web_request_threads
        # Open the lake (views, aggregates) before the first request rather than during it.
        await anyio.to_thread.run_sync(_warm_up, ctx)
        if getattr(_app.state, "freeze_heap", False):
            # Everything loaded so far (modules, registry, lake views) lives as long as the
            # server: keep it out of the collector, or each full collection scans it all and
            # stalls every request for ~0.2 s (measured under the load benchmark).
            gc.collect()
            gc.freeze()
        yield
        ctx.data.close()
        ctx.engine.dispose()

    app = FastAPI(
        lifespan=lifespan,
        title="知识产权资源布局信息平台 ipatlas",
        version=API_VERSION,  # the interface's version, not the software's (SECURITY.md)
        description=(
            "每个页面都有同名的 `.json` 接口，由同一数据函数生成。所有接口需登录（会话 Cookie）；"
            "POST 请求需携带 CSRF 令牌（表单字段 `csrf_token` 或请求头 `X-CSRF-Token`）。"
        ),
        docs_url=None,  # served by web/routes/apidocs.py from local Swagger UI assets
        redoc_url=None,
        openapi_url="/api/openapi.json",
    )
    app.state.ctx = ctx
    missing = [f for f in ("echarts.min.js", "htmx.min.js") if not (STATIC_DIR / "vendor" / f).is_file()]
    # Without the npm assets the pages cannot draw charts: say so on every page, clearly.
    ctx.templates.env.globals["ASSETS_MISSING"] = missing
    app.add_middleware(
        SessionMiddleware,
        secret_key=key,
        session_cookie="ipatlas_session",
        max_age=settings.session_absolute_hours * 3600,
        same_site="lax",
        https_only=settings.cookie_secure or settings.env == "production",
    )
    app.mount("/static", StaticFiles(directory=STATIC_DIR), name="static")
    for router in routers():
        app.include_router(router)

    @app.exception_handler(LoginRequired)
    async def _login_required(request: Request, exc: LoginRequired) -> Response:
        if wants_json(request):
            return JSONResponse({"error": "LoginRequired", "message": "请先登录"}, status_code=401)
        return RedirectResponse(f"/login?next={quote(request.url.path)}", status_code=303)

    @app.exception_handler(PasswordChangeRequired)
    async def _password_change(request: Request, exc: PasswordChangeRequired) -> Response:
        if wants_json(request):
            message = "请先修改系统生成的初始密码（/account/password）"
            return JSONResponse({"error": "PasswordChangeRequired", "message": message}, status_code=403)
        return RedirectResponse("/account/password", status_code=303)

    @app.exception_handler(IpatlasError)
    async def _domain_error(request: Request, exc: IpatlasError) -> Response:
        status = 403 if isinstance(exc, PermissionDenied) else 404 if isinstance(exc, NotFoundError) else 400
        if isinstance(exc, ServiceBusy):
            status = 503
        return error_response(
            request,
            status,
            exc.message if wants_json(request) else display.user_message(exc),
            error=type(exc).__name__,
            extra=json_safe(exc.context),
            headers={"Retry-After": "5"} if status == 503 else None,
        )

    @app.exception_handler(StarletteHTTPException)
    async def _http_error(request: Request, exc: StarletteHTTPException) -> Response:
        message = STATUS_TEXT.get(exc.status_code, str(exc.detail))
        return error_response(request, exc.status_code, message, headers=exc.headers)

    set_page_renderer(render_error)
    install_handlers(app)
    app.add_middleware(StampsPerRequest)
    app.add_middleware(EdgeGuard, fastapi_app=app, on_download=lambda scope: audit_download(ctx, scope))
    return app


def _purge_old_sessions(ctx: AppContext) -> None:
    """Ended sessions and login attempts older than 30 days are dropped (the audit log keeps the
    logins); a database not migrated yet is left alone."""
    import datetime as dt
    import logging

    try:
        with ctx.sessions() as session, session.begin():
            workflow.purge_sessions(session, older_than=dt.timedelta(days=30))
    except Exception:
        logging.getLogger("ipatlas.web").warning("old sessions not purged", exc_info=True)


def _fail_abandoned_exports(ctx: AppContext) -> None:
    """Export jobs left open by a worker process that died are failed now, when a worker starts,
    not only when their owner next looks (each worker runs this; the update is idempotent)."""
    import logging

    from ipatlas.exports import jobs

    try:
        with ctx.sessions() as session, session.begin():
            failed = jobs.sweep(session)["failed"]
    except Exception:
        logging.getLogger("ipatlas.web").warning("abandoned export jobs not swept", exc_info=True)
        return
    if failed:
        logging.getLogger("ipatlas.web").info("%d abandoned export job(s) marked failed", len(failed))


def _warm_up(ctx: AppContext) -> None:
    import mapclassify  # noqa: F401  (a slow first import; the map page needs it)

    from ipatlas.indicators import load_catalog
    from ipatlas.web.services import indicators
    from ipatlas.web.services.analysis import overview_indicators, selection

    for name in ctx.templates.env.list_templates():
        ctx.templates.env.get_template(name)  # compiled once here, not by 50 first requests at once
    load_catalog()  # parses catalog.yaml (~0.2 s of GIL) here, not in several first requests at once
    ctx.data.cursor()
    # Loads the region registry and the default selection, which every page needs.
    with contextlib.suppress(IpatlasError):
        selection(ctx.data, None, None)
    # Opens the indicator cube's reader (summary, regions, row-group index) once, and builds the
    # default dashboard's official indicators, the first thing most visitors see.
    if indicators.cube(ctx.data) is not None:
        with contextlib.suppress(IpatlasError):
            overview_indicators(ctx.data, None, None)


def ensure_demo_admin(settings: Settings) -> tuple[str, str] | None:
    """On a fresh install (no users at all) create the administrator ``admin`` with a random
    password and return ``(username, password)``; ``None`` when users already exist."""
    with workflow.workflow_session(settings) as session:
        if workflow.count_users(session):
            return None
        password = workflow.generate_password()
        created = workflow.create_user(
            session,
            UserCreate(username=DEMO_ADMIN, display_name="演示管理员", password=password, role="admin"),
        )
        workflow.require_password_change(session, created.id)  # a generated password: changed at login
    return DEMO_ADMIN, password


def serve(
    settings: Settings,
    host: str | None = None,
    port: int | None = None,
    *,
    log_level: str = "info",
    workers: int | None = None,
) -> None:
    """Serve the platform with uvicorn until interrupted; several worker processes if asked."""
    import os

    import uvicorn

    n = workers or settings.workers
    if n > 1:
        from ipatlas.store import workflow

        workflow.migrate(settings)  # once, before the workers start
        _secret_key(settings)  # created once here, not raced by the workers
        # Workers rebuild their settings from the environment: hand them this process's.
        for key, value in settings.model_dump(mode="json").items():
            if value is not None:
                os.environ[f"IPATLAS_{key.upper()}"] = str(value)
        os.environ["IPATLAS_WORKERS"] = str(n)  # each worker knows how many share the cores
        uvicorn.run(
            "ipatlas.web.asgi:create",
            factory=True,
            host=host or settings.host,
            port=port or settings.port,
            workers=n,
            log_level=log_level,
            timeout_keep_alive=75,
            proxy_headers=True,
        )
        return
    app = create_app(settings)
    app.state.freeze_heap = True  # the process is the server's alone (not a test, not a notebook)
    uvicorn.run(
        app,
        host=host or settings.host,
        port=port or settings.port,
        log_level=log_level,
        timeout_keep_alive=75,
    )
