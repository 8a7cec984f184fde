"""A small, deterministic lake in the canonical schema for the web tests.

Records are built in plain Python so the tests can recompute every expected figure with
obviously-correct code over ``RECORDS``.
"""

from __future__ import annotations

import datetime as dt
import random
from typing import Any

import pyarrow as pa

from ipatlas.config import Settings
from ipatlas.store.lake import Lake
from ipatlas.store.schema import arrow_schema

# Chongqing counties (current codes) with a skew: the main urban districts get more.
COUNTIES = {
    "500112": 30,
    "500103": 20,
    "500106": 15,
    "500107": 10,
    "500108": 8,
    "500101": 5,
    "500102": 4,
    "500235": 2,
    "500238": 1,
    "500155": 1,
    "500156": 1,
}
SHENYANG = {"210102": 6, "210112": 4}
APPLICANTS = [
    "重庆长安汽车股份有限公司",
    "重庆大学",
    "中国汽车工程研究院股份有限公司",
    "西南大学",
    "张三",
    "重庆市某某科技有限公司",
]
TYPES = {
    "重庆长安汽车股份有限公司": "enterprise",
    "重庆大学": "university",
    "中国汽车工程研究院股份有限公司": "institute",
    "西南大学": "university",
    "张三": "individual",
    "重庆市某某科技有限公司": "enterprise",
}
IPCS = ["G06F 16/24", "H04L 29/06", "B60L 58/12", "A61K 36/00", "C08L 23/06", "F16H 57/02", "H01M 10/42"]
KINDS = ["invention", "utility", "design"]
YEARS = range(2016, 2024)
IMPORT_ID = "imp-20260101-000000-fixt01"
SURGE_APPLICANT = "重庆突增申请有限公司"


def _patent(
    i: int, rnd: random.Random, adcode: str, year: int, applicant: str | None = None
) -> dict[str, Any]:
    kind = KINDS[i % 3]
    filing = dt.date(year, 1 + i % 12, 1 + i % 28)
    granted = kind != "invention" or i % 2 == 0
    grant_date = filing + dt.timedelta(days=200 + (i % 3) * 300) if granted else None
    applicant = applicant or APPLICANTS[i % len(APPLICANTS)]
    province = adcode[:2] + "0000"
    city = province if province == "500000" else adcode[:4] + "00"
    ipc = IPCS[i % len(IPCS)]
    return {
        "app_no": f"CN{year}1{i:07d}.{i % 10}",
        "kind": kind,
        "filing_date": filing,
        "pub_no": f"CN{100000000 + i}A",
        "pub_date": filing + dt.timedelta(days=180),
        "grant_date": grant_date,
        "legal_status": "valid" if granted else "pending",
        "legal_status_raw": "有效" if granted else "审中",
        "status_date": grant_date,
        "ipc_main": ipc,
        "ipcs": [ipc],
        "applicants": [applicant],
        "first_applicant": applicant,
        "address": f"地址{adcode}",
        "postcode": "400000",
        "applicant_type": TYPES.get(applicant, "enterprise"),
        "inventors": ["李四"],
        "agency": None,
        "pct_app_no": f"PCT/CN{year}/{i:06d}" if i % 11 == 0 else None,
        "pct_pub_no": None,
        "title": f"一种测试装置{i}",
        "abstract": "摘要",
        "claims": 5,
        "cited_by": i % 7,
        "family_countries": 1,
        "pledged": None,
        "awarded": None,
        "adcode": adcode,
        "city_code": city,
        "province_code": province,
        "region_level": "county",
        "country": "CN",
        "import_id": IMPORT_ID,
        "source_hash": "0" * 64,
        "source_row": i + 2,
        "record_hash": f"h{i}",
        "is_demo": True,
    }


