"""DuckDB queries over the field's patent records in the lake: the region filter, the field's
records, descriptive totals, IPC branches, applicants and key patents (each with its SQL)."""

from __future__ import annotations

from typing import Any

import pyarrow as pa

from ipatlas.config import Settings
from ipatlas.errors import InputError
from ipatlas.fmt import cagr
from ipatlas.regions.hierarchy import region_filter
from ipatlas.reports.data import RegionRef
from ipatlas.reports.industries import Industry, concordance
from ipatlas.reports.navigation.cube import _Counts
from ipatlas.reports.navigation.data import MIN_BRANCH, Branch, KeyPatent, NavApplicant
from ipatlas.store.schema import APPLICANT_TYPE_LABELS, LEGAL_STATUS_LABELS


def region_scope(con: Any, name: str, settings: Settings, ref: RegionRef | None) -> str:
    """SQL condition selecting the records attributed to ``ref`` (None = every record): the region
    filter of :func:`ipatlas.regions.hierarchy.region_filter` (values as parameters), run once into
    the temporary table ``name`` of application numbers that the report's queries then read."""
    if ref is None:
        return "TRUE"
    cond, params = region_filter(settings, ref.code)
    con.execute(f'CREATE OR REPLACE TEMP TABLE "{name}" AS SELECT app_no FROM patents WHERE {cond}', params)
    return f'app_no IN (SELECT app_no FROM "{name}")'


def _field_sql() -> str:
    """(app_no, field): the field of the longest concordance prefix matching each main IPC."""
    return """
        SELECT app_no, field FROM (
            SELECT p.app_no, c.field,
                   row_number() OVER (PARTITION BY p.app_no ORDER BY length(c.prefix) DESC, c.field) AS rn
            FROM patents p JOIN __wipo c
              ON substr(p.ipc_main, 1, 4) = c.subclass AND starts_with(p.ipc_main, c.prefix)
        ) WHERE rn = 1
    """


def _cagr(counts: dict[int, int], year: int, span: int = 3) -> float | None:
    return cagr(counts.get(year - span, 0), counts.get(year, 0), span, min_base=MIN_BRANCH)


def _field_records(con: Any, ind: Industry) -> tuple[bool, int]:
    """Temporary table ``__ind``: the field's patent records (with their filing year ``fy``);
    returns (is_demo, latest filing year)."""
    conc = pa.table(
        {
            "field": [f for f, _ in concordance()],
            "prefix": [p for _, p in concordance()],
            "subclass": [p[:4] for _, p in concordance()],
        }
    )
    con.register("__wipo", conc)
    con.execute(f"CREATE TEMP TABLE __field AS {_field_sql()}")
    base = """SELECT p.*, year(p.filing_date) AS fy FROM patents p JOIN __field f USING (app_no)
               WHERE f.field = ?"""
    con.execute(f"CREATE TEMP TABLE __ind AS {base}", [ind.id])
    demo_row = con.execute("SELECT bool_or(is_demo), max(fy), count(*) FROM __ind").fetchone()
    if not demo_row or not demo_row[2]:
        raise InputError(f"库内没有属于技术领域“{ind.name}”的专利记录", field="industry")
    return bool(demo_row[0]), int(demo_row[1])


def _totals(con: Any, flt: str, codes: list[str], counts: _Counts, window: range) -> dict[str, float | None]:
    """The window's counts (the cube's) and the field records' descriptive statistics."""
    apps, inventions = (
        counts.in_window("applications", codes, window),
        counts.in_window("inventions", codes, window),
    )
    pct_apps = counts.in_window("pct", codes, window)
    all_apps = counts.in_window("applications", codes, window, every=True)
    # descriptive statistics of the field's records (not counts): citations, families, applicants
    row = con.execute(f"""
        SELECT avg(cited_by), avg(family_countries), count(DISTINCT first_applicant)
        FROM __ind WHERE {flt} AND fy BETWEEN {window.start} AND {window.stop - 1}""").fetchone()
    assert row is not None
    return {
        "applications": apps,
        "inventions": inventions,
        "pct": pct_apps,
        "invention_grants": counts.in_window("invention_grants", codes, window),
        "avg_cited": float(row[0]) if row[0] is not None else None,
        "avg_family": float(row[1]) if row[1] is not None else None,
        "applicants": int(row[2]),
        "all_applications": all_apps,
        "field_share": apps / all_apps if all_apps else None,
        "invention_share": inventions / apps if apps else None,
        "pct_share": pct_apps / apps if apps else None,
    }


