"""专利导航 industry reports in the spirit of GB/T 39551-2020 《专利导航指南》.

For one technology field (WIPO 35 fields) and one region, compared with a comparison area:
technology composition and trends, main applicants and where they are, key patents (citations,
family size), the region's strengths and gaps, and early-warning notes (competitor concentration,
fast-growing branches). Everything is computed from the patent records of the lake with DuckDB;
each table and figure lists its SQL in the appendix.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Any

import pyarrow as pa

from ipatlas import DEMO_LABEL
from ipatlas.config import Settings
from ipatlas.errors import InputError
from ipatlas.fmt import cagr, is_num, join_cn, num, pct
from ipatlas.progress import ProgressCallback, no_progress
from ipatlas.regions.hierarchy import region_filter
from ipatlas.reports import charts, wording
from ipatlas.reports.data import RegionRef
from ipatlas.reports.document import Column, Figure, Report, ReportBuilder, Table, Trace
from ipatlas.reports.industries import Industry, concordance, get_industry
from ipatlas.reports.maps import MapSpec, draw_map
from ipatlas.store.schema import APPLICANT_TYPE_LABELS, LEGAL_STATUS_LABELS

WINDOW = 5  # recent years for composition and applicants
TREND_YEARS = 10
MIN_BRANCH = 5  # smallest branch size for growth statements


def region_scope(con: Any, name: str, settings: Settings, ref: RegionRef | None) -> str:
    """SQL condition selecting the records attributed to ``ref`` (None = every record): the region
    filter of :func:`ipatlas.regions.hierarchy.region_filter` (values as parameters), run once into
    the temporary table ``name`` of application numbers that the report's queries then read."""
    if ref is None:
        return "TRUE"
    cond, params = region_filter(settings, ref.code)
    con.execute(f'CREATE OR REPLACE TEMP TABLE "{name}" AS SELECT app_no FROM patents WHERE {cond}', params)
    return f'app_no IN (SELECT app_no FROM "{name}")'


@dataclass
class Branch:
    group: str  # IPC main group, e.g. "G06F 16/" (with a no-break space, so prose never splits it)
    counts: dict[int, int]
    total: int
    compare_total: int
    growth: float | None
    compare_growth: float | None
    share: float | None  # of the region's field total in the window
    compare_share: float | None


@dataclass
class NavApplicant:
    name: str
    kind: str
    county: str
    applications: int
    inventions: int
    valid: int
    in_region: bool = True


@dataclass
class KeyPatent:
    app_no: str
    title: str
    applicant: str
    filing_date: str
    cited_by: int | None
    family: int | None
    status: str


@dataclass
class NavigationData:
    industry: Industry
    region: RegionRef
    compare: RegionRef | None
    compare_name: str
    year: int
    years: list[int]
    is_demo: bool
    organisation: str
    trend: dict[int, dict[str, int]]  # year → apps, inventions, grants (region)
    compare_trend: dict[int, int]
    totals: dict[str, float | None]
    compare_totals: dict[str, float | None]
    branches: list[Branch]
    applicants: list[NavApplicant]
    compare_applicants: list[NavApplicant]
    distribution: dict[str, int]  # county code → applications in the window
    units: list[RegionRef]
    geometries: dict[str, Any]
    key_patents: list[KeyPatent]
    queries: dict[str, str] = field(default_factory=dict)

    @property
    def window(self) -> tuple[int, int]:
        return self.year - WINDOW + 1, self.year


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


def _valid_inventions(settings: Settings, ref: RegionRef | None, year: int, field_id: str) -> dict[str, int]:
    """First applicant → valid inventions of the field at the end of ``year`` in the region (None =
    every province of the cube): the records behind the cube's ``pat_valid_invention``, so that
    their sum is the catalogue's figure."""
    from ipatlas.indicators import ranking, records

    codes = (
        [ref.code]
        if ref is not None
        else [r["region_code"] for r in ranking(settings, "province", None, year, "pat_valid_invention")]
    )
    out: dict[str, int] = {}
    for code in codes:
        page = records(settings, code, year, "pat_valid_invention", industry=field_id, limit=None)
        for item in page.items:
            key = str(item.get("first_applicant") or "")
            out[key] = out.get(key, 0) + 1
    return out


