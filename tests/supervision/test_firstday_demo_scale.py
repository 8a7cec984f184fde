"""Demo figures are compared with targets converted to the demo's own scale, and the page says so."""

from __future__ import annotations

import json
from pathlib import Path

from test_supervision_targets import plan, target

from ipatlas.config import Settings
from ipatlas.plans import supervision as sv
from ipatlas.plans.supervision.targets import Figure, FigureSeries, demo_scale


def _demo(values: dict[int, float], scale: float | None) -> FigureSeries:
    return FigureSeries(
        [Figure(y, v) for y, v in sorted(values.items())], "指标数据（演示数据）", None, True, scale
    )


def test_counts_are_compared_on_the_demo_scale() -> None:
    # real target 3000 件 in 2025 from 1000 (2020); the demo is a tenth of the real size
    t = target("count", 3000, baseline_year=2020, baseline_value=1000)
    real = sv.evaluate_target(t, plan(), _demo({2020: 100.0, 2025: 310.0}, None))
    assert real.status == "滞后" and real.scale_note is None  # unconverted: 310 against 3000
    p = sv.evaluate_target(t, plan(), _demo({2020: 100.0, 2025: 310.0}, 0.1))
    assert p.status == "达标" and p.target_value == 300 and p.baseline_value == 100
    assert p.scale_note and "0.1 倍" in p.scale_note and "3,000" in p.scale_note


def test_shares_and_rates_are_not_scaled() -> None:
    t = target("share", 60, unit="%")
    p = sv.evaluate_target(t, plan(), _demo({2020: 50.0, 2025: 61.0}, 0.1))
    assert p.target_value == 60 and p.scale_note is None


def test_scale_from_the_demo_manifest(tmp_path: Path) -> None:
    s = Settings(data_dir=tmp_path)
    assert demo_scale(s) is None
    (tmp_path / "demo").mkdir()
    (tmp_path / "demo" / "manifest.json").write_text(json.dumps({"scale": 0.25}), "utf-8")
    assert demo_scale(s) == 0.25
