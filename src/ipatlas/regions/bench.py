"""Resolver benchmark: addresses per second, with and without the cache, against a naive baseline.

The address file is generated from the registry the way applicant addresses look in patent exports:
mixed completeness (province+prefecture+county, prefecture+county, county only, short forms such as
重庆渝北), historical names (梁平县, 东陵区), Traditional characters, postcodes, 中国 prefixes,
street and company names that contain other places (北京路, 南京东路, 上海大厦), a few
prefecture-only, Taiwan/Hong Kong/Macao and foreign addresses. Applicants file many patents, so
addresses repeat: a file of ``n`` rows draws from ``n × unique_share`` distinct addresses with a
Zipf-like weight.

The baseline is what one writes first: for every address, ``str.find`` every known name and take the
county-level name found earliest (else prefecture, else province). Both run in the same process; the
figures are ratios.
"""

from __future__ import annotations

import os
import platform
import random
import time
from collections.abc import Callable, Sequence
from typing import Any

from ipatlas.regions._data import read_table
from ipatlas.regions.registry import get_registry
from ipatlas.regions.resolver import _POSTCODE_PROVINCE, get_resolver

_STREETS = (
    "人民路", "解放路", "建设路", "中山路", "北京路", "南京东路", "上海大厦", "长江路", "黄河路", "科技路",
    "高新大道", "金开大道", "创新大道", "学府大道", "工业园路", "天津路", "广州路", "青年路", "和平路",
    "朝阳路", "延安中路", "东风路", "胜利街", "文化路", "香港中路", "深圳湾路", "重庆路", "沈阳街",
)  # fmt: skip
_COMPANY_WORDS = (
    "华创",
    "博远",
    "星辰",
    "宏达",
    "海纳",
    "金科",
    "智联",
    "天成",
    "恒信",
    "瑞丰",
    "长城",
    "东方",
)
_COMPANY_KINDS = (
    "科技有限公司",
    "股份有限公司",
    "研究院",
    "大学",
    "医院",
    "电子有限公司",
    "机械制造有限公司",
)
_FOREIGN = (
    ("日本国东京都千代田区丸之内一丁目", "JP"), ("日本大阪府大阪市北区梅田", "JP"),
    ("美国加利福尼亚州圣何塞市", "US"), ("美国纽约州纽约市第五大道", "US"), ("德国慕尼黑", "DE"),
    ("韩国首尔特别市江南区", "KR"), ("台湾省新竹市科学园区", "TW"), ("台湾台北市内湖区", "TW"),
    ("香港九龙尖沙咀", "HK"), ("香港特别行政区新界沙田", "HK"), ("澳门特别行政区氹仔", "MO"),
    ("瑞士巴塞尔", "CH"), ("荷兰埃因霍温", "NL"), ("法国巴黎", "FR"),
)  # fmt: skip


def _street(rng: random.Random) -> str:
    s = f"{rng.choice(_STREETS)}{rng.randint(1, 999)}号"
    if rng.random() < 0.4:
        s += rng.choice(_COMPANY_WORDS) + rng.choice(_COMPANY_WORDS) + rng.choice(_COMPANY_KINDS)
    return s


def generate_addresses(
    n: int, *, unique_share: float = 0.25, seed: int = 20260101
) -> tuple[list[str], list[str | None], list[str | None]]:
    """(addresses, postcodes, expected) — expected is the county code the address names, the
    prefecture/province code for coarser ones, 'XX' ISO code for foreign ones, or None."""
    import opencc

    rng = random.Random(seed)
    reg = get_registry()
    t2 = opencc.OpenCC("s2t")
    counties = [r for r in reg.all("county") if r.type != "功能区"]
    # Patents concentrate where people are: weight counties by census population.
    from ipatlas.regions.population import census_population

    weights = [float(census_population(r.code) or 50_000) for r in counties]
    hist: dict[str, list[str]] = {}
    short: dict[str, str] = {}
    for row in read_table("names"):
        if row["trad"] == "1":
            continue
        if row["kind"] in ("short", "cshort"):
            short.setdefault(row["code"], row["key"])
        elif row["kind"] == "hist" and reg.get(row["code"]).level == "county":
            hist.setdefault(row["code"], []).append(row["key"])
    prov_postcode: dict[str, str] = {}
    for prefix, prov_code in _POSTCODE_PROVINCE.items():
        prov_postcode.setdefault(prov_code, prefix + "0000")

    n_unique = max(1, int(n * unique_share))
    pool: list[tuple[str, str | None, str | None]] = []
    picks = rng.choices(counties, weights=weights, k=n_unique)
    for c in picks:
        prov = reg.get(c.province_code)
        city = reg.get(c.city_code) if c.city_code and c.city_code not in (c.province_code, c.code) else None
        if city is not None and city.type == "省直辖县级行政区划":
            city = None
        city_name = city.name if city else ""
        prov_name = prov.name
        street = _street(rng)
        x = rng.random()
        postcode = None
        expected: str | None = c.code
        if x < 0.33:
            addr = prov_name + city_name + c.name + street
        elif x < 0.50:
            addr = (city_name or prov_name) + c.name + street
        elif x < 0.60:
            addr = c.name + street
            if len(reg.find(c.name)) > 1:
                expected = None  # ambiguous on its own (江北区, 和平区 …)
        elif x < 0.68:
            top = short.get(city.code, city_name) if city else short.get(prov.code, prov_name)
            addr = top + short.get(c.code, c.name) + street
        elif x < 0.75 and c.code in hist:
            addr = prov_name + city_name + rng.choice(hist[c.code]) + street
        elif x < 0.80:
            addr = t2.convert(prov_name + city_name + c.name + street)
        elif x < 0.85:
            addr = "中国" + prov_name + city_name + c.name + street
        elif x < 0.90:
            postcode = prov_postcode.get(prov.code)
            addr = (city_name or prov_name) + c.name + street
        elif x < 0.94:
            top_region = city or prov
            addr = top_region.name + street
            expected = top_region.code
        elif x < 0.97:
            addr, expected = rng.choice(_FOREIGN)
        else:
            addr = prov_name + city_name + c.name + "北京路上海大厦" + street
        pool.append((addr, postcode, expected))
    # Zipf-like repetition: a few applicants file most patents.
    ranks = [1.0 / (i + 1) ** 0.8 for i in range(len(pool))]
    rows = rng.choices(pool, weights=ranks, k=n - n_unique) + pool
    rng.shuffle(rows)
    return [r[0] for r in rows], [r[1] for r in rows], [r[2] for r in rows]


