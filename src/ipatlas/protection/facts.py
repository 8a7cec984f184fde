"""``publish_facts(settings)``: snapshot the cases into the lake fact table ``case_facts`` so that
the indicator catalogue (basis ``records``) computes 受理量、结案数、按期办结率 … by region × year.

Columns: the common fact columns (record_id, adcode, city_code, province_code, is_demo) plus
received_on, accepted_on, filed_on, closed_on (dates), year, kind, ip_type, channel, status, outcome,
on_time, overdue (as of the snapshot), workdays_to_close, mediated, referred, duplicate.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import pyarrow as pa
from sqlalchemy import select

from ipatlas.config import Settings
from ipatlas.protection.constants import IP_TYPE_LABELS, KIND_LABELS
from ipatlas.protection.models import Case
from ipatlas.store.lake import Lake
from ipatlas.store.workflow import make_engine, migrate, session_factory
from ipatlas.workflow.models import WfDeadline

TABLE = "case_facts"
# The nine protection indicators of the catalogue (basis records over case_facts).
CASE_INDICATORS = (
    "case_received", "case_filed", "case_closed", "case_close_rate", "case_on_time_rate",
    "case_avg_workdays", "case_overdue", "case_mediation_success_rate", "case_referred",
)  # fmt: skip


FACT_SCHEMA = pa.schema(
    [
        ("record_id", pa.string()),
        ("adcode", pa.string()),
        ("city_code", pa.string()),
        ("province_code", pa.string()),
        ("is_demo", pa.bool_()),
        ("received_on", pa.date32()),
        ("accepted_on", pa.date32()),
        ("filed_on", pa.date32()),
        ("closed_on", pa.date32()),
        ("year", pa.int32()),
        ("kind", pa.string()),
        ("ip_type", pa.string()),
        ("channel", pa.string()),
        ("status", pa.string()),
        ("outcome", pa.string()),
        ("on_time", pa.bool_()),
        ("overdue", pa.bool_()),
        ("workdays_to_close", pa.int32()),
        ("mediated", pa.bool_()),
        ("referred", pa.bool_()),
        ("duplicate", pa.bool_()),
    ]
)
SOURCE_COLUMNS = (
    Case.id,
    Case.adcode,
    Case.city_code,
    Case.province_code,
    Case.is_demo,
    Case.received_on,
    Case.accepted_at,
    Case.filed_at,
    Case.closed_at,
    Case.kind,
    Case.ip_type,
    Case.channel,
    Case.status,
    Case.outcome,
    Case.on_time,
    Case.instance_id,
    Case.workdays_to_close,
    Case.mediated,
    Case.referred_to,
    Case.duplicate_of,
)


def _day(at: dt.datetime | None) -> dt.date | None:
    return at.date() if at else None


def _fact(r: Any, overdue_ids: set[int]) -> tuple[Any, ...]:
    """One case as a fact row, in ``FACT_SCHEMA`` order."""
    (cid, adcode, city, province, demo, received, accepted, filed, closed, kind, ip_type, channel, status,
     outcome, on_time, instance_id, workdays, mediated, referred_to, duplicate_of) = r  # fmt: skip
    return (
        f"case-{cid}", adcode, city, province, bool(demo), received, _day(accepted), _day(filed),
        _day(closed), received.year, kind, ip_type, channel, status, outcome, on_time,
        instance_id in overdue_ids, workdays, mediated, referred_to is not None, duplicate_of is not None,
    )  # fmt: skip


def case_fact_rows(session: Any, *, as_of: dt.datetime) -> pa.Table:
    overdue_ids = set(
        session.scalars(
            select(WfDeadline.instance_id)
            .where(WfDeadline.status == "running", WfDeadline.due_at < as_of)
            .distinct()
        )
    )
    q = select(*SOURCE_COLUMNS).execution_options(yield_per=50_000)
    rows = [_fact(r, overdue_ids) for r in session.execute(q)]
    cols = dict(zip(FACT_SCHEMA.names, zip(*rows, strict=True), strict=True)) if rows else {}
    return pa.table({name: list(cols.get(name, ())) for name in FACT_SCHEMA.names}, schema=FACT_SCHEMA)


def publish_facts(settings: Settings, *, as_of: dt.datetime | None = None) -> dict[str, Any]:
    """Write the current cases as the lake table ``case_facts`` (one atomic lake commit)."""
    when = as_of or (dt.datetime.now(dt.UTC) + dt.timedelta(hours=8)).replace(tzinfo=None)
    engine = make_engine(settings)
    try:
        migrate(settings, engine=engine)
        with session_factory(engine)() as session:
            table = case_fact_rows(session, as_of=when)
    finally:
        engine.dispose()
    lake = Lake(settings.lake_dir)
    with lake.transaction() as tx:
        tx.write_arrow(TABLE, table)
    return {"table": TABLE, "rows": table.num_rows, "as_of": when.isoformat()}


def indicator_breakdown(settings: Settings, *, region: str, year: int) -> dict[str, Any]:
    """The nine catalogue indicators for ``region`` and ``year`` by case kind × IP type (the
    catalogue's breakdown of ``case_facts``), from the last published snapshot; each cell
    drills down with ``ipatlas.indicators.records(..., where={"kind": …, "ip_type": …})``."""
    from ipatlas.indicators import breakdown, load_catalog

    cat = load_catalog()
    parts = {iid: breakdown(settings, region, year, iid, catalog=cat) for iid in CASE_INDICATORS}
    first = parts[CASE_INDICATORS[0]]
    rows: dict[tuple[str, str], dict[str, Any]] = {}
    for iid, bd in parts.items():
        for c in bd["cells"]:
            kind, ip_type = str(c["key"]["kind"]), str(c["key"]["ip_type"])
            row = rows.setdefault(
                (kind, ip_type),
                {
                    "kind": kind,
                    "kind_label": KIND_LABELS.get(kind, kind),
                    "ip_type": ip_type,
                    "ip_type_label": IP_TYPE_LABELS.get(ip_type, ip_type),
                    "values": {},
                },
            )
            row["values"][iid] = c["value"]
    return {
        "region": first["region"],
        "year": int(year),
        "by": first["by"],
        "indicators": [
            {"id": iid, "name": bd["name"], "unit": bd["unit"], "decimals": bd["decimals"]}
            for iid, bd in parts.items()
        ],
        "rows": [rows[k] for k in sorted(rows)],
        "total": {iid: (bd["total"] or {}).get("value") for iid, bd in parts.items()},
        "note": next((bd["note"] for bd in parts.values() if bd["note"]), None),
    }
