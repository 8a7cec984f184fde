"""``ipatlas bench judgments``: parse rate per core vs merely reading + regex-scanning for case numbers."""

from __future__ import annotations

import os
import re
import time
from pathlib import Path
from typing import Any

from ipatlas.errors import NotFoundError
from ipatlas.litigation.parser import parse_text
from ipatlas.litigation.reader import bytes_to_text

TARGET_PER_S = 200
_CASE_NO = re.compile(r"[（(]\d{4}[）)][^，。；\s]{1,30}?号")


def run_benchmark(directory: Path, *, rounds: int = 3, spark_sample: int = 0) -> dict[str, Any]:
    """Time the parser (single process = one core) against read + regex scan on the same texts."""
    files = sorted(p for p in directory.rglob("*") if p.suffix.lower() in (".txt", ".html", ".htm", ".docx"))
    if not files:
        raise NotFoundError(f"目录中没有判决书文件：{directory}")
    blobs = [(str(p), p.read_bytes(), p.suffix.lower()) for p in files]
    # Baseline: read (decode) and regex-scan for case numbers.
    t0 = time.perf_counter()
    found = 0
    for _ in range(rounds):
        for name, data, suffix in blobs:
            text = bytes_to_text(data, name=name, suffix=suffix)
            found += len(_CASE_NO.findall(text))
    baseline_s = time.perf_counter() - t0
    # The parser (regions not resolved here: the resolver is benchmarked on its own).
    t0 = time.perf_counter()
    ok = 0
    for _ in range(rounds):
        for name, data, suffix in blobs:
            res = parse_text(bytes_to_text(data, name=name, suffix=suffix), resolve_regions=False)
            ok += int(bool(res.get("case_number")))
    parser_s = time.perf_counter() - t0
    n = len(blobs) * rounds
    chars = sum(len(bytes_to_text(d, name=nm, suffix=s)) for nm, d, s in blobs)
    out: dict[str, Any] = {
        "files": len(blobs),
        "rounds": rounds,
        "avg_chars": round(chars / len(blobs)),
        "parser_per_s_per_core": round(n / parser_s, 1),
        "baseline_read_regex_per_s": round(n / baseline_s, 1),
        "parser_cost_vs_baseline": round(parser_s / baseline_s, 1),
        "parsed_with_case_number": round(ok / n, 4),
        "target_per_s": TARGET_PER_S,
        "meets_target": n / parser_s >= TARGET_PER_S,
        "cpu_count": os.cpu_count(),
        "note": "单进程（一核）计时；机器与其他工程师共用，数值偏保守",
    }
    return out


def run_spark_benchmark(directory: Path, *, n: int = 100_000, project_to: int = 1_000_000) -> dict[str, Any]:
    """Parse ``n`` judgments on PySpark local mode (the folder's texts cycled, in memory) and project
    the time for ``project_to`` linearly; the same parse function as the local backend."""
    from ipatlas.indicators.backends import spark_session
    from ipatlas.litigation.corpus import parse_one

    files = sorted(p for p in directory.rglob("*") if p.suffix.lower() in (".txt", ".html", ".htm", ".docx"))
    if not files:
        raise NotFoundError(f"目录中没有判决书文件：{directory}")
    blobs = [(str(p), p.read_bytes()) for p in files]
    spark = spark_session()
    sc = spark.sparkContext
    shared = sc.broadcast(blobs)
    parts = max(2, sc.defaultParallelism * 4)
    t0 = time.perf_counter()
    ok = (
        sc.parallelize(range(n), parts)
        .map(lambda i: int(bool(parse_one(*shared.value[i % len(shared.value)]).get("case_number"))))
        .sum()
    )
    elapsed = time.perf_counter() - t0
    return {
        "backend": "pyspark",
        "master": sc.master,
        "cores": sc.defaultParallelism,
        "judgments": n,
        "seconds": round(elapsed, 1),
        "per_s": round(n / elapsed, 1),
        "per_s_per_core": round(n / elapsed / max(1, sc.defaultParallelism), 1),
        "parsed_with_case_number": round(ok / n, 4),
        "projected_judgments": project_to,
        "projected_seconds": round(elapsed * project_to / n, 0),
        "note": "文书在内存中循环复用（不含磁盘读取）；本地模式，机器与其他工程师共用",
    }


def run_profile_benchmark(directory: Path, *, requests: int = 60) -> dict[str, Any]:
    """p95 latency of a firm profile (the page's data function) over the imported folder."""
    import statistics
    import tempfile

    from ipatlas.config import Settings
    from ipatlas.litigation.corpus import import_dir
    from ipatlas.litigation.firms import firm_profile, list_firms

    with tempfile.TemporaryDirectory() as tmp:
        s = Settings(data_dir=Path(tmp) / "data")
        s.ensure_dirs()
        import_dir(s, directory)
        firms = [f["firm"] for f in list_firms(s, limit=10)]
        times = []
        for i in range(requests):
            t0 = time.perf_counter()
            firm_profile(s, firms[i % len(firms)])
            times.append((time.perf_counter() - t0) * 1000)
    times.sort()
    p95 = times[int(0.95 * (len(times) - 1))]
    return {
        "requests": requests,
        "judgments": len(list(directory.rglob("*.txt"))),
        "p50_ms": round(statistics.median(times), 1),
        "p95_ms": round(p95, 1),
        "target_p95_ms": 150,
        "meets_target": p95 <= 150,
    }
