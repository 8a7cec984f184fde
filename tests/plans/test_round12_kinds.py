"""Constructed cases for the kinds round 10 left open (README, "Round 12").

Horizons stated relative to the plan's first year ("三年内", "今后五年", "力争三年内"), the end of a
five-year plan opening a clause that runs on into its target ("到“十四五”末全市…"), and forecasts that
name a year ("预计到2025年…有望突破"), which are no goals. Each case is written from the kind (other
places, subjects and figures than the pages that showed it); the reading cases fail on main before
round 12, the forecast cases too (main read them as goals).
"""

from __future__ import annotations

import datetime as dt

from ipatlas.plans import parse_plan
from ipatlas.plans.targets import relative_span, span_start


def _got(text: str) -> set[tuple[str, float, str, int | None]]:
    p = parse_plan(text)
    return {(t.indicator, float(t.value), t.comparator, t.year) for t in p.targets if t.value is not None}


def test_a_relative_horizon_in_a_task_counts_from_the_issue_year() -> None:
    text = (
        "某市人民政府关于加快知识产权强市建设的实施意见\n某政发〔2015〕12号\n一、主要任务\n"
        "（一）培育示范企业。三年内，培育知识产权示范企业60家以上。\n某市人民政府\n2015年3月2日\n"
    )
    p = parse_plan(text)
    assert (p.period.start, p.period.end) == (2015, 2017)
    assert _got(text) == {("知识产权示范企业", 60, ">=", 2017)}


def test_a_relative_horizon_of_a_five_year_plan() -> None:
    text = (
        "某省知识产权“十四五”规划\n一、发展基础\n成绩显著。\n二、主要任务\n"
        "（一）提升创造质量。今后五年，全省每万人口高价值发明专利拥有量达到8件。\n"
    )
    assert _got(text) == {("每万人口高价值发明专利拥有量", 8, "=", 2025)}


def test_a_relative_horizon_in_a_goal_section_gives_year_and_period() -> None:
    text = (
        "某市人民政府办公室关于印发某市知识产权强市建设三年行动方案的通知\n一、工作目标\n"
        "力争三年内，全市发明专利授权量达到1500件，每万人口发明专利拥有量达到12件。\n二、重点任务\n略。\n"
        "某市人民政府办公室\n2022年4月1日\n"
    )
    assert _got(text) == {("发明专利授权量", 1500, "=", 2024), ("每万人口发明专利拥有量", 12, "=", 2024)}


def test_a_relative_horizon_glued_to_its_target() -> None:
    text = (
        "某区关于推进创新创业的实施意见\n一、重点任务\n"
        "1.建设孵化载体。两年内认定区级孵化器12家以上。\n（2019年10月8日）\n"
    )
    # issued in the second half of 2019: two years end nearer the end of 2021
    assert _got(text) == {("区级孵化器", 12, ">=", 2021)}


def test_relative_spans_and_their_first_year() -> None:
    assert relative_span("三年内") == 3
    assert relative_span("力争今后五年") == 5
    assert relative_span("未来3年") == 3
    assert relative_span("经过两年努力") == 2
    assert relative_span("近三年内无违法记录") is None  # looks back
    assert relative_span("企业三年内") is None  # not opening the clause
    assert span_start(dt.date(2015, 9, 15), 2015) == 2016
    assert span_start(dt.date(2022, 4, 1), None) == 2022
    assert span_start(None, 2021) == 2021


def test_the_end_of_a_five_year_plan_opening_a_clause() -> None:
    text = (
        "某市知识产权“十四五”规划\n一、主要任务\n"
        "（一）提升创造质量。到“十四五”末全市有效发明专利达到2万件。\n"
    )
    assert _got(text) == {("有效发明专利", 20000, "=", 2025)}


def test_a_forecast_naming_a_year_is_no_goal() -> None:
    text = (
        "本报讯 记者从市知识产权局获悉，今年1至9月，全市发放知识产权质押贷款30亿元。"
        "预计到2025年，全市知识产权质押融资额有望突破50亿元。\n"
    )
    assert _got(text) == set()
    assert _got("据介绍，预计到2026年，全区专利申请量将达到3000件。\n") == set()


def test_a_goal_after_a_forecast_is_still_read() -> None:
    text = (
        "据介绍，预计到2024年底全区专利申请量将达到3000件。区政府提出，到2026年，"
        "全区有效发明专利达到5000件。\n"
    )
    assert _got(text) == {("有效发明专利", 5000, "=", 2026)}
