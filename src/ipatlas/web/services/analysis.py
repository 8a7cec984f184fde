"""Data functions of the analytical pages (总览, 资源分析, 动态监测). Each returns one dict that
the HTML page renders and the ``.json`` twin returns as is."""

from __future__ import annotations

import dataclasses
import importlib
from typing import Any
from urllib.parse import urlencode

from ipatlas.errors import IpatlasError, NotFoundError
from ipatlas.store.schema import APPLICANT_TYPE_LABELS, KIND_LABELS, LEGAL_STATUS_LABELS
from ipatlas.web.services import regions as reg
from ipatlas.web.services.common import fetch_dicts, region_where, table
from ipatlas.web.services.measures import (
    MEASURES,
    OVERVIEW_MEASURES,
    data_years,
    measure_series,
    record_link,
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


def indicators_library() -> Any | None:
    """``ipatlas.indicators`` when it provides ``show`` (another part of the platform)."""
    try:
        mod = importlib.import_module("ipatlas.indicators")
    except ImportError:
        return None
    return mod if callable(getattr(mod, "show", None)) else None


def selection(source: DataSource, region: str | None, year: int | None) -> dict[str, Any]:
    """Region and year of a page, defaulting to the region with most records and the latest year."""

    def default_region() -> str | None:
        row = (
            source.cursor()
            .execute(
                "SELECT province_code FROM agg_patents WHERE province_code IS NOT NULL"
                " GROUP BY 1 ORDER BY sum(n) DESC LIMIT 1"
            )
            .fetchone()
        )
        return str(row[0]) if row else None

    span = source.cached("years", {}, lambda: data_years(source))
    if region is None:
        region = source.cached("default_region", {}, default_region)
    if span is None:
        years: list[int] = []
        year = year or 0
    else:
        years = list(range(span[0], span[1] + 1))
        year = year or span[2]
    level = reg.region_level(region)
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
    }


def _change(cur: float | None, prev: float | None) -> float | None:
    if cur is None or prev in (None, 0):
        return None
    return round((cur - prev) / prev * 100, 1)  # type: ignore[operator]


def overview(source: DataSource, region: str | None = None, year: int | None = None) -> dict[str, Any]:
    """总览: key figures of the region and year with year-on-year change and ten-year trends."""
    sel = selection(source, region, year)
    region, year = sel["region"], sel["year"]

    def compute() -> dict[str, Any]:
        out: dict[str, Any] = {**sel, "source": "资源库直接计数", "indicators": [], "tables": {}}
        if not sel["has_data"]:
            out["cards"] = []
            return out
        years = range(max(sel["years"][0], year - 9), year + 1)
        series = measure_series(source, OVERVIEW_MEASURES, region, range(years.start - 1, year + 1))
        cards = []
        for mid in OVERVIEW_MEASURES:
            m = MEASURES[mid]
            value, prev = series[mid][year], series[mid].get(year - 1)
            cards.append(
                {
                    "id": mid,
                    "name": m.name,
                    "unit": m.unit,
                    "value": value,
                    "previous": prev,
                    "change_pct": _change(value, prev),
                    "definition": m.definition,
                    "link": record_link(mid, region, year),
                    "trend": [series[mid][y] for y in years],
                }
            )
        out["cards"] = cards
        out["tables"]["trend"] = table(
            "专利申请与授权趋势",
            [("year", "年份"), *[(mid, MEASURES[mid].name) for mid in OVERVIEW_MEASURES[:5]]],
            [{"year": y, **{mid: series[mid][y] for mid in OVERVIEW_MEASURES[:5]}} for y in years],
        )
        # The official indicators load as a fragment of their own (overview_indicators) after the
        # page: reading the cube costs far more than the counts above.
        out["indicators_url"] = (
            "/dashboard/indicators?" + urlencode({"region": region, "year": year})
            if indicators_library() is not None and region
            else None
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
        lib = indicators_library()
        if lib is None:
            out["message"] = "指标体系模块（ipatlas.indicators）未安装"
            return out
        if region:
            out["indicators"] = _official_indicators(lib, source, region, year)
        if not out["indicators"]:
            out["message"] = (
                "指标数据尚未计算或不含该区域/年份：运行 `ipatlas indicators compute` 后显示官方指标"
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


def _official_indicators(lib: Any, source: DataSource, region: str | None, year: int) -> list[dict[str, Any]]:
    try:
        now = lib.show(source.settings, region, year)
    except NotFoundError:
        return []
    except IpatlasError:  # e.g. the cube was not computed yet: the page says so, from the lake counts
        return []
    try:
        before = {r["id"]: r for r in lib.show(source.settings, region, year - 1)}
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
                "link": "/indicators/records?"
                + urlencode({"region": region or "", "year": year, "id": r["id"]}),
                "series_url": "/indicators/series.json?" + urlencode({"region": region or "", "id": r["id"]}),
            }
        )
    return rows


