"""Helpers for the operations tests: a few patents in the lake and hand-made operation files."""

from __future__ import annotations

import csv
from pathlib import Path
from typing import Any

from ipatlas.config import Settings
from ipatlas.ingest import import_file
from ipatlas.ingest.bench import STANDARD_HEADER
from ipatlas.ingest.pipeline import DEMO_SIDECAR_SUFFIX
from ipatlas.ingest.sqlexpr import check_digit


def pno(base: str) -> str:
    """A valid patent number in the 公报 form ZL…​.check."""
    return f"ZL{base}.{check_digit(base)}"


def cn(base: str) -> str:
    return f"CN{base}.{check_digit(base)}"


INV_A = "201410123456"  # granted 2016-01-20, in force, 重庆大学 (沙坪坝区)
INV_B = "201510234567"  # granted 2017-05-10, lapsed 2019-03-01, 重庆某某科技有限公司 (渝北区)
INV_C = "202010345678"  # pending (not granted)
UTIL_D = "201920456789"  # granted 2020-02-01, in force, 重庆某某科技有限公司

PATENT_HEADER = STANDARD_HEADER  # the standard patent export layout, declared once


def _patent(
    base: str, filing: str, grant: str, kind: str, holder: str, address: str, status: str, status_date: str
) -> list[str]:
    return [
        cn(base),
        filing,
        "",
        "",
        grant,
        kind,
        "一种装置",
        "",
        holder,
        "张三",
        address,
        "",
        "G06F16/24",
        "G06F16/24",
        "",
        status,
        status_date,
        "",
        "",
        "3",
        "0",
        "1",
    ]


def load_patents(settings: Settings, tmp: Path) -> None:
    rows = [
        _patent(
            INV_A,
            "2014-03-05",
            "2016-01-20",
            "发明",
            "重庆大学",
            "重庆市沙坪坝区沙正街174号",
            "有效",
            "2016-01-20",
        ),
        _patent(
            INV_B,
            "2015-03-05",
            "2017-05-10",
            "发明",
            "重庆某某科技有限公司",
            "重庆市渝北区金开大道1号",
            "未缴年费终止失效",
            "2019-03-01",
        ),
        _patent(
            INV_C,
            "2020-03-05",
            "",
            "发明",
            "重庆某某科技有限公司",
            "重庆市渝北区金开大道1号",
            "实质审查",
            "2020-06-01",
        ),
        _patent(
            UTIL_D,
            "2019-03-05",
            "2020-02-01",
            "实用新型",
            "重庆某某科技有限公司",
            "重庆市渝北区金开大道1号",
            "有效",
            "2020-02-01",
        ),
    ]
    path = tmp / "patents.csv"
    write_csv(path, PATENT_HEADER, rows)
    s = import_file(settings, "patents", path, "standard")
    assert s.loaded == 4, s


def write_csv(path: Path, header: list[str], rows: list[list[Any]]) -> Path:
    with open(path, "w", newline="", encoding="utf-8") as fh:
        w = csv.writer(fh)
        w.writerow(header)
        w.writerows([["" if v is None else str(v) for v in r] for r in rows])
    return path


PLEDGE_HEADER = [
    "主分类号",
    "专利号",
    "申请日",
    "授权公告日",
    "登记号",
    "登记生效日",
    "出质人",
    "质权人",
    "发明名称",
    "事件类型",
    "质押金额(万元)",
]


def pledge(
    base: str,
    reg: str,
    date: str,
    event: str = "生效",
    amount: Any = "",
    pledgor: str = "重庆大学",
    pledgee: str = "中国工商银行股份有限公司重庆分行",
    grant: str = "2016-01-20",
) -> list[Any]:
    return [
        "G06F16/24",
        pno(base),
        "2014-03-05",
        grant,
        reg,
        date,
        pledgor,
        pledgee,
        "一种装置",
        event,
        amount,
    ]


HOLDERS = [
    ("重庆大学", "重庆市沙坪坝区沙正街174号"),
    ("重庆市农业科学院", "重庆市九龙坡区白市驿镇农科大道"),
    ("重庆甲乙科技有限公司", "重庆市渝北区金开大道1号"),
    ("重庆丙丁机械有限公司", "重庆市江津区几江街道1号"),
    ("重庆戊己电子有限公司", "重庆市江北区观音桥街道1号"),
    ("重庆庚辛材料有限公司", "重庆市涪陵区人民东路1号"),
]


def load_demo_patents(settings, tmp: Path) -> None:
    rows = []
    for i in range(240):
        kind_digit, kind = [("1", "发明"), ("2", "实用新型")][i % 2]
        year = 2008 + i % 10
        base = f"{year}{kind_digit}0{i:06d}"
        who, addr = HOLDERS[i % len(HOLDERS)]
        lapsed = i % 7 == 0
        status, sdate = ("未缴年费终止失效", f"{year + 6}-03-01") if lapsed else ("有效", f"{year + 2}-05-01")
        rows.append(
            [
                cn(base),
                f"{year}-01-10",
                "",
                "",
                f"{year + 2}-05-01",
                kind,
                "一种装置",
                "",
                who,
                "张三",
                addr,
                "",
                "G06F16/24",
                "G06F16/24",
                "",
                status,
                sdate,
                "",
                "",
                "3",
                "0",
                "1",
            ]
        )
    path = write_csv(tmp / "demo_patents.csv", PATENT_HEADER, rows)
    Path(str(path) + DEMO_SIDECAR_SUFFIX).write_text("{}")
    assert import_file(settings, "patents", path, "standard").loaded == 240
