"""Uncertainty and sensitivity analysis of a composite index (Monte Carlo, JRC/COINr practice).

Uncertain inputs ("factors"), each sampled independently:

- ``weights`` — every weight of every aggregate is perturbed multiplicatively,
  ``w' = w·(1 + U(−noise, +noise))`` (COINr ``get_noisy_weights``; default noise 25 %), then
  renormalised within its aggregate;
- ``normalisation`` — one of the listed normalisation options, uniformly;
- ``aggregation`` — one of the listed aggregation methods, uniformly.

Design (``design="saltelli"``): two independent base samples A and B of size N and, for each
factor i, the hybrid sample AB_i (A with factor i taken from B); N·(k + 2) model runs in all
(``n_runs`` is that total). First-order indices ``S_i = mean(f_B·(f_ABi − f_A)) / V`` (Saltelli et
al. 2010) and total-effect indices ``ST_i = mean((f_A − f_ABi)²) / (2V)`` (Jansen 1999), with
``V`` the variance over A ∪ B, estimated for every unit's rank and for the summary output
"mean absolute rank shift from the nominal ranking" (COINr's default SA target). ``S_i`` is the
share of the output variance explained by factor i alone. ``design="uncertainty"`` draws all
runs at random and reports rank intervals only.

All runs reuse the treated data: the normalisation options are computed once and aggregation
is vectorised over runs (no per-run DataFrame work).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd
from scipy.stats import rankdata

from ipatlas.errors import EvaluationError
from ipatlas.evaluate.aggregate import canonical_method
from ipatlas.evaluate.framework import Framework
from ipatlas.evaluate.normalise import normalise
from ipatlas.progress import ProgressCallback, no_progress

FACTORS = ("weights", "normalisation", "aggregation")

DEFAULT_NORMALISATIONS: tuple[dict[str, Any], ...] = (
    {"method": "minmax", "range": [1, 100]},
    {"method": "zscore", "m_sd": [10, 2]},
)
DEFAULT_AGGREGATIONS: tuple[str, ...] = ("arithmetic", "geometric")


def _label(opt: Mapping[str, Any]) -> str:
    extra = ",".join(f"{k}={v}" for k, v in opt.items() if k != "method")
    return f"{opt['method']}({extra})" if extra else str(opt["method"])


@dataclass
class _Structure:
    """The aggregation tree as index arrays (built once)."""

    indicators: list[str]
    levels: list[list[tuple[str, list[str]]]]  # per level ≥ 2: (parent, children)
    weight_slots: list[tuple[str, str]]  # (parent, child) in sampling order
    nominal: np.ndarray  # nominal weight of each slot, normalised within its parent

    @classmethod
    def build(cls, fw: Framework, weights: Mapping[str, Mapping[str, float]] | None) -> _Structure:
        levels = []
        slots: list[tuple[str, str]] = []
        nominal: list[float] = []
        for lev in range(2, fw.max_level + 1):
            items = []
            for p in fw.aggregates_at(lev):
                kids = fw.children(p)
                items.append((p, kids))
                if weights and p in weights:
                    w = np.array([float(weights[p][k]) for k in kids])
                else:
                    w = np.array([fw.weight(k) for k in kids])
                w = w / w.sum() if w.sum() > 0 else np.full(len(kids), 1 / len(kids))
                slots.extend((p, k) for k in kids)
                nominal.extend(w.tolist())
            levels.append(items)
        return cls(fw.indicators, levels, slots, np.array(nominal))


def _rank_rows(scores: np.ndarray) -> np.ndarray:
    """Descending ranks per row, ties = min; NaN scores get NaN ranks."""
    s = np.where(np.isnan(scores), -np.inf, scores)
    r = rankdata(-s, method="min", axis=1).astype(float)
    r[np.isnan(scores)] = np.nan
    return r


def _evaluate(
    structure: _Structure,
    normed: list[np.ndarray],
    norm_idx: np.ndarray,
    agg_idx: np.ndarray,
    weights: np.ndarray,
    aggregations: Sequence[str],
    index_code: str,
) -> np.ndarray:
    """Index scores (runs × units) for the sampled factor values."""
    r_total = len(norm_idx)
    u = normed[0].shape[0]
    out = np.full((r_total, u), np.nan)
    slot = {s: i for i, s in enumerate(structure.weight_slots)}
    ind_pos = {c: i for i, c in enumerate(structure.indicators)}
    for k in np.unique(norm_idx):
        for a in np.unique(agg_idx):
            runs = np.flatnonzero((norm_idx == k) & (agg_idx == a))
            if not len(runs):
                continue
            method = aggregations[a]
            x = normed[k]
            w_all = weights[runs]
            scores: dict[str, np.ndarray] = {}
            for level_items in structure.levels:
                for parent, kids in level_items:
                    w = w_all[:, [slot[(parent, c)] for c in kids]]  # runs × C
                    if all(c in ind_pos for c in kids):
                        xc = x[:, [ind_pos[c] for c in kids]]  # units × C, same for all runs
                        ok = ~np.isnan(xc)
                        den = w @ ok.T.astype(float)
                        if method == "arithmetic":
                            y = w @ np.where(ok, xc, 0.0).T / den
                        elif method == "geometric":
                            y = np.exp(w @ np.where(ok, np.log(np.where(ok, xc, 1.0)), 0.0).T / den)
                        else:
                            y = den / (w @ np.where(ok, 1.0 / np.where(ok, xc, 1.0), 0.0).T)
                    else:
                        xc3 = np.stack(
                            [
                                scores[c]
                                if c in scores
                                else np.broadcast_to(x[:, ind_pos[c]], (len(runs), u))
                                for c in kids
                            ],
                            axis=2,
                        )  # runs × units × C
                        ok3 = ~np.isnan(xc3)
                        den = np.einsum("ruc,rc->ru", ok3.astype(float), w)
                        if method == "arithmetic":
                            y = np.einsum("ruc,rc->ru", np.where(ok3, xc3, 0.0), w) / den
                        elif method == "geometric":
                            lg = np.where(ok3, np.log(np.where(ok3, xc3, 1.0)), 0.0)
                            y = np.exp(np.einsum("ruc,rc->ru", lg, w) / den)
                        else:
                            inv = np.where(ok3, 1.0 / np.where(ok3, xc3, 1.0), 0.0)
                            y = den / np.einsum("ruc,rc->ru", inv, w)
                    scores[parent] = np.where(den > 0, y, np.nan)
            out[runs] = scores[index_code]
    return out


@dataclass
class SensitivityResult:
    units: list[str]
    nominal_scores: pd.Series
    nominal_ranks: pd.Series
    rank_stats: pd.DataFrame
    indices: pd.DataFrame  # factor × (S1, ST) for the summary output
    unit_first_order: pd.DataFrame | None  # unit × factor
    runs: int
    base_samples: int
    design: str
    options: dict[str, Any] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        rs = self.rank_stats.reset_index().rename(columns={"index": "unit"})
        return {
            "design": self.design,
            "runs": self.runs,
            "base_samples": self.base_samples,
            "options": self.options,
            "rank_intervals": _records(rs),
            "sensitivity": {
                "output": "mean_abs_rank_shift",
                "indices": _records(self.indices.reset_index().rename(columns={"index": "factor"})),
            },
            "unit_first_order": None
            if self.unit_first_order is None
            else {
                str(u): {str(k): _num(v) for k, v in row.items()}
                for u, row in self.unit_first_order.to_dict(orient="index").items()
            },
        }


def _num(v: Any) -> Any:
    if isinstance(v, float | np.floating):
        return None if not np.isfinite(v) else float(v)
    if isinstance(v, np.integer):
        return int(v)
    return v


def _records(df: pd.DataFrame) -> list[dict[str, Any]]:
    return [{str(k): _num(v) for k, v in r.items()} for r in df.to_dict(orient="records")]


def _check_options(design: str, factors: Sequence[str], weight_noise: float) -> None:
    if design not in ("saltelli", "uncertainty"):
        raise EvaluationError("sensitivity.design 应为 saltelli 或 uncertainty")
    unknown = [f for f in factors if f not in FACTORS]
    if unknown or not factors:
        raise EvaluationError(f"未知的不确定因素 {unknown}；可选：{', '.join(FACTORS)}")
    if not 0 <= weight_noise < 1:
        raise EvaluationError("sensitivity.weight_noise 应在 [0, 1) 内（如 0.25 表示 ±25%）")


def _normalised_sets(
    treated: pd.DataFrame,
    framework: Framework,
    codes: list[str],
    options: list[dict[str, Any]],
    aggregations: list[str],
) -> list[np.ndarray]:
    """The data normalised by each option, computed once (positive where a mean needs it)."""
    normed: list[np.ndarray] = []
    for opt in options:
        o = dict(opt)
        m = o.pop("method")
        nd, _ = normalise(treated, framework, method=m, **o)
        arr = nd[codes].to_numpy(float)
        if any(a in ("geometric", "harmonic") for a in aggregations):
            finite = arr[~np.isnan(arr)]
            if finite.size and finite.min() <= 0:
                raise EvaluationError(
                    f"标准化选项 {_label(opt)} 产生了 ≤ 0 的值，不能与几何/调和平均组合；"
                    "请改用正值区间的标准化（如 minmax range [1, 100]），"
                    "或提高 zscore 的均值（如 m_sd [100, 10]）"
                )
        normed.append(arr)
    return normed


def _rank_stats(
    units: list[str], nominal: np.ndarray, nom_rank: np.ndarray, ranks: np.ndarray
) -> pd.DataFrame:
    """Each unit's nominal score and rank and the distribution of its rank over the runs."""
    stats = pd.DataFrame(
        {
            "nominal_rank": nom_rank,
            "median_rank": np.nanmedian(ranks, axis=0),
            "mean_rank": np.nanmean(ranks, axis=0),
            "q05": np.nanquantile(ranks, 0.05, axis=0),
            "q95": np.nanquantile(ranks, 0.95, axis=0),
            "min_rank": np.nanmin(ranks, axis=0),
            "max_rank": np.nanmax(ranks, axis=0),
        },
        index=units,
    )
    stats.insert(0, "nominal_score", nominal)
    stats = stats.sort_values("nominal_rank")

    return stats


