"""Regional IP layout evaluation (知识产权区域布局综合评价) from the platform's own data.

:func:`evaluate_layout` evaluates the counties under a region for one year with the default
framework ``frameworks/layout_default.yaml`` (创造潜力 / 创造能力 / 运用能力 / 运用需求, weights
documented there) or any framework given. Its data come from two places, by the framework's
``source`` column:

- ``cube`` — indicator-catalogue ids, read from the indicator cube (``ipatlas.indicators``);
- ``statistics`` — variables of the statistics table (population, GDP, R&D, market entities …),
  read from the lake; a ``variable`` column maps a code to a differently named variable.

Both readers can be replaced with ``fetch=`` (a function ``(settings, codes, year, ids) ->
DataFrame`` of counties × ids), which is also how tests and other callers feed their own data.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from importlib import resources
from pathlib import Path
from typing import Any

import pandas as pd
import yaml

from ipatlas.errors import EvaluationError
from ipatlas.evaluate.framework import Framework, _blank
from ipatlas.evaluate.pipeline import (
    CompositeResult,
    PipelineSpec,
    RerunReport,
    load_log,
    rerun_files,
    run_pipeline,
    save_log,
)
from ipatlas.indicators.catalog import load_catalog
from ipatlas.indicators.cube import cube_info, cube_slice
from ipatlas.indicators.cube import industries as cube_industries
from ipatlas.progress import ProgressCallback, no_progress
from ipatlas.regions.registry import get_registry

Fetch = Callable[[Any, Sequence[str], int, Sequence[str]], pd.DataFrame]

DEFAULT_FRAMEWORK = "layout_default.yaml"


def default_layout_document() -> dict[str, Any]:
    text = (
        resources.files("ipatlas.evaluate")
        .joinpath("frameworks")
        .joinpath(DEFAULT_FRAMEWORK)
        .read_text("utf-8")
    )
    return dict(yaml.safe_load(text))


def load_layout_framework(path: str | Path | None = None) -> tuple[Framework, PipelineSpec]:
    """The framework and its pipeline (a YAML with ``framework:`` and optional ``pipeline:``)."""
    if path is None:
        doc = default_layout_document()
        source = f"builtin:{DEFAULT_FRAMEWORK}"
    else:
        p = Path(path)
        try:
            doc = yaml.safe_load(p.read_text(encoding="utf-8"))
        except FileNotFoundError:
            raise EvaluationError(f"评价框架文件不存在：{p}", file=str(p)) from None
        source = str(p)
    fw = Framework.from_records(doc["framework"], source=source)
    spec = (
        PipelineSpec.from_dict(doc["pipeline"], source=source)
        if doc.get("pipeline")
        else PipelineSpec.load("default")
    )
    return fw, spec


def _sources(fw: Framework) -> dict[str, tuple[str, str]]:
    """code → (source, variable/id) for every indicator and denominator."""
    t = fw.table
    out: dict[str, tuple[str, str]] = {}
    for code in [*fw.indicators, *fw.denominators]:
        src = t.at[code, "source"] if "source" in t.columns else None
        var = t.at[code, "variable"] if "variable" in t.columns else None
        out[code] = ("cube" if _blank(src) else str(src), code if _blank(var) else str(var))
    return out


def _unit_factors() -> dict[str, dict[str, float]]:
    """Declared unit conversions of the statistics variables (from the indicator catalogue)."""
    cat = load_catalog()
    return {st.variable: dict(st.units) for st in cat.statistics.values()}


def fetch_statistics(
    settings: Any, codes: Sequence[str], year: int, variables: Sequence[str]
) -> pd.DataFrame:
    """Statistics-table values (region × variable) for one year, from the lake, in one unit each.

    Values are converted with the catalogue's declared unit factors where the variable is declared
    there; otherwise every value of a variable must carry the same unit.
    """
    from ipatlas.store.lake import Lake

    lake = Lake(settings.lake_dir)
    con = lake.connect()
    try:
        df = con.execute(
            "SELECT region_code, variable, value, unit FROM statistics "
            "WHERE year = ? AND region_code IN (SELECT unnest(?)) AND variable IN (SELECT unnest(?))",
            [int(year), list(codes), list(variables)],
        ).df()
    finally:
        con.close()
    factors = _unit_factors()
    values = []
    for var, grp in df.groupby("variable", sort=False):
        known = factors.get(str(var))
        if known:
            bad = sorted({str(u) for u in grp["unit"] if str(u) not in known})
            if bad:
                raise EvaluationError(
                    f"统计数据 {var} 的单位 {', '.join(bad)} 无法换算；可用单位：{', '.join(known)}"
                )
            values.append(grp["value"].astype(float) * grp["unit"].map(lambda u, k=known: k[str(u)]))
        else:
            units = sorted({str(u) for u in grp["unit"].dropna()})
            if len(units) > 1:
                raise EvaluationError(
                    f"统计数据 {var} 的单位不一致（{', '.join(units)}）；请统一单位后重新导入"
                )
            values.append(grp["value"].astype(float))
    df["value"] = pd.concat(values) if values else df["value"]
    wide = df.pivot_table(index="region_code", columns="variable", values="value", aggfunc="last")
    return wide.reindex(index=list(codes), columns=list(variables))


def fetch_cube(
    settings: Any,
    codes: Sequence[str],
    year: int,
    ids: Sequence[str],
    *,
    counting: str | None = None,
    industry: str = "ALL",
) -> pd.DataFrame:
    """Indicator-cube values (region × indicator id) for one year, industry ``ALL`` by default.

    Reads the current materialised cube (``ipatlas indicators compute``); a value the cube reports
    as null (missing input, with a reason) stays missing here.
    """
    rows = cube_slice(
        settings, regions=codes, indicators=ids, years=[int(year)], industries=[industry], counting=counting
    )
    df = pd.DataFrame(rows, columns=["region_code", "indicator", "value"]) if rows else _empty_slice()
    wide = df.pivot_table(
        index="region_code", columns="indicator", values="value", aggfunc="last", dropna=False
    )
    return wide.reindex(index=list(codes), columns=list(ids))


def cube_matrix(
    settings: Any,
    codes: Sequence[str],
    year: int,
    indicator: str = "pat_app_total",
    *,
    scheme: str = "wipo",
    counting: str | None = None,
) -> pd.DataFrame:
    """Region × industry matrix of one cube indicator (e.g. for LQ/RTA and region × industry match).

    ``scheme`` selects the industries by id prefix (``wipo``, ``nic``, ``sei``, ``ipi``); regions
    with no record in an industry get 0 for count indicators, as in the cube's own convention.
    """
    ind = load_catalog().get(indicator)
    rows = cube_slice(
        settings, regions=codes, indicators=[indicator], years=[int(year)], scheme=scheme, counting=counting
    )
    df = pd.DataFrame(rows, columns=["region_code", "industry", "value"])
    inds = sorted(str(i["id"]) for i in cube_industries(settings) if str(i["id"]).startswith(f"{scheme}:"))
    if not inds:
        raise EvaluationError(f"指标数据中没有 {scheme} 产业（请导入对照表并重新计算指标）")
    m = df.pivot_table(index="region_code", columns="industry", values="value", aggfunc="last")
    m = m.reindex(index=list(codes), columns=inds)
    if ind.type == "count":
        m = m.fillna(0.0)
    m.index.name, m.columns.name = "region", "industry"
    return m


def _empty_slice() -> pd.DataFrame:
    return pd.DataFrame({"region_code": [], "indicator": [], "value": []})


def layout_data(
    settings: Any,
    codes: Sequence[str],
    year: int,
    fw: Framework,
    *,
    fetch: Fetch | None = None,
) -> pd.DataFrame:
    """Wide counties × variables frame for the framework (indicators and denominators)."""
    srcs = _sources(fw)
    if fetch is not None:
        df = fetch(settings, codes, year, sorted({v for _, v in srcs.values()}))
    else:
        by_source: dict[str, list[str]] = {}
        for src, var in srcs.values():
            by_source.setdefault(src, []).append(var)
        parts = []
        for src, vars_ in by_source.items():
            if src == "statistics":
                parts.append(fetch_statistics(settings, codes, year, sorted(set(vars_))))
            elif src == "cube":
                parts.append(fetch_cube(settings, codes, year, sorted(set(vars_))))
            else:
                raise EvaluationError(f"框架中的数据来源 {src!r} 未知；应为 cube 或 statistics")
        df = pd.concat(parts, axis=1)
    df = df.reindex(index=list(codes))
    out = pd.DataFrame(index=pd.Index(list(codes), name="unit"))
    for code, (_, var) in srcs.items():
        if var not in df.columns:
            raise EvaluationError(f"取数结果缺少 {var}（框架代码 {code}）")
        out[code] = pd.to_numeric(df[var], errors="coerce").astype(float)
    out.attrs["population_fallback"] = []
    if fetch is None and "population" in out.columns and out["population"].isna().any():
        # same convention as the indicator catalogue: no yearly figure → 2020 census (flagged)
        from ipatlas.regions.population import census_population

        for u in out.index[out["population"].isna()]:
            p = census_population(str(u))
            if p is not None:
                out.at[u, "population"] = p / 10000.0  # persons → 万人
                out.attrs["population_fallback"].append(str(u))
    return out


def evaluate_layout(
    settings: Any,
    region: str,
    year: int,
    *,
    framework: str | Path | None = None,
    pipeline: str | Path | None = None,
    fetch: Fetch | None = None,
    units: Sequence[str] | None = None,
    spec: PipelineSpec | None = None,
) -> CompositeResult:
    """Evaluate the counties under ``region`` in ``year`` with the (default) layout framework."""
    fw, default_spec = load_layout_framework(framework)
    if spec is None:
        spec = PipelineSpec.load(pipeline) if pipeline is not None else default_spec
    names: dict[str, str] = {}
    reg = get_registry()
    if units is None:
        units = [r.code for r in reg.counties(region)]
        if not units:
            raise EvaluationError(f"区划 {region} 下没有区县")
    # names are a convenience: units outside the registry simply have none
    names = {r.code: r.name for r in reg.regions([u for u in units if u in reg])}
    data = layout_data(settings, units, year, fw, fetch=fetch)
    data["name"] = [names.get(u) for u in data.index]
    empty = [c for c in fw.indicators if data[c].isna().all()]
    if len(empty) == len(fw.indicators):
        raise EvaluationError(f"{region} {year} 年没有任何评价指标数据；请先导入数据并计算指标")
    inputs: dict[str, Any] = {
        "region": region,
        "year": int(year),
        "framework": fw.source,
        "empty_indicators": empty,
        "population_census2020_fallback": list(data.attrs.get("population_fallback", [])),
    }
    if fetch is None and any(src == "cube" for src, _ in _sources(fw).values()):
        info = cube_info(settings)
        inputs["cube_version"] = info.get("version")
        inputs["is_demo"] = bool(info.get("is_demo"))
    result = run_pipeline(data, fw, spec, inputs=inputs)
    if inputs.get("is_demo"):
        from ipatlas import DEMO_LABEL

        result.log["label"] = DEMO_LABEL  # results computed from demo data are labelled as such
    return result


def rerun(
    log_path: str | Path,
    *,
    force: bool = False,
    log_dir: str | Path | None = None,
    progress: ProgressCallback = no_progress,
    settings: Any = None,
) -> RerunReport:
    """Repeat a logged composite run; inputs must be unchanged (their SHA-256 is checked).

    Layout-evaluation runs (``ipatlas composite --region … --year …``) are repeated from the
    platform's data; the indicator-cube version must be the one recorded (unless ``force``).
    """
    log = load_log(log_path)
    inputs = log.get("inputs") or {}
    if "region" in inputs and "year" in inputs:
        return _rerun_layout(log, settings=settings, force=force, log_dir=log_dir)
    return rerun_files(log, force=force, log_dir=log_dir, progress=progress)


def _rerun_layout(
    log: dict[str, Any], *, settings: Any, force: bool, log_dir: str | Path | None
) -> RerunReport:
    """Repeat a layout evaluation run from the platform data (same region, year, framework, spec)."""
    if settings is None:
        raise EvaluationError("重跑区域布局评价需要平台设置（settings）")
    inputs = log["inputs"]
    checked: dict[str, bool] = {}
    if inputs.get("cube_version"):
        same = cube_info(settings).get("version") == inputs["cube_version"]
        checked["cube"] = same
        if not same and not force:
            raise EvaluationError(
                f"指标数据已重新计算（原版本 {inputs['cube_version']}）；如确需用新数据重跑请加 --force"
            )
    fw = inputs.get("framework")
    framework = None if not fw or str(fw).startswith("builtin:") else fw
    spec = PipelineSpec.from_dict(log["spec"], source=log.get("spec_source"))
    result = evaluate_layout(settings, inputs["region"], int(inputs["year"]), framework=framework, spec=spec)
    result.log["rerun_of"] = log["run_id"]
    if log_dir is not None:
        result.log["log_path"] = str(save_log(result.log, log_dir))
    identical = result.log["output"]["sha256"] == log["output"]["sha256"]
    return RerunReport(result=result, original=log, identical=identical, inputs_checked=checked)
