"""匹配度: matching the IP subsystem with the innovation and industry subsystems.

Seed 003 §一/§二 asks for the static and dynamic matching of IP resources (知识产权资源) with
innovation resources (R&D spending and personnel) and industry resources (value added,
enterprises), per region and per region × industry, typed as in the literature.

**Subsystem indices come from the composite engine.** :func:`subsystem_indices` builds a
three-level framework (indicators → subsystems ``ip``/``innovation``/``industry`` → match
index), min-max normalises the indicators to [0, 1] (after their direction) and aggregates
each subsystem with entropy weights (熵权法, the usual choice in this literature; ``equal`` or
``meta`` also accepted) by the weighted arithmetic mean. For the dynamic analysis all years are
pooled before normalising, so that indices are comparable over time (COINr's "global"
normalisation of a panel).

**Static match (one year)** — per unit:

- coupling coordination of the three subsystems: C, T, D and its 10-band class
  (:mod:`ipatlas.evaluate.coordination`, method ``wang`` by default);
- relative development degree (相对发展度) of IP against the others,
  ``E = U_ip / mean(U_innovation, U_industry)``, and the type:
  ``0.8 ≤ E ≤ 1.2`` → **协调型** (IP in step with innovation and industry);
  ``E > 1.2`` → **引导型** (IP leads: IP resources ahead of R&D/industry);
  ``E < 0.8`` → **需求型** (IP lags: innovation/industry demand exceeds IP supply).
  The same rule is applied pairwise (IP vs innovation, IP vs industry). Thresholds configurable.

**Dynamic match (changes over years)** — per unit between ``start`` and ``end``: annual change
of each subsystem index ``v_s = (U_s,end − U_s,start)/years`` and of D, and the type from the
speed ratio ``R = v_ip / mean(v_innovation, v_industry)``: when the others grow,
``0.8 ≤ R ≤ 1.2`` → **协调型**, ``R > 1.2`` → **引导型**, ``R < 0.8`` → **需求型**; when the others
do not grow: IP growing → **引导型**, both not growing → **衰退型**.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np
import pandas as pd

from ipatlas.errors import EvaluationError
from ipatlas.evaluate.coordination import coupling_coordination
from ipatlas.evaluate.framework import Framework
from ipatlas.evaluate.pipeline import run_pipeline

SUBSYSTEMS = ("ip", "innovation", "industry")
SUBSYSTEM_NAMES = {"ip": "知识产权子系统", "innovation": "创新子系统", "industry": "产业子系统"}
TYPE_COORDINATED = "协调型"
TYPE_LEADING = "引导型"
TYPE_DEMAND = "需求型"
TYPE_DECLINING = "衰退型"


def _subsystem_framework(
    subsystems: Mapping[str, Sequence[str] | Mapping[str, Mapping[str, Any]]],
) -> Framework:
    rows: list[dict[str, Any]] = [
        {"code": "match_index", "name": "匹配综合指数", "level": 3, "type": "Aggregate"}
    ]
    seen: set[str] = set()
    for sub, inds in subsystems.items():
        rows.append(
            {
                "code": sub,
                "name": SUBSYSTEM_NAMES.get(sub, sub),
                "level": 2,
                "parent": "match_index",
                "type": "Aggregate",
            }
        )
        items: list[tuple[str, Mapping[str, Any]]] = (
            list(inds.items()) if isinstance(inds, Mapping) else [(c, {}) for c in inds]
        )
        if not items:
            raise EvaluationError(f"子系统 {sub} 没有指标")
        for code, opts in items:
            if code in seen:
                raise EvaluationError(f"指标 {code} 被分到了多个子系统")
            seen.add(code)
            rows.append(
                {
                    "code": code,
                    "name": opts.get("name", code),
                    "level": 1,
                    "parent": sub,
                    "direction": opts.get("direction", 1),
                    "weight": opts.get("weight", 1),
                    "type": "Indicator",
                }
            )
    return Framework.from_records(rows, source="match-subsystems")


def subsystem_indices(
    data: pd.DataFrame,
    subsystems: Mapping[str, Sequence[str] | Mapping[str, Mapping[str, Any]]],
    *,
    weights: str = "entropy",
    treat: bool = False,
) -> tuple[pd.DataFrame, dict[str, Any]]:
    """Subsystem development indices in [0, 1] (units × subsystems) via the composite engine."""
    fw = _subsystem_framework(subsystems)
    steps: list[dict[str, Any]] = []
    if treat:
        steps.append({"treat": {"method": "coinr"}})
    steps.append({"normalise": {"method": "minmax", "range": [0, 1]}})
    steps.append({"aggregate": {"method": "arithmetic", "weights": {"method": weights, "levels": [2]}}})
    res = run_pipeline(data, fw, {"name": "match subsystems", "steps": steps})
    subs = list(subsystems)
    out = res.scores[subs].copy()
    return out, {"weights": res.step_details.get("aggregate", {}).get("weights", {}), "log": res.log}


def _type_from_ratio(ratio: float, low: float, high: float) -> str | None:
    if ratio is None or np.isnan(ratio):
        return None
    if ratio > high:
        return TYPE_LEADING
    if ratio < low:
        return TYPE_DEMAND
    return TYPE_COORDINATED


def _ratio(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    with np.errstate(divide="ignore", invalid="ignore"):
        r = a / b
    r = np.where((b == 0) & (a > 0), np.inf, r)
    return np.where((b == 0) & (a == 0), 1.0, r)


def static_match(
    data: pd.DataFrame,
    subsystems: Mapping[str, Sequence[str] | Mapping[str, Mapping[str, Any]]],
    *,
    ip: str = "ip",
    method: str = "wang",
    weights: str = "entropy",
    subsystem_weights: Sequence[float] | Mapping[str, float] | None = None,
    thresholds: tuple[float, float] = (0.8, 1.2),
    indices: pd.DataFrame | None = None,
) -> pd.DataFrame:
    """Static 匹配度 of one year; ``data`` = units × indicators (any index, e.g. region × industry)."""
    if ip not in subsystems:
        raise EvaluationError(f"子系统中没有知识产权子系统 {ip!r}")
    u = indices if indices is not None else subsystem_indices(data, subsystems, weights=weights)[0]
    others = [s for s in subsystems if s != ip]
    cc = coupling_coordination(u, method=method, weights=subsystem_weights, columns=list(subsystems))
    out = u.add_prefix("U_").join(cc)
    low, high = thresholds
    mean_other = u[others].mean(axis=1).to_numpy()
    e = _ratio(u[ip].to_numpy(), mean_other)
    out["relative"] = e
    out["type"] = [_type_from_ratio(v, low, high) for v in e]
    for s in others:
        r = _ratio(u[ip].to_numpy(), u[s].to_numpy())
        out[f"relative_{s}"] = r
        out[f"type_{s}"] = [_type_from_ratio(v, low, high) for v in r]
    out["label"] = [
        None if b is None or t is None else f"{b}·{t}" for b, t in zip(out["band"], out["type"], strict=True)
    ]
    return out


def dynamic_match(
    panel: pd.DataFrame,
    subsystems: Mapping[str, Sequence[str] | Mapping[str, Mapping[str, Any]]],
    *,
    year: str = "year",
    start: int | None = None,
    end: int | None = None,
    ip: str = "ip",
    method: str = "wang",
    weights: str = "entropy",
    thresholds: tuple[float, float] = (0.8, 1.2),
) -> pd.DataFrame:
    """Dynamic 匹配度 between two years of a long panel (rows = unit × year, a ``year`` column).

    The unit id is the frame's index (possibly a MultiIndex such as region × industry).
    """
    if year not in panel.columns:
        raise EvaluationError(f"面板数据缺少年份列 {year!r}")
    years = sorted(int(y) for y in pd.unique(panel[year].dropna()))
    if len(years) < 2:
        raise EvaluationError("动态匹配至少需要两个年份的数据")
    start = years[0] if start is None else int(start)
    end = years[-1] if end is None else int(end)
    if start >= end or start not in years or end not in years:
        raise EvaluationError(f"起止年份 {start}–{end} 无效；数据中的年份为 {years}")
    unit_names = list(panel.index.names)
    pooled = panel.copy()
    pooled.index = pd.MultiIndex.from_arrays(
        [*(pooled.index.get_level_values(i) for i in range(pooled.index.nlevels)), pooled[year].astype(int)],
        names=[*(n or f"level_{i}" for i, n in enumerate(unit_names)), "__year"],
    )
    pooled = pooled.drop(columns=[year])
    flat = pooled.copy()
    flat.index = pd.Index([str(i) for i in range(len(flat))], name="row")
    u_flat, _ = subsystem_indices(flat, subsystems, weights=weights)
    u_all = u_flat.set_axis(pooled.index)
    u0 = pd.DataFrame(u_all.xs(start, level="__year"))
    u1 = pd.DataFrame(u_all.xs(end, level="__year"))
    common = u0.index.intersection(u1.index)
    u0, u1 = u0.loc[common], u1.loc[common]
    span = end - start
    s0 = static_match(u0, subsystems, ip=ip, method=method, thresholds=thresholds, indices=u0)
    s1 = static_match(u1, subsystems, ip=ip, method=method, thresholds=thresholds, indices=u1)
    others = [s for s in subsystems if s != ip]
    v = pd.DataFrame((u1 - u0) / span)
    out = pd.DataFrame(index=common)
    for s in subsystems:
        out[f"U_{s}_{start}"] = u0[s]
        out[f"U_{s}_{end}"] = u1[s]
        out[f"speed_{s}"] = v[s]
    out[f"D_{start}"] = s0["D"]
    out[f"D_{end}"] = s1["D"]
    out["D_change"] = s1["D"] - s0["D"]
    out[f"band_{end}"] = s1["band"]
    vo = v[others].mean(axis=1).to_numpy()
    vi = v[ip].to_numpy()
    low, high = thresholds
    types: list[str | None] = []
    ratios = []
    for a, b in zip(vi, vo, strict=True):
        if np.isnan(a) or np.isnan(b):
            types.append(None)
            ratios.append(np.nan)
        elif b > 0:
            r = a / b
            ratios.append(r)
            types.append(_type_from_ratio(r, low, high))
        else:
            ratios.append(np.nan)
            types.append(TYPE_LEADING if a > 0 else TYPE_DECLINING)
    out["speed_ratio"] = ratios
    out["type"] = types
    out.attrs.update({"start": start, "end": end})
    return out


def match_table(
    data: pd.DataFrame,
    subsystems: Mapping[str, Sequence[str] | Mapping[str, Mapping[str, Any]]],
    **kwargs: Any,
) -> list[dict[str, Any]]:
    """JSON-ready records of :func:`static_match` (for reports and the web page)."""
    t = static_match(data, subsystems, **kwargs)
    recs = []
    for idx, row in t.iterrows():
        rec = {"unit": idx if not isinstance(idx, tuple) else list(idx)}
        for k, val in row.items():
            if isinstance(val, float | np.floating):
                rec[str(k)] = None if not np.isfinite(val) else float(val)
            elif pd.isna(val):
                rec[str(k)] = None
            else:
                rec[str(k)] = val.item() if hasattr(val, "item") else val
        recs.append(rec)
    return recs
