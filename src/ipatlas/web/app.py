"""Application factory, server entry point and first-run administrator."""

from __future__ import annotations

import contextlib
import gc
import secrets
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import anyio
from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, RedirectResponse, Response
from fastapi.staticfiles import StaticFiles
from starlette.middleware.sessions import SessionMiddleware

from ipatlas import __version__
from ipatlas.config import Settings
from ipatlas.errors import IpatlasError, NotFoundError, PermissionDenied
from ipatlas.store import workflow
from ipatlas.store.models import UserCreate
from ipatlas.web.context import AppContext, LoginRequired, render_error
from ipatlas.web.routes import routers

STATIC_DIR = Path(__file__).resolve().parent / "static"
DEFAULT_SECRET = "change-me-in-production"
DEMO_ADMIN = "admin"


def _secret_key(settings: Settings) -> str:
    """The configured key, or a random one kept in the data directory (stable across restarts)."""
    if settings.secret_key and settings.secret_key != DEFAULT_SECRET:
        return settings.secret_key
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
    ctx = AppContext.build(settings, migrate=migrate)

    @contextlib.asynccontextmanager
    async def lifespan(_app: FastAPI) -> AsyncIterator[None]:
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
        version=__version__,
        description=(
            "每个页面都有同名的 `.json` 接口，由同一数据函数生成。所有接口需登录（会话 Cookie）；"
            "POST 请求需携带 CSRF 令牌（表单字段 `csrf_token` 或请求头 `X-CSRF-Token`）。"
        ),
        docs_url="/api/docs",
        redoc_url=None,
        openapi_url="/api/openapi.json",
    )
    app.state.ctx = ctx
    missing = [f for f in ("echarts.min.js", "htmx.min.js") if not (STATIC_DIR / "vendor" / f).is_file()]
    # Without the npm assets the pages cannot draw charts: say so on every page, clearly.
    ctx.templates.env.globals["ASSETS_MISSING"] = missing
    app.add_middleware(
        SessionMiddleware,
        secret_key=_secret_key(settings),
        session_cookie="ipatlas_session",
        max_age=12 * 3600,
        same_site="lax",
        https_only=False,
    )
    app.mount("/static", StaticFiles(directory=STATIC_DIR), name="static")
    for router in routers():
        app.include_router(router)

    @app.exception_handler(LoginRequired)
    async def _login_required(request: Request, exc: LoginRequired) -> Response:
        if _wants_json(request):
            return JSONResponse({"error": "LoginRequired", "message": "请先登录"}, status_code=401)
        return RedirectResponse(f"/login?next={request.url.path}", status_code=303)

    @app.exception_handler(IpatlasError)
    async def _domain_error(request: Request, exc: IpatlasError) -> Response:
        status = 403 if isinstance(exc, PermissionDenied) else 404 if isinstance(exc, NotFoundError) else 400
        if _wants_json(request):
            return JSONResponse(exc.to_dict(), status_code=status)
        return render_error(request, exc.message, status)

    @app.exception_handler(RequestValidationError)
    async def _bad_request(request: Request, exc: RequestValidationError) -> Response:
        errors: list[Any] = list(exc.errors())
        first = errors[0] if errors else {}
        where = ".".join(str(p) for p in first.get("loc", ()))
        message = f"请求参数无效: {where} {first.get('msg', '')}".strip()
        if _wants_json(request):
            return JSONResponse(
                {"error": "InputError", "message": message, "detail": errors}, status_code=422
            )
        return render_error(request, message, 422)

    return app


def _warm_up(ctx: AppContext) -> None:
    import mapclassify  # noqa: F401  (a slow first import; the map page needs it)

    from ipatlas.web.services import indicators
    from ipatlas.web.services.analysis import indicators_library, overview_indicators, selection

    for name in ctx.templates.env.list_templates():
        ctx.templates.env.get_template(name)  # compiled once here, not by 50 first requests at once
    lib = indicators_library()  # imports the indicator library (ibis) once, before any request needs it
    if lib is not None:
        lib.load_catalog()  # parses catalog.yaml (~0.2 s of GIL) here, not in several first requests at once
    ctx.data.cursor()
    # Loads the region registry and the default selection, which every page needs.
    with contextlib.suppress(IpatlasError):
        selection(ctx.data, None, None)
    # Opens the indicator cube's reader (summary, regions, row-group index) once, and builds the
    # default dashboard's official indicators, the first thing most visitors see.
    if indicators.cube(ctx.data) is not None:
        with contextlib.suppress(IpatlasError):
            overview_indicators(ctx.data, None, None)


def _wants_json(request: Request) -> bool:
    path = request.url.path
    return (
        path.endswith((".json", ".csv", ".xlsx"))
        or path.startswith("/api/")
        or "application/json" in request.headers.get("accept", "").split(",")[0]
    )


def ensure_demo_admin(settings: Settings) -> tuple[str, str] | None:
    """On a fresh install (no users at all) create the administrator ``admin`` with a random
    password and return ``(username, password)``; ``None`` when users already exist."""
    with workflow.workflow_session(settings) as session:
        if workflow.count_users(session):
            return None
        password = secrets.token_urlsafe(9)
        workflow.create_user(
            session,
            UserCreate(username=DEMO_ADMIN, display_name="演示管理员", password=password, role="admin"),
        )
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
