"""Round 19's kinds (README "Round 19"): set 19's misses, constructed in other places and words. Each
reading case fails on main `c81e151`; the guards pass on both."""

from __future__ import annotations

import datetime as dt

from ipatlas.plans import parse_plan
from ipatlas.plans.document import meta_pairs


def _targets(text: str) -> set[tuple[str, float, str, int | None]]:
    return {(t.indicator, float(t.value or 0), t.comparator, t.year) for t in parse_plan(text).targets}


# --- metadata: full plan texts as sites publish them ---------------------------------------------


def test_a_notice_without_its_title_line_that_leaves_out_gei() -> None:
    # "现将《…》印发你们" (no 给) names the plan it carries, and so its period
    text = (
        "各县（区）人民政府，市级各部门：\n"
        "现将《宜宾市“十四五”商标品牌发展规划（2021—2025年）》印发你们，请认真贯彻执行。\n"
        "宜宾市人民政府\n2022年3月8日\n"
        "为推动商标品牌发展，制定本规划。\n一、发展基础\n“十三五”期间，全市有效注册商标持续增长。"
    )
    p = parse_plan(text)
    assert p.title == "宜宾市“十四五”商标品牌发展规划（2021—2025年）"
    assert p.issuers == ["宜宾市人民政府"]
    assert (p.period.start, p.period.end) == (2021, 2025)


def test_a_cover_title_broken_under_a_site_heading_that_states_it() -> None:
    text = (
        "当前位置：\n昆山市知识产权发展“十四五”规划及政策解读\n"
        "昆山市知识产权发展\n\n\n“十四五”规划\n二〇二一年十一月\n"
        "目 录\n第一章 发展基础 3\n第二章 总体要求 8\n"
        "昆山市知识产权发展“十四五”规划“十四五”时期，是昆山全面建设社会主义现代化的关键时期。\n"
        "第一章 发展基础\n“十三五”期间，全市专利授权量稳步增长。"
    )
    p = parse_plan(text)
    assert p.title == "昆山市知识产权发展“十四五”规划"
    assert (p.period.start, p.period.end) == (2021, 2025)


def test_a_cover_title_whose_notice_writes_the_range_with_another_dash() -> None:
    text = (
        "宜昌市人民政府\n关于印发宜昌市知识产权强市建设推进方案（2023-2025年）的通知\n各县市区人民政府：\n"
        "《宜昌市知识产权强市建设推进方案（2023-2025年）》已经市政府同意，现印发给你们。\n"
        "宜昌市人民政府\n2023年5月4日\n宜昌市知识产权强市建设\n推进方案（2023—2025年）\n"
        "为加快知识产权强市建设，制定本方案。\n一、工作目标\n到2025年，知识产权综合实力明显提升。"
    )
    p = parse_plan(text)
    assert p.title == "宜昌市知识产权强市建设推进方案（2023—2025年）"
    assert p.issuers == ["宜昌市人民政府"]
    assert p.issued_on == dt.date(2023, 5, 4)


def test_a_title_whose_years_stand_below_it_written_with_a_tilde() -> None:
    # 19b: "（2017~2020年）" on the line under the plan's title
    text = (
        "各区人民政府，市各委办局：\n"
        "《扬州市知识产权强市建设推进方案（2019~2021年）》已经市政府同意，现印发给你们。\n"
        "扬州市人民政府\n2019年4月2日\n扬州市知识产权强市建设推进方案\n（2019~2021年）\n"
        "为推进知识产权强市建设，制定本方案。\n一、总体要求\n到2021年，知识产权综合实力明显提升。"
    )
    p = parse_plan(text)
    assert p.title == "扬州市知识产权强市建设推进方案（2019~2021年）"
    assert (p.period.start, p.period.end) == (2019, 2021)


def test_a_policy_portal_line_of_source_division_and_time() -> None:
    line = (
        "政策来源：南昌市市场监督管理局 | 发布机构：南昌市市场监督管理局知识产权保护处 | "
        "发布时间：2023-05-06 | 318 次浏览：| 分享到："
    )
    assert dict(meta_pairs(line)) == {
        "来源": "南昌市市场监督管理局",
        "发布机关": "南昌市市场监督管理局知识产权保护处",
        "发布日期": "2023-05-06",
    }
    text = (
        f"南昌市知识产权保护和运用“十四五”规划\n{line}\n"
        "为加强知识产权保护，制定本规划。\n一、发展基础\n“十三五”期间，全市专利授权量稳步增长。"
    )
    p = parse_plan(text)
    # the bureau's division publishes the page; the bureau is the issuer
    assert p.issuers == ["南昌市市场监督管理局"]
    assert p.issued_on == dt.date(2023, 5, 6)


# --- targets ---------------------------------------------------------------------------------------


def test_xinzeng_after_its_subject_names_a_flow_written_first() -> None:
    text = (
        "一、工作目标\n到2026年，全市发明专利拥有量达到9000件，市级知识产权示范企业新增25家，"
        "通过知识产权管理体系认证的企业新增60家以上。"
    )
    got = _targets(text)
    assert ("新增市级知识产权示范企业", 25.0, "=", 2026) in got
    assert ("新增通过知识产权管理体系认证的企业", 60.0, ">=", 2026) in got


def test_milestones_in_brackets_after_a_goal() -> None:
    text = (
        "一、工作目标\n到2026年，每万人口高价值发明专利拥有量达到8件（2024年底达5.6件，2025年底达6.9件），"
        "地理标志商标达到40件。"
    )
    got = _targets(text)
    assert ("每万人口高价值发明专利拥有量", 8.0, "=", 2026) in got
    assert ("每万人口高价值发明专利拥有量", 5.6, "=", 2024) in got
    assert ("每万人口高价值发明专利拥有量", 6.9, "=", 2025) in got


# --- guards (pass on main too) ---------------------------------------------------------------------


def test_guard_a_bracket_in_another_unit_is_no_milestone() -> None:
    text = "一、工作目标\n到2026年，有效注册商标达到5万件（2024年底达45%的覆盖率），地理标志商标达到40件。"
    got = _targets(text)
    assert {y for ind, _, _, y in got if ind == "有效注册商标"} == {2026}


def test_guard_xinzeng_before_its_object_stays_in_place() -> None:
    text = "一、工作目标\n到2025年，全市12个乡镇新增地理标志商标6件。"
    assert not any(ind.startswith("新增12个") for ind, *_ in _targets(text))


def test_guard_a_notice_heading_keeps_the_letterhead_reading() -> None:
    # a notice whose organs stand on their own line above 关于…: not joined by the cover-title rule
    text = (
        "自治区科技厅 知识产权局关于开展2022年专利质押融资工作的通知\n来源：某某自治区科学技术厅\n"
        "自治区科技厅 知识产权局\n关于开展2022年专利质押融资工作的通知\n各盟市科技局：\n"
        "为推进专利质押融资，现就有关事项通知如下。"
    )
    assert parse_plan(text).title == "自治区科技厅知识产权局关于开展2022年专利质押融资工作的通知"
