"""Laws as PDF: the external plain-text laws (tests/library/external, real texts), each printed to
an A4 PDF (CJK fonts, 公文 first-line indents, page numbers in the footer), import with the same
title, metadata and articles as their text. Measured on all 9: every article identical; two annexes
differ only where the source itself was hard-wrapped (the PDF's paragraphs are then joined). A text
that is itself a PDF extract with page furniture (page-number lines, a running title; round 3 added
two) is not printed again: a PDF of a page-numbered extract is no document anyone has, and its
re-wrapped lines no longer say where a paragraph ends."""

from __future__ import annotations

import re
from pathlib import Path

from ipatlas.library.text import SUFFIXES as SUPPORTED
from ipatlas.library.text import parse_document, read_source
from ipatlas.sourcetext import PAGE_NUMBER_RE
from pdf_print import print_pdf

HERE = Path(__file__).parent / "external"
# A half-width space between two CJK characters that falls at the end of a printed line is lost in
# the PDF, as in any PDF (round 5's nxj keeps the source's stray `第 （二）` spaces).
_CJK_SPACE_RE = re.compile(r"(?<=[^\x00-\x7f]) +(?=[^\x00-\x7f])")


def _text(text: str) -> str:
    return _CJK_SPACE_RE.sub("", text)


# Known difference (round 8): bjsj is an 意见 without 条 whose lines carry half-width punctuation;
# the test printer wraps by character count, so a wrapped line ends short of the text block's edge,
# the shared PDF reader keeps the break, and the library joins such breaks only inside articles.
# Its title and metadata are still compared; its sections are not. Round 9 adds two texts without 条
# of the same kind: gzsc (a whole notice stored on one line) and zlsq (an order's text and a page
# footer with half-width punctuation), whose wrapped lines the PDF keeps outside articles.
_SECTIONS_NOT_COMPARED = {"bjsj.txt", "gzsc.txt", "zlsq.txt"}


def test_real_laws_printed_to_pdf_import_as_their_text(tmp_path: Path) -> None:
    assert ".pdf" in SUPPORTED
    files = [
        f
        for f in sorted(HERE.glob("*.txt"))
        if not any(PAGE_NUMBER_RE.match(ln.strip()) for ln in f.read_text("utf-8").splitlines())
    ]
    assert len(files) >= 15
    for f in files:
        pdf = tmp_path / f"{f.stem}.pdf"
        pdf.write_bytes(print_pdf(f.read_text("utf-8"), font_pt=14, footer="— "))
        want = parse_document(read_source(f)[0], name=f.name)
        got = parse_document(read_source(pdf)[0], name=pdf.name)
        assert (got.title, got.meta) == (want.title, want.meta), f.name
        articles = [(r.anchor, _text(r.text)) for r in want.records if not r.anchor.startswith("annex")]
        printed = [(r.anchor, _text(r.text)) for r in got.records if not r.anchor.startswith("annex")]
        assert printed == articles or f.name in _SECTIONS_NOT_COMPARED, f.name
