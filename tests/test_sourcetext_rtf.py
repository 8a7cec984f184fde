"""RTF documents, and "Word" downloads that are not Word 97 files.

``plan.rtf`` was made by LibreOffice from the DOCX that ``office97.write_plan_docx`` builds
(scripts/make_office97_fixtures.py): it must read as that DOCX. The Word-style sample below is
written to the RTF 1.9 specification: GBK bytes under a ``\\fcharset134`` font, ``\\uN`` with
``\\uc2`` fallbacks, ``\\binN`` data, a field, starred and header destinations."""

from __future__ import annotations

import io
import shutil
import zipfile
from pathlib import Path

import pytest

import office97
from ipatlas.errors import InputError
from ipatlas.sourcetext import DOCUMENT_SUFFIXES, docx_to_text, read_source, rtf_to_text


def _hex(text: str, encoding: str = "gbk") -> str:
    return "".join(f"\\'{b:02x}" for b in text.encode(encoding))


def test_a_libreoffice_rtf_reads_as_its_docx_twin(tmp_path: Path) -> None:
    docx_text = docx_to_text(office97.write_plan_docx(tmp_path / "plan.docx").read_bytes())
    assert rtf_to_text((office97.FIXTURES / "plan.rtf").read_bytes(), name="plan.rtf") == docx_text


def test_word_style_rtf_code_pages_unicode_fallbacks_and_destinations() -> None:
    rtf = (
        "{\\rtf1\\ansi\\ansicpg936\\deff0"
        "{\\fonttbl{\\f0\\fnil\\fcharset134 " + _hex("宋体") + ";}{\\f1\\fswiss\\fcharset0 Arial;}"
        "{\\f2\\fnil\\fcharset136 " + _hex("細明體", "big5") + ";}}"
        "{\\colortbl;\\red0\\green0\\blue0;}{\\*\\generator Msftedit 5.41;}"
        "{\\info{\\title " + _hex("标题") + "}}"
        "{\\header\\pard " + _hex("页眉文字") + "\\par}"
        "\\pard\\f0 " + _hex("知识产权") + "\\f1  ABC\\par"
        "\\uc2\\u20013" + _hex("中") + "\\u22269" + _hex("国") + "\\f2 " + _hex("專利", "big5") + "\\par\\f0 "
        '{\\field{\\*\\fldinst HYPERLINK "https://www.cnipa.gov.cn"}{\\fldrslt ' + _hex("网站") + "}}\\par"
        "{\\pict\\bin4 {}\\}" + "}" + _hex("图后") + "\\tab x\\emdash y\\line z\\~w\\par"
        "\\trowd\\cellx1000\\cellx2000\\pard\\intbl "
        + _hex("序号")
        + "\\cell "
        + _hex("任务")
        + "\\par "
        + _hex("第二段")
        + "\\cell\\row"
        "}"
    ).encode("ascii")
    assert rtf_to_text(rtf, cells=" | ").splitlines() == [
        "知识产权 ABC",
        "中国專利",
        "网站",
        "图后\tx—y",
        "z\u00a0w",
        "序号 | 任务",  # the second cell's second paragraph stays in the cell
        "第二段",
    ]


@pytest.mark.parametrize("suffix", [".doc", ".wps", ".rtf", ""])
def test_rtf_under_a_word_name_or_none_is_read_as_rtf(tmp_path: Path, suffix: str) -> None:
    path = tmp_path / f"方案{suffix}"
    shutil.copyfile(office97.FIXTURES / "plan.rtf", path)
    src = read_source(path)
    assert src.format == "rtf" and "1\t加强专利导航\t市市场监管局\t2025年底前" in src.text.splitlines()
    assert ".rtf" in DOCUMENT_SUFFIXES


def test_plans_read_an_rtf_as_the_docx(tmp_path: Path) -> None:
    from ipatlas.plans import parse_plan

    rtf = tmp_path / "方案.rtf"
    shutil.copyfile(office97.FIXTURES / "plan.rtf", rtf)
    a, b = parse_plan(rtf), parse_plan(office97.write_plan_docx(tmp_path / "方案.docx"))
    assert a.title == b.title and [(t.indicator, t.value) for t in a.targets] == [
        (t.indicator, t.value) for t in b.targets
    ]


def test_word_downloads_that_are_html_docx_or_text_go_by_their_bytes(tmp_path: Path) -> None:
    """A .doc that is a web page saved for Word, a renamed DOCX, or plain GBK text."""
    html = tmp_path / "a.doc"
    html.write_text("<html><body><p>第一条　为了保护知识产权。</p></body></html>", "utf-8")
    assert (read_source(html).format, read_source(html).text) == ("html", "第一条　为了保护知识产权。")
    docx = tmp_path / "b.doc"
    shutil.copyfile(office97.write_plan_docx(tmp_path / "p.docx"), docx)
    assert read_source(docx).format == "docx"
    text = tmp_path / "c.wps"
    text.write_bytes("第一条　为了保护知识产权。".encode("gb18030"))
    assert (read_source(text).format, read_source(text).text) == ("text", "第一条　为了保护知识产权。")


def test_not_rtf_is_a_named_error(tmp_path: Path) -> None:
    with pytest.raises(InputError, match=r"x\.rtf.*不是 RTF"):
        rtf_to_text(b"plain", name="x.rtf")
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        zf.writestr("a.txt", "x")
    path = tmp_path / "y.rtf"
    path.write_bytes(buf.getvalue())
    with pytest.raises(InputError, match=r"y\.rtf"):
        read_source(path)
