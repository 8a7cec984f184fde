"""Data functions of the analytical pages (总览, 资源分析, 动态监测). Each returns one dict that
the HTML page renders and the ``.json`` twin returns as is."""

from __future__ import annotations

import re
from functools import partial
from typing import Any
from urllib.parse import urlencode

from ipatlas import DEMO_LABEL
from ipatlas.errors import InputError, IpatlasError, NotFoundError
from ipatlas.evaluate import layout_assessment
from ipatlas.evaluate.layout import cube_matrix
from ipatlas.evaluate.specialisation import location_quotient
from ipatlas.indicators import industries, series, show
from ipatlas.regions.hierarchy import parent_of, region_filter
from ipatlas.store.schema import APPLICANT_TYPE_LABELS, KIND_LABELS, LEGAL_STATUS_LABELS
from ipatlas.web.services import indicators as ind
from ipatlas.web.services import regions as reg
from ipatlas.web.services.common import fetch_dicts, table
from ipatlas.web.services.measures import (
    DEFAULT_MEASURE,
    OVERVIEW_INDICATORS,
    TREND_INDICATORS,
    data_years,
    figure_series,
    record_link,
    series_link,
    year_rule,
)
from ipatlas.web.services.source import DataSource

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


def default_region(source: DataSource) -> str | None:
    """The region a page opens on: the province with most records (cached per lake version)."""

    def compute() -> str | None:
        row = (
            source.cursor()
            .execute(
                "SELECT province_code FROM agg_patents WHERE province_code IS NOT NULL"
                " GROUP BY 1 ORDER BY sum(n) DESC LIMIT 1"
            )
            .fetchone()
        )
        return str(row[0]) if row else None

    return source.cached("default_region", {}, compute)  # type: ignore[no-any-return]


def selection(source: DataSource, region: str | None, year: int | None) -> dict[str, Any]:
    """Region and year of a page, defaulting to the region with most records and the latest year."""
    span = source.cached("years", {}, lambda: data_years(source))
    if region is None:
        region = default_region(source)
    if span is None:
        years: list[int] = []
        year = year or 0
    else:
        years = list(range(span[0], span[1] + 1))
        year = year or span[2]
    level = reg.level_of(region)
    return {
        "region": region,
        "region_name": reg.region_name(source, region),
        "region_level": level,
        "year": year,
        "years": years,
        "breadcrumbs": reg.breadcrumbs(source, region),
        "children": reg.children(source, region),
        "groups": reg.groups(source),
        "is_demo": source.cached("demo", {}, lambda: source.has_demo()),
        "has_data": span is not None,
        **_year_info(source, year),
    }


def _year_info(source: DataSource, year: int | None) -> dict[str, Any]:
    """The default-year rule and, for an incomplete year, what it lacks (shown under the selector)."""
    rule = year_rule(source) if source.cached("years", {}, lambda: data_years(source)) else None
    if rule is None:
        return {"year_rule": None, "year_note": None, "default_year": None}
    return {"year_rule": rule.rule, "year_note": rule.note(year), "default_year": rule.default}


def _change(cur: float | None, prev: float | None) -> float | None:
    if cur is None or prev in (None, 0):
        return None
    return round((cur - prev) / prev * 100, 1)  # type: ignore[operator]


def overview(source: DataSource, region: str | None = None, year: int | None = None) -> dict[str, Any]:
    """总览: key figures of the region and year with year-on-year change and ten-year trends."""
    sel = selection(source, region, year)
    region, year = sel["region"], sel["year"]

    def compute() -> dict[str, Any]:
        out: dict[str, Any] = {**sel, "source": "指标体系", "indicators": [], "tables": {}}
        if not sel["has_data"]:
            out["cards"] = []
            return out
        years = range(max(sel["years"][0], year - 9), year + 1)
        series = figure_series(source, OVERVIEW_INDICATORS, region, range(years.start - 1, year + 1))
        described = {d["id"]: d for d in ind.catalogue(source)}
        cards = []
        for iid in OVERVIEW_INDICATORS:
            d = described[iid]
            value, prev = series[iid][year], series[iid].get(year - 1)
            cards.append(
                {
                    "id": iid,
                    "name": d["name"],
                    "unit": d["unit"],
                    "value": value,
                    "previous": prev,
                    "change_pct": _change(value, prev),
                    "definition": ind.definition(source, iid),
                    "link": record_link(iid, region, year),
                    "trend": [series[iid][y] for y in years],
                }
            )
        out["cards"] = cards
        if ind.cube(source) is None:
            out["message"] = "指标数据尚未计算：管理员完成数据导入并计算指标后，这里显示"
        out["tables"]["trend"] = table(
            "专利申请与授权趋势",
            [("year", "年份"), *[(iid, described[iid]["name"]) for iid in TREND_INDICATORS]],
            [{"year": y, **{iid: series[iid][y] for iid in TREND_INDICATORS}} for y in years],
        )
        # The official indicators load as a fragment of their own (overview_indicators) after the
        # page: reading the cube costs far more than the counts above.
        out["indicators_url"] = (
            "/dashboard/indicators?" + urlencode({"region": region, "year": year}) if region else None
        )
        return out

    return source.cached("overview", {"region": region, "year": year}, compute)  # type: ignore[no-any-return]


