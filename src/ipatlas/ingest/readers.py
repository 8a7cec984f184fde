"""Read CSV, XLSX and .xls exports into an Arrow table of strings, one column per source column.

Every value stays text here (dates, numbers and codes are parsed later, in SQL, so that a bad
value becomes a quarantined row instead of a failed import). ``__row`` holds the 1-based row
number of the record as a spreadsheet shows it (header = row 1).

CSV: the encoding is sniffed (UTF-8, UTF-8 with BOM, GB18030) and the delimiter chosen as the
one whose split of the header line matches most of the profile's columns (``,`` ``\\t`` ``;``
``|``); quoted values may contain newlines.
XLSX and Excel 97–2003 .xls (``ipatlas.sourcetext.sheets``, the file's bytes decide): date cells
become ISO dates, integral numbers lose ``.0``.
"""

from __future__ import annotations

import codecs
import csv
import itertools
import json
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.csv as pacsv

from ipatlas.errors import IngestError, InputError, cause
from ipatlas.security import limits
from ipatlas.sourcetext.sheets import (
    SHEET_SUFFIXES,
    Workbook,
    cell_text,
    open_workbook,
    spreadsheet_format,
)

ROW = "__row"
SNIFF_BYTES = 1 << 20
DELIMITERS = (",", "\t", ";", "|")


CHUNK_ROWS = 262_144  # rows handed to SQL at a time: bounded memory for files of any size
BLOCK_SIZE = 8 << 20  # bytes per Arrow CSV block


class Reread(Exception):
    """A streamed CSV must be read again from the start: row by row (``exact``: a row with the
    wrong number of cells, whose true row number must be kept) or as GB18030 (``gb18030``: valid
    UTF-8 at the start, not further down)."""

    def __init__(self, mode: str) -> None:
        super().__init__(mode)
        self.mode = mode


@dataclass
class RawTable:
    """The file's header and its rows as Arrow chunks (string columns c0…cN plus __row)."""

    headers: list[str]
    chunks: Callable[[], Iterator[pa.Table]]  # a fresh pass over the rows per call
    encoding: str | None = None
    delimiter: str | None = None
    meta: dict[str, Any] = field(default_factory=dict)

    @classmethod
    def from_table(cls, table: pa.Table, headers: list[str], **kw: Any) -> RawTable:
        return cls(headers, lambda: iter([table]), **kw)


def _decodes(data: bytes, encoding: str) -> bool:
    try:
        codecs.getincrementaldecoder(encoding)().decode(data, final=False)
    except UnicodeDecodeError:
        return False
    return True


def _first_undecodable_line(sample: bytes) -> int | None:
    """The line where UTF-8 decoding fails: a file mixing encodings (a GBK line pasted into a
    UTF-8 file) is refused as a whole, and the user needs to know where to look."""
    try:
        sample.decode("utf-8")
    except UnicodeDecodeError as exc:
        return sample[: exc.start].count(b"\n") + 1
    return None


def sniff_encoding(sample: bytes) -> str:
    from ipatlas.sourcetext.decode import utf16_without_bom  # one rule for tables and documents

    if sample.startswith(codecs.BOM_UTF8):
        return "utf-8-sig"
    if sample.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return "utf-16"
    if (wide := utf16_without_bom(sample)) is not None:
        return wide
    if _decodes(sample, "utf-8"):
        return "utf-8"
    if _decodes(sample, "gb18030"):
        return "gb18030"
    raise IngestError("无法识别文件编码（已尝试 UTF-8、GB18030）：请另存为 UTF-8 或 GB18030")


def sniff_delimiter(header_line: str, expected: set[str], key: Any) -> str:
    """The delimiter whose split of the header yields most expected column names."""
    best, best_score = ",", (-1, -1)
    for d in DELIMITERS:
        try:
            cells = next(csv.reader([header_line], delimiter=d), [])
        except csv.Error:  # a cell past the csv module's field limit: not this delimiter's header
            continue
        score = (sum(1 for c in cells if key(c) in expected), len(cells))
        if score > best_score:
            best, best_score = d, score
    return best


HEADER_SEARCH_ROWS = 30


def header_score(cells: list[Any], expected: set[str], key: Any) -> int:
    """How many of a row's cells are column names the profile knows."""
    return sum(1 for c in cells if c is not None and key(str(c)) in expected)


