"""Outlier treatment, replicating COINr ``Treat()`` default behaviour exactly.

COINr (v1.x, ``Treat.numeric``) per indicator:

1. ``check_SkewKurt``: the indicator *passes* if ``|skew| < skew_thresh`` **or**
   ``kurtosis < kurt_thresh`` (defaults 2 and 3.5), i.e. it fails only when both are exceeded.
   Skewness and kurtosis are the bias-corrected sample statistics of ``e1071`` type 2 (Excel's
   SKEW/KURT), computed ignoring missing values.
2. If it fails, ``winsorise``: while failing and fewer than ``winmax`` (5) points have been
   treated, replace the current maximum (if skew ≥ 0) or minimum (if skew < 0) — all tied points —
   by the next value inside. The count is COINr's: the number of points at the last treated
   maximum plus at the last treated minimum (points accumulate there as ties).
3. If it still fails, the winsorisation is discarded and ``log_CT`` is applied to the
   *original* values: ``log(x − min(x) + 0.01·(max(x) − min(x)))`` (COINr ``combine_treat = FALSE``).

Indicators with fewer than 4 non-missing values, or zero variance, are left untreated (COINr
cannot compute the statistics there and returns them unchanged).
"""

from __future__ import annotations

import math
from typing import Any

import numpy as np
import pandas as pd

from ipatlas.errors import EvaluationError
from ipatlas.evaluate.framework import Framework

METHODS = ("coinr", "none")
SECOND_STAGE = ("log_CT", "log_CT_orig", "none")


def skewness(x: np.ndarray) -> float:
    """Sample skewness, e1071 type 2 (= Excel SKEW), NaNs removed."""
    x = x[~np.isnan(x)]
    n = len(x)
    if n < 3:
        return math.nan
    d = x - x.mean()
    m2 = float(np.sum(d**2))
    if m2 == 0:
        return math.nan
    y = math.sqrt(n) * float(np.sum(d**3)) / m2**1.5
    return y * math.sqrt(n * (n - 1)) / (n - 2)


def kurtosis(x: np.ndarray) -> float:
    """Sample excess kurtosis, e1071 type 2 (= Excel KURT), NaNs removed."""
    x = x[~np.isnan(x)]
    n = len(x)
    if n < 4:
        return math.nan
    d = x - x.mean()
    m2 = float(np.sum(d**2))
    if m2 == 0:
        return math.nan
    r = n * float(np.sum(d**4)) / m2**2
    return ((n + 1) * (r - 3) + 6) * (n - 1) / ((n - 2) * (n - 3))


def check_skew_kurt(x: np.ndarray, skew_thresh: float = 2.0, kurt_thresh: float = 3.5) -> bool | None:
    """COINr ``check_SkewKurt``: True = passes; None when the statistics are undefined."""
    sk, kt = skewness(x), kurtosis(x)
    if math.isnan(sk) or math.isnan(kt):
        return None
    return bool(abs(sk) < skew_thresh or kt < kurt_thresh)


def winsorise(
    x: np.ndarray, winmax: int | None = 5, skew_thresh: float = 2.0, kurt_thresh: float = 3.5
) -> tuple[np.ndarray, int, list[int], list[int]]:
    """COINr ``winsorise``; returns (x, nwin, last high positions, last low positions)."""
    x = x.astype(float).copy()
    imax: np.ndarray = np.array([], dtype=int)
    imin: np.ndarray = np.array([], dtype=int)
    nwin = 0
    passing = check_skew_kurt(x, skew_thresh, kurt_thresh)
    if passing is None:
        return x, 0, [], []
    below = winmax is None or nwin < winmax
    while not passing and below:
        if skewness(x) >= 0:
            imax = np.flatnonzero(x == np.nanmax(x))
            rest = np.delete(x, imax)
            x[imax] = np.nanmax(rest) if np.any(~np.isnan(rest)) else -math.inf
        else:
            imin = np.flatnonzero(x == np.nanmin(x))
            rest = np.delete(x, imin)
            x[imin] = np.nanmin(rest) if np.any(~np.isnan(rest)) else math.inf
        nwin = len(imax) + len(imin)
        below = winmax is None or nwin < winmax
        p = check_skew_kurt(x, skew_thresh, kurt_thresh)
        passing = True if p is None else p
    return x, nwin, imax.tolist(), imin.tolist()


