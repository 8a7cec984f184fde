"""The lead pool (线索池): monitoring rules over the resource base, checked listings, manual leads.

Rules are data (``rules/leads.yaml``). A lead's subject is a resolved entity (统一社会信用代码)
or, failing that, a normalised name; leads about the same subject and the same object (a patent
number, a rule and year, …) merge whatever their source, keeping every source and piece of
evidence. Statuses 待核查 → 核查中 → 转立案 / 排除 are the ``market_lead`` workflow of
``ipatlas.workflow`` (``status`` mirrors it for lists); 转立案 opens a protection case through
``ipatlas.protection.intake.create_case`` with channel ``lead``.
"""

from __future__ import annotations

import datetime as dt
import functools
import hashlib
import re
from importlib import resources
from pathlib import Path
from typing import Any

import duckdb
import yaml
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from ipatlas.config import Settings
from ipatlas.errors import ConfigError, InputError, NotFoundError
from ipatlas.market.models import MarketEntity, MarketImport, MarketLead, MarketLink
from ipatlas.market.names import name_key, name_keys
from ipatlas.market.tabular import ImportLog, read_rows
from ipatlas.store.models import utcnow

LISTING_COLUMNS = ["店铺", "商品", "标注号码"]
LISTING_OPTIONAL = ["链接", "采集时间", "经营者", "类型", "来源"]
DEAD_PATENT = {"lapsed", "invalidated", "abandoned", "rejected", "expired"}
DEAD_MARK = {"invalid", "expired"}
_PATENT_NO = re.compile(r"^(?:ZL|CN)?\s*(\d{8}|\d{12})\.?([\dX])$", re.I)
_PATENT_PUB = re.compile(r"^CN\d{6,9}[A-Z]\d?$", re.I)
_MARK_NO = re.compile(r"^第?(\d{5,9})号?$")


@functools.cache
def lead_rules() -> dict[str, Any]:
    text = resources.files("ipatlas.market").joinpath("rules/leads.yaml").read_text("utf-8")
    data: dict[str, Any] = yaml.safe_load(text)
    return data


def rule(rule_id: str, on: dt.date | None = None) -> dict[str, Any]:
    """A lead rule as in effect on ``on`` (default today): a rule with ``versions`` takes the
    latest version whose ``effective_from`` is not after that day, merged over its common fields."""
    r: dict[str, Any] = lead_rules()["rules"][rule_id]
    if "versions" not in r:
        return r
    day = on or dt.date.today()
    versions = sorted(r["versions"], key=lambda v: v["effective_from"])
    in_effect = [v for v in versions if v["effective_from"] <= day]
    if not in_effect:
        raise ConfigError(
            f"线索规则 {rule_id} 在 {day.isoformat()} 没有生效的版本"
            f"（最早自 {versions[0]['effective_from']} 起）"
        )
    common = {k: v for k, v in r.items() if k != "versions"}
    return {**common, **in_effect[-1]}


def explain(rule_id: str, on: dt.date | None = None) -> str:
    r = rule(rule_id, on)
    fields = {k: v for k, v in r.items() if not isinstance(v, dict)}
    if "floor_quantile" in r:
        fields["floor_percentile"] = f"{float(r['floor_quantile']) * 100:g}"
    return str(r["explain"]).format(**fields)


