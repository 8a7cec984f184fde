"""The 运营 dashboard's data (one function feeds the page and its ``.json`` twin).

Pledges by bank, region and industry (IPC section of the pledged patent) over time, the transfer
flow map (county → county and province → province, with region centroids for ECharts lines), the
university/institute → enterprise network (transfers and licences), open licences and subsidy
outcomes (subsidised patents still in force at the year end). Every figure comes from
:mod:`ipatlas.operations.stats` conventions; amounts are in 万元. The copyright and plant-variety
panel shows catalogue indicators read from the cube (:func:`rights_figures`), as 资源分析 does.
"""

from __future__ import annotations

import contextlib
from functools import cache
from typing import Any

import duckdb
import pyarrow as pa

from ipatlas.config import Settings
from ipatlas.errors import InputError, IpatlasError
from ipatlas.indicators import show
from ipatlas.operations.kinds import KINDS, OPERATION_KINDS, RESOURCE_RIGHTS, RIGHT_KINDS
from ipatlas.operations.open_licences import open_licence_list
from ipatlas.operations.stats import LEVEL_COLUMNS, contracts_sql, region_sql, stats, year_sql

IPC_SECTIONS = {
    "A": "A 人类生活必需",
    "B": "B 作业、运输",
    "C": "C 化学、冶金",
    "D": "D 纺织、造纸",
    "E": "E 固定建筑物",
    "F": "F 机械工程、照明、加热、武器、爆破",
    "G": "G 物理",
    "H": "H 电学",
}
ENDED = "('lapsed', 'expired', 'invalidated', 'abandoned', 'rejected')"


def _rows(con: duckdb.DuckDBPyConnection, sql: str) -> list[dict[str, Any]]:
    cur = con.execute(sql)
    names = [d[0] for d in cur.description or []]
    return [dict(zip(names, r, strict=True)) for r in cur.fetchall()]


def latest_year(con: duckdb.DuckDBPyConnection) -> int | None:
    row = con.execute(
        "SELECT max(y) FROM (SELECT max(year(event_date)) AS y FROM pledges "
        "UNION ALL SELECT max(year(event_date)) FROM transfers "
        "UNION ALL SELECT max(year(filing_date)) FROM licences)"
    ).fetchall()[0]
    return int(row[0]) if row[0] is not None else None


def _region_name(code: str | None) -> str:
    if not code:
        return "全部地区"
    from ipatlas.regions import get_registry

    try:
        return get_registry().get(code).name
    except Exception:  # an unknown code: the filter returns nothing, the name stays the code
        return code


@cache
def _place_table() -> pa.Table:
    """Every region with a centroid: code, name, lon, lat (built once per process)."""
    from ipatlas.regions import get_registry

    rows = [(r.code, r.name, r.centroid) for r in get_registry().all() if r.centroid]
    return pa.table(
        {
            "code": pa.array([r[0] for r in rows], pa.string()),
            "name": pa.array([r[1] for r in rows], pa.string()),
            "lon": pa.array([r[2][0] for r in rows], pa.float64()),
            "lat": pa.array([r[2][1] for r in rows], pa.float64()),
        }
    )


