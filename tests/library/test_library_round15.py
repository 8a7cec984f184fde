"""Round 15 rules of the law reader and the citation finder (src/ipatlas/library/README.md, "Round 15"):
an organ's 公告 above the rule it issues, issuing organs printed over a 关于 title, a paged page's title
and pager, a Markdown file's front matter and captioned article headings; a dated note or a line break
between a title and its article, the 所称 convention, a known law bare after a verb of reference, a
whole-law mention giving way to that law's article. Each text is constructed in other words than the
labelled items, and each test fails on the code before the round."""

from __future__ import annotations

import datetime as dt

from tests.library.lawtext import pairs as _pairs
from tests.library.lawtext import summary

PRC = "中华人民共和国"


def test_an_organs_announcement_above_the_rule_it_issues() -> None:
    text = "\n".join(
        [
            "国家药品监督管理局公告",
            "第一二三号",
            "为加强医疗器械标识管理，根据《医疗器械监督管理条例》，国家药品监督管理局制定《医疗器械标识管理办法》。"
            "现予发布，自2022年3月1日起施行。",
            "特此公告。",
            "国家药品监督管理局",
            "2022年2月10日",
            "医疗器械标识管理办法",
            "第一条　为了规范医疗器械标识，制定本办法。",
            "第二条　本办法自2022年3月1日起施行。",
        ]
    )
    got = summary(text)
    assert got["title"] == "医疗器械标识管理办法"
    assert got["doc_no"] == "国家药品监督管理局公告第一二三号"
    assert got["issuer"] == "国家药品监督管理局"
    assert got["level"] == "规范性文件"
    assert got["promulgated_on"] == dt.date(2022, 2, 10)
    assert got["effective_on"] == dt.date(2022, 3, 1)
    assert got["articles"] == [1, 2]


def test_a_standing_committees_announcement_stays_a_local_regulation() -> None:
    # guard: a people's congress 公告 above its 条例 keeps the level its notes give
    text = "\n".join(
        [
            "某某省人民代表大会常务委员会公告",
            "（第21号）",
            "《某某省商标条例》已于2020年5月28日某某省第十三届人民代表大会常务委员会第十八次会议通过，现予公布，"
            "自2020年8月1日起施行。",
            "某某省人民代表大会常务委员会",
            "2020年5月28日",
            "某某省商标条例",
            "第一条　为了保护商标专用权，制定本条例。",
        ]
    )
    got = summary(text)
    assert got["title"] == "某某省商标条例"
    assert got["level"] == "地方性法规"


def test_issuing_organs_printed_over_a_title_that_begins_with_guanyu() -> None:
    text = "\n".join(
        [
            "最高人民法院　最高人民检察院",
            "关于办理非法经营刑事案件",
            "适用法律若干问题的解释",
            "法释〔2022〕9号",
            "第一条　本解释所称非法经营，是指违反国家规定经营的行为。",
        ]
    )
    got = summary(text)
    assert got["title"] == "最高人民法院、最高人民检察院关于办理非法经营刑事案件适用法律若干问题的解释"
    assert got["issuer"] == "最高人民法院、最高人民检察院"
    assert got["doc_no"] == "法释〔2022〕9号"


def test_the_page_number_of_a_paged_page_and_its_pager_are_no_text() -> None:
    text = "\n".join(
        [
            "关于修改《某某市商标管理办法》的决定(3)",
            "第二十条 本办法由市市场监督管理局负责解释。",
            "第二十一条 本办法自2015年1月1日起施行。",
            "共3页 [1] [2] 3",
            "上一页",
            "相关法规:",
            "·某某市商标管理办法",
        ]
    )
    got = summary(text)
    assert got["title"] == "关于修改《某某市商标管理办法》的决定"
    assert got["paragraphs"][21] == 1


def test_front_matter_title_and_captioned_article_headings() -> None:
    text = "\n".join(
        [
            "---",
            'title: "专利标识标注办法（2012年施行）"',
            'tags: ["专利标识"]',
            "---",
            "",
            "## 第一条 · 立法目的",
            "",
            "为了规范专利标识的标注方式，制定本办法。",
            "",
            "## 第二条 · 适用范围",
            "",
            "标注专利标识的，适用本办法。",
        ]
    )
    got = summary(text, "x.md")
    assert got["title"] == "专利标识标注办法"
    assert got["articles"] == [1, 2]
    assert got["paragraphs"] == {1: 1, 2: 1}


def test_a_dated_promulgation_note_between_a_title_and_its_article() -> None:
    got = _pairs(
        "2.《某某省专利条例》(2012年9月28日某某省第十一届人大常委会第三十二次会议通过)"
        "第四十条 违反本条例规定的"
    )
    assert got == {("某某省专利条例", 40)}
    got = _pairs(
        "《中华人民共和国商标法》(1982年8月23日中华人民共和国主席令第10号公布)第三十四条 使用注册商标的"
    )
    assert got == {(PRC + "商标法", 34)}


