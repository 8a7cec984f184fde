"""Entity resolution: link the resource base's applicant/holder names to market entities.

Each distinct name (per source) is matched, column-wise in DuckDB, against the registry in this
order; the first rule that finds candidates decides:

======== ========== ==================================================================
priority method     match
======== ========== ==================================================================
1        exact      the name as written equals the entity's current name
2        normalised the name keys are equal (``ipatlas.market.names``: full/half width,
                    brackets, punctuation, 股份有限公司/有限责任公司/有限公司)
3        former     the name key equals the key of one of the entity's 曾用名
4        branch     a branch (…公司XX分公司) whose company key equals an entity's key
5        branch_former  the same against a 曾用名
======== ========== ==================================================================

One candidate → a link with the rule's confidence; several → ``ambiguous`` (no link, listed
for an analyst). An analyst's ``confirm`` (name → code) overrides the rules, a ``split``
(name is not code) removes that candidate; both are kept by name key, so they survive
re-imports of the registry and re-runs of the resolution.
"""

from __future__ import annotations

from typing import Any

import duckdb
import pyarrow as pa
from sqlalchemy import delete, insert, select
from sqlalchemy.orm import Session

from ipatlas.config import Settings
from ipatlas.errors import InputError
from ipatlas.market.entities import get_entity
from ipatlas.market.models import MarketEntity, MarketLink, MarketLinkDecision
from ipatlas.market.names import branch_parents, name_keys
from ipatlas.store.models import utcnow

METHODS = {
    "exact": (1, 1.0, "名称完全一致"),
    "normalised": (2, 0.95, "规范化后一致（全半角、括号、公司形式）"),
    "former": (3, 0.85, "与曾用名一致"),
    "branch": (4, 0.8, "分支机构归属总公司"),
    "branch_former": (5, 0.7, "分支机构归属总公司（曾用名）"),
}
METHOD_LABELS = {
    **{k: v[2] for k, v in METHODS.items()},
    "confirmed": "分析员确认",
    "ambiguous": "多个候选，待确认",
    "none": "未匹配",
}


def _fact_parties_sql() -> str:
    """Names of the parties of the operation and registration fact tables (pledgors, pledgees,
    licensors, licensees, transferors, transferees, insured, subsidy recipients, borrowers, banks,
    copyright and variety holders), as declared in ``ipatlas.store.fact_tables``."""
    from ipatlas.store.fact_tables import FACT_TABLES

    parts = [f"SELECT {p.column} AS n FROM {t.table}" for t in FACT_TABLES.values() for p in t.parties]
    return (
        f"SELECT n AS name, count(*) AS records FROM ({' UNION ALL '.join(parts)})"
        " WHERE n IS NOT NULL AND n <> '' GROUP BY n"
    )


# Sources of names in the lake: (source, SQL over the lake views giving name, records).
LAKE_SOURCES = {
    "patents": "SELECT a AS name, count(*) AS records FROM (SELECT unnest(applicants) AS a FROM patents)"
    " WHERE a IS NOT NULL AND a <> '' GROUP BY a",
    "trademarks": "SELECT owner AS name, count(*) AS records FROM trademarks"
    " WHERE owner IS NOT NULL AND owner <> '' GROUP BY owner",
    "operations": _fact_parties_sql(),
}


def entity_table(session: Session) -> pa.Table:
    rows = session.execute(select(MarketEntity.code, MarketEntity.name, MarketEntity.former_names)).all()
    return pa.table(
        {
            "code": pa.array([r[0] for r in rows], pa.string()),
            "name": pa.array([r[1] for r in rows], pa.string()),
            "former_names": pa.array([list(r[2] or []) for r in rows], pa.list_(pa.string())),
        }
    )


def decisions_table(session: Session) -> pa.Table:
    rows = session.execute(
        select(MarketLinkDecision.name_key, MarketLinkDecision.code, MarketLinkDecision.decision)
    ).all()
    return pa.table(
        {
            "key": pa.array([r[0] for r in rows], pa.string()),
            "code": pa.array([r[1] for r in rows], pa.string()),
            "decision": pa.array([r[2] for r in rows], pa.string()),
        }
    )


def prepare_entities(entities: pa.Table) -> tuple[pa.Table, pa.Table]:
    """(current keys, former keys) of the registry: tables (code, name, key) and (code, key)."""
    current = pa.table(
        {"code": entities["code"], "name": entities["name"], "key": name_keys(entities["name"])}
    )
    flat = entities.select(["code", "former_names"]).to_pydict()
    f_codes: list[str] = []
    f_names: list[str] = []
    for code, former in zip(flat["code"], flat["former_names"], strict=True):
        for n in former or ():
            f_codes.append(code)
            f_names.append(n)
    former_t = pa.table(
        {"code": pa.array(f_codes, pa.string()), "key": name_keys(pa.array(f_names, pa.string()))}
    )
    return current, former_t


