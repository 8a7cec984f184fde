"""The office's review of a unit's filing (报送审核) on the platform's workflow engine.

Definition ``workflows/plan_filing.yaml``: 报送 → 审核通过, or 退回修改 (a reason is required) →
the unit corrects and 重新报送. One instance per filing (``subject_type="task_report"``,
``subject_id=<report id>``, ``unit`` = the reporting unit), opened by :func:`open_review` when
:func:`ipatlas.plans.supervision.reports.submit_report` files it. The engine holds the state, the
timeline and the correction limit of a returned filing (the office's own rule, data in the YAML).

Only an approved filing counts as the task's progress where the ledger decides completion: a
filing declaring 已完成 completes its task when it is approved (``require_approval``, from the
setting ``plans_filing_review``, default on; off = the filing completes the task as it is filed,
as before). Filings from before the review existed have no instance and count as approved.
"""

from __future__ import annotations

import datetime as dt
from functools import cache
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel
from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from ipatlas import workflow as wf
from ipatlas.access import role_label
from ipatlas.errors import InputError, NotFoundError, PermissionDenied
from ipatlas.plans.supervision.access import Actor, actor_unit, clean_unit, require_edit
from ipatlas.plans.supervision.ledger import audited_transition, load_task
from ipatlas.plans.supervision.lifecycle import action_to, engine_actor
from ipatlas.plans.supervision.models import REPORT_KIND_LABELS, PlanTask, ReportPublic, TaskReport
from ipatlas.security import limits
from ipatlas.store.models import User, utcnow
from ipatlas.store.workflow import record_audit
from ipatlas.workflow.models import WfInstance

DEFINITION_PATH = Path(__file__).with_name("workflows") / "plan_filing.yaml"
SUBJECT = "task_report"
Decision = Literal["approve", "return"]
DECISION_LABELS = {"approve": "审核通过", "return": "退回修改"}


@cache
def definition() -> wf.Definition:
    return wf.load_definition(DEFINITION_PATH)


class FilingEvent(BaseModel):
    seq: int
    at: dt.datetime
    actor: str
    role: str
    role_label: str
    action: str
    action_label: str
    state_label: str
    note: str | None


class FilingReview(BaseModel):
    """A filing with its review: state, timeline (the engine's events), correction limit."""

    report: ReportPublic
    kind_label: str
    plan_id: int
    task_number: str
    task_title: str
    instance_id: int | None
    state: str
    state_label: str
    version: int | None
    return_reason: str | None
    correction_due: dt.date | None
    correction_basis: str | None
    correction_state: str | None
    events: list[FilingEvent]
    actions: list[dict[str, Any]]


# ---- opening ------------------------------------------------------------------------------------
def open_review(session: Session, report: TaskReport, *, actor: Actor, at: dt.datetime) -> wf.Instance:
    """Open the filing's instance and perform 报送 (the engine checks the filer's role)."""
    inst = wf.start(
        session,
        definition(),
        subject_type=SUBJECT,
        subject_id=report.id,
        actor=engine_actor(actor),
        at=at,
        unit=report.unit,
        data={"task_id": report.task_id},
    )
    note = f"{report.unit}{REPORT_KIND_LABELS.get(report.kind, report.kind)}" + (
        f"（{report.period}）" if report.period else ""
    )
    wf.act(session, inst.id, "submit", actor=engine_actor(actor), at=at, note=note, definition=definition())
    return inst


# ---- reading ------------------------------------------------------------------------------------
def _report(session: Session, report_id: int, actor: Actor) -> tuple[TaskReport, PlanTask]:
    in_range = limits.INT64_MIN <= report_id <= limits.INT64_MAX  # a mistyped id is not found, not a crash
    report = session.get(TaskReport, report_id) if in_range else None
    if report is None:
        raise NotFoundError(f"报送不存在：{report_id}", report=report_id)
    task = load_task(session, report.task_id, actor=actor)  # a unit reads its own tasks only
    return report, task


def _instance_row(session: Session, report_id: int) -> WfInstance | None:
    return session.scalar(
        select(WfInstance).where(
            WfInstance.definition == definition().id,
            WfInstance.subject_type == SUBJECT,
            WfInstance.subject_id == str(report_id),
        )
    )


