"""Shared pieces of the page data functions: region filters, tables, cached lake reads."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

import duckdb

from ipatlas.caching import SingleFlightLRU
from ipatlas.errors import InputError

NATION = "100000"


def is_group(code: str | None) -> bool:
    """Region groups (五大功能区, parks, …) have ids such as ``G:cq-core``."""
    return bool(code) and str(code).upper().startswith("G:")


def group_members(code: str) -> list[str]:
    """Today's county codes of a region group (``ipatlas.regions.groups``)."""
    try:
        from ipatlas.regions.groups import get_group
    except ImportError as exc:
        raise InputError(f"区域组不可用: {code}", field="region") from exc
    return list(get_group(None, code).members)


def region_level(code: str | None) -> str:
    """Level of a region: nation / province / city / county (6-digit adcode) or group."""
    if not code or code == NATION:
        return "nation"
    if is_group(code):
        return "group"
    if not (len(code) == 6 and code.isdigit()):
        raise InputError(f"区划代码应为 6 位数字: {code!r}", field="region")
    if code.endswith("0000"):
        return "province"
    if code.endswith("00"):
        return "city"
    return "county"


def region_where(
    code: str | None, *, counties: Sequence[str] | None = None, prefix: str = ""
) -> tuple[str, list[Any]]:
    """SQL condition (and parameters) selecting the records resolved to ``code`` or inside it.

    A region group passes its member ``counties`` instead of a code.
    """
    if counties is not None:
        if not counties:
            return "FALSE", []
        marks = ", ".join("?" for _ in counties)
        return f"{prefix}adcode IN ({marks})", list(counties)
    level = region_level(code)
    if level == "nation":
        return "TRUE", []
    if level == "group":
        return region_where(None, counties=group_members(str(code)), prefix=prefix)
    column = {"province": "province_code", "city": "city_code", "county": "adcode"}[level]
    return f"{prefix}{column} = ?", [code]


def year_bounds(year: int) -> tuple[dt.date, dt.date]:
    return dt.date(year, 1, 1), dt.date(year, 12, 31)


def table(
    title: str, columns: list[tuple[str, str]], rows: list[dict[str, Any]], **extra: Any
) -> dict[str, Any]:
    """A data table as every chart carries it (downloadable as CSV/XLSX)."""
    return {
        "title": title,
        "columns": [{"key": k, "label": lbl} for k, lbl in columns],
        "rows": rows,
        **extra,
    }


def fetch_dicts(cur: duckdb.DuckDBPyConnection, sql: str, params: Sequence[Any] = ()) -> list[dict[str, Any]]:
    cur.execute(sql, list(params))
    names = [d[0] for d in cur.description or []]
    return [dict(zip(names, row, strict=True)) for row in cur.fetchall()]


class ResultCache(SingleFlightLRU):
    """A small LRU of page data keyed by the lake and cube version: correct because data only
    change when an import commits a new manifest or the cube is recomputed. Concurrent requests
    for the same missing key compute it once (the others wait for it)."""

    def __init__(self, size: int = 512) -> None:
        super().__init__(size)
