"""Weighting methods: equal, expert, entropy (熵权法), AHP (层次分析法) and PCA-based.

All functions return a 1-D array of non-negative weights summing to 1.

**Entropy (熵权法).** For a units × indicators matrix ``X ≥ 0`` (normally min-max normalised
data), ``p_ij = x_ij / Σ_i x_ij``, ``e_j = −(1/ln m_j) Σ_i p_ij ln p_ij`` with ``m_j`` the number
of non-missing values in column ``j``, ``d_j = 1 − e_j`` and ``w_j = d_j / Σ d_j``.
*Zero-handling rule (documented choice):* ``p ln p`` is taken as 0 when ``p = 0`` (its limit),
so zeros are kept as data rather than shifted; a column that is entirely 0 (or has a single
non-missing value) carries no information and gets ``e_j = 1`` (weight 0); if every column is
uninformative the weights are equal. Negative values are rejected (normalise first). The optional
``shift`` adds a constant to every value first (the "平移" variant some studies use, e.g. 0.0001).
This differs from pymcdm, which sets ``e_j = 0`` for any column containing a zero.

**AHP.** Weights are the normalised principal eigenvector of a positive reciprocal pairwise
matrix; ``CI = (λmax − n)/(n − 1)``, ``CR = CI / RI(n)`` with Saaty's random index; a judgement
matrix is acceptably consistent when ``CR < 0.1``. For ``n ≤ 2`` CR is 0.

**PCA (OECD/JRC Handbook 2008, §6.1).** Standardise the indicators, take the principal
components of the correlation matrix with eigenvalue > 1 (at least one), varimax-rotate their
loadings, scale the squared loadings of each factor to unit sum, assign each indicator to the
factor where its scaled squared loading is largest, weight it by that value times the factor's
share of the explained variance, and normalise.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from fractions import Fraction
from typing import Any

import numpy as np

from ipatlas.errors import EvaluationError

METHODS = ("meta", "equal", "expert", "entropy", "ahp", "pca")

# Saaty's random consistency index RI(n), n = 1..15 (Saaty 1980, as tabulated in most texts).
SAATY_RI = (0.0, 0.0, 0.58, 0.90, 1.12, 1.24, 1.32, 1.41, 1.45, 1.49, 1.51, 1.48, 1.56, 1.57, 1.59)
CR_THRESHOLD = 0.1


def _normalised(w: np.ndarray) -> np.ndarray:
    s = float(np.sum(w))
    if not np.isfinite(s) or s <= 0:
        return np.full(len(w), 1.0 / len(w))
    return w / s


def equal_weights(n: int) -> np.ndarray:
    if n < 1:
        raise EvaluationError("至少需要一个指标才能分配权重")
    return np.full(n, 1.0 / n)


def expert_weights(codes: Sequence[str], values: Mapping[str, float]) -> np.ndarray:
    missing = [c for c in codes if c not in values]
    if missing:
        raise EvaluationError(f"专家权重缺少 {', '.join(missing)}；请为同一组的每个下级给出权重")
    w = np.array([float(values[c]) for c in codes])
    if (w < 0).any() or not np.isfinite(w).all():
        raise EvaluationError("专家权重应为非负数")
    if w.sum() == 0:
        raise EvaluationError(f"专家权重（{', '.join(codes)}）之和为 0")
    return w / w.sum()


def entropy_weights(x: np.ndarray, *, shift: float = 0.0) -> np.ndarray:
    """Entropy weights of the columns of ``x`` (units × indicators); see the module docstring."""
    x = np.asarray(x, dtype=float) + shift
    if x.ndim != 2 or x.shape[1] == 0:
        raise EvaluationError("熵权法需要二维矩阵（单位 × 指标）")
    finite = x[np.isfinite(x)]
    if finite.size and finite.min() < 0:
        raise EvaluationError("熵权法需要非负数据；请先做 minmax 标准化，或设置 shift 平移")
    n = x.shape[1]
    e = np.ones(n)
    for j in range(n):
        col = x[:, j]
        col = col[~np.isnan(col)]
        m = len(col)
        s = col.sum()
        if m < 2 or s <= 0:
            continue  # no information: e = 1
        p = col / s
        with np.errstate(divide="ignore", invalid="ignore"):
            plogp = np.where(p > 0, p * np.log(p), 0.0)
        e[j] = -plogp.sum() / np.log(m)
    d = np.clip(1.0 - e, 0.0, None)
    if d.sum() <= 0:
        return equal_weights(n)
    return d / d.sum()


@dataclass
class AHPResult:
    weights: np.ndarray
    lambda_max: float
    ci: float
    ri: float
    cr: float

    @property
    def consistent(self) -> bool:
        return self.cr < CR_THRESHOLD

    def to_dict(self, codes: Sequence[str] | None = None) -> dict[str, Any]:
        w = [float(v) for v in self.weights]
        return {
            "weights": dict(zip(codes, w, strict=True)) if codes else w,
            "lambda_max": self.lambda_max,
            "CI": self.ci,
            "RI": self.ri,
            "CR": self.cr,
            "consistent": self.consistent,
        }


def _parse_entry(v: Any) -> float:
    if isinstance(v, str):
        try:
            return float(Fraction(v.strip()))
        except (ValueError, ZeroDivisionError):
            raise EvaluationError(f"AHP 判断矩阵元素 {v!r} 不是数字或分数（如 1/3）") from None
    return float(v)


def ahp_weights(matrix: Sequence[Sequence[Any]] | np.ndarray, *, tolerance: float = 0.01) -> AHPResult:
    """Principal-eigenvector weights and consistency ratio of a pairwise comparison matrix."""
    a = np.array([[_parse_entry(v) for v in row] for row in matrix], dtype=float)
    n = a.shape[0]
    if a.ndim != 2 or a.shape[1] != n or n < 1:
        raise EvaluationError(f"AHP 判断矩阵应为方阵，现为 {a.shape}")
    if (a <= 0).any() or not np.isfinite(a).all():
        raise EvaluationError("AHP 判断矩阵的元素应为正数（1–9 标度及其倒数）")
    if not np.allclose(np.diag(a), 1.0):
        raise EvaluationError("AHP 判断矩阵的对角线应全为 1")
    prod = a * a.T
    bad = np.argwhere(np.abs(prod - 1) > tolerance)
    if len(bad):
        i, j = (int(v) for v in bad[0])
        raise EvaluationError(
            f"AHP 判断矩阵不满足互反性：a[{i + 1}][{j + 1}]={a[i, j]:g}，a[{j + 1}][{i + 1}]={a[j, i]:g}，"
            f"应有 a[{j + 1}][{i + 1}] = 1/a[{i + 1}][{j + 1}]"
        )
    vals, vecs = np.linalg.eig(a)
    k = int(np.argmax(vals.real))
    lam = float(vals[k].real)
    w = np.abs(vecs[:, k].real)
    w = w / w.sum()
    if n <= 2:
        return AHPResult(weights=w, lambda_max=lam, ci=0.0, ri=0.0, cr=0.0)
    ci = max((lam - n) / (n - 1), 0.0)
    if n > len(SAATY_RI):
        raise EvaluationError(f"AHP 判断矩阵阶数 {n} 超过 Saaty RI 表的范围（≤ {len(SAATY_RI)}）")
    ri = SAATY_RI[n - 1]
    cr = ci / ri
    if cr < 1e-12:
        cr = 0.0
    return AHPResult(weights=w, lambda_max=lam, ci=ci, ri=ri, cr=cr)


def varimax(
    loadings: np.ndarray, *, gamma: float = 1.0, max_iter: int = 100, tol: float = 1e-8
) -> np.ndarray:
    """Varimax rotation (Kaiser 1958) of a p × k loading matrix."""
    p, k = loadings.shape
    if k < 2:
        return loadings
    r = np.eye(k)
    d = 0.0
    for _ in range(max_iter):
        lam = loadings @ r
        u, s, vt = np.linalg.svd(loadings.T @ (lam**3 - (gamma / p) * lam @ np.diag(np.sum(lam**2, axis=0))))
        r = u @ vt
        d_new = float(np.sum(s))
        if d_new < d * (1 + tol):
            break
        d = d_new
    return loadings @ r


def pca_weights(x: np.ndarray) -> tuple[np.ndarray, dict[str, Any]]:
    """OECD-handbook PCA/FA weights of the columns of ``x`` (complete rows only)."""
    x = np.asarray(x, dtype=float)
    x = x[~np.isnan(x).any(axis=1)]
    m, n = x.shape
    if n == 1:
        return np.ones(1), {"factors": 1}
    if m < 3:
        raise EvaluationError("PCA 赋权需要至少 3 个无缺失值的单位")
    sd = x.std(axis=0, ddof=1)
    keep = sd > 1e-9 * np.maximum(1.0, np.abs(x).max(axis=0))  # numerically constant columns: no information
    if keep.sum() < 2:
        return equal_weights(n), {"factors": 0, "note": "指标无变异，改用等权"}
    z = (x[:, keep] - x[:, keep].mean(axis=0)) / sd[keep]
    corr = np.nan_to_num(np.corrcoef(z, rowvar=False))
    np.fill_diagonal(corr, 1.0)
    vals, vecs = np.linalg.eigh(corr)
    order = np.argsort(vals)[::-1]
    vals, vecs = vals[order], vecs[:, order]
    k = max(1, int(np.sum(vals > 1.0)))
    load = vecs[:, :k] * np.sqrt(np.clip(vals[:k], 0, None))
    load = varimax(load)
    sq = load**2
    explained = sq.sum(axis=0)
    scaled = sq / explained
    best = scaled.argmax(axis=1)
    share = explained / explained.sum()
    w_keep = scaled[np.arange(len(best)), best] * share[best]
    w = np.zeros(n)
    w[keep] = w_keep
    return _normalised(w), {
        "factors": k,
        "eigenvalues": [float(v) for v in vals],
        "explained_share": [float(v) for v in share],
        "assignment": [int(b) for b in best],
    }


def compute_weights(
    method: str,
    codes: Sequence[str],
    x: np.ndarray | None,
    *,
    meta: Sequence[float] | None = None,
    expert: Mapping[str, float] | None = None,
    ahp: Mapping[str, Any] | None = None,
    shift: float = 0.0,
    parent: str = "",
) -> tuple[np.ndarray, dict[str, Any]]:
    """Weights for the children ``codes`` of one aggregate; ``x`` is their units × codes data."""
    n = len(codes)
    if method == "meta":
        w = np.asarray(meta if meta is not None else np.ones(n), dtype=float)
        return _normalised(w), {}
    if method == "equal":
        return equal_weights(n), {}
    if method == "expert":
        if expert is None:
            raise EvaluationError("weight.method=expert 需要 weight.expert（代码 → 权重）")
        return expert_weights(codes, expert), {}
    if method == "entropy":
        if x is None:
            raise EvaluationError("熵权法需要数据")
        return entropy_weights(x, shift=shift), {}
    if method == "pca":
        if x is None:
            raise EvaluationError("PCA 赋权需要数据")
        return pca_weights(x)
    if method == "ahp":
        spec = (ahp or {}).get(parent)
        if spec is None:
            raise EvaluationError(
                f"聚合 {parent} 使用 AHP 赋权，但 weight.ahp 中没有它的判断矩阵；"
                f"请给出 weight.ahp.{parent}.codes 与 matrix"
            )
        order = list(spec.get("codes", codes))
        if sorted(order) != sorted(codes):
            raise EvaluationError(
                f"聚合 {parent} 的 AHP codes {order} 与其下级 {list(codes)} 不一致；请列出全部下级"
            )
        res = ahp_weights(spec["matrix"])
        if len(res.weights) != n:
            raise EvaluationError(f"聚合 {parent} 的 AHP 矩阵阶数 {len(res.weights)} 与下级数 {n} 不符")
        if not res.consistent and not spec.get("allow_inconsistent", False):
            raise EvaluationError(
                f"聚合 {parent} 的 AHP 判断矩阵一致性比率 CR={res.cr:.3f} ≥ 0.1，未通过一致性检验；"
                "请调整判断矩阵（或设置 allow_inconsistent: true）"
            )
        by_code = dict(zip(order, res.weights, strict=True))
        return np.array([by_code[c] for c in codes]), res.to_dict(order)
    raise EvaluationError(f"未知的赋权方法 {method!r}；可选：{', '.join(METHODS)}")
