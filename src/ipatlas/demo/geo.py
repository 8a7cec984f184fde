"""Counties of the demo region, with population, urbanisation and the names old records carry.

Counties come from :func:`ipatlas.regions.get_registry` (NBS 2023 codes brought up to date). Population and
urbanisation come from the 2020 census file; historical county names (梁平县 → 梁平区 …) from
the MCA change events, so that old demo records carry the names in use when they were filed.
"""

from __future__ import annotations

import csv
import functools
import json
import math
from dataclasses import dataclass, field
from pathlib import Path

from ipatlas.errors import ConfigError, NotFoundError, SharedDataMissing
from ipatlas.regions.hierarchy import is_municipality
from ipatlas.regions.population import census_population
from ipatlas.regions.registry import get_registry

CHONGQING = "500000"


@dataclass(frozen=True)
class County:
    code: str
    name: str
    city_code: str  # 6-digit prefecture code (500000 for Chongqing's directly administered units)
    city_name: str  # "" for directly administered units of a municipality
    province_code: str
    province_name: str
    population_2020: int
    urbanisation: float  # census share of urban residents, 0..1
    postcode: str | None = None
    # (old name, year the current name took effect): old name used for records filed before
    history: tuple[tuple[str, int], ...] = ()

    @property
    def short(self) -> str:
        return short_name(self.name)

    def name_at(self, year: int) -> str:
        """Name of the county in ``year`` (historical names for older records)."""
        for old, until in sorted(self.history, key=lambda h: h[1]):
            if year < until:
                return old
        return self.name


@dataclass(frozen=True)
class DemoRegion:
    code: str
    name: str
    level: str  # province / city
    counties: tuple[County, ...]
    short: str
    special_areas: dict[str, str] = field(default_factory=dict)  # county code → new-area name

    @property
    def is_chongqing(self) -> bool:
        return self.code == CHONGQING


_SUFFIXES = (
    "土家族苗族自治县",
    "苗族土家族自治县",
    "土家族自治县",
    "哈尼族彝族傣族自治县",
    "彝族傣族自治县",
    "彝族自治县",
    "维吾尔自治区",
    "壮族自治区",
    "回族自治区",
    "自治区",
    "自治州",
    "自治县",
    "特别行政区",
    "新区",
    "省",
    "市",
    "区",
    "县",
    "旗",
)


def short_name(name: str) -> str:
    for suf in _SUFFIXES:
        if name.endswith(suf) and len(name) - len(suf) >= 2:
            return name[: -len(suf)]
    return name


# Postcodes of the counties of the three reference regions (main post office of the seat).
POSTCODES = {
    "500101": "404000",
    "500102": "408000",
    "500103": "400010",
    "500104": "400080",
    "500105": "400020",
    "500106": "400030",
    "500107": "400050",
    "500108": "400060",
    "500109": "400700",
    "500110": "401420",
    "500111": "402360",
    "500112": "401120",
    "500113": "401320",
    "500114": "409000",
    "500115": "401220",
    "500116": "402260",
    "500117": "401520",
    "500118": "402160",
    "500119": "408400",
    "500120": "402760",
    "500151": "402560",
    "500152": "402660",
    "500153": "402460",
    "500154": "405400",
    "500155": "405200",
    "500156": "408500",
    "500229": "405900",
    "500230": "408200",
    "500231": "408300",
    "500233": "404300",
    "500235": "404500",
    "500236": "404600",
    "500237": "404700",
    "500238": "405800",
    "500240": "409100",
    "500241": "409900",
    "500242": "409800",
    "500243": "409600",
    "210102": "110001",
    "210103": "110011",
    "210104": "110041",
    "210105": "110031",
    "210106": "110021",
    "210111": "110101",
    "210112": "110015",
    "210113": "110121",
    "210114": "110141",
    "210115": "110200",
    "210123": "110500",
    "210124": "110400",
    "210181": "110300",
    "530402": "653100",
    "530403": "652600",
    "530423": "652700",
    "530424": "652800",
    "530425": "651100",
    "530426": "653200",
    "530427": "653400",
    "530428": "653300",
    "530481": "652500",
}

