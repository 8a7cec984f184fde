"""The layout report as DOCX: real headings, TOC field, captions with SEQ fields, page numbers,
East Asian fonts, the 演示数据 label — and figures equal to the cube's."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import docx
import pytest
from docx.oxml.ns import qn

from ipatlas import DEMO_LABEL
from ipatlas.reports.layout import CHAPTERS

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def _instr(element: Any) -> list[str]:
    return [t.text.strip() for t in element.iter(f"{W}instrText")]


@pytest.fixture(scope="module")
def doc(layout_docx: Path) -> Any:
    return docx.Document(str(layout_docx))


def test_headings_are_real_heading_styles(doc: Any) -> None:
    h1 = [p.text for p in doc.paragraphs if p.style.name == "Heading 1"]
    numbered = [f"{n}、{c}" for n, c in zip("一二三四五六七", CHAPTERS, strict=True)]
    assert h1[:7] == numbered
    assert h1[7].startswith("附录")
    assert sum(p.style.name == "Heading 2" for p in doc.paragraphs) >= 10
    # Heading styles keep their outline level (Word's navigation pane) and Chinese fonts.
    for level in (1, 2, 3):
        style = doc.styles[f"Heading {level}"]
        rfonts = style.element.rPr.find(qn("w:rFonts"))
        assert rfonts.get(qn("w:eastAsia")) == "黑体"
        assert rfonts.get(qn("w:asciiTheme")) is None
    normal = doc.styles["Normal"].element.rPr.find(qn("w:rFonts"))
    assert normal.get(qn("w:eastAsia")) == "宋体"


def test_toc_field_and_update_on_open(doc: Any) -> None:
    body = doc.element.body
    assert 'TOC \\o "1-3" \\h \\z \\u' in _instr(body)
    toc_entries = [p.text for p in doc.paragraphs if p.style.name.startswith("TOC ")]
    assert "一、总体态势" in toc_entries
    assert doc.settings.element.find(qn("w:updateFields")).get(qn("w:val")) == "true"


def test_captions_with_seq_fields(doc: Any, layout_report: Any) -> None:
    captions = [p for p in doc.paragraphs if p.style.name == "Caption"]
    figs = [p for p in captions if p.text.startswith("图")]
    tabs = [p for p in captions if p.text.startswith("表")]
    assert len(figs) == len(layout_report.figures) >= 8
    assert len(tabs) == len(layout_report.tables) >= 6
    for i, p in enumerate(figs, start=1):
        assert "SEQ 图 \\* ARABIC" in _instr(p._p)
        assert p.text.startswith(f"图{i}")
        assert DEMO_LABEL in p.text  # every figure caption carries the demo label
    for i, p in enumerate(tabs, start=1):
        assert "SEQ 表 \\* ARABIC" in _instr(p._p)
        assert p.text.startswith(f"表{i}")
    # images really embedded, one per figure
    assert len(doc.inline_shapes) == len(figs)


def test_page_numbers_and_sections(doc: Any) -> None:
    assert len(doc.sections) == 3  # cover, contents, body
    body = doc.sections[2]
    assert "PAGE" in _instr(body.footer._element)
    assert body._sectPr.find(qn("w:pgNumType")).get(qn("w:start")) == "1"
    assert "PAGE" in _instr(doc.sections[1].footer._element)
    assert doc.sections[1]._sectPr.find(qn("w:pgNumType")).get(qn("w:fmt")) == "upperRoman"
    assert "知识产权区域布局分析报告" in body.header.paragraphs[0].text


def test_cover_says_demo_data(doc: Any) -> None:
    cover = []
    for p in doc.paragraphs:
        if p.style.name == "TOC Heading":
            break
        cover.append(p.text)
    text = "\n".join(cover)
    assert "重庆市知识产权区域布局分析报告" in text and f"【{DEMO_LABEL}】" in text


def test_tables_have_units_and_sources(doc: Any) -> None:
    headers = [" ".join(c.text for c in t.rows[0].cells) for t in doc.tables]
    assert any("（件）" in h for h in headers)
    notes = [p.text for p in doc.paragraphs if p.style.name == "Source Note"]
    assert sum(n.startswith("资料来源：") for n in notes) >= len(doc.tables)


def test_narrative_and_tables_equal_the_cube(doc: Any, cube_settings: Any) -> None:
    from ipatlas.indicators import ranking, show

    cube = {r["id"]: r for r in show(cube_settings, "500000", 2025)}
    prev = {r["id"]: r for r in show(cube_settings, "500000", 2024)}
    text = "\n".join(p.text for p in doc.paragraphs)
    inv = cube["inv_per_10k_pop"]["value"]
    valid = cube["pat_valid_invention"]["value"]
    apps = cube["pat_app_total"]["value"]
    assert f"有效发明专利{valid:.0f}件" in text
    assert f"每万人口发明专利拥有量{inv:.2f}件" in text
    delta = inv - prev["inv_per_10k_pop"]["value"]
    assert f"较上年{'增加' if delta > 0 else '减少'}{abs(delta):.2f}件" in text
    assert f"专利申请{apps:.0f}件" in text
    # progress against the plan target (1.0 by 2027; baseline = first year of the series)
    assert "对照测试规划提出的到2027年达到1.00件的目标" in text
    assert re.search(r"按线性进度2025年应达到\d+\.\d{2}件，进度(正常|滞后)。", text)
    # Table 1 (key indicators): the year column equals the cube for every row.
    t1 = doc.tables[0]
    by_name = {row.cells[0].text: row.cells for row in t1.rows[1:]}
    for iid in ("pat_app_total", "pat_valid_invention", "inv_per_10k_pop", "pat_grant_total"):
        cells = by_name[cube[iid]["name"]]
        decimals = 0 if cube[iid]["unit"] == "件" else 2
        assert cells[3].text == f"{cube[iid]['value']:.{decimals}f}", iid
        assert cells[2].text == f"{prev[iid]['value']:.{decimals}f}", iid
    # County table: every county's value and rank equal ranking().
    rk = ranking(cube_settings, "county", "500000", 2025, "inv_per_10k_pop")
    county_table = next(
        t
        for t in doc.tables
        if "每万人口发明专利拥有量（件/万人）" in t.rows[0].cells[2].text
        or "每万人口发明专利拥有量" in t.rows[0].cells[2].text
    )
    shown = {row.cells[1].text: (row.cells[0].text, row.cells[2].text) for row in county_table.rows[1:]}
    valued = [r for r in rk if r["value"] is not None]
    assert len(shown) == len(valued)
    for r in valued:
        assert shown[r["region_name"]][1] == f"{r['value']:.2f}"
    top = valued[0]
    assert re.search(rf"居前三位的是{top['region_name']}（{top['value']:.2f}件）", text)


def test_top_applicants_agree_with_cube_concentration(layout_data: Any, cube_settings: Any) -> None:
    """Cross-check: the top-10 table (lake SQL) against the cube's top10_applicant_share."""
    from ipatlas.indicators import show

    cube = {r["id"]: r["value"] for r in show(cube_settings, "500000", 2025)}
    top10 = sum(a.count for a in layout_data.applicants[:10])
    assert top10 / cube["pat_app_total"] * 100 == pytest.approx(cube["top10_applicant_share"], abs=1e-6)


def test_appendix_traces_every_figure(doc: Any, layout_report: Any) -> None:
    appendix_tables = doc.tables[-2:]
    names = {row.cells[0].text for row in appendix_tables[0].rows[1:]}
    assert {"每万人口发明专利拥有量", "有效发明专利量（发明专利拥有量）", "专利申请量"} <= names
    where = {row.cells[0].text for row in appendix_tables[1].rows[1:]}
    for fig in layout_report.figures:
        assert fig.label in where, f"{fig.label} has no query in the appendix"
    queries = " ".join(row.cells[2].text for row in appendix_tables[1].rows[1:])
    assert "平台指标数据：地区代码 500000，2025 年" in queries
    assert "ipatlas " not in queries and "--" not in queries  # no command line in a report
