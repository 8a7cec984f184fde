"""The web platform's edge: every request is bounded before a route sees it, every response carries
the security headers, every failure is rendered by one error renderer.

- :class:`EdgeGuard` (pure ASGI middleware, outermost): request bodies are counted while they
  stream in (413 past the limit, before a route reads 20 MB into memory); integer query
  parameters and numeric path segments must fit a 64-bit integer; ``year``-like parameters must
  lie within :data:`~ipatlas.security.limits.YEAR_MIN`…``YEAR_MAX``; ``page`` ≤ ``MAX_PAGE``;
  integers inside JSON bodies must fit 64 bits. Security headers (CSP without inline script,
  ``X-Content-Type-Options``, ``X-Frame-Options``/``frame-ancestors``, ``Referrer-Policy``) are
  added to every response, and downloads (``Content-Disposition: attachment``) are audited.
- :func:`error_response` renders every error: JSON for the API (``.json``/``.csv``/``.xlsx``
  paths, ``/api/``, ``Accept: application/json``) and a Chinese page otherwise. The last-resort
  handler logs the traceback with an error id and shows only that id.
"""

from __future__ import annotations

import html
import json
import logging
import re
import secrets
from collections.abc import Awaitable, Callable, Mapping, MutableMapping
from typing import Any
from urllib.parse import parse_qsl

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import HTMLResponse, JSONResponse, Response
from fastapi.routing import APIRoute

from ipatlas.errors import validation_reason
from ipatlas.security import limits

log = logging.getLogger("ipatlas.web")

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
ASGIApp = Callable[[Scope, Receive, Send], Awaitable[None]]

CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; "
    "img-src 'self' data: blob:; font-src 'self' data:; connect-src 'self'; object-src 'none'; "
    "base-uri 'self'; form-action 'self'; frame-ancestors 'none'"
)
# The interactive API documentation (Swagger UI) needs its own script and the jsdelivr bundle.
DOCS_CSP = (
    "default-src 'self'; script-src 'self' 'unsafe-inline' https://cdn.jsdelivr.net; "
    "style-src 'self' 'unsafe-inline' https://cdn.jsdelivr.net; img-src 'self' data: https:; "
    "object-src 'none'; frame-ancestors 'none'"
)
HEADERS = [
    (b"x-content-type-options", b"nosniff"),
    (b"x-frame-options", b"DENY"),
    (b"referrer-policy", b"same-origin"),
    (b"cross-origin-opener-policy", b"same-origin"),
    (b"permissions-policy", b"camera=(), microphone=(), geolocation=()"),
]
YEAR_NAME = re.compile(r"(^|_)year$|^year_")  # from/to may be dates elsewhere: by declared type only
INT_TEXT = re.compile(r"[+-]?\d+")
STATUS_TEXT = {
    400: "请求无效",
    401: "请先登录",
    403: "无权访问",
    404: "页面不存在",
    405: "不支持的请求方法",
    413: "请求内容过大",
    415: "不支持的内容类型",
    422: "请求参数无效",
    429: "请求过于频繁",
    500: "服务器内部错误",
    503: "服务器繁忙",
}


class EdgeRejected(Exception):
    """A request refused at the edge (rendered by :func:`error_response`)."""

    def __init__(self, status: int, message: str, field: str | None = None) -> None:
        super().__init__(message)
        self.status, self.message, self.field = status, message, field


# ---- which parameters are integers --------------------------------------------------------------
def _int_annotation(annotation: Any) -> bool:
    if annotation is int:
        return True
    args = getattr(annotation, "__args__", None) or ()
    return any(a is int for a in args)


