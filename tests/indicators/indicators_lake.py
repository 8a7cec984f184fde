"""Hand-made canonical records written straight into a Lake (datasette-style fixtures).

Each helper fills the canonical schema with defaults so a test states only what matters.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import pyarrow as pa

from ipatlas.config import Settings
from ipatlas.store.lake import Lake
from ipatlas.store.schema import arrow_schema

D = dt.date

# County → (city_code, province_code) as the resolver stores them (municipality: city = province).
GEO = {
    "500112": ("500000", "500000"),  # 渝北区
    "500105": ("500000", "500000"),  # 江北区
    "500103": ("500000", "500000"),  # 渝中区
    "210112": ("210100", "210000"),  # 沈阳 浑南区
    "210102": ("210100", "210000"),  # 沈阳 和平区
}


def _lineage(i: int) -> dict[str, Any]:
    return {
        "import_id": "imp-test",
        "source_hash": "0" * 64,
        "source_row": i + 2,
        "record_hash": f"h{i}",
        "is_demo": False,
    }


def _geo(
    adcode: str | None, city: str | None = None, province: str | None = None, country: str | None = "CN"
) -> dict[str, Any]:
    if adcode is not None and adcode in GEO and city is None:
        city, province = GEO[adcode]
    level = "county" if adcode else "city" if city else "province" if province else "none"
    return {
        "adcode": adcode,
        "city_code": city,
        "province_code": province,
        "region_level": level,
        "country": country,
    }


def patent(
    app_no: str,
    *,
    kind: str = "invention",
    filed: dt.date,
    granted: dt.date | None = None,
    status: str | None = None,
    status_date: dt.date | None = None,
    adcode: str | None = "500112",
    city: str | None = None,
    province: str | None = None,
    country: str | None = "CN",
    ipc: str = "G06F 16/24",
    ipcs: list[str] | None = None,
    applicants: list[str] | None = None,
    applicant_type: str | None = "enterprise",
    pct: str | None = None,
    family: int | None = 1,
    pledged: bool | None = False,
    awarded: bool | None = False,
    title: str = "一种数据处理方法",
    abstract: str = "",
) -> dict[str, Any]:
    if status is None:
        status = "valid" if granted else "pending"
    applicants = applicants or ["重庆某某科技有限公司"]
    return {
        "app_no": app_no,
        "kind": kind,
        "filing_date": filed,
        "pub_no": None,
        "pub_date": None,
        "grant_date": granted,
        "legal_status": status,
        "legal_status_raw": None,
        "status_date": status_date,
        "ipc_main": ipc,
        "ipcs": ipcs or [ipc],
        "applicants": applicants,
        "first_applicant": applicants[0],
        "address": None,
        "postcode": None,
        "applicant_type": applicant_type,
        "inventors": ["张三"],
        "agency": None,
        "pct_app_no": pct,
        "pct_pub_no": None,
        "title": title,
        "abstract": abstract,
        "claims": 10,
        "cited_by": 0,
        "family_countries": family,
        "pledged": pledged,
        "awarded": awarded,
        **_geo(adcode, city, province, country),
    }


def trademark(
    reg_no: str,
    *,
    nice: int = 9,
    applied: dt.date | None = None,
    registered: dt.date | None = None,
    expiry: dt.date | None = None,
    status: str = "registered",
    is_gi: bool = False,
    adcode: str | None = "500112",
    country: str = "CN",
) -> dict[str, Any]:
    return {
        "reg_no": reg_no,
        "nice_class": nice,
        "mark_name": "示例",
        "owner": "重庆某某公司",
        "owner_address": None,
        "app_date": applied,
        "reg_date": registered,
        "expiry_date": expiry,
        "status": status,
        "tm_type": "ordinary",
        "is_gi": is_gi,
        "well_known": False,
        **_geo(adcode, country=country),
    }


def gi(
    gi_id: str, *, year: int, adcode: str | None = None, city: str | None = None, province: str | None = None
) -> dict[str, Any]:
    return {
        "gi_id": gi_id,
        "product_name": f"产品{gi_id}",
        "gi_kind": "product",
        "year": year,
        "province": None,
        "city": None,
        "districts": [],
        **_geo(adcode, city, province),
    }


def stat(code: str, year: int, variable: str, value: float, unit: str) -> dict[str, Any]:
    return {
        "region_code": code,
        "year": year,
        "variable": variable,
        "value": value,
        "unit": unit,
        "source": "测试",
    }


def write_lake(settings: Settings, **tables: list[dict[str, Any]]) -> Lake:
    """Write the given rows (one list per canonical table) as the lake's current version."""
    lake = Lake(settings.lake_dir)
    with lake.transaction() as txn:
        for name, rows in tables.items():
            schema = arrow_schema(name)
            full = [{**{f.name: None for f in schema}, **_lineage(i), **r} for i, r in enumerate(rows)]
            txn.write_arrow(name, pa.Table.from_pylist(full, schema=schema))
    return lake


