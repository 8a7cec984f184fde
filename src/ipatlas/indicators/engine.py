"""The indicator computations, written once as Ibis expressions (DuckDB by default, PySpark too).

Pipeline (every step is an Ibis expression; the backend only executes it):

1. **Facts** — one row per domestic, region-attributed record with the dates the catalogue's bases
   need as integer years: filing year ``f_y``, grant year ``g_y``, the last year-end at which the
   patent is in force ``v_e`` (term and legal status), the first year-end at which it has been
   maintained for more than 10 years ``m10_y``, PCT year, closure year, high-value flags.
   A patent is in force at the end of Y  ⇔  ``g_y ≤ Y ≤ v_e``; the same predicate serves the cube
   and the record drill-down (:func:`measure_predicate`).
2. **Industry attribution** — patents × industries with a weight (first-IPC / all-IPC whole
   counting, fractional counting), via a small IPC → industry table matched once per distinct IPC.
3. **Events** — flows add their weight in the event year; stocks add it at the start year and
   subtract it the year after they end, so a cumulative sum over years gives year-end stocks
   without a records × years cross join.
4. **Roll-up** — county, prefecture, province (from the codes stored on the record) and custom
   groups (county membership); a dense region × industry × year grid; cumulative sums.
5. **Statistics** — denominators per region and year (direct value, else sum of counties, else the
   2020 census for population — flagged).
6. **Indicators** — one projection per catalogue entry over the wide table; values that lack an
   input are null with a reason.
"""

from __future__ import annotations

import datetime as dt
import functools
import operator
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

import ibis
import ibis.expr.types as ir
import pyarrow as pa
import pyarrow.compute as pc

from ipatlas.errors import InputError
from ipatlas.indicators.catalog import Catalog, Indicator, Measure

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
# counting methods
# ---------------------------------------------------------------------------------------------
@dataclass(frozen=True)
class Counting:
    """Counting method, named in every output: ``first-ipc+first-applicant`` (official default)."""

    ipc: str = "first"  # first | all | fractional
    applicant: str = "first"  # first | fractional

    def __post_init__(self) -> None:
        if self.ipc not in ("first", "all", "fractional"):
            raise InputError(f"未知IPC计数方法 {self.ipc!r}（可选 first、all、fractional）", field="counting")
        if self.applicant not in ("first", "fractional"):
            raise InputError(
                f"未知申请人计数方法 {self.applicant!r}（可选 first、fractional）", field="counting"
            )

    @property
    def id(self) -> str:
        return f"{self.ipc}-ipc+{self.applicant}-applicant"

    @property
    def label(self) -> str:
        ipc = {"first": "主分类号整数计数", "all": "全部分类号整数计数", "fractional": "分类号分数计数"}[
            self.ipc
        ]
        app = {"first": "第一申请人", "fractional": "申请人分数计数"}[self.applicant]
        return f"{ipc}；{app}"

    @classmethod
    def parse(cls, text: str | Counting | None) -> Counting:
        """'first-ipc+first-applicant', 'all-ipc', 'fractional', 'fractional-ipc+fractional-applicant'."""
        if isinstance(text, Counting):
            return text
        if not text:
            return cls()
        ipc, applicant = "first", "first"
        for part in str(text).replace(",", "+").split("+"):
            part = part.strip().lower()
            if part.endswith("-applicant"):
                applicant = part.removesuffix("-applicant")
            elif part:
                ipc = part.removesuffix("-ipc")
        return cls(ipc, applicant)


DEFAULT_COUNTING = Counting()


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
        return f"资源库中没有事实表 {m.table}（相应数据尚未导入或发布），无法统计"
    missing = [c for c in (*REGION_COLS, *m.columns) if c not in t.columns]
    if missing:
        return f"事实表 {m.table} 缺少列 {', '.join(missing)}，无法统计"
    return None


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
    # PCT: one record per international application (the lowest application number)
    if needs.pct:
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
    # strategic emerging industry (criterion 1): any IPC of the patent maps into the SEI table
    if use_sei:
        sm = ibis.memtable(inp.sei).rename(s_ipc="ipc", s_kw="kw")
        ex = facts.select("app_no", "ipcs", "text").unnest("ipcs")
        hit = ex.join(sm, ex.ipcs == sm.s_ipc)
        hit = hit.filter(_kw_ok(hit.text, hit.s_kw)).select(s_app="app_no").distinct()
        facts = facts.left_join(hit, facts.app_no == hit.s_app)
        facts = facts.mutate(sei=facts.s_app.notnull()).drop("s_app")
    else:
        facts = facts.mutate(sei=ibis.null("boolean"))
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


