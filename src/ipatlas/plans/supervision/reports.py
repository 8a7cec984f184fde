"""Reports from the responsible units and the reporting calendar (季报制、速报制、即报制).

* 季报 (``quarterly``): every task with units owes one per quarter, from the quarter the ledger
  started (``Plan.tracking_start``) to the end of the plan period, due ``quarterly_due_days``
  (default 10) days after the quarter ends; any unit of the task may file it.
* 速报 (``fast``): reports on key work (``PlanTask.key_work``), filed whenever there is news.
* 即报 (``immediate``): a milestone report; a task with a deadline owes one within
  ``immediate_due_days`` (default 5) days after it.

An obligation is ``open`` until ``reminder_days`` before it is due, then ``due_soon`` (the
reminder), then ``overdue``; once filed it is ``submitted`` (or ``late``).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel
from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from ipatlas.errors import InputError, NotFoundError, PermissionDenied
from ipatlas.plans.supervision.access import Actor, actor_unit, can_edit, clean_unit, reads_all
from ipatlas.plans.supervision.filings import open_review
from ipatlas.plans.supervision.ledger import (
    _own_task_ids,
    audited_transition,
    load_task,
)
from ipatlas.plans.supervision.lifecycle import action_to
from ipatlas.plans.supervision.models import (
    REPORT_KIND_LABELS,
    AttachmentPublic,
    PlanTask,
    ReportAttachment,
    ReportCreate,
    ReportPublic,
    TaskReport,
)
from ipatlas.plans.supervision.periods import Quarter, quarters_between
from ipatlas.store.models import User, utcnow
from ipatlas.store.workflow import record_audit

MAX_ATTACHMENT_BYTES = 20 * 1024 * 1024
MAX_ATTACHMENTS = 10
ATTACHMENTS_DIR = Path("plans") / "attachments"

DueState = Literal["open", "due_soon", "overdue", "submitted", "late"]
STATE_LABELS = {
    "open": "未到期",
    "due_soon": "即将到期",
    "overdue": "逾期未报",
    "submitted": "已报送",
    "late": "逾期报送",
}


@dataclass
class Upload:
    """A file attached to a report."""

    filename: str
    data: bytes
    content_type: str | None = None


class DueItem(BaseModel):
    """One report a task owes (or owed)."""

    task_id: int
    plan_id: int
    task_number: str
    task_title: str
    lead_unit: str | None
    units: list[str]
    kind: str
    kind_label: str
    period: str | None
    period_label: str | None
    due_on: dt.date
    state: DueState
    state_label: str
    days: int  # due_on − as_of: > 0 days left, < 0 days overdue
    report_ids: list[int]


# ---- the calendar -------------------------------------------------------------------------------
def _state(reports: list[TaskReport], due: dt.date, as_of: dt.date, reminder_days: int) -> DueState:
    reports = [r for r in reports if r.submitted_at.date() <= as_of]  # as things stood on as_of
    if reports:
        first = min(r.submitted_at.date() for r in reports)
        return "late" if first > due else "submitted"
    if as_of > due:
        return "overdue"
    if as_of >= due - dt.timedelta(days=reminder_days):
        return "due_soon"
    return "open"


def task_obligations(task: PlanTask, as_of: dt.date) -> list[DueItem]:
    """The reports ``task`` owes up to the quarter of ``as_of`` (with their state on that day)."""
    plan = task.plan
    if not task.units:
        return []  # nobody to report yet: the analyst assigns units first
    keys = [u.unit_key for u in task.units]
    lead = next((u.unit_key for u in task.units if u.role == "lead"), None)
    base: dict[str, Any] = {
        "task_id": task.id,
        "plan_id": task.plan_id,
        "task_number": task.number,
        "task_title": task.title or task.text[:30],
        "lead_unit": lead,
        "units": keys,
    }
    out: list[DueItem] = []

    def add(kind: str, period: Quarter | None, due: dt.date, reports: list[TaskReport]) -> None:
        state = _state(reports, due, as_of, plan.reminder_days)
        out.append(
            DueItem(
                **base,
                kind=kind,
                kind_label=REPORT_KIND_LABELS[kind],
                period=str(period) if period else None,
                period_label=period.label if period else None,
                due_on=due,
                state=state,
                state_label=STATE_LABELS[state],
                days=(due - as_of).days,
                report_ids=[r.id for r in reports if r.submitted_at.date() <= as_of],
            )
        )

    first = Quarter.of(plan.tracking_start)
    last = Quarter.of(as_of)
    if plan.period_end:
        last = min(last, Quarter(plan.period_end, 4))
    if task.status == "已完成" and task.completed_on:
        last = min(last, Quarter.of(task.completed_on).prev())
    for q in quarters_between(first, last):
        reports = [r for r in task.reports if r.kind == "quarterly" and r.period == str(q)]
        add("quarterly", q, q.due(plan.quarterly_due_days), reports)
    if task.due_on and task.due_on >= plan.tracking_start:
        reports = [r for r in task.reports if r.kind == "immediate"]
        add("immediate", None, task.due_on + dt.timedelta(days=plan.immediate_due_days), reports)
    return out


def obligations(
    session: Session,
    *,
    as_of: dt.date,
    actor: Actor = None,
    plan_id: int | None = None,
    plan_ids: list[int] | None = None,
    task_id: int | None = None,
    unit: str | None = None,
    states: set[str] | None = None,
) -> list[DueItem]:
    """What is owed, due soon and overdue on ``as_of``; a unit account sees its own tasks only."""
    own = actor_unit(actor)
    q = (
        select(PlanTask)
        .options(selectinload(PlanTask.units), selectinload(PlanTask.plan), selectinload(PlanTask.reports))
        .order_by(PlanTask.plan_id, PlanTask.position)
    )
    if task_id is not None:
        load_task(session, task_id, actor=actor)
        q = q.where(PlanTask.id == task_id)
    if plan_id is not None:
        q = q.where(PlanTask.plan_id == plan_id)
    if plan_ids is not None:
        q = q.where(PlanTask.plan_id.in_(plan_ids))
    if own is not None:
        if unit is not None and clean_unit(unit) != own:
            raise PermissionDenied(f"责任单位账号只能查看本单位（{own}）的报送")
        q = q.where(PlanTask.id.in_(_own_task_ids(own)))
    out: list[DueItem] = []
    wanted = clean_unit(unit) if unit else None
    for task in session.scalars(q):
        for item in task_obligations(task, as_of):
            if wanted and wanted not in item.units and wanted not in [u.unit for u in task.units]:
                continue
            if states is None or item.state in states:
                out.append(item)
    return out


def reminders(
    session: Session,
    *,
    as_of: dt.date,
    actor: Actor = None,
    plan_id: int | None = None,
    unit: str | None = None,
) -> list[DueItem]:
    """Reports due within the reminder window, and overdue ones (most urgent first)."""
    items = obligations(
        session, as_of=as_of, actor=actor, plan_id=plan_id, unit=unit, states={"due_soon", "overdue"}
    )
    return sorted(items, key=lambda i: (i.due_on, i.plan_id, i.task_number))


def queue_reminders(
    session: Session, *, as_of: dt.date, actor: Actor = None, plan_id: int | None = None
) -> int:
    """Write the filing reminders of ``as_of`` (due soon, overdue) to the workflow engine's outbox
    (``ipatlas.workflow.outbox``, mailed by ``send_outbox``): one message per obligation, state and
    account of the task's lead unit (its units when none leads). Idempotent; returns how many were
    added."""
    from ipatlas import workflow as wf
    from ipatlas.plans.supervision.lifecycle import SUBJECT, definition

    if not can_edit(actor):
        raise PermissionDenied("无权发送报送提醒")
    accounts: dict[str, list[str]] = {}
    for username, unit in session.execute(
        select(User.username, User.unit).where(User.role == "unit", User.unit.is_not(None), User.active)
    ):
        accounts.setdefault(clean_unit(unit), []).append(username)
    added = 0
    for item in reminders(session, as_of=as_of, actor=actor, plan_id=plan_id):
        inst = wf.find_instance(
            session, definition=definition().id, subject_type=SUBJECT, subject_id=item.task_id
        )
        what = f"{item.period_label or ''}{item.kind_label}"
        when = f"{item.due_on:%Y年%m月%d日}"
        key = f"plan:{item.task_id}:{item.kind}:{item.period or item.due_on}:{item.state}"
        for unit in [item.lead_unit] if item.lead_unit else item.units:
            for username in accounts.get(clean_unit(unit), []):
                added += wf.enqueue(
                    session,
                    key=f"{key}:{username}"[:128],
                    kind=item.state,
                    recipient=username,
                    subject=f"【{STATE_LABELS[item.state]}】任务 {item.task_number} 的{what}",
                    body=f"{unit}：任务 {item.task_number}（{item.task_title}）的{what}应于{when}前报送"
                    f"（{STATE_LABELS[item.state]}，核查日 {as_of:%Y年%m月%d日}）。",
                    instance_id=inst.id if inst else None,
                )
    return added


def default_period(task: PlanTask, today: dt.date) -> Quarter:
    """The quarter a 季报 filed today is for: the quarter just ended while its report is still
    due (and not yet filed), else the current quarter."""
    prev = Quarter.of(today).prev()
    filed = {r.period for r in task.reports if r.kind == "quarterly"}
    if today <= prev.due(task.plan.quarterly_due_days) and str(prev) not in filed:
        return prev
    return Quarter.of(today)


# ---- filing -------------------------------------------------------------------------------------
_UNSAFE = re.compile(r"[\x00-\x1f/\\:*?\"<>|]+")


def _safe_filename(name: str) -> str:
    base = Path(name.replace("\\", "/")).name.strip().lstrip(".")
    base = _UNSAFE.sub("_", base)
    if not base:
        raise InputError("附件文件名无效", field="attachments")
    if len(base) > 200:
        stem, dot, ext = base.rpartition(".")
        base = (stem[:190] + dot + ext[:9]) if dot else base[:200]
    return base


def _reporting_unit(task: PlanTask, data: ReportCreate, actor: Actor) -> str:
    own = actor_unit(actor)
    keys = [u.unit_key for u in task.units]
    if own is not None:
        if data.unit is not None and clean_unit(data.unit) != own:
            raise PermissionDenied(f"责任单位账号只能以本单位（{own}）名义报送")
        return own
    if not can_edit(actor):
        raise PermissionDenied("查看者账号不能报送")
    if not keys:
        raise InputError(f"任务 {task.number} 尚未分配责任单位，不能报送", field="units")
    if data.unit is None:
        return keys[0]
    name = clean_unit(data.unit)
    for u in task.units:
        if name in (u.unit_key, u.unit):
            return u.unit_key
    raise InputError(f"{data.unit} 不是任务 {task.number} 的责任单位（{'、'.join(keys)}）", field="unit")


def _advance_task(
    session: Session,
    task: PlanTask,
    data: ReportCreate,
    unit: str,
    report_id: int,
    *,
    actor: Actor,
    at: dt.datetime,
    require_approval: bool,
) -> None:
    """A filing moves its task on through the workflow engine: the first one begins a 未启动 task;
    one that declares 已完成 completes it when the office approves it (``filings.review_filing``),
    or right away when ``require_approval`` is off."""
    today = at.date()
    new_status = None
    if data.progress_status == "已完成" and not require_approval:
        new_status = "已完成"
    elif task.status == "未启动":
        new_status = "推进中"
    action = action_to(session, task, new_status) if new_status else None
    if action is not None:
        note = f"据{unit}{REPORT_KIND_LABELS[data.kind]}（报送编号 {report_id}）"
        audited_transition(
            session, task, action, actor=actor, note=note, today=today, at=at, audit_note="随报送更新任务状态"
        )


def submit_report(
    session: Session,
    task_id: int,
    data: ReportCreate,
    *,
    actor: Actor = None,
    data_dir: Path,
    files: list[Upload] | tuple[Upload, ...] = (),
    now: dt.datetime | None = None,
    require_approval: bool = True,
) -> ReportPublic:
    """File a 季报/速报/即报 for a task (a unit account: only for its own tasks). Files are stored
    under ``<data_dir>/plans/attachments``; the filing's review opens on the workflow engine
    (``filings``: 已报送, for the office to approve or return). The task's status follows the
    report: a first report starts a 未启动 task; one reporting 已完成 completes it once approved
    (``require_approval``, setting ``plans_filing_review``; off = at once)."""
    task = load_task(session, task_id, actor=actor)
    unit = _reporting_unit(task, data, actor)
    at = now or utcnow()
    today = at.date()
    plan = task.plan
    period: str | None = None
    due: dt.date | None = None
    if data.kind == "quarterly":
        q = Quarter.parse(data.period) if data.period else default_period(task, today)
        if q > Quarter.of(today):
            raise InputError(f"不能提前报送 {q.label} 的季报", field="period")
        period, due = str(q), q.due(plan.quarterly_due_days)
    elif data.period:
        raise InputError("只有季报需要填写季度", field="period")
    if data.kind == "fast" and not task.key_work:
        raise InputError(
            f"速报用于重点工作：任务 {task.number} 未列为重点工作，请报送季报或即报", field="kind"
        )
    if data.kind == "immediate" and task.due_on:
        due = task.due_on + dt.timedelta(days=plan.immediate_due_days)
    if len(files) > MAX_ATTACHMENTS:
        raise InputError(f"附件最多 {MAX_ATTACHMENTS} 个", field="attachments")
    for f in files:
        if not f.data:
            raise InputError(f"附件为空：{f.filename}", field="attachments")
        if len(f.data) > MAX_ATTACHMENT_BYTES:
            raise InputError(
                f"附件超过 {MAX_ATTACHMENT_BYTES // 1024 // 1024} MB：{f.filename}", field="attachments"
            )
    report = TaskReport(
        task_id=task.id,
        kind=data.kind,
        period=period,
        unit=unit,
        text=data.text,
        figures=[f.model_dump() for f in data.figures],
        progress_status=data.progress_status,
        due_on=due,
        late=bool(due and today > due),
        submitted_at=at,
        submitted_by_id=actor.id if actor else None,
        submitted_by=actor.username if actor else None,
    )
    session.add(report)
    session.flush()
    folder = Path(data_dir) / ATTACHMENTS_DIR / str(task.id) / str(report.id)
    for i, f in enumerate(files, start=1):
        name = _safe_filename(f.filename)
        folder.mkdir(parents=True, exist_ok=True)
        path = folder / f"{i:02d}_{name}"
        path.write_bytes(f.data)
        report.attachments.append(
            ReportAttachment(
                filename=name,
                stored_path=path.relative_to(Path(data_dir)).as_posix(),
                size=len(f.data),
                sha256=hashlib.sha256(f.data).hexdigest(),
                content_type=(f.content_type or None) and f.content_type[:100],
                created_at=at,
            )
        )
    session.flush()
    public = ReportPublic.model_validate(report)
    record_audit(
        session,
        actor=actor,
        object_type="task_report",
        object_id=report.id,
        action="submit",
        after=public.model_dump(mode="json"),
        note=f"{unit} 报送任务 {task.number} 的{REPORT_KIND_LABELS[data.kind]}",
    )
    open_review(session, report, actor=actor, at=at)
    _advance_task(session, task, data, unit, report.id, actor=actor, at=at, require_approval=require_approval)
    return public


def list_reports(session: Session, task_id: int, *, actor: Actor = None) -> list[ReportPublic]:
    """The task's reports, newest first (the timeline of the task page)."""
    task = load_task(session, task_id, actor=actor)
    q = (
        select(TaskReport)
        .options(selectinload(TaskReport.attachments))
        .where(TaskReport.task_id == task.id)
        .order_by(TaskReport.submitted_at.desc(), TaskReport.id.desc())
    )
    return [ReportPublic.model_validate(r) for r in session.scalars(q)]


