"""Reading a yearbook table's file as a grid of cells (first sheet of an XLSX, or a CSV in any
encoding), with each row's number, and the limits beyond which a file is no printed table."""

from __future__ import annotations

from typing import Any

from ipatlas.errors import IngestError, csv_unreadable


class NotYearbookTable(IngestError):
    """The file is no yearbook table either (no data rows under a header, or far too large for
    one): the caller reports why it is not a long or wide statistics table instead."""


# A printed yearbook table is a page or a few: beyond these it is some other file.
MAX_ROWS = 100_000
MAX_CSV_BYTES = 16 << 20


def read_grid(path: Any) -> tuple[list[list[Any]], list[int]]:
    """Every row of the file's first sheet (XLSX or .xls) or of the CSV, with its row number."""
    import csv
    import io
    from pathlib import Path

    from ipatlas.ingest.readers import sniff_encoding
    from ipatlas.sourcetext.sheets import cell_text, open_workbook, spreadsheet_format

    path = Path(path)
    grid: list[list[Any]] = []
    rows: list[int] = []
    with open(path, "rb") as fh:
        head = fh.read(MAX_CSV_BYTES + 1)
    too_large = NotYearbookTable(f"超过 {MAX_ROWS:,} 行或 {MAX_CSV_BYTES >> 20} MB，不是统计年鉴表")
    if spreadsheet_format(path) is not None:  # XLSX or .xls, whatever the extension
        with open_workbook(path) as wb:
            for i, r in enumerate(wb.rows(), start=1):
                if i > MAX_ROWS:
                    raise too_large
                # as text, dates with their time (str() of the value, which the grid held before)
                grid.append([cell_text(v, dates="iso-time", bool_digits=False) for v in r])
                rows.append(i)
        return grid, rows
    if len(head) > MAX_CSV_BYTES:
        raise too_large
    text = head.decode(sniff_encoding(head[: 1 << 20]), errors="replace")
    # newline="": the csv module splits records at CR/LF only, outside quotes (str.splitlines would
    # also split at \v, \f, NEL …, see readers.csv_lines)
    reader = csv.reader(io.StringIO(text, newline=""))
    try:
        for rec in reader:
            if len(grid) >= MAX_ROWS:
                raise too_large
            grid.append(rec)
            rows.append(reader.line_num)
    except csv.Error as exc:  # a cell past the csv module's limit (an unclosed quote), a NUL …
        raise IngestError(
            f"CSV 无法解析：{csv_unreadable(exc)}", file=str(path), row=reader.line_num + 1
        ) from None
    return grid, rows
