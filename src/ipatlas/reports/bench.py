"""``ipatlas bench report``: time the full layout report against the cube reads it needs (same run).

Stages per format: gather (cube, evaluation, registry, lake reads), build (narrative, charts and
maps rendered in memory), render (DOCX / PDF / HTML). The baseline is the gather stage alone —
the time to read the figures, which any report must pay — so ``ratio = total / gather``.
"""

from __future__ import annotations

import os
import platform
import tempfile
import time
from pathlib import Path
from typing import Any

from ipatlas.config import Settings


def bench_layout(
    settings: Settings, region: str, year: int | None, formats: list[str], *, repeat: int = 1
) -> dict[str, Any]:
    from ipatlas.reports import render
    from ipatlas.reports.gather import gather_layout
    from ipatlas.reports.layout import build_layout

    rows: list[dict[str, Any]] = []
    meta: dict[str, Any] = {}
    # Cold start (first report in a fresh process: imports, registry, polygons, first cube scan),
    # measured once, then each format warm.
    t0 = time.perf_counter()
    gather_layout(settings, region, year)
    cold_gather = time.perf_counter() - t0
    with tempfile.TemporaryDirectory() as tmp:
        for fmt in formats:
            best: dict[str, float] | None = None
            for _ in range(max(1, repeat)):
                t0 = time.perf_counter()
                data = gather_layout(settings, region, year)
                t1 = time.perf_counter()
                report = build_layout(data)
                t2 = time.perf_counter()
                out = render(report, fmt, Path(tmp) / f"report.{fmt}")
                t3 = time.perf_counter()
                run = {
                    "gather": t1 - t0,
                    "build": t2 - t1,
                    "render": t3 - t2,
                    "total": t3 - t0,
                    "bytes": float(out.stat().st_size),
                }
                if best is None or run["total"] < best["total"]:
                    best = run
                meta = {
                    "region_name": data.region.name,
                    "year": data.year,
                    "units": len(data.units),
                    "figures": len(report.figures),
                    "tables": len(report.tables),
                }
            assert best is not None
            rows.append(
                {
                    "format": fmt,
                    "gather_s": round(best["gather"], 2),
                    "build_s": round(best["build"], 2),
                    "render_s": round(best["render"], 2),
                    "total_s": round(best["total"], 2),
                    "ratio_to_gather": round(best["total"] / best["gather"], 2) if best["gather"] else None,
                    "target_s": 20,
                    "ok": best["total"] <= 20,
                    "size_kb": round(best["bytes"] / 1024),
                }
            )
    return {
        "benchmark": "report",
        "region": region,
        "cold_gather_s": round(cold_gather, 2),
        "cold_total_estimate_s": {
            r["format"]: round(cold_gather - r["gather_s"] + r["total_s"], 2) for r in rows
        },
        **meta,
        "rows": rows,
        "machine": {
            "cpus": os.cpu_count(),
            "python": platform.python_version(),
            "platform": platform.platform(),
        },
    }
