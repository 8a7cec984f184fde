"""Gather a :class:`LayoutData` from the indicator cube, the evaluation library and the registry.

Every value put into the report comes from ``ipatlas.indicators`` (show / series / ranking),
``ipatlas.evaluate`` (composite index, 匹配度, LISA) or one documented SQL query on the lake (top
applicants), and is recorded with the query that reproduces it.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Mapping
from typing import Any

from ipatlas.config import Settings
from ipatlas.errors import InputError, IpatlasError, cause
from ipatlas.evaluate.assessment import layout_assessment
from ipatlas.fmt import cagr, is_num
from ipatlas.indicators import cube_slice
from ipatlas.plans.supervision.ledger import list_plans, list_targets
from ipatlas.progress import ProgressCallback, no_progress
from ipatlas.regions.hierarchy import region_filter
from ipatlas.reports.data import (
    Applicant,
    Evaluation,
    IndustryRow,
    LayoutData,
    RegionRef,
    Target,
    Value,
)
from ipatlas.reports.document import Trace
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
    # The same rule as the pages (ipatlas.indicators.years): the latest year with complete data.
    import duckdb

    try:
        from ipatlas.indicators.years import default_year as complete_year
        from ipatlas.store.lake import Lake

        con = Lake(settings.lake_dir).connect()
        try:
            rule = complete_year(con)
        finally:
            con.close()
        if rule is not None and rule.default in years:
            return min(rule.default, max(done or years))
    except (IpatlasError, duckdb.Error):  # no lake to read: the cube's years decide
        pass
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
                comparator=_comparator(iid, t.get("comparator", ">=")),
            )
        except (TypeError, ValueError) as exc:
            raise InputError(f"规划目标 {iid} 的数值无效：{cause(exc)}", field=str(iid)) from exc
    return out


LEVEL_KINDS = ("level", "count", "amount")
COMPARATORS = (">=", "<=", "=", "~")


def _comparator(iid: str, value: Any) -> str:
    if str(value) not in COMPARATORS:
        raise InputError(
            f"规划目标 {iid} 的比较方向 {value!r} 无效（可选 {'、'.join(COMPARATORS)}）", field=str(iid)
        )
    return str(value)


def plan_targets(settings: Settings, region: str, year: int) -> tuple[dict[str, Target], list[str]]:
    """Level targets of the plans imported for ``region`` (plan supervision ledger), the nearest
    target year at or after ``year`` per indicator. Returns (targets, notes)."""
    out: dict[str, Target] = {}
    notes: list[str] = []
    try:
        with workflow.workflow_session(settings) as session:
            for plan in list_plans(session):
                if plan.region_code != region:
                    continue
                years = sorted({t.year for t in list_targets(session, plan.id) if t.year})
                if years and max(years) < year:
                    notes.append(
                        f"已导入的《{plan.title}》目标年份为{'、'.join(map(str, years))}年，"
                        f"早于报告年份{year}年，其目标不再逐项评价"
                    )
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
                        kind=t.kind,
                        comparator=t.comparator,
                    )
    except IpatlasError as exc:
        return {}, [f"规划目标未能读取：{exc.message}"]
    return out, notes


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
    from ipatlas.indicators import cube_info, load_catalog, show
    from ipatlas.reports.regions import comparison_units, geometries, region_ref

    steps = 8
    progress(0, steps, "读取指标")
    info = cube_info(settings)
    year = int(year) if year is not None else default_year(settings)
    years_avail = [int(y) for y in info["years"]]
    _check_year(year, years_avail)
    ref = region_ref(region, settings)
    scope, units = comparison_units(ref, settings)
    catalog = load_catalog()
    tr = _Tracer(catalog, counting)
    rc = ref.code

    current = {r["id"]: _value(r) for r in show(settings, rc, year, counting=counting)}
    for iid, v in current.items():
        tr.add(iid, iid, f"ipatlas indicators show --region {rc} --year {year} --json  # id={iid}", v.unit)
    years = [y for y in range(year - TREND_YEARS + 1, year + 1) if y in years_avail]
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
    previous = _previous(cube, rc, current, year) if year - 1 in years_avail else {}
    series_out = _series(cube, rc, years, tr)

    progress(2, steps, "区县排名")
    ranking = _Ranking(
        level=units[0].level if units else "county",
        parent_arg=scope.code if scope.level != "group" else None,
        unit_codes=unit_codes,
    )
    unit_values, unit_previous = _unit_values(cube, ranking, year, tr)
    # Units the cube does not know (no records at all) are dropped from comparisons, not shown as 0.
    known_units = [u for u in units if any(u.code in v for v in unit_values.values())] or units

    progress(3, steps, "产业结构")
    industry_rows, lq_matrix = _industries(settings, ref, year, counting, current, cube, ranking, tr)

    progress(4, steps, "创新主体")
    applicants, q_app = _top_applicants(settings, ref, known_units, year)
    tr.traces["applicants"] = _applicants_trace(q_app)

    progress(5, steps, "空间数据")
    geoms = geometries(known_units)
    ev: Evaluation | None = None
    if evaluate:
        progress(6, steps, "综合评价")
        ev = _evaluation(settings, scope, known_units, year)
    notes: list[str] = []
    if targets is None:  # no explicit targets: those of the plans imported for this region
        targets, target_notes = plan_targets(settings, rc, year)
        notes.extend(target_notes)
    available = _data_notes(settings, info, current, notes)
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


Cube = dict[tuple[str, str, str, int], float | None]


def _check_year(year: int, years_avail: list[int]) -> None:
    if year not in years_avail:
        raise InputError(
            f"{year} 年不在指标数据中（可用年份 {years_avail[0]}–{years_avail[-1]}）", field="year"
        )


def _previous(cube: Cube, rc: str, current: Mapping[str, Value], year: int) -> dict[str, Value]:
    """The region's indicators a year before ``year``, for those the cube has."""
    return {
        iid: Value(iid, v.name, cube.get((rc, "ALL", iid, year - 1)), v.unit)
        for iid, v in current.items()
        if (rc, "ALL", iid, year - 1) in cube
    }


