"""``ipatlas.demo.generate``: the whole demo data set of a region, with its manifest."""

from __future__ import annotations

import hashlib
import json
import shutil
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from ipatlas import DEMO_LABEL
from ipatlas.demo import model as m
from ipatlas.demo import pgen, sgen, tgen
from ipatlas.demo.entities import Entities
from ipatlas.demo.geo import CHONGQING, DemoRegion, default_shared_dir, load_region
from ipatlas.errors import InputError, cause
from ipatlas.progress import ProgressCallback, no_progress

GENERATOR = "ipatlas.demo"
GENERATOR_VERSION = 2
MANIFEST = "manifest.json"
SIDECAR_SUFFIX = ".ipatlas-demo.json"
DEFAULT_SEED = 20151231
MAX_RECORDS = 50_000_000

# Published figures the demo is calibrated to (seed 000: 重庆市知识产权"十三五"规划, 一(一)1).
SOURCE = (
    "重庆市知识产权事业发展“十三五”规划（seeds/000）：“十二五”末全市有效专利94975件，"
    "每万人口发明专利4.31件，有效注册商标19.75万件，驰名商标128件"
)
PUBLISHED = {
    "valid_patents_2015": 94_975,
    "inventions_per_10k_2015": 4.31,
    "valid_trademarks_2015": 197_500,
    "well_known_marks_2015": 128,
}
INVENTION_NOTE = (
    "规划原文写作“每万人口发明专利授权量达到4.31件”，但同一规划把“每万人口发明专利拥有量”列为指标，"
    "且4.31只与拥有量相符（约1.3万件有效发明专利÷3016.55万人）；当年发明专利授权量（约四千件）"
    "只合每万人约1.3件。因此按拥有量校准：2015-12-31有效发明专利数÷2015年末常住人口×10000。"
)
VALID_DEFINITION = (
    "有效专利（2015-12-31）：授权公告日不晚于该日，且不存在该日或之前的终止事件"
    "（法律状态为未缴年费/权利终止、期限届满、全部无效、放弃且法律状态日期不晚于该日）；"
    "同一申请号出现多次时以法律状态日期最新者为准（各版本在该日的有效性相同）；隔离行不计。"
)
TM_VALID_DEFINITION = (
    "有效注册商标（2015-12-31）：注册日期不晚于该日、专用权期限截止日晚于该日，且商标状态不是无效/注销/撤销"
    "（状态无日期，无效商标一律不计）。"
)


@dataclass
class DemoFile:
    name: str
    table: str
    profile: str
    layout: str
    format: str  # csv / xlsx
    encoding: str
    date_format: str | None
    rows: int  # data rows in the file (header excluded)
    clean_rows: int
    duplicate_rows: int  # identical re-exports of a record exported in another file
    older_version_rows: int  # earlier export of a record with an older legal status
    dirty_rows: int
    dirty: dict[str, int]
    sha256: str = ""


@dataclass
class DemoManifest:
    """What was generated, how, and what the importer should find in it."""

    label: str
    generator: str
    version: int
    seed: int
    region: str
    region_name: str
    counties: int
    end_year: int
    layouts: list[str]
    records: int
    realistic_records: int
    scale: float
    trademark_records: int
    files: list[DemoFile]
    dirty: dict[str, dict[str, int]]
    expected: dict[str, dict[str, int]]
    calibration: dict[str, Any]
    summary: dict[str, Any]
    dirty_labels: dict[str, str] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)
    out_dir: Path | None = None  # not serialised
    elapsed_s: float = 0.0  # not serialised

    def to_dict(self) -> dict[str, Any]:
        d = asdict(self)
        d.pop("out_dir", None)
        d.pop("elapsed_s", None)
        return d

    def to_json(self) -> str:
        return json.dumps(self.to_dict(), ensure_ascii=False, indent=2, sort_keys=False) + "\n"

    @classmethod
    def from_dict(cls, data: dict[str, Any], out_dir: Path | None = None) -> DemoManifest:
        files = [DemoFile(**f) for f in data.get("files", [])]
        kwargs = {k: v for k, v in data.items() if k in cls.__dataclass_fields__ and k != "files"}
        return cls(files=files, out_dir=out_dir, **kwargs)

    @classmethod
    def load(cls, out_dir: Path) -> DemoManifest:
        path = Path(out_dir) / MANIFEST
        try:
            data = json.loads(path.read_text("utf-8"))
        except (OSError, json.JSONDecodeError) as exc:
            raise InputError(f"无法读取演示数据清单: {cause(exc)}", file=str(path)) from exc
        return cls.from_dict(data, Path(out_dir))

    def path(self, name: str) -> Path:
        if self.out_dir is None:
            raise InputError("演示数据清单没有目录")
        return self.out_dir / name

    def files_of(self, table: str) -> list[DemoFile]:
        return [f for f in self.files if f.table == table]


