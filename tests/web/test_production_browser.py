"""后台导出 in real Chromium at phone width: the button starts a job, a progress bar follows it (no
inline script: the page's CSP would refuse one), then a download link gives the file."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from webhelpers import ARGS, CHROMIUM, PASSWORDS

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    if not CHROMIUM.exists():
        pytest.fail("Chromium not found at /usr/bin/chromium: install the Debian package `chromium`")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        b = pw.chromium.launch(executable_path=str(CHROMIUM), args=ARGS, headless=True)
        yield b
        b.close()


def test_background_export_shows_progress_then_a_download(browser: Any, live_server: str) -> None:
    ctx = browser.new_context(base_url=live_server, viewport={"width": 390, "height": 800}, locale="zh-CN")
    pg = ctx.new_page()
    errors: list[str] = []
    pg.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    pg.on("pageerror", lambda e: errors.append(str(e)))
    pg.set_default_timeout(30_000)
    pg.goto("/login")
    pg.fill("input[name=username]", "analyst")
    pg.fill("input[name=password]", PASSWORDS["analyst"])
    pg.click("button[type=submit]")
    pg.wait_for_url(re.compile(r".*/dashboard.*"))
    pg.goto("/records?region=500000")
    errors.clear()  # only what this page and the export do
    total = int(pg.get_attribute("[data-total]", "data-total") or 0)
    assert total > 0
    pg.click("text=后台导出全部（CSV）")
    bar = pg.wait_for_selector("progress[data-role=export-bar]", state="attached")
    assert bar is not None and bar.get_attribute("max") == "100"
    link = pg.wait_for_selector("[data-role=export-ready]")
    assert link is not None and f"{total:,}" in link.inner_text() and "CSV" in link.inner_text()
    with pg.expect_download() as dl:
        link.click()
    path = dl.value.path()
    lines = Path(path).read_text("utf-8-sig").splitlines()
    assert len(lines) - (2 if lines[0].startswith("演示数据") else 1) == total
    assert errors == [], errors
    ctx.close()
