"""A page's title and commentary: the website title over a document (…纠纷一审民事判决书), a typical
case's title, and the document type and instance a title gives."""

from __future__ import annotations

import re

from ipatlas.litigation.parsing.criminal import _title_offence
from ipatlas.litigation.parsing.party import _ORG_WORDS, _PERSON_NAME
from ipatlas.litigation.parsing.patterns import _SITE_TAGS, CASE_NO_RE
from ipatlas.litigation.parsing.text import compact

_SITE_LINE_RE = re.compile(
    r"^(?:来源|作者|发布时间|发布日期|人气|浏览|点击|摘要|字号|责任编辑)[:：]"
    # 时间：2020年05月16日 来源： 作者： 浏览次数：459: a page's date line with its site keys
    r"|^(?:时间|日期)[:：][\d年月日\-/ :：]{6,22}(?:来源|作者|浏览|点击|阅读)"
)


_NO_SHU = "(?:民事|行政|刑事)(?:判决|裁定)"
_TITLE_NO_SHU = f"纠纷[^，。；]{{0,8}}{_NO_SHU}"


def _criminal_case_title(c: str) -> bool:
    """A typical case's title naming the accused and the offence (陈某销售假冒注册商标的商品罪再审案)."""
    if not re.search(r"罪(?:一审|二审|再审|上诉|申诉)?(?:一)?案$", c) or len(c) > 60:
        return False
    found = _title_offence(c)
    names = found[1].split("、") if found else []
    return bool(names) and all(_PERSON_NAME.match(x) or _ORG_WORDS.search(x) for x in names)


def _preamble(pre: list[str]) -> tuple[str | None, str | None]:
    """(title, commentary) from the lines before the first header: a 典型案例 text, a title."""
    title = None
    # The title may be followed by short site lines (来源：中国裁判文书网, 发布时间 …) or by the site's
    # furniture of any length (a 摘要： that repeats the header).
    for k in range(len(pre) - 1, max(len(pre) - 5, -1), -1):
        # A title may carry the site's table rules and an unclosed comment (…纠纷案。（获得300万赔偿， | ||).
        if re.search(r"案[。.]?（[^）]*$|\|\s*$", pre[k]):
            pre[k] = re.sub(r"[。.]?(?:（[^）]*)?[\s|]*$", "", pre[k])
        c = compact(pre[k])
        # A bare cause (a site's 案由 value: 特许经营合同纠纷) names no sides: no title.
        # A site may drop the 书 (…纠纷再审审查民事裁定).
        named = re.search(rf"(?:判决书|裁定书|调解书|一案|{_NO_SHU})$", c) or re.search(r"与|诉", c)
        if (
            re.search(rf"(?:判决书|裁定书|调解书|纠纷(?:上诉|再审|申诉)?案?|一案|{_TITLE_NO_SHU})$", c)
            and named
            and len(pre[k]) < 120
        ) or _criminal_case_title(c):
            if all(len(compact(x)) <= 30 or _SITE_LINE_RE.match(compact(x)) for x in pre[k + 1 :]):
                title = re.sub(r"^(?:更多\s*)?>>\s*", "", pre[k])  # a site's "更多 >>" link glued on
                pre = pre[:k]
            break
    if pre and len(pre) == 1 and (CASE_NO_RE.match(compact(pre[0])) or len(pre[0]) < 80):
        title = title or pre[0]
        pre = []
    commentary = "\n".join(pre) if pre else None
    return title, commentary


_TITLE_RE = re.compile(
    r"^(?P<title>.{2,140}?)(?P<proc>一审|二审|再审审查与审判监督|申诉、申请|申请再审|再审)?"
    r"(?P<kind>民事|刑事|行政)?(?P<type>判决书|裁定书|调解书)$|^.{2,140}?(?:纠纷|罪)(?:一案|案)$"
)


_CASE_NOTE_TAIL = re.compile(r"(?<=案)\s*[-－—–]+[^-－—–]{1,40}$")
_PLEADS = re.compile(r"^(?:原告|上诉人|再审申请人)[^，。：]{1,60}?(?:诉称|起诉称)")


