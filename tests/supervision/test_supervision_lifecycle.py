"""The task ledger on the workflow engine: every status change is an engine transition (timeline,
roles, audit), the sweep acts through it, and migration 0011_onetruth gives existing tasks their
instances — on SQLite and PostgreSQL, twice without change."""

from __future__ import annotations

import datetime as dt

import pytest
from alembic import command
from alembic.script import ScriptDirectory
from sqlalchemy import select, update
from sqlalchemy.orm import Session, sessionmaker
from supervision_helpers import import_city_and_district, make_user

from ipatlas import workflow as wf
from ipatlas.config import Settings
from ipatlas.errors import PermissionDenied, StoreError, TransitionNotAllowed
from ipatlas.plans import ParsedPlan
from ipatlas.plans import supervision as sv
from ipatlas.plans.supervision import lifecycle
from ipatlas.plans.supervision.models import PlanTask, ReportCreate, TaskUpdate
from ipatlas.store import workflow
from ipatlas.workflow.models import WfInstance


def _timeline(s: Session, task_id: int) -> list[tuple[str, str]]:
    inst = wf.find_instance(s, definition="plan_task", subject_type="plan_task", subject_id=task_id)
    assert inst is not None
    return [(e.action, e.to_state) for e in wf.timeline(s, inst.id)]


def test_status_changes_are_engine_transitions(
    sessions: sessionmaker[Session], seeds: dict[str, ParsedPlan], sv_settings: Settings
) -> None:
    with sessions() as s, s.begin():
        analyst = make_user(s, "ana", "analyst")
        unit = make_user(s, "scj", "unit", unit="黔江区市场监管局")
        city, district = import_city_and_district(s, seeds, analyst)
        tasks = sv.list_tasks(s, district.id)
        task = next(t for t in tasks if "黔江区市场监管局" in [u.unit_key for u in t.units])
        other = next(t for t in sv.list_tasks(s, city.id) if t.due_on is not None)
        assert _timeline(s, task.id) == [("@start", "not_started")]
        at = dt.datetime(2025, 4, 3, 9)
        sv.submit_report(
            s, task.id, ReportCreate(kind="quarterly", period="2025Q1", text="已开展专项检查"),
            actor=unit, data_dir=sv_settings.data_dir, now=at,
        )  # fmt: skip
        assert sv.get_task(s, task.id).status == "推进中"
        sv.update_task(s, task.id, TaskUpdate(status="已完成"), actor=analyst)
        sv.update_task(s, task.id, TaskUpdate(status="推进中", status_note="验收未通过"), actor=analyst)
        assert _timeline(s, task.id) == [
            ("@start", "not_started"),
            ("begin", "in_progress"),
            ("complete", "completed"),
            ("resume", "in_progress"),
        ]
        inst = wf.find_instance(s, definition="plan_task", subject_type="plan_task", subject_id=task.id)
        assert inst is not None and inst.state == "in_progress" and inst.version == 4
        events = wf.timeline(s, inst.id)
        assert (events[1].actor, events[1].role, events[1].unit) == ("scj", "unit", "黔江区市场监管局")
        # the sweep is the engine's ``overdue`` action, with the deadline as its note
        due = other.due_on
        assert due is not None
        changed = sv.sweep_statuses(s, as_of=due + dt.timedelta(days=1), actor=analyst)
        assert other.id in [t.id for t in changed]
        assert _timeline(s, other.id)[-1] == ("overdue", "lagging")
        # a state the definition cannot reach from here is refused by the engine, by name
        with pytest.raises(TransitionNotAllowed, match="推进中"):
            wf.act(s, inst.id, "begin", actor=wf.Actor("ana", "analyst"), at=dt.datetime(2026, 1, 1))
        # the engine's role check: a viewer cannot complete a task even through the engine
        with pytest.raises(Exception, match="角色“查看者”不能执行操作"):
            wf.act(s, inst.id, "complete", actor=wf.Actor("v", "viewer"), at=dt.datetime(2026, 1, 1))


