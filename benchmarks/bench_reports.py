#!/usr/bin/env python3
"""Layout-report benchmark (same as ``ipatlas bench report --json``), for scripted runs.

Usage: ``.venv/bin/python benchmarks/bench_reports.py [--data-dir DIR] [--records 200000]
[--formats docx,pdf,html] [--repeat 1] [--out FILE]``.
Uses the data directory's demo data set and indicator cube; when the directory has no cube it first runs
``ipatlas demo run --no-serve`` (Chongqing, 38 counties) and ``ipatlas indicators compute`` there. Then times
the full 知识产权区域布局分析报告 for 500000 per format — gather (cube, evaluation, registry, lake), build
(narrative, charts, maps) and render — against the gather stage alone (the baseline: reading the figures),
plus the cold first gather of a fresh process. Prints JSON.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from bench_output import emit

from ipatlas.config import Settings


def ensure_demo(settings: Settings, records: int) -> None:
    from ipatlas.errors import IpatlasError
    from ipatlas.indicators import compute_cube, cube_info

    try:
        cube_info(settings)
        return
    except IpatlasError:
        pass
    from ipatlas.demo.run import run_demo

    run_demo(settings, records=records, region="500000")
    compute_cube(settings)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    ap.add_argument("--data-dir", type=Path, default=Path("bench-out/reports-data"))
    ap.add_argument("--records", type=int, default=200_000, help="demo patents when the data set is created")
    ap.add_argument("--region", default="500000")
    ap.add_argument("--year", type=int, default=None)
    ap.add_argument("--formats", default="docx,pdf,html")
    ap.add_argument("--repeat", type=int, default=1)
    ap.add_argument("--out", type=Path, help="also write the JSON here")
    args = ap.parse_args()
    settings = Settings(data_dir=args.data_dir)
    settings.ensure_dirs()
    ensure_demo(settings, args.records)
    from ipatlas.reports.bench import bench_layout

    res = bench_layout(
        settings, args.region, args.year, [f for f in args.formats.split(",") if f], repeat=args.repeat
    )
    emit(res, args.out)


if __name__ == "__main__":
    main()