def log_ct(x: np.ndarray) -> np.ndarray:
    """COINr ``log_CT``: ``log(x − min + 0.01·(max − min))``."""
    mn, mx = np.nanmin(x), np.nanmax(x)
    with np.errstate(divide="ignore", invalid="ignore"):
        return np.log(x - mn + 0.01 * (mx - mn))


def log_ct_orig(x: np.ndarray) -> np.ndarray:
    """COINr ``log_CT_orig``: ``log(x − min + 1)``."""
    return np.log(x - np.nanmin(x) + 1)


def treat_vector(
    x: np.ndarray,
    *,
    winmax: int | None = 5,
    skew_thresh: float = 2.0,
    kurt_thresh: float = 3.5,
    f2: str = "log_CT",
    combine: bool = False,
) -> tuple[np.ndarray, dict[str, Any]]:
    """Treat one indicator; details say what was done and the statistics before/after."""
    x = np.asarray(x, dtype=float)
    det: dict[str, Any] = {"skew": skewness(x), "kurtosis": kurtosis(x)}
    passing = check_skew_kurt(x, skew_thresh, kurt_thresh)
    if passing is None:
        det.update(status="untreated_undefined_stats", winsorised=0)
        return x, det
    if passing:
        det.update(status="passed", winsorised=0)
        return x, det
    x1, nwin, hi, lo = winsorise(x, winmax, skew_thresh, kurt_thresh)
    det.update(winsorised=nwin, win_high=hi, win_low=lo)
    p1 = check_skew_kurt(x1, skew_thresh, kurt_thresh)
    if p1 is None:  # COINr returns the untreated vector when the check gives NA
        det.update(status="untreated_undefined_stats", winsorised=0)
        return x, det
    if p1 or f2 == "none":
        det.update(status="winsorised" if p1 else "winsorised_still_failing")
        det.update(skew_after=skewness(x1), kurtosis_after=kurtosis(x1))
        return x1, det
    base = x1 if combine else x
    x2 = log_ct(base) if f2 == "log_CT" else log_ct_orig(base)
    if not combine:  # the winsorisation is discarded (COINr combine_treat = FALSE)
        det.update(win_high=[], win_low=[], winsorise_attempted=nwin)
    det.update(
        status=f"{f2}",
        winsorised=nwin if combine else 0,
        skew_after=skewness(x2),
        kurtosis_after=kurtosis(x2),
        passes_after=check_skew_kurt(x2, skew_thresh, kurt_thresh),
    )
    return x2, det


def treat(
    data: pd.DataFrame,
    framework: Framework,
    *,
    method: str = "coinr",
    winmax: int | None = 5,
    skew_thresh: float = 2.0,
    kurt_thresh: float = 3.5,
    f2: str = "log_CT",
    combine: bool = False,
    exclude: list[str] | None = None,
) -> tuple[pd.DataFrame, dict[str, Any]]:
    if method not in METHODS:
        raise EvaluationError(f"未知的异常值处理方法 {method!r}；可选：{', '.join(METHODS)}")
    if f2 not in SECOND_STAGE:
        raise EvaluationError(f"treat.f2 应为 {' / '.join(SECOND_STAGE)} 之一")
    if winmax is not None and winmax < 0:
        raise EvaluationError("treat.winmax 应为非负整数")
    out = data.copy()
    if method == "none":
        return out, {"method": "none"}
    skip = set(exclude or [])
    per: dict[str, Any] = {}
    for code in framework.indicators:
        if code not in out.columns or code in skip:
            continue
        xt, det = treat_vector(
            out[code].to_numpy(float),
            winmax=winmax,
            skew_thresh=skew_thresh,
            kurt_thresh=kurt_thresh,
            f2=f2,
            combine=combine,
        )
        out[code] = xt
        if det["status"] != "passed":
            units = out.index
            det["win_high"] = [str(units[i]) for i in det.get("win_high", [])]
            det["win_low"] = [str(units[i]) for i in det.get("win_low", [])]
            per[code] = {k: (None if isinstance(v, float) and math.isnan(v) else v) for k, v in det.items()}
    summary = {
        "method": method,
        "winmax": winmax,
        "skew_thresh": skew_thresh,
        "kurt_thresh": kurt_thresh,
        "f2": f2,
        "treated": per,
        "n_winsorised": sum(1 for d in per.values() if str(d["status"]).startswith("winsorised")),
        "n_log": sum(1 for d in per.values() if str(d["status"]).startswith("log")),
    }
    return out, summary
