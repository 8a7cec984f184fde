"""Load benchmark of the web platform; same as ``ipatlas bench web --json``.

Usage: IPATLAS_DATA_DIR=./data python benchmarks/bench_web.py [--users 50] [--requests 20]
Loopback only; needs a data directory with the demo data (``ipatlas demo run --no-serve``).
"""

from __future__ import annotations

import argparse

from ipatlas.cli.output import print_json
from ipatlas.config import Settings
from ipatlas.web.bench import run_bench


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--users", type=int, default=50)
    ap.add_argument("--requests", type=int, default=20)
    ap.add_argument("--think-min", type=float, default=0.5)
    ap.add_argument("--think-max", type=float, default=2.0)
    ap.add_argument("--no-fragments", action="store_true")
    args = ap.parse_args()
    print_json(
        run_bench(
            Settings(),
            users=args.users,
            requests_per_user=args.requests,
            think=(min(args.think_min, args.think_max), args.think_max),
            fragments=not args.no_fragments,
        )
    )


if __name__ == "__main__":
    main()
