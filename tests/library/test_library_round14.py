"""Round 14 rules of the citation finder (src/ipatlas/library/README.md, "Round 14"): an article
that follows its title after a space, a table's cell border, the part of a code it sits in or a line
break; a bare article after a law named whole; a known law named bare before its contents.
Each text here is constructed in other words than the labelled sentences."""

from __future__ import annotations

from tests.library.lawtext import pairs as _pairs


def test_an_article_after_a_space_belongs_to_the_title() -> None:
    got = _pairs("该店的行为违反了《中华人民共和国专利法》\u3000第十一条第一款的规定。")
    assert got == {("中华人民共和国专利法", 11)}


def test_an_article_in_the_next_table_cell_belongs_to_the_title() -> None:
    got = _pairs("| 3 | 假冒专利 | 《中华人民共和国专利法》 ｜ 第六十八条 假冒专利的,除依法承担民事责任外")
    assert ("中华人民共和国专利法", 68) in got


def test_an_article_after_the_part_of_a_code_belongs_to_the_title() -> None:
    got = _pairs("依照《中华人民共和国民法典》第七编第一千一百八十五条的规定,侵权人应当承担惩罚性赔偿。")
    assert got == {("中华人民共和国民法典", 1185)}


def test_a_cited_title_at_the_end_of_its_line_takes_the_article_opening_the_next() -> None:
    text = "附:本判决适用的法律条文\n《中华人民共和国著作权法》\n第四十九条 侵犯著作权的,应当赔偿。"
    assert ("中华人民共和国著作权法", 49) in _pairs(text)


def test_the_texts_own_title_over_its_first_article_is_not_a_citation_of_it() -> None:
    # guard: a law's own text under its title in 《》 (context = its title) reads as before
    text = "《某市专利促进条例》\n第一条 为了促进专利的创造和运用,制定本条例。"
    got = _pairs(text, "某市专利促进条例")
    assert ("某市专利促进条例", 1) not in got


def test_a_known_law_named_bare_before_its_contents_is_cited_whole() -> None:
    assert _pairs("被告的行为不属于著作权法禁止的行为。") == {("中华人民共和国著作权法", None)}
    assert _pairs("上诉理由是对反不正当竞争法有关条文的误读。") == {("中华人民共和国反不正当竞争法", None)}


def test_a_law_inside_a_longer_word_is_not_cited_whole() -> None:
    # guard: 知识产权法学 is no law (所称 after a law's name is a citation of it since round 15's convention:
    # test_library_round15.py)
    assert _pairs("他研究知识产权法学禁止的问题。") == set()


def test_an_article_after_a_law_named_whole_in_its_sentence_is_that_laws() -> None:
    got = _pairs("2020年《著作权法》第三次修正时,新增的第五十四条引入了惩罚性赔偿。")
    assert got == {("中华人民共和国著作权法", 54)}
    got = _pairs("《专利法》修正以后,第二十条对申请专利应当遵循诚实信用原则作了规定。")
    assert got == {("中华人民共和国专利法", 20)}


def test_no_article_is_carried_from_a_paper_or_between_two_laws() -> None:
    # guards: a contract in 《》 names no law; two laws named whole leave 第X条 unresolved
    assert _pairs("原告提交《合作协议》,证明该协议的第五条约定了违约责任。") == set()
    got = _pairs("《商标法》与《反不正当竞争法》都修改了,新增的第十条引起讨论。")
    assert not any(article == 10 for _, article in got)


def test_an_article_past_an_amendments_own_is_the_amended_laws() -> None:
    got = _pairs("刑法修正案(十一)新增的第二百八十条之一提高了法定刑。")
    assert got == {("中华人民共和国刑法", 280)}
    got = _pairs("《中华人民共和国刑法修正案(九)》(以下简称《刑法修正案(九)》)第一百二十条第二款作了修改。")
    assert got == {("中华人民共和国刑法", 120)}


def test_an_amendments_own_article_stays_the_amendments() -> None:
    # guard: 修正案 第二十二条 is the amendment's own article (it has some fifty)
    got = _pairs("《中华人民共和国刑法修正案(十一)》第二十二条对此作了调整。")
    assert got == {("中华人民共和国刑法修正案(十一)", 22)}
