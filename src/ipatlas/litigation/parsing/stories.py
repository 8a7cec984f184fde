"""A report that names the case only in prose: the sentence that stands for its party block (a
case title in a sentence, a charge, a sentence on the accused, a suit filed, attendance, a claim's items)."""

from __future__ import annotations

import re

from ipatlas.litigation.parsing.accused import merge_told
from ipatlas.litigation.parsing.criminal import _COMMITTED, _charged_parties
from ipatlas.litigation.parsing.narrative import _narrative_parties
from ipatlas.litigation.parsing.party import _ORG_WORDS, _PERSON_NAME, Party, _party_type
from ipatlas.litigation.parsing.text import compact
from ipatlas.litigation.storysides import full_name, introduced_names, story_sides


def _prose_story(lines: list[str]) -> tuple[int, str]:
    """A report that names the case only in prose: the first sentence naming both sides and the cause
    (“上诉人甲与被上诉人乙、原审被告丙…纠纷案。”, 在原告甲诉被告乙…纠纷一案中, 上诉人甲因…一案) is the
    story."""
    for i, line in enumerate(lines[:80]):
        c = re.sub(r"^[“”\"‘’'「」『』]+|^在", "", compact(line))
        for sent in re.split(r"(?<=[。；])", c)[:3]:
            sent = re.sub(r"(?:案|一案)中[，,].*$", "案", sent).strip("“”\"‘’'「」『』")
            if re.search(r"纠纷(?:一)?案|罪(?:一)?案", sent) and _narrative_parties(None, sent):
                return i, sent
    i, story = _charged_story(lines)
    if i < 0:
        i, story = _sentenced_story(lines)
        if i >= 0:
            story = merge_told(lines, i, story)  # the accused its paragraph names besides the sentence's
    if i < 0:
        i, story = _sued_story(lines)
    if i < 0:
        i, story = _named_suit_story(lines)
    if i < 0:
        i, story = _attendance_story(lines)
    return (i, story) if i >= 0 else _reported_sides_story(lines)


#: A news report's sentence on the accused: 对被告人甲、乙以某罪分别判处… / 被告人某公司经理甲犯某罪，
#: 被判处… / 审理“被告人甲、乙侵犯著作权”一案.
_SENTENCED_RE = re.compile(
    rf"被告人(?P<names>[\u4e00-\u9fa5、和]{{2,60}}?)(?:以|{_COMMITTED})(?P<offence>[\u4e00-\u9fa5]{{2,30}}?罪)[^。；]{{0,12}}?判处"
)
_TRIED_RE = re.compile(
    r"审理“被告人(?P<names>[\u4e00-\u9fa5、和]{2,60}?)(?P<offence>侵犯[\u4e00-\u9fa5]{2,20}?)”(?:一)?案"
)
#: A description before a person's name (某公司原部门经理苏某): the name follows the last title word.
_JOB_TITLE = re.compile(r".*(?:经理|主管|员工|职员|负责人|法定代表人|股东|董事长|实际控制人|厂长|店主)")
#: A report's sentence on the decision with its date (2023年12月26日上午，某法院…当庭作出判决).
_DATED_DECISION = re.compile(
    r"(\d{4}年\d{1,2}月\d{1,2}日)(?:上午|下午|晚)?[，,]?(?:(?!\d{4}年)[^。；;]){0,80}?"
    r"(?:当庭(?:[作做]出)?(?:判决|宣判)|[作做]出(?:一审|二审|终审)?判决(?!书)|公开宣判)"
)


def _sentenced_story(lines: list[str]) -> tuple[int, str]:
    """A criminal news report without charge, party block or case title: the accused of its sentence
    (对被告人甲、乙以某罪分别判处… / 被告人…经理甲犯某罪，被判处…), a party line each, then the paragraph
    with the offence noted after it."""
    for i, line in enumerate(lines[:80]):
        for sent in re.split(r"(?<=[。；])", compact(line)):
            m = _SENTENCED_RE.search(sent) or _TRIED_RE.search(sent)
            if not m:
                continue
            names = [_JOB_TITLE.sub("", x) for x in re.split(r"、|和", m.group("names"))]
            if names and all(
                _PERSON_NAME.match(x) or re.fullmatch(r"[\u4e00-\u9fa5]某+[\u4e00-\u9fa5]?", x) for x in names
            ):
                offence = m.group("offence") + ("" if m.group("offence").endswith("罪") else "罪")
                block = [f"被告人：{x}。" for x in names]
                return i, "\n".join([*block, f"{compact(line)}（被告人{'、'.join(names)}犯{offence}）"])
    return -1, ""


