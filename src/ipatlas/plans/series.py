"""The issuer a document number's series names, for a province's government.

A provincial government numbers its documents with the province's one-character abbreviation and the
series: 辽政发 (the government), 辽政办发 / 辽政办 / 辽政办函 (its general office). When a page gives the
number but no organ ("辽政办发〔2016〕76号  附件2" above a plan), the series is the issuer. Abbreviations
are shared by cities (青: 青海 and 青岛, 宁: 宁夏 and 南京), so the series counts only when the title
opens with that province.
"""

from __future__ import annotations

import functools
import re

PROVINCES = {
    "京": "北京市",
    "津": "天津市",
    "冀": "河北省",
    "晋": "山西省",
    "蒙": "内蒙古自治区",
    "辽": "辽宁省",
    "吉": "吉林省",
    "黑": "黑龙江省",
    "沪": "上海市",
    "苏": "江苏省",
    "浙": "浙江省",
    "皖": "安徽省",
    "闽": "福建省",
    "赣": "江西省",
    "鲁": "山东省",
    "豫": "河南省",
    "鄂": "湖北省",
    "湘": "湖南省",
    "粤": "广东省",
    "桂": "广西壮族自治区",
    "琼": "海南省",
    "渝": "重庆市",
    "川": "四川省",
    "黔": "贵州省",
    "云": "云南省",
    "藏": "西藏自治区",
    "陕": "陕西省",
    "甘": "甘肃省",
    "青": "青海省",
    "宁": "宁夏回族自治区",
    "新": "新疆维吾尔自治区",
}
SERIES_RE = re.compile(r"^(?P<abbr>[\u4e00-\u9fff])政(?P<office>办(?:发|函|字)?)?(?:发)?[〔\[［【（(]")


def series_issuer(doc_number: str | None, title: str | None) -> str | None:
    """ "辽政办发〔2016〕76号" on "辽宁省知识产权“十三五”规划" → 辽宁省人民政府办公厅."""
    m = SERIES_RE.match(doc_number or "")
    province = PROVINCES.get(m.group("abbr")) if m else None
    if m is None or province is None or not (title or "").startswith(province):
        return None
    return f"{province}人民政府办公厅" if m.group("office") else f"{province}人民政府"


# The 机关代字 of a number is the issuing organ's place (a province's one-character 简称, or a city's,
# district's or county's name without its suffix: 大渡口, 奉节) followed by the organ's own code: 府 / 政
# the government, 府办 / 政办 its general office, 知 the 知识产权局, 市监 the 市场监督管理局, then the form
# (发, 函, 字, 规). A joint document carries the number of the organ that led it (GB/T 9704 convention).
CODED_RE = re.compile(
    r"^(?P<place>[\u4e00-\u9fff]{1,6}?)(?:(?P<organ>府办|政办|市监|府|政|知)(?:发|函|字|规|办)*"
    r"|(?P<dept>发改|商务|工信|经信|科|财)[\u4e00-\u9fff]{0,4})[〔\[［【（(]"
)
# A department's number carries its division's code (黔财工, 杭发改规划); the government's and the IP
# office's carry only the form (武知领办 is a leading group's office, 粤市监知促函 a division's letter).
ORGANS = {
    "府": "人民政府",
    "政": "人民政府",
    "知": "知识产权局",
    "市监": "市场监督管理局",
    "发改": "发展和改革委员会",
}
# A department's code: a province's is a 厅, a municipality's or lower government's a 局 (浙江省科学技术厅,
# 重庆市科学技术局, 杭州市财政局).
DEPARTMENTS = {"科": "科学技术", "财": "财政", "商务": "商务", "工信": "工业和信息化", "经信": "经济和信息化"}
SUFFIXES = ("自治县", "县", "区", "市")


# A city's 简称 that is not its name's first character, read by hand from public pages: 甬 宁波
# (https://autoweekly.com.cn/qczs/202306/40261.html), 穗 广州 and 榕 福州
# (https://www.0797cx.cn/page37?article_id=114616).
CITY_ALIASES = {"甬": "330200", "穗": "440100", "榕": "350100"}


@functools.cache
def _city_initials() -> dict[str, tuple[str, ...]]:
    """The first character of a prefecture-level city's name (杭州市 → 杭), or its 简称 (`CITY_ALIASES`)
    → current adcodes."""
    from ipatlas.regions import get_registry

    out: dict[str, list[str]] = {}
    for r in get_registry().all():
        if r.current and r.level == "city":
            out.setdefault(r.name[0], []).append(r.code)
    for alias, code in CITY_ALIASES.items():
        out.setdefault(alias, []).append(code)
    return {k: tuple(v) for k, v in out.items()}


