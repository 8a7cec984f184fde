"""The figure links the dashboard writes by hand (for speed) are exactly what ``urlencode`` writes."""

from __future__ import annotations

from urllib.parse import urlencode

import pytest

from ipatlas.regions.hierarchy import NATION
from ipatlas.web.services.measures import record_link, series_link


@pytest.mark.parametrize(
    ("indicator", "region", "year"),
    [
        ("pat_app_total", "500101", 2023),
        ("x y&z=1", None, 2020),
        ("中文/指标", "", 1999),
        ("a+b%", "100000", 0),
    ],
)
def test_links_equal_urlencode(indicator: str, region: str | None, year: int) -> None:
    records = urlencode({"region": region or NATION, "year": year, "id": indicator})
    assert record_link(indicator, region, year) == "/indicators/records?" + records
    series = urlencode({"region": region or "", "id": indicator})
    assert series_link(indicator, region) == "/indicators/series.json?" + series
