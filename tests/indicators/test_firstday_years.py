"""The default year is the latest year with complete data (patents to December, statistics loaded)."""

from __future__ import annotations

import datetime as dt

import duckdb

from ipatlas.indicators.years import COVERAGE, default_year


def _con(last_filing: dt.date, stats: dict[str, dict[int, int]]) -> duckdb.DuckDBPyConnection:
    con = duckdb.connect()
    con.execute("CREATE TABLE patents (filing_date DATE)")
    con.execute("INSERT INTO patents VALUES (DATE '2015-03-01'), (?)", [last_filing])
    con.execute("CREATE TABLE statistics (region_code VARCHAR, year INTEGER, variable VARCHAR, value DOUBLE)")
    for variable, by_year in stats.items():
        for year, n in by_year.items():
            for i in range(n):
                con.execute("INSERT INTO statistics VALUES (?, ?, ?, 1.0)", [f"5001{i:02d}", year, variable])
    return con


def test_a_year_without_market_entities_is_not_the_default() -> None:
    full = dict.fromkeys(range(2020, 2025), 10)
    con = _con(dt.date(2025, 12, 20), {"market_entities": full, "above_scale_revenue": {**full, 2025: 10}})
    rule = default_year(con)
    assert rule is not None and (rule.first, rule.last, rule.default) == (2015, 2025, 2024)
    assert "市场主体户数" in rule.notes[2025] and "2025 年数据不完整" in rule.notes[2025]
    assert rule.note(2024) is None
    assert "数据完整的最近一年" in rule.rule and "市场主体户数" in rule.rule


def test_patents_cut_in_november_make_the_year_incomplete() -> None:
    full = dict.fromkeys(range(2020, 2026), 10)
    rule = default_year(_con(dt.date(2025, 11, 3), {"market_entities": full}))
    assert rule is not None and rule.default == 2024
    assert "专利记录只到 11 月 3 日" in rule.notes[2025]
    rule = default_year(_con(dt.date(2025, 12, 1), {"market_entities": full}))
    assert rule is not None and rule.default == 2025 and not rule.notes


def test_partial_coverage_below_the_threshold_counts_as_missing() -> None:
    by_year = {**dict.fromkeys(range(2020, 2025), 10), 2025: int(10 * COVERAGE) - 1}
    rule = default_year(_con(dt.date(2025, 12, 31), {"market_entities": by_year}))
    assert rule is not None and rule.default == 2024
    by_year[2025] = int(10 * COVERAGE)
    rule = default_year(_con(dt.date(2025, 12, 31), {"market_entities": by_year}))
    assert rule is not None and rule.default == 2025


def test_optional_and_fallback_statistics_never_block_a_year() -> None:
    # population has the census fallback; above_scale_valid_inventions is optional
    stats = {"population": {2024: 10}, "above_scale_valid_inventions": {2024: 10}}
    rule = default_year(_con(dt.date(2025, 12, 31), stats))
    assert rule is not None and rule.default == 2025


def test_no_patents_no_rule() -> None:
    con = duckdb.connect()
    con.execute("CREATE TABLE patents (filing_date DATE)")
    assert default_year(con) is None