# ---------------------------------------------------------------------------------------------
# 2. industry attribution
# ---------------------------------------------------------------------------------------------
FACT_KEEP = (
    "app_no", "adcode", "city_code", "province_code", "kind", "applicant_type", "f_y", "g_y", "v_e",
    "m10_y", "pct_y", "closed_y", "fam", "pledged", "awarded", "sei", "above",
)  # fmt: skip


def bridge(facts: ir.Table, scheme_map: pa.Table, counting: Counting) -> ir.Table:
    """(app_no, industry, w) for one scheme under the counting method."""
    m = ibis.memtable(scheme_map).rename(b_ipc="ipc", b_ind="industry", b_kw="kw")
    has_kw = _has_kw(scheme_map)
    if counting.ipc == "first":
        cols = ["app_no", "ipc_main", *(["text"] if has_kw else [])]
        e = facts.select(*cols).rename(ipc="ipc_main")
    else:
        cols = ["app_no", "ipcs", *(["text"] if has_kw else [])]
        e = facts.select(*cols).mutate(n_ipc=facts.ipcs.length()).unnest("ipcs").rename(ipc="ipcs")
    j = e.join(m, e.ipc == m.b_ipc)
    if has_kw:
        j = j.filter(_kw_ok(j.text, j.b_kw))
    if counting.ipc == "first":
        # the map holds one row per (ipc, industry): no duplicates to remove
        return j.select("app_no", industry=j.b_ind, w=ibis.literal(1.0))
    if counting.ipc == "all":
        return j.select("app_no", industry=j.b_ind).distinct().mutate(w=ibis.literal(1.0))
    # fractional: 1/n per IPC, split equally over the industries that IPC maps to
    k = j.b_ind.count().over(ibis.window(group_by=[j.app_no, j.ipc]))
    j = j.mutate(w=1.0 / (j.n_ipc.cast("float64") * k.cast("float64")))
    return j.group_by("app_no", industry=j.b_ind).agg(w=j.w.sum())


def attributed(
    facts: ir.Table, inp: EngineInputs, industry: bool, cols: Iterable[str] = FACT_KEEP
) -> ir.Table:
    """Facts × industry with weights: 'ALL' (weight 1) plus one block per scheme."""
    keep_cols = list(dict.fromkeys(["app_no", *REGION_COLS, *cols]))
    base = facts.select(*keep_cols).mutate(industry=ibis.literal("ALL"), w=ibis.literal(1.0))
    parts = [base]
    if industry:
        for scheme_map in inp.maps.values():
            if inp.counting.ipc == "first":
                # one IPC per patent: join the small IPC → industry table directly
                m = ibis.memtable(scheme_map).rename(b_ipc="ipc", b_ind="industry", b_kw="kw")
                extra = ["text"] if _has_kw(scheme_map) else []
                f = facts.select(*keep_cols, "ipc_main", *extra)
                j = f.join(m, f.ipc_main == m.b_ipc)
                if extra:
                    j = j.filter(_kw_ok(j.text, j.b_kw))
                parts.append(j.select(*keep_cols, industry=j.b_ind, w=ibis.literal(1.0)))
                continue
            b = bridge(facts, scheme_map, inp.counting).rename(b_app="app_no")
            j = facts.select(*keep_cols).join(b, facts.app_no == b.b_app)
            parts.append(j.select(*keep_cols, "industry", "w"))
    return ibis.union(*parts, distinct=False) if len(parts) > 1 else base


def _functional(m: pa.Table) -> bool:
    """Each IPC maps to at most one industry, unconditionally (WIPO fields)."""
    if _has_kw(m):
        return False
    ipcs = m.column("ipc")
    return len(pc.unique(ipcs)) == len(ipcs)


