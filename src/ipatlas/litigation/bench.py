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
