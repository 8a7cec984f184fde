"""Round 21 (README "Round 21"): constructed cases of the two kinds the round reads.

1. A plan whose title and issuer name no place ("知识产权强区建设实施方案", issued by "区人民政府办公室"):
   its region is the one place of the kind it calls itself (我区 / 全区 / 区市场监管局) named in the text,
   none when it calls itself nothing or names two such places as often.
2. 主要指标 tables headed 基期值 / 目标值 with no year (dated by the plan's period), in DOCX, HTML and
   PDF text whose cells are separated by spaces.

Places, indicators and figures are invented; none is a labelled page's text. The eight cases that parse a
whole text fail on main `91d8efc` (no region; no target from these tables); the others test the new
module `ipatlas.plans.place` directly (two of them, the ranking scope and "我市XX县", written after batch
21b's blind run).
"""

from __future__ import annotations

import html
from pathlib import Path

import pytest
from docx import Document

from ipatlas.plans import parse_plan
from ipatlas.plans.place import body_place, named_places, self_kind

DISTRICT_PLAN = """区人民政府办公室关于印发知识产权强区建设实施方案的通知
各街道办事处，区政府各委、办、局：
现将《知识产权强区建设实施方案》印发给你们，请认真贯彻执行。
区人民政府办公室
2024年3月5日
知识产权强区建设实施方案
为深入实施知识产权强国战略，结合我区实际，推动江北区知识产权高质量发展，制定本方案。
一、工作目标
到2026年，全区有效发明专利拥有量达到3000件。
二、重点任务
（一）强化知识产权保护。建立重庆市知识产权保护中心江北分中心。（责任单位：区市场监管局）
"""


def test_district_plan_named_only_in_its_body() -> None:
    p = parse_plan(DISTRICT_PLAN)
    assert p.region is not None and (p.region.name, p.region.code) == ("江北区", "500105")
    assert p.level == "区"
    # the units of its notes take the district's prefix
    assert any(u == "区市场监管局" for t in p.tasks for u in t.units)


def test_county_page_with_a_masthead_naming_its_city() -> None:
    text = (
        "首页 | 四川省人民政府 | 苍溪县人民政府\n县市场监管局开展知识产权宣传周活动\n"
        "4月26日，县市场监管局在全县开展知识产权宣传活动，发放资料300份。\n"
    )
    p = parse_plan(text)
    assert p.region is not None and p.region.name == "苍溪县"


def test_city_named_without_its_suffix() -> None:
    text = "我市召开知识产权工作会议\n会议指出，我市专利工作成效明显，绍兴知识产权事业发展迈上新台阶。\n"
    assert body_place(text.splitlines()) == "330600"


def test_two_places_of_the_kind_as_often_is_no_region() -> None:
    text = "我区与东城区、西城区开展知识产权合作。\n全区知识产权工作稳步推进。\n"
    assert body_place(text.splitlines()) is None


def test_a_text_calling_itself_nothing_has_no_body_region() -> None:
    # a national notice naming a demonstration district
    text = "各省知识产权局：\n确定浙江省杭州市西湖区等10个县（区）为示范县（区）。\n特此通知。\n"
    assert self_kind(text) is None and body_place(text.splitlines()) is None


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("全市场监管系统开展执法", None),  # 全市场 is not 全市
        ("全区域推进，县域发展", None),
        ("该区知识产权工作，区政府办公室", "区"),
        ("我县专利工作，县科技局负责", "县"),
    ],
)
def test_self_reference_words(text: str, kind: str | None) -> None:
    assert self_kind(text) == kind


def test_a_higher_level_as_ranking_scope_is_no_self_reference() -> None:
    # batch 21b's kind: a district ranked within its city ("全市第一", "占全市1/3") is still the district
    text = (
        "据统计，鄞州区专利授权量居全市前列，增长率全市第一，占全市1/4。\n"
        "鄞州区市场监管局表示，全区将继续推进知识产权强区建设。\n"
    )
    assert self_kind(text) == "区" and body_place(text.splitlines()) == "330212"


def test_a_place_right_after_the_self_reference_is_the_subject() -> None:
    # batch 21b's kind: a city paper on "我市XX县" is about the county
    text = (
        "记者从市科技局获悉，我市崇阳县入选国家知识产权强县。\n崇阳县专利申请量增长。崇阳县企业创新活跃。\n"
    )
    assert body_place(text.splitlines()) == "421223"


