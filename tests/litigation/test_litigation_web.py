"""司法数据 pages: HTML and .json twins from one function, the agency role sees only the leads,
and the pages work at 390 px in Chromium."""

from __future__ import annotations

import re
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from ipatlas.config import Settings
from ipatlas.litigation.corpus import import_dir
from ipatlas.store import workflow
from ipatlas.store.models import UserCreate
from ipatlas.web import create_app

FILES = [
    "051abf3537",
    "059a8a633e",
    "5e12dc81cc",
    "6f8656cb92",
    "1e674c5327",
    "ed8e4ac3d1",
    "fc2f1fbf8b",
    "77a9fb2c00",
]
USERS = {"analyst": "analyst pass 1", "agency": "agency pass 1"}


@pytest.fixture(scope="module")
def app(tmp_path_factory: pytest.TempPathFactory, shared_dir: Path) -> Any:
    root = tmp_path_factory.mktemp("litweb")
    s = Settings(data_dir=root / "data", shared_dir=shared_dir, secret_key="test-secret-key")
    s.ensure_dirs()
    src = root / "in"
    src.mkdir()
    for f in FILES:
        shutil.copy(shared_dir / "data" / "judgments" / "texts" / f"{f}.txt", src / f"{f}.txt")
    import_dir(s, src)
    with workflow.workflow_session(s) as session:
        for role, pw in USERS.items():
            workflow.create_user(session, UserCreate(username=role, password=pw, role=role))  # type: ignore[arg-type]
    return create_app(s)


def _login(client: TestClient, role: str) -> None:
    page = client.get("/login")
    token = re.search(r'name="csrf_token" value="([^"]+)"', page.text)
    assert token
    res = client.post(
        "/login",
        data={"username": role, "password": USERS[role], "csrf_token": token.group(1)},
        follow_redirects=False,
    )
    assert res.status_code == 303
    return None


@pytest.fixture()
def analyst(app: Any) -> Iterator[TestClient]:
    with TestClient(app) as c:
        _login(c, "analyst")
        yield c


def test_pages_and_json_twins(analyst: TestClient) -> None:
    data = analyst.get("/litigation.json?by=court").json()
    assert data["stats"]["total"] == len(FILES)
    page = analyst.get("/litigation?by=court")
    assert page.status_code == 200 and "长沙市中级人民法院" in page.text
    prof = analyst.get("/litigation/firms/湖南崇民律师事务所.json").json()
    assert prof["cases_total"] == 3
    html = analyst.get("/litigation/firms/湖南崇民律师事务所")
    assert html.status_code == 200 and "（2015）长中民五初字第01834号" in html.text
    docx = analyst.get("/litigation/firms/湖南崇民律师事务所.docx")
    assert docx.status_code == 200 and docx.content[:2] == b"PK"
    leads = analyst.get("/litigation/leads.json").json()
    assert leads["leads"][0]["name"] == "上海家化联合股份有限公司"
    csv = analyst.get("/litigation/leads.csv")
    assert "上海家化联合股份有限公司" in csv.content.decode("utf-8-sig")
    typical = analyst.get("/litigation/typical.json?q=滴滴").json()
    assert [t["case_number"] for t in typical] == ["（2014）海民（知）初字第21033号"]
    assert analyst.get("/litigation/firms/没有这个律师事务所.json").status_code == 404
    assert analyst.get("/litigation.json?year=abc").status_code == 400


def test_judgment_page_lists_the_provisions_it_applied(analyst: TestClient) -> None:
    typical = analyst.get("/litigation/typical.json?q=滴滴").json()[0]
    page = analyst.get("/litigation/typical")
    assert f'href="/litigation/judgments/{typical["record_id"]}"' in page.text
    data = analyst.get(f"/litigation/judgments/{typical['record_id']}.json").json()
    assert data["case_number"] == typical["case_number"]
    assert len(data["laws_linked"]) == len(data["laws_cited"]) > 0
    # No library imported in this app: every provision named in full, none linked.
    assert all(c["law"] and not c["linked"] for c in data["laws_linked"])
    html = analyst.get(f"/litigation/judgments/{typical['record_id']}")
    assert html.status_code == 200 and "引用的法律条文" in html.text and "法规库未收录" in html.text
    assert analyst.get("/litigation/judgments/jd-nope.json").status_code == 404


def test_agency_sees_only_leads(app: Any) -> None:
    with TestClient(app) as c:
        _login(c, "agency")
        assert c.get("/litigation/leads").status_code == 200
        assert c.get("/litigation/leads.json").json()["total"] >= 1
        for path in (
            "/litigation",
            "/litigation.json",
            "/litigation/firms/湖南崇民律师事务所.json",
            "/litigation/typical",
            "/litigation/judgments/jd-any",
            "/dashboard",
        ):
            assert c.get(path).status_code == 403, path
    with TestClient(app) as anon:
        assert anon.get("/litigation/leads.json").status_code == 401


