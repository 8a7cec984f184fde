"""Impute missing indicator values, column by column (COINr ``Impute(f_i = …)``).

Methods: ``none``, ``mean``, ``median``, ``group_mean``, ``group_median`` (the group is a
categorical data column, e.g. ``EurAsia_group``; COINr ``i_mean_grp``/``i_median_grp``). A
group whose values are all missing stays missing; the count of imputed and still-missing
points is reported per indicator.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pandas as pd

from ipatlas.errors import EvaluationError
from ipatlas.evaluate.framework import Framework

METHODS = ("none", "mean", "median", "group_mean", "group_median")


def impute(
    data: pd.DataFrame,
    framework: Framework,
    *,
    method: str = "none",
    group: str | None = None,
    groups: pd.Series | None = None,
) -> tuple[pd.DataFrame, dict[str, Any]]:
    if method not in METHODS:
        raise EvaluationError(f"未知的插补方法 {method!r}；可选：{', '.join(METHODS)}")
    codes = [c for c in framework.indicators if c in data.columns]
    out = data.copy()
    before = out[codes].isna().sum()
    if method == "none":
        return out, {"method": method, "missing": {c: int(v) for c, v in before.items() if v}}
    fill: Callable[[pd.Series], pd.Series]
    if method in ("group_mean", "group_median"):
        if groups is None:
            if not group:
                raise EvaluationError(f"插补方法 {method} 需要参数 group（分组列，如 EurAsia_group）")
            if group not in data.columns:
                raise EvaluationError(f"分组列 {group} 不在数据中；请检查 impute.group")
            groups = data[group]
        g = groups.reindex(out.index)
        agg = "mean" if method == "group_mean" else "median"

        def fill(s: pd.Series) -> pd.Series:
            return s.fillna(s.groupby(g).transform(agg))  # type: ignore[call-overload]

    else:
        agg = "mean" if method == "mean" else "median"

        def fill(s: pd.Series) -> pd.Series:
            return s.fillna(getattr(s, agg)())

    for c in codes:
        out[c] = fill(out[c].astype(float))
    after = out[codes].isna().sum()
    details = {
        "method": method,
        "group": group,
        "imputed": {c: int(before[c] - after[c]) for c in codes if before[c] - after[c]},
        "still_missing": {c: int(after[c]) for c in codes if after[c]},
        "imputed_total": int((before - after).sum()),
    }
    return out, details