def flow_map(
    con: duckdb.DuckDBPyConnection,
    *,
    level: str = "county",
    year: int | None = None,
    region: str | None = None,
    max_lines: int = 2000,
) -> dict[str, Any]:
    """Transfer flows for ECharts ``lines``, compact: ``places`` {code: {name, coord}}, ``lines``
    [[source code, target code, count], …] between placed regions (the ``max_lines`` largest;
    ``pairs`` says how many there are), ``totals`` {code: [inflow, outflow, net]} for every region
    touched, ``outside`` (abroad or not placed, by label) and ``internal`` (within one region)."""
    if level not in LEVEL_COLUMNS:
        raise InputError(f"层级只能是 county 或 province：{level!r}", field="level")
    to_c, from_c = LEVEL_COLUMNS[level]
    cond = [year_sql("event_date", year)]
    if region:
        cond.append(f"({region_sql(region)} OR {region_sql(region, 'other_')})")
    con.register("__places", _place_table())
    try:
        con.execute(
            f"""CREATE OR REPLACE TEMP TABLE __agg AS
                SELECT {from_c} AS s, {to_c} AS t, other_country AS sc, country AS tc, count(*) AS n
                FROM transfers WHERE {" AND ".join(cond)} GROUP BY ALL"""
        )
        # Placed regions carry country CN, so (s, t) is already unique among them: no regrouping.
        con.execute(
            """CREATE OR REPLACE TEMP TABLE __lines AS SELECT s, t, n FROM __agg
               WHERE s <> t AND s IN (SELECT code FROM __places) AND t IN (SELECT code FROM __places)"""
        )
        pairs = con.execute("SELECT count(*) FROM __lines").fetchall()[0][0]
        lines = con.sql(
            f"SELECT * FROM __lines ORDER BY n DESC, s, t LIMIT {int(max_lines)}"
        ).to_arrow_table()
        totals = con.execute(
            """SELECT code, sum(i)::BIGINT, sum(o)::BIGINT FROM (
                 SELECT t AS code, n AS i, 0 AS o FROM __agg WHERE s IS DISTINCT FROM t
                 UNION ALL SELECT s, 0, n FROM __agg WHERE s IS DISTINCT FROM t)
               WHERE code IN (SELECT code FROM __places) GROUP BY 1"""
        ).fetchall()
        internal = con.execute("SELECT coalesce(sum(n), 0) FROM __agg WHERE s = t").fetchall()[0][0]
        outside = con.execute(
            """SELECT coalesce(ps.name, CASE WHEN sc IS NOT NULL AND sc <> 'CN' THEN '境外（' || sc || '）'
                                        ELSE '未解析' END) AS source,
                      coalesce(pt.name, CASE WHEN tc IS NOT NULL AND tc <> 'CN' THEN '境外（' || tc || '）'
                                        ELSE '未解析' END) AS target, sum(n) AS count
               FROM __agg LEFT JOIN __places ps ON ps.code = s LEFT JOIN __places pt ON pt.code = t
               WHERE ps.code IS NULL OR pt.code IS NULL
               GROUP BY 1, 2 ORDER BY count DESC, source, target LIMIT 50"""
        ).fetchall()
        used = con.execute(
            """SELECT code, name, lon, lat FROM __places WHERE code IN (
                 SELECT s FROM __agg UNION SELECT t FROM __agg)"""
        ).fetchall()
    finally:
        con.unregister("__places")
        with contextlib.suppress(Exception):
            con.execute("DROP TABLE IF EXISTS __agg; DROP TABLE IF EXISTS __lines")
    src, tgt, cnt = (lines.column(i).to_pylist() for i in range(3))
    return {
        "level": level,
        "places": {c: {"name": n, "coord": [lon, lat]} for c, n, lon, lat in used},
        "lines": [list(x) for x in zip(src, tgt, cnt, strict=True)],
        "pairs": pairs,
        "totals": {c: [i, o, i - o] for c, i, o in totals},
        "outside": [{"source": a, "target": b, "count": int(n)} for a, b, n in outside],
        "internal": int(internal),
    }


def dashboard(
    con: duckdb.DuckDBPyConnection,
    region: str | None = None,
    year: int | None = None,
    *,
    settings: Settings,
) -> dict[str, Any]:
    """Everything the 运营 page shows for one region (county, prefecture or province) and year."""
    year = year or latest_year(con)
    level = "province" if region is None or region.endswith("0000") else "county"
    return {
        "region": region,
        "region_name": _region_name(region),
        "year": year,
        "is_demo": _is_demo(con),
        "kpis": _kpis(con, region, year),
        **_pledge_breakdowns(con, region, year),
        "flows_county": flow_map(con, level="county", year=year, region=region),
        "flows_province": flow_map(con, level="province", year=year, region=region),
        "flow_level": level,
        "network": _conversion_network(con, region, year),
        "open_licences": open_licence_list(con, region=region, page_size=100)["items"],
        "subsidies": _subsidy_outcomes(con, region, year),
        "rights": rights_figures(settings, con, region, year),
    }


def _is_demo(con: duckdb.DuckDBPyConnection) -> bool:
    row = con.execute(
        "SELECT coalesce(bool_or(is_demo), false) FROM (SELECT is_demo FROM pledges UNION ALL "
        "SELECT is_demo FROM transfers UNION ALL SELECT is_demo FROM licences)"
    ).fetchall()[0]
    return bool(row[0])


def _kpis(con: duckdb.DuckDBPyConnection, region: str | None, year: int | None) -> list[dict[str, Any]]:
    """count / patents / amount of every operation kind (``stats`` conventions)."""
    out = []
    for k in OPERATION_KINDS:
        s = stats(con, k, region=region, year=year)
        out.append({"kind": k, "label": KINDS[k].zh, **{x: s.get(x) for x in ("count", "patents", "amount")}})
    return out


