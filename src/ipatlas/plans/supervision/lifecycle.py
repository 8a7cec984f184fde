"""A plan task's status runs on the platform's workflow engine (``workflows/plan_task.yaml``).

The engine holds the state, the event timeline and the audit of every transition; the
``plan_tasks.status`` column is the state's label, written here and nowhere else, right after the
engine's transition (the ledger's lists, filters, exports and briefings read it). One instance per
task: ``subject_type="plan_task"``, ``subject_id=<task id>``.
"""

from __future__ import annotations

import datetime as dt
from functools import cache
from pathlib import Path

from sqlalchemy.orm import Session

from ipatlas import workflow as wf
from ipatlas.errors import StoreError
from ipatlas.plans.supervision.access import Actor, actor_name
from ipatlas.plans.supervision.models import TASK_STATUSES, PlanTask
from ipatlas.store.models import utcnow

DEFINITION_PATH = Path(__file__).with_name("workflows") / "plan_task.yaml"
SUBJECT = "plan_task"
OPERATOR_ROLE = "admin"  # the command line (actor None) acts with the operator's full rights


@cache
def definition() -> wf.Definition:
    return wf.load_definition(DEFINITION_PATH)


def state_of(status: str) -> str:
    """The engine state whose label is ``status`` (未启动 → not_started …)."""
    for sid, state in definition().states.items():
        if state.label == status:
            return sid
    raise StoreError(f"任务状态 {status} 不在流程定义 {DEFINITION_PATH.name} 中")


def status_of(state: str) -> str:
    label = definition().state_label(state)
    if label not in TASK_STATUSES:
        raise StoreError(f"流程状态 {state} 的名称 {label} 不是任务状态（{'/'.join(TASK_STATUSES)}）")
    return label


def engine_actor(actor: Actor) -> wf.Actor:
    if actor is None:
        return wf.Actor(actor_name(None), OPERATOR_ROLE)
    return wf.Actor(actor.username, actor.role, actor.unit)


def start_task(
    session: Session, task: PlanTask, *, actor: Actor, at: dt.datetime | None = None
) -> wf.Instance:
    """Open the task's instance (the task must have an id); state 未启动."""
    inst = wf.start(
        session, definition(), subject_type=SUBJECT, subject_id=task.id, actor=engine_actor(actor), at=at
    )
    _mirror(task, inst.state, None, (at or utcnow()).date())
    return inst


def instance(session: Session, task: PlanTask) -> wf.Instance:
    inst = wf.find_instance(session, definition=definition().id, subject_type=SUBJECT, subject_id=task.id)
    if inst is None:  # a task from before the ledger ran on the engine and not yet migrated
        raise StoreError(f"任务 {task.id} 没有流程实例：请先运行 ipatlas db upgrade（迁移 0011_onetruth）")
    return inst


def action_to(session: Session, task: PlanTask, status: str) -> str | None:
    """The action that takes the task from its state to ``status`` (None when it is there)."""
    current = instance(session, task).state
    target = state_of(status)
    if target == current:
        return None
    for a in definition().actions_from(current):
        if a.to == target:
            return a.id
    raise StoreError(f"流程定义中没有从“{status_of(current)}”到“{status}”的操作")


def transition(
    session: Session,
    task: PlanTask,
    action: str,
    *,
    actor: Actor,
    note: str | None,
    today: dt.date,
    at: dt.datetime | None = None,
) -> wf.Event:
    """Perform ``action`` on the task's instance and show the new state on the task."""
    inst = instance(session, task)
    when = at or dt.datetime.combine(today, dt.time())
    events = wf.timeline(session, inst.id)
    if events and when < events[-1].at:  # a sweep dated before the last filing acts at that moment
        when = events[-1].at
    event = wf.act(
        session, inst.id, action, actor=engine_actor(actor), at=when, note=note, definition=definition()
    )
    _mirror(task, event.to_state, note, today)
    return event


def _mirror(task: PlanTask, state: str, note: str | None, today: dt.date) -> None:
    status = status_of(state)
    if status != task.status or note != task.status_note:
        task.status_changed_at = utcnow()
    task.status = status
    task.status_note = note
    task.completed_on = (task.completed_on or today) if status == "已完成" else None
