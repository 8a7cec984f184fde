"""Target tracking: trajectories and statuses against hand-worked values, and actual values from
the real indicator cube computed over a tiny hand-made lake (census population as denominator)."""

from __future__ import annotations

import csv
import datetime as dt
from pathlib import Path

import pytest
from supervision_helpers import invention, write_patents

from ipatlas.config import Settings
from ipatlas.errors import InputError
from ipatlas.plans import supervision as sv
from ipatlas.plans.supervision.models import PlanPublic, TargetPublic
from ipatlas.plans.supervision.targets import Figure, FigureSeries

NOW = dt.datetime(2026, 1, 1)


def plan(start: int | None = 2021, end: int = 2025, region: str | None = "500114") -> PlanPublic:
    return PlanPublic(
        id=1, title="测试方案", doc_number=None, kind=None, level="区", region_code=region,
        region_name="黔江区", jurisdiction="区", period_start=start, period_end=end, issuers=[],
        issued_on=None, parent_id=None, tracking_start=dt.date(2025, 1, 1), quarterly_due_days=10,
        reminder_days=7, immediate_due_days=5, source_name=None, created_at=NOW, created_by=None,
        updated_at=NOW,
    )  # fmt: skip


def target(kind: str, value: float | None, year: int | None = 2025, **kw: object) -> TargetPublic:
    base: dict[str, object] = dict(
        id=7, plan_id=1, position=0, indicator="每万人口发明专利拥有量", indicator_id="inv_per_10k_pop",
        value=value, unit="件", year=year, kind=kind, nature=None, comparator="=", baseline_year=None,
        baseline_value=None, baseline_unit=None, baseline_text=None, value_text=str(value), section=None,
        text="",
    )  # fmt: skip
    return TargetPublic.model_validate({**base, **kw})


def series(values: dict[int, float]) -> FigureSeries:
    return FigureSeries([Figure(y, v) for y, v in sorted(values.items())], "测试")


def test_level_linear_trajectory() -> None:
    # from 1.0 (2020) to 3.0 (2025): 1.8 required in 2022
    p = sv.evaluate_target(target("level", 3), plan(), series({2020: 1.0, 2022: 2.0}))
    assert (p.baseline_year, p.baseline_value, p.required_value) == (2020, 1.0, pytest.approx(1.8))
    assert (p.status, p.method, p.progress) == ("按进度", "线性", pytest.approx(0.5))
    assert [t.year for t in p.trajectory] == list(range(2020, 2026))
    assert [t.required for t in p.trajectory] == pytest.approx([1.0, 1.4, 1.8, 2.2, 2.6, 3.0])
    assert [t.actual for t in p.trajectory] == [1.0, None, 2.0, None, None, None]
    assert sv.evaluate_target(target("level", 3), plan(), series({2020: 1.0, 2022: 1.7})).status == "滞后"
    reached = sv.evaluate_target(target("level", 3), plan(), series({2020: 1.0, 2022: 3.1}))
    assert reached.status == "达标" and "已达到目标" in reached.reason
    # The target year has passed without reaching it: behind, whatever the path.
    late = sv.evaluate_target(target("level", 3), plan(), series({2020: 1.0, 2025: 2.9, 2026: 3.5}))
    assert (late.actual_year, late.status) == (2025, "滞后")


def test_growth_rate_is_compound() -> None:
    # 年均增长20% from 100 (2020): 100·1.2² = 144 required in 2022, final 100·1.2⁵ = 248.832
    t = target("growth_rate", 20, indicator="PCT国际专利申请量", indicator_id="pct_app", unit="%")
    p = sv.evaluate_target(t, plan(), series({2020: 100.0, 2022: 150.0}))
    assert p.final_value == pytest.approx(248.832)
    assert p.required_value == pytest.approx(144.0)
    assert p.status == "按进度" and p.method == "复合增长"
    assert p.realised_rate == pytest.approx((1.5**0.5 - 1) * 100)
    assert sv.evaluate_target(t, plan(), series({2020: 100.0, 2022: 140.0})).status == "滞后"


def test_multiple_and_growth_use_the_baseline_of_the_text_or_the_figures() -> None:
    # 翻一番 on the plan's own baseline (text): F = 2·50 = 100; 2023: 50·2^(3/5) = 75.79
    t = target("multiple", 2, baseline_year=2020, baseline_value=50.0)
    p = sv.evaluate_target(t, plan(), series({2023: 80.0}))
    assert (p.baseline_source, p.final_value) == ("规划文本", 100.0)
    assert p.required_value == pytest.approx(50 * 2 ** (3 / 5)) and p.status == "按进度"
    # 比2020年增长50%, baseline from the figures: F = 1.5·40 = 60
    g = sv.evaluate_target(target("growth", 50), plan(), series({2020: 40.0, 2024: 55.0}))
    assert (g.baseline_source, g.final_value) == ("测试", pytest.approx(60.0))
    assert g.required_value == pytest.approx(40 * 1.5 ** (4 / 5))
    # No baseline anywhere: the relative target cannot be turned into a level.
    nb = sv.evaluate_target(target("multiple", 2), plan(), series({2023: 80.0}))
    assert nb.status == "无数据" and "基期" in nb.reason


