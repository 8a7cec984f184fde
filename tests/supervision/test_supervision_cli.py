"""``ipatlas plans import/list/show/tasks/edit/submit/due/sweep/units/accounts/report`` on SQLite
and PostgreSQL: JSON output, Chinese tables, one-line errors with their exit codes."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import docx
import openpyxl
import pytest
from supervision_helpers import make_user

from cli_runner import invoke
from ipatlas.config import Settings
from ipatlas.store import workflow


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, Any, str]:
    code, out, err = invoke(capsys, *args)
    try:
        data = json.loads(out) if "--json" in args else out
    except json.JSONDecodeError:
        data = out
    return code, data, err


def test_cli_workflow(
    sv_settings: Settings,
    shared_dir: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    monkeypatch.setenv("IPATLAS_DATA_DIR", str(sv_settings.data_dir))
    monkeypatch.setenv("COLUMNS", "200")
    if sv_settings.database_url:
        monkeypatch.setenv("IPATLAS_DATABASE_URL", sv_settings.database_url)
    seeds = shared_dir / "seeds"

    code, city, err = run(
        capsys, "plans", "import", str(seeds / "000_0a5f83c4f7ea3fda.txt"), "--start", "2019-01-01",
        "--due-days", "15", "--remind-days", "5", "--json",
    )  # fmt: skip
    assert code == 0, err
    assert (city["region_code"], city["task_count"], city["target_count"]) == ("500000", 37, 5)
    assert city["tracking_start"] == "2019-01-01"
    assert (city["quarterly_due_days"], city["reminder_days"]) == (15, 5)
    # A corrected parse as JSON (what `plans parse --json` prints), hung under the city plan.
    code, parsed, err = run(capsys, "plans", "parse", str(seeds / "002_e28b6c53a957f5e4.txt"), "--json")
    parsed["tasks"][0]["deadline"] = "2025-06"
    path = tmp_path / "黔江.json"
    path.write_text(json.dumps(parsed, ensure_ascii=False), "utf-8")
    code, district, err = run(
        capsys,
        "plans",
        "import",
        str(path),
        "--parent",
        str(city["id"]),
        "--start",
        "2025-01-01",
        "--key",
        "三.(二).4",
        "--json",
    )
    assert code == 0, err
    assert (district["parent_id"], district["region_name"], district["task_count"]) == (
        city["id"],
        "黔江区",
        18,
    )
    code, out, err = run(capsys, "plans", "import", str(path))
    assert code == 1 and "已在台账中" in err and "Traceback" not in err + out

    code, plans, _ = run(capsys, "plans", "list", "--json")
    assert [p["id"] for p in plans] == [city["id"], district["id"]]
    code, text, _ = run(capsys, "plans", "list")
    assert "督查台账（2 个规划）" in text and "黔江区" in text

    with workflow.workflow_session(sv_settings) as s:
        make_user(s, "qj-scj", "unit", "黔江区市场监管局")
        make_user(s, "qj-court", "unit", "黔江区法院")
    code, tasks, _ = run(capsys, "plans", "tasks", str(district["id"]), "--as", "qj-court", "--json")
    assert [t["number"] for t in tasks] == ["三.(二).3", "三.(二).5"]
    code, tasks, _ = run(
        capsys, "plans", "tasks", str(district["id"]), "--unit", "黔江区市场监管局", "--json"
    )
    first = tasks[0]
    assert first["number"] == "三.(一).1" and first["deadline"] == "2025-06"
    # A unit account cannot ask for another unit's tasks: exit code 3, one line.
    code, out, err = run(
        capsys, "plans", "tasks", str(district["id"]), "--as", "qj-court", "--unit", "黔江区市场监管局"
    )
    assert code == 3 and "只能查看本单位" in err and "Traceback" not in err

    attachment = tmp_path / "进展说明.txt"
    attachment.write_text("二季度工作进展", "utf-8")
    code, report, err = run(
        capsys,
        "plans",
        "submit",
        str(first["id"]),
        "--kind",
        "quarterly",
        "--text",
        "完成政策梳理",
        "--period",
        "2025Q2",
        "--figure",
        "出台文件=2件",
        "--attach",
        str(attachment),
        "--as",
        "qj-scj",
        "--json",
    )
    assert code == 0, err
    assert (report["unit"], report["period"], report["figures"]) == (
        "黔江区市场监管局",
        "2025Q2",
        [{"name": "出台文件", "value": 2.0, "unit": "件"}],
    )
    stored = sv_settings.data_dir / "plans" / "attachments" / str(first["id"]) / str(report["id"])
    assert [p.read_text("utf-8") for p in stored.iterdir()] == ["二季度工作进展"]
    code, _, err = run(
        capsys,
        "plans",
        "submit",
        str(first["id"]),
        "--kind",
        "quarterly",
        "--text",
        "冒报",
        "--as",
        "qj-court",
    )
    assert code == 3 and "不属于本单位" in err
    code, _, err = run(capsys, "plans", "submit", str(first["id"]), "--kind", "weekly", "--text", "x")
    assert code == 1 and "kind" in err

    code, due, _ = run(capsys, "plans", "due", "--as", "qj-scj", "--as-of", "2025-07-05", "--json")
    states = {(i["task_number"], i["kind"], i["period"]): i["state"] for i in due}
    assert states[("三.(一).1", "quarterly", "2025Q1")] == "overdue"
    # Q2 is due on 10 July (the report above was filed later, today); the milestone of the
    # 2025-06 deadline is due on 5 July: both inside the 7-day reminder window.
    assert states[("三.(一).1", "quarterly", "2025Q2")] == "due_soon"
    assert states[("三.(一).1", "immediate", None)] == "due_soon"
    code, due, _ = run(capsys, "plans", "due", "--as", "qj-scj", "--as-of", "2025-07-11", "--json")
    states = {(i["task_number"], i["kind"], i["period"]): i["state"] for i in due}
    assert (
        states[("三.(一).1", "immediate", None)] == "overdue"
        and ("三.(一).1", "quarterly", "2025Q2") in states
    )
    code, changed, _ = run(capsys, "plans", "sweep", "--as-of", "2025-07-01", "--json")
    assert [t["number"] for t in changed] == ["三.(一).1"]

    code, edited, err = run(
        capsys,
        "plans",
        "edit",
        str(first["id"]),
        "--units",
        "工商局、区财政局",
        "--status",
        "调整",
        "--note",
        "时限延至年底",
        "--deadline",
        "2025-12",
        "--json",
    )
    assert code == 0, err
    assert (edited["status"], edited["deadline"]) == ("调整", "2025-12")
    assert [u["unit_key"] for u in edited["units"]] == ["黔江区市场监管局", "黔江区财政局"]

    code, units, _ = run(capsys, "plans", "units", "--plan", str(district["id"]), "--json")
    assert {u["unit_key"]: u["accounts"] for u in units}["黔江区法院"] == ["qj-court"]
    code, created, err = run(capsys, "plans", "accounts", str(district["id"]), "--unit", "黔江海关", "--json")
    assert code == 0, err
    assert [c["unit"] for c in created] == ["黔江海关"] and created[0]["password"]

    code, show, _ = run(capsys, "plans", "show", str(city["id"]), "--as-of", "2025-10-15", "--json")
    assert [c["plan"]["id"] for c in show["rollup"]["children"]] == [district["id"]]
    assert {t["status"] for t in show["rollup"]["own"]} == {"无数据"}  # no cube, no figures
    code, text, _ = run(capsys, "plans", "show", str(city["id"]), "--as-of", "2025-10-15")
    assert "目标进展" in text and "下级规划" in text

    xlsx = tmp_path / "out" / "台账.xlsx"
    code, res, err = run(
        capsys,
        "plans",
        "report",
        str(city["id"]),
        "--format",
        "xlsx",
        "--out",
        str(xlsx),
        "--children",
        "--as-of",
        "2025-10-15",
        "--json",
    )
    assert code == 0, err
    assert res["tasks"] == 37 + 18 and openpyxl.load_workbook(xlsx)["台账"].max_row == 1 + 37 + 18
    out_docx = tmp_path / "通报.docx"
    code, res, err = run(
        capsys,
        "plans",
        "report",
        str(city["id"]),
        "--format",
        "docx",
        "--out",
        str(out_docx),
        "--quarter",
        "2025Q3",
        "--as-of",
        "2025-10-15",
        "--json",
    )
    assert code == 0, err
    assert res["quarter"] == "2025Q3"
    assert (
        docx.Document(str(out_docx)).paragraphs[0].text.startswith("关于《重庆市知识产权“十三五”发展规划》")
    )
    code, _, err = run(capsys, "plans", "report", str(city["id"]), "--format", "pdf", "--out", str(out_docx))
    assert code == 1 and "xlsx 或 docx" in err
    code, _, err = run(capsys, "plans", "show", "999")
    assert code == 2 and "规划不存在" in err
