"""The generic ``records`` measure basis: any lake fact table counted by the catalogue.

A tiny hand-made fact table (``test_cases``) and catalogue entries over it; every expected value
below is worked out by hand from the eight records (see the comments), and the same catalogue runs
on DuckDB and on PySpark.
"""

from __future__ import annotations

import datetime as dt
from importlib import resources
from pathlib import Path
from typing import Any

import pyarrow as pa
import pytest
import yaml

from ipatlas.config import Settings
from ipatlas.errors import IndicatorError, StoreError
from ipatlas.indicators import compute_cube, compute_table, records, show
from ipatlas.indicators.catalog import Catalog, parse_catalog
from ipatlas.regions.groups import save_group
from ipatlas.store.lake import Lake

D = dt.date
YEARS = range(2018, 2022)
CQ = ("500000", "500000")  # municipality: city code = province code
LN = ("210100", "210000")


def _case(rid: str, adcode: str | None, geo: tuple[str | None, str | None], opened: Any, closed: Any,
          kind: str, amount: float | None) -> dict[str, Any]:  # fmt: skip
    return {
        "record_id": rid,
        "adcode": adcode,
        "city_code": geo[0],
        "province_code": geo[1],
        "is_demo": False,
        "opened": opened,
        "closed": closed,
        "kind": kind,
        "amount": amount,
    }


CASES = [
    _case("R1", "500112", CQ, D(2018, 3, 1), D(2019, 6, 30), "patent", 10.0),  # in force 2018–2019
    _case("R2", "500112", CQ, D(2019, 1, 15), None, "trademark", 5.0),  # still open
    _case("R3", "500105", CQ, D(2019, 12, 31), D(2020, 1, 2), "patent", None),  # amount unknown = 0
    _case("R4", "500103", CQ, D(2020, 5, 1), D(2019, 1, 1), "patent", 2.5),  # ends before it starts
    _case("R5", "210112", LN, D(2017, 7, 1), D(2020, 12, 31), "patent", 7.0),  # opened before 2018
    _case("R6", None, (None, "500000"), D(2019, 5, 5), None, "patent", 1.0),  # province only
    _case("R7", None, (None, None), D(2019, 1, 1), None, "patent", 3.0),  # no region: never counted
    _case("R8", "500112", CQ, D(2021, 2, 1), D(2021, 3, 1), "patent", 4.0),
]

MEASURES = {
    "t_opened": {"basis": "records", "table": "test_cases", "date": "opened", "text": "Y年立案"},
    "t_open": {"basis": "records", "table": "test_cases", "date": "opened", "end": "closed",
               "text": "Y年末未结"},
    "t_amount": {"basis": "records", "table": "test_cases", "date": "opened", "weight": "amount",
                 "where": {"kind": ["patent"]}, "text": "Y年立案的专利案件涉案金额"},
    "t_absent": {"basis": "records", "table": "test_absent", "date": "opened", "text": "不存在的表"},
    "t_badcol": {"basis": "records", "table": "test_cases", "date": "nosuch", "text": "不存在的列"},
}  # fmt: skip


def _count(iid: str, measure: str) -> dict[str, Any]:
    return {"id": iid, "name": iid, "name_en": iid, "type": "count", "unit": "件", "formula": iid,
            "numerator": measure, "sources": ["cnipa_stats"], "decimals": 0}  # fmt: skip


INDICATORS = [
    _count("i_opened", "t_opened"),
    _count("i_open", "t_open"),
    {**_count("i_amount", "t_amount"), "unit": "万元", "decimals": 1},
    _count("i_absent", "t_absent"),
    _count("i_badcol", "t_badcol"),
    {"id": "i_opened_growth", "name": "立案增速", "name_en": "growth", "type": "growth", "unit": "%",
     "formula": "增速", "of": "i_opened", "sources": ["cnipa_stats"]},
]  # fmt: skip
IDS = [i["id"] for i in INDICATORS]


