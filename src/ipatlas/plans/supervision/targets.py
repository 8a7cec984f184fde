"""Target tracking: the latest actual value, the trajectory required to reach the target, the status.

Actual values come from a :class:`FigureSource` — the indicator cube (:class:`CubeFigures`,
region + catalogue indicator id + year) and/or figures the office enters from published
statistics (:class:`StaticFigures`, a CSV). A target whose figure is missing is ``无数据``, with
the reason; nothing is guessed.

Trajectories run from the base year (the baseline stated in the plan, else the year before the
plan period, valued from the figures) to the target year:

* levels, counts, amounts, shares — linear: ``B + (F − B)·(y − Y0)/(T − Y0)``;
* growth rates (年均增长 r%), growth (比基期增长 g%) and multiples (翻一番) — compound:
  ``B·(F/B)^((y − Y0)/(T − Y0))`` with the final level ``F = B(1+r)^(T−Y0)``, ``B(1+g)``, ``B·k``;
* cumulative totals (累计达到) of a yearly flow — the sum over the plan years against the target
  spread evenly over them; of a stock (a 累计 count such as GI products) — a level.

Status on the latest year ``y`` with a figure (≤ target year): ``达标`` when the final level is
reached; else ``滞后`` if the target year has passed; else ``按进度`` when the figure is at or
beyond the trajectory for ``y``, ``滞后`` when below; ``无数据`` when a figure (or the baseline a
relative target needs) is missing. ``<=`` targets (ceilings) are judged the other way round.
"""

from __future__ import annotations

import csv
import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal, Protocol

from pydantic import BaseModel

from ipatlas import DEMO_LABEL
from ipatlas.config import Settings
from ipatlas.errors import InputError, IpatlasError, cause
from ipatlas.fmt import cagr, grouped
from ipatlas.indicators import load_catalog
from ipatlas.indicators import series as cube_series
from ipatlas.plans.links import money_factor
from ipatlas.plans.models import TARGET_KIND_LABELS
from ipatlas.plans.supervision.models import PlanPublic, TargetPublic

TargetStatus = Literal["达标", "按进度", "滞后", "无数据"]
TARGET_STATUSES: tuple[str, ...] = ("达标", "按进度", "滞后", "无数据")
KIND_LABELS = TARGET_KIND_LABELS
COMPOUND_KINDS = frozenset({"growth_rate", "growth", "multiple"})


# ---- figures ------------------------------------------------------------------------------------
@dataclass
class Figure:
    year: int
    value: float
    flags: dict[str, Any] = field(default_factory=dict)


@dataclass
class FigureSeries:
    figures: list[Figure]
    source: str = ""
    reason: str | None = None  # why there are no figures
    demo: bool = False
    # Demo data are generated at a fraction of the real size (the demo manifest's ``scale``): counts
    # and amounts are compared with the plan's targets converted by the same factor.
    demo_scale: float | None = None

    def by_year(self) -> dict[int, float]:
        return {f.year: f.value for f in self.figures}


class FigureSource(Protocol):
    def series(self, region: str, indicator_id: str) -> FigureSeries: ...

    def is_flow(self, indicator_id: str) -> bool | None: ...


def _catalogue_flow(indicator_id: str) -> bool | None:
    """Yearly flows (applications, registrations: their years add up) vs stocks (valid patents),
    as the catalogue declares them (``flow: true``)."""
    try:
        ind = load_catalog().get(indicator_id)
    except IpatlasError:  # not a catalogue indicator
        return None
    return ind.flow


def demo_scale(settings: Settings) -> float | None:
    """The demo's size relative to the real region (``<data_dir>/demo/manifest.json``), if any."""
    import json

    path = Path(settings.data_dir) / "demo" / "manifest.json"
    try:
        scale = float(json.loads(path.read_text("utf-8")).get("scale"))
    except (OSError, ValueError, TypeError):
        return None
    return scale if 0 < scale != 1 else None


# Target kinds whose values scale with the number of records (shares and growth rates do not).
SCALED_KINDS = ("level", "count", "amount", "cumulative")


