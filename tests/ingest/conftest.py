"""Fixtures for the importer tests (helpers live in ingest_helpers.py)."""

from __future__ import annotations

import pytest

from ipatlas.store.lake import Lake


@pytest.fixture()
def lake(settings) -> Lake:
    return Lake(settings.lake_dir)
