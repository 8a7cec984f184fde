"""Screen units by data availability (COINr ``Screen()`` semantics).

For each unit: data availability = 1 − (missing indicators / indicators); non-zero share =
1 − zeros / non-missing. ``by="na"`` drops units with availability < ``threshold``,
``by="zeros"`` those with non-zero share < ``nonzero_threshold``, ``by="na_and_zeros"`` either.
``force_include`` / ``force_exclude`` override the rule. Note that COINr's ASEM example screens
the *imputed* data set, so its 0.9 rule removes no unit there.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

import pandas as pd

from ipatlas.errors import EvaluationError
from ipatlas.evaluate.framework import Framework

BY = ("na", "zeros", "na_and_zeros", "none")


def data_availability(data: pd.DataFrame, codes: list[str]) -> pd.DataFrame:
    x = data[codes]
    n_missing = x.isna().sum(axis=1)
    n_zero = (x == 0).sum(axis=1)
    avail = 1 - n_missing / len(codes)
    nonmissing = len(codes) - n_missing
    nonzero = 1 - n_zero / nonmissing.where(nonmissing > 0)
    return pd.DataFrame({"n_missing": n_missing, "n_zero": n_zero, "availability": avail, "nonzero": nonzero})


def screen(
    data: pd.DataFrame,
    framework: Framework,
    *,
    by: str = "na",
    threshold: float = 2 / 3,
    nonzero_threshold: float = 0.05,
    force_include: Iterable[str] = (),
    force_exclude: Iterable[str] = (),
) -> tuple[pd.DataFrame, dict[str, Any]]:
    if by not in BY:
        raise EvaluationError(f"未知的筛选方式 {by!r}；可选：{', '.join(BY)}")
    if not 0 <= threshold <= 1 or not 0 <= nonzero_threshold <= 1:
        raise EvaluationError("screen.threshold 与 nonzero_threshold 应在 0 到 1 之间")
    codes = [c for c in framework.indicators if c in data.columns]
    summary = data_availability(data, codes)
    low_data = summary["availability"] < threshold
    low_nonzero = summary["nonzero"].fillna(0) < nonzero_threshold
    if by == "na":
        keep = ~low_data
    elif by == "zeros":
        keep = ~low_nonzero
    elif by == "na_and_zeros":
        keep = ~(low_data | low_nonzero)
    else:
        keep = pd.Series(True, index=data.index)
    for code in force_include:
        if code not in keep.index:
            raise EvaluationError(f"screen.force_include 中的单位 {code} 不在数据中")
        keep[code] = True
    for code in force_exclude:
        if code not in keep.index:
            raise EvaluationError(f"screen.force_exclude 中的单位 {code} 不在数据中")
        keep[code] = False
    removed = list(map(str, keep.index[~keep]))
    if not keep.any():
        raise EvaluationError(f"筛选后没有剩余单位（阈值 {threshold}）；请降低 screen.threshold")
    details = {
        "by": by,
        "threshold": threshold,
        "removed": removed,
        "kept": int(keep.sum()),
        "availability": {str(k): round(float(v), 6) for k, v in summary["availability"].items()},
    }
    return data.loc[keep].copy(), details
