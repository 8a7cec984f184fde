"""Publication records for decisions (行政处罚信息公示, 行政裁决公开) read by the public portal and
the credit pages: personal data stripped (a natural person's name masked, no phone, ID or
address; a confidential complainant never appears)."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from ipatlas.protection.constants import DEMO_LABEL, IP_TYPE_LABELS, KIND_LABELS
from ipatlas.protection.models import Case
from ipatlas.protection.privacy import mask_name

PUBLIC_OUTCOMES = ("penalty", "adjudicated", "dismissed")


def _public_party(party: dict[str, Any] | None) -> dict[str, Any]:
    p = party or {}
    individual = p.get("type") == "individual"
    out: dict[str, Any] = {
        "name": mask_name(p.get("name")) if individual else p.get("name"),
        "type": p.get("type"),
    }
    if not individual and p.get("uscc"):
        out["uscc"] = p["uscc"]
    return out


def public_decisions(session: Session, *, limit: int | None = None) -> list[dict[str, Any]]:
    """Decisions of the office (penalties and adjudications), newest first, personal data stripped."""
    q = (
        select(Case)
        .where(Case.decided_at.is_not(None), Case.outcome.is_not(None), Case.duplicate_of.is_(None))
        .order_by(Case.decided_at.desc(), Case.id.desc())
    )
    if limit:
        q = q.limit(limit)
    out = []
    for c in session.scalars(q):
        decision = c.decision or {}
        out.append(
            {
                "case_number": c.number,
                "kind": c.kind,
                "kind_label": KIND_LABELS[c.kind],
                "ip_type": c.ip_type,
                "ip_type_label": IP_TYPE_LABELS[c.ip_type],
                "respondent": _public_party(c.respondent),
                "region": c.adcode,
                "region_name": c.region_name,
                "decided_on": c.decided_at.date().isoformat() if c.decided_at else None,
                "outcome": c.outcome,
                "penalty_kind": decision.get("penalty_kind"),
                "penalty_amount": float(c.penalty_amount) if c.penalty_amount is not None else None,
                "basis": decision.get("basis"),
                "is_demo": c.is_demo,
                "demo_label": DEMO_LABEL if c.is_demo else None,
            }
        )
    return out
