"""Publishing layer (报告发布): the annual layout report, patent-navigation reports, layout maps,
the match table and the guidance catalog — as DOCX, PDF, HTML, XLSX, PNG and SVG.

Library first; each CLI command (``ipatlas report …``, ``ipatlas maps``, ``ipatlas catalog …``)
and each web download calls exactly one of these::

    build_layout_report(settings, "500000", 2025, "docx", Path("报告.docx"))
    build_navigation_report(settings, "wipo:06", "500112", "pdf", Path("导航.pdf"))
    render_indicator_map(settings, "inv_per_10k_pop", 2025, region="500000", fmt="png", out=Path("图.png"))
    build_match_table(settings, "500000", 2025, Path("匹配表.xlsx"))
    ipatlas.reports.catalog.draft_catalog / adjust_catalog / publish_catalog / export_catalog

Reports read the indicator cube (``ipatlas.indicators``), the evaluation library
(``ipatlas.evaluate``), the region registry and the lake; they never import ``ipatlas.web`` or
``ipatlas.cli``.
"""

from __future__ import annotations

import re
import time
from collections.abc import Mapping
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from ipatlas.config import Settings
from ipatlas.errors import InputError
from ipatlas.progress import ProgressCallback, no_progress

REPORT_FORMATS = ("docx", "pdf", "html")
MAP_FORMATS = ("png", "svg")


@dataclass
class ReportResult:
    path: Path
    format: str
    seconds: float
    summary: dict[str, Any] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        d = asdict(self)
        d["path"] = str(self.path)
        return d


def reports_dir(settings: Settings) -> Path:
    """Where outputs go when no path is given (``<data_dir>/reports``)."""
    d = Path(settings.data_dir) / "reports"
    d.mkdir(parents=True, exist_ok=True)
    return d


def _safe(name: str) -> str:
    return re.sub(r"[^\w\u4e00-\u9fff.-]+", "_", name)


def _check(fmt: str, allowed: tuple[str, ...]) -> str:
    f = fmt.lower().lstrip(".")
    if f not in allowed:
        raise InputError(f"不支持的格式 {fmt!r}（可选 {'、'.join(allowed)}）", field="format")
    return f


def render(report: Any, fmt: str, out: Path) -> Path:
    """Render a built :class:`~ipatlas.reports.document.Report` to DOCX, PDF or HTML."""
    from ipatlas.reports.render_docx import render_docx
    from ipatlas.reports.render_html import render_html, render_pdf

    fmt = _check(fmt, REPORT_FORMATS)
    return {"docx": render_docx, "pdf": render_pdf, "html": render_html}[fmt](report, Path(out))


def build_layout_report(
    settings: Settings,
    region: str,
    year: int | None = None,
    fmt: str = "docx",
    out: Path | None = None,
    *,
    targets: Mapping[str, Any] | None = None,
    counting: str | None = None,
    evaluate: bool = True,
    progress: ProgressCallback = no_progress,
) -> ReportResult:
    """The annual 知识产权区域布局分析报告 for a region (county, city, province or group)."""
    from ipatlas.reports.gather import gather_layout
    from ipatlas.reports.layout import build_layout

    fmt = _check(fmt, REPORT_FORMATS)
    t0 = time.perf_counter()
    data = gather_layout(
        settings,
        region,
        year,
        targets=targets,
        counting=counting,
        evaluate=evaluate,
        progress=lambda d, t, label="": progress(d, 20, label),
    )
    report = build_layout(data, progress=lambda d, t, label="": progress(8 + d, 20, label))
    out = (
        Path(out)
        if out
        else reports_dir(settings) / _safe(f"{data.region.name}知识产权区域布局分析报告_{data.year}.{fmt}")
    )
    progress(19, 20, f"生成 {fmt.upper()}")
    render(report, fmt, out)
    progress(20, 20, "完成")
    return ReportResult(out, fmt, round(time.perf_counter() - t0, 3), report.summary())


def build_navigation_report(
    settings: Settings,
    industry: str,
    region: str,
    fmt: str = "docx",
    out: Path | None = None,
    *,
    year: int | None = None,
    compare: str | None = None,
    progress: ProgressCallback = no_progress,
) -> ReportResult:
    """A 专利导航 report for one technology field (WIPO field id, e.g. ``wipo:06`` or ``6``) in a region."""
    from ipatlas.reports.navigation import build_navigation, gather_navigation

    fmt = _check(fmt, REPORT_FORMATS)
    t0 = time.perf_counter()
    data = gather_navigation(settings, industry, region, year=year, compare=compare, progress=progress)
    report = build_navigation(data)
    name = f"{data.region.name}{data.industry.name}产业专利导航报告_{data.year}.{fmt}"
    out = Path(out) if out else reports_dir(settings) / _safe(name)
    render(report, fmt, out)
    progress(6, 6, "完成")
    return ReportResult(out, fmt, round(time.perf_counter() - t0, 3), report.summary())


