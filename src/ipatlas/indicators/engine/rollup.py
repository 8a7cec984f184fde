"""4. Roll-up to every region level, the dense grid, cumulative sums; concentration."""

from __future__ import annotations

import functools
import operator
from collections.abc import Callable, Iterable
from typing import Any

import ibis
import ibis.expr.types as ir
import pyarrow as pa
import pyarrow.compute as pc

from ipatlas.indicators.catalog import Measure
from ipatlas.indicators.engine.attribution import signatures
from ipatlas.indicators.engine.events import (
    _events,
    _gi_events,
    _patent_contributions,
    _patent_event_years,
    _tm_contributions,
    _tm_event_years,
    gi_facts,
    trademark_facts,
)
from ipatlas.indicators.engine.facts import FactNeeds, _has_kw, _isin, patent_facts
from ipatlas.indicators.engine.inputs import REGION_COLS, EngineInputs, unavailable_measures
from ipatlas.indicators.engine.records import _records_events


# 4. roll-up
# ---------------------------------------------------------------------------------------------
def rollup(
    t: ir.Table, inp: EngineInputs, keys: list[str], values: dict[str, Callable[[ir.Table], Any]]
) -> ir.Table:
    """Aggregate finest-grain rows (with adcode/city_code/province_code) to every region level."""
    parts = []
    for level in inp.levels:
        if level == "county":
            # a county code only: some resolvers store the prefecture/province code in adcode
            # when nothing finer was found; those records belong to the prefecture/province only
            is_county = (
                t.adcode.notnull() & (t.adcode != t.province_code) & (t.adcode != t.city_code.fill_null(""))
            )
            s = t.filter(is_county).mutate(code=t.adcode)
        elif level == "city":
            s = t.filter(t.city_code.notnull() & (t.city_code != t.province_code)).mutate(code=t.city_code)
        elif level == "province":
            s = t.mutate(code=t.province_code)
        else:
            if inp.groups.num_rows == 0:
                continue
            g = ibis.memtable(inp.groups).rename(g_county="county")
            s = t.join(g, t.adcode == g.g_county).mutate(code=g.gid)
        parts.append(
            s.group_by(["code", *keys])
            .agg(**{k: fn(s) for k, fn in values.items()})
            .mutate(level=ibis.literal(level))
        )
    return ibis.union(*parts, distinct=False)


def _no_events(all_ids: list[str]) -> ir.Table:
    schema = pa.schema(
        [*((c, pa.string()) for c in (*REGION_COLS, "industry")), ("year", pa.int32())]
        + [(f"m_{i}", pa.float64()) for i in all_ids]
    )
    return ibis.memtable(schema.empty_table())


def _summer(col: str) -> Callable[[ir.Table], Any]:
    def total(t: ir.Table) -> Any:
        return t[col].sum()

    return total


def _years_table(years: Iterable[int]) -> ir.Table:
    return ibis.memtable(pa.table({"year": pa.array(sorted(set(years)), pa.int32())}))


def _dim(inp: EngineInputs) -> ir.Table:
    d = inp.region_dim.filter(pc.is_in(inp.region_dim.column("level"), pa.array(list(inp.levels))))
    return ibis.memtable(d)


_BASIS_COLS = {
    "patent_filed": ("f_y",),
    "patent_granted": ("g_y",),
    "patent_closed": ("closed_y",),
    "pct_filed": ("pct_y",),
    "patent_valid": ("g_y", "v_e"),
    "patent_high_value": ("g_y", "v_e", "kind", "m10_y", "sei", "fam", "pledged", "awarded"),
    "patent_high_value_undetermined": ("g_y", "v_e", "kind", "m10_y", "sei", "fam", "pledged", "awarded"),
}
_FAMILY = {  # measures read together (one pass over the records per family)
    "patent_filed": "filed",
    "patent_closed": "filed",
    "patent_granted": "valid",
    "patent_valid": "valid",
    "pct_filed": "pct",
}
_CRIT_COLS = {"sei": "sei", "overseas_family": "fam", "pledged": "pledged", "awarded": "awarded",
              "maintained_10y": "m10_y"}  # fmt: skip
_WHERE_COLS = {"kind": "kind", "applicant_type": "applicant_type", "above_scale": "above"}


