"""Layout maps: print-quality PNG/SVG with title, legend, north arrow, scale and source; the
classes and values equal an independent computation on the cube."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import mapclassify
import numpy as np
import pytest
from PIL import Image

from ipatlas.errors import NotFoundError


def test_svg_map_has_all_map_elements(cube_settings: Any, tmp_path: Path) -> None:
    from ipatlas.indicators import ranking
    from ipatlas.reports import render_indicator_map

    res = render_indicator_map(
        cube_settings, "inv_per_10k_pop", 2025, region="500000", fmt="svg", out=tmp_path / "m.svg"
    )
    svg = res.path.read_text("utf-8")
    assert "重庆市各区县每万人口发明专利拥有量（2025年）" in svg
    assert "北" in svg and "千米" in svg and "数据来源" in svg and "图例（件/万人）" in svg
    assert "演示数据" in svg
    rows = ranking(cube_settings, "county", "500000", 2025, "inv_per_10k_pop")
    cube_values = {r["region_code"]: r["value"] for r in rows}
    assert res.summary["values"] == cube_values
    arr = np.array([v for v in cube_values.values() if v is not None])
    bins = sorted(set(mapclassify.FisherJenks(arr, k=5).bins.tolist()))
    assert res.summary["classes"] == pytest.approx(bins)
    # the legend prints the class bounds with the indicator's decimals
    assert f"{bins[-1]:.2f}" in svg


def test_png_map_is_print_resolution(cube_settings: Any, artifacts: Path) -> None:
    from ipatlas.reports import render_indicator_map

    res = render_indicator_map(
        cube_settings, "pat_app_total", 2025, fmt="png", out=artifacts / "map-apps.png"
    )
    with Image.open(res.path) as im:
        w, h = im.size
        dpi = im.info.get("dpi", (0, 0))[0]
    assert w >= 1300 and h >= 1100
    assert round(dpi) >= 200
    assert res.summary["region"] == "500000" and res.summary["units"] == 38


def test_county_map_highlights_and_errors(cube_settings: Any, tmp_path: Path) -> None:
    from ipatlas.reports import render_indicator_map

    res = render_indicator_map(
        cube_settings, "inv_per_10k_pop", 2025, region="500112", fmt="svg", out=tmp_path / "c.svg"
    )
    assert res.summary["region"] == "500000"  # a county is drawn within its city
    with pytest.raises(NotFoundError):
        render_indicator_map(cube_settings, "no_such_indicator", 2025, fmt="png", out=tmp_path / "x.png")
    assert re.search(r"<svg", res.path.read_text("utf-8"))
