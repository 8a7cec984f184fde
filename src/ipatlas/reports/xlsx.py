"""Workbooks the way statistical offices publish them: a title row, a header row, a units row,
frozen panes below the units and right of the key columns, number formats per column, an
autofilter, and a 说明 sheet with definitions and sources.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ipatlas import DEMO_LABEL
from ipatlas.fmt import is_num
from ipatlas.security.cells import safe_cell

FORMAT_INT = "#,##0"
FORMAT_DEC2 = "0.00"
FORMAT_DEC3 = "0.000"
FORMAT_PCT = "0.0%"
FORMAT_TEXT = "@"


@dataclass(frozen=True)
class XColumn:
    key: str
    header: str
    unit: str = ""
    number_format: str = FORMAT_TEXT
    width: float = 12.0
    description: str = ""
    source: str = ""


def write_sheet(
    ws: Any,
    title: str,
    columns: Sequence[XColumn],
    rows: Sequence[dict[str, Any]],
    *,
    key_columns: int = 2,
    is_demo: bool = False,
    subtitle: str = "",
) -> None:
    """Write a titled table: row 1 title, row 2 subtitle, row 3 headers, row 4 units, data from row 5."""
    from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
    from openpyxl.utils import get_column_letter

    thin = Side(style="thin", color="808080")
    header_fill = PatternFill("solid", fgColor="DCE6F1")
    units_fill = PatternFill("solid", fgColor="F2F2F2")
    body_font = Font(name="宋体", size=10)
    ncols = len(columns)
    last = get_column_letter(ncols)

    ws["A1"] = title + (f"（{DEMO_LABEL}）" if is_demo and DEMO_LABEL not in title else "")
    ws["A1"].font = Font(name="黑体", size=14, bold=True)
    ws["A1"].alignment = Alignment(horizontal="center", vertical="center")
    ws.merge_cells(f"A1:{last}1")
    ws.row_dimensions[1].height = 26
    ws["A2"] = subtitle
    ws["A2"].font = Font(name="宋体", size=9, color="C00000" if is_demo else "404040")
    ws["A2"].alignment = Alignment(horizontal="center")
    ws.merge_cells(f"A2:{last}2")

    for c, col in enumerate(columns, start=1):
        h = ws.cell(row=3, column=c, value=col.header)
        h.font = Font(name="黑体", size=10, bold=True)
        h.fill = header_fill
        h.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
        h.border = Border(top=thin, bottom=thin, left=thin, right=thin)
        u = ws.cell(row=4, column=c, value=col.unit or "—")
        u.font = Font(name="宋体", size=9, italic=False, color="404040")
        u.fill = units_fill
        u.alignment = Alignment(horizontal="center")
        u.border = Border(bottom=thin, left=thin, right=thin)
        ws.column_dimensions[get_column_letter(c)].width = col.width
    ws.row_dimensions[3].height = 32

    for r, row in enumerate(rows, start=5):
        for c, col in enumerate(columns, start=1):
            value = row.get(col.key)
            if value is not None and col.number_format != FORMAT_TEXT and not is_num(value):
                value = None  # never write "nan"/text into a numeric column
            cell = ws.cell(row=r, column=c, value=safe_cell(value))
            cell.number_format = col.number_format
            cell.font = body_font
            if col.number_format == FORMAT_TEXT:
                cell.alignment = Alignment(
                    horizontal="left", vertical="center", wrap_text=len(str(value or "")) > 30
                )
    # Freeze the title/header/units rows and the key columns.
    ws.freeze_panes = ws.cell(row=5, column=key_columns + 1)
    if rows:
        ws.auto_filter.ref = f"A4:{last}{4 + len(rows)}"
    ws.print_title_rows = "3:4"
    ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.oddFooter.center.text = "第 &P 页，共 &N 页"


def write_notes(
    ws: Any, title: str, columns: Sequence[XColumn], extra: Sequence[tuple[str, str]] = ()
) -> None:
    """A 说明 sheet: one row per column with unit, definition and source, then free notes."""
    from openpyxl.styles import Alignment, Font

    ws["A1"] = title
    ws["A1"].font = Font(name="黑体", size=13, bold=True)
    heads = ["字段", "单位", "定义", "来源"]
    for c, h in enumerate(heads, start=1):
        ws.cell(row=3, column=c, value=h).font = Font(name="黑体", bold=True)
    r = 4
    for col in columns:
        ws.cell(row=r, column=1, value=col.header)
        ws.cell(row=r, column=2, value=col.unit or "—")
        ws.cell(row=r, column=3, value=col.description)
        ws.cell(row=r, column=4, value=col.source)
        r += 1
    r += 1
    for key, text in extra:  # free notes below the field table
        ws.cell(row=r, column=1, value=key).font = Font(name="黑体", bold=True)
        ws.cell(row=r, column=3, value=text)
        r += 1
    for letter, w in zip("ABCD", (24, 10, 70, 40), strict=True):
        ws.column_dimensions[letter].width = w
    for row in ws.iter_rows(min_row=4, max_row=r):
        for cell in row:
            cell.alignment = Alignment(wrap_text=True, vertical="top")
    ws.freeze_panes = "A4"


def save(wb: Any, out: Path) -> Path:
    out = Path(out)
    out.parent.mkdir(parents=True, exist_ok=True)
    wb.save(str(out))
    return out
