"""Round 7 of the real-address work (BENCHMARKS.md, resolver section): constructed cases of the kinds
the dev7 split failed on — a county named after the old prefecture (地区, or a prefecture-level city
abolished since) that held it, now in another prefecture (安徽巢湖含山县 → 马鞍山 含山县, 青海省海东地区湟中县
→ 西宁 湟中区; from the division history's ``old_parent``), English addresses whose only place is a
street named after a Chinese city before ``China`` (``123 Shanghai Road, China`` → the mainland) or a
foreign capital (``Hong Kong Road, London`` → GB: a country name before a road word is a street).
Each case of ``CASES`` failed on main (faf4677)."""

from __future__ import annotations

import pytest

from ipatlas.regions import get_resolver

CASES = [
    # a county after the old prefecture that held it, in another prefecture today
    ("安徽巢湖无为县", ("340281", "county", "CN")),
    ("安徽省巢湖市含山县环峰镇", ("340522", "county", "CN")),
    ("青海省海东地区湟源县城关镇", ("630123", "county", "CN")),
    # romanized: China alone, a foreign capital, a country name before a road word
    ("88 Nanjing Road, P.R. China", (None, "country", "CN")),
    ("Room 3, 15 Guangzhou Road, China.", (None, "country", "CN")),
    ("Beijing Road, Bangkok", (None, "country", "TH")),
    ("12 Macau Street, Seoul", (None, "country", "KR")),
]


@pytest.mark.parametrize(("address", "expected"), CASES)
def test_round7_kinds(address: str, expected: tuple[str | None, str, str | None]) -> None:
    r = get_resolver().resolve(address)
    assert (r.adcode, r.level, r.country) == expected, r


@pytest.mark.parametrize(
    ("address", "expected"),
    [
        ("安徽省巢湖市巢湖北路", ("340181", "county")),  # the old seat alone stays the county of today
        ("安徽省合肥市巢湖市", ("340181", "county")),
        ("安徽省巢湖地区无为县城关镇", ("340281", "county")),
        ("青海省海东地区平安县", ("630203", "county")),  # still in 海东
        ("London Road, Hangzhou", ("330100", "city")),  # a capital before a road word is a street
        ("South China Agricultural University", (None, "none")),
        ("Tokyo, Japan", (None, "country")),
    ],
)
def test_round7_guards(address: str, expected: tuple[str | None, str]) -> None:
    r = get_resolver().resolve(address)
    assert (r.adcode, r.level) == expected, r
