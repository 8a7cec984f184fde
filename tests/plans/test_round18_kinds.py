"""Round 18's kinds (README "Round 18"): set 18's misses, constructed in other places and words. Each
reading case fails on main `923d606`; the guards pass on both."""

from __future__ import annotations

import datetime as dt

from ipatlas.plans import parse_plan


def _targets(text: str) -> set[tuple[str, float, str, int | None]]:
    return {(t.indicator, float(t.value or 0), t.comparator, t.year) for t in parse_plan(text).targets}


# --- metadata: notices that carry a plan ----------------------------------------------------------


def test_a_forwarding_notice_run_onto_one_line() -> None:
    text = (
        "江西省人民政府办公厅关于转发江西省“十二五”期间商标品牌培育工作方案的通知赣府厅发[2011]12号各设区市"
        "人民政府，省政府各部门：省工商局制定的《江西省“十二五”期间商标品牌培育工作方案》已经省政府同意，现转发"
        "给你们，请认真贯彻执行。二〇一一年三月五日江西省“十二五”期间商标品牌培育工作方案一、工作目标到2015年，"
        "全省注册商标总量达到10万件。"
    )
    p = parse_plan(text)
    assert p.title == "江西省“十二五”期间商标品牌培育工作方案"
    assert p.doc_number == "赣府厅发〔2011〕12号"
    assert p.issuers == ["江西省人民政府办公厅"]
    assert p.issued_on == dt.date(2011, 3, 5)
    assert (p.period.start, p.period.end) == (2011, 2015)


def test_a_forwarding_notice_names_its_issuer_and_a_year_typed_with_the_letter_o() -> None:
    text = (
        "杭州市西湖区人民政府办公室关于转发《西湖区专利示范企业培育计划（2008-2010）》的通知\n"
        "（西政办〔2008〕21号）\n各镇人民政府、街道办事处，区政府各部门：\n"
        "区科技局拟定的《西湖区专利示范企业培育计划（2008-2010）》已经区政府同意，现转发给你们。\n"
        "二OO八年五月六日\n西湖区专利示范企业培育计划（2008-2010）\n为推进专利工作，制定本计划。\n"
        "一、工作目标\n到2010年，培育专利示范企业30家。"
    )
    p = parse_plan(text)
    assert p.issuers == ["杭州市西湖区人民政府办公室"]
    assert p.issued_on == dt.date(2008, 5, 6)


def test_a_letter_from_its_number_on_names_the_plan_it_forwards() -> None:
    text = (
        "国知办函管字〔2019〕88号\n各省、自治区、直辖市知识产权局：\n"
        "经研究同意，现将《江苏省知识产权服务业集聚区建设工作指引（试行）》转发给你们，请参照执行。\n"
        "特此通知。\n国家知识产权局办公室\n2019年6月12日"
    )
    p = parse_plan(text)
    assert p.title == "江苏省知识产权服务业集聚区建设工作指引（试行）"
    assert p.doc_number == "国知办函管字〔2019〕88号"
    assert p.issued_on == dt.date(2019, 6, 12)


def test_a_notice_title_broken_right_after_its_organ() -> None:
    text = (
        "某某省知识产权局办公室关于\n开展2020年专利代理行业专项整治工作的通知\n各市知识产权局：\n"
        "为规范专利代理行为，现就开展专项整治工作通知如下。\n一、工作内容\n（一）全面排查。\n"
        "某某省知识产权局办公室\n2020年3月2日"
    )
    assert parse_plan(text).title == "某某省知识产权局办公室关于开展2020年专利代理行业专项整治工作的通知"


# --- metadata: plans named without 《》 ------------------------------------------------------------


def test_a_policy_readings_plan_named_as_its_first_subject_and_its_issue_day() -> None:
    text = (
        "余杭区知识产权“十四五”规划是全区规划体系的专项规划，是推进知识产权强区建设的重要依据。\n"
        "一、出台和实施时间\n出台时间：2022年6月8日\n实施时间：十四五期间\n二、编制背景\n"
        "近日，中共中央、国务院印发了《知识产权强国建设纲要（2021-2035年）》，提出了明确的发展目标。"
    )
    p = parse_plan(text)
    assert p.title == "余杭区知识产权“十四五”规划"
    assert p.issued_on == dt.date(2022, 6, 8)
    assert (p.period.start, p.period.end) == (2021, 2025)
    assert p.region is not None and p.region.name == "余杭区"


def test_a_plan_a_report_names_without_quotes_then_for_short() -> None:
    text = (
        "昨天上午，省政府新闻办举行发布会，会上发布了浙江省商标品牌发展“十三五”规划。\n"
        "根据《规划》，到2020年，全省有效注册商标总量达到200万件。"
    )
    p = parse_plan(text)
    assert p.title == "浙江省商标品牌发展“十三五”规划"
    assert (p.period.start, p.period.end) == (2016, 2020)


