"""Round 17's kinds (README "Round 17"): set 17's misses, constructed in other places and words. Each
reading case fails on main `47d18d9`; the guards pass on both."""

from __future__ import annotations

import datetime as dt

from ipatlas.plans import parse_plan
from ipatlas.plans.series import series_issuer


def _targets(text: str) -> set[tuple[str, float, str, int | None]]:
    return {(t.indicator, float(t.value or 0), t.comparator, t.year) for t in parse_plan(text).targets}


# --- metadata -------------------------------------------------------------------------------------


def test_a_copied_pages_title_addressees_and_opening_on_one_line() -> None:
    text = (
        "济宁市人民政府 关于推进商标品牌建设的实施意见 各县（市、区）人民政府，市政府各部门：为加快商标品牌"
        "建设，结合我市实际，制定本意见。\n"
        "一、工作目标\n到2022年，全市有效注册商标总量达到5万件。\n二、主要措施\n（一）加强培育。"
    )
    p = parse_plan(text)
    assert p.title == "济宁市人民政府关于推进商标品牌建设的实施意见"
    assert p.issuers == ["济宁市人民政府"]
    assert ("有效注册商标总量", 50000.0, "=", 2022) in _targets(text)


def test_an_editors_byline_above_the_text_does_not_end_it() -> None:
    text = (
        "编辑：admin 2020-05-06\n"  # the page lost its title: the byline is the first line
        "为推进知识产权强县建设，制定本方案。\n一、工作目标\n到2022年，全县发明专利拥有量达到300件。"
    )
    assert ("发明专利拥有量", 300.0, "=", 2022) in _targets(text)


def test_an_open_information_items_bracketed_fields() -> None:
    text = (
        "• 某某市专利导航工程实施方案（2019-2021年）\n[发布日期:2019-05-20][浏览次数:]\n"
        "某某市专利导航工程实施方案（2019-2021年）\n为推进专利导航，制定本方案。\n一、工作目标\n"
        "到2021年，建成专利导航服务基地3个。"
    )
    p = parse_plan(text)
    assert p.issued_on == dt.date(2019, 5, 20)
    assert (p.period.start, p.period.end) == (2019, 2021)


def test_a_reported_titles_own_organs_and_the_day_in_the_report() -> None:
    text = (
        "发布时间：2023-04-02 10:12 来源：某某网\n"
        "记者从省知识产权局获悉，2022年3月15日，甘肃省委省政府印发《中共甘肃省委、甘肃省人民政府关于加快"
        "建设知识产权强省的实施意见》（以下简称《实施意见》）。\n"
        "《实施意见》提出，到2025年，知识产权强省建设取得明显成效。"
    )
    p = parse_plan(text)
    assert p.issuers == ["中共甘肃省委", "甘肃省人民政府"]
    assert p.issued_on == dt.date(2022, 3, 15)


def test_a_joint_subject_after_its_place() -> None:
    text = (
        "近日，云南省委省政府印发《关于推进知识产权高质量发展的实施方案》（以下简称《方案》）。\n"
        "《方案》提出，到2025年，每万人口高价值发明专利拥有量达到3件。"
    )
    assert parse_plan(text).issuers == ["中共云南省委", "云南省人民政府"]


def test_a_provinces_number_series_names_its_issuer() -> None:
    text = (
        "鄂政办发〔2019〕12号  附件1\n湖北省商标品牌发展规划（2019—2022年）\n"
        "为推进商标品牌建设，制定本规划。\n一、发展目标\n到2022年，全省有效注册商标达到60万件。"
    )
    assert parse_plan(text).issuers == ["湖北省人民政府办公厅"]
    assert series_issuer("陕政发〔2021〕3号", "陕西省知识产权强省建设纲要") == "陕西省人民政府"


def test_a_shared_abbreviation_needs_the_provinces_title() -> None:
    # guard: 青 is 青海 and 青岛; a 青岛 plan's 青政办发 names no 青海 office
    text = "青政办发〔2020〕5号\n青岛市知识产权强市建设方案\n为推进强市建设，制定本方案。\n一、工作目标"
    assert "青海省人民政府办公厅" not in parse_plan(text).issuers


