"""DuckDB's parallel CSV reader (the fast path for UTF-8 files) gives exactly what the exact Arrow
and Python readers give: the same records, the same quarantine file/row/field/reason/raw row."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import duckdb
from ingest_helpers import GOOD_PATENTS, app, check_invariant, write_patents

from ipatlas.config import Settings
from ipatlas.ingest import import_file
from ipatlas.ingest.readers import has_blank_line, native_csv_sql, read_file
from ipatlas.store.lake import Lake


def _rows() -> list[dict[str, Any]]:
    rows = [dict(r) for r in GOOD_PATENTS]
    multi = dict(GOOD_PATENTS[0], app_no=app("201610000001"), abstract="第一行\n第二行，带“引号”")
    bad_check = dict(GOOD_PATENTS[0], app_no=app("201610000002")[:-1] + "0")
    if bad_check["app_no"] == app("201610000002"):
        bad_check["app_no"] = bad_check["app_no"][:-1] + "1"
    bad_date = dict(GOOD_PATENTS[0], app_no=app("201610000003"), filing_date="2016-13-45")
    blank_cells = dict(GOOD_PATENTS[0], app_no=app("201610000004"), agency="", title="  \u3000 一种装置 ")
    return [*rows, multi, bad_check, bad_date, blank_cells]


def _result(tmp: Path, path: Path) -> tuple[Any, list[tuple], list[tuple]]:
    s = Settings(data_dir=tmp)
    summary = import_file(s, "patents", path, "standard", demo=False)
    check_invariant(summary)
    lake = Lake(s.lake_dir)
    con = duckdb.connect()
    lake.connect(con)
    records = con.execute(
        "SELECT app_no, source_row, record_hash, title, agency, abstract FROM patents ORDER BY source_row"
    ).fetchall()
    quarantine = con.execute(
        "SELECT source_row, field, value, reason, raw FROM quarantine ORDER BY 1"
    ).fetchall()
    return summary, records, quarantine


def test_native_reader_matches_the_exact_readers(tmp_path: Path) -> None:
    rows = _rows()
    utf8 = write_patents(tmp_path / "p.csv", rows)
    gbk = write_patents(tmp_path / "p_gb.csv", rows, encoding="gb18030")
    raw = read_file(utf8, expected=set(), key=str, encoding=None, delimiter=None, sheet=None, header_row=1)
    assert native_csv_sql(raw) is not None  # the UTF-8 file takes the fast path …
    raw_gb = read_file(gbk, expected=set(), key=str, encoding=None, delimiter=None, sheet=None, header_row=1)
    assert native_csv_sql(raw_gb) is None  # … the GB18030 one the Arrow reader
    a_sum, a_rec, a_quar = _result(tmp_path / "a", utf8)
    b_sum, b_rec, b_quar = _result(tmp_path / "b", gbk)
    assert (a_sum.read, a_sum.loaded, a_sum.quarantined) == (b_sum.read, b_sum.loaded, b_sum.quarantined)
    assert a_sum.quarantined == 2 and a_sum.loaded == len(rows) - 2
    assert a_rec == b_rec
    assert a_quar == b_quar
    # the row after the quoted two-line value keeps its spreadsheet row number (header = row 1)
    by_row = {r[0]: r for r in a_quar}
    assert sorted(by_row) == [len(GOOD_PATENTS) + 3, len(GOOD_PATENTS) + 4]
    assert by_row[len(GOOD_PATENTS) + 3][3] == "申请号校验位错误"
    assert "2016-13-45" in by_row[len(GOOD_PATENTS) + 4][4]  # the raw row as JSON
    titles = {r[0]: r[3] for r in a_rec}
    assert titles[app("201610000004")] == "一种装置"  # trimmed, full-width space included
    assert {r[0]: r[4] for r in a_rec}[app("201610000004")] is None  # an empty cell is no value


def test_a_blank_line_takes_the_exact_reader_and_keeps_row_numbers(tmp_path: Path) -> None:
    rows = _rows()
    path = write_patents(tmp_path / "p.csv", rows)
    lines = path.read_bytes().split(b"\r\n")
    lines.insert(2, b"")  # a blank line after the first record
    path.write_bytes(b"\r\n".join(lines))
    assert has_blank_line(path)
    summary, _rec, quar = _result(tmp_path / "d", path)
    check_invariant(summary)
    # the bad rows are one further down: the blank line counts as a row of the file
    reasons = {q[0]: q[3] for q in quar}
    assert reasons[len(GOOD_PATENTS) + 4] == "申请号校验位错误"
    assert reasons[len(GOOD_PATENTS) + 5] == "日期格式错误"
    assert summary.loaded == len(rows) - 2
