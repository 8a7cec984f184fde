"""The 知识产权运用 page, its JSON twin, the flow-map data and the public open-licence list; the page
in real Chromium at 390 px (zh-CN, no JavaScript errors, no horizontal scrolling)."""

from __future__ import annotations

import re
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from ops_helpers import load_demo_patents

from ipatlas.config import Settings
from ipatlas.demo.market import demo_code
from ipatlas.demo.operations import run_operations_demo
from ipatlas.store import workflow
from ipatlas.store.models import UserCreate
from ipatlas.web import create_app

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "web"))
from webhelpers import ARGS, ARTIFACTS, CHROMIUM, PASSWORDS, login, serve_in_thread


@pytest.fixture(scope="module")
def ops_app(tmp_path_factory: pytest.TempPathFactory) -> Any:
    tmp = tmp_path_factory.mktemp("opsweb")
    s = Settings(data_dir=tmp / "data", secret_key="test-secret-key")
    s.ensure_dirs()
    load_demo_patents(s, tmp)
    run_operations_demo(s, tmp / "demo")
    with workflow.workflow_session(s) as session:
        workflow.create_user(
            session, UserCreate(username="analyst", password=PASSWORDS["analyst"], role="analyst")
        )
    from ipatlas.operations import claims
    from ipatlas.store.lake import Lake
    from ipatlas.workflow import Actor, act

    con = Lake(s.lake_dir).connect()
    reg, who, bank = con.execute(
        "SELECT reg_no, pledgor, pledgee FROM pledges WHERE event = 'effective' ORDER BY reg_no LIMIT 1"
    ).fetchall()[0]
    con.close()
    with workflow.workflow_session(s) as session:
        fields = {"enterprise": who, "bank": bank, "pledge_reg_no": reg, "year": 2025, "loan_amount": 100,
                  "interest_paid": 6}  # fmt: skip
        c = claims.submit(session, s, "interest", fields, actor=Actor("e", "enterprise"))
        act(session, c["id"], "accept", actor=Actor("c", "clerk"))
        claims.approve(session, c["id"], actor=Actor("b", "approver"))
    _register_entities(s, tmp)
    return create_app(s)


ENTITIES = {  # name → 统一社会信用代码 (valid check digits); banks are registered as head offices
    "交通银行股份有限公司": demo_code("交通银行股份有限公司", "310115"),
    "重庆大学": demo_code("重庆大学", "500106"),
    "重庆市农业科学院": demo_code("重庆市农业科学院", "500107"),
}


def _register_entities(s: Settings, tmp: Path) -> None:
    """A small market registry, then the market package's resolution of the operation parties."""
    from ipatlas.market.entities import import_entities
    from ipatlas.operations.parties import link_parties

    path = tmp / "entities.csv"
    path.write_text(
        "统一社会信用代码,名称\n" + "".join(f"{c},{n}\n" for n, c in ENTITIES.items()), encoding="utf-8"
    )
    with workflow.workflow_session(s) as session:
        assert import_entities(session, path, actor="test")["loaded"] == len(ENTITIES)
        assert link_parties(session, s)["linked"] >= 2


def test_parties_link_to_market_entities(client: TestClient, ops_app: Any) -> None:
    """Pledgees (bank branches → head office), transferors, licensors … resolve to entities; the
    运营 page shows the codes and the entity's page shows its rights flows, equal to the records."""
    from ipatlas.store.lake import Lake

    bank = ENTITIES["交通银行股份有限公司"]
    con = Lake(ops_app.state.ctx.settings.lake_dir).connect()
    year = con.execute(
        "SELECT max(year(event_date)) FROM pledges WHERE pledgee LIKE '交通银行%' AND event = 'effective'"
    ).fetchall()[0][0]
    d = client.get(f"/operations.json?year={year}").json()
    banks = {r["label"]: r["label_entity"] for r in d["pledges_by_bank"]}
    assert banks["交通银行股份有限公司重庆市分行"] == bank  # a branch of the registered company
    assert all(code is None for name, code in banks.items() if not name.startswith("交通银行"))
    assert f'href="/market/entities/{bank}"' in client.get(f"/operations?year={year}").text
    contracts = con.execute(
        "SELECT count(*), sum(a) FROM (SELECT reg_no, max(amount) AS a FROM pledges"
        " WHERE pledgee LIKE '交通银行%' AND event = 'effective' GROUP BY reg_no)"  # amount once per contract
    ).fetchall()[0]
    cqu = ENTITIES["重庆大学"]
    out = con.execute("SELECT count(*) FROM transfers WHERE from_holder = '重庆大学'").fetchall()[0][0]
    lic = con.execute("SELECT count(*) FROM licences WHERE licensor = '重庆大学'").fetchall()[0][0]
    con.close()
    f = client.get(f"/market/entities/{bank}.json").json()["rights_flows"]
    pledgee = next(r for r in f["summary"] if r["kind"] == "pledge" and r["role"] == "pledgee")
    assert pledgee["count"] == contracts[0] > 0
    assert abs(pledgee["amount"] - contracts[1]) < 0.01
    assert f["is_demo"] and all(n.startswith("交通银行") for n in f["names"])
    f = client.get(f"/market/entities/{cqu}.json").json()["rights_flows"]
    roles = {(r["kind"], r["role"]): r["count"] for r in f["summary"]}
    assert roles.get(("transfer", "from_holder"), 0) == out and roles.get(("licence", "licensor"), 0) == lic
    assert out + lic > 0
    page = client.get(f"/market/entities/{cqu}")
    assert page.status_code == 200 and 'id="rights-flows"' in page.text and "转让人" in page.text


