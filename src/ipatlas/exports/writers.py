"""CSV (UTF-8 with BOM, opens in Excel) and XLSX writers in constant memory.

XLSX goes through openpyxl's write-only mode (rows are flushed to a temporary file as they come),
CSV is written row by row; every cell passes :func:`ipatlas.security.cells.safe_cell` (the
platform's one export rule). ``on_rows(n)`` is called every ``every`` rows with the count so far.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import IO, Any

from ipatlas.security.cells import safe_row, xml_safe

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
CSV_TYPE = "text/csv; charset=utf-8"
MEDIA_TYPES = {"xlsx": XLSX_TYPE, "csv": CSV_TYPE}
PROGRESS_EVERY = 2000

RowsCallback = Callable[[int], None]


def sheet_title(title: str) -> str:
    # Sheet names: no control characters and none of []:*?/\\ (openpyxl refuses them), 31 chars.
    cleaned = "".join(c for c in xml_safe(title) if c not in "[]:*?/\\")
    return cleaned[:31] or "数据"


def _counted(
    rows: Iterable[list[Any]], on_rows: RowsCallback | None, every: int
) -> Iterator[tuple[int, list[Any]]]:
    """``(count so far, row)``; ``on_rows(count)`` every ``every`` rows (before the row is written)."""
    for n, row in enumerate(rows, 1):
        if on_rows is not None and n % every == 0:
            on_rows(n)
        yield n, row


def write_xlsx(
    target: Path | IO[bytes],
    header: list[str],
    rows: Iterable[list[Any]],
    *,
    title: str = "数据",
    note: str | None = None,
    on_rows: RowsCallback | None = None,
    every: int = PROGRESS_EVERY,
) -> int:
    """Write one sheet (optional note line, bold header, rows); returns the number of rows."""
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Font

    wb = Workbook(write_only=True)
    ws = wb.create_sheet(sheet_title(title))
    ws.freeze_panes = "A3" if note else "A2"
    if note:
        ws.append(safe_row([note]))
    bold = Font(bold=True)
    cells = []
    for h in safe_row(header):
        c = WriteOnlyCell(ws, value=h)
        c.font = bold
        cells.append(c)
    ws.append(cells)
    n = 0
    for n, row in _counted(rows, on_rows, every):  # noqa: B007  (n: the count returned)
        ws.append(safe_row(row))
    wb.save(target)
    return n


def write_csv(
    target: Path | IO[bytes],
    header: list[str],
    rows: Iterable[list[Any]],
    *,
    note: str | None = None,
    on_rows: RowsCallback | None = None,
    every: int = PROGRESS_EVERY,
) -> int:
    """Write a CSV file with a BOM (Excel reads it as UTF-8); returns the number of rows."""
    own = isinstance(target, Path)
    raw: IO[bytes] = target.open("wb") if isinstance(target, Path) else target
    try:
        text = io.TextIOWrapper(raw, encoding="utf-8", newline="", write_through=False)
        text.write("\ufeff")
        writer = csv.writer(text)
        if note:
            writer.writerow(safe_row([note]))
        writer.writerow(safe_row(header))
        n = 0
        for n, row in _counted(rows, on_rows, every):  # noqa: B007  (n: the count returned)
            writer.writerow(safe_row(row))
        text.flush()
        text.detach()
    finally:
        if own:
            raw.close()
    return n


def write(
    fmt: str,
    target: Path,
    header: list[str],
    rows: Iterable[list[Any]],
    *,
    title: str,
    note: str | None = None,
    on_rows: RowsCallback | None = None,
) -> int:
    if fmt == "csv":
        return write_csv(target, header, rows, note=note, on_rows=on_rows)
    return write_xlsx(target, header, rows, title=title, note=note, on_rows=on_rows)
