"""Page data of the market pages (one function per page; the HTML page and its ``.json`` twin
call the same function): entity search, 主体画像, lead pool with its map, credit, inspections,
and the public agency directory."""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from ipatlas import DEMO_LABEL
from ipatlas.config import Settings
from ipatlas.market import credit, inspections, leads
from ipatlas.market.entities import entity_dict, get_entity, list_entities
from ipatlas.market.models import (
    CreditEvent,
    InspectionDraw,
    InspectionResult,
    MarketEntity,
    MarketLead,
    MarketLink,
    SeriousListEntry,
)

GRADE_ORDER = ("A", "B", "C", "D")


def _region_names(codes: set[str]) -> dict[str, str]:
    from ipatlas.regions import get_registry

    reg = get_registry()
    out = {}
    for c in codes:
        try:
            out[c] = reg.get(c).name
        except Exception:  # an unknown code keeps its digits
            out[c] = c
    return out


def entities_page(
    session: Session, *, q: str | None = None, adcode: str | None = None, page: int = 1
) -> dict[str, Any]:
    size = 50
    data = list_entities(session, q=q, adcode=adcode, limit=size, offset=(max(page, 1) - 1) * size)
    names = _region_names({e["adcode"] for e in data["items"] if e["adcode"]})
    for e in data["items"]:
        e["region_name"] = names.get(e["adcode"] or "", "—")
    review = session.scalar(
        select(func.count()).select_from(MarketLink).where(MarketLink.method == "ambiguous")
    )
    unlinked = session.scalar(select(func.count()).select_from(CreditEvent).where(CreditEvent.code.is_(None)))
    return {
        **data,
        "q": q or "",
        "adcode": adcode or "",
        "page": page,
        "is_demo": any(e["is_demo"] for e in data["items"]),
        "review_links": int(review or 0),
        "unlinked_events": int(unlinked or 0),
    }


def _assets(settings: Settings, names: list[str]) -> dict[str, Any]:
    """Patents and trademarks of the resource base filed under the entity's linked names."""
    from ipatlas.store.lake import Lake

    if not names:
        return {
            "patents": {"total": 0, "granted": 0, "valid": 0, "items": []},
            "trademarks": {"total": 0, "registered": 0, "items": []},
        }
    con = Lake(settings.lake_dir).connect()
    try:
        con.execute("CREATE TEMP TABLE who AS SELECT unnest(?::VARCHAR[]) AS name", [names])
        p = con.execute(
            "SELECT count(*), count(grant_date), count(*) FILTER (WHERE legal_status = 'valid') FROM patents"
            " WHERE list_has_any(applicants, (SELECT list(name) FROM who))"
        ).fetchone()
        p_items = con.execute(
            "SELECT app_no, title, kind, filing_date, legal_status FROM patents"
            " WHERE list_has_any(applicants, (SELECT list(name) FROM who)) ORDER BY filing_date DESC LIMIT 20"
        ).fetchall()
        t = con.execute(
            "SELECT count(*), count(*) FILTER (WHERE status = 'registered') FROM trademarks"
            " WHERE owner IN (SELECT name FROM who)"
        ).fetchone()
        t_items = con.execute(
            "SELECT reg_no, mark_name, nice_class, status, expiry_date FROM trademarks"
            " WHERE owner IN (SELECT name FROM who) ORDER BY reg_no LIMIT 20"
        ).fetchall()
    finally:
        con.close()
    assert p is not None and t is not None
    return {
        "patents": {
            "total": int(p[0]),
            "granted": int(p[1]),
            "valid": int(p[2]),
            "items": [
                {"app_no": r[0], "title": r[1], "kind": r[2], "filing_date": r[3], "legal_status": r[4]}
                for r in p_items
            ],
        },
        "trademarks": {
            "total": int(t[0]),
            "registered": int(t[1]),
            "items": [
                {"reg_no": r[0], "mark_name": r[1], "nice_class": r[2], "status": r[3], "expiry_date": r[4]}
                for r in t_items
            ],
        },
    }


def entity_cases(session: Session, code: str, name: str) -> list[dict[str, Any]]:
    """The office's published decisions concerning the entity (through the protection package's
    public function; none when that package is not installed)."""
    try:
        from ipatlas.protection.publication import public_decisions  # type: ignore[import-not-found,unused-ignore]
    except ImportError:
        return []
    out = []
    for d in public_decisions(session):
        party = d.get("respondent") or {}
        if party.get("uscc") == code or party.get("name") == name:
            out.append(d)
    return out


