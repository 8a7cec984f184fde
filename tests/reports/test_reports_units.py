"""Chinese number formatting, the catalog rule language and target progress — small, exact cases."""

from __future__ import annotations

import pytest

from ipatlas.errors import InputError
from ipatlas.fmt import change_phrase, cn_numeral, join_cn, qty, rank_phrase
from ipatlas.reports.catalog.rules import load_rules, parse_rules, rules_table
from ipatlas.reports.data import Target
from ipatlas.reports.layout import fmt_indicator, growth_phrase, target_status


def test_chinese_numbers() -> None:
    assert [cn_numeral(n) for n in (1, 7, 10, 12, 20, 21)] == ["一", "七", "十", "十二", "二十", "二十一"]
    assert qty(94975, "件") == "94975件"
    assert qty(812345, "件") == "81.23万件"
    assert qty(12.346, "件", 2) == "12.35件"
    assert qty(None, "件") == "暂无数据"
    assert fmt_indicator(4.3149, "件/万人") == "4.31件"
    assert fmt_indicator(35.06, "%") == "35.1%"
    assert fmt_indicator(65.0, "个") == "65个"
    assert join_cn(["甲", "乙", "丙"]) == "甲、乙和丙"
    assert growth_phrase("专利申请量同比增长", -1.54) == "专利申请量同比下降1.5%"
    assert growth_phrase("PCT国际专利申请量同比增长", 12.0) == "PCT国际专利申请量同比增长12.0%（增速较快）"
    assert growth_phrase("专利申请量同比增长", 0.8) == "专利申请量同比增长0.8%（增速较慢）"
    assert growth_phrase("有效注册商标量同比增长", 0.01) == "有效注册商标量与上年持平"


def test_change_and_rank_phrases() -> None:
    assert change_phrase(12.34, 11.11, "件", 2) == "较上年增加1.23件，增长11.1%"
    assert change_phrase(90, 100, "件") == "较上年减少10件，下降10.0%"
    assert change_phrase(5, 5, "件") == "与上年持平"
    assert change_phrase(5, None, "件") == "上年数据暂缺，无法比较"
    assert rank_phrase(1, 38, "重庆市") == "在重庆市38个区县中居首位"
    assert rank_phrase(3, 38, "重庆市") == "在重庆市38个区县中居第3位"
    assert rank_phrase(38, 38, "重庆市") == "在重庆市38个区县中居末位"


def test_target_status_linear_path() -> None:
    t = Target("inv_per_10k_pop", 20.0, 2025, baseline_year=2020, baseline_value=10.0)
    # 2023 on the path 10 → 20 over 5 years: 16 expected
    # (the ledger's evaluate_target: progress = (current − baseline) / (target − baseline))
    assert target_status(t, 16.0, 2023) == ("按进度", 16.0, pytest.approx(0.6))
    status, expected, progress = target_status(t, 15.0, 2023)
    assert (status, expected, progress) == ("滞后", 16.0, pytest.approx(0.5))
    assert target_status(t, 21.0, 2023)[0] == "达标"
    # baseline from the series when the target does not state it
    t2 = Target("x", 10.0, 2030)
    assert target_status(t2, 6.0, 2025, {2020: 2.0, 2025: 6.0})[1] == pytest.approx(6.0)
    # the comparator counts: a ceiling ("<=") is met by staying below it
    ceiling = Target("x", 5.0, 2025, baseline_year=2020, baseline_value=8.0, comparator="<=")
    assert target_status(ceiling, 4.0, 2023)[0] == "达标"
    assert target_status(ceiling, 7.5, 2023)[0] == "滞后"  # 2023 path: 8 → 5, 6.2 required


def test_report_and_ledger_judge_targets_alike() -> None:
    """The report's status is the supervision ledger's evaluate_target for the same figures."""
    from ipatlas.plans.supervision.targets import evaluate_plain_target

    figs = {2020: 10.0, 2021: 12.0, 2022: 13.0}
    for kind, value, comparator in (("level", 20.0, ">="), ("growth", 50.0, ">="), ("level", 9.0, "<=")):
        t = Target("inv_per_10k_pop", value, 2025, kind=kind, baseline_year=2020, baseline_value=10.0,
                   comparator=comparator)  # fmt: skip
        ledger = evaluate_plain_target(
            indicator_id=t.indicator_id, value=value, year=2025, kind=kind, comparator=comparator,
            baseline_year=2020, baseline_value=10.0, first_year=2020, figures=figs,
        )  # fmt: skip
        assert target_status(t, 13.0, 2022, dict(figs)) == (
            ledger.status,
            ledger.required_value,
            ledger.progress,
        )


def test_default_rules_classify_with_reasons() -> None:
    r = load_rules()
    cls, reason = r.classify({"apps_window": 30, "lq": 1.5, "coordination": 0.7})
    assert cls.label == "优势巩固"
    assert "区位熵1.50≥1.20" in reason and "耦合协调度0.700≥0.600" in reason
    cls, reason = r.classify({"apps_window": 30, "lq": 0.9, "match_type": "需求型"})
    assert cls.label == "短板补强"
    cls, reason = r.classify({"apps_window": 30, "lq": 0.9, "growth": 0.2, "growth_parent": 0.1})
    assert cls.label == "培育提升" and "全域平均增长率10.0%" in reason
    cls, _ = r.classify({"apps_window": 30, "lq": 0.5, "growth": -0.1, "growth_parent": 0.05})
    assert cls.label == "引导转移"
    cls, reason = r.classify({"apps_window": 2, "lq": 3.0})
    assert cls.label == "数据不足" and "2件" in reason
    cls, reason = r.classify({"apps_window": 30, "lq": 1.0})
    assert cls.label == "跟踪监测" and "耦合协调度缺失" in reason  # missing data is said, not assumed
    labels = [row["类别"] for row in rules_table(r)]
    assert labels == ["数据不足", "优势巩固", "短板补强", "培育提升", "引导转移", "跟踪监测"]


def test_rules_are_configurable_and_validated() -> None:
    text = """
name: 自定义
classes:
  - code: star
    label: 重点发展
    when: {any: [{metric: lq, op: ">", value: 2}, {metric: growth, op: ">=", value: 0.5}]}
default: {code: other, label: 其他}
"""
    r = parse_rules(text)
    assert r.classify({"lq": 0.5, "growth": 0.6})[0].label == "重点发展"
    assert r.classify({"lq": 0.5, "growth": 0.1})[0].label == "其他"
    with pytest.raises(InputError, match="比较符"):
        parse_rules(text.replace('op: ">"', 'op: "=>"'))
    with pytest.raises(InputError, match="value 或 ref"):
        parse_rules(text.replace("value: 2", "ref: x, value: 2"))
    with pytest.raises(InputError, match="default"):
        parse_rules("classes: []")


def test_cagr_one_definition_one_small_base_rule() -> None:
    from ipatlas.fmt import CAGR_MIN_BASE, cagr, grouped

    assert cagr(10, 20, 1) == pytest.approx(1.0) and cagr(100, 121, 2) == pytest.approx(0.1)
    assert cagr(CAGR_MIN_BASE - 1, 100, 3) is None  # small base: no rate
    assert cagr(None, 5, 2) is None and cagr(5, 0, 2) is None and cagr(10, 20, 0) is None
    assert cagr(1, 4, 2, min_base=0) == pytest.approx(1.0)
    assert grouped(12345.0) == "12,345" and grouped(1.5) == "1.50" and grouped(None) == "—"
