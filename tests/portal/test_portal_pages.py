"""The anonymous portal over HTTP: pages, search without JavaScript, citation links, the guard
(rate limits, size limits, error pages without internals, cache and security headers), notices
edited by administrators (sanitised), the complaint form's honeypot, timing token and cap."""

from __future__ import annotations

import re
import time
from typing import Any

import pytest
from fastapi.testclient import TestClient
from portalhelpers import post_notice, token_of

from ipatlas.web.portal.sources import public_statistics

PAGES = [
    "/portal",
    "/portal/policies",
    "/portal/cases",
    "/portal/agencies",
    "/portal/licences",
    "/portal/stats",
    "/portal/guides",
    "/portal/notices",
    "/portal/complaint",
]


@pytest.mark.parametrize("url", PAGES)
def test_every_page_is_public_and_safe(client: TestClient, url: str) -> None:
    res = client.get(url)
    assert res.status_code == 200
    assert '<html lang="zh-CN">' in res.text and "<script" not in res.text
    assert "set-cookie" not in res.headers  # no session for anonymous visitors
    csp = res.headers["content-security-policy"]
    assert "default-src 'none'" in csp and "frame-ancestors 'none'" in csp
    assert res.headers["x-content-type-options"] == "nosniff"
    assert res.headers["x-frame-options"] == "DENY"
    assert res.headers["referrer-policy"] == "no-referrer"
    expected = "no-store" if url == "/portal/complaint" else "public, max-age=300"
    assert res.headers["cache-control"] == expected


def test_search_returns_articles_with_highlights_and_links(client: TestClient) -> None:
    res = client.get("/portal/policies", params={"q": "发明专利权的期限为二十年"})
    assert res.status_code == 200
    first = re.search(
        r'<ol class="hits">\s*<li>\s*<a href="(/portal/policies/\d+/art-42)"><strong>([^<]+)</strong>',
        res.text,
    )
    assert first and first.group(2) == "中华人民共和国专利法"
    assert "<mark>发明专利权的期限为二十年</mark>" in res.text
    data = client.get("/portal/policies.json", params={"q": "发明专利权的期限为二十年"}).json()
    assert data["result"]["hits"][0]["anchor"] == "art-42"
    page = client.get(first.group(1))
    assert page.status_code == 200 and "第四十二条" in page.text
    filtered = client.get("/portal/policies.json", params={"q": "专利", "status": "已失效"}).json()
    assert filtered["result"]["total"] > 0
    assert all("诉前停止侵犯" in h["title"] for h in filtered["result"]["hits"])


def test_document_page_links_citations_and_counts_citers(client: TestClient) -> None:
    docs = client.get("/portal/policies.json").json()["documents"]
    interp = next(
        d for d in docs if d["title"] == "最高人民法院关于审理商标民事纠纷案件适用法律若干问题的解释"
    )
    trademark = next(d for d in docs if d["title"] == "中华人民共和国商标法")
    page = client.get(f"/portal/policies/{interp['id']}").text
    assert "<dt>发文机关</dt><dd>最高人民法院</dd>" in page and "<dt>文号</dt><dd>—</dd>" in page
    numbered = next(d for d in docs if d["doc_no"])  # a text that prints its 文号
    shown = client.get(f"/portal/policies/{numbered['id']}").text
    assert f"<dt>文号</dt><dd>{numbered['doc_no']}</dd>" in shown
    assert f'<a class="cite" href="/portal/policies/{trademark["id"]}#art-43">商标法第四十三条</a>' in page
    law = client.get(f"/portal/policies/{trademark['id']}").text
    assert re.search(r'id="art-43">\s*<h3><a [^>]+>第四十三条</a> <small>被引用 \d+ 次</small>', law)
    art = client.get(f"/portal/policies/{trademark['id']}/art-43").text
    assert (
        "引用本条的条文" in art and "最高人民法院关于审理商标民事纠纷案件适用法律若干问题的解释 第三条" in art
    )


@pytest.mark.parametrize("q", ["！！！", '"', "*", "NEAR", "-", "专利 -商标", "' OR 1=1 --"])
def test_hostile_queries_are_answered_plainly(client: TestClient, q: str) -> None:
    res = client.get("/portal/policies", params={"q": q})
    assert res.status_code == 200
    assert "Traceback" not in res.text and "/src/" not in res.text


