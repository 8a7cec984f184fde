"""统计月报 (monthly statistics) as XLSX, and the mediation directory."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from sqlalchemy import Integer, cast, func, select
from sqlalchemy import case as sql_case
from sqlalchemy.orm import Session

from ipatlas.errors import InputError
from ipatlas.protection.constants import DEMO_LABEL, KIND_LABELS
from ipatlas.protection.models import Case, MediationOrg

ORG_TYPES = {"people": "人民调解", "industry": "行业调解", "professional": "专业调解", "lawyer": "律师调解"}


def monthly_rows(session: Session, year: int, *, region: str | None = None) -> list[dict[str, Any]]:
    one = cast(1, Integer)
    conds = [
        Case.duplicate_of.is_(None),
        Case.received_on >= dt.date(year, 1, 1),
        Case.received_on <= dt.date(year, 12, 31),
    ]
    if region:
        conds.append((Case.adcode == region) | (Case.city_code == region) | (Case.province_code == region))
    month = func.extract("month", Case.received_on)
    q = (
        select(
            month,
            Case.kind,
            func.count(),
            func.count(Case.accepted_at),
            func.count(Case.closed_at),
            func.sum(sql_case((Case.on_time.is_(True), one), else_=0)),
            func.avg(Case.workdays_to_close),
            func.count(Case.referred_to),
        )
        .where(*conds)
        .group_by(month, Case.kind)
        .order_by(month, Case.kind)
    )
    out = []
    for m, kind, rec, acc, closed, on_time, avg_wd, referred in session.execute(q):
        closed = int(closed or 0)
        out.append(
            {
                "month": int(m),
                "kind": kind,
                "kind_label": KIND_LABELS.get(kind, kind),
                "received": int(rec),
                "accepted": int(acc),
                "closed": closed,
                "closed_on_time": int(on_time or 0),
                "on_time_rate": round(int(on_time or 0) / closed, 4) if closed else None,
                "avg_workdays_to_close": round(float(avg_wd), 1) if avg_wd is not None else None,
                "referred": int(referred),
            }
        )
    return out


def monthly_xlsx(session: Session, year: int, path: Path, *, region: str | None = None) -> dict[str, Any]:
    import openpyxl

    rows = monthly_rows(session, year, region=region)
    demo = bool(session.scalar(select(func.count()).select_from(Case).where(Case.is_demo.is_(True))))
    wb = openpyxl.Workbook()
    ws = wb.active
    assert ws is not None
    ws.title = f"{year}年统计月报"
    title = f"知识产权保护案件统计月报（{year}年{'，' + region if region else ''}）"
    ws.append([title + (f"【{DEMO_LABEL}】" if demo else "")])
    ws.append(
        [
            "月份",
            "案件类型",
            "受理登记量",
            "受理数",
            "结案数",
            "按期结案数",
            "按期办结率",
            "平均办结工作日",
            "移送数",
        ]
    )
    for r in rows:
        ws.append(
            [
                r["month"],
                r["kind_label"],
                r["received"],
                r["accepted"],
                r["closed"],
                r["closed_on_time"],
                r["on_time_rate"],
                r["avg_workdays_to_close"],
                r["referred"],
            ]
        )
    path.parent.mkdir(parents=True, exist_ok=True)
    wb.save(path)
    return {"file": str(path), "year": year, "rows": len(rows), "is_demo": demo}


def add_mediation_org(
    session: Session,
    *,
    name: str,
    org_type: str,
    specialties: list[str],
    mediators: list[dict[str, Any]],
    adcode: str | None = None,
    is_demo: bool = False,
) -> dict[str, Any]:
    if org_type not in ORG_TYPES:
        raise InputError(f"未知调解组织类型 {org_type!r}（可用: {', '.join(ORG_TYPES)}）", field="org_type")
    if not name.strip():
        raise InputError("缺少名称", field="name")
    org = session.scalar(select(MediationOrg).where(MediationOrg.name == name))
    if org is None:
        org = MediationOrg(
            name=name,
            org_type=org_type,
            specialties=specialties,
            mediators=mediators,
            adcode=adcode,
            is_demo=is_demo,
        )
        session.add(org)
    else:
        org.org_type, org.specialties, org.mediators, org.adcode = org_type, specialties, mediators, adcode
    session.flush()
    return mediation_org_dict(org)


def mediation_org_dict(org: MediationOrg) -> dict[str, Any]:
    return {
        "id": org.id,
        "name": org.name,
        "org_type": org.org_type,
        "org_type_label": ORG_TYPES[org.org_type],
        "specialties": list(org.specialties),
        "mediators": list(org.mediators),
        "adcode": org.adcode,
        "is_demo": org.is_demo,
    }


def list_mediation_orgs(session: Session, *, specialty: str | None = None) -> list[dict[str, Any]]:
    orgs = [mediation_org_dict(o) for o in session.scalars(select(MediationOrg).order_by(MediationOrg.id))]
    if specialty:
        orgs = [o for o in orgs if specialty in o["specialties"]]
    return orgs
