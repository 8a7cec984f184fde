"""Dump every fact and every quarantined row each yearbook extract yields (``--profile auto``),
one line each, for a before/after diff: ``file | region_code | year | variable | value | unit`` and
``file | QUAR row field | reason``; a refused file prints its reason. Complements yearbook_eval.py,
which prints counts and a sample only."""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path
from typing import Any

import duckdb

from ipatlas.config import Settings
from ipatlas.errors import IngestError
from ipatlas.ingest import get_import, import_file

sys.path.insert(0, str(Path(__file__).resolve().parent))
from yearbook_eval import FIXTURES, STATED


def import_statistics(
    path: Path, shared: Path, given: dict[str, object]
) -> tuple[str | None, list[tuple[Any, ...]], list[dict[str, Any]], Any]:
    """Import one extract into a scratch data directory: (the refusal's message or None, the loaded
    rows (region_code, year, variable, value, unit), the quarantined rows, the import's summary)."""
    with tempfile.TemporaryDirectory() as tmp:
        s = Settings(data_dir=Path(tmp) / "data", shared_dir=shared)
        s.ensure_dirs()
        try:
            r = import_file(s, "statistics", path, "auto", **given)  # type: ignore[arg-type]
        except IngestError as exc:
            return exc.message, [], [], None
        con = duckdb.connect(str(s.duckdb_path), read_only=True)
        rows = con.execute(
            "SELECT region_code, year, variable, value, unit FROM statistics ORDER BY 1, 2, 3"
        ).fetchall()
        con.close()
        _, quar = get_import(s, r.import_id)
        return None, rows, quar, r


def dump(path: Path, shared: Path, **given: object) -> None:
    tag = f"{path.name}{' ' + str(given) if given else ''}"
    refused, rows, quar, _ = import_statistics(path, shared, given)
    if refused is not None:
        print(f"{tag} | REFUSED | {refused}")
        return
    for row in rows:
        print(f"{tag} | " + " | ".join(str(x) for x in row))
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
