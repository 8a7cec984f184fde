"""Credit events, grading (信用分级分类), the serious-violation list and 信用修复.

Grading rules are data (``rules/credit.yaml``): versions with effective dates, each rule a
grade, a condition (events of given types within N years, or a flag) and its basis. One
compiler (:func:`grading_sql`) turns a version into DuckDB SQL over three inputs — ``entities``
(code), ``events`` (id, code, event_type, right_kind, wilful, decided_on) and ``serious``
(code, listed_on, until, removed_on) — so the grade of one entity (with its reasons) and of a
million entities come from the same query.

Repeat infringer (重复侵权): an infringement event (``infringement: true`` types) of a right kind
listed under ``repeat_infringer`` whose decision date is within ``window_years`` of an earlier one
of the same kind — later ≤ earlier + 5 years, the anniversary included (DuckDB date + INTERVAL,
29 Feb → 28 Feb) — flags the entity from the later decision for ``flag_years``.
"""

from __future__ import annotations

import datetime as dt
import functools
import hashlib
from importlib import resources
from pathlib import Path
from typing import Any

import duckdb
import pyarrow as pa
import yaml
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from ipatlas.errors import InputError, NotFoundError
from ipatlas.market.entities import check_code, get_entity
from ipatlas.market.models import CreditEvent, CreditRepair, MarketEntity, SeriousListEntry
from ipatlas.market.names import name_keys
from ipatlas.market.tabular import ImportLog, read_rows

COLUMNS = ["统一社会信用代码", "名称", "事件类型", "违法行为", "决定日期", "决定文号", "决定机关", "金额"]
REQUIRED = ["名称", "事件类型", "决定日期"]


# ---- rules ------------------------------------------------------------------------------------
@functools.cache
def load_rules(path: str | None = None) -> dict[str, Any]:
    text = (
        Path(path).read_text("utf-8")
        if path
        else resources.files("ipatlas.market").joinpath("rules/credit.yaml").read_text("utf-8")
    )
    rules: dict[str, Any] = yaml.safe_load(text)
    _validate(rules, path or "rules/credit.yaml")
    return rules


def _validate(rules: dict[str, Any], where: str) -> None:
    types = rules.get("event_types") or {}
    last_end: dt.date | None = None
    for v in rules.get("versions", []):
        for key in ("id", "effective_from", "source", "default", "levels", "rules"):
            if key not in v:
                raise InputError(f"信用分级规则版本缺少 {key}", file=where, field=key)
        if last_end is not None and v["effective_from"] != last_end:
            raise InputError(
                f"规则版本 {v['id']} 的生效日期与上一版本的失效日期不衔接", file=where, field="effective_from"
            )
        last_end = v.get("effective_to")
        for r in v["rules"]:
            if r["grade"] not in v["levels"]:
                raise InputError(
                    f"规则 {r['id']} 的等级 {r['grade']} 不在 levels 中", file=where, field="grade"
                )
            if "flag" not in r and not r.get("events"):
                raise InputError(f"规则 {r['id']} 既无 flag 也无 events", file=where, field="rules")
            for t in r.get("events", []):
                if t not in types:
                    raise InputError(f"规则 {r['id']} 引用了未定义的事件类型 {t}", file=where, field="events")


def rule_version(as_of: dt.date, rules: dict[str, Any] | None = None) -> dict[str, Any]:
    rules = rules or load_rules()
    for v in rules["versions"]:
        end = v.get("effective_to")
        if v["effective_from"] <= as_of and (end is None or as_of < end):
            return v  # type: ignore[no-any-return]
    raise InputError(
        f"{as_of.isoformat()} 没有生效的信用分级规则（最早 {rules['versions'][0]['effective_from']}）",
        field="as_of",
    )


def right_kind(violation: str | None, rules: dict[str, Any] | None = None) -> str | None:
    rules = rules or load_rules()
    text = violation or ""
    for kind, words in rules["right_kinds"].items():
        if any(w in text for w in words):
            return str(kind)
    return None


def is_wilful(violation: str | None, rules: dict[str, Any] | None = None) -> bool:
    rules = rules or load_rules()
    return any(w in (violation or "") for w in rules["wilful_words"])


def _sql_list(values: list[str]) -> str:
    return "(" + ", ".join("'" + v.replace("'", "''") + "'" for v in values) + ")"


