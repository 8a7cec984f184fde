"""The resolver on real addresses it was not written against (tests/regions/external/).

The held-out split (133 rows) was never read while changing the resolver, the fresh split (120 rows)
was gathered after the changes; round 2 added 150 addresses of kinds the first set lacked (townships,
the north-east / south-west / north-west, 旗 and 自治州, renamed districts, zones of other
prefectures, phone numbers and postcodes mixed in, Traditional, English): fresh2 (100, scored blind
before any change) and dev2 (50, whose failures were read); round 3 added 100 more (western place
names in English, old names in Chinese and pinyin, lists, townships named after other places):
fresh3 (70, scored blind first) and dev3 (30); round 4 added 80 (keyed rows, 街道 without city, English
west / HK / MO / TW, city-name traps): fresh4 (55, scored blind first) and dev4 (25); round 5 added 81
(district short names before a road, abbreviations 乌市 / 呼市 / 巴州, 兵团 divisions, new areas and zones,
Macao's Taipa / Coloane / Cotai, Hainan): fresh5 (53, scored blind first) and dev5 (28); rounds 6–8 are
described in the README (round 8: fresh8 (70, scored blind first) and dev8 (30), provinces the set had
few of — 山西, 吉林, 黑龙江, 海南, 江西, 河南, 河北, 湖南, 重庆 —, 林区, zones, old names, TW / MO,
foreign; round 9: fresh9 (37, scored blind first) and dev9 (16), romanized city names shared by two
prefectures — Fuzhou, Taizhou, Suzhou, Yichun, Yulin —, zones named between prefecture and type, 内蒙古,
宁夏, 新疆, 贵州, 西藏); round 10: fresh10 (112, scored blind first) and dev10 (55), Korean / Japanese /
Russian addresses in Chinese characters, TW / HK / MO in Traditional and English, mainland addresses in
Traditional and Japanese kanji, English addresses of provinces the set had few of, zones, renamed
units); round 11: fresh11 (144, scored blind first) and dev11 (71), enterprise registrations of 青海, 海南,
甘肃 and 贵州 (autonomous counties by their short names, 特区, county-level cities alone, traps such as
海南州 in 青海, 美国工业村 and 港澳大道 in 海口), a firm's branch register across the provinces, judgments);
round 12: fresh12 (140, scored blind first) and dev12 (69), enterprise registrations of 新疆, 黑龙江, 重庆,
吉林 and 福建 (兵团 divisions and regiments, 农场 / 林场, villages and 组, renamed and merged units, same-name
districts decided by their prefecture, streets and towns named after other places) and a second batch of
江苏 and 河南 (fresh12b 86, dev12b 42: zones of many prefectures, merged units such as 吉利区 and 白下区) and
a third of author affiliations and campus addresses (fresh12c 16, dev12c 7); round 13: fresh13 (112, scored
blind first) and dev13 (55), enterprise registrations of 陕西, 山西, 江西 and 湖北 (villages and 组, 城关镇,
renamed and merged units, zones with and without an NBS unit, streets named after other places); round 14:
fresh14 (52, scored blind first) and dev14 (26), 宁夏 registrations, addresses with 室 / 号 / 楼 tails and
cities without their province, author affiliations of universities and institutes with a postcode; round 15:
fresh15 (44, scored blind first) and dev15 (21), mainland addresses in Traditional characters
(Taiwanese filings, Hong Kong and Taiwanese company pages), 宁夏, zones, postcode forms; and a second
batch, fresh15b (22, scored blind first) and dev15b (10), mainland addresses in Japanese kanji and
Traditional, zones of types of their own; round 16: fresh16 (5) / dev16 (3) and fresh16b (2) / dev16b (1),
applicant addresses as the patent registers print them (scored blind first), and fresh16c (11) / dev16c (5),
addresses with old names, gathered after the round's rules.
The floors below are what was measured
(see BENCHMARKS.md, resolver section), so a drop means a regression on unseen addresses. Sources and
labelling rules: tests/regions/external/README.md.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from ipatlas.regions.accuracy import SPLITS, Case, load_cases, score

EXTERNAL = Path(__file__).parent / "external" / "addresses.csv"

# Measured on the held-out split (2026-12-03): 132/133 overall (133/133 since round 5 read 乌市); on
# the fresh split (120 addresses gathered after the resolver changes): 119/120 (120/120 since round 8:
# ``Jinan District, Tianjin``, a district misspelt by one letter).
HELDOUT_FLOOR = 1.0
FRESH_FLOOR = 1.0
# Round 2 (2026-12-03): fresh2 88/100 blind before the round-2 rules, 96/100 after; dev2 50/50;
# 100/100 after round 3 (Pixian, 山东,东营,东营, 上海庙镇 were among its known misses).
FRESH2_FLOOR = 1.0
# Round 3 (2026-12-03): fresh3 48/70 blind on main (dd59dbd), 67/70 after the round-3 rules; dev3
# 17/30 → 30/30; fresh2 96 → 100/100.
FRESH3_FLOOR = 1.0
# Round 4 (2026-12-04): fresh4 44/55 blind on main (4f2514d), 49/55 after the round-4 rules (learned
# from dev4 and the kinds round 3 left); dev4 20/25 → 25/25; fresh3 67 → 70/70.
FRESH4_FLOOR = 1.0  # 50/55 since round 7 (Suzhou Industrial Park read); 55/55 since round 8
DEV4_FLOOR = 1.0
# Round 5 (2026-12-04): fresh5 33/53 blind on main (6cf623c), 52/53 after the round-5 rules (learned from
# the 7 dev5 failures); dev5 21/28 → 28/28. The one fresh5 miss is undecidable from the text
# (东城区东纵大道…: a 东莞 shop, but 东城区 is only Beijing's).
FRESH5_FLOOR = 0.98
DEV5_FLOOR = 1.0
# Round 6 (2026-12-04): fresh6 43/54 blind on main (0f0991d), 47/54 after the round-6 rules (learned from
# the 3 dev6 failures: 州/洲 and homophone typos, 苍南县龙港镇 → 龙港市, English names after a zone word);
# dev6 27/30 → 30/30. Round 7 read fresh6's 7 misses (no longer blind): 54/54 after its rules.
FRESH6_FLOOR = 1.0
DEV6_FLOOR = 1.0
# Round 7 (2026-12-04): fresh7 56/65 blind on main (faf4677), 58/65 after the round-7 rules (learned from
# the 5 dev7 failures: a county after the old prefecture that held it, 安徽巢湖含山县 / 海东地区湟中县;
# English: ``…, China`` alone, a foreign capital, a country name before a road word); dev7 27/32 → 32/32
# (one dev7 label, 毕节地区毕节市, corrected to history.csv's successor 520500 after the blind run).
FRESH7_FLOOR = 0.98  # 58/65 after round 7; 62/65 since round 8 read its misses; 63/65 since round 9 (中国…);
# 64/65 since round 13 (余杭塘路 is a road)
DEV7_FLOOR = 1.0
# Round 8 (2026-12-04): fresh8 65/70 blind on main (d2ece5c), 65/70 after the round-8 rules (learned from
# the 2 dev8 failures: a code in capitals before the place names, ``IC/MDJ Mudanjiang``); dev8 28/30 →
# 30/30. Round 8 also read the misses of fresh4 and fresh7 (their rounds over): fresh4 50 → 55/55,
# fresh7 58 → 62/65. Round 9 read fresh8's 5 misses (its round over): 70/70.
FRESH8_FLOOR = 1.0
DEV8_FLOOR = 1.0
# Round 9 (2026-12-04): fresh9 30/37 blind on main (747a954), 32/37 with round 9's rules from round 8's
# open items (shared romanized city names, fresh8's misses, a lone 中国), 36/37 after the rules learned
# from the 5 dev9 failures (a zone's own name before its type, an old romanized district); dev9 11 → 16/16.
FRESH9_FLOOR = 0.97
DEV9_FLOOR = 1.0
# Round 10 (2026-12-04): fresh10 108/112 blind on main (c39ef68), 108/112 after the round-10 rules learned
# from the 4 dev10 failures (more country names, Malaysian states and Korean provinces, an English zone
# type as a segment of its own, a province contradicting its county and prefecture); dev10 51 → 55/55.
# Round 11 read fresh10's 4 misses; 3 fixed with general rules (111/112): the floor moves with them.
# 112/112 since round 15 (浙江省寧波市北倉區…: Traditional text read again in Simplified, then
# the one-character slip of round 14).
FRESH10_FLOOR = 1.0
DEV10_FLOOR = 1.0
# Round 11 (2026-12-04): fresh11 143/144 blind on main (13bcd4e), 144/144 after the rules learned from the
# 3 dev11 failures (a zone's host county in brackets after the zone, a zone named after two prefectures
# written with their first characters, a one-character county name padded with a space); dev11 68 → 71/71.
# (The one fresh11 miss, 环 县, was shown by the scoring command before the change; see the README.)
FRESH11_FLOOR = 1.0
DEV11_FLOOR = 1.0
# Round 12 (2026-12-04): fresh12 136/140 blind on main (47d18d9), 136/140 after the rules learned from the 2
# dev12 failures (a 兵团 division between a prefecture and its county, a zone's own name at the start of the
# text); dev12 67 → 69/69.
FRESH12_FLOOR = 0.99  # 139/140 since round 13 read its misses (zones later in the address, 吉林大路)
DEV12_FLOOR = 1.0
# Round 12, second batch (江苏, 河南; split fixed before any run): fresh12b 83/86 blind on main (47d18d9)
# and on the branch before its rule, 83/86 after the rule learned from the 2 dev12b failures (an old name
# made only of positional words, 新区 / 市区, at the start of the text); dev12b 40 → 42/42.
FRESH12B_FLOOR = 0.98  # 85/86 since round 13 read its misses (洛阳片区高新区, 北海办事处)
DEV12B_FLOOR = 1.0
# Round 12, third batch (author affiliations and campus addresses: university, city, postcode; split fixed
# before any run): fresh12c 16/16 and dev12c 7/7 blind on main (47d18d9) and on the branch.
FRESH12C_FLOOR = 1.0
# Round 13 (enterprise registrations of 陕西, 山西, 江西, 湖北; split fixed before any run, seed 20261213):
# fresh13 110/112 blind on main (c81e151), 112/112 after the round's rules (the two misses, generic old
# names after their prefecture, 大同市矿区 / 南昌市郊区, were read after the blind score); dev13 54 → 55/55.
FRESH13_FLOOR = 1.0
DEV13_FLOOR = 1.0
# Round 14 (宁夏 registrations, service-station addresses with 室 / 号 / 楼 tails and cities without their
# province, author affiliations; split fixed before any run, seed 20261214): fresh14 50/52 blind on main
# (aae7cf5), 52/52 after the round's rules (the two misses, 大柴旦行委 and 开来区 for 开平区, were read
# after the blind score); dev14 26/26 blind.
FRESH14_FLOOR = 1.0
DEV14_FLOOR = 1.0
# Round 15 (Traditional mainland addresses, 宁夏, zones, postcode forms; split fixed before any run, seed
# 20261215): fresh15 43/44 blind on main (91d8efc), 43/44 after the round's rules; dev15 20 → 21/21
# (湘潭高新技术产业开发区 for the NBS 高新技术产业园区). Second batch (Japanese kanji and Traditional,
# zones; seed 202612152): fresh15b 20/22 blind on main, 21/22 after; dev15b 7 → 10/10 (竜華区, 桐郷市,
# 鄭州市航空港經濟綜合實驗區). The two fresh misses left name a 新区 the division data does not tie to its
# district (苏州新区, 无锡新区).
# Since round 17 (苏州新区 → 虎丘区, 无锡新区 → 新吴区): fresh15 44/44, fresh15b 22/22.
FRESH15_FLOOR = 1.0
DEV15_FLOOR = 1.0
FRESH15B_FLOOR = 1.0
DEV15B_FLOOR = 1.0
# Round 16 (applicant addresses as patent registers print them — 申请人地址 of CN records 1998–2017, a
# front page's (73) 地址 with its postcode, HK and US applicants; split fixed before any run, seed
# 20261216): fresh16 5/5 and dev16 3/3 blind on main (1481f71).
FRESH16_FLOOR = 1.0
DEV16_FLOOR = 1.0
# Second batch (seed 202612162): fresh16b 2/2 and dev16b 1/1 blind on main. Third batch, old names in
# addresses (番禺市, 顺德市, 鄞县, 芳村区, 东山区, 汉沽区, 邢台 桥东区 / 桥西区), collected after the
# round's rules (seed 202612163): fresh16c 4/11 on main, 9/11 on the branch before the 东山区 row of the
# tables, 11/11 after; dev16c 4 → 5/5.
FRESH16B_FLOOR = 1.0
DEV16B_FLOOR = 1.0
FRESH16C_FLOOR = 1.0
DEV16C_FLOOR = 1.0
# Round 17 (zones whose territory became one district — 苏州新区 / 无锡新区 —, 吴县市, 锡山市; split fixed
# before any run, seed 20261217): fresh17 1/10 and dev17 2/5 blind on main (5aff18e), 10/10 and 5/5 after.
FRESH17_FLOOR = 1.0
DEV17_FLOOR = 1.0
# Round 18 (a county-level city's short name and a town written without 镇: 晋江池店, 南安水头; split fixed
# before any run): fresh18 3/6 and dev18 2/3 blind on main (8349528), 5/6 and 2/3 after (市场 as an
# address word; a town of the prefecture after the short name).
FRESH18_FLOOR = 5 / 6
DEV18_FLOOR = 2 / 3
# Per kind, for the kinds with enough held-out rows to mean something (measured: all 100 %).
KIND_FLOORS = {
    "full": 1.0,
    "no_province": 1.0,
    "english": 1.0,
    "township": 1.0,
    "city_only": 1.0,
    "same_name": 1.0,
    "old_name": 1.0,
}


@pytest.fixture(scope="module")
def cases() -> list[Case]:
    if not EXTERNAL.exists():
        pytest.fail(f"labelled address file missing: {EXTERNAL} (see tests/regions/external/README.md)")
    return load_cases(EXTERNAL)


def test_file_is_complete(cases: list[Case]) -> None:
    assert len(cases) >= 300
    assert sum(c.split == "heldout" for c in cases) >= 100
    assert len({c.id for c in cases}) == len(cases)
    assert all(c.source_url for c in cases)
    assert all(c.level in {"county", "city", "province", "country", "none"} for c in cases)
    assert {c.split for c in cases} == set(SPLITS)  # a new split must be added to the report too
    assert sum(c.split == "fresh2" for c in cases) >= 100
    assert sum(c.split == "fresh3" for c in cases) >= 70
    assert sum(c.split == "fresh4" for c in cases) >= 55
    assert sum(c.split == "fresh5" for c in cases) >= 53
    assert sum(c.split == "fresh6" for c in cases) >= 54
    assert sum(c.split == "fresh7" for c in cases) >= 65
    assert sum(c.split == "fresh8" for c in cases) >= 70
    assert sum(c.split == "fresh9" for c in cases) >= 37
    assert sum(c.split == "fresh10" for c in cases) >= 112
    assert sum(c.split == "fresh11" for c in cases) >= 144
    assert sum(c.split == "fresh12" for c in cases) >= 140
    assert sum(c.split == "fresh12b" for c in cases) >= 86
    assert sum(c.split == "fresh13" for c in cases) >= 112
    assert sum(c.split == "fresh14" for c in cases) >= 52
    assert sum(c.split == "fresh15" for c in cases) >= 44
    assert sum(c.split == "fresh15b" for c in cases) >= 22
    assert sum(c.split == "fresh16" for c in cases) >= 5
    assert sum(c.split == "fresh16c" for c in cases) >= 11
    assert sum(c.split == "fresh17" for c in cases) >= 10
    assert sum(c.split == "fresh18" for c in cases) >= 6


def test_heldout_accuracy(cases: list[Case]) -> None:
    s = score([c for c in cases if c.split == "heldout"])
    detail = "\n".join(f"  [{c.kind}] {c.address} → {got}" for c, got in s.failures)
    assert s.accuracy >= HELDOUT_FLOOR, f"held-out accuracy {s.accuracy:.1%} < {HELDOUT_FLOOR:.0%}:\n{detail}"
    for kind, floor in KIND_FLOORS.items():
        assert s.kind_accuracy(kind) >= floor, f"{kind}: {s.kind_accuracy(kind):.0%} < {floor:.0%}\n{detail}"


def test_fresh_accuracy(cases: list[Case]) -> None:
    s = score([c for c in cases if c.split == "fresh"])
    detail = "\n".join(f"  [{c.kind}] {c.address} → {got}" for c, got in s.failures)
    assert s.accuracy >= FRESH_FLOOR, f"fresh accuracy {s.accuracy:.1%} < {FRESH_FLOOR:.0%}:\n{detail}"


def test_fresh2_accuracy(cases: list[Case]) -> None:
    s = score([c for c in cases if c.split == "fresh2"])
    detail = "\n".join(f"  [{c.kind}] {c.address} → {got}" for c, got in s.failures)
    assert s.accuracy >= FRESH2_FLOOR, f"fresh2 accuracy {s.accuracy:.1%} < {FRESH2_FLOOR:.0%}:\n{detail}"


def test_fresh3_accuracy(cases: list[Case]) -> None:
    s = score([c for c in cases if c.split == "fresh3"])
    detail = "\n".join(f"  [{c.kind}] {c.address} → {got}" for c, got in s.failures)
    assert s.accuracy >= FRESH3_FLOOR, f"fresh3 accuracy {s.accuracy:.1%} < {FRESH3_FLOOR:.0%}:\n{detail}"


@pytest.mark.parametrize("split", ["dev", "dev2", "dev3"])
def test_dev_accuracy(cases: list[Case], split: str) -> None:
    s = score([c for c in cases if c.split == split])
    assert s.accuracy >= 1.0, "\n".join(f"  [{c.kind}] {c.address} → {got}" for c, got in s.failures)


@pytest.mark.parametrize(
    ("split", "floor"),
    [("fresh4", FRESH4_FLOOR), ("dev4", DEV4_FLOOR), ("fresh5", FRESH5_FLOOR), ("dev5", DEV5_FLOOR)],
)
def test_round4_accuracy(cases: list[Case], split: str, floor: float) -> None:
    s = score([c for c in cases if c.split == split])
    detail = "\n".join(f"  [{c.kind}] {c.address} → {got}" for c, got in s.failures)
    assert s.accuracy >= floor, f"{split} accuracy {s.accuracy:.1%} < {floor:.0%}:\n{detail}"


def test_round6_accuracy(cases: list[Case]) -> None:
    for split, floor in (
        ("fresh6", FRESH6_FLOOR),
        ("dev6", DEV6_FLOOR),
        ("fresh7", FRESH7_FLOOR),
        ("dev7", DEV7_FLOOR),
        ("fresh8", FRESH8_FLOOR),
        ("dev8", DEV8_FLOOR),
        ("fresh9", FRESH9_FLOOR),
        ("dev9", DEV9_FLOOR),
        ("fresh10", FRESH10_FLOOR),
        ("dev10", DEV10_FLOOR),
        ("fresh11", FRESH11_FLOOR),
        ("dev11", DEV11_FLOOR),
        ("fresh12", FRESH12_FLOOR),
        ("dev12", DEV12_FLOOR),
        ("fresh12b", FRESH12B_FLOOR),
        ("dev12b", DEV12B_FLOOR),
        ("fresh12c", FRESH12C_FLOOR),
        ("dev12c", FRESH12C_FLOOR),
        ("fresh13", FRESH13_FLOOR),
        ("dev13", DEV13_FLOOR),
        ("fresh14", FRESH14_FLOOR),
        ("dev14", DEV14_FLOOR),
        ("fresh15", FRESH15_FLOOR),
        ("dev15", DEV15_FLOOR),
        ("fresh15b", FRESH15B_FLOOR),
        ("dev15b", DEV15B_FLOOR),
        ("fresh16", FRESH16_FLOOR),
        ("dev16", DEV16_FLOOR),
        ("fresh16b", FRESH16B_FLOOR),
        ("dev16b", DEV16B_FLOOR),
        ("fresh16c", FRESH16C_FLOOR),
        ("dev16c", DEV16C_FLOOR),
        ("fresh17", FRESH17_FLOOR),
        ("dev17", DEV17_FLOOR),
        ("fresh18", FRESH18_FLOOR),
        ("dev18", DEV18_FLOOR),
    ):
        s = score([c for c in cases if c.split == split])
        detail = "\n".join(f"  [{c.kind}] {c.address} → {got}" for c, got in s.failures)
        assert s.accuracy >= floor, f"{split} accuracy {s.accuracy:.1%} < {floor:.0%}:\n{detail}"