# The report's counts are catalogue indicators read from the cube (one truth with every page):
# applications, inventions and PCT applications by application year, grants by grant year.
WINDOW_INDICATORS = {
    "applications": "pat_app_total",
    "inventions": "pat_app_invention",
    "pct": "pct_app",
    "grants": "pat_grant_total",
    "invention_grants": "pat_grant_invention",
}


def _cube_codes(settings: Settings, ref: RegionRef | None) -> list[str]:
    """The cube regions whose sum is ``ref`` (None = every province of the cube)."""
    if ref is not None:
        return [ref.code]
    from ipatlas.indicators.cube.reader import regions_table

    return [r["code"] for r in regions_table(settings).to_pylist() if r["level"] == "province"]


def cube_counts(
    settings: Settings, codes: list[str], industry: str, years: list[int]
) -> dict[str, dict[str, dict[int, int]]]:
    """key of ``WINDOW_INDICATORS`` → region code → year → the cube's value (missing = 0)."""
    from ipatlas.indicators import cube_slice

    by_id = {iid: key for key, iid in WINDOW_INDICATORS.items()}
    out: dict[str, dict[str, dict[int, int]]] = {k: {c: {} for c in codes} for k in WINDOW_INDICATORS}
    rows = cube_slice(settings, regions=codes, indicators=list(by_id), years=years, industries=[industry])
    for r in rows:
        if r["value"] is not None:
            out[by_id[r["indicator"]]][r["region_code"]][int(r["year"])] = int(r["value"])
    return out


def _summed(counts: dict[str, dict[int, int]], years: list[int]) -> dict[int, int]:
    """Year → the sum over the regions."""
    return {y: sum(by_year.get(y, 0) for by_year in counts.values()) for y in years}


def _cagr(counts: dict[int, int], year: int, span: int = 3) -> float | None:
    return cagr(counts.get(year - span, 0), counts.get(year, 0), span, min_base=MIN_BRANCH)


def _comparator(ref: RegionRef, compare: str | None, settings: Settings) -> tuple[RegionRef | None, str]:
    """The comparison area (None = every record of the library) and its name."""
    from ipatlas.reports.regions import parent_ref, region_ref

    if compare:
        cmp_ref = None if compare.lower() in ("all", "全部", "cn", "全国") else region_ref(compare, settings)
    else:
        cmp_ref = parent_ref(ref.code) if ref.level in ("county", "city") else None
    return cmp_ref, cmp_ref.name if cmp_ref else "资源库全部地区"


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


@dataclass
class _Counts:
    """The cube's counts of the field (and of all fields) for the region's and comparator's codes."""

    field: dict[str, dict[str, dict[int, int]]]
    every: dict[str, dict[str, dict[int, int]]]
    years: list[int]

    def yearly(self, key: str, codes: list[str], *, every: bool = False) -> dict[int, int]:
        counts = self.every if every else self.field
        return _summed({c: counts[key][c] for c in codes}, self.years)

    def in_window(self, key: str, codes: list[str], window: range, *, every: bool = False) -> int:
        by_year = self.yearly(key, codes, every=every)
        return sum(by_year[y] for y in window)


def _trend(counts: _Counts, codes: list[str]) -> dict[int, dict[str, int]]:
    apps, inv = counts.yearly("applications", codes), counts.yearly("inventions", codes)
    grants = counts.yearly("grants", codes)
    return {
        y: {"apps": apps[y], "inventions": inv[y], "grants": grants[y]}
        for y in counts.years
        if apps[y] or inv[y]
    }


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


