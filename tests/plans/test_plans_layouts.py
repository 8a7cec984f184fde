"""Layouts of plans from other offices, as constructed examples: 主要指标 and 任务分工 tables
rendered as text, units joined by 及, scraped text with inline pinyin or PDF spaces, titles broken
over two lines, flattened documents from document-sharing sites. The real excerpts with these
layouts are in tests/plans/external (labels.yaml)."""

from __future__ import annotations

from pathlib import Path

import pytest
from docx import Document

from ipatlas.plans import parse_plan
from ipatlas.plans.normalize import normalize_text
from ipatlas.plans.tables import cells, table_targets
from ipatlas.plans.units import split_units

INDICATOR_TABLE = """某某市知识产权保护和运用“十四五”规划
一、发展目标
到2025年，知识产权强市建设取得明显成效。
表1 “十四五”知识产权发展主要指标
序号 | 指标 | 单位 | 2020年 | 2025年 | 属性
1 | 每万人口高价值发明专利拥有量 | 件 | 6.3 | 12 | 预期性
2 | 海外发明专利授权量 | 件 | 120 | ≥200 | 预期性
3 | 知识产权质押融资登记金额 | 亿元 | 50 | 1000亿元 | 预期性
4 | 专利密集型产业增加值占GDP比重 | % | 11.5 | 13 | 预期性
知识产权使用费年进出口总额（亿元） |  | 25 | 〔150〕 | 约束性
二、重点任务
（一）加强保护
"""


def test_indicator_table_rows_are_targets() -> None:
    p = parse_plan(INDICATOR_TABLE)
    got = {t.indicator: t for t in p.targets}
    t = got["每万人口高价值发明专利拥有量"]
    assert (t.value, t.unit, t.comparator, t.year, t.nature) == (12, "件", "=", 2025, "预期性")
    assert t.baseline is not None and (t.baseline.year, t.baseline.value) == (2020, 6.3)
    assert (got["海外发明专利授权量"].value, got["海外发明专利授权量"].comparator) == (200, ">=")
    assert (got["知识产权质押融资登记金额"].value, got["知识产权质押融资登记金额"].kind) == (1e11, "amount")
    assert (got["专利密集型产业增加值占GDP比重"].value, got["专利密集型产业增加值占GDP比重"].kind) == (
        13,
        "share",
    )
    # a merged 序号 cell (the row is one cell short) and the unit in the indicator's name
    t = got["知识产权使用费年进出口总额"]
    assert (t.value, t.kind, t.nature) == (1.5e10, "cumulative", "约束性")
    assert (p.period.start, p.period.end) == (2021, 2025)


@pytest.mark.parametrize(
    ("cell", "value", "comparator"),
    [("≥20", 20, ">="), (">20", 20, ">"), ("约5", 5, "~"), ("20以上", 20, ">="), ("12", 12, "=")],
)
def test_indicator_table_comparators(cell: str, value: float, comparator: str) -> None:
    [t] = table_targets(["指标 | 单位 | 2025年", f"有效发明专利拥有量 | 件 | {cell}"])
    assert (t.value, t.comparator, t.year) == (value, comparator, 2025)


def test_a_row_is_cells_only_with_separators() -> None:
    assert cells("发布机构 | 国家知识产权局 |") == ["发布机构", "国家知识产权局"]
    assert cells("一、总体要求") is None


TASK_TABLE = (
    "某某县知识产权强县建设实施方案\n一、重点任务分工\n"
    "序号\t工作任务\t牵头单位\t配合单位\t完成时限\n"
    "1\t建立知识产权纠纷快速处理机制\t县市场监管局\t县司法局、县法院\t2024年12月底\n"
    "2\t开展知识产权质押融资“入园惠企”行动\t县财政局\t县金融办及县科技局\t长期坚持\n"
)


def test_task_division_table_rows_are_tasks(tmp_path: Path) -> None:
    path = tmp_path / "fengong.txt"
    path.write_text(TASK_TABLE, "utf-8")
    p = parse_plan(path)
    assert [t.number for t in p.tasks] == ["一.1", "一.2"]
    t1, t2 = p.tasks
    assert (t1.units, t1.lead_unit, t1.deadline) == (
        ["县市场监管局", "县司法局", "县法院"],
        "县市场监管局",
        "2024-12",
    )
    assert (t2.units, t2.lead_unit) == (["县财政局", "县金融办", "县科技局"], "县财政局")


