"""Region × industry cells for the match table (匹配表) and the guidance catalog (导向目录).

For each unit of the scope (the counties of a city, or the members of a group) and each WIPO
field: IP measures from the cube, the location quotient (``ipatlas.evaluate.location_quotient``)
over the last three years' applications, the growth of applications, region-level innovation and
industry measures from the statistics table, the coupling coordination degree and 匹配 type of
the three subsystems (``ipatlas.evaluate.static_match``, per region × industry), and the
region's composite evaluation score.

Statistics are not published by technology field, so the innovation and industry subsystems are
region-level: cells of one region differ through their IP subsystem only (stated in the outputs).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from ipatlas.config import Settings
from ipatlas.errors import IpatlasError
from ipatlas.evaluate.assessment import STAT_VARS
from ipatlas.fmt import cagr, is_num
from ipatlas.progress import ProgressCallback, no_progress
from ipatlas.reports.data import RegionRef

LQ_WINDOW = 3

STAT_NAMES = {
    "rd_expenditure": "R&D经费支出",
    "rd_personnel": "R&D人员",
    "gdp": "地区生产总值",
    "above_scale_revenue": "规模以上工业企业营业收入",
    "market_entities": "市场主体户数",
}
IP_VARS = ("apps_window", "valid_inventions", "lq")
INNOVATION_VARS = ("rd_expenditure", "rd_personnel")
INDUSTRY_VARS = ("gdp", "above_scale_revenue", "market_entities")


@dataclass
class MatrixCell:
    region: str
    region_name: str
    industry: str
    industry_name: str
    metrics: dict[str, Any]


@dataclass
class Matrix:
    scope: RegionRef
    year: int
    is_demo: bool
    units: list[RegionRef]
    industries: list[tuple[str, str]]
    cells: list[MatrixCell]
    stat_units: dict[str, str]
    notes: list[str] = field(default_factory=list)
    inputs: dict[str, Any] = field(default_factory=dict)


def _stat_units(settings: Settings) -> dict[str, str]:
    from ipatlas.indicators import load_catalog
    from ipatlas.store.lake import Lake

    cat = load_catalog()
    out = {v: st.unit for v, st in ((s.variable, s) for s in cat.statistics.values()) if v in STAT_VARS}
    con = Lake(settings.lake_dir).connect()
    try:
        for var, unit in con.execute(
            "SELECT variable, any_value(unit) FROM statistics"
            " WHERE variable IN (SELECT unnest(?)) GROUP BY 1",
            [list(STAT_VARS)],
        ).fetchall():
            out.setdefault(str(var), str(unit))
    finally:
        con.close()
    return out


def _scope_growth(
    vals: dict[tuple[str, str, str, int], float], scope: str, codes: list[str], iids: list[str], year: int
) -> dict[str, float | None]:
    """Each field's application growth in the scope: its own cube rows when it is a region, the
    members' sum for a group."""
    out: dict[str, float | None] = {}
    for iid in iids:
        if any((scope, iid, "pat_app_total", y) in vals for y in range(year - LQ_WINDOW, year + 1)):
            a0 = vals.get((scope, iid, "pat_app_total", year - LQ_WINDOW), 0.0)
            a1 = vals.get((scope, iid, "pat_app_total", year), 0.0)
        else:
            a0 = sum(vals.get((c, iid, "pat_app_total", year - LQ_WINDOW), 0.0) for c in codes)
            a1 = sum(vals.get((c, iid, "pat_app_total", year), 0.0) for c in codes)
        out[iid] = cagr(a0, a1, LQ_WINDOW)
    return out


def _statistics(settings: Settings, codes: list[str], year: int, notes: list[str]) -> tuple[Any, int | None]:
    """The units' yearbook statistics (latest year ≤ ``year``, said in ``notes``) and that year."""
    import pandas as pd

    from ipatlas.evaluate.assessment import statistics_year

    stat_year = statistics_year(settings, year)
    if stat_year is not None and stat_year != year:
        notes.append(f"统计年鉴数据（R&D、GDP、市场主体等）采用{stat_year}年数据（{year}年数据尚未导入）。")
    stats = pd.DataFrame(index=codes, columns=list(STAT_VARS), dtype=float)
    try:
        from ipatlas.evaluate.layout import fetch_statistics

        stats = fetch_statistics(settings, codes, stat_year or year, list(STAT_VARS)).reindex(
            index=codes, columns=list(STAT_VARS)
        )
    except IpatlasError as exc:
        notes.append(f"统计数据读取失败：{exc.message}")
    return stats, stat_year


