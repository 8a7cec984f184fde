"""What the cube needs to know about regions: names, levels, parents, census population, groups.

Reads the platform's region registry (``ipatlas.regions``). The cube keys regions by the codes the
resolver stored on each record (adcode / city_code / province_code); the registry adds the units
that have no records (so a county with no patents shows 0, not "missing") and the names.
If the registry cannot be loaded the cube still works from the codes in the data (names then
fall back to the codes).
"""

from __future__ import annotations

import csv
import logging
import threading
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

import pyarrow as pa

from ipatlas.config import Settings
from ipatlas.errors import IpatlasError

log = logging.getLogger(__name__)

LEVEL_ORDER = {"province": 0, "city": 1, "county": 2, "group": 3}


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
    source: str = "registry"
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
        rows.sort(key=lambda r: (LEVEL_ORDER[r[0]], r[1]))
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
    from ipatlas.regions.groups import GROUPS_FILE

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
    """Registry, census and groups, with a plain fallback when the registry is unavailable."""
    ctx = RegionContext()
    try:
        _from_registry(ctx)
    except (ImportError, IpatlasError, OSError) as exc:
        ctx.source = "data-codes"
        ctx.warnings.append(f"区划库不可用（{exc}），地区名称以代码显示")
    try:
        _census(ctx, settings)
    except (ImportError, IpatlasError, OSError) as exc:
        ctx.warnings.append(f"2020年普查人口不可用（{exc}），缺少统计人口的地区结果为空值")
    try:
        _groups(ctx, settings)
    except (ImportError, IpatlasError, OSError) as exc:
        ctx.warnings.append(f"自定义区域组不可用（{exc}）")
    for code in extra_codes:
        ctx.names.setdefault(code, code)
    return ctx


def _from_registry(ctx: RegionContext) -> None:
    from ipatlas.regions import get_registry

    reg = get_registry()
    for r in reg.all():
        ctx.names[r.code] = r.name
        ctx.levels[r.code] = r.level
        ctx.parents[r.code] = r.parent
        if r.level == "county":
            city = r.city_code if r.city_code and r.city_code != r.province_code else None
            ctx.counties[r.code] = (city, r.province_code)


def _census(ctx: RegionContext, settings: Settings) -> None:
    """2020 census (万人) of today's units: counties, and prefecture/province totals over all census
    units inside them (statistical zones included), from ``ipatlas.regions.population``."""
    try:
        from ipatlas.regions.population import population_table

        df = population_table()
        for code, level, pop in zip(df["code"], df["level"], df["population"], strict=True):
            wan = float(pop) / 10000.0
            if level == "county":
                ctx.census_county[str(code)] = wan
            else:
                ctx.census_area[str(code)] = wan
        return
    except ImportError:
        pass
    # without the regions package: the shared census file, prefixes for prefecture/province totals
    county: dict[str, float] = defaultdict(float)
    area: dict[str, float] = defaultdict(float)
    path = settings.shared_dir / "data" / "census2020_county_population.csv"
    with open(path, encoding="utf-8") as fh:
        for r in csv.DictReader(fh):
            code, wan = r["CODE"], float(r["POPU"]) / 10000.0
            county[code] += wan
            area[code[:2] + "0000"] += wan
            if code[:2] not in ("11", "12", "31", "50"):
                area[code[:4] + "00"] += wan
    ctx.census_county = dict(county)
    ctx.census_area = dict(area)


def _groups(ctx: RegionContext, settings: Settings) -> None:
    """Custom region groups (``G:…``) expanded to county codes, when the groups module exists."""
    try:
        from ipatlas.regions import groups as gmod
    except ImportError:
        return
    lister = getattr(gmod, "list_groups", None)
    if lister is None:
        return
    for g in lister(settings):
        gid = getattr(g, "id", None) or (g.get("id") if isinstance(g, dict) else None)
        name = getattr(g, "name", None) or (g.get("name") if isinstance(g, dict) else None) or gid
        counties = getattr(g, "counties", None) or (g.get("counties") if isinstance(g, dict) else None)
        if gid and counties:
            ctx.groups[str(gid)] = (str(name), sorted({str(c) for c in counties}))
