"""Fixtures of the report tests: one real resource base (lake + cube) and reports built once per session."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import rep_lake

from ipatlas.config import Settings

ROOT = Path(__file__).resolve().parents[2]
ARTIFACTS = ROOT / "test-artifacts"


@pytest.fixture(scope="session")
def cube_settings(tmp_path_factory: pytest.TempPathFactory) -> Settings:
    """Hand-made patents and statistics for Chongqing's 38 counties, with the indicator cube computed."""
    return rep_lake.build(rep_lake.fresh(tmp_path_factory.mktemp("reports") / "data"))


@pytest.fixture(scope="session")
def layout_data(cube_settings: Settings) -> Any:
    from ipatlas.reports.gather import gather_layout

    return gather_layout(
        cube_settings,
        "500000",
        rep_lake.YEAR,
        targets={"inv_per_10k_pop": {"value": 1.0, "year": 2027, "source": "测试规划"}},
    )


@pytest.fixture(scope="session")
def layout_report(layout_data: Any) -> Any:
    from ipatlas.reports.layout import build_layout

    return build_layout(layout_data)


@pytest.fixture(scope="session")
def layout_docx(layout_report: Any, tmp_path_factory: pytest.TempPathFactory) -> Path:
    from ipatlas.reports.render_docx import render_docx

    return render_docx(layout_report, tmp_path_factory.mktemp("docx") / "layout.docx")


@pytest.fixture(scope="session")
def layout_pdf(layout_report: Any) -> Path:
    from ipatlas.reports.render_html import render_pdf

    ARTIFACTS.mkdir(exist_ok=True)
    return render_pdf(layout_report, ARTIFACTS / "layout-report.pdf")


@pytest.fixture(scope="session")
def artifacts() -> Path:
    ARTIFACTS.mkdir(exist_ok=True)
    return ARTIFACTS