# Renamings the MCA diff records under other event types; (current code, old name, year).
_EXTRA_HISTORY = (
    ("500154", "开县", 2016),
    ("500111", "大足县", 2011),
    ("500110", "綦江县", 2011),
)

# Addresses in Chongqing's new areas often name the area instead of the district.
CHONGQING_SPECIAL_AREAS = {
    "500112": "两江新区",
    "500105": "两江新区",
    "500109": "两江新区",
    "500107": "高新区",
    "500106": "高新区",
    "500108": "经济技术开发区",
}

# Patent intensity relative to the urbanisation model (a real city's skew: the 两江新区 and
# 西永 districts are stronger than their population suggests, 渝中 is a service centre, the
# north-east and south-east mountain counties are weakest).
CHONGQING_INTENSITY = {
    "500112": 1.9,
    "500106": 1.3,
    "500107": 1.3,
    "500105": 1.0,
    "500108": 1.1,
    "500103": 0.55,
    "500109": 1.15,
    "500113": 1.1,
    "500104": 0.8,
    "500120": 1.6,
    "500118": 1.25,
    "500116": 1.2,
    "500115": 1.1,
    "500229": 0.55,
    "500238": 0.55,
    "500242": 0.6,
    "500241": 0.7,
    "500243": 0.6,
    "500237": 0.65,
    "500236": 0.7,
    "500240": 0.7,
}

# County technology specialisations in Chongqing (multipliers on the generic mix).
CHONGQING_GROUPS: dict[str, dict[str, float]] = {
    "500112": {"auto": 3.0, "electronics": 2.0, "ict": 2.0},
    "500105": {"auto": 2.5, "machinery": 1.5, "ict": 1.5},
    "500109": {"auto": 1.5, "machinery": 2.0, "materials": 1.5},
    "500106": {"electronics": 3.5, "ict": 2.0, "machinery": 1.5},
    "500107": {"moto": 4.0, "materials": 2.5, "machinery": 1.5, "auto": 1.5},
    "500108": {"ict": 2.0, "electronics": 2.0, "pharma": 2.0},
    "500103": {"ict": 3.0, "pharma": 2.0, "construction": 2.0},
    "500113": {"pharma": 2.5, "moto": 2.0, "auto": 1.5},
    "500104": {"materials": 3.0, "environment": 1.5},
    "500102": {"chemicals": 2.5, "food": 2.5},
    "500115": {"chemicals": 4.0, "materials": 1.5},
    "500116": {"machinery": 2.0, "moto": 1.5, "food": 1.5},
    "500117": {"machinery": 1.5, "pharma": 1.3, "food": 1.3},
    "500118": {"machinery": 2.5, "electronics": 1.5},
    "500120": {"machinery": 2.0, "auto": 2.0, "electronics": 1.5},
    "500151": {"machinery": 1.5, "materials": 1.5},
    "500153": {"food": 2.0, "pharma": 2.0},
    "500110": {"machinery": 2.0, "auto": 1.5},
    "500111": {"machinery": 2.0, "consumer": 1.5},
    "500101": {"food": 1.5, "chemicals": 1.3},
    "500240": {"pharma": 2.5, "food": 2.0},
    "500242": {"pharma": 2.5, "food": 2.0},
}

# Chongqing's resident population at the end of 2015 (万人, 重庆市统计公报 2015): the
# denominator of the 2015 per-10,000 figure; county growth rates are solved to meet it.
CHONGQING_POPULATION_2015_WAN = 3016.55


def _shared_file(shared_dir: Path, *parts: str) -> Path:
    path = shared_dir.joinpath("data", *parts)
    if not path.exists():
        raise SharedDataMissing(f"参考数据缺失: {path}（需要 ../shared/data）", path=str(path))
    return path


