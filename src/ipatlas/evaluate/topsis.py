"""TOPSIS (Hwang & Yoon 1981) as an alternative ranking to the composite index.

Steps: normalise each criterion (``minmax``: benefit ``(x − min)/(max − min)``, cost
``(max − x)/(max − min)``, as in pymcdm; or ``vector``: ``x/‖x‖`` with the ideal taken per
direction), weight, take the positive ideal (best per criterion) and the negative ideal (worst),
Euclidean distances ``D+``/``D−``, closeness ``C = D− / (D+ + D−)`` in [0, 1]; higher is better.
Missing values are not allowed (impute first). Opricovic & Tzeng (2004)'s example with
min-max normalisation gives closeness [0.500, 0.617, 0.500] (tested).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np
import pandas as pd

from ipatlas.errors import EvaluationError
from ipatlas.evaluate.aggregate import effective_weights
from ipatlas.evaluate.framework import Framework

NORMALISATIONS = ("minmax", "vector")


def topsis(
    matrix: np.ndarray | Sequence[Sequence[float]],
    weights: Sequence[float],
    directions: Sequence[int],
    *,
    normalisation: str = "minmax",
) -> np.ndarray:
    """Closeness coefficient of each alternative (row) of ``matrix``."""
    x = np.asarray(matrix, dtype=float)
    w = np.asarray(weights, dtype=float)
    d = np.asarray(directions, dtype=int)
    if x.ndim != 2 or x.shape[1] != len(w) or len(w) != len(d):
        raise EvaluationError("TOPSIS：矩阵列数、权重数与方向数应一致")
    if np.isnan(x).any():
        raise EvaluationError("TOPSIS 不接受缺失值；请先插补")
    if not set(np.unique(d)) <= {1, -1}:
        raise EvaluationError("TOPSIS 的方向应为 1（效益型）或 -1（成本型）")
    if normalisation not in NORMALISATIONS:
        raise EvaluationError(f"TOPSIS 标准化方法应为 {' / '.join(NORMALISATIONS)}")
    w = w / w.sum()
    if normalisation == "minmax":
        mn, mx = x.min(axis=0), x.max(axis=0)
        rng = np.where(mx > mn, mx - mn, 1.0)
        n = np.where(d == 1, (x - mn) / rng, (mx - x) / rng)
        v = n * w
        ideal, anti = v.max(axis=0), v.min(axis=0)
    else:
        norm = np.sqrt((x**2).sum(axis=0))
        n = x / np.where(norm > 0, norm, 1.0)
        v = n * w
        ideal = np.where(d == 1, v.max(axis=0), v.min(axis=0))
        anti = np.where(d == 1, v.min(axis=0), v.max(axis=0))
    dp = np.sqrt(((v - ideal) ** 2).sum(axis=1))
    dm = np.sqrt(((v - anti) ** 2).sum(axis=1))
    with np.errstate(divide="ignore", invalid="ignore"):
        c = dm / (dp + dm)
    return np.where(dp + dm > 0, c, 0.5)


def topsis_ranking(
    data: pd.DataFrame,
    framework: Framework,
    *,
    weights: pd.Series | None = None,
    normalisation: str = "minmax",
) -> tuple[pd.DataFrame, dict[str, Any]]:
    """TOPSIS over all indicators of the framework; weights default to the effective index weights."""
    codes = [c for c in framework.indicators if c in data.columns]
    w = effective_weights(framework) if weights is None else weights
    cl = topsis(
        data[codes].to_numpy(float),
        [float(w[c]) for c in codes],
        [framework.direction(c) for c in codes],
        normalisation=normalisation,
    )
    out = pd.DataFrame({"closeness": cl}, index=data.index)
    out["rank"] = out["closeness"].rank(ascending=False, method="min").astype(int)
    return out, {"normalisation": normalisation, "weights": {c: float(w[c]) for c in codes}}