def overview_indicators(
    source: DataSource, region: str | None = None, year: int | None = None
) -> dict[str, Any]:
    """总览's official indicators (``ipatlas.indicators.show``) with the year-on-year change."""
    sel = selection(source, region, year)
    region, year = sel["region"], sel["year"]

    def compute() -> dict[str, Any]:
        out: dict[str, Any] = {
            "region": region,
            "region_name": sel["region_name"],
            "year": year,
            "is_demo": sel["is_demo"],
            "indicators": [],
            "key_indicators": [],
            "message": None,
            "tables": {},
        }
        if region:
            out["indicators"] = _official_indicators(source, region, year)
        if not out["indicators"]:
            out["message"] = (
                "指标数据尚未计算或不含该区域、年份：管理员完成数据导入并计算指标后，这里显示官方口径指标"
            )
            return out
        by_id = {r["id"]: r for r in out["indicators"]}
        out["key_indicators"] = [by_id[k] for k in KEY_INDICATORS if k in by_id]
        out["tables"]["indicators"] = table(
            f"{sel['region_name']} {year} 年指标",
            [
                ("category", "类别"),
                ("name", "指标"),
                ("value", "数值"),
                ("unit", "单位"),
                ("previous", "上年"),
                ("change_pct", "同比(%)"),
                ("numerator", "分子"),
                ("denominator", "分母"),
                ("definition", "口径"),
            ],
            out["indicators"],
        )
        return out

    return source.cached("overview_ind", {"region": region, "year": year}, compute)  # type: ignore[no-any-return]


# The headline figures of 总览 (seed 003: 每万人口发明专利拥有量, 高价值发明专利, PCT, 商标, 地理标志).
KEY_INDICATORS = [
    "inv_per_10k_pop", "hv_inv_per_10k_pop", "pat_valid_invention", "hv_inv_valid", "pct_app",
    "tm_valid", "tm_per_10k_entities", "gi_total",
]  # fmt: skip


def _official_indicators(source: DataSource, region: str, year: int) -> list[dict[str, Any]]:
    try:
        now = show(source.settings, region, year)
    except NotFoundError:
        return []
    except IpatlasError:  # e.g. the cube was not computed yet: the page says so, from the lake counts
        return []
    try:
        before = {r["id"]: r for r in show(source.settings, region, year - 1)}
    except NotFoundError:
        before = {}
    rows = []
    for r in now:
        prev = before.get(r["id"], {}).get("value")
        rows.append(
            {
                **r,
                "previous": prev,
                "change_pct": _change(r.get("value"), prev),
                "link": record_link(r["id"], region, year),
                "series_url": series_link(r["id"], region),
            }
        )
    return rows


def resources(source: DataSource, region: str | None = None, year: int | None = None) -> dict[str, Any]:
    """资源分析: the region-year's patents by kind, applicant type, IPC section, status, top applicants,
    and every kind of right (patents, trademarks, GIs, copyrights, plant varieties) registered in
    the year and held at its end."""
    sel = selection(source, region, year)
    region, year = sel["region"], sel["year"]

    def compute() -> dict[str, Any]:
        out: dict[str, Any] = {**sel, "tables": {}}
        if not sel["has_data"]:
            return out
        # counts of catalogue indicators come from the cube, as on every page
        figures = {r["id"]: r for r in _cube_rows(source, region, year)}
        facets = _ResourceFacets(source, region, year)
        out["tables"] = {
            "rights": _rights_table(source, figures, region, year),
            **_patent_figure_tables(figures, region, year),
            "by_ipc_section": facets.by_ipc_section(),
            "by_status": facets.by_status(),
            "top_applicants": facets.top_applicants(),
            "structure": structure_table(source, region, max(sel["years"][0], year - 9), year),
        }
        return out

    return source.cached("resources", {"region": region, "year": year}, compute)  # type: ignore[no-any-return]


