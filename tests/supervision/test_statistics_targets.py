"""End to end: a plan target on a reported statistic (R&D intensity, technology contracts, IP pledge
financing) is tracked from the statistics an office imports, with the catalogue's definition.

A yearbook-style CSV is imported by the real statistics importer (``--profile auto``: the names
of _aliases.yaml), the cube is computed, a plan text is parsed and imported into the ledger, and
``plan_targets_progress`` reads the actual values from the cube."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from sqlalchemy.orm import Session, sessionmaker

from ipatlas.config import Settings
from ipatlas.indicators import compute_cube, load_catalog, show
from ipatlas.ingest import import_file
from ipatlas.plans import parse_plan
from ipatlas.plans import supervision as sv
from ipatlas.plans.supervision.models import PlanCreate

STATS = """地区,年份,地区生产总值（亿元）,R&D经费支出（万元）,技术合同成交额（万元）,\
知识产权质押融资金额（亿元）
黔江区,2020,250,37500,50000,0.5
黔江区,2021,265,45000,80000,0.8
黔江区,2022,280,50400,100000,1.0
黔江区,2023,300,66000,150000,1.2
"""

PLAN = """黔江区知识产权强区建设工作方案（2021—2025年）

一、主要目标
到2025年，全区研究与试验发展经费投入强度达到2.5%，技术合同成交额达到20亿元，知识产权质押融资金额累计达到5亿元。
"""

INDICATORS = ["rd_intensity", "tech_contract_amount", "ip_pledge_amount"]


def test_statistics_targets_are_tracked_with_their_definition(
    settings: Settings, sessions: sessionmaker[Session], tmp_path: Path
) -> None:
    csv = tmp_path / "黔江统计.csv"
    csv.write_text(STATS, "utf-8")
    summary = import_file(settings, "statistics", csv, "auto")
    assert (summary.loaded, summary.quarantined) == (16, 0), summary  # 4 years × 4 variables
    compute_cube(settings, years=range(2019, 2024), industries=[], indicators=INDICATORS)

    shown = {r["id"]: r for r in show(settings, "500114", 2023, ids=INDICATORS)}
    assert shown["rd_intensity"]["value"] == pytest.approx(6.6 / 300 * 100)  # 6.6亿元 ÷ 300亿元
    assert shown["tech_contract_amount"]["value"] == pytest.approx(15.0)  # 150000万元 → 亿元
    assert shown["ip_pledge_amount"]["value"] == pytest.approx(1.2)
    # 2019 was not imported: null with the reason, never 0
    missing = show(settings, "500114", 2019, ids=["tech_contract_amount"])[0]
    assert missing["value"] is None and "技术合同成交额" in missing["reason"]

    text = tmp_path / "plan.txt"
    text.write_text(PLAN, "utf-8")
    parsed = parse_plan(text)
    linked = {t.indicator_id: t for t in parsed.targets}
    assert set(INDICATORS) <= set(linked), [(t.indicator, t.indicator_id) for t in parsed.targets]

    with sessions() as s:
        plan = sv.import_plan(s, PlanCreate(parsed=parsed, tracking_start=dt.date(2021, 1, 1)), actor=None)
        assert plan.region_code == "500114"
        got = {
            p.indicator_id: p for p in sv.plan_targets_progress(s, plan.id, source=sv.CubeFigures(settings))
        }
    cat = load_catalog()
    for iid in INDICATORS:
        p = got[iid]
        assert p.actual_year == 2023
        assert p.definition == cat.definition(cat.get(iid)) and p.indicator_unit == cat.get(iid).unit
    rd = got["rd_intensity"]  # 1.5% (2020) → 2.5% (2025): 2.1 required in 2023, 2.2 reached
    assert (rd.baseline_value, rd.actual_value, rd.required_value) == pytest.approx((1.5, 2.2, 2.1))
    assert rd.status == "按进度"
    # 20亿元 read in 元 is compared in the indicator's 亿元: 15 against the path 5 + (20 − 5)·3/5 = 14
    tc = got["tech_contract_amount"]
    assert (tc.target_value, tc.unit) == (20.0, "亿元") and tc.unit_note and "亿元" in tc.unit_note
    assert (tc.baseline_value, tc.actual_value, tc.required_value) == pytest.approx((5.0, 15.0, 14.0))
    assert tc.status == "按进度"
    # 累计5亿元 of a yearly flow over 2021–2025: 0.8 + 1.0 + 1.2 = 3.0 against 5·3/5 = 3.0
    pledge = got["ip_pledge_amount"]
    assert pledge.kind == "cumulative" and pledge.target_value == pytest.approx(5.0)
    assert (pledge.actual_value, pledge.required_value) == pytest.approx((3.0, 3.0))
    assert pledge.status == "按进度"


def test_rd_expenditure_target_is_tracked_in_yi_yuan(
    settings: Settings, sessions: sessionmaker[Session], tmp_path: Path
) -> None:
    """全社会研发投入 (combination round): the R&D statistic itself, 元 in the plan → 亿元."""
    csv = tmp_path / "黔江统计.csv"
    csv.write_text(STATS, "utf-8")
    import_file(settings, "statistics", csv, "auto")
    compute_cube(settings, years=range(2019, 2024), industries=[], indicators=["rd_expenditure"])
    text = tmp_path / "plan.txt"
    text.write_text(
        "黔江区科技创新方案（2021—2025年）\n\n一、主要目标\n到2025年，全区全社会研发投入达到10亿元。\n",
        "utf-8",
    )
    parsed = parse_plan(text)
    assert [t.indicator_id for t in parsed.targets] == ["rd_expenditure"]
    with sessions() as s:
        plan = sv.import_plan(s, PlanCreate(parsed=parsed, tracking_start=dt.date(2021, 1, 1)), actor=None)
        (p,) = sv.plan_targets_progress(s, plan.id, source=sv.CubeFigures(settings))
    # 3.75亿元 (2020, 37500万元) → 10亿元 (2025): 3.75 + 6.25·3/5 = 7.5 required in 2023, 6.6 reached
    assert (p.target_value, p.unit, p.actual_year) == (10.0, "亿元", 2023)
    assert (p.baseline_value, p.actual_value, p.required_value) == pytest.approx((3.75, 6.6, 7.5))
    assert p.definition == load_catalog().definition(load_catalog().get("rd_expenditure"))