# ---- monitoring rules over the lake ---------------------------------------------------------
def surge_rows(
    cur: duckdb.DuckDBPyConnection, cond: str, params: list[Any], year: int, on: dt.date | None = None
) -> list[dict[str, Any]]:
    """非正常申请: first applicants whose filings in ``year`` reach the floor and ``surge_factor``
    times their yearly average over the ``baseline_years`` before (or who filed nothing before).
    The floor is ``min_filings``, or (version 2) the ``floor_quantile`` of that year's applicants'
    filings when higher. ``cond``/``params`` restrict the patents (e.g. to a region); the rule
    version is the one in effect on ``on``."""
    r = rule("abnormal_filing_surge", on)
    base_years = int(r["baseline_years"])
    quantile = float(r.get("floor_quantile", 0.0))
    cur.execute(
        f"""
        WITH c AS (
          SELECT first_applicant AS a, year(filing_date) AS y, count(*) AS n FROM patents
          WHERE {cond} AND first_applicant IS NOT NULL AND year(filing_date) BETWEEN ? AND ? GROUP BY 1, 2),
        t AS (SELECT a, sum(n) FILTER (WHERE y = ?) AS n,
          coalesce(sum(n) FILTER (WHERE y < ?), 0) / {float(base_years)} AS baseline FROM c GROUP BY a),
        f AS (SELECT greatest(?, coalesce(quantile_cont(n, ?) FILTER (WHERE ? > 0), 0)) AS floor
              FROM t WHERE n IS NOT NULL)
        SELECT a, n, baseline, f.floor FROM t, f WHERE n >= f.floor ORDER BY n DESC, a""",
        [*params, year - base_years, year, year, year, int(r["min_filings"]), quantile, quantile],
    )
    out = []
    for a, n, baseline, floor in cur.fetchall():
        base = float(baseline)
        if base == 0 or n >= float(r["surge_factor"]) * base:
            ratio = None if base == 0 else round(n / base, 1)
            reason = "前三年无申请，当年集中申请" if base == 0 else f"当年申请量为前三年年均的 {ratio} 倍"
            out.append(
                {
                    "applicant": a,
                    "n": int(n),
                    "baseline": round(base, 1),
                    "ratio": ratio,
                    "floor": round(float(floor), 1),
                    "rule_version": int(r.get("version", 1)),
                    "reason": reason,
                }
            )
    return out


def hoarding_rows(cur: duckdb.DuckDBPyConnection, on: dt.date) -> list[dict[str, Any]]:
    r = rule("trademark_hoarding")
    cur.execute(
        """
        SELECT owner, count(*) AS marks, count(DISTINCT nice_class) AS classes,
          avg(CASE WHEN status = 'registered' THEN 1.0 ELSE 0.0 END) AS registered_share
        FROM trademarks WHERE owner IS NOT NULL AND app_date > ?::DATE - INTERVAL (?) YEAR AND app_date <= ?
        GROUP BY owner HAVING count(*) >= ? AND count(DISTINCT nice_class) >= ?
          AND avg(CASE WHEN status = 'registered' THEN 1.0 ELSE 0.0 END) < ?
        ORDER BY marks DESC, owner""",
        [
            on,
            int(r["window_years"]),
            on,
            int(r["min_marks"]),
            int(r["min_classes"]),
            float(r["max_registered_share"]),
        ],
    )
    return [
        {"owner": o, "marks": int(m), "classes": int(c), "registered_share": round(float(s), 2)}
        for o, m, c, s in cur.fetchall()
    ]


# ---- leads ------------------------------------------------------------------------------------
def lead_definition() -> Any:
    from ipatlas.workflow import load_definition

    return load_definition(
        Path(str(resources.files("ipatlas.market").joinpath("workflows/market_lead.yaml")))
    )


def resolve_name(session: Session, name: str) -> tuple[str | None, str | None]:
    """(code, adcode) of a name: a stored link first, else a unique registry name key."""
    code = session.scalar(
        select(MarketLink.code).where(MarketLink.name == name, MarketLink.code.is_not(None)).limit(1)
    )
    if code is None:
        key = name_key(name)
        codes = (
            session.scalars(select(MarketEntity.code).where(MarketEntity.name_key == key).limit(2)).all()
            if key
            else []
        )
        code = codes[0] if len(codes) == 1 else None
    if code is None:
        return None, None
    return code, session.scalar(select(MarketEntity.adcode).where(MarketEntity.code == code))


def upsert_lead(
    session: Session,
    *,
    source: str,
    rule_id: str,
    name: str,
    title: str,
    evidence: dict[str, Any],
    score: float,
    object_key: str,
    actor: str,
    is_demo: bool = False,
    at: dt.datetime | dt.date | None = None,
) -> tuple[MarketLead, bool]:
    """Create a lead, or merge into the lead with the same subject and object. Returns (lead, created)."""
    if source not in lead_rules()["sources"]:
        raise InputError(f"未知的线索来源 {source}", field="source")
    code, adcode = resolve_name(session, name)
    subject = code or name_key(name) or name
    dedup = hashlib.sha256(f"{subject}|{object_key}".encode()).hexdigest()
    ev = {**evidence, "source": source, "rule": rule_id}
    ev["id"] = hashlib.sha256(repr(sorted(ev.items())).encode()).hexdigest()[:16]
    lead = session.scalar(select(MarketLead).where(MarketLead.dedup_key == dedup))
    if lead is not None:
        if all(e.get("id") != ev["id"] for e in lead.evidence):
            lead.evidence = [*lead.evidence, ev]
        if source not in lead.sources:
            lead.sources = [*lead.sources, source]
        lead.score = max(lead.score, score)
        lead.updated_at = utcnow()
        session.flush()
        return lead, False
    lead = MarketLead(
        dedup_key=dedup,
        sources=[source],
        rule_id=rule_id,
        code=code,
        name=name,
        adcode=adcode,
        title=title,
        evidence=[ev],
        score=score,
        status="待核查",
        is_demo=is_demo,
    )
    session.add(lead)
    session.flush()
    from ipatlas.workflow import start

    inst = start(
        session, lead_definition(), subject_type="market_lead", subject_id=lead.id, actor=actor, at=at
    )
    lead.instance_id, lead.status = inst.id, inst.state_label
    session.flush()
    return lead, True