def gather_navigation(
    settings: Settings,
    industry: str,
    region: str,
    *,
    year: int | None = None,
    compare: str | None = None,
    progress: ProgressCallback = no_progress,
) -> NavigationData:
    from ipatlas.reports.regions import comparison_units, geometries, region_ref
    from ipatlas.store.lake import Lake

    ind = get_industry(industry)
    ref = region_ref(region, settings)
    cmp_ref, compare_name = _comparator(ref, compare, settings)
    progress(0, 6, "读取专利数据")
    con = Lake(settings.lake_dir).connect()
    rf = region_scope(con, "__region", settings, ref)
    cf = region_scope(con, "__compare", settings, cmp_ref)
    is_demo, latest = _field_records(con, ind)
    year = latest if year is None else year
    years = list(range(year - TREND_YEARS + 1, year + 1))
    w0 = year - WINDOW + 1
    window = range(w0, year + 1)
    progress(1, 6, "技术构成")

    field_id = f"wipo:{ind.id}"
    region_codes, compare_codes = _cube_codes(settings, ref), _cube_codes(settings, cmp_ref)
    codes = region_codes + compare_codes
    counts = _Counts(
        cube_counts(settings, codes, field_id, years), cube_counts(settings, codes, "ALL", years), years
    )
    queries: dict[str, str] = {
        "trend": f"cube_slice(regions={region_codes}, indicators=[pat_app_total, pat_app_invention, "
        f"pat_grant_total], industries=[{field_id}], years={years[0]}–{year})",
        "compare_trend": f"cube_slice(regions={compare_codes[:5]}{'…' if len(compare_codes) > 5 else ''}, "
        f"indicators=[pat_app_total], industries=[{field_id}])",
        "totals": f"sum over {w0}–{year} of the cube's pat_app_total, pat_app_invention, pct_app, "
        f"pat_grant_invention (industry {field_id} and ALL); averages over the field's records",
        "applicants": f"SELECT first_applicant, count(*) FROM __ind WHERE {rf} AND filing year "
        f"{w0}–{year} GROUP BY 1 ORDER BY 2 DESC LIMIT 15",
    }
    tot, ctot = (
        _totals(con, rf, region_codes, counts, window),
        _totals(con, cf, compare_codes, counts, window),
    )
    # valid inventions: the catalogue's year-end stock (term and legal status), from the cube
    valid = _valid_inventions(settings, ref, year, field_id)
    cvalid = _valid_inventions(settings, cmp_ref, year, field_id)
    tot["valid_inventions"], ctot["valid_inventions"] = sum(valid.values()), sum(cvalid.values())
    progress(2, 6, "技术分支")
    branches, queries["branches"] = _branches(con, rf, cf, year, w0, tot, ctot)
    progress(3, 6, "创新主体")
    apps = _applicants(con, rf, rf, window, 15, valid)
    capps = _applicants(con, rf, cf, window, 10, cvalid)
    progress(4, 6, "区域分布与重点专利")
    scope, units = comparison_units(ref, settings)
    unit_counts = cube_counts(settings, [u.code for u in units], field_id, list(window))["applications"]
    queries["distribution"] = (
        f"cube_slice(regions=<{len(units)} units>, indicators=[pat_app_total], industries=[{field_id}])"
    )
    keys, queries["key_patents"] = _key_patents(con, rf)
    con.close()
    progress(5, 6, "生成报告")
    return NavigationData(
        industry=ind,
        region=ref,
        compare=cmp_ref,
        compare_name=compare_name,
        year=year,
        years=years,
        is_demo=is_demo,
        organisation=f"{scope.name if ref.level == 'county' else ref.name}知识产权局",
        trend=_trend(counts, region_codes),
        compare_trend=counts.yearly("applications", compare_codes),
        totals=tot,
        compare_totals=ctot,
        branches=branches,
        applicants=apps,
        compare_applicants=capps,
        distribution={code: sum(by_year.values()) for code, by_year in unit_counts.items() if by_year},
        units=units,
        geometries=geometries(units) if units else {},
        key_patents=keys,
        queries=queries,
    )


