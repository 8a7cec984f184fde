"""An ongoing plan for the demo (演示数据): units on every task, quarterly filings over the past
quarters (most on time, some late, a few missing), some tasks finished, overdue ones marked 滞后.

Runs once after the demo plans are imported (a plan that already has filings is left alone). Every
filing's text starts with 【演示数据】. Deterministic for a given ``today`` and seed.
"""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass, field
from typing import Any

from ipatlas.config import Settings

# Units a demo task without a responsibility note is given (the plan's own level is prefixed).
DEMO_UNITS = ("市场监管局", "科技局", "经济信息委", "教委", "公安局", "司法局", "商务委", "财政局")
QUARTERS_BACK = 6
ON_TIME, LATE = 0.78, 0.14  # the rest of the quarters are not filed
PROGRESS_TEXTS = (
    "本季度按计划推进，完成阶段性工作，形成工作台账。",
    "本季度召开专题推进会，落实责任分工，相关工作有序开展。",
    "本季度完成调研和方案起草，下一步将报请审定后实施。",
    "本季度组织企业培训和政策宣讲，工作进度符合预期。",
    "受项目审批进度影响，本季度进展偏慢，已制定追赶措施。",
)


@dataclass
class LedgerDemo:
    plans: int = 0
    tasks_assigned: int = 0
    filings: int = 0
    late: int = 0
    missing: int = 0
    completed: int = 0
    overdue: int = 0
    quarters: list[str] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return self.__dict__.copy()


def simulate_ledger(settings: Settings, *, today: dt.date | None = None, seed: int = 19) -> LedgerDemo:
    """Give the imported demo plans a realistic history up to ``today`` (default: now)."""
    from sqlalchemy import select
    from sqlalchemy.orm import selectinload

    from ipatlas.plans.supervision.filings import review_filing
    from ipatlas.plans.supervision.ledger import sweep_statuses
    from ipatlas.plans.supervision.models import Plan, PlanTask, ReportCreate, TaskReport, TaskUnit
    from ipatlas.plans.supervision.periods import Quarter
    from ipatlas.plans.supervision.reports import submit_report
    from ipatlas.store.workflow import workflow_session

    today = today or dt.date.today()
    rng = random.Random(seed)
    out = LedgerDemo()
    last = Quarter.of(today).prev()
    quarters = [last]
    for _ in range(QUARTERS_BACK - 1):
        quarters.insert(0, quarters[0].prev())
    out.quarters = [str(q) for q in quarters]
    with workflow_session(settings) as session:
        plans = session.scalars(
            select(Plan).options(selectinload(Plan.tasks).selectinload(PlanTask.units)).order_by(Plan.id)
        ).all()
        for plan in plans:
            has_reports = session.scalar(
                select(TaskReport.id).join(PlanTask).where(PlanTask.plan_id == plan.id).limit(1)
            )
            if has_reports:
                continue
            out.plans += 1
            plan.tracking_start = quarters[0].start
            prefix = plan.jurisdiction or "市"
            for task in plan.tasks:
                if not task.units:
                    picks = rng.sample(DEMO_UNITS, k=rng.choice((1, 1, 2)))
                    for i, name in enumerate(picks):
                        task.units.append(
                            TaskUnit(
                                position=i,
                                unit=prefix + name,
                                unit_key=prefix + name,
                                written=name,
                                role="lead" if i == 0 else "co",
                                is_group=False,
                            )
                        )
                    out.tasks_assigned += 1
            session.flush()
            for task in plan.tasks:
                lead = task.units[0].unit_key
                finished_at = rng.randrange(len(quarters) + 4)  # some tasks finish within the window
                for qi, q in enumerate(quarters):
                    r = rng.random()
                    if r >= ON_TIME + LATE:
                        out.missing += 1
                        continue
                    due = q.due(plan.quarterly_due_days)
                    late = r >= ON_TIME
                    day = (
                        due + dt.timedelta(days=rng.randint(3, 25))
                        if late
                        else due - dt.timedelta(days=rng.randint(0, 8))
                    )
                    done = qi >= finished_at
                    filing = submit_report(
                        session,
                        task.id,
                        ReportCreate(
                            kind="quarterly",
                            period=str(q),
                            unit=lead,
                            text="【演示数据】"
                            + ("本季度已完成全部任务。" if done else rng.choice(PROGRESS_TEXTS)),
                            progress_status="已完成" if done else "推进中",
                        ),
                        actor=None,
                        data_dir=settings.data_dir,
                        now=dt.datetime.combine(day, dt.time(2, 0)),  # 10:00 Beijing, stored in UTC
                        require_approval=settings.plans_filing_review,
                    )
                    # The office approves what it has reviewed; last quarter's progress filings
                    # are still waiting in its queue (报送审核).
                    if done or qi < len(quarters) - 1:
                        review_filing(
                            session, filing.id, "approve", actor=None,
                            now=dt.datetime.combine(day + dt.timedelta(days=2), dt.time(9, 0)),
                            require_approval=settings.plans_filing_review,
                        )  # fmt: skip
                    out.filings += 1
                    out.late += late
                    if done:
                        out.completed += 1
                        break
        session.flush()
        out.overdue = len(sweep_statuses(session, as_of=today))
    return out
