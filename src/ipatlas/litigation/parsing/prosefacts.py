"""What a prose report states besides its sides: the case number printed on its own line, the
deciding court, the appeal's result, the decision date, the cause, the award ordered or upheld."""

from __future__ import annotations

import contextlib
import re
from typing import Any

from ipatlas.litigation.courtnames import court_from_page, is_short, named
from ipatlas.litigation.numbers import parse_cn_date
from ipatlas.litigation.parsing.cause import _cause
from ipatlas.litigation.parsing.criminal import _criminal_cause
from ipatlas.litigation.parsing.money import _sum_items
from ipatlas.litigation.parsing.narrative import _LIST_NUMBER
from ipatlas.litigation.parsing.party import Party
from ipatlas.litigation.parsing.patterns import CASE_NO_RE
from ipatlas.litigation.parsing.stories import _DATED_DECISION, _ITEM_NO
from ipatlas.litigation.parsing.text import compact

_KEY_COURT = re.compile(
    r"(?:文号|案号|字号|审理法院|受理法院|法院)[：:]((?:中华人民共和国)?[\u4e00-\u9fa5]{2,30}?法院)$"
)
#: A named court that decides in a report (…法院审结/判决/以调解…), not one a claim was filed with.
_PROSE_COURT = re.compile(
    r"(?<![一原]审)((?:中华人民共和国)?[\u4e00-\u9fa5]{2,20}?(?:人民法院|知识产权法院|互联网法院|中级法院|高级法院))"
    r"(?:知识产权法庭)?"  # 最高人民法院知识产权法庭审结: the court's tribunal decides as the court
    # …法院近日对某案作出终审判决 / …中级人民法院开庭审理此案: a time word and the case may come between
    r"(?:近日|日前|今日|昨日)?(?:对[^。；，]{2,30}?)?"
    r"(?:经审理|二审|再审)?(?:以调解|审结|判决|裁定|作出|宣判|(?:公开)?开庭审理|(?:依法)?公开宣判)"
)


def _key_court(lines: list[str]) -> str | None:
    """A court given only as a metadata value (文号：北京市第一中级人民法院, 审理法院：…)."""
    for line in lines[:40]:
        m = _KEY_COURT.search(compact(line))
        if m:
            return m.group(1).removeprefix("中华人民共和国")
    return None


#: A collection's case title closed by its court and number in brackets (甲诉乙…纠纷案【某法院（2012）…号】).
_TITLE_BRACKET_NO = re.compile(
    r"纠纷(?:上诉|再审|申诉)?(?:一)?案[【〔\[（(][^【】〔〕\[\]（）()]{0,30}?(?=（\s*(?:19|20)\d{2}\s*）)"
)
#: What may follow the number inside the title's bracket: the document it names (…号民事判决】).
_BRACKET_NO_TAIL = re.compile(r"(?:(?:民事|刑事|行政)?(?:判决|裁定|调解)书?)?[】〕\]）)]?[。；]?$|.?$")


def _prose_case_number(lines: list[str]) -> str | None:
    """A case number printed on its own line of a report (——（2022）最高法知民终1165号, 【案号】…) or closing
    a case title in brackets (…纠纷案【某法院（2012）…号】, …纠纷上诉案【某法院（2013）…号民事判决】)."""
    for line in lines[:120]:
        c = re.sub(r"^[—\-－–―~～【】\[\]：:]*(?:案号)?[】\]：:]*", "", compact(line))
        m = CASE_NO_RE.match(c)
        if m and len(c) - m.end() <= 2:
            return m.group(0)
        t = _TITLE_BRACKET_NO.search(c)
        if t and (m := CASE_NO_RE.match(c, t.end())) and _BRACKET_NO_TAIL.match(c[m.end() :]):
            return m.group(0)
    return None


def _bracket_number_type(lines: list[str], number: str | None) -> str | None:
    """The document a case title's bracket names after the number (…号民事判决】 → 判决书), else None."""
    if not number:
        return None
    for line in lines[:120]:
        c = compact(line)
        if number in c and (
            m := re.search(re.escape(number) + r"(?:民事|刑事|行政)?(判决|裁定|调解)书?[】〕\]）)]", c)
        ):
            return m.group(1) + "书"
    return None


