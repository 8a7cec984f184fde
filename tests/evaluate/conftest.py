"""Fixtures for the evaluation tests: the COINr ASEM example (from ../shared) and small frameworks."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from ipatlas.evaluate import Framework


@pytest.fixture(scope="session")
def asem_paths(shared_dir: Path) -> tuple[Path, Path]:
    d = shared_dir / "data" / "coinr_asem"
    data, meta = d / "ASEM_iData.csv", d / "ASEM_iMeta.csv"
    if not data.is_file() or not meta.is_file():
        pytest.fail(f"COINr ASEM example not found in {d}")
    return data, meta


@pytest.fixture(scope="session")
def asem_result(asem_paths):
    from ipatlas.evaluate import run_composite_files

    return run_composite_files(*asem_paths, "coinr-asem")


def small_framework() -> Framework:
    """Index ← {P1 ← a, b (weights 1, 3); P2 ← c (direction −1), d}, P1 weight 2, P2 weight 1."""
    return Framework.from_records(
        [
            {"code": "Index", "level": 3, "type": "Aggregate"},
            {"code": "P1", "level": 2, "parent": "Index", "weight": 2, "type": "Aggregate"},
            {"code": "P2", "level": 2, "parent": "Index", "weight": 1, "type": "Aggregate"},
            {"code": "a", "level": 1, "parent": "P1", "weight": 1, "type": "Indicator"},
            {"code": "b", "level": 1, "parent": "P1", "weight": 3, "type": "Indicator"},
            {"code": "c", "level": 1, "parent": "P2", "direction": -1, "type": "Indicator"},
            {"code": "d", "level": 1, "parent": "P2", "type": "Indicator"},
        ]
    )


@pytest.fixture()
def small():
    fw = small_framework()
    data = pd.DataFrame(
        {
            "a": [1.0, 2.0, 3.0, 4.0, 5.0],
            "b": [10.0, 30.0, 20.0, 50.0, 40.0],
            "c": [5.0, 4.0, 3.0, 2.0, 1.0],
            "d": [0.2, 0.1, np.nan, 0.4, 0.3],
        },
        index=pd.Index(["U1", "U2", "U3", "U4", "U5"], name="unit"),
    )
    return data, fw


@pytest.fixture()
def cli(capsys):
    """Run ``ipatlas …`` in-process through ``ipatlas.cli.main``; returns (exit code, stdout, stderr)."""
    from cli_runner import invoke

    return lambda *args: invoke(capsys, *args)
