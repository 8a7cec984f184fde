"""Gather a :class:`LayoutData` from the indicator cube, the evaluation library and the registry.

Every value put into the report comes from ``ipatlas.indicators`` (show / series / ranking),
``ipatlas.evaluate`` (composite index, 匹配度, LISA) or one documented SQL query on the lake (top
applicants), and is recorded with the query that reproduces it.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

from ipatlas.config import Settings
from ipatlas.errors import InputError, IpatlasError
from ipatlas.plans.supervision.ledger import list_plans, list_targets
from ipatlas.progress import ProgressCallback, no_progress
from ipatlas.reports.data import (
    Applicant,
    Evaluation,
    IndustryRow,
    LayoutData,
    RegionRef,
    Target,
    UnitEvaluation,
    Value,
)
from ipatlas.reports.document import Trace
from ipatlas.reports.fmt import is_num
from ipatlas.store import workflow
from ipatlas.store.schema import APPLICANT_TYPE_LABELS

TREND_YEARS = 10
UNIT_IDS = ("inv_per_10k_pop", "pat_valid_invention", "pat_app_total")
SERIES_IDS = (
    "inv_per_10k_pop",
    "pat_valid_invention",
    "pat_app_invention",
    "pat_app_utility",
    "pat_app_design",
)
# Subsystems of the 匹配度 analysis (ipatlas.evaluate.match): cube ids and statistics variables.
MATCH_SUBSYSTEMS = {
    "ip": ["inv_per_10k_pop", "hv_inv_per_10k_pop", "pat_app_total", "tm_valid"],
    "innovation": ["rd_expenditure", "rd_personnel"],
    "industry": ["gdp", "above_scale_revenue", "market_entities"],
}
STAT_VARS = ("rd_expenditure", "rd_personnel", "gdp", "above_scale_revenue", "market_entities")
SENSITIVITY_RUNS = 400


def _value(row: Mapping[str, Any]) -> Value:
    flags = row.get("flags") or {}
    flag_list = [f"{k}={v}" for k, v in flags.items() if k not in ("counting", "demo")]
    return Value(
        id=str(row["id"]),
        name=str(row.get("name") or row["id"]),
        value=row.get("value"),
        unit=str(row.get("unit") or ""),
        numerator=row.get("numerator"),
        denominator=row.get("denominator"),
        definition=str(row.get("definition") or ""),
        flags=flag_list,
        reason=str(row.get("reason") or ""),
    )


def default_year(settings: Settings) -> int:
    """The latest complete year of the cube (the current calendar year is still running)."""
    from ipatlas.indicators import cube_info

    years = [int(y) for y in cube_info(settings)["years"]]
    done = [y for y in years if y < dt.date.today().year]
    return max(done or years)


def parse_targets(raw: Mapping[str, Any] | None) -> dict[str, Target]:
    """Targets as {indicator_id: Target | {value, year, kind?, baseline_year?, baseline_value?, source?}}."""
    out: dict[str, Target] = {}
    for iid, t in (raw or {}).items():
        if isinstance(t, Target):
            out[iid] = t
            continue
        if not isinstance(t, Mapping) or "value" not in t or "year" not in t:
            raise InputError(f"规划目标 {iid} 需要 value 和 year", field=str(iid))
        try:
            out[iid] = Target(
                indicator_id=str(iid),
                value=float(t["value"]),
                year=int(t["year"]),
                kind=str(t.get("kind", "level")),
                baseline_year=int(t["baseline_year"]) if t.get("baseline_year") is not None else None,
                baseline_value=float(t["baseline_value"]) if t.get("baseline_value") is not None else None,
                source=str(t.get("source", "")),
            )
        except (TypeError, ValueError) as exc:
            raise InputError(f"规划目标 {iid} 的数值无效：{exc}", field=str(iid)) from exc
    return out


LEVEL_KINDS = ("level", "count", "amount")


def plan_targets(settings: Settings, region: str, year: int) -> tuple[dict[str, Target], list[str]]:
    """Level targets of the plans imported for ``region`` (plan supervision ledger), the nearest
    target year at or after ``year`` per indicator. Returns (targets, notes)."""
    out: dict[str, Target] = {}
    try:
        with workflow.workflow_session(settings) as session:
            for plan in list_plans(session):
                if plan.region_code != region:
                    continue
                for t in list_targets(session, plan.id):
                    if not t.indicator_id or t.value is None or t.year is None or t.kind not in LEVEL_KINDS:
                        continue
                    if t.year < year:
                        continue
                    known = out.get(t.indicator_id)
                    if known is not None and known.year <= t.year:
                        continue
                    out[t.indicator_id] = Target(
                        indicator_id=t.indicator_id,
                        value=float(t.value),
                        year=int(t.year),
                        baseline_year=t.baseline_year,
                        baseline_value=t.baseline_value,
                        source=f"《{plan.title}》",
                    )
    except IpatlasError as exc:
        return {}, [f"规划目标未能读取：{exc.message}"]
    return out, []


class _Tracer:
    def __init__(self, catalog: Any, counting: str | None) -> None:
        self.catalog = catalog
        self.counting = f" --counting {counting}" if counting else ""
        self.traces: dict[str, Trace] = {}

    def describe(self, iid: str) -> tuple[str, str, str]:
        try:
            ind = self.catalog.get(iid)
        except IpatlasError:
            return iid, "", ""
        d = self.catalog.describe(ind)
        sources = "；".join(s.get("title", s["id"]) for s in d.get("sources", []))
        return ind.name, self.catalog.definition(ind), sources

    def add(self, key: str, iid: str, query: str, unit: str = "") -> None:
        name, definition, source = self.describe(iid)
        self.traces[key] = Trace(iid, name, query + self.counting, unit, definition, source)


def gather_layout(
    settings: Settings,
    region: str,
    year: int | None = None,
    *,
    targets: Mapping[str, Any] | None = None,
    counting: str | None = None,
    organisation: str | None = None,
    evaluate: bool = True,
    progress: ProgressCallback = no_progress,
) -> LayoutData:
    """Everything the layout report prints, for ``region`` (county, city, province or group) and ``year``."""
    from ipatlas.indicators import cube_info, industries, load_catalog, show
    from ipatlas.reports.regions import comparison_units, geometries, parent_ref, region_ref

    steps = 8
    progress(0, steps, "读取指标")
    info = cube_info(settings)
    year = int(year) if year is not None else default_year(settings)
    years_avail = [int(y) for y in info["years"]]
    if year not in years_avail:
        raise InputError(
            f"{year} 年不在指标数据中（可用年份 {years_avail[0]}–{years_avail[-1]}）", field="year"
        )
    ref = region_ref(region, settings)
    scope, units = comparison_units(ref, settings)
    catalog = load_catalog()
    tr = _Tracer(catalog, counting)
    rc = ref.code

    current = {r["id"]: _value(r) for r in show(settings, rc, year, counting=counting)}
    for iid, v in current.items():
        tr.add(iid, iid, f"ipatlas indicators show --region {rc} --year {year} --json  # id={iid}", v.unit)
    years = [y for y in range(year - TREND_YEARS + 1, year + 1) if y in years_avail]
    level = units[0].level if units else "county"
    unit_codes = {u.code for u in units}
    # One scan of the stored cube for every series, ranking and field value below: the same rows
    # that series(), ranking() and show(..., industry=...) return, read at once.
    progress(1, steps, "逐年序列")
    cube = _cube_slice(
        settings,
        [rc, *sorted(unit_codes)],
        years[0] - 1 if years else year - 1,
        year,
        counting,
        sorted({*SERIES_IDS, *UNIT_IDS, *current}),
    )
    previous: dict[str, Value] = {}
    if year - 1 in years_avail:
        previous = {
            iid: Value(iid, v.name, cube.get((rc, "ALL", iid, year - 1)), v.unit)
            for iid, v in current.items()
            if (rc, "ALL", iid, year - 1) in cube
        }
    series_out: dict[str, dict[int, float | None]] = {}
    for iid in SERIES_IDS:
        series_out[iid] = {y: cube[(rc, "ALL", iid, y)] for y in years if (rc, "ALL", iid, y) in cube}
        tr.add(f"series:{iid}", iid, f"ipatlas indicators series --region {rc} --id {iid} --json")

    progress(2, steps, "区县排名")
    unit_values: dict[str, dict[str, float | None]] = {}
    unit_previous: dict[str, dict[str, float | None]] = {}
    parent_arg = scope.code if scope.level != "group" else None
    for iid in UNIT_IDS:
        unit_values[iid] = {
            c: cube[(c, "ALL", iid, year)] for c in unit_codes if (c, "ALL", iid, year) in cube
        }
        tr.add(
            f"units:{iid}",
            iid,
            f"ipatlas indicators ranking --level {level} --parent {parent_arg or ''}"
            f" --year {year} --id {iid} --json",
        )
    unit_previous["inv_per_10k_pop"] = {
        c: cube[(c, "ALL", "inv_per_10k_pop", year - 1)]
        for c in unit_codes
        if (c, "ALL", "inv_per_10k_pop", year - 1) in cube
    }
    # Units the cube does not know (no records at all) are dropped from comparisons, not shown as 0.
    known_units = [u for u in units if any(u.code in v for v in unit_values.values())] or units

    progress(3, steps, "产业结构")
    inds = [i for i in industries(settings) if str(i.get("scheme")) == "wipo"]
    industry_rows: list[IndustryRow] = []
    lq_counts: dict[str, dict[str, float]] = {}
    parent = parent_ref(rc) if ref.level != "group" else None
    total_apps = current.get("pat_app_total")
    # A region with no record in a field has no cube row: its counts are 0 (the cube's zero-fill rule).
    for ind in inds:
        iid = str(ind["id"])
        s = {y: cube.get((rc, iid, "pat_app_total", y)) or 0.0 for y in range(year - 3, year + 1)}
        a0, a1 = s.get(year - 3), s.get(year)
        growth = float((a1 / a0) ** (1 / 3) - 1) if a0 and a0 >= 5 and a1 else None
        apps = s.get(year)
        share = apps / total_apps.value if apps is not None and total_apps and total_apps.value else None
        industry_rows.append(
            IndustryRow(
                iid,
                str(ind["name"]),
                apps,
                cube.get((rc, iid, "pat_valid_invention", year)) or 0.0,
                growth,
                share,
                None,
            )
        )
        for code in unit_codes:
            lq_counts.setdefault(code, {})[iid] = cube.get((code, iid, "pat_app_total", year)) or 0.0
    tr.add(
        "industries",
        "pat_app_total",
        f"ipatlas indicators show --region {rc} --year {year} --industry wipo:NN --json（各技术领域）",
    )
    tr.add(
        "lq_matrix",
        "pat_app_total",
        f"ipatlas indicators ranking --level {level} --parent {parent_arg or ''} --year {year} "
        "--id pat_app_total --industry wipo:NN --json（各技术领域）→ ipatlas.evaluate.location_quotient",
    )

    lq_matrix: dict[str, dict[str, float | None]] = {}
    if lq_counts:
        import pandas as pd

        from ipatlas.evaluate import location_quotient

        m = pd.DataFrame(lq_counts).T.fillna(0.0)
        if m.to_numpy().sum() > 0:
            lq = location_quotient(m)
            lq_matrix = {
                str(c): {str(k): (None if pd.isna(v) else float(v)) for k, v in row.items()}
                for c, row in lq.iterrows()
            }
    # The region's own specialisation: within its scope (a county), or against its parent.
    if rc in lq_matrix:
        for row in industry_rows:
            row.lq = lq_matrix[rc].get(row.id)
    elif parent is not None:
        try:
            parent_apps = {
                str(i["id"]): show(
                    settings, parent.code, year, str(i["id"]), counting=counting, ids=["pat_app_total"]
                )
                for i in inds
            }
            p_total = next(
                (
                    r["value"]
                    for r in show(settings, parent.code, year, counting=counting, ids=["pat_app_total"])
                ),
                None,
            )
            for row in industry_rows:
                pv = parent_apps.get(row.id, [{}])[0].get("value") if parent_apps.get(row.id) else None
                if is_num(pv) and pv and is_num(p_total) and p_total and row.share is not None:
                    row.lq = row.share / (pv / p_total)
        except IpatlasError:
            pass

    progress(4, steps, "创新主体")
    applicants, q_app = _top_applicants(settings, ref, known_units, year)
    tr.traces["applicants"] = Trace(
        "pat_app_total",
        "专利申请量（按第一申请人）",
        " ".join(q_app.split()),
        "件",
        "按第一申请人汇总的国内专利申请量（申请日在该年度）",
        "ipatlas 专利资源库",
    )

    progress(5, steps, "空间数据")
    geoms = geometries(known_units)
    ev: Evaluation | None = None
    if evaluate:
        progress(6, steps, "综合评价")
        ev = _evaluation(settings, scope, known_units, year, unit_values.get("inv_per_10k_pop", {}), geoms)
    notes = []
    if targets is None:  # no explicit targets: those of the plans imported for this region
        found, target_notes = plan_targets(settings, rc, year)
        notes.extend(target_notes)
        targets = found
    if info.get("stale"):
        notes.append(
            "注意：资源库在指标计算之后有更新，"
            "本报告数值以最近一次指标计算（ipatlas indicators compute）为准。"
        )
    if any("census2020_fallback" in f for v in current.values() for f in v.flags):
        notes.append("人口缺少当年统计数据时，每万人口指标的分母采用第七次全国人口普查（2020年）常住人口。")
    from ipatlas.store.lake import Lake

    lake = Lake(settings.lake_dir)
    available = {t: lake.rows(t) for t in ("patents", "trademarks", "gi", "statistics")}
    missing = [
        n
        for t, n in (("trademarks", "商标"), ("gi", "地理标志"), ("statistics", "统计年鉴"))
        if not available[t]
    ]
    if missing:
        notes.append(f"资源库尚未导入{'、'.join(missing)}数据，相关指标未列入报告（不视为零）。")
    progress(7, steps, "完成取数")
    return LayoutData(
        region=ref,
        scope=scope,
        year=year,
        years=years,
        is_demo=bool(info.get("is_demo")),
        organisation=organisation or f"{scope.name if ref.level == 'county' else ref.name}知识产权局",
        current=current,
        previous=previous,
        series=series_out,
        units=known_units,
        unit_values=unit_values,
        unit_previous=unit_previous,
        focus=[rc] if ref.level == "county" else [],
        geometries=geoms,
        industries=industry_rows,
        lq_matrix=lq_matrix,
        applicants=applicants,
        evaluation=ev,
        targets=parse_targets(targets),
        catalog={i.id: {"name": i.name, "definition": catalog.definition(i)} for i in catalog.ordered()},
        traces=tr.traces,
        notes=notes,
        available=available,
    )


def statistics_year(settings: Settings, year: int, variables: tuple[str, ...] = STAT_VARS) -> int | None:
    """The latest statistics year ≤ ``year`` with data for the variables (yearbooks lag a year)."""
    from ipatlas.store.lake import Lake

    con = Lake(settings.lake_dir).connect()
    try:
        row = con.execute(
            "SELECT max(year) FROM statistics WHERE year <= ? AND variable IN (SELECT unnest(?))",
            [int(year), list(variables)],
        ).fetchone()
    finally:
        con.close()
    return int(row[0]) if row and row[0] is not None else None


def _cube_slice(
    settings: Settings, codes: list[str], y0: int, y1: int, counting: str | None, ids: list[str]
) -> dict[tuple[str, str, str, int], float | None]:
    """(region, industry, indicator, year) → value from the current cube in one scan: industry ALL
    for ``ids``, and the WIPO fields for applications and valid inventions."""
    import duckdb

    from ipatlas.indicators.cube import current_dir
    from ipatlas.indicators.engine import Counting

    path = current_dir(settings) / "cube.parquet"
    con = duckdb.connect()
    try:
        rows = con.execute(
            "SELECT region_code, industry, indicator, year, value FROM read_parquet(?) "
            "WHERE counting = ? AND year BETWEEN ? AND ? AND region_code IN (SELECT unnest(?)) AND ("
            " (industry = 'ALL' AND indicator IN (SELECT unnest(?))) OR"
            " (industry LIKE 'wipo:%' AND indicator IN ('pat_app_total', 'pat_valid_invention')))",
            [str(path), Counting.parse(counting).id, min(y0, y1 - 3), y1, codes, ids],
        ).fetchall()
    finally:
        con.close()
    return {(str(r), str(i), str(k), int(y)): (None if v is None else float(v)) for r, i, k, y, v in rows}


def _top_applicants(
    settings: Settings, ref: RegionRef, units: list[RegionRef], year: int, limit: int = 10
) -> tuple[list[Applicant], str]:
    """Top first applicants by domestic applications filed in ``year`` (the cube's pat_app_total basis)."""
    from ipatlas.reports.navigation import region_filter
    from ipatlas.store.lake import Lake

    flt = region_filter(ref, [u.code for u in units] if ref.level == "group" else None)
    sql = f"""SELECT first_applicant, any_value(applicant_type) AS kind, mode(adcode) AS adcode, count(*) AS n
              FROM patents WHERE {flt} AND country = 'CN' AND year(filing_date) = {int(year)}
              AND first_applicant IS NOT NULL GROUP BY 1 ORDER BY n DESC, first_applicant LIMIT {limit}"""
    con = Lake(settings.lake_dir).connect()
    try:
        rows = con.execute(sql).fetchall()
    finally:
        con.close()
    names = {u.code: u.name for u in units}
    out = [
        Applicant(str(n), APPLICANT_TYPE_LABELS.get(k or "", k or "—"), int(c), names.get(a or "", a or ""))
        for n, k, a, c in rows
    ]
    return out, sql


def _evaluation(
    settings: Settings,
    scope: RegionRef,
    units: list[RegionRef],
    year: int,
    inv: Mapping[str, float | None],
    geoms: Mapping[str, Any],
) -> Evaluation:
    """Composite index with rank intervals, 匹配度 and LISA; each part degrades to a note on failure."""
    import pandas as pd

    codes = [u.code for u in units]
    names = {u.code: u.name for u in units}
    ev = Evaluation(units=[UnitEvaluation(c, names[c]) for c in codes])
    stat_year = statistics_year(settings, year)
    if stat_year is not None and stat_year != year:
        ev.notes.append(
            f"统计年鉴数据（R&D、GDP、市场主体等）采用{stat_year}年数据（{year}年数据尚未导入）。"
        )
    by = {u.code: u for u in ev.units}
    try:
        from ipatlas.evaluate.layout import layout_data, load_layout_framework
        from ipatlas.evaluate.pipeline import run_pipeline

        fw, spec = load_layout_framework()
        # Geometric aggregation is one of the Monte Carlo options: its nominal normalisation must be
        # strictly positive, hence [1, 100] (ranks equal those of the pipeline's [0, 100]).
        spec.sensitivity = {
            "n_runs": SENSITIVITY_RUNS,
            "seed": 1,
            "design": "uncertainty",
            "nominal_normalisation": {"method": "minmax", "range": [1, 100]},
        }
        data = layout_data(settings, codes, year, fw, fetch=_lagged_fetch(stat_year))
        data["name"] = [names[c] for c in data.index]
        res = run_pipeline(
            data, fw, spec, inputs={"region": scope.code, "year": year, "statistics_year": stat_year}
        )
        idx = res.index_code
        for c in codes:
            u = by[c]
            u.score = _f(res.scores[idx].get(c))
            rk = _f(res.ranks[idx].get(c))
            u.rank = int(rk) if rk is not None else None
        if res.sensitivity is not None:
            stats = res.sensitivity.rank_stats
            for c in codes:
                if c in stats.index:
                    by[c].rank_low = float(stats.at[c, "q05"])
                    by[c].rank_high = float(stats.at[c, "q95"])
        ev.method = f"{fw.name(idx)}（{spec.name}；{SENSITIVITY_RUNS}次蒙特卡洛不确定性分析）"
        ev.traces.append(
            Trace(
                idx,
                fw.name(idx),
                f"ipatlas.evaluate.layout: run_pipeline(layout_data(settings, "
                f"{scope.code} 的{len(codes)}个单元, {year}), 默认框架) run_id="
                f"{res.log.get('run_id')}",
                "",
                "创造潜力、创造能力、运用能力、运用需求四个维度",
                fw.source or "",
            )
        )
    except IpatlasError as exc:
        ev.notes.append(f"综合评价未能计算：{exc.message}")
    except (KeyError, ValueError) as exc:
        ev.notes.append(f"综合评价未能计算：{exc}")
    try:
        from ipatlas.evaluate import static_match
        from ipatlas.evaluate.layout import fetch_cube, fetch_statistics

        cube = fetch_cube(settings, codes, year, MATCH_SUBSYSTEMS["ip"])
        stats = fetch_statistics(settings, codes, stat_year or year, list(STAT_VARS))
        data = pd.concat([cube, stats], axis=1)
        usable = {
            k: [c for c in v if c in data.columns and data[c].notna().any()]
            for k, v in MATCH_SUBSYSTEMS.items()
        }
        missing = [k for k, v in usable.items() if not v]
        if missing:
            names_cn = {
                "ip": "知识产权",
                "innovation": "创新（R&D经费、人员）",
                "industry": "产业（GDP、营业收入、市场主体）",
            }
            raise InputError(
                "统计数据缺少" + "、".join(names_cn[m] for m in missing) + "子系统的指标，请导入统计年鉴数据"
            )
        m = static_match(data[[c for v in usable.values() for c in v]].dropna(how="all"), usable)
        for key, row in m.iterrows():
            found = by.get(str(key))
            if found is None:
                continue
            u = found
            u.ip_index, u.innovation_index, u.industry_index = (
                _f(row.get("U_ip")),
                _f(row.get("U_innovation")),
                _f(row.get("U_industry")),
            )
            u.coupling, u.coordination = _f(row.get("C")), _f(row.get("D"))
            u.band = row.get("band") if isinstance(row.get("band"), str) else None
            u.match_type = row.get("type") if isinstance(row.get("type"), str) else None
        ev.traces.append(
            Trace(
                "match",
                "耦合协调度与匹配类型",
                f"ipatlas.evaluate.static_match(fetch_cube+fetch_statistics({year}), {usable})",
                "",
                "D=√(C·T)，王淑佳等（2021）修正模型；匹配类型按相对发展度",
                "ipatlas.evaluate.match",
            )
        )
    except IpatlasError as exc:
        ev.notes.append(f"耦合协调度未能计算：{exc.message}")
    except (KeyError, ValueError) as exc:
        ev.notes.append(f"耦合协调度未能计算：{exc}")
    try:
        from ipatlas.evaluate import contiguity_weights, global_moran, local_moran

        vals = {c: float(v) for c, v in inv.items() if v is not None and is_num(v) and c in geoms}
        if len(vals) >= 5:
            w = contiguity_weights({c: geoms[c] for c in vals})
            gm = global_moran(vals, w)
            lm = local_moran(vals, w)
            ev.moran_i, ev.moran_p = gm.get("I"), gm.get("p_sim")
            for key, row in lm.iterrows():
                if str(key) in by:
                    cl = str(row["cluster"])
                    by[str(key)].lisa = cl if cl in ("HH", "LL", "LH", "HL") else "不显著"
            ev.lisa_indicator = "inv_per_10k_pop"
            ev.traces.append(
                Trace(
                    "inv_per_10k_pop",
                    "每万人口发明专利拥有量（LISA）",
                    "ipatlas.evaluate.local_moran(ranking(inv_per_10k_pop), queen邻接, 999次置换)",
                    "件/万人",
                    "局部莫兰指数，p≤0.05为显著",
                    "ipatlas.evaluate.spatial",
                )
            )
    except IpatlasError as exc:
        ev.notes.append(f"空间自相关未能计算：{exc.message}")
    return ev


def _lagged_fetch(stat_year: int | None) -> Any:
    """A layout-data reader: cube indicators for the report year, statistics for ``stat_year``."""

    def fetch(settings: Any, codes: Any, year: int, ids: Any) -> Any:
        import pandas as pd

        from ipatlas.evaluate.layout import fetch_cube, fetch_statistics
        from ipatlas.indicators import load_catalog

        known = load_catalog().indicators
        cube_ids = [i for i in ids if i in known]
        stat_ids = [i for i in ids if i not in known]
        parts = []
        if cube_ids:
            parts.append(fetch_cube(settings, codes, year, cube_ids))
        if stat_ids:
            parts.append(fetch_statistics(settings, codes, stat_year or year, stat_ids))
        return pd.concat(parts, axis=1)

    return fetch


def _f(v: Any) -> float | None:
    try:
        f = float(v)
    except (TypeError, ValueError):
        return None
    return f if f == f else None
