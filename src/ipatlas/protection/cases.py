"""Case handling: act, show (with personal data only for the case's handlers), list, statistics,
the deadline sweep, referrals and mediation. One data function per page / CLI command."""

from __future__ import annotations

import datetime as dt
import functools
from pathlib import Path
from typing import Any

from sqlalchemy import Integer, and_, cast, exists, func, or_, select
from sqlalchemy import case as sql_case
from sqlalchemy.orm import Session, defer

from ipatlas.access import role_label
from ipatlas.calendar import calendar_for
from ipatlas.config import Settings
from ipatlas.errors import InputError, NotFoundError, PermissionDenied
from ipatlas.protection.constants import (
    CHANNEL_LABELS,
    DEMO_LABEL,
    IP_TYPE_LABELS,
    KIND_DEFINITIONS,
    KIND_LABELS,
)
from ipatlas.protection.models import Case, Mediation, MediationOrg, Referral
from ipatlas.protection.privacy import can_see_personal, has_personal, masked_party
from ipatlas.protection.rules import all_definitions, competence, definition_for
from ipatlas.store.models import AuditLog, User
from ipatlas.workflow import (
    Actor,
    Deadline,
    act,
    available_actions,
    deadlines,
    next_document_number,
    sweep,
    timeline,
)
from ipatlas.workflow.engine import deadline_view
from ipatlas.workflow.models import WfDeadline, WfDocument, WfEvent, WfInstance

# Clocks that measure the office's own handling (on-time rate); receipts and publication are
# tracked and reminded, but are the receiver's duty or come after the case is closed.
HANDLING_RULES = frozenset(
    {
        "acceptance",
        "report_verification",
        "mediation",
        "penalty",
        "adjudication_filing",
        "adjudication",
        "adjudication_local",
        "crime_decision",
        "assistance",
        "consultation",
    }
)
CLOSED_STATES = frozenset({"closed", "archived"})
DEFINITIONS = tuple(KIND_DEFINITIONS.values())


def _now() -> dt.datetime:
    return (dt.datetime.now(dt.UTC) + dt.timedelta(hours=8)).replace(tzinfo=None, microsecond=0)


def _as_of(as_of: dt.date | dt.datetime | None) -> dt.datetime:
    if as_of is None:
        return _now()
    if isinstance(as_of, dt.datetime):
        return as_of
    return dt.datetime.combine(as_of, dt.time(23, 59, 59))


def actor_for(
    session: Session, username: str | None, *, action: str | None = None, kind: str | None = None
) -> Actor:
    """The acting user from the users table. Without a username (a local CLI operator, who has
    database access anyway) the first role the action allows is used and the audit log says so."""
    if username:
        user = session.scalar(select(User).where(User.username == username))
        if user is None:
            raise NotFoundError(f"用户不存在: {username}")
        if not user.active:
            raise PermissionDenied(f"用户已停用: {username}")
        return Actor(user.username, user.role, user.unit)
    role = "admin"
    if action and kind:
        a = definition_for(kind).actions.get(action)
        if a is not None:
            role = a.roles[0]
    return Actor("命令行", role)


def get_case(session: Session, case_id: int | str) -> Case:
    try:
        cid = int(case_id)
    except (TypeError, ValueError):
        row = session.scalar(select(Case).where(Case.number == str(case_id)))
        if row is None:
            raise NotFoundError(f"案件不存在: {case_id}") from None
        return row
    row = session.get(Case, cid)
    if row is None:
        raise NotFoundError(f"案件不存在: {case_id}")
    return row


def _deadlines_of(
    session: Session, instance_ids: list[int], as_of: dt.datetime | None
) -> dict[int, list[Deadline]]:
    """The clocks of many instances in one query (list pages)."""
    when = _as_of(as_of)
    cal = calendar_for(session)
    soon_until = cal.add_workdays(when.date(), 3).date
    out: dict[int, list[Deadline]] = {i: [] for i in instance_ids}
    for i in range(0, len(instance_ids), 500):
        rows = session.scalars(
            select(WfDeadline)
            .where(WfDeadline.instance_id.in_(instance_ids[i : i + 500]))
            .order_by(WfDeadline.id)
        )
        for r in rows:
            out[r.instance_id].append(deadline_view(r, as_of=when, cal=cal, soon_until=soon_until))
    return out


