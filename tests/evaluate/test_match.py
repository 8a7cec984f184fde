"""Location quotient / RTA, IP-dense rule, and the static and dynamic 匹配度."""

from __future__ import annotations

import json

import numpy as np
import pandas as pd
import pytest

from ipatlas.errors import EvaluationError
from ipatlas.evaluate import (
    coupling_coordination,
    dense_cells,
    dynamic_match,
    entropy_weights,
    ip_dense,
    location_quotient,
    static_match,
    subsystem_indices,
)
from ipatlas.evaluate.specialisation import location_quotient_long

COUNTS = pd.DataFrame(
    {"A": [10.0, 0.0, 30.0], "B": [30.0, 20.0, 10.0], "C": [60.0, 0.0, 0.0]},
    index=pd.Index(["r1", "r2", "r3"], name="region"),
)


def test_location_quotient_by_hand():
    lq = location_quotient(COUNTS)
    # r1: share of A = 10/100; A overall = 40/160 → 0.4
    assert lq.loc["r1", "A"] == pytest.approx((10 / 100) / (40 / 160))
    assert lq.loc["r2", "B"] == pytest.approx(1.0 / (60 / 160))
    assert lq.loc["r3", "C"] == 0.0
    # LQ-weighted shares average to 1 in every column: Σ_i (x_i·/x··) LQ_ij = 1
    w = COUNTS.sum(axis=1) / COUNTS.to_numpy().sum()
    np.testing.assert_allclose((lq.mul(w, axis=0)).sum(), [1, 1, 1])
    long = location_quotient_long(
        COUNTS.stack().rename("value").reset_index().rename(columns={"level_1": "industry"})
    )
    assert long.set_index(["region", "industry"]).loc[("r1", "A"), "lq"] == pytest.approx(0.4)
    with pytest.raises(EvaluationError):
        location_quotient(COUNTS * -1)


def test_dense_cells_rule():
    cells = dense_cells(COUNTS, lq_threshold=1.0, min_count=15)
    dense = set(map(tuple, cells[cells["dense"]][["region", "industry"]].to_numpy()))
    assert dense == {("r1", "C"), ("r2", "B"), ("r3", "A")}


def test_ip_dense_regions_by_intensity():
    ip = pd.Series({"a": 100.0, "b": 10.0, "c": 8.0, "d": 0.0})
    pop = pd.Series({"a": 10.0, "b": 10.0, "c": 1.0, "d": 0.0})
    out = ip_dense(ip, pop, min_count=10)
    # pooled average intensity = 118 / 21 (units with size 0 are left out)
    assert out.loc["a", "relative"] == pytest.approx(10 / (118 / 21))
    assert bool(out.loc["a", "dense"]) and not bool(out.loc["b", "dense"])
    assert not bool(out.loc["c", "dense"]) and "数量" in out.loc["c", "reason"]  # intense but tiny
    assert not bool(out.loc["d", "dense"]) and "无法判断" in out.loc["d", "reason"]


SUBS = {
    "ip": ["patents", "trademarks"],
    "innovation": ["rd_spend", "rd_staff"],
    "industry": ["value_added", "enterprises"],
}


def _region_data(seed: int = 0, n: int = 12) -> pd.DataFrame:
    rng = np.random.default_rng(seed)
    size = rng.lognormal(0, 0.6, n)
    return pd.DataFrame(
        {
            "patents": size * rng.uniform(0.5, 1.5, n) * 100,
            "trademarks": size * rng.uniform(0.5, 1.5, n) * 300,
            "rd_spend": size * rng.uniform(0.5, 1.5, n) * 10,
            "rd_staff": size * rng.uniform(0.5, 1.5, n) * 1000,
            "value_added": size * rng.uniform(0.5, 1.5, n) * 50,
            "enterprises": size * rng.uniform(0.5, 1.5, n) * 2000,
        },
        index=pd.Index([f"c{i:02d}" for i in range(n)], name="unit"),
    )


def test_subsystem_indices_come_from_the_composite_engine():
    data = _region_data()
    u, info = subsystem_indices(data, SUBS)
    assert list(u.columns) == ["ip", "innovation", "industry"]
    assert ((u >= 0) & (u <= 1)).all().all()
    # reference: min-max to [0, 1], entropy weights within the subsystem, weighted mean
    mm = (data - data.min()) / (data.max() - data.min())
    w = entropy_weights(mm[["patents", "trademarks"]].to_numpy())
    np.testing.assert_allclose(u["ip"], mm[["patents", "trademarks"]].to_numpy() @ w)
    assert info["weights"]["ip"]["patents"] == pytest.approx(w[0])


def test_static_match_types():
    u = pd.DataFrame(
        {"ip": [0.9, 0.5, 0.2, 0.0], "innovation": [0.3, 0.5, 0.6, 0.0], "industry": [0.4, 0.45, 0.7, 0.0]},
        index=["lead", "even", "lag", "none"],
    )
    out = static_match(u, SUBS, indices=u)
    assert out.loc["lead", "type"] == "引导型" and out.loc["lag", "type"] == "需求型"
    assert out.loc["even", "type"] == "协调型" and out.loc["none", "type"] == "协调型"
    assert out.loc["lead", "relative"] == pytest.approx(0.9 / 0.35)
    assert out.loc["lead", "type_innovation"] == "引导型"
    cc = coupling_coordination(u, method="wang")
    np.testing.assert_allclose(out["D"], cc["D"])
    assert out.loc["even", "label"] == f"{cc.loc['even', 'band']}·协调型"


def test_static_match_per_region_and_industry():
    data = _region_data(1, 12)
    data.index = pd.MultiIndex.from_product(
        [["500101", "500102", "500103"], ["wipo:06", "wipo:13", "wipo:24", "wipo:32"]],
        names=["region", "industry"],
    )
    out = static_match(data, SUBS, method="fan")
    assert out.index.names == ["region", "industry"] and len(out) == 12
    assert set(out["type"]) <= {"协调型", "引导型", "需求型"}
    assert out["D"].between(0, 1).all()


def test_dynamic_match_over_years():
    base = _region_data(2, 8)
    later = base.copy()
    later["patents"] *= np.linspace(1.0, 3.0, 8)  # IP grows fastest in the last units
    later[["rd_spend", "rd_staff", "value_added", "enterprises"]] *= 1.2
    panel = pd.concat([base.assign(year=2019), later.assign(year=2022)])
    out = dynamic_match(panel, SUBS)
    assert out.attrs == {"start": 2019, "end": 2022}
    assert {"speed_ip", "D_2019", "D_2022", "D_change", "type"} <= set(out.columns)
    np.testing.assert_allclose(out["D_change"], out["D_2022"] - out["D_2019"])
    assert out.loc["c07", "type"] == "引导型"
    assert set(out["type"]) <= {"协调型", "引导型", "需求型", "衰退型"}
    with pytest.raises(EvaluationError, match="两个年份"):
        dynamic_match(base.assign(year=2019), SUBS)


def test_cli_lq(tmp_path, cli):
    p = tmp_path / "m.csv"
    COUNTS.to_csv(p)
    code, out, _ = cli("lq", str(p), "--json", "--min-count", "15")
    assert code == 0
    doc = json.loads(out)
    dense = {(c["region"], c["industry"]) for c in doc["cells"] if c["dense"]}
    assert dense == {("r1", "C"), ("r2", "B"), ("r3", "A")}
