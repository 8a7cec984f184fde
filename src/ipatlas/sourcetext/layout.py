"""Printed lines back into paragraphs: the part of reading a PDF or an OFD page that does not
depend on the format.

A reader hands over each printed line with its geometry (text, left edge, right edge, width of its
leading unbreakable run) and the widths of its CJK characters; :func:`flag_lines` tells which lines
reach the right edge of the text block and which start indented, and :func:`unwrap` joins the
lines of each paragraph (see ``ipatlas.sourcetext.pdf`` for the rules).
"""

from __future__ import annotations

import itertools
import re
import statistics
from collections.abc import Iterable

from ipatlas.errors import InputError

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
NO_BREAK = set("（）“”‘’《》〈〉「」『』【】［］")
# Where a sentence, a heading or a list item may end.
# (A closing bracket is not among them: 第（一）、第（二）/项 wraps inside a citation.)
_ENDS = re.compile(r"[。；;：:！!？?”」』】]$")


def is_wide(ch: str) -> bool:
    """A character printed a full em wide (CJK and full-width forms), the unit the layout measures in."""
    return ord(ch) >= 0x2E80


Line = tuple[str, float, float, float]  # text, left edge, right edge, width of its leading unbreakable run
Ink = tuple[str, float, float]  # a printed character with its left and right edges


def leading_run(ink: Iterable[Ink], left: float | None = None) -> float:
    """Width of a line's leading unbreakable run: its first characters up to the first full-width
    one a line may break before (a number, a Latin word, brackets and quotes stay with it). A line
    above is full when this run would not have fitted at its end (:func:`flag_lines`). Spaces are
    skipped; measured from ``left`` (the line's left edge) or by default from the run's own start."""
    start, end = float("inf"), None
    for ch, x0, x1 in ink:
        if ch.isspace():
            continue
        if is_wide(ch) and ch not in NO_BREAK:
            break
        start, end = min(start, x0), x1
    if end is None:
        return 0.0
    return end - (start if left is None else left)


def flag_lines(lines: list[Line], widths: list[float]) -> list[tuple[str, bool, bool]]:
    """Every line as (text, reaches the right edge of the text block, starts indented).

    Measured from the characters' boxes over the whole document (its pages share one layout): a
    continuation line starts at the block's left edge; a paragraph (公文 indent their first line
    by two characters), a centred title or a signature does not."""
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
    flags = [
        (t, edge - r <= WRAP_SLACK * char + lead, x > margin + 0.8 * char)
        for (t, x, r, _), lead in zip(lines, nxt, strict=True)
    ]
    # A short centred line after a full line that ends no sentence is the rest of a wrapped
    # centred title (…实施方案（2024—2026 / 年）): it continues the line above as if it began at
    # the margin. (A centred line that is itself full is a line of its own: a title's date line.)
    for i in range(1, len(flags)):
        (prev, prev_full, _), (t, x, r, _) = flags[i - 1], lines[i]
        centred = x - margin > 2 * char and abs((x - margin) - (edge - r)) <= 1.5 * char
        short = not flags[i][1]
        if centred and short and prev_full and not _ENDS.search(prev) and not _STARTS_ELEMENT.match(t):
            flags[i] = (t, flags[i][1], False)
    return flags


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
    return sum(1.0 if is_wide(c) else 0.5 for c in line)


def _full_width(lines: list[str]) -> float:
    """The width of a full body line: the upper quartile of the longer lines' widths."""
    widths = sorted(_width(ln) for ln in lines if _width(ln) >= 8)
    if len(widths) < 4:
        return max((_width(ln) for ln in lines), default=0.0) or 1.0
    return statistics.quantiles(widths, n=4)[2]


def page_text(lines: list[tuple[str, bool, bool]], kind: str, name: str | None) -> str:
    """The text of a fixed-layout document's flagged lines: page-number lines dropped, each
    paragraph's lines joined; a document without a text layer (a scan) is an error that says so."""
    lines = [ln for ln in lines if not PAGE_NUMBER_RE.match(ln[0])]
    if not lines:
        ask = f"请提供文字版 {kind}、DOCX 或 TXT，或先进行文字识别（OCR）"
        raise InputError(f"{kind} 中没有可提取的文字（可能是扫描件）：{ask}", file=name)
    return "\n".join(unwrap(lines))