@functools.lru_cache(maxsize=4)
def _census(shared_dir: Path) -> dict[str, tuple[str, int, float]]:
    out: dict[str, tuple[str, int, float]] = {}
    with _shared_file(shared_dir, "census2020_county_population.csv").open(encoding="utf-8") as fh:
        for row in csv.DictReader(fh):
            try:
                out[row["CODE"]] = (row["NAME"], int(row["POPU"]), float(row["POPU_URB"]))
            except (KeyError, ValueError):
                continue
    return out


@functools.lru_cache(maxsize=4)
def _history(shared_dir: Path) -> dict[str, tuple[tuple[str, int], ...]]:
    path = shared_dir / "data" / "admin_divisions" / "mca_division_changes_1980_2026.json"
    hist: dict[str, set[tuple[str, int]]] = {}
    if path.exists():
        events = json.loads(path.read_text("utf-8")).get("events", [])
        for e in events:
            if e.get("type") not in ("撤县设区", "撤市设区", "撤县设市", "更名"):
                continue
            new, old = e.get("new") or {}, e.get("old") or {}
            if not new.get("code") or not old.get("name") or old.get("name") == new.get("name"):
                continue
            if int(e.get("level") or 0) != 3:
                continue
            hist.setdefault(str(new["code"])[:6], set()).add((str(old["name"]), int(e["year"])))
    for code, old_name, year in _EXTRA_HISTORY:
        hist.setdefault(code, set()).add((old_name, year))
    # Year, then name: a set's order differs between processes (hash seed), the demo must not.
    return {k: tuple(sorted(v, key=lambda h: (h[1], h[0]))) for k, v in hist.items()}


def load_region(code: str, shared_dir: Path) -> DemoRegion:
    """The counties of a province or prefecture (6-digit code) with their census figures."""
    code = str(code).strip()
    if len(code) != 6 or not code.isdigit():
        raise NotFoundError(f"区划代码应为 6 位数字: {code!r}", region=code)
    census = _census(shared_dir)
    history = _history(shared_dir)
    reg = get_registry()
    top = reg.get(code) if code in reg else None
    if top is None or top.level == "county":
        raise NotFoundError(
            f"未知的省级或地市级区划代码: {code}（演示数据按省或地市生成，例如 500000、210100）",
            region=code,
        )
    level, name = top.level, top.name
    municipality = is_municipality(code)
    units = [(r.code, r.name, r.city_code or code, r.province_code) for r in reg.counties(code)]
    if not units:
        raise NotFoundError(f"区划 {code} 下没有区县", region=code)

    pops = [(census.get(c) or ("", 0, math.nan))[1] or (census_population(c) or 0) for c, _, _, _ in units]
    known = [p for p in pops if p > 0]
    fallback_pop = int(sum(known) / len(known)) if known else 300_000
    counties = []
    for (c, n, city, prov), pop in zip(units, pops, strict=True):
        urb = (census.get(c) or ("", 0, math.nan))[2]
        city_name = "" if municipality or city not in reg else reg.get(city).name
        counties.append(
            County(
                code=c,
                name=n,
                city_code=code if municipality else city,
                city_name=city_name,
                province_code=prov,
                province_name=reg.get(prov).name,
                population_2020=pop if pop > 0 else fallback_pop,
                urbanisation=0.55 if math.isnan(urb) else urb,
                postcode=POSTCODES.get(c),
                history=history.get(c, ()),
            )
        )
    counties.sort(key=lambda x: x.code)
    if code == CHONGQING:
        short, special = "重庆", dict(CHONGQING_SPECIAL_AREAS)
    else:
        short, special = short_name(name), {}
    return DemoRegion(code, name, level, tuple(counties), short, special)


def default_shared_dir() -> Path:
    from ipatlas.config import Settings

    path = Settings().shared_dir
    if not (path / "data").is_dir():
        raise ConfigError(f"找不到参考数据目录 {path / 'data'}（需要 ../shared/data）")
    return path
