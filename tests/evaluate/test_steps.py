"""Denominate, impute, screen, treat and normalise against small hand computations."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy import stats

from ipatlas.errors import EvaluationError
from ipatlas.evaluate import Framework, denominate, impute, normalise, normalise_array, screen, treat
from ipatlas.evaluate.normalise import output_range
from ipatlas.evaluate.treat import check_skew_kurt, kurtosis, log_ct, skewness, treat_vector, winsorise


def fw_one(extra=()):
    return Framework.from_records(
        [
            {"code": "I", "level": 2, "type": "Aggregate"},
            {"code": "x", "level": 1, "parent": "I", "type": "Indicator", "denominator": "pop"},
            {"code": "y", "level": 1, "parent": "I", "type": "Indicator"},
            {"code": "pop", "type": "Denominator"},
            {"code": "g", "type": "Group"},
            *extra,
        ]
    )


def test_denominate_divides_and_never_gives_infinity():
    df = pd.DataFrame({"x": [10.0, 20.0, 5.0], "y": [1.0, 2.0, 3.0], "pop": [2.0, 0.0, np.nan]})
    out, det = denominate(df, fw_one())
    assert out["x"].tolist()[0] == 5.0 and math.isnan(out["x"].iloc[1]) and math.isnan(out["x"].iloc[2])
    assert out["y"].tolist() == [1.0, 2.0, 3.0]
    assert det["denominated"]["x"]["missing_denominator"] == 2
    out2, _ = denominate(df, fw_one(), scale={"x": 10000})
    assert out2["x"].iloc[0] == 50000.0


def test_impute_methods():
    df = pd.DataFrame(
        {
            "x": [1.0, np.nan, 3.0, 10.0, np.nan],
            "y": [1.0, 2.0, 3.0, 4.0, 5.0],
            "g": ["a", "a", "a", "b", "b"],
        }
    )
    fw = fw_one()
    assert impute(df, fw, method="mean")[0]["x"].tolist() == [1.0, 14 / 3, 3.0, 10.0, 14 / 3]
    assert impute(df, fw, method="median")[0]["x"].tolist() == [1.0, 3.0, 3.0, 10.0, 3.0]
    gm, det = impute(df, fw, method="group_mean", group="g")
    assert gm["x"].tolist() == [1.0, 2.0, 3.0, 10.0, 10.0]
    assert det["imputed_total"] == 2
    assert impute(df, fw, method="group_median", group="g")[0]["x"].tolist() == [1.0, 2.0, 3.0, 10.0, 10.0]
    none, det = impute(df, fw, method="none")
    assert none["x"].isna().sum() == 2 and det["missing"] == {"x": 2}
    with pytest.raises(EvaluationError, match="需要参数 group"):
        impute(df, fw, method="group_mean")


def test_screen_by_availability_and_force():
    df = pd.DataFrame({"x": [1.0, np.nan, np.nan], "y": [1.0, 2.0, np.nan]}, index=["A", "B", "C"])
    kept, det = screen(df, fw_one(), by="na", threshold=0.5)
    assert list(kept.index) == ["A", "B"] and det["removed"] == ["C"]
    kept, _ = screen(df, fw_one(), by="na", threshold=0.9, force_include=["B"])
    assert list(kept.index) == ["A", "B"]
    z = pd.DataFrame({"x": [0.0, 1.0], "y": [0.0, 2.0]}, index=["A", "B"])
    kept, _ = screen(z, fw_one(), by="zeros", nonzero_threshold=0.5)
    assert list(kept.index) == ["B"]


def test_skew_and_kurtosis_are_the_bias_corrected_sample_statistics():
    x = np.array([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 30, 100.0])
    assert skewness(x) == pytest.approx(stats.skew(x, bias=False))
    assert kurtosis(x) == pytest.approx(stats.kurtosis(x, bias=False))
    # COINr rule: fails only when |skew| ≥ 2 AND kurtosis ≥ 3.5
    assert check_skew_kurt(x) is False
    assert check_skew_kurt(np.arange(20.0)) is True


def _reference_winsorise(x, winmax):
    """Plain transcription of COINr's loop: cap the max (skew ≥ 0) or min by the next value."""
    x = list(x)
    steps = 0
    while not (abs(stats.skew(x, bias=False)) < 2 or stats.kurtosis(x, bias=False) < 3.5) and steps < winmax:
        if stats.skew(x, bias=False) >= 0:
            top = max(x)
            nxt = max(v for v in x if v != top)
            x = [nxt if v == top else v for v in x]
        else:
            bot = min(x)
            nxt = min(v for v in x if v != bot)
            x = [nxt if v == bot else v for v in x]
        steps += 1
    return x, steps


@pytest.mark.parametrize(
    "x",
    [
        [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 30, 100.0],
        [*range(1, 16), 40, 60, 100.0],
        [1.0] * 20 + [10.0**k for k in range(1, 9)],
        [-(10.0**k) for k in range(1, 6)] + [0.0] * 25,  # low outliers
    ],
)
def test_winsorise_matches_a_plain_transcription_of_coinr(x):
    got, nwin, hi, lo = winsorise(np.array(x, dtype=float), winmax=5)
    ref, steps = _reference_winsorise(x, 5)
    np.testing.assert_allclose(got, ref)
    # COINr's count: points tied at the last capped value = number of capping steps on one side
    assert nwin == steps
    assert (hi or lo) and len(hi) + len(lo) == steps


