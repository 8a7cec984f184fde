"""Trademark records of the demo region (profile ``trademarks/standard``).

Owners are drawn from the same enterprises and persons as the patent applicants (a company's
marks use its brand); geographical-indication certification marks come from the real GI
product list of the region. The number of marks in force on 2015-12-31 is calibrated to the
published figure (scaled), and the number of well-known (驰名) marks likewise.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import pyarrow as pa

from ipatlas.demo import export_formats as lay
from ipatlas.demo import model as m
from ipatlas.demo import patents as pt
from ipatlas.demo import text as tx
from ipatlas.demo import vocab
from ipatlas.demo.entities import Entities
from ipatlas.errors import ConfigError
from ipatlas.progress import ProgressCallback

FILE_NAME = "trademarks-standard.csv"
DATE_FORMAT = "%Y-%m-%d"
DIRTY_RATE = 0.003
DIRTY_TYPES = ("unparseable_date", "bad_nice_class", "missing_reg_no", "missing_owner")
DIRTY_LABELS = {
    "unparseable_date": "申请日期无法解析",
    "bad_nice_class": "国际分类超出1-45",
    "missing_reg_no": "缺少注册号",
    "missing_owner": "缺少申请人",
}
STATUS_LABELS = {
    "registered": (("注册", 0.3), ("已注册", 0.3), ("商标已注册", 0.4)),
    "pending": (("申请中", 0.5), ("等待实质审查", 0.3), ("初审公告", 0.2)),
    "invalid": (("无效", 0.4), ("已无效", 0.2), ("注销", 0.2), ("撤销", 0.2)),
    "expired": (("已到期", 1.0),),
}
# National registration-number sequence at the start of each year (approximate).
_REG_BASE = {
    1985: 220_000,
    1995: 800_000,
    2000: 1_500_000,
    2005: 4_500_000,
    2010: 8_000_000,
    2015: 16_000_000,
    2018: 28_000_000,
    2020: 43_000_000,
    2025: 80_000_000,
    2040: 140_000_000,
}
_GROUP_CLASSES = {
    "auto": (12, 7),
    "moto": (12, 7),
    "electronics": (9,),
    "ict": (9, 42, 35),
    "machinery": (7,),
    "materials": (6, 19),
    "chemicals": (1, 2),
    "pharma": (5, 10),
    "food": (30, 29, 33, 31, 43),
    "construction": (37, 19),
    "environment": (11, 40),
    "consumer": (20, 21, 25, 18, 28, 16),
}


def reg_base(year: np.ndarray) -> np.ndarray:
    xs = np.array(sorted(_REG_BASE))
    return np.interp(year, xs, [_REG_BASE[x] for x in xs])


@dataclass
class MarkPlan:
    seed: int
    n: int
    end_year: int
    year_of_cell: np.ndarray
    cell_start: np.ndarray
    chunk: int = pt.CHUNK

    @property
    def n_chunks(self) -> int:
        return (self.n + self.chunk - 1) // self.chunk

    def bounds(self, c: int) -> tuple[int, int]:
        return c * self.chunk, min((c + 1) * self.chunk, self.n)


def make_plan(n: int, end_year: int, seed: int) -> MarkPlan:
    vol = m.yearly_volume(m.TRADEMARK_VOLUME, end_year)
    years = np.array(sorted(vol), dtype=np.int64)
    counts = m.allocate(n, np.array([vol[y] for y in years]))
    return MarkPlan(seed, n, end_year, years, np.concatenate([[0], np.cumsum(counts)]).astype(np.int64))


def chunk_fates(plan: MarkPlan, c: int) -> tuple[np.ndarray, np.ndarray, m.MarkFates]:
    lo, hi = plan.bounds(c)
    idx = np.arange(lo, hi, dtype=np.int64)
    cell = np.searchsorted(plan.cell_start, idx, side="right") - 1
    years = plan.year_of_cell[cell]
    rng = pt.streams(plan.seed, pt.TRADEMARKS, pt.S_FATE, c)
    f = m.simulate_marks(rng, years, m.day(plan.end_year, 12, 31))
    return years, idx - plan.cell_start[cell], f


def cal_masks(f: m.MarkFates) -> dict[str, np.ndarray]:
    d = pt.CAL_DAY
    valid = f.valid_at(d)
    return {
        # cancelled later (撤销/注销): only marks registered 2013–2015, so that the older
        # marks stay available as well-known candidates
        "minus": valid & (f.reg > m.day(2012, 12, 31)),
        # renewed after all: registered by 2015, term ran out 2006–2015, not cancelled
        "plus": (f.reg >= 0) & (f.reg <= d) & (f.expiry <= d) & (f.expiry > m.day(2006, 1, 1)) & ~f.invalid,
    }


def wk_mask(f: m.MarkFates, export_day: int) -> np.ndarray:
    return (f.reg >= 0) & (f.reg <= m.day(2012, 12, 31)) & (f.expiry > export_day) & ~f.invalid


@dataclass
class MarkResult:
    file: str
    rows: int
    records: int
    gi_marks: int
    valid_2015: int
    well_known: int
    calibration_moves: int
    uncalibrated: int
    statuses: Counter[str] = field(default_factory=Counter)
    dirty: Counter[str] = field(default_factory=Counter)


def _gi_products(shared_dir: Path, ents: Entities) -> list[tuple[str, int]]:
    """(product name, county index) of the region's GI products."""
    path = shared_dir / "data" / "gi_products_2005_2023.json"
    if not path.exists():
        return []
    try:
        items = json.loads(path.read_text("utf-8"))
    except (OSError, json.JSONDecodeError) as exc:
        raise ConfigError(f"无法读取地理标志产品清单 {path}: {exc}") from exc
    region = ents.region
    prov_names = {c.province_name for c in region.counties}
    city_names = {c.city_name for c in region.counties if c.city_name}
    out = []
    shorts = [(i, c.short) for i, c in enumerate(region.counties)]
    for it in items:
        if it.get("province") not in prov_names:
            continue
        if region.level == "city" and not region.is_chongqing and it.get("city") not in city_names:
            continue
        name = str(it.get("product_name") or "").strip()
        if not name:
            continue
        where = [
            i
            for i, s in shorts
            if s and (name.startswith(s) or any(s in d for d in it.get("districts") or []))
        ]
        out.append((name, where[0] if where else int(np.argmax(ents.w_ent))))
    return sorted(set(out))


