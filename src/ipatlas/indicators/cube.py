"""Materialise, store and read the region × industry × year indicator cube.

Storage (``<data_dir>/indicators/cube``)::

    CURRENT                      {"version": "c20261121-101500-ab12cd"}   (swapped atomically)
    c20261121-101500-ab12cd/
        cube.parquet             long table, see engine.CUBE_SCHEMA, sorted by region/year/industry
        regions.parquet          level, code, parent_level, parent_code, name
        industries.parquet       id, scheme, name
        maps/<scheme>.parquet    the IPC → industry tables used (for the record drill-down)
        summary.json             CubeSummary

Readers (:func:`show`, :func:`series`, :func:`ranking`, :func:`records`) only read these files
(and, for records, the lake), so web pages and reports never recompute the cube.
"""

from __future__ import annotations

import copy
import datetime as dt
import json
import os
import shutil
import threading
import time
import uuid
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

import duckdb
import ibis
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

from ipatlas import DEMO_LABEL
from ipatlas.caching import SingleFlightLRU
from ipatlas.config import Settings
from ipatlas.errors import IndicatorError, NotFoundError
from ipatlas.indicators import backends, compiled, concordance
from ipatlas.indicators.catalog import Catalog, Indicator, Measure, load_catalog
from ipatlas.indicators.engine import (
    CUBE_SCHEMA,
    LEVELS,
    Counting,
    EngineInputs,
    cube_expression,
    gi_facts,
    measure_predicate,
    patent_facts,
    records_predicate,
    records_unavailable,
    records_weight,
    region_predicate,
    trademark_facts,
)
from ipatlas.indicators.regionsrc import engine_regions, load_region_context
from ipatlas.progress import ProgressCallback, no_progress
from ipatlas.store.lake import Lake

KEEP_VERSIONS = 2
_LEVEL_RANK = {"province": 0, "city": 1, "county": 2, "group": 3}


class CubeNotComputed(NotFoundError):
    """No cube has been computed for this data directory yet."""


@dataclass
class CubeSummary:
    version: str
    path: str
    backend: str
    counting: list[str]
    years: list[int]
    regions: dict[str, int]
    industries: dict[str, int]
    unavailable_industries: dict[str, str]
    indicators: int
    rows: int
    seconds: float
    lake_seq: int
    computed_at: str
    records: dict[str, int]
    is_demo: bool
    warnings: list[str] = field(default_factory=list)
    # per counting method: where the compiled query plan came from (memory, disk or compiled)
    plans: list[str] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


def cube_root(settings: Settings) -> Path:
    return settings.data_dir / "indicators" / "cube"


def plan_dir(settings: Settings) -> Path:
    """Compiled query plans reused across processes (see :mod:`ipatlas.indicators.compiled`)."""
    return settings.data_dir / "cache" / "plans"


# ---------------------------------------------------------------------------------------------
# compute
# ---------------------------------------------------------------------------------------------
def _scalar(con: Any, expr: Any) -> Any:
    return con.execute(expr)


def _cube_regions(dim: pa.Table, cube: pa.Table) -> pa.Table:
    """The regions of the cube: registry rows for its codes, plus data codes the registry lacks."""
    pairs = (
        cube.select(["region_level", "region_code"]).group_by(["region_level", "region_code"]).aggregate([])
    )
    have = {(lv, c) for lv, c in zip(pairs.column(0).to_pylist(), pairs.column(1).to_pylist(), strict=True)}
    keys = list(zip(dim.column("level").to_pylist(), dim.column("code").to_pylist(), strict=True))
    mask = pa.array([k in have for k in keys])
    out = dim.filter(mask).drop_columns(["province"])
    extra = sorted(have - set(keys))
    if extra:
        out = pa.concat_tables(
            [
                out,
                pa.table(
                    {
                        "level": [e[0] for e in extra],
                        "code": [e[1] for e in extra],
                        "parent_level": pa.nulls(len(extra), pa.string()),
                        "parent_code": pa.nulls(len(extra), pa.string()),
                        "name": [e[1] for e in extra],
                    }
                ),
            ]
        )
    return out