def grading_sql(version: dict[str, Any], rules: dict[str, Any], *, detail: bool = False) -> str:
    """DuckDB SQL grading every row of ``entities`` as of ``$as_of`` (a DATE parameter)."""
    types = rules["event_types"]
    infringement = [t for t, d in types.items() if d.get("infringement")]
    rep = rules["repeat_infringer"]
    cols = []
    conds: list[tuple[dict[str, Any], str]] = []
    for i, r in enumerate(version["rules"]):
        if r.get("flag") == "serious_list":
            cond = "s.code IS NOT NULL"
        elif r.get("flag") == "repeat_infringer":
            cond = "rp.code IS NOT NULL"
        elif r.get("flag") == "wilful":
            cols.append(
                f"count(*) FILTER (WHERE e.wilful"
                f" AND e.decided_on > $as_of - INTERVAL {int(r['within_years'])} YEAR) AS c{i}"
            )
            cond = f"coalesce(a.c{i}, 0) > 0"
        else:
            cols.append(
                f"count(*) FILTER (WHERE e.event_type IN {_sql_list(r['events'])}"
                f" AND e.decided_on > $as_of - INTERVAL {int(r['within_years'])} YEAR) AS c{i}"
            )
            cond = f"coalesce(a.c{i}, 0) >= {int(r.get('min_count', 1))}"
        conds.append((r, cond))
    agg_cols = ", ".join(cols) if cols else "count(*) AS c_all"
    grade = (
        "CASE "
        + " ".join(f"WHEN {c} THEN '{r['grade']}'" for r, c in conds)
        + f" ELSE '{version['default']}' END"
    )
    fired = ""
    if detail:
        fired = ", " + ", ".join(f"({c}) AS r{i}" for i, (_r, c) in enumerate(conds))
    return f"""
    WITH e AS (SELECT * FROM events WHERE code IS NOT NULL AND decided_on <= $as_of),
    a AS (SELECT code, {agg_cols} FROM e GROUP BY code),
    inf AS (
      SELECT code, decided_on,
        lag(decided_on) OVER (PARTITION BY code, right_kind ORDER BY decided_on, id) AS prev
      FROM e WHERE event_type IN {_sql_list(infringement)} AND right_kind IN {_sql_list(rep["right_kinds"])}
    ),
    rp AS (
      SELECT code, max(decided_on) AS last_repeat FROM inf
      WHERE prev IS NOT NULL AND decided_on <= prev + INTERVAL {int(rep["window_years"])} YEAR
        AND $as_of <= decided_on + INTERVAL {int(rep["flag_years"])} YEAR
      GROUP BY code
    ),
    s AS (
      SELECT code, min(listed_on) AS listed_on, max(until) AS until FROM serious
      WHERE listed_on <= $as_of AND $as_of < until AND (removed_on IS NULL OR $as_of < removed_on)
      GROUP BY code
    )
    SELECT ent.code, {grade} AS grade, rp.code IS NOT NULL AS repeat_infringer,
      s.code IS NOT NULL AS serious_list{fired}
    FROM entities ent LEFT JOIN a ON a.code = ent.code LEFT JOIN rp ON rp.code = ent.code
    LEFT JOIN s ON s.code = ent.code
    """


def grade_tables(
    entities: pa.Table,
    events: pa.Table,
    serious: pa.Table,
    as_of: dt.date,
    *,
    detail: bool = False,
    con: duckdb.DuckDBPyConnection | None = None,
) -> pa.Table:
    """Grades of ``entities`` as of ``as_of`` (Arrow in, Arrow out)."""
    rules = load_rules()
    version = rule_version(as_of, rules)
    own = con is None
    con = con or duckdb.connect()
    try:
        con.register("entities", entities)
        con.register("events", events)
        con.register("serious", serious)
        return con.sql(grading_sql(version, rules, detail=detail), params={"as_of": as_of}).to_arrow_table()
    finally:
        if own:
            con.close()


EVENT_SCHEMA = pa.schema(
    [
        ("id", pa.int64()),
        ("code", pa.string()),
        ("event_type", pa.string()),
        ("right_kind", pa.string()),
        ("wilful", pa.bool_()),
        ("decided_on", pa.date32()),
    ]
)
SERIOUS_SCHEMA = pa.schema(
    [("code", pa.string()), ("listed_on", pa.date32()), ("until", pa.date32()), ("removed_on", pa.date32())]
)