def resolve(
    names: pa.Table,
    entities: pa.Table,
    decisions: pa.Table | None = None,
    *,
    prepared: tuple[pa.Table, pa.Table] | None = None,
) -> pa.Table:
    """Resolve ``names`` (columns source, name[, records]) against ``entities`` (code, name,
    former_names). Returns source, name, name_key, code, method, confidence, records."""
    current, former = prepared or prepare_entities(entities)
    keys = name_keys(names["name"])
    n = pa.table(
        {
            "source": names["source"],
            "name": names["name"],
            "key": keys,
            "parent": branch_parents(keys),
            "records": names["records"]
            if "records" in names.column_names
            else pa.array([0] * names.num_rows, pa.int64()),
        }
    )
    if decisions is None:
        decisions = pa.table(
            {
                "key": pa.array([], pa.string()),
                "code": pa.array([], pa.string()),
                "decision": pa.array([], pa.string()),
            }
        )
    con = duckdb.connect()
    try:
        con.register("n", n)
        con.register("cur", current)
        con.register("fmr", former)
        con.register("dec", decisions)
        confidences = "[" + ", ".join(str(v[1]) for v in METHODS.values()) + "]"
        sql = f"""
        WITH cand AS (
          SELECT n.source, n.name, cur.code, 1 AS p FROM n JOIN cur ON n.name = cur.name
          UNION ALL SELECT n.source, n.name, cur.code, 2 FROM n JOIN cur ON n.key = cur.key
          UNION ALL SELECT n.source, n.name, fmr.code, 3 FROM n JOIN fmr ON n.key = fmr.key
          UNION ALL SELECT n.source, n.name, cur.code, 4 FROM n JOIN cur ON n.parent = cur.key
          UNION ALL SELECT n.source, n.name, fmr.code, 5 FROM n JOIN fmr ON n.parent = fmr.key
        ),
        kept AS (
          SELECT cand.* FROM cand JOIN n USING (source, name)
          ANTI JOIN (SELECT key, code FROM dec WHERE decision = 'split') s
            ON s.key = n.key AND s.code = cand.code
        ),
        best AS (
          SELECT source, name, min(p) AS p FROM kept GROUP BY ALL
        ),
        pick AS (
          SELECT k.source, k.name, b.p, count(DISTINCT k.code) AS n_codes, min(k.code) AS code
          FROM kept k JOIN best b ON k.source = b.source AND k.name = b.name AND k.p = b.p GROUP BY ALL
        ),
        confirmed AS (
          SELECT key, min(code) AS code FROM dec WHERE decision = 'confirm' GROUP BY key
        )
        SELECT n.source, n.name, n.key AS name_key,
          CASE WHEN c.code IS NOT NULL THEN c.code WHEN pick.n_codes = 1 THEN pick.code END AS code,
          CASE WHEN c.code IS NOT NULL THEN 'confirmed' WHEN pick.p IS NULL THEN 'none'
               WHEN pick.n_codes > 1 THEN 'ambiguous'
               ELSE ['exact','normalised','former','branch','branch_former'][pick.p] END AS method,
          CASE WHEN c.code IS NOT NULL THEN 1.0 WHEN pick.p IS NULL THEN 0.0
               WHEN pick.n_codes > 1 THEN round(0.5 / pick.n_codes, 3)
               ELSE {confidences}[pick.p] END
               AS confidence,
          n.records
        FROM n LEFT JOIN pick ON n.source = pick.source AND n.name = pick.name
        LEFT JOIN confirmed c ON c.key = n.key
        """
        return con.sql(sql).to_arrow_table()
    finally:
        con.close()


def lake_names(settings: Settings, sources: list[str] | None = None) -> pa.Table:
    from ipatlas.store.lake import Lake

    con = Lake(settings.lake_dir).connect()
    try:
        parts = [
            con.sql(
                f"SELECT '{src}' AS source, name, records::BIGINT AS records FROM ({sql})"
            ).to_arrow_table()
            for src, sql in LAKE_SOURCES.items()
            if sources is None or src in sources
        ]
    finally:
        con.close()
    if not parts:
        raise InputError(f"未知的名称来源：{sources}（可选：{'、'.join(LAKE_SOURCES)}）", field="source")
    return pa.concat_tables(parts)


def link_lake(session: Session, settings: Settings, *, sources: list[str] | None = None) -> dict[str, Any]:
    """Resolve every applicant/holder name of the lake and store the links (replacing the
    previous run's links for those sources; analysts' decisions are kept apart and re-applied)."""
    names = lake_names(settings, sources)
    return store_links(session, resolve(names, entity_table(session), decisions_table(session)))


