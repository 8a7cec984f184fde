"""Coupling coordination degree (耦合协调度) for n subsystems, three variants, 10-band classes.

Inputs are subsystem development indices ``U_1 … U_n ∈ [0, 1]`` (one row per unit). With
subsystem weights ``α_i`` (Σα = 1, default equal), the comprehensive development index is
``T = Σ α_i U_i`` and the coupling coordination degree ``D = √(C·T)``. The coupling degree C:

``classic`` — the normative traditional form (as restated by Wang et al. 2021)::

    C = [ Π U_i / ( (1/n) Σ U_i )^n ]^(1/n)          (= 2√(U1U2)/(U1+U2) for n = 2)

``wang`` — the corrected model of 王淑佳, 孔伟, 任亮, 治丹丹, 戴彬婷 (2021) 国内耦合协调度模型
的误区及修正. 自然资源学报 36(3): 793–810, doi:10.31497/zrzyxb.20210319::

    C = √{ [1 − Σ_{i>j} |U_i − U_j| / Σ_{m=1}^{n−1} m] · [Π (U_i / max U)]^(1/(n−1)) }

  (Σ_{m=1}^{n−1} m = n(n−1)/2 pairs; the result spreads over [0, 1] instead of crowding near 1.)

``fan`` — the form of Fan D., Ke H., Cao R. (2024) "Modification and improvement of coupling
coordination degree model", 统计与决策 (Statistics & Decision) 40(22): 41–46,
doi:10.13546/j.cnki.tjyjc.2024.22.007::

    C = 1 − 2·√{ [n Σ U_i² − (Σ U_i)²] / n² }        (= 1 − 2·σ_U, σ the population s.d.)

Both modified formulas, as printed, are implemented exactly as documented by the R package
``coupling`` (Lyu, CRAN) whose worked example (Guangzhou social-space data) is a test here.

Classes of D (the 10-band scheme used across Chinese studies), equal steps of 0.1; a value
on a boundary belongs to the upper band (D = 0.5 → 勉强协调); D = 1 is 优质协调.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from itertools import combinations

import numpy as np
import pandas as pd

from ipatlas.errors import EvaluationError, InputError

METHODS = ("classic", "wang", "fan")

BANDS: tuple[tuple[float, float, str, str], ...] = (
    (0.0, 0.1, "极度失调", "失调衰退类"),
    (0.1, 0.2, "严重失调", "失调衰退类"),
    (0.2, 0.3, "中度失调", "失调衰退类"),
    (0.3, 0.4, "轻度失调", "失调衰退类"),
    (0.4, 0.5, "濒临失调", "过渡调和类"),
    (0.5, 0.6, "勉强协调", "过渡调和类"),
    (0.6, 0.7, "初级协调", "协调发展类"),
    (0.7, 0.8, "中级协调", "协调发展类"),
    (0.8, 0.9, "良好协调", "协调发展类"),
    (0.9, 1.0, "优质协调", "协调发展类"),
)
BAND_NAMES = tuple(b[2] for b in BANDS)


def band_of(d: float) -> tuple[int | None, str | None]:
    """(level 1–10, Chinese band name) of a coordination degree; (None, None) when missing."""
    if d is None or not np.isfinite(d):
        return None, None
    level = int(min(max(np.floor(d * 10 + 1e-12), 0), 9))
    return level + 1, BANDS[level][2]


def coupling_degree(u: np.ndarray, method: str = "classic") -> np.ndarray:
    """Coupling degree C per row of ``u`` (units × subsystems, values in [0, 1])."""
    if method not in METHODS:
        raise EvaluationError(f"未知的耦合度方法 {method!r}；可选：{', '.join(METHODS)}")
    u = np.asarray(u, dtype=float)
    n = u.shape[1]
    if n < 2:
        raise EvaluationError("耦合协调度至少需要两个子系统")
    with np.errstate(divide="ignore", invalid="ignore"):
        if method == "classic":
            # [Π U / (ΣU/n)^n]^(1/n) = geometric mean / arithmetic mean (computed in logs: no underflow)
            mean = u.mean(axis=1)
            gmean = np.exp(np.log(np.where(u > 0, u, 1.0)).mean(axis=1))
            gmean = np.where((u > 0).all(axis=1), gmean, 0.0)
            c = np.where(mean > 0, gmean / np.where(mean > 0, mean, 1.0), 0.0)
        elif method == "wang":
            pairs = list(combinations(range(n), 2))
            diff = sum(np.abs(u[:, i] - u[:, j]) for i, j in pairs)
            first = 1.0 - diff / (n * (n - 1) / 2)
            mx = u.max(axis=1, keepdims=True)
            ratio = np.where(mx > 0, u / mx, 0.0)
            second = np.prod(ratio, axis=1) ** (1.0 / (n - 1))
            c = np.sqrt(np.clip(first * second, 0.0, None))
        else:
            var = (n * (u**2).sum(axis=1) - u.sum(axis=1) ** 2) / n**2
            c = 1.0 - 2.0 * np.sqrt(np.clip(var, 0.0, None))
    c = np.clip(c, 0.0, 1.0)  # rounding can step past 1 for perfectly balanced units
    return np.where(np.isnan(u).any(axis=1), np.nan, c)


def coupling_coordination(
    data: pd.DataFrame,
    *,
    method: str = "classic",
    weights: Sequence[float] | Mapping[str, float] | None = None,
    columns: Sequence[str] | None = None,
    check_range: bool = True,
    file: str | None = None,
) -> pd.DataFrame:
    """C, T, D, band level and band name for every unit (row) of a units × subsystems frame."""
    cols = list(columns or data.columns)
    if len(cols) < 2:
        raise EvaluationError("耦合协调度至少需要两个子系统列")
    u = data[cols].apply(pd.to_numeric, errors="coerce")
    if check_range:
        bad = (u < 0) | (u > 1)
        if bad.to_numpy().any():
            r, c = np.argwhere(bad.to_numpy())[0]
            raise InputError(
                f"子系统指数 {u.iat[r, c]:g} 不在 [0, 1] 内；请先把各子系统标准化到 0–1",
                file=file,
                row=int(r) + 2,
                field=cols[c],
            )
    if weights is None:
        w = np.full(len(cols), 1.0 / len(cols))
    else:
        if isinstance(weights, Mapping):
            missing = [c for c in cols if c not in weights]
            if missing:
                raise EvaluationError(f"权重缺少子系统 {', '.join(missing)}")
            w = np.array([float(weights[c]) for c in cols])
        else:
            w = np.asarray(list(weights), dtype=float)
            if len(w) != len(cols):
                raise EvaluationError(f"给出了 {len(w)} 个权重，但有 {len(cols)} 个子系统")
        if (w < 0).any() or w.sum() <= 0:
            raise EvaluationError("子系统权重应为非负且和大于 0")
        w = w / w.sum()
    arr = u.to_numpy(float)
    c = coupling_degree(arr, method)
    t = arr @ w
    d = np.sqrt(np.clip(c * t, 0.0, None))
    out = pd.DataFrame({"C": c, "T": t, "D": d}, index=data.index)
    bands = [band_of(v) for v in d]
    out["level"] = pd.array([b[0] for b in bands], dtype="Int64")
    out["band"] = [b[1] for b in bands]
    return out
