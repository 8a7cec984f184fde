"""空间分布: values of a measure over the sub-units of a region, classed for a choropleth."""

from __future__ import annotations

import itertools
from typing import Any, Literal
from urllib.parse import urlencode

import numpy as np

from ipatlas.errors import InputError, IpatlasError, NotFoundError
from ipatlas.evaluate.spatial import county_weights, global_moran, local_moran
from ipatlas.fmt import grouped
from ipatlas.web.services import indicators as ind
from ipatlas.web.services import regions as reg
from ipatlas.web.services.analysis import selection
from ipatlas.web.services.common import table
from ipatlas.web.services.measures import DEFAULT_MEASURE, record_link
from ipatlas.web.services.source import DataSource

Method = Literal["natural_breaks", "quantiles"]
METHOD_LABELS = {"natural_breaks": "自然断点（Jenks）", "quantiles": "分位数"}


def classify(values: list[float], method: str, k: int) -> dict[str, Any]:
    """Class upper bounds via mapclassify; fewer classes when there are fewer distinct values."""
    import mapclassify

    if method not in METHOD_LABELS:
        raise InputError(f"未知的分级方法: {method}", field="method")
    y = np.asarray([v for v in values if v is not None], dtype=float)
    distinct = len(np.unique(y))
    if distinct == 0:
        return {"method": method, "method_label": METHOD_LABELS[method], "k": 0, "bins": [], "labels": []}
    k = max(1, min(k, distinct))
    if k == 1:
        bins = [float(y.max())]
    elif method == "natural_breaks":
        bins = [float(b) for b in mapclassify.NaturalBreaks(y, k=k).bins]
    else:
        bins = [float(b) for b in mapclassify.Quantiles(y, k=k).bins]
    bins = sorted(set(bins))
    labels = [f"≤ {_fmt(bins[0])}"] + [f"{_fmt(lo)} – {_fmt(hi)}" for lo, hi in itertools.pairwise(bins)]
    return {
        "method": method,
        "method_label": METHOD_LABELS[method],
        "k": len(bins),
        "bins": bins,
        "min": float(y.min()),
        "labels": labels,
    }


def _fmt(v: float) -> str:
    return grouped(v)


def class_of(value: float | None, bins: list[float]) -> int | None:
    if value is None or not bins:
        return None
    for i, b in enumerate(bins):
        if value <= b:
            return i
    return len(bins) - 1


def _classify_and_rank(
    items: list[dict[str, Any]], classes: dict[str, Any], *, measure: str, year: int, method: str, k: int
) -> list[dict[str, Any]]:
    """Each unit's class, record and drill-down links and rank (in place); returns them ranked."""
    for i in items:
        i["class"] = class_of(i["value"], classes["bins"])
        i["link"] = record_link(measure, i["code"], year)
        i["drill"] = (
            "/map?"
            + urlencode({"region": i["code"], "year": year, "measure": measure, "method": method, "k": k})
            if reg.child_level(i["code"])
            else None
        )
    # Units without a value (missing inputs) come last, unranked.
    ranked = sorted(items, key=lambda i: (i["value"] is None, -(i["value"] or 0)))
    for rank, i in enumerate(ranked, 1):
        i["rank"] = rank if i["value"] is not None else None
    return ranked


