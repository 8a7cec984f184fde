"""Layouts of pasted pages restored before reading: a header glued onto one line, a document run
together on one line (a sentence a line), a site's metadata table or run-on keys (a key a line)."""

from __future__ import annotations

import re

from ipatlas.litigation.parsing.patterns import (
    _AGENT_RE,
    _JUDGE_ROLE_RE,
    _NARRATIVE_RE,
    _PARTY_RE,
    _REP_RE,
    _ROLE_ALT,
    CASE_NO_RE,
)
from ipatlas.litigation.parsing.text import compact

_GLUED = re.compile(
    r"^(?:(?P<court>(?:中华人民共和国)?[\u4e00-\u9fa5]{2,30}?法院)(?:一审|二审|再审)?)?"
    r"(?P<type>(?:民事|行政|刑事|知识产权)?(?:判决书|裁定书|调解书|决定书))"
    r"(?P<num>（(?:19|20)\d{2}）\S{2,40}?号(?:之[一二三四五六七八九十]+)?)?$"
)


#: A citation of the document as one line: 湖北省武汉市江汉区人民法院（2019）鄂0103民初9313号民事判决书.
_GLUED_CITED = re.compile(
    r"^(?P<court>(?:中华人民共和国)?[\u4e00-\u9fa5]{2,30}?法院)"
    r"(?P<num>（(?:19|20)\d{2}）\S{2,40}?号(?:之[一二三四五六七八九十]+)?)"
    r"(?P<type>(?:民事|行政|刑事|知识产权)?(?:判决书|裁定书|调解书|决定书))$"
)


#: A case summary's title citing its document in brackets at the end of the line.
_BRACKET_CITED = re.compile(
    r"^(?P<title>.{6,120}?)[（〔［\[](?P<cite>(?:中华人民共和国)?[\u4e00-\u9fa5]{2,30}?法院（(?:19|20)\d{2}）"
    r".{2,50}?(?:判决书|裁定书|调解书))[）〕］\]]$"
)


#: One instance of a case summary's 案例索引 (一审：某法院（2008）…号（2009年5月22日）): the last one given is
#: the document's header (court and number; no type printed).
_INDEXED_INSTANCE = re.compile(
    r"^(?:一审|二审|再审|再审审查|申请再审|提审|终审)[：:]"
    r"(?P<court>(?:中华人民共和国)?[\u4e00-\u9fa5]{2,30}?法院)"
    r"(?P<num>（(?:19|20)\d{2}）\S{2,40}?号)(?:（(?P<date>[^（）]{4,14})）)?$"
)
_FULL_DATE = re.compile(r"^(?:19|20)\d{2}年\d{1,2}月\d{1,2}日$")


#: A case number on its own line that lost its opening bracket and/or its 号 in a paste (2019）浙民终197,
#: （2007）一中民终字第8751): the year, a closing bracket, a court abbreviation with a case-type and a
#: procedure character, a serial number.
_DAMAGED_NUMBER = re.compile(
    r"^（?(?P<year>(?:19|20)\d{2})）(?P<body>[\u4e00-\u9fa5\d]{0,12}?[民刑行知赔][\u4e00-\u9fa5\d]{0,8}?"
    r"[初终再申监提辖][\u4e00-\u9fa5]{0,3}?\d{1,6})号?$"
)


def _repair_number_line(line: str) -> str:
    """A stand-alone case number missing its opening bracket or its 号 gets them back."""
    c = compact(line)
    if CASE_NO_RE.fullmatch(c):
        return line
    m = _DAMAGED_NUMBER.match(c)
    return f"（{m.group('year')}）{m.group('body')}号" if m else line


