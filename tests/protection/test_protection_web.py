"""Pages under 知识产权保护 over HTTP and in real Chromium (1366 px and 390 px wide)."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from protection_helpers import NOW, intake

from ipatlas.config import Settings
from ipatlas.protection.cases import act_case, actor_for
from ipatlas.protection.intake import create_case
from ipatlas.store import workflow
from ipatlas.store.models import UserCreate
from ipatlas.web import create_app

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = Path("/usr/bin/chromium")
ARTIFACTS = ROOT / "test-artifacts" / "protection"
PW = "secret pass 1"
USERS = [
    ("clerk1", "clerk", None),
    ("boss", "approver", None),
    ("han", "handler", None),
    ("gaj", "unit", "公安机关（同级）"),
    ("lead", "leader", None),
]


@pytest.fixture(scope="module")
def web(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Settings, Any]]:
    data = tmp_path_factory.mktemp("protweb") / "data"
    s = Settings(data_dir=data, shared_dir=ROOT.parent / "shared", secret_key="test-secret-key")
    s.ensure_dirs()
    with workflow.workflow_session(s) as session:
        for name, role, unit in USERS:
            workflow.create_user(session, UserCreate(username=name, password=PW, role=role, unit=unit))  # type: ignore[arg-type]
        c = create_case(session, s, intake(received_at="2026-03-02 09:30"), actor="clerk1", now=NOW)
        act_case(
            session, s, c["id"], "accept", actor=actor_for(session, "clerk1"), at=NOW.replace(month=3, day=3)
        )
        act_case(
            session,
            s,
            c["id"],
            "file",
            actor=actor_for(session, "boss"),
            at=NOW.replace(month=3, day=4),
            fields={"assignee": "han"},
        )
        act_case(
            session,
            s,
            c["id"],
            "investigate",
            actor=actor_for(session, "han"),
            at=NOW.replace(month=3, day=5),
        )
        act_case(
            session,
            s,
            c["id"],
            "refer",
            actor=actor_for(session, "boss"),
            at=NOW.replace(month=3, day=6),
            fields={"receiver": "公安机关（同级）"},
        )
        create_case(
            session,
            s,
            intake(received_at="2026-11-20 09:30", respondent={"name": "乙公司"}),
            actor="clerk1",
            now=NOW,
        )
    yield s, create_app(s)


def _login(c: TestClient, user: str) -> None:
    page = c.get("/login")
    token = re.search(r'name="csrf_token" value="([^"]+)"', page.text).group(1)  # type: ignore[union-attr]
    r = c.post("/login", data={"username": user, "password": PW, "csrf_token": token}, follow_redirects=False)
    assert r.status_code == 303


def _csrf(html: str) -> str:
    return re.search(r'name="csrf_token" value="([^"]+)"', html).group(1)  # type: ignore[union-attr]


def test_pages_and_json_twins(web: tuple[Settings, Any]) -> None:
    _s, app = web
    with TestClient(app) as c:
        _login(c, "clerk1")
        r = c.get("/protection")
        assert r.status_code == 200 and "我的待办" in r.text and "渝知保登〔2026〕2号" in r.text
        assert c.get("/protection/todo.json").json()["cases"][0]["number"] == "渝知保登〔2026〕2号"
        page = c.get("/protection/new")
        assert page.status_code == 200 and "江北区" in page.text
        form = {
            "csrf_token": _csrf(page.text), "client_token": "form-1", "kind": "complaint",
            "ip_type": "patent", "channel": "visit", "received_at": "2026-11-25T10:00",
            "complainant_name": "李四", "complainant_phone": "13900001111", "respondent_name": "丙公司",
            "respondent_region_name": "万州区", "respondent_region": "500101",
            "respondent_address": "高笋塘1号", "facts": "仿冒专利产品",
        }  # fmt: skip
        r = c.post("/protection/new", data=form, follow_redirects=False)
        assert r.status_code == 303, r.text
        detail = c.get(r.headers["location"])
        assert "万州区" in detail.text and "已登记" in detail.text
        # Double submit of the same form: a clear message, no second case.
        r = c.post("/protection/new", data=form)
        assert r.status_code == 400 and "同一登记已提交过" in r.text
        # Bad input stays on the form with the message.
        bad = {**form, "client_token": "form-2", "complainant_phone": "12ab"}
        r = c.post("/protection/new", data=bad)
        assert r.status_code == 400 and "电话号码" in r.text and "李四" in r.text
        # An oversized attachment is refused while streaming.
        big = b"x" * (20 * 1024 * 1024 + 10)
        r = c.post(
            "/protection/new", data={**form, "client_token": "form-3"}, files={"attachment": ("a.bin", big)}
        )
        assert r.status_code == 400 and "附件超过" in r.text
        assert len(c.get("/protection/todo.json").json()["cases"]) == 2
        # The case page and its twin; the clerk registered case 1, so sees the complainant.
        j = c.get("/protection/cases/1.json").json()
        assert j["personal_visible"] is True and j["complainant"]["phone"] == "13812341234"
        assert c.get("/protection/board.json").json()["units"]
        assert c.get("/protection/stats.json?year=2026").json()["received"] == 3
        assert c.get("/protection/stats?year=2026").status_code == 200
        # The catalogue's indicators by kind × IP type: absent until the facts are published, then
        # summing to the page's own figures, each cell drilling down to its cases.
        assert "指标尚未计算" in c.get("/protection/stats.json?year=2026").json()["breakdown"]["note"]
        from ipatlas.indicators import compute_cube
        from ipatlas.protection.facts import CASE_INDICATORS, publish_facts

        publish_facts(_s)
        compute_cube(_s, years=[2026], industries=[], indicators=list(CASE_INDICATORS))
        j = c.get("/protection/stats.json?year=2026").json()
        bd = j["breakdown"]
        assert bd["rows"] and sum(r["values"]["case_received"] for r in bd["rows"]) == j["received"] == 3
        assert bd["total"]["case_received"] == 3
        page = c.get("/protection/stats?year=2026")
        assert 'data-table="breakdown"' in page.text and "where=kind:complaint,ip_type:" in page.text
    with TestClient(app) as c:
        _login(c, "lead")
        masked = c.get("/protection/cases/1.json").json()
        assert masked["personal_visible"] is False and masked["complainant"]["phone"] == "138****1234"
        assert c.get("/protection", follow_redirects=False).headers["location"] == "/protection/board"
    with TestClient(app) as c:
        _login(c, "gaj")
        refs = c.get("/protection/referrals.json").json()["referrals"]
        assert [r["number"] for r in refs] == ["渝知保登〔2026〕1号"]
        page = c.get("/protection/referrals")
        r = c.post(
            "/protection/cases/1/receipt", data={"csrf_token": _csrf(page.text)}, follow_redirects=False
        )
        assert r.status_code == 303
        assert c.get("/protection/referrals.json").json()["referrals"][0]["acknowledged_at"]
        assert c.get("/protection/cases/3.json").status_code == 403


def test_act_conflict_on_stale_version(web: tuple[Settings, Any]) -> None:
    _s, app = web
    with TestClient(app) as a, TestClient(app) as b:
        _login(a, "clerk1")
        _login(b, "clerk1")
        pa, pb = a.get("/protection/cases/2"), b.get("/protection/cases/2")
        version = re.search(r'name="version" value="(\d+)"', pa.text).group(1)  # type: ignore[union-attr]
        r = a.post(
            "/protection/cases/2/act",
            data={"csrf_token": _csrf(pa.text), "action": "accept", "version": version},
            follow_redirects=False,
        )
        assert r.status_code == 303
        r = b.post(
            "/protection/cases/2/act",
            data={"csrf_token": _csrf(pb.text), "action": "reject", "f_reason": "x", "version": version},
        )
        assert r.status_code == 400 and "已被他人修改" in r.text


@pytest.fixture(scope="module")
def live(web: tuple[Settings, Any]) -> Iterator[str]:
    from webhelpers import serve_in_thread

    with serve_in_thread(web[1]) as url:
        yield url


@pytest.mark.browser
@pytest.mark.parametrize("width", [1366, 390])
def test_chromium(live: str, width: int) -> None:
    if not CHROMIUM.exists():
        pytest.fail("Chromium not found at /usr/bin/chromium")
    from playwright.sync_api import sync_playwright

    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    errors: list[str] = []
    with sync_playwright() as pw:
        browser = pw.chromium.launch(
            executable_path=str(CHROMIUM), args=["--headless", "--no-sandbox", "--disable-gpu"]
        )
        ctx = browser.new_context(base_url=live, viewport={"width": width, "height": 900}, locale="zh-CN")
        pg = ctx.new_page()
        pg.on("pageerror", lambda e: errors.append(str(e)))
        # Front-end vendor files are installed by `make` (scripts/install-assets.sh), not kept in git.
        vendor = ROOT / "src" / "ipatlas" / "web" / "static" / "vendor"

        def bad_response(r: Any) -> None:
            if r.status >= 400 and not (
                "/static/vendor/" in r.url and not (vendor / r.url.rsplit("/", 1)[-1]).exists()
            ):
                errors.append(f"{r.status} {r.url}")

        pg.on("response", bad_response)
        pg.on(
            "console",
            lambda m: (
                errors.append(m.text)
                if m.type == "error" and not m.text.startswith("Failed to load resource")
                else None
            ),
        )
        pg.set_default_timeout(20_000)
        pg.goto("/login")
        pg.fill("input[name=username]", "clerk1")
        pg.fill("input[name=password]", PW)
        pg.click("button[type=submit]")
        pg.wait_for_url(re.compile(r".*/protection$"))
        assert pg.locator("[data-table=cases] tbody tr").count() >= 1
        pg.click("[data-sub=new]")
        pg.select_option("select[name=kind]", "report")
        pg.select_option("select[name=ip_type]", "trademark")
        pg.fill("input[name=received_at]", "2026-11-26T09:15")
        pg.fill("input[name=complainant_name]", f"王五{width}")
        pg.fill("input[name=respondent_name]", f"丁公司{width}")
        pg.fill("input[name=respondent_region_name]", "渝北区")
        pg.fill("input[name=respondent_address]", "龙溪街道1号")
        pg.fill("textarea[name=facts]", "销售侵权商品")
        assert pg.input_value("input[name=respondent_region]") == "500112"
        pg.click("#intake button[type=submit]")
        pg.wait_for_url(re.compile(r".*/protection/cases/\d+\?registered=1"))
        assert "渝北区" in pg.inner_text("body")
        assert pg.locator("[data-deadline-state=report_verification]").count() == 1
        assert pg.locator(".dbar").count() >= 1
        pg.screenshot(path=str(ARTIFACTS / f"case-{width}.png"), full_page=True)
        # No horizontal scrolling of the page itself at this width.
        wide = pg.evaluate(
            "Array.from(document.querySelectorAll('body *')).filter(e => e.getBoundingClientRect().right > "
            "document.documentElement.clientWidth + 2).slice(0, 5)"
            ".map(e => e.tagName + '.' + e.className + ' ' + Math.round(e.getBoundingClientRect().right))"
        )
        assert pg.evaluate("document.documentElement.scrollWidth") <= width + 2, wide
        pg.select_option("#act select[name=action]", "accept")
        pg.click("#act button[type=submit]")
        pg.wait_for_selector("[data-status]")
        assert pg.inner_text("[data-status]") == "受理"
        pg.goto("/protection/board")
        assert pg.locator("[data-table=board]").count() == 1
        pg.goto("/protection/stats?year=2026")
        assert int(pg.inner_text("[data-kpi=received]").replace(",", "")) >= 3
        pg.screenshot(path=str(ARTIFACTS / f"stats-{width}.png"), full_page=True)
        browser.close()
    assert not errors, errors
