"""The parsed plan: what ``ipatlas plans parse --json`` prints and what the ledger imports."""

from __future__ import annotations

import datetime as dt
from typing import Literal

from pydantic import BaseModel, Field

TargetKind = Literal["level", "count", "amount", "share", "growth_rate", "growth", "multiple", "cumulative"]
TARGET_KIND_LABELS: dict[str, str] = {
    "level": "达到值",
    "count": "数量",
    "amount": "金额",
    "share": "比例",
    "growth_rate": "年均增速",
    "growth": "较基期增长",
    "multiple": "倍数",
    "cumulative": "累计",
}
Nature = Literal["预期性", "约束性"]


class Period(BaseModel):
    start: int | None = None
    end: int | None = None


class RegionRef(BaseModel):
    code: str | None = Field(default=None, description="6-digit adcode when known")
    name: str
    jurisdiction: str = Field(description="单字层级：省/市/区/县，用于补全“市工商局”等简称")


class Section(BaseModel):
    number: str | None = Field(
        None, description='"二", "(一)", "1", "(1)", "第一章"; null for unnumbered headings'
    )
    title: str | None = None
    path: str = Field(description='dotted path, e.g. "二.(一).1"')
    level: int = Field(description="depth in the tree, 1 = top")
    text: str = Field(default="", description="the section's own text, without its children")
    children: list[Section] = Field(default_factory=list)


class Baseline(BaseModel):
    year: int | None = None
    value: int | float | None = None
    unit: str | None = None
    text: str | None = None


class Target(BaseModel):
    indicator: str = Field(description="indicator as written (cleaned)")
    indicator_id: str | None = Field(
        default=None, description="catalogue id (ipatlas.indicators), when mapped"
    )
    value: int | float | None = Field(description="in base units: 件, 元, %, or the factor for multiples")
    unit: str | None = None
    year: int | None = None
    kind: TargetKind
    nature: Nature | None = None
    comparator: Literal[">", ">=", "<=", "=", "~"] = "="
    baseline: Baseline | None = None
    value_text: str = Field(description='the figure as written: "8.5万件", "翻一番"')
    value_max: int | float | None = Field(
        default=None, description="upper bound of a range (达到10—15件: value 10, value_max 15)"
    )
    section: str | None = Field(default=None, description="path of the section that states it")
    text: str = Field(description="the sentence that states it")


class UnitRef(BaseModel):
    written: str = Field(description="as written in the plan")
    expanded: str = Field(description="abbreviation expanded as a reader does: 工商局 → 市工商局")
    normalized: str = Field(description="today's department per the registry (after institutional reforms)")
    department_id: str | None = None
    group: bool = Field(default=False, description="a group of units (各区、县（市）政府, 市直有关部门)")
    note: str | None = Field(default=None, description="why the normalised unit differs (机构改革 …)")


class Task(BaseModel):
    number: str = Field(description='path like "二.(一).1"')
    title: str | None = None
    text: str
    section_title: str | None = Field(default=None, description="top-level section: 主要任务, 保障措施, …")
    units: list[str] = Field(default_factory=list, description="responsible units, expanded, lead first")
    lead_unit: str | None = None
    units_normalized: list[str] = Field(default_factory=list)
    lead_unit_normalized: str | None = None
    unit_details: list[UnitRef] = Field(default_factory=list)
    units_text: str | None = Field(default=None, description="the responsibility note as written")
    units_inherited: bool = Field(default=False, description="units taken from an enclosing section")
    deadline: str | None = Field(default=None, description='"2018-12" / "2018-12-31"')
    cycle: str | None = Field(default=None, description="每年/每半年/每季度/每月/长期, when stated")


class ScheduleStage(BaseModel):
    stage: str
    start: str | None = Field(default=None, description='"2016-02"')
    end: str | None = None
    text: str


class SourceInfo(BaseModel):
    name: str | None = None
    format: str
    script: str = Field(description="simplified | traditional (as read)")
    traditional_ratio: float
    taiwan_terms: dict[str, int] = Field(
        default_factory=dict, description="Taiwan terms replaced, with counts"
    )
    removed: list[str] = Field(default_factory=list, description="page furniture dropped from the body")
    metadata: dict[str, str] = Field(default_factory=dict, description="key-value lines of the web page")
    ocr_pages: int = Field(default=0, description="pages of a scan read by text recognition (check them)")


class ParsedPlan(BaseModel):
    title: str | None
    notice_title: str | None = Field(
        default=None, description="the 印发 notice that carries the plan, if any"
    )
    doc_number: str | None = None
    issuers: list[str] = Field(default_factory=list)
    issued_on: dt.date | None = None
    published_on: dt.date | None = None
    effective_on: dt.date | None = None
    status: str | None = None
    level: str | None = Field(default=None, description="省/市/区/县")
    kind: str | None = Field(default=None, description="规划/工作方案/实施意见/…")
    region: RegionRef | None = None
    period: Period = Field(default_factory=Period)
    preamble: str = ""
    sections: list[Section] = Field(default_factory=list)
    targets: list[Target] = Field(default_factory=list)
    baselines: list[Target] = Field(
        default_factory=list, description="current-state figures stated in the plan (发展基础), for baselines"
    )
    tasks: list[Task] = Field(default_factory=list)
    schedule: list[ScheduleStage] = Field(default_factory=list)
    source: SourceInfo

    def task(self, number: str) -> Task:
        for t in self.tasks:
            if t.number == number:
                return t
        raise KeyError(number)

    def iter_sections(self) -> list[Section]:
        out: list[Section] = []

        def walk(nodes: list[Section]) -> None:
            for n in nodes:
                out.append(n)
                walk(n.children)

        walk(self.sections)
        return out