def _rights_table(
    source: DataSource, figures: dict[str, dict[str, Any]], region: str | None, year: int
) -> dict[str, Any]:
    """登记量 and 拥有量 of every kind of right: the catalogue indicators' cube values."""
    from ipatlas.operations.kinds import RESOURCE_RIGHTS

    rows = []
    for r in RESOURCE_RIGHTS:
        is_demo = bool(source.cached("demo", {"table": r.table}, partial(source.has_demo, r.table)))
        rows.append(
            {
                "key": r.key,
                "label": f"{r.label}（{DEMO_LABEL}）" if is_demo else r.label,
                "flow": _num(figures.get(r.flow)),
                "stock": _num(figures.get(r.stock)),
                "flow_id": r.flow,
                "stock_id": r.stock,
                "flow_name": (figures.get(r.flow) or {}).get("name"),
                "stock_name": (figures.get(r.stock) or {}).get("name"),
                "is_demo": is_demo,
                "link": record_link(r.stock, region, year),
                "flow_link": record_link(r.flow, region, year),
            }
        )
    return table(
        "各类知识产权（当年登记/授权量与年末拥有量）",
        [("label", "权利类型"), ("flow", "当年登记/授权量"), ("stock", "年末拥有量")],
        rows,
    )


def _patent_figure_tables(
    figures: dict[str, dict[str, Any]], region: str | None, year: int
) -> dict[str, dict[str, Any]]:
    """Patent applications by kind and by applicant type: catalogue figures (the cube)."""
    by_kind = table(
        "按专利类型（申请量）",
        [("label", "专利类型"), ("n", "件数")],
        [
            {
                "key": kind,
                "label": KIND_LABELS[kind],
                "n": _num(figures.get(iid)),
                "link": record_link(iid, region, year),
            }
            for kind, iid in KIND_INDICATORS.items()
        ],
    )
    by_type = table(
        "按申请人类型（申请量）",
        [("label", "申请人类型"), ("n", "件数")],
        [
            {
                "key": t,
                "label": APPLICANT_TYPE_LABELS[t],
                "n": _num(figures.get(iid), "numerator"),
                "link": record_link(iid, region, year),
            }
            for t, iid in APPLICANT_SHARE_INDICATORS.items()
        ],
    )
    return {"by_kind": by_kind, "by_applicant_type": by_type}


class _ResourceFacets:
    """Record-list facets of the 资源分析 page (not indicators): the records filed in the year,
    grouped, each linked to the record list behind it."""

    def __init__(self, source: DataSource, region: str | None, year: int) -> None:
        self.cond, self.params = region_filter(source.settings, region)
        self.cur = source.cursor()
        self.region, self.year = region, year

    def link(self, **kw: Any) -> str:
        q = {"region": self.region, "year": self.year, **kw}
        return "/records?" + urlencode({k: v for k, v in q.items() if v is not None})

    def by_ipc_section(self) -> dict[str, Any]:
        rows = fetch_dicts(
            self.cur,
            f"SELECT ipc_section AS s, sum(n)::BIGINT AS n FROM agg_patents WHERE {self.cond} AND fy = ?"
            " AND ipc_section IS NOT NULL GROUP BY 1 ORDER BY 1",
            [*self.params, self.year],
        )
        return table(
            "按 IPC 部（申请量）",
            [("label", "IPC 部"), ("n", "件数")],
            [
                {
                    "key": r["s"],
                    "label": IPC_SECTIONS.get(r["s"], r["s"]),
                    "n": r["n"],
                    "link": self.link(ipc=r["s"]),
                }
                for r in rows
            ],
        )

    def by_status(self) -> dict[str, Any]:
        rows = fetch_dicts(
            self.cur,
            f"SELECT legal_status AS st, sum(n)::BIGINT AS n FROM agg_patents WHERE {self.cond} AND fy = ?"
            " GROUP BY 1 ORDER BY 2 DESC",
            [*self.params, self.year],
        )
        return table(
            "按法律状态（当年申请）",
            [("label", "法律状态"), ("n", "件数")],
            [
                {
                    "key": r["st"],
                    "label": LEGAL_STATUS_LABELS.get(r["st"] or "", r["st"] or "未知"),
                    "n": r["n"],
                    "link": self.link(legal_status=r["st"]) if r["st"] else None,
                }
                for r in rows
            ],
        )

    def top_applicants(self) -> dict[str, Any]:
        rows = fetch_dicts(
            self.cur,
            f"SELECT first_applicant AS a, any_value(applicant_type) AS t, count(*) AS n,"
            f" count(*) FILTER (WHERE kind = 'invention') AS inv FROM patents WHERE {self.cond}"
            " AND year(filing_date) = ? AND first_applicant IS NOT NULL"
            " GROUP BY 1 ORDER BY 3 DESC, 1 LIMIT 20",
            [*self.params, self.year],
        )
        return table(
            "主要申请人（前 20）",
            [
                ("rank", "排名"),
                ("label", "第一申请人"),
                ("type", "类型"),
                ("n", "申请量"),
                ("inv", "其中发明"),
            ],
            [
                {
                    "rank": i + 1,
                    "label": r["a"],
                    "type": APPLICANT_TYPE_LABELS.get(r["t"] or "", r["t"]),
                    "n": r["n"],
                    "inv": r["inv"],
                    "link": self.link(applicant=r["a"]),
                }
                for i, r in enumerate(rows)
            ],
        )


