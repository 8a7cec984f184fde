"""Real yearbook / bulletin extracts (tests/ingest/fixtures/yearbooks/README.md) imported with
``--profile auto``: values checked against the printed tables. All of them were refused before the
yearbook reader (tests/ingest/fixtures/yearbooks/before.txt)."""

from __future__ import annotations

from pathlib import Path

import duckdb
import pytest

from ipatlas.errors import IngestError
from ipatlas.ingest import import_file

FIX = Path(__file__).parent / "fixtures" / "yearbooks"


def _rows(settings, sql: str) -> list[tuple]:
    con = duckdb.connect(str(settings.duckdb_path), read_only=True)
    try:
        return con.execute(sql).fetchall()
    finally:
        con.close()


def test_guangdong_region_by_year_xlsx(settings) -> None:
    # 广东统计年鉴2024 表12-6: 广州 2023 = 6873, 中山 2020 = 3868 (中山市, not 大连's 中山区)
    s = import_file(settings, "statistics", FIX / "dev_gd_2024_12-6_enterprises.xlsx", "auto")
    assert (s.loaded, s.quarantined) == (189, 38)  # 21 cities × 9 years; 4 economic zones × 9, 2 rows
    assert s.quarantine_reasons["无法识别地区"] == 36
    assert s.quarantine_reasons["脚注行（注、资料来源等），不是数据"] == 1
    got = dict(
        ((c, y), (v, u))
        for c, y, v, u in _rows(settings, "SELECT region_code, year, value, unit FROM statistics")
    )
    assert got[("440100", 2023)] == (6873, "个")
    assert got[("442000", 2020)] == (3868, "个")
    assert got[("440300", 2000)] == (1834, "个")
    again = import_file(settings, "statistics", FIX / "dev_gd_2024_12-6_enterprises.xlsx", "auto")
    assert (again.inserted, again.duplicates) == (0, 189)


def test_jinhua_bulletin_year_from_title_and_part_row(settings) -> None:
    # 2024年金华市人口主要数据公报: 义乌市 191.8 万人; 其中:开发区 49.2 is part of 婺城区
    s = import_file(settings, "statistics", FIX / "dev_jinhua_2024_population.csv", "auto")
    assert (s.loaded, s.quarantined) == (9, 1)
    got = dict(
        _rows(settings, "SELECT region_code, value FROM statistics WHERE year = 2024 AND unit = '万人'")
    )
    assert got["330782"] == 191.8 and got["330702"] == 98.2 and len(got) == 9


def test_nbs_multi_row_header_spaced_names(settings) -> None:
    # 中国统计年鉴2011 表20-46 (2010年): R&D经费 广东 6268811 万元, 吉林 (the province) 355405
    s = import_file(settings, "statistics", FIX / "dev_nbs_2011_20-46_rd.csv", "auto")
    assert (s.loaded, s.quarantined) == (31, 1)  # 全国 is quarantined with its reason
    got = dict(_rows(settings, "SELECT region_code, value FROM statistics WHERE variable = 'rd_expenditure'"))
    assert got["440000"] == 6268811 and got["220000"] == 355405
    # R&D人员 here is 全时当量 (person-years): not loaded as rd_personnel
    assert _rows(settings, "SELECT count(*) FROM statistics WHERE variable = 'rd_personnel'") == [(0,)]


@pytest.mark.parametrize(
    ("name", "why"),
    [
        ("dev_gz_2023_17-5_rd.csv", "按年份分行"),
        ("held_gd_2024_22-3_prd.csv", "按年份分行"),
        ("held_nbs_2jp_1-G-18_rd.csv", "年份"),
        ("held_gz_2020_2-10_urbanisation.csv", "没有可识别的指标列"),
        ("held_yuhuan_2019_bulletin_gdp.csv", "没有可识别的指标列"),
    ],
)
def test_refused_with_a_reason(settings, name: str, why: str) -> None:
    with pytest.raises(IngestError, match=why):
        import_file(settings, "statistics", FIX / name, "auto")


def test_grid_rows_are_csv_records(tmp_path) -> None:
    """A control character inside a cell does not start a row (str.splitlines would split at \\v),
    a quoted line break stays in its cell, and row numbers are the file's lines."""
    from ipatlas.ingest.yearbook import read_grid

    p = tmp_path / "t.csv"
    p.write_text('地区,常住人口\n渝中\v区,60\n"江北\n区",90\n', "utf-8")
    grid, rows = read_grid(p)
    assert grid == [["地区", "常住人口"], ["渝中\v区", "60"], ["江北\n区", "90"]]
    assert rows == [1, 2, 4]


def test_a_file_far_beyond_a_printed_table_is_no_yearbook(tmp_path) -> None:
    from ipatlas.ingest.yearbook import MAX_ROWS, NotYearbookTable, read_grid

    p = tmp_path / "big.csv"
    p.write_text("地区,常住人口\n" + "渝中区,60\n" * MAX_ROWS, "utf-8")
    with pytest.raises(NotYearbookTable, match="不是统计年鉴表"):
        read_grid(p)
