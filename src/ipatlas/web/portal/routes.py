"""公共服务门户 ``/portal``: anonymous pages, each with a ``.json`` twin where it holds data.

Every route goes through :class:`~ipatlas.web.portal.guard.PortalRoute` (rate limits, size limits,
error pages without internals, cache and security headers). Pages need no JavaScript.
"""

from __future__ import annotations

import hashlib
import hmac
import time
from pathlib import Path
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse, Response
from starlette.concurrency import run_in_threadpool

from ipatlas.errors import ConfigError, ConflictError, InputError
from ipatlas.library import STATUSES
from ipatlas.library import search as library_search
from ipatlas.library.service import (
    NOTICE_KINDS,
    article_page,
    document_page,
    get_notice,
    library_counts,
    list_documents,
    list_notices,
)
from ipatlas.library.text import LEVELS
from ipatlas.web.context import AppContext, get_ctx
from ipatlas.web.portal import sources
from ipatlas.web.portal.cache import data_version, fresh_version, ttl_cached
from ipatlas.web.portal.guard import PortalRoute, client_of, guard_of, page

router = APIRouter(prefix="/portal", route_class=PortalRoute, tags=["公共服务门户"])

PAGE_SIZE = 20
CSS = Path(__file__).resolve().parents[1] / "templates" / "portal" / "portal.css"
MIN_FILL_SECONDS = 3
MAX_FORM_AGE = 2 * 3600


def _ctx(request: Request) -> AppContext:
    return get_ctx(request)


def _render(request: Request, template: str, section: str, **context: Any) -> Response:
    return page(request, template, section=section, **context)


def _cached(ctx: AppContext, key: tuple[Any, ...], compute: Any) -> Any:
    """Data of the library's pages change only with an import or a notice edit: kept per version."""
    store: dict[Any, Any] = ctx.cache.setdefault("portal", {})
    hit = store.get(key)
    recent = fresh_version(ctx)
    if hit is not None and hit[0] == recent:
        return hit[1]  # no database round trip at all
    version = data_version(ctx)[0]
    if hit is not None and hit[0] == version:
        return hit[1]
    with ctx.sessions() as session:
        value = compute(session)
    if len(store) > 2000:
        store.clear()
    store[key] = (version, value)
    return value


@router.get("/portal.css", include_in_schema=False)
def stylesheet() -> Response:
    return Response(
        CSS.read_text("utf-8"), media_type="text/css", headers={"Cache-Control": "public, max-age=3600"}
    )


@router.get("", summary="门户首页", include_in_schema=False)
def home(request: Request) -> Response:
    ctx = _ctx(request)
    data = _cached(
        ctx,
        ("home",),
        lambda s: {
            "counts": library_counts(s),
            "notices": list_notices(s, "notice")[:5],
            "guides": list_notices(s, "guide")[:5],
        },
    )
    return _render(request, "portal/home.html", "home", **data)


# ---- 政策法规 ---------------------------------------------------------------------------------
def _int(value: str | None, name: str, default: int) -> int:
    if value in (None, ""):
        return default
    try:
        return int(str(value))
    except ValueError:
        raise InputError(f"{name} 应为整数", field=name) from None


