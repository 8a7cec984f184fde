"""Target sentences beyond the seeds: each form the parser reads, and the indicator mapping."""

from __future__ import annotations

from typing import Any

import pytest

from ipatlas.plans import match_indicator, parse_plan
from ipatlas.plans.links import indicator_map
from ipatlas.plans.targets import extract_targets, fyp_years


def one(sentence: str, year: int | None = 2025) -> dict[str, Any]:
    targets = extract_targets([("二", sentence)], default_year=year)
    assert len(targets) == 1, targets
    return targets[0].model_dump()


def test_forms() -> None:
    t = one("到2025年，每万人口高价值发明专利拥有量达到12件（预期性）。")
    assert (t["value"], t["unit"], t["kind"], t["nature"]) == (12, "件", "level", "预期性")
    assert t["indicator_id"] == "hv_inv_per_10k_pop"
    t = one("专利密集型产业增加值占GDP比重达到13%。")
    assert (t["kind"], t["value"], t["unit"]) == ("share", 13, "%")
    t = one("知识产权质押融资额比2020年增长50%以上。")
    assert (t["kind"], t["value"], t["comparator"]) == ("growth", 50, ">=")
    assert t["baseline"]["year"] == 2020
    t = one("有效发明专利从2020年的1.2万件增加到2025年的2.4万件。")
    assert (t["kind"], t["value"], t["year"], t["indicator_id"]) == (
        "level",
        24000,
        2025,
        "pat_valid_invention",
    )
    assert (t["baseline"]["year"], t["baseline"]["value"]) == (2020, 12000)
    t = one("知识产权使用费出口额比“十三五”末翻两番。")
    assert (t["kind"], t["value"], t["baseline"]["year"]) == ("multiple", 4, 2020)
    t = one("培育国家知识产权示范企业累计达到50家左右。")
    assert (t["kind"], t["value"], t["unit"], t["comparator"]) == ("cumulative", 50, "家", "~")
    t = one("知识产权质押融资额达到30亿元。")
    assert (t["kind"], t["value"], t["unit"]) == ("amount", 3_000_000_000, "元")
    t = one("建成知识产权服务工作站20个。")
    assert (t["kind"], t["value"], t["unit"]) == ("count", 20, "个")


def test_year_context() -> None:
    text = (
        "力争到2022年，知识产权保护能力不断提升。"
        "到2025年，每万人口发明专利拥有量3.9件，有效注册商标量3.2万件。"
    )
    targets = extract_targets([("一.(二)", text)], default_year=2030)
    assert [(t.indicator, t.value, t.year) for t in targets] == [
        ("每万人口发明专利拥有量", 3.9, 2025),
        ("有效注册商标量", 32000, 2025),
    ]
    # no year in the sentence: the plan period's end
    assert one("每万人口发明专利拥有量达到10件。", year=2023)["year"] == 2023


def test_nature_for_a_paragraph() -> None:
    text = (
        "每万人口发明专利拥有量达到3件，PCT国际专利申请量达到50件（约束性），"
        "每万户市场主体有效注册商标量达到1200件（上述指标均为预期性指标）。"
    )
    targets = extract_targets([("二", text)], default_year=2025)
    assert [t.nature for t in targets] == ["预期性", "约束性", "预期性"]


def test_no_figure_no_target() -> None:
    assert (
        extract_targets(
            [("二", "中国驰名商标总量、地理标志总量大幅增长，培育一批知识产权强企。")], default_year=2020
        )
        == []
    )


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("每万人口发明专利拥有量", "inv_per_10k_pop"),
        ("全市每万人口发明专利拥有量", "inv_per_10k_pop"),
        ("有效注册商标拥有量", "tm_valid"),
        ("每万户市场主体有效注册商标量", "tm_per_10k_entities"),
        ("PCT（专利合作协定）国际专利申请量", "pct_app"),
        ("规模以上工业企业每亿元主营业务收入有效发明专利数", "above_scale_inv_per_100m_revenue"),
        ("中国地理标志保护产品数量", "gi_total"),
        ("有效专利", "pat_valid_total"),
        ("发明专利授权量", "pat_grant_invention"),
        ("每万人口发明专利授权量", None),  # not 发明专利授权量
        ("驰名商标", None),
    ],
)
def test_indicator_mapping(text: str, expected: str | None) -> None:
    entry = match_indicator(text)
    assert entry is not None
    assert entry.id == expected


