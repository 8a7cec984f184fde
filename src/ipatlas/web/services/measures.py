"""Basic counts read straight from the resource base (资源库直接计数).

These are plain record counts (applications by filing year, grants by grant year, …) with their
record-list filters, so every number links to the records behind it. The official indicators
(每万人口发明专利拥有量, valid patents, …) come from ``ipatlas.indicators`` when it is installed.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from ipatlas.regions.hierarchy import region_filter
from ipatlas.web.services.common import fetch_dicts
from ipatlas.web.services.source import DataSource


@dataclass(frozen=True)
class Measure:
    id: str
    name: str
    unit: str
    table: str
    date_column: str
    condition: str = "TRUE"
    definition: str = ""
    record_filters: dict[str, Any] = field(default_factory=dict)
    year_filter: str | None = "year"  # the record-list filter that takes the year

    @property
    def source_table(self) -> str:
        # Patent counts come from the per-version aggregate (see DataSource).
        return "agg_patents" if self.table == "patents" else self.table

    @property
    def year_column(self) -> str:
        if self.table == "patents":
            return "fy" if self.date_column == "filing_date" else "gy"
        return self.date_column

    @property
    def agg_condition(self) -> str:
        if self.table != "patents":
            return self.condition
        return self.condition.replace("pct_app_no IS NOT NULL", "pct")

    @property
    def count_expr(self) -> str:
        return "sum(n)" if self.table == "patents" else "count(*)"


MEASURES: dict[str, Measure] = {
    m.id: m
    for m in [
        Measure(
            "applications",
            "专利申请量",
            "件",
            "patents",
            "filing_date",
            definition="申请日在该年的专利申请件数（三种专利合计），按第一申请人地址归属",
        ),
        Measure(
            "invention_applications",
            "发明专利申请量",
            "件",
            "patents",
            "filing_date",
            "kind = 'invention'",
            definition="申请日在该年的发明专利申请件数",
            record_filters={"kind": "invention"},
        ),
        Measure(
            "grants",
            "专利授权量",
            "件",
            "patents",
            "grant_date",
            definition="授权公告日在该年的专利件数",
            year_filter="grant_year",
        ),
        Measure(
            "invention_grants",
            "发明专利授权量",
            "件",
            "patents",
            "grant_date",
            "kind = 'invention'",
            definition="授权公告日在该年的发明专利件数",
            record_filters={"kind": "invention"},
            year_filter="grant_year",
        ),
        Measure(
            "utility_applications",
            "实用新型申请量",
            "件",
            "patents",
            "filing_date",
            "kind = 'utility'",
            definition="申请日在该年的实用新型申请件数",
            record_filters={"kind": "utility"},
        ),
        Measure(
            "design_applications",
            "外观设计申请量",
            "件",
            "patents",
            "filing_date",
            "kind = 'design'",
            definition="申请日在该年的外观设计申请件数",
            record_filters={"kind": "design"},
        ),
        Measure(
            "pct_applications",
            "PCT国际专利申请量",
            "件",
            "patents",
            "filing_date",
            "pct_app_no IS NOT NULL",
            definition="申请日在该年且有 PCT 国际申请号的专利件数",
            record_filters={"pct": True},
        ),
        Measure(
            "trademark_registrations",
            "商标注册量",
            "件",
            "trademarks",
            "reg_date",
            definition="注册日期在该年的商标件数",
            year_filter=None,
        ),
        Measure(
            "gi_products",
            "地理标志（累计）",
            "个",
            "gi",
            "year",
            definition="截至该年公告的地理标志数量",
            year_filter=None,
        ),
    ]
}
OVERVIEW_MEASURES = [
    "applications",
    "invention_applications",
    "grants",
    "invention_grants",
    "pct_applications",
    "trademark_registrations",
    "gi_products",
]


def _year_condition(m: Measure, year: int) -> tuple[str, list[Any]]:
    if m.table == "gi":
        return "year <= ?", [year]
    if m.table == "patents":
        return f"{m.year_column} = ?", [year]
    return f"year({m.date_column}) = ?", [year]


def measure_value(source: DataSource, measure_id: str, region: str | None, year: int) -> int:
    m = MEASURES[measure_id]
    cond, params = region_filter(source.settings, region)
    ycond, yparams = _year_condition(m, year)
    sql = f"SELECT {m.count_expr} FROM {m.source_table} WHERE {cond} AND {ycond} AND {m.agg_condition}"
    row = source.cursor().execute(sql, params + yparams).fetchone()
    return int(row[0] or 0) if row else 0


def measure_series(
    source: DataSource, measure_ids: list[str], region: str | None, years: range
) -> dict[str, dict[int, int]]:
    """Yearly counts of several measures for one region (one query per table and date)."""
    out: dict[str, dict[int, int]] = {mid: dict.fromkeys(years, 0) for mid in measure_ids}
    cond, params = region_filter(source.settings, region)
    by_table: dict[tuple[str, str], list[Measure]] = {}
    for mid in measure_ids:
        m = MEASURES[mid]
        by_table.setdefault((m.table, m.date_column), []).append(m)
    cur = source.cursor()
    for (tbl, col), ms in by_table.items():
        if tbl == "gi":
            gi_rows = cur.execute(
                f"SELECT year, count(*) FROM gi WHERE {cond} AND year IS NOT NULL GROUP BY 1", params
            ).fetchall()
            counts = {int(y): int(n) for y, n in gi_rows}
            for m in ms:
                for y in years:
                    out[m.id][y] = sum(n for yy, n in counts.items() if yy <= y)
            continue
        if tbl == "patents":
            ycol = ms[0].year_column
            aggs = ", ".join(f'sum(n) FILTER (WHERE {m.agg_condition}) AS "{m.id}"' for m in ms)
            sql = (
                f"SELECT {ycol} AS y, {aggs} FROM agg_patents"
                f" WHERE {cond} AND {ycol} BETWEEN ? AND ? GROUP BY 1"
            )
            bounds: list[Any] = [years.start, years.stop - 1]
        else:
            aggs = ", ".join(f'count(*) FILTER (WHERE {m.condition}) AS "{m.id}"' for m in ms)
            sql = (
                f"SELECT year({col}) AS y, {aggs} FROM {tbl}"
                f" WHERE {cond} AND {col} BETWEEN ? AND ? GROUP BY 1"
            )
            bounds = [f"{years.start}-01-01", f"{years.stop - 1}-12-31"]
        for r in fetch_dicts(cur, sql, [*params, *bounds]):
            for m in ms:
                out[m.id][int(r["y"])] = int(r[m.id] or 0)
    return out


def measure_by_region(
    source: DataSource, measure_id: str, year: int, level: str, under: str | None
) -> dict[str, int]:
    """Counts of one measure per unit of ``level`` (county/city/province) inside ``under``."""
    m = MEASURES[measure_id]
    column = {"county": "adcode", "city": "city_code", "province": "province_code"}[level]
    cond, params = region_filter(source.settings, under)
    ycond, yparams = _year_condition(m, year)
    rows = (
        source.cursor()
        .execute(
            f"SELECT {column}, {m.count_expr} FROM {m.source_table} WHERE {cond} AND {ycond}"
            f" AND {m.agg_condition} AND {column} IS NOT NULL GROUP BY 1",
            params + yparams,
        )
        .fetchall()
    )
    return {str(code): int(n or 0) for code, n in rows}


def record_link(measure_id: str, region: str | None, year: int, **extra: Any) -> str | None:
    """URL of the record list behind a count (None for tables without a record list yet)."""
    from urllib.parse import urlencode

    m = MEASURES[measure_id]
    if m.table != "patents":
        return None
    params: dict[str, Any] = {**m.record_filters, **extra}
    if region:
        params["region"] = region
    if m.year_filter:
        params[m.year_filter] = year
    return "/records?" + urlencode({k: ("true" if v is True else v) for k, v in params.items()})


def data_years(source: DataSource) -> tuple[int, int, int] | None:
    """First and last filing year, and the default year: the last complete one.

    An export taken during a year (latest filing before 1 December) leaves that year incomplete,
    so pages open on the year before it; the incomplete year can still be chosen.
    """
    row = source.cursor().execute("SELECT min(filing_date), max(filing_date) FROM patents_list").fetchone()
    if not row or row[0] is None:
        return None
    first, last = row[0], row[1]
    complete = last.year if (last.month, last.day) >= (12, 1) else last.year - 1
    return first.year, last.year, max(first.year, complete)
