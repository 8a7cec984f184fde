"""The workflow engine on SQLite and PostgreSQL: transitions, roles, fields, clocks, rule versions,
the immutable timeline, the audit log and optimistic locking."""

from __future__ import annotations

import datetime as dt
import threading
from pathlib import Path

import pytest
from sqlalchemy import Engine, func, select, text
from sqlalchemy.exc import DBAPIError, IntegrityError

from ipatlas import workflow as wf
from ipatlas.errors import ConflictError, InputError, PermissionDenied, TransitionNotAllowed
from ipatlas.store import workflow as store
from ipatlas.store.models import AuditLog
from ipatlas.workflow.models import WfDeadline, WfEvent

DATA = Path(__file__).parent / "wfdata"
CLERK = wf.Actor("clerk1", "clerk")
APPROVER = wf.Actor("boss", "approver")
HANDLER = wf.Actor("han", "handler", "执法支队")
T0 = dt.datetime(2026, 3, 2, 9, 0)  # a Monday


@pytest.fixture(scope="module")
def definition() -> wf.Definition:
    return wf.load_definition(DATA / "sample.yaml")


def _start(s, definition, subject="C-1", at=T0):  # type: ignore[no-untyped-def]
    return wf.start(s, definition, subject_type="case", subject_id=subject, actor=CLERK, at=at)


def test_full_path_with_clocks_and_audit(wf_engine: Engine, definition: wf.Definition) -> None:
    S = store.session_factory(wf_engine)
    with S() as s, s.begin():
        inst = _start(s, definition)
        assert inst.state == "registered" and inst.version == 1 and inst.state_label == "登记"
        dls = {d.rule: d for d in wf.deadlines(s, inst.id, as_of=T0)}
        acc = dls["acceptance"]
        # Opened before 2026-04-15: version 1, 7 working days from Monday 2 March -> Wednesday 11 March.
        assert (acc.rule_version, acc.basis, acc.due, acc.promised_due) == (
            1,
            "测试办法（旧）第十四条",
            dt.date(2026, 3, 11),
            dt.date(2026, 3, 9),
        )
        assert acc.state == "on_track" and acc.remaining_workdays == 7 and not acc.assumed
        assert [a.id for a in wf.available_actions(s, inst.id, CLERK) if a.allowed] == ["accept", "reject"]
        ev = wf.act(s, inst.id, "accept", actor=CLERK, at=T0 + dt.timedelta(days=3), expected_version=1)
        assert (ev.from_state, ev.to_state, ev.seq, ev.data["documents"]) == (
            "registered",
            "accepted",
            2,
            ["受理通知书"],
        )
        wf.act(s, inst.id, "open", actor=APPROVER, at=dt.datetime(2026, 3, 6, 10), fields={"assignee": "han"})
        wf.act(s, inst.id, "decide", actor=APPROVER, at=dt.datetime(2026, 5, 1, 10), note="处罚")
        wf.act(s, inst.id, "archive", actor=HANDLER, at=dt.datetime(2026, 5, 8, 10))
        done = wf.get_instance(s, inst.id)
        assert done.state == "archived" and done.closed_at == dt.datetime(2026, 5, 8, 10)
        assert done.assignee == "han" and done.version == 5
        dls = {d.rule: d for d in wf.deadlines(s, inst.id, as_of=dt.datetime(2026, 6, 1))}
        assert dls["acceptance"].state == "met" and dls["handling"].state == "met"
        # 90 natural days from 6 March = 4 June (a Thursday, a working day).
        assert dls["handling"].due == dt.date(2026, 6, 4)
        tl = wf.timeline(s, inst.id)
        assert [e.action for e in tl] == ["@start", "accept", "open", "decide", "archive"]
        assert tl[3].note == "处罚" and tl[2].actor == "boss" and tl[4].unit == "执法支队"
        audit = s.scalars(
            select(AuditLog.action)
            .where(AuditLog.object_type == "case", AuditLog.object_id == "C-1")
            .order_by(AuditLog.id)
        ).all()
        assert audit == ["wf.start", "wf.accept", "wf.open", "wf.decide", "wf.archive"]


