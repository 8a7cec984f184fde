"""The sides of a news report or case collection that names them only in its story (round 20).

A report the other readers reject (no header, title, party block or 甲与乙…纠纷一案 sentence) may still
say who sued whom in one of three common ways:

* a collection's case title 甲诉乙…纠纷案 (the sides may be masked persons: 王某, 张某某, 李某宝);
* the court's order 判令/判决乙…赔偿/停止侵害（原告）甲 (the one ordered is the defendant, the one
  protected the plaintiff);
* 甲诉至法院，(申请/请求)法院判令乙与丙赔偿… (the plaintiff's filing sentence, then its claim).

Reports name their sides in short (远景公司, 腾讯公司); a short name is given the full name the page prints
for it — the one it introduces (上海某某科技有限公司（以下简称某某公司）) or, failing that, the longest name
that starts with the short name's stem (成都远景公司 → 成都远景数控设备实业有限公司).
"""

from __future__ import annotations

import re

#: An organisation named in prose (not 该公司/本公司/上述公司, not a role word).
ORG = (
    r"(?:(?:(?:(?!该|本|其|此|上述|涉案)[\u4e00-\u9fa5]{2,6})?[A-Z]{1,2}"
    r"|(?!该|本|其|此|上述|涉案|原告|被告|一审|二审|法院)[\u4e00-\u9fa5（）]{1,30}?)"
    r"(?:公司|厂|店|商行|合作社|经营部|中心|协会|研究院|研究所|大学)"
    # a Japanese company's form comes first (株式会社甲); one group, as ORG is embedded in other patterns
    r"|株式会社[\u4e00-\u9fa5]{2,8}?(?=[与诉、，。；的及（]))"
)
#: A person masked by 某 (王某, 张某某, 李某宝 — the last character only before a word that ends the name).
PERSON = r"[\u4e00-\u9fa5]某某?(?:[\u4e00-\u9fa5](?=[与诉、，。；的侵及]))?"
SIDE = rf"(?:{ORG}|{PERSON})"
_JOINED = r"(?:[、与和及]|以及)"