def test_oversized_and_malformed_requests(client: TestClient) -> None:
    huge = client.get("/portal/policies?q=" + "专" * 3000)
    assert huge.status_code == 414 and "Traceback" not in huge.text
    assert client.get("/portal/policies/999999").status_code == 404
    assert client.get("/portal/policies/abc").status_code == 404
    # A malformed page number is refused at the edge with a clear 400 (never a 500).
    assert client.get("/portal/policies", params={"q": "x", "page": "abc"}).status_code == 400
    big = client.post(
        "/portal/complaint",
        content=b"a=" + b"x" * 100_000,
        headers={"content-type": "application/x-www-form-urlencoded"},
    )
    assert big.status_code == 413
    for res in (huge, big):
        assert "/work/" not in res.text and "ipatlas/" not in res.text


def test_rate_limit_per_client(app: Any) -> None:
    app.state.portal_limits = {"page": "5/minute"}
    with TestClient(app) as c:
        codes = [c.get("/portal/cases").status_code for _ in range(7)]
        assert codes[:5] == [200] * 5 and codes[5:] == [429, 429]
        limited = c.get("/portal/cases")
        assert int(limited.headers["retry-after"]) >= 1 and "访问过于频繁" in limited.text
        assert limited.headers["cache-control"] == "no-store"


def _complaint(client: TestClient, **over: str) -> Any:
    token = token_of(client.get("/portal/complaint").text)
    fields = {
        "token": token,
        "kind": "complaint",
        "name": "某某科技有限公司",
        "phone": "023-12345678",
        "right_type": "patent",
        "right_number": "ZL201910000001.X",
        "respondent": "某商店",
        "address": "重庆市渝北区某街道 1 号",
        "description": "该商店销售的产品落入我公司发明专利的保护范围。",
        **over,
    }
    return client.post("/portal/complaint", data=fields)


def test_complaint_form_checks(app: Any, client: TestClient, monkeypatch: pytest.MonkeyPatch) -> None:
    app.state.portal_limits = {"form": "50/hour"}  # this test submits more than the default cap
    too_fast = _complaint(client)
    assert too_fast.status_code == 400 and "提交过快" in too_fast.text
    assert 'value="某某科技有限公司"' in too_fast.text  # what was typed is kept
    monkeypatch.setattr("ipatlas.web.portal.routes.MIN_FILL_SECONDS", 0)
    bad = _complaint(client, phone="not a phone")
    assert bad.status_code == 400 and 'aria-invalid="true"' in bad.text and "联系电话" in bad.text
    no_respondent = _complaint(client, respondent="")
    assert no_respondent.status_code == 400 and "被投诉方" in no_respondent.text
    forged = _complaint(client, token="1700000000.deadbeef")
    assert forged.status_code == 403 and "失效" in forged.text  # the portal's CSRF check
    assert client.post("/portal/complaint", data={"x": "1"}).status_code == 403
    # The form reaches the protection desk: one case, channel online, with its number shown.
    assert "在线受理暂未接通" not in client.get("/portal/complaint").text
    ok = _complaint(client)
    assert ok.status_code == 200, ok.text[:500]
    number = re.search(r"受理编号：<strong>([^<]+)</strong>", ok.text)
    assert number
    from ipatlas.protection.models import Case

    with app.state.ctx.sessions() as session:
        case = session.query(Case).filter(Case.number == number.group(1)).one()
        assert case.channel == "online" and case.kind == "complaint"


def test_form_maps_to_the_protection_intake() -> None:
    import datetime as dt

    from ipatlas.web.portal.sources import intake_fields, validate_complaint

    data = validate_complaint(
        {
            "kind": "assistance",
            "name": "王某",
            "phone": "13800000000",
            "right_type": "trademark",
            "respondent": "某公司",
            "description": "网店销售假冒我方注册商标的商品。",
        }
    )
    fields = intake_fields(data, received_at=dt.datetime(2026, 12, 3, 10, 0))
    assert (
        fields["channel"] == "online" and fields["kind"] == "assistance" and fields["ip_type"] == "trademark"
    )
    assert fields["complainant"] == {"name": "王某", "phone": "13800000000"}
    assert fields["right"] == {"type": "trademark", "number": None}
    assert fields["received_at"] == "2026-12-03T10:00"