def resources(source: DataSource, region: str | None = None, year: int | None = None) -> dict[str, Any]:
    """资源分析: the region-year's patents by kind, applicant type, IPC section, status, top applicants."""
    sel = selection(source, region, year)
    region, year = sel["region"], sel["year"]

    def compute() -> dict[str, Any]:
        out: dict[str, Any] = {**sel, "tables": {}}
        if not sel["has_data"]:
            return out
        cond, params = region_where(region)
        ycond = "year(filing_date) = ?"
        cur = source.cursor()
        base = {"region": region, "year": year}

        def link(**kw: Any) -> str:
            return "/records?" + urlencode({k: v for k, v in {**base, **kw}.items() if v is not None})

        rows = fetch_dicts(
            cur,
            f"SELECT kind, sum(n)::BIGINT AS n FROM agg_patents WHERE {cond} AND fy = ?"
            " GROUP BY 1 ORDER BY 2 DESC",
            [*params, year],
        )
        out["tables"]["by_kind"] = table(
            "按专利类型（申请量）",
            [("label", "专利类型"), ("n", "件数")],
            [
                {
                    "key": r["kind"],
                    "label": KIND_LABELS.get(r["kind"], r["kind"]),
                    "n": r["n"],
                    "link": link(kind=r["kind"]),
                }
                for r in rows
            ],
        )
        rows = fetch_dicts(
            cur,
            f"SELECT applicant_type AS t, sum(n)::BIGINT AS n FROM agg_patents WHERE {cond} AND fy = ?"
            " GROUP BY 1 ORDER BY 2 DESC",
            [*params, year],
        )
        out["tables"]["by_applicant_type"] = table(
            "按申请人类型（申请量）",
            [("label", "申请人类型"), ("n", "件数")],
            [
                {
                    "key": r["t"],
                    "label": APPLICANT_TYPE_LABELS.get(r["t"] or "", r["t"] or "未知"),
                    "n": r["n"],
                    "link": link(applicant_type=r["t"]) if r["t"] else None,
                }
                for r in rows
            ],
        )
        rows = fetch_dicts(
            cur,
            f"SELECT ipc_section AS s, sum(n)::BIGINT AS n FROM agg_patents WHERE {cond} AND fy = ?"
            " AND ipc_section IS NOT NULL GROUP BY 1 ORDER BY 1",
            [*params, year],
        )
        out["tables"]["by_ipc_section"] = table(
            "按 IPC 部（申请量）",
            [("label", "IPC 部"), ("n", "件数")],
            [
                {
                    "key": r["s"],
                    "label": IPC_SECTIONS.get(r["s"], r["s"]),
                    "n": r["n"],
                    "link": link(ipc=r["s"]),
                }
                for r in rows
            ],
        )
        rows = fetch_dicts(
            cur,
            f"SELECT legal_status AS st, sum(n)::BIGINT AS n FROM agg_patents WHERE {cond} AND fy = ?"
            " GROUP BY 1 ORDER BY 2 DESC",
            [*params, year],
        )
        out["tables"]["by_status"] = table(
            "按法律状态（当年申请）",
            [("label", "法律状态"), ("n", "件数")],
            [
                {
                    "key": r["st"],
                    "label": LEGAL_STATUS_LABELS.get(r["st"] or "", r["st"] or "未知"),
                    "n": r["n"],
                    "link": link(legal_status=r["st"]) if r["st"] else None,
                }
                for r in rows
            ],
        )
        rows = fetch_dicts(
            cur,
            f"SELECT first_applicant AS a, any_value(applicant_type) AS t, count(*) AS n,"
            f" count(*) FILTER (WHERE kind = 'invention') AS inv FROM patents WHERE {cond} AND {ycond}"
            " AND first_applicant IS NOT NULL GROUP BY 1 ORDER BY 3 DESC, 1 LIMIT 20",
            [*params, year],
        )
        out["tables"]["top_applicants"] = table(
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
                    "link": link(applicant=r["a"]),
                }
                for i, r in enumerate(rows)
            ],
        )
        first = max(sel["years"][0], year - 9)
        rows = fetch_dicts(
            cur,
            f"SELECT fy AS y, applicant_type AS t, sum(n)::BIGINT AS n FROM agg_patents WHERE {cond}"
            " AND fy BETWEEN ? AND ? GROUP BY 1, 2 ORDER BY 1, 2",
            [*params, first, year],
        )
        types = [t for t in APPLICANT_TYPE_LABELS if any(r["t"] == t for r in rows)]
        grid = {y: dict.fromkeys(types, 0) for y in range(first, year + 1)}
        for r in rows:
            if r["t"] in types:
                grid[r["y"]][r["t"]] = r["n"]
        out["tables"]["structure"] = table(
            "申请人结构变化（申请量）",
            [("year", "年份"), *[(t, APPLICANT_TYPE_LABELS[t]) for t in types]],
            [{"year": y, **v} for y, v in grid.items()],
        )
        return out

    return source.cached("resources", {"region": region, "year": year}, compute)  # type: ignore[no-any-return]