def _profile(con: Any, tables: dict[str, Any], facts: dict[str, Any]) -> dict[str, Any]:
    """One aggregate query per table: year span, record counts, data-quality counts, demo flag."""
    p, t, g, st = tables["patents"], tables["trademarks"], tables["gi"], tables["statistics"]
    term = ["lapsed", "invalidated", "abandoned", "rejected", "expired"]
    dom = ((p.country == "CN") | (p.country.isnull() & p.province_code.notnull())).fill_null(False)
    pr = con.execute(
        p.aggregate(
            n=p.count(),
            f_lo=p.filing_date.year().min(),
            f_hi=p.filing_date.year().max(),
            g_hi=p.grant_date.year().max(),
            unattributed=(dom & p.province_code.isnull()).cast("int64").sum(),
            terminal_no_date=(p.legal_status.isin(term) & p.status_date.isnull() & p.grant_date.notnull())
            .fill_null(False)
            .cast("int64")
            .sum(),
            demo=p.is_demo.cast("int64").sum(),
        )
    ).iloc[0]
    tr = con.execute(
        t.aggregate(
            n=t.count(),
            lo=t.app_date.year().min(),
            hi=t.reg_date.year().max(),
            demo=t.is_demo.cast("int64").sum(),
        )
    ).iloc[0]
    gr = con.execute(
        g.aggregate(n=g.count(), lo=g.year.min(), hi=g.year.max(), demo=g.is_demo.cast("int64").sum())
    )
    gr = gr.iloc[0]
    sr = con.execute(st.aggregate(n=st.count(), demo=st.is_demo.cast("int64").sum())).iloc[0]

    fr = {
        name: con.execute(f.aggregate(n=f.count(), demo=f.is_demo.cast("int64").sum())).iloc[0]
        for name, f in facts.items()
    }

    def num(v: Any) -> int | None:
        return None if v is None or v != v else int(v)

    lo = [v for v in (num(pr.f_lo), num(tr.lo), num(gr.lo)) if v is not None]
    hi = [v for v in (num(pr.f_hi), num(pr.g_hi), num(tr.hi), num(gr.hi)) if v is not None]
    return {
        "years": (min(lo), min(max(hi), dt.date.today().year)) if lo and hi else None,
        "records": {
            "patents": num(pr.n) or 0,
            "patents_unattributed": num(pr.unattributed) or 0,
            "patents_terminal_without_date": num(pr.terminal_no_date) or 0,
            "trademarks": num(tr.n) or 0,
            "gi": num(gr.n) or 0,
            "statistics": num(sr.n) or 0,
            **{name: num(x.n) or 0 for name, x in fr.items()},
        },
        "is_demo": any((num(x.demo) or 0) > 0 for x in (pr, tr, gr, sr, *fr.values())),
    }


def _distinct_ipcs(con: Any, patents: Any, all_ipcs: bool) -> list[str]:
    if all_ipcs:
        e = patents.select("ipcs").unnest("ipcs").distinct()
        col = con.execute(e)["ipcs"]
    else:
        col = con.execute(patents.select("ipc_main").distinct())["ipc_main"]
    vals = [v for v in col if isinstance(v, str)]
    main = [v for v in con.execute(patents.select("ipc_main").distinct())["ipc_main"] if isinstance(v, str)]
    return sorted(set(vals) | set(main))


def _resolve_schemes(settings: Settings, industries: Any) -> tuple[list[str], dict[str, str]]:
    status = concordance.available_schemes(settings)
    if industries is None:
        chosen = [s for s, why in status.items() if why is None]
        return chosen, {s: why for s, why in status.items() if why}
    wanted = [industries] if isinstance(industries, str) else list(industries)
    wanted = [w for w in wanted if w not in ("ALL", "all", "")]
    for w in wanted:
        if w not in concordance.SCHEMES:
            raise IndicatorError(f"未知产业分类 {w!r}；可选 {', '.join(concordance.SCHEMES)}", industries=w)
        if status.get(w):
            raise IndicatorError(f"产业分类 {w} 不可用：{status[w]}", industries=w)
    return wanted, {}


