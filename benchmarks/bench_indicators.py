#!/usr/bin/env python3
"""Indicator-cube benchmark (same as ``ipatlas bench indicators``), for scripted runs over sizes.

    .venv/bin/python benchmarks/bench_indicators.py --records 1000000 3000000 10000000 \\
        --keep-dir /tmp/ipatlas-bench --out bench-out/indicators.json

For each size: the full catalogue cube on DuckDB, the engine computing 每万人口发明专利拥有量 alone,
one hand-written DuckDB SQL query for it (the practical limit) and a pandas implementation, all
in the same run on the same Parquet files (see ``ipatlas.indicators.bench``). Results are ratios
measured in the same process, never absolute targets baked into tests.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

from ipatlas.config import Settings
from ipatlas.indicators.bench import run_benchmark


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--records", type=int, nargs="+", default=[1_000_000])
    ap.add_argument("--backend", default="duckdb", choices=["duckdb", "pyspark"])
    ap.add_argument("--keep-dir", type=Path, default=None, help="keep the generated lakes here (reused)")
    ap.add_argument("--repeat", type=int, default=3, help="median of N runs per timing")
    ap.add_argument("--out", type=Path, default=None, help="write the JSON results here")
    args = ap.parse_args(argv)
    results = []
    for n in args.records:
        keep = args.keep_dir / f"n{n}" if args.keep_dir else None
        t = time.perf_counter()
        r = run_benchmark(Settings(), records=n, backend=args.backend, keep=keep, repeat=args.repeat)
        r["wall_s"] = round(time.perf_counter() - t, 1)
        results.append(r)
        print(json.dumps(r, ensure_ascii=False), flush=True)
    if args.out:
        args.out.parent.mkdir(parents=True, exist_ok=True)
        args.out.write_text(json.dumps(results, ensure_ascii=False, indent=1), "utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
