"""The analyst's review of a parse before it enters the ledger.

The review page shows every target and task of the parse with editable fields; what comes back
is applied to the parse here (units re-read through the department registry, so 工商局 typed by
hand becomes 区市场监管局 like the parser's own), giving the corrected plan to import.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

from pydantic import BaseModel, Field, ValidationError, field_validator

from ipatlas.errors import InputError
from ipatlas.plans.models import Baseline, ParsedPlan, Period, TargetKind, UnitRef
from ipatlas.plans.supervision.models import PlanCreate, _check_deadline
from ipatlas.plans.supervision.periods import deadline_date, parse_date
from ipatlas.plans.supervision.units import unit_context
from ipatlas.plans.units import DepartmentRegistry, load_registry, split_units


class TargetEdit(BaseModel):
    include: bool = True
    indicator: str | None = None
    indicator_id: str | None = None
    value: float | None = None
    unit: str | None = None
    year: int | None = Field(default=None, ge=1949, le=2100)
    kind: TargetKind | None = None
    baseline_year: int | None = Field(default=None, ge=1949, le=2100)
    baseline_value: float | None = None


class TaskEdit(BaseModel):
    include: bool = True
    units: str | None = Field(default=None, description="units, lead first, separated by 、")
    lead: str | None = None
    deadline: str | None = None
    cycle: str | None = Field(default=None, max_length=16)
    key: bool = False

    _deadline = field_validator("deadline")(_check_deadline)


class PlanReview(BaseModel):
    title: str | None = None
    doc_number: str | None = None
    region: str | None = None
    parent_id: int | None = None
    period_start: int | None = Field(default=None, ge=1949, le=2100)
    period_end: int | None = Field(default=None, ge=1949, le=2100)
    tracking_start: dt.date | None = None
    quarterly_due_days: int = Field(default=10, ge=0, le=90)
    reminder_days: int = Field(default=7, ge=0, le=60)
    immediate_due_days: int = Field(default=5, ge=0, le=60)
    targets: dict[int, TargetEdit] = Field(default_factory=dict)
    tasks: dict[int, TaskEdit] = Field(default_factory=dict)


def apply_review(
    parsed: ParsedPlan, review: PlanReview, *, registry: DepartmentRegistry | None = None
) -> PlanCreate:
    """The corrected plan: ``parsed`` with the reviewer's edits (excluded items dropped)."""
    plan = parsed.model_copy(deep=True)
    if review.title is not None and review.title.strip():
        plan.title = review.title.strip()
    if review.doc_number is not None:
        plan.doc_number = review.doc_number.strip() or None
    if review.period_start is not None or review.period_end is not None:
        plan.period = Period(
            start=review.period_start if review.period_start is not None else plan.period.start,
            end=review.period_end if review.period_end is not None else plan.period.end,
        )
    reg = registry or load_registry()
    region = (review.region or "").strip() or (plan.region.code if plan.region else None)
    if region and (plan.region is None or region != plan.region.code):
        cfg = reg.region_config(region)
        plan.region = cfg.ref()
    ctx = unit_context(reg, region, plan.region.name if plan.region else None,
                       plan.region.jurisdiction if plan.region else None)  # fmt: skip

    targets = []
    for i, t in enumerate(plan.targets):
        e = review.targets.get(i)
        if e is None:
            targets.append(t)
            continue
        if not e.include:
            continue
        t = t.model_copy()
        for name in ("indicator", "unit", "kind", "year"):
            value = getattr(e, name)
            if value not in (None, ""):
                setattr(t, name, value)
        if e.value is not None:
            t.value = e.value
        t.indicator_id = (e.indicator_id or "").strip() or None
        if e.baseline_year is not None or e.baseline_value is not None:
            b = t.baseline or Baseline()
            t.baseline = b.model_copy(update={"year": e.baseline_year, "value": e.baseline_value})
        elif t.baseline is not None and (t.baseline.year or t.baseline.value is not None):
            t.baseline = None  # the reviewer cleared it
        targets.append(t)
    plan.targets = targets

    tasks, key_tasks = [], []
    for j, task in enumerate(plan.tasks):
        te = review.tasks.get(j)
        if te is None:
            tasks.append(task)
            continue
        if not te.include:
            continue
        task = task.model_copy(deep=True)
        units = split_units(te.units) if te.units is not None else list(task.units_normalized or task.units)
        lead = (te.lead or "").strip()
        if lead:
            units = [lead, *[u for u in units if u != lead]]
        current = list(task.units_normalized or task.units)
        if units != current:
            refs: list[UnitRef] = []
            for ref in ctx.resolve(units):
                if ref.normalized not in {r.normalized for r in refs}:
                    refs.append(ref)
            task.unit_details = refs
            task.units = [r.expanded for r in refs]
            task.units_normalized = [r.normalized for r in refs]
            task.lead_unit = task.units[0] if refs else None
            task.lead_unit_normalized = task.units_normalized[0] if refs else None
            task.units_inherited = False
        task.deadline = te.deadline
        deadline_date(te.deadline)
        task.cycle = (te.cycle or "").strip() or None
        if te.key:
            key_tasks.append(task.number)
        tasks.append(task)
    plan.tasks = tasks
    return PlanCreate(
        parsed=plan,
        region=region,
        parent_id=review.parent_id,
        tracking_start=review.tracking_start,
        key_tasks=key_tasks,
        quarterly_due_days=review.quarterly_due_days,
        reminder_days=review.reminder_days,
        immediate_due_days=review.immediate_due_days,
        source_name=parsed.source.name,
    )


