"""Readers for the derived tables in ``regions/data/`` (built by ``scripts/build_region_tables.py``).

The runtime needs nothing from ../shared: only these gzip'd CSV files shipped in the package.
"""

from __future__ import annotations

import csv
import functools
import gzip
import io
from pathlib import Path

DATA_DIR = Path(__file__).resolve().parent / "data"

# name → what the file holds (for error messages and docs)
TABLES = {
    "divisions": "current units: code,name,level,parent,province_code,city_code,type,lon,lat,geo",
    "history": "old codes/names → today's unit: old_code,old_name,code,year,type,old_parent,name_alias",
    "events": "division change events 1980–2026: year,type,level,old_code,old_name,new_code,new_name,doc_no",
    "names": "lookup keys: key,code,kind,alt_prov,trad",
    "population2020": "2020 census by county: census_code,name,population,code,city_code,province_code",
    "pinyin": "pinyin of region names (scripts/build_pinyin_table.py, from pypinyin): code,name,pinyin",
    "pinyin_hist": "pinyin of old names of the division history, with today's code: code,name,pinyin",
    "gi_towns": "two-character town stems per prefecture (scripts/build_gi_towns.py): stem,city_code",
}


@functools.cache
def read_table(name: str) -> tuple[dict[str, str], ...]:
    """All rows of one derived table (cached; rows are plain dicts of strings)."""
    from ipatlas.errors import ConfigError

    path = DATA_DIR / f"{name}.csv.gz"
    if not path.is_file():
        raise ConfigError(
            f"区划数据表缺失：{path}（请运行 scripts/build_region_tables.py 重新生成）", table=name
        )
    with gzip.open(path, "rb") as f:
        text = f.read().decode("utf-8")
    return tuple(csv.DictReader(io.StringIO(text)))


@functools.cache
def read_aliases() -> tuple[dict[str, str], ...]:
    """Hand-kept names the division data lacks (``data/aliases.csv``: key,code,kind,source): colloquial
    abbreviations (乌市, 巴州), the divisions of the Xinjiang Production and Construction Corps (第八师 →
    石河子市), national new areas and zones read as the unit they lie in. Each row cites its source."""
    with open(DATA_DIR / "aliases.csv", encoding="utf-8", newline="") as f:
        return tuple(csv.DictReader(f))
