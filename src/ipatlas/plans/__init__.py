"""Plans: read a plan (规划、方案、意见) into structure, targets, tasks and schedule.

Public API (used by the CLI and by the supervision workflow):

* :func:`parse_plan` — file or text → :class:`ParsedPlan`
* :func:`load_registry` / :class:`DepartmentRegistry` — the editable department registry
* :func:`parse_quantity`, :func:`parse_number`, :func:`parse_multiple` — figures as plans write them
* :func:`normalize_text` — the normalisation step on its own
"""

from ipatlas.plans.links import match_indicator
from ipatlas.plans.models import (
    Baseline,
    ParsedPlan,
    Period,
    RegionRef,
    ScheduleStage,
    Section,
    SourceInfo,
    Target,
    Task,
    UnitRef,
)
from ipatlas.plans.normalize import normalize_text, read_source
from ipatlas.plans.parse import parse_plan
from ipatlas.plans.quantities import Quantity, parse_multiple, parse_number, parse_quantity
from ipatlas.plans.units import (
    DepartmentRegistry,
    UnitResolver,
    describe_registry,
    load_registry,
    split_units,
    user_registry_path,
)

__all__ = [
    "Baseline",
    "DepartmentRegistry",
    "ParsedPlan",
    "Period",
    "Quantity",
    "RegionRef",
    "ScheduleStage",
    "Section",
    "SourceInfo",
    "Target",
    "Task",
    "UnitRef",
    "UnitResolver",
    "describe_registry",
    "load_registry",
    "match_indicator",
    "normalize_text",
    "parse_multiple",
    "parse_number",
    "parse_plan",
    "parse_quantity",
    "read_source",
    "split_units",
    "user_registry_path",
]
