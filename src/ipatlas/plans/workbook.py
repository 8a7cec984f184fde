"""A plan's 任务分工表 published as an Excel workbook (.xlsx, or .xls/.et from old Excel and WPS), read
as text.

Offices attach their task tables (序号 | 重点任务 | 牵头单位 | 责任单位 | 完成时限) as workbooks. Each sheet
becomes lines: a row of one cell (the sheet's title row) is that text, a longer row its cells separated
by tabs, as DOCX table rows are read (normalising turns them into "A | B | C" rows the task-table
reader knows). A merged cell's value fills every cell it covers (a 重点任务 spanning three measures),
dates are written as Chinese dates (2024年12月31日) and whole numbers without a decimal point.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from ipatlas.sourcetext.sheets import SHEET_SUFFIXES, Workbook, cell_text, open_workbook

SUFFIXES = SHEET_SUFFIXES


def _cell_text(value: Any) -> str:
    # a cell's own line breaks are wrapping, not structure
    return "".join(cell_text(value, dates="chinese", bool_digits=False).split("\n")).strip()


def _grid(wb: Workbook, sheet: str) -> list[list[str]]:
    grid = [[_cell_text(c) for c in row] for row in wb.rows(sheet)]
    for r0, r1, c0, c1 in wb.merged(sheet):
        top = grid[r0][c0] if r0 < len(grid) and c0 < len(grid[r0]) else ""
        for r in range(r0, min(r1, len(grid))):
            grid[r].extend([""] * (c1 - len(grid[r])))
            for c in range(c0, c1):
                grid[r][c] = top
    return grid


def workbook_text(path: Path) -> str:
    """The workbook's sheets as lines of text, sheet after sheet."""
    lines: list[str] = []
    with open_workbook(path, merged=True) as wb:
        for sheet in wb.sheetnames:
            for row in _grid(wb, sheet):
                while row and not row[-1]:
                    row.pop()
                filled = [c for c in row if c]
                if not filled:
                    continue
                # a title row merged across the sheet holds one text
                lines.append(filled[0] if len(set(filled)) == 1 else "\t".join(row))
    return "\n".join(lines)
