"""What one engine run reads (tables, years, regions, maps, catalogue) and the shared constants."""

from __future__ import annotations

from dataclasses import dataclass, field

import ibis
import ibis.expr.types as ir
import pyarrow as pa

from ipatlas.indicators.catalog import Catalog, Indicator, Measure
from ipatlas.indicators.engine.counting import DEFAULT_COUNTING, Counting
from ipatlas.store.table_labels import absent_reason, missing_columns_reason

TERMINAL = ["lapsed", "invalidated", "abandoned", "rejected", "expired"]
NON_MAINLAND = ["710000", "810000", "820000"]
HV_STATIC = ("sei", "overseas_family", "pledged", "awarded")
LEVELS = ("county", "city", "province", "group")
REGION_COLS = ("adcode", "city_code", "province_code")
CRITERION_NAMES = {
    "sei": "战略性新兴产业",
    "overseas_family": "海外同族",
    "maintained_10y": "维持年限超过10年",
    "pledged": "质押融资",
    "awarded": "获奖",
}
CUBE_SCHEMA = pa.schema(
    [
        ("region_level", pa.string()),
        ("region_code", pa.string()),
        ("industry", pa.string()),
        ("year", pa.int32()),
        ("indicator", pa.string()),
        ("counting", pa.string()),
        ("value", pa.float64()),
        ("numerator", pa.float64()),
        ("denominator", pa.float64()),
        ("reason", pa.string()),
        ("num_source", pa.string()),
        ("den_source", pa.string()),
        ("undetermined", pa.float64()),
        ("missing", pa.string()),
        ("lower_bound", pa.bool_()),
    ]
)


# ---------------------------------------------------------------------------------------------
# inputs
# ---------------------------------------------------------------------------------------------
@dataclass
class EngineInputs:
    patents: ir.Table
    trademarks: ir.Table
    gi: ir.Table
    statistics: ir.Table
    years: list[int]
    region_dim: pa.Table  # level, code, parent_level, parent_code, name
    members: pa.Table  # level, code, county
    census: pa.Table  # level, code, census_pop (万人)
    groups: pa.Table  # gid, county
    maps: dict[str, pa.Table]  # scheme → (ipc, industry, kw)
    sei: pa.Table | None  # (ipc, kw) or None when no SEI concordance
    enterprises: pa.Table | None  # (name_key) or None
    catalog: Catalog
    counting: Counting = DEFAULT_COUNTING
    indicator_ids: list[str] | None = None
    levels: tuple[str, ...] = LEVELS
    unavailable_schemes: dict[str, str] = field(default_factory=dict)
    # lake fact tables read by ``records`` measures (absent tables are simply not in the dict)
    facts: dict[str, ir.Table] = field(default_factory=dict)

    @property
    def ext_years(self) -> list[int]:
        return sorted(set(self.years) | {y - 1 for y in self.years})

    def indicators(self) -> list[Indicator]:
        cat = self.catalog
        if self.indicator_ids is None:
            return cat.ordered()
        return [cat.get(i) for i in self.indicator_ids]


def unavailable_measures(inp: EngineInputs) -> dict[str, str]:
    """Measures whose input data is absent: their value is null with this reason, never 0."""
    out: dict[str, str] = {}
    for m in inp.catalog.measures.values():
        if m.criterion == "sei" and m.basis == "patent_hv_criterion" and inp.sei is None:
            out[m.id] = "未导入《战略性新兴产业分类与国际专利分类参照关系表》，无法判定战略性新兴产业标准"
        if m.where.get("above_scale") and inp.enterprises is None:
            out[m.id] = "未导入规模以上工业企业名录，也无统计调查的规模以上工业企业有效发明专利数"
        if m.basis == "records":
            why = records_unavailable(inp.facts.get(m.table), m)
            if why:
                out[m.id] = why
    return out


def records_unavailable(t: ir.Table | None, m: Measure) -> str | None:
    """Why a ``records`` measure cannot be counted (its fact table or a column is absent), or None."""
    if t is None:
        return absent_reason(m.table)
    missing = [c for c in (*REGION_COLS, *m.columns) if c not in t.columns]
    if missing:
        return missing_columns_reason(m.table, missing)
    return None


def _null_f() -> ir.FloatingValue:
    return ibis.null("float64")


def _null_s() -> ir.StringValue:
    return ibis.null("string")
