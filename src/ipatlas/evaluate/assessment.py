"""The 布局 assessment (知识产权区域布局评价): one function with one set of defaults, used by the
综合评价 page, its ``.json`` API and the layout report alike.

:func:`layout_assessment` compares the units of a region (:func:`ipatlas.regions.hierarchy.
comparison_units`) in one year:

1. the layout composite index (:func:`ipatlas.evaluate.layout.evaluate_layout`, default framework)
   with its uncertainty — :data:`RUNS` Monte Carlo runs over weights, normalisation and aggregation
   (nominal normalisation min-max onto [1, 100] so that geometric aggregation is defined) — and the
   5th–95th percentile rank interval of every unit;
2. the match (匹配度) of the IP, innovation and industry subsystems (:data:`MATCH_SUBSYSTEMS`,
   :func:`ipatlas.evaluate.match.static_match`: coupling C, coordination D, band, match type);
3. LISA clusters and global Moran's I of :data:`LISA_INDICATOR` on queen contiguity.

Statistics (R&D, GDP, market entities) lag a year: every step reads them for the latest year with
data, at or before the assessment year (:func:`statistics_year`), and says so in ``notes``.
Each part that cannot be computed leaves a note instead of failing the others.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

import pandas as pd

from ipatlas import DEMO_LABEL
from ipatlas.config import Settings
from ipatlas.errors import EvaluationError, InputError, IpatlasError
from ipatlas.evaluate.layout import (
    Fetch,
    evaluate_layout,
    fetch_cube,
    fetch_statistics,
    load_layout_framework,
)
from ipatlas.evaluate.match import static_match
from ipatlas.evaluate.spatial import contiguity_weights, global_moran, local_moran
from ipatlas.indicators import cube_info, load_catalog
from ipatlas.regions import boundaries
from ipatlas.regions.hierarchy import comparison_units, name_of
from ipatlas.store.lake import Lake

RUNS = 400
SEED = 1
NOMINAL_NORMALISATION = {"method": "minmax", "range": [1, 100]}
MATCH_SUBSYSTEMS = {
    "ip": ["inv_per_10k_pop", "hv_inv_per_10k_pop", "pat_app_total", "tm_valid"],
    "innovation": ["rd_expenditure", "rd_personnel"],
    "industry": ["gdp", "above_scale_revenue", "market_entities"],
}
SUBSYSTEM_NAMES = {
    "ip": "知识产权",
    "innovation": "创新（R&D经费、人员）",
    "industry": "产业（GDP、营业收入、市场主体）",
}
STAT_VARS = ("rd_expenditure", "rd_personnel", "gdp", "above_scale_revenue", "market_entities")
UNCERTAINTY = {
    "n_runs": RUNS,
    "seed": SEED,
    "design": "uncertainty",
    "nominal_normalisation": NOMINAL_NORMALISATION,
}
LISA_INDICATOR = "inv_per_10k_pop"
LISA_MIN_UNITS = 5


@dataclass
class UnitAssessment:
    code: str
    name: str
    score: float | None = None
    rank: int | None = None
    rank_low: float | None = None
    rank_high: float | None = None
    pillars: dict[str, float | None] = field(default_factory=dict)  # aggregate code → score
    ip_index: float | None = None
    innovation_index: float | None = None
    industry_index: float | None = None
    coupling: float | None = None
    coordination: float | None = None
    band: str | None = None
    match_type: str | None = None
    lisa: str | None = None  # HH / LH / LL / HL / 不显著
    lisa_value: float | None = None


@dataclass
class LayoutAssessment:
    region: str
    region_name: str
    scope: str
    year: int
    statistics_year: int | None
    units: list[UnitAssessment]
    index_code: str = ""
    aggregates: dict[str, str] = field(default_factory=dict)  # code → name (index first)
    method: str = ""
    runs: int = RUNS
    run_id: str | None = None
    framework_source: str = ""
    moran_i: float | None = None
    moran_p: float | None = None
    lisa_indicator: str = LISA_INDICATOR
    is_demo: bool = False
    notes: list[str] = field(default_factory=list)
    traces: list[dict[str, str]] = field(default_factory=list)
    # the framework's screening step: its data-availability threshold (None: not screened), the
    # units it dropped and every unit's availability
    screen_threshold: float | None = None
    screened_out: list[str] = field(default_factory=list)
    availability: dict[str, float] = field(default_factory=dict)

    def unit(self, code: str) -> UnitAssessment | None:
        return next((u for u in self.units if u.code == code), None)


def statistics_year(settings: Settings, year: int, variables: Sequence[str] = STAT_VARS) -> int | None:
    """The latest statistics year ≤ ``year`` with data for the variables (yearbooks lag a year)."""
    con = Lake(settings.lake_dir).connect()
    try:
        row = con.execute(
            "SELECT max(year) FROM statistics WHERE year <= ? AND variable IN (SELECT unnest(?))",
            [int(year), list(variables)],
        ).fetchone()
    finally:
        con.close()
    return int(row[0]) if row and row[0] is not None else None


def lagged_fetch(stat_year: int | None) -> Fetch:
    """A layout-data reader: cube indicators for the assessment year, statistics for ``stat_year``."""

    def fetch(settings: Any, codes: Sequence[str], year: int, ids: Sequence[str]) -> pd.DataFrame:
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


def layout_assessment(
    settings: Settings, region: str, year: int, *, units: Sequence[str] | None = None, screen: bool = True
) -> LayoutAssessment:
    """The assessment of the units of ``region`` in ``year`` (see the module doc for the steps).

    ``screen=False`` skips the framework's screening step (every unit is ranked)."""
    scope, default_units = comparison_units(settings, region)
    codes = list(units) if units is not None else default_units
    if not codes:
        raise EvaluationError(f"{name_of(settings, region)} 没有可比较的下级区域", region=region)
    stat_year = statistics_year(settings, year)
    out = LayoutAssessment(
        region=region,
        region_name=name_of(settings, region),
        scope=scope,
        year=int(year),
        statistics_year=stat_year,
        units=[UnitAssessment(c, name_of(settings, c)) for c in codes],
        is_demo=bool(cube_info(settings).get("is_demo")),
    )
    if stat_year is not None and stat_year != year:
        out.notes.append(
            f"统计年鉴数据（R&D、GDP、市场主体等）采用{stat_year}年数据（{year}年数据尚未导入）。"
        )
    _composite(settings, out, codes, stat_year, screen)
    _match(settings, out, codes, stat_year)
    _lisa(settings, out, codes)
    return out