def _split_glued_header(lines: list[str]) -> list[str]:
    """北京市高级人民法院民事判决书 / 民事判决书（2014）高民终字第1号 / 某法院（2019）…号民事判决书 on
    one line -> separate lines (court, type, number)."""
    out: list[str] = []
    indexed = [i for i, x in enumerate(lines) if _INDEXED_INSTANCE.match(compact(x))]
    for i, line in enumerate(lines):
        line = _repair_number_line(line)
        c = compact(line)
        idx = _INDEXED_INSTANCE.match(c) if indexed and i == indexed[-1] else None
        if idx:
            out.extend((idx.group("court"), idx.group("num")))  # 再审审查：某法院（2011）…号（2011年12月）
            if _FULL_DATE.match(idx.group("date") or ""):
                out.append(f"裁判日期：{idx.group('date')}")  # the instance's decision date (a day given)
            continue
        b = _BRACKET_CITED.match(c) if len(c) <= 200 else None
        if b and _GLUED_CITED.match(b.group("cite")):
            out.append(b.group("title"))  # 甲与乙…纠纷上诉案〔某法院（2014）…号民事判决书〕: title, header
            c = b.group("cite")
        m = (_GLUED.match(c) or _GLUED_CITED.match(c)) if len(c) <= 80 else None
        if m and (m.group("court") or m.group("num")):
            out.extend(x for x in (m.group("court"), m.group("type"), m.group("num")) if x)
        else:
            out.append(line)
    return out


_RUN_HEADER = re.compile(
    r"((?:中华人民共和国)?[\u4e00-\u9fa5]{2,30}?法院)\s*"
    r"((?:民\s*事|刑\s*事|行\s*政|知\s*识\s*产\s*权)?\s*(?:判\s*决\s*书|裁\s*定\s*书|调\s*解\s*书))\s*"
    rf"({CASE_NO_RE.pattern})"
)
_RUN_PARTY = re.compile(rf"^(?:{_ROLE_ALT})")
_AGENT_AFTER_COMMA = re.compile(
    r"(?:[，]|(?<=律师))\s*(?=(?:辩护人|委托诉讼代理人|委托代理人|诉讼代表人)(?:[\u4e00-\u9fa5]{2,4}|[A-Z])[，、])"
    # …律师事务所律师，某某人民法院审理…: the story after the last agent, run on after a comma
    r"|(?<=律师事务所律师)，\s*(?=[\u4e00-\u9fa5]{2,30}?人民(?:法院|检察院))"
)


_RUN_BOUNDARY = re.compile(
    r"一案|案件|纠纷|[书号](?:内容|正文)?|文书网|详情|来源|全文|判决|裁定|(?<=\d)日|公司|[馆館]|标题|文库"
)
#: A party label with its colon glued to what came before (…当事人信息上诉人（原审原告）：).
_RUN_ROLE = re.compile(
    rf"(?<=[^。；：被审诉请再一原二令求判向对由与及和、])(?=(?:{_ROLE_ALT})(?:（[^（）]{{1,30}}）)?[：:])"
    # 原公诉机关甲，上诉人（原审被告人）乙，男，…: a person's party line after a comma, no colon
    rf"|(?<=，)\s*(?=(?:{_ROLE_ALT})(?:（[^（）]{{1,30}}）)?[^，。：:]{{1,30}}，(?:男|女)，)"
)


def _run_groups(m: re.Match[str], line: str) -> tuple[str, str, str]:
    """(court, type, number) of a header inside a run of text; words glued before the court
    name (…纠纷一案武汉市中级人民法院, 来源：中国裁判文书网中华人民共和国最高人民法院) go to a line
    of their own."""
    lo = m.start(1)
    court = line[max(0, lo - 1) : m.end(1)]  # one character of context for 05日四川省…
    k = court.find("中华人民共和国")
    ends = [x.end() for x in _RUN_BOUNDARY.finditer(court)]
    cut = k if k > 0 else (ends[-1] if ends else 0)
    head = court[1:cut] if lo > 0 else court[:cut]
    court = court[max(cut, 1 if lo > 0 else 0) :]
    return (head + "\x00" if head else "") + court, m.group(2), m.group(3)