#: A summary's heading over the appeal's result (二审判决结果 / 【二审裁判结果】 / 终审结果：…).
_APPEAL_RESULT_HEADING = re.compile(r"^[【\[]?(?:二审|终审)(?:判决|裁判|裁定)?结果[】\]]?[：:]?(.*)$")
#: A sentence saying the court dismissed the appeal (…最高人民法院驳回了上诉人甲的诉讼请求，维持了一审判决).
_COURT_DISMISSED = re.compile(
    r"(?:法院|本院)(?:终审)?(?:判决|裁定)?驳回(?:了)?(?:上诉人[^。，；]{0,30}?)?(?:的)?(?:上诉|诉讼请求|上诉请求)"
    r"[^。；]{0,4}?[，,]维持(?:了)?(?:一审|原审|原)判决?"
)


def _stated_appeal_outcome(lines: list[str]) -> str | None:
    """A page without an operative part that states the appeal's result: under a heading (二审判决结果 /
    驳回上诉，维持原判) or in a sentence naming the court (法院驳回了上诉人…的诉讼请求，维持了一审判决); a
    party's request (…辩称，应当维持原判) is no result."""
    for i, line in enumerate(lines):
        c = compact(line)
        if m := _APPEAL_RESULT_HEADING.match(c):
            value = m.group(1) or next((compact(x) for x in lines[i + 1 : i + 3] if compact(x)), "")
            if stated := _prose_outcome(value[:40]):
                return stated
        for sent in re.split(r"(?<=[。；])", c):
            hit = _COURT_DISMISSED.search(sent)
            if hit and not re.search(r"请求|辩称|诉称|认为|主张|要求", sent[: hit.start()]):
                return "维持原判"
    return None


def _stated_decision_date(lines: list[str]) -> str | None:
    """A page without a signature date that dates its decision in a sentence (最终在2026年2月3日做出判决 /
    【判决结果】2013年2月4日某法院作出判决): that day. A sentence on an earlier instance's decision (一审/原审
    法院…作出…判决) gives nothing."""
    for line in lines:
        for sent in re.split(r"(?<=[。；;])", compact(line)):
            m = _DATED_DECISION.search(sent)
            if m and not re.search(r"一审|原审|二审|再审", m.group(0)):
                with contextlib.suppress(ValueError):
                    day = parse_cn_date(m.group(1))
                    return day.isoformat() if day else None
            r = _RULED_ON.search(sent)
            if (
                r
                and not re.search(r"一审|原审|初审|原", sent[max(0, r.start() - 8) : r.start()])
                # a ruling on the way (驳回管辖权异议, 维持原裁定), not the decision
                and not re.search(r"异议|管辖|原裁定|保全|复议", sent)
            ):
                with contextlib.suppress(ValueError):
                    day = parse_cn_date(r.group(1))
                    return day.isoformat() if day else None  # …最高人民法院于某日裁定撤销一审判决
    return None


def _prose_outcome(body: str) -> str | None:
    """What a report says was decided: 驳回上诉，维持原判 / 发回重审 / 改判 / a mediation or a withdrawal;
    a 终审 that upholds the first instance (作出终审判决，维持某法院一审判决) is 维持原判 too."""
    c = compact(body)
    if re.search(r"维持原判|终审判决[^。；]{0,4}维持[^。；，]{0,16}?(?:一审|原审)判决", c):
        return "维持原判"
    if re.search(r"发回[^。]{0,20}重审", c):
        return "撤销并发回重审"
    if re.search(
        r"(?:达成|(?<![难可所])以)调解|调解结案|达成(?:了)?(?:和解|调解)协议|准许[^。]{0,30}撤[回诉]|撤诉[^。]{0,20}(?:准许|予以准许)",
        c,
    ):
        return "撤诉/调解"
    # 改判 / the appeal court itself ending the suit (撤销一审判决，驳回…的起诉), not what a party asks for
    # (上诉请求：1.撤销一审判决第二项，改判…)
    for m in re.finditer(rf"二审[^。]{{0,10}}改判|撤销[^。]{{0,20}}改判|{_DISMISSED_ON_APPEAL.pattern}", c):
        if not re.search(r"请求|要求|诉称|主张|认为应", c[max(0, c.rfind("。", 0, m.start())) : m.start()]):
            return "改判"
    return None


