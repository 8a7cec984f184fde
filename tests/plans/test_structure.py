"""Heading hierarchy in its full- and half-width forms."""

from __future__ import annotations

from ipatlas.plans import parse_plan

PLAN = """某某市知识产权行动计划
为推进工作，制定本计划。
一、总体目标
到2025年，专利授权量达到3000件。
二、重点任务
(一)加强创造
1．提升质量。推进高价值专利培育。〔责任单位：市知识产权局、科技局〕
(1)开展导航。实施导航项目。
(2)开展评议。实施评议。
2、加强运用。推进转化运用（2024年6月底前完成）。（市财政局负责）
（二）加强保护
1.严格执法。开展专项行动，每季度通报进展。（责任单位：市市场监管局）
①网络领域。
②展会领域。
三、保障措施
（一）加强领导。（责任单位：市直有关部门）
"""


def test_mixed_widths_and_levels() -> None:
    p = parse_plan(PLAN)
    assert [(s.number, s.title) for s in p.sections] == [
        ("一", "总体目标"),
        ("二", "重点任务"),
        ("三", "保障措施"),
    ]
    create = p.sections[1].children[0]
    assert (create.number, create.title, create.path) == ("(一)", "加强创造", "二.(一)")
    assert [(c.number, c.title) for c in create.children] == [("1", "提升质量"), ("2", "加强运用")]
    assert [c.path for c in create.children[0].children] == ["二.(一).1.(1)", "二.(一).1.(2)"]
    assert [t.number for t in p.tasks] == [
        "二.(一).1.(1)",
        "二.(一).1.(2)",
        "二.(一).2",
        "二.(二).1.①",
        "二.(二).1.②",
        "三.(一)",
    ]
    # a note on an enclosing item covers its sub-items
    t = p.task("二.(一).1.(1)")
    assert (t.units, t.units_inherited) == (["市知识产权局", "市科技局"], True)
    t = p.task("二.(一).2")
    assert (t.units, t.deadline) == (["市财政局"], "2024-06")
    assert p.task("二.(二).1.①").cycle == "每季度"
    assert p.targets[0].value == 3000 and p.targets[0].year == 2025
    assert p.kind == "行动计划"


def test_chapters_and_articles() -> None:
    p = parse_plan(
        "某某省知识产权促进办法\n"
        "第一章 总则\n第一条 为了促进知识产权工作，制定本办法。\n"
        "第二章 主要任务\n第二条 加强创造。推进高价值专利培育。（责任单位：省知识产权局）\n"
        "第三条 加强保护。严格执法。\n"
        "第三章 附则\n第四条 本办法自印发之日起施行。\n"
    )
    assert [(s.number, s.title) for s in p.sections] == [
        ("第一章", "总则"),
        ("第二章", "主要任务"),
        ("第三章", "附则"),
    ]
    assert [t.number for t in p.tasks] == ["第二章.第二条", "第二章.第三条"]
    assert p.task("第二章.第二条").units == ["省知识产权局"]
    assert (p.level, p.kind) == ("省", "办法")


def test_a_government_site_metadata_box_several_keys_on_a_line() -> None:
    """政务公开 boxes put two keys on a line (tab-separated, spaced-out key names) or in table rows;
    every pair is read, and none is taken for the document number or an issuer."""
    boxed = (
        "索 引 号：000014349/2021-00036\t主题分类：科技、教育\\知识产权\n"
        "发文机关：国务院\t成文日期：2021年10月09日\n"
        "标　　题：国务院关于印发“十四五”国家知识产权保护和运用规划的通知\n"
        "发文字号：国发〔2021〕20号\t发布日期：2021年10月28日\n"
        "“十四五”国家知识产权保护和运用规划\n一、发展目标\n到2025年，每万人口高价值发明专利拥有量达到12件。\n"
    )
    p = parse_plan(boxed)
    assert (p.doc_number, p.issuers, str(p.issued_on)) == ("国发〔2021〕20号", ["国务院"], "2021-10-09")
    rows = (
        "| 文件号 | 某知发〔2025〕16号 | 制发日期 | 2025年06月30日 |\n| 发布机构 | 某某市知识产权局 |\n"
        "某某市知识产权强市建设行动方案\n一、工作目标\n到2027年，专利密集型产业增加值占GDP比重达到15%。\n"
    )
    q = parse_plan(rows)
    assert (q.doc_number, q.issuers, str(q.issued_on)) == (
        "某知发〔2025〕16号",
        ["某某市知识产权局"],
        "2025-06-30",
    )


