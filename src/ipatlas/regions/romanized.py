"""Romanized (English / pinyin) addresses: ``Haidian District, Beijing 100080, P.R. China``.

Patent and trademark records of foreign filings, university affiliations and company websites write
Chinese addresses in English with pinyin place names, in reverse order (street, district, city,
province, country). The resolver falls back to this reader when the Chinese scan finds nothing.

Place names are matched by their pinyin *stem* (the name without its administrative suffix:
海淀区 → ``haidian``, 西安市 → ``xian``, 浦东新区 → ``pudong``), built from the compact pinyin table
(``data/pinyin.csv.gz``, see ``scripts/build_pinyin_table.py``) and the resolver's short names:

* a stem counts when an administrative word follows it (``District``/``Dist.``/``Qu`` → a 区,
  ``County``/``Xian`` → a 县, ``City``/``Shi`` → a 市, ``Province``/``Sheng``, ``Banner``,
  ``New Area``, ``Prefecture``), which also splits glued forms (``NanshanDistrict``);
* or when it is a whole comma-separated segment on its own (``…, Shenzhen 518172, China``,
  ``Lintong, Xi'an``): streets (``Haidian South Road``, ``West Nanjing Road``) are never read;
* Hong Kong, Macao, Taiwan and foreign countries are recognised by their English names; a country
  named in the last segments wins over mainland names, otherwise mainland names win.

Candidates are then folded like the Chinese scan, highest level first, keeping only readings
consistent with each other (``Suzhou, Jiangsu`` → 苏州 not 宿州; ``Huangpu District, Guangzhou`` →
黄埔区 not Shanghai's 黄浦区); a six-digit number is used as a postcode to break remaining ties.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Sequence
from typing import Any

# Administrative words → the suffix class they announce.
_LEVEL_WORDS: dict[str, str] = {
    "district": "qu",
    "dist": "qu",
    "qu": "qu",
    "area": "qu",
    "county": "xian",
    "xian": "xian",
    "city": "shi",
    "shi": "shi",
    "municipality": "shi",
    "province": "sheng",
    "sheng": "sheng",
    "banner": "qi",
    "prefecture": "zhou",
    "league": "meng",
    "region": "sheng",
}
# Suffix of a Chinese name → the classes of English words that may follow its stem.
_SUFFIX_CLASSES: tuple[tuple[str, frozenset[str]], ...] = (
    ("新区", frozenset({"qu"})),
    ("自治区", frozenset({"sheng", "qu"})),
    ("自治州", frozenset({"zhou"})),
    ("自治县", frozenset({"xian"})),
    ("自治旗", frozenset({"qi"})),
    ("地区", frozenset({"zhou"})),
    ("林区", frozenset({"qu"})),
    ("区", frozenset({"qu"})),
    ("县", frozenset({"xian"})),
    ("市", frozenset({"shi"})),
    ("省", frozenset({"sheng"})),
    ("旗", frozenset({"qi"})),
    ("盟", frozenset({"meng"})),
)
# English country names (ISO 3166-1 alpha-2), longest first when matched.
_COUNTRY_WORDS: dict[str, str] = {
    "hong kong": "HK", "hongkong": "HK", "hksar": "HK", "kowloon": "HK",
    "macau": "MO", "macao": "MO",
    "taiwan": "TW", "taipei": "TW", "new taipei": "TW", "kaohsiung": "TW", "hsinchu": "TW",
    "japan": "JP", "usa": "US", "u s a": "US", "us": "US", "united states": "US", "germany": "DE",
    "france": "FR", "united kingdom": "GB", "uk": "GB", "england": "GB", "korea": "KR", "singapore": "SG",
    "switzerland": "CH", "netherlands": "NL", "canada": "CA", "australia": "AU", "italy": "IT",
    "sweden": "SE", "israel": "IL", "finland": "FI", "denmark": "DK", "india": "IN",
    "belgium": "BE", "austria": "AT", "spain": "ES", "ireland": "IE", "luxembourg": "LU", "hk": "HK",
    "cayman islands": "KY", "british virgin islands": "VG", "bermuda": "BM", "norway": "NO",
    "new zealand": "NZ", "malaysia": "MY", "thailand": "TH", "vietnam": "VN", "viet nam": "VN",
    "indonesia": "ID", "philippines": "PH", "russia": "RU", "russian federation": "RU", "brazil": "BR",
    "mexico": "MX", "south africa": "ZA", "poland": "PL", "czech republic": "CZ", "hungary": "HU",
    "turkey": "TR", "greece": "GR", "portugal": "PT", "saudi arabia": "SA", "united arab emirates": "AE",
    "uae": "AE", "liechtenstein": "LI", "monaco": "MC", "cyprus": "CY", "malta": "MT",
    "scotland": "GB", "wales": "GB", "northern ireland": "GB", "argentina": "AR", "chile": "CL",
    "colombia": "CO", "peru": "PE", "egypt": "EG", "pakistan": "PK", "bangladesh": "BD",
    "sri lanka": "LK", "nepal": "NP", "kazakhstan": "KZ", "ukraine": "UA", "romania": "RO",
    "bulgaria": "BG", "slovakia": "SK", "slovenia": "SI", "croatia": "HR", "serbia": "RS",
    "iceland": "IS", "estonia": "EE", "latvia": "LV", "lithuania": "LT", "qatar": "QA", "kuwait": "KW",
    "nigeria": "NG", "kenya": "KE", "morocco": "MA", "iran": "IR", "mongolia": "MN", "cambodia": "KH",
    "myanmar": "MM", "laos": "LA", "brunei": "BN", "seychelles": "SC", "mauritius": "MU",
    "panama": "PA", "bahamas": "BS", "barbados": "BB", "gibraltar": "GI", "samoa": "WS",
    "curacao": "CW", "netherlands antilles": "CW", "marshall islands": "MH",
}  # fmt: skip
# Names that stand for their country when written without it. Hong Kong's 18 districts (those whose
# name is not a plain direction word: Eastern, Southern, North, Islands) and the three areas Yau Tsim
# Mong is named after (Yau Ma Tei, Tsim Sha Tsui, Mong Kok). US states (ISO 3166-2:US) but Georgia (a
# country) and Washington (a street and a person as often as the state): ``Canton, Ohio`` is not 广州.
_HK_DISTRICTS = (
    "central and western",
    "wan chai",
    "yau tsim mong",
    "yau ma tei",
    "tsim sha tsui",
    "mong kok",
    "sham shui po",
    "kowloon city",
    "wong tai sin",
    "kwun tong",
    "kwai tsing",
    "tsuen wan",
    "tuen mun",
    "yuen long",
    "tai po",
    "sha tin",
    "sai kung",
)
_US_STATES = (
    "alabama", "alaska", "arizona", "arkansas", "california", "colorado", "connecticut", "delaware",
    "florida", "hawaii", "idaho", "illinois", "indiana", "iowa", "kansas", "kentucky", "louisiana",
    "maine", "maryland", "massachusetts", "michigan", "minnesota", "mississippi", "missouri", "montana",
    "nebraska", "nevada", "new hampshire", "new jersey", "new mexico", "new york", "north carolina",
    "north dakota", "ohio", "oklahoma", "oregon", "pennsylvania", "rhode island", "south carolina",
    "south dakota", "tennessee", "texas", "utah", "vermont", "virginia", "west virginia", "wisconsin",
    "wyoming", "district of columbia",
)  # fmt: skip
# The other UN member states (ISO 3166-1 English short names) but those whose letters read as pinyin
# syllables (Mali 马里, Oman, Sudan, Kenya, Yemen, Congo, Guinea, Tonga, …: also 县 / 镇 names in
# English) or that are common English words and names (Chad, Jordan, Georgia).
_MORE_COUNTRIES = {
    "afghanistan": "AF", "albania": "AL", "algeria": "DZ", "andorra": "AD", "armenia": "AM",
    "azerbaijan": "AZ", "bahrain": "BH", "belarus": "BY", "belize": "BZ", "benin": "BJ", "bhutan": "BT",
    "bolivia": "BO", "bosnia and herzegovina": "BA", "botswana": "BW", "cameroon": "CM", "comoros": "KM",
    "costa rica": "CR", "cuba": "CU", "djibouti": "DJ", "dominican republic": "DO", "ecuador": "EC",
    "el salvador": "SV", "eritrea": "ER", "eswatini": "SZ", "ethiopia": "ET", "fiji": "FJ", "gabon": "GA",
    "gambia": "GM", "ghana": "GH", "honduras": "HN", "iraq": "IQ", "jamaica": "JM", "kyrgyzstan": "KG",
    "lebanon": "LB", "lesotho": "LS", "liberia": "LR", "libya": "LY", "madagascar": "MG", "malawi": "MW",
    "maldives": "MV", "mauritania": "MR", "moldova": "MD", "montenegro": "ME", "mozambique": "MZ",
    "nicaragua": "NI", "north macedonia": "MK", "paraguay": "PY", "rwanda": "RW", "senegal": "SN",
    "somalia": "SO", "syria": "SY", "tajikistan": "TJ", "turkmenistan": "TM", "uganda": "UG",
    "uruguay": "UY", "uzbekistan": "UZ", "venezuela": "VE", "zambia": "ZM", "zimbabwe": "ZW",
}  # fmt: skip
# First-level divisions standing for their country when written without it, as the US states do:
# Malaysia's states and federal territories (ISO 3166-2:MY) and South Korea's provinces and
# metropolitan cities (ISO 3166-2:KR), with the same pinyin exception (Pahang, Penang, Kelantan,
# Labuan, Busan, Daegu are left out).
_MY_STATES = (
    "johor", "kedah", "melaka", "malacca", "negeri sembilan", "perak", "perlis", "sabah", "sarawak",
    "selangor", "terengganu", "putrajaya",
)  # fmt: skip
_KR_PROVINCES = (
    "gyeonggi", "gangwon", "chungcheongbuk", "chungcheongnam", "chungcheong", "jeollabuk", "jeollanam",
    "jeolla", "gyeongsangbuk", "gyeongsangnam", "gyeongsang", "jeju", "incheon", "daejeon", "gwangju",
    "ulsan", "sejong",
)  # fmt: skip
_COUNTRY_WORDS.update(dict.fromkeys(_HK_DISTRICTS, "HK"))
# Their one-word spellings (Shatin, Mongkok, Tsuenwan), but those whose letters read as pinyin
# syllables (Wanchai, Yuenlong, Taipo: checked against the pinyin table, like the countries above).
_HK_ONE_WORD = (
    "yaumatei", "tsimshatsui", "mongkok", "shamshuipo", "wongtaisin", "kwuntong", "kwaitsing",
    "tsuenwan", "tuenmun", "shatin", "saikung",
)  # fmt: skip
_COUNTRY_WORDS.update(dict.fromkeys(_HK_ONE_WORD, "HK"))
_COUNTRY_WORDS.update({k: "US" for k in _US_STATES if k not in _COUNTRY_WORDS})
_COUNTRY_WORDS.update({k: v for k, v in _MORE_COUNTRIES.items() if k not in _COUNTRY_WORDS})
_COUNTRY_WORDS.update(dict.fromkeys(_MY_STATES, "MY"))
_COUNTRY_WORDS.update(dict.fromkeys(_KR_PROVINCES, "KR"))
# Conventional English names that are not plain pinyin (陕西 is spelled Shaanxi to tell it from 山西,
# GB/T 17693 / ISO 7098 usage; 内蒙古 and 西藏 have English exonyms).
_EXONYMS: dict[str, str] = {
    "shaanxi": "610000",
    "innermongolia": "150000",
    "tibet": "540000",
    "hohhot": "150100",
    "harbin": "230100",
    "urumqi": "650100",
    "lhasa": "540100",
}
# Names of Mongolian origin are written in the official transcription of the Mongolian name, not in
# the pinyin of their Chinese characters (阿拉善 Alxa, not Alashan; 准格尔 Jungar, not Zhungeer): the
# usual spellings of the Inner Mongolian banners, leagues and cities (GB/T 17693 / the 1976 rules for
# transcribing minority-language place names), mapped to the Chinese name they begin; applied to
# units of Inner Mongolia only.
_MONGOLIAN: dict[str, str] = {
    "alxa": "阿拉善", "ejin": "额济纳", "ejina": "额济纳", "ejinhoro": "伊金霍洛", "jungar": "准格尔",
    "dalad": "达拉特", "otog": "鄂托克", "hanggin": "杭锦", "uxin": "乌审", "ordos": "鄂尔多斯",
    "urad": "乌拉特", "bayannur": "巴彦淖尔", "horqin": "科尔沁", "arhorqin": "阿鲁科尔沁",
    "jarud": "扎鲁特", "bairin": "巴林", "baarin": "巴林", "harqin": "喀喇沁", "hexigten": "克什克腾",
    "ongniud": "翁牛特", "tumed": "土默特", "tumd": "土默特", "togtoh": "托克托", "horinger": "和林格尔",
    "darhanmuminggan": "达尔罕茂明安", "arun": "阿荣", "evenk": "鄂温克", "oroqen": "鄂伦春",
    "oldbarag": "陈巴尔虎", "newbarag": "新巴尔虎", "morindawa": "莫力达瓦", "ergun": "额尔古纳",
    "hulunbuir": "呼伦贝尔", "hailar": "海拉尔", "chahar": "察哈尔", "ulanqab": "乌兰察布",
    "jalaid": "扎赉特", "hinggan": "兴安", "ulanhot": "乌兰浩特", "arxan": "阿尔山", "abag": "阿巴嘎",
    "sonid": "苏尼特", "ujimqin": "乌珠穆沁", "eastujimqin": "东乌珠穆沁", "westujimqin": "西乌珠穆沁",
    "taibus": "太仆寺", "xilingol": "锡林郭勒", "xilinhot": "锡林浩特", "erenhot": "二连浩特",
    "holingol": "霍林郭勒", "bayanobo": "白云鄂博",
}  # fmt: skip
# Names of Uyghur, Kazakh, Tibetan and Mongolian origin in the other western provinces are likewise
# written in the transcription of the minority-language name (the 1976《少数民族语地名汉语拼音字母音译
# 转写法》 and the surveying standards built on it: CH/T 4008-1999 Uyghur, CH/T 4010-1999 Kazakh,
# CH/T 4009-1999 Tibetan (Lhasa), CH/T 4013-1999 Tibetan (Amdo); spellings as in 《中国地名录》
# (SinoMaps Press, 1997) — 喀什 Kaxgar/Kashgar, 和田 Hotan, 日喀则 Xigaze — plus the common English
# forms of the same names: Kashgar, Shigatse, Khotan, Chamdo) and, for 香格里拉 (中甸县 until 2001), the
# name the State Council approved, Shangri-La. Keyed by province code, each spelling mapped to the
# Chinese name it stands for; applied to that province's units only (sources of the spellings:
# tests/regions/external/README.md, round 3).
_TRANSCRIBED: dict[str, dict[str, str]] = {
    "65": {  # Xinjiang: Uyghur (CH/T 4008), Kazakh (CH/T 4010), Mongolian (CH/T 4007) names
        "kashgar": "喀什", "kaxgar": "喀什", "hotan": "和田", "khotan": "和田", "altay": "阿勒泰",
        "aksu": "阿克苏", "korla": "库尔勒", "turpan": "吐鲁番", "kumul": "哈密", "karamay": "克拉玛依",
        "tarbagatay": "塔城", "ili": "伊犁", "kizilsu": "克孜勒苏", "bortala": "博尔塔拉",
        "bayingolin": "巴音郭楞", "artux": "阿图什", "yopurga": "岳普湖", "taxkorgan": "塔什库尔干",
        "tashkurgan": "塔什库尔干", "maralbexi": "巴楚", "karakax": "墨玉", "qira": "策勒",
        "keriya": "于田", "niya": "民丰", "niye": "民丰", "lop": "洛浦",
        "qaraqash": "墨玉", "guma": "皮山", "kargilik": "叶城", "yarkant": "莎车",
        "yarkand": "莎车", "poskam": "泽普", "makit": "麦盖提", "payzawat": "伽师", "peyzawat": "伽师",
        "yengisar": "英吉沙", "awat": "阿瓦提", "kuqa": "库车", "kucha": "库车", "xayar": "沙雅",
        "toksu": "新和", "uqturpan": "乌什", "kalpin": "柯坪", "bugur": "轮台", "lopnur": "尉犁",
        "qarqan": "且末", "charchan": "且末", "qakilik": "若羌", "hoxud": "和硕", "bagrax": "博湖",
        "karashahr": "焉耆", "toksun": "托克逊", "pichan": "鄯善", "barkol": "巴里坤", "nilka": "尼勒克",
        "qapqal": "察布查尔", "korgas": "霍尔果斯", "khorgas": "霍尔果斯", "horgos": "霍尔果斯",
        "tekes": "特克斯", "mongolkure": "昭苏", "kunes": "新源", "dorbiljin": "额敏",
        "hoboksar": "和布克赛尔", "burqin": "布尔津", "kaba": "哈巴河", "qinggil": "青河",
        "jeminay": "吉木乃",
    },
    "54": {  # Tibet: Tibetan (CH/T 4009) names
        "xigaze": "日喀则", "shigatse": "日喀则", "qamdo": "昌都", "chamdo": "昌都", "nyingchi": "林芝",
        "nagqu": "那曲", "nakchu": "那曲", "ngari": "阿里", "lhoka": "山南", "gyirong": "吉隆",
        "kyirong": "吉隆", "nyalam": "聂拉木", "tingri": "定日", "dingri": "定日", "gyangze": "江孜",
        "gyantse": "江孜", "sakya": "萨迦", "sagya": "萨迦", "lhaze": "拉孜", "lhatse": "拉孜",
        "namling": "南木林", "rinbung": "仁布", "kangmar": "康马", "dinggye": "定结", "burang": "普兰",
        "zanda": "札达", "rutog": "日土", "gerze": "改则", "coqen": "措勤", "gegye": "革吉",
        "damxung": "当雄", "lhunzhub": "林周", "maizhokunggar": "墨竹工卡", "dagze": "达孜",
        "doilungdeqen": "堆龙德庆", "quxu": "曲水", "nyemo": "尼木", "nedong": "乃东", "gonggar": "贡嘎",
        "qonggyai": "琼结", "qusum": "曲松", "comai": "措美", "lhozhag": "洛扎", "gyaca": "加查",
        "lhunze": "隆子", "cona": "错那", "nagarze": "浪卡子", "bome": "波密", "pome": "波密",
        "medog": "墨脱", "metog": "墨脱", "zayu": "察隅", "mainling": "米林", "gongbogyamda": "工布江达",
        "jomda": "江达", "gonjo": "贡觉", "riwoqe": "类乌齐", "dengqen": "丁青", "banbar": "边坝",
        "lhorong": "洛隆", "zhagyab": "察雅", "baxoi": "八宿", "markam": "芒康", "lhari": "嘉黎",
        "biru": "比如", "nyainrong": "聂荣", "xainza": "申扎", "baingoin": "班戈", "samzhubze": "桑珠孜",
        "karub": "卡若",
    },
    "63": {  # Qinghai: Tibetan (CH/T 4013 Amdo) and Mongolian names
        "golog": "果洛", "golmud": "格尔木", "maqen": "玛沁", "madoi": "玛多", "darlag": "达日",
        "jigzhi": "久治", "zhidoi": "治多", "chindu": "称多", "qumarleb": "曲麻莱", "nangqen": "囊谦",
        "zadoi": "杂多", "mangnai": "茫崖", "gangca": "刚察", "zekog": "泽库",
    },
    "51": {  # Sichuan: Tibetan names of Garze and Ngawa
        "garze": "甘孜", "kardze": "甘孜", "ngawa": "阿坝", "barkam": "马尔康", "zoige": "若尔盖",
        "rangtang": "壤塘", "zamtang": "壤塘", "serxu": "石渠", "sertar": "色达", "nyagrong": "新龙",
        "dawu": "道孚", "tawu": "道孚", "dartsedo": "康定",
    },
    "53": {"shangrila": "香格里拉", "deqen": "德钦"},  # Yunnan: 香格里拉 (Shangri-La), 德钦 Deqen
}  # fmt: skip
# English words of banner names: 左 Left, 右 Right, 前 Front, 中 Middle, 后 Rear, 联合 United
# (阿拉善左旗 Alxa Left Banner, 科尔沁右翼前旗 Horqin Right Front Banner: 翼 "wing" is not written).
_DIRECTIONS: dict[str, str] = {
    "left": "zuo", "right": "you", "front": "qian", "middle": "zhong", "rear": "hou", "back": "hou",
    "united": "lianhe",
}  # fmt: skip
_NOISE = frozenset(
    {
        "china",
        "cn",
        "prc",
        "p",
        "r",
        "pr",
        "the",
        "people",
        "peoples",
        "s",
        "republic",
        "of",
        "tel",
        "fax",
        "phone",
    }
)
_OTHER_COUNTY_CLASS = {"qu": "xian", "xian": "qu"}  # district ↔ county
_PREPOSITIONS = frozenset({"in", "at", "near", "from"})
# Words ending a road, zone or building name: place names after them (no comma) are the address's
# county or city (``Hi-Tech Industrial Development Zone Kunshan``, ``Luying Road Kunshan``).
_PLACE_WORDS = frozenset(
    {"zone", "park", "road", "rd", "street", "st", "avenue", "ave", "boulevard", "blvd", "plaza", "building"}
)
# Capitals of the countries above (https://en.wikipedia.org/wiki/List_of_national_capitals), in the
# last segment of an address where no Chinese place is read: ``Hong Kong Road, London``. Capitals that
# are English words or read as pinyin (Male, Bern, Lima, Rome, Baku …) are left out.
_CAPITALS: dict[str, str] = {
    "tokyo": "JP", "washington dc": "US", "washington d c": "US", "berlin": "DE", "paris": "FR",
    "london": "GB", "seoul": "KR", "ottawa": "CA", "canberra": "AU", "stockholm": "SE",
    "jerusalem": "IL", "helsinki": "FI", "copenhagen": "DK", "new delhi": "IN", "brussels": "BE",
    "vienna": "AT", "madrid": "ES", "dublin": "IE", "oslo": "NO", "wellington": "NZ",
    "kuala lumpur": "MY", "bangkok": "TH", "hanoi": "VN", "jakarta": "ID", "manila": "PH",
    "moscow": "RU", "brasilia": "BR", "mexico city": "MX", "pretoria": "ZA", "warsaw": "PL",
    "prague": "CZ", "budapest": "HU", "ankara": "TR", "athens": "GR", "lisbon": "PT", "riyadh": "SA",
    "abu dhabi": "AE", "buenos aires": "AR", "santiago de chile": "CL", "bogota": "CO", "cairo": "EG",
    "islamabad": "PK", "dhaka": "BD", "kathmandu": "NP", "astana": "KZ", "kyiv": "UA", "kiev": "UA",
    "bucharest": "RO", "sofia": "BG", "bratislava": "SK", "ljubljana": "SI", "zagreb": "HR",
    "belgrade": "RS", "reykjavik": "IS", "tallinn": "EE", "vilnius": "LT", "doha": "QA",
    "abuja": "NG", "nairobi": "KE", "rabat": "MA", "tehran": "IR", "ulaanbaatar": "MN",
    "ulan bator": "MN", "phnom penh": "KH", "naypyidaw": "MM", "vientiane": "LA", "amsterdam": "NL",
    # Round 9: the capitals of the same list for the rest of Asia, Europe, Africa and Latin America
    # whose names are neither English words nor pinyin readings (Baku, Dili, Male, Lima stay out).
    "tbilisi": "GE", "yerevan": "AM", "tashkent": "UZ", "bishkek": "KG", "dushanbe": "TJ",
    "ashgabat": "TM", "minsk": "BY", "riga": "LV", "chisinau": "MD", "colombo": "LK", "kabul": "AF",
    "baghdad": "IQ", "damascus": "SY", "amman": "JO", "beirut": "LB", "muscat": "OM",
    "kuwait city": "KW", "manama": "BH", "pyongyang": "KP", "thimphu": "BT", "addis ababa": "ET",
    "khartoum": "SD", "algiers": "DZ", "tunis": "TN", "accra": "GH", "dakar": "SN", "kampala": "UG",
    "kinshasa": "CD", "luanda": "AO", "harare": "ZW", "lusaka": "ZM", "maputo": "MZ", "caracas": "VE",
    "quito": "EC", "havana": "CU", "montevideo": "UY", "tirana": "AL", "skopje": "MK",
    "sarajevo": "BA", "podgorica": "ME", "nicosia": "CY", "valletta": "MT",
}  # fmt: skip
_CAPITAL_RE = re.compile(
    r"\b(" + "|".join(sorted((re.escape(k) for k in _CAPITALS), key=len, reverse=True)) + r")\b"
)
# The words of a zone's type after its place names (Suzhou Industrial Park, Shenzhen Nanshan Science
# Park, Hefei Hi-Tech Industrial Development Zone, … National Economic and Technological Development Zone).
_ZONE_WORDS = frozenset(
    {"industrial", "park", "science", "technology", "tech", "hi", "high", "hitech", "new", "development",
     "economic", "and", "technological", "zone", "software", "national"}
)  # fmt: skip
# Those types as the Chinese short forms the resolver reads after a prefecture (苏州市工业园区 → the NBS
# zone 苏州工业园区 320576), each after the place name it follows.
_ZONE_TAILS = (
    (r"industrial park", "工业园区"),
    (r"(?:hi|high)(?: and new)?(?: |-)?tech(?:nology)?(?: industrial)?(?: development)? zone", "高新区"),
    (r"economic(?: and)? technological development zone", "经济技术开发区"),
)
# (the national title may stand between: ``Longnan National Economic and Technological Development Zone``)
ZONE_TYPES = tuple((re.compile(rf"\b([a-z]+) (?:national )?{tail}\b"), word) for tail, word in _ZONE_TAILS)
# A type alone as a segment (``…Road, Economic and Technological Development Zone, Qinhuangdao``): the
# bare 开发区 of the Chinese scan, read for the prefecture named elsewhere in the address.
_BARE_ZONES = tuple((re.compile(rf"(?:the )?(?:national )?{tail}"), word) for tail, word in _ZONE_TAILS)


def bare_zone_types(text: str) -> list[str]:
    """The Chinese short forms of the zone types that make up a whole segment of ``text``."""
    found: list[str] = []
    for segment in _SEGMENT.split(_plain(text).lower()):
        line = " ".join(_WORD.findall(segment))
        found.extend(word for pattern, word in _BARE_ZONES if pattern.fullmatch(line))
    return found


_ROAD_WORDS = frozenset({"road", "rd", "street", "st", "avenue", "ave", "boulevard", "blvd", "lane"})
# ``…, China`` as a segment of its own: the mainland, when no place in it is read (``123 Shanghai Road,
# China``: Shanghai Road is a street).
_CHINA_SEGMENT = re.compile(
    r"(?:^|[,;，/(])\s*(?:the\s+)?(?:people'?s republic of china|p\.?\s*r\.?\s*(?:of\s+)?china|prc|"
    r"(?:mainland\s+)?china)\s*\.?\s*(?:$|[,;)，])"
)
_COUNTRY_RE = re.compile(
    r"\b(?<!inner )("
    + "|".join(sorted((re.escape(k) for k in _COUNTRY_WORDS), key=len, reverse=True))
    + r")\b"
)
_SEGMENT = re.compile(r"[,，;；/()（）\n|·•・]+|\.\s")  # middle dots separate items (``2017 · Ordos``)
_GLUED = re.compile(r"(?<=[a-z])(district|county|province|city)\b")
_WORD = re.compile(r"[a-z]+|\d+")
_POSTCODE = re.compile(r"(?<!\d)(\d{6})(?!\d)")
_HAS_LATIN = re.compile(r"[A-Za-z]{3}")
# Capitals-only codes before Title-case place names in one segment (an airport or office code,
# ``IC/MDJ Mudanjiang``); read only when the segment gives nothing else.
_LEADING_CODE = re.compile(r"\s*(?:[A-Z]{2,5}\s+)+(?=[A-Z][a-z])")
# US state postal codes (ISO 3166-2:US subdivision codes), as the last segment of an address with a
# 5-digit ZIP code (``Canton, MA 02021``) or alone. Alone, SC / SD / NM are left out: they are also the
# usual letters of 四川 / 山东 / 内蒙古.
_US_CODES = frozenset(
    {
        "AL", "AK", "AZ", "AR", "CA", "CO", "CT", "DE", "FL", "GA", "HI", "ID", "IL", "IN", "IA", "KS",
        "KY", "LA", "ME", "MD", "MA", "MI", "MN", "MS", "MO", "MT", "NE", "NV", "NH", "NJ", "NM", "NY",
        "NC", "ND", "OH", "OK", "OR", "PA", "RI", "SC", "SD", "TN", "TX", "UT", "VT", "VA", "WA", "WV",
        "WI", "WY", "DC",
    }
)  # fmt: skip
_US_CODE_END = re.compile(r"\s*([A-Z]{2})(\s+\d{5}(?:-\d{4})?)?\s*$")

Cand = tuple[Any, ...]
Group = tuple[str, list[Cand]]  # (the name as read, its candidates)
Country = tuple[str, bool, str]  # (ISO code, named in the last segments, the name as read)


def names_china(text: str) -> bool:
    """The text has a segment that is only the name of China (``…, China``, ``P.R. China``)."""
    return _CHINA_SEGMENT.search(text.lower()) is not None


def has_latin(text: str) -> bool:
    return _HAS_LATIN.search(text) is not None


class RomanIndex:
    """Pinyin stems of current region names → candidate tuples of the resolver."""

    def __init__(
        self,
        rows: Sequence[dict[str, str]],
        short_keys: dict[str, list[str]],
        cand: Callable[[str], Cand | None],
        old_rows: Sequence[dict[str, str]] = (),
    ) -> None:
        stems: dict[str, list[tuple[Cand, frozenset[str]]]] = {}
        for row in rows:
            name, syllables = row["name"], row["pinyin"].split()
            c = cand(row["code"])
            if c is None or len(syllables) != len(name):  # 台湾/香港/澳门 are countries here
                continue
            classes = _classes(name)
            keys = {_stem(name)} | {k for k in short_keys.get(row["code"], ()) if name.startswith(k)}
            for key in keys:
                if not key:
                    continue
                for stem in _readings(key, syllables[: len(key)]):
                    if len(stem) >= 2:
                        stems.setdefault(stem, []).append((c, classes))
        for row in rows:  # Alxa Left → 阿拉善左(旗), Kashgar → 喀什(地区/市), Xigaze → 日喀则(市)
            _add_transcribed(row, short_keys.get(row["code"], ()), stems, cand)
        for stem, code in _EXONYMS.items():
            c = cand(code)
            if c is not None:
                stems.setdefault(stem, []).append((c, frozenset({"sheng", "qu"})))
        current = set(stems)
        # Old names read like a current name (宣武区 and Nanjing's 玄武区, both Xuanwu) are kept apart:
        # they are tried only after the current name, and only where it does not fit the rest of the
        # address (``Xuanwu District, Beijing`` → 西城区; ``Xuanwu District`` alone stays 玄武区).
        self._old: dict[str, list[tuple[Cand, frozenset[str]]]] = {}
        for row in old_rows:  # 卢湾区 Luwan → 黄浦区
            c = cand(row["code"])
            name, syllables = row["name"], row["pinyin"].split()
            key = _stem(name)
            if c is None or not key or len(syllables) != len(name):
                continue
            for stem in _readings(key, syllables[: len(key)]):
                if len(stem) >= 2:
                    (self._old if stem in current else stems).setdefault(stem, []).append((c, _classes(name)))
        self._stems = stems
        self._by_len: dict[int, list[str]] = {}  # stems of five letters or more by length (misspelt_counties)
        for stem in stems:
            if len(stem) >= 5:
                self._by_len.setdefault(len(stem), []).append(stem)

    def matches(self, text: str) -> tuple[Country | None, list[Group], str | None]:
        """(country, (name, candidates) groups in text order, postcode) of an address."""
        plain = _plain(text).replace("'", "").replace("’", "")
        segments: list[list[str]] = []
        raw: list[str] = []  # the segments as written (case kept)
        for seg in _SEGMENT.split(plain):
            low = seg.lower()
            if "district" in low or "county" in low or "province" in low or "city" in low:
                low = _GLUED.sub(r" \1", low)
            words = _WORD.findall(low)
            if words:
                segments.append(words)
                raw.append(seg)
        pm = _POSTCODE.search(text)
        country = _country(segments) or (_us_code(raw[-1]) if raw and len(raw[-1]) < 20 else None)
        groups: list[Group] = []
        for words, seg in zip(segments, raw, strict=True):
            found = self._segment_matches(words)
            code = None if found or not seg.lstrip()[:2].isupper() else _LEADING_CODE.match(seg)
            if code:  # a code before the place names (``MDJ Mudanjiang``): only when nothing else was read
                rest = _WORD.findall(seg[code.end() :].lower())
                found = self._cover([w for w in rest if not w.isdigit() and w not in _NOISE]) or []
            groups.extend(found)
        return country, groups, pm.group(1) if pm else None

    def misspelt_counties(self, text: str) -> list[Cand]:
        """Counties whose reading is one letter away from the name before ``District`` / ``County``
        (``Jinan District`` for 津南区 Jinnan); the caller keeps them only inside the unit read, where no
        county of the name as written fits (金安区 and 晋安区 are Jinan too, but not in 天津)."""
        plain = _plain(text)
        out: list[Cand] = []
        for seg in _SEGMENT.split(plain.replace("'", "").replace("’", "").lower()):
            words = _WORD.findall(_GLUED.sub(r" \1", seg))
            for j, word in enumerate(words):
                cls = _LEVEL_WORDS.get(word)
                if cls not in ("qu", "xian") or j == 0:
                    continue
                name = words[j - 1]
                if len(name) < 5 or name.isdigit():
                    continue
                for n in (len(name) - 1, len(name), len(name) + 1):
                    for stem in self._by_len.get(n, ()):
                        if stem[0] != name[0] and stem[-1] != name[-1]:
                            continue  # one edit keeps the first or the last letter
                        if stem != name and _one_edit(name, stem):
                            out.extend(c for c, classes in self._stems[stem] if cls in classes)
        return out

    def _segment_matches(self, words: list[str]) -> list[Group]:
        out: list[Group] = []
        bare = [w for w in words if not w.isdigit() and w not in _NOISE]
        covered = self._cover(bare)
        if covered:
            return covered
        tail = 0  # words after the last administrative word
        for j, word in enumerate(words):
            cls = _LEVEL_WORDS.get(word) or _misspelt_level(word)
            if cls is None or j == 0:
                continue
            if word == "area" and words[j - 1] != "new":
                continue
            end = j - 1 if word == "area" or (word == "district" and words[j - 1] == "new") else j
            group = self._before(words, end, cls)
            if group:
                name = _title(words[group[0] : j + 1])
                out.extend((name, g) for g in group[1:] if g)
                tail = j + 1
        if out and tail < len(words):  # ``Chaoyang District Beijing`` without a comma
            rest = self._cover([w for w in words[tail:] if not w.isdigit() and w not in _NOISE])
            out.extend(rest or ())
        if not out:  # ``… located in Shangri-La, Yunnan``: the place names after the last preposition
            at = max((k for k, w in enumerate(bare) if w in _PREPOSITIONS), default=-1)
            out.extend(self._cover(bare[at + 1 :]) or () if at >= 0 else ())
        if not out:  # ``… Development Zone Kunshan`` (no comma): the place names after a road or zone word
            at = max((k for k, w in enumerate(bare) if w in _PLACE_WORDS), default=-1)
            out.extend(self._cover(bare[at + 1 :]) or () if 0 <= at < len(bare) - 1 else ())
        if not out and bare and bare[-1] in ("park", "zone"):  # ``Shenzhen Nanshan Science Park``
            k = len(bare)
            while k > 0 and bare[k - 1] in _ZONE_WORDS:
                k -= 1
            out.extend(self._cover(bare[:k]) or () if k else ())
        return out

    def _before(self, words: list[str], end: int, cls: str) -> tuple[int, list[Cand], list[Cand]] | None:
        """The name of class ``cls`` ending at most three words before ``words[end]``, longest first;
        words between it and the administrative word are skipped (``Guangxi Zhuang Autonomous
        Region``, ``Shizhu Tujia Autonomous County``): (index of its first word, candidates, candidates
        of an old name read the same)."""
        # Ethnic names before ``Autonomous`` may take several words (Dehong Dai and Jingpo Autonomous
        # Prefecture, Ninger Hani and Yi Autonomous County).
        reach = 7 if "autonomous" in words[max(0, end - 7) : end] else 4
        for i in range(max(0, end - reach), end):
            for k in range(end, i, -1):
                key = _join(words[i:k]) if cls == "qi" else "".join(words[i:k])
                found = self._stems.get(key)
                group = [c for c, classes in found if cls in classes] if found else None
                if not group and found:  # 伊春区 (now 伊美区) read Yichun like 伊春市 / 宜春市: the old name
                    old_only = [c for c, classes in self._old.get(key, ()) if cls in classes]
                    if old_only:
                        return i, old_only, []
                if group:
                    olds = self._old.get(key)
                    if not olds:
                        return i, group, []
                    blocked = _old_blocked([(c, classes) for c, classes in found or () if cls in classes])
                    return i, group, [c for c, classes in olds if cls in classes and c[0] not in blocked]
        return self._other_class(words, end, cls)

    def _other_class(self, words: list[str], end: int, cls: str) -> tuple[int, list[Cand], list[Cand]] | None:
        """``Taxkorgan district`` for 塔什库尔干塔吉克自治县: a county-level name with the other county-level
        class word (district ↔ county), when no name of the written class is there; the rest of the
        address then decides among the candidates as usual (none of a province: ``Xinjiang County``)."""
        other = _OTHER_COUNTY_CLASS.get(cls)
        if other is None:
            return None
        for i in range(max(0, end - 3), end):
            found = self._stems.get("".join(words[i:end]))
            group = [c for c, classes in found or () if other in classes and "sheng" not in classes]
            if group:
                return i, group, []
        return None

    def _cover(self, words: list[str]) -> list[Group] | None:
        """A segment made of place names only (``Shenzhen``, ``Hangzhou Zhejiang``, ``Xi an``): one
        group per name, longest names first; ``None`` if any word is not part of a name."""
        groups: list[Group] = []
        i = 0
        while i < len(words):
            for j in range(min(len(words), i + 3), i, -1):
                stem = "".join(words[i:j])
                found = self._stems.get(stem) if len(stem) >= 4 else None
                if found:
                    groups.append((_title(words[i:j]), [c for c, _ in found]))
                    # An old name read like a current one counts only at the current one's level: a
                    # bare ``Shanghai`` is the city, not 上海县 (now 闵行区) inside it.
                    olds = self._old.get(stem)
                    levels = {c[1] for c, _ in found} if olds else set()
                    blocked = _old_blocked(found) if olds else set()
                    old = [c for c, _ in olds or () if c[1] in levels and c[0] not in blocked]
                    if old:
                        groups.append((_title(words[i:j]), old))
                    i = j
                    break
            else:
                return None
        return groups or None


def _add_transcribed(
    row: dict[str, str],
    shorts: Sequence[str],
    stems: dict[str, list[tuple[Cand, frozenset[str]]]],
    cand: Callable[[str], Cand | None],
) -> None:
    """Index a unit under the transcription of its minority-language name: the spelling followed by
    the pinyin of the rest of the stem (``Alxa`` + ``zuo``), and the spelling alone when its Chinese
    is one of the unit's short names (``Ili`` → 伊犁哈萨克自治州, ``Garze`` → 甘孜藏族自治州)."""
    name, syllables, code = row["name"], row["pinyin"].split(), row["code"]
    stem = _stem(name)
    if not stem or len(syllables) != len(name):
        return
    tables = [_MONGOLIAN] if code.startswith("15") else []  # 兴安 is also 兴安县 of Guangxi
    tables.append(_TRANSCRIBED.get(code[:2], {}))
    for table in tables:
        for spelling, zh in table.items():
            if not stem.startswith(zh):
                continue
            c = cand(code)
            if c is None:
                continue
            rest = "".join(syllables[len(zh) : len(stem)])
            stems.setdefault(spelling + rest, []).append((c, _classes(name)))
            if rest and zh in shorts:
                stems.setdefault(spelling, []).append((c, _classes(name)))