def _charged_story(lines: list[str]) -> tuple[int, str]:
    """A criminal case report naming its case only in the charge (某人民检察院指控称：被告人甲、乙犯某罪，
    …向本院提起公诉): the prosecutor and the accused as a party block (a line each), then its line."""
    for i, line in enumerate(lines[:80]):
        for sent in re.split(r"(?<=[。；])", compact(line)):
            found = _charged_parties(sent)
            if found:
                block = [f"{'公诉机关' if p.side == '原告' else '被告人'}：{p.name}。" for p in found]
                return i, "\n".join([*block, compact(line)])
    return -1, ""


#: A role in an attendance sentence (上诉人甲的委托诉讼代理人…, 被上诉人乙、丙及一审第三人丁的共同委托…).
_ATTENDING_ROLE = re.compile(r"(被上诉人|上诉人|(?:一审|原审)(?:原告|被告|第三人))")
_ATTENDING_STOP = re.compile(r"的|及其|到庭|经|参加|[，。；：]")


def _attendance_story(lines: list[str]) -> tuple[int, str]:
    """A page that starts inside the document (no header, title, party block or story sentence): the
    parties named in its attendance sentence (…到庭参加诉讼/询问), a party line each, when the text says the
    case came on appeal (向本院提起上诉); their sides come from the story (甲向一审法院提起诉讼)."""
    text = compact("".join(lines[:40]))
    if "提起上诉" not in text:
        return -1, ""
    block: list[str] = []
    for i, line in enumerate(lines[:40]):
        for sent in re.split(r"(?<=[。；])", compact(line)):
            if not re.search(r"到庭|参加(?:诉讼|询问|庭审)", sent):
                continue
            parts = _ATTENDING_ROLE.split(sent)
            for role, seg in zip(parts[1::2], parts[2::2], strict=True):
                seg = _ATTENDING_STOP.split(seg, maxsplit=1)[0]
                for name in re.split(r"、|和|及", seg):
                    entry = f"{role}：{name}。"
                    if (
                        2 <= len(name) <= 40
                        and not re.search(r"委托|代理|代表|法院", name)
                        and entry not in block
                    ):
                        block.append(entry)
        if block:
            return i, "\n".join([*block, line])
    return -1, ""


#: 甲公司分别对乙厂和丙公司提起诉讼 (a report naming the sides without 诉/与 and without the cause).
_SUED_RE = re.compile(
    r"^(?P<p>[\u4e00-\u9fa5（）]{2,40}?)(?:分别)?(?:对|向)(?P<d>[\u4e00-\u9fa5（）、]{2,120}?)"
    r"(?:分别)?提起(?:了)?[\u4e00-\u9fa5]{0,6}?诉讼"
)


def _sued_story(lines: list[str]) -> tuple[int, str]:
    """A report whose only story sentence is 甲分别对乙和丙提起诉讼: its sides as a party block (a line each),
    when each side is an organisation."""
    for i, line in enumerate(lines[:80]):
        for sent in re.split(r"(?<=[。；])", compact(line)):
            m = _SUED_RE.match(sent)
            if not m or "法院" in m.group("d"):
                continue
            defendants = [x for x in re.split(r"、|和|及|以及", m.group("d")) if len(x) >= 2]
            names = [m.group("p"), *defendants]
            if len(names) > 1 and all(_ORG_WORDS.search(n) for n in names):
                block = [f"原告：{m.group('p')}。"] + [f"被告：{d}。" for d in defendants]
                return i, "\n".join([*block, sent])
    return -1, ""


#: A side in a report's prose: an organisation (甲公司, 乙合作社, 北京某协会) or a (masked) person.
_PROSE_SIDE = (
    r"(?!该|本|其|此|上述|涉案|原告|被告)[\u4e00-\u9fa5（）]{1,30}?"
    r"(?:公司|厂|店|商行|合作社|经营部|中心|协会|研究院|研究所|大学)"
)
#: 甲与乙…纠纷一案 opening a report's sentence (no role words: the first named is the plaintiff).
_PAIRED_SUIT = re.compile(
    rf"^(?P<p>{_PROSE_SIDE})与(?P<d>{_PROSE_SIDE}(?:、{_PROSE_SIDE})*)(?=[^，。；]{{2,40}}?纠纷(?:一)?案)"
)
#: (某法院就)甲起诉乙…: the sides of a report's sentence on the suit.
_SUED_BY = re.compile(rf"^(?:[^，。；]{{2,30}}?法院就)?(?P<p>{_PROSE_SIDE})(?:起诉|状告)(?P<d>{_PROSE_SIDE})")
#: 甲向法院提起诉讼 … 请求法院判令：乙、丙停止…/赔偿…: the plaintiff's sentence, then the defendants its
#: claim names.
_SUIT_FILED = re.compile(rf"^(?P<p>{_PROSE_SIDE})向[^，。；]{{0,20}}?法院(?:提起(?:了)?诉讼|起诉)")
#: 甲认为，乙、丙…构成侵权，遂诉至法院: a typical case's sentence on why the plaintiff sued whom.
_SUED_OVER = re.compile(
    rf"^(?P<p>{_PROSE_SIDE})认为[，,]?(?P<d>{_PROSE_SIDE}(?:、{_PROSE_SIDE})*)"
    r"(?=[^。；]{2,160}?(?:遂|故|于是|因此)?(?:诉至|起诉至|诉诸|向[^，。；]{0,20}?法院提起(?:了)?诉讼))"
)
_CLAIM_AGAINST = re.compile(
    rf"判令[：:]?(?P<d>{_PROSE_SIDE}(?:、{_PROSE_SIDE})*)(?:立即|停止|赔偿|共同|连带|销毁|承担|支付)"
)