def _sobol(
    factors: Sequence[str],
    ranks: np.ndarray,
    nom_rank: np.ndarray,
    n_base: int,
    units: list[str],
    order: pd.Index,
    design: str,
) -> tuple[pd.DataFrame, pd.DataFrame | None]:
    """First-order and total Sobol indices (Saltelli design) of the mean rank shift, overall and per unit."""
    indices = pd.DataFrame(index=list(factors), columns=["S1", "ST"], dtype=float)
    unit_s1: pd.DataFrame | None = None
    if design == "saltelli":
        shift = np.nanmean(np.abs(ranks - nom_rank[None, :]), axis=1)  # summary output per run
        fa, fb = shift[:n_base], shift[n_base : 2 * n_base]
        var = np.var(np.concatenate([fa, fb]))
        ra, rb = ranks[:n_base], ranks[n_base : 2 * n_base]
        var_u = np.nanvar(np.concatenate([ra, rb]), axis=0)
        s1_units = {}
        for i, f in enumerate(factors):
            lo = (2 + i) * n_base
            fab = shift[lo : lo + n_base]
            indices.loc[f, "S1"] = np.mean(fb * (fab - fa)) / var if var > 0 else np.nan
            indices.loc[f, "ST"] = np.mean((fa - fab) ** 2) / (2 * var) if var > 0 else np.nan
            rab = ranks[lo : lo + n_base]
            with np.errstate(divide="ignore", invalid="ignore"):
                s1_units[f] = np.where(var_u > 0, np.nanmean(rb * (rab - ra), axis=0) / var_u, np.nan)
        unit_s1 = pd.DataFrame(s1_units, index=units).loc[order]
    return indices, unit_s1


