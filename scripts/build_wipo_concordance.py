#!/usr/bin/env python3
"""Derive the compact reference tables that ``ipatlas.indicators`` ships in its package.

The runtime must work without ../shared, so this script (run by a maintainer, output committed)
turns two public reference files into small normalised tables:

1. ``src/ipatlas/indicators/data/wipo_ipc_technology.csv`` — WIPO IPC → 35 technology fields.
   Source: ../shared/data/wipo_ipc_technology_concordance.csv — WIPO IPC–Technology Concordance
   Table (Schmoch 2008, "Concept of a Technology Classification for Country Comparisons", final
   report to WIPO; 2014 revision), as published in PatentsView's data pipeline.
   The source pads main groups to a fixed width (``H04N   3`` = main group H04N 3/, ``A61K  31``
   = A61K 31/); they are normalised to the canonical prefix form ``H04N 3/`` so that a plain
   prefix test against canonical IPC symbols (``H04N 3/12``) works. Field names in Chinese are
   the customary translations used in CNIPA/WIPO Chinese publications.

2. ``src/ipatlas/indicators/data/gbt4754_2017.csv`` — GB/T 4754-2017 国民经济行业分类 codes
   (sections, divisions, groups, classes) used to validate user-imported concordances.
   Source: ../shared/data/gbt4754_2017_industry_classes.csv (national standard; codes and names).

Usage:  .venv/bin/python scripts/build_wipo_concordance.py [--shared ../shared]
"""

from __future__ import annotations

import argparse
import csv
import re
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
OUT_DIR = ROOT / "src" / "ipatlas" / "indicators" / "data"

FIELD_ZH = {
    1: "电气机械、设备和能源",
    2: "视听技术",
    3: "电信",
    4: "数字通信",
    5: "基础通信程序",
    6: "计算机技术",
    7: "管理用信息技术方法",
    8: "半导体",
    9: "光学",
    10: "测量",
    11: "生物材料分析",
    12: "控制",
    13: "医学技术",
    14: "有机精细化学",
    15: "生物技术",
    16: "药品",
    17: "高分子化学、聚合物",
    18: "食品化学",
    19: "基础材料化学",
    20: "材料、冶金",
    21: "表面技术、涂层",
    22: "微观结构和纳米技术",
    23: "化学工程",
    24: "环境技术",
    25: "装卸",
    26: "机床",
    27: "发动机、泵、涡轮机",
    28: "纺织和造纸机械",
    29: "其他专用机械",
    30: "热工过程和器具",
    31: "机械元件",
    32: "运输",
    33: "家具、游戏",
    34: "其他消费品",
    35: "土木工程",
}
SECTOR_ZH = {
    "Electrical engineering": "电气工程",
    "Instruments": "仪器",
    "Chemistry": "化学",
    "Mechanical engineering": "机械工程",
    "Other fields": "其他领域",
}


def normalize_prefix(raw: str) -> str:
    """'H04N   3/' or 'H04N   3' → 'H04N 3/'; 'F21H' → 'F21H'."""
    s = raw.strip().upper()
    if re.fullmatch(r"[A-H][0-9]{2}[A-Z]", s):
        return s
    m = re.fullmatch(r"([A-H][0-9]{2}[A-Z])\s*0*([0-9]{1,4})\s*/?", s)
    if not m:
        raise SystemExit(f"unexpected IPC prefix in WIPO concordance: {raw!r}")
    return f"{m.group(1)} {int(m.group(2))}/"


def build_wipo(src: Path) -> list[dict[str, str]]:
    rows = []
    with open(src, encoding="utf-8", newline="") as fh:
        for r in csv.DictReader(fh):
            num = int(r["field_number"])
            rows.append(
                {
                    "field": f"{num:02d}",
                    "sector_en": r["sector_en"].strip(),
                    "sector_zh": SECTOR_ZH[r["sector_en"].strip()],
                    "field_en": r["field_en"].strip(),
                    "field_zh": FIELD_ZH[num],
                    "ipc_prefix": normalize_prefix(r["ipc_prefix"]),
                }
            )
    fields = {r["field"] for r in rows}
    if len(fields) != 35:
        raise SystemExit(f"expected 35 WIPO fields, found {len(fields)}")
    dup = [p for p, n in Counter(r["ipc_prefix"] for r in rows).items() if n > 1]
    if dup:
        raise SystemExit(f"prefix mapped twice: {dup}")
    return rows


def build_gbt(src: Path) -> list[dict[str, str]]:
    rows = []
    with open(src, encoding="utf-8", newline="") as fh:
        for r in csv.DictReader(fh):
            rows.append(
                {
                    "code": r["code"].strip(),
                    "level": r["level"].strip(),
                    "name": r["name"].strip(),
                    "section": r["section"].strip(),
                }
            )
    levels = Counter(r["level"] for r in rows)
    if levels["1"] != 20 or levels["2"] != 97 or levels["4"] != 1380:
        raise SystemExit(f"unexpected GB/T 4754 level counts: {dict(levels)}")
    return rows


def write(path: Path, header_lines: list[str], rows: list[dict[str, str]]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "w", encoding="utf-8", newline="") as fh:
        for line in header_lines:
            fh.write(f"# {line}\n")
        w = csv.DictWriter(fh, fieldnames=list(rows[0]), lineterminator="\n")
        w.writeheader()
        w.writerows(rows)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--shared", type=Path, default=ROOT.parent / "shared")
    args = ap.parse_args(argv)
    data = args.shared / "data"
    wipo = build_wipo(data / "wipo_ipc_technology_concordance.csv")
    write(
        OUT_DIR / "wipo_ipc_technology.csv",
        [
            "WIPO IPC-Technology Concordance (35 technology fields), Schmoch 2008, 2014 revision.",
            "Derived by scripts/build_wipo_concordance.py from",
            "../shared/data/wipo_ipc_technology_concordance.csv",
            "(as published in PatentsView's data pipeline).",
            "Padded main groups normalised: 'H04N   3' -> 'H04N 3/'.",
            "Matching: longest prefix of the canonical IPC symbol ('H04N 3/12' starts with 'H04N 3/').",
        ],
        wipo,
    )
    gbt = build_gbt(data / "gbt4754_2017_industry_classes.csv")
    write(
        OUT_DIR / "gbt4754_2017.csv",
        [
            "GB/T 4754-2017 国民经济行业分类: codes and names (sections, divisions, groups, classes).",
            "Derived by scripts/build_wipo_concordance.py from",
            "../shared/data/gbt4754_2017_industry_classes.csv.",
            "Level 3 (groups) is incomplete in the source (275 rows); classes (level 4) are complete (1380).",
        ],
        gbt,
    )
    print(f"wrote {len(wipo)} WIPO prefixes and {len(gbt)} GB/T 4754 codes to {OUT_DIR}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
