"""One cell-to-text converter (``sourcetext.sheets.cell_text``) replaced three copies: the record
importer's, the plan workbook's and the yearbook grid's. Each caller's text must be what it was.

The three converters as they were before (commit 91d8efc) are kept here verbatim as the reference;
every cell of every workbook fixture in tests/, and the values a workbook can give that the fixtures
lack (dates with and without a time, booleans, non-finite floats, line breaks), must come out the
same through each caller's new path."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path
from typing import Any

import pytest

from ipatlas.ingest import readers, yearbook, yearbook_grid
from ipatlas.plans import workbook
from ipatlas.sourcetext.sheets import cell_text, open_workbook

TESTS = Path(__file__).resolve().parent
FIXTURES = sorted(p for p in TESTS.rglob("*") if p.suffix.lower() in (".xlsx", ".xlsm", ".xls", ".et"))
SPACED = yearbook.SPACED
EDGE: list[Any] = [
    None,
    "",
    " 重点任务\n（续） ",
    "3 634",
    0,
    -3,
    12.0,
    12.5,
    -0.0,
    1e20,
    0.1 + 0.2,
    float("inf"),
    float("nan"),
    True,
    False,
    dt.date(2024, 12, 31),
    dt.datetime(2024, 12, 31),
    dt.datetime(2024, 1, 2, 3, 4, 5),
    dt.datetime(2024, 1, 2, 3, 4, 5, 6),
    dt.time(12, 30),
    dt.timedelta(hours=1),
    "#DIV/0!",
]


def old_record(value: Any) -> str:  # ingest/readers._cell_text
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        if value.time() == dt.time(0):
            return value.date().isoformat()
        return value.isoformat(sep=" ")
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() else repr(value)
    if isinstance(value, bool):
        return "1" if value else "0"
    return str(value)


def old_plan(value: Any) -> str:  # plans/workbook._cell_text
    if value is None:
        return ""
    if isinstance(value, dt.datetime | dt.date):
        return f"{value.year}年{value.month}月{value.day}日"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return "".join(str(value).split("\n")).strip()


def old_grid(v: Any) -> str:  # yearbook_grid._xlsx_text, then yearbook._cell_text
    if isinstance(v, float) and v.is_integer():
        v = str(int(v))
    t = "" if v is None else str(v).strip()
    return re.sub(r"\s", "", t) if SPACED.match(t) else t


def _cells(path: Path) -> list[Any]:
    with open_workbook(path, merged=True) as wb:
        return [v for s in wb.sheetnames for row in wb.rows(s) for v in row]


def test_fixtures_are_found() -> None:
    assert len(FIXTURES) >= 11  # the office97 set, exports and yearbooks


@pytest.mark.parametrize("path", FIXTURES, ids=lambda p: p.name)
def test_each_caller_reads_every_fixture_cell_as_before(path: Path) -> None:
    values = _cells(path) + EDGE
    assert [cell_text(v) for v in values] == [old_record(v) for v in values]
    assert [workbook._cell_text(v) for v in values] == [old_plan(v) for v in values]
    grid = [cell_text(v, dates="iso-time", bool_digits=False) for v in values]
    assert [yearbook._cell_text(v) for v in grid] == [old_grid(v) for v in values]


def test_read_grid_gives_the_yearbook_reader_text_as_before() -> None:
    path = TESTS / "fixtures" / "office97" / "yearbook.xls"
    grid, rows = yearbook_grid.read_grid(path)
    raw = _cells(path)
    flat = [yearbook._cell_text(v) for r in grid for v in r]
    assert flat == [old_grid(v) for v in raw] and len(rows) == len(grid)


def test_styles_differ_where_the_callers_did() -> None:
    midnight = dt.datetime(2024, 12, 31)
    assert cell_text(midnight) == "2024-12-31"
    assert cell_text(midnight, dates="iso-time") == "2024-12-31 00:00:00"
    assert cell_text(midnight, dates="chinese") == "2024年12月31日"
    assert (cell_text(True), cell_text(True, bool_digits=False)) == ("1", "True")
    assert readers.cell_text is cell_text
