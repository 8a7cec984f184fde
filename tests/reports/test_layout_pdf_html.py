"""The layout report as PDF (WeasyPrint) and HTML: CJK fonts embedded, TOC with page numbers,
running header, page numbers, demo label; a rendered page is kept in test-artifacts/ for a person."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest

from ipatlas import DEMO_LABEL
from ipatlas.reports.layout import CHAPTERS

pytestmark = pytest.mark.skipif(
    shutil.which("pdftotext") is None, reason="poppler-utils (pdftotext) not installed"
)


def _text(pdf: Path, *pages: int) -> str:
    args = ["pdftotext", "-layout"]
    if pages:
        args += ["-f", str(pages[0]), "-l", str(pages[-1])]
    return subprocess.run([*args, str(pdf), "-"], capture_output=True, text=True, check=True).stdout


def test_pdf_embeds_cjk_fonts(layout_pdf: Path) -> None:
    fonts = subprocess.run(["pdffonts", str(layout_pdf)], capture_output=True, text=True, check=True).stdout
    assert "Noto-Serif-CJK-SC" in fonts and "Noto-Sans-CJK-SC" in fonts
    # every font embedded (no reliance on the reader's fonts → no tofu on another machine)
    for line in fonts.splitlines()[2:]:
        assert " yes " in line, line


def test_cover_toc_and_pages(layout_pdf: Path) -> None:
    cover = _text(layout_pdf, 1)
    assert "重庆市知识产权区域布局分析报告" in cover and DEMO_LABEL in cover
    toc = _text(layout_pdf, 2)
    assert "目" in toc and "录" in toc
    # TOC entries with dot leaders and page numbers (target-counter)
    for i, chapter in enumerate(CHAPTERS[:3]):
        assert re.search(rf"{'一二三'[i]}、{chapter}\s*\.{{5,}}\s*\d+", toc), chapter
    # the body starts on the first page after the TOC (which may run over two pages)
    page = 3
    while re.search(r"\.{5,}\s*\d+", _text(layout_pdf, page)):
        page += 1
        assert page < 6, "the TOC runs over more than three pages"
    first_body = _text(layout_pdf, page)
    assert "一、总体态势" in first_body
    assert re.search(r"—\s*1\s*—", first_body), "body page numbering restarts at 1"
    assert "知识产权区域布局分析报告（2025年度）" in first_body  # running header
    full = _text(layout_pdf)
    for n, chapter in zip("一二三四五六七", CHAPTERS, strict=True):
        assert f"{n}、{chapter}" in full


def test_every_figure_caption_labelled_demo(layout_pdf: Path, layout_report: Any) -> None:
    full = _text(layout_pdf)
    captions = re.findall(r"图\d+\s+.*", full)
    assert len({c.split()[0] for c in captions}) >= len(layout_report.figures)
    for fig in layout_report.figures:
        assert DEMO_LABEL in fig.title


def test_rendered_page_image_kept(layout_pdf: Path, artifacts: Path) -> None:
    """Render the first body page as PNG for a person to look at (test-artifacts/layout-page-3.png)."""
    if shutil.which("pdftoppm") is None:
        pytest.skip("pdftoppm not installed")
    prefix = artifacts / "layout-page"
    subprocess.run(
        ["pdftoppm", "-r", "80", "-png", "-f", "1", "-l", "8", str(layout_pdf), str(prefix)], check=True
    )
    pages = sorted(artifacts.glob("layout-page-*.png"))
    assert len(pages) >= 8
    assert all(p.stat().st_size > 5000 for p in pages)


def test_html_is_self_contained(layout_report: Any, tmp_path: Path) -> None:
    from ipatlas.reports.render_html import render_html

    out = render_html(layout_report, tmp_path / "r.html")
    html = out.read_text("utf-8")
    assert html.count("data:image/png;base64,") == len(layout_report.figures)
    assert 'lang="zh-CN"' in html and DEMO_LABEL in html
    assert '<h1 id="ch1">一、总体态势</h1>' in html
    assert 'src="http' not in html  # nothing fetched from outside (intranet use)
