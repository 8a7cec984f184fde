"""3. Events: flows in their year, stocks +w at start and −w after their end (patents, trademarks, GIs)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import ibis
import ibis.expr.types as ir

from ipatlas.indicators.catalog import Measure
from ipatlas.indicators.engine.facts import _crit_col, _domestic, _eoy_year, _isin, _where, hv_parts
from ipatlas.indicators.engine.inputs import EngineInputs

# ---------------------------------------------------------------------------------------------
# 3. events
# ---------------------------------------------------------------------------------------------
Contribution = dict[str, ir.BooleanValue]  # event → condition (+); negative keys start with '-'


def _patent_contributions(f: ir.Table, m: Measure) -> dict[str, list[tuple[ir.BooleanValue, float]]]:
    c = _where(f, m)
    h = hv_parts(f)
    out: dict[str, list[tuple[ir.BooleanValue, float]]] = {}
    b = m.basis
    if b not in ("patent_filed", "patent_granted", "patent_closed", "pct_filed"):
        valid = c & h["valid_ok"]
        inv_valid = valid & h["inv"] if b != "patent_valid" else valid

    def add(event: str, cond: ir.BooleanValue, sign: float = 1.0) -> None:
        out.setdefault(event, []).append((cond, sign))

    if b == "patent_filed":
        add("filed", c)
    elif b == "patent_granted":
        add("granted", c & f.g_y.notnull())
    elif b == "patent_closed":
        add("closed", c)
    elif b == "pct_filed":
        add("pct", c)
    elif b == "patent_valid":
        add("granted", valid)
        add("valid_end", valid, -1)
    elif b == "patent_hv_criterion":
        if m.criterion == "maintained_10y":
            cond = c & h["inv"] & h["m10_in"]
            add("m10", cond)
            add("valid_end", cond, -1)
        else:
            cond = inv_valid & _crit_col(f, str(m.criterion)).fill_null(False)
            add("granted", cond)
            add("valid_end", cond, -1)
    elif b == "patent_hv_criterion_unknown":
        cond = inv_valid & _crit_col(f, str(m.criterion)).isnull()
        add("granted", cond)
        add("valid_end", cond, -1)
    elif b == "patent_high_value":
        st = inv_valid & h["static_true"]
        mt = c & h["inv"] & h["m10_in"] & ~h["static_true"]
        add("granted", st)
        add("m10", mt)
        add("valid_end", st | mt, -1)
    elif b == "patent_high_value_undetermined":
        u = inv_valid & h["static_unknown"] & (f.m10_y > f.g_y)
        add("granted", u)
        add("m10", u & h["m10_in"], -1)
        add("valid_end", u & ~h["m10_in"], -1)
    return out


def _patent_event_years(f: ir.Table) -> dict[str, tuple[ir.IntegerValue, ir.BooleanValue]]:
    h = hv_parts(f)
    cols = set(f.columns)
    out: dict[str, tuple[ir.IntegerValue, ir.BooleanValue]] = {}
    if "f_y" in cols:
        out["filed"] = (f.f_y, f.f_y.notnull())
    if "g_y" in cols:
        out["granted"] = (f.g_y, f.g_y.notnull())
    if {"g_y", "v_e"} <= cols:
        out["valid_end"] = (f.v_e + 1, h["valid_ok"])
    if {"g_y", "v_e", "m10_y", "kind"} <= cols:
        out["m10"] = (h["m10_s"], h["inv"] & h["m10_in"])
    if "pct_y" in cols:
        out["pct"] = (f.pct_y, f.pct_y.notnull())
    if "closed_y" in cols:
        out["closed"] = (f.closed_y, f.closed_y.notnull())
    return out


def trademark_facts(inp: EngineInputs) -> ir.Table:
    t = inp.trademarks
    t = t.filter(_domestic(t) & t.province_code.notnull())
    reg_y = t.reg_date.year().cast("int32")
    end = ibis.cases(
        (t.expiry_date.notnull(), _eoy_year(t.expiry_date)),
        else_=(reg_y + 9).cast("int32"),
    )
    registered = t.reg_date.notnull() & ~_isin(t.status, ["invalid", "pending"]).fill_null(False)
    return t.select(
        key=t.reg_no + "/" + t.nice_class.cast("string"),
        adcode=t.adcode,
        city_code=t.city_code,
        province_code=t.province_code,
        a_y=t.app_date.year().cast("int32"),
        r_y=reg_y,
        t_e=end,
        registered=registered.fill_null(False),
        is_gi=t.is_gi,
    )


def _tm_contributions(f: ir.Table, m: Measure) -> dict[str, list[tuple[ir.BooleanValue, float]]]:
    c = _where(f, m)
    valid = c & f.registered & (f.t_e >= f.r_y)
    if m.basis == "trademark_filed":
        return {"tm_filed": [(c, 1.0)]}
    if m.basis == "trademark_registered":
        return {"tm_reg": [(c & f.r_y.notnull(), 1.0)]}
    return {"tm_reg": [(valid, 1.0)], "tm_end": [(valid, -1.0)]}


def _tm_event_years(f: ir.Table) -> dict[str, tuple[ir.IntegerValue, ir.BooleanValue]]:
    return {
        "tm_filed": (f.a_y, f.a_y.notnull()),
        "tm_reg": (f.r_y, f.r_y.notnull()),
        "tm_end": (f.t_e + 1, f.registered & f.r_y.notnull()),
    }


def gi_facts(inp: EngineInputs) -> ir.Table:
    g = inp.gi
    g = g.filter(_domestic(g) & g.province_code.notnull())  # undated GIs kept: see gi_undated
    return g.select(
        key=g.gi_id,
        adcode=g.adcode,
        city_code=g.city_code,
        province_code=g.province_code,
        gy=g.year.cast("int32"),
    )


def _events(
    f: ir.Table,
    measures: list[Measure],
    contrib: Callable[[ir.Table, Measure], dict[str, list[tuple[ir.BooleanValue, float]]]],
    years: dict[str, tuple[ir.IntegerValue, ir.BooleanValue]],
    all_measures: list[str],
    max_year: int,
) -> list[ir.Table]:
    """Event rows (region, industry, year, m_<measure> deltas): one projection per event kind
    (filing, grant, end of validity, …) over the (materialised) signature table ``f``."""
    per_event: dict[str, dict[str, list[tuple[ir.BooleanValue, float]]]] = {}
    for m in measures:
        for event, conds in contrib(f, m).items():
            per_event.setdefault(event, {}).setdefault(m.id, []).extend(conds)
    out = []
    for event, by_measure in per_event.items():
        year, present = years[event]
        any_cond: ir.BooleanValue = ibis.literal(False)
        cols: dict[str, Any] = {}
        for mid in all_measures:
            parts = by_measure.get(mid) or []
            if not parts:
                cols[f"m_{mid}"] = ibis.literal(0.0)
                continue
            expr: ir.FloatingValue = ibis.literal(0.0)
            for cond, sign in parts:
                expr = expr + ibis.ifelse(cond, f.w * sign, 0.0)
                any_cond = any_cond | cond
            cols[f"m_{mid}"] = expr
        proj = f.filter((present & (year <= max_year) & any_cond).fill_null(False)).select(
            adcode=f.adcode,
            city_code=f.city_code,
            province_code=f.province_code,
            industry=f.industry,
            year=year.cast("int32"),
            **cols,
        )
        out.append(proj)
    return out


def _gi_events(
    f: ir.Table, measures: list[Measure], all_measures: list[str], max_year: int, first_year: int
) -> list[ir.Table]:
    """GIs never lapse in the data: dated ones count from their announcement year; undated ones
    (the source gives no year) enter every year, in their own measures (``gi_undated``,
    ``gi_any``), so a yearly count never silently drops them."""
    out = []
    for dated in (True, False):
        cols: dict[str, Any] = {f"m_{mid}": ibis.literal(0.0) for mid in all_measures}
        for m in measures:
            if m.basis == "gi_any" or (m.basis == "gi_undated") != dated:
                cols[f"m_{m.id}"] = ibis.literal(1.0)
        year = f.gy if dated else ibis.literal(first_year, "int32")
        cond = f.gy.notnull() & (f.gy <= max_year) if dated else f.gy.isnull()
        if dated:
            # gi_any: dated GIs are counted at first_year too (不分年份)
            cols.update({f"m_{m.id}": ibis.literal(0.0) for m in measures if m.basis == "gi_any"})
        out.append(
            f.filter(cond).select(
                adcode=f.adcode,
                city_code=f.city_code,
                province_code=f.province_code,
                industry=ibis.literal("ALL"),
                year=year.cast("int32"),
                **cols,
            )
        )
    anyone = [m for m in measures if m.basis == "gi_any"]
    if anyone:
        cols = {f"m_{mid}": ibis.literal(0.0) for mid in all_measures}
        cols.update({f"m_{m.id}": ibis.literal(1.0) for m in anyone})
        out.append(
            f.filter(f.gy.notnull()).select(
                adcode=f.adcode,
                city_code=f.city_code,
                province_code=f.province_code,
                industry=ibis.literal("ALL"),
                year=ibis.literal(first_year, "int32"),
                **cols,
            )
        )
    return out