def test_task_division_table_in_a_docx(tmp_path: Path) -> None:
    doc = Document()
    doc.add_paragraph("某某区知识产权工作方案")
    doc.add_paragraph("一、任务分工")
    table = doc.add_table(rows=2, cols=4)
    for r, row in enumerate(
        [("序号", "重点任务", "责任单位", "完成时间"), ("1", "开展专利导航", "区科技局", "2025年6月")]
    ):
        for c, text in enumerate(row):
            table.rows[r].cells[c].text = text
    path = tmp_path / "t.docx"
    doc.save(str(path))
    [t] = parse_plan(path).tasks
    assert (t.units, t.lead_unit, t.deadline) == (["区科技局"], "区科技局", "2025-06")


@pytest.mark.parametrize(
    ("text", "units"),
    [
        ("县市场监管局、县科技局及县财政局", ["县市场监管局", "县科技局", "县财政局"]),
        ("市财政局以及市税务局", ["市财政局", "市税务局"]),
        ("市普及办", ["市普及办"]),  # 及 inside a name
        ("科技及信息化局", ["科技及信息化局"]),
    ],
)
def test_units_joined_by_ji(text: str, units: list[str]) -> None:
    assert split_units(text) == units


def test_inline_pinyin_of_mirror_sites_is_dropped() -> None:
    [line] = normalize_text("國務(wù)院關(guān)于印發(fā)的通知(GDP)").lines
    assert line == "国务院关于印发的通知（GDP）"


def test_spaces_inside_sentences_but_not_between_names() -> None:
    lines = normalize_text(
        "到 2027 年,每亿元营业收入高价值专利数接近 4 件,占比达到7. 5%。\n河北省知识产权局 河北省教育厅"
    ).lines
    assert lines == [
        "到2027年，每亿元营业收入高价值专利数接近4件，占比达到7.5%。",
        "河北省知识产权局 河北省教育厅",
    ]


def test_title_broken_over_two_lines() -> None:
    p = parse_plan(
        "《某某县贯彻落实某某省“十四五”知识产权保护和运用规划实施意见》已经县政府同意，现印发给你们。\n"
        "某某县贯彻落实某某省“十四五”知识产权\n保护和运用规划实施意见\n一、总体要求\n坚持创新。"
    )
    assert p.title == "某某县贯彻落实某某省“十四五”知识产权保护和运用规划实施意见"
    assert (p.period.start, p.period.end) == (2021, 2025)


def test_flattened_document_gets_its_lines_back() -> None:
    p = parse_plan(
        "1、某某市知识产权强市建设工作方案为贯彻落实党中央、国务院关于知识产权工作的决策部署，制定本方案。"
        "一、总体要求（一）指导思想。坚持以习近平新时代中国特色社会主义思想为指导，全面加强知识产权保护，"
        "建设知识产权强市，推动经济社会高质量发展，全面提升知识产权创造、运用、保护、管理和服务水平，"
        "打通知识产权创造、运用、保护、管理和服务全链条，建设法规制度健全、保护严格公正的知识产权强市，知\n"
        "2、识产权工作取得新成效。（二）工作目标。到2025年，每万人口高价值发明专利拥有量达到12件。二、主要任务"
    )
    assert p.title == "某某市知识产权强市建设工作方案"
    assert [(s.number, s.title) for s in p.sections] == [("一", "总体要求"), ("二", "主要任务")]
    [t] = p.targets
    assert (t.indicator, t.value, t.year) == ("每万人口高价值发明专利拥有量", 12, 2025)


@pytest.mark.parametrize(
    ("clause", "value", "comparator", "kind"),
    [
        ("规模以上制造业重点领域企业每亿元营业收入高价值专利数接近4件", 4, "~", "level"),
        ("全市涉专利技术合同成交额累计增长30%以上", 30, ">=", "growth"),
    ],
)
def test_approximate_and_cumulative_growth(clause: str, value: float, comparator: str, kind: str) -> None:
    from ipatlas.plans.targets import extract_targets

    [t] = extract_targets([("目标", clause)], default_year=2025)
    assert (t.value, t.comparator, t.kind) == (value, comparator, kind)
    assert not t.indicator.endswith(("接近", "累计增长"))


