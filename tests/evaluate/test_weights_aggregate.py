"""Weights (entropy, AHP, PCA, equal, expert), aggregation and TOPSIS against published values."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

from ipatlas.errors import EvaluationError
from ipatlas.evaluate import (
    aggregate,
    ahp_weights,
    effective_weights,
    entropy_weights,
    normalise,
    pca_weights,
    run_pipeline,
    topsis,
    topsis_ranking,
    weighted_mean,
)
from ipatlas.evaluate.weights import compute_weights

# Elsayed, Dawood & Karthikeyan (2017), "Evaluating alternatives through the application of TOPSIS
# method with entropy weight", IJETT 46(2): 60–66 — the entropy-weight example used in pymcdm's tests.
ELSAYED = np.array(
    [
        [7, 312, 1891, 6613, 163],
        [72, 88, 728, 941804, 1078],
        [10, 252, 2594, 3466, 117471],
        [10, 145, 980, 2371, 86329],
        [65, 54, 350, 501, 29897],
        [29, 48, 380, 912, 34051],
        [7, 476, 3300, 78470, 2212],
        [70, 87, 650, 733, 819000],
        [4, 86, 591, 3015, 103],
        [12, 79, 579, 3240, 96098],
        [21, 45, 261, 1253, 453],
        [1, 72, 530, 4333, 0.104800],
    ]
)


def test_entropy_weights_of_elsayed_2017():
    w = entropy_weights(ELSAYED)
    assert [round(v, 6) for v in w] == [0.104991, 0.069124, 0.071373, 0.449937, 0.304575]


def test_entropy_zero_handling_rule():
    x = np.array([[0.0, 1.0, 0.0], [0.0, 3.0, 0.5], [0.0, 2.0, 1.0]])
    w = entropy_weights(x)
    assert w[0] == 0.0  # an all-zero column carries no information
    assert w.sum() == pytest.approx(1.0)
    # zeros inside a column count as data with 0·ln 0 = 0, not as an error
    p = np.array([0.0, 0.5, 1.0]) / 1.5
    e = -(p[1:] * np.log(p[1:])).sum() / np.log(3)
    p2 = np.array([1.0, 3.0, 2.0]) / 6
    e2 = -(p2 * np.log(p2)).sum() / np.log(3)
    assert w[2] / w[1] == pytest.approx((1 - e) / (1 - e2))
    with pytest.raises(EvaluationError, match="非负"):
        entropy_weights(np.array([[-1.0, 2.0], [1.0, 3.0]]))
    # the documented "shift" variant
    assert entropy_weights(x, shift=0.0001)[0] == pytest.approx(0.0, abs=1e-12)


def test_ahp_textbook_example():
    # Saaty-scale 3×3 example found in AHP textbooks: priorities ≈ (0.105, 0.258, 0.637), CR ≈ 0.033
    r = ahp_weights([[1, "1/3", "1/5"], [3, 1, "1/3"], [5, 3, 1]])
    np.testing.assert_allclose(r.weights, [0.1047, 0.2583, 0.6370], atol=5e-4)
    assert r.lambda_max == pytest.approx(3.0385, abs=1e-4)
    assert r.ri == 0.58 and r.cr == pytest.approx(0.0332, abs=1e-4) and r.consistent


def test_ahp_rejects_bad_matrices():
    with pytest.raises(EvaluationError, match="互反性"):
        ahp_weights([[1, 3], [3, 1]])
    with pytest.raises(EvaluationError, match="对角线"):
        ahp_weights([[2, 1], [1, 1]])
    bad = ahp_weights([[1, 9, "1/9"], ["1/9", 1, 9], [9, "1/9", 1]])
    assert not bad.consistent and bad.cr > 0.1


@settings(max_examples=50, deadline=None)
@given(arrays(np.float64, st.integers(2, 9), elements=st.floats(0.1, 10.0)))
def test_ahp_consistent_matrix_has_cr_zero_and_recovers_the_weights(w):
    m = w[:, None] / w[None, :]
    r = ahp_weights(m)
    assert r.cr == pytest.approx(0.0, abs=1e-9)
    np.testing.assert_allclose(r.weights, w / w.sum(), rtol=1e-6)


@settings(max_examples=40, deadline=None)
@given(
    arrays(np.float64, st.tuples(st.integers(4, 20), st.integers(2, 6)), elements=st.floats(0.0, 100.0)),
    st.sampled_from(["equal", "entropy", "pca", "meta"]),
)
def test_weights_are_non_negative_and_sum_to_one(x, method):
    codes = [f"c{i}" for i in range(x.shape[1])]
    w, _ = compute_weights(method, codes, x, meta=list(range(1, x.shape[1] + 1)))
    assert np.all(w >= 0)
    assert w.sum() == pytest.approx(1.0)


def test_pca_weights_equal_for_identical_information():
    rng = np.random.default_rng(0)
    f = rng.normal(size=50)
    x = np.column_stack([f, 2 * f + 1, 0.5 * f])
    w, info = pca_weights(x)
    np.testing.assert_allclose(w, [1 / 3] * 3, atol=1e-9)
    assert info["factors"] == 1


def test_weighted_means_by_hand():
    x = np.array([[1.0, 4.0, np.nan], [2.0, 8.0, 4.0]])
    w = np.array([1.0, 1.0, 2.0])
    np.testing.assert_allclose(weighted_mean(x, w, "arithmetic"), [2.5, 4.5])  # NaN dropped, renormalised
    np.testing.assert_allclose(
        weighted_mean(x, w, "geometric"), [2.0, np.exp((np.log(2) + np.log(8) + 2 * np.log(4)) / 4)]
    )
    np.testing.assert_allclose(
        weighted_mean(x, w, "harmonic"), [2 / (1 + 1 / 4), 4 / (1 / 2 + 1 / 8 + 2 / 4)]
    )
    assert np.isnan(weighted_mean(np.array([[np.nan, np.nan, 1.0]]), w, dat_thresh=0.5))[0]
    with pytest.raises(EvaluationError, match="大于 0"):
        weighted_mean(np.array([[0.0, 1.0, 2.0]]), w, "geometric")


@settings(max_examples=60, deadline=None)
@given(
    arrays(np.float64, st.tuples(st.integers(1, 8), st.integers(1, 6)), elements=st.floats(0.5, 100.0)),
    st.sampled_from(["arithmetic", "geometric", "harmonic"]),
)
def test_a_mean_lies_between_the_smallest_and_largest_child(x, method):
    w = np.linspace(1, 2, x.shape[1])
    y = weighted_mean(x, w, method)
    assert np.all(y >= x.min(axis=1) - 1e-9) and np.all(y <= x.max(axis=1) + 1e-9)


def test_level_by_level_aggregation_by_hand(small):
    data, fw = small
    norm, _ = normalise(data, fw, method="minmax", range=(0, 1))
    out, det = aggregate(norm, fw)
    a, b, c, d = (norm[k] for k in "abcd")
    p1 = (a * 1 + b * 3) / 4
    p2 = ((c + d) / 2).where(d.notna(), c)  # U3 has no d: P2 = c alone
    pd.testing.assert_series_equal(out["P1"], p1, check_names=False)
    pd.testing.assert_series_equal(out["P2"], p2, check_names=False)
    pd.testing.assert_series_equal(out["Index"], (2 * p1 + p2) / 3, check_names=False)
    assert det["weights"]["P1"] == {"a": 0.25, "b": 0.75}


def test_entropy_and_ahp_in_a_pipeline(small):
    data, fw = small
    res = run_pipeline(
        data,
        fw,
        {
            "steps": [
                {"normalise": {"method": "minmax", "range": [0, 1]}},
                {
                    "aggregate": {
                        "weights": {
                            "method": "entropy",
                            "levels": [2],
                            "by_level": {
                                3: {
                                    "method": "ahp",
                                    "ahp": {"Index": {"codes": ["P1", "P2"], "matrix": [[1, 3], ["1/3", 1]]}},
                                }
                            },
                        }
                    }
                },
            ]
        },
    )
    w = res.step_details["aggregate"]["weights"]
    assert w["Index"] == pytest.approx({"P1": 0.75, "P2": 0.25})
    assert sum(w["P1"].values()) == pytest.approx(1.0)
    assert res.step_details["aggregate"]["weight_details"]["Index"]["CR"] == 0.0


def test_effective_weights(small):
    _, fw = small
    eff = effective_weights(fw)
    assert eff["a"] == pytest.approx(2 / 3 * 1 / 4) and eff["c"] == pytest.approx(1 / 3 * 1 / 2)
    assert eff.sum() == pytest.approx(1.0)


def test_topsis_opricovic_tzeng_2004():
    # Opricovic & Tzeng (2004), EJOR 156(2): 445–455 — min-max normalisation (pymcdm's test case)
    m = np.array([[1, 2, 5], [3000, 3750, 4500]]).T
    c = topsis(m, [0.5, 0.5], [-1, 1], normalisation="minmax")
    assert [round(v, 3) for v in c] == [0.500, 0.617, 0.500]


def test_topsis_ranking_uses_directions(small):
    data, fw = small
    tp, det = topsis_ranking(data.fillna(0.25), fw)
    assert tp["closeness"].between(0, 1).all()
    assert sum(det["weights"].values()) == pytest.approx(1.0)
    assert set(tp["rank"]) <= set(range(1, 6))


def test_composite_ranks_invariant_under_positive_rescaling_of_an_indicator(small):
    data, fw = small
    spec = {"steps": [{"normalise": {"method": "minmax"}}, {"aggregate": {}}]}
    base = run_pipeline(data, fw, spec).ranks["Index"]
    scaled = data.copy()
    scaled["b"] = scaled["b"] * 1000 + 7  # change of units
    scaled["c"] = scaled["c"] * 0.01
    assert run_pipeline(scaled, fw, spec).ranks["Index"].equals(base)