#: 撤销一审判决，驳回甲的起诉: the appeal court's own decision to end the suit.
_DISMISSED_ON_APPEAL = re.compile(r"撤销(?:一审|原审|原)(?:判决|裁定)[，,]?并?驳回[^。；]{0,40}?起诉")
#: 某法院于2019年12月13日裁定撤销…/判决驳回…: the day a report says its court decided (not a ruling on the
#: way: 裁定驳回其（管辖权）异议/申请).
_RULED_ON = re.compile(
    r"法院于(\d{4}年\d{1,2}月\d{1,2}日)(?:[作做]出)?(?:判决|裁定)(?=撤销|驳回(?![^。，；]{0,12}?(?:异议|申请|复议))|维持|准许|发回|判令)"
)


#: A summary's heading over the first instance's items (一审判决结果 / 一审法院（某中院）：).
_FIRST_ITEMS_HEADING = re.compile(
    r"^[【\[]?(?:一审|原审)(?:判决结果|裁判结果|判决|法院(?:[（(][^（）()]{2,20}[）)])?)[】\]]?[：:]?$"
)


def _upheld_items_award(lines: list[str]) -> float | None:
    """A summary without an operative part whose appeal upheld the first instance: the award of the
    first instance's items listed under their heading (一审判决结果 / 一审法院（某中院）：)."""
    if re.search(r"(?:判决|裁定)如下", compact("".join(lines))):
        return None
    for i, line in enumerate(lines[:120]):
        if not _FIRST_ITEMS_HEADING.match(compact(line)):
            continue
        items = []
        for nxt in lines[i + 1 : i + 12]:
            if not _ITEM_NO.match(compact(nxt)):
                break
            items.append(compact(nxt))
        return _sum_items("；".join(items)) if items else None
    return None


def _later_story_cause(lines: list[str], plaintiffs: list[str]) -> str | None:
    """A report whose story sentence names no cause: the cause of a later sentence naming the plaintiff
    and the case (在甲诉3家公司不正当竞争纠纷一案中)."""
    named = [Party(name=n, role="原告", side="原告", role_detail=None, line="") for n in plaintiffs]
    for line in lines[:40]:
        for sent in re.split(r"(?<=[。；])", compact(line)):
            if any(n in sent for n in plaintiffs) and re.search(r"纠纷(?:一)?案", sent):
                return _cause(sent, named)
    return None


#: The court's sentence naming the cause (本案系侵害商标权纠纷及不正当竞争纠纷。) or a case title naming
#: no side (“某某”发明专利侵权纠纷案).
_CASE_IS = re.compile(
    r"本案(?:系|为|属于?|是)(?P<c>[^，。；：“”]{2,30}?纠纷(?:及[^，。；：“”]{2,20}?纠纷)?)(?:[。；，]|$)"
)
_SIDELESS_TITLE = re.compile(
    r"^(?:[“「《][^“”「」《》]{1,30}[”」》])?(?P<c>[^，。；：“”「」《》诉与]{2,30}?纠纷)(?:一)?案$"
)


def _stated_cause(lines: list[str]) -> str | None:
    """A page whose story names no cause: the court's 本案系…纠纷, or a case title naming no side."""
    for line in lines[:80]:
        c = compact(line)
        m = _CASE_IS.search(c) or _SIDELESS_TITLE.match(_LIST_NUMBER.sub("", c))
        if m:
            return m.group("c")
    return None


#: A report's sentence on what the court ordered paid (法院…判令乙停止侵权并赔偿甲经济损失850万元), also
#: told of the one ordered (乙被判侵权成立…，并赔偿甲…655万元; not a criminal 被判处).
_ORDERED_PAYMENT = re.compile(r"(?:判令|判决|被判(?!处))(?P<seg>[^。；]{0,80}?赔偿[^。；]{0,60})")


#: (改判)全额支持甲关于赔偿250万元的诉讼请求 (round 21): the award is the claim's sum.
_FULL_CLAIM_GRANTED = re.compile(
    r"全额支持[^。；]{0,40}?(?:关于)?(?P<seg>(?:赔偿|索赔)[^。；，]{0,20}?\d[\d,.]*\s*万?元)的(?:全部)?诉讼请求"
)


