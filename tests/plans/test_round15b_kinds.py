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


def test_subjects_and_figures_paired_by_respectively() -> None:
    text = "到2027年，全省专利导航服务基地、商标品牌指导站数量分别达到25个、120家；版权示范单位达到40家。"
    got = _targets(text)
    assert ("专利导航服务基地数量", 25.0, "=", 2027) in got
    assert ("商标品牌指导站数量", 120.0, "=", 2027) in got
    assert ("版权示范单位", 40.0, "=", 2027) in got


def test_respectively_with_unequal_lists_is_left_alone() -> None:
    # guard: two subjects and three figures pair nothing
    got = _targets("到2027年，专利导航基地、指导站数量分别达到25个、120家、30家。")
    assert not any(ind == "专利导航基地数量" for ind, *_ in got)


def test_cumulative_adverb_before_the_verb_is_no_part_of_the_name() -> None:
    got = _targets("到2028年，全区累计完成知识产权证券化融资8亿元。")
    assert ("知识产权证券化融资", 8e8, "=", 2028) in got


def test_new_additions_carry_over_a_list() -> None:
    got = _targets("到2027年，新增专利示范企业300家、商标品牌培育企业800家。")
    assert ("新增专利示范企业", 300.0, "=", 2027) in got
    assert ("新增商标品牌培育企业", 800.0, "=", 2027) in got


def test_a_relative_clause_of_having_leaves_the_verb_before_it() -> None:
    got = _targets("到2027年，培育拥有发明专利的科技型中小企业600家。")
    assert ("拥有发明专利的科技型中小企业", 600.0, "=", 2027) in got
    # guard: a verb opening its own relative clause stays in the name
    got = _targets("到2027年，获得地理标志的农产品达到30个。")
    assert ("获得地理标志的农产品", 30.0, "=", 2027) in got


def test_a_magnitude_in_a_description_keeps_its_words() -> None:
    got = _targets("到2027年，年营收超亿元的专利代理机构达到15家。")
    assert ("年营收超亿元的专利代理机构", 15.0, "=", 2027) in got


def test_a_notice_title_broken_after_guanyu_names_its_issuer() -> None:
    text = "\n".join(
        [
            "某某市人民政府办公室关于",
            "印发某某市专利转化专项行动方案（2024—2026 年）的通知",
            "各区人民政府，市政府各部门：",
            "现将《某某市专利转化专项行动方案（2024—2026 年）》印发给你们，请认真贯彻执行。",
            "某某市专利转化专项行动方案",
            "（2024—2026 年）",
            "一、总体目标",
            "到2026年，全市专利转化合同金额达到5亿元。",
        ]
    )
    p = parse_plan(text)
    assert p.issuers == ["某某市人民政府办公室"]


def test_a_date_spaced_by_pdf_reads() -> None:
    assert normalize_width("2023 年 11 月 2 日") == "2023年11月2日"


def test_the_total_after_a_per_head_holding_is_the_things_total() -> None:
    # under a goal heading (outside one, a 预计 sentence is a forecast and is dropped)
    text = "\n".join(
        [
            "某某省专利质量提升方案（2025—2027年）",
            "一、工作目标",
            "到2027年，每万人口有效发明专利拥有量达到25件，预计全省总量达到9万件。",
        ]
    )
    got = _targets(text)
    assert ("有效发明专利总量", 90000.0, "=", 2027) in got
    # guard: the total after an indicator that is no per-head holding keeps that indicator's words
    got = _targets("到2027年，商标国际注册量年均增长30%，总数超过1000件。")
    assert ("商标国际注册总数", 1000.0, ">", 2027) in got
