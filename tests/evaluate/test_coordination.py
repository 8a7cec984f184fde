"""Coupling coordination degree: the three formulas against a published worked example."""

from __future__ import annotations

import json
import math

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ipatlas.errors import InputError
from ipatlas.evaluate import band_of, coupling_coordination, coupling_degree

# Worked example of the CRAN package `coupling` (W. Lyu), vignette "Coupling Coordination Degree
# Model and Metacoupling Analysis": the first six Guangzhou units (gzma data, four subsystems,
# min-max normalised) and their C and D by the standard, Wang and Fan formulas (equal weights).
U = [
    [0.8179733, 0.3246648, 0.6590316, 0.1308531],
    [0.3020233, 0.1318888, 0.4046987, 0.5173794],
    [0.9209903, 0.3353516, 0.6921477, 0.3141320],
    [0.9604095, 0.3914758, 0.7099999, 0.4316421],
    [0.9061589, 0.3473603, 0.7297774, 0.6909494],
    [0.9456379, 0.4391423, 0.7304117, 0.4792905],
]
PUBLISHED = {
    "classic": [
        (0.8051958, 0.6237105),
        (0.8914577, 0.5497290),
        (0.8999423, 0.7134825),
        (0.9346128, 0.7632959),
        (0.9440912, 0.7944703),
        (0.9519923, 0.7858001),
    ],
    "wang": [
        (0.4722274, 0.4776480),
        (0.6211236, 0.4588675),
        (0.5375842, 0.5514412),
        (0.5861986, 0.6045044),
        (0.6640321, 0.6662930),
        (0.6319211, 0.6402164),
    ],
    "fan": [
        (0.4593785, 0.4711049),
        (0.7164548, 0.4928249),
        (0.4915051, 0.5272784),
        (0.5399620, 0.5801746),
        (0.5951898, 0.6308098),
        (0.5907777, 0.6190239),
    ],
}


@pytest.mark.parametrize("method", list(PUBLISHED))
def test_published_worked_example(method):
    df = pd.DataFrame(U, columns=["PS", "EL", "OH", "IL"], index=[f"u{i}" for i in range(1, 7)])
    out = coupling_coordination(df, method=method)
    for (c, d), (_, row) in zip(PUBLISHED[method], out.iterrows(), strict=True):
        assert row["C"] == pytest.approx(c, abs=5e-7)
        assert row["D"] == pytest.approx(d, abs=5e-7)


def test_two_subsystem_classic_form():
    u = np.array([[0.3, 0.8]])
    assert coupling_degree(u, "classic")[0] == pytest.approx(2 * math.sqrt(0.24) / 1.1)
    # Wang for n = 2: √((1 − |U1 − U2|) · min/max)
    assert coupling_degree(u, "wang")[0] == pytest.approx(math.sqrt((1 - 0.5) * 0.3 / 0.8))
    # Fan: 1 − 2σ (population s.d.)
    assert coupling_degree(u, "fan")[0] == pytest.approx(1 - 2 * 0.25)


def test_ten_bands():
    assert band_of(0.05) == (1, "极度失调")
    assert band_of(0.1) == (2, "严重失调")
    assert band_of(0.5) == (6, "勉强协调")
    assert band_of(0.89) == (9, "良好协调")
    assert band_of(1.0) == (10, "优质协调")
    assert band_of(float("nan")) == (None, None)


@settings(max_examples=80, deadline=None)
@given(
    st.lists(st.floats(0.0, 1.0), min_size=2, max_size=6),
    st.sampled_from(["classic", "wang", "fan"]),
)
def test_c_t_d_stay_in_unit_interval_and_balance_maximises_c(u, method):
    arr = np.array([u])
    c = coupling_degree(arr, method)[0]
    assert -1e-9 <= c <= 1 + 1e-9
    eq = coupling_degree(np.full((1, len(u)), max(max(u), 0.01)), method)[0]
    assert eq == pytest.approx(1.0)
    out = coupling_coordination(pd.DataFrame(arr), method=method)
    assert 0 <= out["D"].iloc[0] <= 1 + 1e-9


def test_weights_and_input_checks():
    df = pd.DataFrame({"a": [0.2, 0.9], "b": [0.4, 0.1]}, index=["x", "y"])
    out = coupling_coordination(df, weights=[3, 1])
    assert out.loc["x", "T"] == pytest.approx(0.75 * 0.2 + 0.25 * 0.4)
    with pytest.raises(InputError, match="第 3 行，字段「b」"):
        coupling_coordination(pd.DataFrame({"a": [0.2, 0.9], "b": [0.4, 1.1]}), file="f.csv")


def test_cli_coordination(tmp_path, cli):
    p = tmp_path / "u.csv"
    pd.DataFrame(
        U, columns=["PS", "EL", "OH", "IL"], index=pd.Index([f"u{i}" for i in range(1, 7)], name="unit")
    ).to_csv(p)
    code, out, _ = cli("coordination", str(p), "--method", "fan", "--json")
    assert code == 0
    doc = json.loads(out)
    assert doc["subsystems"] == ["PS", "EL", "OH", "IL"]
    assert doc["units"][0]["unit"] == "u1" and doc["units"][0]["D"] == pytest.approx(0.4711049, abs=5e-7)
    assert doc["units"][0]["band"] == "濒临失调"
    code, out, _ = cli("coordination", str(p), "--method", "wang", "--weights", "0.4,0.2,0.2,0.2")
    assert code == 0 and "耦合协调度" in out and "u6" in out
    code, _, err = cli("coordination", str(p), "--method", "nope")
    assert code == 1 and "未知的耦合度方法" in err
