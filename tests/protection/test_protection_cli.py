"""``ipatlas cases …`` with the JSON shapes of the issue; domain errors exit non-zero with one line."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from protection_helpers import intake

from cli_runner import invoke
from ipatlas.config import Settings


def test_cases_cli(
    settings: Settings, tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("IPATLAS_DATA_DIR", str(settings.data_dir))
    f = tmp_path / "in.json"
    f.write_text(json.dumps([intake(), intake(kind="nope")], ensure_ascii=False), encoding="utf-8")
    code, out, _ = invoke(capsys, "cases", "intake", str(f), "--json")
    assert code == 0
    res = json.loads(out)
    assert set(res) >= {"read", "created", "quarantined"} and res["read"] == 2
    assert res["quarantined"] == [{"row": 2, "field": "kind", "reason": res["quarantined"][0]["reason"]}]
    case = res["created"][0]
    assert {"id", "number", "kind", "status", "region", "duplicate_of", "deadlines"} <= set(case)
    assert {"rule", "due", "unit", "basis"} <= set(case["deadlines"][0])
    cid = str(case["id"])
    code, out, err = invoke(capsys, "cases", "act", cid, "penalize", "--at", "2026-03-03 10:00", "--json")
    assert (
        code == 5
        and json.loads(out)["state"] == "registered"
        and "“作出处罚决定”" in err  # the action's name, not its code
        and len(err.strip().splitlines()) == 1
    )
    code, out, _ = invoke(capsys, "cases", "act", cid, "accept", "--at", "2026-03-03 10:00", "--json")
    assert code == 0 and json.loads(out)["case"]["status"] == "accepted"
    code, out, _ = invoke(
        capsys, "cases", "act", cid, "file", "--at", "2026-03-04", "--set", "assignee=han", "--json"
    )
    assert code == 0 and json.loads(out)["documents"][0]["kind"] == "立案审批表"
    code, out, err = invoke(capsys, "cases", "act", cid, "investigate", "--at", "2026-03-01", "--json")
    assert code == 1 and "早于" in err
    code, out, _ = invoke(capsys, "cases", "show", cid, "--json")
    shown = json.loads(out)
    assert shown["complainant"]["phone"] == "138****1234" and shown["status"] == "filed"
    code, out, _ = invoke(capsys, "cases", "list", "--overdue", "--as-of", "2026-12-31", "--json")
    assert [c["id"] for c in json.loads(out)["cases"]] == [case["id"]]
    code, out, _ = invoke(
        capsys, "cases", "stats", "--year", "2026", "--xlsx", str(tmp_path / "m.xlsx"), "--json"
    )
    st = json.loads(out)
    assert {
        "received",
        "accepted",
        "closed",
        "closed_on_time",
        "overdue",
        "on_time_rate",
        "avg_workdays_to_close",
    } <= set(st)
    assert (st["received"], st["accepted"], st["closed"]) == (1, 1, 0) and (tmp_path / "m.xlsx").exists()
    code, out, _ = invoke(capsys, "cases", "sweep", "--as-of", "2026-12-31", "--json")
    assert code == 0 and json.loads(out)["overdue"] == 1
    code, out, _ = invoke(capsys, "cases", "rules", "--json")
    assert any(r["rule"] == "acceptance" and r["version"] == 2 for r in json.loads(out)["rules"])
    code, out, _ = invoke(capsys, "cases", "show", "999", "--json")
    assert code == 2 and json.loads(out)["error"] == "NotFoundError"
    code, out, err = invoke(capsys, "cases", "act", cid, "investigate", "--by", "ghost", "--json")
    assert code == 2 and "ghost" in err


def test_mediators_cli(
    settings: Settings, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("IPATLAS_DATA_DIR", str(settings.data_dir))
    args = ["cases", "mediators", "--add", "重庆知识产权调解中心", "--type", "professional"]
    code, out, _ = invoke(capsys, *args, "--specialty", "专利", "--mediator", "赵六", "--json")
    org = json.loads(out)["organisations"][0]
    assert code == 0 and org["org_type_label"] == "专业调解" and org["mediators"] == [{"name": "赵六"}]
    code, out, err = invoke(capsys, "cases", "mediators", "--add", "x", "--type", "court", "--json")
    assert code == 1 and "court" in err