def store_links(session: Session, links: pa.Table) -> dict[str, Any]:
    sources = sorted(set(links["source"].to_pylist()))
    if sources:
        session.execute(delete(MarketLink).where(MarketLink.source.in_(sources)))
    now = utcnow()
    rows = links.to_pylist()
    for i in range(0, len(rows), 5000):
        session.execute(
            insert(MarketLink),
            [
                {
                    "source": r["source"],
                    "name": r["name"],
                    "name_key": r["name_key"] or r["name"],
                    "code": r["code"],
                    "method": r["method"],
                    "confidence": float(r["confidence"]),
                    "records": int(r["records"] or 0),
                    "updated_at": now,
                }
                for r in rows[i : i + 5000]
            ],
        )
    by_method: dict[str, int] = {}
    for r in rows:
        by_method[r["method"]] = by_method.get(r["method"], 0) + 1
    return {
        "names": len(rows),
        "linked": sum(1 for r in rows if r["code"]),
        "by_method": dict(sorted(by_method.items())),
        "sources": sources,
    }


def decide(
    session: Session, name: str, code: str, decision: str, *, actor: str, note: str | None = None
) -> dict[str, Any]:
    """Record an analyst's ``confirm`` or ``split`` of (name, code) and apply it to the stored links."""
    if decision not in ("confirm", "split"):
        raise InputError(f"未知的决定 {decision!r}（confirm 确认 / split 拆分）", field="decision")
    entity = get_entity(session, code)
    key = name_keys([name])[0].as_py() or name
    old = session.scalar(
        select(MarketLinkDecision).where(
            MarketLinkDecision.name_key == key, MarketLinkDecision.code == entity.code
        )
    )
    if old is None:
        session.add(
            MarketLinkDecision(name_key=key, code=entity.code, decision=decision, by=actor, note=note)
        )
    else:
        old.decision, old.by, old.at, old.note = decision, actor, utcnow(), note
    from ipatlas.store.workflow import record_audit

    record_audit(
        session,
        actor=None,
        object_type="market_link",
        object_id=key,
        action=decision,
        after={"name": name, "code": entity.code, "by": actor},
        note=note,
    )
    # Re-resolve the stored names with this key so the decision shows at once.
    stored = session.scalars(select(MarketLink).where(MarketLink.name_key == key)).all()
    if stored:
        names = pa.table(
            {
                "source": pa.array([s.source for s in stored], pa.string()),
                "name": pa.array([s.name for s in stored], pa.string()),
                "records": pa.array([s.records for s in stored], pa.int64()),
            }
        )
        fresh = {
            (r["source"], r["name"]): r
            for r in resolve(names, entity_table(session), decisions_table(session)).to_pylist()
        }
        for s in stored:
            r = fresh[(s.source, s.name)]
            s.code, s.method, s.confidence, s.updated_at = (
                r["code"],
                r["method"],
                float(r["confidence"]),
                utcnow(),
            )
    session.flush()
    return {
        "name": name,
        "name_key": key,
        "code": entity.code,
        "decision": decision,
        "links_updated": len(stored),
    }


def review_queue(session: Session, *, limit: int = 100) -> list[dict[str, Any]]:
    """Doubtful links for an analyst: ambiguous names and links below 0.9 confidence."""
    q = (
        select(MarketLink)
        .where(
            (MarketLink.method == "ambiguous")
            | (
                (MarketLink.code.is_not(None))
                & (MarketLink.confidence < 0.9)
                & (MarketLink.method != "confirmed")
            )
        )
        .order_by(MarketLink.records.desc(), MarketLink.name)
        .limit(limit)
    )
    out = []
    for s in session.scalars(q):
        cands = [s.code] if s.code else []
        if not cands:
            # Ambiguous: the entities sharing the name key (current or branch company key).
            keys = [k for k in (s.name_key, branch_parents(name_keys([s.name_key]))[0].as_py()) if k]
            cands = sorted(
                session.scalars(select(MarketEntity.code).where(MarketEntity.name_key.in_(keys)).limit(10))
            )
        names = dict(
            session.execute(
                select(MarketEntity.code, MarketEntity.name).where(MarketEntity.code.in_(cands))
            ).all()
        )
        out.append(
            {
                "source": s.source,
                "name": s.name,
                "code": s.code,
                "method": s.method,
                "method_label": METHOD_LABELS.get(s.method, s.method),
                "confidence": s.confidence,
                "records": s.records,
                "candidates": [{"code": c, "name": names.get(c, "")} for c in cands],
            }
        )
    return out
