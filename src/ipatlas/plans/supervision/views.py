"""Page data of the supervision workflow: one function per view, shared by the web pages, their
``.json`` twins, the CLI and the XLSX/DOCX outputs (so every output shows the same figures)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy.orm import Session

from ipatlas.plans.supervision.access import (
    Actor,
    actor_unit,
    can_edit,
    clean_unit,
    reads_all,
    require_read_all,
)
from ipatlas.plans.supervision.ledger import (
    descendants,
    get_plan,
    get_target,
    list_plans,
    list_targets,
    list_tasks,
    load_task,
    task_public,
)
from ipatlas.plans.supervision.models import TASK_STATUSES, PlanPublic, TaskPublic
from ipatlas.plans.supervision.reports import (
    DueItem,
    default_period,
    list_reports,
    obligations,
    task_obligations,
)
from ipatlas.plans.supervision.targets import (
    FigureSource,
    TargetProgress,
    evaluate_target,
    status_counts,
)
from ipatlas.store.workflow import list_audit


# ---- targets ------------------------------------------------------------------------------------
def plan_targets_progress(
    session: Session, plan_id: int, *, source: FigureSource, actor: Actor = None
) -> list[TargetProgress]:
    plan = get_plan(session, plan_id, actor=actor)
    out = []
    for t in list_targets(session, plan_id, actor=actor):
        series = (
            source.series(plan.region_code, t.indicator_id) if t.indicator_id and plan.region_code else None
        )
        flow = source.is_flow(t.indicator_id) if t.indicator_id else None
        out.append(evaluate_target(t, plan, series, flow=flow))
    return out


def rollup(session: Session, plan_id: int, *, source: FigureSource, actor: Actor = None) -> dict[str, Any]:
    """A plan's targets with those of the plans under it (district plans), grouped by indicator."""
    require_read_all(actor, "查看规划目标")
    plan = get_plan(session, plan_id, actor=actor)
    own = plan_targets_progress(session, plan_id, source=source, actor=actor)
    children: list[dict[str, Any]] = []
    for depth, child in descendants(session, plan_id):
        targets = plan_targets_progress(session, child.id, source=source, actor=actor)
        tasks = list_tasks(session, child.id, actor=actor)
        children.append(
            {
                "depth": depth,
                "plan": child,
                "targets": targets,
                "target_status": status_counts(targets),
                "task_status": _task_counts(tasks),
            }
        )
    groups: dict[str, dict[str, Any]] = {}
    for item, level in [(t, "own") for t in own] + [(t, "child") for c in children for t in c["targets"]]:
        key = item.indicator_id or item.indicator
        g = groups.setdefault(
            key, {"indicator_id": item.indicator_id, "indicator": item.indicator, "own": [], "children": []}
        )
        g["own" if level == "own" else "children"].append(item)
    every = own + [t for c in children for t in c["targets"]]
    return {
        "plan": plan,
        "own": own,
        "children": children,
        "by_indicator": list(groups.values()),
        "status_counts": status_counts(own),
        "all_status_counts": status_counts(every),
        "demo": any(t.demo for t in every),
    }


def target_detail(
    session: Session, target_id: int, *, source: FigureSource, actor: Actor = None
) -> dict[str, Any]:
    """One target: progress and trajectory, plus the same indicator's targets in related plans."""
    target = get_target(session, target_id, actor=actor)
    plan = get_plan(session, target.plan_id, actor=actor)
    progress = next(
        p
        for p in plan_targets_progress(session, plan.id, source=source, actor=actor)
        if p.target_id == target_id
    )
    related: list[TargetProgress] = []
    family = [plan.parent_id] if plan.parent_id else []
    family += [c.id for _, c in descendants(session, plan.id)]
    for pid in family:
        for p in plan_targets_progress(session, pid, source=source, actor=actor):
            same = (
                p.indicator_id == target.indicator_id
                if target.indicator_id
                else p.indicator == target.indicator
            )
            if same:
                related.append(p)
    return {"plan": plan, "target": target, "progress": progress, "related": related}


# ---- tasks and units ----------------------------------------------------------------------------
def _task_counts(tasks: list[TaskPublic]) -> dict[str, int]:
    counts = dict.fromkeys(TASK_STATUSES, 0)
    for t in tasks:
        counts[t.status] += 1
    return counts


def _due_counts(items: list[DueItem]) -> dict[str, int]:
    return {
        "overdue": sum(1 for i in items if i.state == "overdue"),
        "due_soon": sum(1 for i in items if i.state == "due_soon"),
        "submitted": sum(1 for i in items if i.state in ("submitted", "late")),
        "late": sum(1 for i in items if i.state == "late"),
    }