def generate_trademarks(
    out_dir: Path,
    ents: Entities,
    shared_dir: Path,
    *,
    n: int,
    seed: int,
    end_year: int,
    target_valid: int,
    target_well_known: int,
    progress: ProgressCallback,
    progress_base: int,
    progress_total: int,
) -> MarkResult:
    prof = lay.load_profile("trademarks", "standard")
    columns = [str(c) for c in prof["columns"]]
    col_of = {str(f): str(c) for c, f in prof["columns"].items()}
    _check_labels(prof)
    export_day = m.day(end_year, 12, 31)
    plan = make_plan(n, end_year, seed)
    gi = _gi_products(shared_dir, ents)
    gi_rng = pt.streams(seed, pt.TRADEMARKS, 77, 0)
    gi_reg = np.array([m.day(2008, 1, 1) + int(gi_rng.integers(0, 365 * 12)) for _ in gi], dtype=np.int64)
    gi_valid_2015 = int((gi_reg <= pt.CAL_DAY).sum())
    quotas, shortfall = _calibration_quotas(
        plan,
        seed,
        export_day,
        target_valid - gi_valid_2015,
        target_well_known,
        lambda c: progress(progress_base + plan.bounds(c)[1], progress_total, "商标：测算存量"),
    )

    res = MarkResult(FILE_NAME, 0, n + len(gi), len(gi), 0, 0, 0, shortfall)
    out = lay.CsvOut(out_dir / FILE_NAME, columns, "utf-8-sig")
    builder = pt.Builder(ents, seed, export_day)
    dirty_seen = 0
    try:
        if gi:  # the region's GI certification marks come first
            gi_table = _gi_table(builder, ents, gi, gi_reg, export_day, res)
            out.write(gi_table)
            res.rows += gi_table.num_rows
        for c in range(plan.n_chunks):
            years, j, f = chunk_fates(plan, c)
            wk = _calibrate_chunk(
                pt.streams(seed, pt.TRADEMARKS, pt.S_ADJUST, c), f, quotas[c], len(years), export_day, res
            )
            res.valid_2015 += int(f.valid_at(pt.CAL_DAY).sum())
            rng = pt.streams(seed, pt.TRADEMARKS, pt.S_ATTR, c)
            table = _build(builder, ents, rng, years, j, f, wk, plan, export_day, res)
            drng = pt.streams(seed, pt.TRADEMARKS, pt.S_DIRTY, c)
            table, overrides, n_dirty = _add_dirty_rows(table, drng, dirty_seen, col_of, res)
            dirty_seen += n_dirty
            out.write(table, overrides)
            res.rows += table.num_rows
            progress(progress_base + n + plan.bounds(c)[1], progress_total, "商标：生成与写出")
    finally:
        out.close()
    res.valid_2015 += gi_valid_2015
    return res


