"""The match table XLSX: frozen headers, units row, number formats; values against the cube and
a plain-Python location quotient."""

from __future__ import annotations

from typing import Any

import openpyxl
import pytest


@pytest.fixture(scope="module")
def match(cube_settings: Any, tmp_path_factory: pytest.TempPathFactory) -> Any:
    from ipatlas.reports import build_match_table

    return build_match_table(cube_settings, "500000", 2025, tmp_path_factory.mktemp("m") / "match.xlsx")


def test_layout_of_the_workbook(match: Any) -> None:
    wb = openpyxl.load_workbook(match.path)
    ws = wb["匹配表"]
    assert ws.freeze_panes == "E5"
    assert "产业发展与知识产权等相关资源匹配表" in ws["A1"].value and "演示数据" in ws["A1"].value
    headers = [c.value for c in ws[3]]
    units = [c.value for c in ws[4]]
    col = {h: i for i, h in enumerate(headers)}
    assert units[col["2025年专利申请量"]] == "件"
    assert units[col["申请量年均增长率"]] == "%"
    assert units[col["R&D经费支出"]] == "亿元"  # converted to the catalogue unit
    first = ws[5]
    assert first[col["2025年专利申请量"]].number_format == "#,##0"
    assert first[col["区位熵"]].number_format == "0.00"
    assert first[col["申请量年均增长率"]].number_format == "0.0%"
    assert first[col["耦合协调度D"]].number_format == "0.000"
    assert ws.max_row - 4 == match.summary["rows"] == 38 * 4
    assert "说明" in wb.sheetnames
    assert ws.auto_filter.ref.startswith("A4")


def test_values_equal_the_cube_and_reference_lq(match: Any, cube_settings: Any) -> None:
    from ipatlas.indicators import show

    wb = openpyxl.load_workbook(match.path)
    ws = wb["匹配表"]
    headers = [c.value for c in ws[3]]
    rows = [dict(zip(headers, (c.value for c in r), strict=True)) for r in ws.iter_rows(min_row=5)]
    cell = next(r for r in rows if r["区域代码"] == "500112" and r["技术领域代码"] == "wipo:32")
    cube = {r["id"]: r["value"] for r in show(cube_settings, "500112", 2025, "wipo:32")}
    assert cell["2025年专利申请量"] == cube["pat_app_total"]
    assert cell["有效发明专利"] == cube["pat_valid_invention"]
    # Location quotient recomputed by hand from the table's own three-year counts.
    x = {(r["区域代码"], r["技术领域代码"]): r["2023—2025年专利申请量"] for r in rows}
    total = sum(x.values())
    reg = sum(v for (c, _), v in x.items() if c == "500112")
    ind = sum(v for (_, i), v in x.items() if i == "wipo:32")
    lq = (x[("500112", "wipo:32")] / reg) / (ind / total)
    assert cell["区位熵"] == pytest.approx(lq)
    assert cell["区位熵"] > 1  # 渝北 specialises in transport in the fixture
    # Coordination degree and type are filled from the statistics (all three subsystems present).
    assert 0 <= cell["耦合协调度D"] <= 1
    assert cell["匹配类型"] in ("协调型", "引导型", "需求型")
    assert cell["协调等级"]