def _title_line(lines: list[str]) -> int:
    """A website title (…纠纷一审民事判决书 / 甲诉乙…纠纷一案) over a text without a court header."""
    found = -1
    for i, line in enumerate(lines[:15]):
        c = compact(line)
        if "一案" in c and found >= 0 and not _TITLE_RE.match(c):
            break  # the story has begun; the last title above it is the document's
        if len(c) <= 150 and _TITLE_RE.match(c) and any("一案" in x for x in lines[i + 1 : i + 8]):
            found = i
        elif (
            i < 3
            and _TITLE_RE.match(_CASE_NOTE_TAIL.sub("", c))
            and any(_PLEADS.match(compact(x)) for x in lines[i + 1 : i + 10])
        ):
            found = i  # a case library's title (甲诉乙、第三人丙…纠纷案-要旨) over 原告…诉称, no story
    return found


def _title_facts(title: str | None, operative_mark: str) -> tuple[str | None, str | None]:
    """(document type, procedure) of a header-less text: from its title, else its 判决/裁定如下."""
    c = _SITE_TAGS.sub("", compact(title or ""))
    m = _TITLE_RE.match(c)
    doc_type = m.group("type") if m and m.group("type") else None
    proc = m.group("proc") if m and m.group("proc") else None
    if doc_type is None:
        doc_type = {"判决": "判决书", "裁定": "裁定书"}.get(operative_mark[:2])
        if "调解" in operative_mark or "达成" in operative_mark:
            doc_type = "调解书"
    procedure = {"一审": "一审", "二审": "二审"}.get(proc or "", "再审" if proc else None)
    return doc_type, procedure


#: A site's title closed by the document's own number (…纠纷案二审民事裁定书（2007）一中民终字第10842号).
_TITLE_THEN_NUMBER = re.compile(
    r"^.{2,140}?(?:民事|刑事|行政)?(?P<type>判决书|裁定书|调解书)\s*(?=（\s*(?:19|20)\d{2}\s*）)"
)
#: A site's key holding only the number (文号：（2007）…号 / 案号：…).
_NUMBER_KEY_LINE = re.compile(r"^(?:文号|案号|字号)[：:]\s*(?=（\s*(?:19|20)\d{2}\s*）)")
#: A case report's instance line: 二审：某法院（2011）…号（date）.
_INSTANCE_LINE = re.compile(
    r"^(?P<inst>一审|二审|再审)[：:]\s*(?P<court>(?:中华人民共和国)?[\u4e00-\u9fa5]{2,30}?法院)?\s*(?=（\s*(?:19|20)\d{2}\s*）)"
)
_INSTANCE_RANK = {"一审": 1, "二审": 2, "再审": 3}


def _numbered_title(lines: list[str]) -> tuple[str | None, str | None, str | None]:
    """(document type, case number, court) the lines above a party block give when the page has no court
    header: a title closed by the number, else a key holding only the number (type unknown), else a
    report's instance lines (一审：某法院（…）…号 / 二审：…, the latest instance's court and number)."""
    doc_type = number = None
    listed: tuple[int, str, str | None] | None = None
    for line in lines:
        c = compact(line)
        m = _TITLE_THEN_NUMBER.match(c) or _NUMBER_KEY_LINE.match(c)
        n = CASE_NO_RE.match(c, m.end()) if m else None
        if m and n and len(c) - n.end() <= 1:
            number = number or n.group(0)
            doc_type = doc_type or m.groupdict().get("type")
        i = _INSTANCE_LINE.match(c)
        n = CASE_NO_RE.match(c, i.end()) if i else None
        # the number may be followed by a bracketed date, garbled or not: （2011.7.5） / （201175
        if i and n and re.fullmatch(r"(?:[（(][\d.年月日\s]{0,12}[）)]?)?", c[n.end() :]):
            rank = _INSTANCE_RANK[i.group("inst")]
            if listed is None or rank > listed[0]:
                court = i.group("court")
                listed = (rank, n.group(0), court.removeprefix("中华人民共和国") if court else None)
    if number is None and listed is not None:
        return doc_type, listed[1], listed[2]
    return doc_type, number, None