def _view(session: Session, report: TaskReport, task: PlanTask, actor: Actor) -> FilingReview:
    d = definition()
    row = _instance_row(session, report.id)
    events: list[FilingEvent] = []
    reason = due = basis = clock = None
    actions: list[dict[str, Any]] = []
    if row is not None:
        for e in wf.timeline(session, row.id):
            if e.action == "@start":
                continue  # the opening step; 报送 follows at the same moment
            events.append(
                FilingEvent(
                    seq=e.seq, at=e.at, actor=e.actor, role=e.role, role_label=role_label(e.role),
                    action=e.action, action_label=d.action_label(e.action),
                    state_label=d.state_label(e.to_state), note=e.note,
                )
            )  # fmt: skip
        returns = [e for e in events if e.action == "return"]
        reason = returns[-1].note if returns else None
        for c in wf.deadlines(session, row.id):
            due, basis, clock = c.due, f"{c.law}：{c.article}", c.state
        who = engine_actor(actor)
        own = actor_unit(actor)
        mine = own is None or own == clean_unit(report.unit)  # a unit corrects its own filings only
        actions = [
            {
                "id": a.id,
                "label": a.label,
                "allowed": who.role in a.roles and (mine or a.id != "resubmit"),
                "note_required": a.note_required,
            }
            for a in d.actions_from(row.state)
        ]
    return FilingReview(
        report=ReportPublic.model_validate(report),
        kind_label=REPORT_KIND_LABELS.get(report.kind, report.kind),
        plan_id=task.plan_id,
        task_number=task.number,
        task_title=task.title or task.text[:30],
        instance_id=row.id if row else None,
        state=row.state if row else "approved",
        state_label=d.state_label(row.state) if row else "已通过（审核启用前报送）",
        version=row.version if row else None,
        return_reason=reason if row is not None and row.state == "returned" else None,
        correction_due=due,
        correction_basis=basis,
        correction_state=clock,
        events=events,
        actions=actions,
    )


def filing_review(session: Session, report_id: int, *, actor: Actor = None) -> FilingReview:
    """One filing with its review state and timeline (whoever may read its task)."""
    report, task = _report(session, report_id, actor)
    return _view(session, report, task, actor)


def _listed(session: Session, state: str, actor: Actor, unit: str | None) -> list[FilingReview]:
    q = select(WfInstance.subject_id).where(
        WfInstance.definition == definition().id,
        WfInstance.subject_type == SUBJECT,
        WfInstance.state == state,
    )
    if unit is not None:
        q = q.where(WfInstance.unit == unit)
    ids = [int(i) for i in session.scalars(q)]
    if not ids:
        return []
    reports = session.scalars(
        select(TaskReport)
        .options(selectinload(TaskReport.attachments), selectinload(TaskReport.task))
        .where(TaskReport.id.in_(ids))
        .order_by(TaskReport.submitted_at, TaskReport.id)
    )
    return [_view(session, r, r.task, actor) for r in reports]


def pending_filings(session: Session, *, actor: Actor = None) -> list[FilingReview]:
    """Filings waiting for the office's review (已报送), oldest first: for analysts and admins."""
    require_edit(actor, "审核报送")
    return _listed(session, "submitted", actor, None)


def returned_filings(session: Session, *, actor: Actor = None) -> list[FilingReview]:
    """Returned filings (已退回) with the reason and the correction limit: a unit account sees its
    own, the office sees all."""
    own = actor_unit(actor)
    if own is None:
        require_edit(actor, "查看全部退回的报送")
    return _listed(session, "returned", actor, own)


# ---- acting -------------------------------------------------------------------------------------
def _act(
    session: Session,
    report: TaskReport,
    action: str,
    *,
    actor: Actor,
    note: str | None,
    at: dt.datetime,
    expected_version: int | None,
) -> wf.Event:
    d = definition()
    row = _instance_row(session, report.id)
    if row is None:
        raise InputError(f"报送 #{report.id} 早于报送审核流程，视为已通过，无需审核", field="filing")
    a = d.actions.get(action)
    who = engine_actor(actor)
    if a is not None and row.state in a.sources and who.role not in a.roles:
        raise PermissionDenied(
            f"报送 #{report.id} 当前状态为“{d.state_label(row.state)}”，{role_label(who.role)}账号不能执行"
            f"“{a.label}”（{action}）；可执行的角色：{'、'.join(role_label(r) for r in a.roles)}",
            state=row.state,
            action=action,
        )
    return wf.act(
        session, row.id, action, actor=who, at=at, note=(note or "").strip() or None,
        expected_version=expected_version, definition=d,
    )  # fmt: skip


