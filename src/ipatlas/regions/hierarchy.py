"""The region hierarchy as pages, reports, plans and the cube all see it (defined here only).

Levels (``nation`` / ``province`` / ``city`` / ``county`` / ``group``), parents and children (a
municipality's districts hang directly under it), display names, region groups (the built-in
presets *and* the user's groups of the data directory, hence the ``settings`` argument) and the
SQL filter that selects the records of a region. Codes are those of :mod:`ipatlas.regions.registry`
(historical codes map to today's unit); a group id looks like ``G:cq-core``.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from ipatlas.config import Settings
from ipatlas.errors import InputError, NotFoundError
from ipatlas.regions.groups import get_group, list_groups
from ipatlas.regions.population import SOURCE_LABEL, census_population
from ipatlas.regions.registry import LEVEL_LABELS as DIVISION_LEVEL_LABELS
from ipatlas.regions.registry import MUNICIPALITY_PROVINCES, get_registry, normalize_code

NATION = "100000"
NATION_NAME = "全国"
# coarse to fine: where a code exists at two levels (a municipality is a province and its own
# prefecture) the coarser level is the one meant
LEVEL_RANK = {"nation": -1, "province": 0, "city": 1, "county": 2, "group": 3}
LEVEL_LABELS = {"nation": "全国", **DIVISION_LEVEL_LABELS, "group": "区域组"}
CHILD_LEVEL = {"nation": "province", "province": "city", "city": "county", "group": "county"}
# the record column that holds each level's code (as the resolver stores them)
LEVEL_COLUMN = {"province": "province_code", "city": "city_code", "county": "adcode"}


def is_group(code: str | None) -> bool:
    """Region groups (五大功能区, parks, the user's own sets of counties) have ids ``G:…``."""
    return bool(code) and str(code).strip().upper().startswith("G:")


def is_municipality(code: str | None) -> bool:
    """北京、天津、上海、重庆: provinces that are their own prefecture."""
    return bool(code) and normalize_code(code) in MUNICIPALITY_PROVINCES


def level_of(code: str | None) -> str:
    """``nation`` (empty or 100000), ``group``, else the registry's level; a code the registry
    does not know is judged by its shape. Raises :class:`InputError` for a malformed code."""
    if not code or code == NATION:
        return "nation"
    if is_group(code):
        return "group"
    c = normalize_code(code)
    if not (len(c) == 6 and c.isdigit()):
        raise InputError(f"区划代码应为 6 位数字: {code!r}", field="region")
    reg = get_registry()
    if c in reg:
        return reg.get(c).level
    if c.endswith("0000"):
        return "province"
    return "city" if c.endswith("00") else "county"


def parent_of(code: str) -> str:
    """The parent's code (:data:`NATION` above provinces and groups)."""
    if is_group(code) or level_of(code) in ("nation", "province"):
        return NATION
    c = normalize_code(code)
    reg = get_registry()
    if c in reg:
        return reg.get(c).parent or NATION
    prov = c[:2] + "0000"
    if level_of(c) == "city" or prov in MUNICIPALITY_PROVINCES:
        return prov
    return c[:4] + "00"


def child_level(code: str | None) -> str | None:
    """The level of the units directly below ``code`` (None below counties)."""
    if is_municipality(code):
        return "county"  # a municipality's districts and counties sit directly under it
    return CHILD_LEVEL.get(level_of(code))


def group_counties(settings: Settings | None, group_id: str) -> list[str]:
    """Today's county codes of a group (built-in or the user's)."""
    return list(get_group(settings, group_id).members)


def name_of(settings: Settings | None, code: str | None) -> str:
    """Display name (全国 for the nation; the code itself if nothing knows it)."""
    if level_of(code) == "nation":
        return NATION_NAME
    assert code is not None
    try:
        if is_group(code):
            return get_group(settings, code).name
        return get_registry().get(code).name
    except NotFoundError:
        return code


def children(settings: Settings | None, code: str | None) -> list[dict[str, str]]:
    """The units one level below ``code`` ({code, name}, by code); a group's member counties."""
    reg = get_registry()
    if is_group(code):
        return [{"code": r.code, "name": r.name} for r in reg.regions(group_counties(settings, str(code)))]
    if child_level(code) is None:
        return []
    try:
        units = reg.all("province") if level_of(code) == "nation" else reg.children(str(code))
    except NotFoundError:
        return []
    return [{"code": r.code, "name": r.name} for r in units]


def breadcrumbs(settings: Settings | None, code: str | None) -> list[dict[str, str]]:
    """From the nation down to ``code``: [{code, name}]."""
    chain: list[str] = []
    current = code or NATION
    while current != NATION:
        chain.append(current)
        current = parent_of(current)
    chain.append(NATION)
    return [{"code": c, "name": name_of(settings, c)} for c in reversed(chain)]


def group_options(settings: Settings | None) -> list[dict[str, str]]:
    """Every group a selector offers (built-in first, then the user's): [{code, name}]."""
    return [{"code": g.id, "name": g.name} for g in list_groups(settings)]


def region_filter(
    settings: Settings | None,
    code: str | None,
    *,
    counties: Sequence[str] | None = None,
    prefix: str = "",
) -> tuple[str, list[Any]]:
    """SQL condition with ``?`` parameters selecting the records resolved to ``code`` or inside it
    (records carry ``adcode``, ``city_code``, ``province_code``); a group by its member counties.
    Values are always parameters, never interpolated; ``prefix`` is a table alias (``"p."``)."""
    if prefix and not (prefix.endswith(".") and prefix[:-1].isidentifier()):
        raise InputError(f"表别名不合法: {prefix!r}", field="prefix")
    if counties is None and is_group(code):
        counties = group_counties(settings, str(code))
    if counties is not None:
        if not counties:
            return "FALSE", []
        marks = ", ".join("?" for _ in counties)
        return f"{prefix}adcode IN ({marks})", list(counties)
    level = level_of(code)
    if level == "nation":
        return "TRUE", []
    return f"{prefix}{LEVEL_COLUMN[level]} = ?", [normalize_code(code)]


def comparison_units(settings: Settings | None, code: str) -> tuple[str, list[str]]:
    """(scope, units) an assessment or a report compares: a county with its sibling counties, a
    city or province with its direct children (a municipality's counties, a province's
    prefectures), a group with its member counties."""
    scope = parent_of(code) if level_of(code) == "county" else code
    return scope, [c["code"] for c in children(settings, scope)]


def describe(code: str) -> dict[str, Any]:
    """Everything about one unit (historical codes accepted): registry fields, full name, ancestors,
    children count, 2020 census population (fallback default), historical codes and change events."""
    reg = get_registry()
    region = reg.get(code)
    pop = census_population(region.code)
    return {
        **region.to_dict(),
        "requested_code": normalize_code(code),
        "full_name": reg.full_name(region.code),
        "ancestors": [{"code": a.code, "name": a.name, "level": a.level} for a in reg.ancestors(region.code)],
        "children": len(reg.children(region.code)),
        "counties": len(reg.counties(region.code)),
        "population": pop,
        "population_source": SOURCE_LABEL if pop is not None else None,
        "has_polygon": reg.geo_key(region.code) is not None,
        "historical_codes": reg.historical_codes(region.code),
        "history": reg.history(region.code),
    }
