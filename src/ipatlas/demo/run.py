"""``run_demo``: generate the demo data set into the data directory and import it for real.

Idempotent: an up-to-date data set (same arguments, files unchanged) is not regenerated, and
re-importing the same files changes nothing in the lake (the importer's dedupe).
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from ipatlas.config import Settings
from ipatlas.demo.generate import (
    DEFAULT_SEED,
    PUBLISHED,
    DemoManifest,
    generate,
    is_current,
    sha256_file,
)
from ipatlas.demo.geo import CHONGQING
from ipatlas.demo.operations import run_operations_demo
from ipatlas.ingest import import_file, import_gi_builtin
from ipatlas.library.importer import import_shared_policies
from ipatlas.progress import ProgressCallback, no_progress

CAL_DATE = "2015-12-31"
LAYOUTS = ("standard", "incopat", "patsnap")


@dataclass
class DemoRunResult:
    demo_dir: Path
    generated: bool  # False when an up-to-date data set was reused
    imported: bool  # False when the importer is not available
    message: str
    manifest: DemoManifest
    imports: list[dict[str, Any]] = field(default_factory=list)
    checks: dict[str, Any] = field(default_factory=dict)
    lake_rows: dict[str, int] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        d = asdict(self)
        d["demo_dir"] = str(self.demo_dir)
        d["manifest"] = self.manifest.to_dict()
        return d


def demo_dir(settings: Settings) -> Path:
    return Path(settings.data_dir) / "demo"


def valid_patents_sql(when: str = CAL_DATE, *, demo_only: bool = True) -> str:
    """Patents in force at the end of ``when``: granted on or before it and no end event
    (lapse, expiry, invalidation, surrender) dated on or before it."""
    demo = "AND is_demo" if demo_only else ""
    return f"""
      SELECT count(*) AS valid, count(*) FILTER (WHERE kind = 'invention') AS valid_inventions
      FROM patents
      WHERE grant_date <= DATE '{when}' {demo}
        AND NOT (legal_status IN ('lapsed', 'expired', 'invalidated', 'abandoned')
                 AND status_date <= DATE '{when}')"""


def valid_marks_sql(when: str = CAL_DATE, *, demo_only: bool = True) -> str:
    demo = "AND is_demo" if demo_only else ""
    return f"""
      SELECT count(*) FILTER (WHERE reg_date <= DATE '{when}' AND expiry_date > DATE '{when}'
                                AND status <> 'invalid') AS valid,
             count(*) FILTER (WHERE well_known) AS well_known
      FROM trademarks WHERE true {demo}"""


def _value(summary: Any, key: str) -> Any:
    if isinstance(summary, dict):
        return summary.get(key)
    return getattr(summary, key, None)


def run_demo(
    settings: Settings,
    *,
    records: int = 200_000,
    region: str = CHONGQING,
    seed: int = DEFAULT_SEED,
    end_year: int = 2025,
    progress: ProgressCallback | None = None,
) -> DemoRunResult:
    """Generate (if needed) into ``<data_dir>/demo`` and import every file through the importers."""
    progress = progress or no_progress
    settings.ensure_dirs()
    out = demo_dir(settings)
    if is_current(out, region=region, records=records, seed=seed, end_year=end_year, layouts=LAYOUTS):
        manifest = DemoManifest.load(out)
        generated = False
    else:
        manifest = generate(
            out,
            region=region,
            records=records,
            seed=seed,
            end_year=end_year,
            layouts=LAYOUTS,
            progress=progress,
            shared_dir=settings.shared_dir,
        )
        generated = True

    result = DemoRunResult(out, generated, True, "", manifest)
    done_before = _imported(settings)
    for i, f in enumerate(manifest.files):
        label = f"导入 {f.name}（{i + 1}/{len(manifest.files)}）"
        prev = done_before.get((f.table, f.sha256))
        if prev is not None:
            # Same file already in the resource base: importing it again would change nothing.
            result.imports.append(
                {**prev, "file": f.name, "expected_quarantined": f.dirty_rows, "skipped": True}
            )
            continue

        def step(done: int, total: int | None, description_: str = "", _label: str = label) -> None:
            progress(done, total, f"{_label} {description_}".strip())

        summary = import_file(settings, f.table, out / f.name, f.profile, progress=step)
        result.imports.append(
            {
                "file": f.name,
                "table": f.table,
                "profile": f.profile,
                "read": _value(summary, "read"),
                "loaded": _value(summary, "loaded"),
                "inserted": _value(summary, "inserted"),
                "replaced": _value(summary, "replaced"),
                "duplicates": _value(summary, "duplicates"),
                "quarantined": _value(summary, "quarantined"),
                "expected_quarantined": f.dirty_rows,
                "is_demo": _value(summary, "is_demo"),
                "import_id": _value(summary, "import_id"),
                "skipped": False,
            }
        )
    gi_json = Path(settings.shared_dir) / "data" / "gi_products_2005_2023.json"
    prev_gi = done_before.get(("gi", sha256_file(gi_json))) if gi_json.exists() else None
    if prev_gi is not None:
        result.imports.append(
            {**prev_gi, "file": gi_json.name, "expected_quarantined": None, "skipped": True}
        )
    else:
        _import_gi(settings, result)
    result.checks = checks(settings, manifest, result.imports)
    result.imports += run_operations_demo(settings, out, seed=seed)  # 运营、著作权、植物新品种（演示数据）
    result.imports.append(import_shared_policies(settings))  # the policy library (real texts)
    from ipatlas.demo.litigation import import_shared_judgments, link_judgments_to_library

    import_shared_judgments(settings)  # 司法数据: the shared real judgments (idempotent)
    link_judgments_to_library(settings)  # their laws_cited → library articles ("cited by")
    from ipatlas.store.lake import Lake

    lake = Lake(settings.lake_dir)
    result.lake_rows = {t: lake.rows(t) for t in ("patents", "trademarks", "gi", "statistics", "quarantine")}
    from ipatlas.demo.protection import seed_protection_demo  # 知识产权保护案件（演示数据）

    result.checks["protection"] = seed_protection_demo(settings, per_year=max(5, records // 5000))
    from ipatlas.demo.market import market_demo  # 市场监管演示数据 (entities, credit, leads, inspections)

    result.checks["market"] = market_demo(settings)
    ok = result.checks["valid_patents"]["ok"] and result.checks["quarantine"]["ok"]
    result.message = "演示数据已导入，校验通过。" if ok else "演示数据已导入，但校验未通过（见 checks）。"
    return result


def _import_gi(settings: Settings, result: DemoRunResult) -> None:
    """The built-in GI list is real reference data, part of the resource base."""
    gi = import_gi_builtin(settings)
    result.imports.append(
        {
            "file": "gi_products_2005_2023.json",
            "table": "gi",
            "profile": "builtin",
            "read": _value(gi, "read"),
            "loaded": _value(gi, "loaded"),
            "inserted": _value(gi, "inserted"),
            "replaced": _value(gi, "replaced"),
            "duplicates": _value(gi, "duplicates"),
            "quarantined": _value(gi, "quarantined"),
            "expected_quarantined": None,
            "is_demo": _value(gi, "is_demo"),
            "import_id": _value(gi, "import_id"),
            "skipped": False,
        }
    )


def _imported(settings: Settings) -> dict[tuple[str, str], dict[str, Any]]:
    """Earlier imports by (table, file hash): the first import of each file."""
    from ipatlas.store.lake import Lake

    lake = Lake(settings.lake_dir)
    if not lake.rows("imports"):
        return {}
    rows = lake.read("imports").to_pylist()
    out: dict[tuple[str, str], dict[str, Any]] = {}
    for r in sorted(rows, key=lambda r: str(r["started_at"])):
        key = (str(r["table"]), str(r["source_hash"]))
        if key in out:
            continue
        out[key] = {
            "table": r["table"],
            "profile": r["profile"],
            **{k: r[k] for k in ("read", "loaded", "inserted", "replaced", "duplicates", "quarantined")},
            "is_demo": r["is_demo"],
            "import_id": r["import_id"],
        }
    return out


def checks(settings: Settings, manifest: DemoManifest, imports: list[dict[str, Any]]) -> dict[str, Any]:
    """Compare what the lake holds with the manifest's calibration targets and dirty-row counts."""
    from ipatlas.store.lake import Lake

    con = Lake(settings.lake_dir).connect()
    try:
        valid, valid_inv = con.execute(valid_patents_sql()).fetchone() or (0, 0)
        marks, well_known = con.execute(valid_marks_sql()).fetchone() or (0, 0)
    finally:
        con.close()
    cal = manifest.calibration
    vp = cal["valid_patents_2015_12_31"]
    vi = cal["inventions_per_10k_2015"]
    vt = cal["valid_trademarks_2015_12_31"]
    scale = manifest.scale or 1.0
    pop = vi["population_2015_wan"]
    quar_expected = sum(f.dirty_rows for f in manifest.files)
    quar_got = sum(int(i["quarantined"] or 0) for i in imports if i["table"] != "gi")
    # On a re-run every row is a duplicate of itself, quarantined rows are quarantined again.
    return {
        "valid_patents": {
            "date": CAL_DATE,
            "published": PUBLISHED["valid_patents_2015"],
            "target": vp["target"],
            "lake": int(valid),
            "lake_scaled_to_realistic": round(int(valid) / scale),
            "scale": manifest.scale,
            "ok": abs(int(valid) - vp["target"]) <= max(1, 0.01 * vp["target"]),
        },
        "inventions_per_10k": {
            "published": PUBLISHED["inventions_per_10k_2015"],
            "population_2015_wan": pop,
            "lake_valid_inventions": int(valid_inv),
            "lake_per_10k": round(int(valid_inv) / scale / pop, 4) if pop else None,
            "ok": bool(pop) and abs(int(valid_inv) / scale / pop - 4.31) <= 0.02 * 4.31
            if manifest.region == CHONGQING
            else int(valid_inv) == vi["target_valid_inventions"],
        },
        "valid_trademarks": {
            "published": PUBLISHED["valid_trademarks_2015"],
            "target": vt["target"],
            "lake": int(marks),
            "well_known": int(well_known),
            "ok": abs(int(marks) - vt["target"]) <= max(1, 0.01 * vt["target"]),
        },
        "quarantine": {"expected": quar_expected, "got": quar_got, "ok": quar_expected == quar_got},
    }