def test_disallowed_wrong_role_missing_field_bad_date(wf_engine: Engine, definition: wf.Definition) -> None:
    S = store.session_factory(wf_engine)
    with S() as s, s.begin():
        inst = _start(s, definition)
    with S() as s, s.begin():
        with pytest.raises(TransitionNotAllowed, match=r"“登记”下不允许操作“决定”（可用操作：受理、") as exc:
            wf.act(s, inst.id, "decide", actor=APPROVER)
        assert exc.value.context == {"state": "registered", "action": "decide"}
        with pytest.raises(TransitionNotAllowed, match="nonsense"):
            wf.act(s, inst.id, "nonsense", actor=APPROVER)
        with pytest.raises(PermissionDenied, match=r"“负责人”不能执行操作“受理”，需要：受理员"):
            wf.act(s, inst.id, "accept", actor=APPROVER)
        with pytest.raises(InputError, match="reason"):
            wf.act(s, inst.id, "reject", actor=CLERK, at=T0 + dt.timedelta(hours=1))
        with pytest.raises(InputError, match="早于上一环节"):
            wf.act(s, inst.id, "accept", actor=CLERK, at=T0 - dt.timedelta(days=1))
        with pytest.raises(InputError, match="理由"):
            wf.act(s, inst.id, "suspend", actor=HANDLER, at=T0 + dt.timedelta(hours=1))
    with S() as s:
        # Nothing of the refused actions was written.
        assert s.scalar(select(func.count()).select_from(WfEvent).where(WfEvent.instance_id == inst.id)) == 1
        assert wf.get_instance(s, inst.id).version == 1


def test_timeline_is_append_only_in_the_database(wf_engine: Engine, definition: wf.Definition) -> None:
    S = store.session_factory(wf_engine)
    with S() as s, s.begin():
        inst = _start(s, definition)
    for sql in ("UPDATE wf_events SET note = 'x'", "DELETE FROM wf_events"):
        with wf_engine.connect() as conn, pytest.raises((IntegrityError, DBAPIError), match="append-only"):
            conn.execute(text(sql))
    with S() as s:
        assert len(wf.timeline(s, inst.id)) == 1


def test_suspend_resume_returns_and_moves_the_due_date(wf_engine: Engine, definition: wf.Definition) -> None:
    S = store.session_factory(wf_engine)
    with S() as s, s.begin():
        inst = _start(s, definition)
        wf.act(s, inst.id, "suspend", actor=HANDLER, at=dt.datetime(2026, 3, 4, 9), note="等待材料")
        d = {x.rule: x for x in wf.deadlines(s, inst.id, as_of=dt.datetime(2026, 3, 30))}["acceptance"]
        assert d.status == "paused" and d.state == "paused"  # never overdue while paused
        ev = wf.act(s, inst.id, "resume", actor=HANDLER, at=dt.datetime(2026, 3, 11, 9))
        assert ev.to_state == "registered"
        d = {x.rule: x for x in wf.deadlines(s, inst.id, as_of=dt.datetime(2026, 3, 11, 9))}["acceptance"]
        # Paused Wed 4 -> Wed 11 March = 5 working days: due 11 March + 5 working days = 18 March.
        assert (d.status, d.paused_total, d.due) == ("running", 5, dt.date(2026, 3, 18))


def test_extension_is_capped_by_the_rule(wf_engine: Engine, definition: wf.Definition) -> None:
    S = store.session_factory(wf_engine)
    with S() as s, s.begin():
        inst = _start(s, definition)
        wf.act(s, inst.id, "accept", actor=CLERK, at=T0)
        wf.act(s, inst.id, "open", actor=APPROVER, at=T0, fields={"assignee": "han"})
        with pytest.raises(InputError, match="最多还可延长 30"):
            wf.act(s, inst.id, "extend", actor=APPROVER, at=T0, fields={"extend_by": 31})
        wf.act(s, inst.id, "extend", actor=APPROVER, at=T0, fields={"extend_by": 20})
        d = {x.rule: x for x in wf.deadlines(s, inst.id)}["handling"]
        # 2 March + 110 days = 20 June 2026 (Saturday; 19 June is 端午节) -> next working day 22 June.
        assert (d.extended, d.due) == (20, dt.date(2026, 6, 22))
        with pytest.raises(InputError, match="最多还可延长 10"):
            wf.act(s, inst.id, "extend", actor=APPROVER, at=T0, fields={"extend_by": 11})
        wf.act(s, inst.id, "extend", actor=APPROVER, at=T0)  # the rest of the cap
        assert {x.rule: x for x in wf.deadlines(s, inst.id)}["handling"].extended == 30


