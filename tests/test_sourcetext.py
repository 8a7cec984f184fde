"""ipatlas.sourcetext: the reader plans, laws and judgments share (encodings, HTML, DOCX, format
sniffing, the page-number rule). The PDF reader is tested in test_sourcetext_pdf.py."""

from __future__ import annotations

import io
from pathlib import Path

import pytest

from ipatlas.errors import InputError
from ipatlas.sourcetext import (
    PAGE_NUMBER_RE,
    ReadOptions,
    decode_bytes,
    docx_to_text,
    html_to_text,
    looks_like_html,
    read_source,
)

SIMPLIFIED = "第一条　为了保护专利权人的合法权益，鼓励发明创造，推动发明创造的应用，制定本法。"
TRADITIONAL = "第一條　為了保護專利權人的合法權益，鼓勵發明創造，推動發明創造的應用，制定本法。"


@pytest.mark.parametrize(
    ("data", "encoding"),
    [
        (SIMPLIFIED.encode("utf-8"), "utf-8"),
        (b"\xef\xbb\xbf" + SIMPLIFIED.encode("utf-8"), "utf-8"),
        (SIMPLIFIED.encode("utf-16"), "utf-16"),  # little-endian with a BOM (Notepad's "Unicode")
        (b"\xfe\xff" + SIMPLIFIED.encode("utf-16-be"), "utf-16"),
        (SIMPLIFIED.encode("gb18030"), "gb18030"),
        (SIMPLIFIED.encode("gbk"), "gb18030"),
    ],
)
def test_simplified_text_in_every_encoding_reads_back(data: bytes, encoding: str) -> None:
    got = decode_bytes(data, name="a.txt")
    assert (got.text, got.encoding) == (SIMPLIFIED, encoding)


def test_big5_is_not_read_as_gb18030_nonsense() -> None:
    data = TRADITIONAL.encode("big5")
    assert data.decode("gb18030") != TRADITIONAL  # GB18030 accepts the bytes: first-fit would be wrong
    got = decode_bytes(data, name="tw.txt")
    assert (got.text, got.encoding) == (TRADITIONAL, "big5")
    assert got.note("tw.txt") == "tw.txt: 文件为 Big5 编码，已转换为 UTF-8"


def test_traditional_text_in_gbk_stays_gbk() -> None:
    got = decode_bytes(TRADITIONAL.encode("gb18030"), name="tw.txt")
    assert (got.text, got.encoding) == (TRADITIONAL, "gb18030")


def test_conversion_notes_and_errors_name_the_file() -> None:
    assert decode_bytes(SIMPLIFIED.encode("utf-8")).note("a.txt") is None
    assert "GBK" in (decode_bytes(SIMPLIFIED.encode("gbk")).note("a.txt") or "")
    with pytest.raises(InputError, match="不是文本文件") as err:
        decode_bytes(b"\x00\x01binary", name="x.bin")
    assert "x.bin" in str(err.value)
    with pytest.raises(InputError, match="UTF-16"):
        decode_bytes(b"\xff\xfe\x00", name="bad.txt")  # a BOM and half a character


def test_html_one_line_per_block_and_table_rows_on_one_line() -> None:
    page = (
        "<html><head><title>标题</title><script>var x='脚本';</script></head><body>"
        "<nav>首页 政策</nav><p>第一段\n  续行</p><table><tr><td><p>甲</p><p>乙</p></td><td></td>"
        "<td>丙</td><td>丁</td></tr></table><footer>版权所有</footer></body></html>"
    )
    assert html_to_text(page) == "第一段续行\n甲 乙\t丙\t丁"
    assert html_to_text(page, cells=" | ", wrapped="keep") == "第一段\n续行\n甲 乙 | 丙 | 丁"


def test_one_line_html_paste_is_split_into_its_blocks() -> None:
    page = "<div><h1>某某方案</h1><p>一、总体要求</p><p>（一）指导思想<br>坚持…</p></div>"
    assert looks_like_html(page) and not looks_like_html("甲 < 乙，丙 > 丁")
    assert html_to_text(page).split("\n") == ["某某方案", "一、总体要求", "（一）指导思想", "坚持…"]


def test_chrome_stripping_keeps_the_law_from_its_title_on() -> None:
    page = (
        "<html><head><title>某某办法_某某省人民政府</title></head><body>"
        "<div class='breadcrumb'>首页 > 政策</div><div class='share-bar'>分享到</div>"
        "<div id='main'><p>发布时间：2024-01-01</p><p>某某办法</p><p>第一条　甲。</p></div>"
        "<div class='copyright'>版权所有</div></body></html>"
    )
    assert html_to_text(page, strip_chrome=True) == "某某办法\n第一条　甲。"
    kept = html_to_text(page)
    assert "分享到" in kept and "发布时间：2024-01-01" in kept  # without the option: all visible text


def _docx() -> bytes:
    import docx

    d = docx.Document()
    d.add_paragraph("一、任务分工")
    table = d.add_table(rows=2, cols=3)
    for cell, text in zip(table.rows[0].cells, ("序号", "任务", "责任单位"), strict=True):
        cell.text = text
    merged = table.rows[1].cells[1].merge(table.rows[1].cells[2])
    merged.text = "跨两列"
    table.rows[1].cells[0].text = "1"
    d.add_paragraph("二、保障措施")
    buf = io.BytesIO()
    d.save(buf)
    return buf.getvalue()


def test_docx_tables_stay_in_document_order_with_merged_cells_once() -> None:
    data = _docx()
    want = ["一、任务分工", "序号\t任务\t责任单位", "1\t跨两列", "二、保障措施"]
    assert docx_to_text(data).split("\n") == want
    assert docx_to_text(data, cells=" | ").split("\n")[1] == "序号 | 任务 | 责任单位"
    with pytest.raises(InputError, match="DOCX") as err:
        docx_to_text(b"PK\x03\x04 not a zip", name="broken.docx")
    assert "broken.docx" in str(err.value)


def test_read_source_sniffs_the_format_unless_told_not_to(tmp_path: Path) -> None:
    (tmp_path / "page.txt").write_text("<html><body><p>甲</p><p>乙</p></body></html>", "utf-8")
    (tmp_path / "word.bin").write_bytes(_docx())
    assert read_source(tmp_path / "page.txt").format == "html"
    assert read_source(tmp_path / "page.txt").text == "甲\n乙"
    assert read_source(tmp_path / "page.txt", options=ReadOptions(sniff=False)).format == "text"
    assert read_source(tmp_path / "word.bin").format == "docx"
    src = read_source(SIMPLIFIED.encode("big5", "replace"), ".txt", name="upload.txt")
    assert (src.format, src.encoding, src.name) == ("text", "big5", "upload.txt")
    with pytest.raises(InputError, match="文件不存在") as err:
        read_source(tmp_path / "missing.txt")
    assert "missing.txt" in str(err.value)


@pytest.mark.parametrize(
    "line",
    ["3", "- 12 -", "— 3 —", "－ ３ －", "·5·", "3/10", "第 3 页", "第三页", "第3页 共10页", "第3页，共10页"],
)
def test_page_number_lines(line: str) -> None:
    assert PAGE_NUMBER_RE.match(line)


@pytest.mark.parametrize("line", ["第3条", "2025年", "12345", "3.5", "（一）", "第3页的表格"])
def test_not_page_number_lines(line: str) -> None:
    assert not PAGE_NUMBER_RE.match(line)
