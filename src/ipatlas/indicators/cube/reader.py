"""Read the current cube: one cached reader per version (summary, regions, row-group index, rows of
recent regions) for pages (:func:`show`, :func:`series`), one DuckDB connection per version for
rankings and slices (:func:`ranking`, :func:`cube_slice`)."""

from __future__ import annotations

import copy
import json
import threading
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import duckdb
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

from ipatlas import DEMO_LABEL
from ipatlas.caching import SingleFlightLRU
from ipatlas.config import Settings
from ipatlas.errors import NotFoundError
from ipatlas.indicators import concordance
from ipatlas.indicators.catalog import Catalog, Indicator, load_catalog
from ipatlas.indicators.cube.storage import current_dir
from ipatlas.indicators.engine import (
    LEVELS,
    Counting,
)
from ipatlas.regions.hierarchy import LEVEL_RANK, is_group
from ipatlas.regions.registry import get_registry, normalize_code
from ipatlas.store.lake import Lake


def cube_info(settings: Settings) -> dict[str, Any]:
    """The summary of the current cube, with ``stale`` = the lake changed since it was computed."""
    reader = _reader(settings)
    return {**copy.deepcopy(reader.summary), "stale": _stale(settings, reader)}


def _stale(settings: Settings, reader: _CubeReader) -> bool:
    return int(Lake(settings.lake_dir).manifest().get("seq", 0)) != reader.summary.get("lake_seq")


# The per-request readers (show, series, region lookups) are served by one _CubeReader per cube
# version: the summary, the region and industry tables, the row-group bounds of ``cube.parquet``
# and the rows of recently asked (region, industry, counting) triples are read once, not on every
# call. A version directory is never changed after it is written; a recompute writes a new one
# (and CURRENT points to it), so the key (directory, file identity) sees every new version.
READ_CACHE_BYTES = 64 << 20


class _CubeReader:
    def __init__(self, d: Path) -> None:
        self.dir = d
        self.path = d / "cube.parquet"
        self.summary: dict[str, Any] = json.loads((d / "summary.json").read_text("utf-8"))
        with pq.ParquetFile(self.path) as pf:
            self.metadata = pf.metadata
            names = pf.schema_arrow.names
        self.regions = pq.read_table(d / "regions.parquet")
        ind = pq.read_table(d / "industries.parquet", columns=["id"])
        self.industry_ids = frozenset(ind.column("id").to_pylist())
        self.levels: dict[str, list[str]] = {}
        for lv, code in zip(
            self.regions.column("level").to_pylist(), self.regions.column("code").to_pylist(), strict=True
        ):
            self.levels.setdefault(code, []).append(lv)
        # Row groups by region code (min/max statistics); None = no statistics, always read.
        ci = names.index("region_code")
        self.bounds: list[tuple[str, str] | None] = []
        for i in range(self.metadata.num_row_groups):
            st = self.metadata.row_group(i).column(ci).statistics
            ok = st is not None and st.has_min_max
            self.bounds.append((str(st.min), str(st.max)) if ok else None)  # type: ignore[union-attr]
        # concurrent requests for the same region read the file once
        self._rows = SingleFlightLRU(READ_CACHE_BYTES, weigh=lambda t: int(t.nbytes))

    def rows(self, code: str, industry: str, counting: str) -> pa.Table:
        """Every year's rows of one region code (all its levels), industry and counting method."""
        table: pa.Table = self._rows.get_or_compute(
            (code, industry, counting), lambda: self._read(code, industry, counting)
        )
        return table

    def _read(self, code: str, industry: str, counting: str) -> pa.Table:
        groups = [i for i, b in enumerate(self.bounds) if b is None or b[0] <= code <= b[1]]
        if not groups:
            return self.metadata.schema.to_arrow_schema().empty_table()
        with pq.ParquetFile(self.path, metadata=self.metadata) as pf:
            t = pf.read_row_groups(groups, use_threads=False)
        keep = pc.and_(
            pc.and_(pc.equal(t["region_code"], code), pc.equal(t["industry"], industry)),
            pc.equal(t["counting"], counting),
        )
        # filter copies the matching rows: the row groups read are not kept alive by the cache
        return t.filter(keep).combine_chunks()

    def year_rows(self, code: str, year: int, industry: str, counting: str) -> list[dict[str, Any]]:
        t = self.rows(code, industry, counting)
        return t.filter(pc.equal(t["year"], year)).to_pylist()


