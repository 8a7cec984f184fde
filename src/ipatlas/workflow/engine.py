"""The one workflow engine: start an instance, act on it, read its timeline and deadlines.

Every :func:`act` validates first (state, role, required fields, dates, extension caps) and
writes afterwards: the version-checked ``UPDATE`` of the instance row comes first, so a
concurrent act on the same instance gets :class:`~ipatlas.errors.ConflictError` before anything
of it is written; the event, the deadline changes and the audit-log row follow in the caller's
transaction (a failure rolls all of it back).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import Select, and_, func, select, update
from sqlalchemy.orm import Session

from ipatlas.access import role_label
from ipatlas.calendar import WorkCalendar, calendar_for
from ipatlas.errors import ConflictError, InputError, NotFoundError, PermissionDenied, TransitionNotAllowed
from ipatlas.store.models import utcnow
from ipatlas.workflow.deadlines import compute_due, paused_span
from ipatlas.workflow.definition import (
    BACK,
    SAME,
    START,
    STATE_LABELS,
    UNIT_LABELS,
    Action,
    Definition,
    get_definition,
    register_definition,
)
from ipatlas.workflow.models import WfDeadline, WfEvent, WfInstance

SYSTEM_ROLE = "system"


@dataclass(frozen=True)
class Actor:
    username: str
    role: str
    unit: str | None = None


@dataclass(frozen=True)
class Instance:
    id: int
    definition: str
    definition_version: int
    subject_type: str
    subject_id: str
    state: str
    state_label: str
    version: int
    assignee: str | None
    unit: str | None
    opened_at: dt.datetime
    closed_at: dt.datetime | None
    created_by: str
    data: dict[str, Any]

    def to_dict(self) -> dict[str, Any]:
        d = dict(self.__dict__)
        d["opened_at"] = self.opened_at.isoformat()
        d["closed_at"] = self.closed_at.isoformat() if self.closed_at else None
        return d


@dataclass(frozen=True)
class Event:
    id: int
    instance_id: int
    seq: int
    at: dt.datetime
    actor: str
    role: str
    unit: str | None
    action: str
    action_label: str
    from_state: str | None
    to_state: str
    note: str | None
    data: dict[str, Any]
    corrects: int | None = None

    def to_dict(self) -> dict[str, Any]:
        d = dict(self.__dict__)
        d["at"] = self.at.isoformat()
        return d


@dataclass(frozen=True)
class Deadline:
    id: int
    instance_id: int
    rule: str
    rule_version: int
    basis: str
    law: str
    article: str
    unit: str
    length: int
    status: str  # running | paused | stopped
    state: str  # on_track | due_soon | overdue | paused | met | missed
    started_at: dt.datetime
    due: dt.date
    due_at: dt.datetime
    promised_due: dt.date | None
    paused_total: int
    extended: int
    extension_cap: int
    stopped_at: dt.datetime | None
    assumed: bool
    remaining_workdays: int | None = None

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "instance_id": self.instance_id,
            "rule": self.rule,
            "rule_version": self.rule_version,
            "basis": self.basis,
            "law": self.law,
            "article": self.article,
            "unit": self.unit,
            "unit_label": UNIT_LABELS.get(self.unit, self.unit),
            "length": self.length,
            "status": self.status,
            "state": self.state,
            "state_label": STATE_LABELS.get(self.state, self.state),
            "started_at": self.started_at.isoformat(),
            "due": self.due.isoformat() if self.unit != "hours" else self.due_at.isoformat(),
            "due_date": self.due.isoformat(),
            "promised_due": self.promised_due.isoformat() if self.promised_due else None,
            "paused_total": self.paused_total,
            "extended": self.extended,
            "extension_cap": self.extension_cap,
            "stopped_at": self.stopped_at.isoformat() if self.stopped_at else None,
            "assumed": self.assumed,
            "remaining_workdays": self.remaining_workdays,
        }


@dataclass(frozen=True)
class AvailableAction:
    id: str
    label: str
    to: str
    roles: tuple[str, ...]
    fields: tuple[str, ...]
    documents: tuple[str, ...]
    allowed: bool
    note_required: bool = False
    extra: dict[str, Any] = field(default_factory=dict)


# ---- snapshots --------------------------------------------------------------------------------
def _instance(row: WfInstance, definition: Definition | None = None) -> Instance:
    label = definition.state_label(row.state) if definition else row.state
    return Instance(
        id=row.id,
        definition=row.definition,
        definition_version=row.definition_version,
        subject_type=row.subject_type,
        subject_id=row.subject_id,
        state=row.state,
        state_label=label,
        version=row.version,
        assignee=row.assignee,
        unit=row.unit,
        opened_at=row.opened_at,
        closed_at=row.closed_at,
        created_by=row.created_by,
        data=dict(row.data or {}),
    )


def _event(row: WfEvent, definition: Definition | None = None) -> Event:
    return Event(
        id=row.id,
        instance_id=row.instance_id,
        seq=row.seq,
        at=row.at,
        actor=row.actor,
        role=row.role,
        unit=row.unit,
        action=row.action,
        action_label=definition.action_label(row.action) if definition else row.action,
        from_state=row.from_state,
        to_state=row.to_state,
        note=row.note,
        data=dict(row.data or {}),
        corrects=row.corrects,
    )


def deadline_view(
    row: WfDeadline,
    *,
    as_of: dt.datetime,
    cal: WorkCalendar,
    soon_workdays: int = 3,
    soon_until: dt.date | None = None,
) -> Deadline:
    """One clock as seen at ``as_of``; a list passes ``soon_until`` (the due-soon horizon,
    ``soon_workdays`` working days after ``as_of``) computed once instead of per row."""
    if soon_until is None:
        soon_until = cal.add_workdays(as_of.date(), soon_workdays).date
    if row.status == "stopped":
        state = "met" if row.met else "missed"
    elif row.status == "paused":
        state = "paused"
    elif as_of > row.due_at:
        state = "overdue"
    elif row.due_date <= soon_until:
        state = "due_soon"
    else:
        state = "on_track"
    remaining = None
    if row.status == "running":
        remaining = cal.workdays_between(as_of.date(), row.due_date)
    return Deadline(
        id=row.id,
        instance_id=row.instance_id,
        rule=row.rule_id,
        rule_version=row.rule_version,
        basis=f"{row.basis_law}{row.basis_article}",
        law=row.basis_law,
        article=row.basis_article,
        unit=row.unit,
        length=row.length,
        status=row.status,
        state=state,
        started_at=row.started_at,
        due=row.due_date,
        due_at=row.due_at,
        promised_due=row.promised_due_date,
        paused_total=row.paused_total,
        extended=row.extended,
        extension_cap=row.extension_cap,
        stopped_at=row.stopped_at,
        assumed=row.assumed,
        remaining_workdays=remaining,
    )


# ---- helpers ----------------------------------------------------------------------------------
def _naive(at: dt.datetime | dt.date | None) -> dt.datetime:
    if at is None:
        # Local office time (Asia/Shanghai) without tzinfo, like every stored timestamp here.
        return (dt.datetime.now(dt.UTC) + dt.timedelta(hours=8)).replace(tzinfo=None, microsecond=0)
    if isinstance(at, dt.datetime):
        return (
            at.replace(tzinfo=None)
            if at.tzinfo is None
            else at.astimezone(dt.UTC).replace(tzinfo=None) + dt.timedelta(hours=8)
        )
    return dt.datetime.combine(at, dt.time(9, 0))


def _audit(
    session: Session,
    *,
    actor: Actor,
    inst: WfInstance,
    action: str,
    before: Any,
    after: Any,
    note: str | None,
) -> None:
    # Through the store's one writer: the entry joins the tamper-evident hash chain.
    from ipatlas.store.workflow import record_audit

    record_audit(
        session,
        actor=None,
        username=actor.username,
        object_type=inst.subject_type,
        object_id=inst.subject_id,
        action=f"wf.{action}"[:32],
        before=before,
        after=after,
        note=note,
    )


def _get_row(session: Session, instance_id: int) -> WfInstance:
    row = session.get(WfInstance, instance_id)
    if row is None:
        raise NotFoundError(f"流程实例不存在: {instance_id}")
    return row


def _start_clock(
    session: Session,
    cal: WorkCalendar,
    definition: Definition,
    inst: WfInstance,
    rule_id: str,
    at: dt.datetime,
) -> WfDeadline | None:
    exists = session.scalar(
        select(WfDeadline).where(WfDeadline.instance_id == inst.id, WfDeadline.rule_id == rule_id)
    )
    if exists is not None:
        return None
    rv = definition.rules.get(rule_id).version_for(inst.opened_at.date(), at.date())
    due_at, due_date, assumed = compute_due(cal, at, rv.unit, rv.length, roll_to_workday=rv.roll_to_workday)
    promised = None
    if rv.promised is not None:
        promised = compute_due(cal, at, rv.unit, rv.promised, roll_to_workday=rv.roll_to_workday)[1]
    row = WfDeadline(
        instance_id=inst.id,
        rule_id=rule_id,
        rule_version=rv.version,
        basis_law=rv.law,
        basis_article=rv.article,
        unit=rv.unit,
        length=rv.length,
        status="running",
        started_at=at,
        due_at=due_at,
        due_date=due_date,
        promised_length=rv.promised,
        promised_due_date=promised,
        paused_total=0,
        pauses=0,
        extended=0,
        extension_cap=rv.extension_cap,
        assumed=assumed,
    )
    session.add(row)
    return row


def _recompute(cal: WorkCalendar, definition: Definition, row: WfDeadline) -> None:
    rv = next(v for v in definition.rules.get(row.rule_id).versions if v.version == row.rule_version)
    row.due_at, row.due_date, row.assumed = compute_due(
        cal,
        row.started_at,
        row.unit,
        row.length + row.extended,
        paused=row.paused_total,
        roll_to_workday=rv.roll_to_workday,
    )
    if row.promised_length is not None:
        row.promised_due_date = compute_due(
            cal,
            row.started_at,
            row.unit,
            row.promised_length,
            paused=row.paused_total,
            roll_to_workday=rv.roll_to_workday,
        )[1]


def _stop(row: WfDeadline, at: dt.datetime, action: str) -> None:
    row.status = "stopped"
    row.stopped_at = at
    row.stopped_by_action = action
    row.paused_at = None
    row.met = at <= row.due_at


def _record(
    session: Session,
    inst: WfInstance,
    *,
    seq: int,
    at: dt.datetime,
    actor: Actor,
    action: str,
    from_state: str | None,
    to_state: str,
    note: str | None,
    data: dict[str, Any],
    audit: tuple[str, Any, Any],
    corrects: int | None = None,
) -> WfEvent:
    """One step of the timeline and its audit entry (``audit`` = action, before, after): the one
    place an instance's history is written, by ``start`` and ``act`` alike."""
    event = WfEvent(
        instance_id=inst.id,
        seq=seq,
        at=at,
        recorded_at=utcnow(),
        actor=actor.username,
        role=actor.role,
        unit=actor.unit,
        action=action,
        from_state=from_state,
        to_state=to_state,
        note=note,
        data=data,
        corrects=corrects,
    )
    session.add(event)
    audit_action, before, after = audit
    _audit(session, actor=actor, inst=inst, action=audit_action, before=before, after=after, note=note)
    return event


