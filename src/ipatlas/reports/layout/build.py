"""The layout report in chapter order: one mixin per chapter over the shared :class:`_LayoutBase`."""

from __future__ import annotations

from collections.abc import Callable

from ipatlas.progress import ProgressCallback, no_progress
from ipatlas.reports.data import LayoutData
from ipatlas.reports.document import Report
from ipatlas.reports.layout.appendix import AppendixChapter
from ipatlas.reports.layout.conclusions import ConclusionsChapter
from ipatlas.reports.layout.evaluation import EvaluationChapter
from ipatlas.reports.layout.industry import IndustryChapter
from ipatlas.reports.layout.monitoring import MonitoringChapter
from ipatlas.reports.layout.overview import OverviewChapter
from ipatlas.reports.layout.resources import ResourcesChapter
from ipatlas.reports.layout.spatial import SpatialChapter


class _Layout(
    OverviewChapter,
    ResourcesChapter,
    SpatialChapter,
    MonitoringChapter,
    IndustryChapter,
    EvaluationChapter,
    ConclusionsChapter,
    AppendixChapter,
):
    def build(self) -> Report:
        for step in (
            self.overview,
            self.resources,
            self.spatial,
            self.monitoring,
            self.industry,
            self.evaluation,
            self.conclusions,
            self.appendix,
        ):
            step()
        return self.rb.build()


def build_layout(data: LayoutData, progress: ProgressCallback = no_progress) -> Report:
    """Build the layout report from gathered data (no I/O besides rendering charts in memory)."""
    return _Layout(data, progress).build()


Builder = Callable[[LayoutData, ProgressCallback], Report]
