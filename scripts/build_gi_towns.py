"""Build ``src/ipatlas/regions/data/gi_towns.csv.gz``: two-character town stems per prefecture.

Source: ``../shared/data/gi_products_2005_2023.json`` (GI-product announcements; ``districts`` often lists
the producing 镇 / 乡 / 街道). A stem (池店 of 池店镇) lets the resolver read ``晋江池店`` — a county-level
city's short name and one of its prefecture's towns written without 镇 — as that city. Only stems of
two characters; a stem written as several prefectures' towns is kept for each.
"""

from __future__ import annotations

import argparse
import csv
import gzip
import io
import json
from pathlib import Path

from ipatlas.regions.registry import get_registry

ROOT = Path(__file__).resolve().parents[1]
SRC = ROOT.parent / "shared" / "data" / "gi_products_2005_2023.json"
OUT = ROOT / "src" / "ipatlas" / "regions" / "data" / "gi_towns.csv.gz"
SUFFIXES = ("街道", "镇", "乡")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--out", default=str(OUT))
    out = Path(ap.parse_args().out)
    reg = get_registry()
    cities = {(r.name, reg.get(r.province_code).name): r.code for r in reg.all() if r.level == "city"}
    rows: set[tuple[str, str]] = set()
    for item in json.loads(SRC.read_text(encoding="utf-8")):
        code = cities.get((item.get("city") or "", item.get("province") or ""))
        if not code:
            continue
        for name in item.get("districts") or []:
            for suf in SUFFIXES:
                if name.endswith(suf) and len(name) - len(suf) == 2:
                    rows.add((name[: -len(suf)], code))
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(["stem", "city_code"])
    w.writerows(sorted(rows))
    out.write_bytes(gzip.compress(buf.getvalue().encode("utf-8"), mtime=0))
    print(f"{len(rows)} stems → {out}")


if __name__ == "__main__":
    main()
