"""Where the document is: title, header (notice, page metadata), body, signature, furniture.

Scraped plans come wrapped in a web page: product adverts, menus, phone numbers, QR-code
prompts, "本文链接", encyclopaedia info boxes and tables of contents, "相关词条". We find the
title line (the last plan-like title before the first top-level heading), take the body from
there to the first end marker or signature block, and drop furniture lines wherever they are.
Nothing is silently lost: furniture lines are reported in ``removed``.
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass, field

CN_NUM = "[一二三四五六七八九十百零〇两]+"

# Kinds of plan documents, by the word that ends their title.
KIND_WORDS = (
    "规划纲要",
    "发展规划",
    "专项规划",
    "规划",
    "工作方案",
    "实施方案",
    "行动方案",
    "方案",
    "实施意见",
    "指导意见",
    "意见",
    "行动计划",
    "工作计划",
    "计划",
    "纲要",
    "实施细则",
    "细则",
    "管理办法",
    "办法",
    "若干措施",
    "措施",
    "重点举措",
    "工作要点",
    "要点",
    "工作任务",
    "规定",
    "条例",
    "决定",
    "通知",
    # a reply to a request is one of the 公文 kinds (GB/T 9704) and carries a number as a notice does
    "批复",
    "指南",
    "工作指引",
    "指引",
    # documents that divide a plan's tasks among departments (实施…纲要任务分工, …工作分解方案)
    "任务分工",
    "工作分工",
    "任务分解",
    # the same as a table (a workbook's title row: …重点任务分工表, …任务清单)
    "分工表",
    "分解表",
    "任务清单",
)
_TITLE_TAIL_RE = re.compile(
    r"(（[^（）]*(年|稿|试行|草案|修订)[^（）]*）|（\d{4}(?:\s*[—–\-~至]\s*\d{4})?）)+$"
)
STATUS_WORDS = ("征求意见稿", "送审稿", "草案", "讨论稿", "修订稿", "代拟稿", "审议稿")
STATUS_LINE_RE = re.compile(rf"^（({'|'.join(STATUS_WORDS)})）$")

H1_RE = re.compile(rf"^({CN_NUM})、")
CHAPTER_RE = re.compile(rf"^第({CN_NUM})章")

# Key-value lines of legal databases and encyclopaedia info boxes.
META_KEYS = (
    "法律领域",
    "法律类别",
    "当前状态",
    "时效性",
    "效力级别",
    "效力",
    "颁布日期",
    "发布日期",
    "成文日期",
    "发文日期",
    "印发日期",
    "实施日期",
    "施行日期",
    "生效日期",
    "发布机关",
    "发文机关",
    "制定机关",
    "发文字号",
    "文号",
    "索引号",
    "主题分类",
    "公开方式",
    "来源",
    "中文名",
    "外文名",
    "类型",
    "类别",
    "分类",
)
# Other names of the same keys (government sites' 政务公开 boxes): stored under the name above.
META_ALIASES = {
    "文件号": "文号",
    "文件编号": "文号",
    "制发日期": "成文日期",
    "成文时间": "成文日期",
    "发布时间": "发布日期",
    # a policy portal's "政策来源：…局 | 发布机构：… | 发布时间：…" line
    "政策来源": "来源",
    "发布机构": "发布机关",
    "发布单位": "发布机关",
    # a 政策解读 page's "出台时间：2023年4月3日": the day the plan was issued
    "出台时间": "成文日期",
    "出台日期": "成文日期",
    "发文单位": "发文机关",
    "发文部门": "发文机关",
    "标题": "标题",
}
_KEYS = sorted((*META_KEYS, *META_ALIASES), key=len, reverse=True)
# A key may be spaced out to align a box (索 引 号, 标　　题) and be followed by ：, : or a cell bar.
_SPACED_KEYS = "|".join("[ \t\u3000]*".join(map(re.escape, k)) for k in _KEYS)
_UNKNOWN_KEY_RE = re.compile(r"^[\u4e00-\u9fff][\u4e00-\u9fff \t\u3000]{1,7}[：:].*$")
_FIELD_RE = re.compile(r"[\[［【]([^\[\]［］【】]*)[\]］】]")
_BRACKET_FIELDS_RE = re.compile(rf"(?:\s*{_FIELD_RE.pattern})+\s*")
_PAIR_RE = re.compile(rf"(?:^|(?<=[ \t\u3000|｜]))({_SPACED_KEYS})[ \t\u3000]*[：:|｜]")


def meta_pairs(line: str) -> list[tuple[str, str]]:
    """The (key, value) pairs of a metadata line: one pair (发文字号：国发〔2021〕20号), several on one
    line separated by blanks (发文机关：国务院	成文日期：2021年10月09日), or a table row
    (文件号 | 国知发运字〔2025〕16号 | 制发日期 | 2025年…). Empty when the line is not one."""
    text = line.strip(" \t\u3000|｜")
    if _BRACKET_FIELDS_RE.fullmatch(text):
        # an open-information list's bracketed fields ("[发布日期：2017-08-03][点击数：]"): the known keys
        fields = (
            re.fullmatch(r"([\u4e00-\u9fff]{2,6})[：:]\s*(.*)", f.strip()) for f in _FIELD_RE.findall(text)
        )
        return [(META_ALIASES.get(k, k), v) for m in fields if m for k, v in [m.groups()] if k in _KEYS and v]
    cells = [c.strip(" \t\u3000") for c in re.split(r"[|｜]", text)]
    # a box whose key cells stand in brackets ("[ 发布机构 ] | …局 |", 重庆's portals) has rows of one pair
    bracketed = bool(_FIELD_RE.fullmatch(cells[0]))
    keys = [re.sub(r"[ \t\u3000\[\]［］【】]", "", k) for k in cells[0::2]]
    if (len(cells) >= 4 or (bracketed and len(cells) >= 2)) and all(
        re.fullmatch(r"[\u4e00-\u9fff]{0,8}", k) for k in keys
    ):
        # A box's table row, key and value cells alternating ("组配分类 | 其他文件 | 发布机构 | …",
        # "文号 | … | 有效性 | 有效"): the known keys' values; a key this reader does not know is skipped.
        row = [(META_ALIASES.get(k, k), v) for k, v in zip(keys, cells[1::2], strict=False) if k in _KEYS]
        if row:
            return row
    found = list(_PAIR_RE.finditer(text))
    if not found or found[0].start() != 0:
        return []
    pairs: list[tuple[str, str]] = []
    for m, nxt in zip(found, [*found[1:], None], strict=True):
        value = text[m.end() : nxt.start() if nxt else len(text)].strip(" \t\u3000|｜")
        # a bar ends a field ("发布时间：2022-01-11 | 7243 次浏览：| 分享到：")
        value = re.split(r"\s*[|｜]", value, maxsplit=1)[0]
        # An empty field followed by a key this reader does not know ("文 号: 是否有效:",
        # "发布机构: 生成日期: 2025-03-17"): the field is empty, not that key.
        value = _UNKNOWN_KEY_RE.sub("", value)
        if len(value) > 120:
            return []
        key = re.sub(r"[ \t\u3000]", "", m.group(1))
        pairs.append((META_ALIASES.get(key, key), value))
    return pairs


# A page's timestamp on its own line: 2012-07-19 00:00, or day first (24.07.2017 13:53).
TIMESTAMP_RE = re.compile(
    r"^(?:(?P<y>\d{4})-(?P<m>\d{1,2})-(?P<d>\d{1,2})|(?P<d2>\d{1,2})\.(?P<m2>\d{1,2})\.(?P<y2>\d{4}))"
    r"(?:\s+\d{1,2}:\d{2}(?::\d{2})?)?$"
)
# A page's "时间:2022-08-12 11:17来源:…" line (a bare 时间 key counts only before a timestamp).
PAGE_TIME_RE = re.compile(r"^[•·\-\s]*时间[：:]\s*(\d{4}-\d{1,2}-\d{1,2})(?:\s+\d{1,2}:\d{2}(?::\d{2})?)?")
# A signed date on its own line: 2021年11月24日, 二〇一二年三月十三日 (its 〇 typed as 0 or the letter O:
# 二OO九年), or digits only (20211124).
DATE_LINE_RE = re.compile(
    rf"^(?:(\d{{4}}|[{CN_NUM[1:-2]}〇零○0O]{{4}})年({CN_NUM}|\d{{1,2}})月({CN_NUM}|\d{{1,2}})日"
    r"|((?:19|20)\d{2})(0[1-9]|1[0-2])(0[1-9]|[12]\d|3[01]))$"
)

# Lines that end the document body (site footers, related links).
END_RE = re.compile(
    r"^(文件链接|档案链接|原文链接|本文链接|本文关键词|相关词条|热门词条|相关链接|相关文章|相关新闻|"
    r"相关阅读|相关政策|政策解读|扫描二维码|扫一扫|关注我们|联系我们|联络我们|技术支持|服务支持|"
    r"责任编辑|编辑：|审核：|【打印】|打印本页|关闭窗口|关闭$|分享到|上一篇|下一篇|返回顶部|版权所有|"
    r"主办单位：|网站标识码|.*ICP备)"
)
# Furniture anywhere: phone numbers, QR codes, adverts, links, info-box headers.
FURNITURE_RE = re.compile(
    r"(购买咨询|咨询电话|联系电话|技术支持电话|服务支持电话|客服电话|热线电话|传真[：:]|二维码|"
    r"扫一扫|关注我们|微信公众号|本文链接|本文关键词|https?://|^//|www\.|^基本介绍$|^目录$|"
    r"^（此件公开发布）$|^（此件主动公开）$|^（此件不公开）$|阅读次数|浏览次数|点击数|字号：|"
    r"^【?(大|中|小)】?\s*【?(大|中|小)】?|^(首页|当前位置)[：>]|^[+\d（）() \-]{7,}$)"
)


def _prose(line: str) -> bool:
    """A sentence of the document: page furniture has no commas and no full stop."""
    return any(p in line for p in "，；") or line.endswith("。")


def _is_furniture(line: str) -> bool:
    # "推广二维码溯源，…" and "利用微信公众号等新媒体，…" are prose, not furniture.
    return not _prose(line) and FURNITURE_RE.search(line) is not None


def _is_end(line: str) -> bool:
    return not _prose(line) and END_RE.match(line) is not None


# 海关: a customs district signs with its own name ("南昌海关").
ORG_TAIL = r"(人民政府|办公厅|办公室|委员会|政府|局|厅|委|部|院|会|中心|室|署|处|海关)"
ORG_RE = re.compile(rf"^[\u4e00-\u9fff（）]{{2,40}}{ORG_TAIL}$")


# A plan's cover: its drafting organ above a year and month ("重庆市…科学技术局" / "2021年8月").
MONTH_LINE_RE = re.compile(rf"^(?:\d{{4}}|[{CN_NUM[1:-2]}〇零○0O]{{4}})年(?:{CN_NUM}|\d{{1,2}})月$")


@dataclass
class DocumentParts:
    lines: list[str]
    title_index: int | None
    body_start: int
    body_end: int  # exclusive
    header: list[int] = field(default_factory=list)
    trailer: list[int] = field(default_factory=list)
    furniture: list[int] = field(default_factory=list)
    meta: dict[str, str] = field(default_factory=dict)
    toc: list[str] = field(default_factory=list)
    status: str | None = None
    published_on: tuple[int, int, int] | None = None
    signatures: list[tuple[list[str], str]] = field(default_factory=list)  # (issuers, date line)

    @property
    def title(self) -> str | None:
        return None if self.title_index is None else self.lines[self.title_index]

    def body_lines(self) -> list[str]:
        skip = set(self.furniture)
        return [self.lines[i] for i in range(self.body_start, self.body_end) if i not in skip]


def strip_title(line: str) -> str:
    """A title without its wrapper: 《…》, trailing （2018-2021年）/（征求意见稿）, doc numbers."""
    s = line.strip()
    s = re.sub(r"^[\u4e00-\u9fff]{1,8}〔\d{4}〕\d+号", "", s)
    # a site's column label in front ("【自治区文件】 内蒙古…纲要") is not part of the title
    s = re.sub(r"^【[^【】]{1,12}】\s*(?=\S)", "", s)
    if s.startswith("《") and s.endswith("》"):
        s = s[1:-1]
    return s


def title_kind(title: str) -> str | None:
    """The document kind by the title's last word (quoted titles inside 《》 do not count)."""
    s = _TITLE_TAIL_RE.sub("", strip_title(title))
    for word in KIND_WORDS:
        if s.endswith(word):
            return word
    return None


