"""The national benchmark's own pieces: national places, cube comparison, memory, projection.
(The benchmark itself is a CLI command, `ipatlas bench national`, not a test.)"""

from __future__ import annotations

import os
from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from ipatlas.config import Settings
from ipatlas.indicators.bench import generate_patents, national_places
from ipatlas.indicators.national import compare_cubes, project_cluster, tree_rss


def _cube(values: list[float | None], codes: list[str]) -> pa.Table:
    n = len(values)
    return pa.table(
        {
            "region_level": ["county"] * n,
            "region_code": codes,
            "industry": ["ALL"] * n,
            "year": [2020] * n,
            "indicator": ["inv_per_10k_pop"] * n,
            "counting": ["first-ipc+first-applicant"] * n,
            "value": pa.array(values, pa.float64()),
            "reason": [None] * n,
        }
    )


def test_compare_cubes_finds_missing_and_different_rows(tmp_path: Path) -> None:
    a, b, c = tmp_path / "a.parquet", tmp_path / "b.parquet", tmp_path / "c.parquet"
    pq.write_table(_cube([1.0, None, 3.0], ["1", "2", "3"]), a)
    pq.write_table(_cube([1.0 + 1e-12, None, 3.0], ["1", "2", "3"]), b)  # float noise only
    pq.write_table(_cube([1.5, 0.0, 3.0, 4.0], ["1", "2", "3", "4"]), c)
    same = compare_cubes(a, b)
    assert same["identical"] and same["rows"] == 3
    diff = compare_cubes(a, c)
    assert not diff["identical"]
    assert (diff["values_differ"], diff["only_spark"], diff["only_duckdb"]) == (2, 1, 0)


def test_cluster_projection_follows_amdahl() -> None:
    # 100 s on one core, 60 s on two: parallel share 0.8
    p = project_cluster(100.0, 60.0, 2, [4, 8])
    assert p["parallel_share"] == pytest.approx(0.8)
    assert p["projected_s"]["4"] == pytest.approx(100 * (0.2 + 0.8 / 16), abs=0.1)
    assert p["projected_s"]["8"] < p["projected_s"]["4"]
    assert project_cluster(100.0, 60.0, 1, [4]) == {}


def test_tree_rss_counts_this_process() -> None:
    assert tree_rss(os.getpid()) > 10 * 2**20
    assert tree_rss(2**22 + 12345) == 0  # no such process


def test_national_records_carry_their_city_and_province(settings: Settings) -> None:
    pl = national_places(settings)
    assert len(pl.counties) > 2000 and abs(float(np.sum(pl.weights)) - 1) < 1e-9
    t = generate_patents(
        20_000, pl.counties, pl.weights, 7, cities=pl.cities, provinces=pl.provinces
    ).to_pydict()
    provinces = {p for p in t["province_code"] if p}
    assert len(provinces) > 20  # spread over the country, not Chongqing only
    of = {c: (ci, p) for c, ci, p in zip(pl.counties, pl.cities or [], pl.provinces or [], strict=True)}
    for ad, city, prov in zip(t["adcode"], t["city_code"], t["province_code"], strict=True):
        if ad is not None:
            assert (city, prov) == of[ad]
