"""Regions for the pages: names, the drill-down tree and county polygons (from ``ipatlas.regions``)."""

from __future__ import annotations

import importlib
from typing import Any

from ipatlas.errors import ConfigError
from ipatlas.web.services.common import NATION, group_members, is_group, region_level
from ipatlas.web.services.source import DataSource

CHILD_LEVEL = {"nation": "province", "province": "city", "city": "county"}
LEVEL_LABELS = {"nation": "全国", "province": "省级", "city": "地市级", "county": "区县级"}


def _boundaries() -> Any:
    try:
        return importlib.import_module("ipatlas.regions.boundaries")
    except ImportError as exc:
        raise ConfigError(f"行政区划边界模块不可用（ipatlas.regions.boundaries）: {exc}") from exc


def _norm_feature(f: dict[str, Any], level: str) -> dict[str, Any]:
    p = f.get("properties") or {}
    code = str(p.get("adcode") or p.get("code") or "")
    return {
        "type": "Feature",
        "geometry": f.get("geometry"),
        "properties": {"code": code, "name": p.get("name") or code, "level": p.get("level") or level},
    }


def feature_collection(source: DataSource, level: str, under: str | None) -> dict[str, Any]:
    """GeoJSON of the units of ``level`` inside ``under`` with properties ``code``, ``name``, ``level``."""

    def compute() -> dict[str, Any]:
        if is_group(under):
            # A group's counties: those of their provinces, kept if they are members.
            members = set(group_members(str(under)))
            provinces = sorted({c[:2] + "0000" for c in members})
            feats = [f for p in provinces for f in _boundaries().feature_collection("county", p)["features"]]
            fc = {
                "features": [
                    f for f in feats if str(_norm_feature(f, "county")["properties"]["code"]) in members
                ]
            }
            return {
                "type": "FeatureCollection",
                "features": [_norm_feature(f, "county") for f in fc["features"]],
            }
        fc = _boundaries().feature_collection(level, None if under in (None, NATION) else under)
        return {"type": "FeatureCollection", "features": [_norm_feature(f, level) for f in fc["features"]]}

    return source.results.get_or_compute(("geo", level, under), compute)  # type: ignore[no-any-return]


MUNICIPALITIES = ("110000", "120000", "310000", "500000")


def child_level(code: str | None) -> str | None:
    if is_group(code):
        return "county"
    # A municipality's districts and counties sit directly under it (city_code = province code).
    if code in MUNICIPALITIES:
        return "county"
    return CHILD_LEVEL.get(region_level(code))


def children(source: DataSource, code: str | None) -> list[dict[str, str]]:
    """The units one level below ``code`` (provinces under the nation, …), by code."""
    level = child_level(code)
    if level is None:
        return []
    reg = registry()
    if is_group(code) and reg is not None:
        return [{"code": c, "name": reg.get(c).name} for c in group_members(str(code))]
    if reg is not None:
        try:
            units = reg.all("province") if code in (None, NATION) else reg.children(code)
        except Exception:
            units = []
        if units:
            return [{"code": r.code, "name": r.name} for r in units]
    try:
        fc = feature_collection(source, level, code)
    except ConfigError:
        return []
    units = [{"code": f["properties"]["code"], "name": f["properties"]["name"]} for f in fc["features"]]
    return sorted(units, key=lambda u: u["code"])


def registry() -> Any | None:
    """The region registry of ``ipatlas.regions`` (names, parents, children), if installed."""
    try:
        mod = importlib.import_module("ipatlas.regions.registry")
    except ImportError:
        return None
    return mod.get_registry()


def _registry_name(code: str) -> str | None:
    if is_group(code):
        try:
            from ipatlas.regions.groups import get_group

            return str(get_group(None, code).name)
        except Exception:
            return None
    reg = registry()
    if reg is None:
        return None
    try:
        return str(reg.get(code).name)
    except Exception:
        return None


def region_name(source: DataSource, code: str | None) -> str:
    if not code or code == NATION:
        return "全国"

    def compute() -> str:
        name = _registry_name(code)
        if name:
            return name
        level = region_level(code)
        parent = parent_code(code)
        try:
            fc = feature_collection(source, level, parent)
        except ConfigError:
            return code
        for f in fc["features"]:
            if f["properties"]["code"] == code:
                return str(f["properties"]["name"])
        return code

    return source.results.get_or_compute(("name", code), compute)  # type: ignore[no-any-return]


def parent_code(code: str) -> str:
    if is_group(code):
        return NATION
    reg = registry()
    if reg is not None:
        try:
            parent = reg.get(code).parent
        except Exception:
            parent = None
        return str(parent) if parent else NATION
    level = region_level(code)
    if level == "province":
        return NATION
    if level == "city":
        return code[:2] + "0000"
    if level == "county":
        # Counties of a municipality (重庆 5001xx/5002xx) hang directly under the province.
        return code[:4] + "00" if code[:2] not in ("11", "12", "31", "50") else code[:2] + "0000"
    return NATION


def groups(source: DataSource) -> list[dict[str, str]]:
    """Region groups offered beside the administrative units in the region selector."""

    def compute() -> list[dict[str, str]]:
        try:
            from ipatlas.regions.groups import list_groups
        except ImportError:
            return []
        return [{"code": g.id, "name": g.name} for g in list_groups(source.settings)]

    return source.cached("groups", {}, compute)  # type: ignore[no-any-return]


def breadcrumbs(source: DataSource, code: str | None) -> list[dict[str, str]]:
    chain: list[str] = []
    current = code or NATION
    while current != NATION:
        chain.append(current)
        current = parent_code(current)
    chain.append(NATION)
    return [{"code": c, "name": region_name(source, c)} for c in reversed(chain)]