def _is_title_candidate(line: str) -> bool:
    if len(line) > 100 or line.endswith(("。", "：", "；", "，")) or meta_pairs(line):
        return False
    if H1_RE.match(line) or re.match(r"^（[一二三四五六七八九十]+）|^\d+\.", line):
        return False
    return title_kind(line) is not None


def _is_notice(line: str) -> bool:
    s = strip_title(line)
    return s.endswith("通知") or "关于印发" in s


def _toc(lines: list[str]) -> tuple[int | None, list[str]]:
    """An encyclopaedia table of contents: "工作目标，试点时间，主要任务，…，" whose items recur."""
    for i, line in enumerate(lines[:60]):
        items = [x for x in line.split("，") if x]
        if len(items) >= 3 and all(2 <= len(x) <= 10 and re.fullmatch(r"[\u4e00-\u9fff]+", x) for x in items):
            rest = set(lines[i + 1 :])
            if sum(x in rest for x in items) >= max(2, len(items) - 1):
                return i, items
    return None, []


def _first_heading(lines: list[str], toc: list[str], start: int) -> int | None:
    toc_set = set(toc)
    for i in range(start, len(lines)):
        line = lines[i]
        if H1_RE.match(line) or CHAPTER_RE.match(line) or line in toc_set:
            return i
    return None


