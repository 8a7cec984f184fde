"""Gather the navigation report's data: the comparison area, then cube counts and record queries."""

from __future__ import annotations

from ipatlas.config import Settings
from ipatlas.progress import ProgressCallback, no_progress
from ipatlas.reports.data import RegionRef
from ipatlas.reports.industries import get_industry
from ipatlas.reports.navigation.cube import _Counts, _cube_codes, _trend, _valid_inventions, cube_counts
from ipatlas.reports.navigation.data import TREND_YEARS, WINDOW, NavigationData
from ipatlas.reports.navigation.records import (
    _applicants,
    _branches,
    _field_records,
    _key_patents,
    _totals,
    region_scope,
)


def _comparator(ref: RegionRef, compare: str | None, settings: Settings) -> tuple[RegionRef | None, str]:
    """The comparison area (None = every record of the library) and its name."""
    from ipatlas.reports.regions import parent_ref, region_ref

    if compare:
        cmp_ref = None if compare.lower() in ("all", "全部", "cn", "全国") else region_ref(compare, settings)
    else:
        cmp_ref = parent_ref(ref.code) if ref.level in ("county", "city") else None
    return cmp_ref, cmp_ref.name if cmp_ref else "资源库全部地区"


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
