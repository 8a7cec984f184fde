"""Writing the patent files: two passes over the chunks (count, then write), routing records to
the layouts, overlaps between exports (re-exported records, some with a newer legal status)
and a small share of dirty rows the importer must quarantine."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from ipatlas.demo import export_formats as lay
from ipatlas.demo import model as m
from ipatlas.demo import patents as pt
from ipatlas.demo.entities import Entities
from ipatlas.progress import ProgressCallback

OVERLAP_RATE = 0.02  # records exported by two tools
UPDATED_SHARE = 0.5  # of those, exported earlier with an older legal status
DIRTY_RATE = 0.004
XLSX_CAP = 20_000
DIRTY_TYPES = (
    "bad_check_digit",
    "unparseable_date",
    "unknown_kind",
    "kind_number_mismatch",
    "missing_app_no",
    "grant_before_filing",
    "bad_ipc",
)
DIRTY_LABELS = {
    "bad_check_digit": "申请号校验位错误",
    "unparseable_date": "申请日无法解析",
    "unknown_kind": "未知专利类型",
    "kind_number_mismatch": "专利类型与申请号不符",
    "missing_app_no": "缺少申请号",
    "grant_before_filing": "授权日早于申请日",
    "bad_ipc": "IPC分类号格式错误",
}
# Not in any value map, and containing no key of one (the importer also matches contained keys).
_BAD_KINDS = ("其他", "集成电路布图设计", "植物新品种")


@dataclass
class FileSpec:
    name: str
    layout: str
    fmt: str | None  # date format; None = real date cells (XLSX)
    encoding: str  # utf-8-sig / utf-8 / gb18030 / xlsx
    years: tuple[int, int]
    order: int
    rows: int = 0
    clean_rows: int = 0
    copies_same: int = 0
    copies_updated: int = 0
    dirty: Counter[str] = field(default_factory=Counter)

    @property
    def is_xlsx(self) -> bool:
        return self.encoding == "xlsx"


def plan_files(layouts: tuple[str, ...], end_year: int) -> list[FileSpec]:
    """The patent files in import order. Each export has its own date format and encoding:
    the standard export comes in two parts (older records with CNIPA-style dotted dates);
    incoPat as an XLSX download plus a CSV re-saved by Excel on a Chinese Windows (GB18030,
    CRLF); PatSnap as UTF-8 CSV with compact dates."""
    first = m.START_YEAR
    options: dict[str, list[tuple[str, str | None, str, tuple[int, int]]]] = {
        "standard": [
            (f"patents-standard-{first}-2012.csv", "%Y.%m.%d", "utf-8-sig", (first, 2012)),
            (f"patents-standard-2013-{end_year}.csv", "%Y-%m-%d", "utf-8-sig", (2013, end_year)),
        ],
        "incopat": [
            ("patents-incopat.xlsx", None, "xlsx", (first, end_year)),
            ("patents-incopat.csv", "%Y/%m/%d", "gb18030", (first, end_year)),
        ],
        "patsnap": [("patents-patsnap.csv", "%Y%m%d", "utf-8", (first, end_year))],
    }
    files: list[FileSpec] = []
    for layout in ("standard", "incopat", "patsnap"):
        if layout in layouts:
            for name, fmt, enc, years in options[layout]:
                files.append(FileSpec(name, layout, fmt, enc, years, len(files)))
    return files


@dataclass
class PatentResult:
    files: list[FileSpec]
    valid_2015: int
    valid_2015_invention: int
    calibration_moves: int
    uncalibrated: dict[str, int]
    records: int
    dirty: Counter[str]
    copies_same: int
    copies_updated: int
    kinds: Counter[str]
    applicant_types: Counter[str]
    statuses: Counter[str]
    pct: int
    granted_by_kind: Counter[str]
    county_counts: dict[str, int]


class Router:
    """Chooses the file of each record (layout by weight, then file within the layout)."""

    def __init__(self, files: list[FileSpec], n: int) -> None:
        self.files = files
        self.layouts = sorted({f.layout for f in files}, key=lambda x: list(lay.LAYOUT_WEIGHTS).index(x))
        w = np.array([lay.LAYOUT_WEIGHTS[x] for x in self.layouts])
        self.weights = w / w.sum()
        inc = n * self.weights[self.layouts.index("incopat")] if "incopat" in self.layouts else 0
        self.p_xlsx = min(0.5, XLSX_CAP / inc) if inc else 0.0

    def file_of(self, layout_idx: np.ndarray, years: np.ndarray, rng: np.random.Generator) -> np.ndarray:
        out = np.full(len(layout_idx), -1, dtype=np.int64)
        u = rng.random(len(layout_idx))
        for li, name in enumerate(self.layouts):
            sel = layout_idx == li
            cands = [f for f in self.files if f.layout == name]
            if name == "standard":
                for f in cands:
                    s = sel & (years >= f.years[0]) & (years <= f.years[1])
                    out[s] = f.order
            elif name == "incopat":
                x = next(f for f in cands if f.is_xlsx)
                c = next(f for f in cands if not f.is_xlsx)
                out[sel] = np.where(u[sel] < self.p_xlsx, x.order, c.order)
            else:
                out[sel] = cands[0].order
        return out

    def route(self, years: np.ndarray, rng: np.random.Generator) -> tuple[np.ndarray, np.ndarray]:
        """Primary file and (for overlapping records, else -1) secondary file."""
        n = len(years)
        li = rng.choice(len(self.layouts), size=n, p=self.weights)
        primary = self.file_of(li, years, rng)
        secondary = np.full(n, -1, dtype=np.int64)
        if len(self.layouts) > 1:
            ov = np.flatnonzero(rng.random(n) < OVERLAP_RATE)
            shift = rng.integers(1, len(self.layouts), len(ov))
            li2 = (li[ov] + shift) % len(self.layouts)
            secondary[ov] = self.file_of(li2, years[ov], rng)
        return primary, secondary


def snapshot(b: pt.Batch, rng: np.random.Generator, export_day: int) -> tuple[np.ndarray, pt.Batch | None]:
    """Which records can have an older export (state changed after 2016), and that older state.

    Returns the eligible mask and a function-free batch of older states for all records (only
    the eligible rows are meaningful). The older state differs only after 2015-12-31, so the
    end-2015 stock is the same in both versions."""
    start = m.day(2016, 1, 1)
    grant, end, pub = b["grant"], b["end"], b["pub"]
    granted_now = (grant >= 0) & (grant <= export_day)
    ended = granted_now & (end >= 0) & (end <= export_day) & (b["end_type"] != m.NONE)
    a = ended & (end > np.maximum(grant, start) + 30)
    inv = b["kind"] == m.INVENTION
    bb = inv & granted_now & (grant > start + 30) & (pub >= 0) & (pub < grant - 30)
    ok = a | bb
    if not ok.any():
        return ok, None
    lo = np.where(a, np.maximum(grant, start) + 1, np.maximum(pub, start) + 1)
    hi = np.where(a, end - 1, grant - 1)
    when = lo + (rng.random(len(b)) * np.maximum(hi - lo, 1)).astype(np.int64)
    status = np.where(a, m.ST_VALID, m.ST_PENDING).astype(np.int8)
    sdate = np.where(a, grant, np.minimum(pub + 60, when))
    old_grant = np.where(a, grant, -1)
    return ok, b.replace(status=status, sdate=sdate, grant=old_grant)


def _dirty_overrides(
    b: pt.Batch, types: np.ndarray, spec: FileSpec, rng: np.random.Generator
) -> dict[str, list[Any]]:
    """Replacement values (canonical field → list aligned with the dirty rows)."""
    from ipatlas.demo.patents import check_digits

    layout = lay.PATENT_LAYOUTS[spec.layout]
    n = len(b)
    out: dict[str, list[Any]] = {}
    number, width = np.asarray(b["number"]), np.asarray(b["width"])
    checks = check_digits(number, width)

    def app(i: int, num: int, chk: int) -> str:
        return f"{layout.app_prefix}{str(int(num)).zfill(int(width[i]))}.{'X' if chk == 10 else chk}"

    def put(fld: str, i: int, value: Any) -> None:
        out.setdefault(fld, [None] * n)
        out[fld][i] = value

    years = m.years_of(b["filing"])
    for i, t in enumerate(types):
        if t == "bad_check_digit":
            put("app_no", i, app(i, number[i], int((checks[i] + 1 + rng.integers(0, 10)) % 11)))
        elif t == "kind_number_mismatch":
            w = int(width[i])
            pos = 10**7 if w == 12 else 10**5
            digit = (number[i] // pos) % 10
            new_digit = {1: 2, 2: 1, 8: 2, 9: 1}.get(int(digit), 1)
            num2 = number[i : i + 1] + (new_digit - digit) * pos
            put("app_no", i, app(i, num2[0], int(check_digits(num2, width[i : i + 1])[0])))
        elif t == "missing_app_no":
            put("app_no", i, "")
        elif t == "unparseable_date":
            fmt = spec.fmt or "%Y-%m-%d"
            y = int(years[i])
            bad = [f"{y}-02-30", f"{y}-13-01"][int(rng.integers(0, 2))]
            yy, mm, dd = bad.split("-")
            put("filing_date", i, fmt.replace("%Y", yy).replace("%m", mm).replace("%d", dd))
        elif t == "unknown_kind":
            put("kind", i, _BAD_KINDS[int(rng.integers(0, len(_BAD_KINDS)))])
        elif t == "grant_before_filing":
            gday = int(b["filing"][i] - rng.integers(30, 700))
            value: Any = m.EPOCH + __import__("datetime").timedelta(days=gday)
            if spec.fmt is not None:
                value = value.strftime(spec.fmt)
            put("grant_date", i, value)
        elif t == "bad_ipc":
            main = b["ipc_main"][i].as_py() or "G06F 16/24"
            if rng.random() < 0.5:
                bad_ipc = "Z" + main[1:]
            else:
                bad_ipc = main[:4] + " " + "X" + main.split(" ", 1)[1][1:]
            put("ipc_main", i, bad_ipc if layout.ipc_space else bad_ipc.replace(" ", ""))
    return out


def _write_file_chunk(
    out: Any,
    spec: FileSpec,
    parts: list[tuple[pt.Batch, str]],
    dirty_types: np.ndarray,
    rng: np.random.Generator,
    export_day: int,
) -> None:
    """Format, sort by filing date and write one chunk's rows of one file."""
    parts = [(p, tag) for p, tag in parts if len(p)]
    if not parts:
        return
    batch = pt.Batch.concat([p for p, _ in parts])
    tags = np.concatenate([np.full(len(p), tag, dtype=object) for p, tag in parts])
    order = np.lexsort((batch["number"], batch["filing"]))
    batch = batch.take(order)
    tags = tags[order]
    layout = lay.PATENT_LAYOUTS[spec.layout]
    table = lay.format_patents(batch, layout, rng, export_day, spec.fmt)
    overrides: lay.Overrides = {}
    dirty_pos = np.flatnonzero(tags == "dirty")
    if len(dirty_pos):
        # dirty rows were concatenated last with their types in order; recover that order
        orig = order[dirty_pos]
        first_dirty = len(tags) - len(dirty_pos)
        types = dirty_types[orig - first_dirty]
        values = _dirty_overrides(batch.take(dirty_pos), types, spec, rng)
        col_of = {f: c for c, f in lay.patent_columns(layout)}
        for fld, vals in values.items():
            sel = np.array([v is not None for v in vals])
            mask = np.zeros(len(tags), dtype=bool)
            mask[dirty_pos[sel]] = True
            overrides[col_of[fld]] = (mask, [v for v in vals if v is not None])
        spec.dirty.update(str(t) for t in types)
    spec.rows += table.num_rows
    spec.clean_rows += int((tags != "dirty").sum())
    spec.copies_same += int((tags == "same").sum())
    spec.copies_updated += int((tags == "old").sum())
    out.write(table, overrides)


