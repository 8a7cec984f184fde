"""The task ledger (台账): import a reviewed parse, read and change plans, targets and tasks.

Every function takes an open :class:`~sqlalchemy.orm.Session` (the caller commits) and the acting
user (``None`` = the operator at the command line); permissions are checked here and every change
is written to the audit log with the state before and after.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import re
import secrets
from collections import Counter
from pathlib import Path
from typing import Any

from pydantic import ValidationError
from sqlalchemy import func, select
from sqlalchemy.orm import Session, selectinload

from ipatlas.errors import InputError, NotFoundError, PermissionDenied, cause, require_file, validation_reason
from ipatlas.plans.models import ParsedPlan
from ipatlas.plans.models import Task as ParsedTask
from ipatlas.plans.supervision.access import (
    Actor,
    actor_name,
    actor_unit,
    clean_unit,
    require_edit,
    require_read_all,
)
from ipatlas.plans.supervision.lifecycle import action_to, definition, start_task, status_of, transition
from ipatlas.plans.supervision.models import (
    TASK_STATUSES,
    Plan,
    PlanCreate,
    PlanPublic,
    PlanSummary,
    PlanTarget,
    PlanTask,
    PlanUpdate,
    TargetPublic,
    TargetUpdate,
    TaskPublic,
    TaskUnit,
    TaskUpdate,
)
from ipatlas.plans.supervision.periods import deadline_date
from ipatlas.plans.supervision.units import UnitContext, unit_context
from ipatlas.plans.units import DepartmentRegistry, load_registry
from ipatlas.security.cells import clean_strings
from ipatlas.store.models import User, UserCreate, UserPublic, utcnow
from ipatlas.store.workflow import create_user, record_audit, require_password_change

# The states the engine's ``overdue`` action starts from, by their labels (what the sweep selects).
LAGGABLE = tuple(status_of(s) for s in definition().actions["overdue"].sources)


# ---- snapshots (what the audit log keeps) --------------------------------------------------------
def plan_public(plan: Plan) -> PlanPublic:
    return PlanPublic.model_validate(plan)


def task_public(task: PlanTask, plan_title: str | None = None) -> TaskPublic:
    out = TaskPublic.model_validate(task)
    out.plan_title = plan_title if plan_title is not None else (task.plan.title if task.plan else None)
    return out


def _task_snapshot(task: PlanTask) -> dict[str, Any]:
    data = TaskPublic.model_validate(task).model_dump(mode="json", exclude={"text", "plan_title"})
    data["units"] = [f"{u['unit_key']}（{'牵头' if u['role'] == 'lead' else '配合'}）" for u in data["units"]]
    return data


def _plan_snapshot(plan: Plan) -> dict[str, Any]:
    return plan_public(plan).model_dump(mode="json")


# ---- loading with access checks ----------------------------------------------------------------
def _plan(session: Session, plan_id: int) -> Plan:
    plan = session.get(Plan, plan_id)
    if plan is None:
        raise NotFoundError(f"规划不存在：{plan_id}", plan=plan_id)
    return plan


def _task(session: Session, task_id: int) -> PlanTask:
    task = session.get(PlanTask, task_id, options=[selectinload(PlanTask.units), selectinload(PlanTask.plan)])
    if task is None:
        raise NotFoundError(f"任务不存在：{task_id}", task=task_id)
    return task


def task_unit_keys(task: PlanTask) -> list[str]:
    return [u.unit_key for u in task.units]


def check_task_access(task: PlanTask, actor: Actor) -> None:
    """A unit account reads a task only when its unit is the lead or a co-unit."""
    unit = actor_unit(actor)
    if unit is not None and unit not in task_unit_keys(task):
        raise PermissionDenied(f"任务 {task.number} 不属于本单位（{unit}），无权查看或报送")


def _own_task_ids(unit: str) -> Any:
    return select(TaskUnit.task_id).where(TaskUnit.unit_key == unit)


def load_task(session: Session, task_id: int, *, actor: Actor = None) -> PlanTask:
    """The ORM task after the access check (for services that need relationships)."""
    task = _task(session, task_id)
    check_task_access(task, actor)
    return task


# ---- import -------------------------------------------------------------------------------------
def _unit_rows(task: ParsedTask, ctx: UnitContext) -> list[TaskUnit]:
    if task.unit_details:
        refs = [(d.normalized, d.written, d.group, d.department_id) for d in task.unit_details]
    else:
        names = task.units_normalized or task.units
        refs = [(n, n, False, None) for n in names]
    lead = task.lead_unit_normalized or task.lead_unit
    if lead is not None:
        refs.sort(key=lambda r: 0 if r[0] == lead or r[1] == lead else 1)
    rows: list[TaskUnit] = []
    seen: set[str] = set()
    for normalized, written, group, dep in refs:
        name = clean_unit(normalized)
        if not name:
            continue
        key = ctx.key(name)
        if key in seen:
            continue
        if len(key) > 255:
            raise InputError(f"任务 {task.number} 的责任单位名称过长：{name[:40]}…", field="units")
        seen.add(key)
        rows.append(
            TaskUnit(
                position=len(rows),
                unit=name,
                unit_key=key,
                written=(written or name)[:255],
                role="lead" if not rows else "co",
                is_group=group,
                department_id=dep,
            )
        )
    return rows


def _region(data: PlanCreate, registry: DepartmentRegistry) -> tuple[str | None, str | None, str | None]:
    parsed = data.parsed
    code = (data.region or "").strip() or (parsed.region.code if parsed.region else None)
    if code and (parsed.region is None or code != parsed.region.code):
        cfg = registry.region_config(code)
        return cfg.code, cfg.name, cfg.jurisdiction
    if parsed.region is not None:
        return parsed.region.code, parsed.region.name, parsed.region.jurisdiction
    return None, None, None


def _check_new_plan(
    session: Session, data: PlanCreate, parsed: ParsedPlan, title: str, code: str | None
) -> None:
    """Refuse a plan already in the ledger, an unknown parent and key tasks that are not tasks."""
    existing = session.scalar(
        select(Plan.id).where(
            Plan.title == title, Plan.region_code.is_(None) if code is None else Plan.region_code == code
        )
    )
    if existing is not None:
        raise InputError(f"该规划已在台账中（编号 {existing}）：{title}", field="title")
    if data.parent_id is not None:
        _plan(session, data.parent_id)
    numbers = [t.number for t in parsed.tasks]
    unknown = sorted(set(data.key_tasks) - set(numbers))
    if unknown:
        raise InputError(f"重点工作编号不在任务中：{'、'.join(unknown)}", field="key_tasks")


def _target_rows(parsed: ParsedPlan) -> list[PlanTarget]:
    out: list[PlanTarget] = []
    for i, target in enumerate(parsed.targets):
        b = target.baseline
        out.append(
            PlanTarget(
                position=i,
                indicator=target.indicator,
                indicator_id=target.indicator_id,
                value=None if target.value is None else float(target.value),
                unit=target.unit,
                year=target.year,
                kind=target.kind,
                nature=target.nature,
                comparator=target.comparator,
                baseline_year=b.year if b else None,
                baseline_value=None if b is None or b.value is None else float(b.value),
                baseline_unit=b.unit if b else None,
                baseline_text=b.text if b else None,
                value_text=target.value_text,
                section=target.section,
                text=target.text,
            )
        )
    return out


def _task_rows(parsed: ParsedPlan, data: PlanCreate, ctx: UnitContext, now: dt.datetime) -> list[PlanTask]:
    """The ledger's tasks (numbers made unique, units resolved) in the engine's initial state."""
    out: list[PlanTask] = []
    initial = status_of(definition().initial)
    seen: Counter[str] = Counter()
    for i, t in enumerate(parsed.tasks):
        seen[t.number] += 1
        number = t.number if seen[t.number] == 1 else f"{t.number}#{seen[t.number]}"
        task = PlanTask(
            position=i,
            number=number[:64],
            title=t.title,
            text=t.text,
            section_title=t.section_title,
            units_text=t.units_text,
            deadline=t.deadline,
            due_on=deadline_date(t.deadline),
            cycle=(t.cycle or None) and t.cycle[:16],
            key_work=t.number in data.key_tasks,
            status=initial,
            created_at=now,
            updated_at=now,
        )
        task.units = _unit_rows(t, ctx)
        out.append(task)
    return out


def import_plan(
    session: Session,
    data: PlanCreate,
    *,
    actor: Actor = None,
    registry: DepartmentRegistry | None = None,
    today: dt.date | None = None,
) -> PlanPublic:
    """Build the ledger of a (reviewed) parsed plan: the plan, its targets and tasks with units."""
    require_edit(actor, "导入规划")
    # Control characters (NUL, vertical tab, …) never enter the ledger: they break XLSX/DOCX.
    parsed: ParsedPlan = ParsedPlan.model_validate(clean_strings(data.parsed.model_dump()))
    title = (parsed.title or "").strip()
    if not title:
        raise InputError(
            "规划没有标题（文件为空，或不是规划文本）：请在核对页面填写标题后再导入",
            file=data.source_name or parsed.source.name or None,
            field="标题",
        )
    reg = registry or load_registry()
    code, name, jurisdiction = _region(data, reg)
    _check_new_plan(session, data, parsed, title, code)
    ctx = unit_context(reg, code, name, jurisdiction)
    now = utcnow()
    plan = Plan(
        title=title,
        doc_number=parsed.doc_number,
        kind=parsed.kind,
        level=parsed.level,
        region_code=code,
        region_name=name,
        jurisdiction=jurisdiction,
        period_start=parsed.period.start,
        period_end=parsed.period.end,
        issuers=list(parsed.issuers),
        issued_on=parsed.issued_on,
        parent_id=data.parent_id,
        tracking_start=data.tracking_start or today or dt.date.today(),
        quarterly_due_days=data.quarterly_due_days,
        reminder_days=data.reminder_days,
        immediate_due_days=data.immediate_due_days,
        source_name=data.source_name or parsed.source.name,
        parsed=parsed.model_dump(mode="json"),
        created_at=now,
        created_by=actor.username if actor else None,
        updated_at=now,
    )
    plan.targets.extend(_target_rows(parsed))
    plan.tasks.extend(_task_rows(parsed, data, ctx, now))
    session.add(plan)
    session.flush()
    for task in plan.tasks:
        start_task(session, task, actor=actor, at=now)
    record_audit(
        session,
        actor=actor,
        object_type="plan",
        object_id=plan.id,
        action="import",
        after={
            **_plan_snapshot(plan),
            "targets": [f"{t.indicator} {t.value_text}（{t.year}年）" for t in plan.targets],
            "tasks": [t.number for t in plan.tasks],
            "key_tasks": list(data.key_tasks),
        },
        note=f"由{actor_name(actor)}导入规划台账",
    )
    return plan_public(plan)


# ---- plans --------------------------------------------------------------------------------------
def _status_counts(statuses: list[str]) -> dict[str, int]:
    c = Counter(statuses)
    return {s: c.get(s, 0) for s in TASK_STATUSES}


def list_plans(session: Session, *, actor: Actor = None) -> list[PlanSummary]:
    """All plans (a unit account: the plans where it has tasks), parents before children."""
    unit = actor_unit(actor)
    plans = list(session.scalars(select(Plan).order_by(Plan.id)))
    task_q = select(PlanTask.plan_id, PlanTask.status)
    if unit is not None:
        task_q = task_q.where(PlanTask.id.in_(_own_task_ids(unit)))
    statuses: dict[int, list[str]] = {}
    for plan_id, status in session.execute(task_q):
        statuses.setdefault(plan_id, []).append(status)
    target_counts = dict(
        session.execute(select(PlanTarget.plan_id, func.count()).group_by(PlanTarget.plan_id)).all()
    )
    titles = {p.id: p.title for p in plans}
    children: dict[int, list[int]] = {}
    for p in plans:
        if p.parent_id is not None:
            children.setdefault(p.parent_id, []).append(p.id)
    out = []
    for p in plans:
        if unit is not None and p.id not in statuses:
            continue
        out.append(
            PlanSummary(
                **plan_public(p).model_dump(),
                parent_title=titles.get(p.parent_id) if p.parent_id else None,
                task_count=len(statuses.get(p.id, [])),
                target_count=0 if unit is not None else int(target_counts.get(p.id, 0)),
                status_counts=_status_counts(statuses.get(p.id, [])),
                children=children.get(p.id, []),
            )
        )
    return _tree_order(out)


def _tree_order(plans: list[PlanSummary]) -> list[PlanSummary]:
    by_parent: dict[int | None, list[PlanSummary]] = {}
    ids = {p.id for p in plans}
    for p in plans:
        by_parent.setdefault(p.parent_id if p.parent_id in ids else None, []).append(p)
    out: list[PlanSummary] = []

    def walk(parent: int | None) -> None:
        for p in by_parent.get(parent, []):
            out.append(p)
            walk(p.id)

    walk(None)
    return out


def get_plan(session: Session, plan_id: int, *, actor: Actor = None) -> PlanPublic:
    plan = _plan(session, plan_id)
    unit = actor_unit(actor)
    if unit is not None:
        own = session.scalar(
            select(func.count())
            .select_from(PlanTask)
            .where(PlanTask.plan_id == plan_id, PlanTask.id.in_(_own_task_ids(unit)))
        )
        if not own:
            raise PermissionDenied(f"规划 {plan_id} 中没有本单位（{unit}）的任务")
    return plan_public(plan)


def descendants(session: Session, plan_id: int) -> list[tuple[int, PlanPublic]]:
    """Plans under this one (district plans under a city plan), depth-first with their depth."""
    rows = list(session.scalars(select(Plan).order_by(Plan.id)))
    by_parent: dict[int, list[Plan]] = {}
    for p in rows:
        if p.parent_id is not None:
            by_parent.setdefault(p.parent_id, []).append(p)
    out: list[tuple[int, PlanPublic]] = []
    seen = {plan_id}

    def walk(pid: int, depth: int) -> None:
        for child in by_parent.get(pid, []):
            if child.id in seen:
                continue
            seen.add(child.id)
            out.append((depth, plan_public(child)))
            walk(child.id, depth + 1)

    walk(plan_id, 1)
    return out


def update_plan(session: Session, plan_id: int, data: PlanUpdate, *, actor: Actor = None) -> PlanPublic:
    require_edit(actor, "修改规划")
    plan = _plan(session, plan_id)
    before = _plan_snapshot(plan)
    changes = data.model_dump(exclude_unset=True)
    if "parent_id" in changes and changes["parent_id"] is not None:
        parent_id = changes["parent_id"]
        _plan(session, parent_id)
        if parent_id == plan_id or parent_id in {p.id for _, p in descendants(session, plan_id)}:
            raise InputError("上级规划不能是本规划或其下级规划", field="parent_id")
    for key, value in changes.items():
        if key == "title" and value is None:
            continue
        setattr(plan, key, value)
    plan.updated_at = utcnow()
    session.flush()
    record_audit(
        session, actor=actor, object_type="plan", object_id=plan.id, action="update",
        before=before, after=_plan_snapshot(plan),
    )  # fmt: skip
    return plan_public(plan)


# ---- targets ------------------------------------------------------------------------------------
def list_targets(session: Session, plan_id: int, *, actor: Actor = None) -> list[TargetPublic]:
    require_read_all(actor, "查看规划目标")
    _plan(session, plan_id)
    rows = session.scalars(
        select(PlanTarget).where(PlanTarget.plan_id == plan_id).order_by(PlanTarget.position)
    )
    return [TargetPublic.model_validate(t) for t in rows]


def get_target(session: Session, target_id: int, *, actor: Actor = None) -> TargetPublic:
    require_read_all(actor, "查看规划目标")
    target = session.get(PlanTarget, target_id)
    if target is None:
        raise NotFoundError(f"目标不存在：{target_id}", target=target_id)
    return TargetPublic.model_validate(target)


def update_target(
    session: Session, target_id: int, data: TargetUpdate, *, actor: Actor = None
) -> TargetPublic:
    require_edit(actor, "修改规划目标")
    target = session.get(PlanTarget, target_id)
    if target is None:
        raise NotFoundError(f"目标不存在：{target_id}", target=target_id)
    before = TargetPublic.model_validate(target).model_dump(mode="json")
    for key, value in data.model_dump(exclude_unset=True).items():
        setattr(target, key, value)
    session.flush()
    after = TargetPublic.model_validate(target).model_dump(mode="json")
    record_audit(
        session, actor=actor, object_type="plan_target", object_id=target.id, action="update",
        before=before, after=after,
    )  # fmt: skip
    return TargetPublic.model_validate(target)


# ---- tasks --------------------------------------------------------------------------------------
def list_tasks(
    session: Session,
    plan_id: int | None = None,
    *,
    actor: Actor = None,
    unit: str | None = None,
    status: str | None = None,
    plan_ids: list[int] | None = None,
) -> list[TaskPublic]:
    """Ledger tasks of a plan (or of several / all plans). ``unit``: only tasks where that unit
    (key or name as the plan writes it) is lead or co-unit. A unit account gets its own only."""
    own = actor_unit(actor)
    q = (
        select(PlanTask)
        .options(selectinload(PlanTask.units), selectinload(PlanTask.plan))
        .order_by(PlanTask.plan_id, PlanTask.position)
    )
    if plan_id is not None:
        _plan(session, plan_id)
        q = q.where(PlanTask.plan_id == plan_id)
    if plan_ids is not None:
        q = q.where(PlanTask.plan_id.in_(plan_ids))
    if own is not None:
        if unit is not None and clean_unit(unit) != own:
            raise PermissionDenied(f"责任单位账号只能查看本单位（{own}）的任务")
        q = q.where(PlanTask.id.in_(_own_task_ids(own)))
    elif unit is not None:
        name = clean_unit(unit)
        q = q.where(
            PlanTask.id.in_(
                select(TaskUnit.task_id).where((TaskUnit.unit_key == name) | (TaskUnit.unit == name))
            )
        )
    if status is not None:
        if status not in TASK_STATUSES:
            raise InputError(f"任务状态应为 {'/'.join(TASK_STATUSES)}：{status}", field="status")
        q = q.where(PlanTask.status == status)
    return [task_public(t) for t in session.scalars(q)]


def get_task(session: Session, task_id: int, *, actor: Actor = None) -> TaskPublic:
    return task_public(load_task(session, task_id, actor=actor))


def update_task(
    session: Session,
    task_id: int,
    data: TaskUpdate,
    *,
    actor: Actor = None,
    registry: DepartmentRegistry | None = None,
    today: dt.date | None = None,
) -> TaskPublic:
    """Analyst edits: status (调整 needs a note), units (lead first), deadline, cycle, key work."""
    require_edit(actor, "修改任务")
    task = _task(session, task_id)
    before = _task_snapshot(task)
    changes = data.model_dump(exclude_unset=True)
    day = today or dt.date.today()
    if "status" in changes and changes["status"] is not None:
        note = changes.get("status_note", task.status_note if changes["status"] == task.status else None)
        if changes["status"] == "调整" and not (note or "").strip():
            raise InputError("任务调整须说明调整内容和依据", field="status_note")
        note = (note or "").strip() or None
        action = action_to(session, task, changes["status"])
        if action is not None or note != task.status_note:
            transition(session, task, action or "annotate", actor=actor, note=note, today=day)
    elif "status_note" in changes:
        note = (changes["status_note"] or "").strip() or None
        if note != task.status_note:
            transition(session, task, "annotate", actor=actor, note=note, today=day)
    if "units" in changes and changes["units"] is not None:
        plan = task.plan
        ctx = unit_context(registry or load_registry(), plan.region_code, plan.region_name, plan.jurisdiction)
        refs = ctx.resolve(changes["units"])
        parsed = ParsedTask(
            number=task.number,
            text=task.text,
            units=[r.expanded for r in refs],
            units_normalized=[r.normalized for r in refs],
            unit_details=refs,
            lead_unit_normalized=refs[0].normalized if refs else None,
        )
        task.units.clear()
        session.flush()
        task.units.extend(_unit_rows(parsed, ctx))
    if "deadline" in changes:
        task.deadline = changes["deadline"]
        task.due_on = deadline_date(changes["deadline"])
    if "cycle" in changes:
        task.cycle = changes["cycle"] or None
    if "key_work" in changes and changes["key_work"] is not None:
        task.key_work = bool(changes["key_work"])
    if changes.get("title"):
        task.title = changes["title"]
    task.updated_at = utcnow()
    session.flush()
    after = _task_snapshot(task)
    if after != before:
        record_audit(
            session, actor=actor, object_type="plan_task", object_id=task.id, action="update",
            before=before, after=after,
        )  # fmt: skip
    return task_public(task)


def sweep_statuses(
    session: Session, *, as_of: dt.date, actor: Actor = None, plan_id: int | None = None
) -> list[TaskPublic]:
    """Mark tasks past their deadline and not finished as 滞后 (audited). Returns those changed."""
    require_edit(actor, "更新任务状态")
    q = (
        select(PlanTask)
        .options(selectinload(PlanTask.units), selectinload(PlanTask.plan))
        .where(PlanTask.due_on.is_not(None), PlanTask.due_on < as_of, PlanTask.status.in_(LAGGABLE))
        .order_by(PlanTask.plan_id, PlanTask.position)
    )
    if plan_id is not None:
        q = q.where(PlanTask.plan_id == plan_id)
    changed = []
    for task in session.scalars(q):
        note = f"完成时限 {task.deadline} 已过（核查日 {as_of.isoformat()}）"
        audited_transition(
            session, task, "overdue", actor=actor, note=note, today=as_of, audit_note="逾期自动标记为滞后"
        )
        changed.append(task_public(task))
    return changed


def audited_transition(
    session: Session,
    task: PlanTask,
    action: str,
    *,
    actor: Actor,
    note: str | None,
    today: dt.date,
    audit_note: str,
    at: dt.datetime | None = None,
) -> None:
    """A status move made on the task's behalf (a sweep, a filing): through the workflow engine,
    stamped and written to the audit log with the task before and after."""
    before = _task_snapshot(task)
    transition(session, task, action, actor=actor, note=note, today=today, at=at)
    task.updated_at = at or utcnow()
    session.flush()
    record_audit(
        session, actor=actor, object_type="plan_task", object_id=task.id, action="status",
        before=before, after=_task_snapshot(task), note=audit_note,
    )  # fmt: skip


# ---- units and their accounts -------------------------------------------------------------------
def ledger_units(
    session: Session, plan_id: int | None = None, *, actor: Actor = None
) -> list[dict[str, Any]]:
    """Every responsible unit of the ledger (or of one plan): tasks led / co-owned, accounts."""
    require_read_all(actor, "查看全部责任单位")
    q = select(TaskUnit, PlanTask.plan_id, PlanTask.status).join(PlanTask, TaskUnit.task_id == PlanTask.id)
    if plan_id is not None:
        _plan(session, plan_id)
        q = q.where(PlanTask.plan_id == plan_id)
    accounts: dict[str, list[str]] = {}
    for username, unit in session.execute(select(User.username, User.unit).where(User.role == "unit")):
        accounts.setdefault(clean_unit(unit), []).append(username)
    units: dict[str, dict[str, Any]] = {}
    for tu, pid, status in session.execute(
        q.order_by(PlanTask.plan_id, PlanTask.position, TaskUnit.position)
    ):
        u = units.setdefault(
            tu.unit_key,
            {
                "unit_key": tu.unit_key,
                "unit": tu.unit,
                "is_group": tu.is_group,
                "department_id": tu.department_id,
                "lead_tasks": 0,
                "co_tasks": 0,
                "plans": [],
                "status_counts": dict.fromkeys(TASK_STATUSES, 0),
            },
        )
        u["lead_tasks" if tu.role == "lead" else "co_tasks"] += 1
        u["status_counts"][status] += 1
        if pid not in u["plans"]:
            u["plans"].append(pid)
    for u in units.values():
        u["accounts"] = accounts.get(u["unit_key"], [])
    return sorted(units.values(), key=lambda u: (-u["lead_tasks"], -u["co_tasks"], u["unit_key"]))


def _username_for(region: str | None, department_id: str | None, unit_key: str, taken: set[str]) -> str:
    stem = department_id if department_id and re.fullmatch(r"[A-Za-z0-9_.-]+", department_id) else None
    base = f"{region or 'unit'}-{stem or 'u' + hashlib.sha1(unit_key.encode()).hexdigest()[:6]}"
    name, n = base[:60], 2
    while name in taken:
        name = f"{base[:57]}-{n}"
        n += 1
    taken.add(name)
    return name


def create_unit_accounts(
    session: Session, plan_id: int, *, actor: Actor = None, units: list[str] | None = None
) -> list[dict[str, str]]:
    """Create a ``unit`` account for every unit of a plan that has none (groups excluded), with a
    random password shown once. ``units`` limits it to these unit keys."""
    if actor is not None and actor.role != "admin":
        raise PermissionDenied("只有管理员可以创建责任单位账号")
    plan = _plan(session, plan_id)
    taken = set(session.scalars(select(User.username)))
    existing = {clean_unit(u) for u in session.scalars(select(User.unit).where(User.role == "unit")) if u}
    wanted = {clean_unit(u) for u in units} if units is not None else None
    created: list[dict[str, str]] = []
    for u in ledger_units(session, plan_id, actor=None):
        if u["is_group"] or u["unit_key"] in existing or (wanted is not None and u["unit_key"] not in wanted):
            continue
        password = secrets.token_urlsafe(9)
        username = _username_for(plan.region_code, u["department_id"], u["unit_key"], taken)
        user: UserPublic = create_user(
            session,
            UserCreate(username=username, display_name=u["unit_key"][:128], password=password, role="unit",
                       unit=u["unit_key"][:128]),
            actor=actor,
        )  # fmt: skip
        require_password_change(session, user.id)  # a generated password: changed at first login
        existing.add(u["unit_key"])
        created.append({"username": user.username, "unit": u["unit_key"], "password": password})
    return created


# ---- input files --------------------------------------------------------------------------------
def load_plan_input(
    path: Path,
    *,
    region: str | None = None,
    parent_id: int | None = None,
    key_tasks: list[str] | None = None,
    tracking_start: dt.date | None = None,
    registry: DepartmentRegistry | None = None,
) -> PlanCreate:
    """What ``ipatlas plans import`` reads: a plan document (TXT/DOCX/HTML, parsed here), the JSON
    of ``ipatlas plans parse --json`` (possibly corrected by hand), or a full import request
    (``{"parsed": {...}, "parent_id": …}``, as the web review page produces). Options given here
    override those in the file."""
    from ipatlas.plans.parse import parse_plan

    path = Path(path)
    require_file(path)
    if path.suffix.lower() == ".json":
        try:
            raw = json.loads(path.read_text("utf-8-sig"))
        except (OSError, ValueError) as exc:
            raise InputError(f"不是有效的 JSON：{cause(exc)}", file=str(path)) from exc
        try:
            data = PlanCreate.model_validate(
                raw if isinstance(raw, dict) and "parsed" in raw else {"parsed": raw}
            )
        except ValidationError as exc:
            err = exc.errors()[0]
            field = ".".join(str(p) for p in err.get("loc", ()))
            reason = validation_reason(err.get("type"), err.get("ctx"), str(err.get("msg", "")))
            raise InputError(
                f"解析结果格式不符：{reason}（可先用 ipatlas plans parse --json 生成）",
                file=str(path),
                field=field,
            ) from None
    else:
        data = PlanCreate(parsed=parse_plan(path, region=region, registry=registry), source_name=path.name)
    updates: dict[str, Any] = {}
    if region is not None:
        updates["region"] = region
    if parent_id is not None:
        updates["parent_id"] = parent_id
    if key_tasks:
        updates["key_tasks"] = list(key_tasks)
    if tracking_start is not None:
        updates["tracking_start"] = tracking_start
    if data.source_name is None:
        updates["source_name"] = path.name
    return data.model_copy(update=updates)
