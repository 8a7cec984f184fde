#!/usr/bin/env python3
"""Score the address resolver on the labelled external address set.

Reads ``tests/regions/external/addresses.csv`` (see the README beside it for sources and labelling
rules) and prints accuracy per split (dev / heldout / fresh / dev2 / fresh2) and per kind, then the
failures of the dev splits (all of them with ``--heldout-failures``).

Run: ``PYTHONPATH=src .venv/bin/python scripts/score_resolver_external.py [--file PATH]``.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from ipatlas.regions.accuracy import load_cases, report

ROOT = Path(__file__).resolve().parents[1]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--file", default=str(ROOT / "tests" / "regions" / "external" / "addresses.csv"))
    ap.add_argument("--heldout-failures", action="store_true", help="also list held-out failures")
    args = ap.parse_args()
    print(report(load_cases(args.file), heldout_failures=args.heldout_failures))


if __name__ == "__main__":
    main()