def generate_patents(
    out_dir: Path,
    ents: Entities,
    *,
    n: int,
    seed: int,
    end_year: int,
    layouts: tuple[str, ...],
    targets: dict[str, int],
    progress: ProgressCallback,
    progress_base: int,
    progress_total: int,
) -> PatentResult:
    for name in layouts:
        lay.check_layout(lay.PATENT_LAYOUTS[name])
    plan = pt.make_plan(n, end_year, seed)
    export_day = plan.export_day
    quotas, uncal = _calibration_quotas(plan, seed, targets, progress, progress_base, progress_total)

    # Pass 2: build, route and write.
    files = plan_files(layouts, end_year)
    router = Router(files, n)
    outs = _open_outputs(out_dir, files)
    builder = pt.Builder(ents, seed, export_day)
    res = PatentResult(
        files=files,
        valid_2015=0,
        valid_2015_invention=0,
        calibration_moves=0,
        uncalibrated=uncal,
        records=n,
        dirty=Counter(),
        copies_same=0,
        copies_updated=0,
        kinds=Counter(),
        applicant_types=Counter(),
        statuses=Counter(),
        pct=0,
        granted_by_kind=Counter(),
        county_counts={c.code: 0 for c in ents.region.counties},
    )
    # Dirty rows take serial numbers from the top of their cell's range, counted per cell, so
    # they never collide with the clean records (which use the bottom of the range).
    dirty_seen: Counter[tuple[int, int, bool]] = Counter()
    county_counts = np.zeros(len(ents.region.counties), dtype=np.int64)
    try:
        for c in range(plan.n_chunks):
            years, kinds, j, f = pt.chunk_fates(plan, c)
            res.calibration_moves += pt.apply_calibration(
                f,
                pt.streams(seed, pt.PATENTS, pt.S_ADJUST, c),
                dict(zip(pt.CAL_KEYS, quotas[c], strict=True)),
            )
            valid = f.valid_at(pt.CAL_DAY)
            res.valid_2015 += int(valid.sum())
            res.valid_2015_invention += int((valid & (kinds == m.INVENTION)).sum())
            rng = pt.streams(seed, pt.PATENTS, pt.S_ATTR, c)
            b = builder.build(rng, years, kinds, j, f)
            _tally(res, b, county_counts, export_day)

            route_rng = pt.streams(seed, pt.PATENTS, pt.S_ROUTE, c)
            primary, secondary = router.route(years, route_rng)
            can_update, old_state = snapshot(b, route_rng, export_day)
            overlap = secondary >= 0
            updated = overlap & can_update & (route_rng.random(len(b)) < UPDATED_SHARE)
            b = b.replace(overlap=overlap)
            if old_state is not None:
                old_state = old_state.replace(overlap=overlap)
            old_file = np.where(updated, np.minimum(primary, secondary), -1)
            new_file = np.where(updated, np.maximum(primary, secondary), -1)
            dirty = _dirty_rows(seed, c, len(b), years, kinds, export_day, dirty_seen, builder, router)

            for spec in files:
                o = spec.order
                parts: list[tuple[pt.Batch, str]] = [
                    (b.take(np.flatnonzero(~updated & (primary == o))), "clean"),
                    (b.take(np.flatnonzero(overlap & ~updated & (secondary == o))), "same"),
                    (b.take(np.flatnonzero(updated & (new_file == o))), "new"),
                ]
                old_here = np.flatnonzero(updated & (old_file == o))
                if len(old_here) and old_state is not None:
                    parts.append((old_state.take(old_here), "old"))
                d_types_here = np.array([], dtype=object)
                if dirty is not None:
                    d_idx = np.flatnonzero(dirty.file == o)
                    parts.append((dirty.batch.take(d_idx), "dirty"))
                    d_types_here = dirty.types[d_idx]
                _write_file_chunk(outs[o], spec, parts, d_types_here, rng, export_day)
            progress(progress_base + n + plan.bounds(c)[1], progress_total, "专利：生成与写出")
    finally:
        for o in outs.values():
            o.close()
    for spec in files:
        res.dirty.update(spec.dirty)
        res.copies_same += spec.copies_same
        res.copies_updated += spec.copies_updated
    res.county_counts = {c.code: int(v) for c, v in zip(ents.region.counties, county_counts, strict=True)}
    return res


