"""Spreadsheets behind one reader: XLSX (openpyxl) and Excel 97–2003 .xls (xlrd, BIFF8 — also what
WPS 表格 writes when it saves as .xls).

The file's first bytes decide the format, so a workbook saved under the other extension still
opens. An XLSX's zip directory is checked against the limits before any XML is parsed (zip bombs).
Cells come out as Python values the way openpyxl gives them (text, float, bool, datetime, None), so
every importer reads both formats with one code path.
"""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

from ipatlas.errors import InputError, cause, xlsx_unreadable
from ipatlas.sourcetext.archive import ZIP_MAGIC, open_archive
from ipatlas.sourcetext.doc97 import OLE_MAGIC

SHEET_SUFFIXES = (".xlsx", ".xlsm", ".xls", ".et")  # .et: WPS 表格, saved in the .xls layout
Format = Literal["xlsx", "xls"]
# How a date cell is written: "iso" 2024-12-31 (a time only when not midnight, for record imports),
# "iso-time" 2024-12-31 00:00:00 (always the time, as str() writes it: the yearbook grid),
# "chinese" 2024年12月31日 (prose: a plan's task table, whose 完成时限 is read as a Chinese date).
DateStyle = Literal["iso", "iso-time", "chinese"]


def spreadsheet_format(path: Path) -> Format | None:
    """ "xlsx" or "xls" by the file's magic bytes, None for anything else (a CSV, a text file)."""
    try:
        with open(path, "rb") as fh:
            head = fh.read(8)
    except OSError:
        return None
    if head.startswith(ZIP_MAGIC):
        return "xlsx"
    if head == OLE_MAGIC:
        return "xls"
    return None


@dataclass
class Workbook:
    """An open workbook of either format; close it (or use ``with``)."""

    path: Path
    format: Format
    sheetnames: list[str]
    _book: Any = field(repr=False)

    def __enter__(self) -> Workbook:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        if self.format == "xlsx":
            self._book.close()
        else:
            self._book.release_resources()

    def _index(self, sheet: str | None) -> int:
        if sheet is None:
            return 0
        if sheet not in self.sheetnames:
            names = "、".join(self.sheetnames)
            raise InputError(f"没有工作表 {sheet!r}（现有：{names}）", file=str(self.path))
        return self.sheetnames.index(sheet)

    def rows(self, sheet: str | None = None) -> Iterator[tuple[Any, ...]]:
        """The values of each row of ``sheet`` (default: the first), top to bottom."""
        i = self._index(sheet)
        if self.format == "xlsx":
            try:  # streamed: a damaged sheet shows while its rows are read
                yield from self._book.worksheets[i].iter_rows(values_only=True)
            except InputError:
                raise
            except Exception as exc:  # openpyxl/zipfile/XML raise many types for a damaged sheet
                raise InputError(f"XLSX 工作表损坏，无法读取：{cause(exc)}", file=str(self.path)) from None
            return
        ws = self._book.sheet_by_index(i)
        for r in range(ws.nrows):
            yield tuple(_xls_value(c, self._book.datemode) for c in ws.row(r))

    def merged(self, sheet: str | None = None) -> list[tuple[int, int, int, int]]:
        """Merged cells as (first row, last row + 1, first column, last column + 1), 0-based; only a
        workbook opened with ``merged=True`` knows them (streaming XLSX does not)."""
        i = self._index(sheet)
        if self.format == "xls":
            return [tuple(r) for r in self._book.sheet_by_index(i).merged_cells]
        ws = self._book.worksheets[i]
        ranges = getattr(ws, "merged_cells", None)
        if ranges is None:
            return []
        return [(r.min_row - 1, r.max_row, r.min_col - 1, r.max_col) for r in ranges.ranges]

    def declared_size(self, sheet: str | None = None) -> tuple[int, int]:
        """(rows, columns) the sheet says it has before its rows are read (0, 0 when unknown)."""
        i = self._index(sheet)
        if self.format == "xls":
            ws = self._book.sheet_by_index(i)
            return ws.nrows, ws.ncols
        return _xlsx_declared_size(self._book.worksheets[i])