_READERS: dict[Path, tuple[tuple[int, int, int], _CubeReader]] = {}
_READERS_LOCK = threading.Lock()


def _reader(settings: Settings) -> _CubeReader:
    d = current_dir(settings).resolve()
    st = (d / "cube.parquet").stat()
    ident = (st.st_ino, st.st_mtime_ns, st.st_size)
    with _READERS_LOCK:
        hit = _READERS.get(d)
        if hit is not None and hit[0] == ident:
            return hit[1]
    reader = _CubeReader(d)  # outside the lock: a first read of a big cube must not stall others
    with _READERS_LOCK:
        for old in [k for k in _READERS if k.parent == d.parent and k != d]:
            del _READERS[old]  # an older version of the same cube
        _READERS[d] = (ident, reader)
    return reader


# One DuckDB connection per cube version, its views created once: a cube directory is never
# changed after it is written, so the connection (and DuckDB's Parquet metadata cache) stays valid.
# Each query runs on its own cursor, which is safe across the web server's threads.
_CONNECTIONS: dict[Path, duckdb.DuckDBPyConnection] = {}
_CONNECTIONS_LOCK = threading.Lock()


def _cube_connection(d: Path) -> duckdb.DuckDBPyConnection:
    with _CONNECTIONS_LOCK:
        con = _CONNECTIONS.get(d)
        if con is None:
            for stale in [k for k in _CONNECTIONS if k.parent == d.parent]:
                # An older version of the same cube: drop it; cursors still running keep it alive.
                del _CONNECTIONS[stale]
            con = duckdb.connect()
            files = {
                "cube": d / "cube.parquet",
                "cube_i": d / "cube_by_indicator.parquet",
                "regions": d / "regions.parquet",
            }
            for view, path in files.items():
                src = path if path.exists() else files["cube"]
                con.execute(f"CREATE VIEW {view} AS SELECT * FROM read_parquet('{src}')")
            _CONNECTIONS[d] = con
        return con


def _query(settings: Settings, sql: str, params: list[Any]) -> list[dict[str, Any]]:
    """Run ``sql`` over the current cube files (views ``cube``, ``cube_i`` = by indicator, ``regions``)."""
    cur = _cube_connection(current_dir(settings).resolve()).cursor()
    try:
        cur.execute(sql, params)
        cols = [c[0] for c in cur.description or []]
        return [dict(zip(cols, row, strict=True)) for row in cur.fetchall()]
    finally:
        cur.close()


def cube_slice(
    settings: Settings,
    *,
    regions: Sequence[str],
    indicators: Sequence[str],
    years: Sequence[int] | None = None,
    industries: Sequence[str] | None = ("ALL",),
    scheme: str | None = None,
    counting: Counting | str | None = None,
) -> list[dict[str, Any]]:
    """Rows of the current cube (region_code, region_level, industry, indicator, year, value,
    numerator, denominator, reason) for the given regions and indicators; ``years`` None = all;
    ``industries`` a list of ids, or ``scheme`` (``wipo``, ``nic``, …) for all of its industries.

    The one way evaluate and reports read many cube values at once (one query, parameters only)."""
    for iid in indicators:
        load_catalog().get(iid)  # unknown ids fail with the catalogue's message
    where = ["counting = ?", "region_code IN (SELECT unnest(?))", "indicator IN (SELECT unnest(?))"]
    params: list[Any] = [_counting_id(counting), list(regions), list(indicators)]
    if years is not None:
        where.append("year IN (SELECT unnest(?))")
        params.append([int(y) for y in years])
    if scheme is not None:
        where.append("starts_with(industry, ?)")
        params.append(f"{scheme}:")
    elif industries is not None:
        where.append("industry IN (SELECT unnest(?))")
        params.append(list(industries))
    return _query(
        settings,
        "SELECT region_code, region_level, industry, indicator, year, value, numerator, denominator, reason "
        "FROM cube_i WHERE " + " AND ".join(where),
        params,
    )


