"""Constructed cases for the failure kinds round 8 read on its blind set (README, "Round 9").

Each case is written from the kind, not from the document that showed it (other regions, subjects,
verbs and figures); every one fails on main before round 9 (`d97ada0`).
"""

from __future__ import annotations

import datetime as dt

import pytest

from ipatlas.plans import parse_plan
from ipatlas.plans.targets import extract_targets


def _targets(text: str, year: int = 2026) -> set[tuple[str, float, str, int | None]]:
    got = extract_targets([("目标", text)], default_year=year)
    return {(t.indicator, float(t.value), t.comparator, t.year) for t in got if t.value is not None}


@pytest.mark.parametrize(
    ("clause", "indicator", "value", "comparator"),
    [
        ("力争新建国家级技术创新中心2家", "国家级技术创新中心", 2, "="),
        ("争取获得中国专利金奖1项以上", "中国专利金奖", 1, ">="),
        ("引进高层次创新团队15个", "高层次创新团队", 15, "="),
        ("打造知识产权运营服务平台3个", "知识产权运营服务平台", 3, "="),
    ],
)
def test_a_verb_of_making_or_winning_leaves_the_counted_thing(
    clause: str, indicator: str, value: float, comparator: str
) -> None:
    assert _targets(f"到2026年，{clause}。") == {(indicator, value, comparator, 2026)}


def test_two_counts_under_one_verb_are_two_targets() -> None:
    got = _targets("到2027年，建成3个国家级知识产权保护中心和12个快速维权中心。")
    assert got == {("国家级知识产权保护中心", 3, "=", 2027), ("快速维权中心", 12, "=", 2027)}


def test_a_count_range_stated_number_first() -> None:
    [t] = extract_targets([("目标", "到2026年，力争引进5～8家专利代理机构。")], default_year=2026)
    assert (t.indicator, t.value, t.value_max, t.comparator) == ("专利代理机构", 5, 8, ">=")


def test_an_amount_of_yi_stated_as_a_scale_is_in_yuan() -> None:
    got = _targets("到2026年，全县特色农产品加工业总产值突破三百亿规模。")
    assert got == {("特色农产品加工业总产值", 3e10, ">", 2026)}
    assert _targets("到2026年，软件业务收入超过1200亿规模。") == {("软件业务收入", 1.2e11, ">", 2026)}


def test_a_bare_scale_subject_takes_the_previous_targets_subject() -> None:
    got = _targets("到2026年，生物医药产业增加值年均增长12%，营业收入达到800亿元。")
    assert ("生物医药产业营业收入", 8e10, "=", 2026) in got


def test_an_index_is_a_bare_number() -> None:
    got = _targets("到2025年，全市知识产权保护社会满意度达到85分，知识产权发展指数达到75以上。")
    assert got == {("知识产权保护社会满意度", 85, "=", 2025), ("知识产权发展指数", 75, ">=", 2025)}
    [t] = extract_targets([("目标", "到2025年，知识产权发展指数达到75以上。")], default_year=2025)
    assert t.unit is None and t.kind == "level"
    # a name with digits and no verb is not an index value
    assert _targets("到2025年，推进“十四五”创新指数2025。") == set()


def test_a_drafts_date_in_brackets_under_its_title_is_its_date() -> None:
    text = """某某县知识产权强县建设实施方案
（征求意见稿）
（2024年6月3日）
一、工作目标
到2026年，全县有效发明专利达到900件。
"""
    p = parse_plan(text)
    assert p.title == "某某县知识产权强县建设实施方案"
    assert p.issued_on == dt.date(2024, 6, 3)


def test_fawen_bumen_names_the_issuer() -> None:
    text = """某某市专利转化运用专项行动方案
发文部门:某某市市场监督管理局
发布日期:2024-05-06
一、主要目标
到2025年，专利转化实施率达到50%。
"""
    p = parse_plan(text)
    assert p.issuers == ["某某市市场监督管理局"]


def test_goals_in_a_preamble_paragraph_with_no_heading() -> None:
    text = """某某省关于加快专利密集型产业发展的若干措施
为加快专利密集型产业发展，制定如下措施。
总体目标是，坚持创新驱动，力争经过3年努力，全省专利密集型产业增加值增长40%以上、达到9000亿元，高价值发明专利拥有量实现翻番。
一、强化专利创造
1.实施高价值专利培育工程。支持企业开展专利布局。
"""
    got = {(t.indicator, float(t.value), t.comparator, t.kind) for t in parse_plan(text).targets}
    assert got == {
        ("专利密集型产业增加值", 40, ">=", "growth"),
        ("专利密集型产业增加值", 9e11, "=", "amount"),
        ("高价值发明专利拥有量", 2, "=", "multiple"),
    }


def test_a_preamble_is_not_read_when_a_goal_section_exists() -> None:
    text = """某某市知识产权强市建设方案
总体目标是，全市有效商标注册量增长30%。
一、主要目标
到2026年，全市有效发明专利达到5000件。
"""
    got = {(t.indicator, float(t.value)) for t in parse_plan(text).targets}
    assert got == {("有效发明专利", 5000)}


def test_growth_and_doubling_with_no_base_year() -> None:
    assert _targets("到2026年，全市技术合同成交额增长25%左右。") == {("技术合同成交额", 25, "~", 2026)}
    assert _targets("到2026年，使全县地理标志商标数比现有数量翻一番。") == {("地理标志商标数", 2, "=", 2026)}
    # an annual rate and a rate on a base year stay what they were
    [t] = extract_targets([("目标", "到2026年，专利申请量年均增长8%。")], default_year=2026)
    assert t.kind == "growth_rate"
