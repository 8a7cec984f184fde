"""Monte Carlo uncertainty and sensitivity analysis."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from ipatlas.errors import EvaluationError
from ipatlas.evaluate import normalise, run_pipeline, sensitivity_analysis
from ipatlas.evaluate.aggregate import aggregate
from ipatlas.evaluate.bench import run_benchmark, synthetic_problem


@pytest.fixture(scope="module")
def problem():
    return synthetic_problem(12, 10, seed=3)


def test_nominal_run_equals_the_pipeline(problem):
    data, fw = problem
    res = sensitivity_analysis(
        data, fw, n_runs=100, nominal_normalisation={"method": "minmax", "range": [1, 100]}
    )
    norm, _ = normalise(data, fw, method="minmax", range=(1, 100))
    agg, _ = aggregate(norm, fw)
    np.testing.assert_allclose(res.nominal_scores.reindex(agg.index), agg["Index"], rtol=1e-12)


def test_no_uncertainty_means_degenerate_intervals(problem):
    data, fw = problem
    res = sensitivity_analysis(
        data,
        fw,
        n_runs=50,
        weight_noise=0.0,
        normalisations=[{"method": "minmax", "range": [1, 100]}],
        aggregations=["arithmetic"],
    )
    rs = res.rank_stats
    assert (rs["min_rank"] == rs["nominal_rank"]).all() and (rs["max_rank"] == rs["nominal_rank"]).all()
    assert res.indices.isna().all().all()  # no variance to explain


def test_a_single_uncertain_choice_explains_all_variance(problem):
    data, fw = problem
    res = sensitivity_analysis(data, fw, n_runs=3000, factors=["aggregation"], seed=5)
    assert res.indices.loc["aggregation", "S1"] == pytest.approx(1.0, abs=0.1)
    assert res.indices.loc["aggregation", "ST"] == pytest.approx(1.0, abs=0.1)


def test_rank_intervals_and_first_order_indices(problem):
    data, fw = problem
    res = sensitivity_analysis(data, fw, n_runs=1000, seed=1)
    assert res.runs == 1000 and res.base_samples == 200
    rs = res.rank_stats
    assert (rs["min_rank"] <= rs["q05"]).all() and (rs["q05"] <= rs["median_rank"]).all()
    assert (rs["median_rank"] <= rs["q95"]).all() and (rs["q95"] <= rs["max_rank"]).all()
    assert rs["min_rank"].min() >= 1 and rs["max_rank"].max() <= len(data)
    s1 = res.indices["S1"]
    assert set(s1.index) == {"weights", "normalisation", "aggregation"}
    assert (s1 > -0.2).all() and (s1 < 1.2).all()  # estimates of shares (sampling noise allowed)
    d = res.to_dict()
    assert len(d["rank_intervals"]) == len(data) and d["sensitivity"]["output"] == "mean_abs_rank_shift"
    assert set(d["unit_first_order"][rs.index[0]]) == {"weights", "normalisation", "aggregation"}


def test_seeded_and_reproducible(problem):
    data, fw = problem
    a = sensitivity_analysis(data, fw, n_runs=200, seed=9)
    b = sensitivity_analysis(data, fw, n_runs=200, seed=9)
    pd.testing.assert_frame_equal(a.rank_stats, b.rank_stats)
    pd.testing.assert_frame_equal(a.indices, b.indices)


def test_geometric_with_non_positive_values_is_refused(problem):
    data, fw = problem
    with pytest.raises(EvaluationError, match="几何"):
        sensitivity_analysis(data, fw, normalisations=[{"method": "minmax", "range": [0, 100]}])


def test_pipeline_spec_drives_the_analysis(problem):
    data, fw = problem
    res = run_pipeline(
        data,
        fw,
        {
            "steps": [{"normalise": {"method": "minmax", "range": [1, 100]}}, {"aggregate": {}}],
            "sensitivity": {"n_runs": 250, "seed": 2, "weight_noise": 0.1},
        },
    )
    assert res.sensitivity.runs == 250
    assert res.sensitivity.options["weight_noise"] == 0.1
    np.testing.assert_allclose(res.sensitivity.nominal_scores.reindex(res.scores.index), res.scores["Index"])


def test_benchmark_baselines_agree_with_the_engine():
    r = run_benchmark(n_units=8, n_indicators=10, n_runs=50, baseline_runs=5)
    assert r["ranks_identical"] and r["max_abs_score_difference"] < 1e-9
    assert r["runs"] == 50


def test_cli_bench_evaluate_json(cli):
    import json

    code, out, _ = cli(
        "bench",
        "evaluate",
        "--regions",
        "8",
        "--indicators",
        "10",
        "--runs",
        "50",
        "--baseline-runs",
        "3",
        "--json",
    )
    assert code == 0
    doc = json.loads(out)
    assert doc["runs"] == 50 and doc["ranks_identical"] is True
    assert doc["baseline_runs_timed"] == 3 and doc["speedup"] > 0