def _compute(
    settings: Settings,
    *,
    years: list[int] | range | None = None,
    industries: list[str] | str | None = None,
    counting: Counting | str | list[Counting | str] | None = None,
    backend: str = "duckdb",
    progress: ProgressCallback | None = None,
    indicators: list[str] | None = None,
    spark: Any = None,
    levels: tuple[str, ...] = LEVELS,
    profile: bool = True,
    catalog: Catalog | None = None,
) -> tuple[CubeSummary, pa.Table, pa.Table, pa.Table, dict[str, pa.Table], pa.Table | None]:
    """Compute the whole catalogue for region × industry × year and store it as the current cube.

    ``industries``: None = WIPO fields plus every imported concordance; a list of scheme ids
    (``wipo``, ``sei``, ``nic``, ``ipi``); ``[]`` = only 'ALL'. ``counting``: one method or a list
    (each stored side by side, named in the ``counting`` column). ``backend``: ``duckdb`` or
    ``pyspark`` (local mode by default; same expressions). ``catalog``: another catalogue than
    the packaged one (a domain package trying its entries; tests).
    """
    report = progress or no_progress
    t0 = time.perf_counter()
    catalog = catalog or load_catalog()
    countings = [Counting.parse(c) for c in (counting if isinstance(counting, list) else [counting])]
    lake = Lake(settings.lake_dir)
    manifest = lake.manifest()
    steps = 5 + len(countings)
    report(0, steps, "读取资源库")
    con: Any = None

    def query_con() -> Any:
        # opened only for queries outside a compiled plan (data profile, IPC list) or for Spark
        nonlocal con
        if con is None:
            duck = backend == "duckdb"
            con = backends.duckdb_lake(lake) if duck else backends.connect(backend, spark=spark)
        return con

    fact_names = sorted({m.table for m in catalog.measures.values() if m.basis == "records"})
    if backend == "duckdb":
        tables = backends.lake_schema_tables()
        facts = backends.lake_fact_tables(lake, fact_names)
    else:
        tables = backends.spark_tables(query_con(), lake, fact_names)
        facts = {t: tables.pop(t) for t in fact_names if t in tables}
    prof = _profile(query_con(), tables, facts) if years is None or profile else None
    if years is not None:
        year_list = sorted(set(years))
    elif prof is None or prof["years"] is None:
        raise IndicatorError("资源库中没有可计算的记录：请先导入专利、商标或地理标志数据（ipatlas ingest …）")
    else:
        year_list = list(range(prof["years"][0], prof["years"][1] + 1))
    if not year_list:
        raise IndicatorError("年份范围为空")
    report(1, steps, "地区与人口")
    regions = engine_regions(settings)
    ctx, dim = regions.context, regions.dim
    report(2, steps, "产业对照")
    schemes, unavailable = _resolve_schemes(settings, industries)
    need_all = (
        any(c.ipc != "first" for c in countings) or concordance.concordance_info(settings, "sei") is not None
    )
    sei_loaded = concordance.concordance_info(settings, "sei") is not None
    wants_ipcs = bool(schemes) or sei_loaded
    ipcs = []
    if lake.rows("patents") and wants_ipcs:
        ipcs = _distinct_ipcs(query_con(), tables["patents"], need_all)
    maps = concordance.build_maps(settings, schemes, ipcs)
    sei = concordance.sei_map(settings, ipcs)
    enterprises = concordance.enterprise_keys(settings)
    report(3, steps, "计算指标")
    results = []
    plans: list[str] = []
    for i, cnt in enumerate(countings):
        inp = EngineInputs(
            patents=tables["patents"],
            trademarks=tables["trademarks"],
            gi=tables["gi"],
            statistics=tables["statistics"],
            years=year_list,
            region_dim=dim,
            members=regions.members,
            census=regions.census,
            groups=regions.groups,
            maps=maps.maps,
            sei=sei,
            enterprises=enterprises,
            catalog=catalog,
            counting=cnt,
            indicator_ids=indicators,
            levels=levels,
            unavailable_schemes={**unavailable, **maps.unavailable},
            facts=facts,
        )
        if backend == "duckdb":
            long, origin = compiled.compute_long(inp, lake, plan_dir(settings))
            results.append(long)
            plans.append(origin)
        else:
            with backends.Materializer(query_con()) as keep:
                cx = cube_expression(inp, cache=keep)
                results.append(cx.to_long(query_con().to_pyarrow(cx.wide)))
                plans.append("compiled")
        report(4 + i, steps, f"计算指标（{cnt.label}）")
    cube = pa.concat_tables([r.cast(CUBE_SCHEMA) for r in results]) if results else CUBE_SCHEMA.empty_table()
    cube = cube.sort_by([("region_code", "ascending"), ("year", "ascending"), ("industry", "ascending")])
    dim = _cube_regions(dim, cube)
    stats = prof["records"] if prof else {}
    is_demo = bool(prof and prof["is_demo"])
    industries_table = _industries_table(maps.names, cube)
    summary = CubeSummary(
        version=f"c{dt.datetime.now():%Y%m%d-%H%M%S}-{uuid.uuid4().hex[:6]}",
        path="",
        backend=backend,
        counting=[c.id for c in countings],
        years=year_list,
        regions={lvl: int(pc.sum(pc.equal(dim.column("level"), lvl)).as_py() or 0) for lvl in LEVELS},
        industries=_industry_counts(industries_table),
        unavailable_industries={**unavailable, **maps.unavailable},
        indicators=len(indicators) if indicators else len(catalog.indicators),
        rows=cube.num_rows,
        seconds=0.0,
        lake_seq=int(manifest.get("seq", 0)),
        computed_at=dt.datetime.now().isoformat(timespec="seconds"),
        records=stats,
        is_demo=is_demo,
        warnings=list(ctx.warnings),
        plans=plans,
    )
    if stats.get("patents_terminal_without_date"):
        summary.warnings.append(
            f"{stats['patents_terminal_without_date']} 件专利法律状态为终止类但缺少状态日期，未计入有效量"
        )
    if stats.get("patents_unattributed"):
        summary.warnings.append(
            f"{stats['patents_unattributed']} 件国内专利的地址无法解析到省级以上地区，未计入任何地区"
        )
    summary.seconds = round(time.perf_counter() - t0, 3)
    return summary, cube, dim, industries_table, maps.maps, sei