@pytest.fixture()
def client(ops_app: Any) -> Iterator[TestClient]:
    with TestClient(ops_app) as c:
        login(c, "analyst")
        yield c


def test_page_and_json_twin(client: TestClient) -> None:
    d = client.get("/operations.json").json()
    kinds = {k["kind"]: k for k in d["kpis"]}
    assert set(kinds) >= {"pledge", "transfer", "licence", "open-licence", "insurance", "subsidy"}
    # the default view opens on the region and year 资源分析 opens on (the latest complete year)
    res = client.get("/resources.json").json()
    assert d["is_demo"] is True and (d["region"], d["year"]) == (res["region"], res["year"])
    assert client.get("/operations.json?region=100000").json()["region"] is None  # 全部地区
    all_years = client.get("/operations.json?year=2021").json()
    assert all_years["year"] == 2021
    assert sum(r["n"] for r in d["pledges_by_year"]) >= kinds["pledge"]["count"]
    places = d["flows_county"]["places"]
    for src, tgt, n in d["flows_county"]["lines"]:
        assert src in places and tgt in places and src != tgt and n > 0
    html = client.get("/operations")
    assert html.status_code == 200 and "知识产权运用" in html.text and "演示数据" in html.text
    assert 'id="ops-flow-county"' in html.text and 'id="ops-rights"' in html.text
    # the copyright and variety panel shows catalogue figures from the cube (tests/web/test_one_truth.py);
    # no cube is computed here: no figure, as on 资源分析
    rights = {r["kind"]: r for r in d["rights"]}
    assert set(rights) == {"work", "software", "variety"}
    assert all(r["flow"] is None and r["stock"] is None for r in rights.values())
    assert rights["software"]["stock_id"] == "rights_software_stock" and rights["software"]["is_demo"]
    assert "指标数据尚未计算或不含所选地区" in html.text
    one = client.get("/operations.json?region=500106&year=2025")  # a county, but no cube computed
    assert one.status_code == 200 and all(r["stock"] is None for r in one.json()["rights"])
    flows = client.get("/operations/flows.json?level=province").json()
    assert flows["level"] == "province"
    bad = client.get("/operations.json?region=abc")
    assert bad.status_code in (400, 422) and "区划代码" in bad.text and "Traceback" not in bad.text


def test_claims_page(client: TestClient) -> None:
    d = client.get("/operations/claims.json?year=2025").json()
    assert (
        len(d["items"]) == 1
        and d["items"][0]["state_label"] == "已批准"
        and d["items"][0]["approved_amount"] == 3.0
    )
    interest = next(b for b in d["budgets"] if b["kind"] == "interest_subsidy")
    assert interest["used"] == 3.0 and interest["remaining"] == interest["budget"] - 3.0
    page = client.get("/operations/claims?year=2025")
    assert page.status_code == 200 and "贴息补助" in page.text and "已批准" in page.text


