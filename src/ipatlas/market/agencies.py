"""Service agencies (服务机构监管): registry, complaints, credit and the public directory.

Import columns: 统一社会信用代码, 名称 (required), 注册地址 or 区划代码, 代理师人数, 业务领域
(separated by ；、,). An agency's grade is the stricter of its market-entity credit grade (when
the agency is in the entity registry) and the complaint rule of ``rules/credit.yaml``
(``agency_complaints``: substantiated complaints within N years → grade).
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from ipatlas.errors import InputError, NotFoundError
from ipatlas.market.credit import credit_show, load_rules
from ipatlas.market.entities import check_code
from ipatlas.market.models import AgencyComplaint, MarketEntity, ServiceAgency
from ipatlas.market.tabular import ImportLog, read_rows, split_list

COLUMNS = ["统一社会信用代码", "名称"]
OPTIONAL = ["注册地址", "区划代码", "代理师人数", "业务领域"]
COMPLAINT_STATUSES = ("受理", "查实", "不成立")
RISK = {"A": 0, "B": 1, "C": 2, "D": 3}


def import_agencies(session: Session, path: Path, *, actor: str = "cli") -> dict[str, Any]:
    from ipatlas.regions import get_resolver

    log = ImportLog(session, "agencies", Path(path), actor)
    seen: dict[str, int] = {}
    for row_no, r in read_rows(log.path, COLUMNS, OPTIONAL):
        log.read += 1
        try:
            code = check_code(r["统一社会信用代码"])
        except ValueError as exc:
            log.quarantine(row_no, "统一社会信用代码", r["统一社会信用代码"], str(exc))
            continue
        if not r["名称"]:
            log.quarantine(row_no, "名称", "", "名称为空")
            continue
        agents_text = r.get("代理师人数", "") or "0"
        if not agents_text.isdigit():
            log.quarantine(row_no, "代理师人数", agents_text, "代理师人数应为非负整数")
            continue
        if code in seen:
            log.quarantine(row_no, "统一社会信用代码", code, f"与第 {seen[code]} 行重复")
            continue
        seen[code] = row_no
        adcode = r.get("区划代码") or None
        if not adcode and r.get("注册地址"):
            res = get_resolver().resolve(r["注册地址"])
            adcode = res.adcode if res.level == "county" else None
        values = {
            "name": r["名称"],
            "adcode": adcode,
            "agents": int(agents_text),
            "specialties": split_list(r.get("业务领域", "")),
            "is_demo": bool(log.is_demo),
        }
        old = session.get(ServiceAgency, code)
        if old is not None and all(getattr(old, k) == v for k, v in values.items()):
            log.duplicates += 1
            continue
        log.loaded += 1
        if old is None:
            session.add(ServiceAgency(code=code, **values))
        else:
            for k, v in values.items():
                setattr(old, k, v)
    session.flush()
    return log.finish()


def add_complaint(
    session: Session,
    agency_code: str,
    *,
    received_on: dt.date,
    summary: str,
    actor: str,
    complainant: str | None = None,
) -> dict[str, Any]:
    agency = _agency(session, agency_code)
    if received_on > dt.date.today():
        raise InputError("收到日期晚于今天", field="received_on")
    if not summary.strip():
        raise InputError("投诉内容不能为空", field="summary")
    c = AgencyComplaint(agency_code=agency.code, received_on=received_on, complainant=complainant,
                        summary=summary.strip(), status="受理", by=actor)  # fmt: skip
    session.add(c)
    session.flush()
    return _complaint(c)


def decide_complaint(session: Session, complaint_id: int, status: str, *, actor: str) -> dict[str, Any]:
    c = session.get(AgencyComplaint, complaint_id)
    if c is None:
        raise NotFoundError(f"未找到投诉 {complaint_id}")
    if status not in ("查实", "不成立"):
        raise InputError(f"投诉处理结果应为 查实 / 不成立：{status!r}", field="status")
    if c.status != "受理":
        raise InputError(f"投诉 {complaint_id} 已处理（{c.status}）", field="status")
    from ipatlas.store.workflow import record_audit

    record_audit(session, actor=None, object_type="agency_complaint", object_id=c.id, action=status,
                 before={"status": c.status}, after={"status": status, "by": actor})  # fmt: skip
    c.status = status
    session.flush()
    return _complaint(c)


def _agency(session: Session, code: str) -> ServiceAgency:
    a = session.get(ServiceAgency, code.strip().upper())
    if a is None:
        raise NotFoundError(f"未找到服务机构 {code}")
    return a


def _complaint(c: AgencyComplaint) -> dict[str, Any]:
    return {"id": c.id, "agency_code": c.agency_code, "received_on": c.received_on.isoformat(),
            "summary": c.summary, "status": c.status}  # fmt: skip


def agency_grade(session: Session, code: str, as_of: dt.date | None = None) -> dict[str, Any]:
    """The agency's grade with reasons: its entity grade (if registered) and the complaint rule."""
    day = as_of or dt.date.today()
    agency = _agency(session, code)
    rule = load_rules()["agency_complaints"]
    years = int(rule["within_years"])
    since = day.replace(year=day.year - years, day=28 if (day.month, day.day) == (2, 29) else day.day)
    n = session.scalar(
        select(func.count()).select_from(AgencyComplaint).where(
            AgencyComplaint.agency_code == agency.code, AgencyComplaint.status == "查实",
            AgencyComplaint.received_on > since, AgencyComplaint.received_on <= day,
        )
    ) or 0  # fmt: skip
    grade, reasons = "B", []
    for step in rule["steps"]:
        if n >= int(step["min"]):
            grade = step["grade"]
            text = step["explain"].format(n=n)
            reasons.append(
                {"rule": "agency_complaints", "grade": grade, "text": text, "basis": rule["basis"]}
            )
            break
    if session.get(MarketEntity, agency.code) is not None:
        ent = credit_show(session, agency.code, day)
        if RISK[ent["grade"]] > RISK[grade]:
            grade = ent["grade"]
        reasons.extend(ent["reasons"])
    return {
        "code": agency.code,
        "name": agency.name,
        "grade": grade,
        "complaints_substantiated": int(n),
        "reasons": reasons,
    }


def agency_directory(session: Session, as_of: dt.date | None = None) -> list[dict[str, Any]]:
    """The public directory (portal): name, code, region, agents, specialties and grade — no
    complainants, no personal data."""
    out = []
    for a in session.scalars(select(ServiceAgency).order_by(ServiceAgency.name)):
        g = agency_grade(session, a.code, as_of)
        out.append(
            {"code": a.code, "name": a.name, "adcode": a.adcode, "agents": a.agents,
             "specialties": list(a.specialties), "grade": g["grade"], "is_demo": a.is_demo}
        )  # fmt: skip
    return out
