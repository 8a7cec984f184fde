"""Round 11 of the real-address work (tests/regions/external/README.md, round 11): constructed cases of
the kinds the dev11 split failed on — a zone's host county in brackets after the zone, when the
prefecture is written short after its province; a zone named after two prefectures, written with their
first characters; a one-character county name padded with a space, as company registers print it —
and of three of fresh10's four misses, read in this round: a zone's own name with the twin title
(芦台经济技术开发区 for the NBS 芦台经济开发区), ``National`` before an English zone type, Hong Kong districts
written as one word (Shatin). Each case of ``CASES`` failed on main (13bcd4e)."""

from __future__ import annotations

import pytest

from ipatlas.regions import get_resolver

CASES = [
    # the zone's host county in brackets (a positional name such as 新市区 needs its prefecture)
    ("新疆乌鲁木齐经济技术开发区（新市区）", ("650104", "county", "CN")),
    ("新疆乌鲁木齐高新区(新市区)北京南路", ("650104", "county", "CN")),
    # a zone of two prefectures by their first characters, after its own prefecture
    ("安徽省阜阳市阜合现代产业园区管委会", ("341271", "county", "CN")),
    # a one-character county padded to two columns (half- or full-width space)
    ("江苏省徐州市沛 县汉城路", ("320322", "county", "CN")),
    ("河南省安阳市滑　县道口镇", ("410526", "county", "CN")),
    ("山东省日照市莒 县城阳街道", ("371122", "county", "CN")),
    # fresh10's misses, read in round 11
    ("河北省唐山市海港经济技术开发区港兴大街", ("130274", "county", "CN")),
    ("Changshou National Economic and Technological Development Zone, Chongqing", ("500115", "county", "CN")),
    ("Flat 3, 12 Nathan Road, Mongkok", (None, "country", "HK")),
    ("Unit 5, Tsuenwan Industrial Centre", (None, "country", "HK")),
]


@pytest.mark.parametrize(("address", "expected"), CASES)
def test_round11_kinds(address: str, expected: tuple[str | None, str, str | None]) -> None:
    r = get_resolver().resolve(address)
    assert (r.adcode, r.level, r.country) == expected, r


@pytest.mark.parametrize(
    ("address", "expected"),
    [
        # a bracket not after a zone word stays a remark
        ("新疆乌鲁木齐某公司（新市区）", ("650100", "city", "CN")),
        # a bracketed county of another prefecture is not adopted
        ("乌鲁木齐高新区（城中区）", ("650100", "city", "CN")),
        # the two-prefecture abbreviation only after its prefecture
        ("阜合现代产业园区", (None, "none", None)),
        # a padded name that is no county of the prefecture, or no prefecture before it
        ("江苏省徐州市环 县", ("320300", "city", "CN")),
        ("徽 县", (None, "none", None)),
        ("甘肃省陇南市徽县", ("621227", "county", "CN")),  # already read so on main
        # one-word HK names that read as pinyin stay out; a road named so is a road
        ("Taipo Road, Shenzhen", ("440300", "city", "CN")),
        ("Shatin Road, Guangzhou", ("440100", "city", "CN")),
        ("National Road 3, Nanjing", ("320100", "city", "CN")),
    ],
)
def test_round11_guards(address: str, expected: tuple[str | None, str, str | None]) -> None:
    r = get_resolver().resolve(address)
    assert (r.adcode, r.level, r.country) == expected, r
