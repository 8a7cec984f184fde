"""Fixtures for the operations tests: a lake with four patents (see ops_helpers)."""

from __future__ import annotations

from pathlib import Path

import pytest
from ops_helpers import load_patents

from ipatlas.config import Settings
from ipatlas.store.lake import Lake


@pytest.fixture()
def patents_settings(settings: Settings, tmp_path: Path) -> Settings:
    load_patents(settings, tmp_path)
    return settings


@pytest.fixture()
def con(patents_settings: Settings):
    c = Lake(patents_settings.lake_dir).connect()
    yield c
    c.close()