def policies_data(ctx: AppContext, params: dict[str, str]) -> dict[str, Any]:
    q = (params.get("q") or "").strip()
    status = params.get("status") or None
    level = params.get("level") or None
    pg = max(1, _int(params.get("page"), "page", 1))
    if not q:
        docs = _cached(ctx, ("documents",), lambda s: list_documents(s))
        docs = [
            d for d in docs if (not status or d["status"] == status) and (not level or d["level"] == level)
        ]
        return {
            "q": "",
            "status": status,
            "level": level,
            "documents": docs,
            "result": None,
            "page": 1,
            "pages": 1,
        }
    with ctx.sessions() as session:
        result = library_search(
            session, q, limit=PAGE_SIZE, offset=(pg - 1) * PAGE_SIZE, status=status, level=level
        )
    pages = max(1, -(-result["ranked"] // PAGE_SIZE))  # only the ranked pool is paged
    return {
        "q": q,
        "status": status,
        "level": level,
        "documents": None,
        "result": result,
        "page": pg,
        "pages": pages,
    }


@router.get("/policies.json", summary="政策法规检索（JSON）")
def policies_json(request: Request) -> Response:
    data = policies_data(_ctx(request), dict(request.query_params))
    return JSONResponse(data)


@router.get("/policies", summary="政策法规检索", include_in_schema=False)
def policies(request: Request) -> Response:
    params = dict(request.query_params)
    try:
        data = policies_data(_ctx(request), params)
        message = None
    except InputError as exc:  # a bad query is the visitor's to fix: show it beside the form
        data = {
            "q": params.get("q", "")[:200],
            "status": None,
            "level": None,
            "documents": None,
            "result": None,
        }
        message = exc.reason
    return _render(
        request, "portal/policies.html", "policies", STATUSES=STATUSES, LEVELS=LEVELS, message=message, **data
    )


@router.get("/policies/{doc_id}.json", summary="法规全文（JSON）")
def document_json(request: Request, doc_id: str) -> Response:
    doc = _cached(_ctx(request), ("doc", doc_id), lambda s: document_page(s, doc_id))
    return JSONResponse(doc)


@router.get("/policies/{doc_id}", summary="法规全文", include_in_schema=False)
def document(request: Request, doc_id: str) -> Response:
    doc = _cached(_ctx(request), ("doc", doc_id), lambda s: document_page(s, doc_id))
    return _render(request, "portal/document.html", "policies", doc=doc)


@router.get("/policies/{doc_id}/{anchor}", summary="条文与引用", include_in_schema=False)
def article(request: Request, doc_id: str, anchor: str) -> Response:
    art = _cached(_ctx(request), ("art", doc_id, anchor), lambda s: article_page(s, doc_id, anchor))
    return _render(request, "portal/article.html", "policies", art=art)


# ---- 公开案例 / 服务机构 / 开放许可 / 统计 ----------------------------------------------------------
LISTING_TTL_S = 30.0  # pages fed by other packages (cases, agencies, licences): at most this stale


def _listing(request: Request, section: str, fetch: Any) -> Any:
    """A listing owned by another package, kept ``LISTING_TTL_S`` seconds per process (no database
    work per visitor; a new publication shows within that time)."""
    ctx = _ctx(request)
    return ttl_cached(ctx, ("listing", section), LISTING_TTL_S, lambda: _fetch(ctx, fetch))


def _fetch(ctx: AppContext, fetch: Any) -> Any:
    with ctx.sessions() as session:
        return fetch(session)


def cases_data(request: Request) -> dict[str, Any]:
    """行政处罚/裁决公示 (protection), 典型案例 and judgment summaries (litigation): no personal data."""
    ctx = _ctx(request)
    judgments = ttl_cached(
        ctx, ("listing", "judgments"), LISTING_TTL_S, lambda: sources.public_judgments(ctx.settings)
    )
    return {"cases": _listing(request, "cases", sources.public_cases), **judgments}


@router.get("/cases.json", summary="公开案例（JSON）")
def cases_json(request: Request) -> Response:
    return JSONResponse(cases_data(request))


@router.get("/cases", summary="公开案例", include_in_schema=False)
def cases(request: Request) -> Response:
    return _render(request, "portal/cases.html", "cases", **cases_data(request))


def judgment_data(request: Request, record_id: str) -> dict[str, Any]:
    """A judgment's public summary with the provisions it applied linked to the library."""
    ctx = _ctx(request)

    def compute() -> dict[str, Any]:
        with ctx.sessions() as session:
            return sources.public_judgment(session, ctx.settings, record_id)

    return ttl_cached(ctx, ("judgment", record_id), LISTING_TTL_S, compute)  # type: ignore[no-any-return]


@router.get("/judgments/{record_id}.json", summary="裁判文书摘要（JSON）")
def judgment_json(request: Request, record_id: str) -> Response:
    return JSONResponse(judgment_data(request, record_id))


@router.get("/judgments/{record_id}", summary="裁判文书摘要", include_in_schema=False)
def judgment(request: Request, record_id: str) -> Response:
    return _render(request, "portal/judgment.html", "cases", j=judgment_data(request, record_id))


@router.get("/agencies.json", summary="服务机构名录（JSON）")
def agencies_json(request: Request) -> Response:
    return JSONResponse({"agencies": _listing(request, "agencies", sources.agencies)})


@router.get("/agencies", summary="服务机构名录", include_in_schema=False)
def agencies(request: Request) -> Response:
    return _render(
        request, "portal/agencies.html", "agencies", agencies=_listing(request, "agencies", sources.agencies)
    )


def licences_data(request: Request) -> dict[str, Any]:
    ctx = _ctx(request)
    pg = max(1, _int(request.query_params.get("page"), "page", 1))
    return ctx.data.cached(  # type: ignore[no-any-return]
        "portal_licences", {"page": pg}, lambda: sources.open_licences(ctx.data.cursor(), page=pg)
    )


@router.get("/licences.json", summary="开放许可（JSON）")
def licences_json(request: Request) -> Response:
    return JSONResponse(licences_data(request))


@router.get("/licences", summary="开放许可", include_in_schema=False)
def licences(request: Request) -> Response:
    return _render(request, "portal/licences.html", "licences", d=licences_data(request))


def stats_data(ctx: AppContext) -> dict[str, Any]:
    def compute() -> dict[str, Any]:
        data = sources.public_statistics(ctx.data.cursor())
        with ctx.sessions() as session:
            data["library"] = library_counts(session)
        return data

    return ctx.data.cached("portal_stats", {}, compute)  # type: ignore[no-any-return]


@router.get("/stats.json", summary="统计数据（JSON）")
def stats_json(request: Request) -> Response:
    return JSONResponse(stats_data(_ctx(request)))


@router.get("/stats", summary="统计数据", include_in_schema=False)
def stats(request: Request) -> Response:
    return _render(request, "portal/stats.html", "stats", stats=stats_data(_ctx(request)))


# ---- 维权援助/投诉 ------------------------------------------------------------------------------
def _form_key(ctx: AppContext) -> bytes:
    secret_file = ctx.settings.data_dir / ".web_secret"
    secret = secret_file.read_text("utf-8").strip() if secret_file.exists() else ctx.settings.secret_key
    return hashlib.sha256(("portal-form:" + secret).encode("utf-8")).digest()


def form_token(ctx: AppContext, now: float | None = None) -> str:
    stamp = str(int(now if now is not None else time.time()))
    sig = hmac.new(_form_key(ctx), stamp.encode(), hashlib.sha256).hexdigest()[:32]
    return f"{stamp}.{sig}"


class FormTokenInvalid(InputError):
    """The form's signed token is missing or forged: the portal's CSRF check (answered 403)."""


def _check_token(ctx: AppContext, token: str) -> float:
    """The age in seconds of a genuine token; FormTokenInvalid otherwise."""
    stamp, _, sig = token.partition(".")
    good = stamp.isdigit() and hmac.compare_digest(
        hmac.new(_form_key(ctx), stamp.encode(), hashlib.sha256).hexdigest()[:32], sig
    )
    if not good:
        raise FormTokenInvalid("表单已失效，请刷新页面后重新填写", field="token")
    return time.time() - int(stamp)


def _check_age(age: float) -> None:
    if age < MIN_FILL_SECONDS:
        raise InputError("提交过快，请确认内容后再提交", field="token")
    if age > MAX_FORM_AGE:
        raise InputError("表单已过期（超过 2 小时），请刷新页面后重新填写", field="token")


@router.get("/complaint", summary="维权援助/投诉", include_in_schema=False)
def complaint_form(request: Request) -> Response:
    ctx = _ctx(request)
    response = _render(
        request,
        "portal/complaint.html",
        "complaint",
        token=form_token(ctx),
        form={},
        RIGHT_TYPES=sources.RIGHT_TYPES,
        MATTER_KINDS=sources.MATTER_KINDS,
        connected=sources.intake_connected(),
    )
    response.headers["Cache-Control"] = "no-store"  # the token is per visit
    return response


@router.post("/complaint", summary="提交维权援助/投诉", include_in_schema=False)
async def complaint_submit(request: Request) -> Response:
    ctx = _ctx(request)
    form = {k: v for k, v in (await request.form()).items() if isinstance(v, str)}
    guard = guard_of(request)
    client = client_of(request)
    if not await run_in_threadpool(guard.allow, "form", client):
        wait = guard.retry_after("form", client)
        from ipatlas.web.portal.guard import error_response

        return error_response(
            request, 429, f"提交次数已达上限，请 {max(1, wait // 60)} 分钟后再试", {"Retry-After": str(wait)}
        )
    try:
        age = _check_token(ctx, form.get("token", ""))
    except FormTokenInvalid as exc:  # no genuine form behind this request (CSRF, replay, script)
        from ipatlas.web.portal.guard import error_response

        return error_response(request, 403, exc.reason)
    if form.get("website"):  # the honeypot: people never see it, bots fill it; accept and drop
        return _render(request, "portal/complaint_done.html", "complaint", case=None)
    try:
        _check_age(age)
        data = sources.validate_complaint(form)
        with ctx.sessions() as session, session.begin():
            case = sources.submit_complaint(session, ctx.settings, data)
    except (InputError, ConfigError, ConflictError) as exc:
        response = _render(
            request,
            "portal/complaint.html",
            "complaint",
            token=form_token(ctx),
            form=form,
            message=exc.reason,
            field=exc.context.get("field"),
            RIGHT_TYPES=sources.RIGHT_TYPES,
            MATTER_KINDS=sources.MATTER_KINDS,
            connected=sources.intake_connected(),
        )
        response.status_code = (
            400 if isinstance(exc, InputError) else 409 if isinstance(exc, ConflictError) else 503
        )
        return response
    return _render(request, "portal/complaint_done.html", "complaint", case=case)


# ---- 办事指南 / 通知公告 (last: ``/{kind}`` would shadow the fixed paths above) ------------------
@router.get("/{kind}", summary="办事指南 / 通知公告", include_in_schema=False)
def notices(request: Request, kind: str) -> Response:
    if kind not in ("guides", "notices"):
        from ipatlas.errors import NotFoundError

        raise NotFoundError("页面不存在")
    key = kind[:-1]
    items = _cached(_ctx(request), ("notices", key), lambda s: list_notices(s, key))
    return _render(request, "portal/notices.html", kind, items=items, kind=kind, label=NOTICE_KINDS[key])


@router.get("/{kind}/{notice_id}", summary="办事指南 / 通知公告正文", include_in_schema=False)
def notice(request: Request, kind: str, notice_id: str) -> Response:
    from ipatlas.errors import NotFoundError

    if kind not in ("guides", "notices") or not notice_id.isdigit():
        raise NotFoundError("页面不存在")
    item = _cached(_ctx(request), ("notice", int(notice_id)), lambda s: get_notice(s, int(notice_id)))
    if item["kind"] != kind[:-1]:
        raise NotFoundError("页面不存在")
    return _render(request, "portal/notice.html", kind, item=item, kind=kind)
