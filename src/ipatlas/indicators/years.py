"""Which years have complete data, and the default year of every page and report.

The rule (data, shown to the user as ``DefaultYear.rule``): the default year is the latest year Y in
which (1) the patent records run to the end of the year (the latest filing date is on or after 1
December of Y: an export taken during a year leaves it incomplete) and (2) every statistic of the
indicator catalogue that the statistics table holds at all (non-optional ones, e.g. 年末常住人口,
市场主体户数) has a value for Y for at least ``COVERAGE`` of the regions that report it in its best
year. Population has a census fallback and so never blocks a year. A later year can still be
chosen; pages then say what it lacks (``DefaultYear.notes``).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

COVERAGE = 0.9
RULE = (
    "默认年份取数据完整的最近一年：专利记录覆盖至该年 12 月，且指标所用的统计数据（{stats}）"
    "在该年均已载入（覆盖不少于 {pct}% 的地区）。较晚的年份仍可选择，页面会注明缺少的数据。"
)


@dataclass(frozen=True)
class DefaultYear:
    first: int
    last: int
    default: int
    rule: str
    # year → what that year lacks, in Chinese (only for incomplete years)
    notes: dict[int, str] = field(default_factory=dict)

    def note(self, year: int | None) -> str | None:
        return self.notes.get(year) if year is not None else None

    def to_dict(self) -> dict[str, Any]:
        return {
            "first": self.first,
            "last": self.last,
            "default": self.default,
            "rule": self.rule,
            "notes": {str(k): v for k, v in self.notes.items()},
        }


def default_year(
    con: Any, patents_view: str = "patents", statistics_view: str = "statistics"
) -> DefaultYear | None:
    """The rule over a DuckDB connection holding the lake views. None when there are no patents."""
    from ipatlas.indicators.catalog import load_catalog

    row = con.execute(f"SELECT min(filing_date), max(filing_date) FROM {patents_view}").fetchone()
    if not row or row[0] is None:
        return None
    first, last = row[0], row[1]
    patent_complete = last.year if (last.month, last.day) >= (12, 1) else last.year - 1
    stats = {
        s.variable: s.name for s in load_catalog().statistics.values() if not s.optional and not s.fallback
    }
    try:
        rows = con.execute(
            f"SELECT variable, year, count(DISTINCT region_code) FROM {statistics_view}"
            " WHERE value IS NOT NULL GROUP BY 1, 2 ORDER BY 1, 2"  # one wording, whatever the plan
        ).fetchall()
    except Exception:  # no statistics table: patents decide alone
        rows = []
    coverage: dict[str, dict[int, int]] = {}
    for variable, year, n in rows:
        if variable in stats:
            coverage.setdefault(str(variable), {})[int(year)] = int(n)
    notes: dict[int, str] = {}
    default = None
    for y in range(last.year, first.year - 1, -1):
        lacks = []
        if y > patent_complete:
            lacks.append(f"专利记录只到 {last.month} 月 {last.day} 日")
        missing = [
            stats[v]
            for v, by_year in coverage.items()
            if by_year.get(y, 0) < COVERAGE * max(by_year.values())
        ]
        if missing:
            lacks.append("缺少统计数据：" + "、".join(missing))
        if lacks:
            notes[y] = f"{y} 年数据不完整（" + "；".join(lacks) + "），相关指标显示为“—”或偏低"
        elif default is None:
            default = y
    if default is None:
        default = max(first.year, patent_complete)
    names = "、".join(stats[v] for v in coverage) or "无"
    return DefaultYear(
        first.year,
        last.year,
        default,
        RULE.format(stats=names, pct=round(COVERAGE * 100)),
        {y: n for y, n in notes.items() if y >= default},
    )
