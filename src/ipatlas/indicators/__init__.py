"""Indicator system (指标体系) and industry attribution: the region × industry × year cube.

Public API (library first; the CLI ``ipatlas indicators …`` wraps these one to one)::

    from ipatlas.indicators import (
        load_catalog, catalog_listing,                  # the catalogue (data: catalog.yaml)
        compute_cube, CubeSummary, Counting,            # materialise the cube (DuckDB or PySpark)
        show, series, ranking, records, RecordPage,     # read it: pages, reports, plan targets
        cube_slice,                                     # many values at once (evaluate, reports)
        cube_info, industries,                          # what the current cube holds
        import_concordance, list_concordances,          # official concordances from user files
    )

    compute_cube(settings)                                       # whole catalogue, DuckDB
    show(settings, "500112", 2020)                               # [{id, name, value, unit, numerator,
                                                                 #   denominator, definition, flags}, …]
    series(settings, "500000", "inv_per_10k_pop")                # [{year, value, …}, …]
    ranking(settings, "county", "500000", 2020, "inv_per_10k_pop")
    records(settings, "500112", 2020, "inv_per_10k_pop", limit=50, offset=0)   # the patents behind it

Every value carries its counting method, and a value whose input is missing is None with a reason.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from ipatlas.indicators.catalog import Catalog, Indicator, catalog_listing, load_catalog
    from ipatlas.indicators.concordance import ConcordanceImport, import_concordance, list_concordances
    from ipatlas.indicators.cube import (
        CubeNotComputed,
        CubeSummary,
        RecordPage,
        breakdown,
        compute_cube,
        compute_table,
        cube_info,
        cube_slice,
        industries,
        ranking,
        records,
        series,
        show,
    )
    from ipatlas.indicators.engine import DEFAULT_COUNTING, Counting

# Names are loaded on first use: the catalogue alone (a YAML file) is what the plan parser and the
# statistics importer need, and importing the cube would load ibis and the query engine with it.
_HOME = {
    **dict.fromkeys(("Catalog", "Indicator", "catalog_listing", "load_catalog"), "catalog"),
    **dict.fromkeys(("ConcordanceImport", "import_concordance", "list_concordances"), "concordance"),
    **dict.fromkeys(
        (
            "CubeNotComputed",
            "CubeSummary",
            "RecordPage",
            "breakdown",
            "compute_cube",
            "compute_table",
            "cube_info",
            "cube_slice",
            "industries",
            "ranking",
            "records",
            "series",
            "show",
        ),
        "cube",
    ),
    **dict.fromkeys(("DEFAULT_COUNTING", "Counting"), "engine"),
}


def __getattr__(name: str) -> Any:
    home = _HOME.get(name)
    if home is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    return getattr(importlib.import_module(f"{__name__}.{home}"), name)


__all__ = [
    "DEFAULT_COUNTING",
    "Catalog",
    "ConcordanceImport",
    "Counting",
    "CubeNotComputed",
    "CubeSummary",
    "Indicator",
    "RecordPage",
    "breakdown",
    "catalog_listing",
    "compute_cube",
    "compute_table",
    "cube_info",
    "cube_slice",
    "import_concordance",
    "industries",
    "list_concordances",
    "load_catalog",
    "ranking",
    "records",
    "series",
    "show",
]
