"""The portal in real Chromium with JavaScript disabled: search, open an article, follow a
citation link, use the keyboard, and fit a 390-px-wide phone screen."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from portalhelpers import ROOT

from ipatlas.config import Settings
from ipatlas.web import create_app

pytestmark = pytest.mark.browser
CHROMIUM = Path("/usr/bin/chromium")
ARTIFACTS = ROOT / "test-artifacts" / "portal"
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking"]


@pytest.fixture(scope="module")
def live_portal(portal_settings: Settings) -> Iterator[str]:
    from webhelpers import serve_in_thread

    app = create_app(portal_settings)
    with serve_in_thread(app) as url:
        yield url


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


@pytest.fixture()
def phone(browser: Any, live_portal: str) -> Iterator[Any]:
    ctx = browser.new_context(
        base_url=live_portal,
        viewport={"width": 390, "height": 844},
        locale="zh-CN",
        java_script_enabled=False,
    )
    page = ctx.new_page()
    page.set_default_timeout(20_000)
    yield page
    ctx.close()


def _page_width(page: Any, name: str) -> int:
    """Width of the full-page screenshot: wider than the viewport means horizontal scrolling
    (measured without JavaScript, which is off)."""
    png = page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)
    return int.from_bytes(png[16:20], "big")


def test_search_article_and_citation_without_javascript(phone: Any) -> None:
    phone.goto("/portal")
    assert phone.locator("h1").first.inner_text() == "知识产权公共服务门户"
    phone.get_by_label("检索政策法规（标题或条文）").fill("商标使用许可包括以下三类")
    phone.keyboard.press("Enter")  # the form submits without any script
    phone.wait_for_url("**/portal/policies?q=*")
    first = phone.locator("ol.hits li a").first
    assert "最高人民法院关于审理商标民事纠纷案件适用法律若干问题的解释" in first.inner_text()
    marks = phone.locator("ol.hits li").first.locator("mark").all_inner_texts()
    assert "商标使用许可包括以下三类" in marks
    assert _page_width(phone, "01-search-390") <= 390
    first.click()
    assert "第三条" in phone.locator("h1").inner_text()
    phone.locator("a.cite", has_text="商标法第四十三条").first.click()
    phone.wait_for_url("**#art-43")
    assert phone.locator("#art-43").is_visible()
    assert phone.locator("h1").inner_text() == "中华人民共和国商标法"
    assert _page_width(phone, "02-law-390") <= 390


def test_keyboard_skip_link_and_labels(phone: Any) -> None:
    phone.goto("/portal/complaint")
    phone.keyboard.press("Tab")
    focused = phone.locator(":focus")
    assert focused.inner_text() == "跳到正文"
    # Every visible form control has a label.
    for control in (
        "kind",
        "name",
        "phone",
        "right_type",
        "right_number",
        "respondent",
        "address",
        "description",
    ):
        assert phone.locator(f"label[for={control}]").count() == 1
    assert not phone.locator("#website").is_visible() or phone.locator("#website").bounding_box()["x"] < 0
    for i, url in enumerate(("/portal/stats", "/portal/policies", "/portal/complaint", "/portal/cases")):
        phone.goto(url)
        assert _page_width(phone, f"03-page{i}-390") <= 390, url


def test_public_cases_judgment_summary_and_cited_by_without_javascript(phone: Any) -> None:
    """公开案例 lists the typical cases and judgment summaries with natural persons masked; a
    summary links the provisions it applied to the library; the article lists the judgment."""
    phone.goto("/portal/cases")
    typical = phone.locator("#typical")
    assert "（2013）赣民三终字第21号" in typical.inner_text()
    assert "李菊红" not in phone.content() and "周福强" not in phone.content()
    assert _page_width(phone, "04-cases-390") <= 390
    phone.locator("#judgments a", has_text="（2015）鄂孝感中知初字第00038号").click()
    assert phone.locator("h1").inner_text() == "（2015）鄂孝感中知初字第00038号"
    assert "周**" in phone.locator("table").first.inner_text()
    assert _page_width(phone, "05-judgment-390") <= 390
    phone.locator("#laws-cited a", has_text="《中华人民共和国商标法》第五十七条").click()
    assert phone.locator("h1").inner_text() == "中华人民共和国商标法 第五十七条"
    phone.locator("a", has_text="（2015）鄂孝感中知初字第00038号（孝感市中级人民法院）").click()
    phone.wait_for_url("**/portal/judgments/*")
    assert phone.locator("h1").inner_text() == "（2015）鄂孝感中知初字第00038号"
