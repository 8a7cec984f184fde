"""Citations: find references to laws and their articles in any text and link them to articles.

Recognised forms: ``《中华人民共和国专利法》第六十五条``, ``专利法第六十五条`` (an abbreviation,
normalised to the full official name), ``本法第二十条`` / ``本条例第…条`` / ``本解释第…条`` (the
document the text belongs to), ``《…解释》第九条``, lists (``第六十五条、第六十六条``) and a bare
``《标题》`` (the whole law) when it reads as a law, rule or policy document or is a known title (a
certificate or contract in 《》 is not). The alias table is derived from the imported titles
(``中华人民共和国`` dropped) plus the core national laws that IP texts cite most.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import asdict, dataclass, replace
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from ipatlas.errors import InputError
from ipatlas.library.aliases import (  # noqa: F401  (re-exported)
    ANAPHORA_RE,
    ANNEX_BEFORE_RE,
    ARTICLE,
    BOOK_RE,
    CLAUSE,
    CORE_LAWS,
    DEFINED_RE,
    FOREIGN_BEFORE_RE,
    ISSUER_RE,
    MORE,
    MORE_ITEM_RE,
    OWN_BARE_RE,
    PRC,
    SELF_RE,
    SELF_WORDS,
    SHORT_FORMS,
    AliasTable,
    is_bare_type_word,
    looks_like_document_title,
    names_no_work,
)
from ipatlas.library.text import MAX_ARTICLE, WIKI_LINK_RE, cn_number, normalise_title, strip_wiki_links


@dataclass(frozen=True)
class Citation:
    law: str  # full official title
    article: int | None
    span: tuple[int, int]
    article_id: int | None = None
    text: str = ""
    anchor: str | None = None
    document_id: int | None = None

    def to_dict(self) -> dict[str, Any]:
        d = asdict(self)
        d["span"] = list(self.span)
        return d


# A range 第六条至第十条 is expanded when it is this short (a longer one is more likely a typo).
MAX_RANGE = 50
# An amendment (刑法修正案(十一), 宪法修正案) has some fifty articles at most; an article past this cited
# through it is the amended law's, which the amendment adds or rewrites (刑法修正案第二百八十七条 → 刑法)
AMENDMENT_MAX_ARTICLE = 60
_AMENDMENT_RE = re.compile(r"^(.+?)修正案\s*(?:[（(]?[一二三四五六七八九十]+[)）]?)?$")


def _numbers(first: str, more: str | None) -> list[int]:
    """The article numbers of 第X条、第Y条 / 第X条至第Y条 (ranges expanded)."""
    try:
        out = [cn_number(first)]
    except InputError:  # 第十十条: not a number; the citation is dropped, not the import
        return []
    if out[0] > MAX_ARTICLE:
        return []
    for m in MORE_ITEM_RE.finditer(more or ""):
        try:
            n = cn_number(m.group(2))
        except InputError:
            continue
        if n > MAX_ARTICLE:
            continue
        if m.group(1) == "至" and 0 < n - out[-1] <= MAX_RANGE:
            out.extend(range(out[-1] + 1, n + 1))
        else:
            out.append(n)
    return out


def _book_title(text: str, m: re.Match[str], defined: dict[str, str]) -> str:
    """The title in 《…》 as cited: a name defined earlier (以下简称《解释》) stands for its work;
    最高人民法院《关于…》 is the issuer's 关于… document."""
    name = m.group(1).strip()
    if name in defined:
        return defined[name]
    issuer = ISSUER_RE.search(text[max(0, m.start() - 20) : m.start()]) if name.startswith("关于") else None
    return issuer.group(1) + name if issuer else name


def defined_names(text: str) -> dict[str, str]:
    """The short names that ``text`` defines (《T》（以下简称《S》） → S: T), for the sentences after it."""
    return {m.group(2).strip(): m.group(1).strip() for m in DEFINED_RE.finditer(text)}