_ITEM_NO = re.compile(r"^[（(]?[一二三四五六七八九十\d]{1,2}[）).、．]\s*")
_ITEM_DEFENDANTS = re.compile(
    rf"^(?P<d>{_PROSE_SIDE}(?:、{_PROSE_SIDE})*)(?=[^。；]{{0,30}}?(?:停止|赔偿|支付|发表|消除|销毁))"
)
_ITEM_PLAINTIFF = re.compile(rf"(?:赔偿|侵害|侵犯|驳回)(?P<p>{_PROSE_SIDE})")


def _item_parties(lines: list[str]) -> tuple[int, list[Party]]:
    """A summary naming its sides only in the numbered items it lists (a claim or a first-instance
    judgment: 1.乙公司立即停止侵害甲公司…；2.乙公司赔偿甲公司…；4.驳回甲公司的其他诉讼请求): (the first item's
    line, the parties) — those an item starts with are defendants, those it protects (赔偿/侵害/驳回 X)
    plaintiffs; (-1, []) unless both sides are named."""
    first, plaintiffs, defendants = -1, [], []
    for i, line in enumerate(lines[:120]):
        c = compact(line)
        item = _ITEM_NO.sub("", c)
        if item == c:
            continue
        m = _ITEM_DEFENDANTS.match(item)
        if m:
            first = i if first < 0 else first
            defendants += [d for d in m.group("d").split("、") if d not in defendants]
        plaintiffs += [x.group("p") for x in _ITEM_PLAINTIFF.finditer(item) if x.group("p") not in plaintiffs]
    plaintiffs = [x for x in plaintiffs if x not in defendants]
    if first < 0 or not plaintiffs:
        return -1, []
    return first, [
        *(
            Party(name=n, role="原告", side="原告", role_detail=None, line="", type=_party_type(n, ""))
            for n in plaintiffs
        ),
        *(
            Party(name=n, role="被告", side="被告", role_detail=None, line="", type=_party_type(n, ""))
            for n in defendants
        ),
    ]


def _item_story(lines: list[str]) -> tuple[int, str]:
    """A summary whose sides are named only in its items (_item_parties): a party line each, then the
    first item's line."""
    i, parties = _item_parties(lines)
    if i < 0:
        return -1, ""
    i = max(i - 1, 0)  # the party lines go above the items' heading, which keeps its items under it
    return i, "\n".join([*(f"{p.side}：{p.name}。" for p in parties), lines[i]])


#: A news lead before the story's sides (round 23): its date or time word (4月16日，/ 7月30日消息，/ 日前，)
#: and the deciding court with its verb (某中院一审审结 / 某法院就 / 某法院对); the sides follow it.
_NEWS_LEAD = re.compile(
    r"^(?:(?:(?:\d{4}年)?\d{1,2}月\d{1,2}日|\d{4}年\d{1,2}月)(?:上午|下午|晚间?)?(?:消息)?|日前|近日|近期)[，,]?"
)
_COURT_LEAD = re.compile(
    r"^[\u4e00-\u9fa5]{2,24}?(?:法院|中院|高院|法庭)(?:近日|日前)?"
    r"(?:(?:一审|二审|终审|依法)?(?:公开)?(?:审结|宣判)(?:了)?|就|对)"
)
#: A short name a report introduces in brackets ((下称甲公司), (以下简称甲公司)): no part of the sides.
_ALIAS_NOTE = re.compile(r"（(?:以下|下)(?:简)?称[^（）]{0,16}）")