def _check_labels(prof: dict[str, Any]) -> None:
    """Every label the generator writes must be one the import profile maps."""
    vm = prof.get("value_maps") or {}
    for fld, labels in (
        ("status", [lab for opts in STATUS_LABELS.values() for lab, _ in opts]),
        ("tm_type", ["普通商标", "集体商标", "证明商标"]),
        ("is_gi", ["是", "否"]),
        ("well_known", ["是", "否"]),
    ):
        missing = [lab for lab in labels if lab not in {str(k) for k in vm.get(fld, {})}]
        if missing:
            raise ConfigError(f"商标演示数据标签不在导入字段映射中: {fld}={missing}")


def _calibration_quotas(
    plan: MarkPlan,
    seed: int,
    export_day: int,
    target_valid: int,
    target_well_known: int,
    progress: Callable[[int], None],
) -> tuple[np.ndarray, int]:
    """Pass 1: per chunk, the marks to invalidate / extend / make well-known, and the shortfall.

    ``target_valid`` excludes the GI marks (they are counted apart)."""
    counts = np.zeros((plan.n_chunks, 3), dtype=np.int64)
    v = 0
    for c in range(plan.n_chunks):
        _, _, f = chunk_fates(plan, c)
        v += int(f.valid_at(pt.CAL_DAY).sum())
        mk = cal_masks(f)
        counts[c] = [int(mk["minus"].sum()), int(mk["plus"].sum()), int(wk_mask(f, export_day).sum())]
        progress(c)
    d = v - target_valid
    col = 0 if d > 0 else 1
    k = min(abs(d), int(counts[:, col].sum()))
    cal_rng = pt.streams(seed, pt.TRADEMARKS, pt.S_CAL, 0)
    quotas = np.zeros((plan.n_chunks, 3), dtype=np.int64)
    if k:
        quotas[:, col] = cal_rng.multivariate_hypergeometric(counts[:, col], k)
    k_wk = min(target_well_known, int(counts[:, 2].sum()))
    if k_wk:
        quotas[:, 2] = cal_rng.multivariate_hypergeometric(counts[:, 2], k_wk)
    return quotas, abs(d) - k


def _calibrate_chunk(
    arng: np.random.Generator, f: m.MarkFates, quota: np.ndarray, n: int, export_day: int, res: MarkResult
) -> np.ndarray:
    """Apply the chunk's calibration quota to ``f``; returns the well-known mask."""
    mk = cal_masks(f)
    if quota[0]:
        pick = arng.choice(np.flatnonzero(mk["minus"]), size=int(quota[0]), replace=False)
        f.invalid[pick] = True
    if quota[1]:
        pick = arng.choice(np.flatnonzero(mk["plus"]), size=int(quota[1]), replace=False)
        f.expiry[pick] = m.add_years(f.expiry[pick], 10)
    res.calibration_moves += int(quota[0] + quota[1])
    wk = np.zeros(n, dtype=bool)
    if quota[2]:
        wk[arng.choice(np.flatnonzero(wk_mask(f, export_day)), size=int(quota[2]), replace=False)] = True
    return wk