def map_data(
    source: DataSource,
    region: str | None = None,
    year: int | None = None,
    measure: str = DEFAULT_MEASURE,
    method: str = "natural_breaks",
    k: int = 5,
    layer: str = "value",
) -> dict[str, Any]:
    """Choropleth data: one value per sub-unit of ``region`` (counties of a city, …).

    ``layer="lisa"`` adds local Moran (LISA) clusters of the values on queen contiguity of the
    county polygons (``ipatlas.evaluate.spatial``): hot spots are significant HH clusters.
    """
    if layer not in ("value", "lisa"):
        raise InputError(f"未知的图层: {layer}（可选 value、lisa）", field="layer")
    if measure not in {m["id"] for m in ind.map_measures(source)}:
        raise NotFoundError(f"未知的地图指标: {measure}")
    if not 2 <= k <= 9:
        raise InputError("分级数应在 2–9 之间", field="k")
    sel = selection(source, region, year)
    region, year = sel["region"], sel["year"]
    # A county shows its siblings, with itself highlighted.
    focus = None
    if sel["region_level"] == "county" and region:
        focus, region = region, reg.parent_of(region)
    level = reg.child_level(region)
    if level is None:
        raise InputError("该区域没有下级区域可供制图", field="region")

    def compute() -> dict[str, Any]:
        units = reg.children(source, region)
        d = ind.describe(source, measure)
        name, unit, definition = d["name"], d.get("unit") or "", ind.definition(source, measure)
        rows = ind.by_region(source, measure, year, level, region) if ind.cube(source) else {}
        values = {c: r["value"] for c, r in rows.items()}
        items: list[dict[str, Any]] = [
            {
                "code": u["code"],
                "name": u["name"],
                "value": values.get(u["code"]),
                "reason": (rows.get(u["code"]) or {}).get("reason"),
            }
            for u in units
        ]
        classes = classify([i["value"] for i in items], method, k)
        ranked = _classify_and_rank(items, classes, measure=measure, year=year, method=method, k=k)
        # a total only where the figure adds up over the units (counts)
        additive = d.get("type") == "count"
        total = sum(v for v in values.values() if v is not None) if additive else None
        lisa = spatial_clusters(items) if layer == "lisa" else None
        if lisa and lisa.get("clusters"):
            for i in items:
                c = lisa["clusters"].get(i["code"])
                i["lisa"] = c["cluster_cn"] if c else None
        return {
            **sel,
            "map_region": region,
            "map_region_name": reg.region_name(source, region),
            "focus": focus,
            "level": level,
            "level_label": reg.LEVEL_LABELS[level],
            "measure": measure,
            "measure_name": name,
            "unit": unit,
            "definition": definition,
            "official": True,
            "measures": [{**x, "group": "指标体系"} for x in ind.map_measures(source)],
            "method": method,
            "k": k,
            "classes": classes,
            "items": items,
            "total": total,
            "layer": layer,
            "lisa": lisa,
            "geo_url": "/api/geo/" + level + ".json?" + urlencode({"under": region or ""}),
            "tables": {
                "values": table(
                    f"{reg.region_name(source, region)} {year} 年{name}（{reg.LEVEL_LABELS[level]}）",
                    [
                        ("rank", "排名"),
                        ("code", "代码"),
                        ("name", "区域"),
                        ("value", f"{name}（{unit}）"),
                        *([("lisa", "LISA 聚类")] if layer == "lisa" else []),
                    ],
                    ranked,
                )
            },
        }

    params = dict(region=region, year=year, measure=measure, method=method, k=k, focus=focus, layer=layer)
    return source.cached("map", params, compute)  # type: ignore[no-any-return]


LISA_MIN_UNITS = 8


def spatial_clusters(items: list[dict[str, Any]]) -> dict[str, Any]:
    """Global Moran's I and LISA clusters of the items' values (units without a value left out)."""
    valued = {i["code"]: float(i["value"]) for i in items if i["value"] is not None}
    if len(valued) < LISA_MIN_UNITS:
        return {"available": False, "message": f"参与空间统计的区域少于 {LISA_MIN_UNITS} 个"}
    try:
        w = county_weights(list(valued))
        gm = global_moran(valued, w)
        lm = local_moran(valued, w)
    except IpatlasError as exc:
        return {"available": False, "message": f"无法计算空间统计：{exc.message}"}
    clusters = {
        str(code): {
            "cluster": r["cluster"],
            "cluster_cn": r["cluster_cn"],
            "p_sim": None if r["p_sim"] != r["p_sim"] else round(float(r["p_sim"]), 4),
            "hotspot": bool(r["hotspot"]),
            "coldspot": bool(r["coldspot"]),
        }
        for code, r in lm.iterrows()
    }
    return {
        "available": True,
        "message": None,
        "method": "局部莫兰指数（LISA），后式邻接权重（共边或共点即为相邻），999 次置换检验，显著性水平 0.05",
        "global_moran": gm,
        "clusters": clusters,
        "hotspots": sorted(c for c, v in clusters.items() if v["hotspot"]),
        "coldspots": sorted(c for c, v in clusters.items() if v["coldspot"]),
    }
