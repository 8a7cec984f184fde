"""Figures over the operation records: counts, distinct patents and amounts by region and year,
pledge contracts, transfer flows between regions.

Conventions (one place):
- A record belongs to the region of its holder (pledgor, licensor, transferee, insured, applicant,
  borrower, owner), placed at import (see ``ipatlas.ingest.facts``); ``--region`` matches a
  county, prefecture or province code.
- ``count`` = registrations that took effect in the year (pledges: contracts — one 登记号, however
  many patents — whose 生效 registration falls in the year; transfers: changes effective in the
  year; licences: filings; open licences: declarations; insurance: policies starting; subsidies
  and risk compensation: payments; copyrights and varieties: registrations / grants).
- ``patents`` = distinct patent (or mark) numbers among those records.
- ``amount`` in 万元, counted once per contract (a pledge's amount is the latest amount stated for
  its 登记号, not summed over its patents); None for kinds without amounts.
- Transfers in a region: ``inflow`` (transferee in the region, transferor outside, abroad
  included), ``outflow`` (the reverse), ``internal`` (both inside), ``net`` = inflow − outflow.
"""

from __future__ import annotations

from typing import Any

import duckdb

from ipatlas.config import Settings
from ipatlas.errors import InputError
from ipatlas.operations.kinds import KINDS, Kind, get_kind
from ipatlas.store.lake import Lake

CONTRACT_NUMBER = {"pledges": "patent_no", "tm_pledges": "mark_no"}


def region_sql(code: str | None, prefix: str = "") -> str:
    """SQL condition: the record's region (county, prefecture or province columns) is ``code``."""
    if code is None:
        return "true"
    if not (code.isdigit() and len(code) == 6):
        raise InputError(f"区划代码应为6位数字：{code!r}", field="--region")
    return f"'{code}' IN ({prefix}adcode, {prefix}city_code, {prefix}province_code)"


def year_sql(column: str, year: int | None) -> str:
    if year is None:
        return "true"
    if not 1900 <= int(year) <= 2100:
        raise InputError(f"年份超出范围：{year}", field="--year")
    return f"year({column}) = {int(year)}"


def contracts_sql(table: str = "pledges") -> str:
    """One row per pledge contract (登记号): life dates, patents, amount counted once, region."""
    no = CONTRACT_NUMBER[table]
    region = ", ".join(
        f"coalesce(arg_min({c}, ({no}, event_date)) FILTER (WHERE event = 'effective'), "
        f"arg_min({c}, ({no}, event_date))) AS {c}"
        for c in ("adcode", "city_code", "province_code")
    )
    extra = "min(ipc_main) FILTER (WHERE event = 'effective') AS ipc_main," if table == "pledges" else ""
    return f"""
      SELECT reg_no,
        min(event_date) FILTER (WHERE event = 'effective') AS start_date,
        max(event_date) FILTER (WHERE event = 'changed') AS changed_date,
        max(event_date) FILTER (WHERE event = 'released') AS released_date,
        arg_max(amount, (event_date, amount)) FILTER (WHERE amount IS NOT NULL) AS amount,
        list_sort(list(DISTINCT {no})) AS numbers,
        arg_max(pledgor, (event_date, {no})) AS pledgor,
        arg_max(pledgee, (event_date, {no})) AS pledgee,
        arg_min(holder_type, ({no}, event_date)) AS holder_type,
        {extra}
        {region},
        bool_or(is_demo) AS is_demo,
        bool_or(len(flags) > 0) AS flagged
      FROM {table} GROUP BY reg_no"""


def _con(settings: Settings) -> duckdb.DuckDBPyConnection:
    return Lake(settings.lake_dir).connect()


def stats(
    con: duckdb.DuckDBPyConnection, kind: str, *, region: str | None = None, year: int | None = None
) -> dict[str, Any]:
    """{"count", "patents", "amount"} for one kind (see the module docstring)."""
    k = get_kind(kind)
    out: dict[str, Any] = {"kind": k.kind, "region": region, "year": year, "unit": k.unit}
    if k.table in CONTRACT_NUMBER:
        c = (
            f"SELECT * FROM ({contracts_sql(k.table)}) WHERE start_date IS NOT NULL "
            f"AND {year_sql('start_date', year)} AND {region_sql(region)}"
        )
        row = con.execute(
            f"""WITH c AS ({c})
                SELECT (SELECT count(*) FROM c),
                       (SELECT count(DISTINCT n) FROM (SELECT unnest(numbers) AS n FROM c)),
                       (SELECT sum(amount) FROM c)"""
        ).fetchall()[0]
        out.update(count=int(row[0]), patents=int(row[1]), amount=_amount(row[2]))
        return out
    if k.kind == "transfer":
        return {**out, **_transfer_stats(con, region, year)}
    number = _number_column(k)
    where = f"{year_sql(k.date, year)} AND {region_sql(region)}"
    amount = f"sum({k.amount})" if k.amount else "NULL"
    patents = f"count(DISTINCT {number})" if number else "NULL"
    row = con.execute(f"SELECT count(*), {patents}, {amount} FROM {k.table} WHERE {where}").fetchall()[0]
    out.update(count=int(row[0]), patents=None if row[1] is None else int(row[1]), amount=_amount(row[2]))
    if k.kind == "open-licence":
        out["concluded"] = concluded_open_licences(con, region=region, year=year)
    return out


