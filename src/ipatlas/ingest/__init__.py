"""Importers: CSV/XLSX exports → canonical records in the lake, with quarantine, dedupe and lineage.

Public API::

    import_file(settings, table, path, profile="standard", *, demo=None, progress=None) -> ImportSummary
    import_gi_builtin(settings, *, progress=None) -> ImportSummary
    list_imports(settings) -> list[ImportSummary]
    get_import(settings, import_id, *, limit=None) -> (ImportSummary, list of quarantine rows)
    profiles.load_profile(table, name_or_path) -> Profile;  profiles.list_profiles(table)

A file is demo data (演示数据) when a sidecar file ``<file>.ipatlas-demo.json`` exists beside it.
"""

from __future__ import annotations

from ipatlas.ingest.history import get_import, list_imports
from ipatlas.ingest.pipeline import DEMO_SIDECAR_SUFFIX, import_file, import_gi_builtin, is_demo_file
from ipatlas.ingest.profiles import Profile, list_profiles, load_profile
from ipatlas.ingest.summary import ImportSummary

__all__ = [
    "DEMO_SIDECAR_SUFFIX",
    "ImportSummary",
    "Profile",
    "get_import",
    "import_file",
    "import_gi_builtin",
    "is_demo_file",
    "list_imports",
    "list_profiles",
    "load_profile",
]
