"""Demo data set (演示数据): seeded, calibrated records in the real export layouts.

``generate(out_dir, region=..., records=...)`` writes patent exports (standard CSV, incoPat
XLSX/CSV, PatSnap CSV), trademarks and statistics for a region, each file with a sidecar
``<file>.ipatlas-demo.json`` and a ``manifest.json``. ``run_demo(settings)`` generates into the
data directory and imports everything through the real importers.
"""

from ipatlas.demo.generate import (
    DEFAULT_SEED,
    MANIFEST,
    PUBLISHED,
    SIDECAR_SUFFIX,
    DemoFile,
    DemoManifest,
    generate,
    is_current,
)

__all__ = [
    "DEFAULT_SEED",
    "MANIFEST",
    "PUBLISHED",
    "SIDECAR_SUFFIX",
    "DemoFile",
    "DemoManifest",
    "generate",
    "is_current",
]