_RUN_JUDGE = re.compile(
    rf"(?<!人民)(?<!代理)(?<!助理)(?<!见习)(?<!代)(?=(?:{_JUDGE_ROLE_RE.pattern})[\u4e00-\u9fa5·]{{2,4}})"
    r"|(?=在线查看此案例|本件与原本核对无异|相关文章|附[：:])|(?<!本件)(?=与原本核对无异)"
    r"|(?<=[\u4e00-\u9fa5])(?=\d{1,4}$)"
    r"|(?=[零〇○一二三四五六七八九]{4}年[一二三四五六七八九十]{1,2}月)"
)


def _split_run(line: str) -> list[str]:
    """One paragraph holding header, party block and story (web pages): one sentence a line;
    sentences that go on about a party (born …, detained …) stay with its line; the signature
    block after the last sentence gets a line per judge and one for the date."""
    s = _RUN_HEADER.sub(lambda m: "\x00" + "\x00".join(_run_groups(m, line)) + "\x00", line, count=1)
    s = re.sub(r"(?<=。)\s*", "\x00", s)
    s = _AGENT_AFTER_COMMA.sub("\x00", s)
    s = _RUN_ROLE.sub("\x00", s)
    parts = [x.strip() for x in s.split("\x00") if x.strip()]
    signed: list[str] = []
    for part in parts:
        c = compact(part)
        # The signature block: a line per judge, one for the date, page noise apart.
        if _JUDGE_ROLE_RE.match(c) and len(c) < 400:
            signed.extend(x for x in _RUN_JUDGE.split(c) if x)
        else:
            signed.append(part)
    parts = signed
    out: list[str] = []
    for part in parts:
        c = compact(part)
        if (
            out
            and part.endswith("。")
            and _PARTY_RE.match(compact(out[-1]))
            and not (_PARTY_RE.match(c) or _AGENT_RE.match(c) or _REP_RE.match(c) or _NARRATIVE_RE.search(c))
        ):
            out[-1] += part
        else:
            out.append(part)
    return out


#: A party's representative or agent run onto the party's line after a full stop.
_PARTY_GLUE = re.compile(
    r"(?<=[。；])\s*(?=(?:法定代表人|负责人|经营者|委托诉讼代理人|委托代理人|诉讼代理人|辩护人)[：:])"
)


def _is_teaser(line: str, following: str) -> bool:
    """A site's teaser repeating the start of the next line, cut with an ellipsis (…住...)."""
    m = re.match(r"^(.{20,}?)(?:\.{3,}|…+)$", line)
    return m is not None and compact(following).startswith(m.group(1))


def _reflow(lines: list[str]) -> list[str]:
    """Texts run together: a long line holding the header, or the party block after the case
    number on one line, is split into sentences so the structure below can be read."""
    out: list[str] = []
    after_number = False
    for k, line in enumerate(lines):
        c = compact(line)
        if _is_teaser(c, lines[k + 1] if k + 1 < len(lines) else ""):
            continue
        head = _RUN_HEADER.match(line)
        run = (
            len(c) > 150 and (bool(_RUN_HEADER.search(line)) or (after_number and bool(_RUN_PARTY.match(c))))
        ) or (
            # 某法院 民事判决书 （2021）…号 上诉人（一审原告）：甲公司。: header glued onto the first party
            head is not None and bool(_RUN_PARTY.match(compact(line[head.end() :])))
        )
        if run:
            out.extend(_split_run(line))
        elif _RUN_PARTY.match(c) and len(c) < 600 and _PARTY_GLUE.search(line):
            # 被上诉人：甲公司，住所地…。法定代表人：…。委托诉讼代理人：乙，…律师: a line each.
            out.extend(x for x in _PARTY_GLUE.split(line) if x.strip())
        elif _JUDGE_ROLE_RE.match(c) and len(c) < 200 and re.search(r"年[^年]{1,4}月|核对无异", c):
            # A signature block run onto one line (judges, date, stamp, clerk): a line each.
            out.extend(x for x in _RUN_JUDGE.split(c) if x)
        else:
            out.append(line)
        after_number = bool(CASE_NO_RE.match(c)) and len(c) < 40
    return out


