"""Court names as reports shorten them, expanded to the official name with ``ipatlas.regions``.

黑龙江高院 → 黑龙江省高级人民法院, 汉中中院 → 陕西省汉中市中级人民法院,
北京一中院 → 北京市第一中级人民法院, 北京知产法院 → 北京知识产权法院, 最高法 → 最高人民法院,
浦东法院 → 上海市浦东新区人民法院. A place that names two units (朝阳区: Beijing and Changchun) is
settled by the page (``context``) or left unread; 省高院 takes the one province the page names. Only
names are expanded: a case number's court code (京73, 沪0115) names no court (the labelling convention
in the litigation README, round 19).
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from ipatlas.regions import Region

_SPC = re.compile(r"^(?:最高法|最高院|最高法院|最高人民法院(?:知识产权法庭)?)$")
_IP_COURT = re.compile(r"^(北京|上海|广州|海南自由贸易港|京|沪|广)(?:市)?(?:知产|知识产权|知)法院$")
_IP_PLACE = {"京": "北京", "沪": "上海", "广": "广州"}
_NET_COURT = re.compile(r"^(北京|杭州|广州)(?:市)?互联网法院$")
_MUNI_NTH = re.compile(r"^(北京|上海|天津|重庆)(?:市)?(?:第)?([一二三四五六])中(?:院|级法院|级人民法院)$")
_LEVELS = (
    (re.compile(r"^(.*?)(?:高院|高级法院|高级人民法院)$"), "province", "高级人民法院"),
    (re.compile(r"^(.*?)(?:中院|中级法院|中级人民法院)$"), "city", "中级人民法院"),
    (re.compile(r"^(.*?)(?:人民)?法院$"), "county", "人民法院"),
)
#: The suffixes a court's name ends with, official or short; a name is looked for before one of them.
SUFFIX = re.compile(
    r"最高法院?|最高院|高级人民法院|中级人民法院|高级法院|中级法院|高院|中院|知产法院|知识产权法院|互联网法院|法院"
)
#: 省高院 / 本省高院: the province is the page's.
_OWN_PROVINCE = ("", "省", "本省", "该省", "我省", "全省")


def _find(name: str) -> list[Region]:
    from ipatlas.regions import get_registry

    return get_registry().find(name)


def _places(text: str) -> list[Region]:
    """Units a place string names: one name (汉中, 黑龙江省) or a chain from the top (陕西省汉中市)."""
    if not text:
        return []
    hits = _find(text)
    if hits:
        return hits
    from ipatlas.regions import get_registry

    reg = get_registry()
    for cut in range(len(text) - 1, 1, -1):
        heads = _find(text[:cut])
        below = _places(text[cut:]) if heads else []
        out = [r for r in below if any(reg.is_under(r.code, h.code) for h in heads)]
        if out:
            return out
    return []


def _named_in(region: Region, context: str) -> bool:
    """Whether the page names one of the unit's parents (广东 for 深圳, 北京 for 朝阳区)."""
    from ipatlas.regions import get_registry

    for parent in get_registry().ancestors(region.code):
        short = re.sub(r"(?:省|市|壮族自治区|回族自治区|维吾尔自治区|自治区|特别行政区)$", "", parent.name)
        if parent.name in context or (len(short) >= 2 and short in context):
            return True
    return False


def _page_province(context: str) -> Region | None:
    """The one province a page names in full (云南省, 广西壮族自治区, 北京市), else None."""
    from ipatlas.regions import get_registry

    named = [p for p in get_registry().all("province") if p.name in context]
    return named[0] if len(named) == 1 else None


def _unit(place: str, level: str, context: str) -> Region | None:
    if level == "province" and place in _OWN_PROVINCE:
        return _page_province(context)
    if place in _OWN_PROVINCE or len(place) < 2:
        return None
    # 东莞, 中山, 儋州, 嘉峪关 are stored as county-level units that are their own prefecture: their court is
    # a 中级人民法院, never a county's 人民法院.
    own = [r for r in _places(place) if r.city_code == r.code and r.level == "county"]
    units = [r for r in _places(place) if r.level == level and r not in own]
    units += own if level == "city" else []
    if len(units) > 1:
        units = [r for r in units if _named_in(r, context)]
    return units[0] if len(units) == 1 else None


