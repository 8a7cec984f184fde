"""National-scale benchmark (``ipatlas bench national --records N --cores C [--spark]``).

One command: generate ``N`` synthetic patents spread over every county of the region registry
(演示数据; :func:`ipatlas.indicators.bench.generate_lake`, one lake transaction per million
records, never the whole set in memory) under a work directory in /tmp, compute the whole
catalogue cube on DuckDB (``threads`` = cores, a ``memory_limit`` and a spill directory) and,
with ``--spark``, on PySpark local mode (``local[C]``) over the same files, check the two cubes are
identical, and report wall times and the peak resident memory of each phase.

Each phase runs in its own child process (``python -m ipatlas.indicators.national``) so that its
peak memory is its own: the parent samples the resident set of the child's whole process tree
(the Spark JVM included) from ``/proc`` every 0.2 s and also reads the kernel's ``ru_maxrss`` of the
child. The two cubes are compared in DuckDB (full outer join on the cube key; floats within a
relative 1e-9), never through Python objects.
"""

from __future__ import annotations

import json
import os
import platform
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from typing import Any

from ipatlas.config import Settings
from ipatlas.errors import IndicatorError
from ipatlas.progress import ProgressCallback, no_progress

YEARS = list(range(2005, 2024))
KEY = ["region_level", "region_code", "industry", "year", "indicator", "counting"]
DEFAULT_MEMORY = "16GB"
PAGE = os.sysconf("SC_PAGE_SIZE") if hasattr(os, "sysconf") else 4096


# ---- memory of a process tree ----------------------------------------------------------------
def _children() -> dict[int, list[int]]:
    kids: dict[int, list[int]] = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat", "rb") as fh:
                stat = fh.read()
        except OSError:
            continue
        ppid = int(stat[stat.rfind(b")") + 2 :].split()[1])
        kids.setdefault(ppid, []).append(int(entry))
    return kids


def tree_rss(pid: int) -> int:
    """Resident bytes of ``pid`` and all its descendants (0 once it has gone)."""
    kids = _children()
    total, todo = 0, [pid]
    while todo:
        p = todo.pop()
        todo.extend(kids.get(p, []))
        try:
            with open(f"/proc/{p}/statm") as fh:
                total += int(fh.read().split()[1]) * PAGE
        except OSError:
            continue
    return total


def run_phase(phase: str, args: dict[str, Any], *, nice: int = 0) -> dict[str, Any]:
    """Run one phase in a child process; its JSON result plus wall time and peak memory."""
    cmd = [sys.executable, "-m", "ipatlas.indicators.national", phase, json.dumps(args)]
    extra = nice - os.nice(0)  # the phases run at ``nice`` in all, however the command was started
    if extra > 0:
        cmd = ["nice", "-n", str(extra), *cmd]
    t0 = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    peak = 0
    stop = threading.Event()

    def sample() -> None:
        nonlocal peak
        while not stop.is_set():
            peak = max(peak, tree_rss(proc.pid))
            stop.wait(0.2)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    out, err = proc.communicate()
    stop.set()
    sampler.join()
    wall = time.perf_counter() - t0
    if proc.returncode != 0:
        causes = [line for line in err.splitlines() if "Error" in line or "Exception" in line]
        why = " | ".join(causes[:5]) or err[-2000:]
        raise IndicatorError(f"全国基准的 {phase} 阶段失败（退出码 {proc.returncode}）：{why}")
    lines = [line for line in out.splitlines() if line.startswith("{")]
    result: dict[str, Any] = json.loads(lines[-1]) if lines else {}
    result["wall_s"] = round(wall, 2)
    result["peak_rss_gib"] = round(peak / 2**30, 2)
    return result


# ---- the phases (in the child process) --------------------------------------------------------
def _settings(work: str, shared: str | None) -> Settings:
    s = Settings(data_dir=Path(work) / "data", shared_dir=Path(shared) if shared else Settings().shared_dir)
    s.ensure_dirs()
    return s


