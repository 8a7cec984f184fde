"""Normalisation methods (COINr ``Normalise()`` definitions); the direction is applied first.

Each indicator is multiplied by its framework ``direction`` (±1) and then normalised:

=============  ==============================================================  =============
name           formula                                                         output range
=============  ==============================================================  =============
``minmax``     ``(x − min)/(max − min)·(u − l) + l``  (``range=[l, u]``)       ``[l, u]``
``zscore``     ``(x − mean)/sd·s + m``  (``m_sd=[m, s]``, sample sd)           unbounded
``rank``       rank, ties get the minimum rank (COINr ``n_rank``)              ``[1, n]``
``percentile`` ``(rank − 1)/(n − 1)·scale`` (COINr ``n_prank``, ties = min)     ``[0, scale]``
``dist2max``   ``(1 − (max − x)/(max − min))·scale`` (COINr ``n_dist2max``)     ``[0, scale]``
``goalposts``  ``(x − low)/(high − low)`` truncated to [0, 1], ``·scale``       ``[0, scale]``
``none``       unchanged                                                       —
=============  ==============================================================  =============

Goalposts come from the framework columns ``goalpost_low``/``goalpost_high`` or the
``goalposts`` parameter (``{code: [low, high]}``) and are given in the indicator's own units,
so a negative-direction indicator has its posts flipped as in COINr. A constant indicator has
no spread and becomes missing (COINr behaviour); the details list such indicators.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np
import pandas as pd

from ipatlas.errors import EvaluationError
from ipatlas.evaluate.framework import Framework

METHODS = ("minmax", "zscore", "rank", "percentile", "dist2max", "goalposts", "none")


def output_range(method: str, **params: Any) -> tuple[float, float]:
    """Closed range every normalised value lies in (±inf when unbounded)."""
    if method == "minmax":
        lo, hi = params.get("range", (0.0, 100.0))
        return (min(lo, hi), max(lo, hi))
    if method in ("percentile", "dist2max", "goalposts"):
        s = float(params.get("scale", 1.0 if method != "goalposts" else 100.0))
        return (min(0.0, s), max(0.0, s))
    return (-np.inf, np.inf)


def _rank_min(x: np.ndarray) -> np.ndarray:
    s = pd.Series(x)
    return s.rank(method="min", na_option="keep").to_numpy(float)


def normalise_array(
    x: np.ndarray,
    method: str = "minmax",
    *,
    direction: int = 1,
    range: Sequence[float] = (0.0, 100.0),  # COINr's l_u, named for YAML readability
    m_sd: Sequence[float] = (0.0, 1.0),
    scale: float | None = None,
    goalposts: Sequence[float] | None = None,
) -> np.ndarray:
    """Normalise one vector (NaN-aware)."""
    if method not in METHODS:
        raise EvaluationError(f"未知的标准化方法 {method!r}；可选：{', '.join(METHODS)}")
    x = np.asarray(x, dtype=float) * direction
    if method == "none":
        return x
    ok = ~np.isnan(x)
    if not ok.any():
        return x
    if method == "minmax":
        lo, hi = float(range[0]), float(range[1])
        mn, mx = np.nanmin(x), np.nanmax(x)
        if mx == mn:
            return np.full_like(x, np.nan)
        return (x - mn) / (mx - mn) * (hi - lo) + lo
    if method == "zscore":
        m, s = float(m_sd[0]), float(m_sd[1])
        if s <= 0:
            raise EvaluationError("zscore 的 m_sd 第二个值（标准差）应大于 0")
        sd = np.nanstd(x, ddof=1)
        if not sd > 0:
            return np.full_like(x, np.nan)
        return (x - np.nanmean(x)) / sd * s + m
    if method == "rank":
        return _rank_min(x)
    if method == "percentile":
        r = _rank_min(x)
        n = int(ok.sum())
        if n < 2:
            return np.full_like(x, np.nan)
        return (r - 1) / (n - 1) * (1.0 if scale is None else float(scale))
    if method == "dist2max":
        mn, mx = np.nanmin(x), np.nanmax(x)
        if mx == mn:
            return np.full_like(x, np.nan)
        return (1 - (mx - x) / (mx - mn)) * (1.0 if scale is None else float(scale))
    # goalposts
    if goalposts is None or len(goalposts) < 2:
        raise EvaluationError("goalposts 标准化需要每个指标的 [下限, 上限]")
    low, high = float(goalposts[0]), float(goalposts[1])
    if low == high:
        raise EvaluationError(f"goalposts 的下限与上限相同（{low}）；请设置不同的值")
    if direction == -1:
        low, high = -low, -high
        y = (x - high) / (low - high)
    else:
        y = (x - low) / (high - low)
    y = np.clip(y, 0.0, 1.0)
    return y * (100.0 if scale is None else float(scale))


def normalise(
    data: pd.DataFrame,
    framework: Framework,
    *,
    method: str = "minmax",
    range: Sequence[float] = (0.0, 100.0),
    m_sd: Sequence[float] = (0.0, 1.0),
    scale: float | None = None,
    goalposts: Mapping[str, Sequence[float]] | None = None,
    per_indicator: Mapping[str, Mapping[str, Any]] | None = None,
) -> tuple[pd.DataFrame, dict[str, Any]]:
    """Normalise every indicator column; ``per_indicator`` overrides method/params by code."""
    if method not in METHODS:
        raise EvaluationError(f"未知的标准化方法 {method!r}；可选：{', '.join(METHODS)}")
    if len(range) != 2:
        raise EvaluationError("minmax 的 range 应为 [下限, 上限]")
    out = data.copy()
    constant: list[str] = []
    t = framework.table
    for code in framework.indicators:
        if code not in out.columns:
            continue
        spec: dict[str, Any] = {"method": method, "range": range, "m_sd": m_sd, "scale": scale}
        if method == "goalposts" or (
            per_indicator and per_indicator.get(code, {}).get("method") == "goalposts"
        ):
            gp = (goalposts or {}).get(code)
            if gp is None:
                lo, hi = t.at[code, "goalpost_low"], t.at[code, "goalpost_high"]
                if lo is None or hi is None:
                    raise EvaluationError(
                        f"指标 {code} 使用 goalposts 标准化，但没有 goalpost_low/goalpost_high；"
                        "请在框架中填写或在 normalise.goalposts 中给出"
                    )
                gp = (float(lo), float(hi))  # type: ignore[arg-type]
            spec["goalposts"] = gp
        if per_indicator and code in per_indicator:
            spec.update(per_indicator[code])
        m = spec.pop("method")
        col = out[code].to_numpy(float)
        y = normalise_array(col, m, direction=framework.direction(code), **spec)
        if np.isnan(y).all() and (~np.isnan(col)).any():
            constant.append(code)
        out[code] = y
    details: dict[str, Any] = {"method": method}
    if method == "minmax":
        details["range"] = list(range)
    if constant:
        details["constant_indicators"] = constant
    return out, details