class CubeFigures:
    """Figures from the indicator cube (``ipatlas indicators compute``)."""

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self._cache: dict[tuple[str, str], FigureSeries] = {}

    def series(self, region: str, indicator_id: str) -> FigureSeries:
        key = (region, indicator_id)
        if key not in self._cache:
            self._cache[key] = self._load(region, indicator_id)
        return self._cache[key]

    def _load(self, region: str, indicator_id: str) -> FigureSeries:
        try:
            rows = cube_series(self.settings, region, indicator_id)
        except IpatlasError as exc:
            return FigureSeries([], "指标数据", reason=exc.message)
        figures = [
            Figure(int(r["year"]), float(r["value"]), dict(r.get("flags") or {}))
            for r in rows
            if r.get("value") is not None
        ]
        demo = any(f.flags.get("demo") for f in figures)
        reason = (
            None
            if figures
            else "指标数据中该地区该指标均无数值（"
            + "；".join(sorted({str(r.get("reason")) for r in rows if r.get("reason")}) or ["无记录"])
            + "）"
        )
        return FigureSeries(
            figures,
            "指标数据" + (f"（{DEMO_LABEL}）" if demo else ""),
            reason,
            demo,
            demo_scale(self.settings) if demo else None,
        )

    def is_flow(self, indicator_id: str) -> bool | None:
        return _catalogue_flow(indicator_id)


class StaticFigures:
    """Figures given by the user (统计公报 …): ``{(region, indicator_id): {year: value}}``."""

    def __init__(self, values: dict[tuple[str, str], dict[int, float]], source: str = "用户提供") -> None:
        self.values = values
        self.source = source

    @classmethod
    def from_csv(cls, path: Path) -> StaticFigures:
        """A CSV with columns ``region,indicator_id,year,value`` (UTF-8, header row)."""
        values: dict[tuple[str, str], dict[int, float]] = {}
        try:
            text = Path(path).read_text("utf-8-sig")
        except OSError as exc:
            raise InputError(f"无法读取：{cause(exc)}", file=str(path)) from exc
        reader = csv.DictReader(text.splitlines())
        need = {"region", "indicator_id", "year", "value"}
        if not reader.fieldnames or not need <= set(reader.fieldnames):
            raise InputError(f"需要列 {', '.join(sorted(need))}", file=str(path), row=1)
        for i, row in enumerate(reader, start=2):
            for name in ("year", "value"):
                try:
                    float(row[name])
                except (TypeError, ValueError):
                    raise InputError(f"不是数字：{row[name]!r}", file=str(path), row=i, field=name) from None
            region = (row["region"] or "").strip()
            ind = (row["indicator_id"] or "").strip()
            if not region or not ind:
                raise InputError("地区和指标不能为空", file=str(path), row=i, field="region")
            values.setdefault((region, ind), {})[int(float(row["year"]))] = float(row["value"])
        return cls(values, source=Path(path).name)

    def series(self, region: str, indicator_id: str) -> FigureSeries:
        vals = self.values.get((region, indicator_id), {})
        figures = [Figure(y, v) for y, v in sorted(vals.items())]
        return FigureSeries(
            figures, self.source, None if figures else f"{self.source}中没有该地区该指标的数值"
        )

    def is_flow(self, indicator_id: str) -> bool | None:
        return _catalogue_flow(indicator_id)


class ChainedFigures:
    """The first source that has figures for a region and indicator (user figures before the cube)."""

    def __init__(self, *sources: FigureSource) -> None:
        self.sources = sources

    def series(self, region: str, indicator_id: str) -> FigureSeries:
        reasons = []
        for s in self.sources:
            res = s.series(region, indicator_id)
            if res.figures:
                return res
            if res.reason:
                reasons.append(res.reason)
        return FigureSeries([], "", "；".join(reasons) or "无数据")

    def is_flow(self, indicator_id: str) -> bool | None:
        for s in self.sources:
            flow = s.is_flow(indicator_id)
            if flow is not None:
                return flow
        return None


# ---- evaluation ---------------------------------------------------------------------------------
class TrajectoryPoint(BaseModel):
    year: int
    required: float | None
    actual: float | None