def phase_generate(args: dict[str, Any]) -> dict[str, Any]:
    from ipatlas.indicators.bench import generate_lake, national_places

    s = _settings(args["work"], args.get("shared"))
    t = time.perf_counter()
    chunk = int(args.get("chunk", 1_000_000))
    distinct = int(args.get("distinct_chunks", 0))
    info = generate_lake(
        s, int(args["records"]), places=national_places(s), chunk=chunk, distinct_chunks=distinct
    )
    info["distinct_chunks"] = distinct
    info["generate_s"] = round(time.perf_counter() - t, 2)
    info["lake_bytes"] = sum(f.stat().st_size for f in s.lake_dir.rglob("*.parquet"))
    return info


def phase_cube(args: dict[str, Any]) -> dict[str, Any]:
    """The whole catalogue cube (all levels; every industry scheme, or with ``industries`` =
    ``none`` only the all-industries total) written to ``out`` as Parquet."""
    import pyarrow.parquet as pq

    from ipatlas.indicators import query_plan
    from ipatlas.indicators.cube import compute_table

    s = _settings(args["work"], args.get("shared"))
    cores = int(args["cores"])
    backend = args["backend"]
    spark = None
    if backend == "duckdb":
        spill = Path(args["work"]) / "duckdb-spill"
        spill.mkdir(parents=True, exist_ok=True)
        query_plan.configure_database(
            threads=cores, memory_limit=args.get("memory_limit", DEFAULT_MEMORY), temp_directory=str(spill)
        )
    else:
        from ipatlas.indicators.backends import spark_session

        spark = spark_session(f"local[{cores}]")
    t = time.perf_counter()
    industries: list[str] | None = None if args.get("industries", "all") == "all" else []
    cube = compute_table(s, years=YEARS, backend=backend, spark=spark, industries=industries)
    seconds = time.perf_counter() - t
    pq.write_table(cube, args["out"])
    return {"cube_s": round(seconds, 2), "cube_rows": cube.num_rows}


def compare_cubes(a: Path, b: Path) -> dict[str, Any]:
    """Rows only in one cube, and rows whose values differ (floats: relative 1e-9)."""
    import duckdb

    con = duckdb.connect()
    cols = [c for c in con.execute(f"DESCRIBE SELECT * FROM read_parquet('{a}')").fetchall()]
    on = " AND ".join(f"x.{k} IS NOT DISTINCT FROM y.{k}" for k in KEY)
    diffs = []
    for name, typ, *_ in cols:
        if name in KEY:
            continue
        if typ in ("DOUBLE", "FLOAT") or typ.startswith("DECIMAL"):
            diffs.append(
                f"(x.{name} IS NULL) <> (y.{name} IS NULL) OR "
                f"abs(x.{name} - y.{name}) > 1e-9 * greatest(1.0, abs(x.{name}), abs(y.{name}))"
            )
        else:
            diffs.append(f"x.{name} IS DISTINCT FROM y.{name}")
    row = con.execute(
        f"""SELECT count(*) FILTER (WHERE x.year IS NULL) AS only_b,
                   count(*) FILTER (WHERE y.year IS NULL) AS only_a,
                   count(*) FILTER (WHERE x.year IS NOT NULL AND y.year IS NOT NULL
                                    AND ({" OR ".join(diffs) or "false"})) AS differ,
                   count(*) AS rows
            FROM read_parquet('{a}') x FULL OUTER JOIN read_parquet('{b}') y ON {on}"""
    ).fetchall()[0]
    only_b, only_a, differ, rows = (int(v) for v in row)
    return {
        "rows": rows,
        "only_duckdb": only_a,
        "only_spark": only_b,
        "values_differ": differ,
        "identical": only_a == only_b == differ == 0,
    }


# ---- the command -------------------------------------------------------------------------------
def project_cluster(t1: float, tc: float, cores: int, executors: list[int], per_executor: int = 4) -> dict:
    """Amdahl's law fitted to the measured 1-core and ``cores``-core times: the parallel share
    p = (1 − tc/t1) / (1 − 1/cores); a cluster of N executors × k cores then needs
    t1·((1 − p) + p/(N·k)). Network shuffle and scheduling on a real cluster are not modelled."""
    if cores < 2 or t1 <= 0:
        return {}
    p = max(0.0, min(1.0, (1 - tc / t1) / (1 - 1 / cores)))
    return {
        "parallel_share": round(p, 3),
        "cores_per_executor": per_executor,
        "projected_s": {str(n): round(t1 * ((1 - p) + p / (n * per_executor)), 1) for n in executors},
    }


