"""Judgments as PDF: 30 real judgments of ../shared, each printed to an A4 PDF (WeasyPrint, the CJK
fonts, first-line indents, page numbers in the footer), read back through the judgment reader and
parsed. The fields must be those parsed from the original text for nearly all of them (measured:
4 of 100 differ, each where the renderer broke a line early before an unbreakable run of Latin
text that our geometry cannot see)."""

from __future__ import annotations

from pathlib import Path

from ipatlas.litigation.parser import parse_text
from ipatlas.litigation.reader import SUPPORTED, bytes_to_text
from pdf_print import print_pdf

FIELDS = ["case_number", "court", "document_type", "procedure", "cause", "decided_on", "plaintiffs",
          "defendants", "law_firms", "lawyers", "judges", "damages_awarded", "damages_claimed",
          "outcome", "laws_cited"]  # fmt: skip


def test_real_judgments_printed_to_pdf_parse_as_their_text(shared_dir: Path) -> None:
    assert ".pdf" in SUPPORTED
    texts = sorted((shared_dir / "data" / "judgments" / "texts").glob("*.txt"))[::3][:30]
    differ = []
    for path in texts:
        text = path.read_text("utf-8")
        want, got = (
            parse_text(text),
            parse_text(bytes_to_text(print_pdf(text), name=path.name, suffix=".pdf")),
        )
        diff = [f for f in FIELDS if want.get(f) != got.get(f)]
        if diff:
            differ.append((path.name, diff))
    assert len(differ) <= 2, differ
