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
from ipatlas.protection.models import Case
from ipatlas.store.lake import Lake
from ipatlas.store.workflow import make_engine, migrate, session_factory
from ipatlas.workflow.models import WfDeadline

TABLE = "case_facts"


def case_fact_rows(session: Any, *, as_of: dt.datetime) -> pa.Table:
    overdue_ids = set(
        session.scalars(
            select(WfDeadline.instance_id)
            .where(WfDeadline.status == "running", WfDeadline.due_at < as_of)
            .distinct()
        )
    )
    cols: dict[str, list[Any]] = {
        k: []
        for k in (
            "record_id",
            "adcode",
            "city_code",
            "province_code",
            "is_demo",
            "received_on",
            "accepted_on",
            "filed_on",
            "closed_on",
            "year",
            "kind",
            "ip_type",
            "channel",
            "status",
            "outcome",
            "on_time",
            "overdue",
            "workdays_to_close",
            "mediated",
            "referred",
            "duplicate",
        )
    }
    q = select(
        Case.id,
        Case.adcode,
        Case.city_code,
        Case.province_code,
        Case.is_demo,
        Case.received_on,
        Case.accepted_at,
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
        Case.filed_at,
    ).execution_options(yield_per=50_000)
    for r in session.execute(q):
        cols["record_id"].append(f"case-{r[0]}")
        cols["adcode"].append(r[1])
        cols["city_code"].append(r[2])
        cols["province_code"].append(r[3])
        cols["is_demo"].append(bool(r[4]))
        cols["received_on"].append(r[5])
        cols["accepted_on"].append(r[6].date() if r[6] else None)
        cols["closed_on"].append(r[7].date() if r[7] else None)
        cols["year"].append(r[5].year)
        cols["kind"].append(r[8])
        cols["ip_type"].append(r[9])
        cols["channel"].append(r[10])
        cols["status"].append(r[11])
        cols["outcome"].append(r[12])
        cols["on_time"].append(r[13])
        cols["overdue"].append(r[14] in overdue_ids)
        cols["workdays_to_close"].append(r[15])
        cols["mediated"].append(r[16])
        cols["referred"].append(r[17] is not None)
        cols["duplicate"].append(r[18] is not None)
        cols["filed_on"].append(r[19].date() if r[19] else None)
    schema = pa.schema(
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
    return pa.table(cols, schema=schema)


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