def compute_cube(
    settings: Settings,
    *,
    years: list[int] | range | None = None,
    industries: list[str] | str | None = None,
    counting: Counting | str | list[Counting | str] | None = None,
    backend: str = "duckdb",
    progress: ProgressCallback | None = None,
    indicators: list[str] | None = None,
    spark: Any = None,
    catalog: Catalog | None = None,
) -> CubeSummary:
    """Compute the whole catalogue for region × industry × year and store it as the current cube.

    ``industries``: None = WIPO fields plus every imported concordance; a list of scheme ids
    (``wipo``, ``sei``, ``nic``, ``ipi``); ``[]`` = only 'ALL'. ``counting``: one method or a list
    (each stored side by side, named in the ``counting`` column). ``backend``: ``duckdb`` or
    ``pyspark`` (local mode by default; same expressions). ``indicators``: a subset of ids.
    """
    t0 = time.perf_counter()
    summary, cube, dim, industries_table, maps, sei = _compute(
        settings,
        years=years,
        industries=industries,
        counting=counting,
        backend=backend,
        progress=progress,
        indicators=indicators,
        spark=spark,
        catalog=catalog,
    )
    summary.path = str(_store(settings, summary, cube, dim, industries_table, maps, sei))
    summary.seconds = round(time.perf_counter() - t0, 3)
    (Path(summary.path) / "summary.json").write_text(
        json.dumps(summary.to_dict(), ensure_ascii=False, indent=1), "utf-8"
    )
    (progress or no_progress)(1, 1, "完成")
    return summary


