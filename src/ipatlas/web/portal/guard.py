"""The portal's own, stricter request handling (anonymous traffic is hostile by default).

Applied to every portal route through :class:`PortalRoute` (a route class is FastAPI's per-router
middleware): a rate limit per client address (moving window, counted in the workflow database so that
every worker process shares it), request-size limits, an
error page that never shows a stack trace or an internal path, cache headers for public pages and
security headers (CSP without scripts, no framing, no referrer, no MIME sniffing). No session, no
cookie: the portal never reads or writes the staff session.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Coroutine
from dataclasses import dataclass, field
from typing import Any

from fastapi import HTTPException, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import HTMLResponse, JSONResponse, Response
from fastapi.routing import APIRoute
from limits import RateLimitItem, parse
from limits.storage import MemoryStorage
from limits.strategies import MovingWindowRateLimiter
from sqlalchemy.orm import Session, sessionmaker
from starlette.concurrency import run_in_threadpool

from ipatlas.errors import IpatlasError, NotFoundError
from ipatlas.store import ratelimit

log = logging.getLogger("ipatlas.portal")

MAX_BODY = 64 * 1024  # the complaint form is the only body the portal accepts
MAX_QUERY_STRING = 4096
SECURITY_HEADERS = {
    "Content-Security-Policy": (
        "default-src 'none'; style-src 'self'; img-src 'self' data:; form-action 'self'; "
        "frame-ancestors 'none'; base-uri 'none'"
    ),
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Referrer-Policy": "no-referrer",
    "Permissions-Policy": "camera=(), microphone=(), geolocation=(), interest-cohort=()",
    "Cross-Origin-Opener-Policy": "same-origin",
    "Cross-Origin-Resource-Policy": "same-origin",
}
SECTIONS = [
    ("home", "/portal", "首页"),
    ("policies", "/portal/policies", "政策法规"),
    ("cases", "/portal/cases", "公开案例"),
    ("agencies", "/portal/agencies", "服务机构"),
    ("licences", "/portal/licences", "开放许可"),
    ("stats", "/portal/stats", "统计数据"),
    ("guides", "/portal/guides", "办事指南"),
    ("notices", "/portal/notices", "通知公告"),
    ("complaint", "/portal/complaint", "维权援助/投诉"),
]
DEFAULT_LIMITS = {"page": "120/minute", "search": "60/minute", "form": "5/hour"}


@dataclass
class PortalGuard:
    """Rate limits per client address; ``limits`` overrides the defaults (tests, benchmarks).

    With ``sessions`` (the web app's workflow database) the hits are counted in the database
    (:mod:`ipatlas.store.ratelimit`), so N worker processes share one limit instead of granting
    N times it; without, in this process's memory (``limits``' moving window)."""

    limits: dict[str, str] = field(default_factory=lambda: dict(DEFAULT_LIMITS))
    storage: MemoryStorage = field(default_factory=MemoryStorage)
    sessions: sessionmaker[Session] | None = None

    def __post_init__(self) -> None:
        self.limiter = MovingWindowRateLimiter(self.storage)
        self.items: dict[str, RateLimitItem] = {k: parse(v) for k, v in self.limits.items()}
        self._refused: dict[tuple[str, str], int] = {}

    def allow(self, kind: str, client: str) -> bool:
        item = self.items[kind]
        if self.sessions is None:
            return bool(self.limiter.hit(item, "portal", kind, client))
        with self.sessions() as s, s.begin():
            # The limit is part of the key: a changed limit starts its own window.
            key = f"portal:{kind}:{self.limits[kind]}:{client}"
            ok, wait = ratelimit.hit(s, key, item.amount, item.get_expiry())
        if not ok:
            self._refused[(kind, client)] = wait
        return ok

    def retry_after(self, kind: str, client: str) -> int:
        if self.sessions is not None:
            return self._refused.pop((kind, client), 1)
        reset, _remaining = self.limiter.get_window_stats(self.items[kind], "portal", kind, client)
        return max(1, int(reset - time.time()))


def configured_limits(raw: str) -> dict[str, str]:
    """``IPATLAS_PORTAL_LIMITS="page=300/minute,form=3/hour"`` (``Settings.portal_limits``)
    overrides the defaults."""
    out: dict[str, str] = {}
    for part in raw.split(","):
        key, _, value = part.strip().partition("=")
        if key in DEFAULT_LIMITS and value:
            parse(value)  # fails at start-up on a malformed limit, not on a visitor's request
            out[key] = value
    return out


def guard_of(request: Request) -> PortalGuard:
    state = request.app.state
    guard = getattr(state, "portal_guard", None)
    if guard is None:
        ctx = getattr(state, "ctx", None)
        guard = PortalGuard(
            {
                **DEFAULT_LIMITS,
                **(configured_limits(ctx.settings.portal_limits) if ctx is not None else {}),
                **(getattr(state, "portal_limits", None) or {}),
            },
            sessions=ctx.sessions if ctx is not None else None,
        )
        state.portal_guard = guard
    return guard  # type: ignore[no-any-return]


def client_of(request: Request) -> str:
    """The client address as the server saw it (behind a proxy, configure the proxy to pass the
    real address with uvicorn's ``--proxy-headers``; the portal never trusts a header itself)."""
    return request.client.host if request.client else "unknown"


def wants_json(request: Request) -> bool:
    return request.url.path.endswith(".json")


def error_response(
    request: Request, status: int, message: str, headers: dict[str, str] | None = None
) -> Response:
    if wants_json(request):
        return JSONResponse({"error": status, "message": message}, status_code=status, headers=headers)
    templates = request.app.state.ctx.templates
    return templates.TemplateResponse(  # type: ignore[no-any-return]
        request,
        "portal/error.html",
        {"message": message, "status": status, "SECTIONS": SECTIONS, "section": None},
        status_code=status,
        headers=headers,
    )


# Pages built from the library alone: rendered once per library version (see ``portal.cache``).
LIBRARY_PAGES = frozenset(
    {
        "/portal",
        "/portal/policies",
        "/portal/policies.json",
        "/portal/policies/{doc_id}",
        "/portal/policies/{doc_id}.json",
        "/portal/policies/{doc_id}/{anchor}",
        "/portal/{kind}",
        "/portal/{kind}/{notice_id}",
    }
)


def finish(request: Request, response: Response) -> Response:
    from ipatlas.web.portal.cache import MAX_AGE, body_validators

    for k, v in SECURITY_HEADERS.items():
        response.headers.setdefault(k, v)
    if request.method == "GET" and response.status_code == 200 and "cache-control" not in response.headers:
        response.headers["Cache-Control"] = f"public, max-age={MAX_AGE}"
        response = body_validators(request, response)
    elif response.status_code != 304:
        response.headers.setdefault("Cache-Control", "no-store")
    response.headers["Vary"] = "Accept-Encoding"
    return response


class PortalRoute(APIRoute):
    def get_route_handler(self) -> Callable[[Request], Coroutine[Any, Any, Response]]:
        original = super().get_route_handler()
        kind = "search" if self.path.startswith("/portal/policies") else "page"
        if self.path in LIBRARY_PAGES and "GET" in (self.methods or ()):
            from ipatlas.web.portal.cache import library_page

            plain = original

            async def original(request: Request) -> Response:
                return await library_page(request, plain)

        async def handler(request: Request) -> Response:
            return finish(request, await self._guarded(request, original, kind))

        return handler

    @staticmethod
    async def _guarded(
        request: Request, original: Callable[[Request], Coroutine[Any, Any, Response]], kind: str
    ) -> Response:
        guard = guard_of(request)
        client = client_of(request)
        if len(request.url.query) > MAX_QUERY_STRING:
            return error_response(request, 414, "请求地址过长")
        if request.method == "POST":
            length = request.headers.get("content-length")
            if length is None or not length.isdigit():
                return error_response(request, 411, "请求须注明长度（Content-Length）")
            if int(length) > MAX_BODY:
                return error_response(request, 413, f"提交内容过大（最多 {MAX_BODY // 1024} KB）")
        if not await run_in_threadpool(guard.allow, kind, client):
            wait = guard.retry_after(kind, client)
            return error_response(
                request, 429, f"访问过于频繁，请 {wait} 秒后再试", headers={"Retry-After": str(wait)}
            )
        try:
            return await original(request)
        except NotFoundError as exc:
            return error_response(request, 404, exc.message)
        except IpatlasError as exc:
            return error_response(request, 400, exc.message)
        except RequestValidationError:
            return error_response(request, 422, "请求参数无效")
        except HTTPException as exc:
            return error_response(
                request, exc.status_code, "请求无效" if exc.status_code < 500 else "服务暂时不可用"
            )
        except Exception:  # never a stack trace or an internal path to an anonymous visitor
            log.exception("portal request failed: %s", request.url.path)
            return error_response(request, 500, "服务暂时不可用，请稍后再试")


def page(request: Request, template: str, **context: Any) -> HTMLResponse:
    """Render a portal page: no session, no CSRF cookie, nothing personal."""
    templates = request.app.state.ctx.templates
    base = {"path": request.url.path, "SECTIONS": SECTIONS}
    return templates.TemplateResponse(request, template, {**base, **context})  # type: ignore[no-any-return]