def cell_text(value: Any, *, dates: DateStyle = "iso", bool_digits: bool = True) -> str:
    """A cell value as text: None is "", a whole float has no decimal point (Excel stores every
    number as a float: 序号 12 arrives as 12.0), any other float its shortest round-trip digits.
    ``bool_digits``: TRUE/FALSE as 1/0 (a record column's flag) rather than "True"/"False".
    Number formats (a percentage, thousands separators) are not applied: cells arrive as values."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return ("1" if value else "0") if bool_digits else str(value)
    if isinstance(value, dt.date):
        return _date_text(value, dates)
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() else repr(value)
    return str(value)


def _date_text(value: dt.date, style: DateStyle) -> str:
    if style == "chinese":
        return f"{value.year}年{value.month}月{value.day}日"
    if not isinstance(value, dt.datetime):
        return value.isoformat()
    if style == "iso" and value.time() == dt.time(0):
        return value.date().isoformat()
    return value.isoformat(sep=" ")


def _xls_value(cell: Any, datemode: int) -> Any:
    import xlrd

    kind, value = cell.ctype, cell.value
    if kind in (xlrd.XL_CELL_EMPTY, xlrd.XL_CELL_BLANK):
        return None
    if kind == xlrd.XL_CELL_DATE:
        try:
            return xlrd.xldate.xldate_as_datetime(value, datemode)
        except (xlrd.xldate.XLDateError, OverflowError, ValueError):
            return value  # a serial outside the calendar: the number, as Excel shows it
    if kind == xlrd.XL_CELL_BOOLEAN:
        return bool(value)
    if kind == xlrd.XL_CELL_ERROR:
        return xlrd.error_text_from_code.get(value, "#ERROR")
    return value


def _xlsx_declared_size(ws: Any) -> tuple[int, int]:
    """Rows and columns the sheet's ``<dimension ref>`` declares (0 when absent)."""
    try:
        ref = ws.calculate_dimension()
    except Exception:  # no dimension element: counted while streaming instead
        return 0, 0
    from openpyxl.utils.cell import range_boundaries

    try:
        _min_col, _min_row, max_col, max_row = range_boundaries(ref)
    except (ValueError, TypeError):
        return 0, 0
    return int(max_row or 0), int(max_col or 0)


def open_workbook(path: Path, *, merged: bool = False) -> Workbook:
    """The workbook at ``path``; InputError naming the file when it is no workbook or is broken.

    ``merged``: read the merged cells too (an XLSX is then loaded whole instead of streamed — for
    small tables such as a 任务分工表, not for record exports)."""
    path = Path(path)
    fmt = spreadsheet_format(path)
    if fmt == "xlsx":
        import openpyxl  # imported lazily: only spreadsheet imports need it

        open_archive(path, "XLSX").close()
        # openpyxl refuses a workbook by its name alone (an XLSX saved as .csv): give it the bytes
        # then (their size was checked above)
        named = path.suffix.lower() in (".xlsx", ".xlsm", ".xltx", ".xltm")
        source: Path | io.BytesIO = path if named else io.BytesIO(path.read_bytes())
        try:
            wb = openpyxl.load_workbook(source, read_only=not merged, data_only=True)
        except Exception as exc:  # openpyxl raises many types for a broken file
            raise InputError(xlsx_unreadable(exc), file=str(path)) from None
        return Workbook(path, "xlsx", list(wb.sheetnames), wb)
    if fmt == "xls":
        import xlrd

        try:
            # read whole (an .xls holds at most 65,536 rows): a damaged sheet fails here, not later
            # (xlrd's warnings go to a sink: printed, they would break a command's --json output)
            book = xlrd.open_workbook(str(path), formatting_info=merged, logfile=io.StringIO())
        except xlrd.XLRDError as exc:
            if "workbook" in str(exc).lower():
                raise InputError(
                    "不是 Excel 工作簿（OLE 文件中没有工作簿；若是 Word 文档请按文档导入）", file=str(path)
                ) from None
            raise InputError(f"无法打开 XLS：{cause(exc)}", file=str(path)) from None
        except Exception as exc:  # xlrd raises struct/index/assertion errors for a broken file
            raise InputError(f"无法打开 XLS（文件损坏）：{cause(exc)}", file=str(path)) from None
        return Workbook(path, "xls", list(book.sheet_names()), book)
    if _looks_like_text(path):  # some systems' "Excel export" is a CSV under an .xls(x) name
        raise InputError(
            f"不是 Excel 文件：内容是文本（可能是 CSV），请把扩展名 {path.suffix} 改为 .csv 后再导入",
            file=str(path),
        )
    raise InputError("不是 Excel 文件（既不是 .xlsx 也不是 .xls）", file=str(path))


def _looks_like_text(path: Path) -> bool:
    from ipatlas.sourcetext.decode import decode_bytes

    with open(path, "rb") as fh:
        head = fh.read(1 << 16)
    try:
        decode_bytes(head)
    except InputError:
        return False
    return bool(head.strip())
