"""Round 15b's kinds (README "Round 15b"): set 15's development misses, constructed in other places and
words. Each reading case fails on `h-plans15` `74f6170`; the guards pass on both."""

from __future__ import annotations

from ipatlas.plans import parse_plan
from ipatlas.plans.normalize import normalize_text, normalize_width
from ipatlas.plans.reported import plan_reported
from ipatlas.plans.targets import goal_statements


def _targets(text: str) -> set[tuple[str, float, str, int | None]]:
    return {(t.indicator, float(t.value or 0), t.comparator, t.year) for t in parse_plan(text).targets}


def test_a_plan_named_before_its_verb_of_issuing() -> None:
    p = plan_reported(["记者昨日从市科技局了解到，《某某市专利导航工程实施方案（2025—2027年）》近日出台。"])
    assert p.title == "某某市专利导航工程实施方案（2025—2027年）" and p.issuers == []


def test_a_plan_mentioned_after_its_verb_is_not_named_as_issued() -> None:
    # guard: "《…》发布以来" narrates the past, it reports no issue
    assert plan_reported(["《某某省商标品牌规划（2021—2025年）》发布以来，全省成效明显。"]).title is None


def test_a_government_named_by_level_issues_the_plan_the_page_names_for_short() -> None:
    lines = [
        "日前，县政府正式印发《某某县知识产权运营行动方案（2025—2027年）》。",
        "《方案》提出，到2027年，全县有效发明专利达到500件。",
    ]
    p = plan_reported(lines)
    assert p.title == "某某县知识产权运营行动方案（2025—2027年）"
    assert p.issuers == ["某某县人民政府"]


def test_a_government_named_by_level_among_other_events_issues_nothing() -> None:
    # guard: a yearbook's "省政府印发《…》" with no short name after is one event among others
    lines = ["3月5日，省政府印发《某某省质量强省实施方案》，部署质量工作。", "全年新增专利1万件。"]
    assert plan_reported(lines).title is None


def test_a_stray_bar_at_a_paragraph_end_does_not_make_a_table_row() -> None:
    text = "《规划》提出，到2026年，全市商标有效注册量达到12万件，版权登记量达到3万件。 |"
    assert "商标有效注册量达到12万件" in goal_statements(text)
    # guard: a row of two cells is still a row (tables.py reads it)
    assert goal_statements("到2026年 | 商标有效注册量达到12万件") == ""


def test_a_stage_with_its_year_in_brackets_dates_its_goals() -> None:
    text = "\n".join(
        [
            "某某市知识产权示范城市创建方案（2024—2026年）",
            "方案分三个阶段。试点起步阶段（2024年），将培育10家知识产权示范企业。"
            "全面提升阶段（2025—2026年），力争全市知识产权质押融资额超过30亿元。",
        ]
    )
    got = _targets(text)
    assert ("知识产权示范企业", 10.0, "=", 2024) in got
    assert ("知识产权质押融资额", 3e9, ">", 2026) in got


def test_an_acronym_typed_letter_by_letter_is_one_word() -> None:
    assert normalize_width("每万元 R & D 投入专利产出达到 2 件以上，") == "每万元R&D投入专利产出达到2件以上，"
    assert normalize_width("单位 G D P 能耗下降，") == "单位GDP能耗下降，"
    # guard: words stay apart
    assert normalize_width("WIPO PCT guide") == "WIPO PCT guide"


def test_a_figure_split_from_its_unit_by_a_line_break() -> None:
    lines = normalize_text(
        "到 2027 年，规上企业发明专利拥有量增加到 1500\n件，专利导航项目达到 20 个。"
    ).lines
    assert lines == ["到2027年，规上企业发明专利拥有量增加到1500件，专利导航项目达到20个。"]
    # guard: a numbered list item after a figure is no unit
    assert len(normalize_text("年度专利申请量达到 300\n1.加强组织领导。").lines) == 2


def test_a_year_spaced_from_its_character_in_a_title() -> None:
    assert normalize_width("某某市商标品牌建设方案(2023—2025 年)") == "某某市商标品牌建设方案（2023—2025年）"