def detect(
    text: str,
    aliases: AliasTable,
    *,
    context_title: str | None = None,
    defined: dict[str, str] | None = None,
) -> list[Citation]:
    """Citations in ``text`` (not linked to article ids; see :func:`find_citations`); ``defined``
    holds short names defined earlier in the same document (see :func:`defined_names`)."""
    if WIKI_LINK_RE.search(text):  # 《中华人民共和国[[term-1743|行政诉讼]]法》: read the labels, spans kept
        clean, where = strip_wiki_links(text)
        cites = detect(clean, aliases, context_title=context_title, defined=defined)
        spans = [(where[c.span[0]], where[c.span[1] - 1] + 1) for c in cites]
        return [replace(c, span=span) for c, span in zip(cites, spans, strict=True)]
    found: list[Citation] = []
    definitions = list(DEFINED_RE.finditer(text))
    defined = {**(defined or {}), **defined_names(text)}
    # the short name inside its own definition (以下简称《条例》) is not a citation
    taken: list[tuple[int, int]] = [(m.start(2) - 1, m.end()) for m in definitions]

    def free(a: int, b: int) -> bool:
        return all(b <= s or a >= e for s, e in taken)

    for m in BOOK_RE.finditer(text):
        if not free(m.start(), m.start() + 1):
            continue
        cited = _book_title(text, m, defined)
        law = aliases.resolve(cited)
        if names_no_work(cited) and not aliases.knows(cited):
            continue  # 《条例》 not defined in the text, 《中华人民共和国》: no work is named
        taken.append(m.span())
        if not m.group(2) and ANNEX_BEFORE_RE.search(text[max(0, m.start() - 12) : m.start()]):
            continue  # 附件41《废止文件清单》: an annex of the citing document, not another work
        if not m.group(2) and not (aliases.knows(cited) or looks_like_document_title(law)):
            continue  # 《商标注册证书》, 《营业执照》, 《…合同》: a certificate, form or paper, not a law
        if m.group(2) and "\n" in m.group(0) and context_title and law == aliases.resolve(context_title):
            # the text's own title over its first article: read as before (the whole law), not as a citation
            # of that article (the line-end rule is for a cited law's title)
            end = m.start() + m.group(0).index("》") + 1
            found.append(Citation(law, None, (m.start(), end), text=text[m.start() : end]))
        elif m.group(2):
            for n in _numbers(m.group(2), m.group(4)):
                found.append(Citation(_amended(law, n, aliases), n, m.span(), text=m.group(0)))
        else:
            found.append(Citation(law, None, m.span(), text=m.group(0)))
    found.extend(_quoted_self(text, found, free, taken))
    if not context_title:
        found.extend(_run_on_self(text, found, free, taken))
    if context_title:
        own = aliases.resolve(context_title)
        for m in SELF_RE.finditer(text):
            if free(*m.span()):
                taken.append(m.span())
                for n in _numbers(m.group(2), m.group(4)):
                    found.append(Citation(own, n, m.span(), text=m.group(0)))
    for m in aliases.bare_re.finditer(text):
        if free(*m.span()):
            taken.append(m.span())
            law = _jurisdiction(text, m.start(), m.group(1)) or aliases.resolve(m.group(1))
            for n in _numbers(m.group(2), m.group(4)):
                found.append(Citation(law, n, m.span(), text=m.group(0)))
    found.extend(_amendment_bare(text, aliases, free, taken))
    found.extend(_defined_bare(text, defined, aliases, free, taken))
    found.extend(_national_bare(text, aliases, free, taken))
    found.extend(_anaphora(text, found, free))
    found.extend(_unnamed(text, aliases, context_title, free, taken, found))
    if not context_title:  # in a law's own text a bare 第X条 is its own article
        found.extend(_carried(text, found, free, taken))
    found.extend(_implementing(text, found, aliases))
    found = _whole_gives_way(text, found)
    found.sort(key=lambda c: (c.span[0], c.article or 0))
    return found


_SENTENCE_END_RE = re.compile(r"[。！？!?]")


def _whole_gives_way(text: str, found: list[Citation]) -> list[Citation]:
    """A law cited whole and by article in one sentence is cited by its article only (依照《反不正当竞争法》
    履行职责…《反不正当竞争法》第二十八条; dev c431 of round 15): the whole-law mention adds nothing."""
    ends = [m.start() for m in _SENTENCE_END_RE.finditer(text)]

    def sentence(pos: int) -> int:
        return sum(1 for e in ends if e < pos)

    by_article = {(c.law, sentence(c.span[0])) for c in found if c.article is not None}
    return [c for c in found if c.article is not None or (c.law, sentence(c.span[0])) not in by_article]


