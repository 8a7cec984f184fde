"""Round 15 of the real-address work (tests/regions/external/README.md, round 15): constructed cases of the
kinds the dev15 / dev15b failures showed — mainland names in Japanese kanji (shinjitai: 竜華区, 桐郷市); zone
forms, the typo rules and the town and street rules in Traditional text (鄭州市經濟技術開發區, 杭州市西胡區,
黃石口鄉: keyed in Simplified only); a zone named after its prefecture with a type of its own written after
the prefecture's full name (郑州市航空港经济综合实验区); and the title 高新技术产业开发区 for a zone the NBS
lists as a 高新技术产业园区. Each case of ``CASES`` failed on main (91d8efc); the guards keep what main read
right."""

from __future__ import annotations

import pytest

from ipatlas.regions import get_resolver

CASES = [
    # Japanese kanji (main: the prefecture or province)
    ("広東省深圳市竜華区民治大道", ("440309", "county", "CN")),
    ("浙江省嘉興市桐郷市梧桐街道", ("330483", "county", "CN")),
    ("江蘇省蘇州市呉江区", ("320509", "county", "CN")),
    ("遼寧省瀋陽市鉄西区", ("210106", "county", "CN")),
    ("山東省済南市歴下区", ("370102", "county", "CN")),
    ("黒竜江省ハルビン市", ("230000", "province", "CN")),
    # Traditional text read again in Simplified where only a prefecture was read (main: the prefecture)
    ("鄭州市經濟技術開發區第九大街", ("410171", "county", "CN")),
    ("長春市淨月高新區", ("220172", "county", "CN")),
    ("杭州市西胡區", ("330106", "county", "CN")),
    ("浙江省寧波市北倉區", ("330206", "county", "CN")),
    ("唐山市開來區新華道", ("130205", "county", "CN")),
    # Traditional text read only to a prefecture or province that converts fully: the Simplified rules
    # decide (towns and buildings named after places; main: 黄石, 北京, 上海, 朝阳)
    ("黃石口鄉政府", (None, "none", None)),
    ("北京大廈六層（北京路地鐵站A口）", (None, "none", None)),
    ("上海廟鎮芒哈圖嘎查", (None, "none", None)),
    ("朝陽寺鎮人民政府", (None, "none", None)),
    # a zone named after its prefecture, with a type of its own (main: the prefecture)
    ("河南省郑州市航空港经济综合实验区", ("410173", "county", "CN")),
    ("德州市天衢新区", ("371471", "county", "CN")),
    ("邯郸市冀南新区", ("130473", "county", "CN")),
    ("兰州市新区", ("620171", "county", "CN")),
    # 高新技术产业开发区 for the NBS 高新技术产业园区 (main: 湘潭市)
    ("湘潭高新技术产业开发区", ("430371", "county", "CN")),
    ("湖南湘潭高新技术产业开发区", ("430371", "county", "CN")),
]

GUARDS = [
    # no zone of that form: the prefecture stays
    ("廣州市開發區", ("440100", "city", "CN")),
    ("成都市高新区", ("510100", "city", "CN")),
    ("株洲高新技术产业开发区", ("430200", "city", "CN")),
    ("深圳市新區", ("440300", "city", "CN")),
    # 新区 is the old name of 丰润区 after 唐山市 (round 12) and nothing alone
    ("唐山市新区", ("130208", "county", "CN")),
    ("新区", (None, "none", None)),
    # two 高新区 in 合肥: the reading main gave stays
    ("合肥市高新区", ("340176", "county", "CN")),
    # a character OpenCC does not convert (濬 of 浚县) keeps the Traditional reading; a county read stays
    ("濬縣工業園路468號", ("410621", "county", "CN")),
    ("廣州天河", ("440106", "county", "CN")),
    # Traditional and kanji text of Taiwan, Hong Kong and Japan stays theirs
    ("桃園鎮", (None, "country", "TW")),
    ("臺北市大安區", (None, "country", "TW")),
    ("香港灣仔告士打道151號", (None, "country", "HK")),
    ("東京都千代田区丸の内", (None, "country", "JP")),
    # a Japanese address without its country names no Chinese unit through the kanji keys (浜, 県)
    ("静岡県浜松市中区", (None, "none", None)),
]


@pytest.mark.parametrize(("address", "expected"), CASES)
def test_round15_kinds(address: str, expected: tuple[str | None, str, str | None]) -> None:
    r = get_resolver().resolve(address)
    assert (r.adcode, r.level, r.country) == expected, r


@pytest.mark.parametrize(("address", "expected"), GUARDS)
def test_round15_guards(address: str, expected: tuple[str | None, str, str | None]) -> None:
    r = get_resolver().resolve(address)
    assert (r.adcode, r.level, r.country) == expected, r