def regions_table(settings: Settings) -> pa.Table:
    """The regions of the current cube (level, code, parent_level, parent_code, name)."""
    return _reader(settings).regions


def region_level(settings: Settings, code: str) -> str:
    """The level of a region of the cube (the higher one if a code appears at two levels)."""
    return _level_of(_reader(settings), code)


def _level_of(reader: _CubeReader, code: str) -> str:
    levels = reader.levels.get(code)
    if not levels:
        raise NotFoundError(f"地区 {code} 不在指标数据中（没有该地区或其上级的记录）", region=code)
    return min(levels, key=lambda lv: LEVEL_RANK.get(lv, 9))


def industries(settings: Settings) -> list[dict[str, Any]]:
    """Industries of the current cube: [{id, scheme, name}] ('ALL' first)."""
    t = pq.read_table(current_dir(settings) / "industries.parquet")
    return t.to_pylist()


def normalize_region(settings: Settings, region: str) -> str:
    """Accept '50', '5001', historical codes (→ today's unit) and group ids."""
    code = str(region).strip()
    if is_group(code):
        return code
    code = normalize_code(code)
    reg = get_registry()
    return reg.get(code).code if code in reg else code


def _counting_id(counting: Counting | str | None) -> str:
    return Counting.parse(counting).id


def _flags(ind: Indicator, row: dict[str, Any], cat: Catalog, info: dict[str, Any]) -> dict[str, Any]:
    flags: dict[str, Any] = {"counting": row.get("counting")}
    if ind.type == "growth":
        base = cat.indicators[str(ind.of)]
        den = base.denominator
    else:
        den = ind.denominator
    if row.get("den_source"):
        key = f"{den}_source" if den in cat.statistics else "denominator_source"
        flags[key] = (
            row["den_source"].split(":", 1)[0]
            if row["den_source"].startswith("statistics")
            else row["den_source"]
        )
        if row["den_source"].startswith("mixed"):
            flags[key] = "mixed"
        if den == "population" and "census2020" in row["den_source"]:
            flags["population_source"] = (
                "census2020_fallback" if row["den_source"] == "census2020_fallback" else "mixed"
            )
    if row.get("num_source"):
        flags["numerator_source"] = row["num_source"]
    if row.get("missing") is not None:
        missing = [m for m in str(row["missing"]).split(";") if m]
        if missing:
            flags["missing_criteria"] = missing
    if row.get("undetermined") is not None and row["undetermined"] > 0:
        flags["undetermined"] = row["undetermined"]
    if row.get("lower_bound"):
        flags["lower_bound"] = True
    if row.get("reason"):
        flags["reason"] = row["reason"]
    if row.get("zero_fill"):
        flags["no_records_in_industry"] = True
    if info.get("is_demo"):
        flags["demo"] = DEMO_LABEL
    if info.get("stale"):
        flags["stale"] = True
    return flags


def _present(ind: Indicator, row: dict[str, Any], cat: Catalog, info: dict[str, Any]) -> dict[str, Any]:
    value = row.get("value")
    display = None
    if value is not None:
        display = f"{value:,.{ind.decimals}f}"
    return {
        "id": ind.id,
        "name": ind.name,
        "name_en": ind.name_en,
        "category": ind.category,
        "value": value,
        "display": display,
        "unit": ind.unit,
        "decimals": ind.decimals,
        "numerator": row.get("numerator"),
        "denominator": row.get("denominator"),
        "reason": row.get("reason"),
        "definition": cat.definition(ind),
        "flags": _flags(ind, row, cat, info),
        "region": row.get("region_code"),
        "region_level": row.get("region_level"),
        "year": row.get("year"),
        "industry": row.get("industry"),
        "counting": row.get("counting"),
    }


