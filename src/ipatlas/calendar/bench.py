"""Benchmark: vectorised working-day arithmetic vs a per-date loop over ``chinesecalendar``."""

from __future__ import annotations

import datetime as dt
import time
from typing import Any

import numpy as np

from ipatlas.calendar.holidays import builtin_calendar

TARGET_PER_S = 1_000_000


def _naive_add(start: dt.date, n: int) -> dt.date:
    import chinese_calendar

    d = start
    left = n
    while left > 0:
        d += dt.timedelta(days=1)
        if chinese_calendar.is_workday(d):
            left -= 1
    return d


def run_benchmark(n: int = 2_000_000, *, baseline_n: int = 20_000, seed: int = 12) -> dict[str, Any]:
    rng = np.random.default_rng(seed)
    starts = np.datetime64("2019-01-01") + rng.integers(0, 7 * 365, n)
    lengths = rng.choice(np.array([3, 5, 7, 15, 20, 45]), n)
    cal = builtin_calendar()
    cal.add_workdays_array(starts[:1000], lengths[:1000])  # warm-up
    t0 = time.perf_counter()
    due, _assumed = cal.add_workdays_array(starts, lengths)
    vec_s = time.perf_counter() - t0

    sample = [(starts[i].astype(dt.date), int(lengths[i])) for i in range(min(baseline_n, n))]
    t0 = time.perf_counter()
    naive = [_naive_add(s, k) for s, k in sample]
    naive_s = time.perf_counter() - t0
    agree = all(naive[i] == due[i].astype(dt.date) for i in range(len(sample)))
    vec_rate = n / vec_s
    base_rate = len(sample) / naive_s
    return {
        "dates": n,
        "vectorised_s": round(vec_s, 4),
        "vectorised_per_s": int(vec_rate),
        "baseline_dates_timed": len(sample),
        "baseline_per_s": int(base_rate),
        "speedup": round(vec_rate / base_rate, 1),
        "results_agree_with_baseline": agree,
        "target_per_s": TARGET_PER_S,
        "meets_target": vec_rate >= TARGET_PER_S,
    }
