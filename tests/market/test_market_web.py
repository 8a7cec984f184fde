"""The market demo and pages: demo data (valid codes, 演示数据, idempotent), every page and its
JSON twin over a real app, a lead handled through the page, and Chromium at 390 px."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from market_helpers import write_tables

from ipatlas.config import Settings
from ipatlas.market.entities import is_valid_code
from ipatlas.store import workflow
from ipatlas.store.models import UserCreate

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = Path("/usr/bin/chromium")
PASSWORD = "analyst pass 13"
COUNTIES = ["500112", "500103", "500105", "500106"]
COUNTY_NAMES = ["渝北区", "渝中区", "江北区", "沙坪坝区"]


# Elements of the page content (the shared header is the base template's) that stick out of a
# 390 px viewport, except inside horizontally scrollable table wrappers.
WIDE_JS = """Array.from(document.querySelectorAll('main *'))
  .filter(e => !e.closest('.scroll') && e.getBoundingClientRect().right > window.innerWidth + 1)
  .map(e => e.tagName + '.' + e.className)"""


def _demo_lake(settings: Settings) -> None:
    patents, marks = [], []
    for i in range(120):
        who = f"重庆演示{i % 30}科技有限公司"
        patents.append(
            {
                "app_no": f"CN2023100{i:05d}.{i % 10}",
                "kind": "invention",
                "filing_date": dt.date(2023, 1, 1),
                "grant_date": dt.date(2024, 1, 1) if i % 3 else None,
                "legal_status": ("valid", "lapsed", "pending")[i % 3],
                "applicants": [who],
                "first_applicant": who,
                "applicant_type": "enterprise",
                "adcode": COUNTIES[(i % 30) % 4],
                "address": f"重庆市{COUNTY_NAMES[(i % 30) % 4]}某路{i}号",
                "title": f"一种演示装置{i}",
                "is_demo": True,
            }
        )
    for i in range(40):
        marks.append(
            {
                "reg_no": str(30000000 + i),
                "nice_class": 1 + i % 30,
                "owner": f"重庆演示{i % 10}科技有限公司",
                "mark_name": f"演示{i}",
                "status": "registered",
                "adcode": COUNTIES[i % 4],
                "is_demo": True,
            }
        )
    write_tables(settings, patents, marks)


@pytest.fixture(scope="module")
def demo_settings(tmp_path_factory: pytest.TempPathFactory) -> Settings:
    from ipatlas.demo.market import market_demo

    s = Settings(
        data_dir=tmp_path_factory.mktemp("mkweb") / "data",
        shared_dir=ROOT.parent / "shared",
        secret_key="k13",
    )
    s.ensure_dirs()
    _demo_lake(s)
    first = market_demo(s)
    assert first["label"] == "演示数据" and first["entities"] == 30 and first["linked_names"] >= 30
    assert first["unlinked_events"] == 1 and first["credit_events"] > 1 and first["leads"] >= 1
    assert first["inspection"]["published_on"] == dt.date.today().isoformat()
    assert market_demo(s) == first  # re-running changes nothing
    with workflow.workflow_session(s) as session:
        workflow.create_user(session, UserCreate(username="analyst", password=PASSWORD, role="analyst"))
    return s


@pytest.fixture(scope="module")
def app(demo_settings: Settings) -> Any:
    from ipatlas.web import create_app

    return create_app(demo_settings)


@pytest.fixture()
def client(app: Any) -> Iterator[Any]:
    from fastapi.testclient import TestClient

    with TestClient(app) as c:
        page = c.get("/login")
        token = re.search(r'name="csrf_token" value="([^"]+)"', page.text)
        assert token
        res = c.post(
            "/login",
            data={"username": "analyst", "password": PASSWORD, "csrf_token": token.group(1)},
            follow_redirects=False,
        )
        assert res.status_code == 303
        yield c


def test_demo_codes_are_valid(client: Any) -> None:
    data = client.get("/market.json").json()
    assert data["total"] == 30 and data["is_demo"] is True
    assert all(is_valid_code(e["code"]) for e in data["items"])


def test_pages_and_json_twins(client: Any) -> None:
    ents = client.get("/market.json?q=演示1").json()["items"]
    code = ents[0]["code"]
    prof = client.get(f"/market/entities/{code}.json").json()
    assert prof["entity"]["code"] == code and prof["assets"]["patents"]["total"] >= 1
    assert prof["credit"]["grade"] in ("A", "B", "C", "D") and prof["is_demo"] is True
    html = client.get(f"/market/entities/{code}")
    assert html.status_code == 200 and "主体画像" in html.text and "演示数据" in html.text
    for path in ("/market", "/market/leads", "/market/credit", "/market/inspections"):
        res = client.get(path)
        assert res.status_code == 200 and "演示数据" in res.text, path
        assert client.get(path + ".json").status_code == 200
    draws = client.get("/market/inspections.json").json()["draws"]
    draw = client.get(f"/market/inspections/{draws[0]['id']}.json").json()
    assert len(draw["items"]) == draws[0]["drawn"] and all(i["result"] for i in draw["items"])
    assert "ipatlas-draw-v1" in client.get(f"/market/inspections/{draws[0]['id']}").text
    regions = client.get("/market/leads.json").json()["regions"]
    assert regions and {r["code"] for r in regions} <= set(COUNTIES)
    credit = client.get("/market/credit.json").json()
    assert sum(r["total"] for r in credit["by_region"]) == 30
    assert client.get("/market/entities/91500000XXXXXXXXX0.json").status_code == 404
    assert client.get("/market/credit.json?as_of=soon").status_code == 400


def test_lead_handled_through_the_page(client: Any) -> None:
    leads = client.get("/market/leads.json?status=待核查").json()["items"]
    lid = leads[0]["id"]
    page = client.get(f"/market/leads/{lid}")
    token = re.search(r'name="csrf_token" value="([^"]+)"', page.text)
    assert token and "开始核查" in page.text
    res = client.post(
        f"/market/leads/{lid}/act",
        data={"action": "check", "note": "", "csrf_token": token.group(1)},
        follow_redirects=False,
    )
    assert res.status_code == 303
    assert client.get(f"/market/leads/{lid}.json").json()["status"] == "核查中"
    bad = client.post(
        f"/market/leads/{lid}/act", data={"action": "exclude", "note": "", "csrf_token": token.group(1)}
    )
    assert bad.status_code == 400 and "理由" in bad.text
    forged = client.post(
        f"/market/leads/{lid}/act", data={"action": "exclude", "note": "x", "csrf_token": "nope"}
    )
    assert forged.status_code == 403


@pytest.mark.browser
def test_chromium_390px(app: Any) -> None:
    from playwright.sync_api import sync_playwright
    from webhelpers import serve_in_thread

    if not CHROMIUM.exists():
        pytest.fail("Chromium not found at /usr/bin/chromium")
    errors: list[str] = []
    with serve_in_thread(app) as base, sync_playwright() as pw:
        b = pw.chromium.launch(
            executable_path=str(CHROMIUM), args=["--no-sandbox", "--disable-gpu"], headless=True
        )
        ctx = b.new_context(base_url=base, viewport={"width": 390, "height": 844}, locale="zh-CN")
        pg = ctx.new_page()
        pg.on("pageerror", lambda e: errors.append(str(e)))
        pg.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
        pg.goto("/login")
        pg.fill("input[name=username]", "analyst")
        pg.fill("input[name=password]", PASSWORD)
        pg.click("button[type=submit]")
        pg.wait_for_url(re.compile(r".*/dashboard.*"))
        pg.goto("/market/leads")
        pg.wait_for_selector("body[data-leads-map='1']", state="attached", timeout=30_000)
        assert pg.locator("#chart-leads-map canvas").count() == 1
        paths = ("/market", "/market/leads", "/market/credit", "/market/inspections", "/market/review")
        for path in paths:
            pg.goto(path)
            wide = pg.evaluate(WIDE_JS)
            assert wide == [], f"{path}: content wider than 390 px: {wide}"
        pg.goto("/market")
        pg.click("table[data-table=entities] tbody tr:first-child a")
        pg.wait_for_selector("h1:has-text('主体画像')")
        assert pg.locator("[data-grade]").count() >= 1
        assert pg.evaluate(WIDE_JS) == []
        (ROOT / "test-artifacts" / "market").mkdir(parents=True, exist_ok=True)
        pg.screenshot(path=str(ROOT / "test-artifacts" / "market" / "entity-390.png"), full_page=True)
        b.close()
    assert not errors, errors


def test_publish_facts(demo_settings: Settings) -> None:
    from ipatlas.market.credit import grade_all
    from ipatlas.market.facts import publish_facts
    from ipatlas.store.lake import Lake

    today = dt.date.today()
    with workflow.workflow_session(demo_settings) as session:
        counts = publish_facts(session, demo_settings, today)["rows"]
        again = publish_facts(session, demo_settings, today)
        expected = grade_all(session, today).to_pylist()
    assert again["written"] == []  # nothing changed: the lake is untouched
    lake = Lake(demo_settings.lake_dir)
    assert set(lake.fact_tables()) >= {"market_grades", "market_leads", "market_inspections"}
    con = lake.connect()
    try:
        latest = dict(
            con.execute("SELECT code, grade FROM market_grades WHERE year_end = ?", [today]).fetchall()
        )
        assert latest == {r["code"]: r["grade"] for r in expected}
        assert con.execute("SELECT count(*) FROM market_grades").fetchone()[0] == counts["market_grades"]
        assert con.execute(
            "SELECT bool_and(is_demo), count(DISTINCT adcode) FROM market_grades"
        ).fetchone() == (True, 4)
        inspected = con.execute("SELECT sum(inspected), count(*) FROM market_inspections").fetchone()
        assert inspected == (counts["market_inspections"], counts["market_inspections"])
        assert con.execute("SELECT count(*) FROM market_leads").fetchone()[0] == counts["market_leads"] > 0
    finally:
        con.close()


def test_review_page_confirms_a_link(client: Any, demo_settings: Settings) -> None:
    from sqlalchemy import select

    from ipatlas.market.models import MarketLink

    # Make one stored link doubtful (a branch-level match) so it shows in the review queue.
    with workflow.workflow_session(demo_settings) as session:
        link = session.scalars(
            select(MarketLink).where(MarketLink.code.is_not(None)).order_by(MarketLink.id)
        ).first()
        assert link is not None
        link.method, link.confidence = "branch", 0.8
        name, code = link.name, link.code
    queue = client.get("/market/review.json").json()
    item = next(i for i in queue if i["name"] == name)
    assert item["candidates"] == [{"code": code, "name": item["candidates"][0]["name"]}]
    page = client.get("/market/review")
    token = re.search(r'name="csrf_token" value="([^"]+)"', page.text)
    assert token and "确认" in page.text
    res = client.post(
        "/market/review",
        data={"name": name, "code": code, "decision": "confirm", "csrf_token": token.group(1)},
        follow_redirects=False,
    )
    assert res.status_code == 303
    assert all(i["name"] != name for i in client.get("/market/review.json").json())
    with workflow.workflow_session(demo_settings) as session:
        stored = session.scalars(select(MarketLink).where(MarketLink.name == name)).all()
        assert {(s.method, s.confidence, s.code) for s in stored} == {("confirmed", 1.0, code)}
