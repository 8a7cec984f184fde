"""The demo's plans are an ongoing ledger: every task assigned, quarterly filings over the past
quarters (some late, some missing), labelled 演示数据, and simulating twice changes nothing."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import func, select

from ipatlas.config import Settings
from ipatlas.demo.ledger import QUARTERS_BACK, simulate_ledger
from ipatlas.demo.platform import _ensure_plans
from ipatlas.plans.supervision.models import PlanTask, TaskReport
from ipatlas.store.workflow import workflow_session


def test_demo_ledger_is_realistic_and_idempotent(settings: Settings) -> None:
    plans, note = _ensure_plans(settings)
    assert plans and note is None
    today = dt.date(2026, 12, 3)
    r = simulate_ledger(settings, today=today)
    assert r.plans == len(plans) and r.quarters[0] == "2025Q2" and len(r.quarters) == QUARTERS_BACK
    assert r.filings > 0 and 0 < r.late < r.filings and r.missing > 0 and r.completed > 0
    with workflow_session(settings) as s:
        tasks = s.scalars(select(PlanTask)).all()
        assert tasks and all(t.units for t in tasks)
        reports = s.scalars(select(TaskReport)).all()
        assert len(reports) == r.filings
        assert all(x.text.startswith("【演示数据】") for x in reports)
        assert sum(x.late for x in reports) == r.late
        assert {x.period for x in reports} >= set(r.quarters[:4])
        assert all(x.submitted_at.date() <= today for x in reports)
        # filings on time are dated no later than their due day, late ones after it
        assert all((x.submitted_at.date() > x.due_on) == x.late for x in reports if x.due_on)
    again = simulate_ledger(settings, today=today)
    assert again.filings == 0 and again.plans == 0
    with workflow_session(settings) as s:
        assert s.scalar(select(func.count()).select_from(TaskReport)) == r.filings
