"""The ledger (台账) as an Excel workbook: all tasks, a summary per unit, one sheet per unit, and
target progress. Chinese headers, frozen header row, filters, widths and number formats."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from pathlib import Path
from typing import IO, Any

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet
from sqlalchemy.orm import Session

from ipatlas import DEMO_LABEL
from ipatlas.plans.supervision.access import Actor, actor_unit, reads_all
from ipatlas.plans.supervision.ledger import descendants, get_plan, list_tasks
from ipatlas.plans.supervision.models import TASK_STATUSES, PlanPublic, TaskPublic
from ipatlas.plans.supervision.reports import DueItem, obligations
from ipatlas.plans.supervision.targets import FigureSource
from ipatlas.plans.supervision.views import plan_targets_progress, unit_summary
from ipatlas.security.cells import safe_row, xml_safe

HEADER_FILL = PatternFill("solid", fgColor="DDE6F0")
HEADER_FONT = Font(bold=True)
WRAP = Alignment(wrap_text=True, vertical="top")

# (header, width) of the task sheets
TASK_COLUMNS = [
    ("规划", 26), ("编号", 12), ("任务名称", 28), ("任务内容", 60), ("牵头单位", 20), ("配合单位", 36),
    ("完成时限", 11), ("工作周期", 9), ("重点工作", 9), ("状态", 8), ("状态说明", 24),
    ("季报（已报/应报）", 12), ("逾期未报", 24), ("即将到期", 24), ("最近报送", 40), ("最近报送日期", 13),
]  # fmt: skip


def _sheet(wb: Workbook, title: str, headers: list[tuple[str, int]], *, first: bool = False) -> Worksheet:
    ws: Worksheet = wb.active if first else wb.create_sheet()  # type: ignore[assignment]
    ws.title = title
    ws.append([h for h, _ in headers])
    for i, (_, width) in enumerate(headers, start=1):
        ws.column_dimensions[get_column_letter(i)].width = width
        cell = ws.cell(row=1, column=i)
        cell.font, cell.fill, cell.alignment = (
            HEADER_FONT,
            HEADER_FILL,
            Alignment(vertical="center", wrap_text=True),
        )
    ws.freeze_panes = "A2"
    return ws


def _finish(ws: Worksheet) -> None:
    if ws.max_row > 1:
        ws.auto_filter.ref = f"A1:{get_column_letter(ws.max_column)}{ws.max_row}"
    for row in ws.iter_rows(min_row=2):
        for cell in row:
            cell.alignment = WRAP


def _due_text(items: list[DueItem]) -> str:
    return "；".join(f"{i.period_label or ''}{i.kind_label}（{i.due_on:%Y-%m-%d}截止）" for i in items)


def _task_row(t: TaskPublic, plans: dict[int, PlanPublic], due: list[DueItem], last: Any) -> list[Any]:
    quarterly = [i for i in due if i.kind == "quarterly"]
    filed = sum(1 for i in quarterly if i.state in ("submitted", "late"))
    owed = sum(1 for i in quarterly if i.state != "open")
    lead = next((u.unit_key for u in t.units if u.role == "lead"), "")
    return [
        plans[t.plan_id].title if t.plan_id in plans else "",
        t.number,
        t.title or "",
        t.text,
        lead or "（未分配）",
        "、".join(u.unit_key for u in t.units if u.role == "co"),
        t.deadline or "",
        t.cycle or "",
        "是" if t.key_work else "",
        t.status,
        t.status_note or "",
        f"{filed}/{owed}",
        _due_text([i for i in due if i.state == "overdue"]),
        _due_text([i for i in due if i.state == "due_soon"]),
        (f"{last.kind_label}：{last.text[:60]}" if last else ""),
        last.submitted_at.date() if last else None,
    ]


def _sheet_name(name: str, taken: set[str]) -> str:
    base = re.sub(r"[\[\]:*?/\\]", "_", xml_safe(name))[:28] or "单位"
    title, n = base, 2
    while title in taken:
        title = f"{base[:26]}_{n}"
        n += 1
    taken.add(title)
    return title


def _unit_sheets(
    wb: Workbook,
    summary: list[dict[str, Any]],
    tasks: list[TaskPublic],
    task_row: Callable[[TaskPublic], list[Any]],
    taken: set[str],
) -> list[str]:
    """按单位汇总 and one sheet per unit (its tasks, with its role); returns the sheet names."""
    ws = _sheet(
        wb,
        "按单位汇总",
        [("责任单位", 30), ("牵头任务", 9), ("配合任务", 9)]
        + [(s, 8) for s in TASK_STATUSES]
        + [("应报（已到期）", 12), ("已报", 8), ("逾期未报", 10), ("即将到期", 10)],
    )
    for r in summary:
        ws.append(safe_row(
            [r["unit"], r["lead"], r["co"], *[r["status"][s] for s in TASK_STATUSES],
             r["submitted"] + r["overdue"], r["submitted"], r["overdue"], r["due_soon"]]
        ))  # fmt: skip
    _finish(ws)
    sheets = ["按单位汇总"]
    taken.add("按单位汇总")

    for r in summary:
        if r["is_group"]:
            continue
        name = _sheet_name(r["unit"], taken)
        ws = _sheet(wb, name, [("本单位角色", 10), *TASK_COLUMNS])
        for t in tasks:
            role = next((u.role for u in t.units if u.unit_key == r["unit"]), None)
            if role is None:
                continue
            ws.append(
                safe_row(
                    [
                        "牵头" if role == "lead" else "配合",
                        *task_row(t),
                    ]
                )
            )
            ws.cell(row=ws.max_row, column=17).number_format = "yyyy-mm-dd"
        _finish(ws)
        sheets.append(name)

    return sheets


def _targets_sheet(
    wb: Workbook, session: Session, plan_ids: list[int], *, source: FigureSource, actor: Actor
) -> tuple[int, bool]:
    """目标进展: every target of the plans with its progress; returns (targets, any demo figure)."""
    targets = 0
    demo = False
    ws = _sheet(
        wb,
        "目标进展",
        [("规划", 26), ("地区", 10), ("指标", 30), ("目录编号", 22), ("类型", 10), ("目标", 12),
         ("目标值", 12), ("单位", 6), ("目标年", 8), ("基期年", 8), ("基期值", 12), ("最新年份", 9),
         ("最新值", 12), ("进度要求", 12), ("完成进度", 10), ("状态", 8), ("说明", 44), ("数据来源", 20)],
    )  # fmt: skip
    for pid in plan_ids:
        for p in plan_targets_progress(session, pid, source=source, actor=actor):
            demo = demo or p.demo
            ws.append(safe_row(
                [p.plan_title, p.region_name, p.indicator, p.indicator_id or "—", p.kind_label,
                 p.value_text, p.final_value, p.unit, p.year, p.baseline_year, p.baseline_value,
                 p.actual_year, p.actual_value, p.required_value, p.progress, p.status, p.reason,
                 p.actual_source or ""]
            ))  # fmt: skip
            row = ws.max_row
            for col in (7, 11, 13, 14):
                ws.cell(row=row, column=col).number_format = "#,##0.00"
            ws.cell(row=row, column=15).number_format = "0.0%"
            targets += 1
    _finish(ws)
    if demo:
        ws.cell(row=ws.max_row + 2, column=1, value=f"注：实际值来自{DEMO_LABEL}，仅供演示。")

    return targets, demo


def ledger_xlsx(
    session: Session,
    plan_id: int,
    out: Path | IO[bytes],
    *,
    as_of: dt.date,
    source: FigureSource,
    actor: Actor = None,
    unit: str | None = None,
    include_children: bool = False,
) -> dict[str, Any]:
    """Write the ledger of a plan (and its district plans with ``include_children``). A unit
    account (or ``unit``) gets only that unit's tasks."""
    from ipatlas.plans.supervision.reports import list_reports

    own = actor_unit(actor)
    unit = own or unit
    plan = get_plan(session, plan_id, actor=actor)
    plan_ids = [plan_id] + ([c.id for _, c in descendants(session, plan_id)] if include_children else [])
    plans = {plan_id: plan} | {c.id: c for _, c in descendants(session, plan_id)}
    tasks = list_tasks(session, actor=actor, unit=unit, plan_ids=plan_ids)
    due = obligations(session, as_of=as_of, actor=actor, plan_ids=plan_ids, unit=unit)
    by_task: dict[int, list[DueItem]] = {}
    for item in due:
        by_task.setdefault(item.task_id, []).append(item)
    last = {}
    for t in tasks:
        reps = list_reports(session, t.id, actor=actor)
        last[t.id] = reps[0] if reps else None

    wb = Workbook()
    ws = _sheet(wb, "台账", TASK_COLUMNS, first=True)
    for t in tasks:
        ws.append(safe_row(_task_row(t, plans, by_task.get(t.id, []), last[t.id])))
        ws.cell(row=ws.max_row, column=16).number_format = "yyyy-mm-dd"
    _finish(ws)
    sheets = ["台账"]

    summary = unit_summary(tasks, due)
    if unit:
        summary = [r for r in summary if r["unit"] == unit or unit in r["unit"]]
    sheets += _unit_sheets(
        wb, summary, tasks, lambda t: _task_row(t, plans, by_task.get(t.id, []), last[t.id]), set(sheets)
    )
    targets, demo = 0, False
    if reads_all(actor) and not unit:
        targets, demo = _targets_sheet(
            wb, session, plan_ids if include_children else [plan_id], source=source, actor=actor
        )
        sheets.append("目标进展")

    wb.properties.title = xml_safe(f"{plan.title} 任务台账")
    wb.properties.creator = "ipatlas"
    wb.save(out)  # type: ignore[arg-type]
    return {
        "path": str(out) if isinstance(out, Path | str) else None,
        "plan_id": plan_id,
        "plans": plan_ids,
        "unit": unit,
        "as_of": as_of.isoformat(),
        "sheets": sheets,
        "tasks": len(tasks),
        "targets": targets,
        "demo": demo,
    }