# ---- public API -------------------------------------------------------------------------------
def start(
    session: Session,
    definition: Definition,
    *,
    subject_type: str,
    subject_id: str | int,
    actor: Actor | str,
    at: dt.datetime | dt.date | None = None,
    data: dict[str, Any] | None = None,
    assignee: str | None = None,
    unit: str | None = None,
) -> Instance:
    """Open an instance in the definition's initial state; clocks bound to ``@start`` begin at ``at``."""
    register_definition(definition)
    who = actor if isinstance(actor, Actor) else Actor(str(actor), SYSTEM_ROLE)
    when = _naive(at)
    dup = session.scalar(
        select(WfInstance.id).where(
            WfInstance.definition == definition.id,
            WfInstance.subject_type == subject_type,
            WfInstance.subject_id == str(subject_id),
        )
    )
    if dup is not None:
        raise ConflictError(
            f"{subject_type} {subject_id} 已有流程 {definition.id}（实例 {dup}）", instance_id=dup
        )
    inst = WfInstance(
        definition=definition.id,
        definition_version=definition.version,
        subject_type=subject_type,
        subject_id=str(subject_id),
        state=definition.initial,
        version=1,
        assignee=assignee,
        unit=unit,
        opened_at=when,
        created_by=who.username,
        updated_at=utcnow(),
        data=dict(data or {}),
    )
    session.add(inst)
    session.flush()
    _record(
        session,
        inst,
        seq=1,
        at=when,
        actor=who,
        action=START,
        from_state=None,
        to_state=definition.initial,
        note=None,
        data={"definition_version": definition.version},
        audit=("start", None, {"state": inst.state}),
    )
    cal = calendar_for(session)
    for b in definition.deadlines:
        if START in b.start:
            _start_clock(session, cal, definition, inst, b.rule, when)
    session.flush()
    return _instance(inst, definition)


