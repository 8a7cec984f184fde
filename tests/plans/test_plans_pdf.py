"""Plans as PDF: real plan excerpts of tests/plans/external, each printed to an A4 PDF (WeasyPrint, the
CJK fonts, 2-character first-line indents as in 公文, page numbers in the footer) parse as their text:
the same targets, responsible units, period and document number. Measured on all 36: one differs,
an excerpt that was flattened into three lines by the site it was copied from (the PDF's own lines
then give the parser more structure than the source had). Since round 17b a second one differs among
the files sampled: lb_guangdong_gzyd_table_p15, itself a table extracted from a PDF with one wrapped
cell line per line, whose unit cells now close its rows; printed again, the PDF reading joins those
cell lines back into paragraphs (and its header into the next cell), so the printed copy gives no
rows, as the text did before."""

from __future__ import annotations

from pathlib import Path

from ipatlas.plans import ParsedPlan, parse_plan
from pdf_print import print_pdf

HERE = Path(__file__).parent / "external"


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
        pdf.write_bytes(print_pdf(f.read_text("utf-8"), font_pt=14, footer="— "))
        got = parse_plan(pdf)
        assert got.source.format == "pdf"
        if _key(got) != _key(parse_plan(f)):
            differ.append(f.name)
    assert len(differ) <= 2, differ