def monitor(
    source: DataSource, region: str | None = None, year: int | None = None, measure: str = "applications"
) -> dict[str, Any]:
    """动态监测: yearly series, growth, comparison of sub-regions and surge alerts.

    ``measure`` is a direct count of the resource base or, when the cube exists, any catalogue
    indicator (its series comes from ``ipatlas.indicators.series``).
    """
    from ipatlas.web.services import indicators as ind

    official_ids = {m["id"]: m for m in ind.map_measures(source)}
    if measure not in MEASURES and measure not in official_ids:
        raise NotFoundError(f"未知的监测指标: {measure}（或指标数据尚未计算）")
    official = measure not in MEASURES
    measure_name = official_ids[measure]["name"] if official else MEASURES[measure].name

    def yearly(code: str, span: range) -> dict[int, Any]:
        if not official:
            return measure_series(source, [measure], code, span)[measure]
        try:
            got = {int(r["year"]): r["value"] for r in ind.series(source, code, measure)}
        except IpatlasError:
            got = {}
        return {y: got.get(y) for y in span}

    sel = selection(source, region, year)
    region, year = sel["region"], sel["year"]

    def compute() -> dict[str, Any]:
        out: dict[str, Any] = {
            **sel,
            "measure": measure,
            "measure_name": measure_name,
            "official": official,
            "measures": [
                {"id": m.id, "name": m.name, "group": "资源库直接计数"}
                for m in MEASURES.values()
                if m.table == "patents"
            ]
            + [{**m, "group": "指标体系"} for m in official_ids.values()],
            "tables": {},
            "alerts": [],
        }
        if not sel["has_data"]:
            return out
        years = range(sel["years"][0], year + 1)
        ids = ["applications", "invention_applications", "grants", "invention_grants", "pct_applications"]
        if official:
            ids = [measure]
            series = {measure: yearly(region or "100000", years)}
            names = {measure: measure_name}
        else:
            if measure not in ids:
                ids.append(measure)
            series = measure_series(source, ids, region, years)
            names = {mid: MEASURES[mid].name for mid in ids}
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
        )
        return out

    return source.cached("monitor", {"region": region, "year": year, "m": measure}, compute)  # type: ignore[no-any-return]


def surge_alerts(source: DataSource, region: str | None, year: int) -> list[dict[str, Any]]:
    """非正常申请 leads (rule ``abnormal_filing_surge`` of ``ipatlas.market``): a lead, not a verdict."""
    from ipatlas.market.leads import surge_rows

    cond, params = region_where(region)
    return [
        {
            **r,
            "link": "/records?"
            + urlencode({"region": region or "", "year": year, "applicant": r["applicant"]}),
        }
        for r in surge_rows(source.cursor(), cond, list(params), year)
    ]