def _calibration_quotas(
    plan: pt.Plan,
    seed: int,
    targets: dict[str, int],
    progress: ProgressCallback,
    progress_base: int,
    progress_total: int,
) -> tuple[np.ndarray, dict[str, int]]:
    """Pass 1: per chunk, how many records of each calibration key to adjust (and the shortfall).

    Counts the end-2015 stock and the calibration candidates of every chunk, then spreads the
    difference to the targets over the chunks."""
    counts = np.zeros((plan.n_chunks, len(pt.CAL_KEYS)), dtype=np.int64)
    v_inv = v_oth = 0
    for c in range(plan.n_chunks):
        _, kinds, _, f = pt.chunk_fates(plan, c)
        valid = f.valid_at(pt.CAL_DAY)
        v_inv += int((valid & (kinds == m.INVENTION)).sum())
        v_oth += int((valid & (kinds != m.INVENTION)).sum())
        masks = pt.calibration_masks(f)
        counts[c] = [int(masks[k].sum()) for k in pt.CAL_KEYS]
        progress(progress_base + plan.bounds(c)[1], progress_total, "专利：测算存量")
    need = {
        "inv": v_inv - targets["valid_2015_invention"],
        "oth": v_oth - (targets["valid_2015"] - targets["valid_2015_invention"]),
    }
    cal_rng = pt.streams(seed, pt.PATENTS, pt.S_CAL, 0)
    quotas = np.zeros_like(counts)
    uncal: dict[str, int] = {}
    for g, d in need.items():
        key = f"{g}_minus" if d > 0 else f"{g}_plus"
        col = pt.CAL_KEYS.index(key)
        k = min(abs(d), int(counts[:, col].sum()))
        if k < abs(d):
            uncal[g] = abs(d) - k
        if k:
            quotas[:, col] = cal_rng.multivariate_hypergeometric(counts[:, col], k)
    return quotas, uncal