def compute_table(settings: Settings, **kwargs: Any) -> pa.Table:
    """Compute without storing; returns the long cube table (parity tests, benchmarks).

    With explicit ``years`` the data profile (record counts, demo flag) is skipped.
    """
    kwargs.setdefault("profile", False)
    return _compute(settings, **kwargs)[1]


def _industries_table(names: dict[str, str], cube: pa.Table) -> pa.Table:
    present = set(pc.unique(cube.column("industry")).to_pylist()) if cube.num_rows else set()
    ids = sorted(present | {"ALL"}, key=lambda x: (x != "ALL", x))
    return pa.table(
        {
            "id": ids,
            "scheme": [i.split(":")[0] if ":" in i else "ALL" for i in ids],
            "name": [names.get(i, i) for i in ids],
        }
    )


def _industry_counts(t: pa.Table) -> dict[str, int]:
    out: dict[str, int] = {}
    for s in t.column("scheme").to_pylist():
        out[s] = out.get(s, 0) + 1
    return out


def _store(
    settings: Settings,
    summary: CubeSummary,
    cube: pa.Table,
    dim: pa.Table,
    industries: pa.Table,
    maps: dict[str, pa.Table],
    sei: pa.Table | None,
) -> Path:
    root = cube_root(settings)
    root.mkdir(parents=True, exist_ok=True)
    tmp = root / f".tmp-{summary.version}"
    (tmp / "maps").mkdir(parents=True, exist_ok=True)
    # two sort orders of the same rows, small row groups: a region's page (show/series) and an
    # indicator's map/ranking (all regions, one year) each read only a few row groups
    pq.write_table(cube, tmp / "cube.parquet", compression="zstd", row_group_size=16384)
    by_ind = cube.sort_by(
        [
            ("indicator", "ascending"),
            ("year", "ascending"),
            ("region_level", "ascending"),
            ("industry", "ascending"),
        ]
    )
    pq.write_table(by_ind, tmp / "cube_by_indicator.parquet", compression="zstd", row_group_size=16384)
    pq.write_table(dim, tmp / "regions.parquet")
    pq.write_table(industries, tmp / "industries.parquet")
    for scheme, m in maps.items():
        pq.write_table(m, tmp / "maps" / f"{scheme}.parquet")
    if sei is not None:
        pq.write_table(sei, tmp / "maps" / "_sei_flag.parquet")
    final = root / summary.version
    os.replace(tmp, final)
    ptr = root / f".CURRENT.{summary.version}"
    ptr.write_text(json.dumps({"version": summary.version}), "utf-8")
    os.replace(ptr, root / "CURRENT")  # the commit point
    _gc(root, summary.version)
    return final


def _gc(root: Path, current: str) -> None:
    versions = sorted(p for p in root.iterdir() if p.is_dir() and p.name.startswith("c"))
    for old in versions[:-KEEP_VERSIONS]:
        if old.name != current:
            shutil.rmtree(old, ignore_errors=True)


# ---------------------------------------------------------------------------------------------
# read
# ---------------------------------------------------------------------------------------------
def current_dir(settings: Settings) -> Path:
    ptr = cube_root(settings) / "CURRENT"
    if not ptr.is_file():
        raise CubeNotComputed("指标尚未计算：请先运行 `ipatlas indicators compute`")
    version = json.loads(ptr.read_text("utf-8"))["version"]
    d = cube_root(settings) / version
    if not (d / "cube.parquet").is_file():
        raise CubeNotComputed(f"指标数据 {version} 不完整：请重新运行 `ipatlas indicators compute`")
    return d


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
    return min(levels, key=lambda lv: _LEVEL_RANK.get(lv, 9))


def industries(settings: Settings) -> list[dict[str, Any]]:
    """Industries of the current cube: [{id, scheme, name}] ('ALL' first)."""
    t = pq.read_table(current_dir(settings) / "industries.parquet")
    return t.to_pylist()


