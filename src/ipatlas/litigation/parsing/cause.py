"""The cause (案由) a story sentence or a title names: the text before its 纠纷, with party names,
role labels and list words cut, ending on the official cause when the catalogue has it."""

from __future__ import annotations

import re

from ipatlas.litigation.parsing.party import Party
from ipatlas.litigation.parsing.patterns import _CAUSE_KEYWORDS
from ipatlas.litigation.parsing.text import compact, normalise_line

_RIGHT_NO_PAREN = re.compile(r"（[^（）]*(?:专利号|注册号|商标号|品种权号|登记号)[^（）]*）")


def _cause(narrative: str, parties: list[Party]) -> str | None:
    narrative = _RIGHT_NO_PAREN.sub("", narrative)  # 侵害实用新型专利权（专利号为ZL…）纠纷
    m = re.search(r"纠纷", narrative)
    if not m:
        m2 = re.search(r"(?:一案|案件)", narrative)
        if not m2:
            return None
        end = m2.start()
    else:
        # The last 纠纷 before 一案 (… 侵害商标权纠纷及不正当竞争纠纷一案).
        end_m = re.search(r"纠纷(?:[^，。]{0,3})?(?:一案|案件|两案|系列案|二案|纠纷)", narrative)
        end = (end_m.start() if end_m else m.start()) + 2
    head = narrative[:end]
    start = max(head.rfind("，"), head.rfind("。"), head.rfind("："), head.rfind("）"), head.rfind("因"))
    seg = head[start + 1 :]
    for p in parties:
        for a in sorted([p.name, *p.aliases], key=len, reverse=True):
            if len(a) >= 2 and a in seg:
                seg = seg[seg.rfind(a) + len(a) :]
        seg = _after_short_name(seg, [p.name, *p.aliases])
    # 等 after a side's name abridges it (甲等诉乙等商标侵权纠纷案): no cause starts with it.
    seg = re.sub(r"^(?:之间|间|的|为|因|等)+", "", seg)
    km = _CAUSE_KEYWORDS.search(seg)
    if km and km.start() > 0:
        pre = seg[: km.start()]
        if re.search(r"[与诉和及、]", pre) or len(pre) > 4:
            # A catalogue cause the text ends with stays whole (…学校横向垄断协议纠纷: 横向垄断协议纠纷).
            whole = max((n for n in _known_causes() if seg.endswith(n)), key=len, default="")
            seg = whole if len(whole) > len(seg) - km.start() else seg[km.start() :]
    seg = _after_listed_role(seg)
    seg = _known_cause_tail(seg.strip("，。、 "))
    return seg or None


_ORG_END = re.compile(r"(?:公司|委员会|局|厂|商行|中心|研究院|研究所|合作社)")


def _after_listed_role(seg: str) -> str:
    """…委员会、第三人乙有限公司商标异议复审行政纠纷: a role label inside the would-be cause means the
    party list runs on (its first cause word was inside a name); the cause follows the last named
    organisation."""
    labels = list(re.finditer(r"(?:^|、|，)(?:原审|一审)?(?:第三人|被告|原告)", seg))
    if not labels:
        return seg
    rest = seg[labels[-1].end() :]
    for m in _ORG_END.finditer(rest):
        if _CAUSE_KEYWORDS.match(rest, m.end()):
            return rest[m.end() :]
    return seg


_FAR_TITLE = re.compile(r"^.{4,120}?(?:诉|与).{2,100}?纠纷(?:一案|上诉案|再审案|申诉案|案)$")


def _far_title_cause(pre: list[str], parties: list[Party]) -> str | None:
    """The cause of a case title far above the header (a case note's 甲诉乙…纠纷案 over its 问题提示,
    要点提示 and 案例索引), when the title names a party of the document."""
    names = [p.name for p in parties if len(p.name) >= 2]
    for line in pre:
        c = compact(line)
        if _FAR_TITLE.match(c) and any(n in c for n in names):
            return _cause(c, parties)
    return None


def _title_cause_of_pair(cause: str | None, title: str | None, parties: list[Party]) -> str | None:
    """A story naming two causes (甲纠纷和乙纠纷一案) under a title naming the first alone: the title's."""
    if not cause or not title:
        return cause
    first = _cause(compact(title), parties)
    pair = rf"{re.escape(first)}(?:和|及|以及|与|、)[^，。；]{{2,40}}纠纷" if first else ""
    if first and first != cause and first.endswith("纠纷") and re.fullmatch(pair, cause):
        return first
    return cause


def _after_short_name(seg: str, names: list[str]) -> str:
    """A title shortens a party's name (杨振华诉专利复审委专利驳回复审行政纠纷 for 专利复审委员会): the cause
    starts after such a prefix of a name (four characters or more) when a cause word follows it."""
    for a in names:
        for k in range(len(a) - 1, 3, -1):
            i = seg.find(a[:k])
            if i >= 0 and _CAUSE_KEYWORDS.match(seg, i + k):
                return seg[i + k :]
    return seg


def _known_causes() -> tuple[str, ...]:
    """The official IP causes and offences (rules/causes.yaml), longest first."""
    from ipatlas.litigation.causes import names

    return tuple(sorted({normalise_line(n) for n in names()}, key=len, reverse=True))


def _known_cause_tail(seg: str) -> str:
    """…等侵害外观设计专利权纠纷 → the official cause it ends with, when what precedes it names no right
    (a party list's 等, 之间的); a wording of the text's own (侵犯商标专用权纠纷) is kept as it is."""
    names = _known_causes()
    if seg in names:
        return seg
    for name in names:
        if seg.endswith(name) and len(seg) > len(name):
            prefix = seg[: -len(name)]
            return seg if _CAUSE_KEYWORDS.search(prefix) or len(prefix) > 12 else name
    return seg