def _event_rows(session: Session, codes: list[str] | None) -> pa.Table:
    q = select(
        CreditEvent.id,
        CreditEvent.code,
        CreditEvent.event_type,
        CreditEvent.right_kind,
        CreditEvent.violation,
        CreditEvent.decided_on,
    ).where(CreditEvent.code.is_not(None))
    if codes is not None:
        q = q.where(CreditEvent.code.in_(codes))
    rules = load_rules()
    rows = session.execute(q).all()
    return pa.Table.from_pylist(
        [
            {
                "id": r[0],
                "code": r[1],
                "event_type": r[2],
                "right_kind": r[3],
                "wilful": is_wilful(r[4], rules),
                "decided_on": r[5],
            }
            for r in rows
        ],
        schema=EVENT_SCHEMA,
    )


def _serious_rows(session: Session, codes: list[str] | None) -> pa.Table:
    q = select(
        SeriousListEntry.code, SeriousListEntry.listed_on, SeriousListEntry.until, SeriousListEntry.removed_on
    )
    if codes is not None:
        q = q.where(SeriousListEntry.code.in_(codes))
    return pa.Table.from_pylist(
        [dict(zip(SERIOUS_SCHEMA.names, r, strict=True)) for r in session.execute(q).all()],
        schema=SERIOUS_SCHEMA,
    )


def _check_as_of(as_of: dt.date | None) -> dt.date:
    today = dt.date.today()
    if as_of is None:
        return today
    if as_of > today:
        raise InputError(f"查询日期 {as_of.isoformat()} 晚于今天，无法给出未来的等级", field="as_of")
    return as_of


def credit_show(session: Session, code: str, as_of: dt.date | None = None) -> dict[str, Any]:
    """{"code","name","grade","repeat_infringer","serious_list","reasons":[...]} as of a date."""
    day = _check_as_of(as_of)
    entity = get_entity(session, code)
    rules = load_rules()
    version = rule_version(day, rules)
    ent = pa.table({"code": pa.array([entity.code], pa.string())})
    row = grade_tables(
        ent, _event_rows(session, [entity.code]), _serious_rows(session, [entity.code]), day, detail=True
    ).to_pylist()[0]
    events = session.scalars(
        select(CreditEvent)
        .where(CreditEvent.code == entity.code, CreditEvent.decided_on <= day)
        .order_by(CreditEvent.decided_on)
    ).all()
    reasons = []
    for i, r in enumerate(version["rules"]):
        if not row[f"r{i}"]:
            continue
        reason: dict[str, Any] = {
            "rule": r["id"],
            "grade": r["grade"],
            "text": r["explain"],
            "rule_version": version["id"],
        }
        if r.get("flag") == "repeat_infringer":
            reason["basis"] = rules["repeat_infringer"]["basis"]
            reason["events"] = [
                _event_brief(e)
                for e in events
                if e.right_kind in rules["repeat_infringer"]["right_kinds"]
                and rules["event_types"][e.event_type].get("infringement")
            ]
        elif r.get("flag") == "serious_list":
            reason["basis"] = rules["serious_list"]["basis"]
        else:
            reason["basis"] = version["source"]
            lo = _years_before(day, int(r.get("within_years", 0)))
            if r.get("flag") == "wilful":
                reason["events"] = [
                    _event_brief(e) for e in events if e.decided_on > lo and is_wilful(e.violation, rules)
                ]
            else:
                reason["events"] = [
                    _event_brief(e) for e in events if e.decided_on > lo and e.event_type in r["events"]
                ]
        reasons.append(reason)
    return {
        "code": entity.code,
        "name": entity.name,
        "as_of": day.isoformat(),
        "grade": row["grade"],
        "grade_label": version["levels"][row["grade"]],
        "repeat_infringer": bool(row["repeat_infringer"]),
        "serious_list": bool(row["serious_list"]),
        "rule_version": version["id"],
        "reasons": reasons
        or [
            {
                "rule": "default",
                "grade": version["default"],
                "text": "无影响等级的记录，按默认等级",
                "rule_version": version["id"],
                "basis": version["source"],
            }
        ],
        "events": [_event_brief(e) for e in events],
        "is_demo": entity.is_demo,
    }


def _years_before(day: dt.date, years: int) -> dt.date:
    try:
        return day.replace(year=day.year - years)
    except ValueError:  # 29 February
        return day.replace(year=day.year - years, day=28)


