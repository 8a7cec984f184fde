"""Parties of operation records linked to market entities (统一社会信用代码).

The names are resolved by the market package (``ipatlas.market.resolve``: its name source
``operations`` reads the party columns declared in ``ipatlas.store.fact_tables``), and its link
table (``market_links``, one row per distinct name) is the entity id of every record: a record's
party is the entity its name resolves to. Nothing is resolved here.

    link_parties(session, settings) -> {"names", "linked", "by_method", ...}
    entity_codes(session, names) -> {name: {"code", "method", "confidence"}}
    attach_entities(session, dashboard) -> the dashboard with ``entity`` codes beside party names
    entity_flows(session, settings, code) -> the rights flows of one entity (its records by role)
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from ipatlas.config import Settings
from ipatlas.market.models import MarketLink
from ipatlas.operations.kinds import KINDS
from ipatlas.operations.stats import CONTRACT_NUMBER, contracts_sql
from ipatlas.store.fact_tables import FACT_TABLES
from ipatlas.store.lake import Lake

SOURCE = "operations"  # the market package's name source for these parties
KIND_OF_TABLE = {k.table: k for k in KINDS.values()}


def link_parties(session: Session, settings: Settings) -> dict[str, Any]:
    """Resolve every party name of the operation and registration records (market's resolver)."""
    from ipatlas.market.resolve import link_lake

    return link_lake(session, settings, sources=[SOURCE])


def entity_codes(session: Session, names: Iterable[str]) -> dict[str, dict[str, Any]]:
    """The entity each name resolves to (names without a link are absent)."""
    wanted = sorted({n for n in names if n})
    out: dict[str, dict[str, Any]] = {}
    for i in range(0, len(wanted), 500):
        rows = session.execute(
            select(MarketLink.name, MarketLink.code, MarketLink.method, MarketLink.confidence).where(
                MarketLink.source == SOURCE,
                MarketLink.name.in_(wanted[i : i + 500]),
                MarketLink.code.is_not(None),
            )
        ).all()
        out.update({n: {"code": c, "method": m, "confidence": float(cf)} for n, c, m, cf in rows})
    return out


# dashboard rows and the keys holding party names in them
DASHBOARD_PARTIES = {
    "pledges_by_bank": ("label",),
    "network": ("source", "target"),
    "open_licences": ("holder",),
}


def attach_entities(session: Session, d: dict[str, Any]) -> dict[str, Any]:
    """A copy of the 运营 dashboard's data with ``<key>_entity`` (统一社会信用代码 or None) beside
    every party name, and ``parties``: the entities of the year's records."""
    names = [r.get(k) for part, keys in DASHBOARD_PARTIES.items() for r in d.get(part, []) for k in keys]
    codes = entity_codes(session, [n for n in names if isinstance(n, str)])
    out = dict(d)
    for part, keys in DASHBOARD_PARTIES.items():
        out[part] = [
            {**r, **{f"{k}_entity": (codes.get(r.get(k)) or {}).get("code") for k in keys}}
            for r in d.get(part, [])
        ]
    out["entities_linked"] = len(codes)
    return out


def _flows_sql() -> str:
    """One row per (record, role) whose party name is in the temp table ``who``; a pledge is one
    row per contract (登记号, amount counted once, as in ``stats``)."""
    parts = []
    for t in FACT_TABLES.values():
        k = KIND_OF_TABLE[t.table]
        if t.table in CONTRACT_NUMBER:
            contracts = contracts_sql(t.table)
            source = f"(SELECT *, reg_no AS record_id FROM ({contracts}) WHERE start_date IS NOT NULL)"
            date, number = "start_date", "reg_no"
        else:
            source, date, number = t.table, t.date, t.patent or t.key[0]
        for p in t.parties:
            parts.append(
                f"""SELECT '{k.kind}' AS kind, '{k.zh}' AS kind_zh, '{p.column}' AS role,
                      '{p.zh}' AS role_zh, record_id, {p.column} AS name, {date} AS date,
                      {number}::VARCHAR AS number, {p.counterpart or "NULL"}::VARCHAR AS counterpart,
                      {k.amount or "NULL"}::DOUBLE AS amount, is_demo
                    FROM {source} WHERE {p.column} IN (SELECT name FROM who)"""
            )
    return " UNION ALL ".join(parts)


def entity_flows(session: Session, settings: Settings, code: str, *, limit: int = 50) -> dict[str, Any]:
    """The rights flows of one entity: its records in every operation and registration table under
    any name linked to it, by kind and role (count, amount in 万元), and the latest ``limit``."""
    names = sorted(
        session.scalars(
            select(MarketLink.name).where(
                MarketLink.source == SOURCE, MarketLink.code == code.strip().upper()
            )
        )
    )
    empty: dict[str, Any] = {"names": names, "summary": [], "items": [], "total": 0, "is_demo": False}
    if not names:
        return empty
    con = Lake(settings.lake_dir).connect()
    try:
        con.execute("CREATE TEMP TABLE who AS SELECT unnest(?::VARCHAR[]) AS name", [names])
        con.execute(f"CREATE TEMP TABLE flows AS {_flows_sql()}")
        summary = con.execute(
            """SELECT kind, kind_zh, role, role_zh, count(*) AS n, round(sum(amount), 2) AS amount,
                      min(date) AS first, max(date) AS last
               FROM flows GROUP BY ALL ORDER BY n DESC, kind, role"""
        ).fetchall()
        items = con.execute(f"SELECT * FROM flows ORDER BY date DESC, kind, number LIMIT {int(limit)}")
        cols = [c[0] for c in items.description or []]
        rows = [dict(zip(cols, r, strict=True)) for r in items.fetchall()]
        total, demo = con.execute("SELECT count(*), coalesce(bool_or(is_demo), false) FROM flows").fetchall()[
            0
        ]
    finally:
        con.close()
    for r in rows:
        r["date"] = r["date"].isoformat() if r["date"] else None
    return {
        "names": names,
        "summary": [
            {
                "kind": k,
                "kind_zh": kz,
                "role": r,
                "role_zh": rz,
                "count": int(n),
                "amount": amt,
                "first": f.isoformat() if f else None,
                "last": la.isoformat() if la else None,
            }
            for k, kz, r, rz, n, amt, f, la in summary
        ],
        "items": rows,
        "total": int(total),
        "is_demo": bool(demo),
    }
