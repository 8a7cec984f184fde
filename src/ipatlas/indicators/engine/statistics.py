"""5. Statistics: denominators per region and year (direct, county sums, census)."""

from __future__ import annotations

from typing import Any

import ibis
import ibis.expr.types as ir
import pyarrow as pa

from ipatlas.indicators.engine.inputs import EngineInputs, _null_s
from ipatlas.indicators.engine.rollup import _dim, _years_table


# 5. statistics
# ---------------------------------------------------------------------------------------------
def _direct_values(inp: EngineInputs, stat_ids: list[str]) -> ir.Table:
    """(d_code, d_year, d_var, d_v): the regions' own statistics, converted to the catalogue unit."""
    cat = inp.catalog
    unit_rows = [
        (cat.statistics[s].variable, unit, factor)
        for s in stat_ids
        for unit, factor in cat.statistics[s].units.items()
    ]
    units = ibis.memtable(
        pa.table(
            {
                "u_var": [u[0] for u in unit_rows],
                "u_unit": [u[1] for u in unit_rows],
                "u_factor": pa.array([u[2] for u in unit_rows], pa.float64()),
            }
        )
    )
    st = inp.statistics
    st = st.join(units, [st.variable == units.u_var, st.unit == units.u_unit])
    direct = st.select(
        d_code=st.region_code, d_year=st.year.cast("int32"), d_var=st.variable, d_v=st.value * st.u_factor
    )
    return direct


def _value_source_reason(j: ir.Table, s: Any, census_fb: bool) -> tuple[Any, Any, Any]:
    """A statistic's value (own, else the complete sum of the counties, else census for
    population), its source flag and, when null, the reason."""
    d = j.d_v
    n_have = j.n_have.fill_null(0)
    n_mem = j.n_members.fill_null(0)
    complete = (n_mem > 0) & (n_have == n_mem)
    missing_reason = f"缺少{s.name}数据（请在“数据管理”导入统计数据）"
    if census_fb:
        cen = j.census_pop
        mixed_ok = (n_have > 0) & (j.cen_holes.fill_null(1) == 0)
        value = ibis.cases(
            (d.notnull(), d),
            (complete, j.sum_have),
            ((n_have == 0) & cen.notnull(), cen),
            (mixed_ok, j.sum_have + j.cen_rest),
            else_=ibis.null("float64"),
        )
        src = ibis.cases(
            (d.notnull() | complete, ibis.literal("statistics")),
            ((n_have == 0) & cen.notnull(), ibis.literal("census2020_fallback")),
            (mixed_ok, ibis.literal("mixed:statistics+census2020_fallback")),
            else_=_null_s(),
        )
        why = ibis.ifelse(value.isnull(), ibis.literal(missing_reason + "，且无2020年普查人口"), _null_s())
    else:
        value = ibis.cases((d.notnull(), d), (complete, j.sum_have), else_=ibis.null("float64"))
        src = ibis.cases(
            (d.notnull(), ibis.literal("statistics")),
            (complete, ibis.literal("statistics:sum_of_counties")),
            else_=_null_s(),
        )
        incomplete = (
            ibis.literal(f"所辖区县{s.name}数据不完整（")
            + n_have.cast("string")
            + "/"
            + n_mem.cast("string")
            + "）"
        )
        why = ibis.cases(
            (value.notnull(), _null_s()),
            (n_have > 0, incomplete),
            else_=ibis.literal(missing_reason),
        )
    return value, src, why


def statistics_wide(inp: EngineInputs, stat_ids: list[str], regions: ir.Table | None = None) -> ir.Table:
    """(level, code, year, s_<id>, s_<id>_src, s_<id>_why) for the statistics the indicators need.

    Per region and year: the region's own value (converted to the catalogue unit); else the sum
    over its county-level units when every one has a value; for population, else the 2020 census
    (the region's census total when no unit has a value, census for the missing units when some
    have) — flagged in ``_src``; otherwise null with the reason in ``_why``.
    """
    cat = inp.catalog
    dim = regions if regions is not None else _dim(inp).select("level", "code")
    years = _years_table(inp.ext_years)
    base = dim.cross_join(years)
    direct = _direct_values(inp, stat_ids)
    mem = ibis.memtable(inp.members)
    if regions is not None:  # only the regions asked for, not every unit of the country
        mem = mem.semi_join(regions, ["level", "code"])
    n_members = mem.group_by(["level", "code"]).agg(n_members=mem.count())
    census = ibis.memtable(inp.census)
    census_county = census.filter(census.level == "county").select(cc_code="code", cc_pop="census_pop")
    my = mem.cross_join(years)
    out = base
    for sid in stat_ids:
        s = cat.statistics[sid]
        dv = direct.filter(direct.d_var == s.variable).drop("d_var")
        # member counties: how many have the value, their sum, census for the others
        mj = my.left_join(dv, [my.county == dv.d_code, my.year == dv.d_year])
        census_fb = s.fallback == "census2020"
        if census_fb:
            mj = mj.left_join(census_county, mj.county == census_county.cc_code)
        aggs: dict[str, Any] = {"n_have": mj.d_v.count(), "sum_have": mj.d_v.sum()}
        if census_fb:
            aggs["cen_rest"] = ibis.ifelse(mj.d_v.isnull(), mj.cc_pop.fill_null(0.0), 0.0).sum()
            aggs["cen_holes"] = (mj.d_v.isnull() & mj.cc_pop.isnull()).cast("int64").sum()
        agg = (
            mj.group_by(["level", "code", "year"])
            .agg(**aggs)
            .rename(a_level="level", a_code="code", a_year="year")
        )
        j = base.left_join(dv, [base.code == dv.d_code, base.year == dv.d_year])
        j = j.left_join(agg, [j.level == agg.a_level, j.code == agg.a_code, j.year == agg.a_year])
        nm = n_members.rename(n_level="level", n_code="code")
        j = j.left_join(nm, [j.level == nm.n_level, j.code == nm.n_code])
        if census_fb:
            cen_t = census.rename(c_level="level", c_code="code")
            j = j.left_join(cen_t, [j.level == cen_t.c_level, j.code == cen_t.c_code])
        value, src, why = _value_source_reason(j, s, census_fb)
        piece = j.select(
            x_level=j.level,
            x_code=j.code,
            x_year=j.year,
            **{f"s_{sid}": value.cast("float64"), f"s_{sid}_src": src, f"s_{sid}_why": why},
        )
        out = out.left_join(
            piece, [out.level == piece.x_level, out.code == piece.x_code, out.year == piece.x_year]
        ).drop("x_level", "x_code", "x_year")
    return out


# ---------------------------------------------------------------------------------------------


def statistics_grid(inp: EngineInputs) -> ir.Table:
    """(level, code, industry = ALL, year) for indicators that read statistics only (R&D intensity,
    技术合同成交额 computed alone): the registry's units under the provinces the statistics table
    has figures for, and the region groups, × the years. With measures the grid is theirs."""
    st = inp.statistics
    provinces = st.select(pp=st.region_code.substr(0, 2) + "0000").distinct()
    dim = _dim(inp)
    known = dim.filter(dim.province.isin(provinces.pp) | (dim.level == "group")).select("level", "code")
    return known.mutate(industry=ibis.literal("ALL")).cross_join(_years_table(inp.ext_years))
