"""Browser tests in real Chromium (Debian ``/usr/bin/chromium`` driven by Playwright).

Log in, open every page, change region and year, drill down on the map, click through to the
records. Screenshots go to ``test-artifacts/``; any JavaScript console error fails the test.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from webhelpers import ARGS, ARTIFACTS, CHROMIUM, PASSWORDS

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    if not CHROMIUM.exists():
        pytest.fail("Chromium not found at /usr/bin/chromium: install the Debian package `chromium`")
    from playwright.sync_api import sync_playwright

    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as pw:
        b = pw.chromium.launch(executable_path=str(CHROMIUM), args=ARGS, headless=True)
        yield b
        b.close()


class Console:
    def __init__(self) -> None:
        self.errors: list[str] = []

    def check(self) -> None:
        assert not self.errors, "JavaScript errors: " + " | ".join(self.errors)


@pytest.fixture()
def page(browser: Any, live_server: str) -> Iterator[tuple[Any, Console]]:
    ctx = browser.new_context(base_url=live_server, viewport={"width": 1440, "height": 1000}, locale="zh-CN")
    pg = ctx.new_page()
    console = Console()
    pg.on("console", lambda m: console.errors.append(f"{m.type}: {m.text}") if m.type == "error" else None)
    pg.on("pageerror", lambda e: console.errors.append(f"pageerror: {e}"))
    pg.set_default_timeout(20_000)
    yield pg, console
    ctx.close()
    console.check()


def log_in(pg: Any, role: str = "analyst") -> None:
    pg.goto("/login")
    pg.fill("input[name=username]", role)
    pg.fill("input[name=password]", PASSWORDS[role])
    pg.click("button[type=submit]")
    pg.wait_for_url(re.compile(r".*/dashboard.*"))


def shot(pg: Any, name: str) -> Path:
    path = ARTIFACTS / f"{name}.png"
    pg.screenshot(path=str(path), full_page=True)
    return path


def wait_ready(pg: Any) -> None:
    pg.wait_for_selector("body[data-ready='1']", state="attached")


def test_landing_and_login(page: tuple[Any, Console]) -> None:
    pg, _ = page
    pg.goto("/")
    assert "知识产权资源布局信息平台" in pg.text_content("h1")
    shot(pg, "00-landing")
    pg.goto("/dashboard")
    assert "/login" in pg.url  # anonymous users are sent to the login page
    pg.fill("input[name=username]", "analyst")
    pg.fill("input[name=password]", "wrong password")
    pg.click("button[type=submit]")
    assert "用户名或密码错误" in pg.text_content(".error")
    # The failed login is a 401 page: Chromium logs the status as a console error; that one is expected.
    page[1].errors.clear()
    shot(pg, "01-login-failed")


def test_pages_render_charts_and_change_selection(page: tuple[Any, Console]) -> None:
    pg, _ = page
    log_in(pg)
    wait_ready(pg)
    assert pg.locator("div.cards:not(.key) .card").count() == 7
    assert pg.locator(".badge.demo").first.is_visible()
    # ECharts drew the trend chart into a canvas.
    pg.wait_for_selector("#chart-trend canvas")
    shot(pg, "10-dashboard")
    # Change the year, then drill to a county with the region selector.
    pg.select_option("select[data-role=year-select]", "2019")
    pg.wait_for_url(re.compile(r".*year=2019.*"))
    wait_ready(pg)
    assert "2019 年" in pg.text_content("h1")
    pg.select_option("select[data-role=region-select]", "500112")
    pg.wait_for_url(re.compile(r".*region=500112.*"))
    wait_ready(pg)
    assert "渝北区" in pg.text_content("h1")
    assert "重庆市" in pg.text_content(".crumbs")
    shot(pg, "11-dashboard-yubei-2019")

    for path, name, canvas in [
        ("/resources?region=500000&year=2023", "20-resources", "#chart-top canvas"),
        ("/monitor?region=500000&year=2023", "30-monitor", "#chart-series canvas"),
        ("/industry?region=500000&year=2023", "40-industry", "#chart-lq canvas"),
        ("/evaluation?region=500000&year=2023", "50-evaluation", None),
        ("/data", "60-data", None),
        ("/records?region=500000&year=2023", "70-records", None),
    ]:
        pg.goto(path)
        wait_ready(pg)
        if canvas:
            pg.wait_for_selector(canvas)
        shot(pg, name)


def test_resources_click_through_to_records(page: tuple[Any, Console]) -> None:
    pg, _ = page
    log_in(pg)
    pg.goto("/resources?region=500000&year=2023")
    wait_ready(pg)
    link = pg.locator('table.data a[href*="applicant="]').first  # the top-applicant table's first link
    applicant = link.text_content()
    link.click()
    pg.wait_for_url(re.compile(r".*/records\?.*applicant=.*"))
    total = int(pg.get_attribute("[data-total]", "data-total"))
    assert total > 0
    assert pg.locator("table.records tbody tr").count() == min(total, 50)
    assert all(applicant == t for t in pg.locator("table.records tbody td:nth-child(6)").all_text_contents())
    shot(pg, "21-records-of-top-applicant")
    # Open one record: its lineage links back to the import.
    pg.locator("table.records tbody a").first.click()
    pg.wait_for_url(re.compile(r".*/records/CN.*"))
    assert "导入批次" in pg.text_content("body")


def test_records_filters_and_paging_with_htmx(page: tuple[Any, Console]) -> None:
    pg, _ = page
    log_in(pg)
    pg.goto("/records?region=500000")
    total_all = int(pg.get_attribute("[data-total]", "data-total"))
    pg.select_option("select[name=kind]", "invention")
    pg.fill("input[name=year]", "2020")
    pg.click("#record-filters button[type=submit]")
    pg.wait_for_url(re.compile(r".*kind=invention.*"))
    # Locator polling, not wait_for_function: the CSP forbids evaluating strings in the page.
    from playwright.sync_api import expect

    expect(pg.locator("[data-total]")).not_to_have_attribute("data-total", str(total_all))
    total = int(pg.get_attribute("[data-total]", "data-total"))
    assert 0 < total < total_all
    assert set(pg.locator("table.records tbody td:nth-child(2)").all_text_contents()) == {"发明"}
    if total > 50:
        pg.click("a[rel=next]")
        pg.wait_for_url(re.compile(r".*page=2.*"))
    shot(pg, "71-records-filtered")


def test_map_drill_down_year_slider_and_records(page: tuple[Any, Console]) -> None:
    from ipatlas.regions.registry import get_registry

    reg = get_registry()
    pg, _ = page
    log_in(pg)

    def click_region(code: str) -> None:
        lng, lat = reg.get(code).centroid
        xy = pg.evaluate(
            "([lng, lat]) => { const c = window.ipatlas.charts[0];"
            " const p = c.convertToPixel({seriesIndex: 0}, [lng, lat]);"
            " const r = c.getDom().getBoundingClientRect(); return [p[0] + r.left, p[1] + r.top]; }",
            [lng, lat],
        )
        pg.mouse.click(xy[0], xy[1])

    pg.goto("/map?region=100000&year=2021")
    pg.wait_for_selector("body[data-map-ready='1']", state="attached")
    shot(pg, "80-map-nation")
    click_region("210000")  # 辽宁省
    pg.wait_for_url(re.compile(r".*region=210000.*"))
    pg.wait_for_selector("body[data-map-ready='1']", state="attached")
    assert "辽宁省" in pg.text_content("#map-title")
    click_region("210100")  # 沈阳市
    pg.wait_for_url(re.compile(r".*region=210100.*"))
    pg.wait_for_selector("body[data-map-ready='1']", state="attached")
    assert pg.locator("#map-table tbody tr").count() == len(reg.children("210100"))
    shot(pg, "81-map-shenyang")

    pg.goto("/map?region=500000&year=2021")
    pg.wait_for_selector("body[data-map-ready='1']", state="attached")
    assert pg.locator("#map-table tbody tr").count() == 38
    first_value = pg.locator("#map-table tbody tr td:nth-child(3)").first.text_content()
    shot(pg, "82-map-chongqing-2021")
    # The year slider reloads the data in place.
    pg.evaluate(
        "() => { const s = document.getElementById('year-slider'); s.value = '2017';"
        " s.dispatchEvent(new Event('input')); s.dispatchEvent(new Event('change')); }"
    )
    from playwright.sync_api import expect

    expect(pg.locator("#map-title")).to_contain_text("2017")
    pg.wait_for_selector("body[data-map-ready='1']", state="attached")
    assert "year=2017" in pg.url
    assert pg.locator("#map-table tbody tr td:nth-child(3)").first.text_content() != first_value
    shot(pg, "83-map-chongqing-2017")
    # The LISA layer colours hot and cold spots.
    pg.goto("/map?region=500000&year=2022&layer=lisa")
    pg.wait_for_selector("body[data-map-ready='1']", state="attached")
    assert "热点/冷点" in pg.text_content("#chart-map") or "Moran" in pg.text_content("#lisa-note")
    shot(pg, "85-map-lisa")
    pg.goto("/map?region=500000&year=2017")
    pg.wait_for_selector("body[data-map-ready='1']", state="attached")
    # A county of Chongqing has no lower level: a click opens the records behind its figure.
    click_region("500112")
    pg.wait_for_url(re.compile(r".*/indicators/records\?.*region=500112.*"))
    assert "等于指标分子" in pg.text_content("body")
    shot(pg, "84-map-click-records")


def test_admin_creates_a_user_in_the_browser(page: tuple[Any, Console]) -> None:
    pg, _ = page
    log_in(pg, "admin")
    pg.goto("/admin/users")
    pg.fill("form[action='/admin/users'] input[name=username]", "browser_user")
    pg.fill("form[action='/admin/users'] input[name=password]", "browser pass 1")
    pg.select_option("form[action='/admin/users'] select[name=role]", "viewer")
    pg.click("form[action='/admin/users'] button[type=submit]")
    pg.wait_for_selector("tr[data-user=browser_user]")
    shot(pg, "90-users")
    pg.click("form[action='/logout'] button")
    pg.wait_for_url(re.compile(r".*/$"))


def test_user_defined_group_in_the_region_selector(page: tuple[Any, Console], web_settings: Any) -> None:
    """A group the user saved is offered by the selector and, chosen there, opens like a region."""
    from ipatlas.regions.groups import delete_group, save_group

    pg, _ = page
    save_group(web_settings, "G:test-browser", "浏览器测试组", ["500112", "500105"])
    try:
        log_in(pg)
        pg.goto("/dashboard?region=500000&year=2022")
        wait_ready(pg)
        pg.select_option("select[data-role=region-select]", "G:test-browser")
        pg.wait_for_url(re.compile(r".*region=G(%3A|:)test-browser.*"))
        wait_ready(pg)
        assert "浏览器测试组" in pg.text_content("h1")
        assert pg.locator("div.cards:not(.key) .card").count() == 7
        assert "未找到区域分组" not in pg.text_content("body")
        shot(pg, "12-dashboard-user-group")
    finally:
        delete_group(web_settings, "G:test-browser")


def test_plan_pdf_upload_review_and_import(page: tuple[Any, Console], tmp_path: Path) -> None:
    """An analyst uploads a plan as a printed PDF, checks the parse on the review page and imports
    it into the ledger; what the page shows is what the library parses from the same text."""
    from ipatlas.plans import parse_plan
    from pdf_print import print_pdf

    source = Path(__file__).parents[1] / "plans" / "external" / "o_suzhou_gsj_2009.txt"
    pdf = tmp_path / "苏州商标战略.pdf"
    pdf.write_bytes(print_pdf(source.read_text("utf-8")))
    want = parse_plan(pdf)
    assert want.targets  # the excerpt states targets: the review table below must list them
    pg, _ = page
    log_in(pg)
    pg.goto("/plans/new")
    pg.set_input_files("input[name=file]", str(pdf))
    pg.click("button:has-text('解析并核对')")
    pg.wait_for_selector("#review-form")
    assert pg.input_value("input[name=title]") == want.title
    assert pg.locator("tr[data-target-row]").count() == len(want.targets)
    assert f"量化目标（{len(want.targets)} 项）" in pg.text_content("body")
    shot(pg, "plans-review-pdf")
    pg.click("button:has-text('确认导入台账')")
    pg.wait_for_url(re.compile(r".*/plans/\d+$"))
    assert want.title in pg.text_content("body")
    shot(pg, "plans-imported-pdf")