def test_long_list_items_with_notes_are_not_page_chunks() -> None:
    item = "加强知识产权行政执法，" * 14
    lines = normalize_text(
        f"1、{item}严厉打击侵权假冒行为（责任单位：市市场监管局）\n2、{item}（责任单位：市公安局）"
    ).lines
    assert len(lines) == 2 and lines[1].startswith("2、")


@pytest.mark.parametrize(
    ("clause", "value", "value_max", "unit", "comparator"),
    [
        ("高价值发明专利拥有量达到10—15件", 10, 15, "件", ">="),
        ("每万人口发明专利拥有量达到8至10件", 8, 10, "件", ">="),
        ("版权登记量年均增长10%—15%", 10, 15, "%", ">="),
        ("知识产权质押融资金额达到1-2亿元", 1e8, 2e8, "元", ">="),
        ("知识产权保护社会满意度达到85分以上", 85, None, "分", ">="),
    ],
)
def test_ranges_and_scores(
    clause: str, value: float, value_max: float | None, unit: str, comparator: str
) -> None:
    from ipatlas.plans.targets import extract_targets

    [t] = extract_targets([("目标", clause)], default_year=2025)
    assert (t.value, t.value_max, t.unit, t.comparator) == (value, value_max, unit, comparator)
    assert not any(ch.isdigit() for ch in t.indicator)


def test_fifteenth_five_year_plan_period() -> None:
    p = parse_plan(
        "某某市“十五五”知识产权保护和运用规划\n一、发展目标\n到2030年，每万人口高价值发明专利拥有量达到20件。"
    )
    assert (p.period.start, p.period.end) == (2026, 2030)
    assert [(t.value, t.year) for t in p.targets] == [(20, 2030)]


def test_national_style_indicator_table() -> None:
    """Numbered indicator names carrying their unit, 万件, 亿元, %, 分 — no 单位 column."""
    rows = [
        "指标 | 2020年 | 2025年 | 属性",
        "1.每万人口高价值发明专利拥有量（件） | 6.3 | 12 | 预期性",
        "2.海外发明专利授权量（万件） | 4 | 9 | 预期性",
        "3.知识产权质押融资登记金额（亿元） | 2180 | 3200 | 预期性",
        "4.知识产权保护社会满意度（分） | 80.05 | 82 | 预期性",
    ]
    got = {
        t.indicator: (t.value, t.unit, t.baseline.value if t.baseline else None) for t in table_targets(rows)
    }
    assert got == {
        "每万人口高价值发明专利拥有量": (12, "件", 6.3),
        "海外发明专利授权量": (90000, "件", 40000),
        "知识产权质押融资登记金额": (3.2e11, "元", 2.18e11),
        "知识产权保护社会满意度": (82, "分", 80.05),
    }


def test_task_table_with_a_task_and_a_measure_column() -> None:
    p = parse_plan(
        "某某区知识产权实施方案\n一、任务分工\n序号 | 重点任务 | 具体措施 | 牵头单位 | 配合单位\n"
        "1 | 强化保护 | 开展专项执法行动 | 区市场监管局 | 区公安分局\n"
        "2 | 开展海外维权援助 | 区商务委 | —\n"  # 重点任务 merged with the row above
    )
    assert [(t.title, t.units) for t in p.tasks] == [
        ("开展专项执法行动", ["区市场监管局", "区公安分局"]),
        ("开展海外维权援助", ["区商务委"]),
    ]


def test_growth_rate_of_the_previous_target_and_cumulative_floor() -> None:
    from ipatlas.plans.targets import extract_targets

    ts = extract_targets(
        [
            (
                "目标",
                "到2026年，全县有效发明专利拥有量达到300件，年均增长10%以上；知识产权质押融资金额累计不低于2亿元。",
            )
        ],
        default_year=2025,
    )
    assert [(t.indicator, t.value, t.comparator, t.kind, t.year) for t in ts] == [
        ("有效发明专利拥有量", 300, "=", "level", 2026),
        ("有效发明专利拥有量", 10, ">=", "growth_rate", 2026),
        ("知识产权质押融资金额", 2e8, ">=", "cumulative", 2026),
    ]