def _number_column(k: Kind) -> str | None:
    from ipatlas.store.fact_tables import FACT_TABLES

    return FACT_TABLES[k.table].patent


def _amount(v: Any) -> float | None:
    return None if v is None else round(float(v), 4)


def _transfer_stats(con: duckdb.DuckDBPyConnection, region: str | None, year: int | None) -> dict[str, Any]:
    y = year_sql("event_date", year)
    if region is None:
        row = con.execute(f"SELECT count(*), count(DISTINCT patent_no) FROM transfers WHERE {y}").fetchall()[
            0
        ]
        return {"count": int(row[0]), "patents": int(row[1]), "amount": None}
    to_in = region_sql(region)
    from_in = region_sql(region, "other_")
    row = con.execute(
        f"""SELECT count(*), count(DISTINCT patent_no),
              count(*) FILTER (WHERE ({to_in}) AND NOT coalesce({from_in}, false)),
              count(*) FILTER (WHERE ({from_in}) AND NOT coalesce({to_in}, false)),
              count(*) FILTER (WHERE ({to_in}) AND ({from_in}))
            FROM transfers
            WHERE {y} AND (coalesce({to_in}, false) OR coalesce({from_in}, false))"""
    ).fetchall()[0]
    return {
        "count": int(row[0]),
        "patents": int(row[1]),
        "amount": None,
        "inflow": int(row[2]),
        "outflow": int(row[3]),
        "internal": int(row[4]),
        "net": int(row[2]) - int(row[3]),
    }


def concluded_open_licences(
    con: duckdb.DuckDBPyConnection, *, region: str | None = None, year: int | None = None
) -> int:
    """Licences concluded under open-licence declarations (达成许可数): filed in the year, marked
    开放许可 or on a patent declared open on or before the filing date and not withdrawn then."""
    row = con.execute(
        f"""SELECT count(*) FROM licences l
            WHERE {year_sql("l.filing_date", year)} AND {region_sql(region, "l.")}
              AND (coalesce(l.open_licence, false) OR EXISTS (
                SELECT 1 FROM open_licences o WHERE o.patent_no = l.patent_no
                  AND o.declared_date <= l.filing_date
                  AND (o.withdrawn_date IS NULL OR o.withdrawn_date > l.filing_date)))"""
    ).fetchall()[0]
    return int(row[0])


def stats_for(settings: Settings, kind: str, *, region: str | None = None, year: int | None = None) -> dict:
    con = _con(settings)
    try:
        return stats(con, kind, region=region, year=year)
    finally:
        con.close()


LEVEL_COLUMNS = {"county": ("adcode", "other_adcode"), "province": ("province_code", "other_province_code")}


def transfer_flows(
    con: duckdb.DuckDBPyConnection,
    *,
    level: str = "county",
    year: int | None = None,
    under: str | None = None,
    demo: bool | None = None,
) -> list[dict[str, Any]]:
    """Transfers aggregated from the transferor's region to the transferee's (county or province);
    ``source``/``target`` are codes, ``ABROAD:<ISO>`` for a party outside mainland China and
    ``UNKNOWN`` for one not placed; same-region transfers are included (source == target)."""
    if level not in LEVEL_COLUMNS:
        raise InputError(f"层级只能是 county 或 province：{level!r}", field="level")
    to_c, from_c = LEVEL_COLUMNS[level]
    cond = [year_sql("event_date", year)]
    if under:
        cond.append(f"({region_sql(under)} OR {region_sql(under, 'other_')})")
    if demo is not None:
        cond.append("is_demo" if demo else "NOT is_demo")

    def side(col: str, country: str) -> str:
        return (
            f"coalesce({col}, CASE WHEN {country} IS NOT NULL AND {country} <> 'CN' "
            f"THEN 'ABROAD:' || {country} END, 'UNKNOWN')"
        )

    rows = con.execute(
        f"""SELECT {side(from_c, "other_country")} AS s, {side(to_c, "country")} AS t, count(*) AS n,
                   count(DISTINCT patent_no) AS p
            FROM transfers WHERE {" AND ".join(cond)} GROUP BY 1, 2 ORDER BY n DESC, s, t"""
    ).fetchall()
    return [{"source": s, "target": t, "count": int(n), "patents": int(p)} for s, t, n, p in rows]


def net_inflow(flows: list[dict[str, Any]]) -> dict[str, dict[str, int]]:
    """Per region: inflow, outflow, net (same-region transfers are neither)."""
    out: dict[str, dict[str, int]] = {}
    for f in flows:
        if f["source"] == f["target"]:
            continue
        out.setdefault(f["target"], {"inflow": 0, "outflow": 0, "net": 0})["inflow"] += f["count"]
        out.setdefault(f["source"], {"inflow": 0, "outflow": 0, "net": 0})["outflow"] += f["count"]
    for v in out.values():
        v["net"] = v["inflow"] - v["outflow"]
    return out


def kinds_summary(con: duckdb.DuckDBPyConnection, year: int | None = None, region: str | None = None) -> list:
    return [stats(con, k, region=region, year=year) for k in KINDS]
