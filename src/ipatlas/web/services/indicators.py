"""The official indicators (``ipatlas.indicators``: catalogue and cube) for the pages.

Before the cube is computed (``ipatlas indicators compute``) the pages say so.
"""

from __future__ import annotations

from typing import Any

from ipatlas.errors import IpatlasError, NotFoundError
from ipatlas.indicators import catalog_listing, cube_info, load_catalog, ranking, records, show
from ipatlas.indicators import series as cube_series
from ipatlas.regions.hierarchy import NATION, group_counties, is_group
from ipatlas.web import display
from ipatlas.web.services.common import table
from ipatlas.web.services.regions import region_name
from ipatlas.web.services.source import DataSource


def cube(source: DataSource) -> dict[str, Any] | None:
    """The current cube's summary, or None when the cube is not there."""

    def compute() -> dict[str, Any] | None:
        try:
            return cube_info(source.settings)
        except (IpatlasError, OSError, ValueError):
            return None

    return source.cached("cube_info", {}, compute)  # type: ignore[no-any-return]


def catalogue(source: DataSource) -> list[dict[str, Any]]:
    """Short catalogue entries (id, name, unit, category, type)."""

    def compute() -> list[dict[str, Any]]:
        return list(catalog_listing(full=False)["indicators"])

    return source.cached("catalogue", {}, compute)  # type: ignore[no-any-return]


def catalogue_full(source: DataSource) -> dict[str, Any]:
    return source.cached("catalogue_full", {}, lambda: catalog_listing(full=True))  # type: ignore[no-any-return]


def map_measures(source: DataSource) -> list[dict[str, Any]]:
    """Catalogue indicators that can be mapped."""
    return [{"id": i["id"], "name": i["name"], "unit": i.get("unit") or ""} for i in catalogue(source)]


def by_region(source: DataSource, indicator: str, year: int, level: str, under: str | None) -> dict[str, Any]:
    """Values of ``indicator`` for every unit of ``level`` under ``under`` (cube ranking)."""

    def compute() -> dict[str, Any]:
        if is_group(under):
            # Groups are not ancestors in the cube: rank all counties, keep the members.
            members = set(group_counties(source.settings, str(under)))
            rows = [
                r
                for r in ranking(source.settings, level, None, year, indicator)
                if r["region_code"] in members
            ]
        else:
            parent = under if under not in (None, NATION) else None
            rows = ranking(source.settings, level, parent, year, indicator)
        return {r["region_code"]: r for r in rows}

    return source.cached("ind_by_region", {"i": indicator, "y": year, "l": level, "u": under}, compute)  # type: ignore[no-any-return]


def definition(source: DataSource, indicator: str) -> str:
    """The catalogue's definition of an indicator for a page caption: its name and which records
    count, in Chinese (the formula, in internal names, stays in the API's ``definition``)."""
    cat = load_catalog()
    i = cat.get(indicator)
    counts = display.catalog_plain(i.counts)
    return f"{i.name}（{i.unit}）：{counts}" if i.unit else f"{i.name}：{counts}"


def describe(source: DataSource, indicator: str) -> dict[str, Any]:
    for i in catalogue(source):
        if i["id"] == indicator:
            return i
    raise NotFoundError(f"未知指标: {indicator}")


def indicator_records(
    source: DataSource,
    region: str,
    year: int,
    indicator: str,
    page: int = 1,
    size: int = 50,
    where: dict[str, str] | None = None,
) -> dict[str, Any]:
    """The records behind one indicator value (the cube's drill-down), paginated; ``where`` narrows
    a fact-table indicator to one breakdown cell (e.g. kind × IP type)."""

    def compute() -> dict[str, Any]:
        rp = records(
            source.settings, region, year, indicator, limit=size, offset=(page - 1) * size, where=where
        )
        d = rp.to_dict()
        figure = next((r for r in show(source.settings, region, year, ids=[indicator])), None)
        ind = load_catalog().get(indicator)
        cols = list(d["items"][0].keys()) if d["items"] else []
        for item in d["items"]:  # the finest resolved unit, by name (a code is not for reading)
            code = item.get("adcode") or item.get("city_code") or item.get("province_code")
            item["region_name"] = region_name(source, code) if code else "未解析"
        return {
            **{k: v for k, v in d.items() if k != "items"},
            "figure": figure,
            # the Chinese definition (口径) is the text; the formula, in internal names, is code
            "counts": display.catalog_plain(ind.counts),
            "formula": ind.formula,
            "page": page,
            "size": size,
            "pages": max(1, -(-int(d["total"]) // size)),
            "is_demo": any(bool(r.get("is_demo")) for r in d["items"]),
            "tables": {"records": table(f"{indicator} 的明细记录", [(c, c) for c in cols], d["items"])},
        }

    params = {
        "r": region,
        "y": year,
        "i": indicator,
        "p": page,
        "s": size,
        "w": sorted((where or {}).items()),
    }
    return source.cached("ind_records", params, compute)  # type: ignore[no-any-return]


def series(source: DataSource, region: str, indicator: str) -> list[dict[str, Any]]:
    return source.cached(  # type: ignore[no-any-return]
        "ind_series", {"r": region, "i": indicator}, lambda: cube_series(source.settings, region, indicator)
    )
