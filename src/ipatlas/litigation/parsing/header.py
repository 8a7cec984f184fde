"""The document header: (court line, type line, case-number line) triples, the court's name as
printed, the case number (a masked one unmasked from the page), the instance."""

from __future__ import annotations

import re

from ipatlas.litigation.parsing.party import Party, _is_party_line
from ipatlas.litigation.parsing.patterns import _COURT_RE, _DOC_TYPE_RE, CASE_NO_RE, DOCUMENT_TYPES
from ipatlas.litigation.parsing.text import compact, normalise_line

_COURT_JUNK = re.compile(r"^.*[>»›|：:]\s*(?=[\u4e00-\u9fa5]{2,30}法院?$)")


def _court_text(line: str) -> str:
    """The court name of a header line: navigation glued before it and a clipped 中华 dropped,
    a clipped final 院 restored (湖北省武汉市中级人民法)."""
    c = _COURT_JUNK.sub("", compact(line)).strip("\"'“”‘’「」『』")  # a quote left by the paste
    c = re.sub(r"^(?:中华|华)?人民共和国(?=\S{2,}法院?$)", "中华人民共和国", c)
    if c.endswith("人民法"):
        c += "院"
    return c


#: A type line naming the cause and the instance (特许经营合同纠纷二审判决书) under the court line.
_TITLED_TYPE_RE = re.compile(
    r"^(?P<cause>[\u4e00-\u9fa5、]{2,40}?(?:纠纷|罪))(?:一审|二审|再审)?(?:民事|刑事|行政)?"
    r"(?:案件)?(?P<type>判决书|裁定书|调解书)$"
)


def _is_type_line(lines: list[str], i: int) -> bool:
    """A document-type line; one naming its cause counts only between a court line and a party line."""
    c = compact(lines[i])
    if _DOC_TYPE_RE.match(c):
        return True
    return bool(
        _TITLED_TYPE_RE.match(c)
        and i > 0
        and _COURT_RE.match(_court_text(lines[i - 1]))
        and i + 1 < len(lines)
        and _is_party_line(compact(lines[i + 1]))
    )


def _find_headers(lines: list[str]) -> list[tuple[int, int, int]]:
    """(court line, type line, case-number line) triples, in order."""
    headers: list[tuple[int, int, int]] = []
    for i in range(len(lines)):
        if not _is_type_line(lines, i):
            continue
        court_idx = -1
        for j in (i - 1, i - 2):
            if j >= 0 and _COURT_RE.match(_court_text(lines[j])) and compact(lines[j]) != "中华人民共和国":
                court_idx = j
                break
        below = i + 1
        if court_idx < 0 and below < len(lines) and _COURT_RE.match(_court_text(lines[below])):
            court_idx, below = below, below + 1  # a repost printing 民事判决书 over its court line
        num_idx = -1
        for j in range(below, min(below + 3, len(lines))):
            m = CASE_NO_RE.search(compact(lines[j]))
            if m and m.start() < 6:
                num_idx = j
                break
        if court_idx >= 0 or num_idx >= 0:
            headers.append((court_idx, i, num_idx))
    return headers


def _case_number(raw: str) -> str:
    s = compact(raw)
    m = CASE_NO_RE.search(s)
    return m.group(0) if m else s


def _procedure(case_number: str | None, parties: list[Party], body: str) -> str:
    if case_number:
        tail = re.sub(r"^（\d{4}）", "", case_number)
        if re.search(r"监|申|再|提|抗", tail):
            return "再审"
        if "终" in tail:
            return "二审"
        if "初" in tail:
            return "一审"
        if "辖" in tail or "执" in tail or "保" in tail:
            return "其他"
    roles = {p.role for p in parties}
    if roles & {"再审申请人", "申请再审人", "被申请再审人", "再审被申请人", "申诉人", "被申诉人"}:
        return "再审"
    if roles & {"上诉人", "被上诉人", "抗诉机关"}:
        return "二审"
    if roles & {"原告", "被告"}:
        return "一审"
    return "其他"


_MASK_RUN = re.compile(r"[XxＸ×＊*]+|某+")


def _unmasked_number(number: str | None, pre: list[str]) -> str | None:
    """A header number masked by the site ((2006)一中民初字第X号) when a metadata line above it gives
    the same number whole (文号：(2006)一中民初字第8908号)."""
    if not number or not _MASK_RUN.search(number):
        return number
    parts = _MASK_RUN.split(number)
    pattern = re.compile(r"\d+".join(re.escape(x) for x in parts))
    for m in CASE_NO_RE.finditer(normalise_line("\n".join(compact(x) for x in pre))):
        whole = _case_number(m.group(0))
        if pattern.fullmatch(whole) and not _MASK_RUN.search(whole):
            return whole
    return number


def _fallback_header(lines: list[str]) -> tuple[int, int, int] | None:
    """No document-type line: a stand-alone case number near a court line (court, -1, number)."""
    for i, line in enumerate(lines[:60]):
        c = compact(line)
        m = CASE_NO_RE.match(c)
        if m and (len(c) - len(m.group(0)) <= 2 or _type_on_number_line(c)):
            for j in range(i - 1, max(-1, i - 4), -1):
                if _COURT_RE.match(_court_text(lines[j])):
                    return j, -1, i
    return None


def _type_on_number_line(line: str) -> str | None:
    """（2015）陕民三终字第00001号民事判决: the type printed after the case number, 书 left out."""
    c = compact(line)
    m = CASE_NO_RE.match(c)
    t = re.fullmatch(r"(?:民事|刑事|行政)?(判决|裁定|调解)书?", c[m.end() :]) if m else None
    return t.group(1) + "书" if t else None


def _court_and_type(lines: list[str], court_idx: int, type_idx: int) -> tuple[str | None, str | None]:
    court = None
    if court_idx >= 0:
        court = _court_text(lines[court_idx]).removeprefix("中华人民共和国")
    doc_type = None
    if type_idx >= 0:
        m = _DOC_TYPE_RE.match(compact(lines[type_idx]))
        titled = _TITLED_TYPE_RE.match(compact(lines[type_idx]))
        doc_type = m.group(2) if m and m.group(2) in DOCUMENT_TYPES else "其他"
        doc_type = titled.group("type") if titled and not m else doc_type
    return court, doc_type