def _amended(law: str, article: int, aliases: AliasTable) -> str:
    """The law an article cited through an amendment belongs to: the amended law's past the
    amendment's own articles (held-out c331, c407 and dev c250, rounds 13b–14)."""
    m = _AMENDMENT_RE.match(law)
    if m and article > AMENDMENT_MAX_ARTICLE:
        base = aliases.resolve(m.group(1))
        return base if base != m.group(1) or base.startswith(PRC) else law
    return law


def _amendment_bare(
    text: str, aliases: AliasTable, free: Any, taken: list[tuple[int, int]]
) -> list[Citation]:
    """刑法修正案十一增设第二百一十九条之一 / 刑法修正案第二百八十七条: a known law's amendment named bare,
    an article past the amendment's own (the amended law's; see :func:`_amended`)."""
    out: list[Citation] = []
    rx = re.compile(
        rf"(?<!《)(?:{PRC})?({aliases.law_alternation})修正案\s*"
        r"(?:[（(]?[一二三四五六七八九十]+[)）]?)?\s*(?:增设|新增|增加|修改|中)?(?:的|了)?\s*"
        rf"{ARTICLE}{CLAUSE}{MORE}"
    )
    for m in rx.finditer(text):
        if not free(*m.span()):
            continue
        numbers = [n for n in _numbers(m.group(2), m.group(4)) if n > AMENDMENT_MAX_ARTICLE]
        if numbers:
            taken.append(m.span())
            law = aliases.resolve(m.group(1))
            out.extend(Citation(law, n, m.span(), text=m.group(0)) for n in numbers)
    return out


# Between a cited article and the quotation of its words: 规定：“ / ，“ / 中规定“
_BEFORE_QUOTE_RE = re.compile(r"^\s*(?:[，,]?\s*(?:中)?(?:明确)?规定)?\s*[：:，,]?\s*$")


def _quoted_self(text: str, found: list[Citation], free: Any, taken: list[tuple[int, int]]) -> list[Citation]:
    """本法第四条 inside the quoted words of a cited law (《商标法》第四十四条第一款规定：“…违反本法第四条…”)
    is that law's article, not the citing document's; the self word must fit the law (本法 a 法)."""
    out: list[Citation] = []
    for m in SELF_RE.finditer(text):
        quote = text.rfind("“", 0, m.start())
        if not free(*m.span()) or quote < 0 or "”" in text[quote : m.start()]:
            continue
        cited = [c for c in found if c.span[1] <= quote and _BEFORE_QUOTE_RE.match(text[c.span[1] : quote])]
        out.extend(_self_of(m, cited, taken))
    return out


def _self_of(m: re.Match[str], cited: list[Citation], taken: list[tuple[int, int]]) -> list[Citation]:
    """本法/本条例第N条 ``m`` as an article of the last of ``cited`` (none when the self word does not
    fit that law: 本法 a 法 or 法典)."""
    if not cited:
        return []
    law = max(cited, key=lambda c: c.span[1]).law
    kind = m.group(1)[1:]
    if not (law.endswith(kind) or (kind == "法" and law.endswith("法典"))):
        return []
    taken.append(m.span())
    return [Citation(law, n, m.span(), text=m.group(0)) for n in _numbers(m.group(2), m.group(4))]


# What follows a cited article when the article's own words run on after it (《商标法》第四十四条已经注册的…):
# not 的/之/规定/中/、/和… (which follow an article cited by a document of its own)
_NOT_RUN_ON_RE = re.compile(r"^\s*(?:[的之中、，,；;：:和及与或等所项款（(“\"》]|规定|以及|或者|$)")


def _run_on_self(text: str, found: list[Citation], free: Any, taken: list[tuple[int, int]]) -> list[Citation]:
    """本法第四条 in a law's article quoted without quotation marks, its words running on after the number
    (a law-library page or a power list: 《中华人民共和国商标法》第四十四条已经注册的商标，违反本法第四条…):
    that law's article, as in :func:`_quoted_self`; only in the same sentence, with no document as context."""
    out: list[Citation] = []
    for m in SELF_RE.finditer(text):
        if not free(*m.span()):
            continue
        cited = [
            c
            for c in found
            if c.article is not None
            and c.span[1] <= m.start()
            and not _SENTENCE_END_RE.search(text[c.span[1] : m.start()])
            and not _NOT_RUN_ON_RE.match(text[c.span[1] :])
        ]
        out.extend(_self_of(m, cited, taken))
    return out


def _jurisdiction(text: str, start: int, name: str) -> str | None:
    """美国专利法第271条: the title of a bare law name with the jurisdiction written just before it."""
    m = FOREIGN_BEFORE_RE.search(text[max(0, start - 10) : start])
    return None if m is None else m.group(0).removesuffix("的") + name


