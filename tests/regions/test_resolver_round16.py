"""Round 16 of the address resolver: Traditional readings that disagreed with the Simplified reading, and
old names in older patents.

The hand-kept aliases (data/aliases.csv) were keyed in Simplified only, so a Traditional address such as
``蒼南縣龍港鎮`` read 苍南县 while its Simplified form reads 龙港市 (龙港镇 became a county-level city in
2019; the resolver labels with today's unit, as ``tests/regions/external/README.md`` says): the region
tables now key their Traditional and kanji forms too (scripts/build_region_tables.py). Old names: 淮阴市
(the prefecture's name until 2000) and old district names that are another unit's name today. The cases
of the first and third groups are constructed and fail on main (1481f71); the others are guards. Real
rows: BENCHMARKS.md, round 16.
"""

from __future__ import annotations

import pytest

from ipatlas.regions.resolver import get_resolver


@pytest.mark.parametrize(
    ("address", "code"),
    [
        ("浙江省蒼南縣龍港鎮", "330383"),
        ("蒼南縣龍港鎮人民路88號", "330383"),
        ("浙江省溫州市蒼南縣龍港鎮世紀大道", "330383"),
        ("325802 浙江省蒼南縣龍港鎮", "330383"),
    ],
)
def test_traditional_county_reads_as_its_simplified_form(address: str, code: str) -> None:
    res = get_resolver().resolve(address)
    assert (res.level, res.adcode) == ("county", code)


@pytest.mark.parametrize(
    ("address", "code"),
    [
        ("浙江省苍南县龙港镇", "330383"),  # the Simplified form: unchanged
        ("浙江省蒼南縣靈溪鎮", "330327"),  # another town of 苍南: stays the county
        ("四川省成都市郫縣犀浦鎮", "510117"),  # an old county name read in Traditional already
        ("江蘇省吳江市盛澤鎮", "320509"),
        ("上海市閘北區", "310106"),
        ("浙江省杭州市蕭山區", "330109"),
    ],
)
def test_guards(address: str, code: str) -> None:
    res = get_resolver().resolve(address)
    assert (res.level, res.adcode) == ("county", code)


def test_simplified_reading_elsewhere_is_not_taken() -> None:
    # The Simplified re-reading is taken only inside the same prefecture: a Traditional address read
    # to a county keeps it when the converted text reads nothing deeper.
    res = get_resolver().resolve("臺灣省桃園縣桃園鎮")
    assert res.level == "country" and res.country == "TW"


# Old names in older patents (撤县设区, renames). The resolver gives today's unit (the successor), as the
# labelling rules of tests/regions/external/README.md say; a record's date is not an input.
@pytest.mark.parametrize(
    ("address", "code", "level"),
    [
        # 淮阴市 was the prefecture's name until 2000 (the events file files the rename as 码位改派).
        ("江苏省淮阴市淮海北路", "320800", "city"),
        ("江苏省淮阴市清河区", "320812", "county"),  # 清河区 → 清江浦区 (2016)
        ("江蘇省淮陰市清河區", "320812", "county"),
        # An old district name that is another prefecture's district today, right after its own prefecture.
        ("河北省邢台市桥东区", "130502", "county"),  # 桥东区 → 襄都区 (2020)
        ("南京市雨花区", "320114", "county"),  # 雨花区 → 雨花台区 (1984)
        ("开封市南关区", "410205", "county"),  # 南关区 → 禹王台区 (2005)
        # 东山区 → 越秀区 (国函〔2005〕35号; the events file lacks it: a supplement row of the tables)
        ("广东省广州市东山区农林下路", "440104", "county"),
    ],
)
def test_old_names_read_as_their_successor(address: str, code: str, level: str) -> None:
    res = get_resolver().resolve(address)
    assert (res.level, res.adcode) == (level, code)


@pytest.mark.parametrize(
    ("address", "code"),
    [
        ("清河区", "211204"),  # alone: 铁岭's district of that name today
        ("辽宁省铁岭市清河区", "211204"),
        ("河北省张家口市桥东区", "130702"),
        ("黑龙江省鹤岗市东山区", "230406"),
        ("东山区", "230406"),
        ("河北省石家庄市新华区", "130105"),
        ("江苏省淮安市淮阴区", "320804"),
        ("江苏省淮阴市淮阴县王营镇", "320804"),
    ],
)
def test_old_name_guards(address: str, code: str) -> None:
    res = get_resolver().resolve(address)
    assert (res.level, res.adcode) == ("county", code)