def _open_outputs(out_dir: Path, files: list[FileSpec]) -> dict[int, Any]:
    outs: dict[int, Any] = {}
    for f_spec in files:
        cols = [c for c, _ in lay.patent_columns(lay.PATENT_LAYOUTS[f_spec.layout])]
        path = out_dir / f_spec.name
        outs[f_spec.order] = (
            lay.XlsxOut(path, cols) if f_spec.is_xlsx else lay.CsvOut(path, cols, f_spec.encoding)
        )
    return outs


@dataclass
class _DirtyRows:
    batch: pt.Batch
    types: np.ndarray  # the dirty type of each row
    file: np.ndarray  # the file order each row goes to


def _dirty_rows(
    seed: int,
    c: int,
    n_clean: int,
    years: np.ndarray,
    kinds: np.ndarray,
    export_day: int,
    dirty_seen: Counter[tuple[int, int, bool]],
    builder: pt.Builder,
    router: Router,
) -> _DirtyRows | None:
    """Dirty rows of chunk ``c``: extra records with reserved serial numbers (None if none)."""
    drng = pt.streams(seed, pt.PATENTS, pt.S_DIRTY, c)
    n_dirty = int(drng.binomial(n_clean, DIRTY_RATE))
    if not n_dirty:
        return None
    pick = drng.integers(0, n_clean, n_dirty)
    d_years = years[pick]
    d_kinds = np.where(kinds[pick] == m.DESIGN, m.UTILITY, kinds[pick]).astype(np.int8)
    d_f = m.simulate(drng, d_years, d_kinds, np.zeros(n_dirty, bool), export_day)
    space = np.where(d_f.filing >= pt.NEW_FORMAT_DAY, pt.SERIAL_SPACE_NEW, pt.SERIAL_SPACE_OLD)
    d_j = np.empty(n_dirty, dtype=np.int64)
    d_new = (d_f.filing >= pt.NEW_FORMAT_DAY).tolist()
    for i, cell in enumerate(zip(d_years.tolist(), d_kinds.tolist(), d_new, strict=True)):
        d_j[i] = space[i] - 1 - dirty_seen[cell]
        dirty_seen[cell] += 1
    dirty_batch = builder.build(pt.streams(seed, pt.PATENTS, pt.S_DIRTY_ATTR, c), d_years, d_kinds, d_j, d_f)
    dirty_batch = dirty_batch.replace(overlap=np.zeros(n_dirty, dtype=bool))
    dirty_types = np.array(DIRTY_TYPES, dtype=object)[drng.integers(0, len(DIRTY_TYPES), n_dirty)]
    dirty_file = router.file_of(
        drng.choice(len(router.layouts), size=n_dirty, p=router.weights), d_years, drng
    )
    return _DirtyRows(dirty_batch, dirty_types, dirty_file)


def _tally(res: PatentResult, b: pt.Batch, county_counts: np.ndarray, export_day: int) -> None:
    kinds = np.asarray(b["kind"])
    for k, name in enumerate(m.KINDS):
        res.kinds[name] += int((kinds == k).sum())
        res.granted_by_kind[name] += int(
            ((kinds == k) & (b["grant"] >= 0) & (b["grant"] <= export_day)).sum()
        )
    from ipatlas.demo.entities import APPLICANT_TYPES

    at = np.asarray(b["atype"])
    for t, name in enumerate(APPLICANT_TYPES):
        res.applicant_types[name] += int((at == t).sum())
    st = np.asarray(b["status"])
    for s, name in enumerate(m.STATUS_CODES):
        res.statuses[name] += int((st == s).sum())
    res.pct += int(np.asarray(b["pct"]).sum())
    county_counts += np.bincount(np.asarray(b["county"]), minlength=len(county_counts))
