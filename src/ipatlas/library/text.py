"""Reading law texts (Markdown, TXT, DOCX, HTML, UTF-8 or GBK) and parsing their structure.

Structure: 编/分编/章/节 headings, 条 (articles, with 之一 variants) made of 款 (paragraphs) that hold
项 (items, （一）…); the text before the first article is the preamble, 附件/附录 after the articles
are annexes. Documents without articles (plans, notices) are split into sections at their
top-level ``一、`` headings. Numbers are Chinese numerals, converted with ``cn2an``.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ipatlas.errors import InputError

NUMERAL = r"[〇零一二三四五六七八九十百千两\d]+"
HEADING_RE = re.compile(rf"^第({NUMERAL})(编|分编|章|节)(?:[\s　]+(.*))?$")
ARTICLE_RE = re.compile(rf"^第({NUMERAL})条(?:之([一二三四五六七八九十]+))?(?:[\s　]+(.*))?$")
ITEM_RE = re.compile(r"^[（(]([一二三四五六七八九十]+)[)）]")
ANNEX_RE = re.compile(r"^(附件|附录|附表)[一二三四五六七八九十\d]*(?:[：:\s　]|$)")
SECTION_RE = re.compile(r"^([一二三四五六七八九十]+)、")
META_RE = re.compile(
    r"^[•·\-*]?\s*(法律领域|法律类别|效力级别|当前状态|颁布日期|实施日期|公布日期|施行日期|来源)\s*[:：]\s*(.*)$"
)
DATE_RE = re.compile(r"(\d{4})\s*[年\-./]\s*(\d{1,2})\s*[月\-./]\s*(\d{1,2})\s*日?")
INFO_END = "<!-- INFO END -->"

META_KEYS = {"公布日期": "颁布日期", "施行日期": "实施日期"}
LEVELS = ("法律", "行政法规", "部门规章", "司法解释", "地方性法规", "地方政府规章", "规范性文件", "党内法规")


def cn_number(text: str) -> int:
    """``六十五`` → 65, ``二百一十三`` → 213, ``12`` → 12 (raises InputError on anything else)."""
    if text.isdigit():
        return int(text)
    import cn2an

    try:
        return int(cn2an.cn2an(text.replace("两", "二").replace("〇", "零"), "smart"))
    except (ValueError, KeyError) as exc:
        raise InputError(f"无法识别的中文数字: {text}") from exc


def parse_date(value: str | None) -> dt.date | None:
    if not value or not value.strip():
        return None
    m = DATE_RE.search(value)
    if not m:
        raise InputError(f"日期格式无效: {value!r}（应为 YYYY-MM-DD）")
    try:
        return dt.date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
    except ValueError as exc:
        raise InputError(f"日期无效: {value!r}") from exc


def normalise_title(title: str) -> str:
    """The key of a work: NFKC, no spaces, no enumeration commas (``最高人民法院 最高人民检察院`` and
    ``最高人民法院、最高人民检察院`` are one author pair)."""
    t = unicodedata.normalize("NFKC", title)
    return re.sub(r"[\s、,，·《》〈〉]", "", t)


# ---- reading files ----------------------------------------------------------------------------
def decode_bytes(data: bytes, name: str) -> tuple[str, str | None]:
    """UTF-8 (with or without BOM) or GBK/GB18030; the note says when a conversion happened."""
    if b"\x00" in data[:4096]:
        raise InputError("不是文本文件（含二进制内容）", file=name)
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    try:
        return data.decode("utf-8"), None
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("gb18030"), f"{name}: 文件为 GBK/GB18030 编码，已转换为 UTF-8"
    except UnicodeDecodeError:
        raise InputError("无法识别文件编码（既不是 UTF-8 也不是 GBK）", file=name) from None


def read_source(path: Path) -> tuple[str, str | None]:
    """The text of a .md/.txt/.html/.docx file and an encoding note (or None)."""
    name = path.name
    suffix = path.suffix.lower()
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise InputError(f"无法读取文件: {exc.strerror or exc}", file=name) from None
    if suffix == ".docx":
        return _read_docx(path, data), None
    if suffix in (".md", ".markdown", ".txt", ".text"):
        return decode_bytes(data, name)
    if suffix in (".html", ".htm"):
        text, note = decode_bytes(data, name)
        return html_to_text(text), note
    raise InputError(f"不支持的文件类型 {suffix or '（无扩展名）'}：支持 .md .txt .docx .html", file=name)


def _read_docx(path: Path, data: bytes) -> str:
    import io
    import zipfile

    import docx

    try:
        document = docx.Document(io.BytesIO(data))
    except (zipfile.BadZipFile, KeyError, ValueError) as exc:
        raise InputError(f"不是有效的 DOCX 文件: {exc}", file=path.name) from None
    return "\n".join(p.text for p in document.paragraphs)


def html_to_text(html: str) -> str:
    from bs4 import BeautifulSoup

    soup = BeautifulSoup(html, "lxml")
    for tag in soup(["script", "style", "nav", "header", "footer", "noscript"]):
        tag.decompose()
    lines: list[str] = []
    title = soup.find("h1") or soup.find("title")
    for block in soup.find_all(["h1", "h2", "h3", "h4", "p", "li", "div", "td"]):
        if block.find(["p", "li", "div", "h1", "h2", "h3", "h4", "td"]):
            continue  # only leaf blocks, so nothing is emitted twice
        text = block.get_text(" ", strip=True)
        if text:
            lines.append(text)
    if title is not None:
        t = title.get_text(" ", strip=True)
        if t and (not lines or lines[0] != t):
            lines.insert(0, t)
    if not lines:
        lines = [ln for ln in soup.get_text("\n").splitlines() if ln.strip()]
    return "\n".join(lines)


# ---- structure --------------------------------------------------------------------------------
@dataclass
class ParsedRecord:
    kind: str  # article / preamble / annex / section
    label: str
    anchor: str
    number: int | None = None
    heading: str | None = None
    lines: list[str] = field(default_factory=list)

    @property
    def text(self) -> str:
        return "\n".join(self.lines)

    def paragraphs(self) -> list[dict[str, Any]]:
        """款 with their 项 (items attach to the paragraph before them)."""
        out: list[dict[str, Any]] = []
        for line in self.lines:
            m = ITEM_RE.match(line)
            if m and out:
                out[-1]["items"].append({"n": cn_number(m.group(1)), "text": line})
            else:
                out.append({"n": len(out) + 1, "text": line, "items": []})
        return out


@dataclass
class ParsedDocument:
    title: str
    meta: dict[str, str]
    history: list[str]
    records: list[ParsedRecord]
    body_hash: str
    notes: list[str] = field(default_factory=list)

    def history_dates(self) -> tuple[dt.date | None, dt.date | None]:
        """(promulgated, effective) read from the promulgation history lines when present."""
        promulgated: dt.date | None = None
        effective: dt.date | None = None
        for line in self.history:
            for m in DATE_RE.finditer(line):
                try:
                    d = dt.date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
                except ValueError:
                    continue
                if "施行" in line[m.end() : m.end() + 12]:
                    effective = d
                elif promulgated is None or d > promulgated:
                    promulgated = d
        return promulgated, effective


def _clean_line(line: str) -> str:
    line = line.replace("\u3000", " ").strip()
    line = re.sub(r"^#{1,6}\s*", "", line)
    line = re.sub(r"^[•·]\s*", "", line)
    return line.strip()


def parse_document(text: str, *, name: str, title: str | None = None) -> ParsedDocument:
    """Split a law text into title, metadata bullets, history, and records with anchors."""
    raw = unicodedata.normalize("NFC", text).replace("\r\n", "\n").replace("\r", "\n")
    lines = raw.split("\n")
    meta: dict[str, str] = {}
    history: list[str] = []
    found_title = title
    body_start = 0
    if INFO_END in raw:
        head_end = next(i for i, ln in enumerate(lines) if INFO_END in ln)
        head = [_clean_line(ln) for ln in lines[:head_end]]
        head = [ln for ln in head if ln]
        if head and found_title is None:
            found_title = head[0]
        history = head[1:]
        body_start = head_end + 1
    else:
        meta_idx = [i for i, ln in enumerate(lines) if META_RE.match(_clean_line(ln))]
        if meta_idx:
            first = meta_idx[0]
            before = [_clean_line(ln) for ln in lines[:first]]
            before = [ln for ln in before if ln]
            if before and found_title is None:
                found_title = before[-1]
            for i in meta_idx:
                m = META_RE.match(_clean_line(lines[i]))
                assert m is not None
                meta[META_KEYS.get(m.group(1), m.group(1))] = m.group(2).strip()
            body_start = meta_idx[-1] + 1
        else:
            for i, ln in enumerate(lines):
                cleaned = _clean_line(ln)
                if cleaned:
                    if found_title is None:
                        found_title = cleaned
                        body_start = i + 1
                    else:
                        body_start = i
                    break
    body = [_clean_line(ln) for ln in lines[body_start:]]
    body = [ln for ln in body if ln and ln != INFO_END and not ln.startswith("<!--")]
    if not found_title:
        raise InputError("文件没有标题（第一行应为标题）", file=name)
    found_title = found_title.strip()
    if body and _clean_line(body[0]) == found_title:
        body = body[1:]
    if not body:
        raise InputError("文件没有正文", file=name)
    records = structure(body)
    body_hash = hashlib.sha256("\n".join(body).encode("utf-8")).hexdigest()
    return ParsedDocument(found_title, meta, history, records, body_hash)


def structure(body: list[str]) -> list[ParsedRecord]:
    has_articles = any(ARTICLE_RE.match(ln) for ln in body)
    records: list[ParsedRecord] = []
    path: dict[str, str] = {}
    current: ParsedRecord | None = None
    anchors: set[str] = set()

    def unique(anchor: str) -> str:
        base, n = anchor, 1
        while anchor in anchors:
            n += 1
            anchor = f"{base}-{n}"
        anchors.add(anchor)
        return anchor

    def heading_text() -> str | None:
        parts = [path[k] for k in ("编", "分编", "章", "节") if k in path]
        return " / ".join(parts) or None

    annexes = 0
    for line in body:
        if has_articles:
            h = HEADING_RE.match(line)
            if h and (current is None or current.kind != "annex"):
                level = h.group(2)
                path[level] = line
                for lower in {"编": ("分编", "章", "节"), "分编": ("章", "节"), "章": ("节",), "节": ()}[
                    level
                ]:
                    path.pop(lower, None)
                continue
            a = ARTICLE_RE.match(line)
            if a and (current is None or current.kind != "annex"):
                number = cn_number(a.group(1))
                sub = cn_number(a.group(2)) if a.group(2) else None
                label = f"第{a.group(1)}条" + (f"之{a.group(2)}" if a.group(2) else "")
                anchor = unique(f"art-{number}" + (f"-{sub}" if sub else ""))
                current = ParsedRecord("article", label, anchor, number, heading_text())
                if a.group(3):
                    current.lines.append(a.group(3).strip())
                records.append(current)
                continue
            if ANNEX_RE.match(line) and any(r.kind == "article" for r in records):
                annexes += 1
                current = ParsedRecord("annex", line[:60], unique(f"annex-{annexes}"), None, None, [line])
                records.append(current)
                continue
        else:
            s = SECTION_RE.match(line)
            if s:
                number = cn_number(s.group(1))
                current = ParsedRecord("section", line[:60], unique(f"sec-{number}"), number, None, [line])
                records.append(current)
                continue
        if current is None:
            current = ParsedRecord("preamble", "序言", unique("preamble"))
            records.append(current)
        current.lines.append(line)
    return [r for r in records if r.lines or r.kind == "article"]


# ---- segmentation -----------------------------------------------------------------------------
_TOKEN_RE = re.compile(r"[^\W_]+")
_jieba_ready = False


def segment(text: str) -> list[str]:
    """Lower-cased jieba tokens of ``text`` without punctuation (the words index's vocabulary)."""
    global _jieba_ready
    import jieba

    if not _jieba_ready:
        jieba.setLogLevel(60)
        jieba.initialize()
        _jieba_ready = True
    tokens: list[str] = []
    for tok in jieba.lcut(unicodedata.normalize("NFKC", text).lower()):
        tokens.extend(_TOKEN_RE.findall(tok))
    return tokens


def words_column(text: str) -> str:
    return " " + " ".join(segment(text)) + " "
