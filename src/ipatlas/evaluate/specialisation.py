"""Location quotient / revealed technological advantage and IP-dense regions and industries.

**Location quotient (区位熵) / RTA (Balassa 1965; Soete 1987 for patents).** For a region ×
industry matrix of counts ``x_ij`` (patents, or value added, employment …)::

    LQ_ij = (x_ij / Σ_j x_ij) / (Σ_i x_ij / Σ_ij x_ij)

LQ > 1: region i is relatively specialised in industry j. RTA is the same quotient on patent
counts. A region or industry with total 0 has LQ missing (not 0).

**IP-dense regions and industries (知识产权密集区域 / 知识产权密集产业) — rule used here.**
Following the "IP-intensive" definition of the EUIPO/EPO studies and the intensity logic of
CNIPA's 《知识产权（专利）密集型产业统计分类（2019）》 (invention patents per employee above the
average), a unit is *IP-dense* when

1. its IP intensity ``IP / size`` (size = population, employment, value added or enterprises,
   chosen by the caller) is at least ``ratio`` × the pooled average intensity
   ``Σ IP / Σ size`` of all units compared (default ratio 1.0, i.e. above average), and
2. its IP count is at least ``min_count`` (default 1; guards against tiny denominators).

For region × industry cells, :func:`dense_cells` flags a cell when LQ ≥ ``lq_threshold``
(default 1.0) and the cell count ≥ ``min_count``. Each output row carries the reason.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from ipatlas.errors import EvaluationError


def location_quotient(matrix: pd.DataFrame) -> pd.DataFrame:
    """LQ (= RTA for patent counts) of a region × industry count matrix (rows × columns)."""
    x = matrix.apply(pd.to_numeric, errors="coerce").astype(float)
    if (x < 0).to_numpy().any():
        raise EvaluationError("区位熵要求非负的计数或规模数据")
    total = np.nansum(x.to_numpy())
    if total <= 0:
        raise EvaluationError("区位熵：矩阵总和为 0")
    row = x.sum(axis=1)
    col = x.sum(axis=0)
    share_in_region = x.div(row.where(row > 0), axis=0)
    share_overall = col / total
    return share_in_region.div(share_overall.where(share_overall > 0), axis=1)


rta = location_quotient


def location_quotient_long(
    df: pd.DataFrame, *, region: str = "region", industry: str = "industry", value: str = "value"
) -> pd.DataFrame:
    """LQ for long data (one row per region × industry), returned long with the count."""
    m = df.pivot_table(index=region, columns=industry, values=value, aggfunc="sum", fill_value=0)
    lq = location_quotient(m)
    out = pd.Series(lq.stack(future_stack=True), name="lq").reset_index()
    cnt = pd.Series(m.stack(future_stack=True), name=value).reset_index()
    return cnt.merge(out, on=[region, industry])


def ip_dense(
    ip: pd.Series,
    size: pd.Series,
    *,
    ratio: float = 1.0,
    min_count: float = 1.0,
) -> pd.DataFrame:
    """IP-dense units by the intensity rule (see module docstring); works for regions or industries."""
    ip = pd.to_numeric(ip, errors="coerce").astype(float)
    size = pd.to_numeric(size, errors="coerce").astype(float).reindex(ip.index)
    valid = size > 0
    if not valid.any():
        raise EvaluationError("规模变量（人口/从业人员/增加值等）全部缺失或为 0，无法计算知识产权密集度")
    avg = ip[valid].sum() / size[valid].sum()
    intensity = ip / size.where(valid)
    rel = intensity / avg if avg > 0 else intensity * np.nan
    dense = (rel >= ratio) & (ip >= min_count)
    reason = []
    for r, c, d in zip(rel, ip, dense, strict=True):
        if not np.isfinite(r):
            reason.append("规模变量缺失或为 0，无法判断")
        elif d:
            reason.append(f"密集度为平均水平的 {r:.2f} 倍（≥ {ratio:g}），数量 {c:g} ≥ {min_count:g}")
        elif r < ratio:
            reason.append(f"密集度为平均水平的 {r:.2f} 倍（< {ratio:g}）")
        else:
            reason.append(f"数量 {c:g} < {min_count:g}")
    return pd.DataFrame(
        {"ip": ip, "size": size, "intensity": intensity, "relative": rel, "dense": dense, "reason": reason},
        index=ip.index,
    ).assign(average_intensity=avg)


def dense_cells(counts: pd.DataFrame, *, lq_threshold: float = 1.0, min_count: float = 1.0) -> pd.DataFrame:
    """Region × industry cells with LQ ≥ threshold and count ≥ min_count (long format)."""
    lq = location_quotient(counts)
    long = pd.DataFrame(
        {
            "count": counts.stack(future_stack=True),
            "lq": lq.stack(future_stack=True),
        }
    )
    long["dense"] = (long["lq"] >= lq_threshold) & (long["count"] >= min_count)
    long.index.names = ["region", "industry"]
    return long.reset_index()
