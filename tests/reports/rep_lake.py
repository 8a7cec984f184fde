"""A small hand-made resource base for report tests, written through the real Lake.

Deterministic patents for all 38 Chongqing counties (dense in the main urban districts, sparse in
remote counties) with known IPCs, applicants, citations and family sizes, plus a statistics table
(population, GDP, R&D, market entities, revenue) so that the evaluation methods have inputs.
Tests recompute expected figures from ``ROWS`` with plain Python.
"""

from __future__ import annotations

import datetime as dt
import random
from functools import cache
from pathlib import Path
from typing import Any

import pyarrow as pa

from ipatlas.config import Settings
from ipatlas.store.lake import Lake
from ipatlas.store.schema import arrow_schema

CITY = "500000"
YEAR = 2025
YEARS = (2016, 2025)
# Main IPCs by WIPO field: 06 计算机技术, 32 运输, 13 医学技术, 26 机床.
IPCS = {
    "06": ["G06F 16/24", "G06F 3/01", "G06N 3/08"],
    "32": ["B60K 6/20", "B62D 21/02"],
    "13": ["A61B 5/00"],
    "26": ["B23Q 3/00"],
}
TITLES = {"06": "数据处理方法", "32": "车辆底盘", "13": "医疗检测装置", "26": "数控机床夹具"}
DENSE = {
    "500112": 40,
    "500105": 16,
    "500106": 20,
    "500108": 12,
    "500113": 10,
    "500107": 14,
    "500103": 12,
    "500109": 8,
    "500104": 6,
}
NAMED = {
    "500112": [("重庆长安汽车股份有限公司", "enterprise"), ("渝北智能科技有限公司", "enterprise")],
    "500106": [("重庆大学", "university"), ("沙坪坝医疗器械有限公司", "enterprise")],
    "500105": [("江北数据有限公司", "enterprise")],
}


@cache
def counties() -> tuple[tuple[str, str], ...]:
    from ipatlas.regions import get_registry

    return tuple((r.code, r.name) for r in get_registry().children(CITY))


def make_rows(n: int = 1500, seed: int = 11) -> list[dict[str, Any]]:
    rng = random.Random(seed)
    codes = [c for c, _ in counties()]
    names = dict(counties())
    weights = [DENSE.get(c, 1) for c in codes]
    rows = []
    for i in range(n):
        adcode = rng.choices(codes, weights)[0]
        applicants = NAMED.get(
            adcode,
            [(f"{names[adcode]}科技有限公司", "enterprise"), (f"{names[adcode]}个人发明人", "individual")],
        )
        name, kind_t = rng.choice(applicants)
        field = rng.choices(["06", "32", "13", "26"], [5, 3, 2, 1])[0]
        if adcode == "500112" and rng.random() < 0.5:
            field = "32"  # 渝北 specialises in transport
        ipc = rng.choice(IPCS[field])
        year = rng.randint(*YEARS)
        filing = dt.date(year, rng.randint(1, 12), rng.randint(1, 28))
        kind = rng.choices(["invention", "utility", "design"], [5, 4, 1])[0]
        granted = rng.random() < 0.65
        grant = (
            min(filing + dt.timedelta(days=rng.randint(200, 700)), dt.date(YEAR, 12, 31)) if granted else None
        )
        status = "valid" if granted and rng.random() < 0.85 else ("lapsed" if granted else "pending")
        rows.append(
            {
                "app_no": f"CN{year}1{i:07d}.X",
                "kind": kind,
                "filing_date": filing,
                "pub_no": None,
                "pub_date": None,
                "grant_date": grant,
                "legal_status": status,
                "legal_status_raw": None,
                "status_date": grant
                if status == "valid"
                else (grant + dt.timedelta(days=400) if grant else filing),
                "ipc_main": ipc,
                "ipcs": [ipc],
                "applicants": [name],
                "first_applicant": name,
                "address": f"重庆市{names[adcode]}创新路{i}号",
                "postcode": None,
                "applicant_type": kind_t,
                "inventors": ["张三"],
                "agency": None,
                "pct_app_no": f"PCT/CN{year}/{i:06d}" if rng.random() < 0.05 else None,
                "pct_pub_no": None,
                "title": f"一种{TITLES[field]}{i}",
                "abstract": None,
                "claims": 8,
                "cited_by": rng.choice([0, 0, 1, 2, 3, 5, 8, 13]) + (40 if i % 97 == 0 else 0),
                "family_countries": rng.choice([1, 1, 1, 2, 3]),
                "pledged": None,
                "awarded": None,
                "adcode": adcode,
                "city_code": CITY,
                "province_code": CITY,
                "region_level": "county",
                "country": "CN",
                "import_id": "imp-test",
                "source_hash": "0" * 64,
                "source_row": i + 2,
                "record_hash": f"h{i}",
                "is_demo": True,
            }
        )
    return rows


def make_statistics(seed: int = 5) -> list[dict[str, Any]]:
    rng = random.Random(seed)
    rows = []
    for code, _ in counties():
        size = DENSE.get(code, 1)
        pop = 30 + size * 4 + rng.uniform(0, 40)
        for year in range(YEARS[0], YEARS[1] + 1):
            g = 1.06 ** (year - YEARS[0])
            for var, value, unit in (
                ("population", pop, "万人"),
                ("gdp", (200 + size * 60 + rng.uniform(0, 200)) * g, "亿元"),
                ("rd_expenditure", (20000 + size * 9000 + rng.uniform(0, 20000)) * g, "万元"),
                ("rd_personnel", (800 + size * 400 + rng.uniform(0, 900)) * g, "人"),
                ("market_entities", (30000 + size * 8000 + rng.uniform(0, 20000)) * g, "户"),
                ("above_scale_revenue", (100 + size * 50 + rng.uniform(0, 100)) * g, "亿元"),
            ):
                rows.append(
                    {
                        "region_code": code,
                        "year": year,
                        "variable": var,
                        "value": round(value, 2),
                        "unit": unit,
                        "source": "测试统计年鉴",
                        "import_id": "imp-test",
                        "source_hash": "0" * 64,
                        "source_row": len(rows) + 2,
                        "record_hash": f"s{len(rows)}",
                        "is_demo": True,
                    }
                )
    return rows


ROWS = make_rows()


def build(settings: Settings) -> Settings:
    """Write patents and statistics into the settings' lake and compute the indicator cube."""
    from ipatlas.indicators import compute_cube

    lake = Lake(settings.lake_dir)
    with lake.transaction() as txn:
        txn.write_arrow("patents", pa.Table.from_pylist(ROWS, schema=arrow_schema("patents")))
        txn.write_arrow(
            "statistics", pa.Table.from_pylist(make_statistics(), schema=arrow_schema("statistics"))
        )
    compute_cube(settings, years=range(YEARS[0], YEARS[1] + 1))
    return settings


def fresh(path: Path) -> Settings:
    s = Settings(data_dir=path, shared_dir=Path(__file__).resolve().parents[2].parent / "shared")
    s.ensure_dirs()
    return s
