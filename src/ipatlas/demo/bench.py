"""Generation speed of the demo patents, as a ratio against plain CSV I/O in the same run.

Baseline: pyarrow reads the generated patent CSV files and writes them out again (streamed) —
moving the same bytes through Arrow without generating anything, the practical limit for a CSV
writer. The XLSX part (capped at ~20,000 rows) is included in the generation time only.
"""

from __future__ import annotations

import platform
import resource
import shutil
import tempfile
import time
from pathlib import Path
from typing import Any

import pyarrow.csv as pacsv

from ipatlas.demo.generate import generate


def bench_generate(
    records: int,
    *,
    out_dir: Path | None = None,
    shared_dir: Path | None = None,
    seed: int = 1,
) -> dict[str, Any]:
    tmp = Path(tempfile.mkdtemp(prefix="ipatlas-bench-demo-")) if out_dir is None else Path(out_dir)
    try:
        t0 = time.perf_counter()
        man = generate(tmp, records=records, seed=seed, trademarks=0, shared_dir=shared_dir)
        gen_s = time.perf_counter() - t0
        rss_mb = round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024)
        csvs = [f for f in man.files if f.table == "patents" and f.format == "csv"]
        rows = sum(f.rows for f in csvs)
        nbytes = sum((tmp / f.name).stat().st_size for f in csvs)
        t1 = time.perf_counter()
        for f in csvs:
            # streamed (bounded memory), like the generator
            enc = "gb18030" if f.encoding == "gb18030" else "utf8"
            reader = pacsv.open_csv(
                tmp / f.name,
                read_options=pacsv.ReadOptions(encoding=enc, block_size=1 << 24),
                convert_options=pacsv.ConvertOptions(strings_can_be_null=True),
            )
            copy = tmp / (f.name + ".copy")
            with pacsv.CSVWriter(copy, reader.schema) as writer:
                for batch in reader:
                    writer.write_batch(batch)
            copy.unlink()
        base_s = time.perf_counter() - t1
        patent_rows = sum(f.rows for f in man.files if f.table == "patents")
        return {
            "records": records,
            "patent_rows_written": patent_rows,
            "generate_seconds": round(gen_s, 2),
            "records_per_second": round(records / gen_s),
            "baseline_csv_rows": rows,
            "baseline_csv_mb": round(nbytes / 1e6, 1),
            "baseline_read_write_seconds": round(base_s, 2),
            "baseline_rows_per_second": round(rows / base_s) if base_s else None,
            "ratio_generate_vs_csv_io": round((gen_s / patent_rows) / (base_s / rows), 2) if rows else None,
            "generate_peak_rss_mb": rss_mb,
            "machine": f"{platform.machine()}, {_cpus()} cores",
        }
    finally:
        if out_dir is None:
            shutil.rmtree(tmp, ignore_errors=True)


def _cpus() -> int:
    import os

    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1)


def standard_patent_csv(work: Path, n: int) -> Path | None:
    """The demo generator's standard-layout patent CSV (its files joined into one), or None: the
    input of the import benchmark (``ingest.bench.run_import_benchmark(demo_source=...)``)."""
    out = work / "demo"
    manifest = generate(out, records=n, layouts=("standard",), trademarks=0)
    files = [f for f in manifest.files_of("patents") if f.format == "csv"]
    if not files or len({f.encoding for f in files}) != 1:
        return None
    target = work / "patents_standard.csv"
    with open(target, "wb") as dst:
        for i, f in enumerate(files):
            with open(manifest.path(f.name), "rb") as src:
                header = src.readline()
                if i == 0:
                    dst.write(header)
                shutil.copyfileobj(src, dst, 16 << 20)
    return target
