"""Read a judgment file (.txt, .html, .docx, .pdf; UTF-8 or GBK) into plain text lines."""

from __future__ import annotations

import io
import re
from pathlib import Path

from ipatlas.errors import InputError
from ipatlas.pdftext import pdf_text

SUPPORTED = (".txt", ".html", ".htm", ".docx", ".pdf")


def decode(data: bytes, *, name: str = "<bytes>") -> str:
    """UTF-8 (with or without BOM), UTF-16 with BOM, else GB18030 (a superset of GBK)."""
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError as exc:
            raise InputError(f"不是有效的 UTF-16 文本：{exc}", file=name) from None
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("gb18030")
    except UnicodeDecodeError:
        raise InputError("无法识别文本编码（既不是 UTF-8 也不是 GBK/GB18030）", file=name) from None


_BLOCK_TAGS = ("p", "div", "br", "tr", "li", "h1", "h2", "h3", "h4", "h5", "h6", "td", "table", "section")


def html_to_text(html: str) -> str:
    """Visible text of an HTML page, one block element per line."""
    from bs4 import BeautifulSoup

    soup = BeautifulSoup(html, "lxml")
    for tag in soup(["script", "style", "noscript", "head"]):
        tag.decompose()
    for tag in soup.find_all(_BLOCK_TAGS):
        tag.insert_before("\n")
        tag.insert_after("\n")
    return soup.get_text()


def docx_to_text(data: bytes, *, name: str = "<docx>") -> str:
    import docx

    try:
        document = docx.Document(io.BytesIO(data))
    except Exception as exc:  # python-docx raises zipfile/KeyError/ValueError variants
        raise InputError(f"无法读取 DOCX 文件：{type(exc).__name__}", file=name) from None
    lines = [p.text for p in document.paragraphs]
    for table in document.tables:
        for row in table.rows:
            lines.append("　".join(cell.text for cell in row.cells))
    return "\n".join(lines)


_HTML_SNIFF = re.compile(rb"<\s*(?:!doctype\s+html|html|body|div|p)[\s>]", re.I)


def read_text(path: Path) -> str:
    """The text of one judgment file; InputError naming the file when it cannot be read."""
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise InputError(f"无法读取文件：{exc.strerror or exc}", file=str(path)) from None
    return bytes_to_text(data, name=str(path), suffix=path.suffix.lower())


def bytes_to_text(data: bytes, *, name: str = "<bytes>", suffix: str = ".txt") -> str:
    if suffix == ".docx" or data[:4] == b"PK\x03\x04":
        return docx_to_text(data, name=name)
    if suffix == ".pdf" or data[:5] == b"%PDF-":
        return pdf_text(data, name=name)
    text = decode(data, name=name)
    if suffix in (".html", ".htm") or _HTML_SNIFF.search(data[:2000]):
        return html_to_text(text)
    return text
