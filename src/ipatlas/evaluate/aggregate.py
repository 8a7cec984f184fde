"""Aggregation level by level, from the indicators up to the index.

Weighted means over the children of each aggregate, NaN-aware: a missing child is dropped and
the remaining weights are renormalised (COINr ``a_amean`` semantics). Methods:

- ``arithmetic``: ``Σ w x / Σ w``;
- ``geometric``: ``exp(Σ w ln x / Σ w)`` — needs x > 0 (normalise to e.g. [1, 100]);
- ``harmonic``: ``Σ w / Σ (w / x)`` — needs x > 0.

``dat_thresh`` (0–1) leaves an aggregate missing when the share of available children is below
it. Weights per level come from :mod:`ipatlas.evaluate.weights` (``meta`` = framework column).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import numpy as np
import pandas as pd

from ipatlas.errors import EvaluationError
from ipatlas.evaluate.framework import Framework
from ipatlas.evaluate.weights import compute_weights

METHODS = ("arithmetic", "geometric", "harmonic")
ALIASES = {
    "amean": "arithmetic",
    "a_amean": "arithmetic",
    "mean": "arithmetic",
    "gmean": "geometric",
    "a_gmean": "geometric",
    "hmean": "harmonic",
    "a_hmean": "harmonic",
}


def canonical_method(method: str) -> str:
    m = ALIASES.get(method, method)
    if m not in METHODS:
        raise EvaluationError(f"未知的聚合方法 {method!r}；可选：{', '.join(METHODS)}")
    return m


def weighted_mean(
    x: np.ndarray, w: np.ndarray, method: str = "arithmetic", *, dat_thresh: float | None = None
) -> np.ndarray:
    """Row-wise weighted mean of ``x`` (units × children) with weights ``w`` (children,)."""
    method = canonical_method(method)
    x = np.asarray(x, dtype=float)
    w = np.asarray(w, dtype=float)
    ok = ~np.isnan(x)
    wsum = ok.astype(float) @ w
    if method in ("geometric", "harmonic"):
        vals = x[ok]
        if vals.size and vals.min() <= 0:
            raise EvaluationError(
                f"{'几何' if method == 'geometric' else '调和'}平均要求所有值大于 0（发现 {vals.min():g}）；"
                "请改用正值的标准化区间（如 minmax 的 range: [1, 100]）或算术平均"
            )
    with np.errstate(divide="ignore", invalid="ignore"):
        if method == "arithmetic":
            y = np.where(ok, x, 0.0) @ w / wsum
        elif method == "geometric":
            y = np.exp(np.where(ok, np.log(np.where(ok, x, 1.0)), 0.0) @ w / wsum)
        else:
            y = wsum / (np.where(ok, 1.0 / np.where(ok, x, 1.0), 0.0) @ w)
    y = np.where(wsum > 0, y, np.nan)
    if dat_thresh is not None:
        share = ok.mean(axis=1) if x.shape[1] else np.zeros(len(x))
        y = np.where(share < dat_thresh, np.nan, y)
    return y


def _level_option(option: Any, level: int, default: Any) -> Any:
    if isinstance(option, Mapping):
        return option.get(level, option.get(str(level), default))
    return default if option is None else option


def aggregate(
    data: pd.DataFrame,
    framework: Framework,
    *,
    method: str | Mapping[int, str] = "arithmetic",
    weights: Mapping[str, Any] | None = None,
    dat_thresh: float | Mapping[int, float] | None = None,
) -> tuple[pd.DataFrame, dict[str, Any]]:
    """Aggregate normalised indicators level by level; returns indicators + all aggregates.

    ``weights``: ``{"method": "meta"|"equal"|"expert"|"entropy"|"ahp"|"pca", "levels": [2, 3],
    "expert": {...}, "ahp": {parent: {"codes": [...], "matrix": [[...]]}}, "shift": 0.0,
    "by_level": {2: {...}}}`` — levels not listed use the framework weights (``meta``).
    """
    weights = dict(weights or {})
    by_level = weights.pop("by_level", {}) or {}
    levels_sel = weights.pop("levels", None)
    out = data.copy()
    used: dict[str, dict[str, float]] = {}
    extra: dict[str, Any] = {}
    methods_used: dict[int, str] = {}
    for level in range(2, framework.max_level + 1):
        agg_m = canonical_method(_level_option(method, level, "arithmetic"))
        methods_used[level] = agg_m
        thr = _level_option(dat_thresh, level, None)
        lspec = dict(weights)
        if levels_sel is not None and level not in levels_sel and str(level) not in map(str, levels_sel):
            lspec = {"method": "meta"}
        if level in by_level or str(level) in by_level:
            lspec = dict(by_level.get(level) or by_level.get(str(level)) or {})
        lm = lspec.get("method", "meta")
        for parent in framework.aggregates_at(level):
            kids = framework.children(parent)
            missing = [k for k in kids if k not in out.columns]
            if missing:
                raise EvaluationError(f"聚合 {parent} 的下级 {', '.join(missing)} 不在数据中")
            x = out[kids].to_numpy(float)
            w, info = compute_weights(
                lm,
                kids,
                x,
                meta=[framework.weight(k) for k in kids],
                expert=lspec.get("expert"),
                ahp=lspec.get("ahp"),
                shift=float(lspec.get("shift", 0.0)),
                parent=parent,
            )
            used[parent] = {k: float(v) for k, v in zip(kids, w, strict=True)}
            if info:
                extra[parent] = info
            out[parent] = weighted_mean(x, w, agg_m, dat_thresh=thr)
    details: dict[str, Any] = {
        "method": {str(k): v for k, v in methods_used.items()},
        "weights": used,
    }
    if extra:
        details["weight_details"] = extra
    return out, details


def effective_weights(
    framework: Framework, level_weights: Mapping[str, Mapping[str, float]] | None = None
) -> pd.Series:
    """Each indicator's overall weight in the index: product of normalised weights up the tree."""
    lw = level_weights or {}
    eff: dict[str, float] = {}
    for code in framework.indicators:
        w = 1.0
        node = code
        while True:
            parent = framework.parent(node)
            if parent is None:
                break
            sib = framework.children(parent)
            if parent in lw:
                w *= float(lw[parent][node])
            else:
                ws = np.array([framework.weight(s) for s in sib])
                w *= framework.weight(node) / ws.sum() if ws.sum() > 0 else 1 / len(sib)
            node = parent
        eff[code] = w
    s = pd.Series(eff)
    return s / s.sum()
