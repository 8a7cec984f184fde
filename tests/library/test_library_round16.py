"""Round 16 rules of the law reader and the citation finder (src/ipatlas/library/README.md, "Round 16"):
a knowledge base's wiki links inside the words, its 通过／公布日期 field, a national law's full name written
out bare (a page that lost its 《》), and a bare article after a verb's 了 in a sentence that named one law.
Each text is constructed in other words than the labelled items, and each test fails on the code before
the round."""

from __future__ import annotations

import datetime as dt

from tests.library.lawtext import pairs as _pairs
from tests.library.lawtext import summary

from ipatlas.library.citations import AliasTable, detect
from ipatlas.library.text import parse_document

PRC = "中华人民共和国"


def test_wiki_links_in_a_markdown_law_read_as_their_labels() -> None:
    text = "\n".join(
        [
            "---",
            'title: "某某条例（2020年施行）"',
            "---",
            "",
            "## 效力信息",
            "",
            "- **通过／公布日期**：2019年11月5日",
            "- **施行日期**：2020年1月1日",
            "",
            "## 第一条 · 目的",
            "",
            "为了保护[[term-0042|集成电路]]布图设计专有权，根据[[law-7|《中华人民共和国著作权法》]]，制定本条例。",
            "",
            "## 第二条 · 施行",
            "",
            "本条例自2020年1月1日起施行，[[附则]]另行规定。",
        ]
    )
    got = summary(text, name="x.md")
    assert got["articles"] == [1, 2]
    assert got["promulgated_on"] == dt.date(2019, 11, 5)
    assert got["effective_on"] == dt.date(2020, 1, 1)
    # and the link's words, not its target, are the article's text
    first = next(r for r in parse_document(text, name="x.md").records if r.number == 1)
    assert first.text.startswith("为了保护集成电路布图设计专有权")
    last = next(r for r in parse_document(text, name="x.md").records if r.number == 2)
    assert "附则另行规定" in last.text and "[[" not in last.text


def test_a_wiki_link_inside_a_cited_title_keeps_spans_on_the_original_text() -> None:
    text = "依照《中华人民共和国[[term-9|著作权]]法》第十条和《中华人民共和国商标法》第三条处理。"
    found = detect(text, AliasTable([]))
    assert {(c.law, c.article) for c in found} == {(PRC + "著作权法", 10), (PRC + "商标法", 3)}
    second = next(c for c in found if c.law == PRC + "商标法")
    assert text[second.span[0] : second.span[1]].startswith("《中华人民共和国商标法》")
    # a link with no 《》 around it is no citation by itself
    assert _pairs("参见[[term-1|专利权]]的有关说明。") == set()


def test_a_full_national_law_name_written_bare_is_the_law_whole() -> None:
    got = _pairs("依据 中华人民共和国著作权法。中华人民共和国专利法,等法律 结合本省情况 制定本办法.")
    assert got == {(PRC + "著作权法", None), (PRC + "专利法", None)}
    # guards: its article, its implementing rules, and a title that merely contains it stay as before
    assert _pairs("对照 中华人民共和国专利法第十一条 处理") == {(PRC + "专利法", 11)}
    assert (PRC + "商标法", None) not in _pairs("见 中华人民共和国商标法实施条例 有关内容")
    assert (PRC + "专利法", None) not in _pairs("《关于修改〈中华人民共和国专利法〉的决定》")


def test_a_bare_article_after_a_verbs_le_belongs_to_the_law_the_sentence_named() -> None:
    assert _pairs("《商标法》修改了第四十九条的表述。") == {(PRC + "商标法", 49)}
    # guard: a sentence naming two laws carries no bare article
    two = _pairs("《商标法》和《专利法》都修改了第二条。")
    assert (PRC + "商标法", 2) not in two and (PRC + "专利法", 2) not in two
