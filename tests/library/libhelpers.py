"""Helpers shared by the library tests (imported by module name: conftest names collide)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from sqlalchemy.orm import Session

from ipatlas.config import Settings
from ipatlas.library import import_path
from ipatlas.store import workflow

ROOT = Path(__file__).resolve().parents[2]
POLICIES = ROOT.parent / "shared" / "data" / "policies"


class Library:
    def __init__(self, settings: Settings, first: dict[str, Any]) -> None:
        self.settings = settings
        self.first = first
        self.engine = workflow.make_engine(settings)

    def session(self) -> Session:
        return workflow.session_factory(self.engine)()


def build_library(settings: Settings) -> Library:
    if not (POLICIES / "metadata.csv").is_file():
        pytest.fail(f"shared policy texts not found at {POLICIES}")
    with workflow.workflow_session(settings) as session:
        first = import_path(session, POLICIES)
    return Library(settings, first)