def build_match_table(
    settings: Settings,
    region: str,
    year: int | None = None,
    out: Path | None = None,
    *,
    industries: list[str] | None = None,
    counting: str | None = None,
    progress: ProgressCallback = no_progress,
) -> ReportResult:
    """产业发展与知识产权等相关资源匹配表 (XLSX) for the counties of a region × WIPO fields."""
    from ipatlas.reports.match_table import write_match_table
    from ipatlas.reports.matrix import coverage, gather_matrix

    t0 = time.perf_counter()
    m = gather_matrix(settings, region, year, counting=counting, industries=industries, progress=progress)
    out = (
        Path(out)
        if out
        else reports_dir(settings) / _safe(f"{m.scope.name}产业发展与知识产权等相关资源匹配表_{m.year}.xlsx")
    )
    write_match_table(m, out)
    summary = {
        "region": m.scope.code,
        "region_name": m.scope.name,
        "year": m.year,
        "rows": len(m.cells),
        "units": len(m.units),
        "industries": len(m.industries),
        "is_demo": m.is_demo,
        "notes": m.notes,
        "filled": coverage(m),
    }
    return ReportResult(out, "xlsx", round(time.perf_counter() - t0, 3), summary)


def render_indicator_map(
    settings: Settings,
    indicator: str,
    year: int,
    *,
    region: str | None = None,
    industry: str | None = None,
    fmt: str = "png",
    out: Path | None = None,
    counting: str | None = None,
    classes: int = 5,
    scheme: str = "fisher_jenks",
) -> ReportResult:
    """A print-quality layout map of one catalogue indicator over the units of a region."""
    from ipatlas.indicators import load_catalog, ranking
    from ipatlas.reports.maps import MapSpec, draw_map
    from ipatlas.reports.regions import comparison_units, geometries, region_ref

    fmt = _check(fmt, MAP_FORMATS)
    t0 = time.perf_counter()
    ind = load_catalog().get(indicator)
    code = region or default_region(settings)
    ref = region_ref(code, settings)
    scope, units = comparison_units(ref, settings)
    level = units[0].level if units else "county"
    rows = ranking(
        settings,
        level,
        scope.code if scope.level != "group" else None,
        year,
        indicator,
        industry,
        counting=counting,
    )
    codes = {u.code for u in units}
    values = {r["region_code"]: r["value"] for r in rows if r["region_code"] in codes}
    demo = any((r.get("flags") or {}).get("demo") for r in rows)
    ind_name = ind.name
    if industry:
        from ipatlas.indicators import industries

        names = {str(i["id"]): str(i["name"]) for i in industries(settings)}
        ind_name = f"{names.get(industry, industry)}领域{ind.name}"
    unit_word = "区县" if level == "county" else "地市"
    spec = MapSpec(
        title=f"{scope.name}各{unit_word}{ind_name}（{year}年）",
        unit=ind.unit,
        source=f"ipatlas 指标立方体（指标 {ind.id}，{ind.name}；ipatlas indicators ranking --level {level} "
        f"--parent {scope.code} --year {year} --id {ind.id}）",
        is_demo=demo,
        classes=classes,
        scheme=scheme,  # type: ignore[arg-type]
        decimals=ind.decimals,
        highlight=(ref.code,) if ref.level == "county" else (),
    )
    data = draw_map(geometries(units), values, {u.code: u.name for u in units}, spec, fmt=fmt)  # type: ignore[arg-type]
    out = Path(out) if out else reports_dir(settings) / _safe(f"{scope.name}_{ind.id}_{year}.{fmt}")
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_bytes(data)
    from ipatlas.reports.maps import legend_bins

    summary = {
        "indicator": ind.id,
        "name": ind.name,
        "unit": ind.unit,
        "year": year,
        "region": scope.code,
        "region_name": scope.name,
        "units": len(units),
        "with_value": sum(1 for v in values.values() if v is not None),
        "classes": legend_bins(values, spec),
        "is_demo": demo,
        "values": values,
    }
    return ReportResult(out, fmt, round(time.perf_counter() - t0, 3), summary)


def default_region(settings: Settings) -> str:
    """The single top-level region of the cube (e.g. 500000 for the Chongqing demo)."""
    from ipatlas.indicators.cube import regions_table

    rows = regions_table(settings).to_pylist()
    provinces = sorted({r["code"] for r in rows if r["level"] == "province"})
    cities = sorted({r["code"] for r in rows if r["level"] == "city"})
    if len(cities) == 1:
        return cities[0]
    if len(provinces) == 1:
        return provinces[0]
    raise InputError("数据覆盖多个地区，请用 --region 指定地区代码", field="region")


__all__ = [
    "MAP_FORMATS",
    "REPORT_FORMATS",
    "ReportResult",
    "build_layout_report",
    "build_match_table",
    "build_navigation_report",
    "default_region",
    "render",
    "render_indicator_map",
    "reports_dir",
]
