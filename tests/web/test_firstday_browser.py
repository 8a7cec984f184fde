"""First day at the office, in real Chromium: every menu item as viewer, analyst and admin, at 1366 px
and at 390 px, for the default year and for a county. No page is empty, shows an English label,
overflows the screen or logs a console error. The national map has all 34 provincial-level units and
the South China Sea dashed line; the API docs load offline; the region picker finds 渝北 by initials."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

import pytest
from playwright.sync_api import TimeoutError as PlaywrightTimeout
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


@pytest.fixture(scope="module")
def desk_users(web_settings: Any) -> None:
    """Users of the desk roles whose menu items nobody else has (created once per module)."""
    from ipatlas.errors import NotFoundError
    from ipatlas.store import workflow
    from ipatlas.store.models import UserCreate

    with workflow.workflow_session(web_settings) as session:
        for role in ("clerk", "agency"):
            try:
                workflow.get_user(session, username=role)
            except NotFoundError:
                user = UserCreate(username=role, password=PASSWORDS["unit"], role=role)  # type: ignore[arg-type]
                workflow.create_user(session, user)


def _session(browser: Any, base: str, role: str, width: int) -> tuple[Any, Any, list[str]]:
    ctx = browser.new_context(base_url=base, viewport={"width": width, "height": 900}, locale="zh-CN")
    pg = ctx.new_page()
    errors: list[str] = []
    pg.on("console", lambda m: errors.append(f"{m.type}: {m.text}") if m.type == "error" else None)
    pg.on("pageerror", lambda e: errors.append(f"pageerror: {e}"))
    pg.set_default_timeout(20_000)
    pg.goto("/login")
    pg.fill("input[name=username]", role)
    pg.fill("input[name=password]", PASSWORDS.get(role, PASSWORDS["unit"]))
    pg.click("button[type=submit]")
    pg.wait_for_url(lambda url: "/login" not in url)
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
        "form select, form textarea, form input:not([type=hidden]):not([type=submit]), "
        "[data-role=industry-missing], [data-role=focus-note], [data-role=explains]').length"
    )
    explained = pg.evaluate("document.querySelectorAll('[data-role=explains]').length")
    # A page shows data, or says precisely what is missing and how to supply it (data-role=explains).
    if (len(main.strip()) < 120 and not explained) or "还没有专利数据" in main or content == 0:
        out.append("empty page")
    return out


# The domain desks' own menus (protection, market, litigation) and the operations desk's links.
DESK_MENUS = "nav.pnav a, nav.mk-nav a, nav.lit-sub a, main a[href^='/operations/']"
DESKS = ("/protection", "/market", "/operations", "/litigation", "/portal")
# Pages whose county view is asked for: the resource-base pages and every desk's front page.
COUNTY_PAGES = ("/dashboard", "/map", "/resources", "/industry", "/evaluation", "/monitor", "/records")
COUNTY_DESKS = (
    "/protection/board",
    "/protection/stats",
    "/market",
    "/market/leads",
    "/operations",
    "/litigation",
)


READY = (
    "document.body.dataset.ready === '1' || (document.readyState === 'complete'"
    " && !document.querySelector('script[src*=\"/static/app.js\"]'))"
)


TABS = 3  # pages loading at once in one role's browser context (the server answers them together)


def _check(pg: Any, href: str, who: str, status: int | None, errors: list[str], failures: list[str]) -> None:
    """One loaded page: checked at 1366 px, then laid out again at 390 px (overflow)."""
    if status != 200:
        failures.append(f"{who} {href}: HTTP {status}")
        return
    try:
        pg.wait_for_function(READY, timeout=10_000)
        if href.startswith("/map"):
            pg.wait_for_selector("body[data-map-ready='1']", state="attached")
    except PlaywrightTimeout:
        failures.append(f"{who} {href}: page never ready {errors[:2]}")
        return
    for p in _problems(pg, 1366, who):
        failures.append(f"{who} 1366px {href}: {p}")
    pg.set_viewport_size({"width": 390, "height": 844})
    pg.evaluate("() => new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)))")
    scroll = pg.evaluate("document.documentElement.scrollWidth")
    if scroll > 391:
        failures.append(f"{who} 390px {href}: overflow {scroll - 390}px")
    if errors:
        failures.append(f"{who} {href}: console {errors[:2]}")


def _walk(browser: Any, base: str, role: str, failures: list[str]) -> list[str]:
    """Every menu item and every desk's own menu item, then the county views: one browser context
    per role, a few tabs loading at once; each page is checked at 1366 px and at 390 px."""
    ctx, first, _ = _session(browser, base, role, 1366)
    menu = first.eval_on_selector_all("[data-nav]", "els => els.map(e => e.getAttribute('href'))")
    first.close()
    tabs: list[tuple[Any, list[str]]] = []
    for _ in range(TABS):
        pg = ctx.new_page()
        errs: list[str] = []
        pg.on(
            "console", lambda m, errs=errs: errs.append(f"{m.type}: {m.text}") if m.type == "error" else None
        )
        pg.on("pageerror", lambda e, errs=errs: errs.append(f"pageerror: {e}"))
        pg.set_default_timeout(20_000)
        tabs.append((pg, errs))
    todo = [h for h in menu if h]
    done: set[str] = set()
    county_done = False
    while todo:
        batch: list[str] = []
        while todo and len(batch) < TABS:
            href = todo.pop(0)
            if href not in done:
                done.add(href)
                batch.append(href)
        started = []
        for (pg, errs), href in zip(tabs, batch, strict=False):
            errs.clear()
            pg.set_viewport_size({"width": 1366, "height": 900})
            started.append((pg, errs, href, pg.goto(href, wait_until="commit")))
        for pg, errs, href, res in started:
            pg.wait_for_load_state("load")
            _check(pg, href, role, res.status if res else None, errs, failures)
            if href.startswith(DESKS) and "?" not in href:
                subs = pg.eval_on_selector_all(DESK_MENUS, "els => els.map(e => e.getAttribute('href'))")
                todo += [h for h in subs if h and h.startswith("/") and "." not in h and h not in done]
        if not todo and not county_done:
            county_done = True
            todo = [f"{h}?region={COUNTY}" for h in (*COUNTY_PAGES, *COUNTY_DESKS) if h in done]
    if "/map" in done:
        pg = tabs[0][0]
        pg.set_viewport_size({"width": 390, "height": 844})
        pg.goto("/map")
        pg.wait_for_selector("body[data-map-ready='1']", state="attached")
        pg.screenshot(path=str(ARTIFACTS / f"fd-{role}-390-map.png"))
    ctx.close()
    return sorted(done)


@pytest.mark.parametrize("role", ["viewer", "analyst", "admin"])
def test_every_menu_item_at_desk_and_phone_width(browser: Any, live_server: str, role: str) -> None:
    failures: list[str] = []
    seen = _walk(browser, live_server, role, failures)
    assert "/dashboard" in seen and "/map" in seen
    assert ("/data" in seen) == (role != "viewer")  # viewers never see 数据管理
    # The domain desks and their own menus are walked too (not left to their own tests).
    for desk in ("/protection/board", "/protection/stats", "/market/leads", "/market/credit", "/operations"):
        assert desk in seen, (desk, seen)
    assert "/litigation/typical" in seen and f"/market?region={COUNTY}" in seen
    assert not failures, "\n".join(failures)


@pytest.mark.parametrize("role", ["clerk", "unit", "agency"])
def test_desk_roles_walk_their_own_menus(browser: Any, live_server: str, desk_users: None, role: str) -> None:
    # Menu items only some roles have: 我的待办/受理登记 (clerk), 我的任务/移送案件 (unit), 商机线索 (agency).
    failures: list[str] = []
    seen = _walk(browser, live_server, role, failures)
    expected = {"clerk": "/protection/new", "unit": "/plans/my", "agency": "/litigation/leads"}[role]
    assert expected in seen, seen
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


def test_charts_print_years_as_years_and_never_overlap_labels(browser: Any, live_server: str) -> None:
    # Issue 19 §5: years on an axis are "2020", not "2,020"; category labels hide or rotate
    # rather than overlap, at phone width too.
    ctx, pg, errors = _session(browser, live_server, "analyst", 390)
    pg.goto("/monitor")
    pg.wait_for_selector("body[data-ready='1']", state="attached")
    pg.wait_for_function("window.ipatlas && window.ipatlas.charts.length > 0")
    axes = pg.evaluate(
        """() => window.ipatlas.charts.map(c => (c.getOption().xAxis || []).map(a =>
             ({type: a.type, show: a.show !== false, data: (a.data || []).map(String),
               label: a.axisLabel || {}})))"""
    )
    category = [a for chart in axes for a in chart if a["type"] == "category"]
    years = [a for a in category if a["data"] and all(re.fullmatch(r"\d{4}", x) for x in a["data"])]
    assert years, axes
    for a in category:
        assert not any(re.fullmatch(r"\d,\d{3}", x) for x in a["data"])
        label = a["label"]
        # every label forced (interval 0) only when labels rotate or are cut to a width
        forced = label.get("interval") == 0 and not (label.get("rotate") or label.get("width"))
        assert not a["show"] or label.get("hideOverlap") or not forced, a
    text = pg.text_content("main, .container") or ""
    assert not re.search(r"(?<![\d,])(19|20)\d,\d{3}年", text)  # no "2,020年"
    assert not errors
    ctx.close()
