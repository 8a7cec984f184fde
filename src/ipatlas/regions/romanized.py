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
# English words of banner names: 左 Left, 右 Right, 前 Front, 中 Middle, 后 Rear, 联合 United
# (阿拉善左旗 Alxa Left Banner, 科尔沁右翼前旗 Horqin Right Front Banner: 翼 "wing" is not written).
_DIRECTIONS: dict[str, str] = {
    "left": "zuo", "right": "you", "front": "qian", "middle": "zhong", "rear": "hou", "back": "hou",
    "united": "lianhe",
}  # fmt: skip
_NOISE = frozenset({"china", "cn", "prc", "p", "r", "pr", "the", "people", "peoples", "s", "republic", "of"})
_COUNTRY_RE = re.compile(
    r"\b(?<!inner )("
    + "|".join(sorted((re.escape(k) for k in _COUNTRY_WORDS), key=len, reverse=True))
    + r")\b"
)
_SEGMENT = re.compile(r"[,，;；/()（）\n|]+|\.\s")
_GLUED = re.compile(r"(?<=[a-z])(district|county|province|city)\b")
_WORD = re.compile(r"[a-z]+|\d+")
_POSTCODE = re.compile(r"(?<!\d)(\d{6})(?!\d)")
_HAS_LATIN = re.compile(r"[A-Za-z]{3}")

Cand = tuple[Any, ...]
Group = tuple[str, list[Cand]]  # (the name as read, its candidates)
Country = tuple[str, bool, str]  # (ISO code, named in the last segments, the name as read)


def has_latin(text: str) -> bool:
    return _HAS_LATIN.search(text) is not None


class RomanIndex:
    """Pinyin stems of current region names → candidate tuples of the resolver."""

    def __init__(
        self,
        rows: Sequence[dict[str, str]],
        short_keys: dict[str, list[str]],
        cand: Callable[[str], Cand | None],
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
        for row in rows:  # Mongolian spellings: Alxa Left → 阿拉善左(旗), Ordos → 鄂尔多斯(市)
            self._add_mongolian(row, stems, cand)
        for stem, code in _EXONYMS.items():
            c = cand(code)
            if c is not None:
                stems.setdefault(stem, []).append((c, frozenset({"sheng", "qu"})))
        self._stems = stems

    @staticmethod
    def _add_mongolian(
        row: dict[str, str],
        stems: dict[str, list[tuple[Cand, frozenset[str]]]],
        cand: Callable[[str], Cand | None],
    ) -> None:
        name, syllables = row["name"], row["pinyin"].split()
        stem = _stem(name)
        # Inner Mongolia only: 兴安 is also a county of Guangxi (兴安县) read Xing'an.
        if not stem or len(syllables) != len(name) or not row["code"].startswith("15"):
            return
        for spelling, zh in _MONGOLIAN.items():
            if stem.startswith(zh):
                c = cand(row["code"])
                if c is not None:
                    rest = "".join(syllables[len(zh) : len(stem)])
                    stems.setdefault(spelling + rest, []).append((c, _classes(name)))

    def matches(self, text: str) -> tuple[Country | None, list[Group], str | None]:
        """(country, (name, candidates) groups in text order, postcode) of an address."""
        low = text.lower().replace("'", "").replace("’", "")
        low = _GLUED.sub(r" \1", low)
        segments = [words for words in (_WORD.findall(seg) for seg in _SEGMENT.split(low)) if words]
        pm = _POSTCODE.search(text)
        country = _country(segments)
        groups: list[Group] = []
        for words in segments:
            groups.extend(self._segment_matches(words))
        return country, groups, pm.group(1) if pm else None

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
                out.append((_title(words[group[0] : j + 1]), group[1]))
                tail = j + 1
        if out and tail < len(words):  # ``Chaoyang District Beijing`` without a comma
            rest = self._cover([w for w in words[tail:] if not w.isdigit() and w not in _NOISE])
            out.extend(rest or ())
        return out

    def _before(self, words: list[str], end: int, cls: str) -> tuple[int, list[Cand]] | None:
        """The name of class ``cls`` ending at most three words before ``words[end]``, longest first;
        words between it and the administrative word are skipped (``Guangxi Zhuang Autonomous
        Region``, ``Shizhu Tujia Autonomous County``): (index of its first word, candidates)."""
        # Ethnic names before ``Autonomous`` may take several words (Dehong Dai and Jingpo Autonomous
        # Prefecture, Ninger Hani and Yi Autonomous County).
        reach = 7 if "autonomous" in words[max(0, end - 7) : end] else 4
        for i in range(max(0, end - reach), end):
            for k in range(end, i, -1):
                found = self._stems.get(_join(words[i:k]) if cls == "qi" else "".join(words[i:k]))
                group = [c for c, classes in found if cls in classes] if found else None
                if group:
                    return i, group
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
                    i = j
                    break
            else:
                return None
        return groups or None


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


def _country(segments: list[list[str]]) -> Country | None:
    """A non-mainland country: (ISO code, named in the last two segments, the name as read)."""
    named: list[tuple[int, str]] = []
    for idx, words in enumerate(segments):
        m = _COUNTRY_RE.search(" ".join(words))
        if m:
            named.append((idx, m.group(1)))
    if not named:
        return None
    idx, phrase = named[-1]
    last = [p for i, p in named if i >= len(segments) - 2]
    phrase = last[-1] if last else phrase
    return _COUNTRY_WORDS[phrase], bool(last), _title(phrase.split())
