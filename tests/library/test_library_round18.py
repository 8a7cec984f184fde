"""Round 18 rules of the law reader and the citation finder (src/ipatlas/library/README.md, "Round 18"):
an article's caption printed after its number (`第一条　【立法目的】…`, `第一条（立法目的）…`) is the
article's caption, not its text, and is stored in `library_articles.caption`; 或者/以及 join a list of
articles. Each text is constructed in other words than the labelled items, and each test fails on the code
before the round."""

from __future__ import annotations

from pathlib import Path

from fastapi.testclient import TestClient
from sqlalchemy import select
from tests.library.lawtext import pairs as _pairs

from ipatlas.config import Settings
from ipatlas.library import document_dict, import_path
from ipatlas.library.models import LawArticle, LawDocument
from ipatlas.library.text import parse_document
from ipatlas.store import workflow
from ipatlas.web import create_app

RULE = (
    "某某数据登记办法\n（2023年5月6日某某总局令第9号公布　自2023年7月1日起施行）\n"
    "第一条　【目的和依据】为了规范数据登记，制定本办法。\n"
    "第二条【适用范围】本办法适用于数据登记活动。\n"
    "第三条 【登记机关】 \n登记机关负责本辖区的登记工作。\n"
    "第四条（登记原则）登记应当公开、公平。\n"
    "第五条 (费用) 登记不收取费用。\n"
)


def _articles(text: str) -> list[tuple[int | None, str | None, str]]:
    parsed = parse_document(text, name="x.txt")
    return [(r.number, r.caption, r.text) for r in parsed.records if r.kind == "article"]


def test_captions_in_brackets_after_the_number_are_kept_apart() -> None:
    assert _articles(RULE) == [
        (1, "目的和依据", "为了规范数据登记，制定本办法。"),
        (2, "适用范围", "本办法适用于数据登记活动。"),
        (3, "登记机关", "登记机关负责本辖区的登记工作。"),
        (4, "登记原则", "登记应当公开、公平。"),
        (5, "费用", "登记不收取费用。"),
    ]


def test_what_is_not_a_caption_stays_text() -> None:
    text = (
        "某某管理规定\n（2020年1月2日某某部令第3号公布）\n"
        "第一条　（一）登记；（二）备案。\n"
        "第二条　（以下简称登记机关）负责登记。\n"
        "第三条　【注意：本条已废止】\n"
        "第四条　依照本规定第三条办理。\n"
        "第五条（三）项规定的情形，不予登记。\n"
    )
    got = _articles(text)
    assert [n for n, _, _ in got] == [1, 2, 3, 4]  # 第五条（三）项… is a reference joined to article 4
    assert all(caption is None for _, caption, _ in got)
    assert got[0][2].startswith("（一）登记")
    assert got[2][2] == "【注意：本条已废止】"


def test_a_markdown_heading_caption_is_kept_as_the_caption() -> None:
    text = (
        "# 某某办法\n\n## 第一条 · 立法目的\n\n为了某某，制定本办法。\n\n"
        "## 第二条 · 定义\n\n本办法所称某某，是指某某。\n"
    )
    assert _articles(text) == [
        (1, "立法目的", "为了某某，制定本办法。"),
        (2, "定义", "本办法所称某某，是指某某。"),
    ]


def test_the_caption_is_stored_and_shown(tmp_path: Path, fresh_settings: Settings) -> None:
    path = tmp_path / "某某数据登记办法.txt"
    path.write_text(RULE, encoding="utf-8")
    with workflow.workflow_session(fresh_settings) as s:
        assert import_path(s, path)["loaded"] == 1
        doc = s.scalars(select(LawDocument)).one()
        rows = s.execute(
            select(LawArticle.number, LawArticle.caption, LawArticle.text).where(LawArticle.kind == "article")
        ).all()
        assert (1, "目的和依据", "为了规范数据登记，制定本办法。") in [tuple(r) for r in rows]
        shown = document_dict(s, doc.id)
        assert shown["articles"][0]["caption"] == "目的和依据"
        doc_id = doc.id
    # and the portal prints it after the article's number, on the law's page and the article's
    with TestClient(create_app(fresh_settings)) as client:
        page = client.get(f"/portal/policies/{doc_id}")
        article = client.get(f"/portal/policies/{doc_id}/art-1")
    assert page.status_code == 200 and "第一条</a> 【目的和依据】" in page.text
    assert "（登记原则）" not in page.text and "【登记原则】" in page.text
    assert article.status_code == 200 and "第一条 【目的和依据】</h1>" in article.text


def test_or_and_as_well_as_join_a_list_of_articles() -> None:
    law = "某某数据登记办法"
    text = "登记材料不符合本办法第四条或者第六条规定的，登记机关不予登记。"
    assert _pairs(text, context=law, titles=[law]) == {(law, 4), (law, 6)}
    text = "依照《中华人民共和国商标法》第十条以及第十一条的规定，不得作为商标使用。"
    assert _pairs(text) == {("中华人民共和国商标法", 10), ("中华人民共和国商标法", 11)}
    # 或者 before no article adds nothing
    assert _pairs("违反本办法第四条或者其他规定的，依法处理。", context=law, titles=[law]) == {(law, 4)}


def test_a_caption_alone_on_the_line_above_its_article() -> None:
    text = (
        "某某办法\n（2020年1月2日某某部令第3号公布）\n"
        "【目的】\n第一条　为了某某，制定本办法。\n"
        "【定义】\n第二条　本办法所称某某，是指某某。\n"
        "第三条　某某。\n【附注】\n"
    )
    assert _articles(text) == [
        (1, "目的", "为了某某，制定本办法。"),
        (2, "定义", "本办法所称某某，是指某某。"),
        (3, None, "某某。\n【附注】"),  # no article follows: the line stays text
    ]