def _check_version(inst: WfInstance, expected_version: int | None) -> None:
    if expected_version is not None and expected_version != inst.version:
        raise ConflictError(
            f"流程实例 {inst.id} 已被他人修改（版本 {inst.version}，"
            f"提交的是 {expected_version}），请刷新后重试",
            instance_id=inst.id,
            version=inst.version,
        )


def _permitted(
    definition: Definition, state: str, action: str, actor: Actor, fields: dict[str, Any], note: str | None
) -> Action:
    """The action's declaration, once the state, the role, the required fields and the reason allow it."""
    a = definition.actions.get(action)
    if a is None or state not in a.sources:
        allowed = "、".join(x.label for x in definition.actions_from(state)) or "无"
        raise TransitionNotAllowed(
            f"当前状态“{definition.state_label(state)}”下不允许操作“{definition.action_label(action)}”"
            f"（可用操作：{allowed}）",
            state=state,
            action=action,
        )
    if actor.role not in a.roles:
        raise PermissionDenied(
            f"角色“{role_label(actor.role)}”不能执行操作“{a.label}”，"
            f"需要：{'、'.join(role_label(r) for r in a.roles)}",
            state=state,
            action=action,
        )
    missing = [f for f in a.fields if fields.get(f) in (None, "")]
    if missing:
        raise InputError(
            f"操作“{a.label}”缺少必填字段: {', '.join(missing)}", field=missing[0], action=action
        )
    if a.note_required and not (note or "").strip():
        raise InputError(f"操作“{a.label}”须说明理由", field="note", action=action)
    return a


