"""COINr's ASEM example reproduced: the published results of ``build_example_coin()``.

Published values: COINr vignette "Presenting Results" (``get_results(coin, dset = "Aggregated",
tab_type = "Aggs")``, COINr ≥ 1.0, CRAN) — the six top units with every aggregate, rounded to
two decimals — and the COINr documentation "Visualising results" (``getResults(ASEM)``), whose
top-10 index column continues with AUT 61.90, LUX 61.58, DEU 60.75, MLT 60.36.
"""

from __future__ import annotations

import json

import pytest

COLUMNS = [
    "Index",
    "Conn",
    "Sust",
    "Physical",
    "ConEcFin",
    "Political",
    "Instit",
    "P2P",
    "Environ",
    "Social",
    "SusEcFin",
]
PUBLISHED = {
    "CHE": (1, [68.38, 62.79, 73.98, 63.41, 32.87, 74.78, 85.94, 56.93, 77.21, 87.85, 56.88]),
    "NLD": (2, [64.82, 61.94, 67.70, 64.87, 46.62, 84.55, 71.74, 41.92, 58.73, 86.58, 57.78]),
    "DNK": (3, [64.80, 57.10, 72.51, 50.52, 30.43, 78.13, 75.35, 51.04, 69.83, 86.40, 61.29]),
    "NOR": (4, [64.47, 57.44, 71.50, 58.18, 25.70, 80.03, 89.46, 33.80, 70.90, 87.00, 56.59]),
    "BEL": (5, [63.54, 63.99, 63.09, 71.97, 48.22, 80.84, 75.60, 43.32, 53.01, 86.17, 50.09]),
    "SWE": (6, [63.00, 53.87, 72.12, 51.51, 23.87, 80.98, 74.51, 38.50, 66.37, 87.74, 62.27]),
}
PUBLISHED_INDEX_7_10 = {"AUT": (7, 61.90), "LUX": (8, 61.58), "DEU": (9, 60.75), "MLT": (10, 60.36)}


def test_switzerland_rank_one_index_68_38(asem_result):
    r = asem_result
    assert r.ranks.loc["CHE", "Index"] == 1
    assert r.scores.loc["CHE", "Index"] == pytest.approx(68.38, abs=0.01)


@pytest.mark.parametrize("unit", list(PUBLISHED))
def test_every_published_aggregate_of_the_top_six(asem_result, unit):
    rank, values = PUBLISHED[unit]
    assert int(asem_result.ranks.loc[unit, "Index"]) == rank
    for col, v in zip(COLUMNS, values, strict=True):
        assert asem_result.scores.loc[unit, col] == pytest.approx(v, abs=0.005 + 1e-9), col


def test_index_of_ranks_seven_to_ten(asem_result):
    for unit, (rank, v) in PUBLISHED_INDEX_7_10.items():
        assert int(asem_result.ranks.loc[unit, "Index"]) == rank
        assert asem_result.scores.loc[unit, "Index"] == pytest.approx(v, abs=0.005 + 1e-9)


def test_pipeline_steps_behave_as_coinr(asem_result):
    det = asem_result.step_details
    # 65 missing points (COINr: "Missing data points detected = 65"), all imputed by group mean
    assert det["impute"]["imputed_total"] == 65
    assert det["impute"]["still_missing"] == {}
    # COINr screens the imputed set: nobody is below 90 % availability
    assert det["screen"]["removed"] == []
    assert len(asem_result.scores) == 51
    # normalised indicators lie in [0, 100] and the framework has 49 indicators
    norm = asem_result.datasets["normalise"]
    assert norm.min().min() == pytest.approx(0.0) and norm.max().max() == pytest.approx(100.0)
    assert len(asem_result.framework.indicators) == 49
    treated = det["treat"]["treated"]
    assert treated["Bord"]["status"] == "winsorised" and treated["Bord"]["winsorised"] == 3
    assert all(d["winsorised"] <= 5 for d in treated.values())


def test_cli_composite_json_prints_every_aggregate_and_rank(asem_paths, cli, tmp_path):
    data, meta = asem_paths
    code, stdout, _ = cli(
        "composite",
        "--data",
        str(data),
        "--meta",
        str(meta),
        "--pipeline",
        "coinr-asem",
        "--json",
        "--log-dir",
        str(tmp_path),
    )
    assert code == 0
    out = json.loads(stdout)
    first = out["units"][0]
    assert first["unit"] == "CHE" and first["rank"] == 1
    assert set(first["scores"]) == set(COLUMNS)
    assert first["scores"]["Index"] == pytest.approx(68.38, abs=0.01)
    assert len(out["units"]) == 51
    assert [a["code"] for a in out["aggregates"]][:3] == ["Index", "Conn", "Sust"]
    assert out["run"]["log"] and (tmp_path / out["run"]["log"].split("/")[-1]).is_file()


def test_cli_composite_human_output_in_chinese(asem_paths, cli, tmp_path):
    data, meta = asem_paths
    code, out, _ = cli(
        "composite",
        "--data",
        str(data),
        "--meta",
        str(meta),
        "--pipeline",
        "coinr-asem",
        "--log-dir",
        str(tmp_path),
    )
    assert code == 0
    assert "综合评价结果" in out and "CHE" in out and "68.38" in out and "运行日志" in out
