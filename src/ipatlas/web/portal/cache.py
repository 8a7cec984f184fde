"""HTTP caching of the portal: validators keyed on the data version, rendered pages kept per version.

Pages built only from the library (home, 政策法规 search and reading, 办事指南, 通知公告) are rendered
once per library version and URL and kept in memory; their ``ETag`` is the version and the URL,
so a conditional request is answered ``304`` before any rendering, and ``Last-Modified`` is the
time of the latest import or notice edit. Other public pages get an ``ETag`` of their body. The
version is re-read from the database at most every ``VERSION_TTL_S`` seconds (an import or an
edit shows within that; the staff editor resets it at once).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import threading
import time
from collections import OrderedDict
from email.utils import format_datetime
from typing import Any

from fastapi import Request
from fastapi.responses import Response

from ipatlas.web.context import AppContext

VERSION_TTL_S = 5.0
PAGES_KEPT = 2000
MAX_AGE = 300  # seconds a browser or proxy may reuse a public page without asking


def data_version(ctx: AppContext) -> tuple[int, dt.datetime | None]:
    """The library's (version, last modified), re-read at most every ``VERSION_TTL_S`` seconds."""
    now = time.monotonic()
    hit = ctx.cache.get("portal_version")
    if hit is not None and now - hit[2] < VERSION_TTL_S:
        return hit[0], hit[1]
    from ipatlas.library.service import library_stamp

    with ctx.sessions() as session:
        version, modified = library_stamp(session)
    ctx.cache["portal_version"] = (version, modified, now)
    return version, modified


def fresh_version(ctx: AppContext) -> int | None:
    """The cached version while it is fresh (no database round trip), else None."""
    hit = ctx.cache.get("portal_version")
    if hit is not None and time.monotonic() - hit[2] < VERSION_TTL_S:
        return int(hit[0])
    return None


def _etag(version: int, url: str) -> str:
    return 'W/"' + hashlib.blake2b(f"{version}|{url}".encode(), digest_size=12).hexdigest() + '"'


def _matches(request: Request, etag: str) -> bool:
    sent = request.headers.get("if-none-match") or ""
    return bool(sent) and (sent.strip() == "*" or etag in [t.strip() for t in sent.split(",")])


def _validators(etag: str, modified: dt.datetime | None) -> dict[str, str]:
    headers = {"ETag": etag, "Cache-Control": f"public, max-age={MAX_AGE}"}
    if modified is not None:
        headers["Last-Modified"] = format_datetime(modified.replace(tzinfo=dt.UTC), usegmt=True)
    return headers


class PageCache:
    """Rendered library pages per (version, URL), least recently used dropped first."""

    def __init__(self) -> None:
        self.pages: OrderedDict[tuple[int, str], tuple[bytes, int, str]] = OrderedDict()
        self.lock = threading.Lock()

    def get(self, key: tuple[int, str]) -> tuple[bytes, int, str] | None:
        with self.lock:
            hit = self.pages.get(key)
            if hit is not None:
                self.pages.move_to_end(key)
            return hit

    def put(self, key: tuple[int, str], value: tuple[bytes, int, str]) -> None:
        with self.lock:
            self.pages[key] = value
            while len(self.pages) > PAGES_KEPT:
                self.pages.popitem(last=False)


def page_cache(ctx: AppContext) -> PageCache:
    cache = ctx.cache.get("portal_pages")
    if cache is None:
        cache = ctx.cache.setdefault("portal_pages", PageCache())
    return cache  # type: ignore[no-any-return]


def not_modified(headers: dict[str, str]) -> Response:
    return Response(status_code=304, headers=headers)


async def library_page(request: Request, render: Any) -> Response:
    """A library page: ``304`` when the visitor holds this version, else the page rendered once per
    version and URL (``render`` is the route's own handler)."""
    ctx: AppContext = request.app.state.ctx
    version, modified = data_version(ctx)
    url = str(request.url.path) + ("?" + request.url.query if request.url.query else "")
    headers = _validators(_etag(version, url), modified)
    if _matches(request, headers["ETag"]):
        return not_modified(headers)
    cache = page_cache(ctx)
    hit = cache.get((version, url))
    if hit is None:
        response = await render(request)
        if response.status_code != 200 or "cache-control" in response.headers:
            return response  # errors and per-visit pages are never kept
        hit = (bytes(response.body), response.status_code, response.media_type or "text/html")
        cache.put((version, url), hit)
    return Response(hit[0], status_code=hit[1], media_type=hit[2], headers=headers)


def body_validators(request: Request, response: Response) -> Response:
    """Any other public page: an ``ETag`` of its body, ``304`` when the visitor has it."""
    body = getattr(response, "body", None)
    if not isinstance(body, bytes | bytearray) or "etag" in response.headers:
        return response
    etag = 'W/"' + hashlib.blake2b(bytes(body), digest_size=12).hexdigest() + '"'
    if _matches(request, etag):
        return not_modified({"ETag": etag, "Cache-Control": f"public, max-age={MAX_AGE}"})
    response.headers["ETag"] = etag
    return response


def ttl_cached(ctx: AppContext, key: tuple[Any, ...], seconds: float, compute: Any) -> Any:
    """``compute()`` kept ``seconds`` per process (for data without a version; errors not kept)."""
    store: dict[Any, Any] = ctx.cache.setdefault("portal_ttl", {})
    now = time.monotonic()
    hit = store.get(key)
    if hit is not None and now - hit[1] < seconds:
        return hit[0]
    value = compute()
    if len(store) > PAGES_KEPT:
        store.clear()
    store[key] = (value, now)
    return value