def test_html_tables(tmp_path: Path) -> None:
    path = tmp_path / "plan.html"
    path.write_text(
        "<html><body><p>某某市知识产权保护和运用“十四五”规划</p><p>一、发展目标</p><p>到2025年，成效明显。</p>"
        "<table><tr><td>指标</td><td>单位</td><td>2020年</td><td>2025年</td><td>属性</td></tr>"
        "<tr><td>每万人口高价值发明专利拥有量</td><td>件</td><td>5.1</td><td>≥10</td><td>预期性</td></tr></table>"
        "<p>二、重点任务</p><table><tr><th>序号</th><th>工作任务</th><th>责任单位</th><th>完成时限</th></tr>"
        "<tr><td>1</td><td>建设知识产权保护中心</td><td>市市场监管局、市财政局</td><td>2025年6月底前</td></tr>"
        "</table></body></html>",
        "utf-8",
    )
    p = parse_plan(path)
    [t] = p.targets
    assert (t.value, t.comparator, t.year, t.baseline.value if t.baseline else None) == (10, ">=", 2025, 5.1)
    [k] = p.tasks
    assert (k.number, k.units, k.deadline) == ("二.1", ["市市场监管局", "市财政局"], "2025-06")


def test_a_whole_plan_on_one_line() -> None:
    p = parse_plan(
        "某某县知识产权工作方案为深入实施知识产权强县战略，结合我县实际，制定本方案。一、工作目标到2025年，"
        "全县有效注册商标达到5000件，地理标志证明商标达到3件。二、重点任务（一）加强保护。开展执法行动。"
        "（责任单位：县市场监管局、县公安局）（二）促进运用。推进质押融资。（责任单位：县财政局）"
    )
    assert p.title == "某某县知识产权工作方案"
    assert [(s.number, s.title) for s in p.sections] == [("一", "工作目标"), ("二", "重点任务")]
    assert [(t.indicator, t.value, t.year) for t in p.targets] == [
        ("有效注册商标", 5000, 2025),
        ("地理标志证明商标", 3, 2025),
    ]
    assert [(t.number, t.units) for t in p.tasks] == [
        ("二.(一)", ["县市场监管局", "县公安局"]),
        ("二.(二)", ["县财政局"]),
    ]


def test_annual_work_points_figures() -> None:
    from ipatlas.plans.targets import extract_targets

    [line] = normalize_text("全年发明专利授权量达到1.2万件，同比增长8%;PCT国际专利申请量超过500件。").lines
    ts = extract_targets([("主要目标", line)], default_year=2024)
    assert [(t.indicator, t.value, t.comparator, t.kind, t.year) for t in ts] == [
        ("发明专利授权量", 12000, "=", "level", 2024),
        ("发明专利授权量", 8, "=", "growth", 2024),
        ("PCT国际专利申请量", 500, ">", "level", 2024),
    ]


@pytest.mark.parametrize(
    ("note", "units", "lead", "deadline"),
    [
        (
            "（责任单位：县市场监管局，配合单位：县公安局）",
            ["县市场监管局", "县公安局"],
            "县市场监管局",
            None,
        ),
        (
            "（牵头单位：县市场监管局 配合单位：县公安局、县法院）",
            ["县市场监管局", "县公安局", "县法院"],
            "县市场监管局",
            None,
        ),
        ("（县市场监管局负责，县公安局配合）", ["县市场监管局", "县公安局"], "县市场监管局", None),
        ("（责任单位：县市场监管局；完成时限：2024年底前）", ["县市场监管局"], "县市场监管局", "2024"),
    ],
)
def test_note_variants(note: str, units: list[str], lead: str, deadline: str | None) -> None:
    [t] = parse_plan(f"某某县知识产权工作方案\n一、重点任务\n（一）开展执法。加强执法检查。{note}").tasks
    assert (t.units, t.lead_unit, t.deadline) == (units, lead, deadline)


