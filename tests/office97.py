"""What the legacy-Office fixtures hold (tests/fixtures/office97): one definition, used by
``scripts/make_office97_fixtures.py`` to write the XLSX/DOCX that LibreOffice converts to .xls/.doc,
and by the tests to build the same workbook or document now and compare what the readers make of
both. The content is constructed for the tests (no shared data is copied)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import openpyxl

FIXTURES = Path(__file__).parent / "fixtures" / "office97"

# Each workbook: sheet name → rows (a formula string starting with = is evaluated by LibreOffice).
CELLS: dict[str, list[list[Any]]] = {
    "数值与日期": [
        ["地区", "年份", "数量", "金额（万元）", "日期", "时间", "是否", "公式", "空"],
        [
            "黔江区",
            2023,
            123,
            4567.5,
            dt.date(2023, 5, 1),
            dt.datetime(2023, 12, 31, 8, 30),
            True,
            "=1/0",
            None,
        ],
        [
            "渝中区",
            2024,
            0,
            -0.25,
            dt.date(1999, 12, 31),
            dt.datetime(2024, 2, 29, 23, 59, 59),
            False,
            "=2+3",
            None,
        ],
        ["𠀀𪚥 扩展B区字与表情😀", "２０２４", "1,234.5", "1e400", "00000000", "2023-02-30", "", "=A2", None],
    ],
    "第二页": [["甲", "乙"], [1, 2]],
}


def patent_rows() -> tuple[list[str], list[list[Any]]]:
    """The importer tests' good patents plus one row with a wrong check digit, standard layout."""
    from ingest_helpers import GOOD_PATENTS, app, patent_header  # tests/ingest (on the path there)

    header = patent_header()
    fields = list(header)
    bad = dict(GOOD_PATENTS[0], app_no="201410123456." + ("0" if app("201410123456")[-1] != "0" else "1"))
    rows = [[r.get(f, "") or None for f in fields] for r in [*GOOD_PATENTS, bad]]
    return [header[f] for f in fields], rows


INTAKE: list[list[Any]] = [
    [
        "类型",
        "知识产权类型",
        "渠道",
        "收到时间",
        "投诉人",
        "投诉人电话",
        "被投诉人",
        "被投诉人地址",
        "权利号",
        "事实与理由",
    ],
    [
        "投诉",
        "商标",
        "来访",
        dt.datetime(2025, 5, 6, 10),
        "李四",
        "13900001111",
        "甲公司",
        "重庆市万州区高笋塘1号",
        "7654321",
        "仿冒",
    ],
    ["举报", "专利", "电话", "2025-05-07", None, None, "乙公司", "重庆市涪陵区", None, "假冒专利"],
    ["投诉", "商标", "飞鸽", "2025-05-08", "王五", None, "丙公司", "重庆市", None, "x"],
]

HOLIDAYS: list[list[Any]] = [
    ["日期", "是否工作日", "说明"],
    [dt.datetime(2027, 10, 1), 0, "国庆节"],
    ["2027/10/9", 1, "国庆调休上班"],
]

# A yearbook table as printed: title, unit line, a two-row header, regions down the side.
YEARBOOK: list[list[Any]] = [
    ["表3-2 各区县地区生产总值（2023年）", None, None, None],
    ["单位：亿元", None, None, None],
    ["地区", "地区生产总值", "其中", None],
    [None, None, "第一产业增加值", "第二产业增加值"],
    ["黔江区", 290.7, 38.2, 101.5],
    ["渝中区", 1656.4, None, 163.9],
]


def write_xlsx(path: Path, sheets: dict[str, list[list[Any]]]) -> Path:
    wb = openpyxl.Workbook()
    for i, (name, rows) in enumerate(sheets.items()):
        ws = wb.active if i == 0 else wb.create_sheet()
        assert ws is not None
        ws.title = name
        for r in rows:
            ws.append(r)
    wb.save(path)
    return path


def workbooks() -> dict[str, dict[str, list[list[Any]]]]:
    """Fixture stem → its sheets."""
    header, rows = patent_rows()
    return {
        "cells": CELLS,
        "patents": {"专利": [header, *rows]},
        "intake": {"台账": INTAKE},
        "holidays": {"节假日": HOLIDAYS},
        "yearbook": {"表3-2": YEARBOOK},
    }