def _named_whole(title: str, text: str) -> bool:
    """The document names `title` whole elsewhere: 《title》 or 印发title, comparing without spaces, with a
    quotation's inner 〈〉 read as 《》 (the notice quotes "《…〈…〉…》", the title line "…《…》…") and a
    range's dashes alike (the notice's "（2022-2025年）", the plan's own "（2022—2025年）")."""
    name = _DASHES_RE.sub("-", strip_title(title).replace(" ", ""))
    return any(f"{q}{name}" in text for q in ("《", "印发"))


def _heading_names(joined: str, others: list[str]) -> bool:
    """A plan's title broken on its cover is named whole by a line of the page that opens with it (a
    site's heading "…规划及政策解读" above the cover, the title run onto the preamble). Notices are
    left to the rules above (their organs' spacing differs between heading and letterhead)."""
    name = _DASHES_RE.sub("-", joined.replace(" ", ""))
    return not _is_notice(joined) and any(
        _DASHES_RE.sub("-", o.replace(" ", "")).startswith(name) for o in others
    )


_DASHES_RE = re.compile(r"[—–－―~～-]+")


def _quoted_text(lines: list[str]) -> str:
    text = "\n".join(lines).replace(" ", "").replace("〈", "《").replace("〉", "》")
    return _DASHES_RE.sub("-", text)