def integer_parameters(app: FastAPI) -> set[str]:
    """Names of the query/path parameters declared as integers by any route (incl. query models)."""
    names: set[str] = set()

    def walk(dependant: Any) -> None:
        for param in [*dependant.query_params, *dependant.path_params]:
            ann = param.field_info.annotation
            fields = getattr(ann, "model_fields", None)
            if fields:
                names.update(n for n, f in fields.items() if _int_annotation(f.annotation))
            elif _int_annotation(ann):
                names.add(param.name)
        for sub in dependant.dependencies:
            walk(sub)

    def visit(routes: Any, depth: int = 0) -> None:
        for route in routes or ():
            if isinstance(route, APIRoute):
                walk(route.dependant)
            elif depth < 8:  # included routers (kept as wrappers by recent FastAPI), mounts
                inner = getattr(route, "original_router", None) or getattr(route, "router", None)
                visit(getattr(inner, "routes", None) or getattr(route, "routes", None), depth + 1)

    visit(app.router.routes)
    return names


def check_int(name: str, value: str) -> None:
    """A query value that will be read as an integer: ASCII digits, 64 bits, years and pages bounded
    (400 like every other bad input the platform names; FastAPI's own type errors stay 422)."""
    text = value.strip()
    if not text:
        return
    if not INT_TEXT.fullmatch(text) or not text.isascii():
        raise EdgeRejected(400, f"参数 {name} 必须是整数（半角数字）: {value[:40]!r}", name)
    number = int(text)
    if not limits.INT64_MIN <= number <= limits.INT64_MAX:
        raise EdgeRejected(400, f"参数 {name} 超出范围", name)
    if YEAR_NAME.search(name) and not limits.YEAR_MIN <= number <= limits.YEAR_MAX:
        raise EdgeRejected(400, f"年份 {name} 须在 {limits.YEAR_MIN}–{limits.YEAR_MAX} 之间: {number}", name)
    if name == "page" and not 1 <= number <= limits.MAX_PAGE:
        raise EdgeRejected(400, f"页码须在 1–{limits.MAX_PAGE} 之间: {number}", name)


def check_query(query: str, int_names: set[str]) -> None:
    for name, value in parse_qsl(query, keep_blank_values=True):
        if name in int_names or YEAR_NAME.search(name) or name == "page":
            check_int(name, value)


def check_path(path: str) -> None:
    for segment in path.split("/"):
        stem = segment.split(".", 1)[0]
        digits = stem[1:] if stem[:1] in ("-", "+") else stem  # a signed id is an id too
        if len(digits) > 18 and digits.isdigit() and (not digits.isascii() or int(digits) > limits.INT64_MAX):
            raise EdgeRejected(404, "对象不存在（编号超出范围）")


def _check_json_ints(body: bytes) -> None:
    def parse_int(text: str) -> int:
        number = int(text)
        if not limits.INT64_MIN <= number <= limits.INT64_MAX:
            raise EdgeRejected(422, f"请求体中的整数超出范围: {text[:30]}…")
        return number

    try:
        json.loads(body, parse_int=parse_int)
    except (ValueError, RecursionError):
        return  # not JSON: the route's own validation answers with a clear 422


def body_limit(content_type: str) -> int:
    if content_type.startswith("multipart/"):
        return limits.MAX_UPLOAD_BODY
    if content_type.startswith("application/json"):
        return limits.MAX_JSON_BODY
    return limits.MAX_FORM_BODY


