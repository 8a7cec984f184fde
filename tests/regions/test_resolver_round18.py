"""Round 18 of the address resolver: a county-level city's or district's short name at the start of the
text, followed by a market (义乌佛堂下市农贸市场: 市场 is an address word as 广场 is) or by a town of its
prefecture written without 镇 (晋江磁灶; the towns come from data/gi_towns.csv.gz, built by
scripts/build_gi_towns.py from the GI-product file). The first two groups fail on main (8349528); the
others are guards. Real rows: BENCHMARKS.md, round 18.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from ipatlas.regions.resolver import get_resolver


@pytest.mark.parametrize(
    ("address", "code"),
    [
        ("晋江安海水产批发市场", "350582"),
        ("慈溪周巷农贸市场", "330282"),
        ("南安水头石材市场", "350583"),
    ],
)
def test_market_after_short_name(address: str, code: str) -> None:
    r = get_resolver().fresh(cache_size=0).resolve(address)
    assert (r.adcode, r.level) == (code, "county"), r


@pytest.mark.parametrize(
    ("address", "code"),
    [("南安官桥", "350583"), ("义乌佛堂", "330782"), ("晋江安海", "350582")],
)
def test_town_without_zhen(address: str, code: str) -> None:
    r = get_resolver().fresh(cache_size=0).resolve(address)
    assert (r.adcode, r.level) == (code, "county"), r


@pytest.mark.parametrize(
    "text",
    # 佛堂 is a town of 金华, not of 晋江's prefecture: no reading.
    ["晋江佛堂", "合作期满"],
)
def test_town_of_another_prefecture(text: str) -> None:
    r = get_resolver().fresh(cache_size=0).resolve(text)
    assert r.level == "none", r


@pytest.mark.parametrize(
    "text",
    ["合作期满", "光明村", "市场监督管理局"],
)
def test_no_place_read(text: str) -> None:
    r = get_resolver().fresh(cache_size=0).resolve(text)
    assert r.level == "none", r


def test_road_named_after_place_unchanged() -> None:
    # A road named after a place stays a road (labelling rule: streets named after places are ignored).
    r = get_resolver().fresh(cache_size=0).resolve("天河北路市场")
    assert r.level == "none", r


def test_town_table_rebuilds_identically(tmp_path: Path) -> None:
    root = Path(__file__).resolve().parents[2]
    if not (root.parent / "shared" / "data" / "gi_products_2005_2023.json").exists():
        pytest.fail("../shared/data/gi_products_2005_2023.json missing")
    out = tmp_path / "gi_towns.csv.gz"
    env = {**os.environ, "PYTHONPATH": str(root / "src")}
    res = subprocess.run(
        [sys.executable, str(root / "scripts" / "build_gi_towns.py"), "--out", str(out)],
        capture_output=True,
        text=True,
        timeout=120,
        env=env,
    )
    assert res.returncode == 0, res.stderr
    assert (
        out.read_bytes() == (root / "src" / "ipatlas" / "regions" / "data" / "gi_towns.csv.gz").read_bytes()
    )