def find_header_row(rows: list[list[Any]], expected: set[str], key: Any) -> int:
    """The 1-based row holding the header: row 1 unless it names fewer than two known columns and
    a later row (within the first 30) does — exports often open with the query and export time."""
    if not rows or header_score(rows[0], expected, key) >= 2:
        return 1
    for i, cells in enumerate(rows[:HEADER_SEARCH_ROWS], start=1):
        if header_score(cells, expected, key) >= 2:
            return i
    return 1


def _header_candidates(
    lines: list[str], expected: set[str], key: Any, delimiter: str | None
) -> list[list[str]]:
    """The first lines split into cells; a line too long to be a header (or that the csv module
    cannot split) gives no cells instead of an exception."""
    out: list[list[str]] = []
    for ln in lines[:HEADER_SEARCH_ROWS]:
        if len(ln) > limits.HEADER_MAX_BYTES:
            out.append([])
            continue
        try:
            out.append(next(csv.reader([ln], delimiter=delimiter or sniff_delimiter(ln, expected, key)), []))
        except csv.Error:
            out.append([])
    return out


def csv_lines(text: str) -> list[str]:
    """The text's lines as a CSV reader sees them: broken at CR and LF only. ``str.splitlines``
    also breaks at \\v, \\f, \\x1c–\\x1e, NEL and U+2028/9, which would cut a header holding one."""
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    return lines[:-1] if lines and not lines[-1] else lines


def read_csv(
    path: Path,
    *,
    expected: set[str],
    key: Any,
    encoding: str | None = None,
    delimiter: str | None = None,
    header_row: int | None = 1,
) -> RawTable:
    """``header_row`` None: found by :func:`find_header_row` in the first lines."""
    with open(path, "rb") as fh:
        sample = fh.read(SNIFF_BYTES)
    if not sample.strip():
        raise IngestError("文件为空", file=str(path))
    try:
        enc = encoding or sniff_encoding(sample)
    except IngestError as exc:
        raise IngestError(exc.message, file=str(path), row=_first_undecodable_line(sample)) from None
    text = sample.decode(enc, errors="ignore")
    lines = csv_lines(text)
    if header_row is None:
        header_row = find_header_row(_header_candidates(lines, expected, key, delimiter), expected, key)
    if len(lines) < header_row or (len(lines) == header_row and len(sample) == SNIFF_BYTES):
        if len(sample) == SNIFF_BYTES:  # one line fills the whole sample: not a header
            raise IngestError(
                f"表头行超过 {limits.HEADER_MAX_BYTES // 1024} KB，不是有效的表头（文件可能损坏或不是表格）",
                file=str(path),
                row=header_row,
            )
        raise IngestError(f"第 {header_row} 行没有表头", file=str(path))
    header_line = lines[header_row - 1]
    if (
        len(header_line.encode("utf-8" if enc.startswith("utf-16") else enc, errors="ignore"))
        > limits.HEADER_MAX_BYTES
    ):
        raise IngestError(
            f"表头行超过 {limits.HEADER_MAX_BYTES // 1024} KB，不是有效的表头（文件可能损坏或不是表格）",
            file=str(path),
            row=header_row,
        )
    delim = delimiter or sniff_delimiter(header_line, expected, key)
    try:
        headers = next(csv.reader([header_line], delimiter=delim), [])
    except csv.Error as exc:
        raise IngestError(f"表头无法解析: {cause(exc)}", file=str(path), row=header_row) from None
    if not headers:
        raise IngestError("找不到表头行", file=str(path))
    check_headers(headers, expected, key, str(path))
    meta = {"path": path, "header_row": header_row, "forced_encoding": encoding}
    return RawTable(
        headers,
        lambda: _stream_csv(path, enc, delim, len(headers), header_row, forced=encoding is not None),
        encoding=enc,
        delimiter=delim,
        meta=meta,
    )