def normalize_region(settings: Settings, region: str) -> str:
    """Accept '50', '5001', historical codes (→ today's unit) and group ids."""
    code = str(region).strip()
    if code.upper().startswith("G:"):
        return code
    try:
        from ipatlas.regions.registry import get_registry, normalize_code

        code = normalize_code(code)
        reg = get_registry()
        if code in reg:
            return reg.get(code).code
        return code
    except (ImportError, NotFoundError):
        return code


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
    for r in sorted(rows, key=lambda r: _LEVEL_RANK.get(r["region_level"], 9), reverse=True):
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


# ---------------------------------------------------------------------------------------------
# drill-down
# ---------------------------------------------------------------------------------------------
@dataclass
class RecordPage:
    indicator: str
    measure: str | None
    table: str | None
    region: str
    region_level: str
    year: int
    industry: str
    counting: str
    total: int
    weight_total: float
    offset: int
    limit: int | None
    items: list[dict[str, Any]]
    note: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


PATENT_COLUMNS = [
    "app_no", "title", "kind", "filing_date", "grant_date", "legal_status", "status_date", "first_applicant",
    "applicant_type", "address", "ipc_main", "pct_app_no", "family_countries", "pledged", "awarded",
    "adcode", "city_code", "province_code", "is_demo", "import_id", "source_row",
]  # fmt: skip
TRADEMARK_COLUMNS = [
    "reg_no", "nice_class", "mark_name", "owner", "app_date", "reg_date", "expiry_date", "status", "tm_type",
    "is_gi", "adcode", "city_code", "province_code", "is_demo", "import_id", "source_row",
]  # fmt: skip
GI_COLUMNS = [
    "gi_id", "product_name", "gi_kind", "year", "province", "city", "adcode", "city_code", "province_code",
    "is_demo", "import_id", "source_row",
]  # fmt: skip


