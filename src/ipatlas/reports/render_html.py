"""Render a :class:`Report` as self-contained HTML, and as PDF through WeasyPrint.

The same HTML serves both: screen CSS for the browser/web download, paged-media CSS for the PDF
(cover without header, Roman-numbered contents with ``target-counter`` page numbers, running
header, "— n —" page numbers restarting at 1 for the body). WeasyPrint also writes PDF bookmarks
from the h1–h3 headings, so the PDF is navigable.
"""

from __future__ import annotations

import base64
import functools
import json
from pathlib import Path
from typing import Any

import jinja2

from ipatlas import DEMO_LABEL
from ipatlas.reports.document import Figure, Heading, PageBreak, Para, Report, Table
from ipatlas.reports.fonts import CSS_SANS, CSS_SERIF, require_pdf_fonts

TEMPLATES = Path(__file__).parent / "templates"


@functools.cache
def _env() -> jinja2.Environment:
    return jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(TEMPLATES)),
        autoescape=jinja2.select_autoescape(["html", "j2"]),
        trim_blocks=True,
        lstrip_blocks=True,
    )


def _css(report: Report) -> str:
    header = report.header_text + (f"（{DEMO_LABEL}）" if report.is_demo else "")
    css_env = jinja2.Environment(autoescape=False)
    template = css_env.from_string((TEMPLATES / "report.css").read_text("utf-8"))
    # json.dumps gives a correctly quoted CSS string for the running header.
    return template.render(
        running_header=json.dumps(header, ensure_ascii=False), serif=CSS_SERIF, sans=CSS_SANS
    )


def _block_view(block: Any) -> dict[str, Any]:
    if isinstance(block, Heading):
        return {"kind_": "heading", "level": block.level, "text": block.text, "anchor": block.anchor}
    if isinstance(block, Para):
        return {"kind_": "para", "kind": block.kind, "text": block.text, "lead": block.lead}
    if isinstance(block, Figure):
        src = "data:image/png;base64," + base64.b64encode(block.png).decode("ascii")
        return {
            "kind_": "figure",
            "anchor": block.anchor,
            "label": block.label,
            "title": block.title,
            "src": src,
            "width_cm": min(block.width_cm, 15.6),
            "note": block.note,
            "source": block.source,
        }
    if isinstance(block, Table):
        cells = []
        for row in block.rows:
            out = []
            for col, value in zip(block.columns, row, strict=True):
                text = col.format(value)
                cls = "num" if col.numeric else ("long" if len(text) > 14 else "")
                out.append((text, cls))
            cells.append(out)
        return {
            "kind_": "table",
            "anchor": block.anchor,
            "label": block.label,
            "title": block.title,
            "columns": block.columns,
            "cells": cells,
            "note": block.note,
            "source": block.source,
            "small": block.font_pt < 10,
            "fixed": all(c.width for c in block.columns),
        }
    if isinstance(block, PageBreak):
        return {"kind_": "pagebreak"}
    raise TypeError(f"unknown block {type(block).__name__}")


def render_html(report: Report, out: Path) -> Path:
    out = Path(out)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(html_string(report), encoding="utf-8")
    return out


def html_string(report: Report) -> str:
    template = _env().get_template("report.html")
    view = _ReportView(report)
    return template.render(report=view, css=_css(report), demo_label=DEMO_LABEL)


class _ReportView:
    """The report with blocks turned into plain dicts for the template."""

    def __init__(self, report: Report) -> None:
        self._report = report
        self.blocks = [_block_view(b) for b in report.blocks]

    def __getattr__(self, name: str) -> Any:
        return getattr(self._report, name)


def render_pdf(report: Report, out: Path) -> Path:
    require_pdf_fonts()
    import logging

    from weasyprint import HTML

    # WeasyPrint logs every unsupported CSS property at WARNING; keep CLI output clean.
    logging.getLogger("weasyprint").setLevel(logging.ERROR)
    logging.getLogger("fontTools").setLevel(logging.ERROR)
    out = Path(out)
    out.parent.mkdir(parents=True, exist_ok=True)
    HTML(string=html_string(report), base_url=str(TEMPLATES)).write_pdf(
        str(out), pdf_variant=None, uncompressed_pdf=False, optimize_images=False
    )
    return out
