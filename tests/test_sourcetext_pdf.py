"""PDF text: a real PDF (WeasyPrint with the CJK fonts, page numbers in the footer, paragraphs
wrapped by the page width) reads back as the source's paragraphs, one per line."""

from __future__ import annotations

import io

import pytest

from ipatlas.errors import InputError
from ipatlas.progress import reporting
from ipatlas.sourcetext.layout import leading_run, unwrap
from ipatlas.sourcetext.pdf import pdf_text
from pdf_print import print_pdf

PARAGRAPHS = [
    "重庆市某某区知识产权保护和运用“十四五”规划",
    "一、总体要求",
    "（一）指导思想",
    "坚持以习近平新时代中国特色社会主义思想为指导，全面贯彻党的二十大精神，深入实施知识产权强国建设纲要，"
    "着力提升知识产权创造质量、运用效益、保护效果、管理能力和服务水平，为全区高质量发展提供有力支撑。",
    "（二）主要目标",
    "到2025年，每万人口高价值发明专利拥有量达到5件，有效发明专利拥有量达到3000件，知识产权质押融资金额累计"
    "达到20亿元，作品著作权登记量达到5000件，地理标志产品达到5个。",
    "二、重点任务",
    "1.加强知识产权保护。建立健全知识产权快速协同保护机制，完善行政执法与刑事司法衔接，"
    "推进知识产权纠纷多元化解。（责任单位：区市场监管局、区公安分局、区法院）",
    "2.促进知识产权转化运用。开展专利开放许可试点，支持高校院所向中小企业转移转化专利技术。",
] + [
    f"第{n}条　本条为测试用的较长条文，用于检查跨页时页码行被去掉、折行被重新连接成一段完整的文字，"
    f"并且不会与下一条连在一起。"
    for n in "一二三四五六七八九十"
]


def _pdf(paragraphs: list[str]) -> bytes:
    return print_pdf("\n".join(paragraphs), size="A5", font_pt=11, indent=False, footer="— ")


def test_a_text_pdf_reports_no_recognition_progress() -> None:
    calls: list[int] = []
    with reporting(lambda done, total, label="": calls.append(done)):
        assert pdf_text(print_pdf("第一条　为了保护知识产权，制定本办法。")).startswith("第一条")
    assert calls == []


def test_a_real_pdf_reads_back_as_its_paragraphs():
    data = _pdf(PARAGRAPHS)
    text = pdf_text(data, name="plan.pdf")
    assert text.splitlines() == PARAGRAPHS
    assert "— 2 —" not in text


def test_a_pdf_without_text_says_it_is_a_scan():
    pytest.importorskip("pypdfium2")
    import pypdfium2 as pdfium

    doc = pdfium.PdfDocument.new()
    doc.new_page(400, 600)
    buf = io.BytesIO()
    doc.save(buf)
    with pytest.raises(InputError, match="扫描件"):
        pdf_text(buf.getvalue(), name="scan.pdf")


def test_a_broken_pdf_is_a_clear_error():
    with pytest.raises(InputError, match="无法打开 PDF") as e:
        pdf_text(b"%PDF-1.4 not really", name="bad.pdf")
    assert "bad.pdf" in str(e.value)


def test_unwrap_without_paragraph_indents_uses_punctuation_and_markers():
    full = "这是一行写满页面宽度的正文文字用来确定整行宽度的基准并且没有句末标点"
    lines = [(full, True, False), ("接着的半行。", False, False), ("一、短标题", False, False)]
    lines += [(full, True, False), ("（一）下一个项目", False, False), (full + "。", True, False)]
    lines += [("新的一段。", False, False), (full + "第（一）、", True, False), ("（二）项。", False, False)]
    want = [full + "接着的半行。", "一、短标题", full, "（一）下一个项目", full + "。", "新的一段。"]
    assert unwrap(lines) == [*want, full + "第（一）、（二）项。"]


def test_unwrap_with_paragraph_indents_follows_the_left_edge():
    full = "这是一行写满页面宽度的正文文字用来确定整行宽度的基准并且句末有标点。"
    lines = [
        ("标题", False, True),
        (full, True, True),
        ("（一）续行", False, False),
        ("一、标题", False, True),
    ]
    lines += [(full, True, True), ("二○一○年十二月三十日", False, True), ("书记员某某", False, True)]
    want = ["标题", full + "（一）续行", "一、标题", full, "二○一○年十二月三十日", "书记员某某"]
    assert unwrap(lines) == want


def test_the_leading_run_pdf_and_ofd_lines_share() -> None:
    # (12) 一、 … : digits and brackets stay together, the first ideograph outside brackets ends the run
    ink = [("（", 10.0, 20.0), ("1", 20.0, 25.0), ("2", 25.0, 30.0), ("）", 30.0, 40.0), ("一", 40.0, 50.0)]
    assert leading_run(ink) == 30.0
    assert leading_run([(" ", 0.0, 10.0), *ink], left=4.0) == 36.0  # spaces skipped; from the line's edge
    assert leading_run([("第", 0.0, 10.0), ("1", 10.0, 15.0)]) == 0.0  # a line that starts with an ideograph
    assert leading_run([("R", 7.0, 9.0), ("&", 5.0, 8.0)]) == 3.0  # from the run's own leftmost edge
    assert leading_run([]) == 0.0