def case_dict(
    session: Session, case: Case, *, as_of: dt.datetime | None = None, clocks: list[Deadline] | None = None
) -> dict[str, Any]:
    """The CASE shape of the CLI and the intake contract (no personal data)."""
    if clocks is not None:
        dls = clocks
    else:
        dls = deadlines(session, case.instance_id, as_of=as_of) if case.instance_id else []
    definition = definition_for(case.kind)
    return {
        "id": case.id,
        "number": case.number,
        "kind": case.kind,
        "kind_label": KIND_LABELS[case.kind],
        "ip_type": case.ip_type,
        "channel": case.channel,
        "received_at": case.received_at.isoformat(),
        "status": case.status,
        "status_label": definition.state_label(case.status),
        "region": case.adcode,
        "region_name": case.region_name,
        "handling_unit": case.handling_unit,
        "duplicate_of": case.duplicate_of,
        "is_demo": case.is_demo,
        "deadlines": [
            {
                "rule": d.rule,
                "label": definition.rules.get(d.rule).label,
                "due": d.to_dict()["due"],
                "unit": d.unit,
                "basis": d.basis,
                "rule_version": d.rule_version,
                "state": d.state,
                "promised_due": d.promised_due.isoformat() if d.promised_due else None,
                "assumed": d.assumed,
            }
            for d in dls
        ],
    }


def _handlers(session: Session, case: Case) -> set[str]:
    if not case.instance_id:
        return set()
    return set(
        session.scalars(
            select(WfEvent.actor).where(
                WfEvent.instance_id == case.instance_id, WfEvent.role.in_(["handler", "mediator"])
            )
        )
    )


def may_see_personal(session: Session, case: Case, viewer: Actor | None) -> bool:
    if viewer is None:
        return False
    inst = session.get(WfInstance, case.instance_id) if case.instance_id else None
    return can_see_personal(
        role=viewer.role,
        username=viewer.username,
        assignee=inst.assignee if inst else None,
        created_by=case.created_by,
        handlers=_handlers(session, case),
    )


def _case_activity(
    session: Session, case: Case, viewer: Actor | None, as_of: dt.datetime | None
) -> dict[str, Any]:
    """The case's timeline, clocks with their labels, the viewer's actions, documents and referrals."""
    definition = definition_for(case.kind)
    return {
        "timeline": [e.to_dict() for e in timeline(session, case.instance_id)] if case.instance_id else [],
        "deadline_details": [
            {**d.to_dict(), "label": definition.rules.get(d.rule).label}
            for d in deadlines(session, case.instance_id, as_of=as_of)
        ]
        if case.instance_id
        else [],
        "actions": [
            {
                "id": a.id,
                "label": a.label,
                "fields": list(a.fields),
                "allowed": a.allowed,
                "note_required": a.note_required,
            }
            for a in available_actions(session, case.instance_id, viewer)
        ]
        if case.instance_id
        else [],
        "documents": [
            {"number": d.number, "kind": d.kind, "issued_at": d.issued_at.isoformat()}
            for d in session.scalars(
                select(WfDocument).where(WfDocument.instance_id == case.instance_id).order_by(WfDocument.id)
            )
        ],
        "referrals": [
            {
                "receiver": r.receiver,
                "letter_number": r.letter_number,
                "sent_at": r.sent_at.isoformat(),
                "receipt_due": r.receipt_due.isoformat(),
                "acknowledged_at": r.acknowledged_at.isoformat() if r.acknowledged_at else None,
            }
            for r in session.scalars(
                select(Referral).where(Referral.case_id == case.id).order_by(Referral.id)
            )
        ],
    }