def scan(
    session: Session,
    settings: Settings,
    *,
    actor: str = "cli",
    year: int | None = None,
    on: dt.date | None = None,
) -> dict[str, Any]:
    """Run the monitoring rules over the lake and put their hits into the pool."""
    from ipatlas.store.lake import Lake

    day = on or dt.date.today()
    con = Lake(settings.lake_dir).connect()
    try:
        if year is None:
            year = con.execute("SELECT max(year(filing_date)) FROM patents").fetchone()[0] or day.year  # type: ignore[index]
        demo = bool(con.execute("SELECT bool_or(is_demo) FROM patents").fetchone()[0])  # type: ignore[index]
        surges = surge_rows(con, "TRUE", [], int(year), day)
        hoards = hoarding_rows(con, day)
    finally:
        con.close()
    created = merged = 0
    r1, r2 = rule("abnormal_filing_surge", day), rule("trademark_hoarding", day)
    for s in surges:
        _, new = upsert_lead(
            session,
            source="monitor",
            rule_id="abnormal_filing_surge",
            name=s["applicant"],
            title=f"{r1['label']}：{s['applicant']} {year} 年申请 {s['n']} 件",
            evidence={
                "year": year,
                **s,
                "explain": explain("abnormal_filing_surge", day),
                "basis": r1["basis"],
            },
            score=float(r1["score"]),
            object_key=f"abnormal_filing_surge:{year}",
            actor=actor,
            is_demo=demo,
        )
        created, merged = created + new, merged + (not new)
    for h in hoards:
        _, new = upsert_lead(
            session,
            source="monitor",
            rule_id="trademark_hoarding",
            name=h["owner"],
            title=f"{r2['label']}：{h['owner']} 申请 {h['marks']} 件、{h['classes']} 个类别",
            evidence={
                **h,
                "as_of": day.isoformat(),
                "explain": explain("trademark_hoarding"),
                "basis": r2["basis"],
            },
            score=float(r2["score"]),
            object_key="trademark_hoarding",
            actor=actor,
            is_demo=demo,
        )
        created, merged = created + new, merged + (not new)
    return {
        "year": year,
        "hits": len(surges) + len(hoards),
        "created": created,
        "merged": merged,
        "rules": {"abnormal_filing_surge": len(surges), "trademark_hoarding": len(hoards)},
    }


def object_key_of(ref: str | None) -> str | None:
    """The object key a claimed number has in the pool (so reports about the same patent or
    mark merge with the listing checks): a patent number → ``counterfeit_patent:CN….x``, a mark
    registration number → ``expired_mark_use:NNN``."""
    if not ref:
        return None
    pat = normalise_patent_no(ref)
    if pat:
        return f"counterfeit_patent:{pat}"
    mark = _MARK_NO.match(ref.replace(" ", ""))
    return f"expired_mark_use:{mark.group(1)}" if mark else None


def add_manual(
    session: Session,
    *,
    name: str,
    title: str,
    evidence: str,
    actor: str,
    object_ref: str | None = None,
    source: str = "manual",
) -> dict[str, Any]:
    """A manual lead (举报、移交、巡查); ``object_ref`` (a patent or mark number) lets it merge with
    the lead other sources hold about the same subject and object."""
    if not name.strip() or not title.strip():
        raise InputError("线索须有对象名称和标题", field="name")
    key = object_key_of(object_ref)
    if object_ref and key is None:
        raise InputError(f"无法识别的专利号或商标注册号：{object_ref!r}", field="object")
    lead, created = upsert_lead(
        session,
        source=source,
        rule_id="manual",
        name=name.strip(),
        title=title.strip(),
        evidence={"text": evidence, "by": actor, **({"claimed": object_ref} if object_ref else {})},
        score=float(rule("manual")["score"]),
        object_key=key or f"manual:{name_key(title) or title}",
        actor=actor,
    )
    return {**lead_dict(lead), "created": created}


