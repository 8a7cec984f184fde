"""The ledger as XLSX and the quarterly briefing as DOCX, opened with openpyxl / python-docx and
checked against counts worked out from the scenario (on SQLite and PostgreSQL)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import docx
import openpyxl
from sqlalchemy.orm import Session, sessionmaker
from supervision_helpers import AS_OF, FIGURES, import_city_and_district, make_user

from ipatlas.config import Settings
from ipatlas.plans import ParsedPlan
from ipatlas.plans import supervision as sv
from ipatlas.plans.supervision.models import ReportCreate
from ipatlas.store import workflow

D = dt.date
TASK_HEADERS = [
    "规划", "编号", "任务名称", "任务内容", "牵头单位", "配合单位", "完成时限", "工作周期", "重点工作",
    "状态", "状态说明", "季报（已报/应报）", "逾期未报", "即将到期", "最近报送", "最近报送日期",
]  # fmt: skip


def _scenario(
    sessions: sessionmaker[Session], seeds: dict[str, ParsedPlan], data_dir: Path
) -> dict[str, int]:
    with sessions() as s, s.begin():
        analyst = make_user(s, "ana", "analyst")
        city, district = import_city_and_district(s, seeds, analyst)
        scj = make_user(s, "qj-scj", "unit", "黔江区市场监管局")
        tasks = {t.number: t for t in sv.list_tasks(s, district.id)}
        a, key = tasks["三.(一).1"], tasks["三.(二).4"]
        for task, period, when in ((a, "2025Q1", D(2025, 4, 8)), (a, "2025Q2", D(2025, 7, 15)),
                                   (key, "2025Q3", D(2025, 10, 3))):  # fmt: skip
            sv.submit_report(
                s, task.id, ReportCreate(kind="quarterly", text=f"{period}进展", period=period),
                actor=scj, data_dir=data_dir, now=dt.datetime.combine(when, dt.time(9)),
            )  # fmt: skip
        sv.sweep_statuses(s, as_of=AS_OF, actor=analyst)
        return {"city": city.id, "district": district.id, "a": a.id}


def test_ledger_xlsx(
    sv_settings: Settings, sessions: sessionmaker[Session], seeds: dict[str, ParsedPlan], tmp_path: Path
) -> None:
    ids = _scenario(sessions, seeds, sv_settings.data_dir)
    figures = sv.StaticFigures(FIGURES, source="统计公报")
    with sessions() as s:
        n_city, n_district = len(sv.list_tasks(s, ids["city"])), len(sv.list_tasks(s, ids["district"]))
        lead = sum(1 for t in seeds["district"].tasks if t.units_normalized[:1] == ["区市场监管局"])
        out = tmp_path / "台账.xlsx"
        res = sv.ledger_xlsx(s, ids["city"], out, as_of=AS_OF, source=figures, include_children=True)
        unit_user = workflow.get_user(s, username="qj-scj")
        own = tmp_path / "本单位.xlsx"
        sv.ledger_xlsx(s, ids["district"], own, as_of=AS_OF, source=figures, actor=unit_user)
        own_tasks = sv.list_tasks(s, actor=unit_user)

    wb = openpyxl.load_workbook(out)
    assert wb.sheetnames[:2] == ["台账", "按单位汇总"] and wb.sheetnames[-1] == "目标进展"
    assert "黔江区市场监管局" in wb.sheetnames and "重庆市知识产权局" in wb.sheetnames
    ws = wb["台账"]
    assert [c.value for c in ws[1]] == TASK_HEADERS and ws.freeze_panes == "A2"
    assert ws.auto_filter.ref and ws.max_row - 1 == n_city + n_district == res["tasks"]
    row = next(r for r in ws.iter_rows(min_row=2, values_only=True) if r[1] == "三.(一).1")
    # Q1 filed, Q2 filed late, Q3 overdue on 15 October, Q4 not yet due.
    assert row[4] == "黔江区市场监管局" and row[9] == "推进中" and row[11] == "2/3"
    assert row[12] == "2025年第三季度季报（2025-10-10截止）" and row[15] == dt.datetime(2025, 7, 15)

    summary = {r[0]: r for r in wb["按单位汇总"].iter_rows(min_row=2, values_only=True)}
    scj_row = summary["黔江区市场监管局"]
    # Each led task owed Q1–Q3 by 15 October; 3 reports were filed (one late), the rest overdue.
    assert scj_row[1] == lead and scj_row[8:12] == (3 * lead, 3, 3 * lead - 3, 0)
    # City tasks 0 and 2 (units from the review): 8 quarters of 2019–2020 each, all overdue, plus
    # the milestone report (即报) of task 0, whose deadline was 2019-06.
    assert summary["重庆市知识产权局"][1] == 2 and summary["重庆市知识产权局"][10] == 8 + 8 + 1
    per_unit = wb["黔江区市场监管局"]
    assert [c.value for c in per_unit[1]] == ["本单位角色", *TASK_HEADERS]
    assert {r[0] for r in per_unit.iter_rows(min_row=2, values_only=True)} == {"牵头"}
    assert per_unit.max_row - 1 == lead

    targets = list(wb["目标进展"].iter_rows(min_row=2, values_only=True))
    by_indicator = {(r[1], r[3]): r for r in targets if r[0]}
    assert by_indicator[("重庆市", "inv_per_10k_pop")][15] == "按进度"
    assert by_indicator[("重庆市", "above_scale_inv_per_100m_revenue")][15] == "滞后"
    assert by_indicator[("黔江区", "inv_per_10k_pop")][15] == "达标"
    assert by_indicator[("黔江区", "tm_per_10k_entities")][15] == "无数据"
    assert by_indicator[("重庆市", "inv_per_10k_pop")][12] == 5.5
    assert wb["目标进展"].cell(row=2, column=15).number_format == "0.0%"

    # A unit account's workbook: its own tasks only, no target sheet.
    mine = openpyxl.load_workbook(own)
    assert mine.sheetnames == ["台账", "按单位汇总", "黔江区市场监管局"]
    numbers = [r[1] for r in mine["台账"].iter_rows(min_row=2, values_only=True)]
    assert numbers == [t.number for t in own_tasks]


def test_briefing_docx(
    sv_settings: Settings, sessions: sessionmaker[Session], seeds: dict[str, ParsedPlan], tmp_path: Path
) -> None:
    ids = _scenario(sessions, seeds, sv_settings.data_dir)
    figures = sv.StaticFigures(FIGURES, source="统计公报")
    out = tmp_path / "通报.docx"
    with sessions() as s:
        res = sv.briefing_docx(
            s, ids["city"], out, quarter=sv.Quarter.parse("2025Q3"), as_of=AS_OF, source=figures
        )
        tasks = sv.list_tasks(s, plan_ids=[ids["city"], ids["district"]])
    with_units = [t for t in tasks if t.units]
    # Overdue on 15 October: district tasks with units owe Q1–Q3 (3 of those reports were filed);
    # the two reviewed city tasks owe the 8 quarters of 2019–2020 and task 0 its milestone report.
    district_with_units = sum(1 for t in seeds["district"].tasks if t.units)
    expected_overdue = 3 * district_with_units - 3 + 8 + 8 + 1
    assert res["overdue"] == expected_overdue
    assert res["quarterly_due"] == district_with_units and res["quarterly_filed"] == 1
    assert res["lagging"] == 1  # the city task whose deadline (2019-06) passed unfinished
    assert len(with_units) == district_with_units + 2

    doc = docx.Document(str(out))
    heads = [p.text for p in doc.paragraphs if p.style.name == "Heading 1"]
    assert heads == [
        "一、总体情况",
        "二、各责任单位任务进展",
        "三、逾期未报及滞后事项",
        "四、目标指标进展",
        "五、下一步工作要求",
    ]
    assert [p.text for p in doc.paragraphs if p.style.name == "Heading 2"] == [
        "（一）逾期未报", "（二）滞后任务", "（一）下级规划目标汇总",
    ]  # fmt: skip
    title = next(p for p in doc.paragraphs if p.style.name == "Title")
    assert "重庆市知识产权“十三五”发展规划" in title.text
    assert "2025年第三季度" in "\n".join(p.text for p in doc.paragraphs[:3])
    assert doc.core_properties.title.endswith("督查通报（2025年第三季度）")
    body = "\n".join(p.text for p in doc.paragraphs)
    assert f"纳入台账的任务共 {len(tasks)} 项" in body
    assert f"逾期未报事项 {expected_overdue} 项" in body

    status_table, units_table, overdue_table, lagging_table = doc.tables[:4]
    assert [c.text for c in status_table.rows[0].cells] == [
        "状态",
        "未启动",
        "推进中",
        "已完成",
        "滞后",
        "调整",
        "合计",
    ]
    counts = [int(c.text) for c in status_table.rows[1].cells[1:]]
    assert counts[-1] == len(tasks) and sum(counts[:-1]) == len(tasks) and counts[3] == 1
    unit_rows = {r.cells[0].text: [c.text for c in r.cells] for r in units_table.rows[1:]}
    lead = sum(1 for t in seeds["district"].tasks if t.units_normalized[:1] == ["区市场监管局"])
    assert unit_rows["黔江区市场监管局"][1] == str(lead)
    assert unit_rows["黔江区市场监管局"][-2:] == [f"3/{3 * lead}", str(3 * lead - 3)]
    assert len(overdue_table.rows) - 1 == expected_overdue
    assert [c.text for c in overdue_table.rows[0].cells][-1] == "逾期天数"
    assert (
        len(lagging_table.rows) == 2 and lagging_table.rows[1].cells[1].text == seeds["city"].tasks[0].number
    )
    # Header rows repeat on every page.
    assert overdue_table.rows[0]._tr.xpath("./w:trPr/w:tblHeader")
    target_rows = [[c.text for c in r.cells] for t in doc.tables[4:] for r in t.rows[1:]]
    assert [
        "黔江区",
        "每万人口发明专利拥有量",
        "3件（2025年）",
        "1（2020年）",
        "3.20（2023年）",
        "2.20",
        "达标",
    ] in target_rows
    assert any(r[1] == "每万户市场主体有效注册商标量" and r[4] == "无数据" for r in target_rows)
    # Page numbers in the footer.
    assert "PAGE" in doc.sections[0].footer._element.xml