def join_split_titles(lines: list[str]) -> list[str]:
    """A title broken over two or three lines ("民和县贯彻落实青海省“十四五”知识产权" /
    "保护和运用规划实施意见") is one line again when the document names it whole elsewhere (《…》 or
    印发… in its notice)."""
    text = _quoted_text(lines)
    out: list[str] = []
    i = 0
    while i < len(lines):
        for k in (3, 2):
            parts = lines[i : i + k]
            joined = "".join(parts)
            if (
                len(parts) == k
                and all(len(a) <= 40 and not re.search("[，。；：]", a) for a in parts[:-1])
                and not any(_is_title_candidate(a) for a in parts[:-1])
                and not any(H1_RE.match(b) for b in parts[1:])
                and _is_title_candidate(joined)
                # named whole elsewhere, or opening with 关于 (a title's own first word; no sentence does),
                # or broken right after it ("国务院…办公室关于" / "总结…的通知": no line ends with 关于)
                and (
                    _named_whole(joined, text)
                    or _heading_names(joined, lines[:i] + lines[i + k :])
                    or (k == 2 and (parts[0].startswith("关于") or parts[0].endswith("关于")))
                )
            ):
                out.append(joined)
                i += k
                break
        else:
            out.append(lines[i])
            i += 1
    return out


def _valid_day(y: int, mo: int, d: int) -> tuple[int, int, int] | None:
    return (y, mo, d) if 1 <= mo <= 12 and 1 <= d <= calendar.monthrange(y, mo)[1] else None