#: 甲（、乙）诉丙、丁…纠纷案 at a sentence's start (a collection's title), or after who handled it
#: (…律师代理的).
_SUIT_TITLE = re.compile(
    rf"^(?:[^。；]{{0,30}}?(?:代理|审理|审结|受理|办理)的)?"
    rf"(?P<p>{SIDE}(?:、{SIDE})*)诉(?P<d>{SIDE}(?:、{SIDE})*)(?=[^，。；]{{2,40}}?(?:纠纷|侵权)(?:上诉|再审|申诉)?(?:一)?案)"
)
#: 判令/判决/酌定（被告）乙（、丙）…停止侵害/赔偿（原告）甲, or 乙向甲赔偿.
_ORDER = re.compile(
    rf"(?:判令|判决|酌定)(?:被告)?(?P<d>{ORG}(?:{_JOINED}{ORG})*)(?:立即|共同|连带)*"
    rf"(?:(?:停止)?(?:侵害|侵犯|赔偿|支付)(?:原告)?(?P<p>{ORG})|向(?:原告)?(?P<to>{ORG})(?:赔偿|支付))"
)
#: 甲诉至法院 / 甲以…为由诉至某法院 / 甲将乙诉至法院: the plaintiff's filing.
_FILED = re.compile(
    rf"^(?P<p>{ORG})(?:以[^。；]{{0,40}}?为由)?(?:遂|便|于是)?(?:将[^，。；]{{0,30}}?)?(?:诉至|起诉至|诉诸)[^，。；]{{0,20}}?法院"
)
#: …法院判令乙与丙赔偿…: the defendants of a filing's claim.
_CLAIMED = re.compile(
    rf"判令[：:]?(?P<d>{ORG}(?:{_JOINED}{ORG})*)(?:立即|停止|赔偿|共同|连带|销毁|承担|支付)"
)
#: 判决，乙侵犯…，赔偿（商标）权利人…: the one ordered, protecting a right holder the page names elsewhere.
_ORDER_HOLDER = re.compile(
    rf"判决[，,]?(?P<d>{ORG})(?:侵犯|侵害)[^。；]{{0,30}}?赔偿(?:商标|专利|著作)?(?:权)?权利人(?![\u4e00-\u9fa5]{{0,30}}?公司)"
)
_HOLDER = re.compile(rf"(?:商标|专利|著作)?(?:权)?权利人(?P<p>{ORG})")
#: Joins the accused in a pleading: 乙及其法定代表人丙 names two.
_ACCUSED_JOIN = r"(?:及其(?:法定代表人|股东|负责人|经营者|实际控制人)|[、与和及]|以及)"
_ACCUSED_VERB = r"(?:共同)?(?:未经|擅自|制造|生产|销售|许诺销售|使用|进口|帮助|实施|侵害|侵犯)"
#: 甲（一审）诉称，乙制造、销售，原审被告丙销售…: a pleading in a 基本案情 with no role word for 甲.
_PLEADED = re.compile(rf"^(?P<p>{SIDE})(?:一审|二审|向[^，。；]{{0,20}}?法院)?(?:起诉)?诉称[，,：:]")
#: 乙（及其法定代表人丙）制造… at a clause's start (a 原审被告 keeps its role word).
_ACCUSED = re.compile(rf"^(?:原审被告|一审被告|被告)?(?P<d>{SIDE}(?:{_ACCUSED_JOIN}{SIDE})*){_ACCUSED_VERB}")
#: 甲系…专利权人，其认为乙（及丙）侵害…，故提起诉讼: the right holder's suit told with no role word.
_HOLDER_SUED = re.compile(
    rf"^(?P<p>{SIDE})(?:系|是|作为)[^。；]{{0,80}}?(?:权利人|权人|注册人|被许可人)[，,](?:其|并|遂)?(?:认为|主张|指控|发现)"
    rf"(?P<d>{SIDE}(?:{_ACCUSED_JOIN}{SIDE})*){_ACCUSED_VERB}[^。；]*?(?:提起[^。；]{{0,10}}?诉讼|起诉|诉至)"
)
#: 甲认为，…，遂起诉请求判令乙停止…: a typical case's complaint; the defendants are those its claim names.
_THOUGHT_SUED = re.compile(
    rf"^(?P<p>{SIDE})认为[，,][^。；]{{2,160}}?(?:遂|故|于是|因此|并)(?:向[^，。；]{{0,20}}?法院)?(?:起诉|提起(?:了)?诉讼)"
)
#: 原告甲（以下简称…）… / 被告乙（以下简称…）…: a story introducing each side by its role and a short name.
_ROLE_INTRODUCED = re.compile(rf"(?:^|[。；])(?P<r>原告|被告)(?P<n>{ORG})（以下简称")
#: What ends a name in prose: punctuation, a verb or preposition joining it to the sentence.
_BOUNDARY = r"[与和及诉的对向在将被由为是了从自经，。；：、（）“”\s]"
_PLACE = r"[\u4e00-\u9fa5]{2,3}(?:省|市|区|县)?"
_PROVINCE_END = re.compile(
    r"(?:北京|天津|上海|重庆|河北|山西|辽宁|吉林|黑龙江|江苏|浙江|安徽|福建|江西|山东|河南|湖北|湖南|广东|海南"
    r"|四川|贵州|云南|陕西|甘肃|青海|内蒙古|广西|西藏|宁夏|新疆)(?:省|市)?$"
)
_ALIAS = re.compile(r"（以下简称[“\"]?([^（）”\"]{2,12})[”\"]?）")
_ROLE_BEFORE = re.compile(r"^.*(?:上诉人|原告|被告|第三人|申请人)(?:（[^（）]*）)?")


def _names(group: str) -> list[str]:
    return [x for x in re.split(_JOINED, group) if len(x) >= 2]


def _accused(group: str) -> list[str]:
    return [x for x in re.split(_ACCUSED_JOIN, group) if len(x) >= 2]