def records(
    settings: Settings,
    region: str,
    year: int,
    indicator_id: str,
    *,
    industry: str | None = None,
    counting: Counting | str | None = None,
    limit: int | None = 50,
    offset: int = 0,
    measure: str | None = None,
    catalog: Catalog | None = None,
) -> RecordPage:
    """The records behind a figure (its numerator), with their lineage (import, source row).

    ``weight_total`` equals the cube's numerator (for fractional counting, the sum of weights).
    For growth indicators the records are this year's numerator; for concentration indicators,
    the year's applications. ``measure`` picks another measure of the indicator (e.g. a
    denominator that is a count, such as ``app_total`` for a share).
    """
    cat = catalog or load_catalog()
    ind = cat.get(indicator_id)
    code = normalize_region(settings, region)
    d = current_dir(settings)
    info = cube_info(settings)
    cnt = Counting.parse(counting)
    level = region_level(settings, code)
    industry = industry or "ALL"
    mids = [measure] if measure else cat.numerator_measures(ind)
    if measure and measure not in cat.measures:
        raise NotFoundError(f"未知计数 {measure!r}", measure=measure)
    page = RecordPage(
        indicator_id, None, None, code, level, int(year), industry, cnt.id, 0, 0.0, offset, limit, []
    )
    if not mids:
        page.note = "该指标的分子来自统计数据表，没有对应的专利、商标记录"
        return page
    m = cat.measures[mids[-1] if ind.type != "concentration" else mids[0]]
    page.measure, page.table = m.id, m.table
    if industry != "ALL" and m.table != "patents":
        raise NotFoundError("只有专利类指标有产业维度", industry=industry)
    lake = Lake(settings.lake_dir)
    groups = (
        load_region_context(settings).group_members()
        if level == "group"
        else pa.table({"gid": pa.array([], pa.string()), "county": pa.array([], pa.string())})
    )
    if m.basis == "records":
        _fact_records(page, lake, m, code, groups, limit, offset)
        if info.get("is_demo") and page.note is None:
            page.note = DEMO_LABEL
        return page
    con = backends.duckdb_lake(lake)
    try:
        tables = backends.lake_schema_tables()
        sei_path = d / "maps" / "_sei_flag.parquet"
        inp = EngineInputs(
            patents=tables["patents"],
            trademarks=tables["trademarks"],
            gi=tables["gi"],
            statistics=tables["statistics"],
            years=[int(year)],
            region_dim=regions_table(settings),
            members=pa.table({"level": [], "code": [], "county": []}),
            census=pa.table({"level": [], "code": [], "census_pop": pa.array([], pa.float64())}),
            groups=groups,
            maps={},
            sei=pq.read_table(sei_path) if sei_path.is_file() else None,
            enterprises=concordance.enterprise_keys(settings),
            catalog=cat,
            counting=cnt,
        )
        if m.table == "patents":
            f = patent_facts(inp)
            key, raw, cols = "app_no", tables["patents"], PATENT_COLUMNS
        elif m.table == "trademarks":
            f = trademark_facts(inp)
            key, raw, cols = "key", tables["trademarks"], TRADEMARK_COLUMNS
            raw = raw.mutate(key=raw.reg_no + "/" + raw.nice_class.cast("string"))
        else:
            f = gi_facts(inp)
            key, raw, cols = "key", tables["gi"], GI_COLUMNS
            raw = raw.mutate(key=raw.gi_id)
        sel = f.filter(region_predicate(f, level, code, groups) & measure_predicate(f, m, int(year)))
        if industry != "ALL":
            scheme = industry.split(":")[0]
            mp = d / "maps" / f"{scheme}.parquet"
            if not mp.is_file():
                raise NotFoundError(f"指标数据中没有产业分类 {scheme}", industry=industry)
            from ipatlas.indicators.engine import bridge

            b = bridge(f, pq.read_table(mp), cnt)
            b = b.filter(b.industry == industry).rename(b_app="app_no", weight="w").drop("industry")
            sel = sel.join(b, sel.app_no == b.b_app).drop("b_app")
        else:
            sel = sel.mutate(weight=ibis.literal(1.0))
        keyed = sel.select(k_key=sel[key], weight=sel.weight)
        total = con.execute(keyed.count())
        wsum = con.execute(keyed.weight.sum()) if total else 0.0
        joined = keyed.join(raw, keyed.k_key == raw[key]).select(*cols, "weight")
        joined = joined.order_by(cols[0])
        if limit is not None:
            joined = joined.limit(limit, offset=offset)
        elif offset:
            joined = joined.limit(None, offset=offset)
        items = con.to_pyarrow(joined).to_pylist()
    finally:
        con.disconnect()
    page.total = int(total)
    page.weight_total = float(wsum or 0.0)
    page.items = items
    if info.get("is_demo"):
        page.note = DEMO_LABEL
    return page


def _fact_records(
    page: RecordPage,
    lake: Lake,
    m: Measure,
    code: str,
    groups: pa.Table,
    limit: int | None,
    offset: int,
) -> None:
    """Fill ``page`` with the fact-table records of a ``records`` measure (every column of the
    table, plus ``weight``); an absent table or column leaves the page empty with the reason."""
    facts = backends.lake_fact_tables(lake, [m.table])
    why = records_unavailable(facts.get(m.table), m)
    if why:
        page.note = why
        return
    con = backends.duckdb_lake(lake)
    try:
        t = facts[m.table]
        where = region_predicate(t, page.region_level, code, groups) & records_predicate(t, m, page.year)
        sel = t.filter(where)
        sel = sel.mutate(weight=records_weight(sel, m))
        total = con.execute(sel.count())
        wsum = con.execute(sel.weight.sum()) if total else 0.0
        rows = sel.order_by("record_id")
        if limit is not None:
            rows = rows.limit(limit, offset=offset)
        elif offset:
            rows = rows.limit(None, offset=offset)
        page.items = con.to_pyarrow(rows).to_pylist()
    finally:
        con.disconnect()
    page.total = int(total)
    page.weight_total = float(wsum or 0.0)
