"""Every parameter is bounded at the edge; every error is JSON for the API and a Chinese page for
a browser; no traceback, path or version ever reaches a user; every response has the security
headers."""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from typing import Any

import pytest
from fastapi import APIRouter
from fastapi.testclient import TestClient

from ipatlas import __version__
from ipatlas.config import Settings
from ipatlas.security import limits

SECURITY_HEADERS = ("content-security-policy", "x-content-type-options", "x-frame-options", "referrer-policy")


@pytest.mark.parametrize(
    ("params", "field"),
    [
        ({"year": "0"}, "year"),
        ({"year": "10000"}, "year"),
        ({"year": "-１"}, "year"),  # full-width digit: int() would read it as -1
        ({"year": "２０２０"}, "year"),
        ({"grant_year": "-93"}, "grant_year"),
        ({"page": str(10**18)}, "page"),
        ({"page": "99999999999999999999999"}, "page"),
    ],
)
def test_bounded_query_parameters(analyst: TestClient, params: dict[str, str], field: str) -> None:
    for path in ("/records.json", "/records.csv", "/records.xlsx"):
        res = analyst.get(path, params=params)
        assert res.status_code == 400, (path, params, res.text[:200])
        body = res.json()
        assert body["error"] == "InputError" and body["field"] == field and "Traceback" not in res.text
    res = analyst.get("/records", params=params)  # the page: a Chinese error page
    assert res.status_code == 400 and 'lang="zh-CN"' in res.text and "出错了" in res.text


def test_years_inside_the_bounds_still_work(analyst: TestClient) -> None:
    assert analyst.get("/records.json", params={"year": str(limits.YEAR_MIN)}).json()["total"] == 0
    assert analyst.get("/records.json", params={"year": "2020"}).status_code == 200
    assert analyst.get("/dashboard.json", params={"year": "2021"}).status_code == 200


@pytest.mark.parametrize(
    "path",
    [
        "/plans/99999999999999999999.json",
        "/plans/targets/123456789012345678901234.json",
        "/plans/tasks/99999999999999999999.json",
        "/plans/attachments/99999999999999999999",
    ],
)
def test_ids_past_int64_are_not_found(analyst: TestClient, path: str) -> None:
    res = analyst.get(path)
    assert res.status_code == 404 and "Traceback" not in res.text


def test_query_ids_past_int64_are_refused(analyst: TestClient) -> None:
    res = analyst.get("/plans/unit.json", params={"name": "市科技局", "plan": "9" * 25})
    assert res.status_code == 400 and res.json()["field"] == "plan"


def test_json_body_integers_past_int64_are_refused(analyst: TestClient) -> None:
    token = analyst.get("/api/me.json").json()["csrf_token"]
    res = analyst.post(
        "/plans/tasks/1/reports.json",
        content=b'{"kind": "quarterly", "text": "x", "figures": [], "unit": null, "period": "2026Q1", '
        b'"progress_status": null, "x": 123456789012345678901234567890}',
        headers={"X-CSRF-Token": token, "Content-Type": "application/json"},
    )
    assert res.status_code == 422 and "超出范围" in res.json()["message"]


def test_text_plain_and_bytes_in_the_validation_error_are_serialised(analyst: TestClient) -> None:
    token = analyst.get("/api/me.json").json()["csrf_token"]
    res = analyst.post(
        "/plans/import.json",
        content=b"\xff\xfe not json at all \x00",
        headers={"X-CSRF-Token": token, "Content-Type": "text/plain"},
    )
    assert res.status_code == 422, res.text[:300]
    body = res.json()
    assert body["error"] == "InputError" and isinstance(body["detail"], list)
    # A ValueError inside the error context (a pydantic validator raising) is serialised too.
    res = analyst.post(
        "/plans/tasks/1.json",
        json={"deadline": "next week"},
        headers={"X-CSRF-Token": token},
    )
    assert res.status_code in (404, 422) and "message" in res.json()


def test_unknown_pages_and_methods_in_chinese(analyst: TestClient) -> None:
    res = analyst.get("/no/such/page")
    assert res.status_code == 404 and 'lang="zh-CN"' in res.text and "页面不存在" in res.text
    res = analyst.get("/no/such/page.json")
    assert res.status_code == 404 and res.json()["message"] == "页面不存在"
    res = analyst.delete("/records.json")
    assert res.status_code == 405 and res.json()["message"] == "不支持的请求方法"


@pytest.fixture()
def crashing(sec_app: Any, sec_settings: Settings) -> Iterator[TestClient]:
    """A route that fails the way a bug does, with the data directory in the message."""
    router = APIRouter()

    @router.get("/__crash.json", include_in_schema=False)
    def crash_json() -> None:
        raise RuntimeError(f"secret path {sec_settings.data_dir.resolve()} exploded")

    @router.get("/__crash", include_in_schema=False)
    def crash_page() -> None:
        raise KeyError(str(sec_settings.data_dir.resolve()))

    sec_app.include_router(router)
    try:
        with TestClient(sec_app, raise_server_exceptions=False) as c:
            yield c
    finally:
        sec_app.router.routes[:] = [
            r for r in sec_app.router.routes if getattr(r, "path", "") not in ("/__crash.json", "/__crash")
        ]