def show_case(
    session: Session,
    case_id: int | str,
    *,
    viewer: Actor | None,
    reveal: bool = True,
    as_of: dt.datetime | None = None,
) -> dict[str, Any]:
    """Everything about one case; personal data unmasked only for its handlers and approvers
    (and then the view is written to the audit log)."""
    case = get_case(session, case_id)
    # A member unit sees only what was referred to it.
    if (
        viewer is not None
        and viewer.role == "unit"
        and not session.scalar(
            select(Referral.id).where(Referral.case_id == case.id, Referral.receiver == viewer.unit)
        )
    ):
        raise PermissionDenied(f"单位 {viewer.unit} 无权查看案件 {case.number}")
    personal = reveal and may_see_personal(session, case, viewer)
    data = case_dict(session, case, as_of=as_of)
    definition = definition_for(case.kind)
    data.update(
        {
            "complainant": dict(case.complainant) if personal else masked_party(case.complainant),
            "respondent": dict(case.respondent),
            "right": dict(case.right_info),
            "facts": case.facts,
            "confidential": case.confidential,
            "triage": case.triage,
            "personal_visible": personal,
            "outcome": case.outcome,
            "decision": case.decision,
            "accepted_at": case.accepted_at.isoformat() if case.accepted_at else None,
            "closed_at": case.closed_at.isoformat() if case.closed_at else None,
            "on_time": case.on_time,
            "workdays_to_close": case.workdays_to_close,
            **_case_activity(session, case, viewer, as_of),
            "version": session.scalar(select(WfInstance.version).where(WfInstance.id == case.instance_id)),
            "demo_label": DEMO_LABEL if case.is_demo else None,
            "labels": {
                "kind": KIND_LABELS[case.kind],
                "ip_type": IP_TYPE_LABELS[case.ip_type],
                "channel": CHANNEL_LABELS[case.channel],
                "status": definition.state_label(case.status),
            },
        }
    )
    if personal and has_personal(case.complainant) and viewer is not None:
        session.add(
            AuditLog(
                username=viewer.username,
                object_type="case",
                object_id=str(case.id),
                action="case.view_personal",
                note=f"查看个人信息（{role_label(viewer.role)}）",
            )
        )
        session.flush()
    return data


def _office() -> tuple[str, str]:
    comp = competence()
    return comp.office, comp.office_prefix


