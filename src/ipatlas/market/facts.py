"""Market facts for the indicator catalogue (``records`` measure basis): snapshots of the
workflow database written to the lake as fact tables (one atomic lake transaction).

* ``market_grades`` — one record per entity and year end: ``year_end`` (date), ``grade``,
  ``repeat_infringer``, ``serious_list`` (entities by grade per region, repeat infringers);
* ``market_leads`` — one record per lead: ``created_on``, ``source`` (first source), ``status``,
  ``converted`` (转立案) and ``closed`` (转立案 or 排除) as 0/1 weights;
* ``market_inspections`` — one record per drawn object: ``drawn_on``, ``inspected`` (0/1),
  ``result``, ``grade`` (inspection coverage = inspected objects ÷ entities).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import pyarrow as pa
from sqlalchemy import select
from sqlalchemy.orm import Session

from ipatlas.config import Settings
from ipatlas.market.credit import credit_events_years, grade_all
from ipatlas.market.models import InspectionDraw, InspectionResult, MarketEntity, MarketLead

TABLES = ("market_grades", "market_leads", "market_inspections")
MAX_YEARS = 10


def _regions(session: Session) -> dict[str, tuple[str | None, str | None, str | None, bool]]:
    return {
        code: (adcode, city, province, demo)
        for code, adcode, city, province, demo in session.execute(
            select(
                MarketEntity.code,
                MarketEntity.adcode,
                MarketEntity.city_code,
                MarketEntity.province_code,
                MarketEntity.is_demo,
            )
        ).all()
    }


def _common(
    code: str | None, regions: dict[str, Any], fallback_adcode: str | None = None, demo: bool = False
) -> dict[str, Any]:
    adcode, city, province, is_demo = regions.get(code or "", (fallback_adcode, None, None, demo))
    if adcode and not city:
        city = adcode[:4] + "00" if adcode[:2] not in ("11", "12", "31", "50") else adcode[:2] + "0000"
        province = adcode[:2] + "0000"
    return {"adcode": adcode, "city_code": city, "province_code": province, "is_demo": bool(is_demo)}


def grade_facts(session: Session, today: dt.date | None = None) -> pa.Table:
    day = today or dt.date.today()
    regions = _regions(session)
    first = credit_events_years(session)
    start = max(first or day.year, day.year - MAX_YEARS + 1)
    rows: list[dict[str, Any]] = []
    for year in range(start, day.year + 1):
        as_of = min(dt.date(year, 12, 31), day)
        try:
            table = grade_all(session, as_of)
        except Exception:  # no rule version in force that year
            continue
        for r in table.to_pylist():
            rows.append(
                {
                    "record_id": f"{r['code']}:{year}",
                    **_common(r["code"], regions),
                    "code": r["code"],
                    "year_end": as_of,
                    "grade": r["grade"],
                    "repeat_infringer": int(bool(r["repeat_infringer"])),
                    "serious_list": int(bool(r["serious_list"])),
                }
            )
    return _table(
        rows,
        {
            "code": pa.string(),
            "year_end": pa.date32(),
            "grade": pa.string(),
            "repeat_infringer": pa.int8(),
            "serious_list": pa.int8(),
        },
    )


def lead_facts(session: Session) -> pa.Table:
    regions = _regions(session)
    rows = [
        {
            "record_id": str(lead.id),
            **_common(lead.code, regions, lead.adcode, lead.is_demo),
            "created_on": lead.created_at.date(),
            "source": lead.sources[0] if lead.sources else "manual",
            "status": lead.status,
            "converted": int(lead.status == "转立案"),
            "closed": int(lead.status in ("转立案", "排除")),
        }
        for lead in session.scalars(select(MarketLead))
    ]
    return _table(
        rows,
        {
            "created_on": pa.date32(),
            "source": pa.string(),
            "status": pa.string(),
            "converted": pa.int8(),
            "closed": pa.int8(),
        },
    )


def inspection_facts(session: Session) -> pa.Table:
    regions = _regions(session)
    results = {(r.draw_id, r.code): r.result for r in session.scalars(select(InspectionResult))}
    rows = []
    for d in session.scalars(select(InspectionDraw)):
        for a in d.assignments:
            code = a["object"]
            res = results.get((d.id, code))
            rows.append(
                {
                    "record_id": f"{d.id}:{code}",
                    **_common(code, regions, None, d.is_demo),
                    "code": code,
                    "drawn_on": d.drawn_at.date(),
                    "inspected": int(res is not None),
                    "result": res,
                }
            )
    return _table(
        rows, {"code": pa.string(), "drawn_on": pa.date32(), "inspected": pa.int8(), "result": pa.string()}
    )


def _table(rows: list[dict[str, Any]], own: dict[str, pa.DataType]) -> pa.Table:
    schema = pa.schema(
        [
            ("record_id", pa.string()),
            ("adcode", pa.string()),
            ("city_code", pa.string()),
            ("province_code", pa.string()),
            ("is_demo", pa.bool_()),
            *own.items(),
        ]
    )
    return pa.Table.from_pylist(rows, schema=schema)


def publish_facts(session: Session, settings: Settings, today: dt.date | None = None) -> dict[str, Any]:
    """Snapshot the three fact tables into the lake (one atomic transaction). Tables whose
    content did not change are not rewritten; when nothing changed the lake is untouched."""
    from ipatlas.store.lake import Lake

    lake = Lake(settings.lake_dir)
    tables = {
        "market_grades": grade_facts(session, today),
        "market_leads": lead_facts(session),
        "market_inspections": inspection_facts(session),
    }
    changed = {name: t for name, t in tables.items() if not lake.holds(name, t)}
    if changed:
        with lake.transaction() as txn:
            for name, t in changed.items():
                txn.write_arrow(name, t)
    return {"rows": {name: t.num_rows for name, t in tables.items()}, "written": sorted(changed)}