def structure_table(source: DataSource, region: str, first: int, year: int) -> dict[str, Any]:
    """申请人结构变化 (a cube figure, not a record facet): the share indicators' numerators by year."""
    types, grid = applicant_structure(source, region, range(first, year + 1))
    return table(
        "申请人结构变化（申请量）",
        [("year", "年份"), *[(t, APPLICANT_TYPE_LABELS[t]) for t in types]],
        [{"year": y, **v} for y, v in grid.items()],
    )


def applicant_structure(
    source: DataSource, region: str, years: range
) -> tuple[list[str], dict[int, dict[str, float | None]]]:
    """申请人结构变化: applications by first-applicant type and year — the numerators of the
    catalogue's share indicators (``share_enterprise`` …), read from the cube like every figure."""
    grid: dict[int, dict[str, float | None]] = {y: {} for y in years}
    for t, iid in APPLICANT_SHARE_INDICATORS.items():
        try:
            rows = series(source.settings, region, iid)
        except IpatlasError:  # the cube is not computed (yet): the page says so elsewhere
            rows = []
        for r in rows:
            if r["year"] in grid:
                grid[r["year"]][t] = r["numerator"]
    types = [t for t in APPLICANT_TYPE_LABELS if any(v.get(t) for v in grid.values())]
    return types, {y: {t: v.get(t) for t in types} for y, v in grid.items()}


KIND_INDICATORS = {"invention": "pat_app_invention", "utility": "pat_app_utility", "design": "pat_app_design"}
APPLICANT_SHARE_INDICATORS = {  # the share indicators' numerators are the counts by applicant type
    "enterprise": "share_enterprise",
    "university": "share_university",
    "institute": "share_institute",
    "government": "share_government",
    "individual": "share_individual",
}


def _cube_rows(source: DataSource, region: str | None, year: int) -> list[dict[str, Any]]:
    if not region:
        return []
    return source.cached(  # type: ignore[no-any-return]
        "cube_rows", {"r": region, "y": year}, lambda: _official_indicators(source, region, year)
    )


def _num(row: dict[str, Any] | None, field: str = "value") -> float | None:
    return None if row is None else row.get(field)


SURGE_MIN = 30
SURGE_FACTOR = 3.0