def act_case(
    session: Session,
    settings: Settings,
    case_id: int | str,
    action: str,
    *,
    actor: Actor,
    at: dt.datetime | None = None,
    note: str | None = None,
    fields: dict[str, Any] | None = None,
    expected_version: int | None = None,
    write_documents: bool = True,
) -> dict[str, Any]:
    """Perform a workflow action on a case and keep the case record, documents, referrals and
    mediations in step (``write_documents=False`` issues the numbers but skips the DOCX files).
    Raises TransitionNotAllowed / PermissionDenied / ConflictError / InputError."""
    case = get_case(session, case_id)
    if case.instance_id is None:
        raise InputError(f"案件 {case.number} 没有流程实例")
    fields = dict(fields or {})
    when = at or _now()
    if when < case.received_at:
        raise InputError(
            f"时间 {when:%Y-%m-%d %H:%M} 早于收到时间 {case.received_at:%Y-%m-%d %H:%M}", field="at"
        )
    if action == "receipt" and actor.role == "unit":
        ref = session.scalar(
            select(Referral)
            .where(Referral.case_id == case.id, Referral.acknowledged_at.is_(None))
            .order_by(Referral.id.desc())
        )
        if ref is None or ref.receiver != actor.unit:
            raise PermissionDenied(f"单位 {actor.unit} 不是案件 {case.number} 的接收单位")
    if action in {"penalize"} and fields.get("amount") not in (None, ""):
        try:
            amount = float(str(fields["amount"]).replace(",", ""))
        except ValueError:
            raise InputError(f"罚没金额应为数字: {fields['amount']!r}", field="amount") from None
        if amount < 0:
            raise InputError("罚没金额不能为负数", field="amount")
    if (
        action == "mediate"
        and fields.get("org_id") not in (None, "")
        and session.get(MediationOrg, int(fields["org_id"])) is None
    ):
        raise InputError(f"调解组织不存在: {fields['org_id']}", field="org_id")
    event = act(
        session,
        case.instance_id,
        action,
        actor=actor,
        at=when,
        note=note,
        fields=fields,
        expected_version=expected_version,
        definition=definition_for(case.kind),
    )
    _apply(session, case, action, event.to_state, when, fields, actor)
    office, prefix = _office()
    documents = []
    for doc in event.data.get("documents", []):
        number = next_document_number(
            session, prefix, when.year, instance_id=case.instance_id, kind=doc, issued_by=actor.username
        )
        file: Path | None = None
        if write_documents:
            from ipatlas.protection.documents import write_document

            file = write_document(
                _document_dir(settings, case), doc=doc, number=number, case=case,
                fields={**fields, "_note": note}, at=when, office=office,
            )  # fmt: skip
        documents.append({"kind": doc, "number": number, "file": str(file) if file else None})
        if doc == "移送函":
            ref = session.scalar(
                select(Referral).where(Referral.case_id == case.id).order_by(Referral.id.desc())
            )
            if ref is not None:
                ref.letter_number = number
        if doc == "调解协议书":
            med = session.scalar(
                select(Mediation).where(Mediation.case_id == case.id).order_by(Mediation.id.desc())
            )
            if med is not None:
                med.agreement_number = number
    session.flush()
    return {"case": case_dict(session, case), "event": event.to_dict(), "documents": documents}


def _document_dir(settings: Settings, case: Case) -> Path:
    return settings.data_dir / "protection" / "documents" / str(case.id)


def _apply(
    session: Session,
    case: Case,
    action: str,
    state: str,
    when: dt.datetime,
    fields: dict[str, Any],
    actor: Actor,
) -> None:
    case.status = state
    if action == "accept" or (action == "file" and case.accepted_at is None):
        case.accepted_at = case.accepted_at or when
    if action == "file":
        case.filed_at = when
    if action in {"penalize", "decide"}:
        case.decided_at = when
        case.outcome = "penalty" if action == "penalize" else str(fields.get("outcome"))
        if fields.get("amount") not in (None, ""):
            case.penalty_amount = float(str(fields["amount"]).replace(",", ""))
        case.decision = {
            **(case.decision or {}),
            **{k: v for k, v in fields.items() if not k.startswith("_")},
        }
    if action == "reject":
        case.outcome = "rejected"
    if action == "withdraw":
        case.outcome = "withdrawn"
    if action == "answer":
        case.outcome = "answered"
    if action == "mediate":
        session.add(
            Mediation(
                case_id=case.id,
                org_id=int(fields["org_id"]) if fields.get("org_id") not in (None, "") else None,
                mediator=str(fields.get("mediator") or actor.username),
                assigned_at=when,
            )
        )
    if action in {"mediation_agreement", "mediation_failed"}:
        case.mediated = action == "mediation_agreement"
        if action == "mediation_agreement":
            case.outcome = "mediated"
        med = session.scalar(
            select(Mediation).where(Mediation.case_id == case.id).order_by(Mediation.id.desc())
        )
        if med is not None:
            med.result = "agreement" if case.mediated else "failed"
            med.ended_at = when
            if fields.get("judicial_confirmation"):
                med.judicial_confirmation = str(fields["judicial_confirmation"])
    if action in {"refer", "refer_police"}:
        case.referred_to = str(fields.get("receiver"))
        case.outcome = "referred"
        session.flush()
        due = session.scalar(
            select(WfDeadline.due_date).where(
                WfDeadline.instance_id == case.instance_id, WfDeadline.rule_id == "referral_receipt"
            )
        )
        session.add(
            Referral(
                case_id=case.id,
                receiver=str(fields.get("receiver")),
                kind="police" if action == "refer_police" else "referral",
                sent_at=when,
                receipt_due=due or when.date(),
            )
        )
    if action == "receipt":
        ref = session.scalar(
            select(Referral)
            .where(Referral.case_id == case.id, Referral.acknowledged_at.is_(None))
            .order_by(Referral.id.desc())
        )
        if ref is not None:
            ref.acknowledged_at, ref.acknowledged_by = when, actor.username
    if state in CLOSED_STATES and case.closed_at is None:
        case.closed_at = when
        session.flush()
        cal = calendar_for(session)
        case.workdays_to_close = cal.workdays_between(case.received_on, when.date())
        rows = session.scalars(
            select(WfDeadline).where(
                WfDeadline.instance_id == case.instance_id, WfDeadline.rule_id.in_(HANDLING_RULES)
            )
        ).all()
        case.on_time = all(r.met is not False for r in rows) and all(
            not (r.status != "stopped" and r.due_at < when) for r in rows
        )


