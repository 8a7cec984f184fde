"""The rest of the demo after the import: the indicator cube and the plans under supervision.

The web part (demo administrator, server) stays in the CLI: the core never imports the web app.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from typing import Any

from ipatlas.config import Settings
from ipatlas.progress import ProgressCallback, no_progress

# Chongqing's city plan and one district plan that implements it (../shared/seeds).
DEMO_PLANS = (("000_0a5f83c4f7ea3fda.txt", None), ("002_e28b6c53a957f5e4.txt", "city"))


@dataclass
class PlatformResult:
    cube: dict[str, Any] = field(default_factory=dict)
    plans: list[dict[str, Any]] = field(default_factory=list)
    ledger: dict[str, Any] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return {"cube": self.cube, "plans": self.plans, "ledger": self.ledger, "notes": self.notes}


def prepare_platform(settings: Settings, *, progress: ProgressCallback | None = None) -> PlatformResult:
    """Compute the cube if the lake changed since it was built, and load the demo plans once."""
    result = PlatformResult()
    result.cube = _ensure_cube(settings, progress or no_progress)
    result.plans, note = _ensure_plans(settings)
    if note:
        result.notes.append(note)
    if any(p.get("imported") for p in result.plans):
        from ipatlas.demo.ledger import simulate_ledger

        result.ledger = simulate_ledger(settings).to_dict()
    return result


def _ensure_cube(settings: Settings, progress: ProgressCallback) -> dict[str, Any]:
    from ipatlas.indicators import CubeNotComputed, compute_cube, cube_info

    try:
        info = cube_info(settings)
        if not info.get("stale"):
            return {**info, "computed": False}
    except CubeNotComputed:
        pass
    summary = compute_cube(settings, progress=progress)
    return {**dataclasses.asdict(summary), "computed": True}


def _ensure_plans(settings: Settings) -> tuple[list[dict[str, Any]], str | None]:
    from ipatlas.plans import load_registry
    from ipatlas.plans.supervision import import_plan, list_plans, load_plan_input
    from ipatlas.store.workflow import workflow_session

    seeds = settings.shared_dir / "seeds"
    with workflow_session(settings) as session:
        existing = list_plans(session)
        if existing:
            return [{"id": p.id, "title": p.title, "imported": False} for p in existing], None
        if not seeds.is_dir():
            return [], f"未找到规划文本目录 {seeds}，演示未导入规划督查台账"
        registry = load_registry(settings=settings)
        out: list[dict[str, Any]] = []
        city_id: int | None = None
        for name, parent in DEMO_PLANS:
            parent_id = city_id if parent == "city" else None
            data = load_plan_input(seeds / name, parent_id=parent_id, registry=registry)
            plan = import_plan(session, data, registry=registry)
            city_id = city_id or plan.id
            out.append({"id": plan.id, "title": plan.title, "imported": True})
    return out, None
