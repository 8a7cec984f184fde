"""Helpers for the market tests: valid 统一社会信用代码, files, a small lake."""

from __future__ import annotations

import csv
import datetime as dt
from pathlib import Path
from typing import Any

import pyarrow as pa
from stdnum.cn import uscc

from ipatlas.config import Settings
from ipatlas.store.lake import Lake
from ipatlas.store.schema import arrow_schema

ENTITY_HEADER = ["统一社会信用代码", "名称", "曾用名", "注册地址", "成立日期", "类型", "法定代表人"]
CREDIT_HEADER = [
    "统一社会信用代码",
    "名称",
    "事件类型",
    "违法行为",
    "决定日期",
    "决定文号",
    "决定机关",
    "金额",
]


def code(n: int, prefix: str = "9150") -> str:
    """A valid code: 91 (enterprise) + 500xxx region + n in the organisation part + check digit."""
    body = f"{prefix}0112MA{n:07d}"
    return body + uscc.calc_check_digit(body)


def bad_check(valid: str) -> str:
    digits = "0123456789ABCDEFGHJKLMNPQRTUWXY"
    wrong = digits[(digits.index(valid[-1]) + 1) % len(digits)]
    return valid[:-1] + wrong


def write_csv(path: Path, header: list[str], rows: list[list[Any]]) -> Path:
    with open(path, "w", newline="", encoding="utf-8") as fh:
        w = csv.writer(fh)
        w.writerow(header)
        for r in rows:
            w.writerow(["" if v is None else v for v in r])
    return path


def write_lake(settings: Settings, applicants: list[list[str]], owners: list[str] = ()) -> None:  # type: ignore[assignment]
    """Patents with the given applicant lists and trademarks with the given owners."""
    patents = []
    for i, apps in enumerate(applicants):
        patents.append(
            {
                "app_no": f"CN2020100{i:05d}.{i % 10}",
                "kind": "invention",
                "filing_date": dt.date(2020, 1, 1) + dt.timedelta(days=i),
                "grant_date": dt.date(2021, 6, 1) if i % 2 == 0 else None,
                "legal_status": "valid" if i % 2 == 0 else "pending",
                "applicants": apps,
                "first_applicant": apps[0] if apps else None,
                "adcode": "500112",
                "city_code": "500000",
                "province_code": "500000",
                "region_level": "county",
                "country": "CN",
                "import_id": "imp-test",
                "source_hash": "0" * 64,
                "source_row": i + 2,
                "record_hash": f"h{i}",
                "is_demo": False,
            }
        )
    marks = [
        {
            "reg_no": str(10000 + i),
            "nice_class": 9 + i % 3,
            "mark_name": f"标{i}",
            "owner": o,
            "status": "registered",
            "is_gi": False,
            "well_known": False,
            "import_id": "imp-test",
            "source_hash": "0" * 64,
            "source_row": i + 2,
            "record_hash": f"t{i}",
            "is_demo": False,
        }
        for i, o in enumerate(owners)
    ]
    write_tables(settings, patents, marks)


def write_tables(settings: Settings, patents: list[dict[str, Any]], marks: list[dict[str, Any]]) -> None:
    """Write partial patent and trademark rows (missing fields null, lineage filled in)."""
    lineage = {"import_id": "imp-test", "source_hash": "0" * 64, "is_demo": False}
    lake = Lake(settings.lake_dir)
    with lake.transaction() as txn:
        txn.write_arrow(
            "patents",
            _table(
                "patents",
                [
                    {**lineage, "source_row": i + 2, "record_hash": f"p{i}", **p}
                    for i, p in enumerate(patents)
                ],
            ),
        )
        if marks:
            rows = [
                {
                    **lineage,
                    "source_row": i + 2,
                    "record_hash": f"t{i}",
                    "is_gi": False,
                    "well_known": False,
                    **m,
                }
                for i, m in enumerate(marks)
            ]
            txn.write_arrow("trademarks", _table("trademarks", rows))


def _table(name: str, rows: list[dict[str, Any]]) -> pa.Table:
    schema = arrow_schema(name)
    return pa.Table.from_pylist([{f: r.get(f) for f in schema.names} for r in rows], schema=schema)
