"""Round 4 of the real-address work (BENCHMARKS.md, resolver section): constructed cases of the kinds
left over from round 3 — an English class word that is not the unit's class (``district`` for an
autonomous county), and a county short name with no city before it at the start of the text, followed
by its 街道 / 社区. Each case of ``CASES`` failed on main (4f2514d)."""

from __future__ import annotations

import pytest

from ipatlas.regions import get_resolver

CASES = [
    ("Taxkorgan district, Kashgar", "653131"),
    ("Yiwu District, Hami, Xinjiang", "650522"),
    ("Haidian County, Beijing", "110108"),
    ("虹口四川北路街道", "310109"),
    ("徐汇斜土街道零陵北路2号", "310104"),
    ("雁塔丈八沟街道高新四路", "610113"),
]


@pytest.mark.parametrize(("address", "adcode"), CASES)
def test_round4_kinds(address: str, adcode: str) -> None:
    r = get_resolver().resolve(address)
    assert (r.adcode, r.level) == (adcode, "county"), r


@pytest.mark.parametrize(
    ("address", "level"),
    [
        ("复兴门外大街甲20号", "none"),  # a street, not 复兴区: no 街道/社区 after the short name
        ("朝阳街道", "none"),  # 朝阳 names several counties: not one unit
        ("虹口路8号", "none"),  # a road named after the district
    ],
)
def test_short_name_at_start_needs_a_lone_unit_and_its_subdivision(address: str, level: str) -> None:
    assert get_resolver().resolve(address).level == level


def test_other_class_word_never_reads_a_province() -> None:
    """``Xinjiang County`` is 新绛县 (Shanxi), not the Xinjiang region read as a county."""
    r = get_resolver().resolve("Xinjiang County")
    assert r.adcode == "140825", r


@pytest.mark.parametrize(
    ("address", "expected"),
    [
        # A name that can be a prefecture is the parent of what follows (乌鲁木齐 is also 乌鲁木齐县).
        ("新疆乌鲁木齐新市区", ("650104", "county", "CN")),
        ("arrivePlace : 新疆,乌鲁木齐,新市区", ("650104", "county", "CN")),
        # An old name read like a current one (上海县, now 闵行区) only at the current one's level.
        ("88 West Nanjing Road, Shanghai", ("310000", "province", "CN")),
        ("Room 5, Yan'an Road, Shanghai, China", ("310000", "province", "CN")),
        # Hong Kong's districts and the US states stand for their country.
        ("12 Shanghai Street, Mong Kok", (None, "country", "HK")),
        ("Shop 3, 8 Peking Road, Tsim Sha Tsui", (None, "country", "HK")),
        ("Tuen Mun, New Territories", (None, "country", "HK")),
        ("Main Street, Canton, Ohio", (None, "country", "US")),
        ("Nanking Ave, Canton, Massachusetts", (None, "country", "US")),
    ],
)
def test_round4_dev_kinds(address: str, expected: tuple[str | None, str, str]) -> None:
    r = get_resolver().resolve(address)
    assert (r.adcode, r.level, r.country) == expected, r


def test_old_name_at_the_current_level_still_read() -> None:
    """``Luwan, Shanghai`` (卢湾区, now 黄浦区) and ``Xuanwu District, Beijing`` keep their round-3
    reading."""
    assert get_resolver().resolve("Luwan, Shanghai").adcode == "310101"
    assert get_resolver().resolve("Xuanwu District, Beijing").adcode == "110102"