def monitor(
    source: DataSource, region: str | None = None, year: int | None = None, measure: str = DEFAULT_MEASURE
) -> dict[str, Any]:
    """动态监测: yearly series, growth, comparison of sub-regions and surge alerts.

    ``measure`` is any catalogue indicator (its series comes from ``ipatlas.indicators.series``).
    """
    official_ids = {m["id"]: m for m in ind.catalogue(source)}
    if measure not in official_ids:
        raise NotFoundError(f"未知的监测指标: {measure}")
    measure_name = official_ids[measure]["name"]

    def yearly(code: str, span: range) -> dict[int, Any]:
        return figure_series(source, [measure], code, span)[measure]

    sel = selection(source, region, year)
    region, year = sel["region"], sel["year"]

    def compute() -> dict[str, Any]:
        out: dict[str, Any] = {
            **sel,
            "measure": measure,
            "measure_name": measure_name,
            "official": True,
            "measures": [{**m, "group": "指标体系"} for m in official_ids.values()],
            "tables": {},
            "alerts": [],
        }
        if not sel["has_data"]:
            return out
        years = range(sel["years"][0], year + 1)
        ids = list(dict.fromkeys([*TREND_INDICATORS, measure]))
        series = figure_series(source, ids, region, years)
        names = {mid: official_ids[mid]["name"] for mid in ids}
        rows = []
        for y in years:
            row: dict[str, Any] = {"year": y}
            for mid in ids:
                row[mid] = series[mid][y]
                row[mid + "_growth"] = (
                    _change(series[mid][y], series[mid].get(y - 1)) if y > years.start else None
                )
            rows.append(row)
        out["tables"]["series"] = table(
            "年度序列与增长率",
            [
                ("year", "年份"),
                *[
                    (
                        c,
                        names[c.removesuffix("_growth")] + ("增长率(%)" if c.endswith("_growth") else ""),
                    )
                    for mid in ids
                    for c in (mid, mid + "_growth")
                ],
            ],
            rows,
        )
        # Sub-regions compared on the chosen measure.
        comp_rows = []
        for child in sel["children"][:40]:
            s = yearly(child["code"], range(max(years.start, year - 9), year + 1))
            comp_rows.append(
                {
                    "code": child["code"],
                    "name": child["name"],
                    **{str(y): v for y, v in s.items()},
                    "growth": _change(s[year], s.get(year - 1)),
                }
            )
        comp_years = [str(y) for y in range(max(years.start, year - 9), year + 1)]
        out["tables"]["comparison"] = table(
            f"下级区域比较：{measure_name}",
            [("name", "区域"), *[(y, y) for y in comp_years], ("growth", "同比(%)")],
            comp_rows,
        )
        out["alerts"] = surge_alerts(source, region, year)
        out["alert_rule"] = surge_rule()
        out["tables"]["alerts"] = table(
            "疑似非正常申请线索（申请量突增）",
            [
                ("applicant", "第一申请人"),
                ("n", "当年申请量"),
                ("baseline", "前三年年均"),
                ("ratio", "倍数"),
                ("reason", "说明"),
            ],
            out["alerts"],
            empty="本年度没有申请量达到预警倍数的第一申请人",
        )
        return out

    return source.cached("monitor", {"region": region, "year": year, "m": measure}, compute)  # type: ignore[no-any-return]


def surge_rule() -> dict[str, Any]:
    """The 非正常申请 rule in effect today, as the page states it (version, date, wording, basis)."""
    from ipatlas.market.leads import explain, rule

    r = rule("abnormal_filing_surge")
    return {
        "version": r["version"],
        "effective_from": str(r["effective_from"]),
        "explain": explain("abnormal_filing_surge"),
        "basis": r["basis"],
    }


def surge_alerts(source: DataSource, region: str | None, year: int) -> list[dict[str, Any]]:
    """非正常申请 leads (rule ``abnormal_filing_surge`` of ``ipatlas.market``): a lead, not a verdict."""
    from ipatlas.market.leads import surge_rows

    cond, params = region_filter(source.settings, region)
    return [
        {
            **r,
            "link": "/records?"
            + urlencode({"region": region or "", "year": year, "applicant": r["applicant"]}),
        }
        for r in surge_rows(source.cursor(), cond, list(params), year)
    ]


def industry(source: DataSource, region: str | None = None, year: int | None = None) -> dict[str, Any]:
    """产业布局: sub-region × WIPO technology field matrix (the cube's industry attribution) with
    location quotients — the same figures as the 布局 report's industry structure.

    A county has no sub-regions: it is shown among its sibling counties (the parent's matrix, the
    county's row first and marked), with its own technology composition."""
    sel = selection(source, region, year)
    if sel["region_level"] == "county" and sel["region"]:
        parent = selection(source, parent_of(str(sel["region"])), sel["year"])
        return _focus_county(_industry_of(source, parent), sel)
    return _industry_of(source, sel)


