"""Derived fact tables the indicator catalogue counts (basis ``records``), rebuilt from the
imported records:

``pledge_contracts``  one row per pledge contract (登记号): ``start_date`` (生效), ``released_date``,
                      ``amount`` (万元, the latest stated for the contract — counted once),
                      ``patents`` (how many patents it covers), pledgor region and type.
``conversions``       one row per transfer (placed at the transferor) and per licence (placed at the
                      licensor), with ``party_type``: what 高校/科研院所专利转化 counts.
``transfer_moves``    two rows per transfer: ``direction`` in (transferee's region, weight +1) and
                      out (transferor's region, weight −1), with ``party_type`` the type of the
                      party in that region. Summed over any region (county, prefecture, province,
                      group) the weights give the net inflow: a transfer inside the region adds
                      +1 and −1. A party abroad or not placed has no region and counts nowhere.

:func:`publish_facts` rewrites a table only when its content changed, in one lake transaction,
so re-importing a file changes nothing.
"""

from __future__ import annotations

import hashlib

import duckdb
import pyarrow as pa

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

DERIVED = {
    "pledge_contracts": PLEDGE_CONTRACTS_SQL,
    "transfer_moves": TRANSFER_MOVES_SQL,
    "conversions": CONVERSIONS_SQL,
}
# which derived tables an import of each table refreshes
REFRESH = {
    "pledges": ("pledge_contracts",),
    "transfers": ("transfer_moves", "conversions"),
    "licences": ("conversions",),
}


def _digest(t: pa.Table) -> str:
    h = hashlib.sha256()
    for batch in t.to_batches():
        for col in batch.columns:
            h.update(str(col.to_pylist()).encode())
    return h.hexdigest()


def publish_facts(settings: Settings, tables: tuple[str, ...] = tuple(DERIVED)) -> dict[str, int]:
    """Rebuild the derived fact tables from the lake; returns rows per table rewritten."""
    lake = Lake(settings.lake_dir)
    con = duckdb.connect()
    try:
        lake.connect(con)
        fresh = {t: con.sql(DERIVED[t]).to_arrow_table() for t in tables}
    finally:
        con.close()
    changed: dict[str, int] = {}
    for t, data in fresh.items():
        if lake.files(t) and _digest(lake.read(t).select(data.column_names)) == _digest(data):
            continue
        if not lake.files(t) and data.num_rows == 0:
            continue
        changed[t] = data.num_rows
    if changed:
        with lake.transaction() as txn:
            for t in changed:
                txn.write_arrow(t, fresh[t])
    return changed