# ---- lists and figures ----------------------------------------------------------------------------
def _overdue_exists(as_of: dt.datetime) -> Any:
    return exists().where(
        WfDeadline.instance_id == Case.instance_id,
        WfDeadline.status == "running",
        WfDeadline.due_at < as_of,
    )


def list_cases(
    session: Session,
    *,
    viewer: Actor | None = None,
    overdue: bool = False,
    as_of: dt.date | dt.datetime | None = None,
    mine: bool = False,
    status: str | None = None,
    region: str | None = None,
    limit: int = 200,
    offset: int = 0,
) -> dict[str, Any]:
    """Cases (newest first) without personal data; ``overdue`` keeps those with an overdue clock;
    ``mine`` the viewer's to-do list (assigned to them, or open and actionable by their role)."""
    when = _as_of(as_of)
    q = select(Case).options(*LIST_COLUMNS)
    if overdue:
        q = q.where(_overdue_exists(when))
    if status:
        q = q.where(Case.status == status)
    if region:
        q = q.where((Case.adcode == region) | (Case.city_code == region) | (Case.province_code == region))
    if viewer is not None and viewer.role == "unit":
        q = q.where(exists().where(Referral.case_id == Case.id, Referral.receiver == viewer.unit))
    elif mine and viewer is not None:
        q = q.join(WfInstance, WfInstance.id == Case.instance_id).where(*_todo_scope(viewer))
    q = q.order_by(Case.received_at.desc(), Case.id.desc()).limit(limit).offset(offset)
    return {"as_of": when.isoformat(), "cases": _case_rows(session, list(session.scalars(q)), when)}


# A list shows no party, facts or decision: those columns (JSON, free text) stay unread.
LIST_COLUMNS = defer(Case.complainant), defer(Case.respondent), defer(Case.right_info), defer(Case.facts), \
    defer(Case.triage), defer(Case.decision)  # fmt: skip


def _case_rows(session: Session, rows: list[Case], when: dt.datetime) -> list[dict[str, Any]]:
    """CASE dicts of one page of cases, their clocks read in one query (no per-case query)."""
    clocks = _deadlines_of(session, [c.instance_id for c in rows if c.instance_id], when)
    return [case_dict(session, c, as_of=when, clocks=clocks.get(c.instance_id or 0, [])) for c in rows]


def _todo_branches(viewer: Actor) -> list[list[Any]]:
    """The two disjoint halves of a to-do list: assigned to the viewer, and unassigned in a state
    the viewer's role may act on. Each is one range of ``ix_wf_instances_todo``."""
    open_ = [WfInstance.closed_at.is_(None), WfInstance.definition.in_(DEFINITIONS)]
    return [
        [WfInstance.assignee == viewer.username, *open_],
        [*open_, _actionable_states(viewer.role)],
    ]


def _todo_scope(viewer: Actor) -> list[Any]:
    mine, pool = (and_(*b) for b in _todo_branches(viewer))
    return [or_(mine, pool)]