def _stream_csv(
    path: Path, enc: str, delim: str, n: int, header_row: int, *, forced: bool
) -> Iterator[pa.Table]:
    names = [f"c{i}" for i in range(n)]
    arrow_enc = "utf8" if enc in ("utf-8", "utf-8-sig") else enc
    invalid: list[Any] = []

    def _on_invalid(row: Any) -> str:
        invalid.append(row)
        return "skip"

    try:
        reader = pacsv.open_csv(
            path,
            read_options=pacsv.ReadOptions(
                column_names=names, skip_rows=header_row, encoding=arrow_enc, block_size=BLOCK_SIZE
            ),
            parse_options=pacsv.ParseOptions(
                delimiter=delim,
                newlines_in_values=True,
                ignore_empty_lines=False,  # a blank line must not shift the row numbers
                invalid_row_handler=_on_invalid,
            ),
            convert_options=pacsv.ConvertOptions(
                column_types={c: pa.string() for c in names},
                strings_can_be_null=False,
                quoted_strings_can_be_null=False,
            ),
        )
        pending: list[pa.RecordBatch] = []
        rows = 0
        first = header_row + 1
        yielded = False
        batches = iter(reader)
        while True:
            batch = next(batches, None)
            if invalid:
                raise Reread("exact")
            if batch is not None:
                pending.append(batch)
                rows += batch.num_rows
            if pending and (batch is None or rows >= CHUNK_ROWS):
                table = pa.Table.from_batches(pending)
                table = table.append_column(ROW, pa.array(range(first, first + rows), pa.int64()))
                first += rows
                pending, rows = [], 0
                yielded = True
                yield table
            if batch is None:
                if not yielded:  # a header and no rows: nothing was loaded, say so
                    raise IngestError("文件只有表头，没有数据行（未导入任何记录）", file=str(path))
                return
    except (pa.ArrowInvalid, UnicodeDecodeError) as exc:
        if enc == "utf-8" and not forced and "UTF8" in str(exc).upper():
            raise Reread("gb18030") from None
        reason = "编码与内容不符" if isinstance(exc, UnicodeDecodeError) else "格式错误（引号或分隔符不成对）"
        raise IngestError(f"无法解析 CSV：{reason}", file=str(path)) from None


def native_csv_sql(raw: RawTable) -> str | None:
    """DuckDB's own parallel ``read_csv`` for the file behind ``raw`` (every cell as text, strict:
    a ragged row or a byte that is not UTF-8 is an error), or None when only the Arrow reader
    above keeps the exact semantics (another encoding, a header below row 1, XLSX …).

    DuckDB reads an empty cell as NULL and skips blank lines; the caller turns NULL back into ''
    and must check :func:`has_blank_line` (a skipped line would shift the row numbers)."""
    path = raw.meta.get("path")
    if path is None or raw.encoding not in ("utf-8", "utf-8-sig") or raw.meta.get("header_row") != 1:
        return None
    if raw.meta.get("ragged") is not None or raw.delimiter is None:
        return None
    cols = ", ".join(f"'c{i}': 'VARCHAR'" for i in range(len(raw.headers)))
    delim = raw.delimiter.replace("'", "''")
    file = str(path).replace("'", "''")
    return (
        f"SELECT * FROM read_csv('{file}', header = false, skip = 1, auto_detect = false, "
        f"columns = {{{cols}}}, delim = '{delim}', quote = '\"', escape = '\"', strict_mode = true, "
        f"null_padding = false, max_line_size = {max(limits.CSV_MAX_FIELD_BYTES, 2 << 20)})"
    )


def has_blank_line(path: Path) -> bool:
    """Whether the file holds an empty line (also inside a quoted value: then the caller simply
    takes the exact reader). Reads at memory speed."""
    tail = b""
    with open(path, "rb") as fh:
        while block := fh.read(16 << 20):
            data = tail + block
            if b"\n\n" in data or b"\n\r\n" in data:
                return True
            tail = data[-2:]
    return False


def reread(raw: RawTable, mode: str) -> RawTable:
    """The same file again: row by row, or decoded as GB18030."""
    path, header_row = raw.meta["path"], raw.meta["header_row"]
    assert raw.delimiter is not None and raw.encoding is not None
    if mode == "gb18030":
        enc = "gb18030"
        return RawTable(
            raw.headers,
            lambda: _stream_csv(path, enc, raw.delimiter or ",", len(raw.headers), header_row, forced=True),
            encoding=enc,
            delimiter=raw.delimiter,
            meta=raw.meta,
        )
    return _read_csv_exact(path, raw.encoding, raw.delimiter, raw.headers, header_row)


