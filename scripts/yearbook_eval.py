"""Import each yearbook extract with ``--profile auto`` into a fresh data dir and print the outcome
(loaded / quarantined / refused, with the loaded rows), for the before/after table in the README."""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

import duckdb

from ipatlas.config import Settings
from ipatlas.errors import IngestError
from ipatlas.ingest import import_file

FIXTURES = Path(__file__).resolve().parents[1] / "tests/ingest/fixtures/yearbooks"


def run(path: Path, shared: Path) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        s = Settings(data_dir=Path(tmp) / "data", shared_dir=shared)
        s.ensure_dirs()
        try:
            r = import_file(s, "statistics", path, "auto")
        except IngestError as exc:
            print(f"{path.name}: REFUSED {exc.message[:160]}")
            return
        print(
            f"{path.name}: read {r.read} loaded {r.loaded} dup {r.duplicates} quar {r.quarantined} "
            f"reasons {r.quarantine_reasons}"
        )
        con = duckdb.connect(str(s.duckdb_path), read_only=True)
        rows = con.execute(
            "SELECT region_code, year, variable, value, unit FROM statistics ORDER BY 1, 2, 3 LIMIT 6"
        ).fetchall()
        print("   sample:", rows)


if __name__ == "__main__":
    shared = Path(sys.argv[1])
    for p in sorted(FIXTURES.glob("*.*")):
        if p.suffix in (".csv", ".xlsx"):
            run(p, shared)
