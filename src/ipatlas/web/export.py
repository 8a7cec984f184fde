"""CSV (UTF-8 with BOM, opens in Excel) and XLSX downloads of tables and record lists.

Every cell goes through :func:`ipatlas.security.cells.safe_cell` (the platform's one export
rule): no value becomes a live formula, no control character breaks the file."""

from __future__ import annotations

import csv
import datetime as dt
import io
import os
import tempfile
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any
from urllib.parse import quote

from fastapi.responses import FileResponse, Response, StreamingResponse
from starlette.background import BackgroundTask

from ipatlas import DEMO_LABEL
from ipatlas.exports.writers import CSV_TYPE, XLSX_TYPE, write_xlsx
from ipatlas.security.cells import safe_row

# Past this many rows an XLSX download is written to a spool file, not built in memory.
XLSX_SPOOL_ROWS = 10_000


def _disposition(filename: str) -> str:
    ascii_name = "".join(c if (c.isascii() and c.isalnum()) or c in "._-" else "_" for c in filename)
    return f"attachment; filename=\"{ascii_name}\"; filename*=UTF-8''{quote(filename)}"


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
    out = io.BytesIO()
    write_xlsx(out, header, rows, title=title, note=note)
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


def xlsx_file_response(
    header: list[str],
    rows: Iterable[list[Any]],
    filename: str,
    spool_dir: Path,
    *,
    title: str = "数据",
    note: str | None = None,
) -> FileResponse:
    """A large XLSX written in constant memory (openpyxl write-only) to a file under
    ``spool_dir`` and streamed from there; the file goes when the response is sent."""
    spool_dir.mkdir(parents=True, exist_ok=True)
    fd, name = tempfile.mkstemp(prefix=".spool-", suffix=".xlsx", dir=spool_dir)
    os.close(fd)
    path = Path(name)
    try:
        write_xlsx(path, header, rows, title=title, note=note)
    except BaseException:
        path.unlink(missing_ok=True)
        raise
    return FileResponse(
        path,
        media_type=XLSX_TYPE,
        headers={"Content-Disposition": _disposition(filename + ".xlsx")},
        background=BackgroundTask(path.unlink, missing_ok=True),
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
