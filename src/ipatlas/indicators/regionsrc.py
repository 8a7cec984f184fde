"""What the cube needs to know about regions: names, levels, parents, census population, groups.

Reads the platform's region registry (``ipatlas.regions``). The cube keys regions by the codes the
resolver stored on each record (adcode / city_code / province_code); the registry adds the units
that have no records (so a county with no patents shows 0, not "missing") and the names.
"""

from __future__ import annotations

import logging
import threading
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

import pyarrow as pa

from ipatlas.config import Settings
from ipatlas.regions.groups import GROUPS_FILE, list_groups
from ipatlas.regions.hierarchy import LEVEL_RANK
from ipatlas.regions.population import population_table
from ipatlas.regions.registry import get_registry

log = logging.getLogger(__name__)


@dataclass
class RegionContext:
    names: dict[str, str] = field(default_factory=dict)
    levels: dict[str, str] = field(default_factory=dict)
    parents: dict[str, str | None] = field(default_factory=dict)
    # county → (city or None, province); city None for municipalities' counties
    counties: dict[str, tuple[str | None, str]] = field(default_factory=dict)
    groups: dict[str, tuple[str, list[str]]] = field(default_factory=dict)  # id → (name, counties)
    census_county: dict[str, float] = field(default_factory=dict)  # county → 万人
    census_area: dict[str, float] = field(default_factory=dict)  # city/province → 万人 (all census units)
    warnings: list[str] = field(default_factory=list)

    # ---- tables handed to the engine -------------------------------------------------------
    def region_dim(self) -> pa.Table:
        """(level, code, parent_level, parent_code, province, name) for every registry unit and group.

        The engine keeps the units under the provinces present in the data (so that a county with
        no records shows 0, not "missing") plus any code found in the data.
        """
        rows: list[tuple[str, str, str | None, str | None, str | None]] = []
        for code, level in self.levels.items():
            if level == "province":
                rows.append(("province", code, None, None, code))
            elif level == "city":
                prov = self.parents.get(code) or code[:2] + "0000"
                if code != prov:
                    rows.append(("city", code, "province", prov, prov))
        for county, (city, prov) in self.counties.items():
            parent_level = "city" if city and city != prov else "province"
            rows.append(("county", county, parent_level, city if parent_level == "city" else prov, prov))
        rows.sort(key=lambda r: (LEVEL_RANK[r[0]], r[1]))
        for gid in sorted(self.groups):
            rows.append(("group", gid, None, None, None))
        return pa.table(
            {
                "level": pa.array([r[0] for r in rows], pa.string()),
                "code": pa.array([r[1] for r in rows], pa.string()),
                "parent_level": pa.array([r[2] for r in rows], pa.string()),
                "parent_code": pa.array([r[3] for r in rows], pa.string()),
                "province": pa.array([r[4] for r in rows], pa.string()),
                "name": pa.array([self.name(r[1]) for r in rows], pa.string()),
            }
        )

    def members(self, dim: pa.Table) -> pa.Table:
        """(level, code, county): the county-level units inside each region (for statistics)."""
        levels, codes, counties = [], [], []
        by_city: dict[str, list[str]] = defaultdict(list)
        by_prov: dict[str, list[str]] = defaultdict(list)
        for county, (city, prov) in self.counties.items():
            if city:
                by_city[city].append(county)
            by_prov[prov].append(county)
        for level, code in zip(dim.column("level").to_pylist(), dim.column("code").to_pylist(), strict=True):
            if level == "county":
                members = [code]
            elif level == "city":
                members = by_city.get(code, [])
            elif level == "province":
                members = by_prov.get(code, [])
            else:
                members = list(self.groups.get(code, ("", []))[1])
            for m in members:
                levels.append(level)
                codes.append(code)
                counties.append(m)
        return pa.table({"level": levels, "code": codes, "county": counties})

    def census_table(self, dim: pa.Table) -> pa.Table:
        """(level, code, census_pop in 万人) for every region where the 2020 census can supply it."""
        levels, codes, pops = [], [], []
        for level, code in zip(dim.column("level").to_pylist(), dim.column("code").to_pylist(), strict=True):
            pop: float | None
            if level == "county":
                pop = self.census_county.get(code)
            elif level in ("city", "province"):
                pop = self.census_area.get(code)
            else:
                members = self.groups.get(code, ("", []))[1]
                vals = [self.census_county.get(m) for m in members]
                pop = sum(v for v in vals if v is not None) if vals and None not in vals else None
            if pop is not None:
                levels.append(level)
                codes.append(code)
                pops.append(float(pop))
        return pa.table({"level": levels, "code": codes, "census_pop": pa.array(pops, pa.float64())})

    def group_members(self) -> pa.Table:
        gids, counties = [], []
        for gid, (_name, members) in self.groups.items():
            for m in members:
                gids.append(gid)
                counties.append(m)
        return pa.table({"gid": pa.array(gids, pa.string()), "county": pa.array(counties, pa.string())})

    def name(self, code: str) -> str:
        if code in self.names:
            return self.names[code]
        if code in self.groups:
            return self.groups[code][0]
        return code


@dataclass(frozen=True)
class EngineRegions:
    """The region tables one engine run reads (built from a :class:`RegionContext`)."""

    context: RegionContext
    dim: pa.Table
    members: pa.Table
    census: pa.Table
    groups: pa.Table


_ENGINE_REGIONS: dict[tuple[str, ...], EngineRegions] = {}
_LOCK = threading.Lock()


def engine_regions(settings: Settings) -> EngineRegions:
    """Region tables for the engine, rebuilt only when the user's groups file or the shared
    directory changes (the registry and the census are fixed for the process)."""
    path = settings.data_dir / GROUPS_FILE
    try:
        st = path.stat()
        stamp = f"{st.st_mtime_ns}:{st.st_size}"
    except OSError:
        stamp = "-"
    key = (str(settings.shared_dir), str(path), stamp)
    with _LOCK:
        hit = _ENGINE_REGIONS.get(key)
    if hit is not None:
        return hit
    ctx = load_region_context(settings)
    dim = ctx.region_dim()
    out = EngineRegions(ctx, dim, ctx.members(dim), ctx.census_table(dim), ctx.group_members())
    if not ctx.warnings:  # a degraded context (no registry/census) is not kept
        with _LOCK:
            if len(_ENGINE_REGIONS) > 8:
                _ENGINE_REGIONS.clear()
            _ENGINE_REGIONS[key] = out
    return out


def load_region_context(settings: Settings, *, extra_codes: Iterable[str] = ()) -> RegionContext:
    """Registry, 2020 census and region groups (built-in and the user's), from ``ipatlas.regions``."""
    ctx = RegionContext()
    reg = get_registry()
    for r in reg.all():
        ctx.names[r.code] = r.name
        ctx.levels[r.code] = r.level
        ctx.parents[r.code] = r.parent
        if r.level == "county":
            city = r.city_code if r.city_code and r.city_code != r.province_code else None
            ctx.counties[r.code] = (city, r.province_code)
    # 2020 census (万人) of today's units: counties, and prefecture/province totals over all census
    # units inside them (statistical zones included)
    df = population_table()
    for code, level, pop in zip(df["code"], df["level"], df["population"], strict=True):
        (ctx.census_county if level == "county" else ctx.census_area)[str(code)] = float(pop) / 10000.0
    for g in list_groups(settings):
        ctx.groups[g.id] = (g.name, sorted(g.members))
    for code in extra_codes:
        ctx.names.setdefault(code, code)
    return ctx