def test_last_resort_handler_hides_paths_versions_and_tracebacks(
    crashing: TestClient, sec_settings: Settings, caplog: pytest.LogCaptureFixture
) -> None:
    secret = str(sec_settings.data_dir.resolve())
    with caplog.at_level("ERROR", logger="ipatlas.web"):
        res = crashing.get("/__crash.json")
    assert res.status_code == 500
    body = res.json()
    assert body["error"] == "ServerError" and body["error_id"] in body["message"]
    assert secret not in res.text and "Traceback" not in res.text and "RuntimeError" not in res.text
    assert any(body["error_id"] in r.getMessage() for r in caplog.records)  # the log keeps the cause
    assert all(h in res.headers for h in SECURITY_HEADERS)
    page = crashing.get("/__crash")
    assert page.status_code == 500 and 'lang="zh-CN"' in page.text and "错误编号" in page.text
    assert secret not in page.text and "KeyError" not in page.text


@pytest.mark.parametrize("path", ["/", "/login", "/dashboard", "/records.json", "/static/app.css", "/nope"])
def test_security_headers_on_every_response(analyst: TestClient, path: str) -> None:
    res = analyst.get(path)
    for h in SECURITY_HEADERS:
        assert h in res.headers, (path, h)
    csp = res.headers["content-security-policy"]
    assert "script-src 'self'" in csp and "unsafe-inline" not in csp.split("script-src")[1].split(";")[0]
    assert "frame-ancestors 'none'" in csp and res.headers["x-content-type-options"] == "nosniff"


def test_pages_carry_no_inline_script(analyst: TestClient) -> None:
    import re

    for path in ("/", "/dashboard", "/resources", "/map", "/monitor", "/records", "/plans", "/reports"):
        html = analyst.get(path).text
        for m in re.finditer(r"<script([^>]*)>(.*?)</script>", html, re.S):
            attrs, body = m.group(1), m.group(2).strip()
            assert "src=" in attrs or 'type="application/json"' in attrs or not body, (path, attrs)
        assert not re.search(r"\son[a-z]+=\"", html), path


def test_no_paths_or_versions_to_users(sec_app: Any, analyst: TestClient, sec_settings: Settings) -> None:
    from sechelpers import sec_login

    secret = str(sec_settings.data_dir.resolve())
    d = analyst.get("/data.json")
    assert d.status_code == 200 and secret not in d.text and "/tmp/" not in d.text
    with TestClient(sec_app, raise_server_exceptions=False) as viewer:
        sec_login(viewer, "viewer")
        assert viewer.get("/data.json").status_code == 403
        assert viewer.get("/data").status_code == 403
        assert viewer.get("/export/data.csv", params={"table": "imports"}).status_code == 403
        assert 'href="/data"' not in viewer.get("/dashboard").text  # not in the viewer's menu
    assert 'href="/data"' in analyst.get("/dashboard").text
    page = analyst.get("/dashboard")
    assert f"ipatlas {__version__}" not in page.text and __version__ not in page.headers.get("server", "")
    assert __version__ not in analyst.get("/api/openapi.json").json()["info"]["version"]


def test_request_bodies_are_bounded_while_streaming(analyst: TestClient, sec_live: str) -> None:
    """Over a real socket: a chunked upload without Content-Length is cut off with 413 once the
    limit has streamed in; the server never waits for (or buffers) the whole body."""
    import select
    import socket
    import time
    from urllib.parse import urlparse

    token = analyst.get("/api/me.json").json()["csrf_token"]
    cookie = "; ".join(f"{k}={v}" for k, v in analyst.cookies.items())
    url = urlparse(sec_live)
    sock = socket.create_connection((url.hostname, url.port), timeout=30)
    sock.sendall(
        (
            "POST /plans/tasks/1/reports HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n"
            f"Content-Type: multipart/form-data; boundary=zzz\r\nX-CSRF-Token: {token}\r\n"
            f"Cookie: {cookie}\r\n\r\n"
        ).encode()
    )
    part = (
        b'--zzz\r\nContent-Disposition: form-data; name="files"; filename="big.bin"\r\n'
        b"Content-Type: application/octet-stream\r\n\r\n"
    )
    sock.sendall(b"%x\r\n" % len(part) + part + b"\r\n")
    chunk = b"x" * (1 << 20)
    sent, answer, t0 = 0, b"", time.time()
    sock.settimeout(5)
    try:
        while sent < 200 * (1 << 20):
            if select.select([sock], [], [], 0)[0]:
                break  # the server answered (and stopped reading)
            sock.sendall(b"%x\r\n" % len(chunk) + chunk + b"\r\n")
            sent += len(chunk)
    except (TimeoutError, BrokenPipeError, ConnectionResetError):
        pass  # the server no longer reads the body
    sock.settimeout(10)
    with contextlib.suppress(TimeoutError, OSError):
        answer = sock.recv(4096)
    sock.close()
    assert answer.startswith(b"HTTP/1.1 413"), answer[:200]
    assert sent < 60 * (1 << 20), sent  # refused after the 25 MB limit, not after 200 MB
    assert time.time() - t0 < 30
    res = analyst.post(
        "/plans/import.json",
        content=b"{}",
        headers={"X-CSRF-Token": token, "Content-Type": "application/json", "Content-Length": str(10**9)},
    )
    assert res.status_code == 413


def test_report_year_is_validated_before_the_cache(analyst: TestClient, sec_settings: Settings) -> None:
    before = {p.name for p in sec_settings.data_dir.rglob("*")}
    for year in ("99999", "0", "-5", "２０２０"):
        res = analyst.get("/reports/layout.docx", params={"region": "500112", "year": year})
        assert res.status_code == 400, (year, res.text[:200])
    after = {p.name for p in sec_settings.data_dir.rglob("*")}
    assert not {n for n in after - before if "99999" in n or "２０２０" in n}
