"""The market entries of the indicator catalogue, computed by the real indicator engine over
market fact tables, against hand-computed figures."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pyarrow as pa

from ipatlas.config import Settings
from ipatlas.indicators import compute_table
from ipatlas.indicators.catalog import load_catalog
from ipatlas.store.lake import Lake

D = dt.date


IDS = [
    "mkt_entities_grade_a", "mkt_entities_grade_b", "mkt_entities_grade_c", "mkt_entities_grade_d",
    "mkt_high_risk_share", "mkt_repeat_infringers", "mkt_leads", "mkt_lead_conversion",
    "mkt_inspection_coverage",
]  # fmt: skip


def test_entries_are_in_the_catalogue() -> None:
    cat = load_catalog()
    got = {k: i for k, i in cat.indicators.items() if k.startswith("mkt_")}
    assert sorted(got) == sorted(IDS)
    assert all(i.category == "市场监管" and i.sources for i in got.values())


def _facts(s: Settings) -> None:
    common = [("record_id", pa.string()), ("adcode", pa.string()), ("city_code", pa.string()),
              ("province_code", pa.string()), ("is_demo", pa.bool_())]  # fmt: skip
    grades = [  # 渝北 500112: A, D(repeat), D, B in 2024; 江北 500105: C in 2024
        ("e1", "500112", D(2024, 12, 31), "A", 0), ("e2", "500112", D(2024, 12, 31), "D", 1),
        ("e3", "500112", D(2024, 12, 31), "D", 0), ("e4", "500112", D(2024, 12, 31), "B", 0),
        ("e5", "500105", D(2024, 12, 31), "C", 0), ("e1", "500112", D(2023, 12, 31), "B", 0),
    ]  # fmt: skip
    leads = [("l1", "500112", D(2024, 3, 1), 1, 1), ("l2", "500112", D(2024, 5, 1), 0, 1),
             ("l3", "500112", D(2024, 6, 1), 0, 0), ("l4", "500105", D(2024, 1, 1), 0, 0)]  # fmt: skip
    insp = [("d1:e1", "500112", D(2024, 4, 1), 1), ("d1:e5", "500105", D(2024, 4, 1), 0)]

    def rows(items: list[tuple[Any, ...]], names: tuple[str, ...]) -> list[dict[str, Any]]:
        base = {"city_code": "500000", "province_code": "500000", "is_demo": False}
        return [{**base, **dict(zip(names, it, strict=True))} for it in items]

    def table(items: list[dict[str, Any]], own: list[tuple[str, pa.DataType]]) -> pa.Table:
        return pa.Table.from_pylist(items, schema=pa.schema([*common, *own]))

    g_rows = [{**r, "record_id": f"{r['code']}:{r['year_end'].year}", "serious_list": 0}
              for r in rows(grades, ("code", "adcode", "year_end", "grade", "repeat_infringer"))]  # fmt: skip
    l_rows = [{**r, "source": "monitor", "status": "x"}
              for r in rows(leads, ("record_id", "adcode", "created_on", "converted", "closed"))]  # fmt: skip
    i_rows = [{**r, "code": r["record_id"].split(":")[1], "result": None}
              for r in rows(insp, ("record_id", "adcode", "drawn_on", "inspected"))]  # fmt: skip
    with Lake(s.lake_dir).transaction() as txn:
        txn.write_arrow("market_grades", table(g_rows, [
            ("code", pa.string()), ("year_end", pa.date32()), ("grade", pa.string()),
            ("repeat_infringer", pa.int8()), ("serious_list", pa.int8())]))  # fmt: skip
        txn.write_arrow("market_leads", table(l_rows, [
            ("created_on", pa.date32()), ("source", pa.string()), ("status", pa.string()),
            ("converted", pa.int8()), ("closed", pa.int8())]))  # fmt: skip
        txn.write_arrow("market_inspections", table(i_rows, [
            ("code", pa.string()), ("drawn_on", pa.date32()), ("inspected", pa.int8()),
            ("result", pa.string())]))  # fmt: skip


def test_market_indicators(tmp_path: Path, shared_dir: Path) -> None:
    s = Settings(data_dir=tmp_path / "data", shared_dir=shared_dir)
    s.ensure_dirs()
    _facts(s)
    cube = compute_table(s, years=range(2023, 2025), industries=[], indicators=IDS)
    got = {
        (r["region_code"], r["indicator"], r["year"]): r["value"]
        for r in cube.to_pylist()
        if r["industry"] == "ALL"
    }
    expected = {
        ("500112", "mkt_entities_grade_a", 2024): 1, ("500112", "mkt_entities_grade_d", 2024): 2,
        ("500112", "mkt_entities_grade_b", 2024): 1, ("500112", "mkt_entities_grade_b", 2023): 1,
        ("500105", "mkt_entities_grade_c", 2024): 1, ("500112", "mkt_high_risk_share", 2024): 50.0,
        ("500000", "mkt_high_risk_share", 2024): 40.0, ("500112", "mkt_repeat_infringers", 2024): 1,
        ("500112", "mkt_leads", 2024): 3, ("500000", "mkt_leads", 2024): 4,
        ("500112", "mkt_lead_conversion", 2024): 50.0, ("500112", "mkt_inspection_coverage", 2024): 25.0,
        ("500105", "mkt_inspection_coverage", 2024): 0.0, ("500000", "mkt_inspection_coverage", 2024): 20.0,
    }  # fmt: skip
    for key, value in expected.items():
        assert got.get(key) == value, (key, got.get(key))
