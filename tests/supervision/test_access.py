"""Role checks in the service layer: a unit account cannot read or change another unit's tasks;
viewers read but change nothing; refused requests leave no trace in the ledger."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session, sessionmaker
from supervision_helpers import AS_OF, make_user

from ipatlas.config import Settings
from ipatlas.errors import InputError, PermissionDenied
from ipatlas.plans import ParsedPlan
from ipatlas.plans import supervision as sv
from ipatlas.plans.supervision.models import PlanCreate, ReportCreate, TargetUpdate, TaskReport, TaskUpdate
from ipatlas.store import workflow
from ipatlas.store.models import AuditLog, UserPublic, UserUpdate

NONE = sv.StaticFigures({})


def _setup(sessions: sessionmaker[Session], seeds: dict[str, ParsedPlan]) -> dict[str, UserPublic]:
    with sessions() as s, s.begin():
        users = {
            "analyst": make_user(s, "ana", "analyst"),
            "viewer": make_user(s, "vie", "viewer"),
            "scj": make_user(s, "qj-scj", "unit", "黔江区市场监管局"),
            "court": make_user(s, "qj-court", "unit", "黔江区法院"),
            "nounit": make_user(s, "no-unit", "unit", None),
        }
        sv.import_plan(
            s,
            PlanCreate(parsed=seeds["district"], tracking_start=dt.date(2025, 1, 1)),
            actor=users["analyst"],
        )
    return users


def _counts(s: Session) -> tuple[int, int]:
    return (
        int(s.scalar(select(func.count()).select_from(TaskReport)) or 0),
        int(s.scalar(select(func.count()).select_from(AuditLog)) or 0),
    )


def test_unit_accounts_see_and_report_only_their_own_tasks(
    sv_settings: Settings, sessions: sessionmaker[Session], seeds: dict[str, ParsedPlan]
) -> None:
    users = _setup(sessions, seeds)
    scj, court = users["scj"], users["court"]
    data_dir: Path = sv_settings.data_dir
    with sessions() as s, s.begin():
        tasks = {t.number: t for t in sv.list_tasks(s)}
        scj_only = tasks["三.(一).1"]  # 区市场监管局、区财政局
        shared = tasks["三.(二).5"]  # led by 区市场监管局 with 区法院 among the co-units
        assert "黔江区法院" in shared.co_units and "黔江区法院" not in [u.unit_key for u in scj_only.units]
        report = sv.submit_report(
            s, scj_only.id, ReportCreate(kind="quarterly", text="进展", period="2025Q1"), actor=scj,
            data_dir=data_dir, files=[sv.Upload("材料.pdf", b"%PDF-1.4 test")],
            now=dt.datetime(2025, 4, 1, 9),
        )  # fmt: skip
        before = _counts(s)

        # Reading
        court_tasks = [t.number for t in sv.list_tasks(s, actor=court)]
        assert court_tasks == [n for n, t in tasks.items() if "黔江区法院" in [u.unit_key for u in t.units]]
        assert scj_only.number not in court_tasks and shared.number in court_tasks
        for call in (
            lambda: sv.get_task(s, scj_only.id, actor=court),
            lambda: sv.list_reports(s, scj_only.id, actor=court),
            lambda: sv.task_detail(s, scj_only.id, as_of=AS_OF, actor=court),
            lambda: sv.list_tasks(s, actor=court, unit="黔江区市场监管局"),
            lambda: sv.obligations(s, as_of=AS_OF, actor=court, unit="黔江区市场监管局"),
            lambda: sv.obligations(s, as_of=AS_OF, actor=court, task_id=scj_only.id),
            lambda: sv.get_attachment(s, report.attachments[0].id, actor=court, data_dir=data_dir),
            lambda: sv.plan_overview(s, scj_only.plan_id, source=NONE, as_of=AS_OF, actor=court),
            lambda: sv.list_targets(s, scj_only.plan_id, actor=court),
            lambda: sv.ledger_units(s, actor=court),
            lambda: sv.reports_between(s, dt.date(2025, 1, 1), AS_OF, actor=court),
            lambda: sv.briefing_docx(s, scj_only.plan_id, Path("/nonexistent/x.docx"), as_of=AS_OF,
                                     source=sv.StaticFigures({}), actor=court),
        ):  # fmt: skip
            with pytest.raises(PermissionDenied):
                call()
        # The unit view of a unit account is always its own, whatever unit is asked for.
        assert sv.unit_view(s, "黔江区市场监管局", as_of=AS_OF, actor=court)["unit"] == "黔江区法院"

        # Changing
        with pytest.raises(PermissionDenied, match="不属于本单位"):
            sv.submit_report(s, scj_only.id, ReportCreate(kind="quarterly", text="冒报"), actor=court,
                             data_dir=data_dir)  # fmt: skip
        with pytest.raises(PermissionDenied, match="本单位"):
            other = ReportCreate(kind="quarterly", text="代报", unit="黔江区市场监管局")
            sv.submit_report(s, shared.id, other, actor=court, data_dir=data_dir)
        for call in (
            lambda: sv.update_task(s, shared.id, TaskUpdate(status="已完成"), actor=court),
            lambda: sv.update_target(s, 1, TargetUpdate(value=1), actor=court),
            lambda: sv.import_plan(s, PlanCreate(parsed=seeds["city"]), actor=court),
            lambda: sv.sweep_statuses(s, as_of=AS_OF, actor=court),
            lambda: sv.create_unit_accounts(s, scj_only.plan_id, actor=court),
        ):
            with pytest.raises(PermissionDenied):
                call()
        assert _counts(s) == before  # refused requests change nothing
        assert not (data_dir / "plans" / "attachments" / str(scj_only.id) / "2").exists()
        assert sv.get_task(s, scj_only.id).status == "推进中"  # from scj's own report

        # A co-unit reports on the shared task in its own name.
        r = sv.submit_report(s, shared.id, ReportCreate(kind="quarterly", text="配合开展"), actor=court,
                             data_dir=data_dir, now=dt.datetime(2025, 4, 2, 9))  # fmt: skip
        assert r.unit == "黔江区法院"
        assert [x.unit for x in sv.list_reports(s, shared.id, actor=scj)] == ["黔江区法院"]


def test_viewers_read_and_change_nothing_and_accounts_need_a_unit(
    sv_settings: Settings, sessions: sessionmaker[Session], seeds: dict[str, ParsedPlan]
) -> None:
    users = _setup(sessions, seeds)
    viewer, analyst, nounit = users["viewer"], users["analyst"], users["nounit"]
    with sessions() as s, s.begin():
        task = sv.list_tasks(s, actor=viewer)[0]
        assert len(sv.list_tasks(s, actor=viewer)) == len(seeds["district"].tasks)
        assert sv.plan_overview(s, task.plan_id, source=NONE, as_of=AS_OF, actor=viewer)["tasks"]
        for call in (
            lambda: sv.update_task(s, task.id, TaskUpdate(status="推进中"), actor=viewer),
            lambda: sv.submit_report(s, task.id, ReportCreate(kind="quarterly", text="x"), actor=viewer,
                                     data_dir=sv_settings.data_dir),
            lambda: sv.import_plan(s, PlanCreate(parsed=seeds["city"]), actor=viewer),
            lambda: sv.create_unit_accounts(s, task.plan_id, actor=analyst),  # admins only
        ):  # fmt: skip
            with pytest.raises(PermissionDenied):
                call()
        with pytest.raises(PermissionDenied, match="未设置所属单位"):
            sv.list_tasks(s, actor=nounit)
        # An analyst files on behalf of a unit of the task, never of a stranger.
        with pytest.raises(InputError, match="不是任务"):
            sv.submit_report(s, task.id, ReportCreate(kind="quarterly", text="x", unit="黔江区法院"),
                             actor=analyst, data_dir=sv_settings.data_dir)  # fmt: skip
        r = sv.submit_report(s, task.id, ReportCreate(kind="quarterly", text="代为录入"), actor=analyst,
                             data_dir=sv_settings.data_dir)  # fmt: skip
        assert r.unit == task.lead_unit and r.submitted_by == "ana"
        # Deactivated accounts cannot log in at all (the web layer relies on this).
        workflow.update_user(s, users["scj"].id, UserUpdate(active=False))
        assert workflow.authenticate(s, "qj-scj", "supervision pw 1") is None