TODO_COUNT_CAP = 1000


def todo(
    session: Session,
    *,
    viewer: Actor,
    as_of: dt.date | dt.datetime | None = None,
    limit: int = 50,
    offset: int = 0,
) -> dict[str, Any]:
    """我的待办: one page of the viewer's open cases (newest first) with the list's counts.

    Each half of the list (assigned to me / unassigned and actionable by my role) is read as a
    range of the covering index ``(assignee, closed_at, opened_at, definition, state)`` walked
    backwards for at most ``offset + limit`` rows; the count is an index-only range scan. Only the
    page's cases and their clocks are loaded (overdue/due-soon states are computed for those rows
    alone; the 期限看板 counts them per unit), so the cost does not grow with closed cases."""
    when = _as_of(as_of)
    if limit < 1 or limit > 200 or offset < 0:
        raise InputError("每页条数应为 1–200，偏移不能为负", field="limit")
    branches = _todo_branches(viewer)
    heads: list[Any] = []
    for conds in branches:
        heads += session.execute(
            select(WfInstance.opened_at, WfInstance.id)
            .where(*conds)
            .order_by(WfInstance.opened_at.desc(), WfInstance.id.desc())
            .limit(offset + limit)
        )
    page = sorted(heads, reverse=True)[offset : offset + limit]
    ids = [i for _, i in page]
    by_instance = {
        c.instance_id: c
        for c in session.scalars(select(Case).options(*LIST_COLUMNS).where(Case.instance_id.in_(ids)))
    }
    rows = [by_instance[i] for i in ids if i in by_instance]
    # Counted up to a cap past the page: an office with thousands of open cases reads "N 件以上";
    # counting every open case on each visit would cost more than the page itself.
    cap = TODO_COUNT_CAP + offset
    total = sum(
        int(
            session.scalar(
                select(func.count()).select_from(select(WfInstance.id).where(*b).limit(cap + 1).subquery())
            )
            or 0
        )
        for b in branches
    )
    return {
        "as_of": when.isoformat(),
        "total": min(total, cap),
        "total_exact": total <= cap,
        "limit": limit,
        "offset": offset,
        "cases": _case_rows(session, rows, when),
    }


@functools.cache
def _actionable_states(role: str) -> Any:
    """Unassigned instances whose current state has an action the role may take (built once per
    role: the definitions are loaded once per process)."""
    states: dict[str, set[str]] = {}
    for d in all_definitions().values():
        for a in d.actions.values():
            if role in a.roles and a.id not in {"suspend", "withdraw", "publish", "extend", "inspect"}:
                states.setdefault(d.id, set()).update(a.sources)
    if not states:
        return WfInstance.id.is_(None)
    conds = [
        and_(WfInstance.definition == d, WfInstance.state.in_(sorted(s))) for d, s in sorted(states.items())
    ]
    return and_(WfInstance.assignee.is_(None), or_(*conds))