def _full_claim_award(result: dict[str, Any], page: str) -> None:
    """A report whose court granted the claim's stated sum in full: award and claim are that sum."""
    if re.search(r"(?:判决|裁定)如下", page):
        return  # a document's operative part says what was awarded
    if (full := _FULL_CLAIM_GRANTED.search(page)) and (amount := _sum_items(full.group("seg"))) is not None:
        result["damages_awarded"] = amount
        result["damages_claimed"] = result["damages_claimed"] or amount
        result["outcome"] = result["outcome"] or "支持"


def _prose_award(result: dict[str, Any], text: str, page: str) -> None:
    """A report stating the award in prose (…判令乙…赔偿甲经济损失850万元): the award, and the outcome
    when the report gives none (部分支持 when the sentence also refuses the rest); a party's request
    (请求判令…) is no award."""
    upheld = result["outcome"] == "维持原判"  # the first instance's award stands
    for sent in re.split(r"(?<=[。；\n])", text):
        m = _ORDERED_PAYMENT.search(sent)
        if not m or re.search(r"请求|要求|诉请|诉称|主张", sent[: m.start()]):
            continue
        if not upheld and re.search(r"[一原]审", sent[: m.start()]) and re.search(r"上诉|[二再终]审", page):
            continue  # a first instance's award on a page telling of the appeal
        amount = _sum_items(m.group("seg"))
        if amount is None:
            continue
        result["damages_awarded"] = amount
        if result["outcome"] is None:
            short = (result["damages_claimed"] or 0) - amount > 0.5  # less than the claim stated on the page
            partial = short or re.search(r"驳回[^。；]{0,20}(?:其他|其余)", sent)
            result["outcome"] = "部分支持" if partial else "支持"
        return


def _named_court(
    court: str | None, lines: list[str], case_number: str | None, procedure: str | None
) -> str | None:
    """A court printed in short is given its official name (汉中中院 → 陕西省汉中市中级人民法院); a
    page without a court header takes the court it names elsewhere (江苏高院（2019）苏民终1316号,
    北京高院：…终审判决)."""
    if court is None:
        return court_from_page(lines, case_number, procedure)
    return (named(court, compact("".join(lines))) or court) if is_short(court) else court


#: 原审被告 / 甲一审诉称 (round 21): sides or a pleading named by the earlier instance are told on the appeal.
_APPEAL_TOLD = re.compile(
    r"二审(?:期间|中|法院|认为|判决|改判|审理)|终审判决|原审(?:原告|被告|第三人)|一审诉称"
)


def _story_names(story: str) -> list[str]:
    """The names of the party lines a prose story was given (原告：甲。/ 被告：乙。)."""
    return [m.group(1) for m in re.finditer(r"^(?:原告|被告|第三人|公诉机关|被告人)：(.+?)。$", story, re.M)]


def _fill_story(result: dict[str, Any], lines: list[str], story: str, block_idx: int, criminal: bool) -> None:
    """The fields a prose report states (``story`` its story sentence, at ``block_idx``): the cause its
    story names, the result, the appeal it tells of, the award its court ordered."""
    told = lines[block_idx:]
    if "\n" in story:
        last = story.rsplit("\n", 1)[-1]  # 甲对乙提起诉讼 names no cause; a charge names the offence
        named = criminal or "纠纷" in last  # not a bare category (…不正当竞争案件): the 纠纷 it names
        # the story's sides are no part of its cause (甲诉乙（深圳）有限公司、丙…纠纷案: not 丙…纠纷)
        sides = [Party(name=n, role="", side=None, role_detail=None, line="") for n in _story_names(story)]
        cause = (_criminal_cause(last, "") if criminal else None) or (_cause(last, sides) if named else None)
        result["cause"] = None if cause and "法院" in cause else cause  # …到法院处置…纠纷: a story, no cause
    if result["outcome"] is None:
        result["outcome"] = _prose_outcome("\n".join(told))
    if criminal:
        _prose_criminal_facts(result, compact("".join(told)))
        return
    if result["cause"] is None:
        result["cause"] = _later_story_cause(told, result["plaintiffs"])
    appeal = result["outcome"] in ("维持原判", "撤销并发回重审", "改判")
    # A report that goes on to the appeal itself (二审期间…, 二审法院认为…, 终审判决) is on the appeal.
    if result["procedure"] in (None, "一审") and (appeal or _APPEAL_TOLD.search(compact("".join(told)))):
        result["procedure"] = "二审"
    if result["damages_awarded"] is None:
        _prose_award(result, "\n".join(compact(x) for x in told), compact("".join(lines)))