@functools.cache
def _short_names() -> dict[str, tuple[str, ...]]:
    """A city's, district's or county's name without its suffix (大渡口区 → 大渡口) → current adcodes."""
    from ipatlas.regions import get_registry

    out: dict[str, list[str]] = {}
    for r in get_registry().all():
        if not r.current or r.level not in ("city", "county"):
            continue
        suffix = next((s for s in SUFFIXES if r.name.endswith(s)), None)
        if suffix and len(r.name) - len(suffix) >= 2:
            out.setdefault(r.name[: -len(suffix)], []).append(r.code)
    return {k: tuple(v) for k, v in out.items()}


def coded_region(doc_number: str | None, near: str | None = None, text: str = "") -> tuple[str, str] | None:
    """(adcode, organ code) the number's 机关代字 names: "大渡口府发〔2021〕17号" → ("500104", "府").
    `near` is the page's own region, whose province a one-character code is read in; `text` the page's,
    which must name the city a one-character code stands for when no region is known."""
    from ipatlas.regions import get_registry

    m = CODED_RE.match(doc_number or "")
    if m is None:
        return None
    place, organ = m.group("place"), m.group("organ") or m.group("dept")
    reg = get_registry()
    if len(place) == 1:
        province = PROVINCES.get(place)
        found = reg.find(province) if province else []
        codes = tuple(r.code for r in found if r.level == "province")
        within = reg.get(near).province_code if near and reg.get(near) else None
        if not codes or (within and codes[0] != within):
            # a city's 代字 (杭: 杭州): the one city whose name opens with it, in the page's province when
            # the page names one, else in the country when it is no province's 简称
            cities = _city_initials().get(place, ())
            if within:
                codes = tuple(c for c in cities if reg.get(c).province_code == within)
            elif not codes:
                # with no place known, the city must be named in the text (内政发 is 内蒙古's, not 内江's)
                codes = tuple(c for c in cities if reg.get(c).name.removesuffix("市") in text)
    else:
        codes = _short_names().get(place, ())
    return (codes[0], organ) if len(codes) == 1 else None


def coded_issuer(doc_number: str | None, region_code: str | None, text: str = "") -> str | None:
    """The organ a number's 机关代字 names, when its place is the document's own (or no other place is known
    and the code names a city, district or county: one-character 简称 are shared, 宁 by 宁夏 and 南京). A
    general office is the province's 办公厅 and a lower government's 办公室 unless the text names it
    办公厅."""
    from ipatlas.regions import get_registry

    found = coded_region(doc_number, region_code, text)
    if found is None:
        return None
    code, organ = found
    reg = get_registry()
    province = reg.get(code).level == "province"
    if region_code is None and province:
        return None
    if region_code is not None and region_code != code:
        return None
    full = organ_place(code)
    region = reg.get(code)
    if organ in ("府办", "政办"):
        office = "办公厅" if province or f"{full}人民政府办公厅" in text else "办公室"
        return f"{full}人民政府{office}"
    if organ in DEPARTMENTS:
        return full + DEPARTMENTS[organ] + ("厅" if province and not region.is_municipality else "局")
    return full + ORGANS[organ]


def organ_place(code: str) -> str:
    """The place an organ of region `code` is named from: a city's from its city (杭州市人民政府, not
    浙江省杭州市…), a municipality's district from the municipality (重庆市璧山区)."""
    from ipatlas.regions import get_registry

    reg = get_registry()
    region = reg.get(code)
    full = reg.full_name(code)
    if region.level != "province" and not reg.get(region.province_code).is_municipality:
        full = full.removeprefix(reg.full_name(region.province_code))
    return full


SHORT_GOV_RE = re.compile(r"^(?P<level>省|市|区|县)政府(?P<office>办公厅|办公室)?$")


def completed_government(name: str, code: str | None, jurisdiction: str | None) -> str:
    """A box's short 发布单位 ("市政府办公厅") completed with the page's place of that level (杭州市人民政府
    办公厅); any other name, or a level the place is not, is kept."""
    m = SHORT_GOV_RE.match(name)
    if m is None or code is None or jurisdiction != m.group("level"):
        return name
    return organ_place(code) + "人民政府" + (m.group("office") or "")