def signatures(
    facts: ir.Table,
    inp: EngineInputs,
    industry: bool,
    keys: list[str],
    stage: Callable[[ir.Table], ir.Table],
) -> ir.Table:
    """(region, industry, keys…, w): weights summed over records with the same attributes.

    With first-IPC counting and a functional scheme (WIPO), one pass serves both the industry
    rows and 'ALL' (the sum over industries, unmapped records included).
    """
    group = [*REGION_COLS, *keys]
    maps = dict(inp.maps) if industry else {}
    parts: list[ir.Table] = []
    first_fn = next((k for k, m in maps.items() if inp.counting.ipc == "first" and _functional(m)), None)
    if first_fn is not None:
        m = ibis.memtable(maps.pop(first_fn)).rename(b_ipc="ipc", b_ind="industry")
        f = facts.select(*group, "ipc_main")
        j = f.left_join(m, f.ipc_main == m.b_ipc)
        s0 = stage(
            j.group_by([*group, j.b_ind.fill_null("").name("industry")]).agg(w=j.count().cast("float64"))
        )
        parts.append(s0.group_by(group).agg(w=s0.w.sum()).mutate(industry=ibis.literal("ALL")))
        parts.append(s0.filter(s0.industry != ""))
    else:
        base = facts.select(*group)
        parts.append(
            stage(base.group_by(group).agg(w=base.count().cast("float64"))).mutate(
                industry=ibis.literal("ALL")
            )
        )
    if maps:
        # the other schemes together: one pass, one materialised table
        sub = EngineInputs(**{**inp.__dict__, "maps": maps})
        pi = attributed(facts, sub, True, keys)
        pi = pi.filter(pi.industry != "ALL")
        parts.append(stage(pi.group_by([*group, "industry"]).agg(w=pi.w.sum())))
    cols = [*REGION_COLS, "industry", *keys, "w"]
    return ibis.union(*[p.select(cols) for p in parts], distinct=False)


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
# 5. statistics
# ---------------------------------------------------------------------------------------------
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
        d = j.d_v
        n_have = j.n_have.fill_null(0)
        n_mem = j.n_members.fill_null(0)
        complete = (n_mem > 0) & (n_have == n_mem)
        missing_reason = f"缺少{s.name}数据（统计数据表 variable = {s.variable}）"
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
            why = ibis.ifelse(
                value.isnull(), ibis.literal(missing_reason + "，且无2020年普查人口"), _null_s()
            )
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
# 6. indicators
# ---------------------------------------------------------------------------------------------
@dataclass
class Term:
    value: ir.FloatingValue
    source: ir.StringValue
    why: ir.StringValue


def _null_f() -> ir.FloatingValue:
    return ibis.null("float64")


def _null_s() -> ir.StringValue:
    return ibis.null("string")


class Plan:
    """Which measures and statistics a set of indicators needs."""

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


def _term(plan: Plan, name: str, get: Callable[[str], Any]) -> Term:
    cat = plan.inp.catalog
    if name in cat.measures:
        if name in plan.unavailable:
            return Term(_null_f(), _null_s(), ibis.literal(plan.unavailable[name]))
        return Term(get(f"m_{name}"), _null_s(), _null_s())
    return Term(get(f"s_{name}"), get(f"s_{name}_src"), get(f"s_{name}_why"))