def _add_dirty_rows(
    table: pa.Table, drng: np.random.Generator, dirty_seen: int, col_of: dict[str, str], res: MarkResult
) -> tuple[pa.Table, lay.Overrides, int]:
    """Dirty rows, spread through the chunk: copies of random rows with reserved numbers and
    one broken field each. Returns the table, the cell overrides and the number added."""
    n_dirty = int(drng.binomial(table.num_rows, DIRTY_RATE))
    overrides: lay.Overrides = {}
    if not n_dirty:
        return table, overrides, 0
    rows = np.sort(drng.choice(table.num_rows, size=n_dirty, replace=False))
    types = np.array(DIRTY_TYPES, dtype=object)[drng.integers(0, len(DIRTY_TYPES), n_dirty)]
    extra = table.take(pa.array(rows))
    reg_no = [str(900_000_000 + dirty_seen + i) for i in range(n_dirty)]
    extra = extra.set_column(
        extra.schema.get_field_index(col_of["reg_no"]), col_of["reg_no"], pa.array(reg_no)
    )
    table = pa.concat_tables([table, extra])
    order = np.argsort(np.concatenate([np.arange(table.num_rows - n_dirty), rows + 0.5]), kind="stable")
    table = table.take(pa.array(order))
    pos = np.flatnonzero(order >= table.num_rows - n_dirty)
    mask_by: dict[str, list[tuple[int, str]]] = {}
    for p_, t, r in zip(pos.tolist(), types.tolist(), rows.tolist(), strict=True):
        y = 2000 + int(r % 20)
        if t == "unparseable_date":
            mask_by.setdefault(col_of["app_date"], []).append((p_, f"{y}-02-30"))
        elif t == "bad_nice_class":
            mask_by.setdefault(col_of["nice_class"], []).append((p_, ["0", "46", "99"][int(r % 3)]))
        elif t == "missing_reg_no":
            mask_by.setdefault(col_of["reg_no"], []).append((p_, ""))
        else:
            mask_by.setdefault(col_of["owner"], []).append((p_, ""))
        res.dirty[str(t)] += 1
    for colname, items in mask_by.items():
        mask = np.zeros(table.num_rows, dtype=bool)
        items.sort()
        mask[[p for p, _ in items]] = True
        overrides[colname] = (mask, [v_ for _, v_ in items])
    return table, overrides, n_dirty


def _build(
    builder: pt.Builder,
    ents: Entities,
    rng: np.random.Generator,
    years: np.ndarray,
    j: np.ndarray,
    f: m.MarkFates,
    wk: np.ndarray,
    plan: MarkPlan,
    export_day: int,
    res: MarkResult,
) -> pa.Table:
    # The steps draw from ``rng`` in this order; reordering them changes every file.
    n = len(years)
    owner, address, mark, group = _owners_and_marks(builder, ents, rng, n, m.years_of(f.app))
    nice = _nice_classes(rng, group)

    # Registration numbers grow with the application date and are unique within each year.
    cell_n = np.diff(plan.cell_start)[np.searchsorted(plan.year_of_cell, years)]
    lo = reg_base(years)
    hi = reg_base(years + 1)
    stride = np.maximum((hi - lo) / np.maximum(cell_n, 1), 1.0)
    reg_no = (lo + j * stride + rng.random(n) * np.maximum(stride - 1, 0)).astype(np.int64)

    registered_now = (f.reg >= 0) & (f.reg <= export_day)
    status_lab = _status_labels(rng, f, registered_now, export_day, res)
    type_r = rng.random(n)
    tm_type = tx.where(type_r < 0.003, "集体商标", tx.where(type_r < 0.005, "证明商标", "普通商标"))
    res.well_known += int(wk.sum())
    show_reg = registered_now
    return _table(
        reg_no=tx.num(reg_no),
        nice=pa.array(nice.astype(np.int64)),
        mark=mark,
        owner=owner,
        address=address,
        app=lay.format_dates(f.app, DATE_FORMAT),
        reg=lay.format_dates(f.reg, DATE_FORMAT, show_reg),
        expiry=lay.format_dates(f.expiry, DATE_FORMAT, show_reg),
        status=status_lab,
        tm_type=tm_type,
        is_gi=tx.where(np.zeros(n, bool), "是", "否"),
        well_known=tx.where(wk, "是", "否"),
    )


