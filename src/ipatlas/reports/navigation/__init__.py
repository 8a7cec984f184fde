"""专利导航 industry reports in the spirit of GB/T 39551-2020 《专利导航指南》.

For one technology field (WIPO 35 fields) and one region, compared with a comparison area:
technology composition and trends, main applicants and where they are, key patents (citations,
family size), the region's strengths and gaps, and early-warning notes (competitor concentration,
fast-growing branches). Everything is computed from the patent records of the lake with DuckDB;
each table and figure lists its SQL in the appendix.

The modules follow the flow: ``data`` (what is gathered), ``cube`` and ``records`` (cube counts,
DuckDB queries), ``gather``; then ``base`` (shared chapter state) and the chapters — ``trends``
(1–2), ``actors`` (3–4), ``findings`` (5–6), ``advice`` (7, appendix) — put in order by ``build``.
"""

from __future__ import annotations

from ipatlas.reports.navigation.build import _Navigation, build_navigation
from ipatlas.reports.navigation.cube import WINDOW_INDICATORS, cube_counts
from ipatlas.reports.navigation.data import (
    MIN_BRANCH,
    TREND_YEARS,
    WINDOW,
    Branch,
    KeyPatent,
    NavApplicant,
    NavigationData,
)
from ipatlas.reports.navigation.gather import gather_navigation
from ipatlas.reports.navigation.records import region_scope

__all__ = [
    "MIN_BRANCH",
    "TREND_YEARS",
    "WINDOW",
    "WINDOW_INDICATORS",
    "Branch",
    "KeyPatent",
    "NavApplicant",
    "NavigationData",
    "_Navigation",
    "build_navigation",
    "cube_counts",
    "gather_navigation",
    "region_scope",
]
