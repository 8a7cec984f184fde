"""Reading a plan and normalising its text before any parsing.

Order matters and is fixed:

1. read the source with :mod:`ipatlas.sourcetext` (plain text in UTF-8/UTF-16/GB18030/Big5, DOCX,
   HTML without ``script``/``style``/``nav``/``aside``/``footer``, PDF), or a 任务分工表 workbook
   (.xlsx) with :mod:`ipatlas.plans.workbook`;
2. character widths: full-width digits and letters become half-width, Chinese punctuation becomes
   full-width wherever it touches Chinese text (``(一)`` → ``（一）``, ``责任单位:`` → ``责任单位：``),
   so that every later regex sees one form;
3. Traditional → Simplified with OpenCC ``tw2s`` (characters and Taiwan variants only) when the
   text is Traditional, then our own Taiwan-term table (``data/taiwan_terms.yaml``).

We deliberately do not use OpenCC's ``tw2sp``: its phrase table is tuned for software terms and
rewrites government prose wrongly (核心→内核, 建立→创建, 指標→指针, 整合→集成, 附屬檔案→附属文件),
while it still misses 套用→应用, 機車→摩托车 and 經濟成長→经济增长. A curated table for
plan vocabulary is both smaller and right.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from collections import Counter
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any

import yaml

from ipatlas.plans.workbook import SUFFIXES as WORKBOOK_SUFFIXES
from ipatlas.plans.workbook import workbook_text
from ipatlas.sourcetext import ReadOptions, SourceText, looks_like_html
from ipatlas.sourcetext import read_source as read_source_file

# ---------------------------------------------------------------------------------------------
# Reading (ipatlas.sourcetext reads every format; a plan keeps table cells apart with tabs, which
# normalize_text turns into "A | B | C", and joins a paragraph the page's source wrapped)

PLAN_READING = ReadOptions(cells="\t", wrapped="join")


def _is_file(name: str) -> bool:
    try:
        return Path(name).is_file()
    except OSError:  # a one-line plan text longer than a file name may be (ENAMETOOLONG)
        return False


def read_source(source: Path | str) -> SourceText:
    """Read a plan from a file path or from the text itself.

    A :class:`~pathlib.Path` is always a file. A ``str`` is a file when it names an existing file
    (one line, no newline); otherwise it is the plan text (HTML when it has block tags).
    """
    if isinstance(source, str) and ("\n" in source or len(source) > 1024 or not _is_file(source)):
        if looks_like_html(source):
            return SourceText(PLAN_READING.html(source), "html")
        return SourceText(source, "text")
    if Path(source).suffix.lower() in WORKBOOK_SUFFIXES:
        return SourceText(workbook_text(Path(source)), "xlsx", name=Path(source).name)
    return read_source_file(Path(source), options=PLAN_READING)


# ---------------------------------------------------------------------------------------------
# Characters

_CJK = r"\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
_CJK_PUNCT = "，。、；：？！（）“”‘’《》〔〕【】…—·「」『』"
_CJK_CTX = f"[{_CJK}{_CJK_PUNCT}]"
_CJK_RE = re.compile(f"[{_CJK}]")

# Full-width ASCII block → ASCII; ideographic space → space; other look-alikes.
_WIDTH: dict[int, int | None] = {cp: cp - 0xFEE0 for cp in range(0xFF01, 0xFF5F)}
_WIDTH.update(
    {
        0x3000: 0x20,
        0x00A0: 0x20,
        0x2002: 0x20,
        0x2003: 0x20,
        0x2009: 0x20,
        0x200B: None,  # zero-width space
        0xFEFF: None,
        0x2015: 0x2014,  # ― horizontal bar → — em dash (used as —— and as a range dash)
        0x2500: 0x2014,  # ─ box-drawing line used as a dash by some sites
        0x2212: 0x2D,  # − minus
        0xFE51: 0x3001,  # ﹑ small ideographic comma
        0x2027: 0x00B7,  # ‧ hyphenation point used as a middle dot in Taiwan
        0x30FB: 0x00B7,  # ・ katakana middle dot
    }
)
_WIDTH_TABLE: dict[int, int | None] = dict(_WIDTH)


_PAREN_RE = re.compile(r"\(([^()]*)\)")


def _paren(m: re.Match[str], s: str) -> str:
    around = s[max(0, m.start() - 1) : m.end() + 1]
    years = r"\d{4}\s*年?(?:\s*[—–\-~至]\s*\d{4}\s*年?)?"  # "(2024-2026)" under a title
    if _CJK_RE.search(around) or re.fullmatch(rf"[一二三四五六七八九十\d]+|{years}", m.group(1)):
        return f"（{m.group(1)}）"
    return m.group(0)


def normalize_width(line: str) -> str:
    """One canonical form: half-width digits/letters, full-width Chinese punctuation."""
    s = unicodedata.normalize("NFC", line).translate(_WIDTH_TABLE)
    # Enclosed item numbers: ㈠ → （一）, ⑴ → （1）.
    s = re.sub("[\u3220-\u3229]", lambda m: f"（{'一二三四五六七八九十'[ord(m.group()) - 0x3220]}）", s)
    s = re.sub("[\u2474-\u2487]", lambda m: f"（{ord(m.group()) - 0x2473}）", s)
    # "“6 1”" is "6+1" whose plus sign was URL-decoded into a space by the scraper.
    s = re.sub(r"“(\d+) (\d+)”", r"“\1+\2”", s)
    # Brackets: a pair that holds or touches Chinese text is Chinese punctuation.
    while True:
        new = _PAREN_RE.sub(functools.partial(_paren, s=s), s)
        if new == s:
            break
        s = new
    s = s.replace("（ ", "（").replace(" ）", "）")
    # Quotes around Chinese text (nested ones too, so a second pass changes nothing).
    while (new := re.sub(rf'"([^"]*[{_CJK}][^"]*)"', r"“\1”", s)) != s:
        s = new
    # , ; : ? ! next to Chinese text (but 10:14:00 and 1,000 stay).
    for ascii_p, cjk_p in ((",", "，"), (";", "；"), (":", "："), ("?", "？"), ("!", "！")):
        # "同比增长8%;PCT国际专利…": after a percentage too.
        s = re.sub(
            rf"(?<=[{_CJK}{_CJK_PUNCT}%])\s*{re.escape(ascii_p)}|{re.escape(ascii_p)}(?=\s*{_CJK_CTX})",
            cjk_p,
            s,
        )
    # 1.5 stays; a lone "." after Chinese text at the end is a full stop.
    s = re.sub(rf"(?<=[{_CJK}])\.[ \t]*$", "。", s)  # before the trailing space goes: idempotent
    s = re.sub(r"[ \t]+", " ", s).strip()
    # An acronym typed letter by letter ("G D P", "R & D") is one word.
    s = re.sub(
        r"(?<![A-Za-z] )(?<![A-Za-z])[A-Z](?: [A-Z&]){2,}(?![A-Za-z])",
        lambda m: m.group(0).replace(" ", ""),
        s,
    )
    # A year written "2024 年" (PDF spacing) is 2024年, sentence or not.
    s = re.sub(r"(?<!\d)(\d{4}) (?=年)", r"\1", s)
    s = re.sub(r"(?<!\d)(\d{4}年) ?(\d{1,2}) ?月 ?(\d{1,2}) ?日", r"\1\2月\3日", s)  # "2022 年 3 月 25 日"
    # No spaces around Chinese punctuation.
    s = re.sub(rf"\s*([{_CJK_PUNCT}])\s*", r"\1", s)
    # A sentence has no spaces inside: "全面贯 彻落实", "到 2027 年", "接近 4 件" come from PDF line
    # breaks. Lines without sentence punctuation keep theirs ("河北省知识产权局 河北省教育厅",
    # "苏政发〔2009〕1号 2009年1月5日"), and so do two numbers.
    if re.search("[，。；]", s):
        s = re.sub(rf"(?<=[{_CJK}\d%])\s+(?=[{_CJK}])|(?<=[{_CJK}])\s+(?=\d)|(?<=\d\.)\s+(?=\d)", "", s)
        # nor around an acronym set between Chinese words ("每亿元 GDP 高价值…")
        s = re.sub(rf"(?<=[{_CJK}])\s+(?=[A-Z][A-Z&]*[A-Z])|(?<=[A-Z&][A-Z])\s+(?=[{_CJK}])", "", s)
    return s


# ---------------------------------------------------------------------------------------------
# Traditional → Simplified


@functools.lru_cache(maxsize=4)
def _opencc(config: str) -> Any:
    import opencc

    return opencc.OpenCC(config)


@functools.lru_cache(maxsize=1)
def taiwan_terms() -> dict[str, str]:
    """Taiwan usage → mainland usage for plan vocabulary (after OpenCC tw2s)."""
    raw = yaml.safe_load(
        resources.files("ipatlas.plans").joinpath("data/taiwan_terms.yaml").read_text("utf-8")
    )
    terms: dict[str, str] = {}
    for group in raw["terms"].values():
        terms.update({str(k): str(v) for k, v in group.items()})
    return terms


@functools.lru_cache(maxsize=1)
def _taiwan_terms_re() -> re.Pattern[str]:
    return re.compile("|".join(re.escape(k) for k in sorted(taiwan_terms(), key=len, reverse=True)))


def traditional_ratio(text: str) -> float:
    """Share of Chinese characters that OpenCC would simplify."""
    chars = Counter(ch for ch in text if _CJK_RE.match(ch))
    total = sum(chars.values())
    if not total:
        return 0.0
    conv = _opencc("t2s")
    trad = sum(n for ch, n in chars.items() if conv.convert(ch) != ch)
    return trad / total


# Markers of Taiwan usage that appear even in text already converted to simplified characters.
TAIWAN_MARKERS = ("智慧财产权", "智慧財產權", "智慧财产局", "积体电路", "最佳化")


@dataclass
class ScriptInfo:
    script: str  # "simplified" | "traditional"
    traditional_ratio: float
    taiwan_terms: dict[str, int] = field(default_factory=dict)


def to_simplified(text: str) -> tuple[str, ScriptInfo]:
    """Traditional → Simplified (OpenCC tw2s) plus Taiwan terms, only where the text needs it."""
    ratio = traditional_ratio(text)
    script = "traditional" if ratio >= 0.05 else "simplified"
    if script == "traditional":
        text = _opencc("tw2s").convert(text)
    info = ScriptInfo(script, round(ratio, 4))
    if script == "traditional" or any(m in text for m in TAIWAN_MARKERS):
        terms = taiwan_terms()
        counts: Counter[str] = Counter()

        def repl(m: re.Match[str]) -> str:
            counts[m.group(0)] += 1
            return terms[m.group(0)]

        text = _taiwan_terms_re().sub(repl, text)
        info.taiwan_terms = dict(counts)
    return text, info


# ---------------------------------------------------------------------------------------------
# Lines

_BULLET_RE = re.compile(r"^(?:[•·●■◆◇▪►▶○◎]|\*|-(?!\d))\s*")
# Also page-continuation marks of paginated sites ("[接上页]", "（续上页）") and a newspaper's jump marks
# ("（转2版）", "（接1版）", "(下转第3版)").
_INLINE_JUNK_RE = re.compile(
    r"\[bookmark:[^\]]*\]|\[image:[^\]]*\]|<!--.*?-->|[\[［【(（](?:接|续|转)上页[\]］】)）]"
    r"|[(（](?:上接|下转|接|转)第?[\d一二三四五六七八九十]{1,2}版[)）]"
)
# Mirror sites annotate characters with their pinyin: "國務(wù)院", "印發(fā)". One syllable with a
# tone mark, in brackets, right after a Chinese character, is never part of a plan's text.
_TONE = "āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜ"
_PINYIN_RUBY_RE = re.compile(rf"(?<=[{_CJK}])[(（][a-zü]{{0,5}}[{_TONE}][a-zü]{{0,5}}[)）]")


@dataclass
class NormalizedText:
    lines: list[str]
    script: ScriptInfo
    format: str
    name: str | None
    ocr_pages: int = 0  # pages of a scan read by text recognition


def normalize_text(text: str, *, fmt: str = "text", name: str | None = None) -> NormalizedText:
    """Normalised non-empty lines of a plan (widths, script, Taiwan terms, bullets, junk tags)."""
    text, info = to_simplified(_PINYIN_RUBY_RE.sub("", text))
    lines: list[str] = []
    for raw in re.split(r"\r\n|\r|\n|\u2028|\u2029", text):
        line = _INLINE_JUNK_RE.sub("", raw)
        cells = [c for c in line.split("\t") if c.strip()]
        # A table row of three or more cells (DOCX, HTML) keeps its cells apart: "A | B | C".
        line = " | ".join(map(normalize_width, cells)) if len(cells) >= 3 else normalize_width(line)
        line = _BULLET_RE.sub("", line).strip()
        if line and lines and _FIGURE_END_RE.search(lines[-1]) and _UNIT_START_RE.match(line):
            lines[-1] += line  # "…拥有量达到 10" / "件，…": a figure's unit wrapped onto the next line
        elif line:
            lines.append(line)
    return NormalizedText(unflatten(lines), info, fmt, name)


# A line ending in a figure after a verb of reaching, and a line opening with a unit and punctuation:
# one sentence broken between the figure and its unit.
_FIGURE_END_RE = re.compile(r"(?:达到|突破|超过|达|增至|提高到|提升到|增加到|增长到)\d+(?:\.\d+)?$")
_UNIT_START_RE = re.compile(
    r"^(?:万|亿|千)?(?:件|个|家|项|所|座|处|人|次|元|亿元|万元|%|倍)(?:以上|左右)?[，。；、]"
)


# ---------------------------------------------------------------------------------------------
# Flattened documents
#
# Document-sharing sites serve a plan as numbered page chunks ("1、…", "2、…") that break mid-word,
# with the title, headings and paragraphs run together: "1、XX工作方案为贯彻落实…制定本方案。一、
# 总体要求（一）指导思想。以…". Such text gets its line breaks back.

_CHUNK_RE = re.compile(r"^(\d{1,3})、")
# A page chunk breaks mid-word: the previous chunk ends in a character, not in punctuation or a
# closing bracket (a list item "1、…（责任单位：市科技局）" is not a page chunk).
_MID_WORD_END_RE = re.compile(r"[\u4e00-\u9fff0-9A-Za-z]$")
_TOP_INLINE_RE = re.compile(r"[。！？；]([一二三四五六七八九十]+)、")
_INLINE_HEADING_RE = re.compile(
    r"(?<=[。！？；）])(?=(?:[一二三四五六七八九十]+、|（[一二三四五六七八九十]+）|第[一二三四五六七八九十]+[章节]))"
)
# "一、工作目标到2025年，…": a heading word that runs straight into its section's first sentence
# (sharing sites blank years as 20XX).
_HEADING_THEN_TEXT_RE = re.compile(
    r"^([一二三四五六七八九十]+、[^，。；（]{0,10}(?:目标|任务|措施|要求|原则|思想|保障|分工|安排|步骤|机制|重点))"
    r"(?=(?:到|至)20[\dXx]{2}年|坚持|以习近平|按照|围绕|为)"
)
# A plan's title as it opens a flattened line (optionally after a quoted 《…》).
_TITLE = r"(?:《[^《》]{2,40}》)?[^，。；：《》]{2,60}?(?:规划|方案|意见|计划|要点|措施|纲要|指引|分工|分解)"
# A title also runs into its addressees ("…的意见各县、区人民政府，市各委、办、局：").
_FUSED_TITLE_RE = re.compile(
    rf"^({_TITLE})"
    r"(?=为(?:贯彻|深入|进一步|加快|全面|推动|落实|切实|持续|更好|加强|促进)"
    r"|各(?:省|市|县|区|乡|镇|州|有关|直属|部门|单位)|[一二三四五六七八九十]+、)"
)
# A copied page's one line: title, addressees and the opening sentence ("…的实施意见各县、市、区人民政府，
# 市政府各部门：为充分发挥…"); split even when the line is not a flattened page.
_TITLE_ADDRESSEES_RE = re.compile(rf"^({_TITLE})(各[^。：]{{2,120}}?：)(?=\S)")
# "…主要任务工作分工一、主要任务…": a title that runs straight into the first top-level heading.
_TITLE_THEN_HEADING_RE = re.compile(rf"^{_TITLE}[一二三四五六七八九十]+、")
# "（一）高质量推进知识产权创造1.提升…": a sub-heading that runs into its first numbered item.
_SUB_THEN_ITEM_RE = re.compile(r"^(（[一二三四五六七八九十]+）[^。；，（）]{2,30}?)(?=\d{1,2}[.．](?!\d))")
# "一、总体要求（一）指导思想。…": a heading that runs straight into its first sub-heading.
_HEADING_THEN_SUB_RE = re.compile(
    r"^([一二三四五六七八九十]+、[^。；（]{2,30})(?=（[一二三四五六七八九十]+）)"
)
_LONG = 150
# A whole page on one line numbers its parts with Arabic numerals only ("2.具体目标。 (1)创新投入…
# 。 (2)…"): no paragraph is this long, so such a line is split before every numbered item that
# follows a sentence end.
_PAGE_LINE = 1000
# A notice copied onto one line: its title (…的通知), number and addressees run together ("…工作推进方案的
# 通知吉政办发[2005]55号各市（州）、县（市）人民政府，…：省…办公室制定的《…》…").
_NOTICE_HEAD_RE = re.compile(
    rf"^({_TITLE}的通知)"
    r"([\u4e00-\u9fff]{1,10}[〔\[［【（(]\d{4}[〕\]］】）)]第?\d{1,4}号)?"
    r"(各[^。：]{2,120}?：)(?=\S)"
)
# …and the notice's signed date then the plan's title inside the same line ("…请认真贯彻执行。二○○五年十二月
# 十九日吉林省…工作推进方案一、指导思想…"): split before the date, after it and after the title.
_CN_YEAR = "[〇零○O0一二三四五六七八九]{4}"
_DATE_TITLE_RE = re.compile(
    rf"(?<=[。！])((?:\d{{4}}|{_CN_YEAR})年[一二三四五六七八九十\d]{{1,3}}月[一二三四五六七八九十\d]{{1,3}}日)"
    rf"({_TITLE})(?=[一二三四五六七八九十]+、|为)"
)
_NUMBERED_INLINE_RE = re.compile(r"(?<=[。！？；])\s*(?=（\d{1,2}）|\d{1,2}[.．、](?!\d))")


def _page_chunks(lines: list[str]) -> tuple[int, int] | None:
    """The run of lines "1、…", "2、…", … where every chunk after the first continues the one
    before it mid-sentence (the previous chunk ends without punctuation)."""
    for start, line in enumerate(lines):
        if not line.startswith("1、") or len(line) < _LONG:
            continue
        end = start + 1
        while (
            end < len(lines)
            and (m := _CHUNK_RE.match(lines[end]))
            and int(m.group(1)) == end - start + 1
            and _MID_WORD_END_RE.search(lines[end - 1])
        ):
            end += 1
        if end - start >= 2:
            return start, end
    return None


def unflatten(lines: list[str]) -> list[str]:
    """Line breaks back into run-together text: page chunks joined, then a long line split before
    the headings it runs into and after a title fused with the opening sentence."""
    chunks = _page_chunks(lines)
    if chunks:
        a, b = chunks
        joined = "".join(_CHUNK_RE.sub("", x, count=1) for x in lines[a:b])
        lines = [*lines[:a], joined, *lines[b:]]
    out: list[str] = []
    for i, line in enumerate(lines):
        notice = _NOTICE_HEAD_RE.match(line)
        if notice:
            out.extend(g for g in notice.groups() if g)
            line = line[notice.end() :]
            dated = _DATE_TITLE_RE.search(line)
            if dated:
                out.extend([line[: dated.start()], *dated.groups()])
                line = line[dated.end() :]
        # Flattened: the joined page chunks, or a line running two top-level headings together
        # ("…。一、总体要求…。二、主要任务…"); a paragraph that lists （一）…（二）… stays one line.
        flattened = (
            (chunks is not None and i == chunks[0])
            or len(set(_TOP_INLINE_RE.findall(line))) >= 2
            or (len(line) >= _LONG and _TITLE_THEN_HEADING_RE.match(line) is not None)
        )
        if not flattened:
            addressed = _TITLE_ADDRESSEES_RE.match(line)
            if addressed:
                out.extend(addressed.groups())
                line = line[addressed.end() :]
            out.extend(_split_numbered_page(line))
            continue
        head = _FUSED_TITLE_RE.match(line)
        if head:
            out.append(head.group(1))
            line = line[head.end() :]
        for part in _INLINE_HEADING_RE.split(line):
            out.extend(_split_heading_run(part))
    return out


def _split_heading_run(part: str) -> list[str]:
    """A heading split off the sub-heading or sentence it runs into, and a sub-heading off its
    first numbered item ("一、主要任务" / "（一）高质量推进知识产权创造" / "1.提升…")."""
    out: list[str] = []
    sub = _HEADING_THEN_SUB_RE.match(part) or _HEADING_THEN_TEXT_RE.match(part)
    if sub:
        out.append(sub.group(1))
        part = part[sub.end() :]
    item = _SUB_THEN_ITEM_RE.match(part)
    if item:
        out.append(item.group(1))
        part = part[item.end() :]
    return [*out, part] if part else out


def _split_numbered_page(line: str) -> list[str]:
    if len(line) < _PAGE_LINE or len(_NUMBERED_INLINE_RE.findall(line)) < 3:
        return [line]
    return [part.strip() for part in _NUMBERED_INLINE_RE.split(line) if part.strip()]


def normalize_source(source: Path | str) -> NormalizedText:
    src = read_source(source)
    doc = normalize_text(src.text, fmt=src.format, name=src.name)
    doc.ocr_pages = src.ocr_pages
    return doc
