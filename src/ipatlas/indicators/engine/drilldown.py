"""Drill-down: the cube's predicates, record by record."""

from __future__ import annotations

import datetime as dt

import ibis
import ibis.expr.types as ir
import pyarrow as pa

from ipatlas.indicators.catalog import Measure
from ipatlas.indicators.engine.facts import _crit_col, _where, hv_parts
from ipatlas.indicators.engine.records import records_predicate


# drill-down: the same predicates, record by record
# ---------------------------------------------------------------------------------------------
def measure_predicate(t: ir.Table, m: Measure, year: int) -> ir.BooleanValue:
    """Records of measure ``m`` counted in ``year`` (facts of the measure's table)."""
    b = m.basis
    if b == "records":
        return records_predicate(t, m, year)
    c = _where(t, m)
    if m.table == "patents":
        h = hv_parts(t)
        valid_at = h["valid_ok"] & (t.g_y <= year) & (t.v_e >= year)
        inv_valid_at = valid_at & h["inv"]
        m10_at = t.m10_y <= year
        if b == "patent_filed":
            return c & (t.f_y == year)
        if b == "patent_granted":
            return c & (t.g_y == year)
        if b == "patent_closed":
            return c & (t.closed_y == year)
        if b == "pct_filed":
            return c & (t.pct_y == year)
        if b == "patent_valid":
            return c & valid_at
        if b == "patent_hv_criterion":
            if m.criterion == "maintained_10y":
                return c & inv_valid_at & m10_at
            return c & inv_valid_at & _crit_col(t, str(m.criterion)).fill_null(False)
        if b == "patent_hv_criterion_unknown":
            return c & inv_valid_at & _crit_col(t, str(m.criterion)).isnull()
        if b == "patent_high_value":
            return c & inv_valid_at & (h["static_true"] | m10_at)
        if b == "patent_high_value_undetermined":
            return c & inv_valid_at & h["static_unknown"] & ~m10_at
    if m.table == "trademarks":
        if b == "trademark_filed":
            return c & (t.a_y == year)
        if b == "trademark_registered":
            return c & (t.r_y == year)
        return c & t.registered & (t.r_y <= year) & (t.t_e >= year)
    if b == "gi_announced":
        return t.gy == year
    if b == "gi_undated":
        return t.gy.isnull()
    if b == "gi_any":
        return ibis.literal(True)
    return t.gy <= year


def region_predicate(t: ir.Table, level: str, code: str, groups: pa.Table) -> ir.BooleanValue:
    if level == "county":
        return t.adcode == code
    if level == "city":
        return t.city_code == code
    if level == "province":
        return t.province_code == code
    members = [
        c
        for g, c in zip(groups.column("gid").to_pylist(), groups.column("county").to_pylist(), strict=True)
        if g == code
    ]
    return t.adcode.isin(members)


def today_year() -> int:
    return dt.date.today().year
