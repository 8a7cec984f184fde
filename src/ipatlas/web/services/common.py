"""Shared pieces of the page data functions: region filters, tables, cached lake reads."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import duckdb

from ipatlas.caching import SingleFlightLRU


def table(
    title: str, columns: list[tuple[str, str]], rows: list[dict[str, Any]], **extra: Any
) -> dict[str, Any]:
    """A data table as every chart carries it (downloadable as CSV/XLSX). ``empty=`` is what an
    empty table says instead of a bare "无数据": why it is empty, and what to do if anything."""
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

    def __init__(self, size: int = 2048) -> None:
        super().__init__(size)
