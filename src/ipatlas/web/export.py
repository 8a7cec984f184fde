"""CSV (UTF-8 with BOM, opens in Excel) and XLSX downloads of tables and record lists.

Every cell goes through :func:`ipatlas.security.cells.safe_cell` (the platform's one export
rule): no value becomes a live formula, no control character breaks the file."""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections.abc import Iterable, Iterator
from typing import Any
from urllib.parse import quote

from fastapi.responses import Response, StreamingResponse
from openpyxl import Workbook
from openpyxl.styles import Font

from ipatlas import DEMO_LABEL
from ipatlas.security.cells import safe_cell, safe_row, xml_safe

CSV_TYPE = "text/csv; charset=utf-8"
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _disposition(filename: str) -> str:
    ascii_name = "".join(c if (c.isascii() and c.isalnum()) or c in "._-" else "_" for c in filename)
    return f"attachment; filename=\"{ascii_name}\"; filename*=UTF-8''{quote(filename)}"


def _sheet_title(title: str) -> str:
    # Sheet names: no control characters and none of []:*?/\\ (openpyxl refuses them), 31 chars.
    cleaned = "".join(c for c in xml_safe(title) if c not in "[]:*?/\\")
    return cleaned[:31] or "数据"


def csv_response(header: list[str], rows: Iterable[list[Any]], filename: str) -> StreamingResponse:
    def generate() -> Iterator[bytes]:
        buf = io.StringIO()
        writer = csv.writer(buf)
        buf.write("\ufeff")
        writer.writerow(safe_row(header))
        for i, row in enumerate(rows):
            writer.writerow(safe_row(row))
            if i % 2000 == 1999:
                yield buf.getvalue().encode("utf-8")
                buf.seek(0)
                buf.truncate()
        yield buf.getvalue().encode("utf-8")

    return StreamingResponse(
        generate(), media_type=CSV_TYPE, headers={"Content-Disposition": _disposition(filename + ".csv")}
    )


def xlsx_bytes(
    header: list[str], rows: Iterable[list[Any]], *, title: str = "数据", note: str | None = None
) -> bytes:
    wb = Workbook(write_only=True)
    ws = wb.create_sheet(_sheet_title(title))
    ws.freeze_panes = "A3" if note else "A2"
    if note:
        ws.append([safe_cell(note)])
    bold = Font(bold=True)
    cells = []
    for h in header:
        from openpyxl.cell import WriteOnlyCell

        c = WriteOnlyCell(ws, value=safe_cell(h))
        c.font = bold
        cells.append(c)
    ws.append(cells)
    for row in rows:
        ws.append(safe_row(row))
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def xlsx_response(
    header: list[str],
    rows: Iterable[list[Any]],
    filename: str,
    *,
    title: str = "数据",
    note: str | None = None,
) -> Response:
    return Response(
        xlsx_bytes(header, rows, title=title, note=note),
        media_type=XLSX_TYPE,
        headers={"Content-Disposition": _disposition(filename + ".xlsx")},
    )


def table_download(tbl: dict[str, Any], fmt: str, filename: str, *, is_demo: bool = False) -> Response:
    """Download one page table (the data behind a chart) as CSV or XLSX."""
    keys = [c["key"] for c in tbl["columns"]]
    header = [c["label"] for c in tbl["columns"]]
    rows = [[r.get(k) for k in keys] for r in tbl["rows"]]
    stamp = dt.date.today().isoformat()
    note = f"{tbl['title']}（{DEMO_LABEL}）导出于 {stamp}" if is_demo else f"{tbl['title']} 导出于 {stamp}"
    if fmt == "csv":
        return csv_response(header, rows, filename)
    return xlsx_response(header, rows, filename, title=tbl["title"], note=note)
