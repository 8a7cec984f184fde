"""Plans as PDF: real plan excerpts of tests/plans/external, each printed to an A4 PDF (WeasyPrint, the
CJK fonts, 2-character first-line indents as in 公文, page numbers in the footer) parse as their text:
the same targets, responsible units, period and document number. Measured on all 36: one differs,
an excerpt that was flattened into three lines by the site it was copied from (the PDF's own lines
then give the parser more structure than the source had)."""

from __future__ import annotations

import html
from pathlib import Path

import pytest

from ipatlas.plans import ParsedPlan, parse_plan

HERE = Path(__file__).parent / "external"


def _pdf(text: str) -> bytes:
    weasyprint = pytest.importorskip("weasyprint")
    from ipatlas.reports.fonts import CSS_SERIF

    body = "".join(f"<p>{html.escape(ln.strip())}</p>" for ln in text.splitlines() if ln.strip())
    css = (
        "@page { size: A4; margin: 2.5cm; @bottom-center { content: '— ' counter(page) ' —'; } }"
        f"body {{ font-family: {CSS_SERIF}; font-size: 14pt; }} p {{ margin: 0; text-indent: 2em; }}"
    )
    return weasyprint.HTML(
        string=f"<html><head><style>{css}</style></head><body>{body}</body></html>"
    ).write_pdf()


def _key(p: ParsedPlan) -> tuple:
    targets = [(t.indicator, t.value, t.comparator, t.year) for t in p.targets]
    units = [t.units for t in p.tasks if t.units]
    return targets, units, (p.period.start, p.period.end), p.doc_number


def test_real_plans_printed_to_pdf_parse_as_their_text(tmp_path: Path) -> None:
    files = sorted(HERE.glob("*.txt"))[::3]
    assert len(files) >= 10
    differ = []
    for f in files:
        pdf = tmp_path / f"{f.stem}.pdf"
        pdf.write_bytes(_pdf(f.read_text("utf-8")))
        got = parse_plan(pdf)
        assert got.source.format == "pdf"
        if _key(got) != _key(parse_plan(f)):
            differ.append(f.name)
    assert len(differ) <= 1, differ