class TargetProgress(BaseModel):
    target_id: int
    plan_id: int
    plan_title: str
    region_code: str | None
    region_name: str | None
    indicator: str
    indicator_id: str | None
    kind: str
    kind_label: str
    comparator: str
    nature: str | None
    target_value: float | None
    unit: str | None
    year: int | None
    value_text: str
    baseline_year: int | None = None
    baseline_value: float | None = None
    baseline_source: str | None = None
    final_value: float | None = None  # the level to reach in the target year
    actual_year: int | None = None
    actual_value: float | None = None
    actual_source: str | None = None
    required_value: float | None = None  # the trajectory at actual_year
    progress: float | None = None  # share of the way from the baseline to the final level
    realised_rate: float | None = None  # % a year since the base year (growth-rate targets)
    method: str = ""
    status: TargetStatus
    reason: str
    demo: bool = False
    scale_note: str | None = None  # demo figures: how the target was converted to the demo's scale
    # The catalogue's definition of the linked indicator (formula and what counts), shown beside the
    # actual value so the figure reads the same as on the indicator pages, and its unit.
    definition: str | None = None
    indicator_unit: str | None = None
    indicator_name: str | None = None  # its Chinese name; the id is shown only as code
    formula: str | None = None  # the definition's two parts, for pages: the code-like formula …
    counts: str | None = None  # … and the prose of what counts
    unit_note: str | None = None  # an amount converted to the indicator's money unit (元 → 亿元)
    trajectory: list[TrajectoryPoint] = []

    @property
    def demo_label(self) -> str:
        return DEMO_LABEL if self.demo else ""


def _fmt(v: float | None) -> str:
    return grouped(v)


def _on_demo_scale(
    target: TargetPublic, series: FigureSeries | None
) -> tuple[TargetPublic, float | None, str]:
    """Demo figures are generated at a fraction of real size: compare the target on that scale."""
    V = target.value
    scale_note = ""
    if (
        series is not None
        and series.demo
        and series.demo_scale
        and V is not None
        and target.kind in SCALED_KINDS
        and (target.unit or "") != "%"
    ):
        # Compared on the demo's own scale: the plan's figure times the demo's size factor.
        k = series.demo_scale
        scale_note = f"演示数据按真实规模的 {k:.4g} 倍生成：目标值 {_fmt(V)} 与基期值按同一系数折算后比较"
        V = V * k
        target = target.model_copy(
            update={
                "value": V,
                "baseline_value": target.baseline_value * k if target.baseline_value is not None else None,
            }
        )
    return target, V, scale_note


def _catalogue_terms(target: TargetPublic) -> tuple[TargetPublic, dict[str, Any]]:
    """The linked indicator's definition and unit; an amount (read in 元) converted to the
    indicator's money unit (技术合同成交额 in 亿元), baseline too, so that it compares like with like."""
    try:
        ind = load_catalog().get(target.indicator_id or "")
    except IpatlasError:
        return target, {}
    terms: dict[str, Any] = {
        "definition": load_catalog().definition(ind),
        "indicator_unit": ind.unit,
        "indicator_name": ind.name,
        "formula": ind.formula,  # the catalogue's formula (code-like), shown apart from the prose
        "counts": ind.counts,
    }
    k = money_factor(target.unit, ind.unit)
    if k is None or k == 1 or target.value is None or target.kind not in SCALED_KINDS:
        return target, terms
    base_k = money_factor(target.baseline_unit or target.unit, ind.unit)
    update: dict[str, Any] = {"value": target.value * k, "unit": ind.unit}
    if target.baseline_value is not None and base_k is not None:
        update["baseline_value"], update["baseline_unit"] = target.baseline_value * base_k, ind.unit
    terms["unit_note"] = f"目标值 {target.value_text} 按指标单位换算为 {_fmt(target.value * k)} {ind.unit}"
    return target.model_copy(update=update), terms


def _no_data(head: dict[str, Any], reason: str, **extra: Any) -> TargetProgress:
    return TargetProgress(**{**head, **extra}, status="无数据", reason=reason)


