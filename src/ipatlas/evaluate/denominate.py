"""Denominate: divide extensive indicators by a size variable (per capita, per GDP, per R&D, …).

Follows COINr ``Denominate()``: ``x / (denominator / scale)``. By default each indicator uses
the ``denominator`` column of the framework; ``by`` overrides it per indicator and ``scale``
multiplies the result (e.g. 10,000 for "per 10,000 people" when the denominator is in persons).
A zero or missing denominator gives a missing value (never ±inf), counted in the details.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import numpy as np
import pandas as pd

from ipatlas.errors import EvaluationError
from ipatlas.evaluate.framework import Framework


def denominate(
    data: pd.DataFrame,
    framework: Framework,
    *,
    by: Mapping[str, str | None] | None = None,
    scale: Mapping[str, float] | float | None = None,
    denominators: pd.DataFrame | None = None,
) -> tuple[pd.DataFrame, dict[str, Any]]:
    """Return the denominated indicator data and per-indicator details."""
    spec = {c: framework.table.at[c, "denominator"] for c in framework.indicators}
    if by:
        unknown = [k for k in by if k not in spec]
        if unknown:
            raise EvaluationError(f"denominate.by 中的指标未在框架中定义：{', '.join(unknown)}")
        spec.update(dict(by))
    source = data if denominators is None else denominators
    out = data.copy()
    details: dict[str, Any] = {}
    for code, den in spec.items():
        if den is None:
            continue
        den = str(den)
        if den not in source.columns:
            raise EvaluationError(
                f"指标 {code} 的分母 {den} 不在数据中；请在数据中加入 {den} 列或修改框架的 denominator"
            )
        d = pd.to_numeric(source[den].reindex(out.index), errors="coerce").astype(float)
        s = scale.get(code, 1.0) if isinstance(scale, Mapping) else (1.0 if scale is None else float(scale))
        bad = (d == 0) | d.isna()
        with np.errstate(divide="ignore", invalid="ignore"):
            out[code] = out[code].astype(float) / d.where(~bad) * s
        details[code] = {"denominator": den, "scale": s, "missing_denominator": int(bad.sum())}
    return out, {"denominated": details}