def sensitivity_analysis(
    treated: pd.DataFrame,
    framework: Framework,
    *,
    n_runs: int = 1000,
    weight_noise: float = 0.25,
    normalisations: Sequence[Mapping[str, Any]] | None = None,
    aggregations: Sequence[str] | None = None,
    nominal_normalisation: Mapping[str, Any] | None = None,
    nominal_aggregation: str = "arithmetic",
    nominal_weights: Mapping[str, Mapping[str, float]] | None = None,
    factors: Sequence[str] = FACTORS,
    design: str = "saltelli",
    seed: int = 0,
    progress: ProgressCallback = no_progress,
) -> SensitivityResult:
    """Monte Carlo uncertainty/sensitivity analysis on treated (pre-normalisation) data."""
    _check_options(design, factors, weight_noise)
    norm_opts = [dict(o) for o in (normalisations or DEFAULT_NORMALISATIONS)]
    agg_opts = [canonical_method(a) for a in (aggregations or DEFAULT_AGGREGATIONS)]
    nom_norm = dict(nominal_normalisation or norm_opts[0])
    nom_agg = canonical_method(nominal_aggregation)
    if "normalisation" not in factors:
        norm_opts = [nom_norm]
    if "aggregation" not in factors:
        agg_opts = [nom_agg]
    k = len(factors)
    n_base = max(2, n_runs // (k + 2)) if design == "saltelli" else max(2, n_runs)
    structure = _Structure.build(framework, nominal_weights)
    codes = structure.indicators
    units = [str(u) for u in treated.index]

    # the normalised data sets, computed once
    all_norms = [nom_norm, *norm_opts]
    normed = _normalised_sets(treated, framework, codes, all_norms, [*agg_opts, nom_agg])
    progress(1, 4, "标准化")

    rng = np.random.default_rng(seed)
    n_w = len(structure.nominal)

    def sample(n: int) -> dict[str, np.ndarray]:
        noise = rng.uniform(-weight_noise, weight_noise, size=(n, n_w)) if "weights" in factors else 0.0
        return {
            "weights": structure.nominal * (1.0 + noise) * np.ones((n, n_w)),
            "normalisation": rng.integers(0, len(norm_opts), size=n) + 1,  # +1: slot 0 is nominal
            "aggregation": rng.integers(0, len(agg_opts), size=n),
        }

    agg_all = agg_opts
    a_s = sample(n_base)
    blocks = [a_s]
    if design == "saltelli":
        b_s = sample(n_base)
        blocks.append(b_s)
        for f in factors:
            ab = {key: val.copy() for key, val in a_s.items()}
            ab[f] = b_s[f].copy()
            blocks.append(ab)
    w = np.concatenate([b["weights"] for b in blocks])
    ni = np.concatenate([b["normalisation"] for b in blocks])
    ai = np.concatenate([b["aggregation"] for b in blocks])
    progress(2, 4, "蒙特卡洛运行")
    index = framework.index_code
    scores = _evaluate(structure, normed, ni, ai, w, agg_all, index)
    nominal = _evaluate(
        structure, normed, np.zeros(1, int), np.zeros(1, int), structure.nominal[None, :], [nom_agg], index
    )[0]
    ranks = _rank_rows(scores)
    nom_rank = _rank_rows(nominal[None, :])[0]
    progress(3, 4, "统计")

    total = len(ranks)
    stats = _rank_stats(units, nominal, nom_rank, ranks)

    indices, unit_s1 = _sobol(factors, ranks, nom_rank, n_base, units, stats.index, design)
    progress(4, 4, "完成")
    options = {
        "weight_noise": weight_noise,
        "normalisations": [_label(o) for o in norm_opts],
        "aggregations": agg_opts,
        "nominal_normalisation": _label(nom_norm),
        "nominal_aggregation": nom_agg,
        "factors": list(factors),
        "seed": seed,
    }
    return SensitivityResult(
        units=units,
        nominal_scores=pd.Series(nominal, index=units),
        nominal_ranks=pd.Series(nom_rank, index=units),
        rank_stats=stats,
        indices=indices,
        unit_first_order=unit_s1,
        runs=total,
        base_samples=n_base,
        design=design,
        options=options,
    )