def _blank(value: str | None) -> str | None:
    return None if value is None or not str(value).strip() else str(value).strip()


def review_from_form(form: Mapping[str, Any], parsed: ParsedPlan) -> PlanReview:
    """Read the review form: plan fields, ``t{i}_…`` per target, ``k{j}_…`` per task."""

    def get(name: str) -> str | None:
        value = form.get(name)
        return _blank(value if isinstance(value, str) else None)

    data: dict[str, Any] = {
        "title": get("title"),
        "doc_number": form.get("doc_number") if isinstance(form.get("doc_number"), str) else None,
        "region": get("region"),
        "parent_id": get("parent_id"),
        "period_start": get("period_start"),
        "period_end": get("period_end"),
        "tracking_start": parse_date(get("tracking_start"), "tracking_start"),
        "targets": {},
        "tasks": {},
    }
    for name in ("quarterly_due_days", "reminder_days", "immediate_due_days"):
        if get(name) is not None:
            data[name] = get(name)
    for i in range(len(parsed.targets)):
        if get(f"t{i}_present") is None:
            continue
        data["targets"][i] = {
            "include": get(f"t{i}_include") is not None,
            "indicator": get(f"t{i}_indicator"),
            "indicator_id": get(f"t{i}_indicator_id"),
            "value": get(f"t{i}_value"),
            "unit": get(f"t{i}_unit"),
            "year": get(f"t{i}_year"),
            "kind": get(f"t{i}_kind"),
            "baseline_year": get(f"t{i}_baseline_year"),
            "baseline_value": get(f"t{i}_baseline_value"),
        }
    for j in range(len(parsed.tasks)):
        if get(f"k{j}_present") is None:
            continue
        units = form.get(f"k{j}_units")
        data["tasks"][j] = {
            "include": get(f"k{j}_include") is not None,
            "units": units if isinstance(units, str) else None,
            "lead": get(f"k{j}_lead"),
            "deadline": get(f"k{j}_deadline"),
            "cycle": get(f"k{j}_cycle"),
            "key": get(f"k{j}_key") is not None,
        }
    try:
        return PlanReview.model_validate(data)
    except ValidationError as exc:
        err = exc.errors()[0]
        loc = [str(p) for p in err.get("loc", ())]
        field = _field_label(loc, parsed)
        raise InputError(f"{field}：{err.get('msg', '')}", field=".".join(loc)) from None


def _field_label(loc: list[str], parsed: ParsedPlan) -> str:
    names = {"value": "目标值", "year": "年份", "baseline_year": "基期年份", "baseline_value": "基期值",
             "deadline": "完成时限", "kind": "类型", "cycle": "周期", "period_start": "起始年",
             "period_end": "终止年", "parent_id": "上级规划", "tracking_start": "台账起始日"}  # fmt: skip
    if len(loc) >= 3 and loc[0] in ("targets", "tasks") and loc[1].isdigit():
        i = int(loc[1])
        if loc[0] == "targets":
            what = f"目标“{parsed.targets[i].indicator}”"
        else:
            what = f"任务 {parsed.tasks[i].number}"
        return f"{what}的{names.get(loc[2], loc[2])}"
    return names.get(loc[0], loc[0]) if loc else "表单"