def _pledge_breakdowns(
    con: duckdb.DuckDBPyConnection, region: str | None, year: int | None
) -> dict[str, list[dict[str, Any]]]:
    """Pledge contracts by year (all years), and in the year by bank, region and IPC section."""
    c = f"SELECT * FROM ({contracts_sql('pledges')}) WHERE start_date IS NOT NULL AND {region_sql(region)}"
    in_year = year_sql("start_date", year)
    by_year = _rows(
        con,
        f"SELECT year(start_date) AS year, count(*) AS n, round(sum(amount), 1) AS amount FROM ({c}) "
        "GROUP BY 1 ORDER BY 1",
    )
    by_bank = _rows(
        con,
        f"SELECT pledgee AS label, count(*) AS n, round(sum(amount), 1) AS amount FROM ({c}) "
        f"WHERE {in_year} GROUP BY 1 ORDER BY n DESC, label LIMIT 15",
    )
    by_region = _rows(
        con,
        f"SELECT coalesce(adcode, city_code, province_code, '未解析') AS code, count(*) AS n, "
        f"round(sum(amount), 1) AS amount FROM ({c}) WHERE {in_year} "
        "GROUP BY 1 ORDER BY n DESC, code LIMIT 40",
    )
    for r in by_region:
        r["label"] = _region_name(r["code"]) if r["code"] != "未解析" else "未解析"
    by_industry = _rows(
        con,
        f"SELECT coalesce(substr(ipc_main, 1, 1), '?') AS section, count(*) AS n, "
        f"round(sum(amount), 1) AS amount FROM ({c}) WHERE {in_year} GROUP BY 1 ORDER BY 1",
    )
    for r in by_industry:
        r["label"] = IPC_SECTIONS.get(r["section"], "未知分类")
    return {
        "pledges_by_year": by_year,
        "pledges_by_bank": by_bank,
        "pledges_by_region": by_region,
        "pledges_by_industry": by_industry,
    }


def _conversion_network(
    con: duckdb.DuckDBPyConnection, region: str | None, year: int | None
) -> list[dict[str, Any]]:
    """University / institute → enterprise edges: transfers and licences in the year."""
    return _rows(
        con,
        f"""SELECT party AS source, counterpart AS target, kind, count(*) AS n FROM (
              SELECT from_holder AS party, to_holder AS counterpart, 'transfer' AS kind, event_date AS d,
                     from_type AS t, to_type AS ct, other_adcode AS adcode, other_city_code AS city_code,
                     other_province_code AS province_code FROM transfers
              UNION ALL
              SELECT licensor, licensee, 'licence', filing_date, holder_type, other_type, adcode, city_code,
                     province_code FROM licences)
            WHERE t IN ('university', 'institute') AND coalesce(ct, 'enterprise') = 'enterprise'
              AND {year_sql("d", year)} AND {region_sql(region)}
            GROUP BY ALL ORDER BY n DESC, source, target LIMIT 60""",
    )


def _subsidy_outcomes(
    con: duckdb.DuckDBPyConnection, region: str | None, year: int | None
) -> list[dict[str, Any]]:
    """Subsidies paid in the year by item, with the subsidised patents still in force at its end."""
    end = f"make_date({year or 2100}, 12, 31)"
    rows = _rows(
        con,
        f"""SELECT s.item AS label, count(*) AS n, round(sum(s.amount), 2) AS amount,
                   count(DISTINCT s.patent_no) AS patents,
                   count(DISTINCT s.patent_no) FILTER (WHERE p.grant_date <= {end}
                     AND NOT coalesce(p.legal_status IN {ENDED} AND p.status_date <= {end}, false))
                     AS valid_patents
            FROM subsidies s LEFT JOIN patents p ON p.app_no = s.patent_no
            WHERE {year_sql("s.paid_date", year)} AND {region_sql(region, "s.")}
            GROUP BY 1 ORDER BY amount DESC""",
    )
    for r in rows:
        r["per_valid_patent"] = round(r["amount"] / r["valid_patents"], 3) if r["valid_patents"] else None
    return rows


def rights_figures(
    settings: Settings, con: duckdb.DuckDBPyConnection, region: str | None, year: int | None
) -> list[dict[str, Any]]:
    """著作权与植物新品种权: registrations (grants) in the year and holdings at its end, the
    catalogue indicators of :data:`RESOURCE_RIGHTS` read from the cube exactly as the 资源分析 page
    reads them. A region or year the cube does not hold (no cube yet, or 全部地区, which is no
    unit of the cube) gives no figure (``None``), as on that page."""
    rights = [r for r in RESOURCE_RIGHTS if r.key in RIGHT_KINDS]
    figures: dict[str, dict[str, Any]] = {}
    if region and year:
        with contextlib.suppress(IpatlasError):  # not computed / not in the cube: no figures
            ids = [i for r in rights for i in (r.flow, r.stock)]
            figures = {f["id"]: f for f in show(settings, region, year, ids=ids)}
    return [
        {
            "kind": r.key,
            "label": KINDS[r.key].zh,
            "flow": (figures.get(r.flow) or {}).get("value"),
            "stock": (figures.get(r.stock) or {}).get("value"),
            "flow_id": r.flow,
            "stock_id": r.stock,
            "flow_name": (figures.get(r.flow) or {}).get("name"),
            "stock_name": (figures.get(r.stock) or {}).get("name"),
            "is_demo": _table_is_demo(con, r.table),
        }
        for r in rights
    ]


def _table_is_demo(con: duckdb.DuckDBPyConnection, table: str) -> bool:
    try:
        row = con.execute(f"SELECT coalesce(bool_or(is_demo), false) FROM {table}").fetchall()[0]
    except duckdb.CatalogException:  # nothing of this kind imported yet
        return False
    return bool(row[0])