def entity_profile(
    session: Session, settings: Settings, code: str, as_of: dt.date | None = None
) -> dict[str, Any]:
    """主体画像: everything the platform knows about one entity."""
    e = get_entity(session, code)
    links = session.scalars(
        select(MarketLink).where(MarketLink.code == e.code).order_by(MarketLink.source, MarketLink.name)
    ).all()
    grade = credit.credit_show(session, e.code, as_of)
    lead_rows = session.scalars(
        select(MarketLead).where(MarketLead.code == e.code).order_by(MarketLead.id.desc())
    ).all()
    serious = session.scalars(
        select(SeriousListEntry).where(SeriousListEntry.code == e.code).order_by(SeriousListEntry.listed_on)
    ).all()
    results = session.execute(
        select(InspectionResult, InspectionDraw.plan_name)
        .join(InspectionDraw, InspectionDraw.id == InspectionResult.draw_id)
        .where(InspectionResult.code == e.code)
    ).all()
    names = sorted({lk.name for lk in links} | {e.name})
    region = _region_names({e.adcode}).get(e.adcode, "—") if e.adcode else "—"
    return {
        "entity": {**entity_dict(e), "region_name": region},
        "credit": grade,
        "links": [
            {
                "source": lk.source,
                "name": lk.name,
                "method": lk.method,
                "confidence": lk.confidence,
                "records": lk.records,
            }
            for lk in links
        ],
        "assets": _assets(settings, names),
        "leads": [leads.lead_dict(x) for x in lead_rows],
        "cases": entity_cases(session, e.code, e.name),
        "serious_list": [
            {
                "listed_on": s.listed_on.isoformat(),
                "until": s.until.isoformat(),
                "reason": s.reason,
                "removed_on": s.removed_on.isoformat() if s.removed_on else None,
                "measures": list(s.measures),
            }
            for s in serious
        ],
        "inspections": [
            {
                "draw_id": r.draw_id,
                "plan": plan,
                "result": r.result,
                "inspected_on": r.inspected_on.isoformat(),
                "note": r.note,
            }
            for r, plan in results
        ],
        "is_demo": e.is_demo,
        "demo_label": DEMO_LABEL if e.is_demo else None,
    }


def leads_page(
    session: Session, *, status: str | None = None, source: str | None = None, adcode: str | None = None
) -> dict[str, Any]:
    data = leads.list_leads(session, status=status, source=source, adcode=adcode, limit=200)
    by_region: dict[str, int] = {}
    for x in session.scalars(select(MarketLead.adcode).where(MarketLead.adcode.is_not(None))):
        if x:
            by_region[x] = by_region.get(x, 0) + 1
    names = _region_names(set(by_region) | {x["adcode"] for x in data["items"] if x["adcode"]})
    for x in data["items"]:
        x["region_name"] = names.get(x["adcode"] or "", "—")
    regions = [
        {"code": c, "name": names[c], "value": n} for c, n in sorted(by_region.items(), key=lambda kv: -kv[1])
    ]
    province = next(iter(sorted(by_region)), "500000")[:2] + "0000"
    return {
        **data,
        "status": status or "",
        "source": source or "",
        "adcode": adcode or "",
        "statuses": ["待核查", "核查中", "转立案", "排除"],
        "sources": leads.lead_rules()["sources"],
        "regions": regions,
        "geo_url": f"/api/geo/county.json?under={province}",
        "stats": leads.lead_stats(session),
        "is_demo": any(x["is_demo"] for x in data["items"]),
    }


def credit_page(session: Session, as_of: dt.date | None = None) -> dict[str, Any]:
    """Grades per region as of a date, the disclosure list and the events awaiting a link."""
    day = as_of or dt.date.today()
    table = credit.grade_all(session, day)
    adcodes = dict(session.execute(select(MarketEntity.code, MarketEntity.adcode)).all())
    counts: dict[str, dict[str, int]] = {}
    flags = {"repeat_infringer": 0, "serious_list": 0}
    for row in table.to_pylist():
        region = adcodes.get(row["code"]) or ""
        c = counts.setdefault(region, dict.fromkeys(GRADE_ORDER, 0))
        c[row["grade"]] += 1
        flags["repeat_infringer"] += bool(row["repeat_infringer"])
        flags["serious_list"] += bool(row["serious_list"])
    names = _region_names({r for r in counts if r})
    version = credit.rule_version(day)
    return {
        "as_of": day.isoformat(),
        "rule_version": version["id"],
        "rule_source": version["source"],
        "levels": version["levels"],
        "by_region": [
            {"code": r, "name": names.get(r, "未解析"), **c, "total": sum(c.values())}
            for r, c in sorted(counts.items(), key=lambda kv: kv[0] or "~")
        ],
        "flags": flags,
        "disclosure": credit.disclosure_list(session, day),
        "infringers": credit.infringer_disclosure(session, day),
        "unlinked": credit.unlinked_events(session, limit=50),
        "is_demo": bool(
            session.scalar(select(func.count()).select_from(MarketEntity).where(MarketEntity.is_demo))
        ),
    }


def inspections_page(session: Session) -> dict[str, Any]:
    draws = inspections.list_draws(session)
    return {"draws": draws, "rules": inspections.draw_rules(), "is_demo": any(d["is_demo"] for d in draws)}


def draw_page(session: Session, draw_id: int) -> dict[str, Any]:
    out = inspections.public_draw(session, draw_id)
    out["algorithm_doc"] = (inspections.__doc__ or "").strip()
    return out