def test_public_list_and_login_required(ops_app: Any) -> None:
    from ipatlas.operations.open_licences import PUBLIC_FIELDS
    from ipatlas.store.lake import Lake

    with TestClient(ops_app) as anon:
        assert anon.get("/operations.json").status_code == 401
        d = anon.get("/portal/licences.json").json()
        assert d["is_demo"] is True and d["items"] and len(d["items"]) <= 20
        assert all(set(i) == set(PUBLIC_FIELDS) for i in d["items"])  # public fields only
        con = Lake(ops_app.state.ctx.settings.lake_dir).connect()
        want = con.execute("SELECT count(*) FROM open_licences WHERE withdrawn_date IS NULL").fetchall()[0][0]
        first = con.execute(
            "SELECT patent_no FROM open_licences WHERE withdrawn_date IS NULL"
            " ORDER BY declared_date DESC, patent_no LIMIT 1"
        ).fetchall()[0][0]
        con.close()
        assert d["total"] == want and d["items"][0]["patent_no"] == first
    # pages: two at a time, every declaration once, in order
    from ipatlas.operations.open_licences import open_licence_list

    con = Lake(ops_app.state.ctx.settings.lake_dir).connect()
    pages = [open_licence_list(con, page=p, page_size=2, public=True) for p in (1, 2, 3)]
    con.close()
    assert pages[0]["pages"] == -(-want // 2) >= 2
    seen = [i["patent_no"] for p in pages for i in p["items"]]
    assert seen == [i["patent_no"] for i in d["items"]][: len(seen)] and len(seen) == min(want, 6)
    with TestClient(ops_app) as anon:
        bad = anon.get("/portal/licences.json?page=x")
        assert bad.status_code == 400 and "page" in bad.text and "Traceback" not in bad.text
        old = anon.get("/public/open-licences", follow_redirects=False)
        assert old.status_code == 308 and old.headers["location"] == "/portal/licences"


@pytest.fixture(scope="module")
def ops_server(ops_app: Any) -> Iterator[str]:
    with serve_in_thread(ops_app) as url:
        yield url


@pytest.mark.browser
def test_operations_page_in_chromium_at_390px(ops_server: str) -> None:
    if not CHROMIUM.exists():
        pytest.fail("Chromium not found at /usr/bin/chromium")
    from playwright.sync_api import sync_playwright

    errors: list[str] = []
    with sync_playwright() as pw:
        b = pw.chromium.launch(executable_path=str(CHROMIUM), args=ARGS, headless=True)
        ctx = b.new_context(base_url=ops_server, viewport={"width": 390, "height": 844}, locale="zh-CN")
        pg = ctx.new_page()
        pg.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
        pg.on("pageerror", lambda e: errors.append(str(e)))
        pg.set_default_timeout(20_000)
        pg.goto("/login")
        pg.fill("input[name=username]", "analyst")
        pg.fill("input[name=password]", PASSWORDS["analyst"])
        pg.click("button[type=submit]")
        pg.wait_for_url(re.compile(r".*/dashboard.*"))
        pg.goto("/operations")
        pg.wait_for_selector("body[data-ops-ready='1']", state="attached")
        assert pg.locator("html").get_attribute("lang") == "zh-CN"
        assert pg.locator(".ops-cards .card").count() >= 6
        assert pg.locator("#ops-flow-county canvas").count() >= 1
        width = pg.evaluate("document.documentElement.scrollWidth")
        wide = pg.evaluate(
            "Array.from(document.querySelectorAll('body *'))"
            ".filter(e => e.getBoundingClientRect().right > 392).slice(0, 6)"
            ".map(e => e.tagName + '.' + e.className + ':' + Math.round(e.getBoundingClientRect().right))"
        )
        assert width <= 392, f"horizontal scrolling at 390 px: {width} {wide}"
        ARTIFACTS.mkdir(parents=True, exist_ok=True)
        pg.screenshot(path=str(ARTIFACTS / "operations-390.png"), full_page=True)
        pg.goto("/operations?year=2023")
        pg.wait_for_selector("body[data-ops-ready='1']", state="attached")
        assert "2023" in pg.locator("h1").inner_text()
        ctx.close()
        b.close()
    assert not errors, errors


@pytest.mark.browser
def test_portal_open_licences_in_chromium(ops_server: str, ops_app: Any) -> None:
    """The public portal's open-licence page, anonymous, at 390 px: rows of the fact table."""
    if not CHROMIUM.exists():
        pytest.fail("Chromium not found at /usr/bin/chromium")
    from playwright.sync_api import sync_playwright

    with TestClient(ops_app) as anon:
        d = anon.get("/portal/licences.json").json()
    with sync_playwright() as pw:
        b = pw.chromium.launch(executable_path=str(CHROMIUM), args=ARGS, headless=True)
        ctx = b.new_context(base_url=ops_server, viewport={"width": 390, "height": 844}, locale="zh-CN")
        pg = ctx.new_page()
        pg.goto("/portal/licences")
        rows = pg.locator("#open-licences tbody tr")
        assert rows.count() == len(d["items"]) > 0
        assert d["items"][0]["patent_no"] in rows.nth(0).inner_text()
        assert "演示数据" in pg.locator("main, body").first.inner_text()
        assert pg.evaluate("document.documentElement.scrollWidth") <= 392
        if d["pages"] > 1:
            pg.click("nav.pager >> text=下一页")
            pg.wait_for_url(re.compile(r".*page=2"))
            assert pg.locator("#open-licences tbody tr").count() > 0
        ctx.close()
        b.close()


def test_cli_link_and_entity_json(ops_app: Any, capsys: Any, monkeypatch: Any) -> None:
    """``ipatlas operations link`` re-runs the market resolution (same links, re-run changes
    nothing); ``ipatlas operations entity CODE --json`` gives the flows the entity page shows."""
    import json

    from cli_runner import invoke

    s = ops_app.state.ctx.settings
    monkeypatch.setenv("IPATLAS_DATA_DIR", str(s.data_dir))
    monkeypatch.setenv("IPATLAS_SECRET_KEY", "test-secret-key")
    code, out, _ = invoke(capsys, "operations", "link", "--json")
    assert code == 0 and json.loads(out)["sources"] == ["operations"] and json.loads(out)["linked"] >= 2
    cqu = ENTITIES["重庆大学"]
    code, out, _ = invoke(capsys, "operations", "entity", cqu, "--json")
    with TestClient(ops_app) as c:
        login(c, "analyst")
        assert json.loads(out) == c.get(f"/market/entities/{cqu}.json").json()["rights_flows"]
    code, _, err = invoke(capsys, "operations", "entity", "91500000MA5U000000", "--json")
    assert code != 0 and "统一社会信用代码" in err and "Traceback" not in err