# Characters whose place-name reading differs from the one the pinyin table (pypinyin) may have
# chosen: 闵行 min hang, 长治/长宁 chang, 郫都 pi du, 洪洞 hong tong, 单县 shan, 浚县 xun, 什邡 shi,
# 筠连 jun, 乐亭 lao / 乐清 yue, 蔚县 yu, 铅山 yan, 六安 lu. Every reading is indexed.
_POLYPHONES: dict[str, tuple[str, ...]] = {
    "长": ("chang", "zhang"),
    "都": ("du", "dou"),
    "行": ("hang", "xing"),
    "单": ("shan", "dan"),
    "洞": ("tong", "dong"),
    "浚": ("xun", "jun"),
    "什": ("shi", "shen"),
    "筠": ("jun", "yun"),
    "乐": ("le", "yue", "lao"),
    "蔚": ("yu", "wei"),
    "铅": ("yan", "qian"),
    "六": ("lu", "liu"),
    "厦": ("xia", "sha"),
    "番": ("pan", "fan"),
    "会": ("hui", "kuai"),
    "堡": ("bu", "bao", "pu"),
}


def _readings(key: str, syllables: list[str]) -> set[str]:
    """The stem's spellings: the table's reading and, for polyphonic characters, the others."""
    out = {""}
    for ch, syl in zip(key, syllables, strict=True):
        out = {prefix + alt for prefix in out for alt in {syl, *_POLYPHONES.get(ch, ())}}
    return out