def _last_seq(session: Session, inst: WfInstance, when: dt.datetime, action: str) -> int:
    """The timeline's last step number; an action may not be dated before the previous step."""
    last = session.execute(
        select(func.max(WfEvent.seq), func.max(WfEvent.at)).where(WfEvent.instance_id == inst.id)
    ).one()
    last_seq, last_at = int(last[0] or 0), last[1]
    if last_at is not None and when < last_at:
        raise InputError(
            f"时间 {when:%Y-%m-%d %H:%M} 早于上一环节（{last_at:%Y-%m-%d %H:%M}）", field="at", action=action
        )
    return last_seq


def _target(session: Session, definition: Definition, inst: WfInstance, a: Action) -> str:
    if a.to == BACK:
        entered = session.scalar(
            select(WfEvent.from_state)
            .where(WfEvent.instance_id == inst.id, WfEvent.to_state == inst.state)
            .order_by(WfEvent.seq.desc())
            .limit(1)
        )
        return entered or definition.initial
    return inst.state if a.to == SAME else a.to


def _extensions(
    definition: Definition, clocks: dict[str, WfDeadline], action: str, fields: dict[str, Any]
) -> dict[str, int]:
    """How much each clock this action extends grows (``extend_by``, default: what is left of the cap)."""
    extend_by: dict[str, int] = {}
    for b in definition.deadlines:
        if action not in b.extend:
            continue
        row = clocks.get(b.rule)
        if row is None or row.status == "stopped":
            raise InputError(f"期限 {b.rule} 未在计时，不能延期", field="extend_by", action=action)
        left = row.extension_cap - row.extended
        raw = fields.get("extend_by")
        try:
            amount = left if raw in (None, "") else int(raw)
        except (TypeError, ValueError):
            raise InputError(f"延长量应为整数: {raw!r}", field="extend_by", action=action) from None
        if amount <= 0 or amount > left:
            unit = UNIT_LABELS.get(row.unit, row.unit)
            raise InputError(
                f"期限 {b.rule} 最多还可延长 {left} {unit}（上限 {row.extension_cap}），申请 {amount}",
                field="extend_by",
                action=action,
            )
        extend_by[b.rule] = amount
    return extend_by


