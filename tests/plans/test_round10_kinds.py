"""Constructed cases for the kinds round 10 read (README, "Round 10").

Goals stated outside a goal section — a plan quoted in a news report, a target inside a task item —
and the pages that state only present figures, which must give none. Each case is written from the
kind (other places, subjects and figures than the set-10 pages); the cases that read a goal fail on
main before round 10 (`6cf623c`), the guards pass there and must keep passing.
"""

from __future__ import annotations

import datetime as dt

from ipatlas.plans import parse_plan
from ipatlas.plans.document import meta_pairs
from ipatlas.plans.targets import extract_targets, goal_statements


def _got(text: str) -> set[tuple[str, float, str, int | None]]:
    p = parse_plan(text)
    return {(t.indicator, float(t.value), t.comparator, t.year) for t in p.targets if t.value is not None}


NEWS = (
    "本报讯 记者从日前召开的全市科技创新大会获悉，截至去年底，我市有效发明专利达到8600件，"
    "居全省第三位。目前全市高新技术企业达到1200家。\n"
    "据介绍，“十四五”时期，我市将实施知识产权强市建设工程。“十四五”末，本市计划每万人口高价值"
    "发明专利拥有量达到15件，届时将基本建成知识产权强市。\n"
)


def test_a_plan_quoted_in_news_gives_its_goal_not_the_present_figures() -> None:
    assert _got(NEWS) == {("每万人口高价值发明专利拥有量", 15, "=", 2025)}


def test_a_plan_quoted_in_news_takes_the_five_year_plan_as_its_period() -> None:
    p = parse_plan(NEWS)
    assert (p.period.start, p.period.end) == (2021, 2025)


def test_a_horizon_before_a_year_in_a_statement() -> None:
    text = "区科技局负责人表示，我们的目标是2026年前，全区专利质押融资金额突破20亿元。\n"
    assert _got(text) == {("专利质押融资金额", 2e9, ">", 2026)}


def test_a_stated_horizon_carries_over_its_paragraph() -> None:
    text = (
        "省政府办公厅日前印发行动方案。方案提出，到2027年，全省科技成果转化体系基本建成。"
        "高新技术企业数量达到2.5万家，技术合同成交额突破3000亿元。\n"
    )
    assert _got(text) == {("高新技术企业数量", 25000, "=", 2027), ("技术合同成交额", 3e11, ">", 2027)}


def test_pages_stating_only_present_figures_give_no_target() -> None:
    text = (
        "今年以来，全县新增发明专利授权120件，同比增长8%，每万人口发明专利拥有量2.4件。\n"
        "截至2024年底，全县有效注册商标达到5600件，地理标志证明商标6件。\n"
        "2023年，10个示范区每万人口发明专利拥有量达42.5件。\n"
        "预计全年研发经费投入强度达到2.1%左右。\n"
    )
    assert _got(text) == set()


def test_a_horizon_with_an_achieved_figure_is_no_goal() -> None:
    assert goal_statements("到2023年底，全市已建成专利导航服务基地5家。") == ""
    assert goal_statements("现有国家知识产权示范企业8家，到2026年力争达到12家。").endswith("力争达到12家。")


PLAN_WITH_TASK_TARGETS = """某某市知识产权强市建设实施方案
一、主要目标
到2027年，全市有效发明专利拥有量达到9000件。
二、重点任务
（一）实施高价值专利培育工程。支持企业建设高价值专利培育中心，到2027年，培育高价值专利组合20个以上。
（二）加强商标品牌建设。现有地理标志证明商标12件，到2026年新增地理标志证明商标3件。
（三）强化行政保护。每年开展专项执法检查4次，办结专利侵权纠纷案件100件以上。
"""


def test_targets_inside_task_items_are_read_with_their_horizon() -> None:
    assert _got(PLAN_WITH_TASK_TARGETS) == {
        ("有效发明专利拥有量", 9000, "=", 2027),
        ("高价值专利组合", 20, ">=", 2027),
        ("新增地理标志证明商标", 3, "=", 2026),
    }


def test_a_five_year_plan_end_as_a_clause_gives_the_year() -> None:
    got = extract_targets(
        [("目标", "“十五五”末，全省知识产权质押融资登记金额达到800亿元。")], default_year=None
    )
    assert [(t.indicator, t.year) for t in got] == [("知识产权质押融资登记金额", 2030)]


def test_a_comparison_with_a_five_year_plan_end_is_no_horizon() -> None:
    got = extract_targets([("目标", "到2030年，全市发明专利授权量比“十四五”末增长50%。")], default_year=2030)
    assert [(t.year, t.baseline.year if t.baseline else None) for t in got] == [(2030, 2025)]


def test_a_metadata_row_with_unknown_keys_between_known_ones() -> None:
    assert meta_pairs("组配分类 | 其他文件 | 发布机构 | 某某市市场监督管理局 |") == [
        ("发布机关", "某某市市场监督管理局")
    ]
    assert meta_pairs("文号 | 某政办〔2024〕12 号 | 有效性 | 有效 |") == [("文号", "某政办〔2024〕12 号")]


