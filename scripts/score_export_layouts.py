"""Score ``--profile auto`` on the export layouts of tests/ingest/fixtures/exports (labels.json).

Each file is imported into a fresh data directory; the counts (read, loaded, quarantined), the
fields found and each labelled field value are compared with labels.json. Prints one line per
file and the totals per split (dev_ / held_ prefixes); ``--dump`` adds every mismatch.

    PYTHONPATH=src python scripts/score_export_layouts.py [--dump]
"""

from __future__ import annotations

import datetime as dt
import json
import sys
import tempfile
from pathlib import Path

import duckdb

from ipatlas.config import Settings
from ipatlas.errors import IngestError
from ipatlas.ingest import import_file
from ipatlas.store.lake import Lake

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = ROOT / "tests" / "ingest" / "fixtures" / "exports"
SHARED = ROOT.parent / "shared"


def _records(settings: Settings, table: str) -> list[dict]:
    files = [str(f) for f in Lake(settings.lake_dir).files(table)]
    if not files:
        return []
    rel = duckdb.sql(f"SELECT * FROM read_parquet({files!r})")
    return [dict(zip(rel.columns, r, strict=True)) for r in rel.fetchall()]


def _plain(v: object) -> object:
    if isinstance(v, dt.date):
        return v.isoformat()
    return v


def score(name: str, label: dict) -> tuple[int, int, list[str]]:
    """(correct, total, mismatches) for one file."""
    with tempfile.TemporaryDirectory() as tmp:
        settings = Settings(data_dir=Path(tmp) / "data", shared_dir=SHARED)
        settings.ensure_dirs()
        try:
            s = import_file(settings, label["table"], FIXTURES / name, "auto")
        except IngestError as e:
            if "error" in label:
                missing = [w for w in label["error"] if w not in str(e)]
                return len(label["error"]) - len(missing), len(label["error"]), [f"message lacks {missing}"]
            return 0, 1 + sum(len(r) for r in label["records"].values()), [f"failed: {e}"]
        if "error" in label:
            return 0, len(label["error"]), [f"imported {s.loaded} rows, expected a refusal"]
        got_counts = [s.read, s.loaded, s.quarantined]
        ok, total, bad = int(got_counts == label["counts"]), 1, []
        if got_counts != label["counts"]:
            bad.append(f"counts {got_counts} ≠ {label['counts']} ({s.quarantine_reasons})")
        by_key = {str(r[label["key"]]): r for r in _records(settings, label["table"])}
        for key, fields in label["records"].items():
            rec = by_key.get(key, {})
            for field, want in fields.items():
                total += 1
                have = _plain(rec.get(field)) if rec else "<missing record>"
                if have == want:
                    ok += 1
                else:
                    bad.append(f"{key}.{field}: {have!r} ≠ {want!r}")
        again = import_file(settings, label["table"], FIXTURES / name, "auto")
        total += 1
        if again.loaded == 0 and again.duplicates == s.loaded:
            ok += 1
        else:
            bad.append(f"re-import loaded {again.loaded}, duplicates {again.duplicates}")
        return ok, total, bad


def main() -> None:
    labels = json.loads((FIXTURES / "labels.json").read_text("utf-8"))
    dump = "--dump" in sys.argv
    splits: dict[str, list[int]] = {}
    for name, label in labels.items():
        ok, total, bad = score(name, label)
        split = name.split("_", 1)[0]
        acc = splits.setdefault(split, [0, 0, 0, 0])
        acc[0] += ok
        acc[1] += total
        acc[2] += int(ok == total)
        acc[3] += 1
        print(f"{name:28} {ok:3}/{total:<3} {'OK' if ok == total else 'FAIL'}")
        if dump:
            for b in bad:
                print(f"    {b}")
    for split, (ok, total, files_ok, files) in splits.items():
        print(f"{split}: fields {ok}/{total}, files fully right {files_ok}/{files}")


if __name__ == "__main__":
    main()
