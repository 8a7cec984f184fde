#!/usr/bin/env python3
"""Import benchmark (same as ``ipatlas bench import --json``), for scripted runs.

Usage: ``.venv/bin/python benchmarks/bench_import.py [--records 1000000] [--repeat 3] [--workdir DIR]
[--out FILE]``.
Generates N rows of the standard patent layout, then times DuckDB's own ``read_csv`` → Parquet
``COPY`` of the same file (typed and all-text) and the full ``ipatlas`` import (parse, normalise,
quarantine, dedupe/merge, address resolution, atomic commit) back to back, ``--repeat`` times;
prints records/s and the import/baseline ratio (median of the rounds) as JSON.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from bench_output import emit

from ipatlas.demo.bench import standard_patent_csv
from ipatlas.ingest.bench import run_import_benchmark


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    ap.add_argument("--records", type=int, default=1_000_000, help="rows in the generated file")
    ap.add_argument("--repeat", type=int, default=1, help="rounds of baseline + import (medians reported)")
    ap.add_argument("--workdir", type=Path, help="keep the generated file and lake here")
    ap.add_argument("--generator", default="auto", choices=["auto", "demo", "simple"])
    ap.add_argument("--out", type=Path, help="also write the JSON here")
    args = ap.parse_args()
    res = run_import_benchmark(
        args.records,
        workdir=args.workdir,
        keep=args.workdir is not None,
        repeat=args.repeat,
        generator=args.generator,
        demo_source=standard_patent_csv,
    )
    emit(res, args.out)


if __name__ == "__main__":
    main()
