"""Helpers for the importer tests: small, hand-made records in the real export layouts."""

from __future__ import annotations

import csv
from pathlib import Path
from typing import Any

import openpyxl

from ipatlas.ingest.profiles import load_profile
from ipatlas.ingest.sqlexpr import check_digit


def app(base: str, sep: str = ".") -> str:
    """A valid application number in the CN…​.check form."""
    return f"CN{base}{sep}{check_digit(base)}"


# Canonical-ish field → value; rendered into any profile's column names by write_patents().
GOOD_PATENTS: list[dict[str, Any]] = [
    {
        "app_no": app("201410123456"),
        "filing_date": "2014-03-05",
        "pub_no": "CN103854321A",
        "pub_date": "2014-06-11",
        "grant_date": "2016-01-20",
        "kind": "发明",
        "title": "一种数据处理方法",
        "abstract": "本发明公开了一种数据处理方法。",
        "applicants": "重庆大学;重庆长安汽车股份有限公司",
        "inventors": "张三;李四",
        "address": "重庆市沙坪坝区沙正街174号",
        "postcode": "400044",
        "ipc_main": "G06F16/24",
        "ipcs": "G06F16/24；G06F 17/30(2006.01)",
        "agency": "重庆博凯知识产权代理有限公司",
        "legal_status": "有效",
        "status_date": "2016-01-20",
        "pct_app_no": "",
        "pct_pub_no": "",
        "claims": "10",
        "cited_by": "3",
        "family_countries": "1",
    },
    {
        "app_no": "201520123457." + check_digit("201520123457"),  # no CN prefix
        "filing_date": "2015/02/01",
        "pub_no": "CN204123457U",
        "pub_date": "2015-07-01",
        "grant_date": "2015-07-01",
        "kind": "实用新型",
        "title": "一种夹具",
        "abstract": "",
        "applicants": "王小明",
        "inventors": "王小明",
        "address": "重庆市梁平县梁山镇人民路1号",
        "postcode": "405200",
        "ipc_main": "B25B0011000000",
        "ipcs": "B25B0011000000",
        "agency": "",
        "legal_status": "未缴年费终止失效",
        "status_date": "2017-03-01",
        "pct_app_no": "",
        "pct_pub_no": "",
        "claims": "5",
        "cited_by": "0",
        "family_countries": "1",
    },
    {
        "app_no": "ZL201630123458" + check_digit("201630123458"),
        "filing_date": "20160301",
        "pub_no": "CN303123458S",
        "pub_date": "2016-08-01",
        "grant_date": "2016-08-01",
        "kind": "外观设计",
        "title": "包装盒",
        "abstract": "",
        "applicants": "重庆市农业科学院",
        "inventors": "赵六",
        "address": "重庆市九龙坡区白市驿镇农科大道",
        "postcode": "401329",
        "ipc_main": "",
        "ipcs": "",
        "agency": "",
        "legal_status": "期限届满终止失效",
        "status_date": "2026-03-01",
        "pct_app_no": "",
        "pct_pub_no": "",
        "claims": "1",
        "cited_by": "",
        "family_countries": "",
    },
    {
        "app_no": "99123456." + check_digit("99123456"),  # pre-2003 form
        "filing_date": "1999-05-04",
        "pub_no": "CN1234567A",
        "pub_date": "2000-12-01",
        "grant_date": "",
        "kind": "发明",
        "title": "旧专利",
        "abstract": "",
        "applicants": "沈阳某某机床厂",
        "inventors": "钱七",
        "address": "辽宁省沈阳市东陵区某路1号",
        "postcode": "110000",
        "ipc_main": "B23Q 1/00",
        "ipcs": "B23Q 1/00;B23Q 1/00;B23B 5/00",
        "agency": "",
        "legal_status": "视为撤回",
        "status_date": "2002-01-01",
        "pct_app_no": "PCT/CN1999/000123",
        "pct_pub_no": "WO00/12345",
        "claims": "8",
        "cited_by": "2",
        "family_countries": "3",
    },
]


def patent_header(profile: str = "standard") -> dict[str, str]:
    """canonical field → source column of the profile (required and optional)."""
    p = load_profile("patents", profile)
    return {f: c for c, (f, _r) in p.all_columns().items()}


def write_patents(
    path: Path,
    rows: list[dict[str, Any]],
    profile: str = "standard",
    *,
    encoding: str = "utf-8",
    delimiter: str = ",",
    drop: tuple[str, ...] = (),
    extra: dict[str, str] | None = None,
) -> Path:
    """Write rows (canonical keys) in the profile's layout: CSV (any encoding) or XLSX by suffix."""
    header = patent_header(profile)
    p = load_profile("patents", profile)
    fields = [f for f in p.columns.values() if f not in drop] + [
        f for f in p.optional_columns.values() if any(f in r for r in rows)
    ]
    names = [header[f] for f in fields] + list(extra or {})
    table = [[r.get(f, "") for f in fields] + list((extra or {}).values()) for r in rows]
    return write_table(path, names, table, encoding=encoding, delimiter=delimiter)


def write_table(
    path: Path, header: list[str], rows: list[list[Any]], *, encoding: str = "utf-8", delimiter: str = ","
) -> Path:
    if path.suffix == ".xlsx":
        wb = openpyxl.Workbook()
        ws = wb.active
        ws.append(header)
        for r in rows:
            ws.append([None if v == "" else v for v in r])
        wb.save(path)
        return path
    with open(path, "w", encoding=encoding, newline="") as fh:
        w = csv.writer(fh, delimiter=delimiter)
        w.writerow(header)
        w.writerows(rows)
    return path


def check_invariant(summary) -> None:
    assert summary.read == summary.loaded + summary.duplicates + summary.quarantined
    assert summary.loaded == summary.inserted + summary.replaced


# The trademark export's columns as the trademark profile expects them.
TM_HEADER = [
    "注册号",
    "国际分类",
    "商标名称",
    "申请人名称",
    "申请人地址",
    "申请日期",
    "注册日期",
    "专用权期限截止日",
    "商标状态",
    "商标类型",
    "是否地理标志",
    "是否驰名商标",
]
