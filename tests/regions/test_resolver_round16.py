"""Round 16 of the address resolver: Traditional text read to a county, read again in Simplified.

The town and successor rules are keyed in Simplified only, so a Traditional address such as
``蒼南縣龍港鎮`` read 苍南县 while its Simplified form reads 龙港市 (龙港镇 became a county-level city in
2019; the resolver labels with today's unit, as ``tests/regions/external/README.md`` says). The cases
below are constructed; the first group fails on main (1481f71). Real rows: BENCHMARKS.md, round 16.
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
