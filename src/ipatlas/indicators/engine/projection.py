"""6. Indicators: one projection per catalogue entry over the wide table; the long cube."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import ibis
import ibis.expr.types as ir
import pyarrow as pa
import pyarrow.compute as pc

from ipatlas.errors import InputError
from ipatlas.indicators.catalog import Indicator
from ipatlas.indicators.engine.facts import FactNeeds, patent_facts
from ipatlas.indicators.engine.inputs import (
    CRITERION_NAMES,
    CUBE_SCHEMA,
    REGION_COLS,
    EngineInputs,
    _null_f,
    _null_s,
    unavailable_measures,
)
from ipatlas.indicators.engine.rollup import _dim, concentration, measure_cube
from ipatlas.indicators.engine.statistics import statistics_grid, statistics_wide


# 6. indicators
# ---------------------------------------------------------------------------------------------
@dataclass
class Term:
    value: ir.FloatingValue
    source: ir.StringValue
    why: ir.StringValue


class Needs:
    """Which measures and statistics a set of indicators needs (not a query plan: see query_plan)."""

    def __init__(self, inp: EngineInputs) -> None:
        self.inp = inp
        cat = inp.catalog
        self.indicators = inp.indicators()
        need_m: set[str] = set()
        need_s: set[str] = set()
        self.growth_bases: set[str] = set()
        self.parent_measures: set[str] = set()
        self.needs_concentration = False
        self.hv = False

        def visit(ind: Indicator) -> None:
            if ind.type == "growth":
                base = cat.indicators[str(ind.of)]
                self.growth_bases.add(base.id)
                visit(base)
                return
            for n in (*ind.numerator, ind.denominator, ind.unknown):
                if n is None:
                    continue
                (need_m if n in cat.measures else need_s).add(n)
            if ind.type == "share_of_parent":
                self.parent_measures.update(ind.numerator)
            if ind.type == "concentration":
                self.needs_concentration = True
            if any(n in cat.measures and cat.measures[n].basis == "patent_high_value" for n in ind.numerator):
                self.hv = True

        for ind in self.indicators:
            visit(ind)
        if self.hv:
            need_m.update(
                m.id
                for m in cat.measures.values()
                if m.basis in ("patent_high_value_undetermined", "patent_hv_criterion_unknown")
                or (m.basis == "patent_valid" and m.where == {"kind": ["invention"]})
            )
        self.unavailable = unavailable_measures(inp)
        self.measures = [cat.measures[m] for m in cat.measures if m in need_m]
        self.statistics = [s for s in cat.statistics if s in need_s]
        self.industry = any(i.industry for i in self.indicators) and bool(inp.maps)
        self.valid_invention = next(
            (
                m.id
                for m in cat.measures.values()
                if m.basis == "patent_valid" and m.where == {"kind": ["invention"]}
            ),
            None,
        )


def _term(needs: Needs, name: str, get: Callable[[str], Any]) -> Term:
    cat = needs.inp.catalog
    if name in cat.measures:
        if name in needs.unavailable:
            return Term(_null_f(), _null_s(), ibis.literal(needs.unavailable[name]))
        return Term(get(f"m_{name}"), _null_s(), _null_s())
    return Term(get(f"s_{name}"), get(f"s_{name}_src"), get(f"s_{name}_why"))


def _numerator(needs: Needs, ind: Indicator, get: Callable[[str], Any]) -> Term:
    terms = [(n, _term(needs, n, get)) for n in ind.numerator]
    if len(terms) == 1:
        return terms[0][1]
    if ind.combine == "sum":
        return _sum_terms(needs, terms)
    value = ibis.coalesce(*[t.value for _, t in terms])
    src = ibis.cases(
        *[
            (
                t.value.notnull(),
                ibis.literal("statistics" if n in needs.inp.catalog.statistics else f"measure:{n}"),
            )
            for n, t in terms
        ],
        else_=_null_s(),
    )
    why_parts = [t.why.fill_null("") for _, t in terms]
    why = why_parts[0]
    for w in why_parts[1:]:
        why = why + "；" + w
    return Term(value, src, ibis.ifelse(value.isnull(), why, _null_s()))


def _sum_terms(needs: Needs, terms: list[tuple[str, Term]]) -> Term:
    """The total of several counts (著作权登记 = 作品 + 软件): missing if any term is missing, with
    that term's reason (an unimported register is not 0)."""
    value = terms[0][1].value
    for _, t in terms[1:]:
        value = value + t.value
    cat = needs.inp.catalog
    why = ibis.cases(
        *[(t.value.isnull(), t.why.fill_null(f"{cat.measures[n].text}：数据缺失")) for n, t in terms],
        else_=_null_s(),
    )
    return Term(value, _null_s(), why)


