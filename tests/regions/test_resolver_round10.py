"""Round 10 of the real-address work (tests/regions/external/README.md, round 10): constructed cases of
the kinds the dev10 split failed on — a country or a first-level division of one (Malaysia's states,
South Korea's provinces) the English reader did not know, a zone type written as a segment of its own
before the prefecture, a province that contradicts the county and prefecture read with it. Each case
of ``CASES`` failed on main (c39ef68)."""

from __future__ import annotations

import pytest

from ipatlas.regions import get_resolver

CASES = [
    # further countries, Malaysian states and Korean provinces standing for their country
    ("Gomel, Belarus", (None, "country", "BY")),
    ("Tashkent Street 12, Uzbekistan", (None, "country", "UZ")),
    ("Lot 5, Jalan Perusahaan, Penang Free Industrial Zone, Johor", (None, "country", "MY")),
    ("Suwon-si, Gyeonggi-do", (None, "country", "KR")),
    # a zone type as a segment of its own, read for the prefecture named after it
    ("88 Jinqiao Road, Economic and Technological Development Zone, Wuhu", ("340271", "county", "CN")),
    ("Building 3, Hi-Tech Industrial Development Zone, Changchun, Jilin", ("220173", "county", "CN")),
    ("Economic and Technological Development Zone, Hefei", ("340177", "county", "CN")),
    # Shanxi / Shaanxi: the province is the misspelt name where county and prefecture agree
    ("No. 9 Yingze Street, Yingze District, Taiyuan, Shaanxi", ("140106", "county", "CN")),
]


@pytest.mark.parametrize(("address", "expected"), CASES)
def test_round10_kinds(address: str, expected: tuple[str | None, str, str | None]) -> None:
    r = get_resolver().resolve(address)
    assert (r.adcode, r.level, r.country) == expected, r


@pytest.mark.parametrize(
    ("address", "expected"),
    [
        ("Jeju Road, Shanghai", ("310000", "province", "CN")),  # a division's name before a road word
        ("Mali, Yunnan", ("530000", "province", "CN")),  # pinyin-readable countries are left out
        ("Hi-Tech Industrial Development Zone, Chengdu", ("510100", "city", "CN")),  # no such NBS zone
        ("Yanta District, Xi'an, Shanxi Province", ("610113", "county", "CN")),  # already read so on main
        ("Taiyuan, Shaanxi", ("610000", "province", "CN")),  # no county: the province stands
        ("Yanta District, Shaanxi", ("610113", "county", "CN")),
        ("Minsk", (None, "country", "BY")),
    ],
)
def test_round10_guards(address: str, expected: tuple[str | None, str, str | None]) -> None:
    r = get_resolver().resolve(address)
    assert (r.adcode, r.level, r.country) == expected, r