# ---- listings -------------------------------------------------------------------------------
def normalise_patent_no(raw: str) -> str | None:
    t = raw.strip().upper().replace(" ", "")
    m = _PATENT_NO.match(t)
    if m:
        return f"CN{m.group(1)}.{m.group(2)}"
    if _PATENT_PUB.match(t):
        return t
    return None


def _listing_row(log: ImportLog, row_no: int, r: dict[str, str], today: dt.date) -> dict[str, Any] | None:
    """One listing row checked for form (date, shop, number); a bad row is quarantined (→ None)."""
    number = r["标注号码"]
    kind = r.get("类型", "")
    ok, when = log.past_date(row_no, r, "采集时间", today)
    if not ok:
        return None
    captured = when or today
    if not r["店铺"] and not r.get("经营者"):
        log.quarantine(row_no, "店铺", "", "店铺与经营者均为空")
        return None
    pat = normalise_patent_no(number) if kind != "商标" else None
    mark = _MARK_NO.match(number.replace(" ", "")) if kind != "专利" and pat is None else None
    if pat is None and mark is None:
        log.quarantine(
            row_no,
            "标注号码",
            number,
            "无法识别为专利号（如 ZL201910123456.7）或商标注册号（如 第12345678号）",
        )
        return None
    return {**r, "row": row_no, "captured": captured, "patent": pat, "mark": mark.group(1) if mark else None}


def _read_listings(log: ImportLog) -> list[dict[str, Any]]:
    """The file's well-formed rows, repeated (店铺, 标注号码, 商品) counted as duplicates."""
    today = dt.date.today()
    rows: list[dict[str, Any]] = []
    seen: set[tuple[str, str, str]] = set()
    for row_no, r in read_rows(log.path, LISTING_COLUMNS, LISTING_OPTIONAL):
        log.read += 1
        item = _listing_row(log, row_no, r, today)
        if item is None:
            continue
        key = (r["店铺"], r["标注号码"], r["商品"])
        if key in seen:
            log.duplicates += 1
            continue
        seen.add(key)
        rows.append(item)
    return rows


def _lookup_listed(
    settings: Settings, rows: list[dict[str, Any]]
) -> tuple[dict[str, tuple[Any, ...]], dict[str, tuple[Any, ...]]]:
    """The resource base's record of every claimed number: patents by application and publication
    number (grant date, legal status, applicants), trademarks by registration number."""
    from ipatlas.store.lake import Lake

    con = Lake(settings.lake_dir).connect()
    try:
        pats = {it["patent"] for it in rows if it["patent"]}
        marks = {it["mark"] for it in rows if it["mark"]}
        found = con.execute(
            "SELECT coalesce(app_no, pub_no) AS k, grant_date, legal_status, applicants, app_no, pub_no"
            " FROM patents WHERE app_no IN (SELECT unnest(?::VARCHAR[]))"
            " OR pub_no IN (SELECT unnest(?::VARCHAR[]))",
            [sorted(pats), sorted(pats)],
        ).fetchall()
        by_no: dict[str, tuple[Any, ...]] = {}
        for row in found:
            for k in (row[4], row[5]):
                if k:
                    by_no[k] = row[1:]
        m_info = {
            row[0]: row[1:]
            for row in con.execute(
                "SELECT reg_no, status, expiry_date, owner FROM trademarks"
                " WHERE reg_no IN (SELECT unnest(?::VARCHAR[]))",
                [sorted(marks)],
            ).fetchall()
        }
    finally:
        con.close()
    return by_no, m_info


