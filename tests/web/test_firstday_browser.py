"""First day at the office, in real Chromium: every menu item as viewer, analyst and admin, at 1366 px
and at 390 px, for the default year and for a county. No page is empty, shows an English label,
overflows the screen or logs a console error. The national map has all 34 provincial-level units and
the South China Sea dashed line; the API docs load offline; the region picker finds 渝北 by initials."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

import pytest
from webhelpers import ARGS, ARTIFACTS, CHROMIUM, PASSWORDS

pytestmark = pytest.mark.browser

COUNTY = "500112"  # 渝北区
# Abbreviations and names that are Chinese usage (区位熵 LQ, 显示性比较优势 RTA, …), not English labels.
ALLOWED = {
    "LQ", "RTA", "LISA", "IPC", "PNG", "SVG", "XLSX", "CSV", "DOCX", "PDF", "HTML", "JSON", "API", "Moran",
    "Jenks", "WIPO", "CNIPA", "TOPSIS", "OpenAPI", "ipatlas", "Word", "PCT", "HHI", "SEI", "COINr", "TXT",
    "incoPat", "PatSnap", "Getis", "Ord", "Excel", "WPS", "GDP", "R&D", "CR",
}  # fmt: skip
ENGLISH = re.compile(r"[A-Za-z][A-Za-z_]{2,}")


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


def _session(browser: Any, base: str, role: str, width: int) -> tuple[Any, Any, list[str]]:
    ctx = browser.new_context(base_url=base, viewport={"width": width, "height": 900}, locale="zh-CN")
    pg = ctx.new_page()
    errors: list[str] = []
    pg.on("console", lambda m: errors.append(f"{m.type}: {m.text}") if m.type == "error" else None)
    pg.on("pageerror", lambda e: errors.append(f"pageerror: {e}"))
    pg.set_default_timeout(20_000)
    pg.goto("/login")
    pg.fill("input[name=username]", role)
    pg.fill("input[name=password]", PASSWORDS[role])
    pg.click("button[type=submit]")
    pg.wait_for_url(re.compile(r".*/dashboard.*"))
    return ctx, pg, errors


def _problems(pg: Any, width: int, username: str) -> list[str]:
    out = []
    scroll = pg.evaluate("document.documentElement.scrollWidth")
    if scroll > width + 1:
        out.append(f"overflow {scroll - width}px")
    # Identifiers and citations (import numbers, file names, application numbers, source titles) are
    # marked translate="no": they are data, not labels.
    main = pg.evaluate(
        """() => { const root = (document.querySelector('main, .container') || document.body).cloneNode(true);
          root.querySelectorAll('[translate=no], script, code.id').forEach(e => e.remove());
          document.body.appendChild(root); root.style.display = 'block';
          const t = root.innerText; root.remove(); return t; }"""
    )
    words = {w for w in ENGLISH.findall(main) if w not in ALLOWED and w != username}
    if words:
        out.append("English: " + ", ".join(sorted(words)[:10]))
    content = pg.evaluate(
        "document.querySelectorAll('table tbody tr td:not(.empty), .chart canvas, .card, form.review, "
        "[data-role=industry-missing], [data-role=focus-note], [data-role=explains]').length"
    )
    # A page shows data, or says precisely what is missing and how to supply it (data-role=explains).
    if len(main.strip()) < 120 or "还没有专利数据" in main or content == 0:
        out.append("empty page")
    return out


@pytest.mark.parametrize("role", ["viewer", "analyst", "admin"])
def test_every_menu_item_at_desk_and_phone_width(browser: Any, live_server: str, role: str) -> None:
    failures: list[str] = []
    for width in (1366, 390):
        ctx, pg, errors = _session(browser, live_server, role, width)
        menu = pg.eval_on_selector_all("[data-nav]", "els => els.map(e => e.getAttribute('href'))")
        assert "/dashboard" in menu and "/map" in menu
        assert ("/data" in menu) == (role != "viewer")  # viewers never see 数据管理
        county = ("/dashboard", "/map", "/resources", "/industry", "/evaluation", "/monitor", "/records")
        # The domain desks (protection, market, operations, litigation) and the anonymous portal have
        # their own Chromium tests; this walk covers the resource-base pages of the first day.
        own_tests = ("/portal", "/protection", "/market", "/operations", "/litigation", "/judgments")
        menu = [h for h in menu if not h.startswith(own_tests)]
        targets = menu + [f"{href}?region={COUNTY}" for href in county]
        for href in targets:
            errors.clear()
            res = pg.goto(href)
            if res is None or res.status != 200:
                failures.append(f"{role} {width}px {href}: HTTP {res.status if res else '?'}")
                continue
            pg.wait_for_selector("body[data-ready='1']", state="attached")
            if href.startswith("/map"):
                pg.wait_for_selector("body[data-map-ready='1']", state="attached")
            for p in _problems(pg, width, role):
                failures.append(f"{role} {width}px {href}: {p}")
            if errors:
                failures.append(f"{role} {width}px {href}: console {errors[:2]}")
        if width == 390:
            pg.goto("/map")
            pg.wait_for_selector("body[data-map-ready='1']", state="attached")
            pg.screenshot(path=str(ARTIFACTS / f"fd-{role}-390-map.png"))
        ctx.close()
    assert not failures, "\n".join(failures)


def test_viewer_cannot_open_data_management(browser: Any, live_server: str) -> None:
    ctx, pg, _ = _session(browser, live_server, "viewer", 1366)
    res = pg.goto("/data")
    assert res is not None and res.status == 403
    assert "/data" not in (pg.text_content("main, .container") or "")
    ctx.close()


def test_national_map_has_every_province_and_the_dashed_line(browser: Any, live_server: str) -> None:
    ctx, pg, errors = _session(browser, live_server, "analyst", 1366)
    pg.goto("/map?region=100000")
    pg.wait_for_selector("body[data-map-ready='1']", state="attached")
    drawn = pg.evaluate(
        """() => {
          const geo = echarts.getMap(window.ipatlas.charts[0].getOption().series[0].map).geoJSON;
          return geo.features.map(f => [f.properties.name, f.properties.level, f.geometry.type]);
        }"""
    )
    provinces = {name for name, level, _ in drawn if level == "province"}
    assert len(provinces) == 34 and {"台湾省", "香港特别行政区", "澳门特别行政区", "海南省"} <= provinces
    assert any(name == "南海断续线" and "LineString" in gtype for name, _, gtype in drawn)
    series = pg.evaluate("window.ipatlas.charts[0].getOption().series[0].data.map(d => d.name)")
    assert {"710000", "810000", "820000"} <= set(series)
    pg.screenshot(path=str(ARTIFACTS / "fd-national-map.png"))
    assert not errors
    ctx.close()


def test_api_docs_load_offline(browser: Any, live_server: str) -> None:
    ctx, pg, errors = _session(browser, live_server, "analyst", 1366)
    outside: list[str] = []

    def block(route: Any) -> None:
        if route.request.url.startswith(live_server):
            route.continue_()
        else:
            outside.append(route.request.url)
            route.abort()

    pg.route("**/*", block)
    pg.goto("/api/docs")
    pg.wait_for_selector(".swagger-ui .info .title")
    assert "知识产权资源布局信息平台" in pg.text_content(".swagger-ui .info .title")
    assert not outside and not errors
    ctx.close()


def test_region_picker_finds_a_county_by_initials(browser: Any, live_server: str) -> None:
    ctx, pg, errors = _session(browser, live_server, "analyst", 390)
    pg.goto("/records")
    pg.wait_for_selector("body[data-ready='1']", state="attached")
    box = pg.locator("#record-filters [data-region-picker]")
    box.locator(".rp-input").fill("ybq")
    pg.wait_for_selector("#record-filters .rp-list li[data-code='500112']")
    pg.locator("#record-filters .rp-list li[data-code='500112']").dispatch_event("mousedown")
    assert box.locator(".rp-value").input_value() == "500112"
    assert box.locator(".rp-input").input_value() == "渝北区"
    pg.click("#record-filters button[type=submit]")
    pg.wait_for_url(re.compile(r".*region=500112.*"))
    assert not errors
    ctx.close()
