"""Patent records of the demo region, built chunk by chunk from seeded streams.

Record ``i`` of ``n`` belongs to a (filing year, kind) cell; its life events come from
:func:`ipatlas.demo.model.simulate` with the chunk's own random stream, so a chunk can be
regenerated identically (pass 1 counts, pass 2 writes) and memory stays bounded.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np
import opencc
import pyarrow as pa
import pyarrow.compute as pc

from ipatlas.demo import model as m
from ipatlas.demo import text as tx
from ipatlas.demo import vocab
from ipatlas.demo.entities import (
    ENTERPRISE,
    GOVERNMENT,
    INDIVIDUAL,
    INSTITUTE,
    TYPE_BY_KIND,
    UNIVERSITY,
    Entities,
)
from ipatlas.errors import InputError

CHUNK = 100_000
PATENTS, TRADEMARKS = 1, 2
S_FATE, S_ADJUST, S_ATTR, S_ROUTE, S_DIRTY, S_DIRTY_ATTR, S_CAL = 1, 2, 3, 4, 5, 6, 9

_GROUP_KEYS = [g.key for g in vocab.TECH_GROUPS]
_G = {k: i for i, k in enumerate(_GROUP_KEYS)}
_COMPANY_WORDS = tx.Flat([g.company_words for g in vocab.TECH_GROUPS])
_OBJECTS = tx.Flat([g.objects for g in vocab.TECH_GROUPS])
_ADJS = tx.Flat([g.adjectives for g in vocab.TECH_GROUPS])
_PARTS = tx.Flat([g.parts for g in vocab.TECH_GROUPS])
_BENEFITS = tx.Flat([g.benefits for g in vocab.TECH_GROUPS])
_IPCS = tx.Flat([g.ipcs for g in vocab.TECH_GROUPS])
_DESIGNS = tx.Flat([g.design_products for g in vocab.TECH_GROUPS])
_OBJECT_IS_METHOD = np.array(
    [w.endswith(("方法", "工艺", "系统", "平台", "组合物")) for w in _OBJECTS.words.to_pylist()]
)
_PRODUCTS = tx.Flat(
    [
        [o for o in g.objects if not o.endswith(("方法", "工艺", "系统", "平台", "组合物"))]
        for g in vocab.TECH_GROUPS
    ]
)
assert all(_PRODUCTS.lengths), "every technology group needs product (non-method) objects"
_PRODUCT_TO_OBJECT = np.array([_OBJECTS.words.to_pylist().index(w) for w in _PRODUCTS.words.to_pylist()])
_METHOD_SUFFIX = {
    "materials": "及其制备方法",
    "chemicals": "及其制备方法",
    "pharma": "及其制备方法",
    "food": "及其制备方法",
}
_SUFFIX_BY_GROUP = pa.array([_METHOD_SUFFIX.get(k, "的控制方法") for k in _GROUP_KEYS], pa.string())
_DESIGN_USE = {
    "auto": "交通运输",
    "moto": "交通运输",
    "electronics": "电子设备",
    "ict": "信息处理",
    "machinery": "工业生产",
    "materials": "建筑装饰",
    "chemicals": "包装储存",
    "pharma": "医疗护理",
    "food": "食品包装",
    "construction": "市政设施",
    "environment": "环境卫生",
    "consumer": "日常生活",
}
_DESIGN_USE_ARR = pa.array([_DESIGN_USE[k] for k in _GROUP_KEYS], pa.string())
_VARIANTS = ("1", "2", "3", "A", "B", "经典款", "豪华版", "小号", "大号", "组合")
_CONNECT = ("固定连接", "转动连接", "可拆卸连接", "电性连接", "滑动连接", "通过螺栓连接")
_POSITION = ("的一侧", "的顶部", "的内部", "的底部", "的外侧", "的两端")
_DESIGN_POINT = ("形状", "形状与图案的结合", "图案", "形状与色彩的结合")
_DESIGN_VIEW = ("立体图", "主视图", "设计1立体图")
# Field of each GOVERNMENT_FORMS entry (hospitals → pharma, extension stations → food, …).
_GOV_FIELDS = ("pharma", "pharma", "pharma", "food", "construction", "pharma", "food")
_GOV_GROUP = np.array([_G[k] for k in _GOV_FIELDS])
_ENT_SUFFIX = ("有限公司", "有限责任公司", "股份有限公司", "集团有限公司")
_OTHER_AGENCY_CITIES = ("北京", "成都", "深圳", "上海", "广州", "西安")
_UNITS = pa.array(
    [f"附{i}号" for i in range(1, 9)]
    + [f"{b}栋{u}-{f}" for b in range(1, 13) for u in (1, 2) for f in (1, 2, 3)]
)
_S2T = opencc.OpenCC("s2t")


def streams(seed: int, table: int, stream: int, chunk: int) -> np.random.Generator:
    return np.random.default_rng(np.random.SeedSequence([seed, table, stream, chunk]))


@dataclass
class Plan:
    """How ``n`` records split into (year, kind) cells and chunks."""

    seed: int
    n: int
    end_year: int
    cell_year: np.ndarray
    cell_kind: np.ndarray
    cell_start: np.ndarray  # len(cells) + 1
    chunk: int = CHUNK

    @property
    def n_chunks(self) -> int:
        return (self.n + self.chunk - 1) // self.chunk

    @property
    def export_day(self) -> int:
        return m.day(self.end_year, 12, 31)

    def bounds(self, c: int) -> tuple[int, int]:
        return c * self.chunk, min((c + 1) * self.chunk, self.n)

    def cells_of(self, idx: np.ndarray) -> np.ndarray:
        return np.searchsorted(self.cell_start, idx, side="right") - 1


def make_plan(n: int, end_year: int, seed: int) -> Plan:
    vol = m.yearly_volume(m.PATENT_VOLUME, end_year)
    years = np.array(sorted(vol), dtype=np.int64)
    per_year = m.allocate(n, np.array([vol[y] for y in years]))
    cy, ck, counts = [], [], []
    for y, ny in zip(years, per_year, strict=True):
        for k, nk in enumerate(m.allocate(int(ny), np.array(m.kind_shares(int(y))))):
            cy.append(y)
            ck.append(k)
            counts.append(nk)
    start = np.concatenate([[0], np.cumsum(counts)]).astype(np.int64)
    return Plan(seed, n, end_year, np.array(cy), np.array(ck, dtype=np.int8), start)


def chunk_fates(plan: Plan, c: int) -> tuple[np.ndarray, np.ndarray, np.ndarray, m.Fates]:
    """Years, kinds, index within the cell and simulated life of chunk ``c``."""
    lo, hi = plan.bounds(c)
    idx = np.arange(lo, hi, dtype=np.int64)
    cell = plan.cells_of(idx)
    years = plan.cell_year[cell]
    kinds = plan.cell_kind[cell]
    rng = streams(plan.seed, PATENTS, S_FATE, c)
    r = rng.random(len(idx))
    pct = ((kinds == m.INVENTION) & (r < 0.035)) | ((kinds == m.UTILITY) & (r < 0.003))
    fates = m.simulate(rng, years, kinds, pct, plan.export_day)
    return years, kinds, idx - plan.cell_start[cell], fates


# ---- application numbers -----------------------------------------------------------------------

NEW_FORMAT_DAY = m.day(2003, 10, 1)
SERIAL_SPACE_NEW = 2_000_000
SERIAL_SPACE_OLD = 100_000
_W12 = np.array([2, 3, 4, 5, 6, 7, 8, 9, 2, 3, 4, 5], dtype=np.int64)
_W8 = np.array([2, 3, 4, 5, 6, 7, 8, 9], dtype=np.int64)


def check_digits(number: np.ndarray, width: np.ndarray) -> np.ndarray:
    """CNIPA check character (0-9 or X) of 8- or 12-digit application numbers."""
    number = np.asarray(number, dtype=np.int64)
    out = np.empty(len(number), dtype=np.int64)
    for w, weights in ((12, _W12), (8, _W8)):
        sel = width == w
        if not sel.any():
            continue
        pw = 10 ** np.arange(w - 1, -1, -1, dtype=np.int64)
        digits = (number[sel][:, None] // pw[None, :]) % 10
        out[sel] = (digits * weights[None, :]).sum(axis=1) % 11
    return out


def check_char(values: np.ndarray) -> pa.Array:
    return tx.lookup([str(i) for i in range(10)] + ["X"], values)


def app_numbers(
    seed: int, years: np.ndarray, filing: np.ndarray, type_digit: np.ndarray, j: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    """Application number (as an integer) and its digit count: YYYYT+7 serial, or YYT+5 before
    2003-10-01. ``j`` is unique within (year, type); the serial is a bijection of it."""
    new = filing >= NEW_FORMAT_DAY
    space = np.where(new, SERIAL_SPACE_NEW, SERIAL_SPACE_OLD)
    if (j >= space).any() or (j < 0).any():
        raise InputError("记录数过多：同一年同一类型的申请号超出了 CNIPA 申请号的流水号范围")
    offset = (years * 7919 + type_digit * 104729 + seed) % space
    serial = (j * 7654321 + offset) % space
    num_new = years * 10**8 + type_digit * 10**7 + serial
    num_old = (years % 100) * 10**6 + type_digit * 10**5 + serial
    return np.where(new, num_new, num_old), np.where(new, 12, 8)


def type_digits(kinds: np.ndarray, pct: np.ndarray) -> np.ndarray:
    # 1 invention, 2 utility, 3 design; 8/9 PCT national phase (invention/utility).
    base = np.array([1, 2, 3], dtype=np.int64)[kinds]
    return np.where(pct & (kinds == m.INVENTION), 8, np.where(pct & (kinds == m.UTILITY), 9, base))


# ---- the batch ---------------------------------------------------------------------------------


class Batch:
    """Canonical content of a set of patent records (numpy + Arrow columns, aligned)."""

    def __init__(self, **cols: Any) -> None:
        self.cols: dict[str, Any] = cols

    def __len__(self) -> int:
        return len(self.cols["kind"])

    def __getitem__(self, key: str) -> Any:
        return self.cols[key]

    def take(self, idx: np.ndarray) -> Batch:
        idx = np.asarray(idx, dtype=np.int64)
        ai = pa.array(idx)
        out = {}
        for k, v in self.cols.items():
            out[k] = v.take(ai) if isinstance(v, pa.Array) else v[idx]
        return Batch(**out)

    def replace(self, **cols: Any) -> Batch:
        return Batch(**{**self.cols, **cols})

    @staticmethod
    def concat(batches: list[Batch]) -> Batch:
        keys = batches[0].cols.keys()
        out = {}
        for k in keys:
            vals = [b.cols[k] for b in batches]
            out[k] = pa.concat_arrays(vals) if isinstance(vals[0], pa.Array) else np.concatenate(vals)
        return Batch(**out)


def _scatter(n: int, parts: list[tuple[np.ndarray, pa.Array]]) -> pa.Array:
    """Assemble an array from per-subset arrays (subsets partition range(n))."""
    order = np.concatenate([p[0] for p in parts]) if parts else np.zeros(0, dtype=np.int64)
    data = pa.concat_arrays([p[1].cast(pa.string()) for p in parts]) if parts else pa.array([], pa.string())
    inv = np.empty(n, dtype=np.int64)
    inv[order] = np.arange(n)
    return data.take(pa.array(inv))


def _loguniform_rank(rng: np.random.Generator, pool: np.ndarray) -> np.ndarray:
    """Rank in [0, pool) with P(rank) ~ 1/(rank+1): a few applicants file most patents."""
    u = rng.random(len(pool))
    return np.minimum(np.floor(np.exp(u * np.log(pool + 1.0))).astype(np.int64) - 1, pool - 1).clip(0)


class Builder:
    """Turns (years, kinds, fates) of a chunk into full records for one region."""

    def __init__(self, ents: Entities, seed: int, export_day: int) -> None:
        self.e = ents
        self.seed = seed
        self.export_day = export_day
        region = ents.region
        self.counties = region.counties
        self.county_names = pa.array(ents.county_names, pa.string())
        self.addr_full = pa.array(ents.addr_full, pa.string())
        self.addr_city = pa.array(ents.addr_city, pa.string())
        self.name_short = pa.array(ents.name_prefix_short, pa.string())
        self.name_city = pa.array(ents.name_prefix_city, pa.string())
        self.gov_prefix = pa.array(ents.gov_prefix, pa.string())
        self.postcodes = pa.array([c.postcode for c in self.counties], pa.string())
        self.special = pa.array([region.special_areas.get(c.code) for c in self.counties], pa.string())
        self.has_special = np.array([c.code in region.special_areas for c in self.counties])
        self.org_names = pa.array(ents.org_names, pa.string())
        self.org_groups = tx.Flat([[str(_G[g]) for g in o.groups] for o in ents.orgs])
        self.history = [(i, old, until) for i, c in enumerate(self.counties) for old, until in c.history]
        self.salt = seed * 1_000_003

    # -- entities ----------------------------------------------------------------------------
    def _county_name_at(self, county: np.ndarray, year: np.ndarray) -> pa.Array:
        names = tx.lookup(self.county_names, county)
        for i, old, until in sorted(self.history, key=lambda h: -h[2]):
            sel = (county == i) & (year < until)
            if sel.any():
                names = tx.where(sel, old, names)
        return names

    def _address(
        self,
        rng: np.random.Generator,
        county: np.ndarray,
        year: np.ndarray,
        h: np.ndarray,
        special: np.ndarray,
        unit_suffix: pa.Array | None,
    ) -> pa.Array:
        n = len(county)
        variant = rng.choice(6, size=n, p=[0.78, 0.10, 0.07, 0.02, 0.02, 0.01])
        full = tx.lookup(self.addr_full, county)
        city = tx.lookup(self.addr_city, county)
        prefix = tx.where(variant == 1, city, full)
        prefix = pc.if_else(pa.array(variant == 2), pa.scalar(None, pa.string()), prefix)
        cname = self._county_name_at(county, year)
        use_special = special & self.has_special[county]
        area = tx.lookup(self.special, county, use_special)
        cname = pc.if_else(pa.array(use_special | (variant == 3)), pa.scalar(None, pa.string()), cname)
        street = tx.lookup(vocab.STREETS, tx.bits(h, 3, len(vocab.STREETS)))
        number = tx.num(1 + tx.bits(h, 13, 399))
        building = tx.lookup(vocab.BUILDING_SUFFIXES, tx.bits(h, 23, len(vocab.BUILDING_SUFFIXES)))
        extra = tx.null_strings(n) if unit_suffix is None else unit_suffix
        addr = tx.join(prefix, cname, area, street, number, building, extra)
        pcode = tx.lookup(self.postcodes, county)
        with_pc = (variant == 5) & pc.is_valid(pcode).to_numpy(zero_copy_only=False)
        if with_pc.any():
            addr = tx.where(with_pc, tx.join(pcode, addr, sep=" "), addr)
        trad = variant == 4
        if trad.any():  # occasional Traditional characters (重慶市渝中區…)
            values = [_S2T.convert(v) for v in addr.filter(pa.array(trad)).to_pylist()]
            addr = pc.replace_with_mask(addr, pa.array(trad), pa.array(values, pa.string()))
        return addr

    def _enterprise(self, county: np.ndarray, rank: np.ndarray) -> tuple[np.ndarray, pa.Array, np.ndarray]:
        """Hash, name and technology group of enterprises (county, rank)."""
        h = tx.mix((county.astype(np.uint64) << np.uint64(32)) | rank.astype(np.uint64), self.salt + 1)
        group = (self.e.group_cdf[county] < tx.unit(h, 40)[:, None]).sum(axis=1).clip(0, len(_GROUP_KEYS) - 1)
        p = tx.bits(h, 30, 100)
        short = tx.lookup(self.name_short, county)
        city = tx.lookup(self.name_city, county)
        with_county = tx.join(city, tx.lookup(self.county_names, county))
        prefix = tx.where(p < 70, short, tx.where((p >= 85) & self.e.is_rural[county], with_county, city))
        b = tx.brand(h, 0, three=tx.bits(h, 50, 10) < 3)
        word = _COMPANY_WORDS.pick(group, tx.unit(h, 20))
        s = tx.bits(h, 56, 100)
        suffix_idx = np.where(rank < 2, 2 + (s % 2), np.select([s < 70, s < 88], [0, 1], 2))
        name = tx.join(prefix, b, word, tx.lookup(_ENT_SUFFIX, suffix_idx))
        return h, name, group

    def _person_hash(self, county: np.ndarray, pid: np.ndarray, salt: int) -> np.ndarray:
        return tx.mix((county.astype(np.uint64) << np.uint64(32)) | pid.astype(np.uint64), self.salt + salt)

    # -- the records ---------------------------------------------------------------------------
    # Each step draws from ``rng`` in a fixed order: keep the calls in this order, or the same
    # seed gives different files.
    def build(
        self,
        rng: np.random.Generator,
        years: np.ndarray,
        kinds: np.ndarray,
        j: np.ndarray,
        f: m.Fates,
    ) -> Batch:
        n = len(years)
        kinds = np.asarray(kinds, dtype=np.int64)
        pct = f.pct
        atype = self._applicant_types(rng, kinds, pct)
        filing_year = m.years_of(f.filing)

        apps = _Applicants(n)
        self._enterprises(rng, apps, np.flatnonzero(atype == ENTERPRISE), filing_year)
        self._individuals(rng, apps, np.flatnonzero(atype == INDIVIDUAL), filing_year)
        self._organisations(rng, apps, atype, filing_year)
        self._governments(rng, apps, np.flatnonzero(atype == GOVERNMENT), filing_year)
        county, group, roster = apps.county, apps.group, apps.roster
        applicant1 = _scatter(n, apps.name_parts)
        address = _scatter(n, apps.addr_parts)
        postcode = tx.lookup(self.postcodes, county, rng.random(n) < 0.85)
        applicant2 = self._second_applicants(rng, atype, county, applicant1)
        inventors = self._inventors(rng, atype, roster, apps.ent_hash, applicant1)
        agency = self._agency(rng, atype, filing_year)

        design = kinds == m.DESIGN
        ipc_main, ipc_extra = self._ipcs(rng, group, design)
        title, abstract = self._title_abstract(rng, kinds, group, design)
        claims, cited, family = self._counts(rng, kinds, pct, design, f)
        pct_app, pct_pub = self._pct_numbers(rng, filing_year, pct)

        # Application and publication numbers.
        tdig = type_digits(kinds, pct)
        number, width = app_numbers(self.seed, years, f.filing, tdig, j)
        pub_no = publication_numbers(f, kinds, rng)

        granted = f.grant >= 0
        pledged = granted & (atype == ENTERPRISE) & (rng.random(n) < 0.02)
        awarded = granted & (kinds == m.INVENTION) & (rng.random(n) < 0.002)

        status, sdate = m.status_at(f, self.export_day)
        return Batch(
            number=number,
            width=width,
            kind=kinds.astype(np.int8),
            pct=pct,
            filing=f.filing,
            pub=f.pub,
            grant=f.grant,
            end=f.end,
            end_type=f.end_type,
            status=status,
            sdate=sdate,
            atype=atype.astype(np.int8),
            county=county,
            group=group,
            applicant1=applicant1,
            applicant2=applicant2,
            address=address,
            postcode=postcode,
            agency=agency,
            ipc_main=ipc_main,
            ipc2=ipc_extra[0],
            ipc3=ipc_extra[1],
            ipc4=ipc_extra[2],
            title=title,
            abstract=abstract,
            claims=claims,
            cited=cited.astype(np.int64),
            family=family.astype(np.int64),
            pct_app=pct_app,
            pct_pub=pct_pub,
            pub_no=pub_no,
            pledged=pledged,
            awarded=awarded,
            **{f"inv{i}": inventors[i] for i in range(8)},
        )

    def _applicant_types(self, rng: np.random.Generator, kinds: np.ndarray, pct: np.ndarray) -> np.ndarray:
        # Applicant type given the kind; PCT filers are companies and universities.
        n = len(kinds)
        u = rng.random(n)
        cdf = np.cumsum(TYPE_BY_KIND, axis=1)[kinds]
        atype = (cdf < u[:, None]).sum(axis=1).clip(0, 4)
        atype = np.where(pct, np.where(u < 0.85, ENTERPRISE, UNIVERSITY), atype)
        if not self.e.has_institutes:
            atype = np.where(atype == INSTITUTE, UNIVERSITY, atype)
        return atype

    def _enterprises(
        self, rng: np.random.Generator, apps: _Applicants, sel: np.ndarray, filing_year: np.ndarray
    ) -> None:
        if not len(sel):
            return
        e = self.e
        c = rng.choice(e.n_counties, size=len(sel), p=e.w_ent)
        rank = _loguniform_rank(rng, e.ent_pool[c])
        h, name, g = self._enterprise(c, rank)
        own = rng.random(len(sel)) < 0.85
        g_rand = (e.group_cdf[c] < rng.random(len(sel))[:, None]).sum(axis=1).clip(0, len(_GROUP_KEYS) - 1)
        apps.county[sel], apps.group[sel], apps.ent_hash[sel] = c, np.where(own, g, g_rand), h
        apps.roster[sel] = np.where(rank < 5, 60, np.where(rank < 50, 20, 6))
        apps.name_parts.append((sel, name))
        # Small firms in the new areas often give the area instead of the district.
        special = (tx.bits(h, 60, 100) < 4) & (rank >= 20)
        apps.addr_parts.append((sel, self._address(rng, c, filing_year[sel], h, special, None)))

    def _individuals(
        self, rng: np.random.Generator, apps: _Applicants, sel: np.ndarray, filing_year: np.ndarray
    ) -> None:
        if not len(sel):
            return
        e = self.e
        c = rng.choice(e.n_counties, size=len(sel), p=e.w_ind)
        pid = (rng.random(len(sel)) * e.ind_pool[c]).astype(np.int64)
        h = self._person_hash(c, pid, 2)
        apps.county[sel], apps.ent_hash[sel] = c, h
        apps.group[sel] = (
            (e.group_cdf[c] < rng.random(len(sel))[:, None]).sum(axis=1).clip(0, len(_GROUP_KEYS) - 1)
        )
        apps.roster[sel] = 1
        apps.name_parts.append((sel, tx.person(h)))
        unit_suffix = tx.lookup(_UNITS, tx.bits(h, 33, len(_UNITS)))
        apps.addr_parts.append(
            (sel, self._address(rng, c, filing_year[sel], h, np.zeros(len(sel), bool), unit_suffix))
        )

    def _organisations(
        self, rng: np.random.Generator, apps: _Applicants, atype: np.ndarray, filing_year: np.ndarray
    ) -> None:
        """Universities and institutes (updates ``atype`` to the chosen organisation's type)."""
        sel = np.flatnonzero((atype == UNIVERSITY) | (atype == INSTITUTE))
        if not len(sel):
            return
        e = self.e
        want = atype[sel]
        w = np.array([o.weight for o in e.orgs])
        org = np.empty(len(sel), dtype=np.int64)
        for t in (UNIVERSITY, INSTITUTE):
            s_t = np.flatnonzero(want == t)
            cand = np.flatnonzero(e.org_type == t)
            if not len(cand):
                cand = np.arange(len(e.orgs))
            org[s_t] = rng.choice(cand, size=len(s_t), p=w[cand] / w[cand].sum())
        # No filings before an organisation existed: fall back to the oldest one of its type.
        too_early = filing_year[sel] < e.org_since[org]
        if too_early.any():
            org = np.where(too_early, e.org_fallback[org], org)
        atype[sel] = e.org_type[org]
        c = e.org_county[org]
        h = tx.mix(org.astype(np.uint64), self.salt + 3)
        apps.county[sel], apps.ent_hash[sel] = c, h
        g = self.org_groups.pick(org, rng.random(len(sel)))
        apps.group[sel] = np.asarray(pc.cast(g, pa.int64()))
        apps.roster[sel] = np.where(atype[sel] == UNIVERSITY, 400, 150)
        apps.name_parts.append((sel, tx.lookup(self.org_names, org)))
        apps.addr_parts.append(
            (sel, self._address(rng, c, filing_year[sel], h, np.zeros(len(sel), bool), None))
        )

    def _governments(
        self, rng: np.random.Generator, apps: _Applicants, sel: np.ndarray, filing_year: np.ndarray
    ) -> None:
        if not len(sel):
            return
        c = rng.choice(self.e.n_counties, size=len(sel), p=self.e.w_ent)
        form = rng.integers(0, len(vocab.GOVERNMENT_FORMS), len(sel))
        h = tx.mix((c * 16 + form).astype(np.uint64), self.salt + 4)
        apps.county[sel], apps.ent_hash[sel], apps.group[sel] = c, h, _GOV_GROUP[form]
        apps.roster[sel] = 30
        apps.name_parts.append(
            (sel, tx.join(tx.lookup(self.gov_prefix, c), tx.lookup(vocab.GOVERNMENT_FORMS, form)))
        )
        apps.addr_parts.append(
            (sel, self._address(rng, c, filing_year[sel], h, np.zeros(len(sel), bool), None))
        )

    def _second_applicants(
        self, rng: np.random.Generator, atype: np.ndarray, county: np.ndarray, applicant1: pa.Array
    ) -> pa.Array:
        # A second applicant now and then (joint filings with a partner or a university).
        e = self.e
        n = len(atype)
        second = np.zeros(n, dtype=bool)
        two = rng.random(n)
        second_parts: list[tuple[np.ndarray, pa.Array]] = []
        s_ent = np.flatnonzero(
            ((atype == ENTERPRISE) & (two < 0.10))
            | ((atype <= INSTITUTE) & (atype >= UNIVERSITY) & (two < 0.12))
        )
        if len(s_ent):
            use_org = (atype[s_ent] == ENTERPRISE) & (rng.random(len(s_ent)) < 0.3) & (len(e.orgs) > 0)
            rank2 = _loguniform_rank(rng, e.ent_pool[county[s_ent]])
            _, n2, _ = self._enterprise(county[s_ent], rank2)
            org2 = rng.integers(0, len(e.orgs), len(s_ent))
            n2 = tx.where(use_org, tx.lookup(self.org_names, org2), n2)
            second_parts.append((s_ent, n2))
            second[s_ent] = True
        s_ind = np.flatnonzero((atype == INDIVIDUAL) & (two < 0.12))
        if len(s_ind):
            h2 = self._person_hash(county[s_ind], rng.integers(0, 1 << 30, len(s_ind)), 5)
            second_parts.append((s_ind, tx.person(h2)))
            second[s_ind] = True
        rest = np.flatnonzero(~second)
        second_parts.append((rest, tx.null_strings(len(rest))))
        applicant2 = _scatter(n, second_parts)
        return pc.if_else(pc.equal(applicant2, applicant1), pa.scalar(None, pa.string()), applicant2)

    def _inventors(
        self,
        rng: np.random.Generator,
        atype: np.ndarray,
        roster: np.ndarray,
        ent_hash: np.ndarray,
        applicant1: pa.Array,
    ) -> list[pa.Array]:
        # Inventors: a roster per applicant, so the same people recur on its patents.
        n = len(atype)
        k_inv = 1 + np.select(
            [atype == ENTERPRISE, atype == INDIVIDUAL, atype == GOVERNMENT],
            [rng.poisson(1.8, n), rng.poisson(0.3, n), rng.poisson(1.5, n)],
            rng.poisson(3.0, n),
        )
        k_inv = np.minimum(k_inv, 8)
        start = (rng.random(n) * roster).astype(np.int64)
        inventors = []
        for slot in range(8):
            idx = (start + slot) % np.maximum(roster, 1)
            h = tx.mix(ent_hash ^ (idx.astype(np.uint64) * np.uint64(0x9E3779B1)), self.salt + 6)
            name = tx.person(h)
            if slot == 0:
                name = tx.where(atype == INDIVIDUAL, applicant1, name)
            else:
                extra = tx.person(tx.mix(ent_hash + np.uint64(slot), self.salt + 7 + slot))
                name = tx.where((atype == INDIVIDUAL) | (roster <= slot), extra, name)
            inventors.append(pc.if_else(pa.array(k_inv > slot), name, pa.scalar(None, pa.string())))
        return inventors

    def _agency(self, rng: np.random.Generator, atype: np.ndarray, filing_year: np.ndarray) -> pa.Array:
        e = self.e
        n = len(atype)
        p_agency = np.select(
            [atype == ENTERPRISE, atype == UNIVERSITY, atype == INSTITUTE, atype == GOVERNMENT],
            [0.78, 0.9, 0.85, 0.6],
            0.45,
        ) * np.where(filing_year < 1995, 0.6, 1.0)
        has_agency = rng.random(n) < p_agency
        a_rank = _loguniform_rank(rng, np.full(n, e.n_agencies))
        ah = tx.mix(a_rank.astype(np.uint64), self.salt + 20)
        local = tx.bits(ah, 40, 100) < 85
        a_city = tx.where(local, e.name_prefix_short[0], tx.lookup(_OTHER_AGENCY_CITIES, tx.bits(ah, 44, 6)))
        agency = tx.join(
            a_city, tx.brand(ah, 0), tx.lookup(vocab.AGENCY_FORMS, tx.bits(ah, 30, len(vocab.AGENCY_FORMS)))
        )
        return pc.if_else(pa.array(has_agency), agency, pa.scalar(None, pa.string()))

    def _ipcs(
        self, rng: np.random.Generator, group: np.ndarray, design: np.ndarray
    ) -> tuple[pa.Array, list[pa.Array]]:
        # Classification: main IPC from the field, 0–3 further IPCs of the same field.
        n = len(group)
        ipc_idx = _IPCS.index(group, rng.random(n))
        ipc_main = tx.lookup(_IPCS.words, ipc_idx, ~design)
        n_extra = rng.choice(4, size=n, p=[0.35, 0.35, 0.2, 0.1])
        local_idx = ipc_idx - _IPCS.offsets[group]
        ipc_extra = []
        for s in range(1, 4):
            idx = _IPCS.offsets[group] + (local_idx + s) % _IPCS.lengths[group]
            ipc_extra.append(tx.lookup(_IPCS.words, idx, (~design) & (n_extra >= s)))
        return ipc_main, ipc_extra

    def _title_abstract(
        self, rng: np.random.Generator, kinds: np.ndarray, group: np.ndarray, design: np.ndarray
    ) -> tuple[pa.Array, pa.Array]:
        n = len(kinds)
        # Title and abstract.
        obj_idx = _OBJECTS.index(group, rng.random(n))
        # Utility models protect products only: methods and processes become a product.
        prod_idx = _PRODUCTS.index(group, rng.random(n))
        obj_idx = np.where(
            (kinds == m.UTILITY) & _OBJECT_IS_METHOD[obj_idx], _PRODUCT_TO_OBJECT[prod_idx], obj_idx
        )
        obj = tx.lookup(_OBJECTS.words, obj_idx)
        adj = _ADJS.pick(group, rng.random(n), rng.random(n) < 0.5)
        method_suffix = tx.lookup(
            _SUFFIX_BY_GROUP,
            group,
            (kinds == m.INVENTION) & ~_OBJECT_IS_METHOD[obj_idx] & (rng.random(n) < 0.25),
        )
        yi_zhong = pc.if_else(pa.array(rng.random(n) < 0.92), pa.scalar("一种"), pa.scalar(None, pa.string()))
        title_iu = tx.join(yi_zhong, adj, obj, method_suffix)
        product = _DESIGNS.pick(group, rng.random(n))
        variant = tx.lookup(_VARIANTS, rng.integers(0, len(_VARIANTS), n), rng.random(n) < 0.4)
        title_d = tx.join(product, tx.join("（", variant, "）"), sep="")
        title_d = pc.if_else(pc.is_valid(variant), title_d, product)
        title = tx.where(design, title_d, title_iu)

        lead = tx.where(kinds == m.INVENTION, "本发明", "本实用新型")
        part_idx = _PARTS.index(group, rng.random(n))
        local_p = part_idx - _PARTS.offsets[group]
        p1 = tx.lookup(_PARTS.words, part_idx)
        p2 = tx.lookup(_PARTS.words, _PARTS.offsets[group] + (local_p + 1) % _PARTS.lengths[group])
        p3 = tx.lookup(_PARTS.words, _PARTS.offsets[group] + (local_p + 2) % _PARTS.lengths[group])
        connect = tx.lookup(_CONNECT, rng.integers(0, len(_CONNECT), n))
        position = tx.lookup(_POSITION, rng.integers(0, len(_POSITION), n))
        benefit = _BENEFITS.pick(group, rng.random(n))
        abstract_iu = tx.join(
            "【演示数据】",
            lead,
            "公开了",
            title_iu,
            "，包括",
            p1,
            "、",
            p2,
            "和",
            p3,
            "，所述",
            p1,
            "与",
            p2,
            connect,
            "，所述",
            p3,
            "设置在所述",
            p1,
            position,
            "。",
            lead,
            benefit,
            "。",
        )
        abstract_d = tx.join(
            "【演示数据】1.本外观设计产品的名称：",
            title_d,
            "。2.本外观设计产品的用途：用于",
            tx.lookup(_DESIGN_USE_ARR, group),
            "。3.本外观设计产品的设计要点：在于",
            tx.lookup(_DESIGN_POINT, rng.integers(0, len(_DESIGN_POINT), n)),
            "。4.最能表明设计要点的图片或照片：",
            tx.lookup(_DESIGN_VIEW, rng.integers(0, len(_DESIGN_VIEW), n)),
            "。",
        )
        abstract = tx.where(design, abstract_d, abstract_iu)
        return title, abstract

    def _counts(
        self, rng: np.random.Generator, kinds: np.ndarray, pct: np.ndarray, design: np.ndarray, f: m.Fates
    ) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        # Counts: claims, forward citations (heavy-tailed, growing with age), family size.
        n = len(kinds)
        claims = np.where(
            kinds == m.INVENTION,
            1 + rng.negative_binomial(3, 3 / (3 + 7.5), n),
            1 + rng.negative_binomial(3, 3 / (3 + 5.5), n),
        ).clip(1, 60)
        claims = np.where(design, -1, claims)
        age = np.maximum(self.export_day - f.filing, 0) / m.DAYS_PER_YEAR
        base = np.array([0.45, 0.25, 0.03])[kinds]
        mean_cites = base * np.minimum(age, 15) ** 0.9 * np.where(pct, 3.0, 1.0)
        cited = rng.poisson(rng.gamma(0.4, np.maximum(mean_cites, 1e-9) / 0.4))
        family = np.where(
            pct,
            2 + rng.geometric(0.45, n) - 1,
            np.where(rng.random(n) < 0.006, 2 + rng.integers(0, 2, n), 1),
        ).clip(1, 15)
        return claims, cited, family

    def _pct_numbers(
        self, rng: np.random.Generator, filing_year: np.ndarray, pct: np.ndarray
    ) -> tuple[pa.Array, pa.Array]:
        # PCT application / publication numbers for national-phase entries.
        n = len(pct)
        pct_year = filing_year - 1 - (rng.random(n) < 0.3)
        pct_serial = rng.integers(1, 999_999, n)
        pct_app = tx.join("PCT/CN", tx.num(pct_year), "/", tx.num(pct_serial, 6))
        pct_pub = tx.join("WO", tx.num(pct_year + 1), "/", tx.num(rng.integers(1, 999_999, n), 6))
        pct_app = pc.if_else(pa.array(pct), pct_app, pa.scalar(None, pa.string()))
        pct_pub = pc.if_else(pa.array(pct), pct_pub, pa.scalar(None, pa.string()))
        return pct_app, pct_pub


class _Applicants:
    """First applicants of a chunk, filled in by applicant type."""

    def __init__(self, n: int) -> None:
        self.county = np.zeros(n, dtype=np.int64)
        self.group = np.zeros(n, dtype=np.int64)
        self.ent_hash = np.zeros(n, dtype=np.uint64)
        self.roster = np.full(n, 8, dtype=np.int64)  # people who invent for the applicant
        self.name_parts: list[tuple[np.ndarray, pa.Array]] = []
        self.addr_parts: list[tuple[np.ndarray, pa.Array]] = []


def publication_numbers(f: m.Fates, kinds: np.ndarray, rng: np.random.Generator) -> pa.Array:
    """CN publication numbers that grow with the publication date (A for inventions; U/S, or
    Y/D before April 2010, for utility models and designs, published at grant)."""
    n = len(kinds)
    pub = f.pub
    has = pub >= 0
    jitter = rng.integers(0, 1000, n)
    new = pub >= m.day(2007, 10, 1)
    inv_num = np.where(
        new,
        100_000_000 + (pub - m.day(2007, 10, 1)) * 1500 + jitter,
        1_000_000 + (pub - m.day(1985, 9, 1)) * 28,
    )
    cut = m.day(2008, 1, 1)
    lead = np.where(kinds == m.UTILITY, 2, 3)
    ud_num = np.where(
        pub >= cut,
        lead * 100_000_000 + 1_000_000 + (pub - cut) * 1800 + jitter,
        lead * 1_000_000 + (pub - m.day(1985, 9, 1)) * 30 + jitter % 30,
    )
    number = np.where(kinds == m.INVENTION, inv_num, ud_num)
    letter = np.where(
        kinds == m.INVENTION,
        0,
        np.where(
            kinds == m.UTILITY,
            np.where(pub >= m.day(2010, 4, 1), 1, 2),
            np.where(pub >= m.day(2010, 4, 1), 3, 4),
        ),
    )
    out = tx.join("CN", tx.num(number), tx.lookup(["A", "U", "Y", "S", "D"], letter))
    return pc.if_else(pa.array(has), out, pa.scalar(None, pa.string()))


# ---- calibration ------------------------------------------------------------------------------

CAL_DAY = m.day(2015, 12, 31)
CAL_KEYS = ("inv_minus", "inv_plus", "oth_minus", "oth_plus")


def calibration_masks(f: m.Fates) -> dict[str, np.ndarray]:
    """Records whose lapse date may move to hit the end-2015 stock exactly.

    *minus*: in force on 2015-12-31 and granted by 2014-12-01 (a lapse in 2015, a year after
    the grant, is plausible); *plus*: lapsed by 2015-12-31 with the term still running in 2016."""
    valid = f.valid_at(CAL_DAY)
    inv = f.kind == m.INVENTION
    minus = valid & (f.grant <= m.day(2014, 12, 1))
    plus = (
        (f.grant >= 0)
        & (f.grant <= CAL_DAY)
        & (f.end_type == m.LAPSED)
        & (f.end <= CAL_DAY)
        & (f.expiry > m.day(2016, 6, 30))
    )
    return {
        "inv_minus": minus & inv,
        "inv_plus": plus & inv,
        "oth_minus": minus & ~inv,
        "oth_plus": plus & ~inv,
    }


def apply_calibration(f: m.Fates, rng: np.random.Generator, quotas: dict[str, int]) -> int:
    """Move the lapse dates of ``quotas[key]`` random candidates of each kind; returns moves."""
    masks = calibration_masks(f)
    moved = 0
    for key in CAL_KEYS:
        q = int(quotas.get(key, 0))
        if q <= 0:
            continue
        cand = np.flatnonzero(masks[key])
        pick = np.sort(rng.choice(cand, size=min(q, len(cand)), replace=False))
        if key.endswith("minus"):
            lo = np.maximum(f.grant[pick] + 366, m.day(2015, 1, 10))
            hi = np.full(len(pick), m.day(2015, 12, 20))
            f.end[pick] = lo + (rng.random(len(pick)) * np.maximum(hi - lo, 1)).astype(np.int64)
            f.end_type[pick] = m.LAPSED
        else:
            lo = np.full(len(pick), m.day(2016, 1, 10))
            hi = np.minimum(f.expiry[pick] - 30, m.day(2021, 12, 31))
            f.end[pick] = lo + (rng.random(len(pick)) * np.maximum(hi - lo, 1)).astype(np.int64)
        moved += len(pick)
    return moved
