"""Compute the cube: read the lake's profile, the regions and the concordances, run the engine
(DuckDB through a compiled query plan, or PySpark), store the result as a new version."""

from __future__ import annotations

import datetime as dt
import json
import time
import uuid
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.compute as pc

from ipatlas.config import Settings
from ipatlas.errors import IndicatorError
from ipatlas.indicators import backends, concordance, query_plan
from ipatlas.indicators.catalog import Catalog, load_catalog
from ipatlas.indicators.cube.storage import (
    CubeSummary,
    _industries_table,
    _industry_counts,
    _store,
    query_plan_dir,
)
from ipatlas.indicators.engine import (
    CUBE_SCHEMA,
    LEVELS,
    Counting,
    EngineInputs,
    cube_expression,
)
from ipatlas.indicators.regionsrc import engine_regions
from ipatlas.progress import ProgressCallback, no_progress
from ipatlas.store.lake import Lake


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

    tables, facts = _input_tables(lake, catalog, backend, query_con)
    prof = _profile(query_con(), tables, facts) if years is None or profile else None
    year_list = _year_list(years, prof)
    report(1, steps, "地区与人口")
    regions = engine_regions(settings)
    ctx, dim = regions.context, regions.dim
    report(2, steps, "产业对照")
    schemes, unavailable = _resolve_schemes(settings, industries)
    maps, sei = _industry_maps(settings, schemes, countings, lake, tables, query_con)
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
        long, origin = _compute_long(inp, settings, lake, backend, query_con)
        results.append(long)
        plans.append(origin)
        report(4 + i, steps, f"计算指标（{cnt.label}）")
    cube = pa.concat_tables([r.cast(CUBE_SCHEMA) for r in results]) if results else CUBE_SCHEMA.empty_table()
    cube = cube.sort_by([("region_code", "ascending"), ("year", "ascending"), ("industry", "ascending")])
    dim = _cube_regions(dim, cube)
    industries_table = _industries_table(maps.names, cube)
    summary = _cube_summary(
        backend=backend,
        countings=countings,
        years=year_list,
        dim=dim,
        industries_table=industries_table,
        unavailable={**unavailable, **maps.unavailable},
        n_indicators=len(indicators) if indicators else len(catalog.indicators),
        cube=cube,
        lake_seq=int(manifest.get("seq", 0)),
        prof=prof,
        warnings=list(ctx.warnings),
        plans=plans,
    )
    summary.seconds = round(time.perf_counter() - t0, 3)
    return summary, cube, dim, industries_table, maps.maps, sei


def _input_tables(
    lake: Lake, catalog: Catalog, backend: str, query_con: Callable[[], Any]
) -> tuple[dict[str, Any], dict[str, Any]]:
    """The lake's schema tables and the fact tables the catalogue's ``records`` measures read."""
    fact_names = sorted({m.table for m in catalog.measures.values() if m.basis == "records"})
    if backend == "duckdb":
        tables = backends.lake_schema_tables()
        facts = backends.lake_fact_tables(lake, fact_names)
    else:
        tables = backends.spark_tables(query_con(), lake, fact_names)
        facts = {t: tables.pop(t) for t in fact_names if t in tables}
    return tables, facts


def _year_list(years: list[int] | range | None, prof: dict[str, Any] | None) -> list[int]:
    """The requested years, or every year the lake's records cover."""
    if years is not None:
        year_list = sorted(set(years))
    elif prof is None or prof["years"] is None:
        raise IndicatorError("资源库中没有可计算的记录：请先导入专利、商标或地理标志数据（ipatlas ingest …）")
    else:
        year_list = list(range(prof["years"][0], prof["years"][1] + 1))
    if not year_list:
        raise IndicatorError("年份范围为空")
    return year_list


def _industry_maps(
    settings: Settings,
    schemes: list[str],
    countings: list[Counting],
    lake: Lake,
    tables: dict[str, Any],
    query_con: Callable[[], Any],
) -> tuple[concordance.SchemeMaps, pa.Table | None]:
    """IPC → industry maps of ``schemes`` and the SEI keyword map, for the IPCs in the lake."""
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
    return maps, sei


def _compute_long(
    inp: EngineInputs, settings: Settings, lake: Lake, backend: str, query_con: Callable[[], Any]
) -> tuple[pa.Table, str]:
    """One counting's cube in long form, and where its query plan came from."""
    if backend == "duckdb":
        return query_plan.compute_long(inp, lake, query_plan_dir(settings))
    with backends.Materializer(query_con()) as keep:
        cx = cube_expression(inp, cache=keep)
        return cx.to_long(query_con().to_pyarrow(cx.wide)), "compiled"


def _cube_summary(
    *,
    backend: str,
    countings: list[Counting],
    years: list[int],
    dim: pa.Table,
    industries_table: pa.Table,
    unavailable: dict[str, str],
    n_indicators: int,
    cube: pa.Table,
    lake_seq: int,
    prof: dict[str, Any] | None,
    warnings: list[str],
    plans: list[str],
) -> CubeSummary:
    stats = prof["records"] if prof else {}
    is_demo = bool(prof and prof["is_demo"])
    summary = CubeSummary(
        version=f"c{dt.datetime.now():%Y%m%d-%H%M%S}-{uuid.uuid4().hex[:6]}",
        path="",
        backend=backend,
        counting=[c.id for c in countings],
        years=years,
        regions={lvl: int(pc.sum(pc.equal(dim.column("level"), lvl)).as_py() or 0) for lvl in LEVELS},
        industries=_industry_counts(industries_table),
        unavailable_industries=unavailable,
        indicators=n_indicators,
        rows=cube.num_rows,
        seconds=0.0,
        lake_seq=lake_seq,
        computed_at=dt.datetime.now().isoformat(timespec="seconds"),
        records=stats,
        is_demo=is_demo,
        warnings=warnings,
        query_plans=plans,
    )
    if stats.get("patents_terminal_without_date"):
        summary.warnings.append(
            f"{stats['patents_terminal_without_date']} 件专利法律状态为终止类但缺少状态日期，未计入有效量"
        )
    if stats.get("patents_unattributed"):
        summary.warnings.append(
            f"{stats['patents_unattributed']} 件国内专利的地址无法解析到省级以上地区，未计入任何地区"
        )
    return summary


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