# ---------------------------------------------------------------------------------------------
# the hand-made reference data set (expected values are worked out by hand in the tests)
# ---------------------------------------------------------------------------------------------
def reference_tables() -> dict[str, list[dict[str, Any]]]:
    pats = [
        # 渝北区 500112 ------------------------------------------------------------------------
        # P1: valid since 2018; pledged (high value criterion 4)
        patent(
            "CN201510000001.1",
            filed=D(2015, 3, 1),
            granted=D(2018, 6, 1),
            pledged=True,
            applicants=["甲公司"],
            ipc="G06F 16/24",
        ),
        # P2: lapsed on 2021-03-01 -> still in force at the end of 2020; overseas family
        patent(
            "CN201210000002.1",
            filed=D(2012, 5, 1),
            granted=D(2016, 1, 10),
            status="lapsed",
            status_date=D(2021, 3, 1),
            family=3,
            applicants=["甲公司", "乙大学"],
            ipc="H04N 5/232",
        ),
        # P3: lapsed ON 2020-12-31 -> not in force at the end of 2020, in force at the end of 2019
        patent(
            "CN201010000003.1",
            filed=D(2010, 1, 1),
            granted=D(2013, 1, 1),
            status="lapsed",
            status_date=D(2020, 12, 31),
            applicants=["乙大学"],
            applicant_type="university",
        ),
        # P4: filed 2000-12-31: 20-year term ends 2020-12-30 although the exported status is "valid"
        patent(
            "CN200010000004.1",
            filed=D(2000, 12, 31),
            granted=D(2004, 5, 1),
            applicants=["丙研究所"],
            applicant_type="institute",
        ),
        # P5: filed 2001-01-01: last day of the term is 2020-12-31 -> in force at the end of 2020
        patent(
            "CN200110000005.1",
            filed=D(2001, 1, 1),
            granted=D(2005, 5, 1),
            applicants=["丙研究所"],
            applicant_type="institute",
        ),
        # P6: foreign first applicant (address in the US) although a county code slipped in
        patent(
            "CN201510000006.1",
            filed=D(2015, 6, 1),
            granted=D(2018, 1, 1),
            country="US",
            applicants=["Foreign Corp"],
        ),
        # P7: a utility model (not an invention)
        patent(
            "CN201520000007.1",
            kind="utility",
            filed=D(2015, 7, 1),
            granted=D(2016, 1, 1),
            applicants=["甲公司"],
        ),
        # P8: a pending invention application, pledged status unknown
        patent(
            "CN201910000008.1",
            filed=D(2019, 2, 1),
            applicants=["丁个人"],
            applicant_type="individual",
            pledged=None,
        ),
        # P14: invention rejected in 2020 (closed without grant)
        patent(
            "CN201710000014.1",
            filed=D(2017, 1, 1),
            status="rejected",
            status_date=D(2020, 5, 1),
            applicants=["甲公司"],
        ),
        # P15: invention withdrawn in 2020 (closed without grant)
        patent(
            "CN201810000015.1",
            filed=D(2018, 1, 1),
            status="abandoned",
            status_date=D(2020, 8, 1),
            applicants=["甲公司"],
        ),
        # P16: granted 2020, pledge flag unknown -> high-value status undetermined (SEI also unknown)
        patent(
            "CN201810000016.1",
            filed=D(2018, 3, 1),
            granted=D(2020, 3, 1),
            pledged=None,
            applicants=["戊公司"],
            pct="PCT/CN2019/000123",
        ),
        # 江北区 500105 ------------------------------------------------------------------------
        # P9: granted on 2019-12-31 -> in force at the end of 2019; same PCT number as P16 (dup)
        patent(
            "CN201610000009.1",
            filed=D(2016, 1, 1),
            granted=D(2019, 12, 31),
            adcode="500105",
            applicants=["己公司"],
            pct="PCT/CN2019/000123",
        ),
        # P10: granted 2021-01-05 -> not in force at the end of 2020
        patent(
            "CN201710000010.1",
            filed=D(2017, 1, 1),
            granted=D(2021, 1, 5),
            adcode="500105",
            applicants=["己公司"],
        ),
        # P13: invalidated 2020-06-01 -> in force at the end of 2019 only
        patent(
            "CN201410000013.1",
            filed=D(2014, 1, 1),
            granted=D(2016, 1, 1),
            adcode="500105",
            status="invalidated",
            status_date=D(2020, 6, 1),
            applicants=["己公司"],
        ),
        # 沈阳 ------------------------------------------------------------------------------------
        # P11: address resolved to 沈阳市 only -> counts for 210100 and 210000, no county
        patent(
            "CN201410000011.1",
            filed=D(2014, 1, 1),
            granted=D(2017, 1, 1),
            adcode=None,
            city="210100",
            province="210000",
            applicants=["庚公司"],
        ),
        # P12: terminated (abandoned) with no status date -> cannot be dated, never counted in force
        patent(
            "CN201310000012.1",
            filed=D(2013, 1, 1),
            granted=D(2015, 1, 1),
            adcode="210112",
            status="abandoned",
            status_date=None,
            applicants=["辛公司"],
        ),
    ]
    tms = [
        # registered 2011-05-01, no expiry exported -> 10 years: in force at the end of 2020 only up to 2020
        trademark("1001", applied=D(2010, 3, 1), registered=D(2011, 5, 1), expiry=None),
        # expiry exactly 2020-12-31 (last day) -> in force at the end of 2020, not 2021
        trademark("1002", applied=D(2009, 1, 1), registered=D(2010, 12, 31), expiry=D(2020, 12, 31)),
        # renewed to 2030 -> in force
        trademark("1003", applied=D(2005, 1, 1), registered=D(2006, 1, 1), expiry=D(2030, 1, 1), is_gi=True),
        # invalidated: never counted
        trademark(
            "1004", applied=D(2015, 1, 1), registered=D(2016, 1, 1), expiry=D(2026, 1, 1), status="invalid"
        ),
        # pending application
        trademark("1005", applied=D(2020, 2, 1), status="pending"),
        # foreign owner
        trademark(
            "1006", applied=D(2015, 1, 1), registered=D(2016, 1, 1), expiry=D(2026, 1, 1), country="JP"
        ),
    ]
    gis = [
        gi("gi-1", year=2010, adcode=None, city="210100", province="210000"),
        gi("gi-2", year=2020, adcode="500112"),
    ]
    stats = [
        stat("500112", 2019, "population", 215.0, "万人"),
        stat("500112", 2020, "population", 219.0, "万人"),
        stat("500112", 2021, "population", 2_200_000, "人"),  # declared in persons: converted to 万人
        stat("500000", 2019, "population", 3124.32, "万人"),
        stat("500000", 2020, "population", 3205.42, "万人"),
        stat("500112", 2020, "market_entities", 250_000, "户"),
        stat("500112", 2019, "rd_expenditure", 500_000, "万元"),  # 50 亿元
    ]
    return {"patents": pats, "trademarks": tms, "gi": gis, "statistics": stats}