def _applicants_trace(sql: str) -> Trace:
    return Trace(
        "pat_app_total",
        "专利申请量（按第一申请人）",
        " ".join(sql.split()),
        "件",
        "按第一申请人汇总的国内专利申请量（申请日在该年度）",
        "ipatlas 专利资源库",
    )


@dataclasses.dataclass(frozen=True)
class _Ranking:
    """The comparison units' level and codes, and the ``--parent`` of the ranking query that lists them."""

    level: str
    parent_arg: str | None
    unit_codes: set[str]

    def query(self, year: int, iid: str) -> str:
        return (
            f"ipatlas indicators ranking --level {self.level} --parent {self.parent_arg or ''}"
            f" --year {year} --id {iid} --json"
        )


def _series(cube: Cube, rc: str, years: list[int], tr: _Tracer) -> dict[str, dict[int, float | None]]:
    """The region's yearly series of SERIES_IDS."""
    series_out: dict[str, dict[int, float | None]] = {}
    for iid in SERIES_IDS:
        series_out[iid] = {y: cube[(rc, "ALL", iid, y)] for y in years if (rc, "ALL", iid, y) in cube}
        tr.add(f"series:{iid}", iid, f"ipatlas indicators series --region {rc} --id {iid} --json")
    return series_out


def _unit_values(
    cube: Cube, ranking: _Ranking, year: int, tr: _Tracer
) -> tuple[dict[str, dict[str, float | None]], dict[str, dict[str, float | None]]]:
    """UNIT_IDS of every comparison unit in ``year``, and 每万人口发明专利拥有量 a year before."""
    unit_codes = ranking.unit_codes
    unit_values: dict[str, dict[str, float | None]] = {}
    unit_previous: dict[str, dict[str, float | None]] = {}
    for iid in UNIT_IDS:
        unit_values[iid] = {
            c: cube[(c, "ALL", iid, year)] for c in unit_codes if (c, "ALL", iid, year) in cube
        }
        tr.add(f"units:{iid}", iid, ranking.query(year, iid))
    unit_previous["inv_per_10k_pop"] = {
        c: cube[(c, "ALL", "inv_per_10k_pop", year - 1)]
        for c in unit_codes
        if (c, "ALL", "inv_per_10k_pop", year - 1) in cube
    }
    return unit_values, unit_previous


