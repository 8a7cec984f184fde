"""Region-qualified unit keys: what a unit account (``User.unit``) is matched against.

A plan names its departments relative to its own region (区市场监管局, 市知识产权局); two district
plans both have a 区市场监管局. The ledger keeps the unit as the plan writes it (normalised by
the department registry) and a key with the place spelt out, so an account for
``黔江区市场监管局`` sees 黔江's tasks and not 渝北's.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from ipatlas.errors import IpatlasError
from ipatlas.plans.models import UnitRef
from ipatlas.plans.supervision.access import clean_unit
from ipatlas.plans.units import DepartmentRegistry, RegionConfig, UnitResolver

_YOUTH_LEAGUE_RE = re.compile(r"^团([省市区县州])委$")


@dataclass
class UnitContext:
    """The plan's region and its parents (nearest first), with a resolver for edited units."""

    regions: list[tuple[str, str]] = field(default_factory=list)  # (name, jurisdiction char)
    resolver: UnitResolver | None = None

    @property
    def stems(self) -> list[str]:
        out = []
        for name, _ in self.regions:
            stem = re.sub(r"(自治县|自治州|自治区|特别行政区|省|市|区|县|州|盟|旗)$", "", name)
            out.extend([name, stem] if len(stem) >= 2 else [name])
        return out

    def key(self, unit: str) -> str:
        name = clean_unit(unit)
        if not self.regions or not name:
            return name
        if any(s in name for s in self.stems):
            return name  # already carries its place: 黔江海关, 中国人民银行黔江中心支行
        m = _YOUTH_LEAGUE_RE.match(name)
        if m:
            for region, j in self.regions:
                if j == m.group(1):
                    return f"共青团{region}委"
        if len(name) > 1:
            # 市场监管局 is a bare name, 市科技局 a 市 unit: the registry tells them apart.
            level = self.resolver.base_name(name)[1] if self.resolver else name[0]
            for region, j in self.regions:
                if level == j and name.startswith(j):
                    return region + name[1:]
        return self.regions[0][0] + name

    def resolve(self, units: list[str]) -> list[UnitRef]:
        """Units as an analyst types them (lead first) → expanded and normalised UnitRefs."""
        items = [clean_unit(u) for u in units if clean_unit(u)]
        if self.resolver is None:
            return [UnitRef(written=u, expanded=u, normalized=u) for u in items]
        expanded = self.resolver.expand(items)
        return [self.resolver.normalize(w, e) for w, e in zip(items, expanded, strict=True)]


def unit_context(
    registry: DepartmentRegistry | None,
    region_code: str | None,
    region_name: str | None,
    jurisdiction: str | None,
) -> UnitContext:
    if registry is not None and region_code:
        try:
            cfg = registry.region_config(region_code)
        except IpatlasError:
            cfg = None
        if cfg is not None:
            chain: list[RegionConfig] = (
                registry.chain(cfg.code)
                if cfg.code in registry.regions
                else [cfg, *registry.chain(cfg.parent)]
            )
            return UnitContext([(r.name, r.jurisdiction) for r in chain], registry.resolver(cfg))
    if region_name:
        return UnitContext([(region_name, jurisdiction or region_name[-1])])
    return UnitContext()