def _advance(
    session: Session,
    inst: WfInstance,
    target: str,
    closed_at: dt.datetime | None,
    fields: dict[str, Any],
    action: str,
) -> None:
    """The state change, guarded by the version the caller read (optimistic locking): written first,
    so a concurrent action fails before anything else is written."""
    seen_version = inst.version
    values: dict[str, Any] = {"state": target, "version": seen_version + 1, "updated_at": utcnow()}
    if closed_at is not None:
        values["closed_at"] = closed_at
    for col in ("assignee", "unit"):
        if fields.get(col) not in (None, ""):
            values[col] = str(fields[col])
    res = session.execute(
        update(WfInstance)
        .where(WfInstance.id == inst.id, WfInstance.version == seen_version)
        .values(**values)
        .execution_options(synchronize_session=False)
    )
    if res.rowcount != 1:  # type: ignore[attr-defined]
        raise ConflictError(
            f"流程实例 {inst.id} 已被他人修改，请刷新后重试（操作 {action} 未执行）", instance_id=inst.id
        )
    session.expire(inst)
    inst.data = {**(inst.data or {}), **{k: v for k, v in fields.items() if k not in ("assignee", "unit")}}


def _move_clocks(
    session: Session,
    definition: Definition,
    inst: WfInstance,
    clocks: dict[str, WfDeadline],
    *,
    action: str,
    when: dt.datetime,
    extend_by: dict[str, int],
    closing: bool,
) -> None:
    """Start, pause, resume, extend and stop the instance's clocks as the definition binds them."""
    cal = calendar_for(session)
    for b in definition.deadlines:
        row = clocks.get(b.rule)
        if action in b.start and row is None:
            row = _start_clock(session, cal, definition, inst, b.rule, when)
            if row is not None:
                clocks[b.rule] = row
            continue
        if row is None or row.status == "stopped":
            continue
        if action in b.pause and row.status == "running":
            row.status, row.paused_at, row.pauses = "paused", when, row.pauses + 1
        elif action in b.resume and row.status == "paused" and row.paused_at is not None:
            row.paused_total += paused_span(cal, row.unit, row.paused_at, when)
            row.status, row.paused_at = "running", None
            _recompute(cal, definition, row)
        if b.rule in extend_by:
            row.extended += extend_by[b.rule]
            _recompute(cal, definition, row)
        if action in b.stop or closing:
            if row.status == "paused" and row.paused_at is not None:
                row.paused_total += paused_span(cal, row.unit, row.paused_at, when)
                _recompute(cal, definition, row)
            _stop(row, when, action)