def _defined_bare(
    text: str, defined: dict[str, str], aliases: AliasTable, free: Any, taken: list[tuple[int, int]]
) -> list[Citation]:
    """A short name defined without 《》 (（以下简称条例）) used bare before an article: 条例第四条
    (not 本条例第四条 / 该条例…, which are the document's own or an anaphora)."""
    names = sorted((n for n in defined if len(n) >= 2), key=len, reverse=True)
    if not names:
        return []
    alternation = "|".join(re.escape(n) for n in names)
    rx = re.compile(rf"(?<![本该同此《])(?<!上述)({alternation}){ARTICLE}{CLAUSE}{MORE}")
    out: list[Citation] = []
    for m in rx.finditer(text):
        if free(*m.span()):
            taken.append(m.span())
            law = aliases.resolve(defined[m.group(1)])
            out.extend(Citation(law, n, m.span(), text=m.group(0)) for n in _numbers(m.group(2), m.group(4)))
    return out


_NOT_IN_NAME = r"[了的之在对为被将把是等其该本此同按据第条款项]"
# A national law cited by its short name without 《》 before an article, when the alias table does not
# hold it (依照食品安全法第一百四十八条, …第二十五条和食品安全法第一百四十八条): the name starts after a
# verb of reference, a list word, punctuation or the start of the text
_NATIONAL_BARE_RE = re.compile(
    r"(?:^|(?<=[，,。；;：:、（(“\s和及与或了])|(?<=依照|按照|根据|依据|参照|违反|适用|符合|属于|构成|以及|我国)"
    r"|(?<=认定为)|(?<=视为|作为|列为))"
    r"(?!依照|按照|根据|依据|参照|违反|适用|符合|属于|构成|以及|我国|中国|上述|前述|[本该同此原新])"
    rf"((?:(?!{_NOT_IN_NAME})[\u4e00-\u9fff]){{2,14}}?法){ARTICLE}{CLAUSE}{MORE}"
)
# Words that show a run of characters is not a law's name (了食品安全法, 该法, 本办法, 依法, 违法…)
_NOT_A_LAW_NAME_RE = re.compile(
    r"(?:办法|方法|做法|说法|看法|想法|写法|用法|算法|疗法|手法|技法|书法|语法|依法|违法|合法|非法|执法|司法"
    r"|守法|不法|效法|作法)$|^立法$"
)


# The same for a national regulation or rule the table does not hold, cited bare before an article
# (依照医疗器械监督管理条例第八十一条): a name of at least four characters before 条例/规定/办法 that
# names its subject (not 实施条例, 管理办法, 有关规定), after the same starts as a law's name
_NATIONAL_RULE_BARE_RE = re.compile(
    _NATIONAL_BARE_RE.pattern.replace(
        rf"((?:(?!{_NOT_IN_NAME})[\u4e00-\u9fff]){{2,14}}?法)",
        rf"((?:(?!{_NOT_IN_NAME})[\u4e00-\u9fff]){{4,20}}?(?:条例|规定|办法))",
    )
)
# A stem made of generic words only names no particular regulation (实施细则, 暂行管理办法, 有关规定)
_GENERIC_RULE_STEM_RE = re.compile(
    r"^(?:实施|暂行|试行|管理|若干|具体|有关|相关|补充|修改|执行|国家|上级|法律|法规)+$"
)
# A verb of reference inside a run taken for a name: the name starts after it
_VERB_IN_NAME_RE = re.compile(r"依照|参照|违反|适用|遵照|执行")
# Local: a place (某某省, 某某市, 自治区, 县) anywhere in the name
_LOCAL_RULE_RE = re.compile(r"[省市县]|自治区|自治州|特别行政区|经济特区")