def write_plan_docx(path: Path) -> Path:
    """A plan with what Word documents carry: a title, numbered headings, a paragraph with a line
    break, Latin text, characters outside the BMP, a hyperlink, a page break, a task table with a
    merged cell and a cell of two paragraphs, an empty cell, and a paragraph after the table."""
    import docx
    from docx.enum.text import WD_BREAK
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    d = docx.Document()
    d.add_heading("某市知识产权强市建设实施方案（2024—2026年）", 0)
    d.add_paragraph("一、主要目标")
    d.add_paragraph("到2026年，全市每万人口高价值发明专利拥有量达到12件，商标有效注册量达到10万件。")
    d.add_paragraph("Patent Cooperation Treaty (PCT) applications: 300; 𠀀𪚥 扩展B区用字。")
    p = d.add_paragraph("详见")
    link = OxmlElement("w:hyperlink")
    link.set(
        qn("r:id"),
        d.part.relate_to(
            "https://www.cnipa.gov.cn/", docx.opc.constants.RELATIONSHIP_TYPE.HYPERLINK, is_external=True
        ),
    )
    run = OxmlElement("w:r")
    text = OxmlElement("w:t")
    text.text = "国家知识产权局网站"
    run.append(text)
    link.append(run)
    p._p.append(link)
    p.add_run("。")
    d.add_paragraph("二、重点任务\n（一）加强知识产权保护。")
    d.add_paragraph("任务分工如下：").add_run().add_break(WD_BREAK.PAGE)
    t = d.add_table(rows=4, cols=4)
    cells = [
        ["序号", "任务", "牵头单位", "完成时限"],
        ["1", "加强专利导航", "市市场监管局", "2025年底前"],
        ["2", "培育地理标志", "市农业农村局", ""],
        ["3", "建设保护中心", "市市场监管局", "持续推进"],
    ]
    for i, row in enumerate(cells):
        for j, v in enumerate(row):
            t.cell(i, j).text = v
    t.cell(2, 2).add_paragraph("市市场监管局（配合）")
    t.cell(3, 2).merge(t.cell(3, 3))
    d.add_paragraph("三、保障措施")
    d.add_paragraph("本方案自印发之日起施行。")
    d.save(path)
    return path


# An official document (公文) as printed: a centred title, paragraphs indented two characters and
# long enough to wrap, on more than one page with a page number (— 1 —) in each footer.
OFD_PARAGRAPHS: list[str] = [
    "某县知识产权强县建设实施方案（2024—2026年）",
    "为深入实施知识产权强国战略，加快建设知识产权强县，根据上级有关部署，结合本县实际，制定本方案。",
    "一、主要目标",
    "到2026年，全县有效发明专利拥有量达到500件，每万人口高价值发明专利拥有量达到3件，"
    "地理标志证明商标达到5件，知识产权质押融资金额累计达到2亿元，PCT国际专利申请量达到20件。",
    "二、重点任务",
    *(
        f"（{n}）加强第{n}项工作。建立健全知识产权工作协调机制，完善知识产权公共服务体系，"
        "推进专利导航和知识产权运营，强化知识产权行政执法与司法保护衔接，提升企业知识产权管理水平。"
        for n in "一二三四五六七八九十"
    ),
    "三、保障措施",
    "各乡镇、各部门要高度重视，明确责任分工，确保各项任务落到实处。",
]


def plan_html(paragraphs: list[str] = OFD_PARAGRAPHS) -> str:
    """The OFD fixture's source page (rendered to PDF by WeasyPrint, then converted by easyofd)."""
    body = "".join(f'<p class="{"title" if i == 0 else "body"}">{p}</p>' for i, p in enumerate(paragraphs))
    return (
        "<html><head><meta charset='utf-8'><style>"
        "@page { size: A4; margin: 30mm 25mm; @bottom-center { content: '— ' counter(page) ' —'; } }"
        "body { font-family: 'Noto Serif CJK SC', serif; font-size: 16pt; line-height: 1.6; }"
        ".title { text-align: center; font-size: 20pt; } .body { text-indent: 2em; margin: 0; }"
        f"</style></head><body>{body}</body></html>"
    )


def write_tasks_xlsx(path: Path) -> Path:
    """A 任务分工表 as offices attach it: a title merged across, a 重点任务 merged over two rows, a
    date cell, a cell wrapped inside."""
    wb = openpyxl.Workbook()
    ws = wb.active
    assert ws is not None
    ws.append(["某县知识产权强县建设重点任务分工表"])
    ws.merge_cells("A1:E1")
    ws.append(["序号", "重点任务", "具体措施", "牵头单位", "完成时限"])
    ws.append([1, "加强知识产权创造", "开展专利导航", "县市场监管局", dt.datetime(2024, 12, 31)])
    ws.append([2, None, "培育高价值专利", "县科技局", "持续推进"])
    ws.merge_cells("B3:B4")
    ws.append([3, "强化知识产权保护", "建设维权援助\n工作站", "县市场监管局、县司法局", "2025年底前"])
    wb.save(path)
    return path