# ---- the middleware -----------------------------------------------------------------------------
class EdgeGuard:
    def __init__(self, app: ASGIApp, fastapi_app: FastAPI, on_download: Callable[..., None] | None = None):
        self.app = app
        self.fastapi_app = fastapi_app
        self.on_download = on_download
        self._int_names: set[str] | None = None

    def int_names(self) -> set[str]:
        if self._int_names is None:
            self._int_names = integer_parameters(self.fastapi_app)
        return self._int_names

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        path: str = scope.get("path", "")
        headers = {k.decode("latin-1").lower(): v.decode("latin-1") for k, v in scope.get("headers", [])}
        csp = DOCS_CSP if path.startswith("/api/docs") else CSP
        download: dict[str, Any] = {}

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                raw = list(message.get("headers", []))
                present = {k.lower() for k, _ in raw}
                extra = [(k, v) for k, v in HEADERS if k not in present]
                if b"content-security-policy" not in present:
                    extra.append((b"content-security-policy", csp.encode()))
                message["headers"] = raw + extra
                for k, v in raw:
                    if k.lower() == b"content-disposition" and v.startswith(b"attachment"):
                        download["status"] = message["status"]
            await send(message)

        try:
            check_path(path)
            check_query(scope.get("query_string", b"").decode("latin-1"), self.int_names())
            ctype = headers.get("content-type", "")
            limit = body_limit(ctype)
            declared = headers.get("content-length")
            if declared and declared.isdigit() and int(declared) > limit:
                raise EdgeRejected(413, f"请求内容过大（上限 {limit // (1024 * 1024)} MB）")
        except EdgeRejected as exc:
            response = error_response(Request(scope), exc.status, exc.message, field=exc.field)
            await response(scope, receive, send_with_headers)
            return

        if ctype.startswith("application/json") and scope.get("method") in ("POST", "PUT", "PATCH"):
            body, more = b"", True
            while more:
                message = await receive()
                body += message.get("body", b"")
                more = message.get("more_body", False)
                if len(body) > limit:
                    response = error_response(Request(scope), 413, "请求内容过大")
                    await response(scope, receive, send_with_headers)
                    return
            try:
                _check_json_ints(body)
            except EdgeRejected as exc:
                response = error_response(Request(scope), exc.status, exc.message)
                await response(scope, receive, send_with_headers)
                return
            replayed = False

            async def replay() -> Message:
                nonlocal replayed
                if not replayed:
                    replayed = True
                    return {"type": "http.request", "body": body, "more_body": False}
                return await receive()

            await self.app(scope, replay, send_with_headers)
        else:
            received = 0

            async def counted() -> Message:
                nonlocal received
                message = await receive()
                received += len(message.get("body", b""))
                if received > limit:
                    raise EdgeRejected(413, f"请求内容过大（上限 {limit // (1024 * 1024)} MB）")
                return message

            await self.app(scope, counted, send_with_headers)
        if download and self.on_download is not None and download.get("status", 500) < 400:
            self.on_download(scope)


# ---- no server paths to users ---------------------------------------------------------------------
PATH_KEYS = frozenset({"file", "path", "source_path", "source_file"})


def hide_paths(value: Any) -> Any:
    """A copy of ``value`` whose file-path fields (``file``, ``path`` …) keep only the file name:
    users see which file a record came from, never the server's directories."""
    if isinstance(value, dict):
        return {
            k: (_basename(v) if k in PATH_KEYS and isinstance(v, str) else hide_paths(v))
            for k, v in value.items()
        }
    if isinstance(value, list):
        return [hide_paths(v) for v in value]
    return value


def _basename(text: str) -> str:
    return text.replace("\\", "/").rstrip("/").rsplit("/", 1)[-1] if "/" in text or "\\" in text else text


# ---- one error renderer ---------------------------------------------------------------------------
def wants_json(request: Request) -> bool:
    path = request.url.path
    accept = request.headers.get("accept", "")
    return (
        path.endswith((".json", ".csv", ".xlsx", ".docx", ".pdf"))
        or path.startswith("/api/")
        or "application/json" in accept.split(",")[0]
        or request.headers.get("content-type", "").startswith("application/json")
    )


def error_response(
    request: Request,
    status: int,
    message: str,
    *,
    error: str | None = None,
    field: str | None = None,
    detail: Any = None,
    extra: dict[str, Any] | None = None,
    headers: Mapping[str, str] | None = None,
) -> Response:
    """JSON for the API, the platform's Chinese error page for a browser; never raises."""
    name = error or ("InputError" if status in (400, 413, 415, 422) else STATUS_TEXT.get(status, "Error"))
    if wants_json(request):
        body: dict[str, Any] = {"error": name, "message": message}
        if field:
            body["field"] = field
        if detail is not None:
            body["detail"] = detail
        if extra:
            body.update(extra)
        return JSONResponse(json_safe(body), status_code=status, headers=headers)
    try:
        if _page_renderer is None:
            raise RuntimeError("no page renderer")
        page = _page_renderer(request, message, status)
        if headers:
            page.headers.update(headers)
        return page
    except Exception:  # the page itself cannot be drawn (broken session, template): plain HTML
        log.exception("error page failed to render")
        title = STATUS_TEXT.get(status, "错误")
        text = (
            '<!doctype html><html lang="zh-CN"><meta charset="utf-8"><title>'
            f'{title}</title><h1>{title}</h1><p>{html.escape(message)}</p><p><a href="/">返回首页</a></p>'
        )
        return HTMLResponse(text, status_code=status, headers=headers)