def _composite(
    settings: Settings, out: LayoutAssessment, codes: list[str], stat_year: int | None, screen: bool
) -> None:
    by = {u.code: u for u in out.units}
    try:
        _fw, default_spec = load_layout_framework()
        steps = [(n, p if screen or n != "screen" else {"by": "none"}) for n, p in default_spec.steps]
        spec = dataclasses.replace(default_spec, steps=steps, sensitivity=UNCERTAINTY)
        out.screen_threshold = next(
            (
                float(p.get("threshold", 2 / 3))
                for n, p in spec.steps
                if n == "screen" and p.get("by", "na") != "none"
            ),
            None,
        )
        res = evaluate_layout(
            settings, out.scope, out.year, units=codes, spec=spec, fetch=lagged_fetch(stat_year)
        )
    except (IpatlasError, KeyError, ValueError) as exc:
        out.notes.append(f"综合评价未能计算：{getattr(exc, 'message', exc)}")
        return
    idx = res.index_code
    out.index_code = idx
    det = res.step_details.get("screen") or {}
    out.screened_out = [str(c) for c in det.get("removed", [])]
    out.availability = {str(k): float(v) for k, v in (det.get("availability") or {}).items()}
    out.aggregates = {str(a): res.framework.name(a) for a in res.scores.columns}
    for c in codes:
        u = by[c]
        u.score = _f(res.scores[idx].get(c))
        rk = _f(res.ranks[idx].get(c))
        u.rank = int(rk) if rk is not None else None
        u.pillars = {str(a): _f(res.scores[a].get(c)) for a in res.scores.columns if a != idx}
    if res.sensitivity is not None:
        stats = res.sensitivity.rank_stats
        for c in codes:
            if c in stats.index and _f(stats.at[c, "q05"]) is not None:
                by[c].rank_low = float(stats.at[c, "q05"])
                by[c].rank_high = float(stats.at[c, "q95"])
    out.method = f"{res.framework.name(idx)}（{spec.name}；{RUNS}次蒙特卡洛不确定性分析）"
    out.run_id = res.log.get("run_id")
    out.framework_source = str(res.framework.source or "")
    out.is_demo = out.is_demo or res.log.get("label") == DEMO_LABEL
    out.traces.append(
        {
            "id": idx,
            "name": res.framework.name(idx),
            "source": f"ipatlas.evaluate.layout_assessment({out.scope}, {out.year}): {len(codes)}个单元，"
            f"默认框架，run_id={out.run_id}",
            "definition": "创造潜力、创造能力、运用能力、运用需求四个维度",
            "reference": out.framework_source,
        }
    )


