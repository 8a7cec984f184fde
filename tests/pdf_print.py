"""Print text to a real PDF for the PDF-reading tests: WeasyPrint with the platform's CJK fonts, one
paragraph per source line, page numbers in the footer, optionally 公文-style first-line indents."""

from __future__ import annotations

import html

import pytest


def print_pdf(
    text: str, *, size: str = "A4", font_pt: int = 12, indent: bool = True, footer: str = "- "
) -> bytes:
    weasyprint = pytest.importorskip("weasyprint")
    from ipatlas.reports.fonts import CSS_SERIF

    body = "".join(f"<p>{html.escape(ln.strip())}</p>" for ln in text.splitlines() if ln.strip())
    number = f"'{footer}' counter(page) '{footer[::-1]}'"
    css = (
        f"@page {{ size: {size}; margin: 2.5cm; @bottom-center {{ content: {number}; }} }}"
        f"body {{ font-family: {CSS_SERIF}; font-size: {font_pt}pt; }}"
        f"p {{ margin: 0 0 {0 if indent else 6}pt 0; text-indent: {2 if indent else 0}em; }}"
    )
    page = f"<html><head><style>{css}</style></head><body>{body}</body></html>"
    return weasyprint.HTML(string=page).write_pdf()
