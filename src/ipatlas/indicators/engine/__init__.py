"""The indicator computations, written once as Ibis expressions (DuckDB by default, PySpark too).

Modules, one per step (``counting``, ``inputs``, ``facts``, ``attribution``, ``events``, ``records``,
``rollup``, ``statistics``, ``projection``, ``drilldown``); the package re-exports what others use.

Pipeline (every step is an Ibis expression; the backend only executes it):

1. **Facts** — one row per domestic, region-attributed record with the dates the catalogue's bases
   need as integer years: filing year ``f_y``, grant year ``g_y``, the last year-end at which the
   patent is in force ``v_e`` (term and legal status), the first year-end at which it has been
   maintained for more than 10 years ``m10_y``, PCT year, closure year, high-value flags.
   A patent is in force at the end of Y  ⇔  ``g_y ≤ Y ≤ v_e``; the same predicate serves the cube
   and the record drill-down (:func:`measure_predicate`).
2. **Industry attribution** — patents × industries with a weight (first-IPC / all-IPC whole
   counting, fractional counting), via a small IPC → industry table matched once per distinct IPC.
3. **Events** — flows add their weight in the event year; stocks add it at the start year and
   subtract it the year after they end, so a cumulative sum over years gives year-end stocks
   without a records × years cross join.
4. **Roll-up** — county, prefecture, province (from the codes stored on the record) and custom
   groups (county membership); a dense region × industry × year grid; cumulative sums.
5. **Statistics** — denominators per region and year (direct value, else sum of counties, else the
   2020 census for population — flagged).
6. **Indicators** — one projection per catalogue entry over the wide table; values that lack an
   input are null with a reason.
"""

from __future__ import annotations

from ipatlas.indicators.engine.attribution import bridge
from ipatlas.indicators.engine.counting import DEFAULT_COUNTING, Counting
from ipatlas.indicators.engine.drilldown import measure_predicate, region_predicate
from ipatlas.indicators.engine.events import gi_facts, trademark_facts
from ipatlas.indicators.engine.facts import patent_facts
from ipatlas.indicators.engine.inputs import (
    CRITERION_NAMES,
    CUBE_SCHEMA,
    LEVELS,
    EngineInputs,
    records_unavailable,
)
from ipatlas.indicators.engine.projection import CubeExpr, IndicatorColumns, cube_expression, long_table
from ipatlas.indicators.engine.records import records_predicate, records_weight

__all__ = [
    "CRITERION_NAMES",
    "CUBE_SCHEMA",
    "DEFAULT_COUNTING",
    "LEVELS",
    "Counting",
    "CubeExpr",
    "EngineInputs",
    "IndicatorColumns",
    "bridge",
    "cube_expression",
    "gi_facts",
    "long_table",
    "measure_predicate",
    "patent_facts",
    "records_predicate",
    "records_unavailable",
    "records_weight",
    "region_predicate",
    "trademark_facts",
]
