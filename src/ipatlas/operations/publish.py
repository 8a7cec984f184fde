"""Derived fact tables the indicator catalogue counts (basis ``records``), rebuilt from the
imported records:

``pledge_contracts``  one row per pledge contract (登记号): ``start_date`` (生效), ``released_date``,
                      ``amount`` (万元, the latest stated for the contract — counted once),
                      ``patents`` (how many patents it covers), pledgor region and type.
``conversions``       one row per transfer (placed at the transferor) and per licence (placed at the
                      licensor), with ``party_type``: what 高校/科研院所专利转化 counts.
``hv_pledge_patents`` invention patents whose pledge financing reached the 高价值 threshold
                      (``rules/hv_pledge.yaml``), with ``qualified_on`` and ``valid_through``.
``transfer_moves``    two rows per transfer: ``direction`` in (transferee's region, weight +1) and
                      out (transferor's region, weight −1), with ``party_type`` the type of the
                      party in that region. Summed over any region (county, prefecture, province,
                      group) the weights give the net inflow: a transfer inside the region adds
                      +1 and −1. A party abroad or not placed has no region and counts nowhere.

:func:`publish_facts` rewrites a table only when its content changed, in one lake transaction,
so re-importing a file changes nothing.
"""

from __future__ import annotations

import duckdb

from ipatlas.config import Settings
from ipatlas.operations.stats import contracts_sql
from ipatlas.store.lake import Lake

PLEDGE_CONTRACTS_SQL = f"""
  SELECT 'P:' || reg_no AS record_id, adcode, city_code, province_code, is_demo,
         reg_no, start_date, changed_date, released_date, amount, len(numbers) AS patents,
         pledgor, pledgee, holder_type, ipc_main
  FROM ({contracts_sql("pledges")}) WHERE start_date IS NOT NULL ORDER BY reg_no"""

TRANSFER_MOVES_SQL = """
  SELECT record_id || ':in' AS record_id, adcode, city_code, province_code, is_demo,
         record_id AS transfer_id, patent_no, event_date, 'in' AS direction, 1.0 AS weight,
         to_type AS party_type, to_holder AS party, from_holder AS counterpart
  FROM transfers
  UNION ALL
  SELECT record_id || ':out', other_adcode, other_city_code, other_province_code, is_demo,
         record_id, patent_no, event_date, 'out', -1.0, from_type, from_holder, to_holder
  FROM transfers
  ORDER BY record_id"""

CONVERSIONS_SQL = """
  SELECT 'T:' || record_id AS record_id, other_adcode AS adcode, other_city_code AS city_code,
         other_province_code AS province_code, is_demo, 'transfer' AS kind, patent_no,
         event_date, from_type AS party_type, from_holder AS party, to_holder AS counterpart
  FROM transfers
  UNION ALL
  SELECT 'L:' || record_id, adcode, city_code, province_code, is_demo, 'licence', patent_no,
         filing_date, holder_type, licensor, licensee
  FROM licences
  ORDER BY record_id"""


def hv_threshold(on: str | None = None) -> dict[str, object]:
    """The threshold version in force (``rules/hv_pledge.yaml``), the latest by default."""
    import datetime as dt
    from pathlib import Path

    import yaml

    raw = yaml.safe_load((Path(__file__).parent / "rules" / "hv_pledge.yaml").read_text("utf-8"))
    day = dt.date.fromisoformat(on) if on else dt.date.max
    versions = [v for v in raw["versions"] if v["effective_from"] <= day]
    return dict(max(versions, key=lambda v: v["effective_from"]))


def hv_pledge_sql() -> str:
    """Invention patents whose cumulative pledge financing (each contract's amount shared equally
    by its patents) reached the threshold: dated the day it was reached, ending when the patent
    ended (its region and lineage are the patent's)."""
    t = float(hv_threshold()["threshold_wan"])  # type: ignore[arg-type]
    return f"""
      WITH share AS (
        SELECT p.patent_no, c.start_date, c.amount / len(c.numbers) AS part
        FROM ({contracts_sql("pledges")}) c, unnest(c.numbers) AS p(patent_no)
        WHERE c.start_date IS NOT NULL AND c.amount IS NOT NULL),
      run AS (
        SELECT patent_no, start_date,
               sum(part) OVER (PARTITION BY patent_no ORDER BY start_date
                               ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW) AS total
        FROM share),
      hit AS (SELECT patent_no, min(start_date) AS reached, max(total) AS total FROM run
              WHERE total >= {t} GROUP BY 1)
      SELECT 'H:' || pt.app_no AS record_id, pt.adcode, pt.city_code, pt.province_code, pt.is_demo,
             pt.app_no AS patent_no, greatest(h.reached, pt.grant_date) AS qualified_on,
             CASE WHEN pt.legal_status IN ('lapsed', 'expired', 'invalidated', 'abandoned', 'rejected')
                  THEN make_date(year(pt.status_date) - 1, 12, 31) END AS valid_through,
             round(h.total, 4) AS pledged_total, {t} AS threshold, pt.country
      FROM hit h JOIN patents pt ON pt.app_no = h.patent_no
      WHERE pt.kind = 'invention' AND pt.grant_date IS NOT NULL
      ORDER BY record_id"""


DERIVED = {
    "pledge_contracts": PLEDGE_CONTRACTS_SQL,
    "transfer_moves": TRANSFER_MOVES_SQL,
    "conversions": CONVERSIONS_SQL,
    "hv_pledge_patents": hv_pledge_sql(),
}
# which derived tables an import of each table refreshes
REFRESH = {
    "pledges": ("pledge_contracts", "hv_pledge_patents"),
    "transfers": ("transfer_moves", "conversions"),
    "licences": ("conversions",),
}


def publish_facts(settings: Settings, tables: tuple[str, ...] = tuple(DERIVED)) -> dict[str, int]:
    """Rebuild the derived fact tables from the lake; returns rows per table rewritten."""
    lake = Lake(settings.lake_dir)
    con = duckdb.connect()
    try:
        con.execute("SET enable_progress_bar = false")
        lake.connect(con)
        fresh = {t: con.sql(DERIVED[t]).to_arrow_table() for t in tables}
    finally:
        con.close()
    changed: dict[str, int] = {}
    for t, data in fresh.items():
        if not lake.holds(t, data):
            changed[t] = data.num_rows
    if changed:
        with lake.transaction() as txn:
            for t in changed:
                txn.write_arrow(t, fresh[t])
    return changed