def _branches(
    con: Any, rf: str, cf: str, year: int, w0: int, tot: dict[str, Any], ctot: dict[str, Any]
) -> tuple[list[Branch], str]:
    """IPC main groups of the field: counts by year, growth and share in the window."""
    q_branch = f"""SELECT regexp_extract(ipc_main, '^([A-H][0-9]{{2}}[A-Z] [0-9]+/)', 1) AS grp, fy,
                      count(*) FILTER (WHERE {rf}) AS n, count(*) FILTER (WHERE {cf}) AS cn
                   FROM __ind WHERE fy BETWEEN {year - 3} AND {year} OR fy BETWEEN {w0} AND {year}
                   GROUP BY 1, 2"""
    raw: dict[str, dict[int, tuple[int, int]]] = {}
    for grp, fy, n, cn in con.execute(q_branch).fetchall():
        if grp:
            raw.setdefault(str(grp).replace(" ", "\u00a0"), {})[int(fy)] = (int(n), int(cn))
    branches = []
    for grp, by_year in raw.items():
        counts = {y: v[0] for y, v in by_year.items()}
        ccounts = {y: v[1] for y, v in by_year.items()}
        total = sum(v for y, v in counts.items() if w0 <= y <= year)
        ctotal = sum(v for y, v in ccounts.items() if w0 <= y <= year)
        branches.append(
            Branch(
                grp,
                counts,
                total,
                ctotal,
                _cagr(counts, year),
                _cagr(ccounts, year),
                total / tot["applications"] if tot["applications"] else None,
                ctotal / ctot["applications"] if ctot["applications"] else None,
            )
        )
    branches.sort(key=lambda b: (-b.total, -b.compare_total, b.group))
    return branches, q_branch


def _applicants(
    con: Any, rf: str, flt: str, window: range, limit: int, valid: dict[str, int]
) -> list[NavApplicant]:
    """The field's main first applicants in the window (``rf`` marks those inside the region)."""
    from ipatlas.reports.regions import region_ref

    rows = con.execute(f"""
        SELECT first_applicant, any_value(applicant_type), mode(adcode), count(*),
               count(*) FILTER (WHERE kind = 'invention'),
               bool_or({rf})
        FROM __ind WHERE {flt} AND fy BETWEEN {window.start} AND {window.stop - 1}
          AND first_applicant IS NOT NULL
        GROUP BY 1 ORDER BY 4 DESC, 1 LIMIT {limit}""").fetchall()
    out = []
    for name, kind, adcode, n, inv, inside in rows:
        county = ""
        if adcode:
            try:
                county = region_ref(adcode).name
            except Exception:
                county = str(adcode)
        out.append(
            NavApplicant(
                str(name),
                APPLICANT_TYPE_LABELS.get(kind or "", kind or "—"),
                county,
                int(n),
                int(inv),
                valid.get(str(name), 0),
                bool(inside),
            )
        )
    return out


def _key_patents(con: Any, rf: str) -> tuple[list[KeyPatent], str]:
    """The region's most cited patents of the field (then family size)."""
    q_key = f"""SELECT app_no, title, first_applicant, filing_date, cited_by, family_countries, legal_status
                FROM __ind WHERE {rf}
                ORDER BY coalesce(cited_by, 0) DESC, coalesce(family_countries, 0) DESC, filing_date, app_no
                LIMIT 15"""
    keys = [
        KeyPatent(
            str(a),
            str(t or ""),
            str(fa or ""),
            str(fd or ""),
            c,
            f,
            LEGAL_STATUS_LABELS.get(s or "", s or "—"),
        )
        for a, t, fa, fd, c, f, s in con.execute(q_key).fetchall()
    ]
    return keys, q_key