def test_migration_gives_existing_tasks_instances_twice_without_change(
    sessions: sessionmaker[Session], seeds: dict[str, ParsedPlan], sv_settings: Settings
) -> None:
    with sessions() as s, s.begin():
        _city, district = import_city_and_district(s, seeds, None)
        ids = [t.id for t in sv.list_tasks(s, district.id)][:3]
        # the ledger as it was before 0011: statuses on the tasks, no engine instances
        # (events are append-only, so the instances import made are set aside, not deleted)
        s.execute(update(WfInstance).where(WfInstance.definition == "plan_task").values(definition="legacy"))
        s.execute(update(PlanTask).where(PlanTask.id == ids[1]).values(status="已完成"))
        s.execute(update(PlanTask).where(PlanTask.id == ids[2]).values(status="调整", status_note="并入专项"))
        with pytest.raises(StoreError, match="0011_onetruth"):
            sv.update_task(s, ids[0], TaskUpdate(status="推进中"))
    engine = workflow.make_engine(sv_settings)
    try:
        cfg = workflow.alembic_config(engine)
        before = ScriptDirectory.from_config(cfg).get_revision("0011_onetruth").down_revision
        for _ in range(2):  # safe to run twice
            with engine.begin() as conn:
                cfg.attributes["connection"] = conn
                command.stamp(cfg, str(before))
                command.upgrade(cfg, "0011_onetruth")
        assert workflow.current_revision(engine) == "0011_onetruth"
        with engine.begin() as conn:  # the later revisions' tables were never taken down
            cfg.attributes["connection"] = conn
            command.stamp(cfg, "head")
        assert workflow.current_revision(engine) == workflow.head_revision()
    finally:
        engine.dispose()
    with sessions() as s, s.begin():
        rows = s.scalars(select(WfInstance).where(WfInstance.definition == "plan_task")).all()
        assert len(rows) == len({r.subject_id for r in rows}) == len(sv.list_tasks(s))
        states = {r.subject_id: r.state for r in rows}
        assert [states[str(i)] for i in ids] == ["not_started", "completed", "adjusted"]
        assert _timeline(s, ids[2]) == [("@start", "adjusted")]
        # and the migrated tasks move on through the engine
        sv.update_task(s, ids[2], TaskUpdate(status="推进中"))
        assert _timeline(s, ids[2])[-1] == ("resume", "in_progress")
        assert sv.get_task(s, ids[2]).status == "推进中"
        assert lifecycle.status_of(states[str(ids[1])]) == "已完成"


def test_filing_reminders_go_to_the_engine_outbox(
    sessions: sessionmaker[Session], seeds: dict[str, ParsedPlan]
) -> None:
    with sessions() as s, s.begin():
        make_user(s, "scj", "unit", unit="黔江区市场监管局")
        _city, district = import_city_and_district(s, seeds, None)
        as_of = dt.date(2025, 4, 20)  # 2025Q1 季报 were due on 2025-04-10
        owed = [
            i for i in sv.reminders(s, as_of=as_of, plan_id=district.id) if i.lead_unit == "黔江区市场监管局"
        ]
        assert owed and {i.state for i in owed} == {"overdue"}
        assert sv.queue_reminders(s, as_of=as_of, plan_id=district.id) == len(owed)
        assert sv.queue_reminders(s, as_of=as_of, plan_id=district.id) == 0  # idempotent
        box = wf.outbox(s)
        assert len(box) == len(owed) and {m["recipient"] for m in box} == {"scj"}
        assert {m["kind"] for m in box} == {"overdue"} and all("逾期未报" in m["subject"] for m in box)
        assert all(m["instance_id"] is not None for m in box)
        viewer = make_user(s, "viewer1", "viewer")
        with pytest.raises(PermissionDenied):
            sv.queue_reminders(s, as_of=as_of, actor=viewer)