def test_action_plan_with_two_horizons() -> None:
    p = parse_plan(
        "某某市知识产权强市建设三年行动计划（2025—2027年）\n一、行动目标\n"
        "到2025年，全市有效发明专利达到2万件；到2027年，有效发明专利达到3万件，商标有效注册量超过30万件，"
        "知识产权质押融资金额年均增长15%以上。\n二、主要任务\n"
        "1.实施专利质量提升工程。（市市场监管局牵头，市科技局、市工业和信息化局配合）"
    )
    assert (p.period.start, p.period.end) == (2025, 2027)
    assert [(t.indicator, t.value, t.comparator, t.kind, t.year) for t in p.targets] == [
        ("有效发明专利", 20000, "=", "level", 2025),
        ("有效发明专利", 30000, "=", "level", 2027),
        ("商标有效注册量", 300000, ">", "level", 2027),
        ("知识产权质押融资金额", 15, ">=", "growth_rate", 2027),
    ]
    [t] = p.tasks
    assert (t.units, t.lead_unit) == (["市市场监管局", "市科技局", "市工业和信息化局"], "市市场监管局")


def test_measures_with_money_are_not_targets() -> None:
    p = parse_plan(
        "某某市关于加快知识产权强市建设的若干措施\n"
        "一、支持高价值专利培育。对新认定的国家知识产权示范企业，给予最高50万元资助。（责任单位：市市场监管局、市财政局）\n"
        "二、支持知识产权质押融资。对企业知识产权质押贷款给予贴息，每家企业每年最高20万元。"
        "（责任单位：市财政局、市市场监管局按职责分工负责）"
    )
    assert p.kind == "若干措施" and p.targets == []
    assert [(t.number, t.units) for t in p.tasks] == [
        ("一", ["市市场监管局", "市财政局"]),
        ("二", ["市财政局", "市市场监管局"]),
    ]


@pytest.mark.parametrize(
    ("title", "period"),
    [
        ("某某市知识产权强市建设行动计划（2024-2026）", (2024, 2026)),
        ("某某市知识产权强市建设行动计划（2021年—2025年）", (2021, 2025)),
        ("某某市知识产权工作要点（2024年）", (2024, 2024)),
        ("某某市知识产权强市建设行动计划\n(2024-2026)", (2024, 2026)),
        ("某某市“十五五”知识产权发展规划", (2026, 2030)),
    ],
)
def test_periods_in_titles(title: str, period: tuple[int, int]) -> None:
    p = parse_plan(f"{title}\n一、总体要求\n坚持创新。")
    assert p.title == title.replace("\n", "").replace("(", "（").replace(")", "）")
    assert (p.period.start, p.period.end) == period


@pytest.mark.parametrize(
    "written",
    ["泸市府办发[2024]23号", "泸市府办发（2024）23号", "泸市府办发【2024】23号", "泸市府办发〔2024〕第23号"],
)
def test_document_numbers_in_their_official_form(written: str) -> None:
    p = parse_plan(
        f"泸州市人民政府办公室关于印发泸州市知识产权工作方案的通知\n{written}\n各区县人民政府：\n"
        "现将《泸州市知识产权工作方案》印发给你们。\n泸州市人民政府办公室\n2024年5月27日\n泸州市知识产权工作方案\n一、工作目标\n坚持创新。"
    )
    assert p.doc_number == "泸市府办发〔2024〕23号"


# Table renderings met in the wild: Markdown conversions (a header rule under the header),
# Word-exported HTML (a <p> in every cell), pages copied as text (one cell per line), and header
# variants (基期值（2020年）, 2025年目标, “十四五”末, spaced-out names, target before baseline).

MARKDOWN_TABLES = """某某县知识产权强县建设工作方案（2021—2025年）
一、工作目标
到2025年，知识产权强县建设取得明显成效。
| 指标 | 单位 | 2025年目标 | 2020年基数 | 属性 |
| :--- | :---: | ---: | --- | --- |
| 每万人口发明专利拥有量 | 件 | 6 | 3.1 | 预期性 |
二、重点任务
| 序号 | 工作任务 | 牵头单位 | 配合单位 | 完成时限 |
| --- | --- | --- | --- | --- |
| 1 | 开展重点产业专利导航 | 县市场监管局 | 县科技局 | 2025年底 |
"""