def test_a_plan_pages_source_byline_names_the_publishing_organ() -> None:
    text = (
        "贵州省“十四五”知识产权保护和运用规划\n来源：省知识产权局\n"
        "为加快知识产权强省建设，制定本规划。\n一、发展基础\n“十三五”时期，全省知识产权工作成效显著。"
    )
    assert parse_plan(text).issuers == ["贵州省知识产权局"]


def test_a_newspaper_source_is_no_issuer() -> None:
    # guard
    text = (
        "贵州省“十四五”知识产权保护和运用规划\n来源：贵州日报\n"
        "为加快知识产权强省建设，制定本规划。\n一、发展基础\n“十三五”时期，全省知识产权工作成效显著。"
    )
    assert parse_plan(text).issuers == []


def test_a_notice_without_its_title_line_names_the_plan_it_carries() -> None:
    text = (
        "各区县人民政府，市政府各部门：\n"
        "《宁波市“十四五”知识产权发展规划》已经市政府同意，现印发给你们，请认真贯彻执行。\n"
        "宁波市人民政府\n2021年11月2日\n"
        "为加快知识产权强市建设，制定本规划。\n（一）发展基础\n“十三五”期间，全市知识产权工作成效显著。"
    )
    p = parse_plan(text)
    assert p.title == "宁波市“十四五”知识产权发展规划"
    assert (p.period.start, p.period.end) == (2021, 2025)


# --- period and targets ---------------------------------------------------------------------------


def test_an_outline_runs_to_its_far_horizon_and_listed_goals_keep_theirs() -> None:
    text = (
        "为加快知识产权强省建设，结合本省实际，制定本纲要。\n一、主要目标\n"
        "到2025年，知识产权强省建设取得显著进展。\n"
        "全省每万人口高价值发明专利拥有量达到9件\n著作权登记数达到12万件\n"
        "到2035年，知识产权强省基本建成。"
    )
    p = parse_plan(text)
    assert p.period.end == 2035
    got = _targets(text)
    assert ("每万人口高价值发明专利拥有量", 9.0, "=", 2025) in got
    assert ("著作权登记数", 120000.0, "=", 2025) in got


def test_a_scheme_keeps_its_first_horizon() -> None:
    # guard: a 方案's 到2035年 vision does not end it
    text = (
        "某某市知识产权强市建设方案\n一、主要目标\n到2025年，全市发明专利拥有量达到5000件。\n"
        "到2035年，知识产权强市基本建成。"
    )
    assert parse_plan(text).period.end == 2025


def test_a_work_reports_goals_for_this_year() -> None:
    text = (
        "3月5日，记者在全省知识产权工作会议上了解到，今年，吉林省将开展高价值专利培育，实现每万人口高价值"
        "发明专利拥有量8%的增长。\n"
        "年内培育20家左右国家知识产权优势企业和80家左右省知识产权优势企业。"
    )
    got = _targets(text)
    assert ("每万人口高价值发明专利拥有量", 8.0, "=", None) in got
    assert ("国家知识产权优势企业", 20.0, "~", None) in got
    assert ("省知识产权优势企业", 80.0, "~", None) in got


def test_this_years_figures_so_far_are_no_goal() -> None:
    # guard: 今年以来 reports the year so far
    text = "今年以来，全省发明专利授权1.2万件，同比增长15%。"
    assert parse_plan(text).targets == []


def test_a_deadline_in_a_duty_note_is_no_horizon() -> None:
    # guard: "年内持续推进" closes a note; the measure after it is no goal of the year
    text = (
        "加强知识产权保护。（国家知识产权局牵头，有关部门按职责分工负责，年内持续推进）将小微企业研发费用"
        "加计扣除比例从75%提高到100%。（财政部牵头，年内持续推进）"
    )
    assert parse_plan(text).targets == []