def sha256_file(path: Path) -> str:
    h = hashlib.sha256()
    with path.open("rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


# What the manifest tells a reader about the files.
NOTES = (
    f"{DEMO_LABEL}：由 ipatlas demo 按随机种子生成，不是真实的专利、商标或统计记录。",
    "文件按清单顺序导入（统计、专利各版式、商标）；同一申请号在两个文件中出现时，较早版式中的是较旧的法律状态。",
    "每个文件旁的 *.ipatlas-demo.json 标明其为演示数据。",
    "脏数据行（隔离）的类型与数量见 dirty；它们使用保留的申请号，不影响校准。",
)


def realistic_records(region_factor: float, end_year: int) -> int:
    return round(sum(m.yearly_volume(m.PATENT_VOLUME, end_year).values()) * region_factor)


def realistic_trademarks(region_factor: float, end_year: int) -> int:
    return round(sum(m.yearly_volume(m.TRADEMARK_VOLUME, end_year).values()) * region_factor)


def generate(
    out_dir: Path,
    *,
    region: str = CHONGQING,
    records: int = 200_000,
    seed: int = DEFAULT_SEED,
    layouts: tuple[str, ...] | list[str] = ("standard", "incopat", "patsnap"),
    end_year: int = 2025,
    progress: ProgressCallback | None = None,
    trademarks: int | None = None,
    shared_dir: Path | None = None,
) -> DemoManifest:
    """Generate the demo data set (演示数据) of ``region`` into ``out_dir``.

    Deterministic: the same arguments give byte-identical files. ``records`` patent records
    (distinct application numbers) are split over the export ``layouts``; trademarks default to
    the same scale; statistics cover the region's counties from 2010 to ``end_year - 1``.
    """
    started = time.monotonic()
    progress = progress or no_progress
    layouts = tuple(layouts)
    _check_arguments(layouts, records, end_year)
    shared = Path(shared_dir) if shared_dir else default_shared_dir()
    reg = load_region(str(region), shared)
    out_dir = Path(out_dir)
    stage = _fresh_stage(out_dir, seed)
    sc = _Scale.of(reg, records, end_year, trademarks)
    ents = Entities(reg, records)

    stats = sgen.generate_statistics(stage, ents, seed=seed, end_year=end_year)
    pop2015_wan = stats.population_2015_wan
    targets = {
        "valid_2015": round(PUBLISHED["valid_patents_2015"] * sc.factor * sc.scale),
        "valid_2015_invention": round(PUBLISHED["inventions_per_10k_2015"] * pop2015_wan * sc.scale),
    }
    total = 2 * records + 2 * sc.tm_n
    pres = pgen.generate_patents(
        stage,
        ents,
        n=records,
        seed=seed,
        end_year=end_year,
        layouts=layouts,
        targets=targets,
        progress=progress,
        progress_base=0,
        progress_total=total,
    )
    tm_targets = {
        "valid": round(PUBLISHED["valid_trademarks_2015"] * sc.factor * sc.tm_scale),
        "well_known": max(1, round(PUBLISHED["well_known_marks_2015"] * sc.factor * sc.tm_scale))
        if sc.tm_n
        else 0,
    }
    tres = tgen.generate_trademarks(
        stage,
        ents,
        shared,
        n=sc.tm_n,
        seed=seed,
        end_year=end_year,
        target_valid=tm_targets["valid"],
        target_well_known=tm_targets["well_known"],
        progress=progress,
        progress_base=2 * records,
        progress_total=total,
    )

    files = _manifest_files(stats, pres, tres)
    manifest = DemoManifest(
        label=DEMO_LABEL,
        generator=GENERATOR,
        version=GENERATOR_VERSION,
        seed=seed,
        region=reg.code,
        region_name=reg.name,
        counties=len(reg.counties),
        end_year=end_year,
        layouts=list(layouts),
        records=records,
        realistic_records=sc.realistic,
        scale=round(sc.scale, 6),
        trademark_records=tres.records,
        files=files,
        dirty={
            "patents": dict(sorted(pres.dirty.items())),
            "trademarks": dict(sorted(tres.dirty.items())),
        },
        dirty_labels={**pgen.DIRTY_LABELS, **{f"trademark_{k}": v for k, v in tgen.DIRTY_LABELS.items()}},
        expected=_expected(reg, records, files, stats, pres, tres),
        calibration=_calibration(reg, sc, pop2015_wan, targets, tm_targets, pres, tres),
        summary=_summary(reg, stats, pres, tres),
        notes=list(NOTES),
        out_dir=out_dir,
    )
    _publish(stage, out_dir, manifest)
    manifest.elapsed_s = time.monotonic() - started
    return manifest


def _check_arguments(layouts: tuple[str, ...], records: int, end_year: int) -> None:
    bad = [x for x in layouts if x not in pgen.lay.PATENT_LAYOUTS]
    if bad or not layouts:
        raise InputError(
            f"未知的专利导出版式: {', '.join(bad) or '（空）'}（可选 standard、incopat、patsnap）"
        )
    if not 1 <= records <= MAX_RECORDS:
        raise InputError(f"记录数应在 1 到 {MAX_RECORDS:,} 之间: {records}")
    if not 2016 <= end_year <= 2040:
        raise InputError(f"截止年份应在 2016 到 2040 之间（需覆盖2015年末的校准点）: {end_year}")


def _fresh_stage(out_dir: Path, seed: int) -> Path:
    """An empty staging folder inside ``out_dir``; files move out of it only when all are written."""
    out_dir.mkdir(parents=True, exist_ok=True)
    stage = out_dir / f".staging-{seed}"
    if stage.exists():
        shutil.rmtree(stage)
    stage.mkdir()
    return stage


@dataclass
class _Scale:
    """How the generated set relates to the region's realistic size."""

    factor: float  # region size relative to Chongqing
    realistic: int  # realistic patent records of the region
    scale: float  # generated / realistic patent records
    tm_realistic: int
    tm_n: int  # trademark records to generate
    tm_scale: float

    @classmethod
    def of(cls, reg: DemoRegion, records: int, end_year: int, trademarks: int | None) -> _Scale:
        # Region size relative to Chongqing, from the 2015 population of the statistics.
        pop_years = range(2015, 2016)
        pop2015_wan = round(float((sgen.population(reg, pop_years)[:, 0] / 10_000).round(2).sum()), 2)
        factor = 1.0 if reg.is_chongqing else pop2015_wan / sgen.CHONGQING_POPULATION_2015_WAN
        realistic = realistic_records(factor, end_year)
        scale = records / realistic
        tm_realistic = realistic_trademarks(factor, end_year)
        tm_n = round(tm_realistic * scale) if trademarks is None else int(trademarks)
        tm_scale = tm_n / tm_realistic if tm_realistic else 0.0
        return cls(factor, realistic, scale, tm_realistic, tm_n, tm_scale)


def _manifest_files(
    stats: sgen.StatsResult, pres: pgen.PatentResult, tres: tgen.MarkResult
) -> list[DemoFile]:
    """The manifest's file list in import order: statistics, patent exports, trademarks."""
    files: list[DemoFile] = [
        DemoFile(
            stats.file,
            "statistics",
            "standard",
            "standard",
            "csv",
            "utf-8-sig",
            None,
            stats.rows,
            stats.rows,
            0,
            0,
            0,
            {},
        ),
    ]
    for f in pres.files:
        files.append(
            DemoFile(
                f.name,
                "patents",
                f.layout,
                f.layout,
                "xlsx" if f.is_xlsx else "csv",
                f.encoding,
                f.fmt,
                f.rows,
                f.clean_rows,
                f.copies_same,
                f.copies_updated,
                sum(f.dirty.values()),
                dict(sorted(f.dirty.items())),
            )
        )
    files.append(
        DemoFile(
            tres.file,
            "trademarks",
            "standard",
            "standard",
            "csv",
            "utf-8-sig",
            tgen.DATE_FORMAT,
            tres.rows,
            tres.rows - sum(tres.dirty.values()),
            0,
            0,
            sum(tres.dirty.values()),
            dict(sorted(tres.dirty.items())),
        )
    )
    return files


def _calibration(
    reg: DemoRegion,
    sc: _Scale,
    pop2015_wan: float,
    targets: dict[str, int],
    tm_targets: dict[str, int],
    pres: pgen.PatentResult,
    tres: tgen.MarkResult,
) -> dict[str, Any]:
    """Published figure, target and achieved value of every calibration point."""
    scale = sc.scale
    inv_per_10k = pres.valid_2015_invention / scale / pop2015_wan if scale and pop2015_wan else 0.0
    calibration: dict[str, Any] = {
        "source": SOURCE,
        "region_factor": round(sc.factor, 6),
        "scale": round(scale, 6),
        "valid_patents_2015_12_31": {
            "published": PUBLISHED["valid_patents_2015"] if reg.is_chongqing else None,
            "target": targets["valid_2015"],
            "achieved": pres.valid_2015,
            "achieved_scaled_to_realistic": round(pres.valid_2015 / scale) if scale else 0,
            "moved_lapse_dates": pres.calibration_moves,
            "definition": VALID_DEFINITION,
        },
        "inventions_per_10k_2015": {
            "published": PUBLISHED["inventions_per_10k_2015"] if reg.is_chongqing else None,
            "population_2015_wan": pop2015_wan,
            "target_valid_inventions": targets["valid_2015_invention"],
            "achieved_valid_inventions": pres.valid_2015_invention,
            "achieved_per_10k": round(inv_per_10k, 4),
            "note": INVENTION_NOTE,
        },
        "valid_trademarks_2015_12_31": {
            "published": PUBLISHED["valid_trademarks_2015"] if reg.is_chongqing else None,
            "target": tm_targets["valid"],
            "achieved": tres.valid_2015,
            "scale": round(sc.tm_scale, 6),
            "definition": TM_VALID_DEFINITION,
        },
        "well_known_marks": {
            "published_2015": PUBLISHED["well_known_marks_2015"] if reg.is_chongqing else None,
            "target": tm_targets["well_known"],
            "achieved": tres.well_known,
        },
    }
    if pres.uncalibrated or tres.uncalibrated:
        calibration["shortfall"] = {"patents": pres.uncalibrated, "trademarks": tres.uncalibrated}
    if not reg.is_chongqing:
        calibration["note"] = "非重庆地区没有公开的校准数：按重庆2015年的人均水平和该地区人口折算。"
    return calibration


def _expected(
    reg: DemoRegion,
    records: int,
    files: list[DemoFile],
    stats: sgen.StatsResult,
    pres: pgen.PatentResult,
    tres: tgen.MarkResult,
) -> dict[str, Any]:
    """What the importer should report for each table (read = loaded + duplicates + quarantined)."""
    n_pat_dirty = sum(pres.dirty.values())
    rows_pat = sum(f.rows for f in files if f.table == "patents")
    return {
        "patents": {
            "records": records,
            "rows": rows_pat,
            "quarantined": n_pat_dirty,
            "duplicate_rows": pres.copies_same,
            "older_version_rows": pres.copies_updated,
            "distinct_valid_records": records,
        },
        "trademarks": {
            "records": tres.records,
            "rows": tres.rows,
            "quarantined": sum(tres.dirty.values()),
            "distinct_valid_records": tres.records,
        },
        "statistics": {
            "rows": stats.rows,
            "records": stats.cells,
            "regions": len(reg.counties) + 1,
            "years": len(stats.population_by_year_wan),
        },
    }


def _summary(
    reg: DemoRegion, stats: sgen.StatsResult, pres: pgen.PatentResult, tres: tgen.MarkResult
) -> dict[str, Any]:
    top = sorted(pres.county_counts.items(), key=lambda kv: -kv[1])
    names = {c.code: c.name for c in reg.counties}
    return {
        "kinds": dict(pres.kinds),
        "granted_by_kind": dict(pres.granted_by_kind),
        "applicant_types": dict(pres.applicant_types),
        "legal_status_at_export": dict(pres.statuses),
        "pct_records": pres.pct,
        "trademark_status_at_export": dict(tres.statuses),
        "gi_certification_marks": tres.gi_marks,
        "population_wan": stats.population_by_year_wan,
        "patents_by_county": {f"{c} {names[c]}": v for c, v in top},
    }


def _publish(stage: Path, out_dir: Path, manifest: DemoManifest) -> None:
    """Move the staged files into place: sidecars, then files, the manifest last."""
    old_names: set[str] = set()
    old_manifest = out_dir / MANIFEST
    if old_manifest.exists():
        try:
            old_names = {f["name"] for f in json.loads(old_manifest.read_text("utf-8")).get("files", [])}
        except (OSError, json.JSONDecodeError, KeyError, TypeError):
            old_names = set()
        old_manifest.unlink()
    for f in manifest.files:
        f.sha256 = sha256_file(stage / f.name)
        sidecar = {
            "label": DEMO_LABEL,
            "demo": True,
            "generator": GENERATOR,
            "version": GENERATOR_VERSION,
            "seed": manifest.seed,
            "region": manifest.region,
            "table": f.table,
            "profile": f.profile,
            "rows": f.rows,
            "sha256": f.sha256,
            "manifest": MANIFEST,
            "note": "ipatlas demo 生成的演示数据，不是真实记录",
        }
        (stage / (f.name + SIDECAR_SUFFIX)).write_text(
            json.dumps(sidecar, ensure_ascii=False, indent=2) + "\n", "utf-8"
        )
    new_names = {f.name for f in manifest.files}
    for name in old_names - new_names:
        for p in (out_dir / name, out_dir / (name + SIDECAR_SUFFIX)):
            if p.exists():
                p.unlink()
    for f in manifest.files:
        for name in (f.name, f.name + SIDECAR_SUFFIX):
            (stage / name).replace(out_dir / name)
    (out_dir / MANIFEST).write_text(manifest.to_json(), "utf-8")
    shutil.rmtree(stage, ignore_errors=True)


def is_current(
    out_dir: Path, *, region: str, records: int, seed: int, end_year: int, layouts: tuple[str, ...]
) -> bool:
    """True when ``out_dir`` holds a complete demo set generated with these arguments."""
    try:
        man = DemoManifest.load(out_dir)
    except InputError:
        return False
    same = (
        man.version == GENERATOR_VERSION
        and man.region == str(region)
        and man.records == records
        and man.seed == seed
        and man.end_year == end_year
        and tuple(man.layouts) == tuple(layouts)
    )
    if not same:
        return False
    for f in man.files:
        p = out_dir / f.name
        if not p.exists() or not (out_dir / (f.name + SIDECAR_SUFFIX)).exists():
            return False
        if sha256_file(p) != f.sha256:
            return False
    return True