_page_renderer: Callable[[Request, str, int], Response] | None = None


def set_page_renderer(renderer: Callable[[Request, str, int], Response]) -> None:
    """The platform's error page (``web.context.render_error``), set by the app factory."""
    global _page_renderer
    _page_renderer = renderer


def json_safe(value: Any) -> Any:
    """Anything (ValueError, bytes, dates, sets, pydantic models) as JSON-serialisable data."""
    if value is None or isinstance(value, bool | int | float | str):
        if isinstance(value, float) and value != value:
            return None
        return value
    if isinstance(value, dict):
        return {str(k): json_safe(v) for k, v in value.items()}
    if isinstance(value, list | tuple | set | frozenset):
        return [json_safe(v) for v in value]
    if isinstance(value, bytes | bytearray):
        return bytes(value[:200]).decode("utf-8", "replace")
    if isinstance(value, BaseException):
        return str(value)
    if hasattr(value, "isoformat"):
        return value.isoformat()
    if hasattr(value, "model_dump"):
        try:
            return json_safe(value.model_dump(mode="json"))
        except Exception:
            return str(value)
    return str(value)[:500]


def validation_message(exc: RequestValidationError) -> tuple[str, list[dict[str, Any]]]:
    errors: list[dict[str, Any]] = []
    for err in list(exc.errors())[:20]:
        item = {
            "type": err.get("type"),
            "loc": [str(p) for p in err.get("loc", ())],
            "msg": err.get("msg"),
        }
        if "input" in err:
            item["input"] = json_safe(err["input"])
            if isinstance(item["input"], str) and len(item["input"]) > 200:
                item["input"] = item["input"][:200] + "…"
        if err.get("ctx"):
            item["ctx"] = json_safe(err["ctx"])
        errors.append(item)
    first = errors[0] if errors else {}
    where = ".".join(p for p in first.get("loc", ()) if p not in ("query", "path", "body"))
    reason = validation_reason(first.get("type"), first.get("ctx"), str(first.get("msg", "")))
    message = "请求参数无效：" + " ".join(p for p in (where, reason) if p)
    return message, errors


def install_handlers(app: FastAPI) -> None:
    """The validation, edge and last-resort handlers (domain errors are handled in app.py)."""

    @app.exception_handler(RequestValidationError)
    async def _invalid(request: Request, exc: RequestValidationError) -> Response:
        message, errors = validation_message(exc)
        return error_response(request, 422, message, error="InputError", detail=errors)

    @app.exception_handler(EdgeRejected)
    async def _edge(request: Request, exc: EdgeRejected) -> Response:
        return error_response(request, exc.status, exc.message, field=exc.field)

    @app.exception_handler(Exception)
    async def _last_resort(request: Request, exc: Exception) -> Response:
        error_id = secrets.token_hex(6)
        log.error("unhandled error %s on %s %s", error_id, request.method, request.url.path, exc_info=exc)
        response = error_response(
            request,
            500,
            f"服务器内部错误，已记录（错误编号 {error_id}）。请稍后重试或联系管理员。",
            error="ServerError",
            extra={"error_id": error_id},
        )
        # This handler runs outside the edge middleware: give the answer its headers here.
        for k, v in HEADERS:
            response.headers[k.decode()] = v.decode()
        response.headers["content-security-policy"] = CSP
        return response