def test_log_transform_when_winsorising_five_points_is_not_enough():
    x = np.array([float(i) for i in range(1, 46)] + [1000.0 + i for i in range(6)])
    out, det = treat_vector(x)
    assert det["status"] == "log_CT" and det["winsorise_attempted"] == 5
    # applied to the ORIGINAL values (COINr combine_treat = FALSE)
    np.testing.assert_allclose(out, np.log(x - x.min() + 0.01 * (x.max() - x.min())))
    np.testing.assert_allclose(out, log_ct(x))
    # COINr keeps the log transform even when the result still fails the test
    y = np.array([1.0] * 45 + [1000.0 + i for i in range(6)])
    out, det = treat_vector(y)
    assert det["status"] == "log_CT" and det["passes_after"] is False


def test_treat_frame_reports_units(small):
    data, fw = small
    data = data.copy()
    data["a"] = [1.0, 1.1, 1.2, 1.3, 50.0]
    out, det = treat(data, fw)
    assert det["treated"]["a"]["status"] == "winsorised"
    assert det["treated"]["a"]["win_high"] == ["U5"]
    assert out.loc["U5", "a"] == 1.3
    assert "b" not in det["treated"]  # passes the skew/kurtosis test untouched
    assert out["b"].equals(data["b"])
    assert treat(data, fw, method="none")[0].equals(data)


def test_normalise_methods_on_known_vector():
    x = np.array([2.0, 4.0, 6.0, np.nan, 10.0])
    np.testing.assert_allclose(normalise_array(x, "minmax"), [0, 25, 50, np.nan, 100])
    np.testing.assert_allclose(normalise_array(x, "minmax", direction=-1), [100, 75, 50, np.nan, 0])
    z = normalise_array(x, "zscore", m_sd=(10, 2))
    assert np.nanmean(z) == pytest.approx(10) and np.nanstd(z, ddof=1) == pytest.approx(2)
    np.testing.assert_allclose(normalise_array(x, "rank"), [1, 2, 3, np.nan, 4])
    np.testing.assert_allclose(normalise_array(x, "percentile"), [0, 1 / 3, 2 / 3, np.nan, 1])
    np.testing.assert_allclose(normalise_array(x, "dist2max"), [0, 0.25, 0.5, np.nan, 1])
    np.testing.assert_allclose(normalise_array(x, "goalposts", goalposts=(4, 8)), [0, 0, 50, np.nan, 100])
    np.testing.assert_allclose(
        normalise_array(x, "goalposts", goalposts=(4, 8), direction=-1), [100, 100, 50, np.nan, 0]
    )


def test_goalposts_from_the_framework():
    fw = fw_one()
    fw.table.loc["x", ["goalpost_low", "goalpost_high"]] = [0.0, 10.0]
    fw.table.loc["y", ["goalpost_low", "goalpost_high"]] = [0.0, 4.0]
    df = pd.DataFrame({"x": [5.0, 20.0], "y": [1.0, 2.0]})
    out, _ = normalise(df, fw, method="goalposts")
    assert out["x"].tolist() == [50.0, 100.0] and out["y"].tolist() == [25.0, 50.0]


finite = st.floats(min_value=-1e6, max_value=1e6, allow_nan=False)


@settings(max_examples=60, deadline=None)
@given(
    st.lists(finite, min_size=2, max_size=30).filter(lambda v: max(v) - min(v) > 1e-3),
    st.sampled_from(["minmax", "percentile", "dist2max", "goalposts"]),
)
def test_scores_inside_the_normalisation_range(values, method):
    x = np.array(values)
    kw = {"goalposts": (min(values) + 1, max(values) - 1)} if method == "goalposts" else {}
    if method == "goalposts" and kw["goalposts"][0] >= kw["goalposts"][1]:
        kw = {"goalposts": (min(values), max(values))}
    y = normalise_array(x, method, **kw)
    lo, hi = output_range(method, **({"scale": 100} if method == "goalposts" else {}))
    assert np.all(y >= lo - 1e-9) and np.all(y <= hi + 1e-9)


@settings(max_examples=60, deadline=None)
@given(
    st.lists(st.integers(-10_000, 10_000), min_size=3, max_size=30, unique=True).map(
        lambda v: [float(i) for i in v]
    ),
    st.floats(min_value=1e-3, max_value=1e3),
    st.floats(min_value=-1e3, max_value=1e3),
    st.sampled_from(["minmax", "zscore", "rank", "percentile", "dist2max"]),
)
def test_normalised_values_invariant_under_positive_affine_change_of_units(values, a, b, method):
    x = np.array(values)
    np.testing.assert_allclose(normalise_array(x, method), normalise_array(a * x + b, method), atol=1e-6)
