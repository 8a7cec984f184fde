"""Plan targets from the supervision ledger flow into the layout report when none are given."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import pytest

PLAN = """重庆市知识产权强市建设工作方案
重庆市人民政府办公厅
一、工作目标
到2027年，全市每万人口发明专利拥有量达到25件，PCT国际专利申请量达到1000件。
二、主要任务
（一）加强知识产权创造。（责任单位：市知识产权局）
"""


@pytest.fixture()
def with_plan(cube_settings: Any, tmp_path: Path) -> Any:
    """A copy of the session data directory with one imported plan for 500000."""
    from ipatlas.config import Settings
    from ipatlas.plans import parse_plan
    from ipatlas.plans import supervision as sv
    from ipatlas.plans.supervision.models import PlanCreate
    from ipatlas.store import workflow
    from ipatlas.store.models import UserCreate

    data = tmp_path / "data"
    shutil.copytree(
        cube_settings.data_dir, data, ignore=shutil.ignore_patterns("workflow.sqlite*", "catalog.sqlite*")
    )
    s = Settings(data_dir=data, shared_dir=cube_settings.shared_dir)
    with workflow.workflow_session(s) as session:
        analyst = workflow.create_user(
            session, UserCreate(username="ana", password="analyst pass", role="analyst")
        )
        sv.import_plan(session, PlanCreate(parsed=parse_plan(PLAN)), actor=analyst)
    return s


def test_layout_uses_imported_plan_targets(with_plan: Any) -> None:
    from ipatlas.reports.gather import gather_layout, plan_targets
    from ipatlas.reports.layout import build_layout

    targets, notes = plan_targets(with_plan, "500000", 2025)
    assert notes == []
    assert {k: (t.value, t.year) for k, t in targets.items()} == {
        "inv_per_10k_pop": (25.0, 2027),
        "pct_app": (1000.0, 2027),
    }
    assert targets["inv_per_10k_pop"].source == "《重庆市知识产权强市建设工作方案》"
    data = gather_layout(with_plan, "500000", 2025, evaluate=False)
    assert set(data.targets) == {"inv_per_10k_pop", "pct_app"}
    report = build_layout(data)
    text = "\n".join(getattr(b, "text", "") for b in report.blocks)
    assert "对照《重庆市知识产权强市建设工作方案》提出的到2027年达到25.00件的目标" in text
    table = next(t for t in report.tables if t.title.startswith("规划目标完成情况"))
    assert [r[0] for r in table.rows] == ["每万人口发明专利拥有量", "PCT国际专利申请量"]
    # explicit targets replace the plan's
    assert set(gather_layout(with_plan, "500000", 2025, evaluate=False, targets={}).targets) == set()