def _join(words: list[str]) -> str:
    """Words of a banner's name as its pinyin stem: ``Alxa Left`` → alxazuo, ``Horqin Right Front``
    → horqinyouyiqian (右翼前旗)."""
    out = []
    for i, w in enumerate(words):
        d = _DIRECTIONS.get(w)
        if d is None or i == 0:
            out.append(w)
            continue
        wing = d in ("zuo", "you") and i + 1 < len(words) and words[i + 1] in _DIRECTIONS
        out.append(d + ("yi" if wing else ""))
    return "".join(out)


def _title(words: list[str]) -> str:
    return " ".join(w.capitalize() for w in words)


def _misspelt_level(word: str) -> str | None:
    """``Dinstrict``, ``Provice``: one letter added, dropped or changed in a long administrative word."""
    if not 7 <= len(word) <= 9 or word[0] not in "dp":
        return None
    for target in ("district", "province"):
        if _one_edit(word, target):
            return _LEVEL_WORDS[target]
    return None


def _one_edit(a: str, b: str) -> bool:
    if abs(len(a) - len(b)) > 1:
        return False
    i = 0
    while i < min(len(a), len(b)) and a[i] == b[i]:
        i += 1
    return a[i + 1 :] == b[i + 1 :] or a[i + 1 :] == b[i:] or a[i:] == b[i + 1 :]