def _owners_and_marks(
    builder: pt.Builder, ents: Entities, rng: np.random.Generator, n: int, app_year: np.ndarray
) -> tuple[pa.Array, pa.Array, pa.Array, np.ndarray]:
    """Owner names, addresses, mark words and technology groups of ``n`` marks."""
    # Owners: enterprises (their brand is the mark), persons (个体工商户), a few organisations.
    kind = rng.choice(3, size=n, p=[0.78, 0.20, 0.02])
    county = np.zeros(n, dtype=np.int64)
    owner_parts: list[tuple[np.ndarray, pa.Array]] = []
    addr_parts: list[tuple[np.ndarray, pa.Array]] = []
    mark_parts: list[tuple[np.ndarray, pa.Array]] = []
    group = np.zeros(n, dtype=np.int64)
    sel = np.flatnonzero(kind == 0)
    if len(sel):
        c = rng.choice(ents.n_counties, size=len(sel), p=ents.w_ent)
        rank = pt._loguniform_rank(rng, ents.ent_pool[c])
        h, name, g = builder._enterprise(c, rank)
        county[sel], group[sel] = c, g
        owner_parts.append((sel, name))
        addr_parts.append((sel, builder._address(rng, c, app_year[sel], h, tx.bits(h, 60, 100) < 8, None)))
        own_brand = tx.brand(h, 0, three=tx.bits(h, 50, 10) < 3)
        other = tx.brand(tx.mix(rng.integers(0, 1 << 62, len(sel)).astype(np.uint64), 5))
        mark_parts.append((sel, tx.where(rng.random(len(sel)) < 0.6, own_brand, other)))
    sel = np.flatnonzero(kind != 0)
    if len(sel):
        c = rng.choice(ents.n_counties, size=len(sel), p=ents.w_ind)
        h = builder._person_hash(c, rng.integers(0, 1 << 30, len(sel)), 9)
        county[sel] = c
        group[sel] = (
            (ents.group_cdf[c] < rng.random(len(sel))[:, None])
            .sum(axis=1)
            .clip(0, len(vocab.TECH_GROUPS) - 1)
        )
        owner_parts.append((sel, tx.person(h)))
        addr_parts.append((sel, builder._address(rng, c, app_year[sel], h, np.zeros(len(sel), bool), None)))
        mark_parts.append((sel, tx.brand(h, 8, three=tx.bits(h, 40, 10) < 4)))
    owner = pt._scatter(n, owner_parts)
    address = pt._scatter(n, addr_parts)
    mark = pt._scatter(n, mark_parts)
    latin = rng.random(n)
    mark = tx.where(
        latin < 0.08, tx.lookup(vocab.TRADEMARK_LATIN, rng.integers(0, len(vocab.TRADEMARK_LATIN), n)), mark
    )
    mark = tx.where((latin >= 0.08) & (latin < 0.13), tx.join(mark, "及图"), mark)
    mark = tx.where((latin >= 0.13) & (latin < 0.16), "图形", mark)
    return owner, address, mark, group


def _nice_classes(rng: np.random.Generator, group: np.ndarray) -> np.ndarray:
    # Nice class: half from the owner's field, half from the national mix.
    n = len(group)
    classes = np.array(sorted(vocab.NICE_WEIGHTS))
    w = np.array([vocab.NICE_WEIGHTS[k] for k in classes])
    nice = rng.choice(classes, size=n, p=w / w.sum())
    keys = [g.key for g in vocab.TECH_GROUPS]
    own = rng.random(n) < 0.5
    for gi_, key in enumerate(keys):
        s = own & (group == gi_)
        if s.any():
            opts = np.array(_GROUP_CLASSES[key])
            nice[s] = opts[rng.integers(0, len(opts), int(s.sum()))]
    return nice


