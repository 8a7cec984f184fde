"""What a Chinese reader sees on every page: a sweep of all the pages (and htmx fragments) that
the navigation reaches, logged out and as an administrator, over the seeded web fixture.

Each visible text is checked for what a demanding reader objects to: raw codes and Python reprs
(``None``/``True``/``nan``), ISO timestamps with ``T`` or microseconds, English words outside a
short list of accepted abbreviations, and links that lead nowhere (4xx/5xx)."""

from __future__ import annotations

import html as htmllib
import re
from typing import Any
from urllib.parse import urlparse

from fastapi.testclient import TestClient
from webhelpers import login

from ipatlas.errors import InputError
from ipatlas.web import display

# Abbreviations and names a Chinese office writes in Latin letters itself.
ACCEPTED = {
    "ipatlas", "PDF", "CSV", "XLSX", "DOCX", "JSON", "Excel", "Word", "IPC", "CPC", "LQ", "LISA",
    "GDP", "API", "PCT", "WIPO", "TOP", "ISO", "SHA", "CNIPA", "HHI", "Jenks", "Moran", "CR", "ZL",
    "CN", "UTC", "incoPat", "PatSnap", "Queen", "HTTP", "URL", "ID", "OK", "Top", "GB", "No", "TXT",
    "HTML", "PNG", "SVG", "DOC", "WPS", "RTF", "OFD", "OCR",
    # the fixture's user names (data, not wording)
    "admin", "analyst", "viewer", "unit",
}  # fmt: skip
SKIP = re.compile(r"(/logout|\.(csv|xlsx|pdf|docx|zip|json|geojson)$|/download|/export|/static/|/api/)")
REPR = re.compile(r"(?<![A-Za-z])(None|True|False|nan|NaN|NaT|null|undefined)(?![A-Za-z])")
ISO_TS = re.compile(r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}|\d{2}:\d{2}:\d{2}\.\d{3,}")
WORD = re.compile(r"(?<![A-Za-z0-9_./-])[A-Za-z][A-Za-z_.]{2,}(?![A-Za-z0-9_/-])")


def visible_text(page: str) -> str:
    """The text a reader sees: no scripts, styles, tags, attribute values or code samples."""
    page = re.sub(r"(?is)<(script|style|code|pre|template|select)\b.*?</\1>", " ", page)
    page = re.sub(r"(?s)<!--.*?-->", " ", page)
    page = re.sub(r'(?is)<[^>]*translate="no"[^>]*>[^<]*', " ", page)
    return htmllib.unescape(re.sub(r"(?s)<[^>]+>", "\n", page))


def objections(text: str) -> list[str]:
    out = [f"repr {m.group(0)!r}" for m in REPR.finditer(text)]
    out += [f"timestamp {m.group(0)!r}" for m in ISO_TS.finditer(text)]
    out += [
        f"English {m.group(0)!r}"
        for m in WORD.finditer(text)
        if m.group(0) not in ACCEPTED and not m.group(0).startswith(("http", "www"))
    ]
    return out


def _pattern(url: str) -> str:
    p = urlparse(url)
    segs = ["{id}" if re.search(r"\d", s) or len(s) > 24 else s for s in p.path.split("/")]
    keys = sorted(
        k.split("=")[0] for k in p.query.split("&") if k and not k.startswith(("region=", "year=", "page="))
    )
    return "/".join(segs) + "?" + "&".join(keys)


def crawl(client: TestClient, start: list[str], limit: int = 150) -> dict[str, tuple[int, str]]:
    """Breadth-first over the links and htmx fragments, two pages of each URL shape."""
    seen: dict[str, tuple[int, str]] = {}
    shapes: dict[str, int] = {}
    queue = list(start)
    while queue and len(seen) < limit:
        url = queue.pop(0)
        shape = _pattern(url)
        if url in seen or shapes.get(shape, 0) >= 2:
            continue
        shapes[shape] = shapes.get(shape, 0) + 1
        res = client.get(url)
        seen[url] = (res.status_code, res.text if "html" in res.headers.get("content-type", "") else "")
        for href in re.findall(r'(?:href|hx-get)="(/[^"#]*)', seen[url][1]):
            # only &amp; is decoded: a browser keeps "&region=" in an attribute as it is
            href = href.replace("&amp;", "&")
            if not SKIP.search(urlparse(href).path) and href not in seen:
                queue.append(href)
    return seen


