"""Schedule stages (进度安排 / 实施步骤): stage name and its months.

"2016年2月底前" → 2016-02 … 2016-02; "2017年3月至2018年6月" → 2017-03 … 2018-06;
"2018年7—12月" → 2018-07 … 2018-12; "2019年上半年" → 2019-01 … 2019-06;
"2019—2020年" → 2019-01 … 2020-12; "2019年" → 2019-01 … 2019-12.
"""

from __future__ import annotations

import re

from ipatlas.plans.models import ScheduleStage
from ipatlas.plans.structure import Node

SCHEDULE_TITLE_RE = re.compile(
    r"(进度安排|实施步骤|时间安排|工作步骤|阶段安排|推进步骤|实施进度|步骤安排|时间节点|工作进度)"
)
DASH = r"\s*(?:至|到|—|-|~|－|–)\s*"

_PATTERNS: list[tuple[re.Pattern[str], str]] = [
    (
        re.compile(
            rf"(\d{{4}})年(\d{{1,2}})月(?:份)?(?:初|中旬|下旬|底)?{DASH}(?:(\d{{4}})年)?(\d{{1,2}})月"
        ),
        "ym-ym",
    ),
    (re.compile(rf"(\d{{4}})年(\d{{1,2}}){DASH}(\d{{1,2}})月"), "y-m-m"),
    (re.compile(r"(\d{4})年(\d{1,2})月(?:份)?(?:底|末|中旬|下旬|上旬|初)?(?:前|以前|之前)?"), "ym"),
    (
        re.compile(
            r"(\d{4})年(上半年|下半年|第([一二三四])季度|一季度|二季度|三季度|四季度|年底前|底前|年内)"
        ),
        "y-part",
    ),
    (re.compile(rf"(\d{{4}})年?{DASH}(\d{{4}})年"), "y-y"),
    (re.compile(r"(\d{4})年"), "y"),
]
QUARTERS = {"一": (1, 3), "二": (4, 6), "三": (7, 9), "四": (10, 12)}


def parse_date_range(text: str) -> tuple[str | None, str | None]:
    """The first date expression in ``text`` as (start, end) months, "YYYY-MM"."""
    best: tuple[int, str | None, str | None] | None = None
    for pattern, kind in _PATTERNS:
        m = pattern.search(text)
        if not m:
            continue
        start, end = _range(m, kind)
        if best is None or m.start() < best[0]:
            best = (m.start(), start, end)
    return (best[1], best[2]) if best else (None, None)


def _range(m: re.Match[str], kind: str) -> tuple[str, str]:
    y = int(m.group(1))
    if kind == "ym-ym":
        y2 = int(m.group(3)) if m.group(3) else y
        return f"{y}-{int(m.group(2)):02d}", f"{y2}-{int(m.group(4)):02d}"
    if kind == "y-m-m":
        return f"{y}-{int(m.group(2)):02d}", f"{y}-{int(m.group(3)):02d}"
    if kind == "ym":
        return f"{y}-{int(m.group(2)):02d}", f"{y}-{int(m.group(2)):02d}"
    if kind == "y-part":
        part = m.group(2)
        if part == "上半年":
            return f"{y}-01", f"{y}-06"
        if part == "下半年":
            return f"{y}-07", f"{y}-12"
        q = m.group(3) or part[0]
        if q in QUARTERS:
            a, b = QUARTERS[q]
            return f"{y}-{a:02d}", f"{y}-{b:02d}"
        return f"{y}-01", f"{y}-12"
    if kind == "y-y":
        return f"{y}-01", f"{int(m.group(2))}-12"
    return f"{y}-01", f"{y}-12"


def extract_schedule(root: Node) -> list[ScheduleStage]:
    """Stages of the innermost schedule sections (进度安排 › （二）进度安排 › 1. 2. 3.)."""
    stages: list[ScheduleStage] = []
    for node in root.walk():
        if not SCHEDULE_TITLE_RE.search(node.title or ""):
            continue
        if any(SCHEDULE_TITLE_RE.search(n.title or "") for n in node.walk()):
            continue  # the inner schedule section will be read on its own
        items = [n for n in node.walk() if not n.children]
        if items:
            found = [_stage_from_text(item.title, item.text) for item in items]
        else:
            # Stages written as paragraphs: one per line.
            found = [_stage_from_text(None, line) for line in node.lines]
        stages.extend(s for s in found if s is not None)
    return stages


def _stage_from_text(title: str | None, text: str) -> ScheduleStage | None:
    start, end = parse_date_range(text)
    if start is None:
        return None
    stage = title
    if not stage:
        m = re.match(r"^(.{2,20}?阶段)", text)
        stage = m.group(1) if m else text.split("，")[0][:20]
    return ScheduleStage(stage=stage, start=start, end=end, text=text)