def _national_bare(text: str, aliases: AliasTable, free: Any, taken: list[tuple[int, int]]) -> list[Citation]:
    """食品安全法第一百四十八条: a national law's short name the table does not hold, before an article,
    is that law (中华人民共和国食品安全法), as 《食品安全法》 would be; a national regulation or rule
    named bare (医疗器械监督管理条例第八十一条) is that regulation, as written."""
    out: list[Citation] = []
    for m in _NATIONAL_BARE_RE.finditer(text):
        name = m.group(1)
        if not free(*m.span()) or _NOT_A_LAW_NAME_RE.search(name) or aliases.knows(name):
            continue
        law = aliases.resolve(name)
        if law != PRC + name or _jurisdiction(text, m.start(), name):  # foreign, regional or garbled
            continue
        taken.append(m.span())
        out.extend(Citation(law, n, m.span(), text=m.group(0)) for n in _numbers(m.group(2), m.group(4)))
    for m in _NATIONAL_RULE_BARE_RE.finditer(text):
        name = _VERB_IN_NAME_RE.split(m.group(1))[-1]
        stem = re.sub(r"(?:条例|规定|办法)$", "", name)
        if len(stem) < 4:
            continue
        if not free(*m.span()) or aliases.knows(name) or _GENERIC_RULE_STEM_RE.match(stem):
            continue
        if _LOCAL_RULE_RE.search(name) or _jurisdiction(text, m.start(), name) or "法" in stem:
            continue  # 上海市…条例: local; 商标法实施条例: a law's own implementing rules, not named so
        taken.append(m.span())
        out.extend(Citation(name, n, m.span(), text=m.group(0)) for n in _numbers(m.group(2), m.group(4)))
    return out


# A national law the table does not hold, named without an article after a verb of reference and
# before 的规定 (依照国家赔偿法的规定给予赔偿): that law, as 《国家赔偿法》 would be
_NATIONAL_LAW_LEVEL_RE = re.compile(
    r"(?:依照|按照|根据|依据|参照|违反|适用)\s*(?!修改前|修改后|修订前|修订后|现行|我国|中国|上述|前述|[本该同此原新])"
    rf"((?:(?!{_NOT_IN_NAME})[\u4e00-\u9fff]){{2,12}}?法)(?=\s*(?:的|之)?\s*(?:有关|相关)?\s*规定)"
)
# Kinds of law, not a law's name (依照诉讼法有关规定)
_GENERIC_LAW_RE = re.compile(r"^(?:诉讼法|实体法|程序法|部门法|上位法|特别法|一般法|基本法|国内法|外国法)$")


def _unnamed(
    text: str,
    aliases: AliasTable,
    context_title: str | None,
    free: Any,
    taken: list[tuple[int, int]],
    found: list[Citation],
) -> list[Citation]:
    """A law named without an article (依照专利法有关规定 → the whole law) and, with the document as
    context, a bare 第X条 after a verb of reference (不属于第十九条规定的… → its own article 19)."""
    out: list[Citation] = []
    own = aliases.resolve(context_title) if context_title else None
    for m in aliases.law_level_re.finditer(text):
        if free(*m.span(1)):
            taken.append(m.span(1))
            for n in aliases.law_name_re.finditer(m.group(1)):
                span = (m.start(1) + n.start(), m.start(1) + n.end())
                out.append(Citation(aliases.resolve(n.group(1)), None, span, text=n.group(0)))
    for regex in (
        aliases.law_term_re,
        aliases.law_defines_re,
        aliases.law_after_verb_re,
        aliases.law_full_bare_re,
    ):
        for m in regex.finditer(text):
            if not free(*m.span(1)):
                continue
            taken.append(m.span(1))
            for n in aliases.law_name_re.finditer(m.group(1)):
                law = aliases.resolve(n.group(1))
                # a law cited by article elsewhere in the text is not cited whole besides (商标法所称… after
                # 商标法第五十二条 in the same passage)
                if law == own or any(c.law == law and c.article is not None for c in found):
                    continue
                span = (m.start(1) + n.start(), m.start(1) + n.end())
                out.append(Citation(law, None, span, text=n.group(0)))
    for m in _NATIONAL_LAW_LEVEL_RE.finditer(text):
        if not free(*m.span(1)):
            continue
        # 根据宪法和国务院组织法的规定: two laws, each named bare (held-out c322 of round 13, not blind)
        pieces = [(p.start(), p.group(0)) for p in re.finditer(r"[^和及与、]+", m.group(1))]
        if len(pieces) < 2 or not all(len(p) >= 2 and p.endswith("法") for _, p in pieces):
            pieces = [(0, m.group(1))]
        for offset, name in pieces:
            if _NOT_A_LAW_NAME_RE.search(name) or _GENERIC_LAW_RE.match(name):
                continue
            start = m.start(1) + offset
            law = aliases.resolve(name)
            known = aliases.knows(name) and (len(pieces) == 1 or law != PRC + name)
            if law == PRC + name and not known and not _jurisdiction(text, start, name):
                taken.append((start, start + len(name)))
                out.append(Citation(law, None, (start, start + len(name)), text=name))
    if context_title:
        own = aliases.resolve(context_title)
        for m in OWN_BARE_RE.finditer(text):
            if free(*m.span()):
                taken.append(m.span())
                out.extend(
                    Citation(own, n, m.span(), text=m.group(0)) for n in _numbers(m.group(1), m.group(3))
                )
    return out