def test_markdown_pipe_tables() -> None:
    p = parse_plan(MARKDOWN_TABLES)
    [t] = p.targets
    assert (t.value, t.year, t.baseline.year if t.baseline else None) == (6, 2025, 2020)
    [k] = p.tasks  # the header rule is not a task
    assert (k.units, k.lead_unit, k.deadline) == (["县市场监管局", "县科技局"], "县市场监管局", "2025")


def test_word_html_tables_with_paragraphs_in_cells(tmp_path: Path) -> None:
    path = tmp_path / "plan.html"
    cell = '<td><p class="MsoNormal"><span>{}</span></p></td>'
    row = "<tr>{}</tr>".format
    path.write_text(
        "<html><body><p>某某县知识产权强县建设工作方案</p><p>一、工作目标</p><p>到2025年，成效明显。</p><table>"
        + row("".join(cell.format(c) for c in ("指标", "单位", "2020年", "2025年")))
        + row("".join(cell.format(c) for c in ("有效发明专利拥有量", "件", "310", "600")))
        + "</table><p>二、重点任务</p><table>"
        + row("".join(cell.format(c) for c in ("序号", "工作任务", "牵头单位", "配合单位")))
        + row(
            cell.format("1")
            + cell.format("开展专利导航")
            + "<td><p>县市场监管局</p><p>县科技局</p></td>"
            + cell.format("县财政局")
        )
        + "</table></body></html>",
        "utf-8",
    )
    p = parse_plan(path)
    [t] = p.targets
    assert (t.indicator, t.value, t.year) == ("有效发明专利拥有量", 600, 2025)
    [k] = p.tasks
    assert (k.units, k.lead_unit) == (["县市场监管局", "县科技局", "县财政局"], "县市场监管局")


ONE_CELL_PER_LINE = """某某县知识产权强县建设工作方案（2021—2025年）
一、工作目标
到2025年，知识产权强县建设取得明显成效。
表1 主要指标
序 号
指 标
单位
基期值（2020年）
目标值（2025年）
属性
1
每万人口发明专利拥有量
件
3.1
6
预期性
2
有效注册商标总量
件
12000
≥20000
预期性
二、重点任务
（一）加强保护。严格执法，加大查处力度。
附件
重点任务分工
序号
工作任务
牵头单位
配合单位
完成时限
1
开展专利导航
县市场监管局
县科技局、县工信局
2025年底
2
建设知识产权保护工作站
县市场监管局
县司法局
2023年6月
"""


def test_tables_rendered_one_cell_per_line() -> None:
    p = parse_plan(ONE_CELL_PER_LINE)
    got = {t.indicator: t for t in p.targets}
    t = got["有效注册商标总量"]
    assert (t.value, t.comparator, t.year, t.baseline.value if t.baseline else None) == (
        20000,
        ">=",
        2025,
        12000,
    )
    assert (got["每万人口发明专利拥有量"].value, got["每万人口发明专利拥有量"].nature) == (6, "预期性")
    noted = [k for k in p.tasks if k.units]
    assert [(k.units, k.deadline) for k in noted] == [
        (["县市场监管局", "县科技局", "县工信局"], "2025"),
        (["县市场监管局", "县司法局"], "2023-06"),
    ]


def test_lines_that_only_look_like_a_header_stay() -> None:
    from ipatlas.plans.tables import rebuild_vertical_tables

    lines = ["指标", "单位", "2025年", "下一步，我们将继续加强知识产权保护。", "谢谢。"]
    assert rebuild_vertical_tables(lines) == lines


@pytest.mark.parametrize(
    ("cell", "year"),
    [
        ("2025年", 2025),
        ("2025 年", 2025),
        ("基期值（2020年）", 2020),
        ("目标值(2025年)", 2025),
        ("2025年目标", 2025),
        ("“十三五”末（2020年）", 2020),
        ("“十四五”末", 2025),
        ("“十四五”", None),
        ("年均增长", None),
        ("2021—2025年累计", None),
        ("属性", None),
    ],
)
def test_year_columns(cell: str, year: int | None) -> None:
    from ipatlas.plans.tables import header_year

    assert header_year(cell) == year
