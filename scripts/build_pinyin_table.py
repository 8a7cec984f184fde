#!/usr/bin/env python3
"""Build ``src/ipatlas/regions/data/pinyin.csv.gz``: the pinyin of every current region name, for the
region picker's pinyin and initials search (渝北区 → "yu bei qu", initials "ybq").

Source: the PyPI package ``pypinyin`` 0.55.0 (MIT; phrase-aware readings from its ``pinyin-data`` and
``phrase-pinyin-data`` dictionaries, so 重庆 is "chong qing", 长寿 "chang shou"). pypinyin is NOT a
runtime dependency: this script runs once wherever pypinyin is importable
(``pip install --target /tmp/pyp pypinyin==0.55.0`` and ``PYTHONPATH=/tmp/pyp``), and the runtime reads
only the compact table. Region names come from the registry's ``divisions`` table (plus 台湾省, 香港,
澳门 from ``ipatlas.regions.boundaries.EXTRA_PROVINCES``).

Columns: code,name,pinyin (syllables without tones, space-separated). A second table,
``pinyin_hist.csv.gz``, holds the readings of the division history's old names (``names`` rows of kind
``hist`` / ``hist-adj``: 崇文区, 卢湾区, 郫县, 吴江市 …) with the code of today's unit, so that the romanized
reader can read old names written in pinyin (``Luwan District, Shanghai`` → 黄浦区). Run from the
repository root:

    PYTHONPATH=src:/tmp/pyp python scripts/build_pinyin_table.py
"""

from __future__ import annotations

import csv
import gzip
import io
from pathlib import Path

from pypinyin import Style, lazy_pinyin

from ipatlas.regions._data import DATA_DIR, read_table
from ipatlas.regions.boundaries import EXTRA_PROVINCES

# Readings pypinyin gets wrong in place names (checked by hand against 《中国地名录》 usage).
OVERRIDES = {
    "六安": "lu an",
    "丽水": "li shui",
    "蚌埠": "beng bu",
    "番禺": "pan yu",
    "铅山": "yan shan",
    "涡阳": "guo yang",
}


def reading(name: str) -> str:
    for word, py in OVERRIDES.items():
        if word in name:
            head, _, tail = name.partition(word)
            return " ".join(x for x in (reading(head), py, reading(tail)) if x)
    return " ".join(lazy_pinyin(name, style=Style.NORMAL, errors="ignore")) if name else ""


def main() -> None:
    rows = [(r["code"], r["name"]) for r in read_table("divisions")] + sorted(EXTRA_PROVINCES.items())
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(["code", "name", "pinyin"])
    for code, name in rows:
        w.writerow([code, name, reading(name)])
    _write(DATA_DIR / "pinyin.csv.gz", buf.getvalue(), len(rows))
    old = sorted(
        {
            (r["code"], r["key"])
            for r in read_table("names")
            if r["kind"] in ("hist", "hist-adj") and r["trad"] == "0"
        }
    )
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(["code", "name", "pinyin"])
    for code, name in old:
        w.writerow([code, name, reading(name)])
    _write(DATA_DIR / "pinyin_hist.csv.gz", buf.getvalue(), len(old))


def _write(out: Path, text: str, count: int) -> None:
    with gzip.GzipFile(out, "wb", mtime=0) as f:
        f.write(text.encode("utf-8"))
    print(f"{out}: {count} names, {out.stat().st_size:,} bytes")


if __name__ == "__main__":
    main()