def _industries(
    settings: Settings,
    ref: RegionRef,
    year: int,
    counting: str | None,
    current: Mapping[str, Value],
    cube: Cube,
    ranking: _Ranking,
    tr: _Tracer,
) -> tuple[list[IndustryRow], dict[str, dict[str, float | None]]]:
    """The region's WIPO fields (applications, valid inventions, growth, share, 区位熵) and the
    units' 区位熵 matrix."""
    from ipatlas.indicators import industries
    from ipatlas.reports.regions import parent_ref

    rc = ref.code
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
        growth = cagr(a0, a1, 3)
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
        for code in ranking.unit_codes:
            lq_counts.setdefault(code, {})[iid] = cube.get((code, iid, "pat_app_total", year)) or 0.0
    tr.add(
        "industries",
        "pat_app_total",
        f"ipatlas indicators show --region {rc} --year {year} --industry wipo:NN --json（各技术领域）",
    )
    tr.add(
        "lq_matrix",
        "pat_app_total",
        f"ipatlas indicators ranking --level {ranking.level} --parent {ranking.parent_arg or ''}"
        f" --year {year} --id pat_app_total --industry wipo:NN --json（各技术领域）"
        "→ ipatlas.evaluate.location_quotient",
    )

    lq_matrix = _lq_matrix(lq_counts)
    # The region's own specialisation: within its scope (a county), or against its parent.
    if rc in lq_matrix:
        for row in industry_rows:
            row.lq = lq_matrix[rc].get(row.id)
    elif parent is not None:
        _lq_against_parent(settings, parent, year, counting, inds, industry_rows)
    return industry_rows, lq_matrix


def _lq_matrix(lq_counts: dict[str, dict[str, float]]) -> dict[str, dict[str, float | None]]:
    """unit → field → 区位熵 of the applications in ``lq_counts`` (empty when there are none)."""
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
    return lq_matrix


def _lq_against_parent(
    settings: Settings,
    parent: RegionRef,
    year: int,
    counting: str | None,
    inds: list[dict[str, Any]],
    industry_rows: list[IndustryRow],
) -> None:
    """Set each row's 区位熵 against the parent region's field shares (left None when unreadable)."""
    from ipatlas.indicators import show

    try:
        parent_apps = {
            str(i["id"]): show(
                settings, parent.code, year, str(i["id"]), counting=counting, ids=["pat_app_total"]
            )
            for i in inds
        }
        p_total = next(
            (r["value"] for r in show(settings, parent.code, year, counting=counting, ids=["pat_app_total"])),
            None,
        )
        for row in industry_rows:
            pv = parent_apps.get(row.id, [{}])[0].get("value") if parent_apps.get(row.id) else None
            if is_num(pv) and pv and is_num(p_total) and p_total and row.share is not None:
                row.lq = row.share / (pv / p_total)
    except IpatlasError:
        pass


