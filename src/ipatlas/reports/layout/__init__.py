"""The annual 知识产权区域布局分析报告 (regional IP layout analysis report).

:func:`build_layout` turns :class:`~ipatlas.reports.data.LayoutData` into a format-neutral
:class:`~ipatlas.reports.document.Report` with seven numbered chapters and an appendix that
traces every figure to the cube query behind it. Prose is generated from the same values the
tables print, formatted the same way, so a number in the text always equals the table and the
cube.

The modules follow the report: ``ids`` (chapter titles, indicator ids) and ``prose`` (number
wording) are shared; ``base`` holds the builder state; one module per chapter — ``overview``,
``resources``, ``spatial``, ``monitoring``, ``industry``, ``evaluation``, ``conclusions``,
``appendix`` — and ``build`` puts them in order.
"""

from __future__ import annotations

from ipatlas.reports.layout.appendix import provenance
from ipatlas.reports.layout.build import Builder, _Layout, build_layout
from ipatlas.reports.layout.ids import (
    APPLICANT_SHARES,
    APPS,
    APPS_BY_KIND,
    CHAPTERS,
    CUBE_SOURCE,
    GI_TOTAL,
    GRANTS,
    HHI,
    HV_PER_10K,
    INV_APP_SHARE,
    INV_GRANTS,
    INV_PER_10K,
    KEY_TABLE,
    PCT,
    TM_PER_ENTITIES,
    TM_VALID,
    TOP10_SHARE,
    VALID_INV,
)
from ipatlas.reports.layout.prose import PROSE_UNITS, fmt_indicator, growth_phrase, target_status
from ipatlas.reports.layout.spatial import LISA_COLORS, LISA_LABELS

__all__ = [
    "APPLICANT_SHARES",
    "APPS",
    "APPS_BY_KIND",
    "CHAPTERS",
    "CUBE_SOURCE",
    "GI_TOTAL",
    "GRANTS",
    "HHI",
    "HV_PER_10K",
    "INV_APP_SHARE",
    "INV_GRANTS",
    "INV_PER_10K",
    "KEY_TABLE",
    "LISA_COLORS",
    "LISA_LABELS",
    "PCT",
    "PROSE_UNITS",
    "TM_PER_ENTITIES",
    "TM_VALID",
    "TOP10_SHARE",
    "VALID_INV",
    "Builder",
    "_Layout",
    "build_layout",
    "fmt_indicator",
    "growth_phrase",
    "provenance",
    "target_status",
]
