"""任务分工 tables exported from PDF with every cell wrapped over lines of its own.

A provincial work-points table (序号 | 工作重点 | 工作内容 | 具体任务 | 成果形式 | 责任部门) copied from a
PDF comes out as short lines, each cell's lines after the previous cell's, with no "|" between cells:

    将故意侵犯知识产权行为情
    况纳入企业和个人信用记录
    …
    省信用办、知识产权
    局、工商局、食品药
    品监管局

The text keeps the header (repeated on each page) as one line of column names separated by spaces.
When that header ends in a responsible-unit column, the unit cell is what closes each row: a run of
one to four short lines that joins into a list of units, the first written with its level
(省/市/县/区 …). The lines since the previous row become the row's measure,
``N.<row text>（责任单位：<units>）``, read by the task reader like any other note.
"""

from __future__ import annotations

import re

from ipatlas.plans.tables import LEAD_COL_RE, TASK_COL_RE, _head
from ipatlas.plans.units import LEVEL_CHARS, UNIT_END_RE, share_unit_word

# Wrapped cell lines are short: a PDF column holds about 10–22 characters (two cells sharing a line
# stay under 30).
_LINE_MAX = 30
_UNIT_MAX = 16
_BLOCK_LINES = 4
_UNITS_RE = re.compile(r"^[\u4e00-\u9fff、（）]+$")
_NUMBER_LINE_RE = re.compile(r"^\d{1,4}$")


def _is_header(line: str) -> bool:
    """Column names separated by spaces, with a task column and a last responsible-unit column."""
    words = line.split()
    return (
        len(words) >= 3
        and all(len(w) <= 8 for w in words)
        and LEAD_COL_RE.match(_head(words[-1])) is not None
        and any(TASK_COL_RE.match(_head(w)) for w in words[:-1])
    )


def _is_unit_list(text: str) -> bool:
    """Units only, the first with its level character: "省信用办、知识产权局、工商局"."""
    if not _UNITS_RE.match(text) or text[0] not in LEVEL_CHARS:
        return False
    items = share_unit_word(text).split("、")
    return all(0 < len(x) <= _UNIT_MAX and UNIT_END_RE.search(re.sub(r"（[^（）]*）$", "", x)) for x in items)


def _unit_block(lines: list[str], i: int) -> int:
    """How many lines ending at ``i`` make a unit cell (0 when none): the fewest that do."""
    for k in range(1, min(_BLOCK_LINES, i + 1) + 1):
        if _is_unit_list("".join(x.strip() for x in lines[i - k + 1 : i + 1])):
            return k
    return 0


def _split_tail(line: str) -> tuple[str, str] | None:
    """A row whose last cells share a line: "…进行公示 省质监局" → (text, units)."""
    head, _, tail = line.rpartition(" ")
    return (head, tail) if head.strip() and _is_unit_list(tail) else None


def rebuild_wrapped_task_tables(lines: list[str]) -> list[str]:
    """The rows of a wrapped 任务分工 table as numbered measures; other text as it is."""
    if not any(_is_header(x.strip()) for x in lines):
        return lines
    out: list[str] = []
    row: list[str] = []
    n = 0
    for i, raw in enumerate(lines):
        line = raw.strip()
        if _is_header(line) or _NUMBER_LINE_RE.match(line):
            continue  # the header repeated on a page, a row or page number
        if len(line) > _LINE_MAX:
            out += [*row, raw]  # not a wrapped cell: the table ends (or has not begun)
            row = []
            continue
        k = _unit_block(lines, i)
        split = None if k else _split_tail(line)
        if not k and split is None:
            row.append(line)
            continue
        units = split[1] if split else "".join(x.strip() for x in lines[i - k + 1 : i + 1])
        text = [*row, split[0]] if split else row[: len(row) - (k - 1)]
        row = []
        if not text:
            out.append(raw)
            continue
        n += 1
        out.append(f"{n}.{''.join(text)}（责任单位：{units}）")
    return out + row
