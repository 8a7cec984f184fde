"""Round 16's kinds (README "Round 16"): set 16's misses, constructed in other places and words. Each
reading case fails on main `b9b58c5`; the guards pass on both."""

from __future__ import annotations

from ipatlas.plans import parse_plan
from ipatlas.plans.normalize import normalize_text
from ipatlas.plans.reported import is_headline, plan_reported
from ipatlas.plans.targets import goal_statements


def _targets(text: str) -> set[tuple[str, float, str, int | None]]:
    return {(t.indicator, float(t.value or 0), t.comparator, t.year) for t in parse_plan(text).targets}


def test_a_bare_year_after_a_goal_headings_colon_dates_its_goals() -> None:
    text = (
        "某某市数字经济提升行动方案\n一、总体要求\n"
        "主要目标是：2026年，数字经济核心产业增加值达到900亿元，规上软件企业达到300家。\n"
        "到2028年，数字经济核心产业增加值达到1200亿元。"
    )
    got = _targets(text)
    assert ("数字经济核心产业增加值", 9e10, "=", 2026) in got
    assert ("规上软件企业", 300.0, "=", 2026) in got
    assert ("数字经济核心产业增加值", 1.2e11, "=", 2028) in got


def test_respective_figures_joined_by_he_and_subjects_in_the_clause_before() -> None:
    text = (
        "某某县专精特新企业培育方案（2024—2026年）\n一、工作目标\n"
        "到2026年，全县专精特新企业和创新型中小企业在2023年的基础上实现翻番，分别超过40家和300家。"
    )
    got = _targets(text)
    assert ("专精特新企业", 40.0, ">", 2026) in got
    assert ("创新型中小企业", 300.0, ">", 2026) in got


def test_respective_subjects_share_the_last_ones_share_tail() -> None:
    text = (
        "某某市制造业提质行动计划\n一、主要目标\n"
        "到2027年，数字产业增加值、绿色产业增加值占地区生产总值比重分别达到12%以上、20%以上。"
    )
    got = _targets(text)
    assert ("数字产业增加值占地区生产总值比重", 12.0, ">=", 2027) in got
    assert ("绿色产业增加值占地区生产总值比重", 20.0, ">=", 2027) in got


def test_a_name_joined_by_he_inside_a_listed_subject_stays_whole() -> None:
    # guard: items listed with 、, a 和 inside one ("国家级和省级…") is no separator
    text = (
        "某某市知识产权运营方案\n一、工作目标\n"
        "到2026年，国家级和省级专利导航服务基地、知识产权运营平台总数分别突破12个、5个。"
    )
    got = _targets(text)
    assert ("国家级和省级专利导航服务基地总数", 12.0, ">", 2026) in got
    assert ("知识产权运营平台总数", 5.0, ">", 2026) in got


def test_a_plan_with_its_short_name_before_the_verb_of_issuing() -> None:
    p = plan_reported(["日前，《某某省专利导航工程实施方案（2024—2026年）》（下称《方案》）正式印发。"])
    assert p.title == "某某省专利导航工程实施方案（2024—2026年）"


def test_a_headline_of_compiling_names_the_plan_in_the_story() -> None:
    text = (
        "某某市首次编制版权事业发展规划\n"
        "本报讯 15日，《某某市版权事业发展规划（2024—2028年）》正式发布。到2028年，作品登记量达到5万件。"
    )
    assert is_headline("某某市首次编制版权事业发展规划")
    assert parse_plan(text).title == "某某市版权事业发展规划（2024—2028年）"


def test_a_plan_the_story_quotes_as_saying_is_the_one_it_is_about() -> None:
    lines = [
        "记者从省市场监管局获悉，该局召开座谈会，讨论征求对《某某省地理标志发展规划（2024-2028年）》的意见。",
        "《某某省地理标志发展规划（2024-2028年）》指出，今后将加大培育力度。",
    ]
    assert plan_reported(lines).title == "某某省地理标志发展规划（2024-2028年）"


def test_a_newspapers_jump_marks_are_dropped() -> None:
    lines = normalize_text(
        "加快建设品牌强市。（转3版）\n（接1版）力争到2026年实现注册商标总量达到8万件以上。"
    ).lines
    assert lines[0] == "加快建设品牌强市。" and lines[1].startswith("力争到2026年")


def test_a_count_after_a_verb_of_producing() -> None:
    text = "某某市创新行动方案（2025—2027年）\n一、工作目标\n到2027年，取得30项以上标志性科技成果。"
    assert ("标志性科技成果", 30.0, ">=", 2027) in _targets(text)


def test_a_sibling_measure_of_the_same_subject() -> None:
    text = "某某市商标品牌方案\n一、工作目标\n到2026年，年商标注册申请量达1.2万件，注册量达8000件。"
    got = _targets(text)
    assert ("年商标注册申请量", 12000.0, "=", 2026) in got
    assert ("年商标注册量", 8000.0, "=", 2026) in got


def test_a_part_of_the_previous_figure_of_a_named_kind_of_patent() -> None:
    text = "某某市专利工作规划\n一、发展目标\n到2027年，每万人专利授权量达到30件，其中发明专利数9件。"
    got = _targets(text)
    assert ("每万人专利授权量", 30.0, "=", 2027) in got
    assert ("每万人发明专利授权量", 9.0, "=", 2027) in got


def test_a_per_head_scope_after_the_verb_opens_the_name() -> None:
    text = "某某县知识产权方案\n一、工作目标\n到2026年，有效发明专利拥有量达到每万人5件以上。"
    assert ("每万人有效发明专利拥有量", 5.0, ">=", 2026) in _targets(text)


def test_a_figure_reached_in_a_past_year_is_no_horizon() -> None:
    # "增长到2020年的…" reports that year's figure: the sentence states no goal
    text = "近年来，全市专利授权量从2015年的3000件增长到2020年的9000件。到2026年，专利授权量达到1.5万件。"
    assert goal_statements(text) == "到2026年，专利授权量达到1.5万件。"
