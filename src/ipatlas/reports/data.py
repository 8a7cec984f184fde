"""What a report needs, gathered once from the cube, the evaluation library and the registry.

Builders only read these objects, so a report is a pure function of its data: the values a
report prints are exactly the values gathered here, each with its :class:`Trace`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from ipatlas.evaluate.assessment import UnitAssessment
from ipatlas.fmt import is_num
from ipatlas.reports.document import Trace


@dataclass(frozen=True)
class RegionRef:
    code: str
    name: str
    level: str  # county / city / province / group


@dataclass
class Value:
    """One cube figure: a row of ``ipatlas.indicators.show``."""

    id: str
    name: str
    value: float | None
    unit: str = ""
    numerator: float | None = None
    denominator: float | None = None
    definition: str = ""
    flags: list[str] = field(default_factory=list)
    source: str = ""
    reason: str = ""  # why the value is null

    @property
    def ok(self) -> bool:
        return is_num(self.value)


@dataclass(frozen=True)
class Target:
    """A plan target: reach ``value`` (level) by ``year``; ``baseline`` for the trajectory."""

    indicator_id: str
    value: float
    year: int
    kind: str = "level"  # a ledger target kind (ipatlas.plans.models.TargetKind)
    baseline_year: int | None = None
    baseline_value: float | None = None
    source: str = ""  # e.g. the plan's title
    comparator: str = ">="  # ">=" reach at least, "<=" stay at most (ledger semantics)


@dataclass
class IndustryRow:
    id: str
    name: str
    applications: float | None
    valid_inventions: float | None
    growth: float | None  # ratio, CAGR of applications over the last years
    share: float | None  # share of the region's applications (ratio)
    lq: float | None  # specialisation of the region in the industry vs the parent area


@dataclass
class Evaluation:
    units: list[UnitAssessment]  # the assessment's own units (ipatlas.evaluate.layout_assessment)
    method: str = ""
    moran_i: float | None = None
    moran_p: float | None = None
    lisa_indicator: str = ""
    notes: list[str] = field(default_factory=list)
    traces: list[Trace] = field(default_factory=list)


@dataclass
class Applicant:
    name: str
    kind: str
    count: int
    region_name: str = ""


@dataclass
class LayoutData:
    region: RegionRef
    scope: RegionRef  # the area whose units are compared (the region itself, or its parent for a county)
    year: int
    years: list[int]
    is_demo: bool
    organisation: str
    current: dict[str, Value]
    previous: dict[str, Value]
    series: dict[str, dict[int, float | None]]
    units: list[RegionRef]
    unit_values: dict[str, dict[str, float | None]]  # indicator id → unit code → value
    unit_previous: dict[str, dict[str, float | None]]
    focus: list[str]
    geometries: dict[str, Any]
    industries: list[IndustryRow]
    lq_matrix: dict[str, dict[str, float | None]]  # unit code → industry id → LQ
    applicants: list[Applicant]
    evaluation: Evaluation | None
    targets: dict[str, Target]
    catalog: dict[str, dict[str, Any]]
    traces: dict[str, Trace]
    notes: list[str] = field(default_factory=list)
    available: dict[str, int] = field(default_factory=dict)  # rows per lake table (0 = not imported)

    def imported(self, table: str) -> bool:
        """False only when we know the table is empty (missing data is not a zero)."""
        return self.available.get(table, 1) > 0

    def value(self, indicator_id: str, *, previous: bool = False) -> Value | None:
        return (self.previous if previous else self.current).get(indicator_id)

    def trace(self, indicator_id: str) -> list[Trace]:
        t = self.traces.get(indicator_id)
        return [t] if t else []

    @property
    def unit_names(self) -> dict[str, str]:
        return {u.code: u.name for u in self.units}