class NaiveResolver:
    """Baseline: ``str.find`` every name in every address, earliest county name wins."""

    def __init__(self) -> None:
        reg = get_registry()
        level_rank = {"county": 0, "city": 1, "province": 2}
        names: dict[str, str] = {}
        for row in read_table("names"):
            if row["kind"] in ("full", "short", "hist") and row["trad"] == "0":
                names.setdefault(row["key"], row["code"])
        self.names = [(k, code, level_rank[reg.get(code).level]) for k, code in names.items()]

    def resolve(self, address: str | None) -> str | None:
        if not address:
            return None
        best: tuple[int, int, str] | None = None
        for key, code, rank in self.names:
            pos = address.find(key)
            if pos >= 0 and (best is None or (rank, pos) < best[:2]):
                best = (rank, pos, code)
        return best[2] if best else None


def _rate(fn: Callable[[], Any], n: int) -> tuple[float, float]:
    t0 = time.perf_counter()
    fn()
    dt = time.perf_counter() - t0
    return n / dt if dt > 0 else float("inf"), dt


def run_benchmark(n: int = 200_000, *, baseline_n: int = 2_000, unique_share: float = 0.25) -> dict[str, Any]:
    """Time the resolver on ``n`` generated addresses (fresh cache, then warm cache, then no cache)
    and the naive baseline on ``baseline_n`` of them; return rates, ratios and accuracy."""
    addresses, postcodes, expected = generate_addresses(n, unique_share=unique_share)
    resolver = get_resolver()  # built before timing (one-off ≈0.2 s)
    fresh = resolver.fresh()

    rate_cold, t_cold = _rate(lambda: fresh.resolve_many(addresses, postcodes), n)
    rate_warm, _ = _rate(lambda: fresh.resolve_many(addresses, postcodes), n)
    nocache = resolver.fresh(cache_size=0)  # every call misses
    unique = list(dict.fromkeys(zip(addresses, postcodes, strict=True)))
    u_addr = [a for a, _ in unique]
    u_post = [p for _, p in unique]
    rate_nocache, _ = _rate(lambda: nocache.resolve_many(u_addr, u_post), len(unique))

    naive = NaiveResolver()
    sample = addresses[:baseline_n]
    rate_naive, _ = _rate(lambda: [naive.resolve(a) for a in sample], len(sample))

    result = fresh.resolve_many(addresses, postcodes)
    acc = _accuracy(result, expected)
    naive_codes = [naive.resolve(a) for a in sample]
    acc_naive = _accuracy({"adcode": naive_codes, "country": [None] * len(sample)}, expected[:baseline_n])
    return {
        "benchmark": "resolver",
        "addresses": n,
        "distinct_addresses": len(unique),
        "resolver_per_s_realistic_file": round(rate_cold),
        "resolver_seconds_realistic_file": round(t_cold, 3),
        "resolver_per_s_warm_cache": round(rate_warm),
        "resolver_per_s_no_cache": round(rate_nocache),
        "baseline_per_s": round(rate_naive, 1),
        "baseline_addresses_timed": len(sample),
        "speedup_realistic_file": round(rate_cold / rate_naive, 1),
        "speedup_no_cache": round(rate_nocache / rate_naive, 1),
        "target_per_s": 100_000,
        "meets_target": rate_cold >= 100_000,
        "accuracy": acc,
        "baseline_accuracy": acc_naive,
        "machine": _machine(),
    }


def _accuracy(result: dict[str, list[Any]], expected: Sequence[str | None]) -> float:
    checked = hit = 0
    for code, country, exp in zip(result["adcode"], result["country"], expected, strict=False):
        if exp is None:
            continue
        checked += 1
        hit += code == exp or (len(exp) == 2 and country == exp)
    return round(hit / checked, 4) if checked else 1.0


def _machine() -> dict[str, Any]:
    return {
        "python": platform.python_version(),
        "platform": platform.platform(),
        "processor": platform.processor() or platform.machine(),
        "cpus": os.cpu_count(),
    }