def _event_brief(e: CreditEvent) -> dict[str, Any]:
    return {
        "id": e.id,
        "event_type": e.event_type,
        "violation": e.violation,
        "decided_on": e.decided_on.isoformat(),
        "doc_no": e.doc_no,
        "authority": e.authority,
        "amount": e.amount,
        "right_kind": e.right_kind,
    }


def grade_all(session: Session, as_of: dt.date | None = None) -> pa.Table:
    """Every registered entity's grade as of a date (code, grade, repeat_infringer, serious_list)."""
    day = _check_as_of(as_of)
    codes = [c for (c,) in session.execute(select(MarketEntity.code)).all()]
    ent = pa.table({"code": pa.array(codes, pa.string())})
    return grade_tables(ent, _event_rows(session, None), _serious_rows(session, None), day)


# ---- import -----------------------------------------------------------------------------------
def _amount(text: str) -> float | None:
    t = text.replace(",", "").replace("，", "").replace("元", "").strip()
    if not t:
        return None
    mult = 10000.0 if t.endswith("万") else 1.0
    t = t.removesuffix("万")
    value = float(t) * mult
    if value < 0:
        raise ValueError("金额不能为负数")
    return value


def import_events(
    session: Session, path: Path, *, actor: str = "cli", is_demo: bool | None = None
) -> dict[str, Any]:
    """Import credit events; an event for an unknown entity is kept unlinked (listed for review)."""
    rules = load_rules()
    types = rules["event_types"]
    log = ImportLog(session, "credit", Path(path), actor, is_demo)
    today = dt.date.today()
    known_keys = set()
    pending: list[CreditEvent] = []
    for row_no, r in read_rows(log.path, REQUIRED, [c for c in COLUMNS if c not in REQUIRED]):
        log.read += 1
        claimed = r.get("统一社会信用代码", "")
        code: str | None = None
        if claimed:
            try:
                code = check_code(claimed)
            except ValueError as exc:
                log.quarantine(row_no, "统一社会信用代码", claimed, str(exc))
                continue
        if not r["名称"] and not code:
            log.quarantine(row_no, "名称", "", "名称与统一社会信用代码均为空")
            continue
        etype = r["事件类型"]
        if etype not in types:
            log.quarantine(row_no, "事件类型", etype, f"未知的事件类型（可选：{'、'.join(types)}）")
            continue
        ok, decided_on = log.past_date(row_no, r, "决定日期", today, required=True)
        if not ok or decided_on is None:
            continue
        decided = decided_on
        try:
            amount = _amount(r.get("金额", ""))
        except ValueError:
            log.quarantine(row_no, "金额", r.get("金额"), "金额应为非负数（元）")
            continue
        who = code or (name_keys([r["名称"]])[0].as_py() or r["名称"])
        key = hashlib.sha256(
            "\x1f".join([etype, r.get("决定文号", ""), who, decided.isoformat()]).encode()
        ).hexdigest()
        if key in known_keys:
            log.duplicates += 1
            continue
        known_keys.add(key)
        violation = r.get("违法行为") or None
        pending.append(
            CreditEvent(
                event_key=key,
                code=None,
                claimed_code=code,
                name=r["名称"],
                event_type=etype,
                right_kind=right_kind(violation, rules),
                violation=violation,
                decided_on=decided,
                doc_no=r.get("决定文号") or None,
                authority=r.get("决定机关") or None,
                amount=amount,
                source="import",
                import_id=log.import_id,
                is_demo=bool(log.is_demo),
            )
        )
    stored = set()
    keys = [p.event_key for p in pending]
    for i in range(0, len(keys), 500):
        stored |= set(
            session.scalars(select(CreditEvent.event_key).where(CreditEvent.event_key.in_(keys[i : i + 500])))
        )
    new = [p for p in pending if p.event_key not in stored]
    log.duplicates += len(pending) - len(new)
    log.loaded += len(new)
    _link(session, new)
    session.add_all(new)
    session.flush()
    for ev in new:
        if ev.code and types[ev.event_type].get("serious_list"):
            _list_serious(session, ev, rules)
    summary = log.finish()
    summary["unlinked"] = sum(1 for e in new if e.code is None)
    return summary


