"""Who files in the demo region: county weights, technology mix, universities, institutes.

The spatial skew follows urbanisation (census share of urban residents) with an exponential
intensity, so central districts file far more per resident than mountain counties; for
Chongqing the known specialisations (两江新区 automotive, 西永 electronics, 长寿 chemicals,
涪陵 food, …) and the city's universities and institutes are built in.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from ipatlas.demo import vocab
from ipatlas.demo.geo import CHONGQING_GROUPS, CHONGQING_INTENSITY, DemoRegion, short_name

ENTERPRISE, UNIVERSITY, INSTITUTE, GOVERNMENT, INDIVIDUAL = range(5)
APPLICANT_TYPES = ("enterprise", "university", "institute", "government", "individual")

# P(applicant type | kind): inventions lean to universities, designs to individuals.
TYPE_BY_KIND = np.array(
    [
        [0.63, 0.24, 0.05, 0.01, 0.07],  # invention
        [0.76, 0.08, 0.02, 0.01, 0.13],  # utility
        [0.77, 0.03, 0.00, 0.00, 0.20],  # design
    ]
)


@dataclass(frozen=True)
class Org:
    name: str
    county: str  # county code
    weight: float
    groups: tuple[str, ...]
    type: int  # UNIVERSITY or INSTITUTE
    since: int = 1900  # founded (no patents filed before)


_U, _I = UNIVERSITY, INSTITUTE

KNOWN_ORGS: dict[str, tuple[Org, ...]] = {
    "500000": (
        Org(
            "重庆大学",
            "500106",
            10,
            ("machinery", "auto", "materials", "electronics", "ict", "construction"),
            _U,
        ),
        Org("西南大学", "500109", 6, ("food", "pharma", "materials", "ict"), _U),
        Org("重庆邮电大学", "500108", 5, ("ict", "electronics"), _U),
        Org("重庆交通大学", "500108", 4, ("construction", "auto", "machinery"), _U),
        Org("重庆理工大学", "500113", 4, ("auto", "machinery", "ict"), _U),
        Org("重庆医科大学", "500103", 3, ("pharma",), _U),
        Org("重庆科技学院", "500106", 3, ("machinery", "materials", "chemicals"), _U, 2004),
        Org("重庆工商大学", "500108", 2, ("ict", "environment", "food"), _U),
        Org("重庆师范大学", "500106", 1.5, ("ict", "environment"), _U),
        Org("重庆文理学院", "500118", 1.5, ("materials", "food", "machinery"), _U, 2001),
        Org("长江师范学院", "500102", 1, ("food", "chemicals"), _U),
        Org("重庆三峡学院", "500101", 1, ("machinery", "food"), _U),
        Org("重庆电子工程职业学院", "500106", 1, ("electronics", "ict"), _U, 2000),
        Org("重庆工业职业技术学院", "500112", 0.8, ("machinery", "auto"), _U, 2001),
        Org("四川美术学院", "500106", 0.5, ("consumer",), _U),
        Org("中国科学院重庆绿色智能技术研究院", "500109", 3, ("materials", "ict", "environment"), _I, 2011),
        Org("重庆市农业科学院", "500107", 2, ("food",), _I),
        Org("重庆市中药研究院", "500108", 1, ("pharma",), _I),
        Org("重庆市畜牧科学院", "500153", 1, ("food",), _I),
        Org("重庆市林业科学研究院", "500106", 0.5, ("food", "environment"), _I),
        Org("重庆市环境科学研究院", "500112", 0.5, ("environment",), _I),
    ),
    "210100": (
        Org("东北大学", "210102", 10, ("materials", "machinery", "ict", "environment"), _U),
        Org("沈阳工业大学", "210106", 4, ("machinery", "electronics"), _U),
        Org("沈阳航空航天大学", "210113", 3, ("machinery", "materials"), _U),
        Org("沈阳建筑大学", "210112", 3, ("construction", "environment"), _U),
        Org("中国医科大学", "210113", 2, ("pharma",), _U),
        Org("沈阳药科大学", "210103", 2, ("pharma",), _U),
        Org("沈阳农业大学", "210103", 2, ("food",), _U),
        Org("辽宁大学", "210105", 1.5, ("ict", "pharma"), _U),
        Org("沈阳化工大学", "210106", 1.5, ("chemicals",), _U),
        Org("沈阳理工大学", "210112", 1.5, ("machinery",), _U),
        Org("中国科学院金属研究所", "210103", 4, ("materials",), _I),
        Org("中国科学院沈阳自动化研究所", "210112", 3, ("machinery", "ict"), _I),
        Org("中国科学院沈阳应用生态研究所", "210103", 1, ("environment", "food"), _I),
        Org("辽宁省农业科学院", "210104", 1, ("food",), _I),
    ),
    "530400": (
        Org("玉溪师范学院", "530402", 2, ("food", "ict", "environment"), _U),
        Org("玉溪农业职业技术学院", "530402", 1, ("food",), _U),
        Org("云南省烟草农业科学研究院", "530402", 2, ("food",), _I),
        Org("玉溪市农业科学院", "530402", 0.5, ("food",), _I),
    ),
}

_GROUP_KEYS = [g.key for g in vocab.TECH_GROUPS]


def _base_group_weights(u: float) -> np.ndarray:
    base = {
        "auto": 0.6 * u,
        "moto": 0.1,
        "electronics": 1.0 * u * u,
        "ict": 1.2 * u * u,
        "machinery": 1.0,
        "materials": 0.6,
        "chemicals": 0.4,
        "pharma": 0.6,
        "food": 0.4 + 1.5 * (1.0 - u),
        "construction": 0.7,
        "environment": 0.6,
        "consumer": 0.7,
    }
    return np.array([base[k] for k in _GROUP_KEYS])


def _generic_orgs(region: DemoRegion) -> tuple[Org, ...]:
    by_urb = sorted(region.counties, key=lambda c: (-c.urbanisation, -c.population_2020))
    top = by_urb[0].code
    second = by_urb[min(1, len(by_urb) - 1)].code
    s = region.short
    if region.level == "province":
        return (
            Org(f"{s}大学", top, 8, ("materials", "machinery", "ict", "pharma", "environment"), _U),
            Org(f"{s}理工大学", second, 4, ("machinery", "electronics", "construction"), _U),
            Org(f"{s}农业大学", top, 2, ("food",), _U),
            Org(f"{s}医科大学", top, 2, ("pharma",), _U),
            Org(f"{s}省农业科学院", top, 2, ("food",), _I),
            Org(f"{s}省科学院", second, 1.5, ("materials", "ict"), _I),
        )
    return (
        Org(f"{s}学院", top, 3, ("machinery", "ict", "food", "materials"), _U),
        Org(f"{s}职业技术学院", second, 1.5, ("machinery", "electronics", "consumer"), _U),
        Org(f"{s}市农业科学研究院", top, 1, ("food",), _I),
    )


class Entities:
    """County weights, technology mix and organisations of one region."""

    def __init__(self, region: DemoRegion, expected_records: int) -> None:
        self.region = region
        counties = region.counties
        self.n_counties = len(counties)
        urb = np.array([c.urbanisation for c in counties])
        pop = np.array([c.population_2020 for c in counties], dtype=np.float64)
        intensity = np.exp(4.5 * (urb - 0.6))
        if region.is_chongqing:
            intensity *= np.array([CHONGQING_INTENSITY.get(c.code, 1.0) for c in counties])
        self.intensity = intensity
        self.w_ent = pop * intensity / (pop * intensity).sum()
        self.w_ind = pop * np.sqrt(intensity) / (pop * np.sqrt(intensity)).sum()

        gw = np.stack([_base_group_weights(u) for u in urb])
        if region.is_chongqing:
            for i, c in enumerate(counties):
                for key, mult in CHONGQING_GROUPS.get(c.code, {}).items():
                    gw[i, _GROUP_KEYS.index(key)] *= mult
        gw /= gw.sum(axis=1, keepdims=True)
        self.group_cdf = np.cumsum(gw, axis=1)
        self.group_cdf[:, -1] = 1.0

        # Pool sizes: how many distinct enterprises / persons file in each county.
        share_ent = TYPE_BY_KIND[:, ENTERPRISE].mean()
        share_ind = TYPE_BY_KIND[:, INDIVIDUAL].mean()
        e = np.maximum(expected_records * share_ent * self.w_ent, 1.0)
        self.ent_pool = np.maximum(20, (0.25 * e**0.95)).astype(np.int64)
        i_ = np.maximum(expected_records * share_ind * self.w_ind, 1.0)
        self.ind_pool = np.maximum(50, 0.8 * i_).astype(np.int64)

        codes = [c.code for c in counties]
        known = KNOWN_ORGS.get(region.code)
        orgs = [o for o in (known or ()) if o.county in codes] or list(_generic_orgs(region))
        self.orgs = tuple(orgs)
        self.org_county = np.array([codes.index(o.county) for o in self.orgs], dtype=np.int64)
        self.org_names = [o.name for o in self.orgs]
        self.org_type = np.array([o.type for o in self.orgs], dtype=np.int64)
        self.org_since = np.array([o.since for o in self.orgs], dtype=np.int64)
        # Fallback for filings before an organisation's founding: the oldest of the same type.
        oldest = {
            t: min((i for i, o in enumerate(self.orgs) if o.type == t), key=lambda i: self.orgs[i].since)
            for t in {o.type for o in self.orgs}
        }
        self.org_fallback = np.array([oldest[o.type] for o in self.orgs], dtype=np.int64)
        self.has_institutes = bool((self.org_type == INSTITUTE).any())

        # Names that depend on the county: company-name prefixes, government bodies.
        self.county_names = [c.name for c in counties]
        self.is_rural = np.array([c.name.endswith("县") for c in counties])
        self.name_prefix_short: list[str] = []
        self.name_prefix_city: list[str] = []
        self.gov_prefix: list[str] = []
        municipality = region.code[:2] in ("11", "12", "31", "50")
        self.addr_full: list[str] = []
        self.addr_city: list[str] = []
        for c in counties:
            city_full = "" if municipality else c.city_name
            if city_full in ("市辖区", "县", "省直辖县级行政区划", "自治区直辖县级行政区划"):
                city_full = ""
            if municipality:
                short = region.short
            else:
                short = short_name(city_full) if city_full else short_name(c.name)
            self.name_prefix_short.append(short)
            self.name_prefix_city.append(region.name if municipality else (city_full or c.name))
            self.gov_prefix.append((region.name if municipality else city_full) + c.name)
            # Address prefixes: full (province + city) and city only.
            if municipality:
                self.addr_full.append(c.province_name or region.name)
                self.addr_city.append(region.short)
            else:
                self.addr_full.append((c.province_name or "") + city_full)
                self.addr_city.append(city_full)

        n_agencies = int(np.clip(round(np.sqrt(max(expected_records, 1)) / 8), 12, 400))
        self.n_agencies = n_agencies