def _relevant(f: ir.Table, measures: list[Measure]) -> ir.BooleanValue:
    """Records that can count for at least one of the measures (cheap tests on raw columns), so
    that e.g. a grants-only plan never aggregates pending applications."""
    conds: list[ir.BooleanValue] = []
    for m in measures:
        if m.basis == "patent_filed":
            cond: ir.BooleanValue = ibis.literal(True)
        elif m.basis == "patent_closed":
            cond = f.closed_y.notnull()
        elif m.basis == "pct_filed":
            cond = f.pct_y.notnull()
        else:  # granted, in force, high value
            cond = f.granted
        kinds = m.where.get("kind")
        if kinds:
            cond = cond & _isin(f.kind, kinds)
        elif m.basis.startswith("patent_h"):
            cond = cond & (f.kind == "invention")
        if cond.equals(ibis.literal(True)):
            return cond
        if not any(cond.equals(c) for c in conds):
            conds.append(cond)
    # used in WHERE only: no COALESCE and, for one condition, a plain conjunction that the
    # Parquet scan can apply as a table filter
    return functools.reduce(operator.or_, conds) if conds else ibis.literal(False)


def patent_signature(measures: Iterable[Measure]) -> list[str]:
    """Fact columns the given patent measures depend on (besides region and industry)."""
    cols: list[str] = []
    for m in measures:
        if m.basis in ("patent_hv_criterion", "patent_hv_criterion_unknown"):
            need: tuple[str, ...] = ("g_y", "v_e", "kind", _CRIT_COLS[str(m.criterion)])
        else:
            need = _BASIS_COLS[m.basis]
        cols.extend(need)
        cols.extend(_WHERE_COLS[k] for k in m.where)
    return list(dict.fromkeys(cols))


def _needs(measures: Iterable[Measure], keys: list[str], inp: EngineInputs) -> FactNeeds:
    ms = list(measures)
    cols = {*REGION_COLS, *keys, "granted", "kind", "ipc_main"}
    if any(m.basis == "patent_closed" for m in ms):
        cols.add("closed_y")
    if inp.counting.ipc != "first" or any(_has_kw(m) for m in inp.maps.values()):
        cols |= {"ipcs", "text"}
    return FactNeeds(
        columns=tuple(sorted(cols)),
        pct=any(m.basis == "pct_filed" for m in ms),
        sei=any(
            m.basis in ("patent_high_value", "patent_high_value_undetermined") or m.criterion == "sei"
            for m in ms
        ),
        above=any(m.where.get("above_scale") for m in ms),
    )