def _read_csv_exact(path: Path, enc: str, delim: str, headers: list[str], header_row: int) -> RawTable:
    n = len(headers)
    cols: list[list[str]] = [[] for _ in range(n)]
    rows: list[int] = []
    ragged: list[tuple[int, list[str]]] = []
    # A long value is quarantined by the field-length check, not a parse failure.
    csv.field_size_limit(max(csv.field_size_limit(), limits.CSV_MAX_FIELD_BYTES))
    with open(path, encoding=enc, newline="") as fh:
        reader = csv.reader(fh, delimiter=delim)
        i = 0
        try:
            for i, rec in enumerate(reader, start=1):
                if i <= header_row:
                    continue
                if not rec:
                    continue
                if len(rec) > n and not any(v.strip() for v in rec[n:]):
                    rec = rec[:n]  # a trailing delimiter (Patentics ends every row with one)
                if len(rec) != n:
                    ragged.append((i, rec))
                    continue
                for c, v in zip(cols, rec, strict=True):
                    c.append(v)
                rows.append(i)
        except csv.Error as exc:  # e.g. a value over the field limit (131,072 characters)
            raise IngestError(f"无法解析该行: {cause(exc)}", file=str(path), row=i + 1) from None
    if not rows and not ragged:
        raise IngestError("文件只有表头，没有数据行（未导入任何记录）", file=str(path))
    data: dict[str, pa.Array] = {f"c{i}": pa.array(c, pa.string()) for i, c in enumerate(cols)}
    data[ROW] = pa.array(rows, pa.int64())
    meta = {"ragged": ragged, "path": path, "header_row": header_row}
    return RawTable.from_table(pa.table(data), headers, encoding=enc, delimiter=delim, meta=meta)


TRIM_CHARS = " \t\r\n\v\f\u3000\u00a0\ufeff"


def trim_table(table: pa.Table, columns: set[str] | None = None) -> pa.Table:
    """Trim blanks (incl. the full-width space, NBSP and BOM) around the text values of ``columns``
    (default: all), vectorised. An explicit character set is ~3x cheaper than the Unicode
    whitespace kernel."""
    for i, name in enumerate(table.column_names):
        if name == ROW or (columns is not None and name not in columns):
            continue
        if pa.types.is_string(table.schema.field(i).type):
            table = table.set_column(i, name, pc.utf8_trim(table.column(i), characters=TRIM_CHARS))
    return table


def check_headers(headers: list[str], expected: set[str] | None, key: Any, file: str) -> None:
    """A column the profile reads must appear once: a duplicated name would be read silently."""
    if len(headers) > limits.XLSX_MAX_COLUMNS:
        raise IngestError(f"列数 {len(headers)} 超过上限 {limits.XLSX_MAX_COLUMNS}", file=file, row=1)
    seen: dict[str, int] = {}
    for i, h in enumerate(headers, start=1):
        if not h.strip():
            continue
        k = key(h) if key else h.strip()
        if expected is not None and k not in expected:
            continue
        if k in seen:
            raise IngestError(
                f"列名「{h.strip()}」重复（第 {seen[k]} 列和第 {i} 列）：请删除或改名其中一列",
                file=file,
                field=h.strip(),
            )
        seen[k] = i


def read_spreadsheet(
    path: Path,
    *,
    sheet: str | None = None,
    header_row: int | None = 1,
    expected: set[str] | None = None,
    key: Any = None,
) -> RawTable:
    """A sheet of an XLSX or .xls workbook (the bytes decide); ``header_row`` None: found by
    :func:`find_header_row` in the first rows."""
    try:
        with open_workbook(path) as wb:
            return _read_sheet(wb, sheet=sheet, header_row=header_row, expected=expected, key=key)
    except IngestError:
        raise
    except InputError as exc:  # the workbook reader's errors are an import's: same file, same words
        raise IngestError(exc.reason, **exc.context) from None