def _focus_county(d: dict[str, Any], sel: dict[str, Any]) -> dict[str, Any]:
    """The parent's matrix seen from one county: its row first and marked, its own composition."""
    code = str(sel["region"])
    out = {**d, **sel, "tables": dict(d.get("tables") or {}), "focus": code}
    labels = {s["key"]: s["label"] for s in d.get("sections") or []}
    mine: dict[str, Any] | None = None
    for key in ("matrix", "lq"):
        t = out["tables"].get(key)
        if not t:
            continue
        rows = [{**r, "focus": r.get("code") == code} for r in t["rows"]]
        rows.sort(key=lambda r: not r["focus"])
        out["tables"][key] = {**t, "rows": rows}
        if key == "matrix":
            mine = next((r for r in rows if r["focus"]), None)
    parent_name = d.get("region_name") or "上级区域"
    if not d.get("attribution_available"):
        out["focus_note"] = f"区县级视图：{sel['region_name']}与{parent_name}其他区县并列比较。"
    elif mine is None or not mine.get("total"):
        out["tables"].pop("composition", None)
        out["focus_note"] = (
            f"{sel['region_name']}在{sel['year']}年没有可归属技术领域的专利申请，"
            f"下表为{parent_name}各区县的对比（区位熵以{parent_name}为基准）。"
        )
    else:
        comp = [
            {"key": k, "label": labels.get(k, k), "n": int(mine.get(k) or 0)}
            for k in labels
            if (mine.get(k) or 0) > 0
        ]
        comp.sort(key=lambda r: -r["n"])
        out["tables"]["composition"] = table(
            f"{sel['region_name']} {sel['year']} 年技术构成（专利申请量）",
            [("label", "技术领域"), ("n", "件数")],
            comp,
        )
        out["focus_note"] = (
            f"区县级视图：{sel['region_name']}与{parent_name}其他区县并列比较（本区县列在首行），"
            f"区位熵以{parent_name}全部区县为基准。"
        )
    return out


def _industry_of(source: DataSource, sel: dict[str, Any]) -> dict[str, Any]:
    region, year = sel["region"], sel["year"]

    def compute() -> dict[str, Any]:
        wipo = _industry_wipo(source, sel)
        if wipo is not None:
            return wipo
        return {
            **sel,
            "tables": {},
            "axis": "WIPO 技术领域（指标体系产业归属）",
            "attribution_available": False,
            "message": "指标数据尚未计算或不含 WIPO 技术领域：管理员完成数据导入并计算指标后，这里显示",
        }

    return source.cached("industry", {"region": region, "year": year}, compute)  # type: ignore[no-any-return]


def _industry_wipo(source: DataSource, sel: dict[str, Any]) -> dict[str, Any] | None:
    """Region × WIPO technology field matrix from the indicator cube, with LQ (evaluate library).

    None when the cube or its WIPO attribution is not there (the page says so).
    """
    region, year = sel["region"], sel["year"]
    if not sel["has_data"] or not sel["children"] or not region:
        return None
    codes = [c["code"] for c in sel["children"]]
    try:
        counts = cube_matrix(source.settings, codes, year, "pat_app_total", scheme="wipo")
        names = {i["id"]: i["name"] for i in industries(source.settings)}
        lq = location_quotient(counts) if float(counts.to_numpy().sum()) > 0 else None
    except (IpatlasError, OSError):
        return None
    unit_names = {c["code"]: c["name"] for c in sel["children"]}
    fields = list(counts.columns)
    cols = [("name", "区域"), *[(f, names.get(f, f)) for f in fields]]
    matrix: list[dict[str, Any]] = []
    for code, row in counts.iterrows():
        vals = {str(f): int(v) if v == v else None for f, v in row.items()}
        matrix.append(
            {
                "code": code,
                "name": unit_names.get(str(code), code),
                **vals,
                "total": sum(v for v in vals.values() if v),
            }
        )
    lq_rows: list[dict[str, Any]] = []
    if lq is not None:
        for code, row in lq.iterrows():
            lq_rows.append(
                {
                    "code": code,
                    "name": unit_names.get(str(code), code),
                    **{str(f): (round(float(v), 2) if v == v else None) for f, v in row.items()},
                }
            )
    # Top fields of the region (the technology composition).
    totals = counts.sum(axis=0).sort_values(ascending=False)
    composition = [
        {"key": str(f), "label": names.get(str(f), str(f)), "n": int(v)} for f, v in totals.items() if v > 0
    ]
    return {
        **sel,
        "axis": "WIPO 技术领域（指标体系产业归属，第一 IPC 全计数）",
        "attribution_available": True,
        "sections": [{"key": f, "label": names.get(f, f)} for f in fields],
        "tables": {
            "composition": table(
                f"{year} 年技术构成（专利申请量）", [("label", "技术领域"), ("n", "件数")], composition
            ),
            "matrix": table(f"{year} 年专利申请量：区域 × 技术领域", [*cols, ("total", "合计")], matrix),
            "lq": table(f"{year} 年区位熵（LQ）：区域 × 技术领域", cols, lq_rows),
        },
    }