# Round 7 (README "Seventh set"): kinds from the development documents, on constructed text.
NOTICE_3_LINES = """某州政发〔2023〕17号
各县市人民政府：
《自治州贯彻落实〈某自治区人民政府国家知识产权局共建知识产权强区实施方案〉的工作方案》已经研究同意，现印发你们。
中共某州委员会办公室
某州人民政府办公室
2023年4月14日
自治州贯彻落实《某自治区人民政府 国家
知识产权局共建知识产权
强区实施方案》的工作方案
为贯彻落实有关精神，制定本工作方案。
一、建设目标
经过五年的时间，全州知识产权综合能力大幅提升。
"""


def test_a_title_over_three_lines_joint_signatures_and_a_span_of_years() -> None:
    p = parse_plan(NOTICE_3_LINES)
    # the title's three lines are one, matched against the notice's 〈〉 quotation without spaces
    assert p.title == "自治州贯彻落实《某自治区人民政府 国家知识产权局共建知识产权强区实施方案》的工作方案"
    # two organs signing one a line above the date are both issuers
    assert p.issuers == ["中共某州委员会办公室", "某州人民政府办公室"]
    assert p.issued_on is not None and p.issued_on.isoformat() == "2023-04-14"
    # "经过五年的时间" from the issue year, that year included
    assert (p.period.start, p.period.end) == (2023, 2027)


def test_three_lines_never_joined_when_the_document_does_not_name_them() -> None:
    p = parse_plan(NOTICE_3_LINES.replace("《自治州贯彻落实〈", "《另一个").replace("〉的工作方案》", "》"))
    assert p.title == "强区实施方案》的工作方案"


def test_a_signed_date_before_the_page_publication_date() -> None:
    text = """发布日期：2022-02-28
某某省人民政府办公厅关于印发某某省知识产权行动方案的通知
各市人民政府：现印发给你们，请认真贯彻落实。
某某省人民政府办公厅
2022年2月10日
某某省知识产权行动方案
一、工作目标
到2025年，专利授权量达到3000件。
"""
    p = parse_plan(text)
    assert p.issued_on is not None and p.issued_on.isoformat() == "2022-02-10"
    assert p.published_on is None or p.published_on.isoformat() != "2022-02-10"
    # without a signed date the page's 发布日期 is still the date known
    unsigned = parse_plan(text.replace("2022年2月10日\n", ""))
    assert unsigned.issued_on is not None and unsigned.issued_on.isoformat() == "2022-02-28"


def test_a_government_named_in_a_quoted_title_is_its_issuer() -> None:
    # round 7b: "《黑龙江省人民政府关于…的实施意见》" names its issuer (a province, inside 《》)
    p = parse_plan(
        "黑政发〔2016〕19号\n《黑龙江省人民政府关于加快知识产权强省建设的实施意见》\n各市人民政府：\n"
        "为贯彻落实有关精神，现提出如下实施意见。\n一、总体要求\n（一）指导思想。加快知识产权强省建设。\n"
    )
    assert p.issuers == ["黑龙江省人民政府"]
    q = parse_plan("内蒙古自治区人民政府关于加快知识产权强区建设的实施意见\n一、总体要求\n加快建设。\n")
    assert q.issuers == ["内蒙古自治区人民政府"]