def industry(source: DataSource, region: str | None = None, year: int | None = None) -> dict[str, Any]:
    """产业布局: sub-region × technology matrix with location quotients.

    Until the indicator library's industry attribution (WIPO fields, official concordances) is
    installed, the technology axis is the IPC section of the main IPC.
    """
    sel = selection(source, region, year)
    region, year = sel["region"], sel["year"]

    def compute() -> dict[str, Any]:
        wipo = _industry_wipo(source, sel)
        if wipo is not None:
            return wipo
        out: dict[str, Any] = {
            **sel,
            "tables": {},
            "axis": "IPC 部（主分类号）",
            "attribution_available": indicators_library() is not None,
        }
        if not sel["has_data"] or not sel["children"]:
            return out
        level_col = {"province": "province_code", "city": "city_code", "county": "adcode"}[
            reg.child_level(region) or "county"
        ]
        cond, params = region_where(region)
        rows = fetch_dicts(
            source.cursor(),
            f"SELECT {level_col} AS code, ipc_section AS s, sum(n)::BIGINT AS n FROM agg_patents"
            f" WHERE {cond} AND fy = ? AND ipc_section IS NOT NULL AND {level_col} IS NOT NULL"
            " GROUP BY 1, 2",
            [*params, year],
        )
        names = {c["code"]: c["name"] for c in sel["children"]}
        sections = sorted({r["s"] for r in rows if r["s"] in IPC_SECTIONS})
        counts: dict[str, dict[str, int]] = {c: dict.fromkeys(sections, 0) for c in names}
        for r in rows:
            if r["code"] in counts and r["s"] in sections:
                counts[r["code"]][r["s"]] = int(r["n"])
        total = sum(sum(v.values()) for v in counts.values())
        col_tot = {s: sum(counts[c][s] for c in counts) for s in sections}
        matrix, lq_rows = [], []
        for code, v in counts.items():
            row_tot = sum(v.values())
            matrix.append({"code": code, "name": names[code], **v, "total": row_tot})
            # LQ = (n_rs / n_r) / (n_s / n): share of the section in the unit against the whole region.
            lq_rows.append(
                {
                    "code": code,
                    "name": names[code],
                    **{
                        s: (
                            round((v[s] / row_tot) / (col_tot[s] / total), 2)
                            if row_tot and col_tot[s]
                            else None
                        )
                        for s in sections
                    },
                }
            )
        cols = [("name", "区域"), *[(s, IPC_SECTIONS[s]) for s in sections]]
        out["sections"] = [{"key": s, "label": IPC_SECTIONS[s]} for s in sections]
        out["tables"]["matrix"] = table(
            f"{year} 年专利申请量：区域 × 技术领域", [*cols, ("total", "合计")], matrix
        )
        out["tables"]["lq"] = table(f"{year} 年区位熵（LQ）：区域 × 技术领域", cols, lq_rows)
        return out

    return source.cached("industry", {"region": region, "year": year}, compute)  # type: ignore[no-any-return]


UNCERTAINTY = {
    "n_runs": 300,
    "seed": 1,
    "aggregations": ["arithmetic"],
    "normalisations": [{"method": "minmax", "range": [0, 100]}, {"method": "rank"}],
}


def _rank_intervals(result: Any) -> dict[str, tuple[int, int]]:
    """5th–95th percentile of each unit's rank over the Monte Carlo runs."""
    sens = getattr(result, "sensitivity", None)
    if sens is None:
        return {}
    rs = sens.rank_stats
    return {str(u): (int(r["q05"]), int(r["q95"])) for u, r in rs.iterrows() if r["q05"] == r["q05"]}


def _industry_wipo(source: DataSource, sel: dict[str, Any]) -> dict[str, Any] | None:
    """Region × WIPO technology field matrix from the indicator cube, with LQ (evaluate library).

    None when the cube or its WIPO attribution is not there (the page then uses IPC sections).
    """
    region, year = sel["region"], sel["year"]
    if not sel["has_data"] or not sel["children"] or not region:
        return None
    try:
        from ipatlas.evaluate.layout import cube_matrix
        from ipatlas.evaluate.specialisation import location_quotient
        from ipatlas.indicators import industries
    except ImportError:
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