#: A metadata table row (案号 | （2016）沪73民初113号 |) or a value cell under its key (| 2016年12月12日 |).
_TABLE_ROW = re.compile(r"^\|?\s*(?P<a>[^|]*?)\s*(?:\|\s*(?P<b>[^|]*?)\s*)?\|?\s*$")


def _unpipe(lines: list[str]) -> list[str]:
    """Rows of a website's metadata table as key：value lines (案号：…), value cells as plain lines."""
    if not any("|" in x for x in lines[:80]):
        return lines
    out: list[str] = []
    for line in lines:
        m = _TABLE_ROW.match(line) if "|" in line else None
        if not m:
            out.append(line)
            continue
        a, b = m.group("a"), m.group("b")
        if b and len(compact(a)) <= 8:
            out.append(f"{a}：{b}")
        elif a or b:
            out.append(" ".join(x for x in (a, b) if x))
    return out


#: Several site keys run onto one line (审理法院：…案号：…代理成果：…): one line per key.
_RUN_KEYS = r"(?:审理法院|受理法院|案号|代理成果|文号|法官|案由|裁判日期|裁判结果)[：:]"
_KEY_RUN = re.compile(rf"(?<=\S)\s*(?={_RUN_KEYS})")


#: A legal database's record printed as 【案由】…【审理法院】…【案件字号】… on one line: a bracketed key
#: followed by its value.
_BRACKET_KEY = re.compile(r"【([\u4e00-\u9fa5\-]{2,8})】([^【】]+)")
#: 【案号】 holding a number, after a court's name or not (【案号】最高人民法院（2021）最高法知民终1号).
_NUMBER_KEY = re.compile(
    r"【案号】\s*(?:[\u4e00-\u9fa5]{2,30}?法院)?\s*[（(〔\[]\s*(?:19|20)\d{2}\s*[）)〕\]]"
)


def _split_bracket_keys(lines: list[str]) -> list[str]:
    """A line carrying three or more 【key】value pairs: one key：value line per pair (the text before the
    first pair, a title, on its own line). Site tags after a title (【二审】【某法院】) carry no values. Two
    pairs do when one is 【案号】 holding a case number (a collection's entry cut after 【基本案情】)."""
    out: list[str] = []
    for line in lines:
        pairs = list(_BRACKET_KEY.finditer(line))
        if len(pairs) < 2 or (len(pairs) == 2 and not any(_NUMBER_KEY.match(m.group(0)) for m in pairs)):
            out.append(line)
            continue
        head = line[: pairs[0].start()].strip()
        out.extend([head] if head else [])
        out.extend(f"{m.group(1)}：{m.group(2).strip()}" for m in pairs)
    return out


def _split_key_runs(lines: list[str]) -> list[str]:
    """A firm's case page prints 审理法院：X 案号：Y 代理成果：Z on one line: one line per key."""
    out: list[str] = []
    for line in lines:
        keys = re.findall(_RUN_KEYS, line)
        if len(keys) >= 2 and len(line) < 300:
            out.extend(x.strip() for x in _KEY_RUN.split(line) if x.strip())
        else:
            out.append(line)
    return out


#: A pinyin reading a site prints after a character (号（hào）, 国（guó）): at least one tone mark.
_PINYIN_NOTE = re.compile(
    r"(?<=[\u4e00-\u9fa5])[（(][a-zü]*[āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜńňǹ][a-zāáǎàēéěèīíǐìōóǒòūúǔùüǖǘǚǜ]{0,5}[）)]"
)


def _unannotate(line: str) -> str:
    """Pinyin readings dropped; a case number that lost its opening bracket at the start of its line
    (2023）最高法知民终2467号) gets it back."""
    line = _PINYIN_NOTE.sub("", line)
    return re.sub(r"^(\s*)(?=(?:19|20)\d{2}\s*[）)]\S{2,40}?号\s*$)", r"\1（", line)