_CLI_HINT = re.compile(r"(?:请先|请重新|请)?运行\s*`?ipatlas [^`）)；。]*`?")


def for_page(message: str) -> str:
    """A core message for a page: the CLI command it suggests becomes what an office does instead."""
    return _CLI_HINT.sub("请管理员在“数据管理”中导入数据并计算指标", message)


def _screening_note(a: Any, screened: bool, all_dropped: bool) -> dict[str, Any]:
    """What the framework's screening step did, in plain Chinese, and the choice the page offers."""
    threshold = a.screen_threshold
    pct = f"{threshold * 100:.0f}%" if threshold is not None else ""
    names = {u.code: u.name for u in a.units}
    removed = list(a.screened_out) if screened else []
    avail = a.availability
    if all_dropped:
        text = (
            f"按默认筛选规则（评价指标数据可得率不低于 {pct}），所有区县都会被剔除："
            "该年多数评价指标缺少数据。以下结果未做筛选，缺少的指标按插补规则处理；也可改选数据完整的年份。"
        )
    elif removed:
        listed = "、".join(f"{names.get(c, c)}（{avail.get(c, 0) * 100:.0f}%）" for c in removed)
        text = f"按筛选规则（评价指标数据可得率不低于 {pct}）剔除了 {len(removed)} 个区县：{listed}。"
    elif not screened:
        text = "本次评价未做单位筛选：全部区县参与排名。"
    else:
        text = f"全部区县的评价指标数据可得率均不低于 {pct}，未剔除任何区县。"
    return {
        "text": text,
        "removed": [{"code": c, "name": names.get(c, c), "availability": avail.get(c)} for c in removed],
        "screened": screened,
        "can_toggle": threshold is not None or not screened,
    }


def _county_evaluation(
    source: DataSource, sel: dict[str, Any], region: str, year: int | None, screen: str
) -> dict[str, Any]:
    """A county among its sibling counties: the parent's evaluation, seen from it."""
    d = evaluation(source, parent_of(region), year, screen)
    rows = (d.get("tables", {}).get("composite") or {}).get("rows", [])
    mine = next((r for r in rows if r.get("code") == region), None)
    if mine is not None:
        rows = [mine, *[r for r in rows if r is not mine]]
        d = {**d, "tables": {**d["tables"], "composite": {**d["tables"]["composite"], "rows": [
            {**r, "focus": r.get("code") == region} for r in rows]}}}  # fmt: skip
    note = (
        f"区县级视图：{sel['region_name']}在{d.get('region_name')}全部区县中排第 {mine['rank']} 位"
        f"（排名区间 {mine.get('rank_interval') or '—'}）。"
        if mine and mine.get("rank")
        else f"{sel['region_name']}未参与{d.get('region_name')}的综合评价排名"
        + (f"：{d['message']}" if d.get("message") else "。")
    )
    return {**d, **sel, "focus": region, "focus_note": note, "screen": screen}


def _composite_rows(a: Any) -> list[dict[str, Any]]:
    """The composite index table's rows: rank with its interval, index and pillars, LISA."""
    rows = []
    for u in sorted(a.units, key=lambda u: (u.rank is None, u.rank or 0)):
        rows.append(
            {
                "rank": u.rank,
                "rank_interval": (
                    f"{int(u.rank_low)}–{int(u.rank_high)}"
                    if u.rank_low is not None and u.rank_high
                    else None
                ),
                "code": u.code,
                "name": u.name,
                a.index_code: _round(u.score, 2),
                **{k: _round(v, 2) for k, v in u.pillars.items()},
                "lisa": u.lisa,
            }
        )
    return rows