def make_records() -> list[dict[str, Any]]:
    rnd = random.Random(7)
    out: list[dict[str, Any]] = []
    i = 0
    for year in YEARS:
        for adcode, weight in {**COUNTIES, **SHENYANG}.items():
            for _ in range(weight + (year - 2016) // 2):
                out.append(_patent(i, rnd, adcode, year))
                i += 1
    # One applicant with a sudden surge in 2023 (an alert for 动态监测).
    for _ in range(40):
        out.append(_patent(i, rnd, "500112", 2023, SURGE_APPLICANT))
        i += 1
    # An unresolved record (no county): counted nowhere on the map.
    rec = _patent(i, rnd, "500112", 2023)
    rec.update(adcode=None, city_code=None, province_code=None, region_level="none")
    out.append(rec)
    return out


# Copyright registrations and plant varieties: (table, number column, name column, holder column,
# date column) and how many per county and year (the rights the resource base lacked, issue 14).
RIGHTS = {
    "works": ("reg_no", "title", "owner", "reg_date", 3),
    "software": ("reg_no", "full_name", "owner", "reg_date", 2),
    "varieties": ("right_no", "name", "holder", "grant_date", 1),
}


def make_rights() -> dict[str, list[dict[str, Any]]]:
    """Works, software and variety records in Chongqing counties, 2016–2023; every third variety
    ended two years after its grant (so 拥有量 differs from the cumulative grants)."""
    out: dict[str, list[dict[str, Any]]] = {}
    for table, (number, name, holder, date, per_year) in RIGHTS.items():
        rows = out.setdefault(table, [])
        for year in YEARS:
            for adcode, weight in COUNTIES.items():
                for j in range(per_year * (1 + weight // 10)):
                    i = len(rows)
                    row: dict[str, Any] = {
                        "record_id": f"{table[:2]}{i:08d}",
                        number: f"{table[:2].upper()}{year}{i:06d}",
                        name: f"测试{table}{i}",
                        holder: APPLICANTS[i % len(APPLICANTS)],
                        date: dt.date(year, 1 + j % 12, 10),
                        "adcode": adcode,
                        "city_code": "500100" if adcode < "500200" else "500200",
                        "province_code": "500000",
                        "region_level": "county",
                        "country": "CN",
                        "flags": [],
                        "import_id": IMPORT_ID,
                        "source_hash": "2" * 64,
                        "source_row": i + 2,
                        "record_hash": f"{table}{i}",
                        "is_demo": True,
                    }
                    if table == "varieties":
                        row["genus"] = "水稻"
                        if i % 3 == 0:
                            row["end_date"] = dt.date(year + 2, 6, 30)
                            row["valid_through"] = dt.date(year + 1, 12, 31)
                    rows.append(row)
    return out


STAT_VARIABLES = {  # variable: (unit, base value for an average county)
    "population": ("万人", 80.0),
    "gdp": ("亿元", 600.0),
    "rd_expenditure": ("亿元", 10.0),
    "rd_personnel": ("人", 3000.0),
    "market_entities": ("户", 60000.0),
    "above_scale_revenue": ("亿元", 400.0),
}


def make_statistics() -> list[dict[str, Any]]:
    """County × year statistics of Chongqing (what a 统计年鉴 extract holds), deterministic."""
    from ipatlas.regions.registry import get_registry

    out = []
    for n, county in enumerate(get_registry().counties("500000")):
        scale = 0.5 + (n % 7) / 4 + COUNTIES.get(county.code, 0) / 10
        for year in range(2016, 2024):
            growth = 1 + 0.05 * (year - 2016)
            for var, (unit, base) in STAT_VARIABLES.items():
                out.append(
                    {
                        "region_code": county.code,
                        "year": year,
                        "variable": var,
                        "unit": unit,
                        "value": round(base * scale * (growth if var != "population" else 1.0), 3),
                        "source": "测试夹具",
                        "import_id": IMPORT_ID,
                        "source_hash": "1" * 64,
                        "source_row": len(out) + 2,
                        "record_hash": f"s{len(out)}",
                        "is_demo": True,
                    }
                )
    return out


def build_lake(settings: Settings) -> list[dict[str, Any]]:
    records = make_records()
    now = dt.datetime(2026, 1, 1, 0, 0, 0)
    imports = [
        {
            "import_id": IMPORT_ID,
            "table": "patents",
            "file": "patents_demo.csv",
            "source_hash": "0" * 64,
            "profile": "standard",
            "started_at": now,
            "finished_at": now,
            "read": len(records) + 3,
            "loaded": len(records),
            "inserted": len(records),
            "replaced": 0,
            "duplicates": 1,
            "quarantined": 2,
            "is_demo": True,
        }
    ]
    quarantine = [
        {
            "import_id": IMPORT_ID,
            "file": "patents_demo.csv",
            "source_row": 17,
            "field": "申请日",
            "value": "2019-13-45",
            "reason": "日期无法解析",
            "raw": "{}",
        },
        {
            "import_id": IMPORT_ID,
            "file": "patents_demo.csv",
            "source_row": 33,
            "field": "申请号",
            "value": "XYZ",
            "reason": "申请号格式错误",
            "raw": "{}",
        },
    ]
    lake = Lake(settings.lake_dir)
    with lake.transaction() as txn:
        txn.write_arrow("patents", pa.Table.from_pylist(records, schema=arrow_schema("patents")))
        txn.write_arrow("imports", pa.Table.from_pylist(imports, schema=arrow_schema("imports")))
        txn.write_arrow("quarantine", pa.Table.from_pylist(quarantine, schema=arrow_schema("quarantine")))
        txn.write_arrow(
            "statistics", pa.Table.from_pylist(make_statistics(), schema=arrow_schema("statistics"))
        )
        for table, rows in make_rights().items():
            txn.write_arrow(table, pa.Table.from_pylist(rows, schema=arrow_schema(table)))
    return records