def _numerator(plan: Plan, ind: Indicator, get: Callable[[str], Any]) -> Term:
    terms = [(n, _term(plan, n, get)) for n in ind.numerator]
    if len(terms) == 1:
        return terms[0][1]
    value = ibis.coalesce(*[t.value for _, t in terms])
    src = ibis.cases(
        *[
            (
                t.value.notnull(),
                ibis.literal("statistics" if n in plan.inp.catalog.statistics else f"measure:{n}"),
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
    plan: Plan,
    ind: Indicator,
    get: Callable[[str], Any],
    prev: Callable[[str], Any],
    par: Callable[[str], Any],
    w: ir.Table,
) -> Row:
    if ind.type == "count":
        t = _numerator(plan, ind, get)
        return Row(t.value, t.value, _null_f(), t.why, t.source, _null_s())
    if ind.type == "ratio":
        num = _numerator(plan, ind, get)
        den_get = prev if ind.denominator_year_offset == -1 else get
        den = _term(plan, str(ind.denominator), den_get)
        value = _ratio(num.value, den.value, ind.scale)
        reason = ibis.cases(
            (num.value.isnull(), num.why.fill_null("分子数据缺失")),
            (den.value.isnull(), den.why.fill_null("分母数据缺失")),
            (den.value <= 0, ibis.literal("分母为0，比值无意义")),
            else_=_null_s(),
        )
        return Row(value, num.value, den.value, reason, num.source, den.source)
    if ind.type == "growth":
        base = plan.inp.catalog.indicators[str(ind.of)]
        cur = _indicator_row(plan, base, get, prev, par, w)
        before = _indicator_row(plan, base, prev, prev, par, w)
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
        num = _numerator(plan, ind, get)
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


def _hv_flags(plan: Plan, ind: Indicator, get: Callable[[str], Any]) -> tuple[Any, Any, Any]:
    """(undetermined, missing, lower_bound) for high-value indicators and criterion counts."""
    cat = plan.inp.catalog
    measures = [cat.measures[n] for n in ind.numerator if n in cat.measures]
    is_hv = any(m.basis == "patent_high_value" for m in measures)
    if not is_hv and ind.unknown is None:
        return _null_f(), _null_s(), ibis.null("boolean")
    valid = get(f"m_{plan.valid_invention}") if plan.valid_invention else ibis.literal(0.0)
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
            whole = plan.unavailable.get(
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
    plan = Plan(inp)
    heavy = len(plan.indicators) > 3
    keep = cache if (cache is not None and heavy) else (lambda t: t)
    measures = plan.measures
    stage = cache or (lambda t: t)
    w0 = keep(measure_cube(inp, measures, plan.industry, keep, stage)) if measures else None
    if w0 is None:
        raise InputError("所选指标不需要任何计数")
    if plan.statistics:
        regions = w0.filter(w0.industry == "ALL").select("level", "code").distinct()
        sw = keep(statistics_wide(inp, plan.statistics, regions))
        sw = sw.rename(s_level="level", s_code="code", s_year="year")
        w0 = w0.left_join(sw, [w0.level == sw.s_level, w0.code == sw.s_code, w0.year == sw.s_year]).drop(
            "s_level", "s_code", "s_year"
        )
    if plan.needs_concentration:
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
    w0 = w0.left_join(dim, [w0.level == dim.p_level, w0.code == dim.p_code]).drop("p_level", "p_code")
    needs_prev = bool(plan.growth_bases) or any(i.denominator_year_offset for i in plan.indicators)
    if needs_prev or plan.parent_measures:
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
    if plan.parent_measures:
        pm = [f"m_{m}" for m in plan.parent_measures]
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
    w = keep(w)

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
    for ind in plan.indicators:
        row = _indicator_row(plan, ind, get, prev_get, par_get, w)
        und, missing, lower = _hv_flags(plan, ind, get)
        if ind.type == "count" and ind.unknown is not None:
            # a criterion whose data is missing for every record is missing, not 0
            all_missing = missing.notnull() & (missing == "")
            value = ibis.ifelse(all_missing, _null_f(), row.value)
            crit = _crit_of(plan, ind)
            text = (
                f"全部有效发明专利缺少“{CRITERION_NAMES.get(crit, '')}”数据"
                if crit
                else f"无法按年份统计：{plan.inp.catalog.measures[str(ind.unknown)].text}"
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
    wide = w.select(
        region_level=w.level, region_code=w.code, industry=w.industry, year=w.year.cast("int32"), **cols
    )
    return CubeExpr(wide, specs, inp.counting.id)


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


def _crit_of(plan: Plan, ind: Indicator) -> str:
    for n in ind.numerator:
        m = plan.inp.catalog.measures.get(n)
        if m is not None and m.criterion:
            return m.criterion
    return ""


# ---------------------------------------------------------------------------------------------
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