@dataclass
class Row:
    value: ir.FloatingValue
    numerator: ir.FloatingValue
    denominator: ir.FloatingValue
    reason: ir.StringValue
    num_source: ir.StringValue
    den_source: ir.StringValue


def _ratio(num: ir.FloatingValue, den: ir.FloatingValue, scale: float) -> ir.FloatingValue:
    ok = num.notnull() & den.notnull() & (den > 0)
    return ibis.ifelse(ok, num / ibis.ifelse(ok, den, 1.0) * scale, _null_f())


def _indicator_row(
    needs: Needs,
    ind: Indicator,
    get: Callable[[str], Any],
    prev: Callable[[str], Any],
    par: Callable[[str], Any],
    w: ir.Table,
) -> Row:
    if ind.type == "count":
        t = _numerator(needs, ind, get)
        return Row(t.value, t.value, _null_f(), t.why, t.source, _null_s())
    if ind.type == "ratio":
        num = _numerator(needs, ind, get)
        den_get = prev if ind.denominator_year_offset == -1 else get
        den = _term(needs, str(ind.denominator), den_get)
        value = _ratio(num.value, den.value, ind.scale)
        reason = ibis.cases(
            (num.value.isnull(), num.why.fill_null("分子数据缺失")),
            (den.value.isnull(), den.why.fill_null("分母数据缺失")),
            (den.value <= 0, ibis.literal("分母为0，比值无意义")),
            else_=_null_s(),
        )
        return Row(value, num.value, den.value, reason, num.source, den.source)
    if ind.type == "growth":
        base = needs.inp.catalog.indicators[str(ind.of)]
        cur = _indicator_row(needs, base, get, prev, par, w)
        before = _indicator_row(needs, base, prev, prev, par, w)
        ok = cur.value.notnull() & before.value.notnull() & (before.value != 0)
        value = ibis.ifelse(
            ok, (cur.value - before.value) / ibis.ifelse(ok, before.value, 1.0) * 100.0, _null_f()
        )
        reason = ibis.cases(
            (cur.value.isnull(), ibis.literal("本年：") + cur.reason.fill_null("数据缺失")),
            (before.value.isnull(), ibis.literal("上年：") + before.reason.fill_null("数据缺失")),
            (before.value == 0, ibis.literal("上年为0，增速无意义")),
            else_=_null_s(),
        )
        return Row(value, cur.value, before.value, reason, cur.den_source, before.den_source)
    if ind.type == "share_of_parent":
        num = _numerator(needs, ind, get)
        den = par(f"m_{ind.numerator[0]}")
        value = _ratio(num.value, den, 100.0)
        reason = ibis.cases(
            (w.parent_code.isnull(), ibis.literal("没有上级区域（省级或自定义区域组）")),
            (den.isnull(), ibis.literal("上级区域数据缺失")),
            (den <= 0, ibis.literal("上级区域为0，比重无意义")),
            else_=_null_s(),
        )
        return Row(value, num.value, den, reason, _null_s(), _null_s())
    # concentration
    total = get("c_total")
    if ind.method == "top10_share":
        value = _ratio(get("c_top10"), total, 100.0)
        numerator = get("c_top10")
    else:
        value = ibis.ifelse(total > 0, get("c_hhi"), _null_f())
        numerator = _null_f()
    reason = ibis.ifelse(total.isnull() | (total <= 0), ibis.literal("当年无专利申请"), _null_s())
    return Row(value, numerator, total, reason, _null_s(), _null_s())


def _hv_flags(needs: Needs, ind: Indicator, get: Callable[[str], Any]) -> tuple[Any, Any, Any]:
    """(undetermined, missing, lower_bound) for high-value indicators and criterion counts."""
    cat = needs.inp.catalog
    measures = [cat.measures[n] for n in ind.numerator if n in cat.measures]
    is_hv = any(m.basis == "patent_high_value" for m in measures)
    if not is_hv and ind.unknown is None:
        return _null_f(), _null_s(), ibis.null("boolean")
    valid = get(f"m_{needs.valid_invention}") if needs.valid_invention else ibis.literal(0.0)
    if is_hv:
        und_id = next(
            (x.id for x in cat.measures.values() if x.basis == "patent_high_value_undetermined"), None
        )
        und = get(f"m_{und_id}") if und_id else ibis.literal(0.0)
        missing: ir.StringValue = ibis.literal("")
        for m in cat.measures.values():
            if m.basis != "patent_hv_criterion_unknown":
                continue
            crit = str(m.criterion)
            whole = needs.unavailable.get(
                next(
                    (
                        x.id
                        for x in cat.measures.values()
                        if x.basis == "patent_hv_criterion" and x.criterion == crit
                    ),
                    "",
                )
            )
            cond = ibis.literal(True) if whole else (get(f"m_{m.id}") >= valid) & (valid > 0)
            missing = missing + ibis.ifelse(cond, ibis.literal(crit + ";"), ibis.literal(""))
        return und, missing, (und > 0)
    und = get(f"m_{ind.unknown}")
    if cat.measures[str(ind.unknown)].basis == "patent_hv_criterion_unknown":
        everything = (und >= valid) & (valid > 0)  # the criterion is unknown for every valid invention
    else:
        num = get(f"m_{measures[0].id}") if measures else ibis.literal(0.0)
        everything = (num <= 0) & (und > 0)  # only undatable records: no figure at all
    missing = ibis.ifelse(everything, ibis.literal(""), _null_s())
    return und, missing, (und > 0)


