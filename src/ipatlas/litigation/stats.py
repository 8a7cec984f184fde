"""Court statistics over the judgment corpus: counts, plaintiff win rate, awards, representation.

The catalogue entries (``indicators/catalog.yaml``, basis ``records`` over table ``judgments``)
define the figures that appear as indicators; this module serves the CLI/page breakdowns by
court, region, year and cause and the drill-down to the judgments behind each figure.
"""

from __future__ import annotations

from typing import Any

from ipatlas.config import Settings
from ipatlas.errors import InputError
from ipatlas.litigation.corpus import TABLE
from ipatlas.store.lake import Lake

GROUPS = {
    "court": "court",
    "year": "year",
    "cause": "cause",
    "province": "province_code",
    "city": "city_code",
    "region": "adcode",
    "procedure": "procedure",
    "outcome": "outcome",
}


def court_statistics(
    settings: Settings,
    *,
    by: str = "court",
    court: str | None = None,
    year: int | None = None,
    cause: str | None = None,
    region: str | None = None,
) -> dict[str, Any]:
    """One row per group: judgments, plaintiff win rate, award median/quartiles, ratio, punitive, counsel."""
    if by not in GROUPS:
        raise InputError(f"未知分组 {by!r}；可选 {', '.join(GROUPS)}", field="by")
    lake = Lake(settings.lake_dir)
    filters = {"court": court, "year": year, "cause": cause, "region": region}
    if TABLE not in lake.manifest()["tables"]:
        return {"by": by, "filters": filters, "rows": [], "total": 0}
    where: list[str] = []
    params: list[Any] = []
    if court:
        where.append("court = ?")
        params.append(court)
    if year is not None:
        where.append("year = ?")
        params.append(int(year))
    if cause:
        where.append("cause = ?")
        params.append(cause)
    if region:
        where.append("(adcode = ? OR city_code = ? OR province_code = ?)")
        params.extend([region, region, region])
    col = GROUPS[by]
    sql = f"""
        SELECT {col} AS key,
               count(*) AS judgments,
               avg(CASE WHEN plaintiff_won THEN 1.0 WHEN plaintiff_won = false THEN 0.0 END)
                 AS plaintiff_win_rate,
               median(damages_awarded) FILTER (WHERE damages_awarded > 0) AS award_median,
               quantile_cont(damages_awarded, 0.25) FILTER (WHERE damages_awarded > 0) AS award_p25,
               quantile_cont(damages_awarded, 0.75) FILTER (WHERE damages_awarded > 0) AS award_p75,
               sum(damages_awarded) AS awarded_total,
               sum(damages_awarded) FILTER (WHERE damages_claimed > 0)
                 / nullif(sum(damages_claimed) FILTER (WHERE damages_awarded IS NOT NULL), 0)
                 AS awarded_claimed_ratio,
               count(*) FILTER (WHERE punitive_damages) AS punitive,
               avg(CASE WHEN represented THEN 1.0 ELSE 0.0 END) AS represented_share,
               bool_or(is_demo) AS has_demo
        FROM {TABLE} {("WHERE " + " AND ".join(where)) if where else ""}
        GROUP BY 1 ORDER BY judgments DESC, key NULLS LAST
    """
    con = lake.connect()
    try:
        cur = con.execute(sql, params)
        cols = [d[0] for d in cur.description]
        rows = [dict(zip(cols, r, strict=True)) for r in cur.fetchall()]
    finally:
        con.close()
    for r in rows:
        for k in (
            "plaintiff_win_rate",
            "award_median",
            "award_p25",
            "award_p75",
            "awarded_total",
            "awarded_claimed_ratio",
            "represented_share",
        ):
            if r[k] is not None:
                r[k] = round(float(r[k]), 4)
    return {"by": by, "filters": filters, "rows": rows, "total": sum(r["judgments"] for r in rows)}
