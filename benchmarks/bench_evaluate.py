"""Benchmark: composite-index Monte Carlo (uncertainty/sensitivity) against naive baselines.

Same as ``ipatlas bench evaluate --json``; run ``python benchmarks/bench_evaluate.py [--full]``.
``--full`` times the naive pandas baseline on all runs instead of extrapolating from 100.
"""

from __future__ import annotations

import argparse
import json

from ipatlas.evaluate.bench import run_benchmark


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--regions", type=int, default=40)
    ap.add_argument("--indicators", type=int, default=30)
    ap.add_argument("--runs", type=int, default=1000)
    ap.add_argument("--full", action="store_true", help="time the naive baseline on every run")
    args = ap.parse_args()
    res = run_benchmark(
        n_units=args.regions,
        n_indicators=args.indicators,
        n_runs=args.runs,
        baseline_runs=None if args.full else 100,
    )
    print(json.dumps(res, ensure_ascii=False, indent=2))


if __name__ == "__main__":
    main()