def test_fyp_years() -> None:
    assert fyp_years("二") == (2011, 2015)
    assert fyp_years("三") == (2016, 2020)
    assert fyp_years("四") == (2021, 2025)


def test_mapping_ids_exist_in_the_catalogue() -> None:
    from ipatlas.indicators.catalog import load_catalog

    catalogue = load_catalog()
    ids = {e.id for e in indicator_map() if e.id}
    assert len(ids) >= 10
    for i in sorted(ids):
        catalogue.get(i)  # raises for an unknown id


def test_period_from_targets_when_not_stated() -> None:
    plan = parse_plan(
        "某某县知识产权强县建设工作方案\n"
        "一、发展目标\n到2024年，每万人口发明专利拥有量达到2件。到2035年，知识产权强县基本建成。\n"
        "二、主要任务\n（一）加强保护。开展执法。\n"
        "某某县人民政府办公室\n2022年3月8日\n"
    )
    assert (plan.period.start, plan.period.end) == (2022, 2024)
    assert plan.issuers == ["某某县人民政府办公室"]
    assert plan.level == "县"


def test_baselines_from_the_plans_own_figures() -> None:
    plan = parse_plan(
        "某某市知识产权“十四五”规划\n"
        "一、发展基础\n“十三五”末，全市每万人口发明专利拥有量达到10.5件，有效注册商标总量达到3.2万件。\n"
        "二、发展目标\n到2025年，每万人口发明专利拥有量达到15件，有效注册商标量比2020年翻一番，"
        "PCT国际专利申请量年均增长10%。\n"
    )
    assert (plan.period.start, plan.period.end) == (2021, 2025)
    assert [(b.indicator_id, b.value, b.year) for b in plan.baselines] == [
        ("inv_per_10k_pop", 10.5, 2020),
        ("tm_valid", 32000, 2020),
    ]
    t = {x.indicator_id: x for x in plan.targets}
    assert t["inv_per_10k_pop"].baseline is not None
    assert (t["inv_per_10k_pop"].baseline.year, t["inv_per_10k_pop"].baseline.value) == (2020, 10.5)
    mult = t["tm_valid"]
    assert (mult.kind, mult.value) == ("multiple", 2)
    assert mult.baseline is not None and (mult.baseline.year, mult.baseline.value) == (2020, 32000)
    assert t["pct_app"].baseline is None  # no PCT figure stated


# Forms met in the fifth external set (development split), constructed here in other words.
@pytest.mark.parametrize(
    ("clause", "indicator", "value", "comparator"),
    [
        ("研发投入强度达到2.8%", "研发投入强度", 2.8, "="),
        ("建成3个市级商标品牌培育基地", "市级商标品牌培育基地", 3, "="),
        ("其中至少2个被认定为省级示范基地", "省级示范基地", 2, ">="),
        ("全国技术合同成交额达到3万亿元", "技术合同成交额", 3e12, "="),
        ("每万名就业人员中研发人员达到70人年", "每万名就业人员中研发人员", 70, "="),
    ],
)
def test_fifth_set_forms(clause: str, indicator: str, value: float, comparator: str) -> None:
    from ipatlas.plans.targets import extract_targets

    [t] = extract_targets([("目标", clause)], default_year=2025)
    assert (t.indicator, float(t.value), t.comparator) == (indicator, value, comparator)


def test_multiple_without_subject_takes_the_previous_one() -> None:
    from ipatlas.plans.targets import extract_targets

    ts = extract_targets(
        [("目标", "有效注册商标突破5000件，比2015年底以前的注册商标总量翻一番。")], default_year=2020
    )
    assert [(t.indicator, float(t.value)) for t in ts] == [("有效注册商标", 5000.0), ("有效注册商标", 2.0)]


@pytest.mark.parametrize(
    ("clause", "indicator", "value"),
    [
        # run-together verbs and a description ending in 的 (round 7, 内蒙古's 实施方案)
        ("培育打造50个地方特色鲜明、带动力强的区域公用品牌", "区域公用品牌", 50),
        ("培育10家具有核心竞争力的知识产权优势企业", "知识产权优势企业", 10),
        ("建成6个省级产业集群品牌培育基地", "省级产业集群品牌培育基地", 6),
    ],
)
def test_count_first_targets_name_the_thing_counted(clause: str, indicator: str, value: float) -> None:
    [t] = extract_targets([("目标", f"到2025年，{clause}。")], default_year=2025)
    assert (t.indicator, float(t.value), t.comparator, t.year) == (indicator, value, "=", 2025)