def _old_blocked(found: Sequence[tuple[Cand, frozenset[str]]]) -> set[str]:
    """Codes an old name of the same letters may not decide for. An old name of a unit a current reading
    already names (抚州地区 → 抚州市) decides nothing against another city (福州 / 抚州: both prefectures);
    it does against city districts only (吴江市, now 吴江区, over 武江区): a county or county-level city
    turned district keeps its bare name in use, a district's name is seldom written alone."""
    return {
        code
        for code in {c[0] for c, _ in found}
        if not all(classes == {"qu"} for c, classes in found if c[0] != code)
    }


def _classes(name: str) -> frozenset[str]:
    for suffix, classes in _SUFFIX_CLASSES:
        if name.endswith(suffix):
            return classes | ({"shi"} if name in ("北京市", "天津市", "上海市", "重庆市") else frozenset())
    return frozenset()


def _stem(name: str) -> str:
    for suffix, _ in _SUFFIX_CLASSES:
        if name.endswith(suffix) and len(name) > len(suffix) + 1:
            return name[: -len(suffix)]
    return name if len(name) >= 2 else ""


def _plain(text: str) -> str:
    """Diacritics dropped (``Ürümqi``): pinyin and the standard transcriptions are read without them."""
    if text.isascii():
        return text
    return "".join(ch for ch in unicodedata.normalize("NFD", text) if not unicodedata.combining(ch))


