"""Time limits and cycles of a task: "2024年6月底前完成" → 2024-06, "完成时限：2024年上半年" → 2024-06,
"完成时限：2024—2025年" → 2025; 每年/每季度/季报 …, and 持续推进 as a time limit → 长期."""

from __future__ import annotations

import re

DEADLINE_RE = re.compile(
    r"(?:(?:完成)?时限[：:]\s*)?(\d{4})年(?:(\d{1,2})月(?:(\d{1,2})日)?)?(?:底|末)?(?:前|之前|以前)(?:完成|建成|出台|实现)?"
)
CYCLE_RE = (
    ("每季度", re.compile(r"每季度|按季度|季报")),
    ("每半年", re.compile(r"每半年")),
    ("每月", re.compile(r"每月|按月")),
    ("每年", re.compile(r"每年|年度报告|逐年")),
    # "完成时限：持续推进" (a 任务分工 table's time cell, a note's time key): ongoing, no end date.
    # "（A、B按职责分工负责，持续推进）": a note's closing clause, the whole of the task's time limit.
    (
        "长期",
        re.compile(
            r"长期坚持|长期推进|长期有效|(?:完成时限|完成时间|时间节点|时限)[：:]\s*(?:持续推进|长期|常态化)|"
            r"(?:^|[。；，])(?:持续推进|长期坚持|常态化推进)[。；]?\s*$"
        ),
    ),
)
# A time key's value needs no 前: "完成时限：2018年12月".
KEYED_DEADLINE_RE = re.compile(
    r"(?:完成时限|完成时间|时间节点|时限)[：:]\s*(\d{4})年(?:(\d{1,2})月(?:(\d{1,2})日)?)?"
)


_TIME_KEY = r"(?:完成时限|完成时间|时间节点|时限)[：:]\s*"
# A half-year or quarter as the time limit ("完成时限：2024年上半年", "2024年第三季度前"): its last month;
# a span ("完成时限：2024—2025年"): its last year; "2024年内完成": that year.
PART_DEADLINE_RE = re.compile(
    rf"(?:{_TIME_KEY}(\d{{4}})年(上半年|下半年|第?[一二三四1-4]季度)|"
    r"(\d{4})年(上半年|下半年|第?[一二三四1-4]季度)(?:末|底)?(?:前|之前|以前|内完成))"
)
SPAN_DEADLINE_RE = re.compile(rf"{_TIME_KEY}\d{{4}}(?:年)?[—－\-~至到]+(\d{{4}})年|(\d{{4}})年内完成")
_PART_MONTH = {
    "上半年": 6,
    "下半年": 12,
    "一": 3,
    "1": 3,
    "二": 6,
    "2": 6,
    "三": 9,
    "3": 9,
    "四": 12,
    "4": 12,
}


def _part_deadline(text: str) -> str | None:
    if m := PART_DEADLINE_RE.search(text):
        year, part = (m.group(1), m.group(2)) if m.group(1) else (m.group(3), m.group(4))
        key = part if part in _PART_MONTH else part.lstrip("第")[0]
        return f"{year}-{_PART_MONTH[key]:02d}"
    if m := SPAN_DEADLINE_RE.search(text):
        return m.group(1) or m.group(2)
    return None


def find_deadline(text: str) -> str | None:
    m = DEADLINE_RE.search(text)
    if not m and (part := _part_deadline(text)):
        return part
    m = m or KEYED_DEADLINE_RE.search(text)
    if not m:
        return None
    year, month, day = m.group(1), m.group(2), m.group(3)
    if day:
        return f"{year}-{int(month):02d}-{int(day):02d}"
    if month:
        return f"{year}-{int(month):02d}"
    return year


def find_cycle(text: str) -> str | None:
    for name, pattern in CYCLE_RE:
        if pattern.search(text):
            return name
    return None
