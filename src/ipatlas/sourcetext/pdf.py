"""The text of a PDF, as lines a reader of plans, laws or judgments can parse.

Government documents are mostly published as PDF. A PDF holds positioned glyphs, not paragraphs:
each printed line comes out as a line, page numbers and running headers come out between the
pages, and a sentence that wraps is cut in two. This module extracts the text (pdfium, through
pypdfium2) and undoes that:

- page-number lines (``— 3 —``, ``- 12 -``, ``第 3 页 共 10 页``, a bare ``3``) are dropped;
- a line that runs to the right edge of the text block and does not end a sentence is joined to
  the next one, unless the next one starts a new structural element (第X条, 一、, （一）, 1. …).
  The edge is measured on each page from the characters' boxes (where the longer lines end).

A PDF that has no text layer (a scan) is an error that says so; nothing is guessed from images.
"""

from __future__ import annotations

import itertools
import re
import statistics
from typing import Any

from ipatlas.errors import InputError, cause

MAX_PAGES = 3000
# A wrapped line ends within about two characters of the text block's right edge (ragged-right
# text, a Latin word moved to the next line); a title or heading ends well before it.
WRAP_SLACK = 2.2

# A page-number line: "— 3 —", "- 12 -", "3", "3/10", "第 3 页", "第三页", "第3页 共10页". The one
# definition for every reader: the PDF lines here, and the law parser's lines of any format (a DOCX
# or a pasted page keeps its page numbers too). \d also takes full-width digits (- ３ -).
PAGE_NUMBER_RE = re.compile(
    r"^[\s\-—–－_·•]*(?:第\s*[\d一二三四五六七八九十百]+\s*页(?:\s*[，,/／]?\s*共\s*\d+\s*页)?|\d{1,4}"
    r"(?:\s*/\s*\d{1,4})?)[\s\-—–－_·•]*$"
)
# A line that begins a new element: an article, a numbered heading or item, a signature line.
_STARTS_ELEMENT = re.compile(
    r"^(?:第[一二三四五六七八九十百千零〇0-9]+[条章节编款项]|[一二三四五六七八九十]+[、.．]"
    r"|[（(][一二三四五六七八九十0-9]+[)）](?![项款目、，,])"
    r"|[0-9]+[、.．)）](?!\d)|[①-⑳]|附件|附：|[（(]?[此本]页无正文)"
)
# Characters that stay with their neighbours when a line is broken (brackets, quotes).
_NO_BREAK = set("（）“”‘’《》〈〉「」『』【】［］")
# Where a sentence, a heading or a list item may end.
# (A closing bracket is not among them: 第（一）、第（二）/项 wraps inside a citation.)
_ENDS = re.compile(r"[。；;：:！!？?”」』】]$")


def pdf_text(data: bytes, *, name: str = "<pdf>") -> str:
    """Text of every page, page furniture removed and wrapped lines joined."""
    lines = [ln for ln in _pages(data, name) if not PAGE_NUMBER_RE.match(ln[0])]
    if not lines:
        raise InputError(
            "PDF 中没有可提取的文字（可能是扫描件）：请提供文字版 PDF、DOCX 或 TXT，或先进行文字识别（OCR）",
            file=name,
        )
    return "\n".join(unwrap(lines))


def _pages(data: bytes, name: str) -> list[tuple[str, bool, bool]]:
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
    try:
        n = len(doc)
        if n > MAX_PAGES:
            raise InputError(f"PDF 共 {n} 页，超过上限 {MAX_PAGES} 页：请拆分文件", file=name)
        for i in range(n):
            page = doc[i]
            textpage = page.get_textpage()
            lines += _page_lines(textpage, widths)
            textpage.close()
            page.close()
    finally:
        doc.close()
    if not widths:  # no geometry (characters outside the BMP): the widths of the text itself
        full = _full_width([ln[0] for ln in lines])
        return [(ln[0], _width(ln[0]) >= full - WRAP_SLACK, False) for ln in lines]
    body = [ln for ln in lines if len(ln[0]) >= 10 and not PAGE_NUMBER_RE.match(ln[0])] or lines
    edge = _quantile([ln[2] for ln in body], 0.9)
    margin = _quantile([ln[1] for ln in body], 0.1)
    char = statistics.median(widths)
    # A line is full when what is left of the width would not have held the next line's first
    # unbreakable run (a number, a Latin word, a bracketed case number) plus the usual slack.
    nxt = [ln[3] for ln in lines[1:]] + [0.0]
    return [
        (t, edge - r <= WRAP_SLACK * char + lead, x > margin + 0.8 * char)
        for (t, x, r, _), lead in zip(lines, nxt, strict=True)
    ]


def _page_lines(textpage: Any, widths: list[float]) -> list[tuple[str, float, float, float]]:
    """The page's lines as (text, left, right, width of the leading unbreakable run); CJK
    character widths are added to ``widths`` (left empty when the text has no geometry)."""
    text = textpage.get_text_range()
    boxes = len(text) == textpage.count_chars()
    lines: list[tuple[str, float, float, float]] = []
    chars: list[str] = []
    left, right, lead, leading = float("inf"), 0.0, 0.0, True
    for i, ch in enumerate(text + "\n"):
        if ch in "\r\n":
            line = "".join(chars).strip()
            if line:
                lines.append((line, left, right, lead))
            chars, left, right, lead, leading = [], float("inf"), 0.0, 0.0, True
            continue
        chars.append(ch)
        if boxes and i < len(text) and not ch.isspace():
            x0, _bottom, x1, _top = textpage.get_charbox(i)
            left, right = min(left, x0), max(right, x1)
            leading = leading and (ord(ch) < 0x2E80 or ch in _NO_BREAK)
            if leading:
                lead = x1 - left
            if ord(ch) >= 0x2E80:
                widths.append(x1 - x0)
    if not boxes:
        widths.clear()
    return lines


def _quantile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))]


def unwrap(lines: list[tuple[str, bool, bool]]) -> list[str]:
    """Join the printed lines of each paragraph (see the module docstring).

    When the document indents its paragraphs' first lines (公文 do), a full line followed by a
    line at the left edge continues, whatever the punctuation; otherwise a full line continues
    unless it ends a sentence or the next line starts a new element."""
    out: list[str] = []
    indents = _indents_paragraphs(lines)
    prev_full, prev_ends = False, True
    for text, full, indented in lines:
        if indents:
            cont = prev_full and not indented
        else:
            cont = prev_full and not prev_ends and not indented
            cont = cont and (out[-1][-1] in "、，," or not _STARTS_ELEMENT.match(text))
        if cont:
            out[-1] += text
        else:
            out.append(text)
        prev_full, prev_ends = full, bool(_ENDS.search(text))
    return out


def _indents_paragraphs(lines: list[tuple[str, bool, bool]]) -> bool:
    """Most lines that follow a short line (so begin a paragraph) are indented."""
    starts = [ind for (_, full, _), (_, _, ind) in itertools.pairwise(lines) if not full]
    return len(starts) >= 3 and sum(starts) >= 0.6 * len(starts)


def _width(line: str) -> float:
    """Printed width in CJK characters (Latin letters and digits take about half)."""
    return sum(0.5 if ord(c) < 0x2E80 else 1.0 for c in line)


def _full_width(lines: list[str]) -> float:
    """The width of a full body line: the upper quartile of the longer lines' widths."""
    widths = sorted(_width(ln) for ln in lines if _width(ln) >= 8)
    if len(widths) < 4:
        return max((_width(ln) for ln in lines), default=0.0) or 1.0
    return statistics.quantiles(widths, n=4)[2]