def _listing_problem(
    it: dict[str, Any], by_no: dict[str, tuple[Any, ...]], m_info: dict[str, tuple[Any, ...]]
) -> tuple[str, str | None]:
    """(rule id, finding) of one listing: the finding is None when the claim checks out."""
    if it["patent"]:
        info = by_no.get(it["patent"])
        if info is None:
            return "counterfeit_patent", "资源库中没有该专利号"
        if info[0] is None:
            return "counterfeit_patent", "该专利未授权（申请中或未授权）"
        if info[1] in DEAD_PATENT:
            return "counterfeit_patent", f"该专利已失效（{info[1]}）"
        if it.get("经营者") and name_key(it["经营者"]) not in set(name_keys(list(info[2] or [])).to_pylist()):
            return "counterfeit_patent", "专利权人与经营者不一致（是否有许可待核实）"
        return "counterfeit_patent", None
    minfo = m_info.get(it["mark"])
    if minfo is not None and (minfo[0] in DEAD_MARK or (minfo[1] is not None and minfo[1] < it["captured"])):
        return "expired_mark_use", "该商标无效或已过专用权期限"
    return "expired_mark_use", None


def _listing_evidence(it: dict[str, Any], log: ImportLog) -> dict[str, Any]:
    evidence = {
        "shop": it["店铺"],
        "product": it["商品"],
        "claimed": it["标注号码"],
        "url": it.get("链接") or None,
        "captured_at": it["captured"].isoformat(),
        "operator": it.get("经营者") or None,
        "channel": it.get("来源") or None,
        "file": str(log.path),
        "row": it["row"],
    }
    return {k: v for k, v in evidence.items() if v is not None}


def import_listings(
    session: Session, settings: Settings, path: Path, *, actor: str = "cli"
) -> dict[str, Any]:
    """E-commerce listings / exhibition catalogues (店铺, 商品, 标注号码[, 链接, 采集时间, 经营者,
    类型, 来源]): every claimed patent or trademark number is checked against the resource base.
    Steps: read and check the rows, look the numbers up in the lake, put each failed check into
    the pool. A file imported before (same content) changes nothing."""
    log = ImportLog(session, "listings", Path(path), actor)
    seen_before = session.scalar(
        select(func.count())
        .select_from(MarketImport)
        .where(MarketImport.kind == "listings", MarketImport.source_hash == log.source_hash)
    )
    rows = _read_listings(log)
    if seen_before:
        log.duplicates += len(rows)
        return {**log.finish(), "leads": 0}
    log.loaded += len(rows)
    by_no, m_info = _lookup_listed(settings, rows)
    leads = 0
    for it in rows:
        rid, problem = _listing_problem(it, by_no, m_info)
        if problem is None:
            continue
        who = it.get("经营者") or it["店铺"]
        rr = rule(rid)
        upsert_lead(
            session,
            source="listing",
            rule_id=rid,
            name=who,
            title=f"{rr['label'].split('（')[0]}：{who} 标注 {it['标注号码']}",
            evidence={**_listing_evidence(it, log), "finding": problem, "basis": rr["basis"]},
            score=float(rr["score"]),
            object_key=f"{rid}:{it['patent'] or it['mark']}",
            actor=actor,
            is_demo=bool(log.is_demo),
        )
        leads += 1
    return {**log.finish(), "leads": leads}


# ---- status ---------------------------------------------------------------------------------
def get_lead(session: Session, lead_id: int) -> MarketLead:
    lead = session.get(MarketLead, lead_id)
    if lead is None:
        raise NotFoundError(f"未找到线索 {lead_id}")
    return lead


def act_lead(
    session: Session,
    settings: Settings,
    lead_id: int,
    action: str,
    *,
    actor: str,
    role: str,
    note: str | None = None,
    at: dt.datetime | dt.date | None = None,
    expected_version: int | None = None,
) -> dict[str, Any]:
    """check (核查) / exclude (排除, reason required) / file (转立案 → a protection case)."""
    from ipatlas.workflow import Actor, act, get_instance

    lead = get_lead(session, lead_id)
    assert lead.instance_id is not None
    lead_definition()
    who = Actor(actor, role)
    if action == "file":
        inst = get_instance(session, lead.instance_id)
        if inst.state != "checking":
            act(
                session,
                lead.instance_id,
                action,
                actor=who,
                at=at,
                note=note,
                expected_version=expected_version,
            )
        case = _create_case(session, settings, lead, actor)
        number = str(case.get("number") or case.get("id"))
        act(
            session,
            lead.instance_id,
            "file",
            actor=who,
            at=at,
            note=note or f"转立案：{number}",
            fields={"case": number},
            expected_version=expected_version,
        )
        lead.case_id = number
    else:
        act(session, lead.instance_id, action, actor=who, at=at, note=note, expected_version=expected_version)
        if action == "exclude":
            lead.reason = note
    lead.status = get_instance(session, lead.instance_id).state_label
    lead.updated_at = utcnow()
    session.flush()
    return lead_dict(lead)