def _coordination_table(a: Any) -> dict[str, Any] | None:
    """The coupling and coordination of the IP, innovation and industry subsystems."""
    coord = [
        {
            "code": u.code,
            "name": u.name,
            "ip": _round(u.ip_index, 3),
            "innovation": _round(u.innovation_index, 3),
            "industry": _round(u.industry_index, 3),
            "C": _round(u.coupling, 3),
            "D": _round(u.coordination, 3),
            "band": u.band,
            "type": u.match_type,
        }
        for u in sorted(a.units, key=lambda u: -(u.coordination or 0))
        if u.coordination is not None
    ]
    if not coord:
        return None
    return table(
        "知识产权—创新—产业耦合协调度（王淑佳等 2021 修正模型）",
        [
            ("name", "区域"),
            ("ip", "知识产权子系统"),
            ("innovation", "创新子系统"),
            ("industry", "产业子系统"),
            ("C", "耦合度 C"),
            ("D", "耦合协调度 D"),
            ("band", "协调类型"),
            ("type", "匹配类型"),
        ],
        coord,
    )


def evaluation(
    source: DataSource, region: str | None = None, year: int | None = None, screen: str = "default"
) -> dict[str, Any]:
    """综合评价: the 布局 assessment (``ipatlas.evaluate.layout_assessment``, the same as the layout
    report's) of the units of the region — composite index with rank intervals, the match of the IP,
    innovation and industry subsystems, LISA clusters.

    ``screen="none"`` skips the framework's screening step; when screening would drop every unit the
    page runs without it and says so (a default never leaves the page empty). A county is shown
    among its sibling counties: the parent's evaluation, seen from it."""
    if screen not in ("default", "none"):
        raise InputError(f"未知的筛选选项: {screen}（可选 default、none）", field="screen")
    sel = selection(source, region, year)
    region, year = sel["region"], sel["year"]
    if sel["region_level"] == "county" and region:
        return _county_evaluation(source, sel, str(region), year, screen)

    def compute() -> dict[str, Any]:
        out: dict[str, Any] = {
            **sel, "available": False, "tables": {}, "message": None, "screen": screen,
        }  # fmt: skip
        if not region:
            out["message"] = "综合评价比较一个省、地市或区域组下属的区域：请选择省级、地市级区域或区域组"
            return out
        screened, all_dropped = screen == "default", False
        try:
            a = layout_assessment(source.settings, region, year, screen=screened)
            if screened and not a.index_code and any("筛选后没有剩余单位" in n for n in a.notes):
                # screening would leave nothing: rank every unit and say why
                all_dropped, screened = True, False
                a = layout_assessment(source.settings, region, year, screen=False)
        except IpatlasError as exc:
            out["message"] = f"无法计算综合评价：{for_page(exc.message)}"
            return out
        screened = screened and a.screen_threshold is not None
        if not a.index_code:
            out["message"] = for_page("；".join(a.notes)) or "无法计算综合评价"
            return out
        out["screening"] = _screening_note(a, screened, all_dropped)
        aggs = list(a.aggregates)
        rows = _composite_rows(a)
        out["available"] = True
        out["index_code"] = a.index_code
        out["aggregates"] = [{"key": k, "label": a.aggregates[k]} for k in aggs]
        out["is_demo"] = a.is_demo or sel["is_demo"]
        out["method"] = a.method
        out["notes"] = [for_page(n) for n in a.notes]
        out["uncertainty"] = (
            f"对权重、标准化与加总方法做 {a.runs} 次蒙特卡洛模拟，取各单元排名的 5%–95% 分位"
            "（与布局分析报告同一评价）"
        )
        out["moran"] = {"I": a.moran_i, "p": a.moran_p, "indicator": a.lisa_indicator}
        out["run"] = {
            "run_id": a.run_id,
            "framework": a.framework_source,
            "steps": [t["name"] for t in a.traces],
            "step_labels": [t["name"] for t in a.traces],
            "framework_label": (
                "内置区县知识产权布局评价框架"
                if "layout_default" in a.framework_source or "builtin" in a.framework_source
                else "自定义评价框架"
            ),
        }
        out["tables"]["composite"] = table(
            f"{sel['region_name']} {year} 年知识产权布局综合指数",
            [
                ("rank", "排名"),
                ("rank_interval", "排名区间(90%)"),
                ("name", "区域"),
                *[(k, a.aggregates[k]) for k in aggs],
                ("lisa", "LISA 聚类"),
            ],
            rows,
        )
        coord = _coordination_table(a)
        if coord is not None:
            out["tables"]["coordination"] = coord
        return out

    return source.cached("evaluation", {"region": region, "year": year, "screen": screen}, compute)  # type: ignore[no-any-return]


def _interval(low: float | None, high: float | None) -> str | None:
    return None if low is None or high is None else f"{int(low)}–{int(high)}"


def _round(v: float | None, digits: int) -> float | None:
    return None if v is None else round(v, digits)