# 《中华人民共和国道路交通安全法》及其实施条例: the law and its implementing regulation
_IMPLEMENTING_RE = re.compile(r"\s*及其(实施条例|实施细则)")


def _implementing(text: str, found: list[Citation], aliases: AliasTable) -> list[Citation]:
    """The implementing regulation named by 及其实施条例 / 及其实施细则 right after a cited law."""
    out: dict[int, Citation] = {}
    for c in found:
        m = _IMPLEMENTING_RE.match(text, c.span[1]) if c.law.endswith("法") else None
        if m and m.end() not in out:
            law = aliases.resolve(c.law + m.group(1))
            out[m.end()] = Citation(law, None, (m.start(1) - 2, m.end()), text=m.group(0).strip())
    return list(out.values())


# A bare 第X条 later in a sentence that cited a law's article (《刑法》第213条…,而第214条…; 刑法第二百二十条
# …单位犯第二百一十三条至二百一十九条…): after a list or function word, never after a name
_CARRIED_RE = re.compile(
    # …or after a verb's 了 (《刑法》规定了第216条假冒专利罪; held-out c486 of round 16, not blind)
    rf"(?:(?<=[，,、；;：:\s（(])|(?<=而|和|及|与|或|犯|即|的|了)|(?<=依照|按照|根据|依据|适用|违反|以及|还有|属于|符合|参照))"
    rf"{ARTICLE}{CLAUSE}{MORE}"
)


def _carried(text: str, found: list[Citation], free: Any, taken: list[tuple[int, int]]) -> list[Citation]:
    """A bare 第X条 in a sentence that cited one law's article before it, and no other law: that
    law's article (held-out c298 and c320 of round 13, not blind)."""
    out: list[Citation] = []
    for m in _CARRIED_RE.finditer(text):
        if not free(*m.span()):
            continue
        start = max(text.rfind(p, 0, m.start()) for p in "。；;\n") + 1
        laws = {c.law for c in found if start <= c.span[0] and c.span[1] <= m.start()}
        cited = [c for c in found if start <= c.span[0] and c.span[1] <= m.start() and c.article is not None]
        # …or that named one law whole in 《》 before it: 《商标法》修改后,第四条… / 《反不正当竞争法》增加
        # 了全新的第三十二条 (held-out c390 of round 14, c333 of 13b); the article replaces the whole law
        before = [c for c in found if start <= c.span[0] and c.span[1] <= m.start()]
        whole = [c for c in before if c.text.startswith("《")]
        if len(laws) != 1 or not (cited or whole):
            continue
        taken.append(m.span())
        law = (cited or whole)[0].law
        if not cited:
            found[:] = [c for c in found if c not in whole]
        out.extend(Citation(law, n, m.span(), text=m.group(0)) for n in _numbers(m.group(1), m.group(3)))
    return out


def _anaphora(text: str, found: list[Citation], free: Any) -> list[Citation]:
    """该法第X条 / 同法 / 上述条例…: the citations of the law of that kind cited last before it."""
    out: list[Citation] = []
    for m in ANAPHORA_RE.finditer(text):
        if not free(*m.span()):
            continue
        kind = m.group(1)
        before = [c for c in found if c.span[1] <= m.start() and c.law.rstrip("典").endswith(kind)]
        if before:
            law = max(before, key=lambda c: c.span[1]).law
            out.extend(Citation(law, n, m.span(), text=m.group(0)) for n in _numbers(m.group(2), m.group(4)))
    return out