def show(
    settings: Settings,
    region: str,
    year: int,
    industry: str | None = None,
    *,
    counting: Counting | str | None = None,
    ids: list[str] | None = None,
    catalog: Catalog | None = None,
) -> list[dict[str, Any]]:
    """Every catalogue indicator for one region and year (and industry; default 'ALL').

    Returns dicts with id, name, value, unit, numerator, denominator, definition, flags (plus
    name_en, category, display, decimals, reason, region, year, industry, counting).
    Raises NotFoundError when the region or year is not in the cube.
    """
    cat = catalog or load_catalog()
    reader = _reader(settings)
    info = {**reader.summary, "stale": _stale(settings, reader)}  # read only here: no copy
    code = normalize_region(settings, region)
    ind_id = industry or "ALL"
    cid = _counting_id(counting)
    if cid not in info["counting"]:
        raise NotFoundError(
            f"指标数据未按计数方法 {cid} 计算（已计算：{', '.join(info['counting'])}）", counting=cid
        )
    # One read per (region, industry, counting) serves every year: this year and last year of a
    # dashboard cost one file read, and the next visit none.
    rows = reader.year_rows(code, int(year), ind_id, cid)
    if not rows:
        _explain_missing(reader, code, int(year), ind_id)
        rows = _zero_fill(reader, cat, code, int(year), ind_id, cid)
    by_id: dict[str, dict[str, Any]] = {}
    for r in sorted(rows, key=lambda r: LEVEL_RANK.get(r["region_level"], 9), reverse=True):
        by_id[r["indicator"]] = r  # a code present at two levels: the higher level wins
    wanted = ids or [i.id for i in cat.ordered()]
    out = []
    for iid in wanted:
        ind = cat.get(iid)
        if iid in by_id:
            out.append(_present(ind, by_id[iid], cat, info))
    return out


def _explain_missing(reader: _CubeReader, code: str, year: int, industry: str) -> None:
    if code not in reader.levels:
        raise NotFoundError(f"地区 {code} 不在指标数据中（没有该地区或其上级的记录）", region=code)
    yrs = reader.summary["years"]
    if year not in yrs:
        raise NotFoundError(f"{year} 年不在指标数据中（可用年份 {yrs[0]}–{yrs[-1]}）", year=year)
    if industry not in reader.industry_ids and not any(
        industry.startswith(s + ":") for s in concordance.SCHEMES
    ):
        raise NotFoundError(
            f"未知产业 {industry}（用 ipatlas indicators industries 查看）", industry=industry
        )


def _zero_fill(
    reader: _CubeReader, cat: Catalog, code: str, year: int, industry: str, cid: str
) -> list[dict[str, Any]]:
    """Industry with no records in this region: counts are 0 (a fact), ratios follow from 0."""
    base = {r["indicator"]: r for r in reader.year_rows(code, year, "ALL", cid)}
    out = []
    for ind in cat.ordered():
        if not ind.industry or ind.id not in base:
            continue
        b = base[ind.id]
        row = {
            **b,
            "industry": industry,
            "zero_fill": True,
            "undetermined": None,
            "missing": None,
            "lower_bound": None,
            "num_source": None,
        }
        if ind.type == "count":
            row.update(value=0.0, numerator=0.0, reason=None)
        elif ind.type == "ratio":
            den = b["denominator"] if ind.denominator in cat.statistics else 0.0
            ok = den is not None and den > 0
            row.update(
                value=0.0 if ok else None,
                numerator=0.0,
                denominator=den,
                reason=None if ok else (b["reason"] if den is None else "分母为0，比值无意义"),
            )
        elif ind.type == "growth":
            row.update(value=None, numerator=0.0, denominator=0.0, reason="上年为0，增速无意义")
        else:
            row.update(value=0.0, numerator=0.0, denominator=None, reason=None)
        out.append(row)
    return out