def _read_sheet(
    wb: Workbook, *, sheet: str | None, header_row: int | None, expected: set[str] | None, key: Any
) -> RawTable:
    path = wb.path
    declared_rows, declared_cols = wb.declared_size(sheet)
    if declared_rows > limits.XLSX_MAX_ROWS or declared_cols > 16384:
        raise IngestError(
            f"工作表声明的范围为 {declared_rows:,} 行 × {declared_cols:,} 列，超过上限 "
            f"{limits.XLSX_MAX_ROWS:,} 行：请拆分文件",
            file=str(path),
        )
    it = wb.rows(sheet)
    top = [
        list(r[: limits.XLSX_MAX_COLUMNS + 1]) for _, r in zip(range(HEADER_SEARCH_ROWS), it, strict=False)
    ]
    if header_row is None:
        header_row = find_header_row(top, expected or set(), key or str.strip)
    headers: list[str] | None = None
    if header_row <= len(top):
        headers = [cell_text(v).strip() for v in top[header_row - 1]]
    else:  # an explicit header row further down
        for i, above in enumerate(it, start=len(top) + 1):
            if i == header_row:
                headers = [cell_text(v).strip() for v in above[: limits.XLSX_MAX_COLUMNS + 1]]
                break
    rest: list[Sequence[Any]] = list(top[header_row:]) if header_row <= len(top) else []
    body = itertools.chain(rest, it)
    if headers is None:
        raise IngestError(f"第 {header_row} 行没有表头", file=str(path))
    while headers and not headers[-1]:
        headers.pop()
    if sum(len(h) for h in headers) > limits.HEADER_MAX_BYTES:
        raise IngestError(
            f"表头行超过 {limits.HEADER_MAX_BYTES // 1024} KB，不是有效的表头",
            file=str(path),
            row=header_row,
        )
    check_headers(headers, expected, key, str(path))
    n = len(headers)
    cols: list[list[str]] = [[] for _ in range(n)]
    rows: list[int] = []
    for i, row in enumerate(body, start=header_row + 1):
        if i > limits.XLSX_MAX_ROWS + header_row:
            raise IngestError(
                f"数据行超过上限 {limits.XLSX_MAX_ROWS:,} 行：请拆分文件", file=str(path), row=i
            )
        values = [cell_text(v) for v in row[:n]]
        if not any(values):
            continue  # blank spreadsheet rows are not records
        for j, v in enumerate(values):
            if len(v) > limits.XLSX_MAX_CELL_CHARS:
                raise IngestError(
                    f"单元格内容 {len(v):,} 个字符，超过 Excel 的上限 {limits.XLSX_MAX_CELL_CHARS:,}",
                    file=str(path),
                    row=i,
                    field=headers[j],
                )
        values.extend([""] * (n - len(values)))
        for c, v in zip(cols, values, strict=True):
            c.append(v)
        rows.append(i)
    if not rows:
        raise IngestError("文件只有表头，没有数据行（未导入任何记录）", file=str(path))
    data: dict[str, pa.Array] = {f"c{i}": pa.array(c, pa.string()) for i, c in enumerate(cols)}
    data[ROW] = pa.array(rows, pa.int64())
    return RawTable.from_table(pa.table(data), headers)


def read_json_records(path: Path, fields: dict[str, str], list_sep: str = "；") -> RawTable:
    """A JSON array of objects → raw table with the given header names (key → header)."""
    try:
        records = json.loads(Path(path).read_text("utf-8"))
    except (OSError, json.JSONDecodeError) as exc:
        raise IngestError(f"无法读取 JSON：{cause(exc)}", file=str(path)) from None
    if not isinstance(records, list):
        raise IngestError("JSON 应为记录数组", file=str(path))
    headers = list(fields.values())
    cols: list[list[str]] = [[] for _ in fields]
    for rec in records:
        for c, k in zip(cols, fields, strict=True):
            v = rec.get(k) if isinstance(rec, dict) else None
            if isinstance(v, list):
                v = list_sep.join(str(x) for x in v)
            c.append("" if v is None else str(v))
    data: dict[str, pa.Array] = {f"c{i}": pa.array(c, pa.string()) for i, c in enumerate(cols)}
    # JSON records have no header line: the row number is the 1-based position in the array.
    data[ROW] = pa.array(range(1, len(records) + 1), pa.int64())
    return RawTable.from_table(pa.table(data), headers)


def read_file(
    path: Path,
    *,
    expected: set[str],
    key: Any,
    encoding: str | None = None,
    delimiter: str | None = None,
    sheet: str | None = None,
    header_row: int | None = 1,
) -> RawTable:
    """``header_row`` None: the header is looked for in the first rows (:func:`find_header_row`)."""
    path = Path(path)
    if not path.is_file():
        raise IngestError("文件不存在", file=str(path))
    if path.suffix.lower() in SHEET_SUFFIXES or spreadsheet_format(path) is not None:
        return read_spreadsheet(path, sheet=sheet, header_row=header_row, expected=expected, key=key)
    return read_csv(
        path, expected=expected, key=key, encoding=encoding, delimiter=delimiter, header_row=header_row
    )
