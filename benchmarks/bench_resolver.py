#!/usr/bin/env python3
"""Address resolver benchmark (same as ``ipatlas bench resolver --json``), for scripted runs.

Usage: ``.venv/bin/python benchmarks/bench_resolver.py [--n 200000] [--baseline-n 2000] [--out FILE]``.
Prints the JSON result (addresses/s with a cache on a realistically repetitive file, without cache,
the naive str.find baseline measured in the same run, the ratios, accuracy on the generated file).
"""

from __future__ import annotations

import argparse
from pathlib import Path

from bench_output import emit

from ipatlas.regions.bench import run_benchmark


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    ap.add_argument("--n", type=int, default=200_000, help="addresses in the generated file")
    ap.add_argument("--baseline-n", type=int, default=2_000, help="addresses the naive baseline is timed on")
    ap.add_argument("--unique-share", type=float, default=0.25, help="distinct addresses / rows")
    ap.add_argument("--out", type=Path, help="also write the JSON here")
    args = ap.parse_args()
    res = run_benchmark(args.n, baseline_n=args.baseline_n, unique_share=args.unique_share)
    emit(res, args.out)


if __name__ == "__main__":
    main()