def measure_cube(
    inp: EngineInputs,
    measures: list[Measure],
    industry: bool,
    keep: Callable[[ir.Table], ir.Table] = lambda t: t,
    stage: Callable[[ir.Table], ir.Table] = lambda t: t,
) -> ir.Table:
    """(level, code, industry, year ∈ ext_years, m_<measure>…) with stocks at year end.

    ``stage`` materialises the signature tables (always worth it); ``keep`` the later steps.
    """
    all_ids = [m.id for m in measures]
    max_year = max(inp.years)
    unions: list[ir.Table] = []
    pat = [m for m in measures if m.table == "patents"]
    if pat:
        # Aggregate to signatures first: every measure is a sum of weights conditioned on a few
        # attributes, so events come from distinct combinations, not from every record. Measures
        # are grouped in families with small signatures (one pass over the records each).
        families: dict[str, list[Measure]] = {}
        for m in pat:
            families.setdefault(_FAMILY.get(m.basis, "hv"), []).append(m)
        for fam_measures in families.values():
            keys = patent_signature(fam_measures)
            # each family reads lean facts: only the joins it needs (PCT de-duplication, SEI, …)
            facts = patent_facts(inp, needs=_needs(fam_measures, keys, inp))
            sig = signatures(facts.filter(_relevant(facts, fam_measures)), inp, industry, keys, stage)
            unions += _events(
                sig, fam_measures, _patent_contributions, _patent_event_years(sig), all_ids, max_year
            )
    tm = [m for m in measures if m.table == "trademarks"]
    if tm:
        tf = trademark_facts(inp)
        tkeys = ["a_y", "r_y", "t_e", "registered", "is_gi"]
        tsig = tf.group_by([*REGION_COLS, *tkeys]).agg(w=tf.count().cast("float64"))
        tsig = stage(tsig.mutate(industry=ibis.literal("ALL")))
        unions += _events(tsig, tm, _tm_contributions, _tm_event_years(tsig), all_ids, max_year)
    gm = [m for m in measures if m.table == "gi"]
    if gm:
        unions += _gi_events(gi_facts(inp), gm, all_ids, max_year, min(inp.ext_years))
    unavailable = unavailable_measures(inp)
    rm = [m for m in measures if m.basis == "records" and m.id not in unavailable]
    if rm:
        unions += _records_events(inp, rm, all_ids, max_year)
    if not unions:  # only measures whose data is absent: their values are null with a reason
        unions.append(_no_events(all_ids))
    ev = ibis.union(*unions, distinct=False) if len(unions) > 1 else unions[0]
    cols = [f"m_{i}" for i in all_ids]
    fine = keep(
        ev.group_by(["adcode", "city_code", "province_code", "industry", "year"]).agg(
            **{c: ev[c].sum() for c in cols}
        )
    )
    rolled = rollup(fine, inp, ["industry", "year"], {c: _summer(c) for c in cols})
    dim = _dim(inp)
    # dense grid: the registry's units under the provinces present in the data (and groups) plus
    # every code found in the data, × ALL; observed (region, industry) pairs; × ext years
    provinces = fine.select(pp=fine.province_code).distinct()
    known = dim.filter(dim.province.isin(provinces.pp) | (dim.level == "group")).select("level", "code")
    seen = rolled.select("level", "code").distinct()
    pairs_all = ibis.union(known, seen, distinct=True).mutate(industry=ibis.literal("ALL"))
    pairs_ind = rolled.filter(rolled.industry != "ALL").select("level", "code", "industry").distinct()
    pairs = ibis.union(pairs_all, pairs_ind, distinct=True)
    grid = pairs.cross_join(_years_table(inp.ext_years))
    grid = grid.mutate(**{c: ibis.literal(0.0) for c in cols})
    order = ["level", "code", "industry", "year", *cols]
    allrows = ibis.union(rolled.select(order), grid.select(order), distinct=False)
    summed = allrows.group_by(["level", "code", "industry", "year"]).agg(
        **{c: allrows[c].sum() for c in cols}
    )
    win = ibis.cumulative_window(group_by=["level", "code", "industry"], order_by="year")
    stocks = {f"m_{m.id}": summed[f"m_{m.id}"].sum().over(win) for m in measures if m.stock}
    cum = summed.mutate(**stocks) if stocks else summed
    return cum.filter(cum.year.isin(inp.ext_years))


def concentration(inp: EngineInputs, facts: ir.Table) -> ir.Table:
    """(level, code, year, c_total, c_top10, c_hhi) over applications filed in the year.

    Per region and year, applicants' (weighted) application counts are grouped by value: the
    top-10 sum takes the largest values with their multiplicities (ties cannot change a sum),
    and HHI = Σ share² = Σ count² / total² × 10⁴. No sort over applicants is needed.
    """
    f = facts.filter(facts.f_y.isin(inp.ext_years))
    if inp.counting.applicant == "first":
        a = f.filter(f.first_applicant.notnull()).select(
            *REGION_COLS, year=f.f_y, applicant=f.first_applicant, w=ibis.literal(1.0)
        )
    else:
        n = f.applicants.length()
        a = (
            f.filter(f.applicants.notnull() & (n > 0))
            .select(*REGION_COLS, "applicants", year=f.f_y, n=n)
            .unnest("applicants")
        )
        a = a.select(*REGION_COLS, "year", applicant=a.applicants, w=1.0 / a.n.cast("float64"))
    fine = a.group_by([*REGION_COLS, "year", "applicant"]).agg(w=a.w.sum())
    r = rollup(fine, inp, ["year", "applicant"], {"w": lambda s: s.w.sum()})
    part = ["level", "code", "year"]
    v = r.group_by([*part, "w"]).agg(c=r.count().cast("float64"))
    win = ibis.window(group_by=part, order_by=ibis.desc(v.w), rows=(None, 0))
    before = v.c.sum().over(win) - v.c  # applicants ranked above this value
    take = ibis.greatest(ibis.least(10.0 - before, v.c), 0.0)
    v = v.mutate(take=take)
    return (
        v.group_by(part)
        .agg(
            c_total=(v.w * v.c).sum(),
            c_top10=(v.w * v.take).sum(),
            c_sumsq=(v.w * v.w * v.c).sum(),
        )
        .mutate(
            c_hhi=lambda t: ibis.ifelse(
                t.c_total > 0, t.c_sumsq / (t.c_total * t.c_total) * 10000.0, ibis.null("float64")
            )
        )
        .drop("c_sumsq")
    )


# ---------------------------------------------------------------------------------------------