class _Navigation:
    """The 专利导航 report, chapter by chapter (one method each)."""

    def __init__(self, data: NavigationData) -> None:
        d = data
        ind, R, Y = d.industry, d.region.name, d.year
        w0, _ = d.window
        C = d.compare_name
        rb = ReportBuilder(
            f"{R}{ind.name}产业专利导航报告",
            f"（{Y}年）",
            organisation=d.organisation,
            is_demo=d.is_demo,
            kind="navigation",
        )
        rb.report.cover_lines = [
            f"技术领域：{ind.name}（WIPO技术领域{ind.id}，{ind.sector}）",
            f"比较区域：{C}",
            f"分析窗口：{w0}—{Y}年（按申请日）",
        ]
        rb.report.meta = {
            "industry": ind.id,
            "industry_name": ind.name,
            "region": d.region.code,
            "year": Y,
            "compare": d.compare.code if d.compare else "all",
        }
        src = "ipatlas 专利资源库（按第一申请人地址归属，主IPC整体计数）" + (
            f"；{DEMO_LABEL}" if d.is_demo else ""
        )

        def trace(key: str, name: str) -> list[Trace]:
            q = " ".join(d.queries.get(key, "").split())
            return [
                Trace(f"nav:{key}", name, q, source="ipatlas 专利资源库；WIPO IPC—技术领域对照表（2014修订）")
            ]

        t, ct = d.totals, d.compare_totals
        self.d, self.rb, self.ind, self.R, self.Y, self.w0, self.C = d, rb, ind, R, Y, w0, C
        self.src, self.t, self.ct, self.trace = src, t, ct, trace

    def overview(self) -> None:
        d, rb, ind, R, Y, w0, C = self.d, self.rb, self.ind, self.R, self.Y, self.w0, self.C
        src, t, ct, trace = self.src, self.t, self.ct, self.trace
        # ---- 一、产业专利总体态势
        rb.chapter("产业专利总体态势")
        rb.section("申请趋势")
        apps_series = [d.trend.get(y, {}).get("apps", 0) for y in d.years]
        inv_series = [d.trend.get(y, {}).get("inventions", 0) for y in d.years]
        first = next((i for i, v in enumerate(apps_series) if v), None)
        lab = rb.next_figure_label()
        text = (
            f"{w0}—{Y}年，{R}{ind.name}领域共申请专利{int(t['applications'] or 0)}件"
            f"，其中发明专利{int(t['inventions'] or 0)}件"
        )
        if is_num(t["invention_share"]):
            text += f"，发明专利占{pct(t['invention_share'])}"
        text += f"；同期{C}该领域申请{int(ct['applications'] or 0)}件"
        if ct["applications"]:
            text += f"，{R}占{pct((t['applications'] or 0) / ct['applications'])}"  # type: ignore[operator]
        text += "。"
        if first is not None and apps_series[-1]:
            span = len(apps_series) - 1 - first
            rate = cagr(apps_series[first], apps_series[-1], span)
            if rate is not None:
                text += f"{d.years[first]}—{Y}年年均增长{pct(rate)}（见{lab}）。"
        rb.para(text)
        png = charts.bar_line(d.years, apps_series, "专利申请量", "件", inv_series, "其中发明专利", "件")
        rb.figure(
            Figure(
                f"{d.years[0]}—{Y}年{R}{ind.name}领域专利申请趋势",
                png,
                source=src,
                traces=trace("trend", "分年度专利申请量"),
            )
        )
        rb.section("在本地产业中的地位")
        fs, cfs = t["field_share"], ct["field_share"]
        rta = fs / cfs if is_num(fs) and is_num(cfs) and cfs else None  # type: ignore[operator]
        text = f"{w0}—{Y}年{ind.name}领域专利申请占{R}全部专利申请的{pct(fs)}"
        if is_num(cfs):
            text += f"，{C}为{pct(cfs)}"
        # RTA is against the comparator, named; a comparator that is mostly the region itself (the
        # library holds little else) makes RTA ≈ 1 by construction: say so instead of ranking.
        mine, theirs = t.get("all_applications"), ct.get("all_applications")
        self_share = mine / theirs if mine is not None and theirs else None
        if rta is not None and self_share is not None and wording.comparator_is_self(self_share):
            text += (
                f"。比较区域（{C}）的专利申请中{pct(self_share)}来自{R}本身，显示性技术优势指数（RTA）"
                f"恒接近1，不能说明相对优势；请导入全国或所在省份的专利数据，以全国或省份为比较区域后再判断。"
            )
        elif rta is not None:
            v = wording.rta(rta)
            text += f"，与{C}相比的显示性技术优势指数（RTA）为{num(rta, 2)}，" + (
                "该领域是相对优势领域。"
                if v.key == "advantage"
                else f"与{C}水平相当。"
                if v.key == "par"
                else f"相对{C}处于弱势。"
            )
        else:
            text += "。"
        rb.para(text)
        rb.table(
            Table(
                f"{R}与{C}{ind.name}领域主要指标比较（{w0}—{Y}年）",
                [Column("指标"), Column(R), Column(C)],
                [
                    ["专利申请量（件）", _i(t["applications"]), _i(ct["applications"])],
                    ["发明专利申请量（件）", _i(t["inventions"]), _i(ct["inventions"])],
                    ["发明专利占比（%）", _p(t["invention_share"]), _p(ct["invention_share"])],
                    ["有效发明专利（件）", _i(t["valid_inventions"]), _i(ct["valid_inventions"])],
                    ["PCT申请占比（%）", _p(t["pct_share"]), _p(ct["pct_share"])],
                    ["件均被引证次数", _f(t["avg_cited"]), _f(ct["avg_cited"])],
                    ["件均同族国家数", _f(t["avg_family"]), _f(ct["avg_family"])],
                    ["申请人数量（个）", _i(t["applicants"]), _i(ct["applicants"])],
                    ["占本地全部专利申请比重（%）", _p(t["field_share"]), _p(ct["field_share"])],
                ],
                source=src,
                traces=trace("totals", "领域汇总指标"),
                note=f"有效发明专利为{Y}年末有效量（专利期限与法律状态，指标体系 pat_valid_invention）。",
            )
        )

    def technology(self) -> None:
        d, rb, ind, R, Y, w0, C = self.d, self.rb, self.ind, self.R, self.Y, self.w0, self.C
        src, trace = self.src, self.trace
        # ---- 二、技术构成与发展趋势
        rb.chapter("技术构成与发展趋势")
        top = [b for b in d.branches if b.total > 0][:10]
        rb.section("技术分支构成")
        if top:
            lab = rb.next_figure_label()
            rb.para(
                f"按IPC大组划分，{R}{ind.name}领域专利主要集中在"
                + join_cn([f"{b.group}（{b.total}件，占{pct(b.share)}）" for b in top[:5]])
                + f"等技术分支（见{lab}）。"
            )
            png = charts.hbar(
                [b.group for b in top], [b.total for b in top], "件", f"{w0}—{Y}年专利申请量", decimals=0
            )
            rb.figure(
                Figure(
                    f"{R}{ind.name}领域主要技术分支（IPC大组）",
                    png,
                    source=src,
                    traces=trace("branches", "IPC大组分布"),
                )
            )
        else:
            rb.para(f"{w0}—{Y}年{R}在该领域没有专利申请。")
        rb.section("快速成长的技术分支")
        fast = sorted(
            (b for b in d.branches if b.compare_growth is not None and b.compare_total >= 2 * MIN_BRANCH),
            key=lambda b: -(b.compare_growth or 0),
        )[:8]
        if fast:
            rb.para(
                f"从{C}看，近三年增长最快的技术分支为"
                + join_cn([f"{b.group}（年均{pct(b.compare_growth)}）" for b in fast[:5]])
                + "。"
            )
            rb.table(
                Table(
                    f"{ind.name}领域快速成长技术分支（{Y - 3}—{Y}年）",
                    [
                        Column("IPC大组"),
                        Column(f"{C}年均增长率", "%", "pct"),
                        Column(f"{R}年均增长率", "%", "pct"),
                        Column(f"{R}占比", "%", "pct"),
                        Column(f"{C}占比", "%", "pct"),
                        Column(f"{R}申请量", "件", "int"),
                    ],
                    [[b.group, b.compare_growth, b.growth, b.share, b.compare_share, b.total] for b in fast],
                    source=src,
                    traces=trace("branches", "IPC大组增长率"),
                    note=f"年均增长率为{Y - 3}—{Y}年复合增长率，基年申请量少于{MIN_BRANCH}件的分支不计算"
                    f"；占比为{w0}—{Y}年占该领域的比重。",
                    font_pt=9,
                )
            )
        else:
            rb.para("各技术分支规模较小，暂不计算增长率。")

        self.fast = fast

    def applicants(self) -> None:
        d, rb, ind, R, Y, w0, src = self.d, self.rb, self.ind, self.R, self.Y, self.w0, self.src
        t, trace = self.t, self.trace
        # ---- 三、创新主体分析
        rb.chapter("创新主体分析")
        rb.section("主要申请人")
        if d.applicants:
            total = t["applications"] or 0
            top1 = d.applicants[0]
            top5 = sum(a.applications for a in d.applicants[:5])
            rb.para(
                f"{w0}—{Y}年，{R}{ind.name}领域申请量最多的是{top1.name}（{top1.applications}件），"
                f"前5位申请人合计占{pct(top5 / total if total else None)}。"
            )
            rb.table(
                Table(
                    f"{R}{ind.name}领域主要申请人（{w0}—{Y}年）",
                    [
                        Column("排名", kind="rank"),
                        Column("申请人"),
                        Column("类型"),
                        Column("所在区县"),
                        Column("申请量", "件", "int"),
                        Column("发明专利", "件", "int"),
                        Column("有效发明", "件", "int"),
                    ],
                    [
                        [i, a.name, a.kind, a.county, a.applications, a.inventions, a.valid]
                        for i, a in enumerate(d.applicants, start=1)
                    ],
                    source=src,
                    traces=trace("applicants", "主要申请人"),
                    font_pt=9,
                )
            )
        rb.section("区域分布")
        names = {u.code: u.name for u in d.units}
        dist = {c: v for c, v in d.distribution.items() if c in names}
        if dist and d.geometries:
            ranked = sorted(dist.items(), key=lambda kv: -kv[1])
            lab = rb.next_figure_label()
            rb.para(
                "从区县分布看，该领域专利申请主要集中在"
                + join_cn([f"{names[c]}（{n}件）" for c, n in ranked[:5]])
                + f"（见{lab}）。"
            )
            spec = MapSpec(
                title=f"{ind.name}领域专利申请区县分布（{w0}—{Y}年）",
                unit="件",
                decimals=0,
                source="ipatlas 专利资源库",
                is_demo=d.is_demo,
                highlight=(d.region.code,) if d.region.level == "county" else (),
            )
            png = draw_map(d.geometries, {c: float(dist.get(c, 0)) for c in names}, names, spec)
            rb.figure(
                Figure(
                    f"{ind.name}领域专利申请区县分布（{w0}—{Y}年）",
                    png,
                    source=src,
                    traces=trace("distribution", "区县分布"),
                )
            )
        else:
            rb.para("暂无可绘制的区县分布数据。")

    def key_patents(self) -> None:
        d, rb, ind, R, src, trace = self.d, self.rb, self.ind, self.R, self.src, self.trace
        # ---- 四、重点专利
        rb.chapter("重点专利")
        if d.key_patents:
            kp = d.key_patents[0]
            rb.para(
                f"按被引证次数和同族国家数遴选，{R}该领域的重点专利见{rb.next_table_label()}；"
                f"被引证最多的是{kp.applicant}的“{kp.title}”（{kp.app_no}），被引证{kp.cited_by or 0}次。"
            )
            rb.table(
                Table(
                    f"{R}{ind.name}领域重点专利",
                    [
                        Column("申请号"),
                        Column("名称"),
                        Column("第一申请人"),
                        Column("申请日"),
                        Column("被引证", "次", "int"),
                        Column("同族国家", "个", "int"),
                        Column("法律状态"),
                    ],
                    [
                        [k.app_no, k.title, k.applicant, k.filing_date, k.cited_by, k.family, k.status]
                        for k in d.key_patents
                    ],
                    source=src,
                    traces=trace("key_patents", "重点专利"),
                    font_pt=8,
                )
            )
        else:
            rb.para("暂无重点专利。")

    def advantages(self) -> None:
        d, rb, R, C, t, ct = self.d, self.rb, self.R, self.C, self.t, self.ct
        # ---- 五、优势与差距
        rb.chapter("比较优势与差距")
        strengths = [
            b
            for b in d.branches
            if b.total >= MIN_BRANCH
            and is_num(b.share)
            and is_num(b.compare_share)
            and (b.compare_share or 0) > 0
            and (b.share or 0) / (b.compare_share or 1) >= 1.2
        ]
        gaps = [
            b
            for b in d.branches
            if b.compare_total >= 2 * MIN_BRANCH
            and is_num(b.compare_share)
            and (b.compare_share or 0) > 0
            and (b.share or 0) / (b.compare_share or 1) < 0.8
        ]
        strengths.sort(key=lambda b: -((b.share or 0) / (b.compare_share or 1)))
        gaps.sort(key=lambda b: -(b.compare_total))
        rb.section("优势技术分支")
        if d.compare is None and ct["applications"] == t["applications"]:
            rb.para("比较区域与分析区域的数据相同，本节以分析区域内部结构说明。")
        if strengths:
            rb.para(
                f"与{C}相比，{R}在"
                + join_cn(
                    [f"{b.group}（占比{pct(b.share)}，{C}{pct(b.compare_share)}）" for b in strengths[:5]]
                )
                + "等分支的比重明显较高，具有相对优势。"
            )
        else:
            rb.para(f"与{C}相比，{R}暂无比重明显较高的技术分支。")
        rb.section("差距与短板")
        if gaps:
            rb.para(
                f"{C}的重要分支中，{R}在"
                + join_cn([f"{b.group}（{R}{pct(b.share)}，{C}{pct(b.compare_share)}）" for b in gaps[:5]])
                + "等分支比重偏低，存在布局短板。"
            )
        else:
            rb.para(f"{R}在{C}的主要技术分支上比重均不低于其0.8倍，未发现明显短板。")

        self.strengths, self.gaps = strengths, gaps

    def warnings(self) -> None:
        d, rb, R, C, t, ct = self.d, self.rb, self.R, self.C, self.t, self.ct
        fast = self.fast
        # ---- 六、预警提示
        rb.chapter("预警提示")
        warnings: list[str] = []
        ctotal = ct["applications"] or 0
        if d.compare_applicants and ctotal:
            leader = d.compare_applicants[0]
            share = leader.applications / ctotal
            top5_share = sum(a.applications for a in d.compare_applicants[:5]) / ctotal
            if share >= 0.2 or top5_share >= 0.5:
                warnings.append(
                    f"竞争主体集中：{C}该领域申请量最多的{leader.name}占{pct(share)}，前5位申请人合计占{pct(top5_share)}，"
                    "技术资源集中于少数主体，需关注其专利布局对本地企业的制约风险。"
                )
            outside = [a for a in d.compare_applicants[:5] if not a.in_region]
            if outside:
                warnings.append(
                    "区外竞争者："
                    + join_cn([f"{a.name}（{a.applications}件）" for a in outside[:3]])
                    + f"在{C}该领域申请量居前，应跟踪其技术动向。"
                )
        if d.applicants and t["applications"]:
            local = d.applicants[0].applications / (t["applications"] or 1)
            if local >= 0.3:
                warnings.append(
                    f"本地依赖单一主体：{d.applicants[0].name}占{R}该领域申请量的{pct(local)}，创新主体多元化不足。"
                )
        if fast:
            weak_fast = [b for b in fast if (b.share or 0) < (b.compare_share or 0)]
            if weak_fast:
                warnings.append(
                    "快速成长分支布局不足："
                    + join_cn([b.group for b in weak_fast[:3]])
                    + f"等分支在{C}增长较快，但{R}比重低于比较区域，应加快前瞻布局。"
                )
        if not warnings:
            warnings.append("未发现需要预警的竞争主体集中或快速成长分支布局不足情况。")
        for i, w in enumerate(warnings, start=1):
            rb.para(w, lead=f"{i}．")

    def suggestions(self) -> None:
        d, rb = self.d, self.rb
        strengths, gaps = self.strengths, self.gaps
        # ---- 七、导航建议
        rb.chapter("导航建议")
        tips = []
        if strengths:
            tips.append(
                (
                    "巩固优势分支",
                    f"围绕{join_cn([b.group for b in strengths[:3]])}等优势分支，"
                    "支持龙头企业构建高价值专利组合，开展专利导航和标准化布局。",
                )
            )
        if gaps:
            tips.append(
                (
                    "补齐技术短板",
                    f"针对{join_cn([b.group for b in gaps[:3]])}等短板分支"
                    f"，通过引进人才、协同研发和专利许可转让等方式补强。",
                )
            )
        if d.applicants:
            tips.append(
                (
                    "培育创新主体",
                    f"发挥{d.applicants[0].name}等主要申请人的带动作用，推动产学研协同和中小企业知识产权能力提升。",
                )
            )
        tips.append(
            (
                "加强动态监测",
                "依托平台按年度更新专利数据，跟踪竞争主体和新兴技术分支，及时调整产业知识产权布局。",
            )
        )
        for title, text in tips:
            rb.section(title)
            rb.para(text)

    def appendix(self) -> None:
        rb, src = self.rb, self.src
        rb.chapter("附录　数据说明与查询", numbered=False)
        rb.para(
            "技术领域按世界知识产权组织（WIPO）IPC—技术领域对照表（Schmoch 2008，2014年修订）"
            "以主分类号最长前缀匹配确定；"
            "地区按第一申请人地址归属；年度按申请日。下表列出各图表的查询。"
        )
        rows = []
        seen = set()
        for where, tr in rb.traces:
            if (where, tr.query) in seen:
                continue
            seen.add((where, tr.query))
            rows.append([where, tr.name, tr.query])
        rb.table(
            Table(
                "图表数据查询",
                [Column("位置"), Column("内容"), Column("查询（DuckDB SQL）")],
                rows,
                source=src,
                font_pt=7,
            )
        )


def build_navigation(data: NavigationData) -> Report:
    nav = _Navigation(data)
    for chapter in (
        nav.overview,
        nav.technology,
        nav.applicants,
        nav.key_patents,
        nav.advantages,
        nav.warnings,
        nav.suggestions,
        nav.appendix,
    ):
        chapter()
    rb = nav.rb
    return rb.build()


def _i(v: Any) -> str | None:
    return None if not is_num(v) else f"{int(v)}"


def _p(v: Any) -> str | None:
    return None if not is_num(v) else f"{v * 100:.1f}"


def _f(v: Any) -> str | None:
    return None if not is_num(v) or (isinstance(v, float) and math.isnan(v)) else f"{v:.2f}"


__all__ = ["NavigationData", "build_navigation", "gather_navigation"]
