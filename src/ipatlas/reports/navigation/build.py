"""The navigation report in chapter order over the shared :class:`_NavigationBase`."""

from __future__ import annotations

from ipatlas.reports.document import Report
from ipatlas.reports.navigation.actors import ActorChapters
from ipatlas.reports.navigation.advice import AdviceChapters
from ipatlas.reports.navigation.data import NavigationData
from ipatlas.reports.navigation.findings import FindingChapters
from ipatlas.reports.navigation.trends import TrendChapters


class _Navigation(TrendChapters, ActorChapters, FindingChapters, AdviceChapters):
    """The 专利导航 report, chapter by chapter (one method each)."""


def build_navigation(data: NavigationData) -> Report:
    nav = _Navigation(data)
    for chapter in (
        nav.overview,
        nav.technology,
        nav.applicants,
        nav.key_patents,
        nav.advantages,
        nav.warnings,
        nav.suggestions,
        nav.appendix,
    ):
        chapter()
    rb = nav.rb
    return rb.build()