def _link(session: Session, events: list[CreditEvent]) -> None:
    """Link events to registered entities by code, else by a unique name key."""
    claimed = {e.claimed_code for e in events if e.claimed_code}
    known: set[str] = set()
    cl = sorted(claimed)
    for i in range(0, len(cl), 500):
        known |= set(session.scalars(select(MarketEntity.code).where(MarketEntity.code.in_(cl[i : i + 500]))))
    unnamed = [e for e in events if not e.claimed_code]
    by_key: dict[str, set[str]] = {}
    if unnamed:
        keys = sorted({k for k in name_keys([e.name for e in unnamed]).to_pylist() if k})
        for i in range(0, len(keys), 500):
            for c, k in session.execute(
                select(MarketEntity.code, MarketEntity.name_key).where(
                    MarketEntity.name_key.in_(keys[i : i + 500])
                )
            ):
                by_key.setdefault(k, set()).add(c)
    for e in events:
        if e.claimed_code:
            e.code = e.claimed_code if e.claimed_code in known else None
        else:
            cands = by_key.get(name_keys([e.name])[0].as_py() or "", set())
            e.code = next(iter(cands)) if len(cands) == 1 else None


def relink_events(session: Session) -> dict[str, int]:
    """Link the unlinked events again (after an entity import)."""
    events = list(session.scalars(select(CreditEvent).where(CreditEvent.code.is_(None))))
    _link(session, events)
    rules = load_rules()
    for ev in events:
        if ev.code and rules["event_types"][ev.event_type].get("serious_list"):
            _list_serious(session, ev, rules)
    session.flush()
    return {"checked": len(events), "linked": sum(1 for e in events if e.code)}


def unlinked_events(session: Session, limit: int = 200) -> list[dict[str, Any]]:
    q = (
        select(CreditEvent)
        .where(CreditEvent.code.is_(None))
        .order_by(CreditEvent.decided_on.desc())
        .limit(limit)
    )
    return [{**_event_brief(e), "name": e.name, "claimed_code": e.claimed_code} for e in session.scalars(q)]


def link_event(session: Session, event_id: int, code: str, *, actor: str) -> dict[str, Any]:
    ev = session.get(CreditEvent, event_id)
    if ev is None:
        raise NotFoundError(f"未找到信用事件 {event_id}")
    entity = get_entity(session, code)
    from ipatlas.store.workflow import record_audit

    record_audit(
        session,
        actor=None,
        object_type="credit_event",
        object_id=event_id,
        action="link",
        before={"code": ev.code},
        after={"code": entity.code, "by": actor},
    )
    ev.code = entity.code
    rules = load_rules()
    if rules["event_types"][ev.event_type].get("serious_list"):
        _list_serious(session, ev, rules)
    session.flush()
    return {**_event_brief(ev), "code": ev.code}


# ---- serious list and repair ---------------------------------------------------------------
def _add_years(day: dt.date, years: int) -> dt.date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:
        return day.replace(year=day.year + years, day=28)


def _list_serious(session: Session, ev: CreditEvent, rules: dict[str, Any]) -> None:
    if session.scalar(select(SeriousListEntry.id).where(SeriousListEntry.event_id == ev.id)) is not None:
        return
    sl = rules["serious_list"]
    assert ev.code is not None
    session.add(
        SeriousListEntry(
            code=ev.code,
            listed_on=ev.decided_on,
            until=_add_years(ev.decided_on, int(sl["period_years"])),
            reason=ev.violation or ev.event_type,
            measures=list(sl["measures"]),
            event_id=ev.id,
            is_demo=ev.is_demo,
        )
    )
    session.flush()


def _entry_in_force(session: Session, code: str, on: dt.date) -> SeriousListEntry | None:
    return session.scalars(
        select(SeriousListEntry)
        .where(
            SeriousListEntry.code == code,
            SeriousListEntry.listed_on <= on,
            SeriousListEntry.until > on,
            SeriousListEntry.removed_on.is_(None),
        )
        .order_by(SeriousListEntry.listed_on)
    ).first()


