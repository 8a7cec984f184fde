"""1. Facts: one row per record with the derived year columns; high-value helpers."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

import ibis
import ibis.expr.types as ir
import pyarrow as pa

from ipatlas.indicators.catalog import Measure
from ipatlas.indicators.engine.inputs import NON_MAINLAND, TERMINAL, EngineInputs


# ---------------------------------------------------------------------------------------------
# 1. facts
# ---------------------------------------------------------------------------------------------
def _isin(col: ir.Value, values: Iterable[Any]) -> ir.BooleanValue:
    """``col IN (…)`` as an OR chain: DuckDB rewrites literal IN lists into joins, which costs more
    than a few comparisons on every row of a large scan."""
    vals = list(values)
    if not vals:
        return ibis.literal(False)
    out = col == vals[0]
    for v in vals[1:]:
        out = out | (col == v)
    return out


def _domestic(t: ir.Table) -> ir.BooleanValue:
    # no COALESCE: in a WHERE clause null is false anyway, and a bare predicate is pushed down
    # into the Parquet scan (rows that fail it are never materialised)
    mainland_code = t.province_code.notnull() & ~_isin(t.province_code, NON_MAINLAND)
    return (t.country == "CN") | (t.country.isnull() & mainland_code)


def _text(t: ir.Table) -> ir.StringValue:
    return t.title.fill_null("") + " " + t.abstract.fill_null("")


def _kw_ok(text: ir.StringValue, kw: ir.StringValue) -> ir.BooleanValue:
    return kw.isnull() | text.re_search(kw.fill_null("")).fill_null(False)


def _eoy_year(d: ir.DateValue) -> ir.IntegerValue:
    """Last year-end on or before the last valid day ``d``: year(d + 1 day) − 1."""
    dec31 = (d.month() == 12) & (d.day() == 31)
    return (d.year() - ibis.ifelse(dec31, 0, 1)).cast("int32")


@dataclass(frozen=True)
class FactNeeds:
    """Optional parts of the facts; leaving out what no selected indicator uses keeps scans lean."""

    pct: bool = True  # PCT de-duplication (a join)
    sei: bool = True  # strategic-emerging-industry flag (IPC × SEI table join)
    above: bool = True  # first applicant in the above-scale enterprise list
    text: bool = False  # title + abstract (keyword-conditional concordance rows)
    columns: tuple[str, ...] | None = None  # only these fact columns (None = all)


def _pct_years(facts: ir.Table, pct: bool) -> ir.Table:
    """``pct_y``: the international filing year, on one record per international application."""
    # PCT: one record per international application (the lowest application number)
    if pct:
        reps = (
            facts.filter(facts.pct_no.notnull()).group_by("pct_no").agg(rep=facts.app_no.min()).select("rep")
        )
        facts = facts.left_join(reps, facts.app_no == reps.rep)
        facts = facts.mutate(pct_y=ibis.ifelse(facts.rep.notnull(), facts.pct_year, ibis.null("int32"))).drop(
            "rep", "pct_year"
        )
    elif "pct_year" in facts.columns:
        facts = facts.mutate(pct_y=ibis.null("int32")).drop("pct_year")
    else:
        facts = facts.mutate(pct_y=ibis.null("int32"))
    return facts


def _sei_flags(facts: ir.Table, sei: pa.Table | None) -> ir.Table:
    """``sei``: the patent is in a strategic emerging industry (criterion 1); null without the table."""
    # strategic emerging industry (criterion 1): any IPC of the patent maps into the SEI table
    if sei is not None:
        sm = ibis.memtable(sei).rename(s_ipc="ipc", s_kw="kw")
        ex = facts.select("app_no", "ipcs", "text").unnest("ipcs")
        hit = ex.join(sm, ex.ipcs == sm.s_ipc)
        hit = hit.filter(_kw_ok(hit.text, hit.s_kw)).select(s_app="app_no").distinct()
        facts = facts.left_join(hit, facts.app_no == hit.s_app)
        facts = facts.mutate(sei=facts.s_app.notnull()).drop("s_app")
    else:
        facts = facts.mutate(sei=ibis.null("boolean"))
    return facts


def patent_facts(inp: EngineInputs, *, with_text: bool = False, needs: FactNeeds | None = None) -> ir.Table:
    """Domestic patents attributed to a region, with the derived year columns (see module doc)."""
    needs = needs or FactNeeds(text=with_text)
    p = inp.patents
    p = p.filter(_domestic(p) & p.province_code.notnull())
    f_y = p.filing_date.year().cast("int32")
    g_y = p.grant_date.year().cast("int32")
    term = ibis.cases(
        (p.kind == "invention", 20),
        (p.kind == "utility", 10),
        (p.filing_date >= ibis.date(2021, 6, 1), 15),
        else_=10,
    )
    terminal = _isin(p.legal_status, TERMINAL).fill_null(False)
    status_end = ibis.cases(
        (terminal & p.status_date.notnull(), p.status_date.year().cast("int32") - 1),
        (terminal, ibis.literal(-1, "int32")),  # terminated, date unknown: never counted as in force
        else_=ibis.literal(9999, "int32"),
    )
    term_end = (f_y + term - 1).cast("int32")
    v_e = ibis.least(term_end, status_end).cast("int32")
    fd = p.filing_date
    m10_y = (f_y + 10 + ibis.ifelse((fd.month() == 12) & (fd.day() == 31), 1, 0)).cast("int32")
    pct4 = p.pct_app_no.re_extract(r"^PCT/[A-Z]{2}([0-9]{4})/", 1)
    pct2 = p.pct_app_no.re_extract(r"^PCT/[A-Z]{2}([0-9]{2})/", 1)
    pct2i = pct2.try_cast("int32")
    pct_year = ibis.cases(
        (pct4.length() == 4, pct4.try_cast("int32")),
        (pct2.length() == 2, ibis.ifelse(pct2i < 50, 2000 + pct2i, 1900 + pct2i)),
        else_=f_y,
    ).cast("int32")
    closed_y = ibis.cases(
        (p.grant_date.notnull(), g_y),
        (
            _isin(p.legal_status, ["rejected", "abandoned"]).fill_null(False) & p.status_date.notnull(),
            p.status_date.year().cast("int32"),
        ),
        else_=ibis.null("int32"),
    )
    ipcs = ibis.cases(
        (p.ipcs.notnull() & (p.ipcs.length() > 0), p.ipcs),
        (p.ipc_main.notnull(), ibis.array([p.ipc_main])),
        else_=p.ipcs,
    )
    cols: dict[str, Any] = {
        "app_no": p.app_no,
        "adcode": p.adcode,
        "city_code": p.city_code,
        "province_code": p.province_code,
        "kind": p.kind,
        "applicant_type": p.applicant_type,
        "first_applicant": p.first_applicant,
        "applicants": p.applicants,
        "ipc_main": p.ipc_main,
        "ipcs": ipcs,
        "f_y": f_y,
        "g_y": g_y,
        "granted": p.grant_date.notnull(),
        "v_e": v_e,
        "m10_y": m10_y,
        "pct_no": p.pct_app_no,
        "pct_year": pct_year,
        "closed_y": closed_y,
        "fam": p.family_countries > 1,
        "pledged": p.pledged,
        "awarded": p.awarded,
    }
    if inp.enterprises is not None and needs.above:
        key = p.first_applicant.re_replace(r"\s+", "").replace("（", "(").replace("）", ")")
        ent = ibis.memtable(inp.enterprises)
        cols["above"] = key.isin(ent.name_key).fill_null(False)
    else:
        cols["above"] = ibis.null("boolean")
    use_sei = inp.sei is not None and needs.sei
    if needs.text or use_sei or any(_has_kw(m) for m in inp.maps.values()):
        cols["text"] = _text(p)
    if needs.columns is not None:
        # a lean projection compiles to less SQL; the optional parts below add their own columns
        wanted = set(needs.columns) | {"app_no"}
        if needs.pct:
            wanted |= {"pct_no", "pct_year"}
        if use_sei:
            wanted |= {"ipcs", "text"}
        cols = {k: v for k, v in cols.items() if k in wanted}
    facts = p.select(**cols)
    facts = _pct_years(facts, needs.pct)
    facts = _sei_flags(facts, inp.sei if use_sei else None)
    return facts  # high-value helpers are derived on use (hv_parts)


def _has_kw(m: pa.Table) -> bool:
    return m.num_rows > 0 and m.column("kw").null_count < m.num_rows


HV_COLS = ("valid_ok", "inv", "st_true", "st_unk", "m10_s", "m10_in")


def _hv_exprs(f: ir.Table) -> dict[str, Any]:
    """Shared high-value expressions over facts (see catalogue convention ``high_value``)."""
    valid_ok = (f.g_y.notnull() & (f.v_e >= f.g_y)).fill_null(False)
    known_true = (
        f.sei.fill_null(False)
        | f.fam.fill_null(False)
        | f.pledged.fill_null(False)
        | f.awarded.fill_null(False)
    )
    any_null = f.sei.isnull() | f.fam.isnull() | f.pledged.isnull() | f.awarded.isnull()
    m10_s = ibis.greatest(f.g_y, f.m10_y).cast("int32")
    return {
        "valid_ok": valid_ok,
        "inv": f.kind == "invention",
        "st_true": known_true,
        "st_unk": ~known_true & any_null,
        "m10_s": m10_s,
        "m10_in": (valid_ok & (m10_s <= f.v_e)).fill_null(False),
    }


class _HV(dict[str, Any]):
    """High-value helper expressions, built on first use from whatever columns the table has
    (precomputed helper columns in facts; the base columns in aggregated signatures)."""

    def __init__(self, f: ir.Table) -> None:
        super().__init__()
        self.f = f

    def __missing__(self, key: str) -> Any:
        f = self.f
        names = {"static_true": "st_true", "static_unknown": "st_unk"}
        col = names.get(key, key)
        value = f[col] if col in f.columns else _hv_exprs_lazy(f, key)
        self[key] = value
        return value


def _hv_exprs_lazy(f: ir.Table, key: str) -> Any:
    valid_ok = (f.g_y.notnull() & (f.v_e >= f.g_y)).fill_null(False)
    if key == "valid_ok":
        return valid_ok
    if key == "inv":
        return f.kind == "invention"
    if key in ("m10_s", "m10_in"):
        m10_s = ibis.greatest(f.g_y, f.m10_y).cast("int32")
        return m10_s if key == "m10_s" else (valid_ok & (m10_s <= f.v_e)).fill_null(False)
    exprs = _hv_exprs(f)
    return exprs[{"static_true": "st_true", "static_unknown": "st_unk"}.get(key, key)]


def hv_parts(f: ir.Table) -> dict[str, Any]:
    """valid_ok, inv, static_true, static_unknown, m10_s, m10_in over facts or signatures."""
    return _HV(f)


def _crit_col(f: ir.Table, criterion: str) -> ir.BooleanValue:
    return {"sei": f.sei, "overseas_family": f.fam, "pledged": f.pledged, "awarded": f.awarded}[criterion]


def _where(f: ir.Table, m: Measure) -> ir.BooleanValue:
    cond: ir.BooleanValue = ibis.literal(True)
    for key, val in m.where.items():
        if key == "kind":
            cond = cond & _isin(f.kind, val)
        elif key == "applicant_type":
            cond = cond & _isin(f.applicant_type, val)
        elif key == "above_scale":
            cond = cond & (f.above == bool(val))
        elif key == "is_gi":
            cond = cond & (f.is_gi == bool(val))
    return cond.fill_null(False)
