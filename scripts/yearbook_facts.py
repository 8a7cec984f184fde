"""Dump every fact and every quarantined row each yearbook extract yields (``--profile auto``),
one line each, for a before/after diff: ``file | region_code | year | variable | value | unit`` and
``file | QUAR row field | reason``; a refused file prints its reason. Complements yearbook_eval.py,
which prints counts and a sample only."""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

import duckdb

from ipatlas.config import Settings
from ipatlas.errors import IngestError
from ipatlas.ingest import get_import, import_file

sys.path.insert(0, str(Path(__file__).resolve().parent))
from yearbook_eval import FIXTURES, STATED


def dump(path: Path, shared: Path, **given: object) -> None:
    tag = f"{path.name}{' ' + str(given) if given else ''}"
    with tempfile.TemporaryDirectory() as tmp:
        s = Settings(data_dir=Path(tmp) / "data", shared_dir=shared)
        s.ensure_dirs()
        try:
            r = import_file(s, "statistics", path, "auto", **given)  # type: ignore[arg-type]
        except IngestError as exc:
            print(f"{tag} | REFUSED | {exc.message}")
            return
        con = duckdb.connect(str(s.duckdb_path), read_only=True)
        for row in con.execute(
            "SELECT region_code, year, variable, value, unit FROM statistics ORDER BY 1, 2, 3"
        ).fetchall():
            print(f"{tag} | " + " | ".join(str(x) for x in row))
        con.close()
        _, quar = get_import(s, r.import_id)
        for q in quar:
            print(f"{tag} | QUAR {q['source_row']} {q['field']} | {q['reason']}")


if __name__ == "__main__":
    shared = Path(sys.argv[1])
    only = sys.argv[2:]  # optional file-name prefixes (dev_r6, held_r6 …)
    for p in sorted(FIXTURES.glob("*.*")):
        if p.suffix in (".csv", ".xlsx") and (not only or p.name.startswith(tuple(only))):
            dump(p, shared)
    for name, given in STATED.items():
        if not only or name.startswith(tuple(only)):
            dump(FIXTURES / name, shared, **given)
