"""The plan's own place when neither its title nor its issuer names one (round 21).

A district's plan titled only "知识产权强区建设实施方案" and issued by "区人民政府办公室" still speaks of
itself ("我区", "全区", "区市场监管局") and names its place somewhere ("…宝山区实际"). The place is the
one region named in the text whose kind (区/县/市/省 …) is the kind the text calls itself; none when the
text does not call itself anything, or when two places of that kind are named as often.
"""

from __future__ import annotations

import functools
import re
from collections import Counter
from collections.abc import Iterable

# "我区", "全县", "本市", "该区": the text naming its own kind; not "全市场", "全区域", "本县级", "全省份".
SELF_RE = re.compile(r"(?:我|全|本|该)(省|市|区|县|州|旗)(?![场域级份块间])")
# "县林业局…", "区政府办", "区委常委" at the start of a clause: the county's / district's own organs. Only
# 县 and 区: a city's or province's organs ("市知识产权局") are also named by the levels below them.
SELF_ORGAN_RE = re.compile(r"(?<![\u4e00-\u9fff）)])(县|区)(?=委|政府|人民政府|[\u4e00-\u9fff]{1,6}局)")
SUFFIXES = "省市区县州旗盟"
# The self-reference's kind → the endings a region of that kind has.
KIND_ENDINGS = {
    "省": ("省", "自治区"),
    "市": ("市",),
    "区": ("区",),
    "县": ("县", "自治县"),
    "州": ("州",),
    "旗": ("旗",),
}


# "占全市1/3", "居全市前三", "增长率全市第一": the whole of a higher level as the scope a figure ranks in, not
# the text's own kind.
SCOPE_BEFORE_RE = re.compile(r"(?:占|居|列|位居|位列)$")
SCOPE_AFTER_RE = re.compile(
    r"^\S{0,3}?(?:第[一二三四五六七八九十\d]|前[一二三四五六七八九十\d]|首位|排名|领先)"
)


def _ranking_scope(text: str, m: re.Match[str]) -> bool:
    return bool(SCOPE_BEFORE_RE.search(text[max(0, m.start() - 2) : m.start()])) or bool(
        SCOPE_AFTER_RE.match(text[m.end() : m.end() + 6])
    )


def self_kind(text: str) -> str | None:
    """The kind the text calls itself most often (我区 / 全区 / 区政府 …), None on a tie or never.

    "我市通城县": a place right after the self-reference is what the text is about, of that place's kind."""
    counts: Counter[str] = Counter()
    for m in SELF_RE.finditer(text):
        if _ranking_scope(text, m):
            continue
        after = next((n for n in _names_at(text, m.end()) if n[-1] != m.group(1)), None)
        counts[after[-1] if after else m.group(1)] += 1
    counts.update(m.group(1) for m in SELF_ORGAN_RE.finditer(text))
    top = counts.most_common(2)
    if not top or (len(top) == 2 and top[0][1] == top[1][1]):
        return None
    return top[0][0]


# Cities and provinces are often named without their suffix (宁波, 江西); districts and counties too (鄞州,
# 江北), read with more care (`local_short_places`: 江北, 新城 are words or names several regions bear).
SHORT_KINDS = {"市": "city", "省": "province"}


@functools.cache
def _short_names(level: str) -> tuple[re.Pattern[str], dict[str, str]]:
    """A pattern of the short names (宁波 for 宁波市, 江西 for 江西省) of one level's regions whose short name
    no other region of that level shares, and short name → adcode."""
    from ipatlas.regions import get_registry

    short: dict[str, list[str]] = {}
    for r in get_registry().all(level):
        name = re.sub("(?:市|省)$", "", r.name)
        if len(name) >= 2 and name != r.name:
            short.setdefault(name, []).append(r.code)
    unique = {k: v[0] for k, v in short.items() if len(v) == 1}
    keys = sorted(unique, key=len, reverse=True)
    return re.compile("|".join(map(re.escape, keys))), unique


def short_places(text: str, level: str) -> list[tuple[str, str]]:
    """(short name, adcode) of each city or province named without its suffix."""
    pattern, codes = _short_names(level)
    return [(m.group(0), codes[m.group(0)]) for m in pattern.finditer(text)]


# A district's or county's short name (江北 for 江北区, 鄞州 for 鄞州区): only the plain 区 / 县 endings (an
# autonomous county's short form drops its peoples' names too), and two characters or more.
LOCAL_ENDINGS = {"区": "区", "县": "县"}
# A short name right before another unit's word names that unit (江北新区, 南山村, 江北镇), not the district.
OTHER_UNIT_RE = re.compile(r"[省市区县镇乡村街]|新区|开发区")


