"""Round 15's target kinds (README "Round 15"), constructed in other places and words than the pages of
set 15 and of the misses they generalise. Each reading case fails on main `300e2b5`; the guards pass on
both."""

from __future__ import annotations

from ipatlas.plans import parse_plan
from ipatlas.plans.targets import goal_statements


def _targets(text: str) -> set[tuple[str, float, str, int | None]]:
    return {(t.indicator, float(t.value or 0), t.comparator, t.year) for t in parse_plan(text).targets}


def test_goals_the_plan_named_for_short_sets_out_run_to_its_end() -> None:
    # no horizon in the sentence: the plan's own span (十四五 → 2025) dates them
    text = "\n".join(
        [
            "某某日报讯 某某省市场监管局日前印发《某某省商标品牌发展“十四五”规划》（以下简称《规划》）。",
            "《规划》在品牌建设上确定了三项任务，提出有效注册商标量达到60万件、马德里商标国际注册量达到900件。",
            "《规划》还提出，“十四五”期间建成商标品牌指导站50个。",
        ]
    )
    got = _targets(text)
    assert ("有效注册商标量", 600000.0, "=", 2025) in got
    assert ("马德里商标国际注册量", 900.0, "=", 2025) in got
    assert ("商标品牌指导站", 50.0, "=", 2025) in got


def test_a_full_title_cited_sets_out_no_goals_of_the_page() -> None:
    # guard: a plan cited by its full title is another plan; its figures are not this page's goals
    text = "根据《国家知识产权战略纲要》提出的要求，全市专利申请量达到5000件。"
    assert goal_statements(text) == ""


def test_a_year_between_indicator_and_verb_dates_the_figure() -> None:
    text = "\n".join(
        [
            "某某市知识产权发展规划（2021—2025年）",
            "规划期内，全市有效发明专利拥有量2023年达到8000件，2025年达到1.2万件；"
            "商标有效注册量2023年突破5万件，2025年达到7万件。",
        ]
    )
    got = _targets(text)
    assert {
        ("有效发明专利拥有量", 8000.0, "=", 2023),
        ("有效发明专利拥有量", 12000.0, "=", 2025),
        ("商标有效注册量", 50000.0, ">", 2023),
        ("商标有效注册量", 70000.0, "=", 2025),
    } <= got


def test_a_year_after_a_word_of_horizon_is_no_mid_year() -> None:
    # guard: "驰名商标到2012年力争达到6件" keeps its indicator clean (到 makes it a horizon)
    text = "\n".join(["某某县商标战略实施意见", "二、主要目标", "驰名商标到2012年力争达到6件。"])
    assert ("驰名商标", 6.0, "=", 2012) in _targets(text)


def test_a_national_bureau_named_in_the_dateline_is_the_one_that_issued() -> None:
    text = "\n".join(
        [
            "据国家版权局网站消息，日前，该局印发《版权示范创建管理工作方案》（以下简称《方案》）。",
            "《方案》提出，到2027年，全国版权示范城市达到30个。",
        ]
    )
    p = parse_plan(text)
    assert (p.title, p.issuers) == ("版权示范创建管理工作方案", ["国家版权局"])


def test_a_plan_named_after_its_issuing_organ_as_an_attribute() -> None:
    text = "\n".join(
        [
            "3月5日，某某省政府新闻办举行发布会，介绍由省政府印发的《关于加快建设知识产权强省的若干措施》"
            "（以下简称《措施》）。",
            "《措施》提出，到2026年，全省专利密集型产业增加值占地区生产总值比重达到15%。",
        ]
    )
    p = parse_plan(text)
    assert (p.title, p.issuers) == ("关于加快建设知识产权强省的若干措施", ["某某省人民政府"])
