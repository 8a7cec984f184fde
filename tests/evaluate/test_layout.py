"""The default regional IP layout evaluation framework and its data adapter."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pyarrow as pa
import pytest
import yaml

from ipatlas.errors import EvaluationError
from ipatlas.evaluate import evaluate_layout, load_layout_framework
from ipatlas.evaluate.layout import fetch_statistics
from ipatlas.store.lake import Lake

CHONGQING = [
    "500101",
    "500102",
    "500103",
    "500104",
    "500105",
    "500106",
    "500107",
    "500108",
    "500109",
    "500110",
]


def test_default_framework_has_the_four_pillars_of_seed_003():
    fw, spec = load_layout_framework()
    assert [fw.name(c) for c in fw.aggregates_at(2)] == ["创造潜力", "创造能力", "运用能力", "运用需求"]
    weights = {fw.name(c): fw.weight(c) for c in fw.aggregates_at(2)}
    assert weights == {"创造潜力": 0.2, "创造能力": 0.3, "运用能力": 0.3, "运用需求": 0.2}
    assert "inv_per_10k_pop" in fw.indicators and fw.table.at["pat_app_total", "denominator"] == "population"
    assert [s for s, _ in spec.steps][-2:] == ["normalise", "aggregate"]


def _fake_fetch(settings, codes, year, ids):
    rng = np.random.default_rng(year)
    df = pd.DataFrame(
        rng.lognormal(1, 0.5, size=(len(codes), len(ids))), index=list(codes), columns=list(ids)
    )
    df.loc[:, "population"] = rng.uniform(20, 120, len(codes))
    return df


def test_evaluate_layout_with_supplied_data():
    res = evaluate_layout(None, "500000", 2022, fetch=_fake_fetch, units=CHONGQING)
    assert len(res.scores) == 10
    assert list(res.scores.columns) == ["layout_index", "potential", "creation", "utilisation", "demand"]
    assert res.scores.min().min() >= 0 and res.scores.max().max() <= 100
    assert res.log["inputs"]["region"] == "500000" and res.log["inputs"]["year"] == 2022
    assert sorted(res.ranks["layout_index"]) == list(range(1, 11))


def _stats_table(rows):
    n = len(rows)
    return pa.table(
        {
            "region_code": [r[0] for r in rows],
            "year": [r[1] for r in rows],
            "variable": [r[2] for r in rows],
            "value": [float(r[3]) for r in rows],
            "unit": [r[4] for r in rows],
            "source": [None] * n,
            "import_id": ["imp-1"] * n,
            "source_hash": ["h"] * n,
            "source_row": list(range(2, n + 2)),
            "record_hash": [f"r{i}" for i in range(n)],
            "is_demo": [False] * n,
        }
    )


def test_statistics_come_from_the_lake_with_unit_conversion(settings, tmp_path):
    rows = []
    for i, code in enumerate(CHONGQING[:6]):
        rows += [
            (code, 2022, "population", 50 + 10 * i, "万人"),
            (code, 2022, "gdp", 300 + 120 * i, "亿元"),
            # the catalogue declares 亿元 for R&D; one county reports 万元 and is converted
            (code, 2022, "rd_expenditure", (5 + i) * (10000 if i == 0 else 1), "万元" if i == 0 else "亿元"),
            (code, 2022, "market_entities", 20000 + 5000 * i, "户"),
        ]
    lake = Lake(settings.lake_dir)
    with lake.transaction() as txn:
        txn.write_arrow("statistics", _stats_table(rows))
    got = fetch_statistics(
        settings, CHONGQING[:6], 2022, ["population", "gdp", "rd_expenditure", "market_entities"]
    )
    assert got.loc["500101", "rd_expenditure"] == pytest.approx(5.0)
    assert got.loc["500102", "market_entities"] == pytest.approx(2.5)  # 户 → 万户
    # a statistics-only framework through the whole adapter
    fw_path = tmp_path / "fw.yaml"
    fw_path.write_text(
        yaml.safe_dump(
            {
                "framework": [
                    {"code": "I", "name": "指数", "level": 2, "type": "Aggregate"},
                    {
                        "code": "rd_expenditure",
                        "level": 1,
                        "parent": "I",
                        "type": "Indicator",
                        "denominator": "gdp",
                        "source": "statistics",
                    },
                    {
                        "code": "market_entities",
                        "level": 1,
                        "parent": "I",
                        "type": "Indicator",
                        "denominator": "population",
                        "source": "statistics",
                    },
                    {
                        "code": "gdp_pc",
                        "level": 1,
                        "parent": "I",
                        "type": "Indicator",
                        "denominator": "population",
                        "source": "statistics",
                        "variable": "gdp",
                    },
                    {"code": "population", "type": "Denominator", "source": "statistics"},
                    {"code": "gdp", "type": "Denominator", "source": "statistics"},
                ],
                "pipeline": {
                    "steps": [{"denominate": {}}, {"normalise": {"method": "minmax"}}, {"aggregate": {}}]
                },
            },
            allow_unicode=True,
        ),
        encoding="utf-8",
    )
    res = evaluate_layout(settings, "500000", 2022, framework=fw_path, units=CHONGQING[:6])
    norm = res.datasets["normalise"]
    assert norm.loc["500106", "gdp_pc"] == pytest.approx(100.0)  # 900/100 is the highest GDP per head
    assert res.scores["I"].notna().all()
    with pytest.raises(EvaluationError, match="没有任何评价指标数据"):
        evaluate_layout(settings, "500000", 2019, framework=fw_path, units=CHONGQING[:6])


def test_layout_from_a_computed_indicator_cube(settings):
    """End to end: canonical records in the lake → `compute_cube` → the default layout framework."""
    import datetime as dt
    import importlib.util
    from pathlib import Path

    from ipatlas.indicators import compute_cube

    spec = importlib.util.spec_from_file_location(
        "indicators_lake", Path(__file__).resolve().parents[1] / "indicators" / "indicators_lake.py"
    )
    helpers = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(helpers)  # the indicator tests' canonical-record builders

    codes = CHONGQING[:8]
    pats, stats = [], []
    n = 0
    for i, c in enumerate(codes):
        for _ in range(i + 1):  # county i owns i + 1 valid invention patents
            n += 1
            pats.append(
                helpers.patent(
                    f"CN2015100{n:05d}.1",
                    filed=dt.date(2020, 1, 1),
                    granted=dt.date(2020, 6, 1),
                    adcode=c,
                    city="500000",
                    province="500000",
                    # the first county files only in audio-visual technology, the others in computing
                    ipc="H04N 5/232" if i == 0 else "G06F 16/24",
                )
            )
        stats += [
            helpers.stat(c, 2020, "population", 50 + 10 * i, "万人"),
            helpers.stat(c, 2020, "gdp", 300 + 50 * i * i, "亿元"),
            helpers.stat(c, 2019, "rd_expenditure", 5 + i, "亿元"),
            helpers.stat(c, 2020, "rd_expenditure", 6 + i, "亿元"),
            helpers.stat(c, 2020, "rd_personnel", 1000 + 500 * i, "人"),
            helpers.stat(c, 2020, "market_entities", 20000 + 3000 * i, "户"),
            helpers.stat(c, 2020, "above_scale_revenue", 100 + 40 * i, "亿元"),
        ]
    helpers.write_lake(settings, patents=pats, statistics=stats)
    compute_cube(settings, years=[2020])
    res = evaluate_layout(settings, "500000", 2020, units=codes)
    raw = res.datasets["raw"]
    # 每万人口发明专利拥有量 from the cube = (i + 1) / population(万人)
    for i, c in enumerate(codes):
        assert raw.loc[c, "inv_per_10k_pop"] == pytest.approx((i + 1) / (50 + 10 * i))
    assert res.names["500101"] == "万州区"
    assert res.scores["layout_index"].notna().all()
    assert res.log["inputs"]["year"] == 2020
    # region × industry from the same cube → location quotients
    from ipatlas.evaluate import location_quotient
    from ipatlas.evaluate.layout import cube_matrix

    m = cube_matrix(settings, codes, 2020, "pat_app_total")
    assert m.loc["500101"].sum() == 1 and m.loc["500108"].sum() == 8
    lq = location_quotient(m.loc[:, m.sum() > 0])
    total = sum(range(1, 9))
    assert lq.loc["500101"].max() == pytest.approx(total / 1)  # the only audio-visual patent


def test_cli_composite_from_the_cube_and_its_rerun(settings, monkeypatch, cli, tmp_path):
    import datetime as dt
    import importlib.util
    import json
    from pathlib import Path

    from ipatlas.indicators import compute_cube

    spec = importlib.util.spec_from_file_location(
        "indicators_lake", Path(__file__).resolve().parents[1] / "indicators" / "indicators_lake.py"
    )
    helpers = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(helpers)
    pats = [
        helpers.patent(
            f"CN2020100{i:05d}.1",
            filed=dt.date(2020, 1, 1),
            granted=dt.date(2020, 6, 1),
            adcode=CHONGQING[i % 5],
            city="500000",
            province="500000",
        )
        for i in range(12)
    ]
    stats = []
    for i, c in enumerate(CHONGQING[:5]):  # full statistics for five counties only
        stats += [
            helpers.stat(c, 2020, "gdp", 100.0 + 37 * i, "亿元"),
            helpers.stat(c, 2019, "rd_expenditure", 2.0 + i, "亿元"),
            helpers.stat(c, 2020, "rd_expenditure", 2.5 + i, "亿元"),
            helpers.stat(c, 2020, "rd_personnel", 800.0 + 90 * i, "人"),
            helpers.stat(c, 2020, "market_entities", 30000.0 + 1000 * i * i, "户"),
            helpers.stat(c, 2020, "above_scale_revenue", 50.0 + 11 * i, "亿元"),
        ]
    helpers.write_lake(settings, patents=pats, statistics=stats)
    compute_cube(settings, years=[2020])
    monkeypatch.setenv("IPATLAS_DATA_DIR", str(settings.data_dir))
    code, out, err = cli(
        "composite", "--region", "500100", "--year", "2020", "--json", "--log-dir", str(tmp_path)
    )
    assert code == 0, err
    doc = json.loads(out)
    assert doc["index"] == "layout_index"
    # the 33 counties without statistics fall under the 50 % data-availability screen
    assert sorted(u["unit"] for u in doc["units"]) == CHONGQING[:5]
    assert "label" not in doc  # not demo data
    log = json.loads(Path(doc["run"]["log"]).read_text(encoding="utf-8"))
    assert set(CHONGQING[:5]) <= set(log["inputs"]["population_census2020_fallback"])
    screened = next(s for s in log["steps"] if s["step"] == "screen")
    assert len(screened["details"]["removed"]) == 33
    code, out, err = cli("composite", "--rerun", doc["run"]["log"], "--json", "--no-log")
    assert code == 0, err
    assert json.loads(out)["identical"] is True
