"""Statistical-yearbook extract of the demo region (profile ``statistics/standard``).

Population starts from the 2020 census by county and moves back and forth in time with a
county growth rate that rises with urbanisation (cities grew, mountain counties shrank); for
Chongqing the base rate is solved so that the 2015 total equals the published year-end
resident population (3016.55万). The economic series follow Chongqing's published totals
(rounded), shared out over counties by population and patent intensity, with noise; other
regions get the same per-resident levels.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pyarrow as pa

from ipatlas.demo import export_formats as lay
from ipatlas.demo import patents as pt
from ipatlas.demo.entities import Entities
from ipatlas.demo.geo import CHONGQING_POPULATION_2015_WAN, DemoRegion

FILE_NAME = "statistics-standard.csv"
FIRST_YEAR = 2010

# Chongqing totals (rounded published figures; later years extrapolated).
CQ_TOTALS = {
    "gdp": {2010: 7926, 2015: 15717, 2020: 25003, 2024: 32193},  # 亿元
    "rd_expenditure": {2010: 1_002_700, 2015: 2_470_000, 2020: 5_268_000, 2024: 8_000_000},  # 万元
    "rd_personnel": {2010: 60_000, 2015: 96_000, 2020: 160_000, 2024: 210_000},  # 人
    "market_entities": {2010: 1_100_000, 2015: 2_000_000, 2020: 2_900_000, 2024: 3_800_000},  # 户
    "above_scale_revenue": {2010: 9_000, 2015: 21_400, 2018: 20_000, 2020: 22_000, 2024: 28_000},  # 亿元
    "above_scale_enterprises": {2010: 5_000, 2015: 6_600, 2020: 6_900, 2024: 7_700},  # 个
    "industry_value_added": {2010: 3_700, 2015: 5_558, 2020: 6_990, 2024: 8_200},  # 亿元
    "value_added_primary": {2010: 685, 2015: 1_150, 2020: 1_803, 2024: 2_190},  # 亿元
    "value_added_secondary": {2010: 4_359, 2015: 7_069, 2020: 9_992, 2024: 12_450},  # 亿元
    "value_added_tertiary": {2010: 2_882, 2015: 7_498, 2020: 13_207, 2024: 17_553},  # 亿元
}
DECIMALS = {
    "population": 2,
    "gdp": 2,
    "rd_expenditure": 0,
    "rd_personnel": 0,
    "market_entities": 0,
    "above_scale_revenue": 2,
    "above_scale_enterprises": 0,
    "industry_value_added": 2,
    "value_added_primary": 2,
    "value_added_secondary": 2,
    "value_added_tertiary": 2,
}
# How concentrated each series is in the high-intensity districts (exponent on intensity).
CONCENTRATION = {
    "gdp": 0.5,
    "rd_expenditure": 1.2,
    "rd_personnel": 1.1,
    "market_entities": 0.3,
    "above_scale_revenue": 0.9,
    "above_scale_enterprises": 0.7,
    "industry_value_added": 0.9,
    "value_added_primary": -0.8,  # farming: the rural counties
    "value_added_secondary": 0.7,
    "value_added_tertiary": 0.6,
}
NO_DATA = "—"  # yearbook mark for "not reported"
SOURCE = "演示数据（ipatlas demo 生成，非真实统计）"


@dataclass
class StatsResult:
    file: str
    rows: int
    cells: int  # non-empty variable cells = statistics records
    years: tuple[int, int]
    population_2015_wan: float  # region total as written in the file
    population_by_year_wan: dict[int, float]


def _growth_rates(region: DemoRegion) -> np.ndarray:
    urb = np.array([c.urbanisation for c in region.counties])
    pop20 = np.array([c.population_2020 for c in region.counties], dtype=np.float64)
    slope = 0.03 * (urb - np.average(urb, weights=pop20))
    if not region.is_chongqing:
        return 0.004 + slope
    # Solve the base rate so that the 2015 total matches the published figure.
    target = CHONGQING_POPULATION_2015_WAN * 10_000
    lo, hi = -0.05, 0.08
    for _ in range(80):
        mid = (lo + hi) / 2
        total = float((pop20 * (1 + mid + slope) ** -5).sum())
        if total > target:
            lo = mid  # higher growth → smaller 2015 population
        else:
            hi = mid
    return (lo + hi) / 2 + slope


def population(region: DemoRegion, years: range) -> np.ndarray:
    """Year-end resident population (persons), counties × years."""
    pop20 = np.array([c.population_2020 for c in region.counties], dtype=np.float64)
    r = _growth_rates(region)
    out = np.empty((len(pop20), len(years)))
    for k, y in enumerate(years):
        if y <= 2020:
            out[:, k] = pop20 * (1 + r) ** (y - 2020)
        else:  # growth stalled after the census
            out[:, k] = pop20 * (1 + r - 0.014) ** (y - 2020)
    return out


def _series(totals: Mapping[int, float], years: range) -> np.ndarray:
    xs = sorted(totals)
    ys = np.array([totals[x] for x in xs], dtype=np.float64)
    out = np.interp(list(years), xs, ys)
    # beyond the last known year: trend of the last interval
    last, prev = xs[-1], xs[-2]
    slope = (totals[last] - totals[prev]) / (last - prev)
    return np.array(
        [v if y <= last else totals[last] + slope * (y - last) for v, y in zip(out, years, strict=True)]
    )


def generate_statistics(out_dir: Path, ents: Entities, *, seed: int, end_year: int) -> StatsResult:
    region = ents.region
    prof = lay.load_profile("statistics", "standard")
    # Variables the generator knows; others the profile may declare are left out of the file.
    var_cols = {
        str(spec["variable"]): str(col)
        for col, spec in prof["variables"].items()
        if str(spec["variable"]) in DECIMALS
    }
    years = range(FIRST_YEAR, end_year)  # a yearbook lags one year behind
    if len(years) == 0:
        years = range(FIRST_YEAR, FIRST_YEAR + 1)
    rng = pt.streams(seed, 3, 1, 0)
    pop = population(region, years)  # persons
    pop_wan = np.round(pop / 10_000, 2)
    cq_pop = CHONGQING_POPULATION_2015_WAN * 10_000
    # Regional totals: Chongqing's per-resident levels applied to the region's population.
    k2015 = years.index(2015) if 2015 in years else 0
    factor = pop[:, k2015].sum() / cq_pop
    values: dict[str, np.ndarray] = {"population": pop_wan}
    for var, totals in CQ_TOTALS.items():
        total = _series(totals, years) * factor
        w = pop * (ents.intensity[:, None] ** CONCENTRATION[var])
        share = w / w.sum(axis=0, keepdims=True)
        noise = np.exp(rng.normal(0, 0.04, share.shape))
        share = share * noise / (share * noise).sum(axis=0, keepdims=True)
        values[var] = np.round(total[None, :] * share, DECIMALS[var])
    # Small counties did not report R&D before 2013: leave those cells empty.
    missing_rd = (
        (pop[:, :1] < 500_000) & (ents.intensity[:, None] < 0.6) & (np.array(list(years))[None, :] < 2013)
    )

    codes, names, yrs = [], [], []
    cols: dict[str, list[float | None]] = {v: [] for v in var_cols}
    for k, y in enumerate(years):
        codes.append(region.code)
        names.append(region.name)
        yrs.append(y)
        for v in var_cols:
            vals_k = values[v][:, k]
            if v in ("rd_expenditure", "rd_personnel"):
                vals_k = np.where(missing_rd[:, k], 0, vals_k)
            cols[v].append(round(float(vals_k.sum()), DECIMALS[v]))
        for i, c in enumerate(region.counties):
            codes.append(c.code)
            names.append(c.name)
            yrs.append(y)
            for v in var_cols:
                missing = v in ("rd_expenditure", "rd_personnel") and bool(missing_rd[i, k])
                cols[v].append(None if missing else float(values[v][i, k]))
    table: dict[str, pa.Array] = {
        str(prof["region_code_column"]): pa.array(codes, pa.string()),
        str(prof["region_name_column"]): pa.array(names, pa.string()),
        str(prof["year_column"]): pa.array(yrs, pa.int64()),
    }
    cells = 0
    for v, col in var_cols.items():
        vals = cols[v]
        cells += sum(x is not None for x in vals)
        if any(x is None for x in vals):
            fmt = "{:.0f}" if DECIMALS[v] == 0 else "{}"
            table[col] = pa.array([NO_DATA if x is None else fmt.format(x) for x in vals], pa.string())
        else:
            typ = pa.int64() if DECIMALS[v] == 0 else pa.float64()
            table[col] = pa.array([int(x or 0) if DECIMALS[v] == 0 else x for x in vals], typ)
    if prof.get("source_column"):
        table[str(prof["source_column"])] = pa.array([SOURCE] * len(codes), pa.string())
    t = pa.table(table)
    out = lay.CsvOut(out_dir / FILE_NAME, t.column_names, "utf-8-sig")
    try:
        out.write(t)
    finally:
        out.close()
    totals_by_year = {y: round(float(pop_wan[:, k].sum()), 2) for k, y in enumerate(years)}
    return StatsResult(
        FILE_NAME,
        t.num_rows,
        cells,
        (years[0], years[-1]),
        totals_by_year.get(2015, float("nan")),
        totals_by_year,
    )
