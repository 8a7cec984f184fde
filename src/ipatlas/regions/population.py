"""Resident population from the 7th national census (2020) — the *fallback default* denominator.

Indicators such as 每万人口发明专利拥有量 should use the user's yearly statistics table when it has a
population figure for the region and year; only when it has none do they fall back to the census
figure from here, and must say so (source label :data:`SOURCE`, 2020年第七次全国人口普查).

Census rows are for 2020 units. They are mapped to today's units by the build script: merges are summed
(下城区 → 拱墅区, 吉利区 + 孟津县 → 孟津区); a county split after 2020 keeps the whole 2020 figure
on the continuing code and the split-off unit has none (临平区, 钱塘区 → ``None``); NBS statistical
zones that no longer exist count only toward their prefecture and province. Prefecture and province
figures are therefore sums over *all* census rows inside them and equal the census totals.
"""

from __future__ import annotations

import functools
from collections import defaultdict
from typing import Any

from ipatlas.regions._data import read_table
from ipatlas.regions.registry import get_registry

SOURCE = "census2020"
SOURCE_LABEL = "2020年第七次全国人口普查（缺省人口，未提供年度统计数据时使用）"


@functools.cache
def _totals() -> dict[str, int]:
    totals: dict[str, int] = defaultdict(int)
    for row in read_table("population2020"):
        if not row["population"]:
            continue  # 金门县: no census figure
        pop = int(row["population"])
        if row["code"]:
            totals[row["code"]] += pop
        if row["city_code"] and row["city_code"] != row["code"]:
            totals[row["city_code"]] += pop
        if row["province_code"] != row["city_code"]:
            totals[row["province_code"]] += pop
    return dict(totals)


def census_population(code: str) -> int | None:
    """2020 census resident population of a county, prefecture or province (historical codes accepted).

    ``None`` when the census has no figure for today's unit (金门县, units created after 2020).
    """
    region = get_registry().get(code)
    return _totals().get(region.code)


def population_table() -> Any:
    """A pandas DataFrame: code, level, population, source — every current unit with a census figure."""
    import pandas as pd

    totals = _totals()
    rows = [
        {"code": r.code, "level": r.level, "population": totals[r.code], "source": SOURCE}
        for r in get_registry().all()
        if r.code in totals
    ]
    return pd.DataFrame(rows, columns=["code", "level", "population", "source"]).astype(
        {"population": "int64"}
    )


def census_rows() -> list[dict[str, Any]]:
    """The census rows as transcribed (census_code, name, population) with the unit each maps to."""
    return [
        {
            "census_code": r["census_code"],
            "name": r["name"],
            "population": int(r["population"]) if r["population"] else None,
            "code": r["code"] or None,
            "city_code": r["city_code"],
            "province_code": r["province_code"],
        }
        for r in read_table("population2020")
    ]
