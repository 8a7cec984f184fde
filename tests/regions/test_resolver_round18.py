"""Round 18 of the address resolver: a county-level city's short name at the start of a market's
address (义乌佛堂下市农贸市场). 市场 is an address word as 广场 is, so the lone short name there names the
unit. The first group fails on main (8349528); the others are guards. Real rows: BENCHMARKS.md, round 18.
"""

from __future__ import annotations

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