def test_honeypot_and_submission_cap(app: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("ipatlas.web.portal.routes.MIN_FILL_SECONDS", 0)
    app.state.portal_limits = {"form": "3/hour"}
    with TestClient(app) as c:
        bot = _complaint(c, website="http://spam.example")
        assert bot.status_code == 200 and "已收到" in bot.text  # the bot learns nothing
        _complaint(c)
        _complaint(c)
        capped = _complaint(c)
        assert capped.status_code == 429 and "提交次数已达上限" in capped.text


def test_admin_edits_notices_sanitised(client: TestClient) -> None:
    assert client.get("/admin/portal", follow_redirects=False).status_code in (303, 401)
    body = "## 办理材料\n\n- 身份证明\n\n<script>alert(1)</script>\n\n[链接](javascript:alert(1)) [官网](https://www.cnipa.gov.cn)"
    notice_id = post_notice(client, "guide", "专利侵权纠纷行政裁决办事指南", body)
    listing = client.get("/portal/guides").text
    assert "专利侵权纠纷行政裁决办事指南" in listing
    shown = client.get(f"/portal/guides/{notice_id}").text
    assert "<h2>办理材料</h2>" in shown and "<li>身份证明</li>" in shown
    assert "<script" not in shown and "&lt;script&gt;" in shown  # shown as text, never run
    assert 'href="javascript:' not in shown
    assert 'href="https://www.cnipa.gov.cn"' in shown
    assert client.get(f"/portal/notices/{notice_id}").status_code == 404  # a guide is not a notice


def test_small_cells_are_suppressed() -> None:
    import duckdb

    con = duckdb.connect()
    con.execute("CREATE TABLE patents (adcode VARCHAR, kind VARCHAR, is_demo BOOLEAN)")
    rows = [
        ("500105", "invention", 50),
        ("500105", "utility", 30),
        ("500105", "design", 4),
        ("500112", "invention", 3),
    ]
    for code, kind, n in rows:
        con.executemany("INSERT INTO patents VALUES (?, ?, true)", [(code, kind)] * n)
    stats = public_statistics(con, threshold=10)
    by_code = {r["code"]: r for r in stats["rows"]}
    jiangbei = by_code["500105"]["cells"]
    # design (4) is small; utility (30, the smallest other) is hidden too so the total cannot reveal it.
    assert jiangbei == {"invention": 50, "utility": None, "design": None}
    assert by_code["500112"]["total"] is None and stats["is_demo"]
    assert time.time() > 0


def test_conditional_requests_and_pages_kept_per_library_version(app: Any, client: TestClient) -> None:
    """Library pages carry an ETag keyed on the data version and Last-Modified; a visitor who has
    the page gets 304 before any rendering; a notice edit makes a new version (a new ETag)."""
    first = client.get("/portal/policies?q=惩罚性赔偿")
    etag, modified = first.headers["etag"], first.headers["last-modified"]
    assert first.status_code == 200 and etag.startswith('W/"') and modified.endswith("GMT")
    assert first.headers["cache-control"] == "public, max-age=300"
    assert any(url.startswith("/portal/policies?q=") for _, url in app.state.ctx.cache["portal_pages"].pages)
    again = client.get("/portal/policies?q=惩罚性赔偿", headers={"If-None-Match": etag})
    assert again.status_code == 304 and again.content == b"" and again.headers["etag"] == etag
    assert again.headers["x-frame-options"] == "DENY"
    other = client.get("/portal/policies?q=商标", headers={"If-None-Match": etag})
    assert other.status_code == 200 and other.headers["etag"] != etag  # the ETag names the URL too
    # Pages not built from the library alone: an ETag of the body, 304 all the same.
    stats = client.get("/portal/stats")
    assert client.get("/portal/stats", headers={"If-None-Match": stats.headers["etag"]}).status_code == 304
    # A notice edit is a new version: the old validator no longer matches.
    post_notice(client, "notice", "缓存测试公告", "内容")
    fresh = client.get("/portal/policies?q=惩罚性赔偿", headers={"If-None-Match": etag})
    assert fresh.status_code == 200 and fresh.headers["etag"] != etag
    assert "缓存测试公告" in client.get("/portal").text


def test_public_cases_and_judgment_summaries_have_no_personal_data(client: TestClient) -> None:
    data = client.get("/portal/cases.json").json()
    assert {"cases", "typical", "judgments"} <= set(data)
    numbers = {j["case_number"] for j in data["typical"]} | {j["case_number"] for j in data["judgments"]}
    assert {"（2013）赣民三终字第21号", "（2015）鄂孝感中知初字第00038号"} <= numbers
    page = client.get("/portal/cases").text
    for name in ("李菊红", "周福强", "邹征优"):  # parties who are persons, the judge named in the commentary
        assert name not in page and name not in str(data)
    record = next(j for j in data["judgments"] if j["case_number"] == "（2015）鄂孝感中知初字第00038号")
    summary = client.get(f"/portal/judgments/{record['record_id']}.json").json()
    links = {c["article"]: c for c in summary["laws_cited"]}
    assert links["第五十七条"]["linked"] and links["第五十七条"]["law"] == "中华人民共和国商标法"
    assert client.get("/portal/judgments/jd-nope").status_code == 404
    assert "Traceback" not in client.get("/portal/judgments/%00").text
