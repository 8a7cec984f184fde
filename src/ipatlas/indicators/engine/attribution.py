"""2. Industry attribution: records × industries with counting weights; signatures."""

from __future__ import annotations

from collections.abc import Callable, Iterable

import ibis
import ibis.expr.types as ir
import pyarrow as pa
import pyarrow.compute as pc

from ipatlas.indicators.engine.counting import Counting
from ipatlas.indicators.engine.facts import _has_kw, _kw_ok
from ipatlas.indicators.engine.inputs import REGION_COLS, EngineInputs

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
