"""The records behind a figure (:func:`records`): the engine's predicates applied record by record to
the lake (patents, trademarks, GIs and the domain fact tables), with their lineage."""

from __future__ import annotations

from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

import ibis
import pyarrow as pa
import pyarrow.parquet as pq

from ipatlas import DEMO_LABEL
from ipatlas.config import Settings
from ipatlas.errors import InputError, NotFoundError
from ipatlas.indicators import backends, concordance
from ipatlas.indicators.catalog import Catalog, Measure, load_catalog
from ipatlas.indicators.cube.reader import cube_info, normalize_region, region_level, regions_table
from ipatlas.indicators.cube.storage import current_dir
from ipatlas.indicators.engine import (
    Counting,
    EngineInputs,
    gi_facts,
    measure_predicate,
    patent_facts,
    records_predicate,
    records_unavailable,
    records_weight,
    region_predicate,
    trademark_facts,
)
from ipatlas.indicators.regionsrc import load_region_context
from ipatlas.store.lake import Lake
from ipatlas.store.table_labels import missing_columns_reason


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


def _engine_inputs(
    settings: Settings,
    tables: dict[str, Any],
    d: Path,
    year: int,
    groups: pa.Table,
    cat: Catalog,
    cnt: Counting,
) -> EngineInputs:
    """The engine's inputs for one year's facts (no members or census: records need neither)."""
    sei_path = d / "maps" / "_sei_flag.parquet"
    inp = EngineInputs(
        patents=tables["patents"],
        trademarks=tables["trademarks"],
        gi=tables["gi"],
        statistics=tables["statistics"],
        years=[year],
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
    return inp


def _weighted(sel: Any, f: Any, industry: str, d: Path, cnt: Counting) -> Any:
    """The selected facts with their weight: 1, or the share of an industry (fractional counting)."""
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
    return sel


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
    where: dict[str, str] | None = None,
) -> RecordPage:
    """The records behind a figure (its numerator), with their lineage (import, source row).

    ``where`` narrows a ``records`` measure to one cell of a breakdown (``{column: value}`` over
    the columns the catalogue declares in ``breakdowns`` for its fact table; see :func:`breakdown`).

    ``weight_total`` equals the cube's numerator (for fractional counting, the sum of weights).
    For growth indicators the records are this year's numerator; for concentration indicators,
    the year's applications. ``measure`` picks another measure of the indicator (e.g. a
    denominator that is a count, such as ``app_total`` for a share).
    """
    cat = catalog or load_catalog()
    ind = cat.get(indicator_id)
    code = normalize_region(settings, region)
    current_dir(settings)  # no cube yet: CubeNotComputed, as before
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
    summed = cat.base_indicator(ind).combine == "sum" and not measure
    m = cat.measures[mids[-1] if ind.type != "concentration" and not summed else mids[0]]
    page.measure, page.table = m.id, m.table
    if summed:  # one register per page: the figure is the sum of the terms' pages
        terms = "＋".join(cat.measures[x].text for x in mids)
        page.note = f"该指标为多项之和（{terms}）；此处列出第一项，其余各项用 measure 参数查看"
    if industry != "ALL" and m.table != "patents":
        raise NotFoundError("只有专利类指标有产业维度", industry=industry)
    lake = Lake(settings.lake_dir)
    groups = _groups(settings, level)
    if where and m.basis != "records":
        raise InputError("只有事实表指标（basis records）可以按分项下钻", field="where")
    if m.basis == "records":
        _fact_records(page, lake, m, code, groups, limit, offset, _cell(cat, m, where or {}))
        if info.get("is_demo") and page.note is None:
            page.note = DEMO_LABEL
        return page
    _canonical_records(page, settings, lake, cat, cnt, m, code, groups, limit, offset)
    if info.get("is_demo"):
        page.note = DEMO_LABEL if page.note is None else f"{page.note}；{DEMO_LABEL}"
    return page


def _groups(settings: Settings, level: str) -> pa.Table:
    """The custom groups' members (only needed when the region is a group)."""
    if level == "group":
        return load_region_context(settings).group_members()
    return pa.table({"gid": pa.array([], pa.string()), "county": pa.array([], pa.string())})


def _canonical_records(
    page: RecordPage,
    settings: Settings,
    lake: Lake,
    cat: Catalog,
    cnt: Counting,
    m: Measure,
    code: str,
    groups: pa.Table,
    limit: int | None,
    offset: int,
) -> None:
    """Fill ``page`` with the patents, trademarks or GIs behind a measure (industry-bridged for a
    patent industry), with their lineage."""
    d = current_dir(settings)
    level, year, industry = page.region_level, page.year, page.industry
    con = backends.duckdb_lake(lake)
    try:
        tables = backends.lake_schema_tables()
        inp = _engine_inputs(settings, tables, d, int(year), groups, cat, cnt)
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
        sel = _weighted(sel, f, industry, d, cnt)
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


def _fact_records(
    page: RecordPage,
    lake: Lake,
    m: Measure,
    code: str,
    groups: pa.Table,
    limit: int | None,
    offset: int,
    cell: dict[str, str],
) -> None:
    """Fill ``page`` with the fact-table records of a ``records`` measure (every column of the
    table, plus ``weight``), within one breakdown ``cell`` if given; an absent table or column
    leaves the page empty with the reason."""
    facts = backends.lake_fact_tables(lake, [m.table])
    why = records_unavailable(facts.get(m.table), m) or _missing_columns(facts.get(m.table), m.table, cell)
    if why:
        page.note = why
        return
    con = backends.duckdb_lake(lake)
    try:
        t = facts[m.table]
        where = region_predicate(t, page.region_level, code, groups) & records_predicate(t, m, page.year)
        sel = t.filter(where & _cell_predicate(t, cell))
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