def evaluation(source: DataSource, region: str | None = None, year: int | None = None) -> dict[str, Any]:
    """综合评价: the layout composite index (``ipatlas.evaluate.evaluate_layout``) of the counties
    under the region, with the coupling coordination of its pillars."""
    sel = selection(source, region, year)
    region, year = sel["region"], sel["year"]

    def compute() -> dict[str, Any]:
        out: dict[str, Any] = {**sel, "available": False, "tables": {}, "message": None}
        try:
            from ipatlas.evaluate import coupling_coordination, evaluate_layout, load_layout_framework
        except ImportError:
            out["message"] = "评价模型库（ipatlas.evaluate）未安装"
            return out
        if not region or sel["region_level"] == "county":
            out["message"] = "综合评价比较一个省或地市下属的区县：请选择省级或地市级区域"
            return out
        try:
            units = [c["code"] for c in sel["children"]] if sel["region_level"] == "group" else None
            _fw, spec = load_layout_framework(None)
            # Rank intervals: Monte Carlo over the weights (±25 %) and the normalisation (min-max vs
            # rank); arithmetic aggregation only, as geometric means need strictly positive scores.
            spec = dataclasses.replace(spec, sensitivity=UNCERTAINTY)
            result = evaluate_layout(source.settings, region, year, units=units, spec=spec)
        except IpatlasError as exc:
            out["message"] = f"无法计算综合评价：{exc.message}"
            return out
        fw = result.framework
        aggs = list(result.scores.columns)
        recs = result.to_records(decimals=2)
        rows = [
            {
                "rank": r["rank"],
                "code": r["unit"],
                "name": r["name"],
                **r["scores"],
                **{f"{k}_rank": v for k, v in r["ranks"].items()},
            }
            for r in recs
        ]
        intervals = _rank_intervals(result)
        for r in rows:
            iv = intervals.get(r["code"])
            if iv:
                r["rank_interval"] = f"{iv[0]}–{iv[1]}"
        rows.sort(key=lambda r: (r["rank"] is None, r["rank"] or 0))
        labels = {a: fw.name(a) for a in aggs}
        out["available"] = True
        out["index_code"] = result.index_code
        out["aggregates"] = [{"key": a, "label": labels[a]} for a in aggs]
        out["is_demo"] = bool(result.log.get("label")) or sel["is_demo"]
        out["run"] = {
            "run_id": result.log.get("run_id"),
            "framework": result.log.get("framework_source"),
            "steps": [
                st.get("step") if isinstance(st, dict) else str(st) for st in result.log.get("steps", [])
            ],
        }
        out["tables"]["composite"] = table(
            f"{sel['region_name']} {year} 年区县知识产权布局综合指数",
            [
                ("rank", "排名"),
                ("rank_interval", "排名区间(90%)"),
                ("name", "区县"),
                *[(a, labels[a]) for a in aggs],
            ],
            rows,
        )
        pillars = [a for a in aggs if a != result.index_code]
        if len(pillars) >= 2:
            # Pillars without any score (missing inputs) are left out, then units missing one.
            frame = result.scores[pillars].dropna(axis=1, how="all").dropna() / 100.0
            if len(frame) and frame.shape[1] >= 2:
                cc = coupling_coordination(frame, method="wang", check_range=False)
                names = dict(zip(result.names.index, result.names.values, strict=False))
                crow: list[dict[str, Any]] = []
                for unit, cr in cc.iterrows():
                    crow.append(
                        {
                            "code": str(unit),
                            "name": names.get(unit, str(unit)),
                            **{
                                str(k): (round(float(v), 3) if isinstance(v, float) else v)
                                for k, v in cr.items()
                            },
                        }
                    )
                crow.sort(key=lambda r: -(r.get("D") or 0))
                cc_labels = {
                    "C": "耦合度 C",
                    "T": "综合发展指数 T",
                    "D": "耦合协调度 D",
                    "level": "等级",
                    "band": "协调类型",
                }
                cols = [("name", "区县"), *[(str(c), cc_labels.get(str(c), str(c))) for c in cc.columns]]
                out["tables"]["coordination"] = table(
                    "分项耦合协调度（Wang 等 2021 修正模型；分项指数/100 为子系统）", cols, crow
                )
        return out

    return source.cached("evaluation", {"region": region, "year": year}, compute)  # type: ignore[no-any-return]
