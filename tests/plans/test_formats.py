"""DOCX and HTML inputs give the same plan as the text they carry."""

from __future__ import annotations

import html
from pathlib import Path
from typing import Any

import pytest
from docx import Document

from ipatlas.errors import InputError
from ipatlas.plans import ParsedPlan, parse_plan

SEEDS = ["001_45e33f3d4ac1438b.txt", "003_a80329dc2d3c96ae.txt", "004_c2b4c720c7d91a67.txt"]


def content(plan: ParsedPlan) -> dict[str, Any]:
    return plan.model_dump(mode="json", exclude={"source"})


@pytest.mark.parametrize("seed", SEEDS)
def test_docx_round_trip(shared_dir: Path, tmp_path: Path, seed: str) -> None:
    text_path = shared_dir / "seeds" / seed
    doc = Document()
    for line in text_path.read_text("utf-8").splitlines():
        doc.add_paragraph(line)
    # a table as Word documents carry them (e.g. a 任务分工 annex): read, not lost
    table = doc.add_table(rows=1, cols=2)
    table.rows[0].cells[0].text = "附表"
    table.rows[0].cells[1].text = "任务分工"
    path = tmp_path / "plan.docx"
    doc.save(str(path))
    from_docx, from_text = parse_plan(path), parse_plan(text_path)
    assert from_docx.source.format == "docx"
    assert content(from_docx) == content(from_text)  # the table sits in the page's trailer


@pytest.mark.parametrize("seed", SEEDS)
def test_html_round_trip(shared_dir: Path, tmp_path: Path, seed: str) -> None:
    text_path = shared_dir / "seeds" / seed
    paragraphs = "\n".join(
        f"<p>{html.escape(line)}</p>" for line in text_path.read_text("utf-8").splitlines()
    )
    page = (
        "<!DOCTYPE html><html><head><title>政府网站</title><style>p{margin:0}</style>"
        "<script>var menu = '首页 新闻 政策文件';</script></head><body>"
        "<nav><ul><li>首页</li><li>政策文件</li><li>关于印发工作方案的通知</li></ul></nav>"
        f'<div class="article">{paragraphs}</div>'
        "<footer>版权所有 © 某某市人民政府 ICP备12345678号</footer></body></html>"
    )
    path = tmp_path / "plan.html"
    path.write_text(page, "utf-8")
    from_html, from_text = parse_plan(path), parse_plan(text_path)
    assert from_html.source.format == "html"
    assert content(from_html) == content(from_text)


def test_html_given_as_text() -> None:
    plan = parse_plan(
        "<html><body><h1>某某市知识产权工作方案</h1><p>一、主要任务</p>"
        "<p>（一）加强保护。加强执法。（责任单位：市市场监管局、公安局）</p></body></html>"
    )
    assert plan.title == "某某市知识产权工作方案"
    assert plan.task("一.(一)").units == ["市市场监管局", "市公安局"]


def test_encodings(tmp_path: Path) -> None:
    text = "某某市知识产权工作方案\n一、主要任务\n（一）加强保护。加强执法。\n"
    path = tmp_path / "gbk.txt"
    path.write_bytes(text.encode("gb18030"))
    assert parse_plan(path).title == "某某市知识产权工作方案"


def test_bad_files(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="文件不存在"):
        parse_plan(tmp_path / "missing.txt")
    bad = tmp_path / "broken.docx"
    bad.write_bytes(b"PK\x03\x04 not really a zip")
    with pytest.raises(InputError, match="DOCX") as exc:
        parse_plan(bad)
    assert exc.value.context["file"] == str(bad)


def test_docx_table_in_the_body_is_read(tmp_path: Path) -> None:
    doc = Document()
    doc.add_paragraph("某某市知识产权工作方案")
    doc.add_paragraph("一、主要任务")
    doc.add_paragraph("（一）加强保护。加强执法。")
    table = doc.add_table(rows=2, cols=2)
    for r, (a, b) in enumerate([("任务", "责任单位"), ("专项执法", "市市场监管局")]):
        table.rows[r].cells[0].text, table.rows[r].cells[1].text = a, b
    doc.add_paragraph("（二）加强运用。推进转化。（责任单位：市知识产权局）")
    path = tmp_path / "t.docx"
    doc.save(str(path))
    plan = parse_plan(path)
    assert [t.number for t in plan.tasks] == ["一.(一)", "一.(二)"]
    assert "专项执法 市市场监管局" in plan.task("一.(一)").text
    assert plan.task("一.(二)").units == ["市知识产权局"]
