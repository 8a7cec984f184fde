"""What the navigation report is built from: the gathered figures of one field in one region
and its comparison area, and the window sizes the chapters quote."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from ipatlas.reports.data import RegionRef
from ipatlas.reports.industries import Industry

WINDOW = 5  # recent years for composition and applicants
TREND_YEARS = 10
MIN_BRANCH = 5  # smallest branch size for growth statements


@dataclass
class Branch:
    group: str  # IPC main group, e.g. "G06F 16/" (with a no-break space, so prose never splits it)
    counts: dict[int, int]
    total: int
    compare_total: int
    growth: float | None
    compare_growth: float | None
    share: float | None  # of the region's field total in the window
    compare_share: float | None


@dataclass
class NavApplicant:
    name: str
    kind: str
    county: str
    applications: int
    inventions: int
    valid: int
    in_region: bool = True


@dataclass
class KeyPatent:
    app_no: str
    title: str
    applicant: str
    filing_date: str
    cited_by: int | None
    family: int | None
    status: str


@dataclass
class NavigationData:
    industry: Industry
    region: RegionRef
    compare: RegionRef | None
    compare_name: str
    year: int
    years: list[int]
    is_demo: bool
    organisation: str
    trend: dict[int, dict[str, int]]  # year → apps, inventions, grants (region)
    compare_trend: dict[int, int]
    totals: dict[str, float | None]
    compare_totals: dict[str, float | None]
    branches: list[Branch]
    applicants: list[NavApplicant]
    compare_applicants: list[NavApplicant]
    distribution: dict[str, int]  # county code → applications in the window
    units: list[RegionRef]
    geometries: dict[str, Any]
    key_patents: list[KeyPatent]
    queries: dict[str, str] = field(default_factory=dict)

    @property
    def window(self) -> tuple[int, int]:
        return self.year - WINDOW + 1, self.year