def _fill_unprinted(
    result: dict[str, Any], lines: list[str], story: str | None, block_idx: int, criminal: bool
) -> None:
    """Fields the header and the operative part did not give, from keys and prose (``story`` is the
    report's story sentence when the page is prose, else None)."""
    if result["court"] is None:
        result["court"] = _key_court(lines)
    result["court"] = _named_court(result["court"], lines, result["case_number"], result["procedure"])
    if story is not None:
        _fill_story(result, lines, story, block_idx, criminal)
    if not criminal and result["cause"] is None:
        result["cause"] = _stated_cause(lines)
    if result["outcome"] is None and not re.search(r"(?:判决|裁定)如下", compact("".join(lines))):
        result["outcome"] = _stated_appeal_outcome(lines)
    if result["decided_on"] is None:
        result["decided_on"] = _stated_decision_date(lines)
    if result["outcome"] == "维持原判" and result["damages_awarded"] is None and not criminal:
        result["damages_awarded"] = _upheld_items_award(lines)
    if result["damages_awarded"] is None and not criminal:
        _full_claim_award(result, compact("".join(lines)))
    if (
        result["procedure"] == "二审"
        and result["case_number"] is None
        and _BASIC_COURT.search(result["court"] or "")
    ):
        result["court"] = None  # a basic court hears no appeal: the story's court is the first one's


#: A basic-level court (某区/县/旗人民法院), which never decides an appeal.
_BASIC_COURT = re.compile(r"(?:区|县|旗)人民法院$")
#: Not the statute's 犯某罪的，…判处 (whoever commits it), which an article quotes.
_CONVICTED = re.compile(r"(?:以|犯)[\u4e00-\u9fa5]{2,30}?罪(?!的)[^。；]{0,12}?判处")
#: An appeal's criminal case number (（2022）粤03刑终514号) the report prints.
_APPEAL_NUMBER = re.compile(r"[（(]\d{4}[）)][^（）()]{1,20}?刑终")
#: Words that say a court heard or decided the case (a story naming only the accused says neither).
_DECIDED_TOLD = re.compile(r"判处|判决|宣判|裁定|审理|审结|公诉|起诉")


def _prose_criminal_facts(result: dict[str, Any], text: str) -> None:
    """A criminal report in prose: an appeal's outcome makes it the second instance; a conviction it states
    (以某罪判处 / 犯某罪，被判处) is 支持 in the first; the date of the sentence that says the court decided
    (2023年12月26日上午，某法院…当庭作出判决)."""
    appeal = _prose_outcome(text)
    if result["procedure"] == "一审" and result["case_number"] is None and not _DECIDED_TOLD.search(text):
        result["procedure"] = None  # the accused told, no court, charge or decision: the instance is unknown
    if (
        result["procedure"] in (None, "一审")
        and result["case_number"] is None
        and _APPEAL_NUMBER.search(text)
    ):
        result["procedure"] = "二审"  # 案号：（…）某刑终…号 printed in the story's run: the appeal's case
    if appeal in ("维持原判", "撤销并发回重审", "改判"):
        result["outcome"] = appeal  # 驳回上诉，维持原判: the report is on the appeal
        result["procedure"] = "二审" if result["procedure"] in (None, "一审") else result["procedure"]
    elif result["outcome"] is None and result["procedure"] == "一审" and _CONVICTED.search(text):
        result["outcome"] = "支持"
    if result["decided_on"] is None and (m := _DATED_DECISION.search(text)):
        with contextlib.suppress(ValueError):
            day = parse_cn_date(m.group(1))
            result["decided_on"] = day.isoformat() if day else None