def make_catalog(extra: dict[str, Any] | None = None) -> Catalog:
    """The packaged catalogue plus the test entries (checked by the same loader)."""
    text = resources.files("ipatlas.indicators").joinpath("catalog.yaml").read_text("utf-8")
    doc = yaml.safe_load(text)
    doc["measures"].update(MEASURES)
    doc["measures"].update(extra or {})
    doc["indicators"] = [*doc["indicators"], *INDICATORS]
    return parse_catalog(doc)


CAT = make_catalog()

# hand-computed: (level, code) → indicator → values for 2018, 2019, 2020, 2021
EXPECTED: dict[tuple[str, str], dict[str, list[float]]] = {
    ("county", "500112"): {"i_opened": [1, 1, 0, 1], "i_open": [1, 2, 1, 2], "i_amount": [10, 0, 0, 4]},
    ("county", "500105"): {"i_opened": [0, 1, 0, 0], "i_open": [0, 1, 1, 0], "i_amount": [0, 0, 0, 0]},
    ("county", "500103"): {"i_opened": [0, 0, 1, 0], "i_open": [0, 0, 0, 0], "i_amount": [0, 0, 2.5, 0]},
    # R1..R4, R6, R8 (R6 is counted in the province only)
    ("province", "500000"): {"i_opened": [1, 3, 1, 1], "i_open": [1, 4, 3, 3], "i_amount": [10, 1, 2.5, 4]},
    ("county", "210112"): {"i_opened": [0, 0, 0, 0], "i_open": [1, 1, 1, 0], "i_amount": [0, 0, 0, 0]},
    ("city", "210100"): {"i_opened": [0, 0, 0, 0], "i_open": [1, 1, 1, 0], "i_amount": [0, 0, 0, 0]},
    ("province", "210000"): {"i_opened": [0, 0, 0, 0], "i_open": [1, 1, 1, 0], "i_amount": [0, 0, 0, 0]},
    # the user's group: 渝北 500112 + 江北 500105
    ("group", "G:test-pair"): {"i_opened": [1, 2, 0, 1], "i_open": [1, 3, 2, 2], "i_amount": [10, 0, 0, 4]},
}


def _write_cases(s: Settings, rows: list[dict[str, Any]]) -> None:
    schema = pa.schema(
        [("record_id", pa.string()), ("adcode", pa.string()), ("city_code", pa.string()),
         ("province_code", pa.string()), ("is_demo", pa.bool_()), ("opened", pa.date32()),
         ("closed", pa.date32()), ("kind", pa.string()), ("amount", pa.float64())]
    )  # fmt: skip
    with Lake(s.lake_dir).transaction() as txn:
        txn.write_arrow("test_cases", pa.Table.from_pylist(rows, schema=schema))


@pytest.fixture(scope="module")
def cases_settings(tmp_path_factory: pytest.TempPathFactory, shared_dir: Path) -> Settings:
    s = Settings(data_dir=tmp_path_factory.mktemp("records") / "data", shared_dir=shared_dir)
    s.ensure_dirs()
    _write_cases(s, CASES)
    save_group(s, "G:test-pair", "测试组", ["500112", "500105"])
    return s


def _values(cube: pa.Table) -> dict[tuple[str, str, str], list[Any]]:
    out: dict[tuple[str, str, str], list[Any]] = {}
    for r in sorted(cube.to_pylist(), key=lambda r: r["year"]):
        if r["industry"] == "ALL":
            out.setdefault((r["region_level"], r["region_code"], r["indicator"]), []).append(r["value"])
    return out


def _check(cube: pa.Table) -> None:
    got = _values(cube)
    for (level, code), by_ind in EXPECTED.items():
        for iid, want in by_ind.items():
            assert got[(level, code, iid)] == pytest.approx(want), (level, code, iid)
    # growth of i_opened in 重庆: 2019 (3−1)/1, 2020 (1−3)/3; 2018 over 2017 = 0 → null
    assert got[("province", "500000", "i_opened_growth")][1:3] == pytest.approx([200.0, -200.0 / 3])
    assert got[("province", "500000", "i_opened_growth")][0] is None
    # the municipality's prefecture row is skipped (city code = province code), as for patents
    assert not any(k[0] == "city" and k[1] == "500000" for k in got)
    rows = {(r["region_code"], r["indicator"], r["year"]): r for r in cube.to_pylist()}
    absent = rows[("500000", "i_absent", 2020)]
    assert absent["value"] is None and "test_absent" in absent["reason"]
    bad = rows[("500112", "i_badcol", 2019)]
    assert bad["value"] is None and "nosuch" in bad["reason"]
    # industry: total only
    assert {r["industry"] for r in cube.to_pylist() if r["indicator"].startswith("i_")} == {"ALL"}


