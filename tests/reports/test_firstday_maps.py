"""Maps that may be published: every national map has all 34 provincial-level units and the South
China Sea (the dashed line on the web map, the 南海诸岛 inset on print maps); 海南's maps have the
inset; a city's map has neither."""

from __future__ import annotations

import json
from typing import Any

import shapely

from ipatlas.regions import boundaries, get_registry
from ipatlas.reports.maps import MapSpec, draw_map, map_context

THE_34 = {
    "北京市",
    "天津市",
    "河北省",
    "山西省",
    "内蒙古自治区",
    "辽宁省",
    "吉林省",
    "黑龙江省",
    "上海市",
    "江苏省",
    "浙江省",
    "安徽省",
    "福建省",
    "江西省",
    "山东省",
    "河南省",
    "湖北省",
    "湖南省",
    "广东省",
    "广西壮族自治区",
    "海南省",
    "重庆市",
    "四川省",
    "贵州省",
    "云南省",
    "西藏自治区",
    "陕西省",
    "甘肃省",
    "青海省",
    "宁夏回族自治区",
    "新疆维吾尔自治区",
    "台湾省",
    "香港特别行政区",
    "澳门特别行政区",
}


def _features(fc: dict[str, Any], level: str) -> list[dict[str, Any]]:
    return [f for f in fc["features"] if f["properties"]["level"] == level]


def test_national_web_map_has_all_34_units_and_the_dashed_line() -> None:
    fc = boundaries.feature_collection("province")
    names = {f["properties"]["name"] for f in _features(fc, "province")}
    assert names == THE_34
    lines = [f for f in _features(fc, "line") if f["properties"]["name"] == boundaries.SCS_LINE]
    assert len(lines) == 1
    # the dashed line lies in the South China Sea and reaches south of 5°N (曾母暗沙)
    minx, miny, maxx, _ = shapely.from_geojson(json.dumps(lines[0]["geometry"])).bounds
    assert minx > 105 and maxx < 125 and miny < 5
    # 台湾/香港/澳门 have no records: flagged, never given a value
    extra = {f["properties"]["name"] for f in fc["features"] if f["properties"].get("no_data")}
    assert extra == {"台湾省", "香港特别行政区", "澳门特别行政区"}
    # the national county map carries them too
    counties = boundaries.feature_collection("county")
    assert {"台湾省", "香港特别行政区", "澳门特别行政区"} <= {
        f["properties"]["name"] for f in counties["features"]
    }


def test_hainan_map_has_the_dashed_line_and_a_city_map_has_none() -> None:
    hainan = boundaries.feature_collection("city", "460000")
    assert [f["properties"]["name"] for f in _features(hainan, "line")] == [boundaries.SCS_LINE]
    assert "三沙市" in {f["properties"]["name"] for f in _features(hainan, "city")}
    chongqing = boundaries.feature_collection("county", "500000")
    assert not _features(chongqing, "line")
    assert not any(f["properties"].get("no_data") for f in chongqing["features"])


def test_print_map_of_china_draws_34_units_and_the_inset() -> None:
    reg = get_registry()
    provinces = reg.all("province")
    assert len(provinces) == 31  # the statistical codes; the three others come from the map data
    geoms = boundaries.geometries([p.code for p in provinces])
    meta: dict[str, Any] = {}
    svg = draw_map(
        geoms,
        {p.code: float(i) for i, p in enumerate(provinces)},
        {p.code: p.name for p in provinces},
        MapSpec(title="全国测试图", unit="件"),
        fmt="svg",
        meta=meta,
    ).decode("utf-8")
    assert len(meta["units"]) == boundaries.PROVINCIAL_UNITS == 34
    assert {"710000", "810000", "820000"} <= set(meta["units"])
    assert meta["inset"] and meta["national"] and boundaries.SCS_LINE in meta["lines"]
    assert "南海诸岛" in svg and "台湾省" in svg and "无数据" in svg
    assert "审图号" in svg  # the attribution says the source has none


def test_print_map_of_a_city_has_no_inset_and_of_hainan_has_one() -> None:
    reg = get_registry()
    cq = [c.code for c in reg.children("500000")]
    assert map_context(boundaries.geometries(cq)) == (False, False)
    hn = [c.code for c in reg.children("460000")]
    meta: dict[str, Any] = {}
    draw_map(
        boundaries.geometries(hn),
        {c: 1.0 for c in hn},
        {c: c for c in hn},
        MapSpec(title="海南测试图"),
        meta=meta,
        dpi=60,
    )
    assert meta["inset"] and not meta["national"] and meta["lines"] == [boundaries.SCS_LINE]
    assert "710000" not in meta["units"]
