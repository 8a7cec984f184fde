"""Round 12 of the real-address work (tests/regions/external/README.md, round 12): constructed cases of the
kinds the dev12 split failed on — a 兵团 division written between a prefecture and one of its counties (the
division's regiments lie in that county: the county is meant, not the division's city), and a zone's own name
with its full type at the start of the text, without its prefecture — and of the second batch's (dev12b): an
old name made only of positional and level words (新区, 市区, 北市区: abolished units whose names are ordinary
words) read at the start of the text as that unit. Each case of ``CASES`` failed on main (47d18d9)."""

from __future__ import annotations

import pytest

from ipatlas.regions import get_resolver

CASES = [
    # a 兵团 division inside another prefecture, then a county short name and a regiment
    ("新疆伊犁州农四师霍城六十一团", ("654023", "county", "CN")),
    ("新疆塔城地区农九师额敏一六七团场部", ("654221", "county", "CN")),
    ("新疆巴州第二师焉耆二十二团", ("652826", "county", "CN")),
    ("新疆博州第五师博乐八十九团", ("652701", "county", "CN")),
    # a zone's own name with its type, at the start, naming one NBS zone
    ("稀土高新技术产业开发区黄河大街", ("150271", "county", "CN")),
    ("海港经济技术开发区港兴大街", ("130274", "county", "CN")),
    ("净月高新技术产业开发区生态大街", ("220172", "county", "CN")),
    ("芦台经济开发区海北镇", ("130271", "county", "CN")),  # main read 海北 (青海's 海北州)
    # an old name that is an ordinary word, at the start: no place
    # (main: 濮阳 华龙区, 保定 莲池区, 唐山 丰润区)
    ("市区人民路12号", (None, "none", None)),
    ("北市区朝阳街", (None, "none", None)),
    ("新区管委会办公楼", (None, "none", None)),
]


@pytest.mark.parametrize(("address", "expected"), CASES)
def test_round12_kinds(address: str, expected: tuple[str | None, str, str | None]) -> None:
    r = get_resolver().resolve(address)
    assert (r.adcode, r.level, r.country) == expected, r


@pytest.mark.parametrize(
    ("address", "expected"),
    [
        # the division alone decides nothing inside the prefecture; nor does a village after it
        ("新疆昌吉州农六师", ("652300", "city", "CN")),
        ("新疆昌吉州农六师新湖农场", ("652300", "city", "CN")),
        # without a prefecture before it, the division is its own city (师市合一)
        ("兵团第六师五家渠", ("659004", "county", "CN")),
        # a division not of the prefecture's type does not make a later county adjacent to a province
        ("新疆阿克苏地区农一师阿拉尔十团", ("652900", "city", "CN")),
        # a zone's own name counts only at the start of the text, and only with its full type there
        ("某公司稀土高新技术产业开发区分部", (None, "none", None)),
        ("净月高新区生态大街", (None, "none", None)),
        # the two-prefecture abbreviation still needs its prefecture
        ("阜合现代产业园区", (None, "none", None)),
        # those old names after their prefecture are still read; current positional names at the start too
        ("保定市北市区朝阳街", ("130606", "county", "CN")),
        ("河北省唐山市新区", ("130208", "county", "CN")),
        ("河南省濮阳市市区", ("410902", "county", "CN")),
        ("东区银江镇", ("510402", "county", "CN")),
        ("新市区北京路181号", ("650104", "county", "CN")),
    ],
)
def test_round12_guards(address: str, expected: tuple[str | None, str, str | None]) -> None:
    r = get_resolver().resolve(address)
    assert (r.adcode, r.level, r.country) == expected, r
