"""The text of a PDF, as lines a reader of plans, laws or judgments can parse.

Government documents are mostly published as PDF. A PDF holds positioned glyphs, not paragraphs:
each printed line comes out as a line, page numbers and running headers come out between the
pages, and a sentence that wraps is cut in two. This module extracts the text (pdfium, through
pypdfium2) and undoes that:

- page-number lines (``— 3 —``, ``- 12 -``, ``第 3 页 共 10 页``, a bare ``3``) are dropped;
- a line that runs to the full text width and does not end a sentence is joined to the next one,
  unless the next one starts a new structural element (第X条, 一、, （一）, 1. …). "Full width" is
  measured on the document itself: the longest lines of its own body text.

A PDF that has no text layer (a scan) is an error that says so; nothing is guessed from images.
"""

from __future__ import annotations

import re
import statistics

from ipatlas.errors import InputError

MAX_PAGES = 3000

_PAGE_NO = re.compile(
    r"^[\s\-—–－_·•]*(?:第\s*[0-9一二三四五六七八九十百]+\s*页(?:\s*[，,/／]?\s*共\s*\d+\s*页)?|[0-9]{1,4}"
    r"(?:\s*/\s*[0-9]{1,4})?)[\s\-—–－_·•]*$"
)
# A line that begins a new element: an article, a numbered heading or item, a signature line.
_STARTS_ELEMENT = re.compile(
    r"^(?:第[一二三四五六七八九十百千零〇0-9]+[条章节编款项]|[一二三四五六七八九十]+[、.．]|[（(][一二三四五六七八九十0-9]+[)）]"
    r"|[0-9]+[、.．)）](?!\d)|[①-⑳]|附件|附：|[（(]?[此本]页无正文)"
)
# Where a sentence, a heading or a list item may end.
_ENDS = re.compile(r"[。；;：:！!？?”」』）)\]】]$")


def pdf_text(data: bytes, *, name: str = "<pdf>") -> str:
    """Text of every page, page furniture removed and wrapped lines joined."""
    pages = _pages(data, name)
    lines = [ln.strip() for page in pages for ln in page.splitlines()]
    lines = [ln for ln in lines if ln and not _PAGE_NO.match(ln)]
    if not "".join(lines).strip():
        raise InputError(
            "PDF 中没有可提取的文字（可能是扫描件）：请提供文字版 PDF、DOCX 或 TXT，或先进行文字识别（OCR）",
            file=name,
        )
    return "\n".join(unwrap(lines))


def _pages(data: bytes, name: str) -> list[str]:
    import pypdfium2 as pdfium  # imported lazily: only PDF sources need it

    try:
        doc = pdfium.PdfDocument(data)
    except pdfium.PdfiumError as exc:
        raise InputError(f"无法打开 PDF（文件损坏或已加密）：{exc}", file=name) from None
    try:
        n = len(doc)
        if n > MAX_PAGES:
            raise InputError(f"PDF 共 {n} 页，超过上限 {MAX_PAGES} 页：请拆分文件", file=name)
        out: list[str] = []
        for i in range(n):
            page = doc[i]
            textpage = page.get_textpage()
            out.append(textpage.get_text_range().replace("\r\n", "\n").replace("\r", "\n"))
            textpage.close()
            page.close()
        return out
    finally:
        doc.close()


def unwrap(lines: list[str]) -> list[str]:
    """Join lines that were cut by the page width (see the module docstring)."""
    if len(lines) < 2:
        return lines
    full = _full_width(lines)
    out = [lines[0]]
    for line in lines[1:]:
        prev = out[-1]
        wrapped = _width(prev) >= 0.85 * full and not _ENDS.search(prev)
        if wrapped and not _STARTS_ELEMENT.match(line):
            out[-1] = prev + line
        else:
            out.append(line)
    return out


def _width(line: str) -> float:
    """Printed width in CJK characters (Latin letters and digits take about half)."""
    return sum(0.5 if ord(c) < 0x2E80 else 1.0 for c in line)


def _full_width(lines: list[str]) -> float:
    """The width of a full body line: the upper quartile of the longer lines' widths."""
    widths = sorted(_width(ln) for ln in lines if _width(ln) >= 8)
    if len(widths) < 4:
        return max((_width(ln) for ln in lines), default=0.0) or 1.0
    return statistics.quantiles(widths, n=4)[2]
