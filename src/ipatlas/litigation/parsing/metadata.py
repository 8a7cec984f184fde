"""Site metadata before a document: a 案号/法院 table standing for the header, the document type a
body names, judges in a table, and 裁判日期, 案由, 法律依据, 裁判结果 keys."""

from __future__ import annotations

import contextlib
import datetime as dt
import re
from typing import Any

from ipatlas.litigation.laws import extract_citations
from ipatlas.litigation.numbers import parse_cn_date
from ipatlas.litigation.parsing.header import _case_number
from ipatlas.litigation.parsing.patterns import _COURT_RE, CASE_NO_RE, JUDGE_ROLES
from ipatlas.litigation.parsing.text import compact

_META_HEAD_RE = re.compile(
    r"^(?P<key>案号|案件字号|审理法院|法院|文书类型|文书种类|案件类型|当事人)[：:]?(?P<value>.*)$"
)
_TYPE_WORD = re.compile(r"(判决|裁定|调解)书")


def _meta_header(lines: list[str]) -> dict[str, Any] | None:
    """A page whose only header is site metadata (日期：/法院：/案号： lines, a 案号 | … table): the case
    number and court from it; the parties follow it, or follow its 当事人 key."""
    head: dict[str, Any] = {}
    for i, line in enumerate(lines[:80]):
        m = _META_HEAD_RE.match(compact(line))
        if not m:
            continue
        key, value = m.group("key"), m.group("value")
        if key in ("案号", "案件字号") and CASE_NO_RE.match(value) and "case_number" not in head:
            head.update(case_number=_case_number(value), start=head.get("start", i), body_lo=i + 1)
        elif key.endswith("法院") and _COURT_RE.match(value):
            head.setdefault("court", value.removeprefix("中华人民共和国"))
            head.setdefault("start", i)
        elif key.endswith("类型") or key.startswith("文书"):
            # 文书类型：判决书; 案件类型：民事 判决 (a 民事案件 value names no document)
            if (tm := _TYPE_WORD.search(value + "书")) is not None:
                head["type"] = tm.group(0)
        elif key == "当事人" and "case_number" in head and not value and i - head["body_lo"] < 12:
            head["body_lo"] = i + 1
    if "case_number" not in head:
        return None
    if "type" not in head:
        titled = [_TYPE_WORD.search(compact(x)) for x in lines[: head["start"]]]
        head["type"] = next((m.group(0) for m in titled if m), None)
    return head


def _type_from_body(body: str) -> str | None:
    """The document type of a text whose header does not give it: 本判决 / 判决如下 …"""
    m = re.search(r"(?:本|如下)(判决|裁定|调解)|(判决|裁定)如下|调解协议", body)
    if not m:
        # A report quoting the document: 法院裁定书中说道 / 法院的民事判决书载明.
        m = re.search(
            r"法院[^。，；]{0,8}?(?:民事|行政|刑事)?(判决|裁定)书(?:中|里)?(?:说道|写道|载明|指出|显示|称)",
            body,
        )
    if not m:
        return None
    word = m.group(1) or m.group(2) or "调解"
    return {"判决": "判决书", "裁定": "裁定书", "调解": "调解书"}[word]


_META_JUDGE = re.compile(rf"^({'|'.join(JUDGE_ROLES)})[：:]([\u4e00-\u9fa5·]{{2,6}})$")


def _meta_judges(lines: list[str]) -> list[dict[str, str]]:
    """书记员 | 沈晓玲 | in a metadata table (a role with one name)."""
    out = []
    for line in lines:
        m = _META_JUDGE.match(compact(line))
        if m:
            out.append({"name": m.group(2), "role": m.group(1)})
    return out


_META_DATE = re.compile(
    r"(?:裁判日期|裁判时间|判决日期|裁定日期|宣判日期|审判日期|审结日期|结案日期|结案时间)】?\s*[：:]?\s*"
    r"(\d{4}[-./]\d{1,2}[-./]\d{1,2}|[零〇○OoＯ0一二三四五六七八九\d]{4}年[零〇○一二三四五六七八九十\d]{1,3}月"
    r"[零〇○一二三四五六七八九十\d]{1,3}日)"
)
#: A bare 时间 key is a case date only on a line that also carries the case's own keys (时间：… 当事人：
#: 文号：…); beside 来源/作者/浏览 it is the date a site posted the page.
_CASE_LINE_KEYS = re.compile(r"(?:文号|案号|当事人|法官|审理法院|经办法院)[：:]")
_BARE_TIME = re.compile(r"(?:^|\s)(?:时间|日期)[：:]\s*(\d{4}-\d{1,2}-\d{1,2}|\d{4}年\d{1,2}月\d{1,2}日)")
#: Site keys that follow a value on the same line (案由：X 当事人：Y 案号：Z): the value stops there.
_NEXT_SITE_KEY = re.compile(r"(?:当事人|案号|经办法院|审理法院|结案日期|裁判日期|文号|法官)[：:]")


def _case_line_date(pre: list[str]) -> re.Match[str] | None:
    for line in pre:
        if _CASE_LINE_KEYS.search(line) and not re.search(r"来源[：:]|作者[：:]|浏览", line):
            m = _BARE_TIME.search(line)
            if m:
                return m
    return None


_META_LABELS = ("案由", "案件类型", "法律依据", "裁判文书类型", "裁判结果")
_META_KEYS = {"当事人", "案由", "法律依据", "全文", "法院", "所属地区", "案件类型", "审理程序", "案件名称"}


def _metadata(pre: list[str]) -> dict[str, Any]:
    """What a website states before the document (裁判日期、案由、案件类型、法律依据)."""
    out: dict[str, Any] = {}
    m = _META_DATE.search("\n".join(pre)) or _case_line_date(pre)
    if m:
        raw = m.group(1)
        iso = re.fullmatch(r"(\d{4})[-./](\d{1,2})[-./](\d{1,2})", raw)  # 2020-02-25, 2020.02.25
        with contextlib.suppress(ValueError):
            out["decided_on"] = dt.date(*map(int, iso.groups())) if iso else parse_cn_date(raw)
    for i, line in enumerate(pre):
        km = re.match(
            rf"^(?:[（(]?[一二三四五六七八九十\d]{{1,2}}[）)、.．])?【?({'|'.join(_META_LABELS)})】?[：:]?(.*)$",
            compact(line),
        )
        if not km:
            continue
        value = km.group(2) or (compact(pre[i + 1]) if i + 1 < len(pre) else "")
        if not value or value in _META_KEYS:
            continue
        if km.group(1) == "法律依据":
            out["laws"] = extract_citations(value)
        elif km.group(1) == "案由":
            out["cause"] = _NEXT_SITE_KEY.split(value, maxsplit=1)[0].rstrip("。")
        elif km.group(1) == "裁判结果":
            out["result"] = value
        else:
            out["kind"] = out.get("kind", "") + value
    return out
