"""动态监测's plan targets: progress of the targets of the plans that cover a region
(``ipatlas.plans.supervision``, figures from the indicator cube)."""

from __future__ import annotations

from typing import Any

from sqlalchemy.orm import Session

from ipatlas.config import Settings
from ipatlas.errors import IpatlasError
from ipatlas.plans.supervision import CubeFigures, list_plans, plan_targets_progress
from ipatlas.store.models import UserPublic
from ipatlas.web.services.common import table


def region_targets(
    settings: Settings, session: Session, region: str | None, actor: UserPublic
) -> dict[str, Any]:
    """Every target of the plans whose region is ``region``, with the status 达标/按进度/滞后."""
    out: dict[str, Any] = {"region": region, "plans": [], "items": [], "message": None, "tables": {}}
    plans = [p for p in list_plans(session, actor=actor) if region and p.region_code == region]
    if not plans:
        out["message"] = "尚未导入覆盖该区域的规划：在“规划督查”中导入规划后，这里显示目标进度"
        return out
    source = CubeFigures(settings)
    items: list[dict[str, Any]] = []
    for p in plans:
        out["plans"].append({"id": p.id, "title": p.title, "link": f"/plans/{p.id}"})
        try:
            progress = plan_targets_progress(session, p.id, source=source, actor=actor)
        except IpatlasError as exc:
            out["message"] = exc.message
            continue
        for t in progress:
            items.append(
                {
                    "plan": p.title,
                    "indicator": t.indicator,
                    "target": t.value_text,
                    "year": t.year,
                    "actual": t.actual_value,
                    "actual_year": t.actual_year,
                    "required": t.required_value,
                    "progress": None if t.progress is None else round(100 * t.progress, 1),
                    "status": t.status,
                    "reason": t.reason,
                    "link": f"/plans/targets/{t.target_id}",
                }
            )
    out["items"] = items
    out["tables"]["targets"] = table(
        "规划目标进度",
        [
            ("plan", "规划"),
            ("indicator", "指标"),
            ("target", "目标"),
            ("actual_year", "最新年份"),
            ("actual", "实际值"),
            ("required", "按轨迹应达"),
            ("progress", "进度(%)"),
            ("status", "状态"),
            ("reason", "说明"),
        ],
        items,
    )
    return out