def _bare_story(sent: str, *, aliases: bool = True) -> str:
    """A story sentence without its news lead (and the short names it introduces, unless ``aliases`` is
    False: a reader that pairs 原告甲（以下简称…） with its 被告 needs them), for matching its sides."""
    bare = _COURT_LEAD.sub("", _NEWS_LEAD.sub("", sent))
    return _ALIAS_NOTE.sub("", bare) if aliases else bare


def _suit_sides(sent: str, c: str) -> list[str] | None:
    """The sides (plaintiff first) a story sentence of _named_suit_story names, else None."""
    bare = _bare_story(sent)
    m = _PAIRED_SUIT.match(bare) or _SUED_BY.match(bare) or _SUED_OVER.match(bare)
    defs = m.group("d") if m else None
    if m is None and (m := _SUIT_FILED.match(sent)) is not None:
        claim = _CLAIM_AGAINST.search(c[c.find(sent) :])
        defs = claim.group("d") if claim else None
    if m is None or not defs or re.search(r"的|法院", m.group("p") + defs):
        return None
    return [m.group("p"), *defs.split("、")]


def _named_suit_story(lines: list[str]) -> tuple[int, str]:
    """A report naming its sides only in the story's prose, organisations each: 甲与乙…纠纷一案 at a
    sentence's start, (某法院就)甲起诉乙…, or 甲向法院提起诉讼 followed in its paragraph by a claim that
    names the defendants (请求法院判令：乙、丙停止…). A party line each, then the story's line. A headline
    (甲状告乙…, no full stop) gives way to a later story naming the same plaintiff and more defendants."""
    found: list[tuple[int, str, str, list[str]]] = []
    for i, line in enumerate(lines[:80]):
        c = compact(line)
        for sent in re.split(r"(?<=[。；])", c)[:4]:
            sent = sent.lstrip(" ，,")
            if (short := _suit_sides(sent, c)) is not None:
                found.append((i, c, sent, short))
                break
        if found and (len(found) > 1 or "。" in found[0][1]):
            break
    if not found:
        return -1, ""
    i, c, sent, short = found[0]
    if len(found) > 1:
        text = compact("".join(lines))
        introduced = introduced_names(text)
        head = [full_name(n, text, introduced) for n in short]
        later = [full_name(n, text, introduced) for n in found[1][3]]
        if head[0] == later[0] and set(head[1:]) < set(later[1:]):
            i, c, sent, short = found[1]
    j, named = _first_naming_line(lines, i, short)
    block = [f"原告：{named[0]}。"] + [f"被告：{d}。" for d in named[1:]]
    story = compact(lines[j]) if j < i else c[c.find(sent) :]  # the paragraph goes on (its claim)
    return j, "\n".join([*block, story])


def _reported_sides_story(lines: list[str]) -> tuple[int, str]:
    """A report naming its sides only as a collection's case title (甲诉王某…纠纷案), in the court's order
    (判令乙…赔偿甲) or in a filing and its claim (甲诉至法院，请求判令乙与丙…): a party line each (short
    names given the full names the page prints), placed above the first line naming a side, which stays."""
    page = compact("".join(lines))
    for i, line in enumerate(lines[:80]):
        c = compact(line)
        for sent in re.split(r"(?<=[。；])", c):
            # a collection's numbered case title (1.甲诉乙…纠纷上诉案【…】): the number is no part of a name
            bare = (
                _ITEM_NO.sub("", sent.lstrip(" ，,"))
                if sent is c[: len(sent)] or c.startswith(sent)
                else sent
            )
            sides = story_sides(_bare_story(bare.lstrip(" ，,"), aliases=False), c[c.find(sent) :], page)
            if sides is None:
                continue
            j, named = _first_naming_line(lines, i, [*sides[0], *sides[1]])
            block = [f"原告：{n}。" for n in named[: len(sides[0])]] + [
                f"被告：{n}。" for n in named[len(sides[0]) :]
            ]
            # A story line opening with a role word (原告甲（以下简称…）成立于…) is no further party line.
            return j, "\n".join([*block, re.sub(r"^(?:原告|被告)(?=[^：:])", "", compact(lines[j]))])
    return -1, ""


def _first_naming_line(lines: list[str], i: int, short: list[str]) -> tuple[int, list[str]]:
    """(the first line up to ``i`` naming a side, the sides' full names): the party lines go above the
    report's first mention of its sides, so that the decision it opens with is read as its result."""
    text = compact("".join(lines))
    introduced = introduced_names(text)
    named = [full_name(n, text, introduced) for n in short]
    j = next((k for k in range(i + 1) if any(n in compact(lines[k]) for n in short + named)), i)
    return j, named