def _status_labels(
    rng: np.random.Generator, f: m.MarkFates, registered_now: np.ndarray, export_day: int, res: MarkResult
) -> pa.Array:
    n = len(registered_now)
    # Cancelled or rejected → invalid; not yet decided → pending; term run out → expired.
    status = np.where(
        f.invalid,
        "invalid",
        np.where(~registered_now, "pending", np.where(f.expiry <= export_day, "expired", "registered")),
    )
    res.statuses.update(status.tolist())
    status_lab = tx.null_strings(n)
    for code, options in STATUS_LABELS.items():
        s = status == code
        if s.any():
            labels = [o[0] for o in options]
            p = np.array([o[1] for o in options])
            status_lab = tx.where(
                s, tx.lookup(labels, rng.choice(len(labels), size=n, p=p / p.sum())), status_lab
            )
    return status_lab


def _table(**cols: pa.Array) -> pa.Table:
    prof = lay.load_profile("trademarks", "standard")
    fields = {
        "reg_no": "reg_no",
        "nice_class": "nice",
        "mark_name": "mark",
        "owner": "owner",
        "owner_address": "address",
        "app_date": "app",
        "reg_date": "reg",
        "expiry_date": "expiry",
        "status": "status",
        "tm_type": "tm_type",
        "is_gi": "is_gi",
        "well_known": "well_known",
    }
    return pa.table({str(c): cols[fields[str(f)]] for c, f in prof["columns"].items()})


def _gi_table(
    builder: pt.Builder,
    ents: Entities,
    gi: list[tuple[str, int]],
    gi_reg: np.ndarray,
    export_day: int,
    res: MarkResult,
) -> pa.Table:
    """Certification marks (地理标志证明商标) of the region's GI products, held by associations."""
    n = len(gi)
    names = [g[0] for g in gi]
    county = np.array([g[1] for g in gi], dtype=np.int64)
    rng = pt.streams(builder.seed, pt.TRADEMARKS, 78, 0)
    owners = [f"{ents.county_names[c]}{_product_core(nm)}协会" for nm, c in zip(names, county, strict=True)]
    h = tx.mix(county.astype(np.uint64) * np.uint64(1000) + np.arange(n, dtype=np.uint64), 991)
    addr = builder._address(rng, county, m.years_of(gi_reg), h, np.zeros(n, bool), None)
    nice = np.array([_gi_class(nm) for nm in names], dtype=np.int64)
    app = gi_reg - rng.integers(300, 900, n)
    expiry = m.add_years(gi_reg, 10 * np.where(gi_reg + 3650 <= export_day, 2, 1))
    res.statuses.update(["registered"] * n)
    return _table(
        reg_no=tx.num(800_000_000 + np.arange(n)),
        nice=pa.array(nice),
        mark=pa.array(names, pa.string()),
        owner=pa.array(owners, pa.string()),
        address=addr,
        app=lay.format_dates(app, DATE_FORMAT),
        reg=lay.format_dates(gi_reg, DATE_FORMAT),
        expiry=lay.format_dates(expiry, DATE_FORMAT),
        status=pa.array(["已注册"] * n, pa.string()),
        tm_type=pa.array(["证明商标"] * n, pa.string()),
        is_gi=pa.array(["是"] * n, pa.string()),
        well_known=pa.array(["否"] * n, pa.string()),
    )


def _product_core(name: str) -> str:
    core = name.split("(")[0].split("（")[0]
    return core[2:] if len(core) > 3 else core


def _gi_class(name: str) -> int:
    if "酒" in name:
        return 33
    if any(k in name for k in ("茶", "椒", "面", "糕", "米", "蜜", "片")):
        return 30
    if any(k in name for k in ("菜", "肉", "乳", "腐", "鸭", "鱼", "蛋")):
        return 29
    return 31
