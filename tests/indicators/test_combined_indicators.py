"""Indicators that combine figures the catalogue already has (round cat15): 著作权登记量 (works +
software), 地理标志总数 (GI products + GI marks), 全社会R&D经费支出 and its growth (the statistic
behind R&D intensity) and 知识产权纠纷调解案件数 (cases that went through mediation).

The reference data set of the indicator tests plus small fact tables (works, software, case_facts)
and one more R&D figure; every value is checked against a plain-Python count over the same rows
(no Ibis, no SQL), on DuckDB and on PySpark.
"""

from __future__ import annotations

import datetime as dt
from importlib import resources
from pathlib import Path
from typing import Any

import pyarrow as pa
import pytest
import yaml
from indicators_lake import reference_tables, stat, write_lake

from ipatlas.config import Settings
from ipatlas.errors import IndicatorError, InputError
from ipatlas.indicators import breakdown, compute_cube, compute_table, records, show
from ipatlas.indicators.catalog import load_catalog, parse_catalog
from ipatlas.store.lake import Lake

D = dt.date
YEARS = range(2018, 2022)
IDS = ["copyright_reg", "copyright_reg_stock", "gi_all_kinds", "rd_expenditure", "rd_expenditure_growth",
       "case_mediation_cases", "case_patent_enforcement"]  # fmt: skip
CQ, LN = ("500000", "500000"), ("210100", "210000")
REGIONS = [("county", "500112"), ("county", "500105"), ("province", "500000"), ("county", "210112"),
           ("city", "210100"), ("province", "210000")]  # fmt: skip


def _reg(rid: str, adcode: str | None, geo: tuple[str, str], day: dt.date) -> dict[str, Any]:
    return {"record_id": rid, "reg_no": rid, "title": rid, "full_name": rid, "owner": "某公司",
            "adcode": adcode, "city_code": geo[0], "province_code": geo[1], "country": "CN",
            "region_level": "county" if adcode else "city", "reg_date": day}  # fmt: skip


WORKS = [
    _reg("W1", "500112", CQ, D(2019, 3, 1)),
    _reg("W2", "500112", CQ, D(2020, 12, 31)),
    _reg("W3", "500105", CQ, D(2020, 1, 1)),
    _reg("W4", None, LN, D(2021, 6, 1)),  # the city only
]
SOFTWARE = [
    _reg("S1", "500112", CQ, D(2020, 5, 5)),
    _reg("S2", "210112", LN, D(2018, 1, 2)),
    _reg("S3", "210112", LN, D(2020, 7, 7)),
]


def _case(rid: str, adcode: str, geo: tuple[str, str], closed: dt.date | None, mediated: bool | None,
          duplicate: bool = False, kind: str = "complaint", ip_type: str = "patent",
          filed: dt.date | None = None) -> dict[str, Any]:  # fmt: skip
    return {"record_id": rid, "adcode": adcode, "city_code": geo[0], "province_code": geo[1],
            "is_demo": False, "received_on": D(2019, 1, 1), "filed_on": filed, "closed_on": closed,
            "mediated": mediated, "duplicate": duplicate, "kind": kind, "ip_type": ip_type}  # fmt: skip


CASES = [
    _case("C1", "500112", CQ, D(2019, 5, 1), True, kind="mediation"),  # agreement
    _case("C2", "500112", CQ, D(2020, 2, 1), False, kind="adjudication", filed=D(2019, 2, 1)),  # failed
    _case("C3", "500112", CQ, D(2020, 3, 1), None, kind="report", filed=D(2020, 1, 5)),  # never mediated
    _case("C4", "500105", CQ, None, None, filed=D(2020, 4, 1), ip_type="trademark"),  # open, not a patent
    _case("C5", "210112", LN, D(2021, 1, 1), True, filed=D(2020, 6, 1)),
    _case("C6", "210112", LN, D(2021, 1, 2), True, duplicate=True, filed=D(2020, 6, 1)),  # never counts
    _case("C7", "210112", LN, None, None, kind="assistance", filed=D(2020, 7, 1)),  # not enforcement
]
EXTRA_STATS = [stat("500112", 2020, "rd_expenditure", 60.0, "亿元")]


def _write_facts(s: Settings) -> None:
    case = pa.schema(
        [("record_id", pa.string()), ("adcode", pa.string()), ("city_code", pa.string()),
         ("province_code", pa.string()), ("is_demo", pa.bool_()), ("received_on", pa.date32()),
         ("filed_on", pa.date32()), ("closed_on", pa.date32()), ("mediated", pa.bool_()),
         ("duplicate", pa.bool_()), ("kind", pa.string()), ("ip_type", pa.string())]
    )  # fmt: skip
    with Lake(s.lake_dir).transaction() as txn:
        txn.write_arrow("case_facts", pa.Table.from_pylist(CASES, schema=case))


