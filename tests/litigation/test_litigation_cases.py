"""案件协同 on the shared workflow engine: nodes, legal time limits by rule (with the article and the
revision in force), 举证期限 as set by the court, enterprise isolation, lawyer matching.
Runs on SQLite and PostgreSQL."""

from __future__ import annotations

import datetime as dt
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy.orm import Session

from ipatlas.config import Settings
from ipatlas.errors import ConflictError, InputError, PermissionDenied, TransitionNotAllowed
from ipatlas.litigation.cases import act_on_case, case_detail, list_cases, open_case
from ipatlas.litigation.corpus import import_dir
from ipatlas.store import workflow
from ipatlas.workflow import Actor

A = Actor("a-user", "enterprise", "重庆甲公司")
B = Actor("b-user", "enterprise", "四川乙公司")


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def session(request: pytest.FixtureRequest, settings: Settings) -> Iterator[Session]:
    s = settings
    if request.param == "postgresql":
        s = settings.model_copy(update={"database_url": request.getfixturevalue("pg_url")})
    workflow.migrate(s)
    engine = workflow.make_engine(s)
    maker = workflow.session_factory(engine)
    try:
        with maker() as sess, sess.begin():
            yield sess
            sess.rollback()
    finally:
        engine.dispose()


def _due(detail: dict, rule: str) -> dict:
    return next(d for d in detail["deadlines"] if d["rule"] == rule)


def test_defendant_case_nodes_and_deadlines(session: Session) -> None:
    case = open_case(
        session,
        A,
        {"side": "被告", "cause": "侵害商标权纠纷", "court": "重庆市第一中级人民法院"},
        at=dt.date(2024, 2, 20),
    )
    cid = case["id"]
    act_on_case(session, A, cid, "serve_complaint", at=dt.date(2024, 3, 1))
    d = case_detail(session, A, cid, as_of=dt.date(2024, 3, 5))
    ans = _due(d, "answer")
    # 15 days from 2024-03-01 end on Saturday 03-16 -> next working day (民事诉讼法 第八十五条)
    assert (
        ans["due_date"] == "2024-03-18" and ans["article"] == "第一百二十八条" and "2023年修正" in ans["law"]
    )
    assert ans["status"] == "running"
    assert {a["id"] for a in d["actions"]} == {"file_answer"}
    ev = act_on_case(session, A, cid, "file_answer", at=dt.date(2024, 3, 10))
    assert ev["to_state"] == "trial"
    act_on_case(
        session, A, cid, "set_evidence_period", at=dt.date(2024, 3, 12), fields={"evidence_due": "2024-04-12"}
    )
    with pytest.raises(InputError):
        act_on_case(session, A, cid, "set_evidence_period", fields={"evidence_due": "下周"})
    act_on_case(session, A, cid, "receive_judgment", at=dt.date(2024, 9, 20))
    d = case_detail(session, A, cid, as_of=dt.date(2024, 9, 21))
    assert d["evidence_due"] == "2024-04-12"
    # 15 days from 2024-09-20 end on 10-05, inside the National Day holiday -> 2024-10-08
    assert _due(d, "appeal_judgment")["due_date"] == "2024-10-08"
    assert _due(d, "answer")["status"] == "stopped"
    assert [e["action"] for e in d["timeline"]][-2:] == ["set_evidence_period", "receive_judgment"]
    assert {"document": "判决书", "node": "收到判决书", "at": d["timeline"][-1]["at"]} in d["documents"]
    with pytest.raises(TransitionNotAllowed):
        act_on_case(session, A, cid, "file_answer")
    with pytest.raises(ConflictError):
        act_on_case(session, A, cid, "appeal", expected_version=1)


def test_rulings_abroad_and_older_revisions(session: Session) -> None:
    case = open_case(
        session, A, {"side": "被告", "cause": "不正当竞争纠纷", "abroad": True}, at=dt.date(2023, 5, 20)
    )
    act_on_case(session, A, case["id"], "serve_complaint_abroad", at=dt.date(2023, 6, 1))
    ans = _due(case_detail(session, A, case["id"]), "answer_abroad")
    # 30 days from 2023-06-01 end on Saturday 07-01 -> 07-03; the 2021 revision was in force then
    assert (ans["due_date"], ans["article"], ans["length"]) == ("2023-07-03", "第二百七十五条", 30)
    plaintiff = open_case(session, A, {"side": "原告", "cause": "侵害商标权纠纷"}, at=dt.date(2024, 4, 1))
    act_on_case(session, A, plaintiff["id"], "file_suit", at=dt.date(2024, 4, 2))
    act_on_case(session, A, plaintiff["id"], "receive_ruling", at=dt.date(2024, 5, 10))
    appeal = _due(case_detail(session, A, plaintiff["id"]), "appeal_ruling")
    assert (appeal["due_date"], appeal["length"], appeal["article"]) == ("2024-05-20", 10, "第一百七十一条")
    act_on_case(session, A, plaintiff["id"], "appeal", at=dt.date(2024, 5, 15))
    assert _due(case_detail(session, A, plaintiff["id"]), "appeal_ruling")["status"] == "stopped"


def test_enterprises_see_only_their_cases(session: Session) -> None:
    mine = open_case(session, A, {"side": "原告", "cause": "侵害商标权纠纷"})
    theirs = open_case(session, B, {"side": "被告", "cause": "侵害商标权纠纷"})
    assert [c["id"] for c in list_cases(session, A)] == [mine["id"]]
    assert [c["id"] for c in list_cases(session, B)] == [theirs["id"]]
    with pytest.raises(PermissionDenied):
        case_detail(session, B, mine["id"])
    with pytest.raises(PermissionDenied):
        act_on_case(session, B, mine["id"], "file_suit")
    with pytest.raises(PermissionDenied):
        open_case(session, Actor("x", "analyst"), {"side": "原告", "cause": "x"})
    with pytest.raises(InputError):
        open_case(session, A, {"side": "第三人", "cause": "x"})


def test_lawyer_matching(session: Session, settings: Settings, shared_dir: Path, tmp_path: Path) -> None:
    d = tmp_path / "in"
    d.mkdir()
    for f in ("059a8a633e", "5e12dc81cc", "6f8656cb92", "fc2f1fbf8b"):
        shutil.copy(shared_dir / "data" / "judgments" / "texts" / f"{f}.txt", d / f"{f}.txt")
    import_dir(settings, d)
    case = open_case(session, A, {"side": "原告", "cause": "侵害商标权纠纷", "court": "长沙市中级人民法院"})
    matches = case_detail(session, A, case["id"], settings=settings)["lawyer_matches"]
    assert matches[0]["name"] == "鲁悦" and matches[0]["same_court"] == 2 and matches[0]["same_cause"] == 2