@functools.cache
def _local_short_names(kind: str) -> tuple[re.Pattern[str] | None, dict[str, tuple[str, ...]]]:
    """A pattern of the short names of the districts (kind 区) or counties (县), and short name → adcodes
    (several when regions in different cities bear the name: 江北区 of 重庆 and of 宁波)."""
    from ipatlas.regions import get_registry

    ending = LOCAL_ENDINGS[kind]
    short: dict[str, list[str]] = {}
    for r in get_registry().all("county"):
        if r.name.endswith(ending) and not r.name.endswith("自治" + ending):
            name = r.name[: -len(ending)]
            if len(name) >= 2:
                short.setdefault(name, []).append(r.code)
    keys = sorted(short, key=len, reverse=True)
    pattern = re.compile("|".join(map(re.escape, keys))) if keys else None
    return pattern, {k: tuple(v) for k, v in short.items()}


def _ancestor_named(code: str, text: str) -> bool:
    """Whether a city or province above the region is named in the text, in full or without its suffix."""
    from ipatlas.regions import get_registry

    for a in get_registry().ancestors(code):
        short = re.sub("(?:市|省)$", "", a.name)
        if a.name in text or (len(short) >= 2 and short in text):
            return True
    return False


# An autonomous region calls itself 全区 / 我区 too: its text's 区 is not a district's.
AUTONOMOUS_RE = re.compile(r"(?:内蒙古|广西|西藏|宁夏|新疆)|[\u4e00-\u9fff]{2,8}自治区")


def local_short_places(text: str, kind: str) -> list[tuple[str, str]]:
    """(short name, adcode) of each district (kind 区) or county (县) named without its suffix, counted only
    when its city or province is named in the text too (many short names are words as well: 振兴, 新兴); of a
    short name several regions bear, the one whose city or province is named."""
    pattern, codes = _local_short_names(kind)
    if pattern is None or (kind == "区" and AUTONOMOUS_RE.search(text)):
        return []
    out = []
    for m in pattern.finditer(text):
        if OTHER_UNIT_RE.match(text, m.end()):
            continue
        found = tuple(c for c in codes[m.group(0)] if _ancestor_named(c, text))
        if len(found) == 1:
            out.append((m.group(0), found[0]))
    return out


@functools.cache
def _names() -> dict[str, tuple[str, ...]]:
    """Current region names of three characters or more ending in a unit suffix → their adcodes (two
    characters — 城区, 郊区, 矿区 — are too common as words)."""
    from ipatlas.regions import get_registry

    out: dict[str, list[str]] = {}
    for r in get_registry().all():
        if len(r.name) >= 3 and r.name[-1] in SUFFIXES:
            out.setdefault(r.name, []).append(r.code)
    return {k: tuple(v) for k, v in out.items()}


def _names_at(text: str, start: int) -> list[str]:
    """Region names starting at ``start`` ("通城县" in "我市通城县成功入选")."""
    names = _names()
    return [text[start : start + n] for n in range(10, 2, -1) if text[start : start + n] in names]


def named_places(text: str) -> list[tuple[str, str]]:
    """(name, adcode) of each region named in the text, in order; a name several regions bear (通州区)
    counts only when one of them has an ancestor named in the text too (南通市通州区)."""
    from ipatlas.regions import get_registry

    names = _names()
    found: list[str] = []
    for m in re.finditer(f"[{SUFFIXES}]", text):
        end = m.end()
        # the longest name ending here ("内蒙古自治区" before "古自治区")
        for length in range(min(10, end), 2, -1):
            if text[end - length : end] in names:
                found.append(text[end - length : end])
                break
    present = set(found)
    out = []
    for name in found:
        codes = names[name]
        if len(codes) > 1:
            codes = tuple(c for c in codes if any(a.name in present for a in get_registry().ancestors(c)))
        if len(codes) == 1:
            out.append((name, codes[0]))
    return out


def body_place(lines: Iterable[str]) -> str | None:
    """The adcode of the place a text names as its own (see the module docstring), else None."""
    text = "\n".join(lines)
    kind = self_kind(text)
    if kind is None:
        return None
    counts = Counter(
        code
        for name, code in named_places(text)
        if name.endswith(KIND_ENDINGS[kind]) and not (kind == "区" and name.endswith("自治区"))
    )
    if not counts and kind in SHORT_KINDS:
        # "我市…宁波将初步建成…": a city or province named without its suffix, no full name of that kind
        counts = Counter(code for _, code in short_places(text, SHORT_KINDS[kind]))
    elif not counts and kind in LOCAL_ENDINGS:
        # "立足鄞州实际…我区": a district or county without its suffix, no full name of that kind (round 22)
        counts = Counter(code for _, code in local_short_places(text, kind))
    top = counts.most_common(2)
    if not top or (len(top) == 2 and top[0][1] == top[1][1]):
        return None
    return top[0][0]
