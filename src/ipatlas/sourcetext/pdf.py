"""The text of a PDF, as lines a reader of plans, laws or judgments can parse.

Government documents are mostly published as PDF. A PDF holds positioned glyphs, not paragraphs:
each printed line comes out as a line, page numbers and running headers come out between the
pages, and a sentence that wraps is cut in two. This module extracts the text (pdfium, through
pypdfium2) and undoes that:

- page-number lines (``— 3 —``, ``- 12 -``, ``第 3 页 共 10 页``, a bare ``3``) are dropped;
- a line that runs to the right edge of the text block and does not end a sentence is joined to
  the next one, unless the next one starts a new structural element (第X条, 一、, （一）, 1. …).
  The edge is measured on each page from the characters' boxes (where the longer lines end).

A page without a text layer (a scan) is recognised by Tesseract when it is installed
(``ipatlas.sourcetext.ocr``; the reader reports how many pages were); without it, a PDF with no text
is an error that says so.
"""

from __future__ import annotations

import io
from typing import Any

from ipatlas.errors import InputError, cause
from ipatlas.sourcetext import ocr
from ipatlas.sourcetext.layout import Ink, Line, flag_lines, is_wide, leading_run, page_text

MAX_PAGES = 3000


def pdf_text(data: bytes, *, name: str = "<pdf>") -> str:
    """Text of every page, page furniture removed and wrapped lines joined."""
    return pdf_read(data, name=name)[0]


def pdf_read(data: bytes, *, name: str = "<pdf>") -> tuple[str, int]:
    """(text, how many pages were scans read by text recognition)."""
    flagged, recognised = _pages(data, name)
    return page_text(flagged, "PDF", name), recognised


def _pages(data: bytes, name: str) -> tuple[list[tuple[str, bool, bool]], int]:
    """Every printed line as (text, reaches the right edge of the text block, starts indented).

    Measured from the characters' boxes over the whole document (its pages share one layout): a
    continuation line starts at the block's left edge; a paragraph (公文 indent their first line
    by two characters), a centred title or a signature does not."""
    import pypdfium2 as pdfium  # imported lazily: only PDF sources need it

    try:
        doc = pdfium.PdfDocument(data)
    except pdfium.PdfiumError as exc:
        raise InputError(f"无法打开 PDF（文件损坏或已加密）：{cause(exc)}", file=name) from None
    lines: list[tuple[str, float, float, float]] = []
    widths: list[float] = []
    recognised = 0
    try:
        n = len(doc)
        if n > MAX_PAGES:
            raise InputError(f"PDF 共 {n} 页，超过上限 {MAX_PAGES} 页：请拆分文件", file=name)
        for i in range(n):
            page = doc[i]
            textpage = page.get_textpage()
            if textpage.count_chars() == 0 and ocr.available():  # a scanned page
                lines += _recognised_lines(page, widths)
                recognised += 1
            else:
                lines += _page_lines(textpage, widths)
            textpage.close()
            page.close()
            if recognised:  # a text PDF reads in moments: only recognition is worth a bar
                ocr.report(i + 1, n)
    finally:
        doc.close()
    return flag_lines(lines, widths), recognised


def _recognised_lines(page: Any, widths: list[float]) -> list[tuple[str, float, float, float]]:
    """A scanned page's lines by text recognition, in PDF points like a text page's."""
    image = page.render(scale=ocr.DPI / 72, grayscale=True).to_pil()
    png = io.BytesIO()
    image.save(png, format="PNG")
    return ocr.page_lines(png.getvalue(), widths, scale=72 / ocr.DPI)


def _page_lines(textpage: Any, widths: list[float]) -> list[Line]:
    """The page's lines as (text, left, right, width of the leading unbreakable run); CJK
    character widths are added to ``widths`` (left empty when the text has no geometry)."""
    text = textpage.get_text_range()
    boxes = len(text) == textpage.count_chars()
    lines: list[Line] = []
    chars: list[str] = []
    ink: list[Ink] = []  # the line's non-space characters with their edges
    for i, ch in enumerate(text + "\n"):
        if ch in "\r\n":
            line = "".join(chars).strip()
            if line:
                left = min((x0 for _, x0, _ in ink), default=float("inf"))
                right = max([0.0, *(x1 for _, _, x1 in ink)])
                lines.append((line, left, right, leading_run(ink)))
            chars, ink = [], []
            continue
        chars.append(ch)
        if boxes and i < len(text) and not ch.isspace():
            x0, _bottom, x1, _top = textpage.get_charbox(i)
            ink.append((ch, x0, x1))
            if is_wide(ch):
                widths.append(x1 - x0)
    if not boxes:
        widths.clear()
    return lines