def _check(pages: dict[str, tuple[int, str]]) -> list[str]:
    problems = []
    for url, (status, page) in pages.items():
        if status >= 400:
            problems.append(f"{url}: HTTP {status}")
        problems += [f"{url}: {o}" for o in dict.fromkeys(objections(visible_text(page)))]
    return problems


def test_public_pages_read_in_chinese(anon: TestClient) -> None:
    pages = crawl(anon, ["/", "/portal", "/login"])
    assert len(pages) >= 10
    assert not _check(pages), "\n".join(_check(pages)[:40])


def test_staff_pages_read_in_chinese(app: Any) -> None:
    with TestClient(app) as client:
        login(client, "admin")
        client.get("/dashboard")
        pages = crawl(client, ["/dashboard", "/audit", "/data", "/admin/users"])
    assert {"/audit", "/data"} <= set(pages) and len(pages) >= 40
    assert any(u.startswith("/indicators/records") for u in pages)
    problems = _check(pages)
    assert not problems, "\n".join(problems[:40])


def test_objections_are_found() -> None:
    """The sweep itself: each kind of objection is caught (the old pages showed all of these)."""
    text = visible_text("<td>None</td><td>2026-12-04T03:20:37</td><td>lapsed</td><td>task_report 3</td>")
    kinds = {o.split()[0] for o in objections(text)}
    assert kinds == {"repr", "timestamp", "English"} and len(objections(text)) >= 4
    assert not objections(visible_text("<td>发明</td><td>2026-12-04 03:20</td><td>IPC 分类号</td>"))


def test_coded_values_have_chinese_labels() -> None:
    assert display.label("lapsed", "legal_status") == "未缴年费终止失效"
    assert display.label("dismissed", "case_outcome") == "驳回请求"
    assert display.label("wf.approve", "audit_action") == "审核通过"
    assert display.label("task_report", "audit_object") == "任务报送"
    assert display.label("captured_at", "evidence_field") == "采集日期"
    assert display.label("exact", "link_method") == "名称完全一致"
    assert display.label(None, "legal_status") == "—"


def test_values_formatted_once_for_every_page(app: Any) -> None:
    import datetime as dt

    env = app.state.ctx.templates.env
    t = env.from_string("{{ a }}|{{ b }}|{{ c|when }}|{{ d|when }}")
    aware = dt.datetime(2026, 12, 4, 3, 20, 37, 123456, tzinfo=dt.UTC)
    assert t.render(a=None, b=aware, c="2026-12-04T03:20:37.5", d="2026-12-04") == (
        "—|2026-12-04 11:20|2026-12-04 03:20|2026-12-04"
    )


def test_market_pages_label_their_codes(app: Any) -> None:
    env = app.state.ctx.templates.env
    lead = {
        "id": 1, "title": "假冒专利", "name": "重庆某公司", "code": None, "status": "待核查",
        "sources": ["listing"], "score": 0.8, "created_at": "2026-12-04T03:20:36", "is_demo": True,
        "evidence": [{"id": 1, "shop": "旗舰店", "captured_at": "2026-11-14", "source": "listing",
                      "rule": "counterfeit_patent", "row": 2}],
        "timeline": [{"at": "2026-12-04T11:20:36", "actor": "系统", "action": "登记", "note": None}],
        "actions": [],
    }  # fmt: skip
    page = env.get_template("market/lead.html").render(d=lead, user=None, csrf_token="x", request=None)
    assert not objections(visible_text(page)), objections(visible_text(page))
    case = {
        "case_number": "渝知保登〔2026〕2号",
        "kind_label": "投诉",
        "ip_type_label": "商标",
        "outcome": "dismissed",
    }
    page = env.get_template("portal/cases.html").render(cases=[case], typical=[], judgments=[], request=None)
    assert "驳回请求" in page and "dismissed" not in visible_text(page)


def test_form_errors_do_not_name_the_field_code() -> None:
    exc = InputError("密码不能包含用户名", field="password")
    assert display.user_message(exc) == "密码不能包含用户名"
    assert (
        display.user_message(InputError("日期无效", file="a.csv", row=3, field="d"))
        == "文件 a.csv，第 3 行：日期无效"
    )
