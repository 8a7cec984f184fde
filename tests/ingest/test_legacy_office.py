"""Excel 97–2003 (.xls) workbooks, as LibreOffice writes them (tests/fixtures/office97, made by
scripts/make_office97_fixtures.py from the content in tests/office97.py): read cell for cell as
the XLSX of the same content, and imported the way that XLSX or a CSV is."""

from __future__ import annotations

import shutil
from pathlib import Path

import duckdb
import pytest
from ingest_helpers import check_invariant, write_table

import office97
from ipatlas.errors import IngestError, InputError
from ipatlas.ingest import import_file
from ipatlas.ingest.readers import read_file
from ipatlas.sourcetext.sheets import open_workbook, spreadsheet_format

FIX = office97.FIXTURES
FORMULA = 7  # the 公式 column: LibreOffice computed the values in the .xls; an openpyxl XLSX has none


def _sheets(path: Path) -> dict[str, list[list[object]]]:
    with open_workbook(path) as wb:
        return {name: [list(r) for r in wb.rows(name)] for name in wb.sheetnames}


def _trimmed(rows: list[list[object]]) -> list[list[object]]:
    """Rows without their trailing empty cells (XLSX pads every row to the sheet's width)."""
    out = []
    for r in rows:
        r = list(r)
        while r and r[-1] in (None, ""):
            r.pop()
        out.append(r)
    return out


def test_xls_cells_read_as_the_xlsx_of_the_same_content(tmp_path: Path) -> None:
    xlsx = _sheets(office97.write_xlsx(tmp_path / "cells.xlsx", office97.CELLS))
    xls = _sheets(FIX / "cells.xls")
    assert list(xls) == list(xlsx) == ["数值与日期", "第二页"]
    for name in xls:
        a, b = xls[name], xlsx[name]
        if name == "数值与日期":
            assert [r[FORMULA] for r in a[1:]] == ["#DIV/0!", 5.0, "黔江区"]
            for r in (*a, *b):
                r[FORMULA:] = r[FORMULA + 1 :]
        assert _trimmed(a) == _trimmed(b), name


def test_read_file_gives_the_same_text_for_xls_and_xlsx(tmp_path: Path) -> None:
    """Dates as ISO dates, integral numbers without .0, a number stored as text kept as text."""
    expected = {"地区", "年份"}
    rows = {}
    for path in (FIX / "cells.xls", office97.write_xlsx(tmp_path / "cells.xlsx", office97.CELLS)):
        raw = read_file(path, expected=expected, key=str.strip)
        table = [r for chunk in raw.chunks() for r in chunk.to_pylist()]
        rows[path.suffix] = [{k: v for k, v in r.items() if k != f"c{FORMULA}"} for r in table]
    assert rows[".xls"] == rows[".xlsx"]
    first = rows[".xls"][0]
    assert (first["c0"], first["c1"], first["c3"], first["c4"], first["c5"]) == (
        "黔江区",
        "2023",
        "4567.5",
        "2023-05-01",
        "2023-12-31 08:30:00",
    )
    assert rows[".xls"][2]["c1"] == "２０２４" and rows[".xls"][2]["c0"].startswith("𠀀𪚥")


@pytest.mark.parametrize("name", ["export.xls", "export.et", "export.xlsx", "export"])
def test_a_patent_xls_imports_as_its_csv(settings, lake, tmp_path: Path, name: str) -> None:
    """Under .xls, WPS's .et, a wrong .xlsx name or none: the bytes decide. Quarantine names the
    spreadsheet row and field; re-import changes nothing."""
    header, rows = office97.patent_rows()
    csv = write_table(tmp_path / "export.csv", header, [["" if v is None else v for v in r] for r in rows])
    xls = tmp_path / name
    shutil.copyfile(FIX / "patents.xls", xls)
    s = import_file(settings, "patents", xls)
    check_invariant(s)
    assert (s.read, s.loaded, s.quarantined) == (len(rows), len(rows) - 1, 1), s.quarantine_sample
    (bad,) = s.quarantine_sample
    assert (bad.row, bad.field) == (len(rows) + 1, "申请号") and "校验位" in bad.reason
    from_xls = {r["app_no"]: r for r in lake.read("patents").to_pylist()}
    again = import_file(settings, "patents", xls)
    assert (again.loaded, again.duplicates) == (0, len(rows) - 1)
    other = settings.model_copy(update={"data_dir": tmp_path / "csv"})
    other.data_dir.mkdir()
    import_file(other, "patents", csv)
    from ipatlas.store.lake import Lake

    from_csv = {r["app_no"]: r for r in Lake(other.lake_dir).read("patents").to_pylist()}
    skip = {"import_id", "imported_at", "source_file", "source_row", "source_hash", "record_id"}
    assert set(from_xls) == set(from_csv)
    for k, rec in from_xls.items():
        assert {f: v for f, v in rec.items() if f not in skip} == {
            f: v for f, v in from_csv[k].items() if f not in skip
        }, k


def test_a_yearbook_table_in_xls_imports_as_in_xlsx(settings, tmp_path: Path) -> None:
    """A printed table (title, unit line, two-row header) saved as .xls goes the yearbook way."""
    values = {}
    for path in (
        FIX / "yearbook.xls",
        office97.write_xlsx(tmp_path / "yearbook.xlsx", {"表": office97.YEARBOOK}),
    ):
        target = settings.model_copy(update={"data_dir": tmp_path / path.suffix.strip(".")})
        target.data_dir.mkdir()
        s = import_file(target, "statistics", path, "auto", year=2023)
        assert s.quarantined == 0 and s.loaded == 5, s.quarantine_sample  # one cell blank
        con = duckdb.connect(str(target.duckdb_path), read_only=True)
        try:
            values[path.suffix] = sorted(
                con.execute("SELECT region_code, year, variable, value, unit FROM statistics").fetchall()
            )
        finally:
            con.close()
    assert values[".xls"] == values[".xlsx"]
    # 其中 over two sub-columns ("of which") leaves each sub-column's own name
    assert [(r[0], r[2]) for r in values[".xls"] if r[0] == "500114"] == [
        ("500114", "gdp"),
        ("500114", "value_added_primary"),
        ("500114", "value_added_secondary"),
    ]


def test_broken_and_wrong_workbooks_are_named_errors(settings, tmp_path: Path) -> None:
    cut = tmp_path / "cut.xls"
    cut.write_bytes((FIX / "patents.xls").read_bytes()[:2000])
    with pytest.raises(IngestError, match=r"cut\.xls"):
        import_file(settings, "patents", cut)
    doc = tmp_path / "方案.xls"
    shutil.copyfile(FIX / "plan.doc", doc)
    with pytest.raises(IngestError, match=r"方案\.xls.*不是 Excel 工作簿"):
        import_file(settings, "patents", doc)
    text = tmp_path / "text.xls"
    text.write_text("申请号,申请日\n", "utf-8")
    with pytest.raises(InputError, match=r"text\.xls.*不是 Excel 文件"):
        open_workbook(text)
    assert spreadsheet_format(FIX / "cells.xls") == "xls" and spreadsheet_format(text) is None
    with pytest.raises(InputError, match="没有工作表 '不存在'"), open_workbook(FIX / "cells.xls") as wb:
        list(wb.rows("不存在"))