def _told_without_roles(sentence: str, paragraph: str) -> tuple[list[str], list[str]] | None:
    """(plaintiffs, defendants) of a story that names the plaintiff with no role word — its pleading
    (甲诉称，乙制造…), the right holder's suit (甲系…权利人，其认为乙侵害…，故提起诉讼), a complaint
    whose claim names the accused (甲认为，…，遂起诉请求判令乙停止…) — or that introduces
    each side as 原告甲（以下简称…） and, later in the paragraph, 被告乙（以下简称…）; None otherwise."""
    bare = re.sub(r"（以下(?:简)?称[^（）]{0,16}）", "", sentence)
    if m := _PLEADED.match(bare):
        clauses = re.split(r"[，,；]", bare[m.end() :].split("。")[0])
        defs = [n for c in clauses if (a := _ACCUSED.match(c)) for n in _accused(a.group("d"))]
        defs = list(dict.fromkeys(d for d in defs if d != m.group("p")))
        return ([m.group("p")], defs) if defs else None
    if m := _HOLDER_SUED.match(bare):
        defs = [d for d in _accused(m.group("d")) if d != m.group("p")]
        return ([m.group("p")], defs) if defs else None
    if (m := _THOUGHT_SUED.match(bare)) and (claim := _CLAIMED.search(bare, m.end())):
        defs = [d for d in _names(claim.group("d")) if d != m.group("p")]
        return ([m.group("p")], defs) if defs else None
    if (m := _ROLE_INTRODUCED.match(sentence)) and m.group("r") == "原告":
        # Both in one paragraph: a later line opening with 被告乙 would be read as a party line of its own.
        other = next((o for o in _ROLE_INTRODUCED.finditer(paragraph) if o.group("r") == "被告"), None)
        if other and other.group("n") != m.group("n"):
            return [m.group("n")], [other.group("n")]
    return None


def story_sides(sentence: str, paragraph: str, page: str = "") -> tuple[list[str], list[str]] | None:
    """(plaintiffs, defendants) a report's sentence names by one of the three forms, else None;
    ``paragraph`` is the text from the sentence on (a filing's claim follows it), ``page`` the whole page
    (a right holder the order leaves unnamed: 赔偿商标权利人… → the page's 商标权利人甲公司)."""
    if m := _SUIT_TITLE.match(sentence):
        return _names(m.group("p")), _names(m.group("d"))
    if (m := _ORDER.search(sentence)) and (p := m.group("p") or m.group("to")) not in _names(m.group("d")):
        return [p], _names(m.group("d"))
    if (m := _ORDER_HOLDER.search(sentence)) and (holder := _HOLDER.search(page)):
        return ([holder.group("p")], [m.group("d")]) if holder.group("p") != m.group("d") else None
    if (m := _FILED.match(sentence)) and (claim := _CLAIMED.search(paragraph)):
        defendants = [d for d in _names(claim.group("d")) if d != m.group("p")]
        return ([m.group("p")], defendants) if defendants else None
    return _told_without_roles(sentence, paragraph)


def introduced_names(text: str) -> dict[str, str]:
    """Short name → the full name a page introduces it for (甲科技有限公司（以下简称甲公司）)."""
    out: dict[str, str] = {}
    for m in _ALIAS.finditer(text):
        before = re.split(r"[，。；：、,;:\s】]", text[: m.start()])[-1]  # not a heading's 【基本案情】
        full = _ROLE_BEFORE.sub("", before).lstrip("）")
        if 4 <= len(full) <= 40 and re.search(ORG + "$", full):
            out.setdefault(m.group(1).strip(), full)
    return out


def full_name(name: str, text: str, introduced: dict[str, str]) -> str:
    """The full name a page prints for a side it names in short; the name itself when it prints none."""
    if name in introduced:
        return introduced[name]
    if not name.endswith("公司") or name.endswith("有限公司") or "某" in name:
        return name
    stem = name[:-2]
    longer = []
    for m in re.finditer(re.escape(stem) + r"[\u4e00-\u9fa5（）]{1,24}?(?:有限责任公司|有限公司|公司)", text):
        if m.group(0).count("公司") > 1 or re.search(_BOUNDARY, m.group(0)[len(stem) :]):
            continue
        # A place printed before the stem belongs to the name (长沙华锐…有限公司 for 华锐公司).
        place = re.split(_BOUNDARY, text[max(0, m.start() - 6) : m.start()])[-1]
        if not re.fullmatch(_PLACE, place):
            # a province run onto the verb before it (…一审审结浙江甲有限公司) is still the name's
            place = glued.group(0) if (glued := _PROVINCE_END.search(place)) else ""
        longer.append(place + m.group(0))
    return max(longer, key=len) if longer else name