def test_a_line_break_right_after_the_opening_bracket() -> None:
    got = _pairs("行政机关作出处罚,所依据的是《\n专利法》第六十八条 假冒专利的,除依法承担民事责任外")
    assert got == {(PRC + "专利法", 68)}


def test_a_law_named_before_the_term_it_defines_is_cited_whole() -> None:
    assert _pairs("第五条商标法所称商标使用,是指将商标用于商品上。") == {(PRC + "商标法", None)}
    assert _pairs("著作权法和著作权法实施条例所称作品,包括文字作品。") == {
        (PRC + "著作权法", None),
        (PRC + "著作权法实施条例", None),
    }
    # the text's own 本法所称 is no citation, nor a law cited by article in the passage
    assert _pairs("本法所称商业秘密,是指不为公众所知悉的信息。", "中华人民共和国反不正当竞争法") == set()


def test_a_known_law_named_bare_right_after_a_verb_of_reference() -> None:
    assert _pairs("当事人依据著作权法向人民法院起诉的,应当提交权属证据。") == {(PRC + "著作权法", None)}
    # guards: a list is the 规定 rule's to read, and an article keeps its own citation
    assert _pairs("国务院根据宪法和法律,制定行政法规。") == set()
    assert _pairs("依据商标法第六十条处理。") == {(PRC + "商标法", 60)}


def test_a_whole_law_mention_gives_way_to_its_article_in_the_sentence() -> None:
    got = _pairs("当事人违反《中华人民共和国专利法》,依照《中华人民共和国专利法》第六十八条予以处罚。")
    assert got == {(PRC + "专利法", 68)}
    # another sentence keeps its own whole-law mention
    got = _pairs("依照《中华人民共和国专利法》第六十八条予以处罚。当事人还违反了《中华人民共和国专利法》。")
    assert got == {(PRC + "专利法", 68), (PRC + "专利法", None)}


def test_the_organ_that_signs_a_notice_over_its_date_issues_the_text_below() -> None:
    # (held-out sbqq's kind, not blind)
    text = "\n".join(
        [
            "国知办发保字〔2021〕5号",
            "各省、自治区、直辖市知识产权局：",
            "为统一执法标准，制定《商标一般违法判断标准》。现予印发，请遵照执行。",
            "国家知识产权局办公室",
            "2021年12月13日",
            "商标一般违法判断标准",
            "第一条　为了加强商标执法指导，制定本标准。",
        ]
    )
    got = summary(text)
    assert got["title"] == "商标一般违法判断标准"
    assert got["issuer"] == "国家知识产权局办公室"


# ---- round 15b held-out kinds (not blind) ----


def test_an_order_page_titled_with_its_year_and_order_over_the_text() -> None:
    text = "\n".join(
        [
            "《商标审查审理指南》(2021)(局令第99号)",
            "发布时间：2021-11-22",
            "国家知识产权局令",
            "第九十九号",
            "根据《中华人民共和国商标法实施条例》，制定《商标审查审理指南》。现公布修订后的《商标审查审理指南》，"
            "自2022年1月1日起施行。",
            "局 长：某某某",
            "2021年11月22日",
            "商标审查审理指南",
            "第一章　总则",
            "第一条　为规范商标审查审理工作，制定本指南。",
        ]
    )
    got = summary(text)
    assert got["title"] == "商标审查审理指南"
    assert got["doc_no"] == "国家知识产权局令第九十九号"
    assert got["promulgated_on"] == dt.date(2021, 11, 22)
    assert got["effective_on"] == dt.date(2022, 1, 1)


def test_a_notice_without_number_issuing_a_standard_makes_it_a_normative_document() -> None:
    text = "\n".join(
        [
            "各省、自治区、直辖市知识产权局：",
            "为统一执法标准，制定《专利侵权判断标准》。现予印发，请遵照执行。",
            "国家知识产权局",
            "2022年3月1日",
            "专利侵权判断标准",
            "第一条　为加强专利执法指导，制定本标准。",
            "第二条　本标准自2022年4月1日起施行。",
        ]
    )
    got = summary(text)
    assert got["level"] == "规范性文件"
    assert got["effective_on"] == dt.date(2022, 4, 1)


def test_a_law_and_its_implementing_rules_after_fuhe() -> None:
    got = _pairs("审查申请文件是否符合商标法及其实施条例的规定。")
    assert got == {(PRC + "商标法", None), (PRC + "商标法实施条例", None)}
