"""Fixtures of the indicator tests: one computed reference cube per session, one Spark session."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import pytest

from ipatlas.config import Settings

sys.path.insert(0, str(Path(__file__).resolve().parent))

from indicators_lake import reference_tables, write_lake

from ipatlas.indicators import compute_cube

YEARS = range(2018, 2022)


@pytest.fixture(scope="session")
def ref_settings(tmp_path_factory: pytest.TempPathFactory, shared_dir: Path) -> Settings:
    """The hand-made reference data set, computed once (DuckDB, default counting)."""
    s = Settings(data_dir=tmp_path_factory.mktemp("ref") / "data", shared_dir=shared_dir)
    s.ensure_dirs()
    write_lake(s, **reference_tables())
    compute_cube(
        s, years=YEARS, counting=["first-ipc+first-applicant", "fractional-ipc+fractional-applicant"]
    )
    return s


@pytest.fixture(scope="session")
def spark() -> Any:
    """One local Spark session for the whole run (the JVM takes seconds to start)."""
    pytest.importorskip("pyspark")
    from ipatlas.indicators.backends import spark_session

    return spark_session("local[2]")
