"""Measures over any lake fact table of a domain package (basis ``records``)."""

from __future__ import annotations

import ibis
import ibis.expr.types as ir

from ipatlas.indicators.catalog import Measure
from ipatlas.indicators.engine.facts import _isin
from ipatlas.indicators.engine.inputs import REGION_COLS, EngineInputs


# records: any lake fact table of a domain package (basis ``records``)
def _year_of(col: ir.Value) -> ir.IntegerValue:
    """The year of a date, timestamp, integer year or ISO date text column."""
    typ = col.type()
    if typ.is_date() or typ.is_timestamp():
        return col.year().cast("int32")  # type: ignore[attr-defined,no-any-return]
    if typ.is_integer():
        return col.cast("int32")  # type: ignore[return-value]
    return col.cast("string").substr(0, 4).try_cast("int32")  # type: ignore[attr-defined,no-any-return]


def _records_where(t: ir.Table, m: Measure) -> ir.BooleanValue:
    cond: ir.BooleanValue = ibis.literal(True)
    for col, val in m.where.items():
        cond = cond & _isin(t[col], val if isinstance(val, list) else [val])
    return cond.fill_null(False)


def records_span(t: ir.Table, m: Measure) -> tuple[ir.IntegerValue, ir.IntegerValue | None]:
    """(first year, last year in force) of each record; the last year is None for flows and
    null for stocks still in force."""
    return _year_of(t[m.date]), (_year_of(t[m.end]) if m.end else None)


def records_predicate(t: ir.Table, m: Measure, year: int) -> ir.BooleanValue:
    """Records of a ``records`` measure counted in ``year`` (the cube's events, record by record)."""
    y0, y1 = records_span(t, m)
    c = t.province_code.notnull() & _records_where(t, m)
    if y1 is None:
        return (c & (y0 == year)).fill_null(False)
    return (c & (y0 <= year) & (y1.isnull() | (y1 >= year))).fill_null(False)


def records_weight(t: ir.Table, m: Measure) -> ir.FloatingValue:
    """The weight of each record: its ``weight`` column (empty = 0), else 1."""
    if m.weight:
        return t[m.weight].cast("float64").fill_null(0.0)  # type: ignore[attr-defined,no-any-return]
    return ibis.literal(1.0)


def _records_events(
    inp: EngineInputs, measures: list[Measure], all_ids: list[str], max_year: int
) -> list[ir.Table]:
    """Event rows of ``records`` measures: +w in the first year; for stocks −w the year after the
    last year in force (a stock whose end precedes its start is never in force)."""
    out = []
    for m in measures:
        t = inp.facts[m.table]
        y0, y1 = records_span(t, m)
        t = t.filter(t.province_code.notnull() & _records_where(t, m))
        sig = t.select(
            *REGION_COLS,
            y0=y0,
            y1=y1 if y1 is not None else ibis.null("int32"),
            w=records_weight(t, m),
        )
        sig = sig.filter(sig.y0.notnull() & (sig.y1.isnull() | (sig.y1 >= sig.y0)))
        sig = sig.group_by([*REGION_COLS, "y0", "y1"]).agg(w=sig.w.sum())
        zeros = {f"m_{i}": ibis.literal(0.0) for i in all_ids if i != m.id}
        start = sig.filter(sig.y0 <= max_year)
        out.append(
            start.select(
                **{c: start[c] for c in REGION_COLS},
                industry=ibis.literal("ALL"),
                year=start.y0.cast("int32"),
                **zeros,
                **{f"m_{m.id}": start.w},
            ).select(*REGION_COLS, "industry", "year", *[f"m_{i}" for i in all_ids])
        )
        if y1 is not None:
            end = sig.filter(sig.y1.notnull() & (sig.y1 + 1 <= max_year))
            out.append(
                end.select(
                    **{c: end[c] for c in REGION_COLS},
                    industry=ibis.literal("ALL"),
                    year=(end.y1 + 1).cast("int32"),
                    **zeros,
                    **{f"m_{m.id}": -end.w},
                ).select(*REGION_COLS, "industry", "year", *[f"m_{i}" for i in all_ids])
            )
    return out


# ---------------------------------------------------------------------------------------------