@pytest.fixture(scope="module")
def combo(tmp_path_factory: pytest.TempPathFactory, shared_dir: Path) -> Settings:
    s = Settings(data_dir=tmp_path_factory.mktemp("combo") / "data", shared_dir=shared_dir, secret_key="k")
    s.ensure_dirs()
    tables = reference_tables()
    tables["statistics"] = [*tables["statistics"], *EXTRA_STATS]
    write_lake(s, **tables, works=WORKS, software=SOFTWARE)
    _write_facts(s)
    compute_cube(s, years=YEARS, industries=[])  # the whole catalogue, as the pages read it
    return s


# ---------------------------------------------------------------------------------------------
# plain-Python reference
# ---------------------------------------------------------------------------------------------
def _in(rec: dict[str, Any], code: str) -> bool:
    return code in (rec.get("adcode"), rec.get("city_code"), rec.get("province_code"))


def ref_copyright(code: str, year: int, *, stock: bool = False) -> int:
    return sum(
        1
        for r in [*WORKS, *SOFTWARE]
        if _in(r, code) and (r["reg_date"].year <= year if stock else r["reg_date"].year == year)
    )


def ref_gi(code: str, year: int) -> int:
    t = reference_tables()
    products = sum(1 for g in t["gi"] if _in(g, code) and g["year"] <= year)
    end = D(year, 12, 31)
    marks = 0
    for m in t["trademarks"]:
        if not (m["is_gi"] and m["country"] == "CN" and _in(m, code)) or m["reg_date"] is None:
            continue
        last = m["expiry_date"] or m["reg_date"].replace(year=m["reg_date"].year + 10)
        marks += m["reg_date"] <= end <= last and m["status"] not in ("invalid", "pending")
    return products + marks


def ref_mediation(code: str, year: int) -> int:
    return sum(
        1
        for c in CASES
        if _in(c, code) and not c["duplicate"] and c["mediated"] is not None and c["closed_on"].year == year
    )


def ref_enforcement(code: str, year: int) -> int:
    kinds = {"adjudication", "complaint", "report"}
    return sum(
        1
        for c in CASES
        if _in(c, code) and not c["duplicate"] and c["ip_type"] == "patent" and c["kind"] in kinds
        and c["filed_on"] is not None and c["filed_on"].year == year
    )  # fmt: skip


def _values(cube: pa.Table) -> dict[tuple[str, str, int], dict[str, Any]]:
    return {
        (r["region_code"], r["indicator"], r["year"]): r for r in cube.to_pylist() if r["industry"] == "ALL"
    }


def _check(cube: pa.Table) -> None:
    got = _values(cube)
    for _, code in REGIONS:
        for y in YEARS:
            assert got[(code, "copyright_reg", y)]["value"] == ref_copyright(code, y), (code, y)
            assert got[(code, "copyright_reg_stock", y)]["value"] == ref_copyright(code, y, stock=True)
            assert got[(code, "gi_all_kinds", y)]["value"] == ref_gi(code, y), (code, y)
            assert got[(code, "case_mediation_cases", y)]["value"] == ref_mediation(code, y), (code, y)
            assert got[(code, "case_patent_enforcement", y)]["value"] == ref_enforcement(code, y), (code, y)
    # by hand: 渝北 2020 = W2 + S1; 沈阳 2021 = W4 (city only); 重庆 GI 2020 = gi-2 + mark 1003
    assert got[("500112", "copyright_reg", 2020)]["value"] == 2
    assert got[("210100", "copyright_reg", 2021)]["value"] == 1
    assert got[("210112", "copyright_reg", 2021)]["value"] == 0
    assert got[("500000", "gi_all_kinds", 2020)]["value"] == 2
    assert got[("500112", "case_mediation_cases", 2020)]["value"] == 1
    assert got[("500000", "case_patent_enforcement", 2020)]["value"] == 1  # C3 (C4 is a trademark case)
    assert got[("210000", "case_patent_enforcement", 2020)]["value"] == 1  # C5 (C6 duplicate, C7 assistance)
    # R&D: 50 亿元 (2019, declared in 万元) → 60 亿元 (2020) = +20 %; missing years are null with the reason
    assert got[("500112", "rd_expenditure", 2019)]["value"] == pytest.approx(50.0)
    growth = got[("500112", "rd_expenditure_growth", 2020)]
    assert (growth["numerator"], growth["denominator"], growth["value"]) == (60.0, 50.0, pytest.approx(20.0))
    assert got[("500112", "rd_expenditure", 2021)]["value"] is None
    assert "R&D经费支出" in got[("500112", "rd_expenditure", 2021)]["reason"]
    assert got[("500112", "rd_expenditure_growth", 2019)]["value"] is None