def _match(settings: Settings, out: LayoutAssessment, codes: list[str], stat_year: int | None) -> None:
    by = {u.code: u for u in out.units}
    try:
        cube = fetch_cube(settings, codes, out.year, MATCH_SUBSYSTEMS["ip"])
        stats = fetch_statistics(settings, codes, stat_year or out.year, list(STAT_VARS))
        data = pd.concat([cube, stats], axis=1)
        usable = {
            k: [c for c in v if c in data.columns and data[c].notna().any()]
            for k, v in MATCH_SUBSYSTEMS.items()
        }
        missing = [k for k, v in usable.items() if not v]
        if missing:
            raise InputError(
                "统计数据缺少"
                + "、".join(SUBSYSTEM_NAMES[m] for m in missing)
                + "子系统的指标，请导入统计年鉴数据"
            )
        m = static_match(data[[c for v in usable.values() for c in v]].dropna(how="all"), usable)
    except (IpatlasError, KeyError, ValueError) as exc:
        out.notes.append(f"耦合协调度未能计算：{getattr(exc, 'message', exc)}")
        return
    for key, row in m.iterrows():
        u = by.get(str(key))
        if u is None:
            continue
        u.ip_index, u.innovation_index, u.industry_index = (
            _f(row.get("U_ip")),
            _f(row.get("U_innovation")),
            _f(row.get("U_industry")),
        )
        u.coupling, u.coordination = _f(row.get("C")), _f(row.get("D"))
        u.band = row.get("band") if isinstance(row.get("band"), str) else None
        u.match_type = row.get("type") if isinstance(row.get("type"), str) else None
    out.traces.append(
        {
            "id": "match",
            "name": "耦合协调度与匹配类型",
            "source": f"ipatlas.evaluate.static_match(知识产权、创新、产业子系统, {out.year})",
            "definition": "D=√(C·T)，王淑佳等（2021）修正模型；匹配类型按相对发展度",
            "reference": "ipatlas.evaluate.match",
        }
    )


def _lisa(settings: Settings, out: LayoutAssessment, codes: list[str]) -> None:
    by = {u.code: u for u in out.units}
    try:
        values = fetch_cube(settings, codes, out.year, [LISA_INDICATOR])[LISA_INDICATOR]
        geoms = {c: g for c, g in boundaries.geometries(codes).items() if g is not None}
        vals = {c: float(v) for c, v in values.items() if _f(v) is not None and c in geoms}
        if len(vals) < LISA_MIN_UNITS:
            out.notes.append(f"空间自相关未计算：有数值和边界的单元少于 {LISA_MIN_UNITS} 个。")
            return
        w = contiguity_weights({c: geoms[c] for c in vals})
        gm = global_moran(vals, w)
        lm = local_moran(vals, w)
    except (IpatlasError, KeyError, ValueError) as exc:
        out.notes.append(f"空间自相关未能计算：{getattr(exc, 'message', exc)}")
        return
    out.moran_i, out.moran_p = _f(gm.get("I")), _f(gm.get("p_sim"))
    for key, row in lm.iterrows():
        u = by.get(str(key))
        if u is not None:
            cl = str(row["cluster"])
            u.lisa = cl if cl in ("HH", "LL", "LH", "HL") else "不显著"
            u.lisa_value = vals.get(str(key))
    out.traces.append(
        {
            "id": LISA_INDICATOR,
            "name": "每万人口发明专利拥有量（LISA）",
            "source": "ipatlas.evaluate.local_moran(inv_per_10k_pop, queen邻接, 999次置换)",
            "definition": "局部莫兰指数，p≤0.05为显著",
            "reference": "ipatlas.evaluate.spatial",
        }
    )


def _f(v: Any) -> float | None:
    try:
        f = float(v)
    except (TypeError, ValueError):
        return None
    return f if f == f else None