def cube_expression(inp: EngineInputs, *, cache: Callable[[ir.Table], ir.Table] | None = None) -> CubeExpr:
    """Every selected indicator over region × industry × year (see :class:`CubeExpr`).

    ``cache`` materialises intermediates (facts, the measure cube, the wide table) so that the
    backend does not recompute them for every indicator.
    """
    needs = Needs(inp)
    heavy = len(needs.indicators) > 3
    keep = cache if (cache is not None and heavy) else (lambda t: t)
    stage = cache or (lambda t: t)
    w0 = _measures_wide(inp, needs, keep, stage)
    w = _with_previous_and_parent(inp, needs, keep, w0)
    cols, specs = _indicator_columns(needs, w)
    wide = w.select(
        region_level=w.level, region_code=w.code, industry=w.industry, year=w.year.cast("int32"), **cols
    )
    return CubeExpr(wide, specs, inp.counting.id)


_Keep = Callable[[ir.Table], ir.Table]


def _measures_wide(inp: EngineInputs, needs: Needs, keep: _Keep, stage: _Keep) -> ir.Table:
    """One row per region × industry × year (all years) with every measure, statistic and
    concentration column the indicators need, plus the region's parent."""
    measures = needs.measures
    if measures:
        w0 = keep(measure_cube(inp, measures, needs.industry, keep, stage))
    elif needs.statistics:  # reported statistics only (R&D intensity, 技术合同成交额)
        w0 = keep(statistics_grid(inp))
    else:
        raise InputError("所选指标不需要任何计数")
    if needs.statistics:
        regions = w0.filter(w0.industry == "ALL").select("level", "code").distinct()
        sw = keep(statistics_wide(inp, needs.statistics, regions))
        sw = sw.rename(s_level="level", s_code="code", s_year="year")
        w0 = w0.left_join(sw, [w0.level == sw.s_level, w0.code == sw.s_code, w0.year == sw.s_year]).drop(
            "s_level", "s_code", "s_year"
        )
    if needs.needs_concentration:
        lean = patent_facts(
            inp,
            needs=FactNeeds(
                pct=False,
                sei=False,
                above=False,
                columns=(*REGION_COLS, "f_y", "first_applicant", "applicants"),
            ),
        )
        cc = keep(concentration(inp, lean)).rename(k_level="level", k_code="code", k_year="year")
        w0 = w0.left_join(
            cc, [w0.level == cc.k_level, w0.code == cc.k_code, w0.year == cc.k_year, w0.industry == "ALL"]
        ).drop("k_level", "k_code", "k_year")
    dim = _dim(inp).select(
        p_level="level", p_code="code", parent_level="parent_level", parent_code="parent_code"
    )
    return w0.left_join(dim, [w0.level == dim.p_level, w0.code == dim.p_code]).drop("p_level", "p_code")


def _with_previous_and_parent(inp: EngineInputs, needs: Needs, keep: _Keep, w0: ir.Table) -> ir.Table:
    """The requested years of ``w0``, with the previous year's values (``__p``) for growth rates
    and the parent region's measures (``__par``) for shares, when some indicator needs them."""
    needs_prev = bool(needs.growth_bases) or any(i.denominator_year_offset for i in needs.indicators)
    if needs_prev or needs.parent_measures:
        w0 = keep(w0)
    value_cols = [c for c in w0.columns if c.startswith(("m_", "s_", "c_"))]
    prev = w0.select("level", "code", "industry", "year", *value_cols)
    prev = prev.rename(
        **{f"{c}__p": c for c in value_cols},
        pv_level="level",
        pv_code="code",
        pv_industry="industry",
        pv_year="year",
    )
    w = w0.filter(w0.year.isin(inp.years))
    if needs_prev:
        w = w.left_join(
            prev,
            [
                w.level == prev.pv_level,
                w.code == prev.pv_code,
                w.industry == prev.pv_industry,
                w.year == prev.pv_year + 1,
            ],
        ).drop("pv_level", "pv_code", "pv_industry", "pv_year")
    if needs.parent_measures:
        pm = [f"m_{m}" for m in needs.parent_measures]
        par = w0.select("level", "code", "industry", "year", *pm)
        par = par.rename(
            **{f"{c}__par": c for c in pm},
            pa_level="level",
            pa_code="code",
            pa_industry="industry",
            pa_year="year",
        )
        w = w.left_join(
            par,
            [
                w.parent_level == par.pa_level,
                w.parent_code == par.pa_code,
                w.industry == par.pa_industry,
                w.year == par.pa_year,
            ],
        ).drop("pa_level", "pa_code", "pa_industry", "pa_year")
    return keep(w)