def reports_between(
    session: Session, start: dt.date, end: dt.date, *, actor: Actor = None, plan_ids: list[int] | None = None
) -> list[tuple[ReportPublic, int]]:
    """Reports submitted from ``start`` to ``end`` (inclusive), with their plan id."""
    if not reads_all(actor):
        raise PermissionDenied("责任单位账号不能查看其他单位的报送")
    q = (
        select(TaskReport, PlanTask.plan_id)
        .join(PlanTask, TaskReport.task_id == PlanTask.id)
        .options(selectinload(TaskReport.attachments))
        .where(
            TaskReport.submitted_at >= dt.datetime.combine(start, dt.time.min),
            TaskReport.submitted_at <= dt.datetime.combine(end, dt.time.max),
        )
        .order_by(TaskReport.submitted_at)
    )
    if plan_ids is not None:
        q = q.where(PlanTask.plan_id.in_(plan_ids))
    return [(ReportPublic.model_validate(r), pid) for r, pid in session.execute(q)]


def get_attachment(
    session: Session, attachment_id: int, *, actor: Actor = None, data_dir: Path
) -> tuple[AttachmentPublic, Path]:
    """An attachment and its file, for users who may read its task."""
    att = session.get(ReportAttachment, attachment_id)
    if att is None:
        raise NotFoundError(f"附件不存在：{attachment_id}", attachment=attachment_id)
    load_task(session, att.report.task_id, actor=actor)
    path = Path(data_dir) / att.stored_path
    if not path.is_file():
        raise NotFoundError(f"附件文件缺失：{att.stored_path}", attachment=attachment_id)
    return AttachmentPublic.model_validate(att), path
