"""The supervision workflow end to end on SQLite and PostgreSQL, from the real seeds:
parse → review → import (city plan + district plan under it) → unit accounts → reports →
reminders and overdue flags → statuses → target progress → roll-up → audit log."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from sqlalchemy import inspect, select
from sqlalchemy.orm import Session, sessionmaker
from supervision_helpers import FIGURES, import_city_and_district, make_user

from ipatlas.config import Settings
from ipatlas.errors import InputError, NotFoundError
from ipatlas.plans import ParsedPlan
from ipatlas.plans import supervision as sv
from ipatlas.plans.supervision.models import PlanCreate, ReportCreate, TaskReport, TaskUpdate
from ipatlas.store import workflow

D = dt.date


def test_migration_creates_the_ledger_tables(sv_settings: Settings) -> None:
    engine = workflow.make_engine(sv_settings)
    try:
        names = set(inspect(engine).get_table_names())
        ours = {
            "plans",
            "plan_targets",
            "plan_tasks",
            "task_units",
            "task_reports",
            "report_attachments",
        }
        assert ours <= names
        assert workflow.current_revision(engine) == workflow.head_revision()
        # The models describe exactly what the migrations built (Alembic autogenerate sees no change).
        from alembic.autogenerate import compare_metadata
        from alembic.runtime.migration import MigrationContext

        import ipatlas.plans.supervision.models  # noqa: F401
        from ipatlas.store.models import Base

        with engine.connect() as conn:
            diff = compare_metadata(MigrationContext.configure(conn), Base.metadata)

        def table_of(d: Any) -> str:
            kind, *rest = d[0] if isinstance(d, list) else d
            if kind.endswith("_column") or kind.startswith("modify_"):
                return str(rest[1])
            obj = rest[0]
            return str(getattr(obj, "name", "") if not hasattr(obj, "table") else obj.table.name)

        assert [d for d in diff if table_of(d) in ours] == []
    finally:
        engine.dispose()


def test_end_to_end(
    sv_settings: Settings, sessions: sessionmaker[Session], seeds: dict[str, ParsedPlan]
) -> None:
    data_dir = sv_settings.data_dir
    with sessions() as s, s.begin():
        analyst = make_user(s, "ana", "analyst")
        city, district = import_city_and_district(s, seeds, analyst)
        # -- the ledger ------------------------------------------------------------------------
        assert (city.region_code, city.period_start, city.period_end) == ("500000", 2016, 2020)
        assert (district.region_code, district.region_name, district.parent_id) == (
            "500114",
            "黔江区",
            city.id,
        )
        city_tasks = sv.list_tasks(s, city.id)
        assert len(city_tasks) == len(seeds["city"].tasks) - 1
        t0 = city_tasks[0]
        assert [(u.unit_key, u.role) for u in t0.units] == [
            ("重庆市知识产权局", "lead"),
            ("重庆市发展改革委", "co"),
        ]
        assert (t0.deadline, t0.due_on, t0.status) == ("2019-06", D(2019, 6, 30), "未启动")
        assert [t.number for t in city_tasks if t.key_work] == [seeds["city"].tasks[2].number]
        assert len(sv.list_targets(s, city.id)) == len(seeds["city"].targets) - 1
        d_tasks = sv.list_tasks(s, district.id)
        assert [t.number for t in d_tasks] == [t.number for t in seeds["district"].tasks]
        # Every unit of the parse is in the ledger, qualified with the district's name.
        for parsed, task in zip(seeds["district"].tasks, d_tasks, strict=True):
            expected = [
                u.replace("区", "黔江区", 1) if u.startswith("区") else u for u in parsed.units_normalized
            ]
            assert [u.unit_key for u in task.units] == expected
            assert (task.lead_unit or None) == (expected[0] if expected else None)
        # Listing shows the district plan under the city plan.
        listed = sv.list_plans(s)
        assert [p.id for p in listed] == [city.id, district.id] and listed[0].children == [district.id]
        with pytest.raises(InputError, match="已在台账中"):
            sv.import_plan(s, PlanCreate(parsed=seeds["district"]), actor=analyst)
        with pytest.raises(NotFoundError):
            sv.import_plan(
                s, PlanCreate(parsed=seeds["city"].model_copy(update={"title": "另一规划"}), parent_id=999)
            )

        # -- unit accounts -----------------------------------------------------------------------
        scj = make_user(s, "qj-scj", "unit", "黔江区市场监管局")
        cityip = make_user(s, "cq-ip", "unit", "重庆市知识产权局")
        created = sv.create_unit_accounts(s, district.id, units=["黔江区法院", "黔江区市场监管局"])
        assert [c["unit"] for c in created] == ["黔江区法院"]  # 市场监管局 already has one
        court = workflow.get_user(s, username=created[0]["username"])
        assert court.role == "unit" and court.unit == "黔江区法院"
        assert workflow.authenticate(s, court.username, created[0]["password"]) is not None
        units = {u["unit_key"]: u for u in sv.ledger_units(s, district.id)}
        assert units["黔江区市场监管局"]["accounts"] == ["qj-scj"]
        assert units["黔江区市场监管局"]["lead_tasks"] == sum(
            1 for t in seeds["district"].tasks if t.units_normalized[:1] == ["区市场监管局"]
        )

        # A unit account sees exactly the tasks where its unit is lead or co-unit.
        mine = sv.list_tasks(s, actor=scj)
        expected_mine = [t.number for t in seeds["district"].tasks if "区市场监管局" in t.units_normalized]
        assert [t.number for t in mine] == expected_mine
        assert [t.number for t in sv.list_tasks(s, actor=cityip)] == [
            city_tasks[0].number,
            city_tasks[2].number,
        ]
        assert [p.id for p in sv.list_plans(s, actor=scj)] == [district.id]

    # -- reports --------------------------------------------------------------------------------
    with sessions() as s, s.begin():
        scj = workflow.get_user(s, username="qj-scj")
        cityip = workflow.get_user(s, username="cq-ip")
        by_number = {t.number: t for t in sv.list_tasks(s, district.id)}
        a, key = by_number["三.(一).1"], by_number["三.(二).4"]
        r1 = sv.submit_report(
            s, a.id, ReportCreate(kind="quarterly", text="完成政策梳理", period="2025Q1",
                                  figures=[{"name": "出台文件", "value": 2, "unit": "件"}]),  # type: ignore[list-item]
            actor=scj, data_dir=data_dir, files=[sv.Upload("一季度进展.docx", b"PK-report", "application/x")],
            now=dt.datetime(2025, 4, 8, 10, 0),
        )  # fmt: skip
        assert (r1.period, r1.due_on, r1.late, r1.unit) == (
            "2025Q1",
            D(2025, 4, 10),
            False,
            "黔江区市场监管局",
        )
        att = r1.attachments[0]
        assert att.filename == "一季度进展.docx" and att.size == len(b"PK-report")
        _, path = sv.get_attachment(s, att.id, actor=scj, data_dir=data_dir)
        assert path.read_bytes() == b"PK-report" and path.is_relative_to(data_dir / "plans" / "attachments")
        # The first report starts the task.
        assert sv.get_task(s, a.id).status == "推进中"
        # Filed after the 10-day window: late.
        r2 = sv.submit_report(
            s, a.id, ReportCreate(kind="quarterly", text="二季度进展", period="2025Q2"),
            actor=scj, data_dir=data_dir, now=dt.datetime(2025, 7, 15, 9, 0),
        )  # fmt: skip
        assert r2.late and r2.due_on == D(2025, 7, 10)
        # Without a period: the quarter just ended while its report is still due.
        r3 = sv.submit_report(
            s, key.id, ReportCreate(kind="quarterly", text="三季度执法专项行动"),
            actor=scj, data_dir=data_dir, now=dt.datetime(2025, 10, 3, 9, 0),
        )  # fmt: skip
        assert r3.period == "2025Q3" and not r3.late
        # 速报 only for key work.
        sv.submit_report(
            s, key.id, ReportCreate(kind="fast", text="查获侵权货物一批"), actor=scj, data_dir=data_dir,
            now=dt.datetime(2025, 8, 1, 9, 0),
        )  # fmt: skip
        with pytest.raises(InputError, match="速报用于重点工作"):
            sv.submit_report(s, a.id, ReportCreate(kind="fast", text="x"), actor=scj, data_dir=data_dir)
        with pytest.raises(InputError, match="不能提前报送"):
            sv.submit_report(
                s, a.id, ReportCreate(kind="quarterly", text="x", period="2026Q1"), actor=scj,
                data_dir=data_dir, now=dt.datetime(2025, 10, 1),
            )  # fmt: skip
        # City plan: a milestone report (即报) on the deadline task, reporting it done.
        c0 = sv.list_tasks(s, city.id)[0]
        ri = sv.submit_report(
            s, c0.id, ReportCreate(kind="immediate", text="改革方案已印发", progress_status="已完成"),
            actor=cityip, data_dir=data_dir, now=dt.datetime(2019, 7, 3, 9, 0),
        )  # fmt: skip
        assert ri.due_on == D(2019, 7, 5) and not ri.late
        # Only an approved filing completes the task (setting plans_filing_review, default on):
        # until the office approves it the task is merely under way.
        assert sv.get_task(s, c0.id).status == "推进中"
        sv.review_filing(s, ri.id, "approve", now=dt.datetime(2019, 7, 8, 10, 0))
        done = sv.get_task(s, c0.id)
        assert (done.status, done.completed_on) == ("已完成", D(2019, 7, 3))  # the filing's day

    # -- reminders and overdue flags --------------------------------------------------------------
    with sessions() as s:
        scj = workflow.get_user(s, username="qj-scj")
        by_number = {t.number: t for t in sv.list_tasks(s, district.id)}
        a, key = by_number["三.(一).1"], by_number["三.(二).4"]
        n_mine = len(sv.list_tasks(s, actor=scj))
        # 5 October: Q3 reports are due on 10 October (inside the 7-day reminder window).
        due = sv.obligations(s, as_of=D(2025, 10, 5), actor=scj)
        state = {(i.task_number, i.period): i.state for i in due}
        assert state[("三.(一).1", "2025Q1")] == "submitted"
        assert state[("三.(一).1", "2025Q2")] == "late"
        assert state[("三.(一).1", "2025Q3")] == "due_soon"
        assert state[("三.(一).1", "2025Q4")] == "open"
        assert state[("三.(二).4", "2025Q3")] == "submitted"
        assert state[("三.(二).4", "2025Q1")] == "overdue"
        # Every own task owes Q1–Q4 (tracking from 2025-01-01 to the plan's end in 2025).
        assert len([i for i in due if i.kind == "quarterly"]) == 4 * n_mine
        reminders = sv.reminders(s, as_of=D(2025, 10, 5), actor=scj)
        assert {i.state for i in reminders} == {"due_soon", "overdue"}
        assert sum(1 for i in reminders if i.state == "due_soon") == n_mine - 1  # all but 三.(二).4
        assert sum(1 for i in reminders if i.state == "overdue") == 2 * n_mine - 2  # Q1+Q2, minus a's
        # 15 October: the missing Q3 reports are overdue.
        later = {(i.task_number, i.period): i for i in sv.obligations(s, as_of=D(2025, 10, 15), actor=scj)}
        assert later[("三.(一).1", "2025Q3")].state == "overdue" and later[("三.(一).1", "2025Q3")].days == -5
        # The completed city task owes nothing after it was completed; its milestone report is in.
        c0 = sv.list_tasks(s, city.id)[0]
        c_due = sv.obligations(s, as_of=D(2025, 10, 15), task_id=c0.id)
        assert [(i.kind, i.period, i.state) for i in c_due] == [
            ("quarterly", "2019Q1", "overdue"),
            ("quarterly", "2019Q2", "overdue"),
            ("immediate", None, "submitted"),
        ]
        # Tasks without units owe nothing (nobody to report) until units are assigned.
        c1 = sv.list_tasks(s, city.id)[1]
        assert not c1.units and sv.obligations(s, as_of=D(2025, 10, 15), task_id=c1.id) == []

    # -- statuses: analyst changes and the deadline sweep ----------------------------------------
    with sessions() as s, s.begin():
        analyst = workflow.get_user(s, username="ana")
        c2 = sv.list_tasks(s, city.id)[2]
        with pytest.raises(InputError, match="调整"):
            sv.update_task(s, c2.id, TaskUpdate(status="调整"), actor=analyst)
        sv.update_task(
            s, c2.id, TaskUpdate(deadline="2020-06", units=["市知识产权局", "市教委"]), actor=analyst
        )
        changed = sv.sweep_statuses(s, as_of=D(2025, 10, 15), actor=analyst)
        assert [t.id for t in changed] == [c2.id]  # c0 is done; only deadlined open tasks lag
        assert sv.get_task(s, c2.id).status == "滞后"
        assert sv.sweep_statuses(s, as_of=D(2025, 10, 15), actor=analyst) == []  # idempotent
        adjusted = sv.update_task(
            s, c2.id, TaskUpdate(status="调整", status_note="并入专项行动"), actor=analyst
        )
        assert (adjusted.status, adjusted.status_note) == ("调整", "并入专项行动")
        assert [u.unit_key for u in adjusted.units] == ["重庆市知识产权局", "重庆市教委"]

    # -- the audit log: who, when, before, after ---------------------------------------------------
    with sessions() as s:
        c2 = sv.list_tasks(s, city.id)[2]
        full = list(reversed(workflow.list_audit(s, object_type="plan_task", object_id=str(c2.id))))
        # the workflow engine's transitions are audited beside the ledger's own entries
        assert [e.action for e in full if e.action.startswith("wf.")] == [
            "wf.start",
            "wf.overdue",
            "wf.adjust",
        ]
        trail = [e for e in full if not e.action.startswith("wf.")]
        assert [(e.action, e.username) for e in trail] == [
            ("update", "ana"),
            ("status", "ana"),
            ("update", "ana"),
        ]
        assert trail[0].before["deadline"] is None and trail[0].after["deadline"] == "2020-06"
        assert "重庆市市场监管局（配合）" in trail[0].before["units"]
        assert "重庆市市场监管局（配合）" not in trail[0].after["units"]
        assert (trail[1].before["status"], trail[1].after["status"]) == ("未启动", "滞后")
        assert (trail[2].before["status"], trail[2].after["status"]) == ("滞后", "调整")
        assert all(e.at is not None for e in trail)
        a = {t.number: t for t in sv.list_tasks(s, district.id)}["三.(一).1"]
        started = [
            e
            for e in workflow.list_audit(s, object_type="plan_task", object_id=str(a.id))
            if not e.action.startswith("wf.")
        ]
        assert [(e.action, e.username, e.before["status"], e.after["status"]) for e in started] == [
            ("status", "qj-scj", "未启动", "推进中")
        ]
        filed = workflow.list_audit(s, object_type="task_report")
        # the review's engine steps (wf.start, wf.submit, wf.approve) sit beside the filings
        reports = [e for e in filed if not e.action.startswith("wf.")]
        steps = sorted(e.action for e in filed if e.action.startswith("wf."))
        assert steps == ["wf.approve", *["wf.start"] * 5, *["wf.submit"] * 5]
        assert len(reports) == 5 and {e.username for e in reports} == {"qj-scj", "cq-ip"}
        assert all(e.action == "submit" and e.after["task_id"] for e in reports)
        imports = workflow.list_audit(s, object_type="plan")
        assert [(e.action, e.username, e.after["title"]) for e in reversed(imports)] == [
            ("import", "ana", city.title), ("import", "ana", district.title),
        ]  # fmt: skip
        assert len(s.scalars(select(TaskReport)).all()) == 5


def test_target_progress_and_district_rollup(
    sv_settings: Settings, sessions: sessionmaker[Session], seeds: dict[str, ParsedPlan]
) -> None:
    """Targets against figures whose progress is worked out by hand, rolled up into the city view."""
    figures = sv.StaticFigures(FIGURES, source="统计公报")
    with sessions() as s, s.begin():
        analyst = make_user(s, "ana", "analyst")
        city, district = import_city_and_district(s, seeds, analyst)
    with sessions() as s:
        own = {p.indicator_id or p.indicator: p for p in sv.plan_targets_progress(s, city.id, source=figures)}
        m = own["inv_per_10k_pop"]
        assert (m.kind, m.baseline_year, m.baseline_value, m.baseline_source) == (
            "multiple",
            2015,
            4.0,
            "统计公报",
        )
        assert m.final_value == pytest.approx(8.0)
        assert m.required_value == pytest.approx(4.0 * 2 ** (2 / 5))
        assert (m.actual_year, m.actual_value, m.status) == (2017, 5.5, "按进度")
        assert m.progress == pytest.approx((5.5 - 4) / (8 - 4))
        lv = own["above_scale_inv_per_100m_revenue"]
        assert lv.required_value == pytest.approx(0.30 + (0.45 - 0.30) * 2 / 5)
        assert (lv.status, lv.method) == ("滞后", "线性")
        cu = own["pct_app"]
        assert (cu.actual_value, cu.required_value, cu.status) == (1100.0, pytest.approx(1000.0), "按进度")
        assert [pt.required for pt in cu.trajectory] == pytest.approx([500, 1000, 1500, 2000, 2500])
        # 知识产权服务业营业收入 is a reported statistic of the catalogue: linked, with its definition,
        # and clearly without data while the figures lack it.
        sr = own["ip_service_revenue"]
        assert (
            sr.status == "无数据" and "没有该地区该指标" in sr.reason and "营业收入" in (sr.definition or "")
        )
        # A target outside the catalogue is tracked by name and clearly without data.
        unmapped = sv.evaluate_target(
            next(t for t in sv.list_targets(s, city.id) if t.indicator_id == "ip_service_revenue").model_copy(
                update={"indicator_id": None}
            ),
            city,
            None,
        )
        assert unmapped.status == "无数据" and "未对应指标目录" in unmapped.reason

        roll = sv.rollup(s, city.id, source=figures)
        assert [c["plan"].id for c in roll["children"]] == [district.id]
        child = {p.indicator_id: p for p in roll["children"][0]["targets"]}
        assert (child["inv_per_10k_pop"].status, child["inv_per_10k_pop"].region_name) == ("达标", "黔江区")
        assert child["tm_per_10k_entities"].status == "无数据"
        assert "统计公报中没有" in child["tm_per_10k_entities"].reason
        group = next(g for g in roll["by_indicator"] if g["indicator_id"] == "inv_per_10k_pop")
        assert [p.plan_id for p in group["own"]] == [city.id] and [p.plan_id for p in group["children"]] == [
            district.id
        ]
        assert roll["all_status_counts"] == {"达标": 1, "按进度": 2, "滞后": 1, "无数据": 2}
        detail = sv.target_detail(s, child["inv_per_10k_pop"].target_id, source=figures)
        assert [p.plan_id for p in detail["related"]] == [city.id]  # the parent plan's same indicator
        # Without any figures every target says so instead of guessing.
        empty = sv.plan_targets_progress(s, district.id, source=sv.StaticFigures({}))
        assert {p.status for p in empty} == {"无数据"}