def find_document_parts(lines: list[str]) -> DocumentParts:
    lines = join_split_titles(lines)
    furniture: set[int] = set()
    meta: dict[str, str] = {}
    published: tuple[int, int, int] | None = None
    toc_index, toc = _toc(lines)
    if toc_index is not None:
        furniture.add(toc_index)
    for i, line in enumerate(lines):
        pairs = meta_pairs(line)
        page_time = None if pairs else PAGE_TIME_RE.match(line)
        if page_time:
            published = published or _valid_day(*map(int, page_time.group(1).split("-")))
            furniture.add(i)
        elif pairs:
            for key, value in pairs:
                meta.setdefault(key, value)
            furniture.add(i)
        elif TIMESTAMP_RE.match(line):
            tm = TIMESTAMP_RE.match(line)
            assert tm is not None
            if published is None:
                y, mo, d = (int(tm.group(k) or tm.group(k + "2")) for k in ("y", "m", "d"))
                if 1 <= mo <= 12 and 1 <= d <= calendar.monthrange(y, mo)[1]:
                    published = (y, mo, d)
            furniture.add(i)
        elif _is_furniture(line):
            furniture.add(i)

    # Title: the last plan-like title before the first top-level heading; plans carried by an
    # 印发 notice have the notice first, so a non-notice title wins over the notice's.
    first_h = _first_heading(lines, toc, 0)
    limit = first_h if first_h is not None else min(len(lines), 30)
    candidates = [i for i in range(limit) if i not in furniture and _is_title_candidate(lines[i])]
    plain = [i for i in candidates if not _is_notice(lines[i])]
    chosen = plain or candidates
    title_index: int | None = chosen[-1] if chosen else None

    status = None
    body_start = 0 if title_index is None else title_index + 1
    while body_start < len(lines) and (
        body_start in furniture or STATUS_LINE_RE.match(lines[body_start]) or lines[body_start] == "（试行）"
    ):
        sm = STATUS_LINE_RE.match(lines[body_start])
        if sm:
            status = sm.group(1)
            furniture.discard(body_start)
        body_start += 1
    if title_index is not None and status is None:
        tm2 = re.search(rf"（({'|'.join(STATUS_WORDS)})）", lines[title_index])
        if tm2:
            status = tm2.group(1)

    # Signatures: issuer line(s) directly above a standalone date line.
    signatures: list[tuple[list[str], str]] = []
    signature_lines: set[int] = set()
    for i, line in enumerate(lines):
        if DATE_LINE_RE.match(line) and i > 0:
            # "（国家知识产权局代章）" may stand between the issuer and the date.
            k = i - 1
            if k > 0 and re.fullmatch(r"[（(][\u4e00-\u9fff]{2,30}代章[）)]", lines[k]):
                k -= 1
            orgs = lines[k].split(" ")
            if all(ORG_RE.match(o) for o in orgs):
                # joint issuers sign one organ a line ("中共…委员会办公厅" / "…人民政府办公厅")
                while k > 0 and all(ORG_RE.match(o) for o in lines[k - 1].split(" ")):
                    k -= 1
                    orgs = lines[k].split(" ") + orgs
                signatures.append((orgs, line))
                signature_lines.update(range(k, i + 1))

    # Body end: first end marker or signature after the body start.
    body_end = len(lines)
    prose_seen = False  # an end marker above the text ("编辑：… 2019-01-14" as a byline) ends nothing
    for i in range(body_start, len(lines)):
        if (_is_end(lines[i]) and prose_seen) or (i in signature_lines and i > body_start):
            body_end = i
            break
        prose_seen = prose_seen or (i not in furniture and _prose(lines[i]))
    header = [i for i in range(0, body_start) if i != title_index]
    trailer = list(range(body_end, len(lines)))
    for i in trailer:
        if i not in signature_lines:
            furniture.add(i)
    return DocumentParts(
        lines=lines,
        title_index=title_index,
        body_start=body_start,
        body_end=body_end,
        header=header,
        trailer=trailer,
        furniture=sorted(furniture),
        meta=meta,
        toc=toc,
        status=status or meta.get("当前状态") or meta.get("时效性"),
        published_on=published,
        signatures=signatures,
    )


def cover_organs(parts: DocumentParts) -> list[str]:
    """The organs named on a plan's cover above its year and month, near the document's start (round 22)."""
    lines = parts.lines
    for i in range(1, min(len(lines), parts.body_start + 12)):
        if MONTH_LINE_RE.match(lines[i].strip()):
            orgs = lines[i - 1].strip().split(" ")
            if all(ORG_RE.match(o) for o in orgs):
                return orgs
    return []
