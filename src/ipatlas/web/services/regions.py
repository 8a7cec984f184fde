"""Regions for the pages: the hierarchy of ``ipatlas.regions.hierarchy`` (cached per data version)
and the county polygons of ``ipatlas.regions.boundaries``."""

from __future__ import annotations

from typing import Any

from ipatlas.regions import boundaries, hierarchy
from ipatlas.regions.hierarchy import LEVEL_LABELS, NATION, child_level, is_group, level_of, parent_of
from ipatlas.web.services.source import DataSource

__all__ = [
    "LEVEL_LABELS",
    "NATION",
    "breadcrumbs",
    "child_level",
    "children",
    "feature_collection",
    "groups",
    "is_group",
    "level_of",
    "parent_of",
    "region_name",
]


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
            members = set(hierarchy.group_counties(source.settings, str(under)))
            provinces = sorted({c[:2] + "0000" for c in members})
            feats = [
                _norm_feature(f, "county")
                for p in provinces
                for f in boundaries.feature_collection("county", p)["features"]
            ]
            return {
                "type": "FeatureCollection",
                "features": [f for f in feats if f["properties"]["code"] in members],
            }
        fc = boundaries.feature_collection(level, None if under in (None, NATION) else under)
        return {"type": "FeatureCollection", "features": [_norm_feature(f, level) for f in fc["features"]]}

    return source.cached("geo", {"level": level, "under": under}, compute)  # type: ignore[no-any-return]


def children(source: DataSource, code: str | None) -> list[dict[str, str]]:
    """The units one level below ``code`` (provinces under the nation, a group's counties, …)."""
    return source.cached(  # type: ignore[no-any-return]
        "children", {"code": code}, lambda: hierarchy.children(source.settings, code)
    )


def region_name(source: DataSource, code: str | None) -> str:
    return source.cached(  # type: ignore[no-any-return]
        "region_name", {"code": code}, lambda: hierarchy.name_of(source.settings, code)
    )


def groups(source: DataSource) -> list[dict[str, str]]:
    """Region groups offered beside the administrative units in the region selector."""
    return source.cached("groups", {}, lambda: hierarchy.group_options(source.settings))  # type: ignore[no-any-return]


def breadcrumbs(source: DataSource, code: str | None) -> list[dict[str, str]]:
    return source.cached(  # type: ignore[no-any-return]
        "breadcrumbs", {"code": code}, lambda: hierarchy.breadcrumbs(source.settings, code)
    )
