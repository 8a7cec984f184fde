"""产业发展与知识产权等相关资源匹配表 (match table) as XLSX: region × industry with IP, innovation and
industry measures, LQ, coupling coordination degree and 匹配 type.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from ipatlas import DEMO_LABEL
from ipatlas.reports.matrix import LQ_WINDOW, STAT_NAMES, Matrix
from ipatlas.reports.xlsx import (
    FORMAT_DEC2,
    FORMAT_DEC3,
    FORMAT_INT,
    FORMAT_PCT,
    FORMAT_TEXT,
    XColumn,
    save,
    write_notes,
    write_sheet,
)

CUBE = "ipatlas 指标立方体"
STATS = "统计年鉴数据（ipatlas 资源库 statistics 表）"
EVAL = "ipatlas.evaluate"


def _region_columns() -> list[XColumn]:
    return [
        XColumn("region", "区域代码", "", FORMAT_TEXT, 10, "行政区划代码（GB/T 2260）", "ipatlas.regions"),
        XColumn("region_name", "区域", "", FORMAT_TEXT, 14, "区县名称", "ipatlas.regions"),
        XColumn(
            "industry", "技术领域代码", "", FORMAT_TEXT, 11, "WIPO 35个技术领域", "WIPO IPC—技术领域对照表"
        ),
        XColumn("industry_name", "技术领域", "", FORMAT_TEXT, 18, "", "WIPO IPC—技术领域对照表"),
    ]


def _cube_columns(y: int, w0: int) -> list[XColumn]:
    """The catalogue's figures of each region × field (the cube)."""
    return [
        XColumn(
            "applications",
            f"{y}年专利申请量",
            "件",
            FORMAT_INT,
            12,
            "pat_app_total（按主IPC归属技术领域）",
            CUBE,
        ),
        XColumn(
            "apps_window",
            f"{w0}—{y}年专利申请量",
            "件",
            FORMAT_INT,
            13,
            "近三年专利申请量合计，区位熵的计算基础",
            CUBE,
        ),
        XColumn(
            "valid_inventions", "有效发明专利", "件", FORMAT_INT, 12, f"pat_valid_invention，{y}年末", CUBE
        ),
        XColumn(
            "growth",
            "申请量年均增长率",
            "%",
            FORMAT_PCT,
            12,
            f"{y - LQ_WINDOW}—{y}年专利申请量复合增长率；基年少于5件不计算",
            CUBE,
        ),
        XColumn(
            "lq",
            "区位熵",
            "—",
            FORMAT_DEC2,
            9,
            f"(x_ij/Σ_j x_ij)/(Σ_i x_ij/Σ_ij x_ij)，x为{w0}—{y}年专利申请量；>1表示相对专业化",
            EVAL,
        ),
    ]


def _stat_columns(m: Matrix) -> list[XColumn]:
    """Regional statistics (not split by field), for the match of the subsystems."""

    def stat(v: str) -> XColumn:
        unit = m.stat_units.get(v, "")
        fmt = FORMAT_INT if unit in ("人", "户", "个") else FORMAT_DEC2
        return XColumn(
            v, STAT_NAMES[v], unit, fmt, 14, f"{m.year}年{STAT_NAMES[v]}（地区层面，未按技术领域分列）", STATS
        )

    return [
        stat(v) for v in ("rd_expenditure", "rd_personnel", "gdp", "above_scale_revenue", "market_entities")
    ]


def _evaluation_columns() -> list[XColumn]:
    """The 布局 assessment's results (subsystem indices, coupling, coordination, match, score)."""
    return [
        XColumn(
            "ip_index",
            "知识产权子系统指数",
            "0—1",
            FORMAT_DEC3,
            12,
            "专利申请量、有效发明专利、区位熵，极差标准化后熵权加权",
            EVAL,
        ),
        XColumn("innovation_index", "创新子系统指数", "0—1", FORMAT_DEC3, 12, "R&D经费、R&D人员", EVAL),
        XColumn(
            "industry_index",
            "产业子系统指数",
            "0—1",
            FORMAT_DEC3,
            12,
            "GDP、规上工业营业收入、市场主体户数",
            EVAL,
        ),
        XColumn("coupling", "耦合度C", "0—1", FORMAT_DEC3, 10, "王淑佳等（2021）修正耦合度模型", EVAL),
        XColumn("coordination", "耦合协调度D", "0—1", FORMAT_DEC3, 11, "D=√(C·T)", EVAL),
        XColumn("band", "协调等级", "", FORMAT_TEXT, 10, "十级划分（极度失调……优质协调），步长0.1", EVAL),
        XColumn(
            "match_type",
            "匹配类型",
            "",
            FORMAT_TEXT,
            10,
            "相对发展度E=U_ip/均值(U_创新,U_产业)：0.8≤E≤1.2协调型，E>1.2引导型，E<0.8需求型",
            EVAL,
        ),
        XColumn(
            "score",
            "综合评价得分百分位",
            "0—100",
            FORMAT_DEC2,
            12,
            "知识产权区域布局综合指数在各区县中的百分位",
            EVAL,
        ),
    ]


def match_columns(m: Matrix) -> list[XColumn]:
    y = m.year
    return [
        *_region_columns(),
        *_cube_columns(y, y - LQ_WINDOW + 1),
        *_stat_columns(m),
        *_evaluation_columns(),
    ]


def match_rows(m: Matrix) -> list[dict[str, Any]]:
    return [
        {
            "region": c.region,
            "region_name": c.region_name,
            "industry": c.industry,
            "industry_name": c.industry_name,
            **c.metrics,
        }
        for c in m.cells
    ]


def write_match_table(m: Matrix, out: Path) -> Path:
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    ws.title = "匹配表"
    cols = match_columns(m)
    sub = f"{m.scope.name}各区县 × WIPO技术领域；数据年份{m.year}年；生成：ipatlas"
    if m.is_demo:
        sub += f"；{DEMO_LABEL}"
    write_sheet(
        ws,
        f"{m.scope.name}产业发展与知识产权等相关资源匹配表（{m.year}年）",
        cols,
        match_rows(m),
        key_columns=4,
        is_demo=m.is_demo,
        subtitle=sub,
    )
    notes = wb.create_sheet("说明")
    extra = [("数据说明", n) for n in m.notes]
    extra += [
        (
            "创新与产业子系统",
            "统计数据未按技术领域分列，创新、产业子系统为地区层面指标，同一区县各技术领域相同。",
        ),
        ("计算输入", "；".join(f"{k}={v}" for k, v in m.inputs.items())),
    ]
    if m.is_demo:
        extra.append((DEMO_LABEL, "本表数据为系统生成的演示数据，不代表任何地区的真实情况。"))
    write_notes(notes, "字段说明与数据来源", cols, extra)
    return save(wb, out)
