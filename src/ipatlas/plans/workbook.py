"""A plan's 任务分工表 published as an Excel workbook (.xlsx), read as text.

Offices attach their task tables (序号 | 重点任务 | 牵头单位 | 责任单位 | 完成时限) as workbooks. Each sheet
becomes lines: a row of one cell (the sheet's title row) is that text, a longer row its cells separated
by tabs, as DOCX table rows are read (normalising turns them into "A | B | C" rows the task-table
reader knows). A merged cell's value fills every cell it covers (a 重点任务 spanning three measures),
dates are written as Chinese dates (2024年12月31日) and whole numbers without a decimal point.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ipatlas.errors import InputError

if TYPE_CHECKING:
    from openpyxl.worksheet.worksheet import Worksheet

SUFFIXES = (".xlsx", ".xlsm")


def _cell_text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, dt.datetime | dt.date):
        return f"{value.year}年{value.month}月{value.day}日"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    # a cell's own line breaks are wrapping, not structure
    return "".join(str(value).split("\n")).strip()


def _grid(ws: Worksheet) -> list[list[str]]:
    grid = [[_cell_text(c) for c in row] for row in ws.iter_rows(values_only=True)]
    for rng in ws.merged_cells.ranges:
        top = grid[rng.min_row - 1][rng.min_col - 1] if rng.min_row - 1 < len(grid) else ""
        for r in range(rng.min_row - 1, min(rng.max_row, len(grid))):
            for c in range(rng.min_col - 1, min(rng.max_col, len(grid[r]))):
                grid[r][c] = top
    return grid


def workbook_text(path: Path) -> str:
    """The workbook's sheets as lines of text, sheet after sheet."""
    from openpyxl import load_workbook  # only a workbook needs it; plans are read without

    try:
        wb = load_workbook(path, data_only=True)
    except Exception as exc:  # openpyxl raises several kinds for a damaged or foreign file
        raise InputError(f"无法读取Excel文件：{exc}", file=str(path)) from exc
    lines: list[str] = []
    for ws in wb.worksheets:
        for row in _grid(ws):
            while row and not row[-1]:
                row.pop()
            filled = [c for c in row if c]
            if not filled:
                continue
            # a title row merged across the sheet holds one text
            lines.append(filled[0] if len(set(filled)) == 1 else "\t".join(row))
    return "\n".join(lines)