@pytest.fixture(scope="module")
def live_server(app: Any) -> Iterator[str]:
    from webhelpers import serve_in_thread

    with serve_in_thread(app) as url:
        yield url


@pytest.mark.browser
def test_chromium_390px(live_server: str) -> None:
    sync_api = pytest.importorskip("playwright.sync_api")
    chromium = Path("/usr/bin/chromium")
    with sync_api.sync_playwright() as pw:
        browser = pw.chromium.launch(
            executable_path=str(chromium) if chromium.exists() else None, args=["--no-sandbox", "--headless"]
        )
        try:
            ctx = browser.new_context(
                base_url=live_server, viewport={"width": 390, "height": 844}, locale="zh-CN"
            )
            page = ctx.new_page()
            errors: list[str] = []
            page.on("pageerror", lambda e: errors.append(str(e)))
            page.goto("/login")
            page.fill("input[name=username]", "agency")
            page.fill("input[name=password]", USERS["agency"])
            page.click("button[type=submit]")
            page.wait_for_url("**/litigation/leads")
            assert page.locator("[data-figure=leads]").inner_text().strip() != "0"
            page.select_option("select[name=role]", "defendant")
            page.fill("input[name=min_cases]", "1")
            page.click("form[data-form=leads] button[type=submit]")
            page.wait_for_url("**role=defendant**")
            assert page.locator("table[data-table=leads] tbody tr").count() >= 1
            # the page itself does not scroll sideways at 390 px (tables scroll inside their panel)
            width = page.evaluate("document.documentElement.scrollWidth")
            wide = page.evaluate(
                "[...document.querySelectorAll('body *')].filter(e => e.getBoundingClientRect().right > 392)"
                ".slice(0, 5).map(e => e.tagName + '.' + e.className + ':'"
                " + Math.round(e.getBoundingClientRect().right))"
            )
            assert width <= 390 + 1, (width, wide)
            assert not errors, errors
            # an analyst's statistics and firm profile pages fit too
            ctx2 = browser.new_context(
                base_url=live_server, viewport={"width": 390, "height": 844}, locale="zh-CN"
            )
            p2 = ctx2.new_page()
            p2.goto("/login?next=/litigation")
            p2.fill("input[name=username]", "analyst")
            p2.fill("input[name=password]", USERS["analyst"])
            p2.click("button[type=submit]")
            p2.wait_for_url("**/litigation")
            p2.click("table[data-table=firms] a >> nth=0")
            p2.wait_for_selector("[data-figure=cases]")
            assert int(p2.locator("[data-figure=cases]").inner_text()) >= 1
            assert p2.evaluate("document.documentElement.scrollWidth") <= 391
        finally:
            browser.close()


def test_enterprise_case_collaboration_pages(app: Any) -> None:
    s = app.state.ctx.settings
    with workflow.workflow_session(s) as session:
        workflow.create_user(
            session, UserCreate(username="ent", password="ent pass 123", role="enterprise", unit="重庆甲公司")
        )  # type: ignore[arg-type]
    USERS["ent"] = "ent pass 123"
    with TestClient(app) as c:
        _login(c, "ent")
        page = c.get("/litigation/cases")
        token = re.search(r'name="csrf_token" value="([^"]+)"', page.text)
        assert token
        res = c.post(
            "/litigation/cases",
            data={
                "side": "被告",
                "cause": "侵害商标权纠纷",
                "court": "长沙市中级人民法院",
                "csrf_token": token.group(1),
            },
            follow_redirects=False,
        )
        assert res.status_code == 303
        url = res.headers["location"]
        detail = c.get(url + ".json").json()
        assert detail["case"]["state"] == "registered" and detail["lawyer_matches"]
        res = c.post(
            url + "/act",
            data={
                "action": "serve_complaint",
                "on": "",
                "version": detail["case"]["version"],
                "csrf_token": token.group(1),
            },
            follow_redirects=False,
        )
        assert res.status_code == 303, re.findall(r'class="error[^>]*>([^<]*)', res.text) or res.text[-800:]
        html = c.get(url).text
        due = re.search(r'data-rule="answer".*?data-due="([0-9-]+)"', html, re.S)
        assert due and "第一百二十八条" in html
        # 15 days from today, moved to the next working day when it ends on a holiday
        import datetime as dt

        days = (dt.date.fromisoformat(due.group(1)) - dt.date.today()).days
        assert 15 <= days <= 15 + 9, days
        assert [x["id"] for x in c.get("/litigation/cases.json").json()] == [detail["case"]["id"]]
        assert c.get("/litigation/leads").status_code == 403
    with TestClient(app) as other:
        _login(other, "analyst")
        assert other.get(url + ".json").status_code == 403
