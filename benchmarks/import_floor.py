"""Where the patent import's time goes against DuckDB's CSV → Parquet copy, each part on its own.

    .venv/bin/python benchmarks/import_floor.py [--records 1000000] [--file F.csv]

Every figure is a ratio to the copy measured in the same run (best of two). The parts are the
import's own SQL (``ipatlas.ingest.pipeline``) run in isolation: parsing the CSV, the normalising
projection over an already parsed in-memory table (no parse, no Parquet write), and the sorted
write of the canonical 38 columns from the lake the import produced. Their sum bounds any import
that parses, normalises and writes in separate DuckDB passes; BENCHMARKS.md records a run.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import tempfile
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from ipatlas.config import Settings
from ipatlas.ingest import pipeline as P
from ipatlas.ingest.bench import generate_standard_csv
from ipatlas.ingest.job import Job
from ipatlas.store.lake import CLUSTER


def _best(fn: Callable[[], object], n: int = 2) -> float:
    times = []
    for _ in range(n):
        t = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t)
    return round(min(times), 3)


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--records", type=int, default=1_000_000)
    ap.add_argument("--file", type=Path)
    args = ap.parse_args()
    work = Path(tempfile.mkdtemp(prefix="ipatlas-floor-"))
    path = args.file or generate_standard_csv(work / "patents.csv", args.records)
    settings = Settings(data_dir=work / "data")
    settings.ensure_dirs()
    raw, cols, prof = P.read_source("patents", path, None)
    con = P._connect(settings)
    job = Job(
        settings=settings,
        table="patents",
        profile=prof,
        raw=raw,
        cols=cols,
        file=str(path),
        digest=ThreadPoolExecutor(1).submit(P.file_sha256, path),
        is_demo=False,
        import_id="floor",
        con=con,
        progress=lambda *a: None,
        started_at=dt.datetime.now(),
        t0=0.0,
    )
    read = P.native_csv_sql(raw)
    assert read is not None, "the benchmark file must take DuckDB's native reader"
    out = work / "out.parquet"
    r: dict[str, float] = {}
    r["copy"] = _best(
        lambda: con.execute(
            f"COPY (SELECT * FROM read_csv('{path}', all_varchar = true)) TO '{out}' "
            "(FORMAT parquet, COMPRESSION zstd)"
        )
    )
    r["parse_into_table"] = _best(lambda: con.execute(f"CREATE OR REPLACE TEMP TABLE r AS {read}"))
    cells = [f"coalesce(c{i}, '') AS c{i}" for i in range(len(raw.headers))]
    con.execute(P._raw_view(job, "(SELECT *, false AS __attn FROM r)", cells, "CAST(NULL AS BIGINT)"))
    sql = P._record_sql(job)
    r["normalise_parsed_table"] = _best(lambda: con.execute(f"CREATE OR REPLACE TEMP TABLE s AS {sql}"))
    summary = P.import_file(settings, "patents", path)
    r["whole_import"] = summary.seconds
    con.execute(f"CREATE TABLE p AS SELECT * FROM read_parquet('{settings.lake_dir}/patents/*/*.parquet')")
    order = ", ".join(f'"{k}" ASC NULLS LAST' for k in CLUSTER["patents"])
    r["sorted_canonical_write"] = _best(
        lambda: con.execute(
            f"COPY (SELECT * FROM p ORDER BY {order}) TO '{out}' (FORMAT parquet, COMPRESSION zstd, "
            "ROW_GROUP_SIZE 122880)"
        )
    )
    ratios = {k: round(v / r["copy"], 2) for k, v in r.items()}
    parts = ratios["parse_into_table"] + ratios["normalise_parsed_table"] + ratios["sorted_canonical_write"]
    print(
        json.dumps(
            {
                "seconds": r,
                "ratio_to_copy": ratios,
                "sum_of_parts_ratio": round(parts, 2),
                "rows": summary.read,
            },
            indent=1,
        )
    )


if __name__ == "__main__":
    main()