def official(name: str, context: str = "") -> str | None:
    """The official name of a court named in full or in short, or None when the name is no court the
    registry can place (一审法院, 该法院, 江苏法院 — a province's courts —, an ambiguous 朝阳区法院)."""
    name = re.sub(r"\s+", "", name).removeprefix("中华人民共和国")
    if _SPC.match(name):
        return "最高人民法院"
    m = _IP_COURT.match(name)
    if m:
        return _IP_PLACE.get(m.group(1), m.group(1)) + "知识产权法院"
    m = _NET_COURT.match(name)
    if m:
        return m.group(1) + "互联网法院"
    m = _MUNI_NTH.match(name)
    if m:
        return f"{m.group(1)}市第{m.group(2)}中级人民法院"
    from ipatlas.regions import get_registry

    for pattern, level, suffix in _LEVELS:
        m = pattern.match(name)
        if not m:
            continue
        unit = _unit(m.group(1), level, context)
        if unit is None:
            return None
        return get_registry().full_name(unit.code) + suffix
    return None


_OFFICIAL_END = re.compile(r"(?:人民法院|知识产权法院|互联网法院)$")


def is_short(name: str) -> bool:
    """A name reports shorten (汉中中院, 北京知产法院, 莆田市中级法院), not an official one."""
    return not _OFFICIAL_END.search(name)


def named(name: str, context: str = "") -> str | None:
    """A court name as a page prints it: kept when official (南京市中级人民法院 stays as printed, as
    the labels keep it), expanded when short; None when it names no court."""
    full = official(name, context)
    if full is None or is_short(name):
        return full
    return re.sub(r"\s+", "", name).removeprefix("中华人民共和国")


def courts_in(text: str, context: str = "") -> list[tuple[int, int, str]]:
    """Every court named in ``text`` (start, end, official name): before each suffix, the longest run
    of characters that names a court the registry can place (…维持涵江区法院一审判决 → 涵江区法院)."""
    out: list[tuple[int, int, str]] = []
    for m in SUFFIX.finditer(text):
        if m.group().startswith("最高"):
            out.append((m.start(), m.end(), "最高人民法院"))
            continue
        for size in range(min(14, m.start()), -1, -1):
            start = m.start() - size
            if out and start < out[-1][1]:
                continue
            name = named(text[start : m.end()], context)
            if name:
                out.append((start, m.end(), name))
                break
    return out


# ----------------------------------------------------------------------------- a page without a court header

_NUMBER = re.compile(r"[（(]\s*(?:19|20)\d{2}\s*[）)][^；;，,。\s（(]{2,40}?号")
#: 二审法院（黑龙江高院）：… — the later instance's court in brackets after its role.
_LATER_COURT = re.compile(r"(?:二审|再审|终审)法院[（(]([^）)]{2,16})[）)]")
#: A court deciding in a report's sentence: 省高院二审维持原判, 汉中中院审结, 某中院一审认为, 某法院就/对
#: 一起…案作出一审判决, 某法院公开开庭审理上诉人… (作出 only when no other case's number follows:
#: 某高院作出（2015）…号裁定，将该案移送 is another court's ruling).
_DECIDES = re.compile(
    r"^(?:(?:就|对)[^。；，]{2,100}?(?:案件|案)(?=[作做]出|(?:进行)?(?:公开)?宣判))?(?:进行)?(?:公开)?(一审|二审|再审|终审)?"
    r"(判决|裁定|维持原判|驳回上诉|驳回|改判|审结|宣判"
    # 作出/做出 (a quoted gist may come before the judgment: 做出“维持原判”的终审判决)
    r"|[作做]出(?![（(]\s*(?:19|20)\d{2})(?:了)?(?:“[^“”]{0,20}”的)?(一审|二审|再审|终审)?|认为"
    r"|以调解|经审理|(?:公开)?开庭审理(?:了)?(?=上诉人|再审申请人))"
)
_APPEAL_VERB = ("维持原判", "驳回上诉", "改判")
#: The court's judge handled the case: 某法院的甲法官主审, 某中院民三庭法官乙…完成了…案件的办理.
_JUDGE_HANDLED = re.compile(
    r"^的?(?:民[一二三四五六]庭|知识产权(?:审判)?庭)?的?[\u4e00-\u9fa5]{0,6}?法官[^。；！？]{0,60}?"
    r"(?:主审|审结|审理|办理|宣判|调解)"
)
_KEY_COURT = re.compile(r"(?:审理法院|受理法院|裁判法院|法院)[：:]([^\s，,；;。：:]{2,20})$")
_TITLE_SPLIT = re.compile(r"[|｜丨·•:：，,！!?？\s]+")
_NOT_TITLE = re.compile(r"来源|作者|单位|发布|编辑|供稿|公布")