def test_an_unquoted_plan_never_named_for_short_is_not_taken() -> None:
    text = (
        "昨天上午，省政府新闻办举行发布会，会上发布了浙江省商标品牌发展“十三五”规划。\n与会者表示将认真落实。"
    )
    assert parse_plan(text).title is None


def test_an_organ_opening_a_page_is_no_plan() -> None:
    text = "某某市知识产权局是市政府的工作部门，负责全市知识产权工作。\n一、主要职责\n（一）拟订规划。"
    assert parse_plan(text).title is None


# --- period ------------------------------------------------------------------------------------------


def test_a_numbered_page_with_no_date_runs_from_its_numbers_year() -> None:
    text = (
        "山西省人民政府关于加快商标品牌建设的意见\n晋政发〔2018〕5号\n各市人民政府，省人民政府各委、厅：\n"
        "为加快商标品牌建设，提出如下意见。\n一、主要目标\n到2020年，全省有效注册商标总量达到20万件。"
    )
    p = parse_plan(text)
    assert (p.period.start, p.period.end) == (2018, 2020)


def test_a_number_later_than_the_horizon_sets_no_start() -> None:
    text = (
        "某某市人民政府关于印发某某市专利工作方案的通知\n某政发〔2021〕3号\n各区人民政府：\n"
        "为推进专利工作，提出如下意见。\n一、主要目标\n到2020年，全市发明专利拥有量达到800件。"
    )
    assert parse_plan(text).period.start is None


# --- round 18b: notices as sites publish them ---------------------------------------------------------


def test_a_sites_heading_states_the_title_whole_above_the_documents_own() -> None:
    text = (
        "省科技厅 省知识产权局关于公布2022年度知识产权示范企业名单的通知\n"
        "某某省科技厅 某某省知识产权局\n关于公布2022年度知识产权示范企业\n名单的通知\n"
        "各市科技局、知识产权局：\n经评审，确定30家企业为知识产权示范企业，示范期为2022年至2024年。\n"
        "某某省科学技术厅   某某省知识产权局\n2022年9月1日"
    )
    # the heading's organs are short names; the document's own organ line is what the title joins
    assert parse_plan(text).title != "省科技厅省知识产权局关于公布2022年度知识产权示范企业名单的通知"
    text = text.replace("省科技厅 省知识产权局关于", "某某省科技厅 某某省知识产权局关于", 1)
    assert parse_plan(text).title == "某某省科技厅某某省知识产权局关于公布2022年度知识产权示范企业名单的通知"


def test_a_national_bureaus_notice_title_names_its_issuer_and_its_pilots_term() -> None:
    text = (
        "国家知识产权局关于确定国家知识产权强县建设试点示范县的通知\n"
        "各省、自治区、直辖市知识产权局：\n经地方申报推荐、专家评审，确定48个县为示范县，试点示范时限自"
        "2022年8月至2025年7月。\n各省知识产权局要加强工作指导。"
    )
    p = parse_plan(text)
    assert p.issuers == ["国家知识产权局"]
    assert (p.period.start, p.period.end) == (2022, 2025)


def test_news_of_a_pilot_list_states_no_period() -> None:
    text = (
        "首批强县建设试点示范县确定\n\n近日，国家知识产权局确定首批48个示范县，试点示范时限自2022年8月至"
        "2025年7月。\n国家知识产权局将大力推进试点示范县建设。"
    )
    assert (parse_plan(text).period.start, parse_plan(text).period.end) == (None, None)


def test_a_pages_time_line_is_when_it_went_online() -> None:
    text = (
        "到明年底某某省将培育10个商标品牌示范区\n时间:2021-03-02 10:15 来源:某某日报\n"
        "记者从省市场监管局获悉，我省日前下发《某某省商标品牌示范区建设实施方案》，提出到2022年，"
        "培育商标品牌示范区10个。"
    )
    p = parse_plan(text)
    assert p.published_on == dt.date(2021, 3, 2)
    assert "时间" not in p.preamble
    assert p.issued_on is None  # the page's time is not the plan's issue day
    assert p.period.start == 2021


# --- targets -------------------------------------------------------------------------------------------


def test_what_a_five_year_span_will_bring_and_a_national_designation_kept() -> None:
    text = (
        "某某市“十四五”商标品牌发展规划\n一、发展基础\n“十三五”期间，全市累计注册商标5万件。\n二、主要任务\n"
        "“十四五”期间，全市将培育推出2个全国商标品牌建设示范区、5个省级商标品牌示范基地。\n（一）加强培育。"
    )
    got = _targets(text)
    assert ("全国商标品牌建设示范区", 2.0, "=", 2025) in got
    assert ("省级商标品牌示范基地", 5.0, "=", 2025) in got


def test_a_five_year_span_narrating_the_past_sets_no_goal() -> None:
    text = (
        "某某市“十四五”商标品牌发展规划\n“十三五”期间，全市累计注册商标5万件，培育2个全国商标品牌建设示范区。\n"
        "一、主要任务\n（一）加强培育。"
    )
    assert _targets(text) == set()
