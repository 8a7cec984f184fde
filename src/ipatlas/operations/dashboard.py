"""The 运营 dashboard's data (one function feeds the page and its ``.json`` twin).

Pledges by bank, region and industry (IPC section of the pledged patent) over time, the transfer
flow map (county → county and province → province, with region centroids for ECharts lines), the
university/institute → enterprise network (transfers and licences), open licences and subsidy
outcomes (subsidised patents still in force at the year end). Every figure comes from
:mod:`ipatlas.operations.stats` conventions; amounts are in 万元.
"""

from __future__ import annotations

from typing import Any

import duckdb

from ipatlas.operations.kinds import KINDS, OPERATION_KINDS
from ipatlas.operations.stats import contracts_sql, region_sql, stats, transfer_flows, year_sql

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


def _centroids(codes: set[str]) -> dict[str, dict[str, Any]]:
    from ipatlas.regions import get_registry

    reg = get_registry()
    out: dict[str, dict[str, Any]] = {}
    for c in codes:
        if c.startswith(("ABROAD:", "UNKNOWN")):
            continue
        try:
            r = reg.get(c)
        except Exception:
            continue
        if r.centroid:
            out[c] = {"name": r.name, "coord": list(r.centroid)}
    return out


def flow_map(
    con: duckdb.DuckDBPyConnection,
    *,
    level: str = "county",
    year: int | None = None,
    region: str | None = None,
) -> dict[str, Any]:
    """Flows with coordinates: ``lines`` (between placed regions) and ``outside`` (abroad/unknown)."""
    flows = transfer_flows(con, level=level, year=year, under=region)
    places = _centroids({f["source"] for f in flows} | {f["target"] for f in flows})
    lines, outside, internal = [], [], 0
    for f in flows:
        s, t = places.get(f["source"]), places.get(f["target"])
        if f["source"] == f["target"]:
            internal += f["count"]
        elif s and t:
            lines.append(
                {
                    "source": s["name"],
                    "target": t["name"],
                    "coords": [s["coord"], t["coord"]],
                    "count": f["count"],
                }
            )
        else:
            outside.append(
                {
                    "source": s["name"] if s else _outside_label(f["source"]),
                    "target": t["name"] if t else _outside_label(f["target"]),
                    "count": f["count"],
                }
            )
    return {"level": level, "lines": lines, "outside": outside, "internal": internal, "places": places}


def _outside_label(code: str) -> str:
    if code.startswith("ABROAD:"):
        return "境外（" + code.split(":", 1)[1] + "）"
    return "未解析"


def dashboard(
    con: duckdb.DuckDBPyConnection, region: str | None = None, year: int | None = None
) -> dict[str, Any]:
    """Everything the 运营 page shows for one region (county, prefecture or province) and year."""
    year = year or latest_year(con)
    where = region_sql(region)
    kpis = []
    for k in OPERATION_KINDS:
        s = stats(con, k, region=region, year=year)
        kpis.append(
            {"kind": k, "label": KINDS[k].zh, **{x: s.get(x) for x in ("count", "patents", "amount")}}
        )
    c = f"SELECT * FROM ({contracts_sql('pledges')}) WHERE start_date IS NOT NULL AND {where}"
    by_year = _rows(
        con,
        f"SELECT year(start_date) AS year, count(*) AS n, round(sum(amount), 1) AS amount FROM ({c}) "
        "GROUP BY 1 ORDER BY 1",
    )
    by_bank = _rows(
        con,
        f"SELECT pledgee AS label, count(*) AS n, round(sum(amount), 1) AS amount FROM ({c}) "
        f"WHERE {year_sql('start_date', year)} GROUP BY 1 ORDER BY n DESC, label LIMIT 15",
    )
    by_region = _rows(
        con,
        f"SELECT coalesce(adcode, city_code, province_code, '未解析') AS code, count(*) AS n, "
        f"round(sum(amount), 1) AS amount FROM ({c}) WHERE {year_sql('start_date', year)} "
        "GROUP BY 1 ORDER BY n DESC, code LIMIT 40",
    )
    for r in by_region:
        r["label"] = _region_name(r["code"]) if r["code"] != "未解析" else "未解析"
    by_industry = _rows(
        con,
        f"SELECT coalesce(substr(ipc_main, 1, 1), '?') AS section, count(*) AS n, "
        f"round(sum(amount), 1) AS amount FROM ({c}) WHERE {year_sql('start_date', year)} "
        "GROUP BY 1 ORDER BY 1",
    )
    for r in by_industry:
        r["label"] = IPC_SECTIONS.get(r["section"], "未知分类")
    network = _rows(
        con,
        f"""SELECT party AS source, counterpart AS target, kind, count(*) AS n FROM (
              SELECT from_holder AS party, to_holder AS counterpart, 'transfer' AS kind, event_date AS d,
                     from_type AS t, to_type AS ct, other_adcode AS adcode, other_city_code AS city_code,
                     other_province_code AS province_code FROM transfers
              UNION ALL
              SELECT licensor, licensee, 'licence', filing_date, holder_type, other_type, adcode, city_code,
                     province_code FROM licences)
            WHERE t IN ('university', 'institute') AND coalesce(ct, 'enterprise') = 'enterprise'
              AND {year_sql("d", year)} AND {where}
            GROUP BY ALL ORDER BY n DESC, source, target LIMIT 60""",
    )
    open_list = _rows(
        con,
        f"""SELECT o.patent_no, o.holder, o.fee, o.payment, o.term, o.declared_date, o.withdrawn_date,
                   o.is_demo,
                   (SELECT count(*) FROM licences l WHERE l.patent_no = o.patent_no
                      AND l.filing_date >= o.declared_date) AS licences
            FROM open_licences o WHERE {region_sql(region, "o.")}
              AND (o.withdrawn_date IS NULL)
            ORDER BY o.declared_date DESC, o.patent_no LIMIT 100""",
    )
    end = f"make_date({year or 2100}, 12, 31)"
    subsidy = _rows(
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
    for r in subsidy:
        r["per_valid_patent"] = round(r["amount"] / r["valid_patents"], 3) if r["valid_patents"] else None
    demo = con.execute(
        "SELECT coalesce(bool_or(is_demo), false) FROM (SELECT is_demo FROM pledges UNION ALL "
        "SELECT is_demo FROM transfers UNION ALL SELECT is_demo FROM licences)"
    ).fetchall()[0][0]
    level = "province" if region is None or region.endswith("0000") else "county"
    return {
        "region": region,
        "region_name": _region_name(region),
        "year": year,
        "is_demo": bool(demo),
        "kpis": kpis,
        "pledges_by_year": by_year,
        "pledges_by_bank": by_bank,
        "pledges_by_region": by_region,
        "pledges_by_industry": by_industry,
        "flows_county": flow_map(con, level="county", year=year, region=region),
        "flows_province": flow_map(con, level="province", year=year, region=region),
        "flow_level": level,
        "network": network,
        "open_licences": open_list,
        "subsidies": subsidy,
    }
