"""Importing the shared texts and bad input: read = loaded + duplicates + quarantined, re-import
changes nothing, GBK is converted and said so, versions are not duplicates, single files of every
supported kind (and pages like seed 000) load."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import pytest
from libhelpers import POLICIES, Library
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from ipatlas.config import Settings
from ipatlas.errors import InputError, NotFoundError
from ipatlas.library import document_dict, import_path, list_documents, text_in_force
from ipatlas.library.models import LawArticle, LawCitation, LawDocument
from ipatlas.library.text import parse_document, segment
from ipatlas.security import limits
from ipatlas.store import workflow

SEEDS = POLICIES.parents[1] / "seeds"


def _counts(session: Session) -> tuple[int, int, int]:
    return (
        session.scalar(select(func.count()).select_from(LawDocument)) or 0,
        session.scalar(select(func.count()).select_from(LawArticle)) or 0,
        session.scalar(select(func.count()).select_from(LawCitation)) or 0,
    )


def test_shared_import_counts_and_reimport(library: Library) -> None:
    first = library.first
    rows = sum(1 for _ in (POLICIES / "metadata.csv").open(encoding="utf-8")) - 1
    assert first["read"] == rows
    assert first["read"] == first["loaded"] + first["duplicates"] + first["quarantined"]
    # The 刑事解释（三） is listed twice (author pair written with a space and with 、): same text.
    assert first["duplicates"] == 1 and first["quarantined"] == 0
    # 专利法实施细则 (2010, 2023) and 知识产权法庭规定 (2018, 2023): versions, not duplicates.
    assert first["versions"] == 2
    with library.session() as s:
        before = _counts(s)
        assert before[1] >= first["articles"] > 1500
    with workflow.workflow_session(library.settings) as s:
        again = import_path(s, POLICIES)
    assert (again["loaded"], again["duplicates"], again["quarantined"]) == (0, rows, 0)
    with library.session() as s:
        assert _counts(s) == before


def test_structure_of_the_patent_law(session: Session) -> None:
    doc = session.scalars(select(LawDocument).where(LawDocument.title == "中华人民共和国专利法")).one()
    d = document_dict(session, doc.id)
    arts = [a for a in d["articles"] if a["kind"] == "article"]
    assert [a["number"] for a in arts] == list(range(1, len(arts) + 1))
    assert len(arts) == 82
    assert {a["anchor"] for a in arts} == {f"art-{n}" for n in range(1, 83)}
    a65 = next(a for a in arts if a["number"] == 65)
    assert a65["label"] == "第六十五条" and a65["heading"].startswith("第七章")
    # 款 and 项: article 2 has four paragraphs; the history lines are kept.
    a2 = next(a for a in arts if a["number"] == 2)
    assert len(a2["paragraphs"]) == 4
    assert any("第四次修正" in h for h in d["history"])


def test_preamble_items_and_dates_from_history(session: Session) -> None:
    doc = session.scalars(
        select(LawDocument).where(LawDocument.title.like("最高人民法院、最高人民检察院%（三）"))
    ).one_or_none()
    docs = session.scalars(
        select(LawDocument).where(LawDocument.title.like("%侵犯知识产权刑事案件%（三）"))
    ).all()
    assert len(docs) == 1  # the second listing was a duplicate
    d = document_dict(session, docs[0].id)
    assert d["articles"][0]["kind"] == "preamble" and d["articles"][0]["text"].startswith("为依法惩治")
    first = next(a for a in d["articles"] if a["number"] == 1)
    assert len(first["paragraphs"][0]["items"]) >= 3  # （一）（二）（三）… attach to the first 款
    assert doc is None or doc.id == docs[0].id
    # A 批复 without dates in the metadata takes them from its own history lines when it has them.
    undated = [d for d in list_documents(session) if d["promulgated_on"] is None]
    for u in undated:
        full = session.get(LawDocument, u["id"])
        assert full is not None and not any(ch.isdigit() for ch in (full.history or ""))


def test_text_in_force_on_a_date(session: Session) -> None:
    old = text_in_force(session, "专利法实施细则", dt.date(2015, 1, 1))
    new = text_in_force(session, "中华人民共和国专利法实施细则", dt.date(2024, 6, 1))
    assert old["promulgated_on"] == "2010-01-09" and new["promulgated_on"] == "2023-12-11"
    assert [v["promulgated_on"] for v in new["versions"]] == ["2010-01-09", "2023-12-11"]
    with pytest.raises(NotFoundError):
        text_in_force(session, "专利法实施细则", dt.date(2000, 1, 1))
    # 已失效 with no later version: not in force today.
    with pytest.raises(NotFoundError):
        text_in_force(
            session, "最高人民法院关于对诉前停止侵犯专利权行为适用法律问题的若干规定", dt.date.today()
        )


BAD_META = "文件,标题,效力级别,法律类别,颁布日期,实施日期,当前状态,来源\n"
LAW = (
    "# {title}\n\n2001年1月1日 通过\n\n<!-- INFO END -->\n\n"
    "## 第一章 总则\n\n第一条 {body}\n\n第二条 第二条的内容。\n"
)


def test_bad_folder_quarantines_and_converts_gbk(tmp_path: Path, fresh_settings: Settings) -> None:
    texts = tmp_path / "lib" / "texts"
    texts.mkdir(parents=True)
    (texts / "ok.md").write_text(LAW.format(title="测试条例", body="为了测试，制定本条例。"), "utf-8")
    (texts / "gbk.md").write_bytes(LAW.format(title="编码条例", body="国标码文本。").encode("gbk"))
    (texts / "v2.md").write_text(LAW.format(title="测试条例", body="修改后的内容。"), "utf-8")
    (texts / "empty.md").write_text("# 只有标题\n", "utf-8")
    (texts / "binary.md").write_bytes(b"\x00\x01\x02PK")
    (texts / "baddate.md").write_text(LAW.format(title="日期条例", body="日期。"), "utf-8")
    rows = [
        "texts/ok.md,测试条例,行政法规,行政法规,2001-01-01,2001-02-01,有效,x",
        "texts/gbk.md,编码条例,行政法规,行政法规,2002-01-01,,,x",
        "texts/v2.md,测试条例,行政法规,行政法规,2005-01-01,2005-03-01,,x",
        "texts/missing.md,不存在的条例,行政法规,行政法规,2001-01-01,,有效,x",
        "texts/empty.md,只有标题,行政法规,行政法规,2001-01-01,,有效,x",
        "texts/binary.md,二进制,行政法规,行政法规,2001-01-01,,有效,x",
        "texts/baddate.md,日期条例,行政法规,行政法规,2001-13-45,,有效,x",
        "texts/ok.md,测试条例,行政法规,行政法规,2001-01-01,2001-02-01,作废,x",
        "../outside.md,越界,行政法规,行政法规,2001-01-01,,有效,x",
    ]
    (tmp_path / "lib" / "metadata.csv").write_text(BAD_META + "\n".join(rows) + "\n", "utf-8")
    with workflow.workflow_session(fresh_settings) as s:
        r = import_path(s, tmp_path / "lib")
    assert r["read"] == 9 == r["loaded"] + r["duplicates"] + r["quarantined"]
    assert (r["loaded"], r["versions"]) == (3, 1)
    reasons = {q["row"]: (q["field"], q["reason"]) for q in r["quarantine"]}
    assert reasons[5] == ("文件", "文件不存在")
    assert "正文" in reasons[6][1]
    assert "二进制" in reasons[7][1]
    assert reasons[8][0] == "颁布日期"
    assert reasons[9][0] == "当前状态" and "作废" in reasons[9][1]
    assert reasons[10] == ("文件", "文件路径超出导入目录")
    assert any("GBK" in n for n in r["notes"])
    with workflow.workflow_session(fresh_settings) as s:
        again = import_path(s, tmp_path / "lib")
        assert (again["loaded"], again["duplicates"], again["quarantined"]) == (0, 3, 6)
        gbk = s.scalars(select(LawDocument).where(LawDocument.title == "编码条例")).one()
        assert "国标码文本" in document_dict(s, gbk.id)["articles"][0]["text"]
        # 当前状态 computed where the metadata has none: the 2005 version is 有效, and the
        # 2001 one (status 有效 in its metadata) keeps its source value.
        v = {d["promulgated_on"]: d for d in document_dict(s, gbk.id + 1)["versions"]}
        assert v["2005-01-01"]["status"] == "有效" and v["2005-01-01"]["status_source"] == "推算"
        assert v["2001-01-01"]["status_source"] == "来源"


def test_computed_status_values(tmp_path: Path, settings: Settings) -> None:
    texts = tmp_path / "s" / "texts"
    texts.mkdir(parents=True)
    future = (dt.date.today() + dt.timedelta(days=400)).isoformat()
    for name, title in (("a", "甲条例"), ("b", "甲条例"), ("c", "乙条例")):
        (texts / f"{name}.md").write_text(LAW.format(title=title, body=f"内容{name}。"), "utf-8")
    rows = [
        "texts/a.md,甲条例,行政法规,行政法规,2001-01-01,2001-01-01,,",
        "texts/b.md,甲条例,行政法规,行政法规,2010-01-01,2010-01-01,,",
        f"texts/c.md,乙条例,行政法规,行政法规,{future},{future},,",
    ]
    (tmp_path / "s" / "metadata.csv").write_text(BAD_META + "\n".join(rows) + "\n", "utf-8")
    with workflow.workflow_session(settings) as s:
        import_path(s, tmp_path / "s")
        got = {(d["title"], d["promulgated_on"]): d["status"] for d in list_documents(s)}
        from ipatlas.library import search

        amended = search(s, "内容", status="已修改")
        assert amended["total"] == 2  # both articles of the 2001 version, nothing else
        assert {h["document_id"] for h in amended["hits"]} == {
            d["id"] for d in list_documents(s) if d["promulgated_on"] == "2001-01-01"
        }
        assert search(s, "内容", status="尚未生效")["hits"][0]["title"] == "乙条例"
    assert got[("甲条例", "2001-01-01")] == "已修改"
    assert got[("甲条例", "2010-01-01")] == "有效"
    assert got[("乙条例", future)] == "尚未生效"


def test_single_files_md_txt_docx_html_and_seed_page(tmp_path: Path, settings: Settings) -> None:
    import docx

    md = tmp_path / "law.md"
    md.write_text(LAW.format(title="单文件条例", body="Markdown 单文件。"), "utf-8")
    txt = tmp_path / "law.txt"
    txt.write_bytes(
        "纯文本办法\n第一条　为了规范，制定本办法。\n第二条　本办法自公布之日起施行。\n".encode("gbk")
    )
    d = docx.Document()
    for line in ("文档规定", "第一章 总则", "第一条 DOCX 内容。", "第二条 另一条。", "附件：表格样式"):
        d.add_paragraph(line)
    d.save(str(tmp_path / "law.docx"))
    html = tmp_path / "law.html"
    html.write_text(
        "<html><head><title>网页规定</title><script>alert(1)</script></head><body>"
        "<h1>网页规定</h1><p>第一条 网页内容。</p><p>第二条 第二条。</p></body></html>",
        "utf-8",
    )
    seed = next(SEEDS.glob("000_*.txt"))
    shutil.copy(seed, tmp_path / "seed000.txt")
    with workflow.workflow_session(settings) as s:
        results = {
            p.name: import_path(s, p)
            for p in (md, txt, tmp_path / "law.docx", html, tmp_path / "seed000.txt")
        }
        assert all(r["loaded"] == 1 and r["read"] == 1 for r in results.values()), results
        assert any("GBK" in n for n in results["law.txt"]["notes"])
        docs = {d["title"]: d for d in list_documents(s)}
        assert {"单文件条例", "纯文本办法", "文档规定", "网页规定"} <= set(docs)
        docx_doc = document_dict(s, docs["文档规定"]["id"])
        assert [a["kind"] for a in docx_doc["articles"]] == ["article", "article", "annex"]
        html_doc = document_dict(s, docs["网页规定"]["id"])
        assert "alert" not in " ".join(a["text"] for a in html_doc["articles"])
        plan = docs["重庆市知识产权“十三五”发展规划"]
        assert (plan["level"], plan["status"], plan["promulgated_on"]) == ("部门规章", "有效", "2017-04-01")
        plan_doc = document_dict(s, plan["id"])
        assert plan_doc["articles"][0]["kind"] == "preamble"
        assert any(a["kind"] == "section" and a["label"].startswith("二、") for a in plan_doc["articles"])
        assert import_path(s, md)["duplicates"] == 1


def test_unsupported_and_missing_paths(tmp_path: Path, settings: Settings) -> None:
    (tmp_path / "x.doc").write_bytes(b"\xd0\xcf\x11\xe0 legacy Word")  # a .doc that is not one
    (tmp_path / "x.ppt").write_bytes(b"\xd0\xcf\x11\xe0 slides")
    (tmp_path / "x.pdf").write_bytes(b"%PDF-1.4")  # a PDF that is not one
    with workflow.workflow_session(settings) as s:
        r = import_path(s, tmp_path / "x.doc")
        assert r["quarantined"] == 1 and "Word 97–2003" in r["quarantine"][0]["reason"]
        r = import_path(s, tmp_path / "x.ppt")
        assert r["quarantined"] == 1 and "不支持的文件类型 .ppt" in r["quarantine"][0]["reason"]
        r = import_path(s, tmp_path / "x.pdf")
        assert r["quarantined"] == 1 and "无法打开 PDF" in r["quarantine"][0]["reason"]
        with pytest.raises(NotFoundError):
            import_path(s, tmp_path / "nope")
        (tmp_path / "empty").mkdir()
        with pytest.raises(InputError, match=r"metadata\.csv"):
            import_path(s, tmp_path / "empty")


def test_oversized_text_is_quarantined(
    tmp_path: Path, settings: Settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(limits, "DOCUMENT_MAX_CHARS", 1_000)
    (tmp_path / "big.txt").write_text("第一条 " + "专利" * 600, "utf-8")
    with workflow.workflow_session(settings) as s:
        r = import_path(s, tmp_path / "big.txt")
    assert (r["read"], r["loaded"], r["quarantined"]) == (1, 0, 1)
    assert "超过单部法规文本的上限" in r["quarantine"][0]["reason"]


def test_segmentation_of_long_runs_is_linear_and_unchanged_elsewhere() -> None:
    # A run of a million digits took jieba a minute (its time grows with the run's square).
    assert segment("1" * 200_000) == ["1" * 200_000]
    assert segment("ab " + "x" * 5_000 + " 专利法") == ["ab", "x" * 5_000, "专利法"]
    han = segment("专利" * 3_000)  # a Han run is cut into pieces jieba can take
    assert "".join(han) == "专利" * 3_000
    sentence = "依照《中华人民共和国专利法》第二十条，罚款1.5万元 ABC123"
    assert segment(sentence) == [
        "依照",
        "中华人民共和国",
        "专利法",
        "第二十条",
        "罚款",
        "1",
        "5",
        "万元",
        "abc123",
    ]


def test_malformed_markdown_is_parsed_leniently() -> None:
    doc = parse_document("#标题没有空格\n\n#### 第一章\n第一条内容没有空格\n第1条 数字编号。\n", name="m.md")
    assert doc.title == "标题没有空格"
    # 第一条内容… (no space) opens article 1 as the next number; 第1条 is a second article 1
    assert [r.anchor for r in doc.records if r.kind == "article"] == ["art-1", "art-1-2"]
    doc = parse_document("标题\n第一条 甲。\n第一条规定的事项，乙。\n第二条丙。\n", name="r.txt")
    assert [r.text for r in doc.records if r.kind == "article"] == ["甲。\n第一条规定的事项，乙。", "丙。"]
    with pytest.raises(InputError, match="没有正文"):
        parse_document("# 只有标题", name="t.md")