# ---------------------------------------------------------------------------------------------
# breakdown of fact-table figures by the catalogue's declared dimensions
# ---------------------------------------------------------------------------------------------
def _cell(cat: Catalog, m: Measure, where: dict[str, str]) -> dict[str, str]:
    dims = cat.breakdowns.get(m.table, {})
    for col in where:
        if col not in dims:
            raise InputError(
                f"事实表 {m.table} 不能按 {col!r} 分项（目录声明的分项: {', '.join(dims) or '无'}）",
                field="where",
            )
    return {str(k): str(v) for k, v in where.items()}


def _cell_predicate(t: Any, cell: dict[str, str]) -> Any:
    cond = ibis.literal(True)
    for col, val in cell.items():
        cond = cond & (t[col].cast("string") == val)
    return cond.fill_null(False)


def _missing_columns(t: Any, table: str, cols: Any) -> str | None:
    missing = [c for c in cols if t is not None and c not in t.columns]
    return missing_columns_reason(table, missing) if missing else None


def _breakdown_terms(cat: Catalog, indicator_id: str) -> tuple[Any, list[Measure], Measure | None]:
    """The indicator and its numerator / denominator measures, all ``records`` over one table."""
    ind = cat.get(indicator_id)
    if ind.type not in ("count", "ratio") or ind.denominator_year_offset:
        raise InputError(f"指标 {indicator_id} 不能分项（只支持计数与同年比值）", field="indicator")
    nums = [cat.measures[n] for n in ind.numerator if n in cat.measures]
    den = cat.measures.get(str(ind.denominator)) if ind.type == "ratio" else None
    terms = [*nums, *([den] if den else [])]
    if len(nums) != len(ind.numerator) or (ind.type == "ratio" and den is None):
        raise InputError(f"指标 {indicator_id} 含统计数据项，不能按记录分项", field="indicator")
    if any(m.basis != "records" for m in terms) or len({m.table for m in terms}) != 1:
        raise InputError(f"指标 {indicator_id} 不是单一事实表上的指标，不能分项", field="indicator")
    return ind, nums, den


def breakdown(
    settings: Settings,
    region: str,
    year: int,
    indicator_id: str,
    *,
    by: list[str] | None = None,
    catalog: Catalog | None = None,
) -> dict[str, Any]:
    """One figure of a ``records`` indicator split by the dimensions its fact table declares in the
    catalogue (``breakdowns``), computed from the same measure definitions as the cube: the cells'
    numerators (and denominators) sum to the cube's. Each cell drills down with
    ``records(..., where=cell["key"])``."""
    cat = catalog or load_catalog()
    ind, nums, den = _breakdown_terms(cat, indicator_id)
    table = nums[0].table
    dims = cat.breakdowns.get(table, {})
    cols = list(by or dims)
    _cell(cat, nums[0], {c: "" for c in cols})
    code = normalize_region(settings, region)
    why_not: str | None = None
    try:
        level = region_level(settings, code)
    except NotFoundError as exc:  # no cube yet, or a region it does not hold: no figure to split
        level, why_not = "", str(exc)
    out: dict[str, Any] = {
        "indicator": ind.id, "name": ind.name, "unit": ind.unit, "type": ind.type, "decimals": ind.decimals,
        "region": code, "region_level": level, "year": int(year), "table": table, "by": cols,
        "labels": {c: dims[c] for c in cols}, "cells": [], "total": None, "note": None,
    }  # fmt: skip
    if why_not:
        out["note"] = why_not
        return out
    lake = Lake(settings.lake_dir)
    facts = backends.lake_fact_tables(lake, [table])
    t = facts.get(table)
    why = next((w for m in [*nums, *([den] if den else [])] if (w := records_unavailable(t, m))), None)
    out["note"] = why or _missing_columns(t, table, cols)
    if out["note"] or t is None:
        return out
    groups = _groups(settings, level)
    here = region_predicate(t, level, code, groups)
    con = backends.duckdb_lake(lake)
    try:

        def sums(m: Measure) -> dict[tuple[Any, ...], float]:
            sel = t.filter(here & records_predicate(t, m, int(year)))
            sel = sel.mutate(w=records_weight(sel, m))
            rows = con.to_pyarrow(sel.group_by(cols).agg(w=sel.w.sum())).to_pylist()
            return {tuple(r[c] for c in cols): float(r["w"] or 0.0) for r in rows}

        num_parts = [sums(m) for m in nums]
        den_part = sums(den) if den else {}
        demo = bool(con.execute(t.filter(here).is_demo.any()))
    finally:
        con.disconnect()
    keys = sorted({k for p in [*num_parts, den_part] for k in p}, key=lambda k: tuple(str(x) for x in k))

    def figure(num: float, d: float | None) -> dict[str, Any]:
        value = num if ind.type == "count" else (num / d * ind.scale if d else None)
        return {"numerator": num, "denominator": d, "value": value}

    for k in keys:
        num = sum(p.get(k, 0.0) for p in num_parts)
        d = den_part.get(k, 0.0) if den else None
        out["cells"].append({"key": dict(zip(cols, k, strict=True)), **figure(num, d)})
    total_den = sum(den_part.values()) if den else None
    out["total"] = figure(sum(c["numerator"] for c in out["cells"]), total_den)
    out["note"] = DEMO_LABEL if demo else None
    return out