def _inputs(info: dict[str, Any], counting: str | None, year: int, scope: str) -> dict[str, Any]:
    """What the matrix was computed from (cube version, counting) and how to reproduce its parts."""
    from ipatlas.indicators.engine import Counting

    return {
        "cube_version": info.get("version"),
        "counting": Counting.parse(counting).id,
        "year": year,
        "scope": scope,
        "lq": f"ipatlas.evaluate.location_quotient（{year - LQ_WINDOW + 1}—{year}年专利申请量"
        f"，区县 × WIPO技术领域）",
        "ip": f"ipatlas indicators ranking --level county --parent {scope} --year {year} "
        "--id pat_app_total --industry wipo:NN --json",
    }


def gather_matrix(
    settings: Settings,
    region: str,
    year: int | None = None,
    *,
    counting: str | None = None,
    industries: list[str] | None = None,
    progress: ProgressCallback = no_progress,
) -> Matrix:
    import pandas as pd

    from ipatlas.evaluate import location_quotient
    from ipatlas.indicators import cube_info, cube_slice
    from ipatlas.indicators import industries as cube_industries
    from ipatlas.reports.gather import default_year
    from ipatlas.reports.regions import comparison_units, region_ref

    progress(0, 5, "读取指标")
    info = cube_info(settings)
    year = int(year) if year is not None else default_year(settings)
    ref = region_ref(region, settings)
    scope, units = (
        (ref, comparison_units(ref, settings)[1])
        if ref.level != "county"
        else comparison_units(ref, settings)
    )
    codes = [u.code for u in units]
    inds = [(str(i["id"]), str(i["name"])) for i in cube_industries(settings) if i.get("scheme") == "wipo"]
    if industries:
        wanted = {i if ":" in i else f"wipo:{int(i):02d}" if i.isdigit() else i for i in industries}
        inds = [i for i in inds if i[0] in wanted]
    rows = cube_slice(
        settings,
        regions=[*codes, scope.code],
        indicators=["pat_app_total", "pat_valid_invention", "pat_app_invention"],
        years=range(year - LQ_WINDOW, year + 1),
        scheme="wipo",
        counting=counting,
    )
    vals = {
        (str(r["region_code"]), str(r["industry"]), str(r["indicator"]), int(r["year"])): float(r["value"])
        for r in rows
        if r["value"] is not None
    }
    progress(1, 5, "区位熵")

    def window(code: str, iid: str, end: int) -> float:
        return sum(
            vals.get((code, iid, "pat_app_total", y), 0.0) for y in range(end - LQ_WINDOW + 1, end + 1)
        )

    def growth(code: str, iid: str) -> float | None:
        a0 = vals.get((code, iid, "pat_app_total", year - LQ_WINDOW), 0.0)
        a1 = vals.get((code, iid, "pat_app_total", year), 0.0)
        return cagr(a0, a1, LQ_WINDOW)

    counts = pd.DataFrame({iid: {c: window(c, iid, year) for c in codes} for iid, _ in inds}).reindex(codes)
    lq = location_quotient(counts) if counts.to_numpy().sum() > 0 else counts * float("nan")
    scope_growth = _scope_growth(vals, scope.code, codes, [iid for iid, _ in inds], year)

    progress(2, 5, "统计数据")
    notes: list[str] = []
    stats, stat_year = _statistics(settings, codes, year, notes)
    stat_units = _stat_units(settings)

    names = {u.code: u.name for u in units}
    cells: list[MatrixCell] = []
    for c in codes:
        for iid, iname in inds:
            m: dict[str, Any] = {
                "applications": vals.get((c, iid, "pat_app_total", year), 0.0),
                "apps_window": window(c, iid, year),
                "inventions": vals.get((c, iid, "pat_app_invention", year), 0.0),
                "valid_inventions": vals.get((c, iid, "pat_valid_invention", year), 0.0),
                "count": vals.get((c, iid, "pat_valid_invention", year), 0.0),
                "growth": growth(c, iid),
                "growth_parent": scope_growth.get(iid),
                "lq": _num(lq.at[c, iid]) if iid in lq.columns else None,
            }
            for v in STAT_VARS:
                m[v] = _num(stats.at[c, v]) if v in stats.columns else None
            cells.append(MatrixCell(c, names[c], iid, iname, m))

    progress(3, 5, "耦合协调度")
    _match(cells, notes)
    progress(4, 5, "综合评价")
    _scores(settings, scope, units, year, cells, notes, stat_year)
    progress(5, 5, "完成")
    return Matrix(
        scope=scope,
        year=year,
        is_demo=bool(info.get("is_demo")),
        units=units,
        industries=inds,
        cells=cells,
        stat_units=stat_units,
        notes=notes,
        inputs=_inputs(info, counting, year, scope.code),
    )