def act(
    session: Session,
    instance_id: int,
    action: str,
    *,
    actor: Actor,
    at: dt.datetime | dt.date | None = None,
    note: str | None = None,
    fields: dict[str, Any] | None = None,
    expected_version: int | None = None,
    definition: Definition | None = None,
) -> Event:
    """Perform ``action`` on an instance (see the module docstring for the write order)."""
    inst = _get_row(session, instance_id)
    definition = definition or get_definition(inst.definition)
    fields = dict(fields or {})
    when = _naive(at)
    _check_version(inst, expected_version)
    state, seen_version = inst.state, inst.version
    a = _permitted(definition, state, action, actor, fields, note)
    last_seq = _last_seq(session, inst, when, action)
    target = _target(session, definition, inst, a)
    clocks = {
        d.rule_id: d for d in session.scalars(select(WfDeadline).where(WfDeadline.instance_id == inst.id))
    }
    extend_by = _extensions(definition, clocks, action, fields)
    for b in definition.deadlines:
        # A clock this action starts needs a rule version in force: check before writing.
        if action in b.start and b.rule not in clocks:
            definition.rules.get(b.rule).version_for(inst.opened_at.date(), when.date())

    # ---- writes: the version check first --------------------------------------------------
    closed_at = when if target in definition.final else None
    _advance(session, inst, target, closed_at, fields, action)
    event = _record(
        session,
        inst,
        seq=last_seq + 1,
        at=when,
        actor=actor,
        action=action,
        from_state=state,
        to_state=target,
        note=note,
        data={**fields, **({"documents": list(a.documents)} if a.documents else {})},
        corrects=int(fields["corrects"]) if str(fields.get("corrects") or "").isdigit() else None,
        audit=(
            action,
            {"state": state, "version": seen_version},
            {"state": target, "version": seen_version + 1, "fields": fields or None},
        ),
    )
    _move_clocks(
        session,
        definition,
        inst,
        clocks,
        action=action,
        when=when,
        extend_by=extend_by,
        closing=closed_at is not None,
    )
    session.flush()
    return _event(event, definition)


def get_instance(session: Session, instance_id: int) -> Instance:
    row = _get_row(session, instance_id)
    try:
        definition: Definition | None = get_definition(row.definition)
    except Exception:
        definition = None
    return _instance(row, definition)


def find_instance(
    session: Session, *, definition: str, subject_type: str, subject_id: str | int
) -> Instance | None:
    row = session.scalar(
        select(WfInstance).where(
            WfInstance.definition == definition,
            WfInstance.subject_type == subject_type,
            WfInstance.subject_id == str(subject_id),
        )
    )
    return _instance(row) if row else None


def available_actions(
    session: Session, instance_id: int, actor: Actor | None = None
) -> list[AvailableAction]:
    """The actions the current state allows, each flagged ``allowed`` for ``actor``'s role."""
    row = _get_row(session, instance_id)
    definition = get_definition(row.definition)
    return [
        AvailableAction(
            id=a.id,
            label=a.label,
            to=a.to,
            roles=a.roles,
            fields=a.fields,
            documents=a.documents,
            allowed=actor is None or actor.role in a.roles,
            note_required=a.note_required,
        )
        for a in definition.actions_from(row.state)
    ]


def timeline(session: Session, instance_id: int) -> list[Event]:
    row = _get_row(session, instance_id)
    try:
        definition: Definition | None = get_definition(row.definition)
    except Exception:
        definition = None
    events = session.scalars(select(WfEvent).where(WfEvent.instance_id == instance_id).order_by(WfEvent.seq))
    return [_event(e, definition) for e in events]