def test_rule_versions_keep_the_rule_of_the_opening_day(wf_engine: Engine, definition: wf.Definition) -> None:
    S = store.session_factory(wf_engine)
    with S() as s, s.begin():
        old = _start(s, definition, "old", at=dt.datetime(2026, 4, 14, 16))
        new = _start(s, definition, "new", at=dt.datetime(2026, 4, 15, 9))
        o = {x.rule: x for x in wf.deadlines(s, old.id)}
        n = {x.rule: x for x in wf.deadlines(s, new.id)}
        assert (o["acceptance"].rule_version, o["acceptance"].article, o["acceptance"].length) == (
            1,
            "第十四条",
            7,
        )
        assert (n["acceptance"].rule_version, n["acceptance"].article, n["acceptance"].length) == (
            2,
            "第十五条",
            5,
        )
        # A clock started after a version that says applies_to_open_cases: the new version wins.
        late = _start(s, definition, "late", at=dt.datetime(2026, 1, 5, 9))
        rv = definition.rules.get("override").version_for(dt.date(2026, 1, 5), dt.date(2026, 5, 1))
        assert rv.version == 2
        assert {x.rule: x for x in wf.deadlines(s, late.id)}["override"].rule_version == 1


def test_hours_clock_for_transfers(wf_engine: Engine, definition: wf.Definition) -> None:
    S = store.session_factory(wf_engine)
    with S() as s, s.begin():
        inst = _start(s, definition)
        wf.act(s, inst.id, "accept", actor=CLERK, at=T0)
        wf.act(s, inst.id, "open", actor=APPROVER, at=T0, fields={"assignee": "han"})
        wf.act(s, inst.id, "transfer", actor=APPROVER, at=dt.datetime(2026, 3, 6, 17, 30))
        d = {x.rule: x for x in wf.deadlines(s, inst.id, as_of=dt.datetime(2026, 3, 7, 18))}["transfer"]
        assert d.due_at == dt.datetime(2026, 3, 7, 17, 30) and d.state == "overdue"
        assert d.to_dict()["due"] == "2026-03-07T17:30:00"


def test_stale_version_is_a_conflict_and_nothing_is_written(
    wf_engine: Engine, definition: wf.Definition
) -> None:
    S = store.session_factory(wf_engine)
    with S() as s, s.begin():
        inst = _start(s, definition)
    with S() as s, s.begin():
        wf.act(s, inst.id, "accept", actor=CLERK, at=T0, expected_version=1)
    with S() as s, s.begin(), pytest.raises(ConflictError, match="版本 2"):
        wf.act(s, inst.id, "open", actor=APPROVER, at=T0, fields={"assignee": "x"}, expected_version=1)
    with S() as s:
        assert wf.get_instance(s, inst.id).state == "accepted"
        assert len(wf.timeline(s, inst.id)) == 2


def test_concurrent_acts_one_wins_one_conflicts(wf_engine: Engine, definition: wf.Definition) -> None:
    S = store.session_factory(wf_engine)
    with S() as s, s.begin():
        inst = _start(s, definition)
    barrier = threading.Barrier(2)
    results: list[str] = []

    def worker(action: str, fields: dict[str, str]) -> None:
        s = S()
        try:
            with s.begin():
                # Both read version 1 before either writes.
                assert wf.get_instance(s, inst.id).version == 1
                barrier.wait(timeout=10)
                wf.act(s, inst.id, action, actor=CLERK, at=T0 + dt.timedelta(hours=1), fields=fields)
            results.append("ok")
        except ConflictError:
            results.append("conflict")
        finally:
            s.close()

    threads = [
        threading.Thread(target=worker, args=("accept", {})),
        threading.Thread(target=worker, args=("reject", {"reason": "重复"})),
    ]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=30)
    assert sorted(results) == ["conflict", "ok"]
    with S() as s:
        assert len(wf.timeline(s, inst.id)) == 2 and wf.get_instance(s, inst.id).version == 2
        assert (
            s.scalar(select(func.count()).select_from(WfDeadline).where(WfDeadline.status == "stopped")) == 2
        )


def test_start_twice_for_the_same_subject_is_a_conflict(wf_engine: Engine, definition: wf.Definition) -> None:
    S = store.session_factory(wf_engine)
    with S() as s, s.begin():
        _start(s, definition)
        with pytest.raises(ConflictError, match="已有流程"):
            _start(s, definition)
