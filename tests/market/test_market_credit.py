"""Credit events and grading: import (unknown entities kept unlinked), the five-year repeat rule
on its boundaries, as-of grades across rule versions, the serious list with repair and the
public disclosure list, and the ``credit`` CLI."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

import pytest
from market_helpers import CREDIT_HEADER, ENTITY_HEADER, bad_check, code, write_csv
from sqlalchemy.orm import Session

from cli_runner import invoke
from ipatlas.config import Settings
from ipatlas.errors import InputError, PermissionDenied, TransitionNotAllowed
from ipatlas.market import credit
from ipatlas.market.entities import import_entities

D = dt.date


def _entities(session: Session, tmp_path: Path, n: int = 6) -> None:
    rows = [[code(i), f"重庆测试{i}有限公司", "", "重庆市渝北区", "", "", ""] for i in range(1, n + 1)]
    import_entities(session, write_csv(tmp_path / "entities.csv", ENTITY_HEADER, rows))


def _events(
    session: Session, tmp_path: Path, rows: list[list[Any]], name: str = "events.csv"
) -> dict[str, Any]:
    return credit.import_events(session, write_csv(tmp_path / name, CREDIT_HEADER, rows))


def _ev(i: int, etype: str, violation: str, day: str, doc: str) -> list[Any]:
    return [code(i), f"重庆测试{i}有限公司", etype, violation, day, doc, "重庆市市场监督管理局", "10000"]


def _grade(session: Session, i: int, as_of: dt.date) -> dict[str, Any]:
    return credit.credit_show(session, code(i), as_of)


@pytest.mark.parametrize(
    ("first", "second", "repeat"),
    [
        ("2019-03-15", "2024-03-15", True),  # the fifth anniversary is still within five years
        ("2019-03-15", "2024-03-16", False),  # one day later is not
        ("2020-02-29", "2025-02-28", True),  # no 29 February: the month's last day ends the period
        ("2020-02-29", "2025-03-01", False),
        ("2021-05-01", "2021-05-01", True),  # two decisions on one day are two infringements
    ],
)
def test_repeat_infringer_boundaries(
    session: Session, tmp_path: Path, first: str, second: str, repeat: bool
) -> None:
    _entities(session, tmp_path, 1)
    _events(
        session,
        tmp_path,
        [
            _ev(1, "行政处罚", "侵犯注册商标专用权", first, "渝市监处〔1〕1号"),
            _ev(1, "行政处罚", "销售侵犯注册商标专用权的商品", second, "渝市监处〔1〕2号"),
        ],
    )
    later = dt.date.fromisoformat(second)
    got = _grade(session, 1, later)
    assert got["repeat_infringer"] is repeat
    assert got["grade"] == ("D" if repeat else "C")
    if repeat:
        reason = next(r for r in got["reasons"] if r["rule"] == "repeat_infringer")
        assert "第六十条" in reason["basis"] and len(reason["events"]) == 2
        # Before the second decision the entity was no repeat infringer.
        assert _grade(session, 1, later - dt.timedelta(days=1))["repeat_infringer"] is False


def test_repeat_flag_lasts_five_years_and_kinds_do_not_mix(session: Session, tmp_path: Path) -> None:
    _entities(session, tmp_path, 2)
    _events(
        session,
        tmp_path,
        [
            _ev(1, "行政处罚", "商标侵权", "2016-01-10", "a1"),
            _ev(1, "行政裁决侵权成立", "商标侵权", "2018-06-30", "a2"),
            _ev(2, "行政处罚", "商标侵权", "2019-01-10", "b1"),
            _ev(2, "行政裁决侵权成立", "专利侵权纠纷", "2020-01-10", "b2"),
        ],
    )
    assert _grade(session, 1, D(2023, 6, 30))["repeat_infringer"] is True
    assert _grade(session, 1, D(2023, 7, 1))["repeat_infringer"] is False
    assert _grade(session, 2, D(2020, 2, 1))["repeat_infringer"] is False


def test_grades_as_of_across_versions(session: Session, tmp_path: Path) -> None:
    _entities(session, tmp_path, 4)
    _events(
        session,
        tmp_path,
        [
            _ev(1, "非正常专利申请", "非正常专利申请行为", "2021-06-01", "c1"),
            _ev(2, "守信", "守信激励对象", "2022-03-01", "c2"),
            _ev(3, "司法判决侵权", "故意侵权，适用惩罚性赔偿", "2022-05-05", "c3"),
        ],
    )
    first = _grade(session, 1, D(2022, 1, 1))
    assert (first["grade"], first["rule_version"]) == ("C", "ip-credit-2020")
    assert _grade(session, 1, D(2023, 7, 1))["grade"] == "C"  # 2022 rules: three years
    assert _grade(session, 1, D(2024, 5, 31))["grade"] == "C"
    last = _grade(session, 1, D(2024, 6, 1))
    assert last["grade"] == "B" and last["reasons"][0]["rule"] == "default"
    assert _grade(session, 2, D(2023, 1, 1))["grade"] == "A"
    assert _grade(session, 2, D(2022, 2, 28))["grade"] == "B"
    wilful = _grade(session, 3, D(2023, 1, 1))
    assert wilful["grade"] == "D" and wilful["reasons"][0]["rule"] == "wilful"
    assert credit.infringer_disclosure(session, D(2023, 1, 1)) == [
        {"code": code(3), "name": "重庆测试3有限公司", "flags": ["故意侵权"], "grade": "D"}
    ]
    assert credit.infringer_disclosure(session, D(2025, 5, 6)) == []  # three years after 2022-05-05
    assert _grade(session, 4, D(2023, 1, 1))["grade"] == "B"
    with pytest.raises(InputError, match="晚于今天"):
        _grade(session, 4, dt.date.today() + dt.timedelta(days=1))
    with pytest.raises(InputError, match="没有生效"):
        _grade(session, 4, D(2019, 1, 1))
    table = credit.grade_all(session, D(2023, 1, 1)).to_pylist()
    assert {r["code"]: r["grade"] for r in table} == {code(1): "C", code(2): "A", code(3): "D", code(4): "B"}


def test_import_quarantine_unlinked_and_reimport(session: Session, tmp_path: Path) -> None:
    _entities(session, tmp_path, 2)
    future = (dt.date.today() + dt.timedelta(days=3)).isoformat()
    rows = [
        _ev(1, "行政处罚", "商标侵权", "2023-01-01", "d1"),
        _ev(1, "行政处罚", "商标侵权", "2023-01-01", "d1"),  # the same decision twice
        [code(40), "未登记有限公司", "行政处罚", "假冒专利", "2023-02-02", "d2", "某局", "5000"],
        ["", "重庆测试2有限责任公司", "恶意商标申请", "", "2023-03-03", "d3", "", ""],
        ["", "无名氏公司", "失信", "", "2023-03-04", "d4", "", ""],
        [bad_check(code(5)), "坏代码公司", "行政处罚", "", "2023-01-01", "d5", "", ""],
        _ev(1, "罚款", "x", "2023-01-01", "d6"),
        _ev(1, "行政处罚", "x", future, "d7"),
        _ev(1, "行政处罚", "x", "2023-13-01", "d8"),
        [*_ev(1, "行政处罚", "x", "2023-01-09", "d9")[:-1], "-5"],
    ]
    res = _events(session, tmp_path, rows)
    assert (res["read"], res["loaded"], res["duplicates"], res["quarantined"]) == (10, 4, 1, 5)
    assert res["unlinked"] == 2
    unlinked = {e["name"]: e for e in credit.unlinked_events(session)}
    assert set(unlinked) == {"未登记有限公司", "无名氏公司"}
    assert unlinked["未登记有限公司"]["claimed_code"] == code(40)
    # The name-only event was linked through the normalised name.
    assert [e["doc_no"] for e in credit.credit_show(session, code(2))["events"]] == ["d3"]
    again = _events(session, tmp_path, rows)
    assert (again["loaded"], again["duplicates"], again["quarantined"], again["changed"]) == (0, 5, 5, False)
    # The entity registers later: relinking finds it.
    import_entities(
        session,
        write_csv(tmp_path / "late.csv", ENTITY_HEADER, [[code(40), "未登记有限公司", "", "", "", "", ""]]),
    )
    assert credit.relink_events(session) == {"checked": 2, "linked": 1}
    ev_id = unlinked["无名氏公司"]["id"]
    credit.link_event(session, ev_id, code(1), actor="ana")
    assert credit.unlinked_events(session) == []


def test_serious_list_repair_and_disclosure(session: Session, tmp_path: Path) -> None:
    from ipatlas.workflow import deadlines

    _entities(session, tmp_path, 3)
    _events(
        session,
        tmp_path,
        [
            _ev(1, "严重违法失信名单", "拒不履行行政处罚决定", "2022-01-10", "s1"),
            _ev(2, "严重违法失信名单", "提供虚假材料", "2020-01-10", "s2"),
            _ev(3, "严重违法失信名单", "提供虚假材料", "2021-06-01", "s3"),
        ],
    )
    got = _grade(session, 1, D(2022, 6, 1))
    assert got["serious_list"] is True and got["grade"] == "D"
    assert [e["code"] for e in credit.disclosure_list(session, D(2022, 6, 1))] == [code(1), code(3), code(2)]
    # Entity 2's three years ended on 2023-01-10: it drops from the list and from the grade.
    assert [e["code"] for e in credit.disclosure_list(session, D(2023, 1, 10))] == [code(1), code(3)]
    assert _grade(session, 2, D(2023, 1, 9))["serious_list"] is True
    assert _grade(session, 2, D(2023, 1, 10))["serious_list"] is False
    with pytest.raises(InputError, match="满 1 年"):
        credit.apply_repair(session, code(1), applied_on=D(2022, 6, 1), statement="已改正", actor="ent")
    with pytest.raises(InputError, match="不在严重违法失信名单上"):
        credit.apply_repair(session, code(2), applied_on=D(2023, 6, 1), statement="x", actor="ent")
    rep = credit.apply_repair(session, code(1), applied_on=D(2023, 2, 1), statement="已履行", actor="ent")
    assert rep["status"] == "已申请"
    with pytest.raises(InputError, match="待审核"):
        credit.apply_repair(session, code(1), applied_on=D(2023, 2, 2), statement="x", actor="ent")
    with pytest.raises(PermissionDenied):
        credit.review_repair(session, rep["id"], approve=True, on=D(2023, 3, 1), actor="ana", role="analyst")
    done = credit.review_repair(session, rep["id"], approve=True, on=D(2023, 3, 1), actor="boss")
    assert done["status"] == "已移出"
    assert [e["code"] for e in credit.disclosure_list(session, D(2023, 3, 1))] == [code(3)]
    assert _grade(session, 1, D(2023, 2, 28))["serious_list"] is True
    assert _grade(session, 1, D(2023, 3, 1))["serious_list"] is False
    with pytest.raises(TransitionNotAllowed):
        credit.review_repair(session, rep["id"], approve=False, on=D(2023, 3, 2), actor="boss", note="x")
    # The decision clock: 15 working days from the application (Wednesday 1 Feb 2023) → 22 Feb 2023.
    clock = deadlines(session, done["instance_id"])[0]
    assert clock.due.isoformat() == "2023-02-22" and clock.status == "stopped" and clock.state == "missed"
    # A refusal needs its reason and leaves the entity on the list.
    other = credit.apply_repair(session, code(3), applied_on=D(2023, 2, 3), statement="x", actor="ent")
    with pytest.raises(InputError, match="理由"):
        credit.review_repair(session, other["id"], approve=False, on=D(2023, 2, 10), actor="boss")
    refused = credit.review_repair(
        session, other["id"], approve=False, on=D(2023, 2, 10), actor="boss", note="未履行"
    )
    assert refused["status"] == "不予修复"
    assert [e["code"] for e in credit.disclosure_list(session, D(2023, 3, 1))] == [code(3)]


def test_rules_are_validated(tmp_path: Path) -> None:
    import yaml

    rules = credit.load_rules()
    assert [v["id"] for v in rules["versions"]] == ["ip-credit-2020", "ip-credit-2022"]
    broken = json.loads(json.dumps(rules, default=str))
    broken["versions"][1]["rules"][3]["events"] = ["不存在的类型"]
    p = tmp_path / "r.yaml"
    p.write_text(yaml.safe_dump(broken, allow_unicode=True), "utf-8")
    with pytest.raises(InputError, match="未定义的事件类型"):
        credit.load_rules(str(p))


def test_cli(cli_env: Settings, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    rows = [[code(1), "重庆测试1有限公司", "", "", "", "", ""]]
    invoke(capsys, "entities", "import", str(write_csv(tmp_path / "e.csv", ENTITY_HEADER, rows)), "--json")
    f = write_csv(
        tmp_path / "c.csv",
        CREDIT_HEADER,
        [
            _ev(1, "行政处罚", "商标侵权", "2023-01-01", "x1"),
            _ev(1, "行政处罚", "商标侵权", "2024-01-01", "x2"),
        ],
    )
    rc, out, _ = invoke(capsys, "credit", "import", str(f), "--json")
    assert rc == 0 and json.loads(out)["loaded"] == 2
    rc, out, _ = invoke(capsys, "credit", "show", code(1), "--as-of", "2024-06-01", "--json")
    data = json.loads(out)
    assert rc == 0 and {"code", "name", "grade", "repeat_infringer", "serious_list", "reasons"} <= set(data)
    assert (data["grade"], data["repeat_infringer"]) == ("D", True)
    rc, out, _ = invoke(capsys, "credit", "show", code(1), "--as-of", "2023-06-01", "--json")
    assert json.loads(out)["grade"] == "C"
    rc, out, err = invoke(capsys, "credit", "show", code(1), "--as-of", "June", "--json")
    assert rc == 1 and "YYYY-MM-DD" in err
    rc, out, err = invoke(capsys, "credit", "repair", code(1), "--statement", "x", "--json")
    assert rc == 1 and "不在严重违法失信名单上" in err


def test_events_from_protection_decisions(session: Session, tmp_path: Path) -> None:
    """Records shaped like ``ipatlas.protection.publication.public_decisions``."""
    _entities(session, tmp_path, 2)
    ent1 = {"name": "重庆测试1有限公司", "type": "enterprise", "uscc": code(1)}
    tm = {"kind_label": "投诉", "ip_type": "trademark", "ip_type_label": "商标", "respondent": ent1}
    decisions = [
        {**tm, "case_number": "渝知保〔2024〕1号", "decided_on": "2024-03-01", "outcome": "penalty",
         "penalty_amount": 30000.0, "basis": "商标法第六十条"},
        {**tm, "case_number": "渝知保〔2025〕7号", "decided_on": "2025-02-01", "outcome": "adjudicated",
         "penalty_amount": None, "basis": None},
        {"case_number": "渝知保〔2025〕8号", "ip_type": "patent", "decided_on": "2025-02-02",
         "respondent": {"name": "张*", "type": "individual"}, "outcome": "dismissed"},
        {"case_number": "渝知保〔2025〕9号", "ip_type": "patent", "ip_type_label": "专利",
         "respondent": {"name": "重庆测试2有限责任公司", "type": "enterprise"},
         "decided_on": "2025-02-03", "outcome": "penalty", "penalty_amount": 1000.0},
    ]  # fmt: skip
    rows = credit.events_from_decisions(decisions)
    assert [r["event_type"] for r in rows] == ["行政处罚", "行政裁决侵权成立", "行政处罚"]
    first = credit.store_decision_events(session, rows)
    assert (first["loaded"], first["unlinked"]) == (3, 0)
    assert credit.store_decision_events(session, rows)["duplicates"] == 3
    got = _grade(session, 1, D(2025, 6, 1))
    assert got["repeat_infringer"] is True and got["grade"] == "D"
    assert [e["doc_no"] for e in credit.credit_show(session, code(2), D(2025, 6, 1))["events"]] == [
        "渝知保〔2025〕9号"
    ]
