"""Round 9 of the library's header and citation rules, each a constructed case of a failure kind
seen on the round-8 held-out texts (named in its README) or on round 9's dev texts; every case
failed on main before its rule."""

from __future__ import annotations

import datetime as dt

from tests.library.lawtext import summary as _fields

from ipatlas.library.citations import AliasTable, detect


# ---- round-8 held-out kinds (no longer blind) ---------------------------------------------------
def test_a_page_meta_line_joined_by_bars_and_a_source_line_are_no_title() -> None:
    text = (
        "某某产品质量管理试行办法(1990年)\n某某产品质量管理试行办法(1990年)\n"
        "发布日期:1990-05-04|字体:| 下载收藏 语音播报\n  来源:某某数据中心\n"
        "(1990年4月20日国务院批准,1990年5月4日国家技术监督局发布)\n\n第一章总则\n\n"
        "第一条为了加强管理,制定本办法。\n\n第二条本办法适用于全国。\n"
    )
    f = _fields(text)
    assert f["title"] == "某某产品质量管理试行办法"
    assert f["promulgated_on"] == dt.date(1990, 5, 4)
    assert f["issuer"] == "国家技术监督局"
    assert f["articles"] == [1, 2]


def test_a_site_section_heading_over_its_breadcrumb_is_no_title() -> None:
    text = (
        "政务公开\n\n您当前的位置: 首页 > 政务公开 > 文件 > 正文\n\n"
        "中共某某市委 某某市人民政府印发《关于推进某某工作的意见》的通知\n\n"
        "发布时间:2022-03-01 10:00:00 某某市人民政府\n\n各区委、区政府,市委各部委办:\n\n"
        "现将《关于推进某某工作的意见》印发给你们,请认真贯彻落实。\n\n中共某某市委\n\n某某市人民政府\n\n"
        "2022年2月20日\n\n关于推进某某工作的意见\n\n一、总体要求\n\n做好某某工作。\n"
    )
    f = _fields(text)
    assert f["title"] == "中共某某市委 某某市人民政府印发《关于推进某某工作的意见》的通知"
    assert f["issuer"] == "中共某某市委、某某市人民政府"
    assert f["level"] == "规范性文件"
    assert f["promulgated_on"] == dt.date(2022, 2, 20)


def test_a_national_regulation_cited_bare_before_an_article() -> None:
    aliases = AliasTable(["中华人民共和国专利法"])

    def pairs(text: str) -> list[tuple[str, int | None]]:
        return [(c.law, c.article) for c in detect(text, aliases)]

    assert pairs("违反规定的，依照农药管理条例第五十五条的规定处罚。") == [("农药管理条例", 55)]
    assert pairs("依照专利代理管理办法第二十条、第二十一条处理。") == [
        ("专利代理管理办法", 20),
        ("专利代理管理办法", 21),
    ]
    # not a national regulation's name: its own, anaphora, local, generic words only
    assert pairs("依照本条例第五条的规定。") == []
    assert pairs("依照该条例第三条的规定。") == []
    assert pairs("依照上海市某某保护条例第十条的规定。") == []
    assert pairs("根据管理办法第三条的规定。") == []
    assert pairs("依照有关规定第五条处理。") == []


# ---- round 9 dev kinds --------------------------------------------------------------------------
def test_a_government_document_box_with_values_under_their_keys() -> None:
    text = (
        "返回顶部\n\n某某县人民政府工作规则\n\n  • 索引号:\n\n    0000000000/2023-000001\n"
        "  • 主题分类:\n\n  • 来源:\n\n  • 发文机构:\n\n    县政府网站\n  • 发文字号:\n\n"
        "    某政发〔2023〕3号\n  • 发文日期:\n\n    2023年03月02日 09:30\n  • 有效性:\n\n"
        "  • 发布日期:\n\n    2023年03月05日 10:00\n  • 内容概述:\n\n某某县人民政府工作规则\n\n"
        "第一章总则\n\n一、根据有关规定,制定本规则。\n\n二、县政府依法行政。\n\n"
        "第二章   组成人员\n\n三、县政府由县长、副县长组成。\n"
    )
    f = _fields(text)
    assert f["title"] == "某某县人民政府工作规则"
    assert f["doc_no"] == "某政发〔2023〕3号"
    assert f["promulgated_on"] == dt.date(2023, 3, 2)  # 发文日期, not the page's 发布日期
    assert f["level"] == "规范性文件"  # the box's 〔year〕N号 number
    # 县政府网站 is the site, not the organ; since round 10 某政发 names the title's county government
    assert f["issuer"] == "某某县人民政府"
    assert f["sections"] == [1, 2, 3]
    assert f["chapters"] == ["第一章总则", "第二章组成人员"]


def test_a_database_issuer_line_over_the_title_cut_and_its_number() -> None:
    text = (
        "关于印发某某市人民政府会议工作规则的通知\n\n作者:法律资料网 时间:2024-07-12 20:48:31\n"
        "下载地址: 点击此处下载\n\n关于印发某某市人民政府会议工作规则的通知\n\n"
        "某某省某某市人民政府办公室\n\n\n关于印发某某市人民政府会议\n\n某政办发〔2011〕8号\n\n\n"
        "各县(市、区)人民政府,市政府各部门:\n"
        "《某某市人民政府会议工作规则》已经市政府研究同意,现印发给你们,请按照执行。\n\n\n"
        "某某市人民政府办公室\n二○一一年三月九日\n\n"
        "第一条 为规范会议,制定本规则。\n第二条 本规则自印发之日起施行。\n"
    )
    f = _fields(text)
    assert f["doc_no"] == "某政办发〔2011〕8号"
    assert f["issuer"] == "某某市人民政府办公室"  # the database line, its province dropped
    assert f["promulgated_on"] == dt.date(2011, 3, 9)


def test_an_old_ministry_number_with_its_year_in_parentheses() -> None:
    text = (
        "关于颁发《某某设计管理办法》(试行)的通知\n\n作者:法律资料网 时间:2024-07-12 11:37:44\n"
        "关于颁发《某某设计管理办法》(试行)的通知\n\n某某部\n\n\n关于颁发《某某设计管理办法》(试行)的通知\n"
        " ((79)某某字105号)\n\n\n各省交通局:\n  现制订出《某某设计管理办法》,请试行.\n"
        "                        一九七九年五月四日\n\n 第一条 目的\n  为了统一管理,特制订本办法.\n"
        " 第二条 适用范围\n  本办法适用于全国.\n"
    )
    f = _fields(text)
    assert f["doc_no"] == "(79)某某字105号"
    assert f["issuer"] == "某某部"
    assert f["promulgated_on"] == dt.date(1979, 5, 4)
    assert f["articles"] == [1, 2]


def test_a_notice_stored_on_one_line_with_its_number_and_signature() -> None:
    text = (
        "关于确定某某示范单位的通知\n"
        "国知办发管字〔2019〕7号 各省知识产权局: 经评审,现确定某某单位为示范单位。 特此通知。 "
        "附件:示范单位名单 国家知识产权局办公室 2019年3月8日 联系人:某某 电 话:010—00000000\n|\n"
    )
    f = _fields(text)
    assert f["doc_no"] == "国知办发管字〔2019〕7号"
    assert f["promulgated_on"] == dt.date(2019, 3, 8)
    assert f["issuer"] == "国家知识产权局办公室"
    assert f["level"] == "规范性文件"