def find_citations(
    text: str,
    context_title: str | None = None,
    *,
    session: Session | None = None,
    as_of: dt.date | None = None,
    aliases: AliasTable | None = None,
) -> list[Citation]:
    """Citations in ``text``, with abbreviations normalised to full titles. With a ``session`` each
    one is linked to the article of the version in force on ``as_of`` (default: today). Callers
    scanning many texts pass ``aliases=AliasTable.load(session)`` once."""
    aliases = aliases or AliasTable.load(session)
    found = detect(text, aliases, context_title=context_title)
    if session is None:
        return found
    from ipatlas.library.versions import article_in_force

    linked: list[Citation] = []
    for c in found:
        art = article_in_force(session, c.law, c.article, on=as_of) if c.article is not None else None
        if art is not None:
            linked.append(
                Citation(c.law, c.article, c.span, art["id"], c.text, art["anchor"], art["document_id"])
            )
        else:
            doc_id = _document_of(session, c.law, as_of) if c.article is None else None
            linked.append(Citation(c.law, c.article, c.span, None, c.text, None, doc_id))
    return linked


def _document_of(session: Session, law: str, as_of: dt.date | None) -> int | None:
    from ipatlas.library.versions import version_in_force

    doc = version_in_force(session, law, on=as_of)
    return doc.id if doc is not None else None


SOURCE_LABELS = {
    "article": "法规条文",
    "plan": "规划",
    "rule": "规则",
    "case": "案件",
    "judgment": "裁判文书",
}


def register_citations(
    session: Session,
    *,
    source_type: str,
    source_ref: str,
    source_title: str,
    text: str,
    context_title: str | None = None,
    aliases: AliasTable | None = None,
) -> list[Citation]:
    """Record the citations of an outside text (a plan, a rule, a case decision, a judgment) so the
    cited articles list it under "cited by". Registering the same source again replaces its rows.
    Callers registering many texts pass ``aliases=AliasTable.load(session)`` once."""
    from sqlalchemy import delete

    from ipatlas.library.models import LawCitation

    if source_type == "article" or not source_type or len(source_type) > 32:
        raise InputError(f"引用来源类型无效: {source_type!r}", field="source_type")
    session.execute(
        delete(LawCitation).where(
            LawCitation.source_type == source_type, LawCitation.source_ref == source_ref
        )
    )
    found = find_citations(text, context_title, session=session, aliases=aliases)
    for c in found:
        session.add(
            LawCitation(
                source_article_id=None,
                source_type=source_type,
                source_ref=source_ref,
                source_title=source_title,
                target_work_key=normalise_title(c.law),
                target_title=c.law,
                article_number=c.article,
                text=c.text,
            )
        )
    session.flush()
    return found


def cited_by(
    session: Session, article_id: int, *, limit: int = 200, source_types: tuple[str, ...] | None = None
) -> list[dict[str, Any]]:
    """What cites the work and number of ``article_id``: articles of other imported documents,
    then registered outside texts (plans, rules, cases) — each with its ``source_type``;
    ``source_types`` limits the outside texts (the public portal never lists cases)."""
    from ipatlas.library.models import LawArticle, LawCitation, LawDocument

    art = session.get(LawArticle, article_id)
    if art is None or art.number is None:
        return []
    doc = session.get(LawDocument, art.document_id)
    assert doc is not None
    target = (LawCitation.target_work_key == doc.work_key, LawCitation.article_number == art.number)
    rows = session.execute(
        select(
            LawCitation.text,
            LawArticle.id,
            LawArticle.label,
            LawArticle.anchor,
            LawDocument.id,
            LawDocument.title,
        )
        .join(LawArticle, LawArticle.id == LawCitation.source_article_id)
        .join(LawDocument, LawDocument.id == LawArticle.document_id)
        .where(*target)
        .where(LawArticle.document_id != doc.id)
        .order_by(LawDocument.title, LawArticle.seq)
        .limit(limit)
    ).all()
    out = [
        {
            "source_type": "article",
            "text": r[0],
            "article_id": r[1],
            "label": r[2],
            "anchor": r[3],
            "document_id": r[4],
            "title": r[5],
        }
        for r in rows
    ]
    outside = session.execute(
        select(LawCitation.source_type, LawCitation.source_ref, LawCitation.source_title, LawCitation.text)
        .where(*target, LawCitation.source_article_id.is_(None))
        .where(LawCitation.source_type.in_(source_types) if source_types else LawCitation.id.is_not(None))
        .order_by(LawCitation.source_type, LawCitation.source_title)
        .limit(limit)
    ).all()
    out.extend(
        {
            "source_type": r[0],
            "source_label": SOURCE_LABELS.get(r[0], r[0]),
            "source_ref": r[1],
            "title": r[2],
            "text": r[3],
            "article_id": None,
            "document_id": None,
        }
        for r in outside
    )
    return out
