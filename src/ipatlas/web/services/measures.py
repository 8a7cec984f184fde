"""The headline figures of 总览, 动态监测 and 空间分布: catalogue indicators read from the cube.

Every figure a page shows is an indicator of ``ipatlas.indicators`` (catalog.yaml: one basis, one
definition), so the dashboard, the map, the reports and the exports give the same number for the
same region and year; each figure links to the records behind it (the cube's drill-down).
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any
from urllib.parse import quote_plus

from ipatlas.errors import IpatlasError
from ipatlas.indicators import series
from ipatlas.regions.hierarchy import NATION
from ipatlas.web.services.source import DataSource

# 总览's cards, in order (seed 003: applications, grants, PCT, trademarks, geographical indications)
OVERVIEW_INDICATORS = [
    "pat_app_total", "pat_app_invention", "pat_grant_total", "pat_grant_invention", "pct_app", "tm_reg",
    "gi_total",
]  # fmt: skip
# the trend table and 动态监测's default comparison: the patent flows
TREND_INDICATORS = OVERVIEW_INDICATORS[:5]
DEFAULT_MEASURE = "pat_app_total"


def record_link(indicator: str, region: str | None, year: int) -> str:
    """URL of the records behind a figure (the cube's drill-down, same predicates as the count)."""
    return f"/indicators/records?region={quoted(region or NATION)}&year={year}&id={quoted(indicator)}"


def series_link(indicator: str, region: str | None) -> str:
    """URL of a figure's yearly series (the dashboard cards' sparklines)."""
    return f"/indicators/series.json?region={quoted(region or '')}&id={quoted(indicator)}"


@lru_cache(maxsize=4096)
def quoted(value: str) -> str:
    """``quote_plus`` as ``urlencode`` writes each value, remembered: a dashboard links ~220
    figures to their records and series, and the quoting was a third of its data time."""
    return quote_plus(value)


def figure_series(
    source: DataSource, indicator_ids: list[str], region: str | None, years: range
) -> dict[str, dict[int, float | None]]:
    """Yearly values of several indicators for one region (None where the cube has no value)."""
    out: dict[str, dict[int, float | None]] = {}
    for iid in indicator_ids:

        def load(iid: str = iid) -> dict[int, float | None]:
            try:
                rows = series(source.settings, region or NATION, iid)
            except IpatlasError:
                return {}
            return {int(r["year"]): r["value"] for r in rows}

        got = source.cached("figure_series", {"r": region, "i": iid}, load)
        out[iid] = {y: got.get(y) for y in years}
    return out


def data_years(source: DataSource) -> tuple[int, int, int] | None:
    """First and last filing year, and the default year: the latest complete one
    (``ipatlas.indicators.years.default_year``: patents to December and the statistics loaded)."""
    rule = year_rule(source)
    return (rule.first, rule.last, rule.default) if rule else None


def year_rule(source: DataSource) -> Any:
    from ipatlas.indicators.years import default_year

    def compute() -> Any:
        return default_year(source.cursor(), "patents_list", "statistics")

    return source.cached("year_rule", {}, compute)