def _cumulative(
    head: dict[str, Any],
    plan: PlanPublic,
    figs: dict[int, float],
    *,
    V: float,
    T: int,
    Y0: int | None,
    d: float,
    eps: float,
) -> TargetProgress:
    """A cumulative target of a yearly flow: the plan years' sum against the target spread evenly."""
    start = plan.period_start or (Y0 + 1 if Y0 else min(figs))
    years = [y for y in sorted(figs) if start <= y <= T]
    if not years:
        return _no_data(head, f"{start}—{T}年无数据，无法累计")
    y = years[-1]
    missing = [yy for yy in range(start, y + 1) if yy not in figs]
    if missing:
        return _no_data(head, f"缺少{'、'.join(map(str, missing))}年数据，无法累计")
    span = T - start + 1

    def required_c(yy: int) -> float:
        return V * min(yy - start + 1, span) / span

    running, traj = 0.0, []
    for yy in range(start, T + 1):
        if yy in figs and yy <= y:
            running += figs[yy]
        traj.append(TrajectoryPoint(year=yy, required=required_c(yy), actual=running if yy <= y else None))
    A, R0 = running, required_c(y)
    cum: dict[str, Any] = {
        "final_value": V, "actual_year": y, "actual_value": A, "required_value": R0,
        "progress": A / V if V else None, "method": f"累计（{start}—{T}年逐年平均分摊）",
        "trajectory": traj, "baseline_year": None,
    }  # fmt: skip
    return _judge(head, cum, A, V, R0, y, T, d, eps, f"{start}—{y}年累计")


def _final_value(kind: str, B: float | None, V: float, T: int, Y0: int | None) -> float | None:
    """The level a relative target (multiple, growth, growth rate) asks for; None without a baseline."""
    if kind == "multiple":
        return B * V if B is not None else None
    if kind == "growth":
        return B * (1 + V / 100) if B is not None else None
    if kind == "growth_rate":
        return B * (1 + V / 100) ** (T - Y0) if B is not None and Y0 is not None else None
    return V


def evaluate_target(
    target: TargetPublic, plan: PlanPublic, series: FigureSeries | None, *, flow: bool | None = None
) -> TargetProgress:
    """Progress of one target of ``plan`` given the figures of its region and indicator."""
    T = target.year or plan.period_end
    target, terms = _catalogue_terms(target)
    target, V, scale_note = _on_demo_scale(target, series)
    d = -1.0 if target.comparator in ("<=",) else 1.0
    Y0 = target.baseline_year or (plan.period_start - 1 if plan.period_start else None)
    head: dict[str, Any] = {
        "target_id": target.id,
        "plan_id": plan.id,
        "plan_title": plan.title,
        "region_code": plan.region_code,
        "region_name": plan.region_name,
        "indicator": target.indicator,
        "indicator_id": target.indicator_id,
        "kind": target.kind,
        "kind_label": KIND_LABELS.get(target.kind, target.kind),
        "comparator": target.comparator,
        "nature": target.nature,
        "target_value": V,
        "unit": target.unit,
        "year": T,
        "value_text": target.value_text,
        "baseline_year": Y0,
        "baseline_value": target.baseline_value,
        "baseline_source": "规划文本" if target.baseline_value is not None else None,
        "demo": bool(series and series.demo),
        "actual_source": series.source if series and series.figures else None,
        "scale_note": scale_note or None,
        **terms,
    }

    def no_data(reason: str, **extra: Any) -> TargetProgress:
        return _no_data(head, reason, **extra)

    if V is None or T is None:
        return no_data("目标值或目标年份缺失，请在台账中补全")
    if not target.indicator_id:
        return no_data("该指标未对应指标目录，无法取得实际值")
    if plan.region_code is None:
        return no_data("规划未确定地区，无法取得实际值")
    if series is None or not series.figures:
        return no_data(series.reason if series and series.reason else "指标数据中没有该地区的数值")
    figs = series.by_year()
    eps = 1e-9 * max(1.0, abs(V))

    if target.kind == "cumulative" and flow:
        return _cumulative(head, plan, figs, V=V, T=T, Y0=Y0, d=d, eps=eps)

    past = [yy for yy in figs if yy <= T]
    if not past:
        return no_data(f"无{T}年及以前的数据")
    y = max(past)
    A = figs[y]
    B = target.baseline_value
    if B is None and Y0 is not None and Y0 in figs:
        B = figs[Y0]
        head["baseline_value"], head["baseline_source"] = B, series.source
    F = _final_value(target.kind, B, V, T, Y0)
    compound = target.kind in COMPOUND_KINDS

    def required(yy: int) -> float | None:
        if F is None:
            return None
        if yy >= T:
            return F
        if B is None or Y0 is None:
            return None
        if yy <= Y0 or T <= Y0:
            return B if yy <= Y0 else F
        share = (yy - Y0) / (T - Y0)
        if compound and B > 0 and F > 0:
            return float(B * (F / B) ** share)
        return B + (F - B) * share

    first = Y0 if Y0 is not None and B is not None else min(figs)
    traj = [
        TrajectoryPoint(year=yy, required=required(yy), actual=figs.get(yy))
        for yy in range(max(min(first, y), T - 40), T + 1)
    ]
    R = required(y)
    extra: dict[str, Any] = {
        "final_value": F,
        "actual_year": y,
        "actual_value": A,
        "required_value": R,
        "method": "复合增长" if compound else "线性",
        "trajectory": traj,
    }
    if B is not None and F is not None and abs(F - B) > eps:
        extra["progress"] = (A - B) / (F - B)
    rate = cagr(B, A, y - Y0, min_base=0.0) if target.kind == "growth_rate" and Y0 is not None else None
    if rate is not None:  # a plan's own baseline: no small-base rule
        extra["realised_rate"] = rate * 100
    if F is None:
        return no_data(f"缺少基期（{Y0}年）数值，无法把{KIND_LABELS[target.kind]}目标换算为目标值", **extra)
    return _judge(head, extra, A, F, R, y, T, d, eps, f"{y}年")


