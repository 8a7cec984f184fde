"""案件协同: an enterprise manages its own cases (as plaintiff or defendant) with its lawyers.

Each case is an instance of the shared workflow engine (:mod:`ipatlas.workflow`, definition
``rules/case.yaml``): nodes are the engine's states and events, the legal time limits (答辩期 15
days, 上诉期 15 days for a judgment / 10 for a ruling, 30 days for a party without domicile in China)
are the engine's deadlines from the versioned rule table ``rules/deadlines.yaml``; 举证期限 is the
date the court set, recorded on the node. Lawyer matching uses the firm showcase (experience with
the same cause and court, outcomes). An enterprise account sees only its own cases.
"""

from __future__ import annotations

import datetime as dt
import functools
import uuid
from importlib import resources
from pathlib import Path
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from ipatlas.config import Settings
from ipatlas.errors import InputError, NotFoundError, PermissionDenied
from ipatlas.workflow import (
    Actor,
    Definition,
    act,
    available_actions,
    deadlines,
    get_instance,
    load_definition,
    start,
    timeline,
)
from ipatlas.workflow.models import WfInstance

SUBJECT = "litigation_case"
SIDES = ("原告", "被告")
STAFF = ("admin",)


@functools.cache
def case_definition() -> Definition:
    path = Path(str(resources.files("ipatlas.litigation").joinpath("rules", "case.yaml")))
    return load_definition(path)


def _check(actor: Actor, inst_unit: str | None) -> None:
    if actor.role in STAFF:
        return
    if actor.role != "enterprise" or not actor.unit or actor.unit != inst_unit:
        raise PermissionDenied("只能查看和办理本企业的案件")


def open_case(
    session: Session, actor: Actor, fields: dict[str, Any], *, at: dt.datetime | dt.date | None = None
) -> dict[str, Any]:
    """Register a case of the actor's enterprise.

    Fields: side (原告/被告), cause, court, opponent, case_number, lawyer, abroad (no domicile in China).
    """
    if actor.role != "enterprise" or not actor.unit:
        raise PermissionDenied("只有企业用户（账号须填写所属企业）可以登记本企业的案件")
    side = (fields.get("side") or "").strip()
    if side not in SIDES:
        raise InputError(f"side 必须是 {'/'.join(SIDES)}，收到 {side!r}", field="side")
    cause = (fields.get("cause") or "").strip()
    if not cause:
        raise InputError("案由不能为空", field="cause")
    data = {
        "side": side,
        "cause": cause,
        "court": (fields.get("court") or "").strip() or None,
        "opponent": (fields.get("opponent") or "").strip() or None,
        "case_number": (fields.get("case_number") or "").strip() or None,
        "lawyer": (fields.get("lawyer") or "").strip() or None,
        "abroad": bool(fields.get("abroad")),
    }
    inst = start(
        session,
        case_definition(),
        subject_type=SUBJECT,
        subject_id=f"lc-{uuid.uuid4().hex[:12]}",
        actor=actor,
        at=at,
        data=data,
        unit=actor.unit,
    )
    return inst.to_dict()


def list_cases(session: Session, actor: Actor) -> list[dict[str, Any]]:
    q = select(WfInstance).where(WfInstance.definition == case_definition().id).order_by(WfInstance.id.desc())
    if actor.role not in STAFF:
        if actor.role != "enterprise" or not actor.unit:
            raise PermissionDenied("只有企业用户可以查看案件协同")
        q = q.where(WfInstance.unit == actor.unit)
    out = []
    for row in session.scalars(q):
        inst = get_instance(session, row.id)
        open_deadlines = [d.to_dict() for d in deadlines(session, row.id) if d.status != "stopped"]
        out.append({**inst.to_dict(), "open_deadlines": open_deadlines})
    return out


def case_detail(
    session: Session,
    actor: Actor,
    case_id: int,
    *,
    settings: Settings | None = None,
    as_of: dt.date | None = None,
) -> dict[str, Any]:
    """Nodes (timeline), deadlines with their legal basis, next actions, documents and lawyer matches."""
    try:
        inst = get_instance(session, case_id)
    except Exception as exc:  # the engine raises NotFoundError; keep one message
        raise NotFoundError(f"案件 {case_id} 不存在") from exc
    if inst.definition != case_definition().id:
        raise NotFoundError(f"案件 {case_id} 不存在")
    _check(actor, inst.unit)
    events = [e.to_dict() for e in timeline(session, case_id)]
    documents = [
        {"document": d, "node": e["action_label"], "at": e["at"]}
        for e in events
        for d in (e["data"] or {}).get("documents", [])
    ]
    evidence = [e["data"].get("evidence_due") for e in events if (e["data"] or {}).get("evidence_due")]
    out: dict[str, Any] = {
        "case": inst.to_dict(),
        "timeline": events,
        "deadlines": [
            {**d.to_dict(), "label": case_definition().rules.get(d.rule).label}
            for d in deadlines(session, case_id, as_of=as_of)
        ],
        "evidence_due": evidence[-1] if evidence else None,
        "documents": documents,
        "actions": [
            {"id": a.id, "label": a.label, "fields": list(a.fields), "documents": list(a.documents)}
            for a in available_actions(session, case_id, actor)
            if a.allowed
        ],
    }
    if settings is not None:
        from ipatlas.litigation.firms import match_lawyers

        out["lawyer_matches"] = match_lawyers(
            settings, cause=inst.data.get("cause"), court=inst.data.get("court"), limit=5
        )
    return out


def act_on_case(
    session: Session,
    actor: Actor,
    case_id: int,
    action: str,
    *,
    at: dt.datetime | dt.date | None = None,
    note: str | None = None,
    fields: dict[str, Any] | None = None,
    expected_version: int | None = None,
) -> dict[str, Any]:
    """Move the case to its next node (the engine checks the transition, roles and version)."""
    inst = get_instance(session, case_id)
    if inst.definition != case_definition().id:
        raise NotFoundError(f"案件 {case_id} 不存在")
    _check(actor, inst.unit)
    f = dict(fields or {})
    if action == "set_evidence_period":
        try:
            f["evidence_due"] = dt.date.fromisoformat(str(f.get("evidence_due") or "")).isoformat()
        except ValueError:
            raise InputError("举证期限须为日期 YYYY-MM-DD", field="evidence_due") from None
    ev = act(
        session, case_id, action, actor=actor, at=at, note=note, fields=f, expected_version=expected_version
    )
    return ev.to_dict()