def stats(
    session: Session,
    *,
    year: int | None = None,
    region: str | None = None,
    as_of: dt.date | dt.datetime | None = None,
) -> dict[str, Any]:
    """受理量、受理数、结案数、按期结案数、超期件数、按期办结率、平均办结工作日 (duplicates not counted)."""
    when = _as_of(as_of)
    conds: list[Any] = [Case.duplicate_of.is_(None)]
    if year is not None:
        conds += [Case.received_on >= dt.date(year, 1, 1), Case.received_on <= dt.date(year, 12, 31)]
    if region:
        conds.append((Case.adcode == region) | (Case.city_code == region) | (Case.province_code == region))
    one = cast(1, Integer)
    q = select(
        func.count(),
        func.count(Case.accepted_at),
        func.count(Case.closed_at),
        func.sum(sql_case((Case.on_time.is_(True), one), else_=0)),
        func.avg(Case.workdays_to_close),
        func.sum(sql_case((Case.mediated.is_(True), one), else_=0)),
        func.count(Case.mediated),
        func.count(Case.referred_to),
        func.count(Case.filed_at),
        func.sum(sql_case((Case.is_demo.is_(True), one), else_=0)),
    ).where(*conds)
    row = session.execute(q).one()
    received, accepted, closed, on_time, avg_wd, med_ok, med_all, referred, filed, demo = row
    overdue = session.scalar(select(func.count()).select_from(Case).where(*conds, _overdue_exists(when)))
    closed = int(closed or 0)
    on_time = int(on_time or 0)
    return {
        "year": year,
        "region": region,
        "as_of": when.date().isoformat(),
        "received": int(received or 0),
        "accepted": int(accepted or 0),
        "filed": int(filed or 0),
        "closed": closed,
        "closed_on_time": on_time,
        "overdue": int(overdue or 0),
        "on_time_rate": round(on_time / closed, 4) if closed else None,
        "avg_workdays_to_close": round(float(avg_wd), 2) if avg_wd is not None else None,
        "mediation_success_rate": round(int(med_ok or 0) / int(med_all), 4) if med_all else None,
        "referred": int(referred or 0),
        # the figures count demo cases (a page labels them 演示数据)
        "is_demo": bool(demo),
    }


def board(
    session: Session, *, as_of: dt.date | dt.datetime | None = None, soon_workdays: int = 3
) -> dict[str, Any]:
    """期限看板: due-soon and overdue clocks by handling unit."""
    when = _as_of(as_of)
    cal = calendar_for(session)
    horizon = dt.datetime.combine(cal.add_workdays(when.date(), soon_workdays).date, dt.time(23, 59, 59))
    q = (
        select(
            WfInstance.unit,
            func.sum(sql_case((WfDeadline.due_at < when, cast(1, Integer)), else_=0)),
            func.sum(sql_case((WfDeadline.due_at >= when, cast(1, Integer)), else_=0)),
        )
        .join(WfInstance, WfInstance.id == WfDeadline.instance_id)
        .where(
            WfDeadline.status == "running",
            WfDeadline.due_at <= horizon,
            WfInstance.definition.in_(DEFINITIONS),
        )
        .group_by(WfInstance.unit)
        .order_by(WfInstance.unit)
    )
    units = [
        {"unit": u or "（未指定）", "overdue": int(o or 0), "due_soon": int(s or 0)}
        for u, o, s in session.execute(q)
    ]
    return {"as_of": when.isoformat(), "soon_workdays": soon_workdays, "units": units}


def case_sweep(
    session: Session, *, as_of: dt.date | dt.datetime | None = None, soon_workdays: int = 3
) -> dict[str, Any]:
    """The daily sweep: reminders for due-soon and overdue clocks of protection cases."""

    def label(inst: Any) -> str:
        return f"案件 {(inst.data or {}).get('number') or inst.subject_id}"

    all_definitions()
    res = sweep(
        session,
        as_of=_as_of(as_of),
        soon_workdays=soon_workdays,
        definitions=list(DEFINITIONS),
        subject_label=label,
    )
    res["overdue_receipts"] = int(
        session.scalar(
            select(func.count())
            .select_from(Referral)
            .where(Referral.acknowledged_at.is_(None), Referral.receipt_due < _as_of(as_of).date())
        )
        or 0
    )
    return res


def referrals_for_unit(session: Session, unit: str) -> list[dict[str, Any]]:
    rows = session.execute(
        select(Referral, Case)
        .join(Case, Case.id == Referral.case_id)
        .where(Referral.receiver == unit)
        .order_by(Referral.id.desc())
    ).all()
    return [
        {
            "case_id": c.id,
            "number": c.number,
            "letter_number": r.letter_number,
            "sent_at": r.sent_at.isoformat(),
            "receipt_due": r.receipt_due.isoformat(),
            "acknowledged_at": r.acknowledged_at.isoformat() if r.acknowledged_at else None,
            "is_demo": c.is_demo,
        }
        for r, c in rows
    ]
