"""Address → county resolver (地址 → 区县).

One Aho–Corasick automaton (pyahocorasick) over every current name, short name (重庆, 渝北),
historical name (梁平县, 东陵区) and Traditional form (重慶市, 渝中區), scanned leftmost-longest.
The matches are then read left to right as a chain of hypotheses (province → prefecture → county):

* a match is accepted only if it is consistent with what was read before (so in
  "重庆市江北区北京路" the 北京 after 重庆市江北区 is ignored: it is a street name);
* an ambiguous name (江北区: 重庆 or 宁波; 和平区: 沈阳 or 天津) keeps every reading until later
  context, the postcode, or nothing decides; undecided readings report their common level;
* short names (重庆, 沈阳) are rejected when a road/company word follows (南京北街, 北京路, 延安中路);
  county short names (渝北) count only right after their prefecture; generic names (城区, 东区, 新城区)
  only right after their parent or at the start;
* foreign, Taiwan, Hong Kong and Macao names count only at the start of the text (after an optional
  中国), giving ``level='country'`` and the ISO code in ``country``;
* a postcode (field, six digits at the start of the address, or at its end / after 邮编) breaks
  ties by province; it never overrides what the text names;
* NBS statistical zones (功能区, county-level units here) are read from the short form of their type
  right after the prefecture (湘潭市高新区, 长春市经开区); a county short name at the start followed
  by a zone word names the zone's host county (青州经济开发区), unless a prefecture has that name
  (西安高新区 stays 西安市); other zones give the prefecture;
* an old prefecture absorbed by one county (万县市 → 万州区) only masks its parts (四川省万县市梁平县
  → 梁平区) and is read as that county when nothing finer follows;
* a county right after the old prefecture that held it (the division history's ``old_parent``) is
  that county in its prefecture of today (安徽巢湖含山县 → 马鞍山 含山县, 青海省海东地区湟中县 → 湟中区);
* an old county-level name that is another unit's name today (``hist-after``: 清河区, 邢台's 桥东区) is
  read only right after its prefecture (江苏省淮阴市清河区 → 清江浦区; 清河区 alone is 铁岭's);
* typos: 州/洲 in a prefecture's name (杭洲市, 苏洲工业园区), a county named like one of another
  prefecture (广州市黄浦区 → 黄埔区) or like no unit at all (杭州市西胡区 → 西湖区), one 市 for the
  prefecture and a county named 市… (青岛市南区 → 市南区);
* addresses in English / pinyin (no Chinese place name found) go to
  :mod:`ipatlas.regions.romanized` (``Haidian District, Beijing``, ``Kowloon, Hong Kong``).

Accuracy on real addresses: ``tests/regions/external`` and BENCHMARKS.md (resolver section).

Results are cached per (address, postcode province); :meth:`Resolver.resolve_many` is the fast,
column-oriented entry point for importers.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Sequence
from dataclasses import asdict, dataclass
from typing import Any

import ahocorasick

from ipatlas.regions._data import read_aliases, read_table
from ipatlas.regions.registry import MUNICIPALITY_PROVINCES, get_registry
from ipatlas.regions.romanized import ZONE_TYPES, RomanIndex, bare_zone_types, has_latin, names_china

# Candidate kinds
FULL, SHORT, CSHORT, ADJ, HIST, HIST_ADJ, COUNTRY, NEUTRAL, CTX, ZONE, HIST_AFTER = range(11)
_KIND = {
    "full": FULL,
    "short": SHORT,
    "cshort": CSHORT,
    "adj": ADJ,
    "hist": HIST,
    "hist-adj": HIST_ADJ,
    "hist-after": HIST_AFTER,  # an old name that is another unit's today: only right after its prefecture
    "ctx": CTX,  # an old name that only masks its parts (万县市 ⊃ 万县)
}
_LEVEL_NAME = ("country", "province", "city", "county")

# Words after a short name that show it is part of a street or building name (北京路, 南京北街,
# 延安中路, 上海大厦). Institution and company words (北京大学, 重庆长安汽车) do not reject: a place
# named there that contradicts the address read so far is ignored anyway.
_STREET_AFTER = re.compile("街道|社区")
# 门: a gate and the street named after it (复兴门外大街, 朝阳门内), not the place.
_ROAD1 = frozenset("路街道巷弄桥号里门")
_ROAD2 = frozenset(
    [
        "大街",
        "大道",
        "大厦",
        "大楼",
        "大桥",
        "公路",
        "广场",
        "商场",
        "商城",
        "市场",
        "花园",
        "新村",
        "小区",
        "公寓",
        "酒店",
        "饭店",
        "宾馆",
        "大酒",
        "环路",
        "中路",
        "东路",
        "西路",
        "南路",
        "北路",
        "中街",
        "东街",
        "西街",
        "南街",
        "北街",
        "一路",
        "二路",
        "三路",
        "四路",
        "五路",
        "六路",
        "七路",
        "八路",
        "九路",
        "十路",
    ]
)

# Country-level names: (key, ISO 3166-1 alpha-2). Only counted at the start of the text.
_COUNTRIES: tuple[tuple[str, str], ...] = tuple(
    (k, iso)
    for iso, keys in {
        "TW": (
            "中华民国 中華民國 台湾 台湾省 臺灣 臺灣省 台灣 台灣省 中国台湾 台北 台北市 臺北市 新北市 "
            "桃园市 桃園市 台中市 臺中市 台南市 臺南市 高雄市 基隆市 新竹市 新竹县 新竹縣 嘉义市 "
            "嘉義市 嘉义县 嘉義縣 苗栗县 苗栗縣 彰化县 彰化縣 南投县 南投縣 云林县 雲林縣 屏东县 "
            "屏東縣 宜兰县 宜蘭縣 花莲县 花蓮縣 台东县 臺東縣 台東縣 澎湖县 澎湖縣 "
            # short forms as addresses begin with them; 桃园 and 新竹 are also mainland village and
            # town names (桃园镇), so 桃園 counts only in Traditional and 新竹 only with 市 / 县
            "新北 桃園 台中 臺中 台南 臺南 高雄 基隆 嘉义 嘉義 彰化 屏东 屏東 宜兰 宜蘭 花莲 花蓮"
        ),
        "HK": (
            "香港 香港特别行政区 香港特別行政區 九龙 九龍 新界 港岛 港島 油尖旺区 油尖旺區 深水埗区 "
            "深水埗區 九龙城区 九龍城區 黄大仙区 黃大仙區 观塘区 觀塘區 荃湾区 荃灣區 屯门区 屯門區 "
            "元朗区 元朗區 大埔区 大埔區 西贡区 西貢區 沙田区 沙田區 葵青区 葵青區 离岛区 離島區 "
            "湾仔区 灣仔區 中西区 中西區 "
            # districts and areas as addresses begin with them (湾仔骆克道, 尖沙咀广东道)
            "湾仔 灣仔 尖沙咀 旺角 铜锣湾 銅鑼灣 中环 中環 上环 上環 观塘 觀塘 荃湾 荃灣 屯门 屯門 元朗 "
            "葵涌 将军澳 將軍澳 红磡 紅磡 長沙灣 九龍灣 柴灣 鲗鱼涌 鰂魚涌 香港仔"
        ),
        "MO": "澳门 澳門 澳门特别行政区 澳門特別行政區 氹仔 路氹 路环 路環",
        "JP": (
            "日本 日本国 日本國 东京都 東京都 大阪府 京都府 神奈川县 神奈川縣 爱知县 愛知縣 兵库县 "
            "兵庫縣 埼玉县 埼玉縣 千叶县 千葉縣 静冈县 靜岡縣 福冈县 福岡縣 北海道 茨城县 茨城縣 "
            "长野县 長野縣"
        ),
        "US": (
            "美国 美國 美利坚合众国 美利堅合眾國 加利福尼亚州 加利福尼亞州 加州 纽约州 紐約州 "
            "得克萨斯州 德克萨斯州 德克薩斯州 华盛顿州 華盛頓州 马萨诸塞州 麻萨诸塞州 新泽西州 "
            "伊利诺伊州 密歇根州 宾夕法尼亚州 俄亥俄州 特拉华州 明尼苏达州 北卡罗来纳州 佛罗里达州 "
            "佐治亚州 俄勒冈州 科罗拉多州 亚利桑那州 康涅狄格州 威斯康星州"
        ),
        "DE": "德国 德國 德意志联邦共和国 德意志聯邦共和國",
        "KR": "韩国 韓國 大韩民国 大韓民國 首尔 首爾 首尔特别市 首爾特別市 京畿道",
        "KP": "朝鲜民主主义人民共和国",
        "GB": "英国 英國 大不列颠及北爱尔兰联合王国",
        "FR": "法国 法國 法兰西共和国",
        "CH": "瑞士",
        "NL": "荷兰 荷蘭",
        "SE": "瑞典",
        "IT": "意大利",
        "CA": "加拿大",
        "AU": "澳大利亚 澳大利亞 澳洲",
        "SG": "新加坡",
        "IL": "以色列",
        "FI": "芬兰 芬蘭",
        "DK": "丹麦 丹麥",
        "NO": "挪威",
        "BE": "比利时 比利時",
        "AT": "奥地利 奧地利",
        "ES": "西班牙",
        "PT": "葡萄牙",
        "IE": "爱尔兰 愛爾蘭",
        "LU": "卢森堡 盧森堡",
        "IN": "印度",
        "RU": "俄罗斯 俄羅斯 俄罗斯联邦",
        "BR": "巴西",
        "MX": "墨西哥",
        "NZ": "新西兰 紐西蘭",
        "MY": "马来西亚 馬來西亞",
        "TH": "泰国 泰國",
        "VN": "越南",
        "ID": "印度尼西亚 印尼",
        "PH": "菲律宾 菲律賓",
        "SA": "沙特阿拉伯",
        "AE": "阿联酋 阿拉伯联合酋长国",
        "ZA": "南非",
        "PL": "波兰 波蘭",
        "CZ": "捷克",
        "HU": "匈牙利",
        "TR": "土耳其",
        "GR": "希腊 希臘",
        "UA": "乌克兰 烏克蘭",
        "MN": "蒙古国 蒙古國",
        "KY": "开曼群岛 開曼群島",
        "VG": "英属维尔京群岛 英屬維爾京群島",
        "BM": "百慕大",
        "LI": "列支敦士登",
        "MC": "摩纳哥",
        "CY": "塞浦路斯",
        "MT": "马耳他",
        "BB": "巴巴多斯",
        # further names of GB/T 2659 (世界各国和地区名称代码), the short forms used in addresses
        "CW": "库拉索 荷属安的列斯 荷屬安的列斯",
        "AR": "阿根廷",
        "CL": "智利",
        "CO": "哥伦比亚",
        "PE": "秘鲁",
        "UY": "乌拉圭",
        "VE": "委内瑞拉",
        "CU": "古巴",
        "PA": "巴拿马",
        "BS": "巴哈马",
        "EG": "埃及",
        "MA": "摩洛哥",
        "DZ": "阿尔及利亚",
        "TN": "突尼斯",
        "NG": "尼日利亚",
        "KE": "肯尼亚",
        "SC": "塞舌尔",
        "MU": "毛里求斯",
        "IR": "伊朗",
        "PK": "巴基斯坦",
        "BD": "孟加拉国",
        "LK": "斯里兰卡",
        "NP": "尼泊尔",
        "KZ": "哈萨克斯坦",
        "UZ": "乌兹别克斯坦",
        "KH": "柬埔寨",
        "MM": "缅甸",
        "LA": "老挝",
        "BN": "文莱",
        "WS": "萨摩亚",
        "QA": "卡塔尔",
        "KW": "科威特",
        "JO": "约旦",
        "LB": "黎巴嫩",
        "BY": "白俄罗斯",
        "RO": "罗马尼亚",
        "BG": "保加利亚",
        "SK": "斯洛伐克",
        "SI": "斯洛文尼亚",
        "HR": "克罗地亚",
        "RS": "塞尔维亚",
        "IS": "冰岛",
        "EE": "爱沙尼亚",
        "LV": "拉脱维亚",
        "LT": "立陶宛",
        "GI": "直布罗陀",
    }.items()
    for k in keys.split()
)
_NEUTRAL = ("中国", "中國", "中华人民共和国", "中華人民共和國", "中国大陆", "中國大陸")

# Postcode prefix (first two digits) → province. Chinese postal zones follow provinces; the few
# city-level facts below are used only to break ties inside one province.
_POSTCODE_PROVINCE = {
    **dict.fromkeys(("01", "02"), "150000"),
    **dict.fromkeys(("03", "04"), "140000"),
    **dict.fromkeys(("05", "06", "07"), "130000"),
    "10": "110000",
    **dict.fromkeys(("11", "12"), "210000"),
    "13": "220000",
    **dict.fromkeys(("15", "16"), "230000"),
    "20": "310000",
    **dict.fromkeys(("21", "22"), "320000"),
    **dict.fromkeys(("23", "24"), "340000"),
    **dict.fromkeys(("25", "26", "27"), "370000"),
    "30": "120000",
    **dict.fromkeys(("31", "32"), "330000"),
    **dict.fromkeys(("33", "34"), "360000"),
    **dict.fromkeys(("35", "36"), "350000"),
    "40": "500000",
    **dict.fromkeys(("41", "42"), "430000"),
    **dict.fromkeys(("43", "44"), "420000"),
    **dict.fromkeys(("45", "46", "47"), "410000"),
    **dict.fromkeys(("51", "52"), "440000"),
    **dict.fromkeys(("53", "54"), "450000"),
    **dict.fromkeys(("55", "56"), "520000"),
    "57": "460000",
    **dict.fromkeys(("61", "62", "63", "64"), "510000"),
    **dict.fromkeys(("65", "66", "67"), "530000"),
    **dict.fromkeys(("71", "72"), "610000"),
    **dict.fromkeys(("73", "74"), "620000"),
    "75": "640000",
    "81": "630000",
    **dict.fromkeys(("83", "84"), "650000"),
    "85": "540000",
}
_POSTCODE_CITY = {"1100": "210100", "1101": "210100", "1140": "210300", "1300": "220100", "6531": "530400"}
_POSTCODE_COUNTRY = {"999077": "HK", "999078": "MO"}

# A county short name at the start of the text followed by one of these names the zone after its
# host county (青州经济开发区 → 青州市, 武清开发区 → 武清区); elsewhere county short names count
# only right after their prefecture.
_ZONE_WORDS = (
    "经济技术开发区",
    "经济开发区",
    "高新技术产业开发区",
    "高新技术开发区",
    "高新区",
    "开发区",
    "工业园区",
    "工业园",
    "高科技园区",
    "高科技园",
    "保税区",
)
# NBS statistical zones (功能区, codes XXYY7Z) by the type their name ends with, and the forms the
# type takes in addresses right after the prefecture (湘潭市高新区 → 湖南湘潭高新技术产业园区 430371,
# 芜湖市经济技术开发区 → 芜湖经济技术开发区 340271). A prefecture with two zones of one type stays
# undecided (合肥市高新区); one without such a zone keeps the prefecture (成都市高新区).
_ZONE_TYPES: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("高新技术产业开发区", ("高新区", "高新技术产业开发区", "高新技术开发区", "高新开发区")),
    ("高新技术产业园区", ("高新区", "高新技术产业园区", "高新园区")),
    ("高新技术开发区", ("高新区", "高新技术开发区", "高新开发区")),
    ("高技术产业开发区", ("高新区", "高技术产业开发区")),
    ("经济技术开发区", ("经开区", "经济技术开发区")),
    ("经济开发区", ("经济开发区",)),
    ("工业园区", ("工业园区",)),
    ("示范区", ("示范区",)),  # 山西省示范区: the province's one 示范区 (山西转型综合改革示范区)
)
# The national title 经济技术开发区 is also written for a zone the NBS lists as 经济开发区: where a
# prefecture has no 经济技术开发区 unit, its forms name its 经济开发区 (吉林市吉林经济技术开发区 → 220271).
# Not the other way: a 经济开发区 beside a listed 经济技术开发区 is often a zone of its own (拉萨经济开发区).
# Likewise the national title 高新技术产业开发区 for a zone the NBS lists as a 高新技术产业园区
# (湖南湘潭高新技术产业园区 is the 湘潭高新技术产业开发区 of its own documents), where the prefecture
# lists no 开发区 of that type.
_ZONE_TWINS = {"经济开发区": "经济技术开发区", "高新技术产业园区": "高新技术产业开发区"}


def _zone_keys(reg: Any) -> list[tuple[str, str, bool]]:
    """(abbreviation, zone code, whether the key is the zone's own name with its full type) for every NBS
    zone. Where a prefecture has several zones of one type, only the one named after the prefecture alone
    takes the abbreviation (长春高新技术产业开发区, not 长春净月高新技术产业开发区); if none or several
    are, all keep it and the reading stays undecided."""
    groups: dict[tuple[str | None, str], list[Any]] = {}
    for r in reg.all("county"):
        if r.type != "功能区":
            continue
        suffix = next((sfx for sfx, _ in _ZONE_TYPES if r.name.endswith(sfx)), None)
        if suffix is not None:
            groups.setdefault((r.city_code, suffix), []).append(r)
    keys: list[tuple[str, str, bool]] = []
    forms = dict(_ZONE_TYPES)
    for (city_code, suffix), zones in groups.items():
        if len(zones) > 1 and city_code:
            stem = reg.get(city_code).name.removesuffix("市")
            plain = [z for z in zones if z.name.removesuffix(suffix).endswith(stem)]
            zones = plain if len(plain) == 1 else zones
        keys.extend((form, z.code, False) for z in zones for form in forms[suffix])
        twin = _ZONE_TWINS.get(suffix)
        if twin is not None and (city_code, twin) not in groups:
            keys.extend((form, z.code, False) for z in zones for form in forms[twin])
    # A zone's own name between the prefecture's and the type's (包头稀土高新技术产业开发区) with the type's
    # short forms: 包头市稀土高新区, 长春净月高新区. Read, like every zone form, only after its prefecture.
    for (city_code, suffix), zones in groups.items():
        if not city_code:
            continue
        stem = reg.get(city_code).name.removesuffix("市")
        for z in zones:
            base = z.name.removesuffix(suffix)
            at = base.find(stem)
            middle = base[at + len(stem) :] if at >= 0 else ""
            if len(middle) >= 2:
                own = [form for form in forms[suffix] if middle + form != z.name]
                keys.extend((middle + form, z.code, form == suffix) for form in own)
                # and with the twin title, as above (唐山市芦台经济技术开发区 → 河北唐山芦台经济开发区)
                twin = _ZONE_TWINS.get(suffix)
                if twin is not None and (city_code, twin) not in groups:
                    keys.extend((middle + form, z.code, form == twin) for form in forms[twin])
    # A zone named after two prefectures (宿州马鞍山现代产业园区, 阜阳合肥现代产业园区) is written with their
    # first characters (宿马现代产业园区, 阜合…), like 苏锡常 or 京津冀; read after its prefecture, as above.
    stems = {c.name.removesuffix("市") for c in reg.all("city") if c.name.endswith("市")}
    for r in reg.all("county"):
        if r.type != "功能区" or not r.city_code:
            continue
        own = reg.get(r.city_code).name.removesuffix("市")
        if not r.name.startswith(own):
            continue
        rest = r.name[len(own) :]
        other = next((o for o in stems if o != own and len(o) >= 2 and rest.startswith(o)), None)
        if other is not None and len(rest) > len(other) + 1:
            keys.append((own[0] + other[0] + rest[len(other) :], r.code, False))
    # A zone named after its prefecture with a type of its own (郑州航空港经济综合实验区, 德州天衢新区) is
    # written with the prefecture's full name too (郑州市航空港经济综合实验区): the rest of its name, read
    # after its prefecture like the forms above.
    for r in reg.all("county"):
        if r.type != "功能区" or not r.city_code or any(r.name.endswith(sfx) for sfx, _ in _ZONE_TYPES):
            continue
        stem = reg.get(r.city_code).name.removesuffix("市")
        rest = r.name.removeprefix(stem).removeprefix("市")
        if rest != r.name and len(rest) >= 2:
            keys.append((rest, r.code, False))
    # A bare 开发区 after a prefecture is its one zone whose name ends so (廊坊市开发区 → 廊坊经济技术开发区).
    dev: dict[str | None, list[str]] = {}
    for (city_code, _suffix), zones in groups.items():
        dev.setdefault(city_code, []).extend(z.code for z in zones if z.name.endswith("开发区"))
    keys.extend(("开发区", codes[0], False) for c, codes in dev.items() if c and len(codes) == 1)
    return keys


_FULLWIDTH_DIGITS = str.maketrans("０１２３４５６７８９", "0123456789")

_LEAD = re.compile(r"[0-9A-Za-z_\s\W]*")
_LEADING_POSTCODE = re.compile(r"\s*(\d{6})(?!\d)")
_UNDECIDED = frozenset({"country", "city", "province"})
_TRAILING_POSTCODE = re.compile(r"(?:邮编|邮政编码)\D{0,3}(\d{6})(?!\d)|(?<![\d\-—－])(\d{6})\s*$")

_EMPTY = (None, None, None, None)  # hypothesis: (country, province, city, county)


@dataclass(frozen=True, slots=True)
class Resolution:
    adcode: str | None
    name: str | None
    city: str | None
    city_code: str | None
    province: str | None
    province_code: str | None
    level: str  # 'county' | 'city' | 'province' | 'country' | 'none'
    country: str | None  # 'CN' mainland, 'TW', 'HK', 'MO', or foreign ISO2; None if unknown
    matched: str | None

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


# Compact per-address result: (adcode, city_code, province_code, level, country, matched)
_Result = tuple[str | None, str | None, str | None, str, str | None, str | None]
_NONE_RESULT: _Result = (None, None, None, "none", None, None)


class Resolver:
    """Build with :func:`get_resolver` (the automaton takes ~0.2 s to build)."""

    def __init__(self, cache_size: int = 500_000) -> None:
        reg = get_registry()
        self._registry = reg
        self.cache_size = cache_size
        self._cache: dict[tuple[str, str | None], _Result] = {}
        self._info: dict[str, tuple[str, str | None, str | None]] = {}  # code → (name, city, province)
        cands: dict[str, list[tuple[Any, ...]]] = {}
        cand = self._cand

        trad_chars: set[str] = set()
        simple_chars: set[str] = set()
        for row in read_table("names"):
            kind = _KIND[row["kind"]]
            c = cand(row["code"], kind, row["alt_prov"] or None)
            lst = cands.setdefault(row["key"], [])
            if c not in lst:
                lst.append(c)
            (trad_chars if row["trad"] == "1" else simple_chars).update(row["key"])
        self._add_aliases(cands)
        country_keys: dict[str, list[str]] = {}
        for key, iso in _COUNTRIES:
            lst = cands.setdefault(key, [])
            lst.append((iso, 0, None, None, None, COUNTRY))
            country_keys.setdefault(iso, []).append(key)
        # 澳门路氹, 澳门路环: a country name before one of its own places is not a street (澳门路).
        self._country_keys = {iso: tuple(keys) for iso, keys in country_keys.items()}
        for key in _NEUTRAL:
            cands.setdefault(key, []).append(("CN", 0, None, None, None, NEUTRAL))
        self._add_zones(cands, reg)
        # County names that start like a road word (路北区, 道里区, 桥西区): a prefecture short name
        # followed by one of them is not a street (唐山路北, 哈尔滨道里, 石家庄桥西).
        road_like: dict[str, list[str]] = {}
        for key, lst in cands.items():
            if key[0] in _ROAD1 or key[:2] in _ROAD2:
                for c in lst:
                    if c[1] == 3:
                        for parent in {c[2], c[3]} - {None}:
                            road_like.setdefault(parent, []).append(key)
        self._road_like = {k: tuple(v) for k, v in road_like.items()}
        self._upper_keys = frozenset(k for k, lst in cands.items() if any(0 < c[1] < 3 for c in lst))
        # County short names that name one unit and nothing else (虹口, 徐汇): at the start of the text
        # before its 街道 or 社区 they name that county (虹口四川北路街道).
        self._lone_cshort = frozenset(k for k, lst in cands.items() if len(lst) == 1 and lst[0][5] == CSHORT)
        # Of those, the short names of districts and county-level cities (天河, 浦东, 萧山, 昆山): at the
        # start of an address (天河五山路, 萧山南阳开发区…) they name that unit.
        # Not the positional ones (东城, 城北, 市南): many towns and 街道 have those names (东莞 东城街道).
        self._lone_district = frozenset(
            k
            for k in self._lone_cshort
            if reg.get(cands[k][0][0]).type in _DISTRICT_TYPES and not set(k) <= _POSITIONAL_CHARS
        )
        # Two-character town stems per prefecture (data/gi_towns.csv.gz, from the GI-product file):
        # 晋江磁灶 — a lone short name and a town of its prefecture written without 镇 — names that unit.
        self._towns: dict[str, frozenset[str]] = {}
        for row in read_table("gi_towns"):
            self._towns[row["stem"]] = self._towns.get(row["stem"], frozenset()) | {row["city_code"]}
        # 株州市 for 株洲市: the few names with 洲 before 市, written with 州 (the reverse typo, 杭洲市, is
        # looked for only where 洲市 is written).
        # 青岛市南区 for 青岛市市南区: a county whose name begins with 市 (市南区, 市中区) written after its
        # prefecture's full name with one 市 for both.
        self._shared_shi = {
            reg.get(r.city_code).name + r.name[1:]: reg.get(r.city_code).name + r.name
            for r in reg.all()
            if r.level == "county" and r.name.startswith("市") and r.city_code
        }
        # One search for the text fixes (most addresses need none): 州/洲 before 市 or a zone word.
        self._zhou_typo = re.compile(
            "|".join(
                [
                    "洲市",
                    *(k.replace("洲市", "州市") for k in cands if "洲市" in k),
                    f"洲(?:{_ZONE_AFTER_ZHOU})",
                    *self._shared_shi,
                ]
            )
        )
        self._name_keys = frozenset(cands)  # 江北区 is a name (重庆, 宁波): never a miskeyed 江宁区
        self._key_heads = frozenset(k[:2] for k in cands)  # 马村, 丰镇, 西乡: names, not 上海|庙镇
        automaton = ahocorasick.Automaton()
        for key, lst in cands.items():
            simple = lst[0] if len(lst) == 1 and lst[0][5] in (FULL, HIST) else None
            automaton.add_word(key, (len(key), tuple(lst), simple))
        automaton.make_automaton()
        self._automaton = automaton
        self._trad_chars = frozenset(trad_chars - simple_chars)
        for r in reg.all():
            city = reg.get(r.city_code).name if r.city_code else None
            self._info[r.code] = (r.name, city, reg.get(r.province_code).name)
        self._old_parents, self._old_seats = _old_parents(reg)
        self._t2s: Any = None
        self._roman_index: RomanIndex | None = None
        self._homophones: dict[tuple[str, str], str | None] | None = None  # built on first use
        self._key_pinyin: dict[str, str] = {}
        self._char_pinyin: dict[str, set[str]] | None = None  # built on first use
        self._two_char: dict[tuple[str, str], str] | None = None  # built on first use

    def _add_aliases(self, cands: dict[str, list[tuple[Any, ...]]]) -> None:
        """Abbreviations, 兵团 divisions and new areas (data/aliases.csv)."""
        divisions = set()
        for row in read_aliases():
            lst = cands.setdefault(row["key"], [])
            c = self._cand(row["code"], _KIND[row["kind"]])
            if c not in lst:
                lst.append(c)
            if c[5] == ADJ and c[1] == 3:
                divisions.add(row["key"])  # 第六师, 农六师: 兵团 divisions (师市合一)
            rest = self._after_prefecture(row["key"], c)
            if rest:  # 苏州新区 is written 苏州市新区 too: the rest, read right after the prefecture
                after = (*c[:5], HIST_AFTER)
                if after not in cands.setdefault(rest, []):
                    cands[rest].append(after)
        self._divisions = frozenset(divisions)

    def _after_prefecture(self, key: str, c: tuple[Any, ...]) -> str | None:
        """The rest of a county-level alias named after its prefecture (苏州新区 → 新区), or None."""
        if c[1] != 3 or not c[3] or c[5] not in (FULL, HIST):
            return None
        stem = self._registry.get(c[3]).name.removesuffix("市")
        rest = key.removeprefix(stem)
        return rest if rest != key and len(stem) >= 2 and len(rest) >= 2 else None

    def _add_zones(self, cands: dict[str, list[tuple[Any, ...]]], reg: Any) -> None:
        """The NBS zones' abbreviations (read after their prefecture)."""
        own_zone: set[str] = set()
        for key, code, own in _zone_keys(reg):
            cands.setdefault(key, []).append(self._cand(code, ZONE, None))
            if own:
                own_zone.add(key)
        # A zone's own name with its full type (净月高新技术产业开发区) that names one zone and nothing else
        # names it at the start of the text too, where no prefecture is written before it (not the short
        # forms: 稀土高新区 alone stays unread).
        self._own_zone = frozenset(k for k in own_zone if len(cands[k]) == 1)

    def _cand(self, code: str, kind: int = FULL, alt: str | None = None) -> tuple[Any, ...]:
        """The automaton's candidate tuple for a unit: (code, level, province, city, alt, kind)."""
        r = self._registry.get(code)
        level = {"province": 1, "city": 2, "county": 3}[r.level]
        city = r.city_code if r.level != "province" or code in MUNICIPALITY_PROVINCES else None
        return (code, level, r.province_code, city, alt, kind)

    # ------------------------------------------------------------------ public API
    def resolve(self, address: str | None, postcode: str | None = None) -> Resolution:
        """Resolve one address (optionally with its postcode)."""
        adcode, city_code, province_code, level, country, matched = self._resolve(address, postcode)
        info = self._info.get(adcode) if adcode else None
        city_info = self._info.get(city_code) if city_code else None
        prov_info = self._info.get(province_code) if province_code else None
        return Resolution(
            adcode=adcode,
            name=info[0] if info else None,
            city=city_info[0] if city_info else None,
            city_code=city_code,
            province=prov_info[0] if prov_info else None,
            province_code=province_code,
            level=level,
            country=country,
            matched=matched,
        )

    def resolve_many(
        self, addresses: Sequence[str | None], postcodes: Sequence[str | None] | None = None
    ) -> dict[str, list[Any]]:
        """Column-oriented batch resolution: keys adcode, city_code, province_code, level, country,
        matched; one entry per input address, in order."""
        n = len(addresses)
        if postcodes is not None and len(postcodes) != n:
            from ipatlas.errors import InputError

            raise InputError(f"postcodes has {len(postcodes)} entries, addresses {n}", field="postcode")
        res = self._resolve
        if postcodes is None:
            results = [res(a, None) for a in addresses]
        else:
            results = [res(a, p) for a, p in zip(addresses, postcodes, strict=True)]
        if not results:
            return {k: [] for k in ("adcode", "city_code", "province_code", "level", "country", "matched")}
        cols = list(zip(*results, strict=True))
        return {
            "adcode": list(cols[0]),
            "city_code": list(cols[1]),
            "province_code": list(cols[2]),
            "level": list(cols[3]),
            "country": list(cols[4]),
            "matched": list(cols[5]),
        }

    def clear_cache(self) -> None:
        self._cache.clear()

    def fresh(self, cache_size: int | None = None) -> Resolver:
        """A resolver sharing this one's automaton with an empty cache of its own (0 = no cache)."""
        other = Resolver.__new__(Resolver)
        other.__dict__.update(self.__dict__)
        other._cache = {}
        if cache_size is not None:
            other.cache_size = cache_size
        return other

    # ------------------------------------------------------------------ internals
    def _resolve(self, address: Any, postcode: Any) -> _Result:
        if address.__class__ is not str:  # None, NaN / pd.NA from pandas, numbers …
            address = "" if _missing(address) else str(address)
        if postcode is not None and postcode.__class__ is not str:
            postcode = None if _missing(postcode) else _coerce_postcode(postcode)
        key = (address, postcode)
        cache = self._cache
        hit = cache.get(key)
        if hit is not None:
            return hit
        result = self._uncached(address, postcode)
        if len(cache) >= self.cache_size:
            if not self.cache_size:
                return result
            cache.clear()  # cheap bound; realistic files repeat addresses locally
        cache[key] = result
        return result

    def _uncached(self, text: str, postcode: str | None) -> _Result:
        if not text and not postcode:
            return _NONE_RESULT
        pc = _norm_postcode(postcode) if postcode else None
        if pc is None and text and (text[0].isdigit() or text[0] == " "):
            m = _LEADING_POSTCODE.match(text)
            if m:
                pc = m.group(1).translate(_FULLWIDTH_DIGITS)
        if text.isascii():  # no Chinese name can match: romanized or the postcode alone
            roman = self._scan_romanized(text, pc) if has_latin(text) else _NONE_RESULT
            return roman if roman[3] != "none" else _from_postcode(pc)
        if self._zhou_typo.search(text) is not None:  # 杭洲市, 株州市: 州 and 洲 confused in a name
            text = self._fix_names(text)
        result = self._scan(text, pc)
        if (
            pc is None
            and result[3] in _UNDECIDED
            and result[4] == "CN"
            and (text[-1].isdigit() or "邮" in text)
        ):
            m = _TRAILING_POSTCODE.search(text)  # 江北区观音桥 邮编400020: a tie-break only
            if m:
                result = self._scan(text, (m.group(1) or m.group(2)).translate(_FULLWIDTH_DIGITS))
        if result[5] is None and has_latin(text):  # no Chinese place name (at most a postcode)
            roman = self._scan_romanized(text, pc)
            if roman[3] != "none":
                return roman
        if result[3] != "county" and result[4] in (None, "CN") and self._has_trad(text):
            converted = self._to_simplified(text)
            if self._zhou_typo.search(converted) is not None:  # 蘇洲工業園區, 青島市南區
                converted = self._fix_names(converted)
            if converted != text:
                again = self._scan(converted, pc)
                # Nothing read: the Simplified reading stands. A prefecture or province read: a deeper
                # reading inside it (鄭州市經濟技術開發區: the zone forms and the typo rules are keyed in
                # Simplified only), and any reading of a text the conversion left without Traditional
                # characters (黃石口鄉, 周口店鎮: towns, not 黄石 / 周口, as the Simplified rules read
                # them). A character OpenCC leaves (竜華区) keeps the Traditional reading.
                if (
                    result[3] in ("none", "country")
                    or _refines(again, result)
                    or (again[4] in (None, "CN") and not self._has_trad(converted))
                ):
                    result = again
                    if result[5] is not None and len(converted) == len(text):  # the original characters
                        start = converted.find(result[5])
                        if start >= 0:
                            result = (*result[:5], text[start : start + len(result[5])])
        return result

    def _fix_names(self, text: str) -> str:
        """The text fixes, where ``_zhou_typo`` found something to fix."""
        text = _fix_zhou(text, self._automaton.exists)
        for wrong, right in self._shared_shi.items():  # 青岛市南区 → 青岛市市南区
            if wrong in text:
                text = text.replace(wrong, right, 1)
        return text

    def _scan_romanized(self, text: str, pc: str | None) -> _Result:
        """English / pinyin address (see :mod:`ipatlas.regions.romanized`)."""
        if self._roman_index is None:
            shorts: dict[str, list[str]] = {}
            for row in read_table("names"):
                if row["kind"] in ("short", "cshort") and row["trad"] != "1":
                    shorts.setdefault(row["code"], []).append(row["key"])
            known = {r.code for r in self._registry.all()}
            self._roman_index = RomanIndex(
                read_table("pinyin"),
                shorts,
                lambda code: self._cand(code) if code in known else None,
                read_table("pinyin_hist"),
            )
        country, groups, number = self._roman_index.matches(text)
        if country is not None and (country[1] or not groups):
            return (None, None, None, "country", country[0], country[2])
        if not groups:  # ``123 Shanghai Road, China``: the mainland, no place read
            return (None, None, None, "country", "CN", "China") if names_china(text) else _NONE_RESULT
        hyps, used = _fold(groups)
        if len(used) < len(groups):
            # ``Xiaodian District, Taiyuan, Shaanxi``: a province that contradicts a county and its
            # prefecture read in agreement is the misspelt one (Shanxi / Shaanxi)
            below = [g for g in groups if any(c[1] > 1 for c in g[1])]
            alt_hyps, alt_used = _fold(below)
            if len(alt_used) == len(below) > len(used) and all(h[3] is not None for h in alt_hyps):
                hyps, used = alt_hyps, alt_used
        if len(hyps) == 1 and hyps[0][3] is None and hyps[0][1] is not None and _COUNTY_WORD.search(text):
            # ``Jinan District, Tianjin``: a district misspelt by one letter, inside the unit read
            near = {
                m
                for c in self._roman_index.misspelt_counties(text)
                if (m := _merge(hyps[0], c)) is not None and m[3] is not None
            }
            if len(near) == 1:
                hyps = list(near)
        hyps = self._roman_zone(text, hyps, used)
        pc = pc or number
        if len(hyps) > 1 and pc is not None:
            hyps = _filter_postcode(hyps, pc)
        if len(hyps) > 1:  # a name standing alone is the larger unit (Xinjiang: 新疆, not 新绛县)
            depth = min(sum(x is not None for x in h) for h in hyps)
            hyps = [h for h in hyps if sum(x is not None for x in h) == depth]
        return _result(hyps, ", ".join(reversed(used)))

    def _roman_zone(self, text: str, hyps: list[tuple[Any, ...]], used: list[str]) -> list[tuple[Any, ...]]:
        """``Suzhou Industrial Park``: a prefecture read in English followed by a zone type is that
        prefecture's NBS zone of the type, as the Chinese short form after it is (苏州市工业园区 → 320576);
        of several readings of the name (苏州 / 宿州), those that have such a zone. A type written as a
        segment of its own counts for the prefecture read elsewhere (``…, Economic and Technological
        Development Zone, Qinhuangdao`` → 130371), like the bare 开发区 after a prefecture."""
        if not any(h[2] is not None and h[3] is None for h in hyps):
            return hyps
        low = " ".join(_ROMAN_WORD.findall(text.lower()))
        names = {u.lower().replace(" ", "") for u in used}
        words = [w for pattern, w in ZONE_TYPES for m in pattern.finditer(low) if m.group(1) in names]
        zoned: list[tuple[Any, ...]] = []
        for word in words + bare_zone_types(text):
            for h in hyps:
                if h[2] is None or h[3] is not None:
                    continue
                r = self._scan(self._info[h[2]][0] + word, None)
                if r[3] == "county" and r[1] == h[2]:
                    zoned.append((*h[:3], r[0]))
        return list(dict.fromkeys(zoned)) or hyps

    def _homophone(self, city: str, key: str) -> str | None:
        """The county of prefecture ``city`` whose full name reads like ``key`` (a county full name of
        another prefecture), if exactly one does and ``key`` ends with 区 or 县."""
        if key[-1] not in "区县":
            return None
        if self._homophones is None:
            homophones: dict[tuple[str, str], str | None] = {}
            units = {r.code: r for r in self._registry.all()}
            for row in read_table("pinyin"):
                r = units.get(row["code"])
                if r is None or r.level != "county" or not r.city_code:
                    continue
                self._key_pinyin[row["name"]] = row["pinyin"]
                for slot in ((r.city_code, row["pinyin"]), ("", row["pinyin"])):  # "": the whole country
                    homophones[slot] = None if slot in homophones else row["code"]
            self._homophones = homophones
        reading = self._key_pinyin.get(key)
        return self._homophones.get((city, reading)) if reading else None

    def _sound_alike(self, city: str, word: str) -> str | None:
        """杭州市西胡区 → 西湖区: the county of prefecture ``city`` whose full name reads like ``word``, a
        name no unit has (read character by character with the readings the division names give them),
        if exactly one does."""
        if self._homophones is None:
            self._homophone(city, "区")  # builds the tables
        if self._char_pinyin is None:
            chars: dict[str, set[str]] = {}
            for name, reading in self._key_pinyin.items():
                syllables = reading.split()
                if len(syllables) == len(name):
                    for ch, syl in zip(name, syllables, strict=True):
                        chars.setdefault(ch, set()).add(syl)
            self._char_pinyin = chars
        readings = [""]
        for ch in word:
            sounds = self._char_pinyin.get(ch)
            if not sounds:
                return None
            readings = [f"{r} {y}".strip() for r in readings for y in sounds]
        found = {self._homophones.get((city, r)) for r in readings} - {None}  # type: ignore[union-attr]
        return found.pop() if len(found) == 1 else None

    def _one_off(self, city: str, word: str) -> str | None:
        """唐山市开来区 → 开平区: a three-character county word after its prefecture, no unit's name, that
        differs from exactly one county of that prefecture in its middle character only. Not where that
        character makes an ordinary area word (开发区, 高新区, 保税区, 老城区 …) or is a direction."""
        if len(word) != 3 or word in self._name_keys or word[1] in _ONE_OFF_BARRED:
            return None  # a direction changed (江南区 / 江北区) is another place, not a slip
        found = [
            r.code
            for r in self._registry.counties(city)
            if len(r.name) == 3 and r.name[0] == word[0] and r.name[2] == word[2] and r.name[1] != word[1]
        ]
        return found[0] if len(found) == 1 else None

    def _moved(self, h: tuple[Any, ...], code: str, s: str, prev_end: int, start: int) -> bool:
        """County ``code``, right after the reading ``h``, was once a county of the unit ``h`` names (an
        old prefecture, read as its successor: 海东地区 → 海东市, 巢湖 → 巢湖市) and is there no more."""
        olds = self._old_parents.get(code)
        if olds is None or not _adjacent(s, prev_end, start):
            return False
        named = h[3] if h[3] is not None else h[2]
        return named in olds and named != code

    def _readings(
        self,
        hyps: list[tuple[Any, ...]],
        cands: Sequence[tuple[Any, ...]],
        s: str,
        start: int,
        end: int,
        prev_end: int,
        prev_level: int,
        lead: int,
        masked: list[tuple[tuple[Any, ...], int, int]],
    ) -> tuple[list[tuple[Any, ...]], list[tuple[Any, ...]], int, bool, int]:
        """The readings of a match with several candidates, given ``hyps``: (new, those that refine a
        reading, the shallowest level admitted, a neutral name was met, ``lead``); the old names that
        only mask are added to ``masked``."""
        new: list[tuple[Any, ...]] = []
        top_level = -1
        neutral = False
        refined: list[tuple[Any, ...]] = []
        with_city = len(hyps) > 1 and any(h[2] is not None for h in hyps)
        for c in cands:
            verdict, lead = self._admit(c, s, start, end, prev_end, prev_level, lead)
            if verdict != _V_YES:
                neutral = neutral or verdict == _V_NEUTRAL
                if verdict == _V_CTX:
                    masked.append((c, start, end))
                continue
            for h in hyps:
                if c[5] == ZONE and h[1] is not None and h[2] is None and with_city:
                    continue  # 吉林经济技术开发区: of 吉林's readings, the prefecture's zone
                m = _merge(h, c)
                if m is not None:
                    if m != h:
                        refined.append(m)
                    new.append(m)
                    # The shallowest reading: 乌鲁木齐 (the prefecture, or 乌鲁木齐县) is a parent
                    # of what follows it (乌鲁木齐新市区).
                    if top_level < 0 or 0 < c[1] < top_level:
                        top_level = c[1]
        return new, refined, top_level, neutral, lead

    def _moved_cand(
        self, hyps: list[tuple[Any, ...]], cands: Sequence[tuple[Any, ...]], s: str, prev_end: int, start: int
    ) -> tuple[Any, ...] | None:
        """The one county of ``cands`` (full or old names) that :meth:`_moved` admits, if any."""
        moved = [
            c
            for c in cands
            if c[1] == 3
            and c[5]
            in (FULL, HIST, ADJ, HIST_ADJ, HIST_AFTER)  # 和县: one character before 县 (ADJ), adjacent anyway
            and self._moved(hyps[0], c[0], s, prev_end, start)
        ]
        return moved[0] if len(moved) == 1 else None

    def _has_trad(self, text: str) -> bool:
        return not self._trad_chars.isdisjoint(text)

    def _to_simplified(self, text: str) -> str:
        if self._t2s is None:
            import opencc

            self._t2s = opencc.OpenCC("t2s")
        return str(self._t2s.convert(text))

    def _scan(self, s: str, pc: str | None) -> _Result:
        hyps: list[tuple[Any, ...]] = [_EMPTY]
        first = last = -1
        prev_end = -2
        prev_level = -1
        lead = -1  # computed lazily
        masked: list[tuple[tuple[Any, ...], int, int]] = []  # old prefectures now one county
        saw_neutral = False
        for end, (klen, cands, simple) in self._automaton.iter_long(s):
            start = end - klen + 1
            if simple is not None and len(hyps) == 1:
                # Fast path (most matches): one full/historical mainland name, one reading so far.
                country, prov, city, county = hyps[0]
                code, level, cprov, ccity, alt, _k = simple
                if (
                    level == 3
                    and city is not None
                    and city != ccity
                    and county is None
                    and not (code in self._old_parents and self._moved(hyps[0], code, s, prev_end, start))
                ):
                    # 广州市黄浦区: a county of another prefecture named like one of this prefecture's
                    # (黄埔区, both Huangpu) is that one, misspelt.
                    sibling = self._homophone(city, s[start : end + 1])
                    if sibling is None:
                        continue
                    code, cprov, ccity = sibling, prov, city
                if (country is not None and country != "CN") or (
                    prov is not None and prov != cprov and prov != alt
                ):
                    continue
                if level == 3:
                    if (city is not None and city != ccity) or (county is not None and county != code):
                        if code in self._old_parents and self._moved(hyps[0], code, s, prev_end, start):
                            # 安徽巢湖含山县, 青海省海东地区湟中县: a county after the old prefecture that
                            # held it (now in another prefecture): the county, in its prefecture of today.
                            hyps = [("CN", cprov, ccity, code)]
                            last = end
                            break
                        continue
                    hyps = [("CN", cprov, ccity, code)]
                    if first < 0:
                        first = start
                    last = end
                    if code not in self._old_seats:
                        break  # one county decided: the rest is street and company
                    prev_end, prev_level = end, 3  # 巢湖市: an old prefecture's seat; its counties may follow
                    continue
                if level == 2:
                    if city is not None and city != code:
                        continue
                    hyps = [("CN", cprov, code, county)]
                else:
                    hyps = [("CN", cprov, city if city is not None else ccity, county)]
                if first < 0:
                    first = start
                last = end
                prev_end = end
                prev_level = level
                continue
            n_masked = len(masked)
            new, refined, top_level, neutral, lead = self._readings(
                hyps, cands, s, start, end, prev_end, prev_level, lead, masked
            )
            if not new and self._transparent(s, start, end, prev_end, prev_level, len(masked) > n_masked):
                prev_end = end  # the parent read before still heads what follows
            if neutral and not new:
                saw_neutral = True
                lead = end + 1 + len(_LEAD.match(s, end + 1).group(0))  # type: ignore[union-attr]
                continue
            moved = self._moved_cand(hyps, cands, s, prev_end, start) if not new and len(hyps) == 1 else None
            if moved is not None:  # 安徽巢湖含山县: see the fast path
                hyps, last = [("CN", moved[2], moved[3], moved[0])], end
                break
            if not new and len(hyps) == 1 and hyps[0][2] is not None and hyps[0][3] is None:
                sibling = self._homophone(hyps[0][2], s[start : end + 1])  # 上海市黄埔区 → 黄浦区
                if sibling is not None:
                    new = refined = [(*hyps[0][:3], sibling)]
                    top_level = 3
            if not new:
                continue
            if _repeats_previous(s, start, end, prev_end):
                # The same name twice in a row (山东,东营,东营): the prefecture, then its unit of that name.
                deepest = max(_depth(h) for h in new)
                new = [h for h in new if _depth(h) == deepest]
            # A repeated name adds nothing: read it as the unit it refines to (辽阳辽阳 → 辽阳县).
            hyps = list(dict.fromkeys(refined or new)) if len(new) > 1 else new
            if first < 0:
                first = start
            last = end
            prev_end = end
            prev_level = top_level
            if len(hyps) == 1 and (hyps[0][3] is not None or hyps[0][0] != "CN"):
                if hyps[0][3] not in self._old_seats:
                    break  # one county (or a foreign country) decided: the rest is street and company
                prev_level = 3  # 巢湖: an old prefecture's seat; its counties may follow
        if first < 0 and saw_neutral and pc is None:
            # A lone 中国 and no place after it (中国医科大学附属口腔医院): the mainland, nothing finer.
            return (None, None, None, "country", "CN", "中国")
        return self._finish(s, pc, hyps, masked, first, last)

    def _transparent(self, s: str, start: int, end: int, prev_end: int, prev_level: int, masks: bool) -> bool:
        """A name right after a province or prefecture that adds nothing to it leaves that parent the
        parent of what follows: an old prefecture (安徽省巢湖地区和县; ``masks``), or a 兵团 division inside
        another prefecture, whose regiments lie in that prefecture's counties (昌吉州农六师奇台…团)."""
        return (
            0 < prev_level < 3
            and _adjacent(s, prev_end, start)
            and (masks or s[start : end + 1] in self._divisions)
        )

    def _finish(
        self,
        s: str,
        pc: str | None,
        hyps: list[tuple[Any, ...]],
        masked: list[tuple[tuple[Any, ...], int, int]],
        first: int,
        last: int,
    ) -> _Result:
        """The result of a scan that read ``hyps`` from ``s[first : last + 1]``."""
        if masked and all(h[3] is None for h in hyps):
            # An old prefecture absorbed by a county (万县市 → 万州区) and nothing finer named.
            hyps, first, last = _absorbed(hyps, masked, first, last)
        if first < 0:
            return self._lone_sound_alike(s) or _from_postcode(pc)
        if (
            hyps[0][3] is None
            and hyps[0][2] is not None
            and len(hyps) == 1
            and _COUNTY_CHARS & set(s[last + 3 : last + 5])
        ):
            word = _UNKNOWN_COUNTY.match(s, last + 1)  # 杭州市西胡区: a county misspelt as no unit's name
            sibling = self._sound_alike(hyps[0][2], word.group(0)) if word else None
            if word is not None and sibling is None:
                sibling = self._one_off(hyps[0][2], word.group(0))  # 唐山市开来区: 开平区, one miskeyed
            if word is not None and sibling is not None:
                hyps = [(*hyps[0][:3], sibling)]
                last = word.end() - 1
        if hyps[0][3] is None and hyps[0][2] is not None and len(hyps) == 1:
            padded = _PADDED_COUNTY.match(s, last + 1)  # 陇南市徽 县: a register pads 徽县 to two columns
            code = self._padded_county(hyps[0][2], padded.group(1) + padded.group(2)) if padded else None
            if padded is not None and code is not None:
                hyps = [(*hyps[0][:3], code)]
                last = padded.end() - 1
        if len(hyps) > 1 and pc is not None:
            hyps = _filter_postcode(hyps, pc)
        return _result(hyps, s[first : last + 1])

    def _lone_sound_alike(self, s: str) -> _Result | None:
        """桥口区汉西北路: where no place is read, a county-like word at the start of the text that is no
        unit's name but reads like exactly one county's full name in the country (硚口区, its rare
        character written with a common one of the same sound) is that county."""
        lead = _lead(s)
        word = _UNKNOWN_COUNTY.match(s, lead)
        if word is None or self._automaton.exists(word.group(0)):
            return None
        code = self._sound_alike("", word.group(0))
        if code is None:
            return None
        return _result([self._cand_hyp(code)], word.group(0))

    def _town_after(self, code: str, s: str, start: int, end: int) -> bool:
        """A lone short name at the start of the text followed by a town of its prefecture written
        without 镇 (晋江磁灶, 义乌佛堂): the text names that unit."""
        if start > _lead(s):
            return False
        city = self._registry.get(code).city_code
        return city is not None and city in self._towns.get(s[end + 1 : end + 3], ())

    def _cand_hyp(self, code: str) -> tuple[Any, ...]:
        c = self._cand(code)
        return ("CN", c[2], c[3], code)

    def _padded_county(self, city: str, name: str) -> str | None:
        """The county of prefecture ``city`` with the two-character name ``name`` (徽县), if any."""
        if self._two_char is None:
            self._two_char = {
                (r.city_code, r.name): r.code
                for r in self._registry.all("county")
                if len(r.name) == 2 and r.city_code
            }
        return self._two_char.get((city, name))

    def _admit(
        self, c: tuple[Any, ...], s: str, start: int, end: int, prev_end: int, prev_level: int, lead: int
    ) -> tuple[int, int]:
        """Whether candidate ``c`` matched at ``s[start:end+1]`` counts: (verdict, lead). ``lead`` is
        the end of the text's non-place prefix, computed lazily (-1 until needed)."""
        kind = c[5]
        if kind in (FULL, HIST):
            return _V_YES, lead
        after_parent = 0 < prev_level < 3 and _adjacent(s, prev_end, start)
        if kind in (SHORT, CSHORT) and _township_head(s, end) and s[end + 1 : end + 3] not in self._key_heads:
            return _V_NO, lead
        if kind in (SHORT, CSHORT):
            nxt = s[end + 1 : end + 3]
            if nxt and (
                nxt[0] in _ROAD1 or nxt in _ROAD2 or (nxt not in self._key_heads and _named_after(s, end))
            ):
                exceptions = self._road_like.get(c[0])
                if not exceptions or not any(s.startswith(k, end + 1) for k in exceptions):
                    return _V_NO, lead
            # Elsewhere than after its prefecture, a county short name counts only as the name of a zone
            # on its territory (青州经济开发区), and not when a prefecture has that name too (西安高新区).
            if (
                kind == CSHORT
                and not after_parent
                and not _bracketed(s, start, end)  # 杭州市高新区（滨江）
                and (s[start : end + 1] in self._upper_keys or not _zone_host(s, start, end))
                and not (s[start : end + 1] in self._lone_cshort and _street_start(s, start, end))
                and not (
                    s[start : end + 1] in self._lone_district
                    and (_address_start(s, start, end) or self._town_after(c[0], s, start, end))
                )
            ):
                return _V_NO, lead
            return _V_YES, lead
        if kind == CTX:
            return _V_CTX, lead
        if kind == ZONE:  # 湘潭市高新区: the prefecture's NBS statistical zone of that type
            if not after_parent and s[start : end + 1] in self._own_zone:
                if lead < 0:
                    lead = _lead(s)
                return (_V_YES if start <= lead else _V_NO), lead
            # 吉林市深圳街6号高新区, 洛阳片区高新区: a zone word later in the same address, where the
            # prefecture read last has no county after it, is that prefecture's zone too.
            later = prev_level == 2 and _same_address(s, prev_end, start)
            return (_V_YES if after_parent or later else _V_NO), lead
        if lead < 0:
            lead = _lead(s)
        if kind == HIST_AFTER:  # 江苏省淮阴市清河区 (清江浦区); 清河区 alone is 铁岭's
            return (_V_YES if after_parent else _V_NO), lead
        if kind in (ADJ, HIST_ADJ):
            if s[end : end + 2] in _WORD_ACROSS_END:  # 第一师范学院 is a school, not the 第一师
                return _V_NO, lead
            hosted = 0 < prev_level < 3 and _zone_then_bracket(s, prev_end, start, end)
            # At the start, not an old name made of positional and level words only (新区, 市区, 南郊区:
            # abolished units whose names are ordinary words in addresses, 'new district', 'the city').
            generic = kind == HIST_ADJ and set(s[start : end + 1]) <= _POSITIONAL_CHARS
            leading = start <= lead and not generic
            return (_V_YES if after_parent or hosted or leading else _V_NO), lead
        # COUNTRY / NEUTRAL: only at the start of the text, not a street (香港路)
        nxt = s[end + 1 : end + 3]
        if start > lead:
            return _V_NO, lead
        if (
            nxt
            and (nxt[0] in _ROAD1 or nxt in _ROAD2)
            and (kind != COUNTRY or not s.startswith(self._country_keys[c[0]], end + 1))
        ):
            return _V_NO, lead
        return (_V_NEUTRAL if kind == NEUTRAL else _V_YES), lead


# A name's last character and the next one that make a word of their own: there the name is not
# read (兵团 第一师 vs 第一师范学院 'the First Normal College').
_WORD_ACROSS_END = frozenset({"师范"})

_V_NO, _V_YES, _V_NEUTRAL, _V_CTX = range(4)  # verdicts of Resolver._admit


def _old_parents(reg: Any) -> tuple[dict[str, frozenset[str]], frozenset[str]]:
    """From the division history: county → the units that stand today for the prefectures it was once
    in, where that is not its prefecture of today (含山县 → 巢湖市 340181: 巢湖地区 and the prefecture-level
    巢湖市 are both 巢湖市 now; 湟中县 → 海东市); and those of the units that are counties (巢湖市)."""
    rows = read_table("history")
    succ = {row["old_code"]: row["code"] for row in rows}
    known = {r.code: r for r in reg.all()}
    olds: dict[str, set[str]] = {}
    for row in rows:
        county = known.get(row["code"])
        if county is None or county.level != "county" or not row["old_parent"]:
            continue
        parent = succ.get(row["old_parent"], row["old_parent"])
        if parent in known and parent not in (county.city_code, county.province_code, county.code):
            olds.setdefault(county.code, set()).add(parent)
    seats = frozenset(p for ps in olds.values() for p in ps if known[p].level == "county")
    return {k: frozenset(v) for k, v in olds.items()}, seats


def _depth(h: tuple[Any, ...]) -> int:
    return sum(x is not None for x in h)


def _same_address(s: str, prev_end: int, start: int) -> bool:
    """``start`` is a few characters after the previous match, with no sentence or list break between
    (深圳街6号 in 吉林市深圳街6号高新区; 片区 in 洛阳片区高新区)."""
    gap = s[prev_end + 1 : start]
    # not the end of another zone's own name (呼和浩特市金桥开发区: 金桥, not the city's one 开发区)
    own_name = "\u4e00" <= gap[-1:] <= "\u9fff" and gap[-1] not in "号区"
    return 0 < len(gap) <= 12 and not own_name and not _BREAKS.intersection(gap)


_BREAKS = frozenset("。；;，,、：:\n")


def _named_after(s: str, end: int) -> bool:
    """What follows a short name ending at ``end`` is a street or an office named after it, not the
    place: a road of one more character (余杭塘路, a road of 杭州 named after the 余杭塘 river; not the
    streets of the place itself, 屯溪老街), a 大路
    (吉林大路 in 长春; not 大路镇, a town of that name) or a 办事处 (北海办事处, a 街道 office named 北海)."""
    nxt = s[end + 1 : end + 4]
    if len(nxt) < 2:
        return False
    if nxt.startswith("办事"):
        return True
    if nxt.startswith("大路"):
        return nxt[2:] not in ("镇", "乡", "村", "街")
    return (
        nxt[1] == "路"
        and "\u4e00" <= nxt[0] <= "\u9fff"
        and nxt[0] not in _LEVEL_CHARS
        and nxt[0] not in "镇乡村铁"  # 格尔木铁路: the railway of that place
    )


def _township_head(s: str, end: int) -> bool:
    """A short name followed by one more character and 镇/乡/村 begins a township's or village's own
    name (上海庙镇 in 鄂托克前旗, 北京庄村): it is not the place of that name — unless those two
    characters begin a name themselves (焦作马村 is 马村区, 乌兰察布丰镇 丰镇市; checked by the caller)."""
    nxt = s[end + 1 : end + 3]
    return (
        len(nxt) == 2 and "\u4e00" <= nxt[0] <= "\u9fff" and nxt[0] not in _LEVEL_CHARS and nxt[1] in "镇乡村"
    )


_LEVEL_CHARS = frozenset("省市区县旗州盟")


def _adjacent(s: str, prev_end: int, start: int) -> bool:
    """``start`` follows the previous match directly or after spaces and at most one list separator
    (广东 深圳 南山, 内蒙古,包头,固阳, 辽宁/营口/老边)."""
    if start == prev_end + 1:
        return True
    if prev_end < 0 or start <= prev_end:
        return False
    gap = s[prev_end + 1 : start]
    return gap.isspace() or (len(gap.strip()) == 1 and gap.strip() in _SEPARATORS)


def _repeats_previous(s: str, start: int, end: int, prev_end: int) -> bool:
    """The match s[start:end] repeats the one just before it (山东,东营,东营)."""
    return s[start : end + 1] == s[prev_end - end + start : prev_end + 1] and _adjacent(s, prev_end, start)


_SEPARATORS = frozenset(",，、/|;；·-")


def _absorbed(
    hyps: list[tuple[Any, ...]], masked: list[tuple[tuple[Any, ...], int, int]], first: int, last: int
) -> tuple[list[tuple[Any, ...]], int, int]:
    """Read a masked old prefecture as the county that absorbed it, where consistent."""
    for c, start, end in masked:
        merged = [m for h in hyps if (m := _merge(h, c)) is not None]
        if merged:
            return list(dict.fromkeys(merged)), (start if first < 0 else min(first, start)), max(last, end)
    return hyps, first, last


def _bracketed(s: str, start: int, end: int) -> bool:
    """``s[start:end+1]`` stands alone in brackets: （滨江）."""
    return start > 0 and s[start - 1] in "（(" and s[end + 1 : end + 2] in ("）", ")")


def _zone_then_bracket(s: str, prev_end: int, start: int, end: int) -> bool:
    """``s[start:end+1]`` stands in brackets right after a zone word that follows the previous match
    (乌鲁木齐高新区（新市区）): the zone's host county, named as the registers write it."""
    return _bracketed(s, start, end) and prev_end >= 0 and s[prev_end + 1 : start - 1] in _ZONE_WORDS


def _zone_host(s: str, start: int, end: int) -> bool:
    """A county short name followed by a zone word, at the start of the text (青州经济开发区) or right
    after another zone's name: a park of a larger zone named after its host county (…开发区松江高科技园)."""
    return s.startswith(_ZONE_WORDS, end + 1) and (start <= _lead(s) or s[:start].endswith(_ZONE_WORDS))


def _street_start(s: str, start: int, end: int) -> bool:
    """A county short name at the start of the text with a 街道 or 社区 (a county's own subdivisions) soon
    after it: ``复兴门外大街`` is a street, not 复兴区."""
    return start <= _lead(s) and _STREET_AFTER.search(s, end + 1, end + 12) is not None


# Unit types whose lone short name counts at the start of an address (_address_start).
_DISTRICT_TYPES = frozenset({"市辖区", "县级市"})
_POSITIONAL_CHARS = frozenset("东西南北中城关郊区市新老上下前后")
# What follows a place name in an address (a road, a building, a township, a zone); within a few
# characters of a district's short name at the start it shows the text is an address. Not 号: case and
# document numbers begin with a court's or notary's short name too ((2015)黄浦民三(知)初字第57号).
# 市场 as 广场: a market is a place in an address (义乌佛堂下市农贸市场).
_ADDRESS_WORD = re.compile("[路街道巷弄园镇乡村楼栋座区坊院]|大厦|广场|市场|酒店|中心|小区|花园|大学|学院")


def _address_start(s: str, start: int, end: int) -> bool:
    """A district's short name at the start of the text followed by an address (天河五山路, 浦东源深路158号,
    萧山南阳开发区…, 渝北-北环-…): it names that district. Roads and estates named after it (天河北路,
    光明小区) are rejected before; a word glued to it (光明村) is a name of its own."""
    if start > _lead(s) or end + 2 >= len(s):
        return False
    if s[end + 1] in "-－—":
        return True
    m = _ADDRESS_WORD.search(s, end + 2, end + 13)
    return m is not None


_ROMAN_WORD = re.compile(r"[a-z]+")
_COUNTY_WORD = re.compile(r"district|county", re.IGNORECASE)
# A county-like word right after a prefecture: two or three characters and 区 or 县.
_COUNTY_CHARS = frozenset("区县")
# Middle characters of three-character words for an area, not a county (开发区, 高新区, 经开区, 保税区,
# 工业区, 示范区, 实验区, 商务区, 风景区, 自贸区, 综保区, 物流区, 生活区, 办公区, 老城区, 中心区, 旅游区,
# 度假区, 科技区, 居住区, 东部区, 本县 …): a one-character change there makes no county.
_AREA_WORD_MIDDLES = frozenset("发新开税业范验务景贸保流活公城心游假技住部片域园市郊矿山校厂街镇乡村")
_ONE_OFF_BARRED = _AREA_WORD_MIDDLES | _POSITIONAL_CHARS
_UNKNOWN_COUNTY = re.compile("[\u4e00-\u9fff]{2,3}?[区县]")
# A one-character name and its 县/区/旗 split by spaces, as registers pad short names (徽 县, 环　县).
_PADDED_COUNTY = re.compile("([\u4e00-\u9fff])[ \u3000]+([区县旗])")
# Zone words after a prefecture's short name (苏洲工业园区 for 苏州工业园区).
_ZONE_AFTER_ZHOU = "工业园区|高新区|高新技术产业开发区|经济技术开发区|经开区|经济开发区"
_ZHOU_ZONE = re.compile(f"洲(?={_ZONE_AFTER_ZHOU})")


def _fix_zhou(s: str, known: Any) -> str:
    """杭洲市 → 杭州市, 株州市 → 株洲市, 苏洲工业园区 → 苏州工业园区: a city name written with 洲 for 州 or
    the reverse, when only the other spelling is a known name (``known``: the automaton's ``exists``);
    before a zone word, the prefecture's full name is what must be known (苏州市, not 苏洲市)."""
    for m in _ZHOU_ZONE.finditer(s):
        i = m.start()
        for n in (1, 2, 3):
            if i - n >= 0 and known(s[i - n : i] + "州市") and not known(s[i - n : i] + "洲市"):
                s = s[:i] + "州" + s[i + 1 :]
                break
    i = s.find("市", 1)
    while i > 0:
        ch = s[i - 1]
        if ch in "州洲":
            other = "洲" if ch == "州" else "州"
            for n in (1, 2, 3):
                if i - 1 - n < 0:
                    break
                wrong = s[i - 1 - n : i + 1]
                right = wrong[:-2] + other + "市"
                if known(right) and not known(wrong):
                    s = s[: i - 1] + other + s[i:]
                    break
        i = s.find("市", i + 1)
    return s


def _lead(s: str) -> int:
    m = _LEAD.match(s)
    return m.end() if m else 0


def _merge(h: tuple[Any, ...], c: tuple[Any, ...]) -> tuple[Any, ...] | None:
    country, prov, city, county = h
    code, level, cprov, ccity, alt, _kind = c
    if level == 0:  # a country: only on an empty hypothesis
        if prov is None and (country is None or country == code):
            return (code, None, None, None)
        return None
    if country is not None and country != "CN":
        return None
    if prov is not None and prov != cprov and prov != alt:
        return None
    if level == 1:
        return ("CN", cprov, city if city is not None else ccity, county)
    if level == 2:
        if city is not None and city != code:
            return None
        return ("CN", cprov, code, county)
    if city is not None and city != ccity:
        return None
    if county is not None and county != code:
        return None
    return ("CN", cprov, ccity, code)


def _fold(groups: list[tuple[str, list[tuple[Any, ...]]]]) -> tuple[list[tuple[Any, ...]], list[str]]:
    """Romanized names folded highest level first; a name that fits no reading so far is skipped."""
    hyps: list[tuple[Any, ...]] = [_EMPTY]
    used: list[str] = []
    for name, group in sorted(groups, key=lambda g: min(c[1] for c in g[1])):
        new = [m for h in hyps for c in group if (m := _merge(h, c)) is not None]
        if new:
            hyps = list(dict.fromkeys(new))
            used.append(name)
    return hyps, used


def _filter_postcode(hyps: list[tuple[Any, ...]], pc: str) -> list[tuple[Any, ...]]:
    prov = _POSTCODE_PROVINCE.get(pc[:2])
    if prov:
        kept = [h for h in hyps if h[1] == prov]
        if kept:
            hyps = kept
    city = _POSTCODE_CITY.get(pc[:4])
    if city and len(hyps) > 1:
        kept = [h for h in hyps if h[2] == city]
        if kept:
            hyps = kept
    return hyps


def _result(hyps: list[tuple[Any, ...]], matched: str | None) -> _Result:
    if len(hyps) == 1:
        country, prov, city, county = hyps[0]
    else:  # the deepest level on which all readings agree
        first = hyps[0]
        country = first[0] if all(h[0] == first[0] for h in hyps) else None
        prov = first[1] if country and all(h[1] == first[1] for h in hyps) else None
        city = first[2] if prov and all(h[2] == first[2] for h in hyps) else None
        county = first[3] if city and all(h[3] == first[3] for h in hyps) else None
    if county is not None:
        return (county, city, prov, "county", "CN", matched)
    if city is not None and city != prov:
        return (city, city, prov, "city", "CN", matched)
    if prov is not None:
        return (prov, city, prov, "province", "CN", matched)
    if country is not None:
        return (None, None, None, "country", country, matched)
    return (None, None, None, "none", None, matched)


def _refines(deeper: _Result, coarse: _Result) -> bool:
    """Whether ``deeper`` names a unit one level or more below ``coarse``'s, inside it."""
    order = ("province", "city", "county")
    if coarse[3] not in order or deeper[3] not in order or order.index(deeper[3]) <= order.index(coarse[3]):
        return False
    return coarse[0] in (deeper[1], deeper[2])


def _missing(value: Any) -> bool:
    if value is None:
        return True
    try:
        return bool(value != value)  # NaN
    except TypeError:  # pd.NA
        return True


def _coerce_postcode(value: Any) -> str | None:
    """Postcodes read as numbers (Excel: 400000, 10020.0 for 010020)."""
    try:
        number = int(value)
    except (TypeError, ValueError):
        return str(value)
    return f"{number:06d}" if 0 <= number < 1_000_000 and number == value else str(value)


def _norm_postcode(postcode: str | None) -> str | None:
    if not postcode:
        return None
    postcode = postcode.translate(_FULLWIDTH_DIGITS)
    if len(postcode) == 6 and postcode.isascii() and postcode.isdigit():
        return postcode
    digits = "".join(ch for ch in str(postcode) if ch.isdigit())
    return digits if len(digits) == 6 else None


def _from_postcode(pc: str | None) -> _Result:
    """Nothing in the text: a postcode alone still gives the province (or HK/MO)."""
    if pc is None:
        return _NONE_RESULT
    if pc in _POSTCODE_COUNTRY:
        return (None, None, None, "country", _POSTCODE_COUNTRY[pc], None)
    prov = _POSTCODE_PROVINCE.get(pc[:2])
    if prov is None:
        return _NONE_RESULT
    city = prov if prov in MUNICIPALITY_PROVINCES else None
    return (prov, city, prov, "province", "CN", None)


@functools.cache
def get_resolver() -> Resolver:
    """The process-wide resolver (automaton built once, cache shared)."""
    return Resolver()