def _norm_number(number: str) -> str:
    return re.sub(r"\s+", "", number).replace("(", "（").replace(")", "）")


def _court_of_number(lines: list[str], case_number: str, context: str) -> str | None:
    """A court's name printed right before the case number it issued (江苏高院（2019）苏民终1316号)."""
    want = _norm_number(case_number)
    for line in lines[:80]:
        for m in _NUMBER.finditer(line):
            if _norm_number(m.group()) != want:
                continue
            before = re.split(r"[：:；;，,。\s]", line[: m.start()])[-1]
            hits = courts_in(before, context)
            if hits and hits[-1][1] == len(before):
                return hits[-1][2]
    return None


def _deciding_court(text: str, context: str, appeal: bool) -> str | None:
    """The court a report says decided, the latest instance first (昆明中院一审认为…省高院二审维持原判
    → the high court); on a page telling of an appeal only a court marked as the appeal's (二审,
    维持原判 …) — the first instance's court is not the page's. A court a claim or appeal was brought
    to (诉至/上诉至…) has no deciding verb after it."""
    found: list[tuple[int, str]] = []
    for _start, end, name in courts_in(text, context):
        m = _DECIDES.match(text[end:])
        if not m:
            if _JUDGE_HANDLED.match(text[end:]) and not appeal:
                found.append((0, name))
            continue
        later = bool({m.group(1), m.group(3)} & {"二审", "再审", "终审"}) or m.group(2) in _APPEAL_VERB
        later = later or "开庭审理" in m.group(2)  # a court hearing an appellant's case is the appeal's
        if later or not appeal:
            found.append((int(later), name))
    return max(found, key=lambda x: x[0])[1] if found else None


def _title_court(lines: list[str], context: str) -> str | None:
    """A headline's part that is wholly a court (北京高院：…终审判决, 最高法：侵权成立, 栏目·广知法院|…)."""
    for line in lines[:12]:
        if len(line) > 80 or _NOT_TITLE.search(line):
            continue
        for part in _TITLE_SPLIT.split(re.sub(r"^\s*[（(]?\d{1,2}[）)]", "", line.strip())):
            hits = courts_in(part, context)
            if hits and hits[0][0] == 0 and hits[0][1] == len(part):
                return hits[0][2]
    return None


def court_from_page(lines: list[str], case_number: str | None, procedure: str | None = None) -> str | None:
    """The deciding court of a page that prints no court header, named in full or in short: as a key's
    value, before its case number, in brackets after 二审法院, in a report's sentence saying it decided
    (not in a document speaking as 本院, whose other courts are the earlier instances'), or as a
    headline's part. ``lines`` as printed (a headline's parts may be set apart by spaces only)."""
    title_lines = lines
    lines = [re.sub(r"\s+", "", x) for x in lines]
    context = "".join(lines)
    for line in lines[:40]:
        m = _KEY_COURT.search(line)
        if m and (court := named(m.group(1), context)):
            return court
    if case_number:
        court = _court_of_number(lines, case_number, context)
        if court:
            return court
    for line in lines:
        m = _LATER_COURT.search(line)
        if m and (court := named(m.group(1), context)):
            return court
    appeal = procedure in ("二审", "再审") or bool(re.search(r"二审|上诉|再审|终审", context))
    if "本院" not in context and (court := _deciding_court(context, context, appeal)):
        return court
    return _title_court(title_lines, context)