def _us_code(segment: str) -> Country | None:
    """A US state's postal code ending the address: with a ZIP code it names the country; alone it
    counts only when no place is read."""
    m = _US_CODE_END.fullmatch(segment)
    if m is None or m.group(1) not in _US_CODES or (m.group(2) is None and m.group(1) in ("SC", "SD", "NM")):
        return None
    return "US", m.group(2) is not None, m.group(1)


def _country(segments: list[list[str]]) -> Country | None:
    """A non-mainland country: (ISO code, named in the last two segments, the name as read)."""
    named: list[tuple[int, str]] = []
    for idx, words in enumerate(segments):
        line = " ".join(words)
        for m in _COUNTRY_RE.finditer(line):
            # ``Hong Kong Road, London``, ``Macau Street``: a country name before a road word is a street
            if line[m.end() + 1 :].split(" ", 1)[0] not in _ROAD_WORDS:
                named.append((idx, m.group(1)))
    if not named:
        line = " ".join(segments[-1]) if segments else ""
        cap = _CAPITAL_RE.search(line)
        if cap is None or line[cap.end() + 1 :].split(" ", 1)[0] in _ROAD_WORDS:  # London Road, Shanghai
            return None
        return _CAPITALS[cap.group(1)], False, _title(cap.group(1).split())  # only if no place is read
    idx, phrase = named[-1]
    last = [p for i, p in named if i >= len(segments) - 2]
    phrase = last[-1] if last else phrase
    return _COUNTRY_WORDS[phrase], bool(last), _title(phrase.split())
