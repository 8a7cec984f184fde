"""Linking targets to the indicator catalogue, measured on labelled targets of 47 real plans.

tests/plans/indicator_links.yaml labels every target the parser reads from tests/plans/external/*.txt
and the seed plans with the catalogue id it should link to (null: the catalogue has no indicator with
that meaning). Split fixed before measuring: dev = seeds + `train` plans, heldout = `holdout` plans.
Floors are the figures measured after the rules of ipatlas.plans.links were written from the dev
failures (src/ipatlas/plans/README.md, "Linking targets to the catalogue"):

| split   | linked right / linked | labelled id found | null linked |
| dev     | 22 / 22               | 22 / 23           | 0 / 20      |
| heldout | 5 / 5                 | 5 / 5             | 0 / 42      |

Statistics round (reported statistics shown as catalogue indicators; 8 targets relabelled by meaning
before the linker ran on them, 6 dev and 2 heldout — few held-out ones, and not blind: the held-out
texts were read while labelling; upper-casing r&d matters for a held-out target only):

| split   | linked right / linked | labelled id found | null linked |
| dev     | 28 / 28               | 28 / 29           | 0 / 14      |
| heldout | 7 / 7                 | 7 / 7             | 0 / 40      |

Round 12: a new set, tests/plans/indicator_links_12.yaml (80 targets of 19 real documents not in the
set above: sets 5–10 of tests/plans/external and two new pages; labels and split committed before the
linker ran). Blind → after (the one rule, 全社会 as a scope word, from the dev failure):

| split   | linked right / linked | labelled id found     | null linked |
| dev     | 10 / 10 → 11 / 11     | 10 / 11 → 11 / 11     | 0 / 26      |
| heldout | 13 / 15 (unchanged)   | 13 / 15 (unchanged)   | 0 / 28      |

Combination round (the catalogue gained 著作权登记量, 地理标志总数, 全社会R&D经费支出, 知识产权纠纷调解
案件数 and 专利行政执法案件数, sums or statistics of figures it had; 9 null rows relabelled by meaning
before the linker rules, marked `relabelled (combination round, not blind …)`: the held-out texts had
been read). Old linker on the
new labels → after the synonyms (every other row links exactly as before):

| set / split     | linked right / linked | labelled id found     | null linked      |
| first / dev     | 28 / 28 (unchanged)   | 28 / 29 (unchanged)   | 0 / 14           |
| first / heldout | 7 / 7 → 8 / 8         | 7 / 8 → 8 / 8         | 0 / 39           |
| 12 / dev        | 11 / 11 → 13 / 13     | 11 / 13 → 13 / 13     | 0 / 24           |
| 12 / heldout    | 13 / 15 → 14 / 16     | 13 / 16 → 14 / 16     | 0 / 27           |
| 14 / dev        | 4 / 4 (unchanged)     | 4 / 4 (unchanged)     | 0 / 3            |
| 14 / heldout    | 11 / 11 → 16 / 16     | 11 / 16 → 16 / 16     | 0 / 14           |
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml

from ipatlas.plans import parse_plan
from ipatlas.plans.links import indicator_map, match_indicator

HERE = Path(__file__).parent
LINKS: list[dict[str, Any]] = yaml.safe_load((HERE / "indicator_links.yaml").read_text("utf-8"))["links"]
FLOORS = {
    "dev": {"precision": 1.0, "recall": 0.95, "null_linked": 0.0},
    "heldout": {"precision": 1.0, "recall": 1.0, "null_linked": 0.0},
}
LINKS_12: list[dict[str, Any]] = yaml.safe_load((HERE / "indicator_links_12.yaml").read_text("utf-8"))[
    "links"
]
# held-out: the blind figures (13 / 15 linked right, 13 / 15 found: 巴彦淖尔's 商标注册 stock read as
# the year's registrations); dev: after the round-12 rule.
FLOORS_12 = {
    "dev": {"precision": 1.0, "recall": 1.0, "null_linked": 0.0},
    "heldout": {"precision": 0.86, "recall": 0.86, "null_linked": 0.0},
}


def link(row: dict[str, Any]) -> str | None:
    entry = match_indicator(row["indicator"], value=row["value"], unit=row["unit"])
    return entry.id if entry else None


def scores(split: str, links: list[dict[str, Any]] = LINKS) -> dict[str, float]:
    rows = [r for r in links if r["split"] == split]
    got = [(link(r), r["id"]) for r in rows]
    linked = [(g, w) for g, w in got if g is not None]
    labelled = [(g, w) for g, w in got if w is not None]
    nulls = [(g, w) for g, w in got if w is None]
    return {
        "precision": sum(g == w for g, w in linked) / len(linked) if linked else 1.0,
        "recall": sum(g == w for g, w in labelled) / len(labelled),
        "null_linked": sum(g is not None for g, _ in nulls) / len(nulls),
    }


def test_the_split_is_fixed() -> None:
    count = {s: sum(r["split"] == s for r in LINKS) for s in FLOORS}
    assert count == {"dev": 43, "heldout": 47}
    assert sum(r["id"] is None for r in LINKS) == 53  # 54 before the combination round


@pytest.mark.parametrize("split", sorted(FLOORS))
def test_linking_floors(split: str) -> None:
    s, floor = scores(split), FLOORS[split]
    assert s["precision"] >= floor["precision"], s
    assert s["recall"] >= floor["recall"], s
    assert s["null_linked"] <= floor["null_linked"], s


def test_the_round_12_split_is_fixed() -> None:
    count = {s: sum(r["split"] == s for r in LINKS_12) for s in FLOORS_12}
    assert count == {"dev": 37, "heldout": 43}
    assert sum(r["id"] is None for r in LINKS_12) == 51  # 54 before the combination round
    assert not {r["doc"] for r in LINKS_12} & {r["doc"] for r in LINKS}  # none of the first set's plans


@pytest.mark.parametrize("split", sorted(FLOORS_12))
def test_linking_floors_round_12(split: str) -> None:
    s, floor = scores(split, LINKS_12), FLOORS_12[split]
    assert s["precision"] >= floor["precision"], s
    assert s["recall"] >= floor["recall"], s
    assert s["null_linked"] <= floor["null_linked"], s


# Round 14: tests/plans/indicator_links_14.yaml, the labelled targets of set 14 (28: 7 dev, 21 held out;
# labels and split committed before the linker ran). Blind: dev 4/4 linked right, 4/4 found, 0/3 null
# linked; held-out 6/6, 6/7 (技术市场成交合同金额, 广西's name for 技术合同成交额), 0/14. The synonym was then
# added, so the held-out figure is no longer blind: 7/7, 7/7, 0/14. Batch 14b (9 held-out targets, 4 with an
# id), blind: 4/4 linked right, 4/4 found, 0/5 null linked.
LINKS_14: list[dict[str, Any]] = yaml.safe_load((HERE / "indicator_links_14.yaml").read_text("utf-8"))[
    "links"
]
FLOORS_14 = {
    "dev": {"precision": 1.0, "recall": 1.0, "null_linked": 0.0},
    "heldout": {"precision": 1.0, "recall": 1.0, "null_linked": 0.0},
}


def test_the_round_14_split_is_fixed() -> None:
    count = {s: sum(r["split"] == s for r in LINKS_14) for s in FLOORS_14}
    assert count == {"dev": 7, "heldout": 30}
    assert sum(r["id"] is None for r in LINKS_14) == 17  # 22 before the combination round


@pytest.mark.parametrize("split", sorted(FLOORS_14))
def test_linking_floors_round_14(split: str) -> None:
    s, floor = scores(split, LINKS_14), FLOORS_14[split]
    assert s["precision"] >= floor["precision"], s
    assert s["recall"] >= floor["recall"], s
    assert s["null_linked"] <= floor["null_linked"], s


def test_labels_name_catalogue_ids() -> None:
    from ipatlas.indicators.catalog import load_catalog

    catalogue = load_catalog()
    for i in sorted({r["id"] for r in LINKS + LINKS_12 + LINKS_14 if r["id"]}):
        catalogue.get(i)  # raises for an unknown id


def test_stock_and_flow_counterparts_have_entries() -> None:
    ids = {e.id for e in indicator_map()}
    for e in indicator_map():
        assert {e.stock, e.flow} - {None} <= ids, e.name


def test_the_parser_links_its_targets_the_same_way() -> None:
    """End to end on the dev plans of tests/plans/external: every target the parser reads is in the
    labelled set, and carries the link the linker gives its indicator, value and unit."""
    dev = [r for r in LINKS if r["split"] == "dev" and (HERE / "external" / r["doc"]).exists()]
    labelled = {(r["doc"], r["indicator"], r["kind"]) for r in dev}
    for doc in sorted({r["doc"] for r in dev}):
        for t in parse_plan(HERE / "external" / doc).targets:
            assert (doc, t.indicator, t.kind) in labelled
            entry = match_indicator(t.indicator, value=t.value, unit=t.unit)
            assert t.indicator_id == (entry.id if entry else None), (doc, t.indicator)


@pytest.mark.parametrize(
    ("text", "value", "unit", "expected"),
    [
        ("注册商标总数", 15000, "件", "tm_valid"),  # a stock word on the registrations
        ("商标注册总量", 15000, "件", "tm_valid"),
        ("国内商标注册", 20, "%", "tm_reg"),
        ("新增注册商标", 500, "件", "tm_reg"),  # 新增 on the stock: its flow
        ("新增有效发明专利", 500, "件", None),  # a stock without a flow counterpart
        ("商标注册年均申请量", 6000, "件", "tm_app"),  # per-year wording of a flow
        ("PCT专利年申请量", 75, "件", "pct_app"),
        ("通过《专利合作条约》（PCT）途径提交的专利申请量", 2, "倍", "pct_app"),
        ("作品登记总量", 10000, "件", "rights_works_stock"),
        ("软件著作权登记量", 800, "件", "rights_software_reg"),
        ("著作权年登记量", 10000, "件", "copyright_reg"),  # works + software (combination round)
        ("版权登记总量", 50000, "件", "copyright_reg_stock"),  # a stock word on the registrations
        ("地理标志总数", 50, "件", "gi_all_kinds"),  # products + marks
        ("地理标志保护产品", 20, "个", "gi_total"),  # products only
        ("新增地理标志", 5, "件", None),  # 新增 on the total: no flow counterpart
        ("R&D经费支出", 500, "亿元", "rd_expenditure"),
        ("全社会研究与试验发展经费投入", 10, "%", "rd_expenditure"),  # its growth
        ("企业研发经费投入", 100, "亿元", None),  # an actor's spending
        ("研发投入", 10, "%", None),  # bare: an enterprise's or the region's
        ("知识产权纠纷调解案件", 500, "件", "case_mediation_cases"),
        ("专利行政执法办案量", 300, "件", "case_patent_enforcement"),
        ("商标行政执法案件", 300, "件", None),  # trademarks: not the patent figure
        ("有效发明专利拥有量", 0.76, "件", None),  # a fraction: the plan dropped 每万人口
        ("新增农产品注册商标数", 1500, "件", None),  # a sector's registrations
        ("企业有效发明专利", 3000, "件", None),  # an actor's share of the stock
        ("百万人口拥有的有效商标注册量", 7000, "个", None),
        ("商标国际注册总数", 1000, "件", None),  # Madrid: the catalogue has the applications only
        ("马德里商标国际注册申请量", 300, "件", "tm_madrid_app"),
        ("马德里商标国际注册申请总量", 3000, "件", None),  # a stock of a yearly flow
        ("专利质押融资金额", 2e8, "元", "ops_pledge_amount"),  # 元 converted to the figure's 万元
        ("专利质押融资额", 20, "%", "ops_pledge_amount"),
        ("知识产权质押融资", 120, "项", None),  # a number of deals, not the amount
        ("知识产权质押融资金额", 5, "亿元", "ip_pledge_amount"),
        ("质押融资金额", 5e8, "元", None),  # which rights: not said
        ("R&D经费投入强度", 2.5, "%", "rd_intensity"),
        ("全社会研究与试验发展经费支出占GDP的比例", 2.5, "%", "rd_intensity"),  # 全社会: the region
        ("全社会研究与试验发展（R&D）经费支出占地区生产总值比重", 3.4, "%", "rd_intensity"),
        ("全社会企业研发投入强度", 2, "%", None),  # the scope word does not make an enterprise ratio regional
        ("研发经费支出占全市地区生产总值比重", 3, "%", "rd_intensity"),
        ("企业研发投入强度", 2, "%", None),  # enterprise R&D ÷ revenue
        ("规模以上工业企业R&D经费支出占营业收入比重", 1.5, "%", None),
        ("知识密集型服务业增加值占国内生产总值（GDP）的比例", 20, "%", None),
        ("百万人口技术市场成交合同额", 2e9, "元", None),  # per capita: not the amount
        ("输出技术合同成交额", 50, "亿元", None),  # one side of the market
        ("技术合同成交额", 2, "倍", "tech_contract_amount"),
        ("专利密集型产业增加值占地区生产总值的比重", 13, "%", "ipi_va_share"),
        ("版权产业增加值", 500, "亿元", None),  # the statistic itself is not an indicator
        ("江苏省有效发明专利", 5000, "件", "pat_valid_invention"),
    ],
)
def test_rules(text: str, value: float, unit: str, expected: str | None) -> None:
    entry = match_indicator(text, value=value, unit=unit)
    assert (entry.id if entry else None) == expected