def apply_repair(
    session: Session, code: str, *, applied_on: dt.date, statement: str, actor: str
) -> dict[str, Any]:
    """信用修复 application: the entity must be on the list, listed at least ``repair_after_years``."""
    norm = check_code_or_error(code)
    entry = _entry_in_force(session, norm, applied_on)
    if entry is None:
        raise InputError(
            f"{norm} 不在严重违法失信名单上（{applied_on.isoformat()}），无需也不能申请信用修复",
            field="统一社会信用代码",
        )
    years = int(load_rules()["serious_list"]["repair_after_years"])
    earliest = _add_years(entry.listed_on, years)
    if applied_on < earliest:
        raise InputError(
            f"列入名单满 {years} 年（{earliest.isoformat()}）后方可申请提前移出", field="applied_on"
        )
    open_ = session.scalar(
        select(CreditRepair.id).where(CreditRepair.entry_id == entry.id, CreditRepair.status == "已申请")
    )
    if open_ is not None:
        raise InputError(f"已有待审核的信用修复申请 {open_}", field="统一社会信用代码")
    rep = CreditRepair(
        entry_id=entry.id, code=norm, applied_on=applied_on, status="已申请", statement=statement, by=actor
    )
    session.add(rep)
    session.flush()
    from ipatlas.workflow import start

    inst = start(
        session,
        repair_definition(),
        subject_type="credit_repair",
        subject_id=rep.id,
        actor=actor,
        at=applied_on,
        data={"code": norm, "entry_id": entry.id},
    )
    rep.instance_id = inst.id
    rep.status = inst.state_label
    session.flush()
    return _repair_dict(rep)


def repair_definition() -> Any:
    """The ``credit_repair`` workflow (申请 → 准予移出 / 不予修复, 15-working-day decision clock)."""
    from ipatlas.workflow import load_definition

    path = resources.files("ipatlas.market").joinpath("workflows/credit_repair.yaml")
    return load_definition(Path(str(path)))


def review_repair(
    session: Session,
    repair_id: int,
    *,
    approve: bool,
    on: dt.date,
    actor: str,
    role: str = "approver",
    note: str | None = None,
) -> dict[str, Any]:
    """Decide a repair through the workflow engine; approval removes the entry from the list."""
    from ipatlas.workflow import Actor, act, get_instance

    rep = session.get(CreditRepair, repair_id)
    if rep is None or rep.instance_id is None:
        raise NotFoundError(f"未找到信用修复申请 {repair_id}")
    if on < rep.applied_on:
        raise InputError("审核日期早于申请日期", field="on")
    repair_definition()
    act(
        session,
        rep.instance_id,
        "approve" if approve else "refuse",
        actor=Actor(actor, role),
        at=on,
        note=note,
    )
    rep.status = get_instance(session, rep.instance_id).state_label
    rep.reviewer, rep.decided_on, rep.note = actor, on, note
    if approve:
        entry = session.get(SeriousListEntry, rep.entry_id)
        assert entry is not None
        entry.removed_on, entry.removal_reason = on, f"信用修复（申请 {rep.id}）"
    session.flush()
    return _repair_dict(rep)


def _repair_dict(r: CreditRepair) -> dict[str, Any]:
    return {
        "id": r.id,
        "instance_id": r.instance_id,
        "code": r.code,
        "entry_id": r.entry_id,
        "applied_on": r.applied_on.isoformat(),
        "status": r.status,
        "reviewer": r.reviewer,
        "decided_on": r.decided_on.isoformat() if r.decided_on else None,
        "note": r.note,
    }


def check_code_or_error(code: str) -> str:
    try:
        return check_code(code)
    except ValueError as exc:
        raise InputError(str(exc), field="统一社会信用代码") from None


def disclosure_list(session: Session, on: dt.date | None = None) -> list[dict[str, Any]]:
    """The public list (portal): entries in force on ``on`` — expired or repaired entries drop out.
    No personal data: names of legal representatives are not included."""
    day = on or dt.date.today()
    q = (
        select(SeriousListEntry, MarketEntity.name)
        .join(MarketEntity, MarketEntity.code == SeriousListEntry.code)
        .where(
            SeriousListEntry.listed_on <= day,
            SeriousListEntry.until > day,
            SeriousListEntry.removed_on.is_(None),
        )
        .order_by(SeriousListEntry.listed_on.desc(), SeriousListEntry.code)
    )
    return [
        {
            "code": e.code,
            "name": name,
            "listed_on": e.listed_on.isoformat(),
            "until": e.until.isoformat(),
            "reason": e.reason,
            "measures": list(e.measures),
            "is_demo": e.is_demo,
        }
        for e, name in session.execute(q).all()
    ]


def event_counts(session: Session) -> dict[str, int]:
    return {
        t: n
        for t, n in session.execute(
            select(CreditEvent.event_type, func.count()).group_by(CreditEvent.event_type)
        )
    }


