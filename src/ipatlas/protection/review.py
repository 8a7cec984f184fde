"""案卷评查 (file review) and case exports.

Review: a seeded random sample of closed cases per handling unit (the same seed gives the same
sample, so the selection can be audited), scored against a score sheet whose items are data
(each with the rule it checks); results by unit.

Export: the case list as XLSX. Personal data are masked unless the exporter may see them *and*
asks for them; every export that contains personal data is written to the audit log.
"""

from __future__ import annotations

import random
from pathlib import Path
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from ipatlas.access import role_label
from ipatlas.errors import InputError, PermissionDenied
from ipatlas.protection.constants import DEMO_LABEL, KIND_LABELS
from ipatlas.protection.models import Case
from ipatlas.protection.privacy import masked_party
from ipatlas.store.models import AuditLog
from ipatlas.workflow import Actor
from ipatlas.workflow.models import WfDeadline, WfDocument, WfEvent

# Score sheet (评查评分表): item, points, and what is checked automatically.
SCORE_SHEET: list[dict[str, Any]] = [
    {"item": "acceptance_on_time", "label": "受理/立案决定按期", "points": 20},
    {"item": "handling_on_time", "label": "办理（处罚、裁决、调解）按期", "points": 30},
    {"item": "documents_issued", "label": "文书齐全并编号", "points": 20},
    {"item": "reasons_recorded", "label": "不予受理、撤回、中止、延期均记录理由", "points": 15},
    {"item": "closed_with_report", "label": "结案经负责人审批", "points": 15},
]
REASON_ACTIONS = {"reject", "withdraw", "suspend", "extend", "mediation_failed"}


def _score(session: Session, case: Case) -> dict[str, Any]:
    deadlines = list(session.scalars(select(WfDeadline).where(WfDeadline.instance_id == case.instance_id)))
    events = list(session.scalars(select(WfEvent).where(WfEvent.instance_id == case.instance_id)))
    docs = session.scalar(select(WfDocument.id).where(WfDocument.instance_id == case.instance_id).limit(1))
    first = [
        d
        for d in deadlines
        if d.rule_id
        in {"acceptance", "report_verification", "adjudication_filing", "assistance", "consultation"}
    ]
    handling = [
        d for d in deadlines if d.rule_id in {"penalty", "adjudication", "adjudication_local", "mediation"}
    ]
    checks = {
        "acceptance_on_time": all(d.met is not False for d in first),
        "handling_on_time": all(d.met is not False for d in handling),
        "documents_issued": docs is not None or case.kind == "consultation",
        "reasons_recorded": all(
            (e.note or (e.data or {}).get("reason")) for e in events if e.action in REASON_ACTIONS
        ),
        "closed_with_report": any(
            e.action in {"close", "receipt", "mediation_agreement", "answer"} for e in events
        ),
    }
    items = [
        {**s, "passed": checks[s["item"]], "score": s["points"] if checks[s["item"]] else 0}
        for s in SCORE_SHEET
    ]
    return {
        "case_id": case.id,
        "number": case.number,
        "kind": KIND_LABELS[case.kind],
        "score": sum(i["score"] for i in items),
        "items": items,
    }


def review(session: Session, *, per_unit: int = 5, seed: int = 1, year: int | None = None) -> dict[str, Any]:
    """Draw ``per_unit`` closed cases per handling unit with ``seed`` and score them."""
    if per_unit < 1:
        raise InputError("每个单位至少抽取 1 件", field="per_unit")
    q = select(Case).where(Case.closed_at.is_not(None), Case.duplicate_of.is_(None)).order_by(Case.id)
    by_unit: dict[str, list[Case]] = {}
    for c in session.scalars(q):
        if year is not None and c.closed_at is not None and c.closed_at.year != year:
            continue
        by_unit.setdefault(c.handling_unit or "（未指定）", []).append(c)
    rng = random.Random(seed)
    units = []
    for unit in sorted(by_unit):
        pool = by_unit[unit]
        sample = sorted(rng.sample(pool, min(per_unit, len(pool))), key=lambda c: c.id)
        scored = [_score(session, c) for c in sample]
        units.append(
            {
                "unit": unit,
                "closed": len(pool),
                "sampled": len(scored),
                "average_score": round(sum(s["score"] for s in scored) / len(scored), 1) if scored else None,
                "cases": scored,
            }
        )
    return {"seed": seed, "per_unit": per_unit, "year": year, "score_sheet": SCORE_SHEET, "units": units}


def export_cases(
    session: Session, path: Path, *, viewer: Actor, include_personal: bool = False, year: int | None = None
) -> dict[str, Any]:
    """The case list as XLSX; personal data only for approvers/admins who ask, and then audited."""
    import openpyxl

    from ipatlas.protection.cases import may_see_personal

    if include_personal and viewer.role not in {"admin", "approver"}:
        raise PermissionDenied(f"角色“{role_label(viewer.role)}”不能导出个人信息（仅负责人、管理员）")
    q = select(Case).order_by(Case.id)
    rows = [c for c in session.scalars(q) if year is None or c.received_on.year == year]
    wb = openpyxl.Workbook()
    ws = wb.active
    assert ws is not None
    ws.title = "案件清单"
    demo = any(c.is_demo for c in rows)
    ws.append([f"知识产权保护案件清单{'【' + DEMO_LABEL + '】' if demo else ''}"])
    ws.append(
        [
            "登记编号",
            "类型",
            "收到时间",
            "状态",
            "区县",
            "投诉人",
            "电话",
            "身份证号",
            "被投诉人",
            "结果",
            "演示数据",
        ]
    )
    personal_rows = 0
    for c in rows:
        show = include_personal and may_see_personal(session, c, viewer)
        party = dict(c.complainant) if show else masked_party(c.complainant)
        personal_rows += bool(show)
        when = c.received_at.strftime("%Y-%m-%d %H:%M")
        respondent = (c.respondent or {}).get("name")
        who = [party.get("name"), party.get("phone"), party.get("id_number")]
        ws.append(
            [c.number, KIND_LABELS[c.kind], when, c.status, c.region_name, *who, respondent, c.outcome,
             DEMO_LABEL if c.is_demo else ""]
        )  # fmt: skip
    path.parent.mkdir(parents=True, exist_ok=True)
    wb.save(path)
    if personal_rows:
        session.add(
            AuditLog(
                username=viewer.username,
                object_type="case",
                object_id="export",
                action="case.export_personal",
                after={"file": str(path), "rows": len(rows), "personal_rows": personal_rows},
            )
        )
        session.flush()
    return {"file": str(path), "rows": len(rows), "personal_rows": personal_rows}