def deadlines(
    session: Session, instance_id: int, *, as_of: dt.datetime | dt.date | None = None, soon_workdays: int = 3
) -> list[Deadline]:
    """The instance's clocks with their legal basis and state (on track, due soon, overdue, met, ...)."""
    _get_row(session, instance_id)
    when = _as_of(as_of)
    cal = calendar_for(session)
    rows = session.scalars(
        select(WfDeadline).where(WfDeadline.instance_id == instance_id).order_by(WfDeadline.id)
    )
    soon = cal.add_workdays(when.date(), soon_workdays).date
    return [deadline_view(r, as_of=when, cal=cal, soon_until=soon) for r in rows]


def _as_of(as_of: dt.datetime | dt.date | None) -> dt.datetime:
    if isinstance(as_of, dt.date) and not isinstance(as_of, dt.datetime):
        return dt.datetime.combine(as_of, dt.time(23, 59, 59))
    return _naive(as_of)


# Columns the sweep needs: selecting them (not whole ORM entities) keeps the sweep near the cost
# of a hand-written query over the ``(status, due_at)`` index.
SWEEP_COLUMNS = (
    WfDeadline.id.label("deadline_id"),
    WfDeadline.rule_id,
    WfDeadline.due_at,
    WfDeadline.due_date,
    WfDeadline.basis_law,
    WfDeadline.basis_article,
    WfInstance.id.label("instance_id"),
    WfInstance.definition,
    WfInstance.subject_type,
    WfInstance.subject_id,
    WfInstance.assignee,
    WfInstance.created_by,
    WfInstance.data,
)


def due_conditions(
    session: Session,
    *,
    as_of: dt.datetime | dt.date | None = None,
    soon_workdays: int = 3,
    which: str = "due",
) -> list[Any]:
    """WHERE conditions on ``WfDeadline`` for :func:`due_query` (for callers composing their own SELECT)."""
    when = _as_of(as_of)
    cal = calendar_for(session)
    horizon = dt.datetime.combine(cal.add_workdays(when.date(), soon_workdays).date, dt.time(23, 59, 59))
    cond: list[Any] = [WfDeadline.status == "running"]
    if which == "overdue":
        cond.append(WfDeadline.due_at < when)
    elif which == "due_soon":
        cond += [WfDeadline.due_at >= when, WfDeadline.due_at <= horizon]
    elif which == "due":
        cond.append(WfDeadline.due_at <= horizon)
    else:
        raise InputError(f"which 须为 overdue、due_soon 或 due: {which!r}", field="which")
    return cond


def due_query(
    session: Session,
    *,
    as_of: dt.datetime | dt.date | None = None,
    soon_workdays: int = 3,
    which: str = "due",
    definitions: list[str] | None = None,
) -> Select[WfDeadline, WfInstance]:
    """SELECT of running clocks that are overdue (``which="overdue"``), due within ``soon_workdays``
    working days but not overdue (``"due_soon"``), or either (``"due"``) as of ``as_of``."""
    cond = due_conditions(session, as_of=as_of, soon_workdays=soon_workdays, which=which)
    q = (
        select(WfDeadline, WfInstance)
        .join(WfInstance, WfInstance.id == WfDeadline.instance_id)
        .where(and_(*cond))
    )
    if definitions:
        q = q.where(WfInstance.definition.in_(definitions))
    return q.order_by(WfDeadline.due_at, WfDeadline.id)


def due_deadlines(
    session: Session,
    *,
    as_of: dt.datetime | dt.date | None = None,
    soon_workdays: int = 3,
    which: str = "due",
    definitions: list[str] | None = None,
) -> list[tuple[Deadline, Instance]]:
    when = _as_of(as_of)
    cal = calendar_for(session)
    q = due_query(session, as_of=when, soon_workdays=soon_workdays, which=which, definitions=definitions)
    soon = cal.add_workdays(when.date(), soon_workdays).date
    return [
        (deadline_view(d, as_of=when, cal=cal, soon_until=soon), _instance(i)) for d, i in session.execute(q)
    ]