def test_a_box_of_metadata_rows_gives_number_issuer_and_date() -> None:
    text = (
        "索引号 | 11330000/2024-00123 | ||\n组配分类 | 其他文件 | 发布机构 | 某某市市场监督管理局 |\n"
        "成文日期 | 2024-05-08 | 公开方式 | 主动公开 |\n文号 | 某政办〔2024〕12 号 | 有效性 | 有效 |\n"
        "为加快建设知识产权强市，制定本方案。\n一、主要目标\n到2026年，全市发明专利授权量达到6000件。\n"
    )
    p = parse_plan(text)
    assert (p.doc_number, p.issuers, p.issued_on) == (
        "某政办〔2024〕12号",
        ["某某市市场监督管理局"],
        dt.date(2024, 5, 8),
    )


# Round 10's held-out kinds, read after the blind measurement (README "Round 10"): each fails on the
# round's development fixes (`fd880d3`).


def test_a_remark_in_brackets_with_a_comma_stays_in_its_clause() -> None:
    got = extract_targets(
        [("目标", "到2027年，全省知识产权使用费进出口额达到600亿元（人民币，下同）。")], default_year=None
    )
    assert [(t.indicator, t.value) for t in got] == [("知识产权使用费进出口额", 60_000_000_000)]


def test_a_magnitude_with_no_figure_is_one_of_it() -> None:
    got = extract_targets(
        [("目标", "到2026年，地理标志产品年产值突破千亿元，专利代理机构达百家。")], default_year=None
    )
    assert {(t.indicator, t.value, t.comparator) for t in got} == {
        ("地理标志产品年产值", 100_000_000_000, ">"),
        ("专利代理机构", 100, "="),
    }


def test_two_measures_of_one_subject_are_two_targets() -> None:
    got = extract_targets(
        [("目标", "到2026年，全市商标质押融资金额和笔数比2023年翻一番。")], default_year=None
    )
    assert {(t.indicator, t.value) for t in got} == {("商标质押融资金额", 2), ("商标质押融资笔数", 2)}


def test_scope_words_of_a_regulator_and_a_leading_jiang_are_dropped() -> None:
    got = extract_targets(
        [("目标", "到2026年，辖内普惠型小微企业贷款余额突破5000亿元，并将不良率控制在3%以内。")],
        default_year=None,
    )
    assert ("普惠型小微企业贷款余额", 500_000_000_000) in {(t.indicator, t.value) for t in got}


def test_a_news_report_on_one_plan_names_its_title_issuers_and_period() -> None:
    text = (
        "新华社电 近日，省委办公厅、省政府办公厅印发了《某某省质量强省建设纲要（2024—2035年）》，"
        "要求各地结合实际认真贯彻落实。\n《纲要》提出，到2027年，全省制造业产品质量合格率达到95%。\n"
    )
    p = parse_plan(text)
    assert (p.title, p.issuers, p.period.start, p.period.end) == (
        "某某省质量强省建设纲要（2024—2035年）",
        # round 13: a short organ name takes the place the plan's title opens with (X省政府 → X省人民政府)
        ["某某省委办公厅", "某某省人民政府办公厅"],
        2024,
        2035,
    )
    assert {(t.indicator, t.value, t.year) for t in p.targets} == {("制造业产品质量合格率", 95, 2027)}


def test_a_plan_page_without_its_title_names_its_five_year_plan() -> None:
    text = (
        "知识产权是创新发展的战略性资源。立足我县实际，编制某某县知识产权“十四五”发展规划。\n"
        "一、“十三五”发展回顾\n全县累计拥有有效注册商标3200件。\n"
    )
    p = parse_plan(text)
    assert (p.period.start, p.period.end, p.targets) == (2021, 2025, [])


# The second batch's kinds (10b), read after its blind measurement: each fails on `ada27db`.


def test_figures_listed_under_one_verb_after_a_horizon() -> None:
    text = "会上介绍，全县计划到2026年，有效注册商标达到1.5万件，地理标志证明商标8件，专利质押融资3亿元。\n"
    assert _got(text) == {
        ("有效注册商标", 15000, "=", 2026),
        ("地理标志证明商标", 8, "=", 2026),
        ("专利质押融资", 300_000_000, "=", 2026),
    }


def test_a_listed_figure_without_a_verb_before_any_goal_is_no_goal() -> None:
    assert (
        goal_statements("去年全县有效注册商标1.2万件，到2026年力争达到1.5万件。")
        == "到2026年力争达到1.5万件。"
    )


def test_a_news_dateline_runs_into_the_organ_that_issued_the_plan() -> None:
    p = parse_plan("本报讯省政府办公厅日前印发《某某省数字经济发展规划（2026—2030年）》，提出一系列举措。\n")
    assert (p.title, p.issuers, p.period.start, p.period.end) == (
        "某某省数字经济发展规划（2026—2030年）",
        ["某某省人民政府办公厅"],  # completed since round 13
        2026,
        2030,
    )


def test_a_letter_opening_with_its_number() -> None:
    text = "某市监知函〔2025〕17号\n张某某代表：\n您提出的建议收悉。2024年，全市新增发明专利授权1200件。\n"
    p = parse_plan(text)
    assert (p.doc_number, p.targets) == ("某市监知函〔2025〕17号", [])