def _create_case(session: Session, settings: Settings, lead: MarketLead, actor: str) -> dict[str, Any]:
    """转立案: register a protection case (channel ``lead``) through the protection package."""
    try:
        from ipatlas.protection.intake import create_case  # type: ignore[import-not-found,unused-ignore]
    except ImportError:
        raise ConfigError("保护案件模块（ipatlas.protection）不可用，无法转立案") from None
    entity = session.get(MarketEntity, lead.code) if lead.code else None
    findings = [
        str(e.get("finding") or e.get("reason") or e.get("explain") or e.get("text") or "")
        for e in lead.evidence
    ]
    claimed = next((str(e["claimed"]) for e in lead.evidence if e.get("claimed")), None)
    fields = {
        "kind": "report",
        "ip_type": rule(lead.rule_id or "manual").get("ip_type", "patent"),
        "channel": "lead",
        "received_at": dt.datetime.now().replace(microsecond=0),
        "complainant": {"name": "市场监管线索池", "type": "organisation"},
        "respondent": {
            "name": lead.name,
            "type": "enterprise",
            **({"uscc": lead.code} if lead.code else {}),
            **({"address": entity.address} if entity is not None and entity.address else {}),
        },
        "right": {"number": claimed} if claimed else {},
        "facts": f"{lead.title}。" + "；".join(f for f in findings if f),
        "client_token": f"market_lead:{lead.id}",
        "is_demo": lead.is_demo,
    }
    case: dict[str, Any] = create_case(session, settings, fields, actor=actor)
    return case


def lead_dict(lead: MarketLead) -> dict[str, Any]:
    return {
        "id": lead.id,
        "title": lead.title,
        "name": lead.name,
        "code": lead.code,
        "adcode": lead.adcode,
        "sources": list(lead.sources),
        "rule_id": lead.rule_id,
        "score": lead.score,
        "status": lead.status,
        "reason": lead.reason,
        "case_id": lead.case_id,
        "evidence": list(lead.evidence),
        "created_at": lead.created_at.isoformat(timespec="seconds"),
        "is_demo": lead.is_demo,
    }


def list_leads(
    session: Session,
    *,
    status: str | None = None,
    source: str | None = None,
    adcode: str | None = None,
    limit: int = 100,
    offset: int = 0,
) -> dict[str, Any]:
    q = select(MarketLead)
    if status:
        q = q.where(MarketLead.status == status)
    if adcode:
        q = q.where(MarketLead.adcode == adcode)
    rows = session.scalars(q.order_by(MarketLead.score.desc(), MarketLead.id)).all()
    if source:
        rows = [r for r in rows if source in r.sources]
    return {"total": len(rows), "items": [lead_dict(r) for r in rows[offset : offset + limit]]}


def lead_detail(session: Session, lead_id: int) -> dict[str, Any]:
    from ipatlas.workflow import available_actions, timeline

    lead = get_lead(session, lead_id)
    out = lead_dict(lead)
    if lead.instance_id is not None:
        lead_definition()
        out["timeline"] = [
            {
                "at": e.at.isoformat(timespec="seconds"),
                "actor": e.actor,
                "action": e.action_label,
                "note": e.note,
            }
            for e in timeline(session, lead.instance_id)
        ]
        out["actions"] = [
            {"id": a.id, "label": a.label} for a in available_actions(session, lead.instance_id)
        ]
    return out


def lead_stats(session: Session) -> dict[str, Any]:
    """Leads by source and status, and the conversion rate (转立案 / 已办结)."""
    by: dict[str, dict[str, int]] = {}
    for lead in session.scalars(select(MarketLead)):
        for s in lead.sources:
            d = by.setdefault(s, {"total": 0, "待核查": 0, "核查中": 0, "转立案": 0, "排除": 0})
            d["total"] += 1
            d[lead.status] = d.get(lead.status, 0) + 1
    for d in by.values():
        closed = d["转立案"] + d["排除"]
        d["conversion"] = round(d["转立案"] / closed, 3) if closed else None  # type: ignore[assignment]
    return {"by_source": by, "labels": lead_rules()["sources"]}