def unit_summary(tasks: list[TaskPublic], due: list[DueItem]) -> list[dict[str, Any]]:
    """Per responsible unit: tasks led and co-owned, by status, and its reports: ``owed`` (all
    obligations so far), ``open`` (not yet due), ``submitted``, ``due_soon``, ``overdue``."""
    by_task: dict[int, list[DueItem]] = {}
    for item in due:
        by_task.setdefault(item.task_id, []).append(item)
    units: dict[str, dict[str, Any]] = {}
    for t in tasks:
        for u in t.units:
            row = units.setdefault(
                u.unit_key,
                {"unit": u.unit_key, "lead": 0, "co": 0, "status": dict.fromkeys(TASK_STATUSES, 0),
                 "overdue": 0, "due_soon": 0, "submitted": 0, "owed": 0, "open": 0, "is_group": u.is_group},
            )  # fmt: skip
            row["lead" if u.role == "lead" else "co"] += 1
            row["status"][t.status] += 1
            if u.role == "lead":  # the lead unit answers for the task's reports
                for item in by_task.get(t.id, []):
                    row["owed"] += 1
                    if item.state == "overdue":
                        row["overdue"] += 1
                    elif item.state == "due_soon":
                        row["due_soon"] += 1
                    elif item.state in ("submitted", "late"):
                        row["submitted"] += 1
                    else:
                        row["open"] += 1
    return sorted(units.values(), key=lambda r: (-r["lead"], -r["co"], r["unit"]))


def plan_overview(
    session: Session, plan_id: int, *, source: FigureSource, as_of: dt.date, actor: Actor = None
) -> dict[str, Any]:
    """总览 of one plan: tasks by status, units, reminders and overdue reports, targets (rolled up)."""
    require_read_all(actor, "查看规划总览")
    plan = get_plan(session, plan_id, actor=actor)
    tasks = list_tasks(session, plan_id, actor=actor)
    due = obligations(session, as_of=as_of, actor=actor, plan_id=plan_id)
    parent = get_plan(session, plan.parent_id, actor=actor) if plan.parent_id else None
    return {
        "plan": plan,
        "parent": parent,
        "as_of": as_of,
        "tasks": tasks,
        "task_status": _task_counts(tasks),
        "unassigned": [t for t in tasks if not t.units],
        "key_tasks": [t for t in tasks if t.key_work],
        "units": unit_summary(tasks, due),
        "due": _due_counts(due),
        "reminders": sorted((i for i in due if i.state in ("due_soon", "overdue")), key=lambda i: i.due_on),
        "rollup": rollup(session, plan_id, source=source, actor=actor),
        "audit": list_audit(session, object_type="plan", object_id=str(plan_id), limit=20),
        "can_edit": can_edit(actor),
    }


def unit_view(
    session: Session, unit: str | None, *, as_of: dt.date, actor: Actor = None, plan_id: int | None = None
) -> dict[str, Any]:
    """One unit's tasks (lead or co-unit) across plans with what it owes. A unit account always
    gets its own unit; others name the unit."""
    own = actor_unit(actor)
    name = own if own is not None else clean_unit(unit)
    if not name:
        from ipatlas.errors import InputError

        raise InputError("请指定责任单位", field="unit")
    tasks = list_tasks(session, plan_id, actor=actor, unit=name)
    due = obligations(session, as_of=as_of, actor=actor, plan_id=plan_id, unit=name)
    by_task: dict[int, list[DueItem]] = {}
    for item in due:
        by_task.setdefault(item.task_id, []).append(item)
    plans = {p.id: p for p in list_plans(session, actor=actor)}
    rows = []
    for t in tasks:
        items = by_task.get(t.id, [])
        role = next((u.role for u in t.units if name in (u.unit_key, u.unit)), "co")
        rows.append({"task": t, "role": role, "due": items, "counts": _due_counts(items)})
    return {
        "unit": name,
        "plan_id": plan_id,
        "plans": [plans[pid] for pid in sorted({t.plan_id for t in tasks}) if pid in plans],
        "as_of": as_of,
        "rows": rows,
        "task_status": _task_counts(tasks),
        "due": _due_counts(due),
        "reminders": sorted((i for i in due if i.state in ("due_soon", "overdue")), key=lambda i: i.due_on),
    }


def task_detail(session: Session, task_id: int, *, as_of: dt.date, actor: Actor = None) -> dict[str, Any]:
    """A task with its reports timeline, what it owes, and (for analysts) its audit trail."""
    task = load_task(session, task_id, actor=actor)
    own = actor_unit(actor)
    plan = PlanPublic.model_validate(task.plan)
    return {
        "plan": plan,
        "task": task_public(task),
        "reports": list_reports(session, task_id, actor=actor),
        "due": task_obligations(task, as_of),
        "as_of": as_of,
        "default_period": str(default_period(task, as_of)),
        "can_edit": can_edit(actor),
        "can_report": own is not None or can_edit(actor),
        "audit": list_audit(session, object_type="plan_task", object_id=str(task_id), limit=50)
        if reads_all(actor)
        else [],
    }