def series(
    settings: Settings,
    region: str,
    indicator_id: str,
    industry: str | None = None,
    *,
    counting: Counting | str | None = None,
) -> list[dict[str, Any]]:
    """One indicator for one region over all years: [{year, value, numerator, denominator, reason, flags}]."""
    cat = load_catalog()
    ind = cat.get(indicator_id)
    reader = _reader(settings)
    info = {**reader.summary, "stale": _stale(settings, reader)}
    code = normalize_region(settings, region)
    level = _level_of(reader, code)
    t = reader.rows(code, industry or "ALL", _counting_id(counting))
    t = t.filter(pc.and_(pc.equal(t["region_level"], level), pc.equal(t["indicator"], indicator_id)))
    rows = t.sort_by("year").to_pylist()
    if not rows:
        _explain_missing(reader, code, info["years"][-1], industry or "ALL")
    return [
        {
            "year": r["year"],
            "value": r["value"],
            "numerator": r["numerator"],
            "denominator": r["denominator"],
            "reason": r["reason"],
            "flags": _flags(ind, r, cat, info),
        }
        for r in rows
    ]


def ranking(
    settings: Settings,
    level: str,
    parent: str | None,
    year: int,
    indicator_id: str,
    industry: str | None = None,
    *,
    counting: Counting | str | None = None,
    descending: bool = True,
) -> list[dict[str, Any]]:
    """Regions of ``level`` under ``parent`` (any ancestor; None = all) ranked by the indicator.

    Ties share a rank (1, 2, 2, 4); regions whose value is null come last with rank None.
    """
    cat = load_catalog()
    ind = cat.get(indicator_id)
    info = cube_info(settings)
    if level not in LEVELS:
        raise NotFoundError(f"未知层级 {level}（可选 {', '.join(LEVELS)}）", level=level)
    regions = regions_table(settings).to_pylist()
    parent_of = {r["code"]: r["parent_code"] for r in regions}
    names = {r["code"]: r["name"] for r in regions}
    pcode = normalize_region(settings, parent) if parent else None

    def under(code: str) -> bool:
        if pcode is None:
            return True
        seen = 0
        p = parent_of.get(code)
        while p is not None and seen < 5:
            if p == pcode:
                return True
            p = parent_of.get(p)
            seen += 1
        return False

    rows = _query(
        settings,
        "SELECT * FROM cube_i WHERE region_level = ? AND year = ? AND indicator = ? AND industry = ? "
        "AND counting = ?",
        [level, int(year), indicator_id, industry or "ALL", _counting_id(counting)],
    )
    rows = [r for r in rows if under(r["region_code"])]
    present = {r["region_code"] for r in rows}
    if industry and industry != "ALL":
        # regions with no record in this industry: count 0 (see _zero_fill)
        for r in regions:
            if r["level"] == level and under(r["code"]) and r["code"] not in present and ind.type == "count":
                rows.append(
                    {
                        "region_code": r["code"],
                        "value": 0.0,
                        "numerator": 0.0,
                        "denominator": None,
                        "reason": None,
                        "counting": _counting_id(counting),
                    }
                )
    valued = sorted((r for r in rows if r["value"] is not None), key=lambda r: r["value"], reverse=descending)
    out: list[dict[str, Any]] = []
    prev_value, prev_rank = None, 0
    for i, r in enumerate(valued, start=1):
        rank = prev_rank if r["value"] == prev_value else i
        prev_value, prev_rank = r["value"], rank
        out.append(_rank_row(rank, r, names, ind, cat, info))
    for r in sorted((r for r in rows if r["value"] is None), key=lambda r: r["region_code"]):
        out.append(_rank_row(None, r, names, ind, cat, info))
    return out


def _rank_row(
    rank: int | None,
    r: dict[str, Any],
    names: dict[str, str],
    ind: Indicator,
    cat: Catalog,
    info: dict[str, Any],
) -> dict[str, Any]:
    return {
        "rank": rank,
        "region_code": r["region_code"],
        "region_name": names.get(r["region_code"], r["region_code"]),
        "value": r["value"],
        "numerator": r["numerator"],
        "denominator": r["denominator"],
        "reason": r["reason"],
        "flags": _flags(ind, r, cat, info),
    }