def _notify_return(session: Session, report: TaskReport, task: PlanTask, event: wf.Event) -> int:
    """Tell the unit's accounts that its filing came back (the engine's outbox, mailed by
    ``send_outbox``): the reason and the correction limit. Returns how many were queued."""
    clocks = wf.deadlines(session, event.instance_id)
    limit = f"，请于{clocks[0].due:%Y年%m月%d日}前修改后重新报送" if clocks else "，请修改后重新报送"
    kind = REPORT_KIND_LABELS.get(report.kind, report.kind)
    added = 0
    for username, unit in session.execute(
        select(User.username, User.unit).where(User.role == "unit", User.unit.is_not(None), User.active)
    ):
        if clean_unit(unit) != clean_unit(report.unit):
            continue
        added += wf.enqueue(
            session,
            key=f"plan_filing:{report.id}:return:{event.seq}:{username}"[:128],
            kind="returned",
            recipient=username,
            subject=f"【报送退回】任务 {task.number} 的{kind}（报送编号 {report.id}）",
            body=f"{report.unit}：任务 {task.number}（{task.title or task.text[:30]}）的{kind}已被退回修改。"
            f"退回理由：{event.note}{limit}。",
            instance_id=event.instance_id,
        )
    return added


def review_filing(
    session: Session,
    report_id: int,
    decision: Decision,
    *,
    actor: Actor = None,
    note: str | None = None,
    now: dt.datetime | None = None,
    expected_version: int | None = None,
    require_approval: bool = True,
) -> FilingReview:
    """The office approves a filing (审核通过) or returns it for correction (退回修改, ``note`` =
    the reason). Approving a filing that declares 已完成 completes its task (with
    ``require_approval``; the completion day is the filing's)."""
    if decision not in DECISION_LABELS:
        raise InputError(f"审核结论应为 approve（通过）或 return（退回）：{decision}", field="decision")
    report, task = _report(session, report_id, actor)
    at = now or utcnow()
    event = _act(session, report, decision, actor=actor, note=note, at=at, expected_version=expected_version)
    if decision == "return":
        _notify_return(session, report, task, event)
    if decision == "approve" and require_approval and report.progress_status == "已完成":
        action = action_to(session, task, "已完成")
        if action is not None:
            kind = REPORT_KIND_LABELS.get(report.kind, report.kind)
            audited_transition(
                session, task, action, actor=actor, at=at, today=report.submitted_at.date(),
                note=f"据{report.unit}{kind}（报送编号 {report.id}，已审核通过）",
                audit_note="报送审核通过，任务完成",
            )  # fmt: skip
    session.flush()
    return _view(session, report, task, actor)


def resubmit_filing(
    session: Session,
    report_id: int,
    *,
    actor: Actor = None,
    text: str | None = None,
    note: str | None = None,
    now: dt.datetime | None = None,
    expected_version: int | None = None,
) -> FilingReview:
    """The unit corrects a returned filing (new ``text``, optional) and files it again (重新报送).
    A unit account corrects only its own unit's filings."""
    report, task = _report(session, report_id, actor)
    own = actor_unit(actor)
    if own is not None and clean_unit(report.unit) != own:
        raise PermissionDenied(
            f"责任单位账号只能修改本单位（{own}）的报送，报送 #{report.id} 属于 {report.unit}"
        )
    at = now or utcnow()
    before = ReportPublic.model_validate(report).model_dump(mode="json")
    new_text = (text or "").strip()
    if text is not None and not new_text:
        raise InputError("修改后的报送内容不能为空", field="text")
    _act(session, report, "resubmit", actor=actor, note=note, at=at, expected_version=expected_version)
    if new_text and new_text != report.text:
        report.text = new_text
        session.flush()
        record_audit(
            session, actor=actor, object_type="task_report", object_id=report.id, action="correct",
            before=before, after=ReportPublic.model_validate(report).model_dump(mode="json"),
            note=f"{report.unit} 修改后重新报送",
        )  # fmt: skip
    session.flush()
    return _view(session, report, task, actor)