def evaluate_plain_target(
    *,
    indicator_id: str,
    value: float,
    year: int,
    kind: str = "level",
    comparator: str = ">=",
    baseline_year: int | None = None,
    baseline_value: float | None = None,
    first_year: int | None = None,
    figures: dict[int, float],
    source: str = "",
) -> TargetProgress:
    """:func:`evaluate_target` for a target stated outside the ledger (a report's ``--targets``
    file, a plan target read for a report): the same rules, the same statuses. ``first_year``
    (the year before the period starts) is the baseline year when none is stated."""
    now = dt.datetime(2000, 1, 1)
    plan = PlanPublic(
        id=0, title=source or "规划目标", doc_number=None, kind=None, level=None, region_code="-",
        region_name=None, jurisdiction=None, period_start=(first_year + 1) if first_year else None,
        period_end=year, issuers=[], issued_on=None, parent_id=None, tracking_start=now.date(),
        quarterly_due_days=0, reminder_days=0, immediate_due_days=0, source_name=None,
        created_at=now, created_by=None, updated_at=now,
    )  # fmt: skip
    target = TargetPublic(
        id=0, plan_id=0, position=0, indicator=indicator_id, indicator_id=indicator_id, value=value,
        unit=None, year=year, kind=kind, nature=None, comparator=comparator, baseline_year=baseline_year,
        baseline_value=baseline_value, baseline_unit=None, baseline_text=None, value_text=str(value),
        section=None, text="",
    )  # fmt: skip
    series = FigureSeries([Figure(y, v) for y, v in sorted(figures.items())], source or "指标数据")
    return evaluate_target(target, plan, series, flow=_catalogue_flow(indicator_id))


def _judge(
    head: dict[str, Any], extra: dict[str, Any], A: float, F: float, R: float | None,
    y: int, T: int, d: float, eps: float, when: str,
) -> TargetProgress:  # fmt: skip
    status: TargetStatus
    if d * (A - F) >= -eps:
        status, reason = "达标", f"{when}实际值 {_fmt(A)}，已达到目标 {_fmt(F)}"
    elif y >= T:
        status, reason = "滞后", f"目标年{T}年实际值 {_fmt(A)}，未达到目标 {_fmt(F)}"
    elif R is None:
        return TargetProgress(
            **{**head, **extra}, status="无数据",
            reason=f"{when}实际值 {_fmt(A)}，目标 {_fmt(F)}；缺少基期数值，无法计算进度要求",
        )  # fmt: skip
    elif d * (A - R) >= -eps:
        status, reason = "按进度", f"{when}实际值 {_fmt(A)}，不低于进度要求 {_fmt(R)}（目标 {_fmt(F)}）"
    else:
        status, reason = "滞后", f"{when}实际值 {_fmt(A)}，低于进度要求 {_fmt(R)}（目标 {_fmt(F)}）"
    if d < 0 and status != "达标":
        reason = reason.replace("不低于", "不高于").replace("低于进度", "高于进度")
    return TargetProgress(**{**head, **extra}, status=status, reason=reason)


def status_counts(items: list[TargetProgress]) -> dict[str, int]:
    return {s: sum(1 for i in items if i.status == s) for s in TARGET_STATUSES}