def _num(v: Any) -> float | None:
    try:
        f = float(v)
    except (TypeError, ValueError):
        return None
    return f if f == f and f not in (float("inf"), float("-inf")) else None


def _match(cells: list[MatrixCell], notes: list[str]) -> None:
    import pandas as pd

    from ipatlas.evaluate import static_match

    index = pd.MultiIndex.from_tuples([(c.region, c.industry) for c in cells], names=["region", "industry"])
    data = pd.DataFrame(
        [{k: c.metrics.get(k) for k in (*IP_VARS, *INNOVATION_VARS, *INDUSTRY_VARS)} for c in cells],
        index=index,
        dtype=float,
    )
    subsystems = {
        "ip": [v for v in IP_VARS if data[v].notna().any()],
        "innovation": [v for v in INNOVATION_VARS if data[v].notna().any()],
        "industry": [v for v in INDUSTRY_VARS if data[v].notna().any()],
    }
    missing = [k for k, v in subsystems.items() if not v]
    if missing:
        cn = {
            "ip": "知识产权",
            "innovation": "创新（R&D经费、R&D人员）",
            "industry": "产业（GDP、规上工业营业收入、市场主体）",
        }
        notes.append(
            "统计数据缺少" + "、".join(cn[m] for m in missing) + "子系统的指标，耦合协调度与匹配类型未计算；"
            "请导入统计年鉴数据（ipatlas ingest stats）。"
        )
        return
    used = [v for vs in subsystems.values() for v in vs]
    # Units lacking any subsystem input are left out rather than imputed.
    complete = data[used].notna().all(axis=1)
    if complete.sum() < 3:
        notes.append("具备完整统计数据的区域 × 产业单元不足3个，耦合协调度未计算。")
        return
    try:
        m = static_match(data.loc[complete, used], subsystems)
    except IpatlasError as exc:
        notes.append(f"耦合协调度未能计算：{exc.message}")
        return
    by = {(c.region, c.industry): c for c in cells}
    for key, row in m.iterrows():
        c = by.get(key)  # type: ignore[call-overload]
        if c is None:
            continue
        c.metrics.update(
            {
                "ip_index": _num(row.get("U_ip")),
                "innovation_index": _num(row.get("U_innovation")),
                "industry_index": _num(row.get("U_industry")),
                "coupling": _num(row.get("C")),
                "coordination": _num(row.get("D")),
                "band": row.get("band") if isinstance(row.get("band"), str) else None,
                "match_type": row.get("type") if isinstance(row.get("type"), str) else None,
            }
        )


def _scores(
    settings: Settings,
    scope: RegionRef,
    units: list[RegionRef],
    year: int,
    cells: list[MatrixCell],
    notes: list[str],
    stat_year: int | None = None,
) -> None:
    """Composite layout score of each region, as a percentile among the units (0–100)."""
    try:
        from ipatlas.evaluate.assessment import lagged_fetch
        from ipatlas.evaluate.layout import evaluate_layout

        res = evaluate_layout(
            settings, scope.code, year, units=[u.code for u in units], fetch=lagged_fetch(stat_year)
        )
    except IpatlasError as exc:
        notes.append(f"综合评价得分未计算：{exc.message}")
        return
    col = res.scores[res.index_code].dropna()
    if col.empty:
        return
    pct = col.rank(pct=True, method="average") * 100
    for c in cells:
        if c.region in col.index:
            c.metrics["score_raw"] = float(col[c.region])
            c.metrics["score"] = float(pct[c.region])


def coverage(matrix: Matrix) -> dict[str, int]:
    """How many cells have each metric (for summaries and tests)."""
    keys = {k for c in matrix.cells for k in c.metrics}
    return {
        k: sum(1 for c in matrix.cells if is_num(c.metrics.get(k)) or isinstance(c.metrics.get(k), str))
        for k in sorted(keys)
    }