def _indicator_columns(needs: Needs, w: ir.Table) -> tuple[dict[str, Any], list[IndicatorColumns]]:
    """The ``{indicator}__{field}`` expressions over ``w`` and which fields each indicator has
    (fields that are always null are left out)."""

    def getter(suffix: str) -> Callable[[str], Any]:
        def get(col: str) -> Any:
            name = col + suffix
            if name not in w.columns:
                return _null_s() if col.endswith(("_src", "_why")) else _null_f()
            return w[name]

        return get

    get, prev_get, par_get = getter(""), getter("__p"), getter("__par")
    cols: dict[str, Any] = {}
    specs: list[IndicatorColumns] = []
    for ind in needs.indicators:
        row = _indicator_row(needs, ind, get, prev_get, par_get, w)
        und, missing, lower = _hv_flags(needs, ind, get)
        if ind.type == "count" and ind.unknown is not None:
            # a criterion whose data is missing for every record is missing, not 0
            all_missing = missing.notnull() & (missing == "")
            value = ibis.ifelse(all_missing, _null_f(), row.value)
            crit = _crit_of(needs, ind)
            text = (
                f"全部有效发明专利缺少“{CRITERION_NAMES.get(crit, '')}”数据"
                if crit
                else f"无法按年份统计：{needs.inp.catalog.measures[str(ind.unknown)].text}"
            )
            reason = ibis.ifelse(all_missing & row.reason.isnull(), ibis.literal(text), row.reason)
            missing = ibis.ifelse(all_missing, ibis.literal(crit + ";") if crit else _null_s(), _null_s())
            row = Row(value, row.numerator, row.denominator, reason, row.num_source, row.den_source)
        fields = {
            "value": row.value,
            "numerator": row.numerator,
            "denominator": row.denominator,
            "reason": row.reason,
            "num_source": row.num_source,
            "den_source": row.den_source,
            "undetermined": und,
            "missing": missing,
            "lower_bound": lower,
        }
        present = []
        for name, expr in fields.items():
            if _is_null_literal(expr):
                continue
            cols[f"{ind.id}__{name}"] = expr.cast(CUBE_SCHEMA.field(name).type)
            present.append(name)
        specs.append(IndicatorColumns(ind.id, ind.industry, tuple(present)))
    return cols, specs


@dataclass(frozen=True)
class IndicatorColumns:
    id: str
    industry: bool
    fields: tuple[str, ...]


@dataclass
class CubeExpr:
    """One row per region × industry × year with every indicator's columns (``<id>__<field>``).

    The computation is all in ``wide``; :meth:`to_long` only reshapes the executed result
    into the long cube (one row per indicator), a mechanical unpivot done in Arrow.
    """

    wide: ir.Table
    indicators: list[IndicatorColumns]
    counting: str

    def to_long(self, wide: pa.Table) -> pa.Table:
        return long_table(self.indicators, self.counting, wide)


def long_table(specs: list[IndicatorColumns], counting: str, wide: pa.Table) -> pa.Table:
    """Unpivot an executed wide result into the long cube (one row per indicator), in Arrow."""
    parts = []
    is_all = pc.equal(wide.column("industry"), "ALL")
    for spec in specs:
        t = wide if spec.industry else wide.filter(is_all)
        n = t.num_rows
        cols: dict[str, pa.Array | pa.ChunkedArray] = {
            "region_level": t.column("region_level"),
            "region_code": t.column("region_code"),
            "industry": t.column("industry"),
            "year": t.column("year"),
            "indicator": pa.array([spec.id] * n, pa.string()),
            "counting": pa.array([counting] * n, pa.string()),
        }
        for f in CUBE_SCHEMA.names[6:]:
            typ = CUBE_SCHEMA.field(f).type
            cols[f] = t.column(f"{spec.id}__{f}").cast(typ) if f in spec.fields else pa.nulls(n, typ)
        parts.append(pa.table(cols, schema=CUBE_SCHEMA))
    return pa.concat_tables(parts) if parts else CUBE_SCHEMA.empty_table()


def _is_null_literal(expr: Any) -> bool:
    op = expr.op()
    return isinstance(op, ibis.expr.operations.Literal) and op.value is None


def _crit_of(needs: Needs, ind: Indicator) -> str:
    for n in ind.numerator:
        m = needs.inp.catalog.measures.get(n)
        if m is not None and m.criterion:
            return m.criterion
    return ""


# ---------------------------------------------------------------------------------------------