def test_records_basis_duckdb_and_drill_down(cases_settings: Settings) -> None:
    s = cases_settings
    summary = compute_cube(s, years=YEARS, industries=[], indicators=IDS, catalog=CAT)
    cube = compute_table(s, years=YEARS, industries=[], indicators=IDS, catalog=CAT)
    _check(cube)
    assert summary.records["test_cases"] == len(CASES) and not summary.is_demo
    # show(): the stored cube, the catalogue's names and the reason of an absent table
    by_id = {r["id"]: r for r in show(s, "500000", 2019, ids=IDS, catalog=CAT)}
    assert by_id["i_open"]["value"] == 4
    assert by_id["i_absent"]["value"] is None and "test_absent" in by_id["i_absent"]["flags"]["reason"]
    # drill-down: the records behind the figure, their weights summing to the cube's numerator
    page = records(s, "500000", 2019, "i_open", catalog=CAT)
    assert [r["record_id"] for r in page.items] == ["R1", "R2", "R3", "R6"]
    assert page.total == 4 and page.weight_total == 4 and page.table == "test_cases"
    amount = records(s, "500000", 2019, "i_amount", catalog=CAT)
    assert [r["record_id"] for r in amount.items] == ["R3", "R6"] and amount.weight_total == 1.0
    group = records(s, "G:test-pair", 2019, "i_open", catalog=CAT)
    assert [r["record_id"] for r in group.items] == ["R1", "R2", "R3"] and group.weight_total == 3
    county = records(s, "500112", 2021, "i_opened", catalog=CAT, limit=1)
    assert county.total == 1 and county.items[0]["record_id"] == "R8" and county.items[0]["kind"] == "patent"
    none = records(s, "500000", 2019, "i_absent", catalog=CAT)
    assert none.total == 0 and none.items == [] and "test_absent" in str(none.note)


@pytest.mark.spark
@pytest.mark.slow
def test_records_basis_pyspark(cases_settings: Settings, spark: Any) -> None:
    kw: dict[str, Any] = {"years": YEARS, "industries": [], "indicators": IDS, "catalog": CAT}
    cube = compute_table(cases_settings, backend="pyspark", spark=spark, **kw)
    _check(cube)


def test_records_catalog_checks() -> None:
    with pytest.raises(IndicatorError, match="table = a lake fact table"):
        make_catalog({"x": {"basis": "records", "table": "patents", "date": "filing_date", "text": "x"}})
    with pytest.raises(IndicatorError, match="date must be a column"):
        make_catalog({"x": {"basis": "records", "table": "t_x", "text": "x"}})
    with pytest.raises(IndicatorError, match="unknown key"):
        make_catalog({"x": {"basis": "records", "table": "t_x", "date": "d", "criterion": "sei"}})


def test_fact_table_write_checks(tmp_path: Path) -> None:
    lake = Lake(tmp_path / "lake")
    bad = pa.table({"record_id": ["a"], "adcode": ["500112"]})
    with pytest.raises(StoreError, match="city_code"), lake.transaction() as txn:
        txn.write_arrow("test_cases", bad)
    dup = pa.Table.from_pylist([{k: v for k, v in CASES[0].items()}] * 2)
    with pytest.raises(StoreError, match="unique"), lake.transaction() as txn:
        txn.write_arrow("test_cases", dup)
    with pytest.raises(StoreError, match="unknown table"), lake.transaction() as txn:
        txn.write_arrow("Bad-Name", dup)
    assert lake.fact_tables() == [] and lake.schema("test_cases") is None