def test_cumulative_flow_and_stock() -> None:
    t = target("cumulative", 2500, year=2020, indicator_id="pct_app")
    p = sv.evaluate_target(t, plan(2016, 2020), series({2016: 400, 2017: 450, 2018: 500}), flow=True)
    assert (p.actual_value, p.required_value) == (1350, pytest.approx(1500)) and p.status == "滞后"
    gap = sv.evaluate_target(t, plan(2016, 2020), series({2016: 400, 2018: 500}), flow=True)
    assert gap.status == "无数据" and "2017" in gap.reason
    # 累计 of a stock (e.g. GI products counted cumulatively) is a level.
    stock = sv.evaluate_target(t, plan(2016, 2020), series({2015: 2000, 2018: 2600}), flow=False)
    assert (stock.actual_value, stock.status) == (2600, "达标")


def test_ceiling_targets_are_judged_downwards() -> None:
    t = target("share", 5, comparator="<=", indicator_id="x", unit="%")
    assert sv.evaluate_target(t, plan(), series({2020: 9.0, 2023: 6.0})).status == "按进度"  # path 6.6
    assert sv.evaluate_target(t, plan(), series({2020: 9.0, 2023: 7.0})).status == "滞后"
    assert sv.evaluate_target(t, plan(), series({2020: 9.0, 2023: 4.5})).status == "达标"


def test_missing_data_is_said_not_guessed() -> None:
    assert sv.evaluate_target(target("level", 3, indicator_id=None), plan(), None).status == "无数据"
    p = sv.evaluate_target(target("level", 3), plan(), FigureSeries([], "指标数据", "指标尚未计算"))
    assert (p.status, p.reason) == ("无数据", "指标尚未计算")
    assert sv.evaluate_target(target("level", None), plan(), series({2020: 1})).status == "无数据"
    # Figures only after the target year.
    assert sv.evaluate_target(target("level", 3, year=2018), plan(), series({2020: 1})).status == "无数据"
    # A level without a baseline: reached or not is known, progress is not.
    nb = sv.evaluate_target(target("level", 3), plan(None, 2025), series({2023: 2.0}))
    assert nb.status == "无数据" and "无法计算进度" in nb.reason


def test_figures_csv(tmp_path: Path) -> None:
    path = tmp_path / "figures.csv"
    path.write_text("region,indicator_id,year,value\n500114,inv_per_10k_pop,2023,2.5\n", "utf-8")
    assert sv.StaticFigures.from_csv(path).series("500114", "inv_per_10k_pop").by_year() == {2023: 2.5}
    path.write_text("region,indicator_id,year,value\n500114,inv_per_10k_pop,2023,很多\n", "utf-8")
    with pytest.raises(InputError) as err:
        sv.StaticFigures.from_csv(path)
    assert err.value.context == {"file": str(path), "row": 2, "field": "value"}


def census_population(shared_dir: Path, code: str) -> float:
    """The 2020 census population of a county in units of 10,000 (the cube's fallback)."""
    path = shared_dir / "data" / "census2020_county_population.csv"
    with path.open(encoding="utf-8") as f:
        for row in csv.DictReader(f):
            if row["CODE"] == code:
                return int(row["POPU"]) / 10_000
    raise AssertionError(f"{code} not in the census file")


def test_actual_values_from_the_indicator_cube(settings: Settings, shared_dir: Path) -> None:
    """黔江 (500114): 20 inventions granted in 2019, 29 in 2020, 30 a year 2021–2023 → 49 valid at
    the end of 2020 and 139 at the end of 2023, over the census population."""
    from ipatlas.indicators import compute_cube

    source = sv.CubeFigures(settings)
    before = source.series("500114", "inv_per_10k_pop")
    assert before.figures == [] and "ipatlas indicators compute" in (before.reason or "")

    grants = [(2019, 20), (2020, 29), (2021, 30), (2022, 30), (2023, 30)]
    rows, n = [], 0
    for year, count in grants:
        for _ in range(count):
            n += 1
            rows.append(invention(n, granted=dt.date(year, 6, 1)))
    write_patents(settings, rows)
    compute_cube(settings, years=range(2019, 2024), industries=[], indicators=["inv_per_10k_pop", "pct_app"])

    pop = census_population(shared_dir, "500114")
    source = sv.CubeFigures(settings)
    got = source.series("500114", "inv_per_10k_pop").by_year()
    assert got[2020] == pytest.approx(49 / pop) and got[2023] == pytest.approx(139 / pop)
    assert source.is_flow("inv_per_10k_pop") is False and source.is_flow("pct_app") is True

    p = sv.evaluate_target(target("level", 3), plan(), source.series("500114", "inv_per_10k_pop"))
    b, a = 49 / pop, 139 / pop
    assert (p.baseline_year, p.baseline_value, p.actual_year) == (2020, pytest.approx(b), 2023)
    assert p.required_value == pytest.approx(b + (3 - b) * 3 / 5)
    assert p.status == ("按进度" if a >= b + (3 - b) * 3 / 5 else "滞后") == "按进度"
    assert p.actual_source == "指标数据" and not p.demo
    # Another region of the registry with no records at all is not in the cube: 无数据 with the reason.
    other = sv.evaluate_target(
        target("level", 3), plan(region="210112"), source.series("210112", "inv_per_10k_pop")
    )
    assert other.status == "无数据" and other.reason
