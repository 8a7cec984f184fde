"""From first contact to archived decision: transitions, roles, limits, documents, referral
receipts, mediation, personal data and audit, publication, statistics, sweep and lake facts."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

import docx
import pytest
from protection_helpers import NOW, intake
from sqlalchemy import select

from ipatlas.errors import ConflictError, InputError, PermissionDenied, TransitionNotAllowed
from ipatlas.protection.cases import act_case, actor_for, board, case_sweep, list_cases, show_case, stats
from ipatlas.protection.intake import create_case
from ipatlas.protection.publication import public_decisions
from ipatlas.store.models import AuditLog

D = dt.datetime


def _act(s: Any, settings: Any, cid: int, action: str, by: str, at: D, **kw: Any) -> dict[str, Any]:
    return act_case(s, settings, cid, action, actor=actor_for(s, by), at=at, **kw)


def test_complaint_to_archived_decision(db: Any) -> None:
    settings, S = db
    with S() as s, s.begin():
        c = create_case(s, settings, intake(), actor="clerk1", now=NOW)
        cid = c["id"]
        r = _act(s, settings, cid, "accept", "clerk1", D(2026, 3, 4, 10))
        assert [d["kind"] for d in r["documents"]] == ["受理通知书"]
        assert r["documents"][0]["number"] == "渝知保〔2026〕1号"
        r = _act(s, settings, cid, "file", "boss", D(2026, 3, 5, 9), fields={"assignee": "han"})
        assert r["documents"][0]["number"] == "渝知保〔2026〕2号"
        penalty = next(d for d in r["case"]["deadlines"] if d["rule"] == "penalty")
        # 90 days from 5 March = 3 June (行政处罚法第六十条).
        assert penalty["due"] == "2026-06-03" and "第六十条" in penalty["basis"]
        _act(s, settings, cid, "investigate", "han", D(2026, 3, 6, 9))
        _act(s, settings, cid, "inspect", "han", D(2026, 3, 10, 9), note="现场检查门店，扣押样品")
        r = _act(
            s, settings, cid, "extend", "boss", D(2026, 5, 20, 9), note="案情复杂", fields={"extend_by": "30"}
        )
        assert r["documents"][0]["kind"] == "延期审批表"
        assert next(d for d in r["case"]["deadlines"] if d["rule"] == "penalty")["due"] == "2026-07-03"
        with pytest.raises(InputError, match="最多还可延长 0"):
            _act(
                s, settings, cid, "extend", "boss", D(2026, 5, 21, 9), note="再延", fields={"extend_by": "1"}
            )
        r = _act(
            s,
            settings,
            cid,
            "penalize",
            "boss",
            D(2026, 6, 20, 9),
            fields={
                "penalty_kind": "罚款、没收、责令停止侵权",
                "amount": "50000",
                "basis": "《商标法》第六十条",
            },
        )
        decision_doc = r["documents"][0]
        assert decision_doc["kind"] == "行政处罚决定书"
        text = "\n".join(p.text for p in docx.Document(decision_doc["file"]).paragraphs)
        # 举报人保密: the document addressed to the respondent never names the complainant.
        assert "张三" not in text and "举报人（依法保密）" in text and decision_doc["number"] in text
        _act(s, settings, cid, "serve", "han", D(2026, 6, 22, 9))
        _act(s, settings, cid, "publish", "han", D(2026, 6, 23, 9))
        r = _act(s, settings, cid, "close", "boss", D(2026, 6, 24, 9))
        assert r["documents"][0]["kind"] == "结案报告"
        r = _act(s, settings, cid, "archive", "han", D(2026, 6, 25, 9))
        assert r["case"]["status"] == "archived"
        full = show_case(s, cid, viewer=actor_for(s, "boss"))
        assert [e["action"] for e in full["timeline"]] == [
            "@start",
            "accept",
            "file",
            "investigate",
            "inspect",
            "extend",
            "penalize",
            "serve",
            "publish",
            "close",
            "archive",
        ]
        assert full["on_time"] is True and full["workdays_to_close"] > 0
        nums = [d["number"] for d in full["documents"]]
        assert nums == [f"渝知保〔2026〕{i}号" for i in range(1, 6)]
        pub = public_decisions(s)
        assert pub[0]["case_number"] == c["number"] and pub[0]["penalty_amount"] == 50000.0
        assert "张三" not in str(pub) and "13812341234" not in str(pub)


def test_disallowed_wrong_role_bad_date_and_conflict(db: Any) -> None:
    settings, S = db
    with S() as s, s.begin():
        cid = create_case(s, settings, intake(), actor="clerk1", now=NOW)["id"]
    with S() as s, s.begin():
        with pytest.raises(TransitionNotAllowed, match=r"“登记”下不允许操作“作出处罚决定”"):
            _act(s, settings, cid, "penalize", "boss", D(2026, 3, 3))
        with pytest.raises(PermissionDenied, match="“负责人”不能执行操作“受理”"):
            _act(s, settings, cid, "accept", "boss", D(2026, 3, 3))
        with pytest.raises(InputError, match="早于收到时间"):
            _act(s, settings, cid, "accept", "clerk1", D(2026, 3, 1))
        with pytest.raises(InputError, match="reason"):
            _act(s, settings, cid, "reject", "clerk1", D(2026, 3, 3))
    with S() as s, s.begin():
        _act(s, settings, cid, "accept", "clerk1", D(2026, 3, 3), expected_version=1)
    with S() as s, s.begin(), pytest.raises(ConflictError):
        _act(s, settings, cid, "file", "boss", D(2026, 3, 4), fields={"assignee": "han"}, expected_version=1)
    with S() as s:
        assert show_case(s, cid, viewer=None)["status"] == "accepted"


def test_rule_version_changes_on_2026_04_15(db: Any) -> None:
    settings, S = db
    with S() as s, s.begin():
        old = create_case(s, settings, intake(received_at="2026-04-14 17:00"), actor="clerk1", now=NOW)
        new = create_case(
            s,
            settings,
            intake(received_at="2026-04-15 09:00", respondent={"name": "另一公司"}),
            actor="clerk1",
            now=NOW,
        )
    o = next(d for d in old["deadlines"] if d["rule"] == "acceptance")
    n = next(d for d in new["deadlines"] if d["rule"] == "acceptance")
    assert (o["rule_version"], n["rule_version"]) == (2, 3)
    assert "暂行办法" in o["basis"] and "总局令第121号" in n["basis"]


def test_referral_receipt_by_the_receiving_unit(db: Any) -> None:
    settings, S = db
    with S() as s, s.begin():
        cid = create_case(s, settings, intake(facts="涉嫌犯罪，数额巨大"), actor="clerk1", now=NOW)["id"]
        assert show_case(s, cid, viewer=None)["triage"]["competence"]["rule"] == "crime"
        _act(s, settings, cid, "accept", "clerk1", D(2026, 3, 3, 9))
        _act(s, settings, cid, "file", "boss", D(2026, 3, 3, 10), fields={"assignee": "han"})
        _act(s, settings, cid, "investigate", "han", D(2026, 3, 3, 11))
        _act(s, settings, cid, "suspect_crime", "han", D(2026, 3, 4, 9), note="涉案金额超过立案追诉标准")
        r = _act(
            s,
            settings,
            cid,
            "refer_police",
            "boss",
            D(2026, 3, 5, 9),
            fields={"receiver": "公安机关（同级）"},
        )
        dls = {d["rule"]: d for d in r["case"]["deadlines"]}
        assert dls["crime_decision"]["state"] == "met"  # decided within 3 days (310号令第五条)
        assert dls["crime_transfer"]["due"] == "2026-03-06T09:00:00"
        assert r["documents"][0]["kind"] == "移送函"
    gaj = ("gaj", "公安机关（同级）")
    with S() as s, s.begin():
        unit_view = list_cases(s, viewer=actor_for(s, "other_unit"))
        assert unit_view["cases"] == []
        with pytest.raises(PermissionDenied):
            show_case(s, cid, viewer=actor_for(s, "other_unit"))
        with pytest.raises(PermissionDenied, match="接收单位"):
            _act(s, settings, cid, "receipt", "other_unit", D(2026, 3, 6, 8))
        assert [c["id"] for c in list_cases(s, viewer=actor_for(s, gaj[0]))["cases"]] == [cid]
        seen = show_case(s, cid, viewer=actor_for(s, gaj[0]))
        assert seen["personal_visible"] is False and seen["complainant"]["phone"] == "138****1234"
        assert seen["referrals"][0]["letter_number"] == "渝知保〔2026〕3号"
        r = _act(s, settings, cid, "receipt", "gaj", D(2026, 3, 6, 8))
        assert r["case"]["status"] == "closed"


def test_mediation_and_personal_data_audit(db: Any) -> None:
    settings, S = db
    with S() as s, s.begin():
        cid = create_case(s, settings, intake(kind="mediation"), actor="clerk1", now=NOW)["id"]
        _act(s, settings, cid, "accept", "med", D(2026, 3, 3, 9))
        _act(s, settings, cid, "mediate", "med", D(2026, 3, 3, 10), fields={"mediator": "med"})
        r = _act(s, settings, cid, "mediation_agreement", "med", D(2026, 3, 20, 10))
        assert r["documents"][0]["kind"] == "调解协议书" and r["case"]["status"] == "agreed"
        _act(s, settings, cid, "close", "med", D(2026, 3, 21, 10))
    with S() as s, s.begin():
        # The leader sees the case, masked; the approver sees the person, and that is audited.
        masked = show_case(s, cid, viewer=actor_for(s, "lead"))
        assert masked["complainant"] == {
            "name": "张*",
            "type": "individual",
            "phone": "138****1234",
            "id_number": "110***********002X",
            "address": "重庆市渝中区****",
        }
        # A handler who has nothing to do with the case sees it masked too.
        assert show_case(s, cid, viewer=actor_for(s, "han2"))["personal_visible"] is False
        full = show_case(s, cid, viewer=actor_for(s, "boss"))
        assert full["complainant"]["phone"] == "13812341234" and full["personal_visible"]
        st = stats(s, year=2026)
        assert st["mediation_success_rate"] == 1.0
    with S() as s:
        audit = s.scalars(
            select(AuditLog.username).where(
                AuditLog.object_id == str(cid), AuditLog.action == "case.view_personal"
            )
        ).all()
        assert audit == ["boss"]


def test_stats_sweep_board_and_withdrawal(db: Any) -> None:
    settings, S = db
    with S() as s, s.begin():
        a = create_case(s, settings, intake(), actor="clerk1", now=NOW)["id"]
        b = create_case(
            s,
            settings,
            intake(respondent={"name": "乙公司"}, received_at="2026-03-03 09:00"),
            actor="clerk1",
            now=NOW,
        )["id"]
        c = create_case(
            s,
            settings,
            intake(respondent={"name": "丙公司"}, received_at="2025-03-03 09:00"),
            actor="clerk1",
            now=NOW,
        )["id"]
        d = create_case(
            s, settings, intake(received_at="2026-03-05 09:00", facts="重复"), actor="clerk1", now=NOW
        )
        assert d["duplicate_of"] == a
        _act(s, settings, a, "accept", "clerk1", D(2026, 3, 4))
        _act(s, settings, a, "withdraw", "clerk1", D(2026, 3, 5), note="投诉人撤回")
        _act(s, settings, a, "close", "boss", D(2026, 3, 6))
        # b: acceptance late (due 12 March) -> closed late.
        _act(s, settings, b, "reject", "clerk1", D(2026, 3, 16), fields={"reason": "不属于本机关管辖"})
        _act(s, settings, b, "close", "boss", D(2026, 3, 17))
        assert c
    with S() as s, s.begin():
        st = stats(s, year=2026, as_of=dt.date(2026, 3, 20))
        assert {k: st[k] for k in ("received", "accepted", "closed", "closed_on_time", "overdue")} == {
            "received": 2,
            "accepted": 1,
            "closed": 2,
            "closed_on_time": 1,
            "overdue": 0,
        }
        assert st["on_time_rate"] == 0.5 and st["avg_workdays_to_close"] == 7.0
        assert stats(s, year=2025, as_of=dt.date(2025, 3, 20))["overdue"] == 1
        assert stats(s, region="500105", as_of=dt.date(2026, 3, 20))["received"] == 3
        over = list_cases(s, overdue=True, as_of=dt.date(2026, 3, 20))["cases"]
        # The duplicate is a registered record with its own clock (linked, not counted in stats).
        assert {x["id"] for x in over} == {c, d["id"]}
        sw = case_sweep(s, as_of=dt.date(2026, 3, 20))
        assert sw["overdue"] == 2 and sw["notifications"] == 2
        assert case_sweep(s, as_of=dt.date(2026, 3, 20))["notifications"] == 0
        units = board(s, as_of=dt.date(2026, 3, 20))["units"]
        assert units == [{"unit": "江北区知识产权执法", "overdue": 2, "due_soon": 0}]


def test_publish_facts_to_the_lake(db: Any) -> None:
    settings, S = db
    from ipatlas.protection.facts import publish_facts
    from ipatlas.store.lake import Lake

    with S() as s, s.begin():
        create_case(s, settings, intake(), actor="clerk1", now=NOW)
        create_case(
            s, settings, intake(received_at="2026-03-05 09:00", facts="重复"), actor="clerk1", now=NOW
        )
    res = publish_facts(settings, as_of=D(2026, 3, 20))
    assert res["rows"] == 2
    t = Lake(settings.lake_dir).read("case_facts").to_pylist()
    assert {r["record_id"] for r in t} == {"case-1", "case-2"}
    assert [r["duplicate"] for r in sorted(t, key=lambda r: r["record_id"])] == [False, True]
    assert all(r["adcode"] == "500105" and r["province_code"] == "500000" and r["year"] == 2026 for r in t)
    assert [r["overdue"] for r in t] == [True, True]
    assert re.fullmatch(r"\d{4}-.*", res["as_of"])


def test_review_sample_and_exports(db: Any, tmp_path: Any) -> None:
    import openpyxl

    from ipatlas.protection.review import export_cases, review

    settings, S = db
    with S() as s, s.begin():
        for i in range(4):
            cid = create_case(
                s, settings, intake(respondent={"name": f"公司{i}"}, received_at=f"2026-03-0{i + 2} 09:00"),
                actor="clerk1", now=NOW,
            )["id"]  # fmt: skip
            late = i == 3
            _act(
                s, settings, cid, "reject", "clerk1", D(2026, 3, 20 if late else 5), fields={"reason": "管辖"}
            )
            _act(s, settings, cid, "close", "boss", D(2026, 3, 23))
        r1 = review(s, per_unit=2, seed=7)
        r2 = review(s, per_unit=2, seed=7)
        assert r1 == r2 and r1["units"][0]["sampled"] == 2
        full = review(s, per_unit=10, seed=7)["units"][0]
        scores = sorted(c["score"] for c in full["cases"])
        assert scores == [80, 100, 100, 100]  # the late acceptance loses its 20 points
        with pytest.raises(PermissionDenied):
            export_cases(s, tmp_path / "x.xlsx", viewer=actor_for(s, "han"), include_personal=True)
        masked = export_cases(s, tmp_path / "m.xlsx", viewer=actor_for(s, "boss"))
        assert masked["personal_rows"] == 0
        full_export = export_cases(s, tmp_path / "p.xlsx", viewer=actor_for(s, "boss"), include_personal=True)
        assert full_export["personal_rows"] == 4
    ws = openpyxl.load_workbook(tmp_path / "m.xlsx").active
    assert ws is not None and ws.cell(3, 7).value == "138****1234"
    with S() as s:
        assert s.scalar(select(AuditLog.id).where(AuditLog.action == "case.export_personal")) is not None