def test_combined_indicators_duckdb_page_and_drill_down(combo: Settings) -> None:
    cube = compute_table(combo, years=YEARS, industries=[], indicators=IDS)
    _check(cube)
    by_id = {r["id"]: r for r in show(combo, "500112", 2020)}
    assert by_id["copyright_reg"]["value"] == 2 and by_id["copyright_reg"]["unit"] == "件"
    assert "作品" in by_id["copyright_reg"]["definition"]
    assert by_id["rd_expenditure"]["value"] == pytest.approx(60.0)
    # the parts are unchanged and add up to the sum
    assert by_id["rights_works_reg"]["value"] + by_id["rights_software_reg"]["value"] == 2
    assert by_id["gi_total"]["value"] + by_id["tm_valid_gi"]["value"] == by_id["gi_all_kinds"]["value"]
    assert by_id["case_mediation_cases"]["value"] == by_id["case_mediation_success_rate"]["denominator"]
    # drill-down: one register per page, the other by measure=
    page = records(combo, "500112", 2020, "copyright_reg")
    assert [r["record_id"] for r in page.items] == ["W2"] and "多项之和" in str(page.note)
    soft = records(combo, "500112", 2020, "copyright_reg", measure="rights_software_reg")
    assert [r["record_id"] for r in soft.items] == ["S1"]
    # a records indicator over one fact table splits by its declared dimensions; a sum over two does not
    split = breakdown(combo, "500112", 2020, "case_patent_enforcement")
    assert split["total"]["value"] == 1 and sum(c["numerator"] for c in split["cells"]) == 1
    with pytest.raises(InputError, match="单一事实表"):
        breakdown(combo, "500112", 2020, "copyright_reg")


def test_a_missing_register_makes_the_sum_missing(tmp_path: Path, shared_dir: Path) -> None:
    s = Settings(data_dir=tmp_path / "data", shared_dir=shared_dir)
    s.ensure_dirs()
    write_lake(s, **reference_tables(), works=WORKS)  # works only: no software table
    got = _values(compute_table(s, years=YEARS, industries=[], indicators=["copyright_reg"]))
    r = got[("500112", "copyright_reg", 2020)]
    assert r["value"] is None and "计算机软件著作权登记" in r["reason"]


@pytest.mark.spark
@pytest.mark.slow
def test_combined_indicators_pyspark(combo: Settings, spark: Any) -> None:
    _check(compute_table(combo, years=YEARS, industries=[], indicators=IDS, backend="pyspark", spark=spark))


def test_a_sum_adds_like_with_like() -> None:
    text = resources.files("ipatlas.indicators").joinpath("catalog.yaml").read_text("utf-8")
    doc = yaml.safe_load(text)
    base = next(i for i in doc["indicators"] if i["id"] == "copyright_reg")
    cases = [
        ({"numerator": ["rights_works_reg", "rights_software_stock"], "flow": False}, "flows to flows"),
        ({"numerator": ["rd_expenditure", "gdp"], "flow": False}, "measures only"),
        ({"numerator": ["rights_works_reg"]}, "two or more"),
        ({"combine": "max"}, "combine must be"),
        ({"numerator": ["ops_pledge_amount", "ops_pledge_contracts"]}, "not weighted"),
    ]
    for change, message in cases:
        bad = {**base, **change, "id": "x_sum"}
        with pytest.raises(IndicatorError, match=message):
            parse_catalog({**doc, "indicators": [*doc["indicators"], bad]})
    assert load_catalog().describe(load_catalog().get("copyright_reg"))["numerator_combine"] == "sum"


def test_combined_indicators_on_the_pages(combo: Settings) -> None:
    """The dashboard fragment's JSON, the drill-down page and its JSON show the library's figures."""
    import re

    from fastapi.testclient import TestClient

    from ipatlas.store import workflow
    from ipatlas.store.models import UserCreate
    from ipatlas.web import create_app

    with workflow.workflow_session(combo) as session:
        workflow.create_user(session, UserCreate(username="ana", password="ana password", role="analyst"))
    with TestClient(create_app(combo)) as c:
        token = re.search(r'name="csrf_token" value="([^"]+)"', c.get("/login").text).group(1)  # type: ignore[union-attr]
        c.post("/login", data={"username": "ana", "password": "ana password", "csrf_token": token})
        d = c.get("/dashboard/indicators.json", params={"region": "500112", "year": 2020}).json()
        shown = {r["id"]: r for r in d["indicators"]}
        lib = {r["id"]: r for r in show(combo, "500112", 2020)}
        for iid in IDS:
            assert shown[iid]["value"] == lib[iid]["value"], iid
        assert shown["copyright_reg"]["value"] == 2 and shown["gi_all_kinds"]["value"] == 2
        params = {"region": "500112", "year": 2020, "id": "copyright_reg"}
        page = c.get("/indicators/records.json", params=params).json()
        assert page["total"] == 1 and "多项之和" in str(page)
        html = c.get("/indicators/records", params=params).text
        assert "著作权登记量" in html and "多项之和" in html
        # the export of the page's table (CSV) carries the new rows with their value and 口径
        csv = c.get(
            "/export/dashboard_indicators.csv",
            params={"region": "500112", "year": 2020, "table": "indicators"},
        ).text
        row = next(line for line in csv.splitlines() if ",著作权登记量," in line)
        assert ",著作权登记量,2.0,件," in row and "作品著作权登记量 + 计算机软件著作权登记量" in row
        assert "全社会R&D经费支出" in csv and "地理标志总数" in csv and "知识产权纠纷调解案件数" in csv