def credit_events_years(session: Session) -> int | None:
    """Year of the earliest linked event (None when there is none)."""
    first = session.scalar(select(func.min(CreditEvent.decided_on)).where(CreditEvent.code.is_not(None)))
    return first.year if first else None


# ---- events from protection decisions ---------------------------------------------------------
DECISION_EVENT_TYPES = {"penalty": "行政处罚", "adjudicated": "行政裁决侵权成立"}


def events_from_decisions(decisions: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Credit events from ``ipatlas.protection.publication.public_decisions`` records (penalties
    and adjudications that found infringement; dismissed cases are no event)."""
    out = []
    for d in decisions:
        etype = DECISION_EVENT_TYPES.get(str(d.get("outcome")))
        if etype is None or not d.get("decided_on"):
            continue
        party = d.get("respondent") or {}
        claimed = None
        if party.get("uscc"):
            try:
                claimed = check_code(str(party["uscc"]))
            except ValueError:
                claimed = None
        kind = d.get("ip_type") if d.get("ip_type") in ("patent", "trademark", "gi") else None
        out.append(
            {
                "event_key": hashlib.sha256(
                    f"protection|{d.get('case_number')}|{etype}".encode()
                ).hexdigest(),
                "claimed_code": claimed,
                "name": party.get("name") or "（未具名）",
                "event_type": etype,
                "right_kind": kind,
                "violation": "{}侵权（{}）".format(
                    d.get("ip_type_label") or "", d.get("basis") or d.get("kind_label") or "保护案件决定"
                ),
                "decided_on": dt.date.fromisoformat(str(d["decided_on"])),
                "doc_no": d.get("case_number"),
                "authority": "本局",
                "amount": d.get("penalty_amount"),
                "is_demo": bool(d.get("is_demo")),
            }
        )
    return out


def import_protection_decisions(session: Session) -> dict[str, Any]:
    """Take the office's own decisions (issue 12's protection package) into the credit events."""
    try:
        from ipatlas.protection.publication import public_decisions  # type: ignore[import-not-found,unused-ignore]
    except ImportError:
        from ipatlas.errors import ConfigError

        raise ConfigError("保护案件模块（ipatlas.protection）不可用，无法读取处理决定") from None
    return store_decision_events(session, events_from_decisions(public_decisions(session)))


def store_decision_events(session: Session, rows: list[dict[str, Any]]) -> dict[str, Any]:
    keys = [r["event_key"] for r in rows]
    stored: set[str] = set()
    for i in range(0, len(keys), 500):
        stored |= set(
            session.scalars(select(CreditEvent.event_key).where(CreditEvent.event_key.in_(keys[i : i + 500])))
        )
    new = [CreditEvent(code=None, source="protection", **r) for r in rows if r["event_key"] not in stored]
    _link(session, new)
    session.add_all(new)
    session.flush()
    return {"read": len(rows), "loaded": len(new), "duplicates": len(rows) - len(new), "quarantined": 0,
            "unlinked": sum(1 for e in new if e.code is None)}  # fmt: skip


def infringer_disclosure(session: Session, on: dt.date | None = None) -> list[dict[str, Any]]:
    """重复侵权、故意侵权 entities to publish (portal): flagged on ``on`` by the rules in force; a flag
    whose period ended drops out by itself. Entity name and code only — no personal data."""
    day = _check_as_of(on)
    rules = load_rules()
    version = rule_version(day, rules)
    codes = [c for (c,) in session.execute(select(MarketEntity.code)).all()]
    ent = pa.table({"code": pa.array(codes, pa.string())})
    rows = grade_tables(
        ent, _event_rows(session, None), _serious_rows(session, None), day, detail=True
    ).to_pylist()
    idx = {r.get("flag"): i for i, r in enumerate(version["rules"]) if r.get("flag")}
    names = dict(session.execute(select(MarketEntity.code, MarketEntity.name)).all())
    out = []
    for r in rows:
        flags = [label for flag, label in (("repeat_infringer", "重复侵权"), ("wilful", "故意侵权"))
                 if flag in idx and r[f"r{idx[flag]}"]]  # fmt: skip
        if flags:
            out.append({"code": r["code"], "name": names.get(r["code"]), "flags": flags, "grade": r["grade"]})
    return sorted(out, key=lambda x: x["code"])