def run_national(
    settings: Settings,
    *,
    records: int,
    cores: int = 2,
    spark: bool = False,
    memory_limit: str = DEFAULT_MEMORY,
    work: Path | None = None,
    keep: bool = False,
    compare_cores: bool = False,
    industries: str = "all",
    distinct_chunks: int = 0,
    nice: int = 10,
    results: Path | None = None,
    progress: ProgressCallback | None = None,
) -> dict[str, Any]:
    """Generate ``records`` national patents under ``work`` (a temp dir under /tmp by default),
    compute the cube on DuckDB (and PySpark with ``spark``), compare, report. With
    ``compare_cores`` each backend also runs on 1 core to measure the scaling. ``industries``:
    ``all`` (every scheme) or ``none`` (the all-industries cube only)."""
    if industries not in ("all", "none"):
        raise IndicatorError(f"industries 只能是 all 或 none，而不是 {industries!r}")
    report = progress or no_progress
    own = work is None
    base = Path(work) if work else Path(tempfile.mkdtemp(prefix="ipatlas-national-", dir="/tmp"))
    common = {"work": str(base), "shared": str(settings.shared_dir)}
    out: dict[str, Any] = {
        "records": records,
        "cores": cores,
        "memory_limit": memory_limit,
        "industries": industries,
        "distinct_chunks": distinct_chunks,
        "machine": f"{platform.machine()}, {os.cpu_count()} cores, shared by several engineers",
        "data": "ipatlas.indicators.bench.generate_lake + national_places（全国区县，按人口加权；演示数据）",
        "work_dir": str(base),
    }
    try:

        def save() -> None:  # after every phase: a long run that fails keeps what it measured
            if results is not None:
                results.write_text(json.dumps(out, ensure_ascii=False, indent=1), "utf-8")

        report(0, 4, "生成全国演示数据")
        gen = {**common, "records": records, "distinct_chunks": distinct_chunks}
        out["generate"] = run_phase("generate", gen, nice=nice)
        save()
        runs: list[tuple[str, int]] = [("duckdb", cores)]
        if compare_cores and cores > 1:
            runs.append(("duckdb", 1))
        if spark:
            runs.append(("pyspark", cores))
            if compare_cores and cores > 1:
                runs.append(("pyspark", 1))
        files: dict[str, Path] = {}
        for i, (backend, c) in enumerate(runs, start=1):
            report(i, len(runs) + 2, f"指标立方体（{backend}，{c} 核）")
            path = base / f"cube-{backend}-{c}.parquet"
            args = {
                **common,
                "backend": backend,
                "cores": c,
                "memory_limit": memory_limit,
                "industries": industries,
                "out": str(path),
            }
            out[f"cube_{backend}_{c}core"] = run_phase("cube", args, nice=nice)
            save()
            files.setdefault(backend, path)
        if "pyspark" in files:
            out["parity"] = compare_cubes(files["duckdb"], files["pyspark"])
        for backend in ("duckdb", "pyspark"):
            one, many = out.get(f"cube_{backend}_1core"), out.get(f"cube_{backend}_{cores}core")
            if one and many and cores > 1:
                out[f"cluster_projection_{backend}"] = project_cluster(
                    one["cube_s"], many["cube_s"], cores, [4, 8, 16, 32]
                )
        save()
        return out
    finally:
        if own and not keep:
            shutil.rmtree(base, ignore_errors=True)


PHASES = {"generate": phase_generate, "cube": phase_cube}


def main(argv: list[str]) -> None:
    phase, args = argv[0], json.loads(argv[1])
    print(json.dumps(PHASES[phase](args), ensure_ascii=False), flush=True)


if __name__ == "__main__":  # pragma: no cover - the child process of run_phase
    main(sys.argv[1:])
