"""Service agencies: import (quarantine, idempotent), complaints, grades with reasons and the
public directory, and the ``agencies`` CLI."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest
from market_helpers import CREDIT_HEADER, ENTITY_HEADER, bad_check, code, write_csv
from sqlalchemy.orm import Session

from cli_runner import invoke
from ipatlas.config import Settings
from ipatlas.errors import InputError, NotFoundError
from ipatlas.market import agencies
from ipatlas.market.credit import import_events
from ipatlas.market.entities import import_entities

HEADER = ["统一社会信用代码", "名称", "注册地址", "代理师人数", "业务领域"]


def _file(tmp_path: Path) -> Path:
    rows = [
        [code(201), "重庆甲专利代理事务所", "重庆市渝中区解放碑", "12", "专利；商标"],
        [code(202), "重庆乙知识产权代理有限公司", "重庆市江北区", "5", "商标"],
        [bad_check(code(203)), "坏代码所", "", "1", ""],
        [code(204), "人数错误所", "", "十", ""],
        [code(201), "重庆甲专利代理事务所", "重庆市渝中区解放碑", "12", "专利；商标"],
    ]
    return write_csv(tmp_path / "agencies.csv", HEADER, rows)


def test_import_complaints_grades(session: Session, tmp_path: Path) -> None:
    f = _file(tmp_path)
    res = agencies.import_agencies(session, f)
    assert (res["read"], res["loaded"], res["duplicates"], res["quarantined"]) == (5, 2, 0, 3)
    again = agencies.import_agencies(session, f)
    assert (again["loaded"], again["duplicates"], again["quarantined"], again["changed"]) == (0, 2, 3, False)
    day = dt.date.today()
    ids = [
        agencies.add_complaint(
            session, code(201), received_on=day - dt.timedelta(days=d), summary="未尽代理义务", actor="a"
        )["id"]
        for d in (10, 20, 30, 40)
    ]
    assert agencies.agency_grade(session, code(201))["grade"] == "B"
    agencies.decide_complaint(session, ids[0], "查实", actor="a")
    g = agencies.agency_grade(session, code(201))
    assert (g["grade"], g["complaints_substantiated"]) == ("C", 1)
    agencies.decide_complaint(session, ids[1], "查实", actor="a")
    agencies.decide_complaint(session, ids[2], "查实", actor="a")
    agencies.decide_complaint(session, ids[3], "不成立", actor="a")
    assert agencies.agency_grade(session, code(201))["grade"] == "D"
    with pytest.raises(InputError, match="已处理"):
        agencies.decide_complaint(session, ids[0], "不成立", actor="a")
    with pytest.raises(NotFoundError):
        agencies.add_complaint(session, code(299), received_on=day, summary="x", actor="a")
    with pytest.raises(InputError, match="晚于今天"):
        agencies.add_complaint(
            session, code(202), received_on=day + dt.timedelta(days=1), summary="x", actor="a"
        )
    # An agency that is also a registered entity takes the stricter of the two grades.
    import_entities(
        session,
        write_csv(
            tmp_path / "e.csv", ENTITY_HEADER, [[code(202), "重庆乙知识产权代理有限公司", "", "", "", "", ""]]
        ),
    )
    import_events(
        session,
        write_csv(
            tmp_path / "c.csv",
            CREDIT_HEADER,
            [[code(202), "x", "失信", "承诺不实", (day - dt.timedelta(days=5)).isoformat(), "z1", "", ""]],
        ),
    )
    assert agencies.agency_grade(session, code(202))["grade"] == "C"
    directory = {a["code"]: a for a in agencies.agency_directory(session)}
    assert directory[code(201)]["grade"] == "D" and directory[code(201)]["adcode"] == "500103"
    assert directory[code(202)]["specialties"] == ["商标"] and "complainant" not in directory[code(202)]


def test_cli(cli_env: Settings, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    rc, out, _ = invoke(capsys, "agencies", "import", str(_file(tmp_path)), "--json")
    assert rc == 0 and json.loads(out)["loaded"] == 2
    rc, out, _ = invoke(capsys, "agencies", "complaint", code(202), "--summary", "收费不透明", "--json")
    cid = json.loads(out)["id"]
    rc, out, _ = invoke(capsys, "agencies", "decide", str(cid), "--status", "查实", "--json")
    assert rc == 0 and json.loads(out)["status"] == "查实"
    rc, out, _ = invoke(capsys, "agencies", "directory", "--json")
    assert {a["code"]: a["grade"] for a in json.loads(out)} == {code(201): "B", code(202): "C"}
    rc, out, err = invoke(capsys, "agencies", "decide", str(cid), "--status", "maybe", "--json")
    assert rc == 1 and "查实" in err
