"""Materialise, store and read the region × industry × year indicator cube.

Storage (``<data_dir>/indicators/cube``)::

    CURRENT                      {"version": "c20261121-101500-ab12cd"}   (swapped atomically)
    c20261121-101500-ab12cd/
        cube.parquet             long table, see engine.CUBE_SCHEMA, sorted by region/year/industry
        regions.parquet          level, code, parent_level, parent_code, name
        industries.parquet       id, scheme, name
        maps/<scheme>.parquet    the IPC → industry tables used (for the record drill-down)
        summary.json             CubeSummary

Modules by job: :mod:`.storage` (versions, CURRENT), :mod:`.compute`, :mod:`.reader`
(:func:`show`, :func:`series`, :func:`ranking`, :func:`cube_slice`), :mod:`.drilldown` (:func:`records`).
Readers (:func:`show`, :func:`series`, :func:`ranking`, :func:`records`) only read these files
(and, for records, the lake), so web pages and reports never recompute the cube.
"""

from ipatlas.indicators.cube.compute import compute_cube, compute_table
from ipatlas.indicators.cube.drilldown import RecordPage, breakdown, records
from ipatlas.indicators.cube.reader import (
    cube_info,
    cube_slice,
    industries,
    normalize_region,
    ranking,
    region_level,
    regions_table,
    series,
    show,
)
from ipatlas.indicators.cube.storage import (
    CubeNotComputed,
    CubeSummary,
    cube_root,
    current_dir,
    query_plan_dir,
)

__all__ = [
    "CubeNotComputed",
    "CubeSummary",
    "RecordPage",
    "breakdown",
    "compute_cube",
    "compute_table",
    "cube_info",
    "cube_root",
    "cube_slice",
    "current_dir",
    "industries",
    "normalize_region",
    "query_plan_dir",
    "ranking",
    "records",
    "region_level",
    "regions_table",
    "series",
    "show",
]