def _data_notes(
    settings: Settings, info: Mapping[str, Any], current: Mapping[str, Value], notes: list[str]
) -> dict[str, int]:
    """Append the notes on stale, substituted and missing data to ``notes``; return the row count
    of each lake table the report reads."""
    from ipatlas.operations.kinds import RESOURCE_RIGHTS
    from ipatlas.store.lake import Lake

    if info.get("stale"):
        notes.append("注意：资源库在指标计算之后有更新，本报告数值以最近一次指标计算为准。")
    if any("census2020_fallback" in f for v in current.values() for f in v.flags):
        notes.append("人口缺少当年统计数据时，每万人口指标的分母采用第七次全国人口普查（2020年）常住人口。")
    lake = Lake(settings.lake_dir)
    available = {
        t: lake.rows(t)
        for t in ("patents", "trademarks", "gi", "statistics", *(r.table for r in RESOURCE_RIGHTS))
    }
    missing = [
        n
        for t, n in (("trademarks", "商标"), ("gi", "地理标志"), ("statistics", "统计年鉴"))
        if not available[t]
    ]
    if missing:
        notes.append(f"资源库尚未导入{'、'.join(missing)}数据，相关指标未列入报告（不视为零）。")
    return available


def _cube_slice(
    settings: Settings, codes: list[str], y0: int, y1: int, counting: str | None, ids: list[str]
) -> dict[tuple[str, str, str, int], float | None]:
    """(region, industry, indicator, year) → value from the current cube: industry ALL for ``ids``,
    and the WIPO fields for applications and valid inventions."""
    years = list(range(min(y0, y1 - 3), y1 + 1))
    rows = cube_slice(settings, regions=codes, indicators=ids, years=years, counting=counting)
    rows += cube_slice(
        settings,
        regions=codes,
        indicators=["pat_app_total", "pat_valid_invention"],
        years=years,
        scheme="wipo",
        counting=counting,
    )
    return {
        (str(r["region_code"]), str(r["industry"]), str(r["indicator"]), int(r["year"])): (
            None if r["value"] is None else float(r["value"])
        )
        for r in rows
    }


def _top_applicants(
    settings: Settings, ref: RegionRef, units: list[RegionRef], year: int, limit: int = 10
) -> tuple[list[Applicant], str]:
    """Top first applicants by domestic applications filed in ``year`` (the cube's pat_app_total basis)."""
    from ipatlas.store.lake import Lake

    flt, params = region_filter(settings, ref.code)
    sql = f"""SELECT first_applicant, any_value(applicant_type) AS kind, mode(adcode) AS adcode, count(*) AS n
              FROM patents WHERE {flt} AND country = 'CN' AND year(filing_date) = ?
              AND first_applicant IS NOT NULL GROUP BY 1 ORDER BY n DESC, first_applicant LIMIT ?"""
    con = Lake(settings.lake_dir).connect()
    try:
        rows = con.execute(sql, [*params, int(year), int(limit)]).fetchall()
    finally:
        con.close()
    names = {u.code: u.name for u in units}
    out = [
        Applicant(str(n), APPLICANT_TYPE_LABELS.get(k or "", k or "—"), int(c), names.get(a or "", a or ""))
        for n, k, a, c in rows
    ]
    return out, sql


def _evaluation(settings: Settings, scope: RegionRef, units: list[RegionRef], year: int) -> Evaluation:
    """The 布局 assessment of the units (:func:`ipatlas.evaluate.layout_assessment`, the same one the
    综合评价 page shows), in the report's data classes."""
    a = layout_assessment(settings, scope.code, year, units=[u.code for u in units])
    names = {u.code: u.name for u in units}
    return Evaluation(
        units=[dataclasses.replace(u, name=names.get(u.code, u.name)) for u in a.units],
        method=a.method,
        moran_i=a.moran_i,
        moran_p=a.moran_p,
        lisa_indicator=a.lisa_indicator if a.moran_i is not None else "",
        notes=list(a.notes),
        traces=[
            Trace(t["id"], t["name"], t["source"], "", t["definition"], t["reference"]) for t in a.traces
        ],
    )


def _f(v: Any) -> float | None:
    try:
        f = float(v)
    except (TypeError, ValueError):
        return None
    return f if f == f else None