def test_a_name_two_regions_bear_needs_its_parent() -> None:
    assert [c for _, c in named_places("通州区知识产权局")] == []
    assert ("通州区", "320612") in named_places("南通市通州区知识产权局")


# ---- 主要指标 tables with 基期值 / 目标值 columns --------------------------------------------

TITLE = "某某区知识产权“十四五”规划\n一、发展目标\n（一）主要指标\n"
ROWS = [
    ("1", "每万人口高价值发明专利拥有量", "件", "4.2", "9", "预期性"),
    ("2", "知识产权质押融资登记金额", "亿元", "15", "30", "预期性"),
    ("3", "专利侵权纠纷案件结案率", "%", "90", "≥95", "约束性"),
]
HEADER = ("序号", "指标名称", "单位", "基期值", "目标值", "属性")


def _check(p_targets: list, base: bool = True) -> None:
    got = {t.indicator: t for t in p_targets}
    assert set(got) == {r[1] for r in ROWS}
    assert got["每万人口高价值发明专利拥有量"].value == 9 and got["每万人口高价值发明专利拥有量"].year == 2025
    assert got["知识产权质押融资登记金额"].value == 3e9
    rate = got["专利侵权纠纷案件结案率"]
    assert (rate.value, rate.comparator, rate.nature) == (95, ">=", "约束性")
    if base:
        b = got["每万人口高价值发明专利拥有量"].baseline
        assert b is not None and (b.year, b.value) == (2020, 4.2)


def test_plain_text_rows() -> None:
    text = TITLE + "\n".join(" | ".join(r) for r in [HEADER, *ROWS]) + "\n"
    _check(parse_plan(text).targets)


def test_docx_table(tmp_path: Path) -> None:
    doc = Document()
    for line in TITLE.strip().splitlines():
        doc.add_paragraph(line)
    table = doc.add_table(rows=0, cols=len(HEADER))
    for row in [HEADER, *ROWS]:
        for cell, value in zip(table.add_row().cells, row, strict=True):
            cell.text = value
    path = tmp_path / "plan.docx"
    doc.save(str(path))
    _check(parse_plan(path).targets)


def test_html_table(tmp_path: Path) -> None:
    rows = "".join(
        "<tr>" + "".join(f"<td><p>{html.escape(c)}</p></td>" for c in r) + "</tr>" for r in [HEADER, *ROWS]
    )
    body = "".join(f"<p>{html.escape(x)}</p>" for x in TITLE.strip().splitlines())
    path = tmp_path / "plan.html"
    path.write_text(f"<html><body>{body}<table>{rows}</table></body></html>", "utf-8")
    _check(parse_plan(path).targets)


def test_pdf_text_with_space_separated_cells() -> None:
    # a PDF's text layer: one row a line, cells apart by spaces, the unit inside the indicator's name
    lines = ["序号 指标 2020年 2025年 属性"] + [
        f"{no} {name}（{unit}） {base} {target} {attr}" for no, name, unit, base, target, attr in ROWS
    ]
    _check(parse_plan(TITLE + "\n".join(lines) + "\n").targets)


def test_spaced_rows_stop_at_prose() -> None:
    # the note under the table is no row; nor is a sentence after a header-like line
    text = (
        TITLE
        + "指标 2020年 2025年\n每万人口发明专利拥有量（件） 10 15\n注：上述指标均为预期性指标。\n"
        + "二、重点任务\n到2025年，专利代理机构达到20家。\n"
    )
    p = parse_plan(text)
    inds = {t.indicator for t in p.targets}
    assert "每万人口发明专利拥有量" in inds
    assert all("注" not in i for i in inds)


def test_year_less_columns_without_a_period_keep_no_year() -> None:
    # a scheme with no stated years: the 目标值 column's targets carry no year rather than a guess
    text = "知识产权工作方案\n一、工作目标\n指标 | 基期值 | 目标值\n专利代理机构数量（家） | 5 | 12\n"
    [t] = [t for t in parse_plan(text).targets if t.indicator == "专利代理机构数量"]
    assert t.value == 12 and t.year is None
