"""Plan supervision (规划督查台账) as SQLAlchemy models on the workflow ``Base``, plus API models.

Tables (created by migration ``0002_plans``):

* ``plans`` — an imported plan (规划/方案/意见): metadata, period, parent plan (a district plan
  under its city's plan), the corrected parse it was imported from, reporting rules.
* ``plan_targets`` — quantitative targets, linked to catalogue indicators.
* ``plan_tasks`` — the task ledger: deadline or cycle, status (未启动/推进中/已完成/滞后/调整).
* ``task_units`` — the responsible units of a task (lead first), normalised department names and
  a region-qualified key (``黔江区市场监管局``) that unit accounts (``User.unit``) match.
* ``task_reports`` / ``report_attachments`` — 季报 / 速报 / 即报 with text, figures and files
  (files under ``<data_dir>/plans/attachments``; metadata here).

Pydantic families follow ``ipatlas.store.models`` (``…Create`` / ``…Update`` / ``…Public``).
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any, Literal, get_args

from pydantic import BaseModel, ConfigDict, Field, field_validator
from sqlalchemy import (
    JSON,
    Boolean,
    CheckConstraint,
    Date,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ipatlas.plans.models import ParsedPlan, TargetKind
from ipatlas.store.models import Base, utcnow

TASK_STATUSES: tuple[str, ...] = ("未启动", "推进中", "已完成", "滞后", "调整")
TaskStatus = Literal["未启动", "推进中", "已完成", "滞后", "调整"]
REPORT_KINDS: tuple[str, ...] = ("quarterly", "fast", "immediate")
ReportKind = Literal["quarterly", "fast", "immediate"]
REPORT_KIND_LABELS = {"quarterly": "季报", "fast": "速报", "immediate": "即报"}
UNIT_ROLES = ("lead", "co")
TARGET_KINDS: tuple[str, ...] = get_args(TargetKind)  # TargetKind is defined once, beside the parsed plan

QUARTER_RE = re.compile(r"^\d{4}Q[1-4]$")
DEADLINE_RE = re.compile(r"^\d{4}(-\d{2}(-\d{2})?)?$")


def _in(values: tuple[str, ...]) -> str:
    return ", ".join(f"'{v}'" for v in values)


class Plan(Base):
    __tablename__ = "plans"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    title: Mapped[str] = mapped_column(Text, nullable=False)
    doc_number: Mapped[str | None] = mapped_column(String(100), nullable=True)
    kind: Mapped[str | None] = mapped_column(String(32), nullable=True)
    level: Mapped[str | None] = mapped_column(String(8), nullable=True)
    region_code: Mapped[str | None] = mapped_column(String(12), nullable=True, index=True)
    region_name: Mapped[str | None] = mapped_column(String(64), nullable=True)
    jurisdiction: Mapped[str | None] = mapped_column(String(4), nullable=True)
    period_start: Mapped[int | None] = mapped_column(Integer, nullable=True)
    period_end: Mapped[int | None] = mapped_column(Integer, nullable=True)
    issuers: Mapped[list[str]] = mapped_column(JSON, nullable=False, default=list)
    issued_on: Mapped[dt.date | None] = mapped_column(Date, nullable=True)
    parent_id: Mapped[int | None] = mapped_column(
        Integer, ForeignKey("plans.id", ondelete="SET NULL"), nullable=True, index=True
    )
    # Reports are owed from this date on (the day the ledger started, by default the import).
    tracking_start: Mapped[dt.date] = mapped_column(Date, nullable=False)
    quarterly_due_days: Mapped[int] = mapped_column(Integer, nullable=False, default=10)
    reminder_days: Mapped[int] = mapped_column(Integer, nullable=False, default=7)
    immediate_due_days: Mapped[int] = mapped_column(Integer, nullable=False, default=5)
    source_name: Mapped[str | None] = mapped_column(Text, nullable=True)
    # The corrected parse the ledger was built from (traceability of every task and target).
    parsed: Mapped[dict[str, Any]] = mapped_column(JSON, nullable=False)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, nullable=False, default=utcnow)
    created_by: Mapped[str | None] = mapped_column(String(64), nullable=True)
    updated_at: Mapped[dt.datetime] = mapped_column(DateTime, nullable=False, default=utcnow)

    targets: Mapped[list[PlanTarget]] = relationship(
        back_populates="plan", cascade="all, delete-orphan", order_by="PlanTarget.position"
    )
    tasks: Mapped[list[PlanTask]] = relationship(
        back_populates="plan", cascade="all, delete-orphan", order_by="PlanTask.position"
    )


class PlanTarget(Base):
    __tablename__ = "plan_targets"
    __table_args__ = (CheckConstraint(f"kind IN ({_in(TARGET_KINDS)})", name="ck_plan_targets_kind"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    plan_id: Mapped[int] = mapped_column(
        Integer, ForeignKey("plans.id", ondelete="CASCADE"), nullable=False, index=True
    )
    position: Mapped[int] = mapped_column(Integer, nullable=False)
    indicator: Mapped[str] = mapped_column(Text, nullable=False)
    indicator_id: Mapped[str | None] = mapped_column(String(64), nullable=True, index=True)
    value: Mapped[float | None] = mapped_column(Float, nullable=True)
    unit: Mapped[str | None] = mapped_column(String(16), nullable=True)
    year: Mapped[int | None] = mapped_column(Integer, nullable=True)
    kind: Mapped[str] = mapped_column(String(16), nullable=False)
    nature: Mapped[str | None] = mapped_column(String(8), nullable=True)
    comparator: Mapped[str] = mapped_column(String(2), nullable=False, default="=")
    baseline_year: Mapped[int | None] = mapped_column(Integer, nullable=True)
    baseline_value: Mapped[float | None] = mapped_column(Float, nullable=True)
    baseline_unit: Mapped[str | None] = mapped_column(String(16), nullable=True)
    baseline_text: Mapped[str | None] = mapped_column(Text, nullable=True)
    value_text: Mapped[str] = mapped_column(Text, nullable=False, default="")
    section: Mapped[str | None] = mapped_column(String(100), nullable=True)
    text: Mapped[str] = mapped_column(Text, nullable=False, default="")

    plan: Mapped[Plan] = relationship(back_populates="targets")


class PlanTask(Base):
    __tablename__ = "plan_tasks"
    __table_args__ = (
        UniqueConstraint("plan_id", "number", name="uq_plan_tasks_number"),
        CheckConstraint(f"status IN ({_in(TASK_STATUSES)})", name="ck_plan_tasks_status"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    plan_id: Mapped[int] = mapped_column(
        Integer, ForeignKey("plans.id", ondelete="CASCADE"), nullable=False, index=True
    )
    position: Mapped[int] = mapped_column(Integer, nullable=False)
    number: Mapped[str] = mapped_column(String(64), nullable=False)
    title: Mapped[str | None] = mapped_column(Text, nullable=True)
    text: Mapped[str] = mapped_column(Text, nullable=False, default="")
    section_title: Mapped[str | None] = mapped_column(Text, nullable=True)
    units_text: Mapped[str | None] = mapped_column(Text, nullable=True)
    deadline: Mapped[str | None] = mapped_column(String(10), nullable=True)
    # The milestone date the deadline stands for (2018-12 → 2018-12-31); 即报 are due after it.
    due_on: Mapped[dt.date | None] = mapped_column(Date, nullable=True)
    cycle: Mapped[str | None] = mapped_column(String(16), nullable=True)
    key_work: Mapped[bool] = mapped_column(Boolean, nullable=False, default=False)
    status: Mapped[str] = mapped_column(String(8), nullable=False, default="未启动")
    status_note: Mapped[str | None] = mapped_column(Text, nullable=True)
    status_changed_at: Mapped[dt.datetime | None] = mapped_column(DateTime, nullable=True)
    completed_on: Mapped[dt.date | None] = mapped_column(Date, nullable=True)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, nullable=False, default=utcnow)
    updated_at: Mapped[dt.datetime] = mapped_column(DateTime, nullable=False, default=utcnow)

    plan: Mapped[Plan] = relationship(back_populates="tasks")
    units: Mapped[list[TaskUnit]] = relationship(
        back_populates="task", cascade="all, delete-orphan", order_by="TaskUnit.position"
    )
    reports: Mapped[list[TaskReport]] = relationship(back_populates="task", order_by="TaskReport.id")


class TaskUnit(Base):
    __tablename__ = "task_units"
    __table_args__ = (
        UniqueConstraint("task_id", "unit_key", name="uq_task_units_key"),
        CheckConstraint("role IN ('lead', 'co')", name="ck_task_units_role"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    task_id: Mapped[int] = mapped_column(
        Integer, ForeignKey("plan_tasks.id", ondelete="CASCADE"), nullable=False, index=True
    )
    position: Mapped[int] = mapped_column(Integer, nullable=False)
    unit: Mapped[str] = mapped_column(String(255), nullable=False)
    unit_key: Mapped[str] = mapped_column(String(255), nullable=False, index=True)
    written: Mapped[str | None] = mapped_column(String(255), nullable=True)
    role: Mapped[str] = mapped_column(String(4), nullable=False)
    is_group: Mapped[bool] = mapped_column(Boolean, nullable=False, default=False)
    department_id: Mapped[str | None] = mapped_column(String(64), nullable=True)

    task: Mapped[PlanTask] = relationship(back_populates="units")


class TaskReport(Base):
    __tablename__ = "task_reports"
    __table_args__ = (
        CheckConstraint(f"kind IN ({_in(REPORT_KINDS)})", name="ck_task_reports_kind"),
        Index("ix_task_reports_task_kind_period", "task_id", "kind", "period"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    # Reports are records: a task with reports cannot be deleted (no cascade).
    task_id: Mapped[int] = mapped_column(Integer, ForeignKey("plan_tasks.id"), nullable=False)
    kind: Mapped[str] = mapped_column(String(12), nullable=False)
    period: Mapped[str | None] = mapped_column(String(8), nullable=True)
    unit: Mapped[str] = mapped_column(String(255), nullable=False)
    text: Mapped[str] = mapped_column(Text, nullable=False)
    figures: Mapped[list[dict[str, Any]]] = mapped_column(JSON, nullable=False, default=list)
    progress_status: Mapped[str | None] = mapped_column(String(8), nullable=True)
    due_on: Mapped[dt.date | None] = mapped_column(Date, nullable=True)
    late: Mapped[bool] = mapped_column(Boolean, nullable=False, default=False)
    submitted_at: Mapped[dt.datetime] = mapped_column(DateTime, nullable=False, default=utcnow)
    submitted_by_id: Mapped[int | None] = mapped_column(Integer, nullable=True)
    submitted_by: Mapped[str | None] = mapped_column(String(64), nullable=True)

    task: Mapped[PlanTask] = relationship(back_populates="reports")
    attachments: Mapped[list[ReportAttachment]] = relationship(
        back_populates="report", cascade="all, delete-orphan", order_by="ReportAttachment.id"
    )


class ReportAttachment(Base):
    __tablename__ = "report_attachments"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    report_id: Mapped[int] = mapped_column(
        Integer, ForeignKey("task_reports.id", ondelete="CASCADE"), nullable=False, index=True
    )
    filename: Mapped[str] = mapped_column(String(255), nullable=False)
    # Relative to the data directory, so a moved data directory keeps its files.
    stored_path: Mapped[str] = mapped_column(Text, nullable=False)
    size: Mapped[int] = mapped_column(Integer, nullable=False)
    sha256: Mapped[str] = mapped_column(String(64), nullable=False)
    content_type: Mapped[str | None] = mapped_column(String(100), nullable=True)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, nullable=False, default=utcnow)

    report: Mapped[TaskReport] = relationship(back_populates="attachments")


# ---- API models ------------------------------------------------------------------------------
def _check_deadline(value: str | None) -> str | None:
    if value is None:
        return None
    value = value.strip()
    if not value:
        return None
    if not DEADLINE_RE.match(value):
        raise ValueError("完成时限应写作 YYYY、YYYY-MM 或 YYYY-MM-DD")
    return value


class PlanCreate(BaseModel):
    """What the ledger imports: the (reviewed, corrected) parse and the ledger options."""

    parsed: ParsedPlan
    region: str | None = Field(default=None, description="6-digit adcode; default: the parse's region")
    parent_id: int | None = Field(default=None, description="the plan this one implements (city plan)")
    tracking_start: dt.date | None = Field(default=None, description="reports owed from; default today")
    key_tasks: list[str] = Field(default_factory=list, description="task numbers of key work (重点工作)")
    quarterly_due_days: int = Field(default=10, ge=0, le=90)
    reminder_days: int = Field(default=7, ge=0, le=60)
    immediate_due_days: int = Field(default=5, ge=0, le=60)
    source_name: str | None = None


class PlanUpdate(BaseModel):
    title: str | None = Field(default=None, min_length=1)
    doc_number: str | None = Field(default=None, max_length=100)
    parent_id: int | None = None
    tracking_start: dt.date | None = None
    period_start: int | None = Field(default=None, ge=1949, le=2100)
    period_end: int | None = Field(default=None, ge=1949, le=2100)
    quarterly_due_days: int | None = Field(default=None, ge=0, le=90)
    reminder_days: int | None = Field(default=None, ge=0, le=60)
    immediate_due_days: int | None = Field(default=None, ge=0, le=60)


class PlanPublic(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: int
    title: str
    doc_number: str | None
    kind: str | None
    level: str | None
    region_code: str | None
    region_name: str | None
    jurisdiction: str | None
    period_start: int | None
    period_end: int | None
    issuers: list[str]
    issued_on: dt.date | None
    parent_id: int | None
    tracking_start: dt.date
    quarterly_due_days: int
    reminder_days: int
    immediate_due_days: int
    source_name: str | None
    created_at: dt.datetime
    created_by: str | None
    updated_at: dt.datetime


class PlanSummary(PlanPublic):
    parent_title: str | None = None
    task_count: int = 0
    target_count: int = 0
    status_counts: dict[str, int] = Field(default_factory=dict)
    children: list[int] = Field(default_factory=list)


class TargetPublic(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: int
    plan_id: int
    position: int
    indicator: str
    indicator_id: str | None
    value: float | None
    unit: str | None
    year: int | None
    kind: str
    nature: str | None
    comparator: str
    baseline_year: int | None
    baseline_value: float | None
    baseline_unit: str | None
    baseline_text: str | None
    value_text: str
    section: str | None
    text: str


class TargetUpdate(BaseModel):
    indicator_id: str | None = None
    value: float | None = None
    unit: str | None = Field(default=None, max_length=16)
    year: int | None = Field(default=None, ge=1949, le=2100)
    kind: TargetKind | None = None
    comparator: Literal[">", ">=", "<=", "=", "~"] | None = None
    baseline_year: int | None = Field(default=None, ge=1949, le=2100)
    baseline_value: float | None = None


class TaskUnitPublic(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    unit: str
    unit_key: str
    role: str
    written: str | None
    is_group: bool
    department_id: str | None


class TaskPublic(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: int
    plan_id: int
    position: int
    number: str
    title: str | None
    text: str
    section_title: str | None
    units_text: str | None
    units: list[TaskUnitPublic]
    deadline: str | None
    due_on: dt.date | None
    cycle: str | None
    key_work: bool
    status: str
    status_note: str | None
    status_changed_at: dt.datetime | None
    completed_on: dt.date | None
    created_at: dt.datetime
    updated_at: dt.datetime
    plan_title: str | None = None

    @property
    def lead(self) -> TaskUnitPublic | None:
        return next((u for u in self.units if u.role == "lead"), None)

    @property
    def lead_unit(self) -> str | None:
        lead = self.lead
        return lead.unit_key if lead else None

    @property
    def co_units(self) -> list[str]:
        return [u.unit_key for u in self.units if u.role == "co"]

    @property
    def label(self) -> str:
        return self.title or self.text[:30]


class TaskUpdate(BaseModel):
    """Analyst edits of a ledger task; ``units`` are written as in a plan (lead first)."""

    title: str | None = None
    status: TaskStatus | None = None
    status_note: str | None = None
    units: list[str] | None = None
    deadline: str | None = None
    cycle: str | None = Field(default=None, max_length=16)
    key_work: bool | None = None

    _deadline = field_validator("deadline")(_check_deadline)


class FigureIn(BaseModel):
    """A figure in a report (e.g. 办理案件 12 件)."""

    name: str = Field(min_length=1, max_length=100)
    value: float
    unit: str | None = Field(default=None, max_length=16)


class ReportCreate(BaseModel):
    kind: ReportKind
    text: str = Field(min_length=1, max_length=20000)
    period: str | None = Field(default=None, description="quarter of a 季报, e.g. 2026Q3")
    figures: list[FigureIn] = Field(default_factory=list)
    progress_status: Literal["推进中", "已完成"] | None = None
    unit: str | None = Field(
        default=None, description="reporting unit (unit key); needed when the actor is not a unit account"
    )

    @field_validator("period")
    @classmethod
    def _period(cls, value: str | None) -> str | None:
        if value in (None, ""):
            return None
        value = value.strip().upper()
        if not QUARTER_RE.match(value):
            raise ValueError("季度应写作 2026Q3")
        return value

    @field_validator("text")
    @classmethod
    def _text(cls, value: str) -> str:
        value = value.strip()
        if not value:
            raise ValueError("报送内容不能为空")
        return value


class AttachmentPublic(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: int
    report_id: int
    filename: str
    size: int
    sha256: str
    content_type: str | None
    created_at: dt.datetime


class ReportPublic(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: int
    task_id: int
    kind: str
    period: str | None
    unit: str
    text: str
    figures: list[dict[str, Any]]
    progress_status: str | None
    due_on: dt.date | None
    late: bool
    submitted_at: dt.datetime
    submitted_by: str | None
    attachments: list[AttachmentPublic]

    @property
    def kind_label(self) -> str:
        return REPORT_KIND_LABELS.get(self.kind, self.kind)
